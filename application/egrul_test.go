package application

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

// synthPerson returns a SYNTHETIC person with valid identifiers drawn from
// r.
func synthPerson(r *rand.Rand, surname, given, patronymic, position string) *EGRULPerson {
	return &EGRULPerson{Surname: surname, GivenName: given, Patronymic: patronymic,
		SNILS: ident.RandomSNILS(r).String(), INN: ident.RandomINN12(r).String(), Position: position}
}

// synthOrganisation returns a SYNTHETIC organisation drawn from r.
func synthOrganisation(r *rand.Rand, name string) EGRULOrganisation {
	return EGRULOrganisation{Name: name, INN: ident.RandomINN10(r).String(), OGRN: ident.RandomOGRN(r).String(),
		KPP: ident.RandomKPP(r).String()}
}

// synthRecord returns a SYNTHETIC active record whose single executive body
// is a person, or a managing organisation with a head.
func synthRecord(r *rand.Rand, managing bool) EGRULRecord {
	rec := EGRULRecord{Organisation: synthOrganisation(r, `ООО "СИНТЕТИЧЕСКАЯ КЛИНИКА"`), Status: EGRULActive}
	if managing {
		m := synthOrganisation(r, `АО "СИНТЕТИЧЕСКАЯ УК"`)
		rec.ManagingOrganisation = &EGRULManagingOrganisation{Name: m.Name, INN: m.INN, OGRN: m.OGRN,
			Head: synthPerson(r, "СИДОРОВ", "ПЁТР", "", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР")}
	} else {
		rec.Head = synthPerson(r, "ИВАНОВ", "ИВАН", "ИВАНОВИЧ", "ГЛАВНЫЙ ВРАЧ")
	}
	return rec
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestParseEGRULFile(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 1))
	head, managing := synthRecord(r, false), synthRecord(r, true)
	noStatus := synthRecord(r, false)
	noStatus.Status = EGRULStatusUnknown
	noStatus.Organisation.KPP = ""
	minimal := synthRecord(r, true)
	minimal.ManagingOrganisation.Head = nil
	minimal.Status = EGRULLiquidating
	snilsDigits := synthRecord(r, false)
	snilsDigits.Head.SNILS = strings.NewReplacer("-", "", " ", "").Replace(snilsDigits.Head.SNILS)
	snilsDigits.Head.INN = ""
	innOnly := synthRecord(r, false)
	innOnly.Head.SNILS, innOnly.Head.Patronymic, innOnly.Head.Position = "", "", ""
	innOnly.Status = EGRULLiquidated

	for _, tc := range []struct {
		name string
		data []byte
		want []EGRULRecord
	}{
		{"one record as an object", mustJSON(t, head), []EGRULRecord{head}},
		{"a list", mustJSON(t, []EGRULRecord{head, managing}), []EGRULRecord{head, managing}},
		{"a list of one", mustJSON(t, []EGRULRecord{managing}), []EGRULRecord{managing}},
		{"BOM and spaces", append([]byte("\xEF\xBB\xBF \n"), append(mustJSON(t, head), "\r\n"...)...), []EGRULRecord{head}},
		{"status absent is unknown, no KPP", mustJSON(t, noStatus), []EGRULRecord{noStatus}},
		{"managing organisation without its head", mustJSON(t, minimal), []EGRULRecord{minimal}},
		{"SNILS as 11 digits, no INN", mustJSON(t, snilsDigits), []EGRULRecord{snilsDigits}},
		{"INN only", mustJSON(t, innOnly), []EGRULRecord{innOnly}},
		{"explicit unknown status and nulls", []byte(strings.Replace(string(mustJSON(t, noStatus)), `"head":`,
			`"status":"unknown","managing_organisation":null,"head":`, 1)), []EGRULRecord{noStatus}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := ParseEGRULFile(tc.data)
			require.NoError(t, err)
			assert.Equal(t, tc.want, f.Records)
			// The file's records survive a round trip through JSON.
			again, err := ParseEGRULFile(mustJSON(t, f.Records))
			require.NoError(t, err)
			assert.Equal(t, f.Records, again.Records)
		})
	}
	assert.NotContains(t, string(mustJSON(t, noStatus)), "status", "an unknown status is omitted")
	assert.Contains(t, string(mustJSON(t, minimal)), `"status":"liquidating"`)
}

func TestParseEGRULFileErrors(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 2))
	base := synthRecord(r, false)
	other := synthRecord(r, true)
	edit := func(managing bool, f func(*EGRULRecord)) []byte {
		rec := synthRecord(r, managing)
		f(&rec)
		return mustJSON(t, rec)
	}
	list := func(recs ...EGRULRecord) []byte { return mustJSON(t, recs) }
	dupINN := other
	dupINN.Organisation.INN = base.Organisation.INN
	dupOGRN := other
	dupOGRN.Organisation.OGRN = base.Organisation.OGRN
	baseJSON := string(mustJSON(t, base))
	badINN := []byte(ident.RandomINN10(r).String())
	badINN[9] = '0' + (badINN[9]-'0'+1)%10
	badSNILS := []byte(ident.RandomSNILS(r).Digits())
	badSNILS[10] = '0' + (badSNILS[10]-'0'+1)%10

	type want struct {
		class  error
		cause  error // errors.Is target besides the class, optional
		record int
		field  string
		offset bool // an offset is reported
	}
	for _, tc := range []struct {
		name string
		data []byte
		want want
	}{
		{"empty", nil, want{class: ErrEGRULSyntax, record: -1}},
		{"spaces", []byte(" \n\t "), want{class: ErrEGRULSyntax, record: -1}},
		{"BOM only", []byte("\xEF\xBB\xBF"), want{class: ErrEGRULSyntax, record: -1}},
		{"too large", bytes.Repeat([]byte(" "), MaxEGRULFileSize+1), want{class: ErrEGRULTooLarge, record: -1}},
		{"too many records", []byte("[" + strings.Repeat("{},", MaxEGRULRecords) + "{}]"), want{class: ErrEGRULTooLarge, record: -1, offset: true}},
		{"invalid UTF-8", []byte(`{"organisation":{"name":"` + "\xff" + `"}}`), want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"malformed JSON", []byte(`{"organisation":`), want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"unterminated list", []byte(`[{}`), want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"missing comma", []byte(`{"a" "b"}`), want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"trailing data", append(mustJSON(t, base), "{}"...), want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"duplicate key", []byte(strings.Replace(baseJSON, `"status":"active"`, `"status":"liquidated","status":"active"`, 1)),
			want{class: ErrEGRULSyntax, record: -1, offset: true}},
		{"key in another case", []byte(strings.Replace(baseJSON, `"inn"`, `"INN"`, 1)), want{class: ErrEGRULFormat, record: -1, offset: true}},
		{"key with a Kelvin sign", []byte(strings.Replace(baseJSON, `"kpp"`, `"\u212apP"`, 1)), want{class: ErrEGRULFormat, record: -1, offset: true}},
		{"unknown field", []byte(strings.Replace(baseJSON, `"status"`, `"registered":"2020-01-01","status"`, 1)),
			want{class: ErrEGRULFormat, record: -1}},
		{"number as an identifier", []byte(strings.Replace(baseJSON, `"inn":"`+base.Organisation.INN+`"`, `"inn":`+base.Organisation.INN, 1)),
			want{class: ErrEGRULFormat, record: -1, field: "organisation.inn", offset: true}},
		{"unknown status", []byte(strings.Replace(baseJSON, `"status":"active"`, `"status":"Active"`, 1)), want{class: ErrEGRULFormat, record: -1}},
		{"numeric status", []byte(strings.Replace(baseJSON, `"status":"active"`, `"status":1`, 1)),
			want{class: ErrEGRULFormat, record: -1, field: "status", offset: true}},
		{"nested too deep", []byte(`[{"managing_organisation":{"head":{"surname":{}}}}]`), want{class: ErrEGRULFormat, record: -1, offset: true}},
		{"a list of strings", []byte(`["x"]`), want{class: ErrEGRULFormat, record: -1, offset: true}},
		{"empty list", []byte(`[]`), want{class: ErrEGRULFormat, record: -1}},
		{"null record", []byte(`[null]`), want{class: ErrEGRULInvalid, record: 0, field: "organisation.name"}},
		{"no organisation name", edit(false, func(r *EGRULRecord) { r.Organisation.Name = "" }),
			want{class: ErrEGRULInvalid, record: 0, field: "organisation.name"}},
		{"organisation name with a control character", edit(false, func(r *EGRULRecord) { r.Organisation.Name = "ООО\u0007" }),
			want{class: ErrEGRULInvalid, record: 0, field: "organisation.name"}},
		{"organisation name too long", edit(false, func(r *EGRULRecord) { r.Organisation.Name = strings.Repeat("Я", maxEGRULName+1) }),
			want{class: ErrEGRULInvalid, record: 0, field: "organisation.name"}},
		{"no organisation INN", edit(false, func(r *EGRULRecord) { r.Organisation.INN = "" }),
			want{class: ErrEGRULInvalid, cause: ident.ErrFormat, record: 0, field: "organisation.inn"}},
		{"organisation INN checksum", edit(false, func(r *EGRULRecord) { r.Organisation.INN = string(badINN) }),
			want{class: ErrEGRULInvalid, cause: ident.ErrChecksum, record: 0, field: "organisation.inn"}},
		{"personal INN for the organisation", edit(false, func(r *EGRULRecord) { r.Organisation.INN = ident.RandomINN12(r0()).String() }),
			want{class: ErrEGRULInvalid, cause: ident.ErrFormat, record: 0, field: "organisation.inn"}},
		{"INN with spaces", edit(false, func(r *EGRULRecord) { r.Organisation.INN = " " + r.Organisation.INN }),
			want{class: ErrEGRULInvalid, cause: ident.ErrFormat, record: 0, field: "organisation.inn"}},
		{"OGRN checksum", edit(false, func(r *EGRULRecord) {
			r.Organisation.OGRN = r.Organisation.OGRN[:12] + nextDigit(r.Organisation.OGRN[12])
		}),
			want{class: ErrEGRULInvalid, cause: ident.ErrChecksum, record: 0, field: "organisation.ogrn"}},
		{"KPP malformed", edit(false, func(r *EGRULRecord) { r.Organisation.KPP = "77360100" }),
			want{class: ErrEGRULInvalid, cause: ident.ErrFormat, record: 0, field: "organisation.kpp"}},
		{"both executives", edit(true, func(r *EGRULRecord) { r.Head = r.ManagingOrganisation.Head }),
			want{class: ErrEGRULInvalid, record: 0}},
		{"no executive", edit(false, func(r *EGRULRecord) { r.Head = nil }), want{class: ErrEGRULInvalid, record: 0}},
		{"person without SNILS and INN", edit(false, func(r *EGRULRecord) { r.Head.SNILS, r.Head.INN = "", "" }),
			want{class: ErrEGRULInvalid, record: 0, field: "head"}},
		{"person SNILS checksum", edit(false, func(r *EGRULRecord) { r.Head.SNILS = string(badSNILS) }),
			want{class: ErrEGRULInvalid, cause: ident.ErrChecksum, record: 0, field: "head.snils"}},
		{"person SNILS with a trailing space", edit(false, func(r *EGRULRecord) { r.Head.SNILS += " " }),
			want{class: ErrEGRULInvalid, record: 0, field: "head.snils"}},
		{"person INN of an organisation", edit(false, func(r *EGRULRecord) { r.Head.INN = ident.RandomINN10(r0()).String() }),
			want{class: ErrEGRULInvalid, cause: ident.ErrFormat, record: 0, field: "head.inn"}},
		{"no surname", edit(false, func(r *EGRULRecord) { r.Head.Surname = "" }), want{class: ErrEGRULInvalid, record: 0, field: "head.surname"}},
		{"no given name", edit(false, func(r *EGRULRecord) { r.Head.GivenName = "" }), want{class: ErrEGRULInvalid, record: 0, field: "head.given_name"}},
		{"patronymic with spaces", edit(false, func(r *EGRULRecord) { r.Head.Patronymic = " ИВАНОВИЧ" }),
			want{class: ErrEGRULInvalid, record: 0, field: "head.patronymic"}},
		{"managing organisation without name", edit(true, func(r *EGRULRecord) { r.ManagingOrganisation.Name = "" }),
			want{class: ErrEGRULInvalid, record: 0, field: "managing_organisation.name"}},
		{"managing organisation OGRN checksum", edit(true, func(r *EGRULRecord) {
			m := r.ManagingOrganisation
			m.OGRN = m.OGRN[:12] + nextDigit(m.OGRN[12])
		}), want{class: ErrEGRULInvalid, cause: ident.ErrChecksum, record: 0, field: "managing_organisation.ogrn"}},
		{"managing organisation is itself", edit(true, func(r *EGRULRecord) { r.ManagingOrganisation.INN = r.Organisation.INN }),
			want{class: ErrEGRULInvalid, record: 0, field: "managing_organisation"}},
		{"managing organisation's head without identifiers", edit(true, func(r *EGRULRecord) {
			r.ManagingOrganisation.Head.SNILS, r.ManagingOrganisation.Head.INN = "", ""
		}), want{class: ErrEGRULInvalid, record: 0, field: "managing_organisation.head"}},
		{"two records with one INN", list(base, dupINN), want{class: ErrEGRULInvalid, record: 1, field: "organisation.inn"}},
		{"two records with one OGRN", list(base, dupOGRN), want{class: ErrEGRULInvalid, record: 1, field: "organisation.ogrn"}},
		{"second record invalid", list(base, other, EGRULRecord{}), want{class: ErrEGRULInvalid, record: 2, field: "organisation.name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := ParseEGRULFile(tc.data)
			require.Error(t, err)
			assert.Nil(t, f.Records)
			var fe *EGRULFileError
			require.ErrorAs(t, err, &fe)
			for _, class := range []error{ErrEGRULTooLarge, ErrEGRULSyntax, ErrEGRULFormat, ErrEGRULInvalid} {
				assert.Equal(t, class == tc.want.class, errors.Is(err, class), "class %v: %v", class, err)
			}
			if tc.want.cause != nil {
				assert.ErrorIs(t, err, tc.want.cause)
			}
			assert.Equal(t, tc.want.record, fe.Record, "record: %v", err)
			assert.Equal(t, tc.want.field, fe.Field, "field: %v", err)
			assert.Equal(t, tc.want.offset, fe.Offset >= 0, "offset %d: %v", fe.Offset, err)
			assert.LessOrEqual(t, fe.Offset, int64(len(tc.data)))
			ru := check.MessageRU(err, "")
			assert.Regexp(t, regexp.MustCompile(`[А-Яа-яЁё]`), ru)
			if tc.want.record >= 0 {
				assert.True(t, strings.HasPrefix(ru, fmt.Sprintf("Запись %d: ", tc.want.record+1)), ru)
			}
			assert.NotEmpty(t, err.Error())
		})
	}
}

// r0 is a fixed source for identifiers of the wrong kind.
func r0() *rand.Rand { return rand.New(rand.NewPCG(0, 0)) }

// nextDigit returns the ASCII digit after d, cyclically.
func nextDigit(d byte) string { return string('0' + (d-'0'+1)%10) }

func TestEGRULFileRecord(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 3))
	a, b := synthRecord(r, false), synthRecord(r, true)
	f, err := ParseEGRULFile(mustJSON(t, []EGRULRecord{a, b}))
	require.NoError(t, err)
	var _ EGRUL = f

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		q    EGRULQuery
		want *EGRULRecord
		err  error
	}{
		{"by INN", context.Background(), EGRULQuery{INN: a.Organisation.INN}, &a, nil},
		{"by OGRN", context.Background(), EGRULQuery{OGRN: b.Organisation.OGRN}, &b, nil},
		{"by both", context.Background(), EGRULQuery{INN: b.Organisation.INN, OGRN: b.Organisation.OGRN}, &b, nil},
		{"with spaces", context.Background(), EGRULQuery{INN: " " + a.Organisation.INN + "\n"}, &a, nil},
		{"nil context", nil, EGRULQuery{INN: a.Organisation.INN}, &a, nil},
		{"INN found, OGRN unknown: the record, the check reports the difference", context.Background(),
			EGRULQuery{INN: a.Organisation.INN, OGRN: ident.RandomOGRN(r).String()}, &a, nil},
		{"OGRN found, INN unknown", context.Background(), EGRULQuery{INN: ident.RandomINN10(r).String(), OGRN: a.Organisation.OGRN}, &a, nil},
		{"not found", context.Background(), EGRULQuery{INN: ident.RandomINN10(r).String()}, nil, nil},
		{"the managing organisation has no record of its own", context.Background(), EGRULQuery{INN: b.ManagingOrganisation.INN}, nil, nil},
		{"INN and OGRN of different records", context.Background(), EGRULQuery{INN: a.Organisation.INN, OGRN: b.Organisation.OGRN}, nil, ErrEGRULQuery},
		{"empty query", context.Background(), EGRULQuery{INN: " "}, nil, ErrEGRULQuery},
		{"cancelled", cancelled, EGRULQuery{INN: a.Organisation.INN}, nil, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := f.Record(tc.ctx, tc.q)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	// The record returned is a copy.
	got, err := f.Record(context.Background(), EGRULQuery{INN: b.Organisation.INN})
	require.NoError(t, err)
	got.Organisation.Name = "x"
	got.ManagingOrganisation.Head.Surname = "x"
	assert.Equal(t, b, f.Records[1])
	got, err = f.Record(context.Background(), EGRULQuery{INN: a.Organisation.INN})
	require.NoError(t, err)
	got.Head.SNILS = "x"
	assert.Equal(t, a, f.Records[0])
}

func TestEGRULStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s        EGRULStatus
		code, ru string
	}{
		{EGRULStatusUnknown, "unknown", "статус неизвестен"},
		{EGRULActive, "active", "действующее"},
		{EGRULLiquidating, "liquidating", "в стадии ликвидации"},
		{EGRULLiquidated, "liquidated", "ликвидировано (деятельность прекращена)"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.code, tc.s.String())
			assert.Equal(t, tc.ru, tc.s.Russian())
			b, err := tc.s.MarshalText()
			require.NoError(t, err)
			var back EGRULStatus
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, tc.s, back)
		})
	}
	_, err := EGRULStatus(7).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "EGRULStatus(7)", EGRULStatus(7).String())
	var s EGRULStatus
	assert.Error(t, s.UnmarshalText([]byte("ACTIVE")))
	rec := synthRecord(rand.New(rand.NewPCG(14, 4)), false)
	rec.Status = EGRULStatus(-1)
	err = rec.Validate()
	assert.ErrorIs(t, err, ErrEGRULInvalid)
	_, err = json.Marshal(rec)
	assert.Error(t, err, "an invalid status is not written")
}

func TestEGRULRecordValidate(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 5))
	for _, managing := range []bool{false, true} {
		rec := synthRecord(r, managing)
		assert.NoError(t, rec.Validate())
	}
	rec := synthRecord(r, false)
	rec.Head.SNILS, rec.Head.INN = "", ""
	err := rec.Validate()
	var fe *EGRULFileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, -1, fe.Record)
	assert.Equal(t, "head", fe.Field)
	assert.NotContains(t, fe.MessageRU(), "Запись")
}

func TestManagedByRecord(t *testing.T) {
	t.Parallel()
	var none *ManagedBy
	assert.Nil(t, none.Record())
	r := rand.New(rand.NewPCG(14, 6))
	org, mgr := synthOrganisation(r, ""), synthOrganisation(r, "")
	m := &ManagedBy{OrganisationINN: " " + org.INN, OrganisationOGRN: org.OGRN, ManagingINN: mgr.INN + "\t", ManagingOGRN: ""}
	assert.Equal(t, &EGRULRecord{
		Organisation:         EGRULOrganisation{INN: org.INN, OGRN: org.OGRN},
		ManagingOrganisation: &EGRULManagingOrganisation{INN: mgr.INN},
	}, m.Record())
	assert.Equal(t, EGRULStatusUnknown, m.Record().Status)
}
