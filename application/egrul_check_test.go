package application

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

// egrulWorld is a SYNTHETIC set of organisations, people, certificates and
// powers of attorney for the ЕГРЮЛ checks: a clinic run by a managing
// organisation (the МЧД of mchdtest.Synthetic), a hospital with a natural
// person as its head, and the certificates of both heads.
type egrulWorld struct {
	key     *certificate.GOSTPrivateKey
	rnd     *rand.ChaCha8
	mu      sync.Mutex
	spec    mchdtest.Spec  // managing-organisation МЧД
	doc     *mchd.Document // parsed spec
	headDoc *mchd.Document // an МЧД of ShapeHead
	ipDoc   *mchd.Document // an МЧД of ShapeEntrepreneur
	managed EGRULRecord    // the clinic's record, as the МЧД says
	hosp    EGRULRecord    // the hospital's record (head: a person)

	mgrCert, headCert, ipCert, flCert *certificate.Certificate
}

var (
	egrulOnce  sync.Once
	egrulW     *egrulWorld
	egrulWErr  error
	egrulIssue = mchd.MustDate("2025-03-01")
)

func world(t testing.TB) *egrulWorld {
	t.Helper()
	egrulOnce.Do(func() { egrulW, egrulWErr = newEGRULWorld() })
	if egrulWErr != nil {
		t.Fatal(egrulWErr)
	}
	return egrulW
}

func newEGRULWorld() (*egrulWorld, error) {
	w := &egrulWorld{rnd: rand.NewChaCha8([32]byte{14})}
	var err error
	if w.key, err = certtest.GenerateKey("tc26-256-A", w.rnd); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(14, 10))
	w.spec = mchdtest.Synthetic(r, mchd.ShapeManagingOrganisation, egrulIssue, mchd.MustDate("2026-02-28"))
	if w.doc, err = buildMCHD(w.spec); err != nil {
		return nil, err
	}
	if w.headDoc, err = buildMCHD(mchdtest.Synthetic(r, mchd.ShapeHead, egrulIssue, mchd.MustDate("2026-02-28"))); err != nil {
		return nil, err
	}
	if w.ipDoc, err = buildMCHD(mchdtest.Synthetic(r, mchd.ShapeEntrepreneur, egrulIssue, mchd.MustDate("2026-02-28"))); err != nil {
		return nil, err
	}
	w.managed = recordOfSpec(w.spec)
	w.hosp = synthRecord(r, false)

	mh, mo := &w.spec.ManagingOrg.Persons[0], &w.spec.ManagingOrg.Org
	if w.mgrCert, err = w.cert(certtest.NameSpec{CommonName: mo.Name, Organization: mo.Name, INNLE: mo.INN, OGRN: mo.OGRN,
		Surname: mh.Details.Name.Last, GivenNames: mh.Details.Name.First, SNILS: digits(mh.SNILS), INN: mh.INN, Title: mh.Position}); err != nil {
		return nil, err
	}
	if w.headCert, err = w.cert(headName(&w.hosp, w.hosp.Head)); err != nil {
		return nil, err
	}
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	if w.ipCert, err = w.cert(certtest.NewTemplate(certtest.PresetEntrepreneur, r, from).Subject); err != nil {
		return nil, err
	}
	if w.flCert, err = w.cert(certtest.NewTemplate(certtest.PresetPerson, r, from).Subject); err != nil {
		return nil, err
	}
	return w, nil
}

func buildMCHD(spec mchdtest.Spec) (*mchd.Document, error) {
	data, err := mchdtest.Build(spec)
	if err != nil {
		return nil, err
	}
	return mchd.Parse(data, mchd.ParseOptions{})
}

// recordOfSpec is the ЕГРЮЛ record that agrees with a managing-organisation
// МЧД: the principal, the managing organisation and its first person.
func recordOfSpec(s mchdtest.Spec) EGRULRecord {
	p := s.ManagingOrg.Persons[0]
	return EGRULRecord{
		Organisation: EGRULOrganisation{Name: s.Organisation.Name, INN: s.Organisation.INN, OGRN: s.Organisation.OGRN, KPP: s.Organisation.KPP},
		Status:       EGRULActive,
		ManagingOrganisation: &EGRULManagingOrganisation{Name: s.ManagingOrg.Org.Name, INN: s.ManagingOrg.Org.INN, OGRN: s.ManagingOrg.Org.OGRN,
			Head: &EGRULPerson{Surname: p.Details.Name.Last, GivenName: p.Details.Name.First, Patronymic: p.Details.Name.Middle,
				SNILS: p.SNILS, INN: p.INN, Position: p.Position}},
	}
}

// headName is the subject of the ЮЛ certificate of person p heading the
// organisation of rec.
func headName(rec *EGRULRecord, p *EGRULPerson) certtest.NameSpec {
	o := &rec.Organisation
	return certtest.NameSpec{CommonName: o.Name, Organization: o.Name, INNLE: o.INN, OGRN: o.OGRN, Title: p.Position,
		Surname: p.Surname, GivenNames: strings.TrimSpace(p.GivenName + " " + p.Patronymic), SNILS: digits(p.SNILS), INN: p.INN}
}

func digits(s string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(s)
}

// cert issues a self-signed certificate with the subject n (the checks
// read only the subject).
func (w *egrulWorld) cert(n certtest.NameSpec) (*certificate.Certificate, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	tmpl := certtest.NewTemplate(certtest.PresetLegalEntityHead, rand.New(rand.NewPCG(1, 1)), time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC))
	tmpl.Subject = n
	return certtest.Create(tmpl, nil, w.key, w.key.Public(), w.rnd)
}

func (w *egrulWorld) mustCert(t testing.TB, n certtest.NameSpec) *certificate.Certificate {
	t.Helper()
	c, err := w.cert(n)
	require.NoError(t, err)
	return c
}

// cloneRecord returns a deep copy of r for a case to edit.
func cloneRecord(r EGRULRecord) *EGRULRecord { return r.clone() }

// wantResult is the expected result of one ЕГРЮЛ check.
type wantResult struct {
	status  check.Status
	outcome string   // "" for the default pass or violation
	has     []string // substrings of the Russian message
}

// assertResult checks res against want and against the package's registry.
func assertResult(t *testing.T, id string, want wantResult, res check.Result) {
	t.Helper()
	assert.Equal(t, id, res.ID)
	assert.Equal(t, want.status, res.Status, "%s: %s (%s)", res.Outcome, res.Message, res.Detail)
	assert.Equal(t, want.outcome, res.Outcome, "%s (%s)", res.Message, res.Detail)
	assert.Empty(t, registry.Unknown(check.Results{res}))
	assert.NotContains(t, res.Message, "%!", "template and arguments disagree")
	for _, s := range want.has {
		assert.Contains(t, res.Message, s)
	}
	if res.Status == check.Indeterminate {
		assert.Equal(t, check.WaiveEGRUL, res.Waiver)
		assert.NotEmpty(t, res.SubIndication)
	}
}

// egrulCase is one case of a check table.
type egrulCase struct {
	name string
	run  func(t *testing.T, w *egrulWorld) check.Result
	want wantResult
}

func managedCases() []egrulCase {
	run := func(edit func(w *egrulWorld, r *EGRULRecord), cert func(w *egrulWorld) *certificate.Certificate) func(*testing.T, *egrulWorld) check.Result {
		return func(t *testing.T, w *egrulWorld) check.Result {
			rec := cloneRecord(w.managed)
			if edit != nil {
				edit(w, rec)
			}
			var c *certificate.Certificate
			if cert != nil {
				c = cert(w)
			}
			return checkEGRULManaged(rec, w.doc, c)
		}
	}
	mgrCert := func(w *egrulWorld) *certificate.Certificate { return w.mgrCert }
	// withCert issues a certificate of the managing organisation whose
	// subject is edited by f.
	withCert := func(f func(n *certtest.NameSpec)) func(t *testing.T, w *egrulWorld) check.Result {
		return func(t *testing.T, w *egrulWorld) check.Result {
			n := headName(&EGRULRecord{Organisation: EGRULOrganisation{Name: w.managed.ManagingOrganisation.Name,
				INN: w.managed.ManagingOrganisation.INN, OGRN: w.managed.ManagingOrganisation.OGRN}}, w.managed.ManagingOrganisation.Head)
			f(&n)
			return checkEGRULManaged(cloneRecord(w.managed), w.doc, w.mustCert(t, n))
		}
	}
	r := rand.New(rand.NewPCG(14, 20))
	otherSNILS, otherINN, otherOGRN := ident.RandomSNILS(r), ident.RandomINN10(r).String(), ident.RandomOGRN(r).String()
	return []egrulCase{
		{"no record", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULManaged(nil, w.doc, w.mgrCert) },
			wantResult{check.Indeterminate, "no-record", []string{"не проверено", `"ТЕСТОВАЯ КЛИНИКА"`}}},
		{"no МЧД", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULManaged(&w.managed, nil, w.mgrCert) },
			wantResult{status: check.Skip}},
		{"МЧД of a head, not of a managing organisation", func(t *testing.T, w *egrulWorld) check.Result {
			return checkEGRULManaged(&w.managed, w.headDoc, w.mgrCert)
		}, wantResult{status: check.Skip}},
		{"МЧД of an entrepreneur", func(t *testing.T, w *egrulWorld) check.Result {
			return checkEGRULManaged(&w.managed, w.ipDoc, w.mgrCert)
		},
			wantResult{status: check.Skip}},
		{"record agrees, its head owns the certificate", run(nil, mgrCert),
			wantResult{check.Pass, "head-confirmed", []string{"СИДОРОВ ПЁТР, ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"}}},
		{"record without the managing organisation's head", run(func(_ *egrulWorld, r *EGRULRecord) { r.ManagingOrganisation.Head = nil }, mgrCert),
			wantResult{check.Pass, "", []string{"без доверенности"}}},
		{"no readable certificate", run(nil, nil), wantResult{status: check.Pass}},
		{"other organisation ИНН", run(func(_ *egrulWorld, r *EGRULRecord) { r.Organisation.INN = otherINN }, mgrCert),
			wantResult{check.Fail, "", []string{"ИНН ЮЛ организации", otherINN}}},
		{"other managing organisation ОГРН", run(func(_ *egrulWorld, r *EGRULRecord) { r.ManagingOrganisation.OGRN = otherOGRN }, mgrCert),
			wantResult{check.Fail, "", []string{"ОГРН управляющей организации", otherOGRN}}},
		{"a natural person is the single executive body", run(func(w *egrulWorld, r *EGRULRecord) {
			r.ManagingOrganisation, r.Head = nil, w.hosp.Head
		}, mgrCert), wantResult{check.Fail, "person-executive", []string{"ИВАНОВ ИВАН ИВАНОВИЧ"}}},
		{"record without the organisation's identifiers", run(func(_ *egrulWorld, r *EGRULRecord) {
			r.Organisation.INN, r.Organisation.OGRN = "", ""
		}, mgrCert), wantResult{status: check.Fail, outcome: "insufficient"}},
		{"the certificate's owner is someone else (СНИЛС)", withCert(func(n *certtest.NameSpec) { n.SNILS = otherSNILS.Digits() }),
			wantResult{check.Fail, "head-differs", []string{"СНИЛС в сертификате " + otherSNILS.Digits()}}},
		{"a namesake without identifiers", withCert(func(n *certtest.NameSpec) { n.SNILS, n.INN, n.Surname = "", "", "ПЕТРОВ" }),
			wantResult{check.Fail, "head-differs", []string{"ФИО в сертификате ПЕТРОВ ПЁТР"}}},
		{"same СНИЛС, other surname", withCert(func(n *certtest.NameSpec) { n.Surname = "Сидорова" }),
			wantResult{check.Warn, "head-name-differs", []string{"в сертификате Сидорова ПЁТР, в ЕГРЮЛ СИДОРОВ ПЁТР"}}},
		{"Ё and case do not matter", withCert(func(n *certtest.NameSpec) { n.Surname, n.GivenNames = "сидоров", "Петр" }),
			wantResult{status: check.Pass, outcome: "head-confirmed"}},
		{"the name only", withCert(func(n *certtest.NameSpec) { n.SNILS, n.INN = "", "" }),
			wantResult{check.Warn, "head-name-only", []string{"СНИЛС нет в сертификате"}}},
		{"the certificate names no person", withCert(func(n *certtest.NameSpec) { *n = certtest.NameSpec{INNLE: n.INNLE, OGRN: n.OGRN} }),
			wantResult{status: check.Pass}},
		{"the МЧД names another head of the managing organisation", func(t *testing.T, w *egrulWorld) check.Result {
			// ЕГРЮЛ and the certificate name a new head; the МЧД the one
			// who signed it.
			rec := cloneRecord(w.managed)
			rec.ManagingOrganisation.Head = &EGRULPerson{Surname: "НОВИКОВ", GivenName: "НИКОЛАЙ", SNILS: otherSNILS.String(),
				Position: "УПРАВЛЯЮЩИЙ"}
			n := headName(&EGRULRecord{Organisation: EGRULOrganisation{INN: rec.ManagingOrganisation.INN, OGRN: rec.ManagingOrganisation.OGRN}},
				rec.ManagingOrganisation.Head)
			return checkEGRULManaged(rec, w.doc, w.mustCert(t, n))
		}, wantResult{check.Warn, "mchd-head-differs", []string{"НОВИКОВ НИКОЛАЙ, УПРАВЛЯЮЩИЙ", "СИДОРОВ ПЁТР", "СНИЛС в доверенности"}}},
	}
}

func TestCheckEGRULManaged(t *testing.T) {
	t.Parallel()
	w := world(t)
	for _, tc := range managedCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertResult(t, "APP-EGRUL-MANAGED", tc.want, tc.run(t, w))
		})
	}
}

// TestManagedByChecked: the short ManagedBy form of the record is checked
// by checkEGRULManaged like a full record.
func TestManagedByChecked(t *testing.T) {
	t.Parallel()
	w := world(t)
	o, m := w.spec.Organisation, w.spec.ManagingOrg.Org
	other := ident.RandomINN10(rand.New(rand.NewPCG(14, 21))).String()
	for _, tc := range []struct {
		name    string
		mb      *ManagedBy
		status  check.Status
		outcome string
	}{
		{"none", nil, check.Indeterminate, "no-record"},
		{"agrees", &ManagedBy{OrganisationINN: o.INN, OrganisationOGRN: o.OGRN, ManagingINN: m.INN, ManagingOGRN: m.OGRN}, check.Pass, ""},
		{"ОГРН only", &ManagedBy{OrganisationOGRN: o.OGRN, ManagingOGRN: m.OGRN}, check.Pass, ""},
		{"other managing organisation", &ManagedBy{OrganisationINN: o.INN, ManagingINN: other}, check.Fail, ""},
		{"managing organisation only", &ManagedBy{ManagingINN: m.INN, ManagingOGRN: m.OGRN}, check.Fail, "insufficient"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := checkEGRULManaged(tc.mb.Record(), w.doc, w.mgrCert)
			assert.Equal(t, tc.status, got.Status, got.String())
			assert.Equal(t, tc.outcome, got.Outcome)
			if tc.mb != nil {
				assert.Equal(t, check.Indeterminate, checkEGRULStatus(tc.mb.Record()).Status, "status not given")
				mb := *tc.mb
				mb.Status = EGRULActive
				assert.Equal(t, check.Pass, checkEGRULStatus(mb.Record()).Status)
			}
		})
	}
}

func headCases() []egrulCase {
	r := rand.New(rand.NewPCG(14, 30))
	otherSNILS, otherINN := ident.RandomSNILS(r), ident.RandomINN10(r).String()
	// run checks the hospital's record edited by edit against the
	// certificate of its head with the subject edited by cert.
	run := func(edit func(w *egrulWorld, r *EGRULRecord), cert func(n *certtest.NameSpec)) func(*testing.T, *egrulWorld) check.Result {
		return func(t *testing.T, w *egrulWorld) check.Result {
			rec := cloneRecord(w.hosp)
			c := w.headCert
			if cert != nil {
				n := headName(&w.hosp, w.hosp.Head)
				cert(&n)
				c = w.mustCert(t, n)
			}
			if edit != nil {
				edit(w, rec)
			}
			return checkEGRULHead(rec, c, nil)
		}
	}
	return []egrulCase{
		{"no record", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULHead(nil, w.headCert, nil) }, wantResult{status: check.Skip}},
		{"no certificate", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULHead(&w.hosp, nil, nil) }, wantResult{status: check.Skip}},
		{"entrepreneur", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULHead(&w.hosp, w.ipCert, nil) }, wantResult{status: check.Skip}},
		{"natural person's certificate", func(t *testing.T, w *egrulWorld) check.Result { return checkEGRULHead(&w.hosp, w.flCert, nil) },
			wantResult{status: check.Skip}},
		{"the head", run(nil, nil), wantResult{check.Pass, "", []string{"ИВАНОВ ИВАН ИВАНОВИЧ, ГЛАВНЫЙ ВРАЧ"}}},
		{"the head, ИНН only in ЕГРЮЛ", run(func(_ *egrulWorld, r *EGRULRecord) { r.Head.SNILS = "" }, nil), wantResult{status: check.Pass}},
		{"record of another organisation", run(func(_ *egrulWorld, r *EGRULRecord) { r.Organisation.INN = otherINN }, nil),
			wantResult{check.Fail, "other-organisation", []string{"ИНН ЮЛ в ЕГРЮЛ " + otherINN}}},
		{"record without identifiers", run(func(_ *egrulWorld, r *EGRULRecord) { r.Organisation.INN, r.Organisation.OGRN = "", "" }, nil),
			wantResult{status: check.Fail, outcome: "not-comparable"}},
		{"run by a managing organisation", run(func(w *egrulWorld, r *EGRULRecord) {
			r.Head, r.ManagingOrganisation = nil, w.managed.ManagingOrganisation
		}, nil), wantResult{check.Fail, "managing", []string{`«АО "ТЕСТОВАЯ УПРАВЛЯЮЩАЯ КОМПАНИЯ" (СИНТЕТИКА)» (ИНН`, VariantManaging.Russian()}}},
		{"no single executive body in the record", run(func(_ *egrulWorld, r *EGRULRecord) { r.Head = nil }, nil),
			wantResult{check.Indeterminate, "no-executive", []string{`«ООО "СИНТЕТИЧЕСКАЯ КЛИНИКА"»`}}},
		{"another person (СНИЛС)", run(nil, func(n *certtest.NameSpec) { n.SNILS = otherSNILS.Digits() }),
			wantResult{check.Fail, "", []string{"ИВАНОВ ИВАН ИВАНОВИЧ", "СНИЛС в сертификате " + otherSNILS.Digits()}}},
		{"another person, no identifiers to compare", run(nil, func(n *certtest.NameSpec) { n.SNILS, n.INN, n.Surname = "", "", "ПЕТРОВ" }),
			wantResult{check.Fail, "", []string{"ФИО в сертификате ПЕТРОВ"}}},
		{"same СНИЛС, new surname", run(nil, func(n *certtest.NameSpec) { n.Surname = "ИВАНОВА" }),
			wantResult{check.Warn, "name-differs", []string{"СНИЛС, ИНН", "в сертификате ИВАНОВА ИВАН ИВАНОВИЧ, в ЕГРЮЛ ИВАНОВ ИВАН ИВАНОВИЧ"}}},
		{"the name only", run(nil, func(n *certtest.NameSpec) { n.SNILS, n.INN = "", "" }),
			wantResult{check.Warn, "name-only", []string{"СНИЛС нет в сертификате; ИНН нет в сертификате"}}},
		{"no person in the certificate", run(nil, func(n *certtest.NameSpec) { *n = certtest.NameSpec{INNLE: n.INNLE, OGRN: n.OGRN} }),
			wantResult{status: check.Warn, outcome: "person-not-comparable"}},
	}
}

func TestCheckEGRULHead(t *testing.T) {
	t.Parallel()
	w := world(t)
	for _, tc := range headCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertResult(t, "APP-EGRUL-HEAD", tc.want, tc.run(t, w))
		})
	}
}

func statusCases() []egrulCase {
	with := func(s EGRULStatus) func(*testing.T, *egrulWorld) check.Result {
		return func(t *testing.T, w *egrulWorld) check.Result {
			rec := cloneRecord(w.hosp)
			rec.Status = s
			return checkEGRULStatus(rec)
		}
	}
	name := `«ООО "СИНТЕТИЧЕСКАЯ КЛИНИКА"» (ИНН `
	return []egrulCase{
		{"no record", func(*testing.T, *egrulWorld) check.Result { return checkEGRULStatus(nil) }, wantResult{status: check.Skip}},
		{"active", with(EGRULActive), wantResult{check.Pass, "", []string{name, "действующая"}}},
		{"liquidating", with(EGRULLiquidating), wantResult{check.Warn, "liquidating", []string{name, "ликвидатор"}}},
		{"liquidated", with(EGRULLiquidated), wantResult{check.Fail, "", []string{name, "ликвидирована"}}},
		{"unknown", with(EGRULStatusUnknown), wantResult{check.Indeterminate, "unknown", []string{name}}},
		{"unknown, no name (ManagedBy)", func(t *testing.T, w *egrulWorld) check.Result {
			return checkEGRULStatus((&ManagedBy{OrganisationOGRN: w.hosp.Organisation.OGRN}).Record())
		}, wantResult{check.Indeterminate, "unknown", []string{"Статус организации с ОГРН ", "не проверено"}}},
	}
}

func TestCheckEGRULStatus(t *testing.T) {
	t.Parallel()
	w := world(t)
	for _, tc := range statusCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertResult(t, "APP-EGRUL-STATUS", tc.want, tc.run(t, w))
		})
	}
}

func TestEGRULQuery(t *testing.T) {
	t.Parallel()
	w := world(t)
	p := w.spec.Organisation
	h := w.hosp.Organisation
	for _, tc := range []struct {
		name string
		v    Variant
		doc  *mchd.Document
		cert *certificate.Certificate
		want EGRULQuery
		ok   bool
	}{
		{"head: the certificate's organisation", VariantHead, w.doc, w.headCert, EGRULQuery{INN: h.INN, OGRN: h.OGRN}, true},
		{"head: no certificate", VariantHead, nil, nil, EGRULQuery{}, false},
		{"head: entrepreneur (ЕГРИП)", VariantHead, nil, w.ipCert, EGRULQuery{}, false},
		{"managing: the principal", VariantManaging, w.doc, w.mgrCert, EGRULQuery{INN: p.INN, OGRN: p.OGRN}, true},
		{"representative: the principal", VariantRepresentative, w.headDoc, w.flCert,
			EGRULQuery{INN: w.headDoc.Principal().RussianOrg.Org.INN, OGRN: w.headDoc.Principal().RussianOrg.Org.OGRN}, true},
		{"representative: an entrepreneur principal", VariantRepresentative, w.ipDoc, w.flCert, EGRULQuery{}, false},
		{"managing: no МЧД", VariantManaging, nil, w.mgrCert, EGRULQuery{}, false},
		{"no variant", 0, w.doc, w.headCert, EGRULQuery{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q, ok := egrulQuery(tc.v, tc.doc, tc.cert)
			assert.Equal(t, tc.ok, ok)
			if tc.ok {
				assert.Equal(t, tc.want, q)
			}
		})
	}
}

func TestEGRULResults(t *testing.T) {
	t.Parallel()
	w := world(t)
	down := errors.New("ЕГРЮЛ service unavailable")
	type res struct {
		id      string
		status  check.Status
		outcome string
	}
	for _, tc := range []struct {
		name string
		v    Variant
		rec  *EGRULRecord
		err  error
		doc  *mchd.Document
		cert *certificate.Certificate
		want []res
	}{
		{"head", VariantHead, &w.hosp, nil, nil, w.headCert,
			[]res{{"APP-EGRUL-HEAD", check.Pass, ""}, {"APP-EGRUL-STATUS", check.Pass, ""}}},
		{"head without a record", VariantHead, nil, nil, nil, w.headCert,
			[]res{{"APP-EGRUL-HEAD", check.Skip, ""}, {"APP-EGRUL-STATUS", check.Skip, ""}}},
		{"head, source down", VariantHead, nil, down, nil, w.headCert,
			[]res{{"APP-EGRUL-HEAD", check.Indeterminate, "unavailable"}, {"APP-EGRUL-STATUS", check.Skip, ""}}},
		{"managing", VariantManaging, &w.managed, nil, w.doc, w.mgrCert,
			[]res{{"APP-EGRUL-MANAGED", check.Pass, "head-confirmed"}, {"APP-EGRUL-STATUS", check.Pass, ""}}},
		{"managing without a record", VariantManaging, nil, nil, w.doc, w.mgrCert,
			[]res{{"APP-EGRUL-MANAGED", check.Indeterminate, "no-record"}, {"APP-EGRUL-STATUS", check.Skip, ""}}},
		{"managing, source down", VariantManaging, nil, down, w.doc, w.mgrCert,
			[]res{{"APP-EGRUL-MANAGED", check.Indeterminate, "unavailable"}, {"APP-EGRUL-STATUS", check.Skip, ""}}},
		{"managing, source down, no МЧД", VariantManaging, nil, down, nil, w.mgrCert,
			[]res{{"APP-EGRUL-MANAGED", check.Skip, ""}, {"APP-EGRUL-STATUS", check.Skip, ""}}},
		{"managing via ManagedBy", VariantManaging, (&ManagedBy{OrganisationINN: w.managed.Organisation.INN,
			ManagingINN: w.managed.ManagingOrganisation.INN}).Record(), nil, w.doc, w.mgrCert,
			[]res{{"APP-EGRUL-MANAGED", check.Pass, ""}, {"APP-EGRUL-STATUS", check.Indeterminate, "unknown"}}},
		{"representative", VariantRepresentative, &w.hosp, nil, w.headDoc, w.flCert, []res{{"APP-EGRUL-STATUS", check.Pass, ""}}},
		{"representative, source down", VariantRepresentative, nil, down, w.headDoc, w.flCert,
			[]res{{"APP-EGRUL-STATUS", check.Indeterminate, "unavailable"}}},
		{"no variant", 0, &w.hosp, nil, nil, w.headCert, nil},
		{"no variant, source down", 0, nil, down, nil, w.headCert, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rs := egrulResults(tc.v, tc.rec, tc.err, tc.doc, tc.cert, nil)
			var got []res
			for _, r := range rs {
				got = append(got, res{r.ID, r.Status, r.Outcome})
				assert.NotContains(t, r.Message, "%!")
				if tc.err != nil && r.Status != check.Skip {
					assert.Contains(t, r.Detail, down.Error())
				}
			}
			assert.Equal(t, tc.want, got)
			assert.Empty(t, registry.Unknown(rs))
		})
	}
}

// TestEGRULOutcomesCovered: every outcome the ЕГРЮЛ rules declare is
// expected by a case of the tables above (each case asserts its outcome),
// and so is the default pass and violation of each rule.
func TestEGRULOutcomesCovered(t *testing.T) {
	t.Parallel()
	expected := map[string]bool{}
	for id, cases := range map[string][]egrulCase{"APP-EGRUL-MANAGED": managedCases(), "APP-EGRUL-HEAD": headCases(), "APP-EGRUL-STATUS": statusCases()} {
		for _, c := range cases {
			expected[fmt.Sprintf("%s/%s/%s", id, c.want.status, c.want.outcome)] = true
		}
	}
	// Outcomes decided outside the tables: "unavailable" (TestEGRULResults)
	// and the head's "no-record" (TestCheckEGRUL).
	for _, id := range []string{"APP-EGRUL-MANAGED", "APP-EGRUL-HEAD", "APP-EGRUL-STATUS"} {
		expected[id+"/indeterminate/unavailable"] = true
	}
	expected["APP-EGRUL-HEAD/indeterminate/no-record"] = true
	for _, rule := range []check.Rule{ruleEGRULManaged, ruleEGRULHead, ruleEGRULStatus} {
		for _, want := range []string{rule.ID + "/pass/", rule.ID + "/" + string(rule.Severity) + "/", rule.ID + "/skip/"} {
			assert.True(t, expected[want], "no case for %s", want)
		}
		for _, o := range rule.Outcomes {
			assert.True(t, expected[fmt.Sprintf("%s/%s/%s", rule.ID, o.Status, o.Code)], "no case for %s outcome %s", rule.ID, o.Code)
		}
	}
}
