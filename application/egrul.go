package application

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/internal/ident"
)

// EGRULStatus is the status of a legal entity in ЕГРЮЛ, reduced to what the
// registration needs. The zero value is EGRULStatusUnknown. In JSON it is
// the string "active", "liquidating", "liquidated" or "unknown".
type EGRULStatus int

// The statuses.
const (
	// EGRULStatusUnknown: the status was not given.
	EGRULStatusUnknown EGRULStatus = iota
	// EGRULActive: the organisation is active (действующее).
	EGRULActive
	// EGRULLiquidating: ЕГРЮЛ records that the organisation is being
	// liquidated (находится в стадии ликвидации); it still exists and the
	// liquidator acts for it.
	EGRULLiquidating
	// EGRULLiquidated: the organisation has ceased to exist (ликвидировано,
	// деятельность прекращена — by liquidation, exclusion from ЕГРЮЛ or
	// reorganisation), as the record of its termination in ЕГРЮЛ says.
	EGRULLiquidated
)

// String returns the JSON code: "unknown", "active", "liquidating",
// "liquidated", or "EGRULStatus(n)" for an invalid value.
func (s EGRULStatus) String() string {
	switch s {
	case EGRULStatusUnknown:
		return "unknown"
	case EGRULActive:
		return "active"
	case EGRULLiquidating:
		return "liquidating"
	case EGRULLiquidated:
		return "liquidated"
	}
	return "EGRULStatus(" + strconv.Itoa(int(s)) + ")"
}

// Russian returns the status as people read it.
func (s EGRULStatus) Russian() string {
	switch s {
	case EGRULActive:
		return "действующее"
	case EGRULLiquidating:
		return "в стадии ликвидации"
	case EGRULLiquidated:
		return "ликвидировано (деятельность прекращена)"
	}
	return "статус неизвестен"
}

// MarshalText encodes the status as its code; an invalid value is an error.
func (s EGRULStatus) MarshalText() ([]byte, error) {
	if s < EGRULStatusUnknown || s > EGRULLiquidated {
		return nil, fmt.Errorf("application: invalid ЕГРЮЛ status %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a status code, exactly as written.
func (s *EGRULStatus) UnmarshalText(b []byte) error {
	for v := EGRULStatusUnknown; v <= EGRULLiquidated; v++ {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("application: unknown ЕГРЮЛ status %q (want active, liquidating, liquidated or unknown)", b)
}

// EGRULOrganisation is a legal entity as ЕГРЮЛ names it.
type EGRULOrganisation struct {
	// Name is the full name (ЮЛ полное наименование).
	Name string `json:"name"`
	// INN is the 10-digit ИНН of the legal entity.
	INN string `json:"inn"`
	// OGRN is the 13-digit ОГРН.
	OGRN string `json:"ogrn"`
	// KPP is the КПП (optional).
	KPP string `json:"kpp,omitempty"`
}

// EGRULPerson is a natural person ЕГРЮЛ names as acting for an
// organisation without a power of attorney. At least one of SNILS and INN
// is required.
type EGRULPerson struct {
	// Surname, GivenName and Patronymic (optional) of the person.
	Surname    string `json:"surname"`
	GivenName  string `json:"given_name"`
	Patronymic string `json:"patronymic,omitempty"`
	// SNILS as "DDD-DDD-DDD DD", "DDD-DDD-DDD-DD" or 11 digits.
	SNILS string `json:"snils,omitempty"`
	// INN is the 12-digit personal ИНН.
	INN string `json:"inn,omitempty"`
	// Position as ЕГРЮЛ records it (optional): «ГЕНЕРАЛЬНЫЙ ДИРЕКТОР».
	Position string `json:"position,omitempty"`
}

// EGRULManagingOrganisation is a managing organisation (управляющая
// организация) to which the powers of an organisation's single executive
// body were transferred, with the person who heads it (optional: ЕГРЮЛ
// records the head in the managing organisation's own record).
type EGRULManagingOrganisation struct {
	// Name, INN (10 digits) and OGRN (13 digits) of the managing
	// organisation.
	Name string `json:"name"`
	INN  string `json:"inn"`
	OGRN string `json:"ogrn"`
	// Head acts for the managing organisation without a power of attorney.
	Head *EGRULPerson `json:"head,omitempty"`
}

// EGRULRecord is what ЕГРЮЛ says about one organisation: its
// identification, its status and its single executive body (ЕИО) — a
// natural person (Head) or a managing organisation
// (ManagingOrganisation), exactly one of them. Its JSON form is the record
// of an ЕГРЮЛ file (see ParseEGRULFile).
type EGRULRecord struct {
	// Organisation is the legal entity the record is about.
	Organisation EGRULOrganisation `json:"organisation"`
	// Status is the organisation's status; absent in JSON means unknown.
	Status EGRULStatus `json:"status,omitzero"`
	// Head is the natural person who is the single executive body.
	Head *EGRULPerson `json:"head,omitempty"`
	// ManagingOrganisation is the managing organisation that is the single
	// executive body.
	ManagingOrganisation *EGRULManagingOrganisation `json:"managing_organisation,omitempty"`
}

// EGRULQuery asks for the record of one organisation by its ИНН, its ОГРН or
// both.
type EGRULQuery struct {
	// INN is the 10-digit ИНН of the organisation.
	INN string
	// OGRN is its 13-digit ОГРН.
	OGRN string
}

// EGRUL provides ЕГРЮЛ records. Record returns (nil, nil) when there is no
// record for the query, and an error when the source could not answer or
// the query is invalid. The library never queries ЕГРЮЛ itself: an
// implementation may read a file (EGRULFile), a cache or the ФНС service.
type EGRUL interface {
	Record(ctx context.Context, q EGRULQuery) (*EGRULRecord, error)
}

// Limits of ParseEGRULFile.
const (
	// MaxEGRULFileSize is the largest ЕГРЮЛ file read, in bytes.
	MaxEGRULFileSize = 4 << 20
	// MaxEGRULRecords is the largest number of records in one file.
	MaxEGRULRecords = 10000
)

// maxEGRULDepth bounds the nesting of a file: list, record, managing
// organisation, its head.
const maxEGRULDepth = 4

// Field length limits, in characters.
const (
	maxEGRULName     = 1000 // organisation names, positions
	maxEGRULNamePart = 200  // surname, given name, patronymic
)

// Classes of the errors of ParseEGRULFile and of EGRULRecord.Validate. An
// *EGRULFileError wraps exactly one of them; test with errors.Is.
var (
	// ErrEGRULTooLarge: the file exceeds MaxEGRULFileSize or holds more
	// than MaxEGRULRecords records.
	ErrEGRULTooLarge = errors.New("application: ЕГРЮЛ file too large")
	// ErrEGRULSyntax: the file is not one JSON value in UTF-8: empty,
	// malformed, trailing data, a duplicate key, nested too deep.
	ErrEGRULSyntax = errors.New("application: ЕГРЮЛ file is not valid JSON")
	// ErrEGRULFormat: the JSON does not have the format's shape: an unknown
	// or misspelt field, a value of the wrong type (identifiers are
	// strings), an unknown status, an empty list.
	ErrEGRULFormat = errors.New("application: ЕГРЮЛ file has the wrong format")
	// ErrEGRULInvalid: a record breaks a rule of its content: a missing or
	// malformed field, an identifier with a wrong control digit, a person
	// without СНИЛС and ИНН, no or two single executive bodies, two records
	// of the same organisation.
	ErrEGRULInvalid = errors.New("application: invalid ЕГРЮЛ record")
)

// ErrEGRULQuery is returned by EGRULFile.Record for a query without an
// identifier or whose ИНН and ОГРН name different records.
var ErrEGRULQuery = errors.New("application: invalid ЕГРЮЛ query")

// EGRULFileError reports why an ЕГРЮЛ file or record is not accepted.
type EGRULFileError struct {
	// Err is the class: ErrEGRULTooLarge, ErrEGRULSyntax, ErrEGRULFormat
	// or ErrEGRULInvalid.
	Err error
	// Record is the 0-based index of the record in the file, or -1.
	Record int
	// Field is the JSON path of the field inside the record
	// ("managing_organisation.head.snils"), or "".
	Field string
	// Offset is the byte offset in the file, or -1 when unknown.
	Offset int64
	// Detail is an English explanation for developers and logs.
	Detail string
	// Cause is the underlying error (encoding/json, internal/ident), if
	// any.
	Cause error

	ru string // the Russian message
}

// Error returns an English message with the class, the position and the
// detail.
func (e *EGRULFileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	var where []string
	if e.Record >= 0 {
		where = append(where, "record "+strconv.Itoa(e.Record+1))
	}
	if e.Field != "" {
		where = append(where, e.Field)
	}
	if e.Offset >= 0 {
		where = append(where, "offset "+strconv.FormatInt(e.Offset, 10))
	}
	if len(where) > 0 {
		b.WriteString(" (" + strings.Join(where, ", ") + ")")
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Unwrap returns the class and, when there is one, the cause.
func (e *EGRULFileError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU returns a Russian message for the person who supplied the file.
func (e *EGRULFileError) MessageRU() string {
	msg := e.ru
	if msg == "" {
		msg = "Файл сведений ЕГРЮЛ не подходит"
	}
	if e.Record >= 0 {
		msg = fmt.Sprintf("Запись %d: %s", e.Record+1, lowerFirst(msg))
	}
	return msg
}

func egrulErr(class error, ru, format string, args ...any) *EGRULFileError {
	return &EGRULFileError{Err: class, Record: -1, Offset: -1, Detail: fmt.Sprintf(format, args...), ru: ru}
}

// EGRULFile is a set of ЕГРЮЛ records read by ParseEGRULFile; it is an
// EGRUL provider that looks records up by the organisation's ИНН or ОГРН.
type EGRULFile struct {
	// Records in file order.
	Records []EGRULRecord
}

// Record returns a copy of the record whose organisation has q's ИНН or
// ОГРН (compared after trimming surrounding spaces), or (nil, nil). When q
// has both and they find different records, or q has neither, the error
// wraps ErrEGRULQuery. A record found by one identifier is returned even if
// its other identifier differs from q's: the checks report the difference.
func (f EGRULFile) Record(ctx context.Context, q EGRULQuery) (*EGRULRecord, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	inn, ogrn := strings.TrimSpace(q.INN), strings.TrimSpace(q.OGRN)
	if inn == "" && ogrn == "" {
		return nil, fmt.Errorf("%w: neither ИНН nor ОГРН given", ErrEGRULQuery)
	}
	byINN, byOGRN := -1, -1
	for i := range f.Records {
		o := &f.Records[i].Organisation
		if byINN < 0 && inn != "" && o.INN == inn {
			byINN = i
		}
		if byOGRN < 0 && ogrn != "" && o.OGRN == ogrn {
			byOGRN = i
		}
	}
	switch {
	case byINN >= 0 && byOGRN >= 0 && byINN != byOGRN:
		return nil, fmt.Errorf("%w: ИНН %s is in record %d, ОГРН %s in record %d", ErrEGRULQuery, inn, byINN+1, ogrn, byOGRN+1)
	case byINN >= 0:
		return f.Records[byINN].clone(), nil
	case byOGRN >= 0:
		return f.Records[byOGRN].clone(), nil
	}
	return nil, nil
}

// clone returns a deep copy of r.
func (r *EGRULRecord) clone() *EGRULRecord {
	c := *r
	if r.Head != nil {
		h := *r.Head
		c.Head = &h
	}
	if r.ManagingOrganisation != nil {
		m := *r.ManagingOrganisation
		if m.Head != nil {
			h := *m.Head
			m.Head = &h
		}
		c.ManagingOrganisation = &m
	}
	return &c
}

// ParseEGRULFile reads ЕГРЮЛ records from JSON (UTF-8, an optional BOM):
// one record as an object, or several as an array of objects. Field names
// are English snake_case, every identifier is a string:
//
//	[
//	  {
//	    "organisation": {"name": "ООО «Клиника»", "inn": "7707083893", "ogrn": "1027700132195", "kpp": "773601001"},
//	    "status": "active",
//	    "head": {"surname": "Иванов", "given_name": "Иван", "patronymic": "Иванович",
//	             "snils": "112-233-445 95", "inn": "500100732259", "position": "Главный врач"}
//	  },
//	  {
//	    "organisation": {"name": "ООО «Клиника-2»", "inn": "…", "ogrn": "…"},
//	    "status": "liquidating",
//	    "managing_organisation": {"name": "АО «УК»", "inn": "…", "ogrn": "…",
//	      "head": {"surname": "Петров", "given_name": "Пётр", "snils": "…", "position": "Генеральный директор"}}
//	  }
//	]
//
// organisation.name, .inn (10 digits) and .ogrn are required, .kpp is
// optional; status is one of "active", "liquidating", "liquidated",
// "unknown" (absent: unknown); a record has exactly one of "head" and
// "managing_organisation" (name, inn, ogrn required; head optional). A
// person needs a surname, a given name and at least one of "snils" and
// "inn" (12 digits); "patronymic" and "position" are optional.
//
// The reading is strict: identifiers must have their exact form and
// correct control digits (internal/ident), unknown fields, duplicate keys,
// keys in another case, trailing data and two records of the same
// organisation (by ИНН or ОГРН) are errors; the file is at most
// MaxEGRULFileSize bytes and MaxEGRULRecords records. Every error is an
// *EGRULFileError with a class (ErrEGRULTooLarge, ErrEGRULSyntax,
// ErrEGRULFormat, ErrEGRULInvalid), the record and field, the offset when
// known and a Russian message. ParseEGRULFile never panics.
func ParseEGRULFile(data []byte) (EGRULFile, error) {
	if len(data) > MaxEGRULFileSize {
		return EGRULFile{}, egrulErr(ErrEGRULTooLarge, fmt.Sprintf("Файл сведений ЕГРЮЛ слишком большой (больше %d байт)", MaxEGRULFileSize),
			"%d bytes, limit %d", len(data), MaxEGRULFileSize)
	}
	body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	bom := int64(len(data) - len(body))
	if len(bytes.TrimSpace(body)) == 0 {
		return EGRULFile{}, egrulErr(ErrEGRULSyntax, "Файл сведений ЕГРЮЛ пуст", "no content")
	}
	if !utf8.Valid(body) {
		off := int64(0)
		for i := 0; i < len(body); {
			r, n := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && n <= 1 {
				off = int64(i)
				break
			}
			i += n
		}
		e := egrulErr(ErrEGRULSyntax, "Файл сведений ЕГРЮЛ не в кодировке UTF-8", "invalid UTF-8")
		e.Offset = bom + off
		return EGRULFile{}, e
	}
	list, err := prescanEGRUL(body)
	if err != nil {
		if err.Offset >= 0 {
			err.Offset += bom
		}
		return EGRULFile{}, err
	}
	var recs []EGRULRecord
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if list {
		err := dec.Decode(&recs)
		if err != nil {
			return EGRULFile{}, decodeErr(err, bom)
		}
		if len(recs) == 0 {
			return EGRULFile{}, egrulErr(ErrEGRULFormat, "В файле сведений ЕГРЮЛ нет записей", "empty list")
		}
	} else {
		var r EGRULRecord
		if err := dec.Decode(&r); err != nil {
			return EGRULFile{}, decodeErr(err, bom)
		}
		recs = []EGRULRecord{r}
	}
	inn, ogrn := map[string]int{}, map[string]int{}
	for i := range recs {
		if err := recs[i].validate(); err != nil {
			err.Record = i
			return EGRULFile{}, err
		}
		o := &recs[i].Organisation
		for _, d := range []struct {
			seen       map[string]int
			value, key string
		}{{inn, o.INN, "inn"}, {ogrn, o.OGRN, "ogrn"}} {
			if j, dup := d.seen[d.value]; dup {
				e := egrulErr(ErrEGRULInvalid, fmt.Sprintf("организация с %s %s уже описана в записи %d", strings.ToUpper(d.key), d.value, j+1),
					"organisation %s %s already in record %d", d.key, d.value, j+1)
				e.Record, e.Field = i, "organisation."+d.key
				return EGRULFile{}, e
			}
			d.seen[d.value] = i
		}
	}
	return EGRULFile{Records: recs}, nil
}

// decodeErr converts an encoding/json error of the typed decoding.
func decodeErr(err error, bom int64) *EGRULFileError {
	e := egrulErr(ErrEGRULFormat, "Файл сведений ЕГРЮЛ не соответствует формату", "%v", err)
	e.Cause = err
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		e.Offset = bom + te.Offset
		e.Field = te.Field
		e.ru = fmt.Sprintf("Файл сведений ЕГРЮЛ не соответствует формату: поле «%s» — неверный тип значения "+
			"(идентификаторы и имена записываются строками)", te.Field)
		return e
	}
	if s, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		e.ru = "Файл сведений ЕГРЮЛ не соответствует формату: неизвестное поле " + s
		return e
	}
	if strings.Contains(err.Error(), "ЕГРЮЛ status") {
		e.ru = "Файл сведений ЕГРЮЛ не соответствует формату: статус — одно из значений active, liquidating, liquidated, unknown"
	}
	return e
}

// prescanEGRUL walks the JSON tokens before the typed decoding: one value,
// no trailing data, nesting at most maxEGRULDepth, keys unique within an
// object and made of lower-case ASCII letters and underscores (so that the
// case-insensitive matching of encoding/json cannot accept another
// spelling), at most MaxEGRULRecords records. It reports whether the value
// is a list.
func prescanEGRUL(body []byte) (list bool, _ *EGRULFileError) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next token of an object is a key (or its end)
	}
	var stack []frame
	values, records := 0, 0
	fail := func(class error, off int64, ru, format string, args ...any) (bool, *EGRULFileError) {
		e := egrulErr(class, ru, format, args...)
		e.Offset = off
		return false, e
	}
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF && values > 0 && len(stack) == 0 {
			return list, nil
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			_, e := fail(ErrEGRULSyntax, off, "Файл сведений ЕГРЮЛ не является корректным JSON", "%v", err)
			e.Cause = err
			return false, e
		}
		d, isDelim := tok.(json.Delim)
		n := len(stack)
		if n == 0 {
			if values++; values > 1 {
				return fail(ErrEGRULSyntax, off, "В файле сведений ЕГРЮЛ после данных есть лишний текст", "trailing data")
			}
			list = d == '['
		}
		if n > 0 && stack[n-1].object && stack[n-1].key && !isDelim {
			k, _ := tok.(string) // the decoder only gives strings as keys
			switch f := &stack[n-1]; {
			case !snakeKey(k):
				return fail(ErrEGRULFormat, off, fmt.Sprintf("Файл сведений ЕГРЮЛ не соответствует формату: неизвестное поле %q", k),
					"key %q is not lower-case snake_case", k)
			case f.keys[k]:
				return fail(ErrEGRULSyntax, off, fmt.Sprintf("В файле сведений ЕГРЮЛ поле %q указано дважды", k), "duplicate key %q", k)
			default:
				f.keys[k], f.key = true, false
			}
			continue
		}
		switch {
		case isDelim && (d == '{' || d == '['):
			if n == 1 && list {
				if records++; records > MaxEGRULRecords {
					return fail(ErrEGRULTooLarge, off, fmt.Sprintf("В файле сведений ЕГРЮЛ больше %d записей", MaxEGRULRecords),
						"more than %d records", MaxEGRULRecords)
				}
			}
			if n >= maxEGRULDepth {
				return fail(ErrEGRULFormat, off, "Файл сведений ЕГРЮЛ не соответствует формату: слишком глубокая вложенность",
					"nesting deeper than %d", maxEGRULDepth)
			}
			stack = append(stack, frame{object: d == '{', keys: map[string]bool{}, key: d == '{'})
			continue
		case isDelim:
			stack = stack[:n-1]
		}
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].key = true
		}
	}
}

// snakeKey reports whether k is made of lower-case ASCII letters and
// underscores.
func snakeKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if (k[i] < 'a' || k[i] > 'z') && k[i] != '_' {
			return false
		}
	}
	return true
}

// Validate checks a record built in code as ParseEGRULFile checks each
// record of a file: the organisation's name, ИНН, ОГРН and КПП, exactly one
// single executive body, the managing organisation's identifiers (not the
// organisation's own), every person's name and identifiers (at least one of
// СНИЛС and ИНН). The error is an *EGRULFileError (ErrEGRULInvalid) naming
// the field.
func (r *EGRULRecord) Validate() error {
	if err := r.validate(); err != nil {
		return err
	}
	return nil
}

func (r *EGRULRecord) validate() *EGRULFileError {
	o := &r.Organisation
	if err := firstErr(
		checkText("organisation.name", "наименование организации", o.Name, true, maxEGRULName),
		checkID("organisation.inn", o.INN, true, ident.ParseINNLE),
		checkID("organisation.ogrn", o.OGRN, true, ident.ParseOGRN),
		checkID("organisation.kpp", o.KPP, false, ident.ParseKPP),
	); err != nil {
		return err
	}
	if r.Status < EGRULStatusUnknown || r.Status > EGRULLiquidated {
		e := egrulErr(ErrEGRULInvalid, "статус организации указан неверно", "status %d", int(r.Status))
		e.Field = "status"
		return e
	}
	switch {
	case r.Head != nil && r.ManagingOrganisation != nil:
		return egrulErr(ErrEGRULInvalid, "указаны и руководитель (head), и управляющая организация (managing_organisation); "+
			"единоличный исполнительный орган у организации один", "both head and managing_organisation")
	case r.Head != nil:
		return checkPerson("head", r.Head)
	case r.ManagingOrganisation != nil:
		m := r.ManagingOrganisation
		if err := firstErr(
			checkText("managing_organisation.name", "наименование управляющей организации", m.Name, true, maxEGRULName),
			checkID("managing_organisation.inn", m.INN, true, ident.ParseINNLE),
			checkID("managing_organisation.ogrn", m.OGRN, true, ident.ParseOGRN),
		); err != nil {
			return err
		}
		if m.INN == o.INN || m.OGRN == o.OGRN {
			e := egrulErr(ErrEGRULInvalid, "организация указана управляющей организацией самой себя", "managing organisation is the organisation itself")
			e.Field = "managing_organisation"
			return e
		}
		if m.Head != nil {
			return checkPerson("managing_organisation.head", m.Head)
		}
		return nil
	}
	return egrulErr(ErrEGRULInvalid, "не указан единоличный исполнительный орган: нужен руководитель (head) или управляющая организация (managing_organisation)",
		"neither head nor managing_organisation")
}

func firstErr(errs ...*EGRULFileError) *EGRULFileError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// checkPerson validates a person at path.
func checkPerson(path string, p *EGRULPerson) *EGRULFileError {
	if err := firstErr(
		checkText(path+".surname", "фамилия", p.Surname, true, maxEGRULNamePart),
		checkText(path+".given_name", "имя", p.GivenName, true, maxEGRULNamePart),
		checkText(path+".patronymic", "отчество", p.Patronymic, false, maxEGRULNamePart),
		checkText(path+".position", "должность", p.Position, false, maxEGRULName),
		checkID(path+".snils", p.SNILS, false, ident.ParseSNILS),
		checkID(path+".inn", p.INN, false, ident.ParseINNPerson),
	); err != nil {
		return err
	}
	if p.SNILS == "" && p.INN == "" {
		e := egrulErr(ErrEGRULInvalid, "у лица не указаны ни СНИЛС, ни ИНН — сопоставить его с владельцем сертификата нельзя",
			"person has neither snils nor inn")
		e.Field = path
		return e
	}
	return nil
}

// checkText validates a name or position: no surrounding spaces, no
// control characters, at most max characters; required means non-empty.
func checkText(path, what, s string, required bool, max int) *EGRULFileError {
	bad := func(ru, detail string) *EGRULFileError {
		e := egrulErr(ErrEGRULInvalid, ru, "%s", detail)
		e.Field = path
		return e
	}
	switch {
	case s == "" && required:
		return bad("не указано поле «"+what+"»", "required")
	case s == "":
		return nil
	case strings.TrimSpace(s) != s:
		return bad("поле «"+what+"» начинается или заканчивается пробелом", "surrounding whitespace")
	case utf8.RuneCountInString(s) > max:
		return bad(fmt.Sprintf("поле «%s» длиннее %d символов", what, max), fmt.Sprintf("longer than %d characters", max))
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return bad("поле «"+what+"» содержит управляющие символы", "control character")
	}
	return nil
}

// checkID validates an identifier with its parser; required means
// non-empty. The value is taken exactly as written (ParseSNILS would trim
// spaces; they are refused here).
func checkID[T any](path, s string, required bool, parse func(string) (T, error)) *EGRULFileError {
	if s == "" && !required {
		return nil
	}
	_, err := parse(s)
	if err == nil && strings.TrimSpace(s) != s {
		err = fmt.Errorf("surrounding whitespace")
	}
	if err == nil {
		return nil
	}
	ru := "идентификатор указан с пробелами по краям"
	var ie *ident.Error
	if errors.As(err, &ie) {
		ru = lowerFirst(ie.MessageRU())
	}
	e := egrulErr(ErrEGRULInvalid, "поле "+path+": "+ru, "%v", err)
	e.Field, e.Cause = path, err
	return e
}

// Record converts the identifiers of m into an ЕГРЮЛ record for the checks
// of the managing variant: the organisation's ИНН and ОГРН, the managing
// organisation's ИНН and ОГРН as its single executive body, its status, no
// names and no head of the managing organisation (ManagedBy does not carry
// them). Values are trimmed. A nil m gives nil (no record). The
// record does not pass Validate, which requires the names.
func (m *ManagedBy) Record() *EGRULRecord {
	if m == nil {
		return nil
	}
	return &EGRULRecord{
		Organisation: EGRULOrganisation{INN: strings.TrimSpace(m.OrganisationINN), OGRN: strings.TrimSpace(m.OrganisationOGRN)},
		Status:       m.Status,
		ManagingOrganisation: &EGRULManagingOrganisation{INN: strings.TrimSpace(m.ManagingINN),
			OGRN: strings.TrimSpace(m.ManagingOGRN)},
	}
}
