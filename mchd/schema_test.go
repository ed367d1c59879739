package mchd_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
)

// officialDir holds the ФНС schema beside the repository; a checkout
// without it skips the comparison with the official schema.
const officialDir = "../../shared/reference/data/mchd"

var (
	officialOnce   sync.Once
	officialSchema *mchd.Schema
	officialErr    error
)

func official(t testing.TB) *mchd.Schema {
	t.Helper()
	officialOnce.Do(func() {
		var b []byte
		b, officialErr = os.ReadFile(filepath.Join(officialDir, "ON_EMCHD_1_928_00_01_01_01.xsd"))
		if officialErr == nil {
			officialSchema, officialErr = mchd.LoadSchema(b)
		}
	})
	if errors.Is(officialErr, fs.ErrNotExist) {
		t.Skipf("official schema not available: %v", officialErr)
	}
	if officialErr != nil {
		t.Fatal(officialErr)
	}
	return officialSchema
}

func TestSchemaOwnCompiles(t *testing.T) {
	t.Parallel()
	s := mchd.SchemaOwn()
	if err := mchd.SchemaCompileErr(s); err != nil {
		t.Fatal(err)
	}
	if w := mchd.SchemaWarnings(s); len(w) != 0 {
		t.Errorf("warnings: %v", w)
	}
	if s != mchd.SchemaOwn() {
		t.Error("SchemaOwn is not shared")
	}
	if err := s.Close(); err != nil || s.ValidateXML(build(t, spec(1, mchd.ShapeHead))) != nil {
		t.Error("Close must not free the shared schema")
	}
	if bytesContain(mchd.OwnXSD, "ГНИВЦ") || bytesContain(mchd.OwnXSD, "XMLSpy") {
		t.Error("the embedded schema must be our own")
	}
}

func bytesContain(b []byte, s string) bool { return strings.Contains(string(b), s) }

func TestLoadSchemaErrors(t *testing.T) {
	t.Parallel()
	for _, b := range [][]byte{nil, []byte("<x/>"), []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="http://example.test/a.xsd"/></xs:schema>`)} {
		if s, err := mchd.LoadSchema(b); err == nil {
			s.Close()
			t.Errorf("LoadSchema(%.30q): no error", b)
		}
	}
}

// validFixtures are documents both schemas must accept.
func validFixtures(t testing.TB) map[string][]byte {
	m := map[string][]byte{
		"build-head":     build(t, spec(1, mchd.ShapeHead)),
		"build-managing": build(t, spec(2, mchd.ShapeManagingOrganisation)),
		"build-ip":       build(t, spec(3, mchd.ShapeEntrepreneur)),
		"bench-5kb":      benchDoc(t),
		"retrust":        []byte(retrustXML),
	}
	if b, err := readSampleBytes(); err == nil {
		m["sample"] = b
	}
	return m
}

var attrRE = map[string]*regexp.Regexp{}
var attrMu sync.Mutex

func attrPattern(name string) *regexp.Regexp {
	attrMu.Lock()
	defer attrMu.Unlock()
	re, ok := attrRE[name]
	if !ok {
		re = regexp.MustCompile(` ` + regexp.QuoteMeta(name) + `="[^"]*"`)
		attrRE[name] = re
	}
	return re
}

// setA sets the first attribute called name to value.
func setA(t testing.TB, doc []byte, name, value string) []byte {
	t.Helper()
	re := attrPattern(name)
	loc := re.FindIndex(doc)
	if loc == nil {
		t.Fatalf("attribute %s not found", name)
	}
	return []byte(string(doc[:loc[0]]) + ` ` + name + `="` + value + `"` + string(doc[loc[1]:]))
}

// delA removes the first attribute called name.
func delA(t testing.TB, doc []byte, name string) []byte {
	t.Helper()
	re := attrPattern(name)
	loc := re.FindIndex(doc)
	if loc == nil {
		t.Fatalf("attribute %s not found", name)
	}
	return []byte(string(doc[:loc[0]]) + string(doc[loc[1]:]))
}

func rep(t testing.TB, doc []byte, old, new string) []byte {
	t.Helper()
	return []byte(replace(t, string(doc), old, new))
}

// delElem removes the first element called name with its content.
func delElem(t testing.TB, doc []byte, name string) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?s)\s*<` + name + `[ >/].*?</` + name + `>`)
	loc := re.FindIndex(doc)
	if loc == nil {
		t.Fatalf("element %s not found", name)
	}
	return []byte(string(doc[:loc[0]]) + string(doc[loc[1]:]))
}

type mutation struct {
	name  string
	facet string // facet kind covered, for the table summary
	doc   []byte
	valid bool // expected verdict of both schemas
}

func mutations(t testing.TB) []mutation {
	head := build(t, spec(1, mchd.ShapeHead))
	ip := build(t, spec(3, mchd.ShapeEntrepreneur))
	mc := build(t, spec(2, mchd.ShapeManagingOrganisation))
	bench := benchDoc(t)
	rt := []byte(retrustXML)
	number := mustParse(t, head).Number()
	return []mutation{
		// Identifier patterns and lengths.
		{"ИННЮЛ starts with 00", "pattern ИННЮЛ", setA(t, head, "ИННЮЛ", "0083992156"), false},
		{"ИННЮЛ 9 digits", "length ИННЮЛ", setA(t, head, "ИННЮЛ", "948399215"), false},
		{"ИННЮЛ with a letter", "pattern ИННЮЛ", setA(t, head, "ИННЮЛ", "94839921A6"), false},
		{"ИННЮЛ 0 then digit", "pattern ИННЮЛ", setA(t, head, "ИННЮЛ", "0783992156"), true},
		{"ИННФЛ starts with 00", "pattern ИННФЛ", setA(t, head, "ИННФЛ", "005221048512"), false},
		{"ИННФЛ 10 digits", "length ИННФЛ", setA(t, head, "ИННФЛ", "7352210485"), false},
		{"КПП lower-case letters", "pattern КПП", setA(t, head, "КПП", "6260ab616"), false},
		{"КПП upper-case letters", "pattern КПП", setA(t, head, "КПП", "6260AB616"), true},
		{"КПП starts with 00", "pattern КПП", setA(t, head, "КПП", "006001616"), false},
		{"КПП 8 characters", "length КПП", setA(t, head, "КПП", "62600161"), false},
		{"ОГРН 12 digits", "length ОГРН", setA(t, head, "ОГРН", "128270879200"), false},
		{"ОГРН with a letter", "pattern ОГРН", setA(t, head, "ОГРН", "12827087920O2"), false},
		{"ОГРНИП 14 digits", "length ОГРНИП", setA(t, ip, "ОГРНИП", "32295334979807"), false},
		{"ОГРНИП with a space", "pattern ОГРНИП", setA(t, ip, "ОГРНИП", "3229533497980 3"), false},
		{"СНИЛС 11 bare digits", "pattern СНИЛС", setA(t, head, "СНИЛС", "85408357322"), false},
		{"СНИЛС all dashes", "pattern СНИЛС", setA(t, head, "СНИЛС", "854-083-573-22"), true},
		{"СНИЛС spaces", "pattern СНИЛС", setA(t, head, "СНИЛС", "854 083 573 22"), false},
		{"СНИЛС of an ИП missing", "required attribute", delA(t, ip, "СНИЛС"), false},
		{"НомДовер not a GUID", "pattern GUID", setA(t, head, "НомДовер", "84538fc4-af79-4f2b-ac0d-85e2cf1da7fx"), false},
		{"НомДовер upper case", "pattern GUID", setA(t, head, "НомДовер", strings.ToUpper(number)), true},
		{"НомДовер 35 characters", "length GUID", setA(t, head, "НомДовер", number[:35]), false},
		{"НомДовер without dashes", "pattern GUID", setA(t, head, "НомДовер", strings.ReplaceAll(number, "-", "")+"0000"), false},
		{"НомДовер Arabic-Indic digit", "pattern GUID (\\d)", setA(t, head, "НомДовер", "٨"+number[1:]), true},
		{"ИдФИАС bad", "pattern GUID", rep(t, head, `<АдрРег Регион="77">`, `<АдрРег Регион="77" ИдФИАС="not-a-guid">`), false},
		{"Регион 1 digit", "pattern region", setA(t, head, "Регион", "7"), false},
		{"КНД 6 characters", "length КНД", rep(t, head, "<Документ>", `<Документ КНД="111041">`), false},
		{"КНД 7 letters", "length КНД", rep(t, head, "<Документ>", `<Документ КНД="ABCDEFG">`), true},
		{"КодНОДейст letter", "pattern СОНО", rep(t, head, "<СведСист>", "<КодНОДейст>77A1</КодНОДейст><СведСист>"), false},
		{"КодНОДейст ok", "pattern СОНО", rep(t, head, "<СведСист>", "<КодНОДейст>7701</КодНОДейст><СведСист>"), true},
		{"ПрЭлФорм 7 characters", "length ПрЭлФорм", setA(t, head, "ПрЭлФорм", "0000000"), false},
		{"ПрЭлФорм letter", "pattern ПрЭлФорм", setA(t, head, "ПрЭлФорм", "0000000a"), false},
		{"КодПолн 5 characters", "minLength", setA(t, head, "КодПолн", "EGISZ"), false},
		{"НаимПолн empty", "minLength", setA(t, head, "НаимПолн", ""), false},
		{"ВнНомДовер 51 characters", "maxLength", setA(t, head, "ВнНомДовер", strings.Repeat("Я", 51)), false},
		{"ВнНомДовер 50 characters", "maxLength", setA(t, head, "ВнНомДовер", strings.Repeat("Я", 50)), true},
		{"Фамилия 201 characters", "maxLength", setA(t, head, "Фамилия", strings.Repeat("Ж", 201)), false},
		// Enumerations.
		{"ВерсФорм EMCHD_2", "enumeration ВерсФорм", setA(t, head, "ВерсФорм", "EMCHD_2"), false},
		{"ВидДовер 3", "enumeration ВидДовер", setA(t, head, "ВидДовер", "3"), false},
		{"ВидДовер 2", "enumeration ВидДовер", setA(t, head, "ВидДовер", "2"), true},
		{"ПрПередов 0", "enumeration ПрПередов", setA(t, head, "ПрПередов", "0"), false},
		{"ПрПередов 3", "enumeration ПрПередов", setA(t, head, "ПрПередов", "3"), true},
		{"ТипДоверит 5", "enumeration ТипДоверит", setA(t, head, "ТипДоверит", "5"), false},
		{"ТипДоверит 4 (content not checked)", "enumeration ТипДоверит", setA(t, head, "ТипДоверит", "4"), true},
		{"ТипПред 6", "enumeration ТипПред", setA(t, head, "ТипПред", "6"), false},
		{"ТипПолн 2", "enumeration ТипПолн", setA(t, head, "ТипПолн", "2"), false},
		{"ТипПолн 0", "enumeration ТипПолн", setA(t, head, "ТипПолн", "0"), true},
		{"ПрСовмПолн 3", "enumeration ПрСовмПолн", setA(t, head, "ПрСовмПолн", "3"), false},
		{"ПрСовмПолн with a space", "enumeration ПрСовмПолн", setA(t, head, "ПрСовмПолн", " 1"), false},
		{"ЕИОФЛ 2", "enumeration ЕИО", setA(t, head, "ЕИОФЛ", "2"), false},
		{"ЕИОУК yes", "enumeration ЕИО", setA(t, mc, "ЕИОУК", "yes"), false},
		{"ЕИОИП 1 (flags not checked)", "enumeration ЕИО", setA(t, head, "ЕИОИП", "1"), true},
		{"ПолнЮЛ 3", "enumeration ПолнЮЛ", setA(t, head, "ПолнЮЛ", "3"), false},
		{"СтУчНД 100", "enumeration СтУчНД", rep(t, head, `<СвФЛ `, `<СвФЛ СтУчНД="100" `), false},
		{"СтУчНД 101", "enumeration СтУчНД", rep(t, head, `<СвФЛ `, `<СвФЛ СтУчНД="101" `), true},
		{"ПрНалПередов 2", "enumeration ПрНалПередов", setA(t, rt, "ПрНалПередов", "2"), false},
		{"ТипПерПолн 6", "enumeration ТипПерПолн", setA(t, rt, "ТипПерПолн", "6"), false},
		// Missing, unexpected, misplaced.
		{"ЕИОУК missing", "required attribute", delA(t, head, "ЕИОУК"), false},
		{"ИдФайл missing", "required attribute", delA(t, head, "ИдФайл"), false},
		{"КПП missing", "required attribute", delA(t, head, "КПП"), false},
		{"ИННЮЛ missing (optional)", "optional attribute", delA(t, head, "ИННЮЛ"), true},
		{"СНИЛС of the head missing (optional)", "optional attribute", delA(t, head, "СНИЛС"), true},
		{"unknown attribute", "unexpected attribute", rep(t, head, `<СвДов `, `<СвДов Лишний="1" `), false},
		{"СведСист missing", "required element", delElem(t, head, "СведСист"), false},
		{"СвПолн missing", "required element", delElem(t, head, "СвПолн"), false},
		{"ЛицоБезДов missing", "required element", delElem(t, head, "ЛицоБезДов"), false},
		{"Документ empty", "required element", delElem(t, head, "Довер"), false},
		{"unexpected element", "unexpected element", rep(t, head, "<СвПолн ", "<Лишний/><СвПолн "), false},
		{"wrong order", "order", []byte(moveBefore(t, string(head), "СвПолн", "<СвУпПред ")), false},
		{"both Довер and Передов", "choice", rep(t, head, "</Довер>", "</Довер>"+retrustBody(t)), false},
		{"two restriction values", "choice", rep(t, bench, "</ОгрСвПолн>", "<КодЗначОгр>1</КодЗначОгр></ОгрСвПолн>"), false},
		{"ИдОгр 0", "minInclusive", setA(t, bench, "ИдОгр", "0"), false},
		{"ИдОгр 1000", "totalDigits", setA(t, bench, "ИдОгр", "1000"), false},
		{"ИдОгр 999", "totalDigits", setA(t, bench, "ИдОгр", "999"), true},
		{"wrong namespace", "namespace", rep(t, head, `xmlns="urn://x-artefacts/EMCHD_1"`, `xmlns="urn://x-artefacts/EMCHD_2"`), false},
		{"not well-formed", "syntax", rep(t, head, "</Документ>", "</Документ"), false},
		// Dates.
		{"ДатаВыдДовер month 13", "date", setA(t, head, "ДатаВыдДовер", "2025-13-01"), false},
		{"СрокДейст dotted", "date", setA(t, head, "СрокДейст", "01.01.2026"), false},
		{"СрокДейст with zone", "date", setA(t, head, "СрокДейст", "2026-01-01+03:00"), true},
		{"ДатаРожд 30 February", "date", setA(t, head, "ДатаРожд", "1966-02-30"), false},
		{"original ДатаВыдДовер 1899", "minInclusive date", setA(t, rt, "ДатаВыдДовер", "1899-12-31"), false},
		{"original СрокДейст 2101", "maxInclusive date", setA(t, rt, "СрокДейст", "2101-01-01"), false},
		{"original СрокДейст 2100-12-31", "maxInclusive date", setA(t, rt, "СрокДейст", "2100-12-31"), true},
	}
}

// moveBefore moves the first element name (with content) before marker.
func moveBefore(t testing.TB, s, name, marker string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<` + name + `[ >].*?</` + name + `>`)
	loc := re.FindStringIndex(s)
	if loc == nil {
		t.Fatalf("%s not found", name)
	}
	block := s[loc[0]:loc[1]]
	s = s[:loc[0]] + s[loc[1]:]
	return replace(t, s, marker, block+marker)
}

// retrustBody returns the Передов element of retrustXML.
func retrustBody(t testing.TB) string {
	t.Helper()
	i, j := strings.Index(retrustXML, "<Передов "), strings.Index(retrustXML, "</Передов>")
	if i < 0 || j < 0 {
		t.Fatal("retrust body not found")
	}
	return retrustXML[i : j+len("</Передов>")]
}

// TestSchemaConformance runs our schema and the official one over every
// fixture and mutation and requires the same verdict from both (and the
// verdict the table expects).
func TestSchemaConformance(t *testing.T) {
	t.Parallel()
	own, off := mchd.SchemaOwn(), official(t)
	verdict := func(s *mchd.Schema, doc []byte) (bool, error) {
		err := s.ValidateXML(doc)
		return err == nil, err
	}
	for name, doc := range validFixtures(t) {
		t.Run("valid/"+name, func(t *testing.T) {
			t.Parallel()
			if ok, err := verdict(own, doc); !ok {
				t.Errorf("own: %v", err)
			}
			if ok, err := verdict(off, doc); !ok {
				t.Errorf("official: %v", err)
			}
		})
	}
	muts := mutations(t)
	facets := map[string]bool{}
	invalid := 0
	for _, m := range muts {
		facets[m.facet] = true
		if !m.valid {
			invalid++
		}
		t.Run("mutation/"+m.name, func(t *testing.T) {
			t.Parallel()
			ownOK, ownErr := verdict(own, m.doc)
			offOK, offErr := verdict(off, m.doc)
			if ownOK != offOK {
				t.Fatalf("verdicts differ: own valid=%v (%v), official valid=%v (%v)", ownOK, ownErr, offOK, offErr)
			}
			if ownOK != m.valid {
				t.Errorf("both say valid=%v, table expects %v (%v)", ownOK, m.valid, ownErr)
			}
			if !ownOK {
				var se *mchd.SchemaError
				if !errors.As(ownErr, &se) || len(se.Problems) == 0 || se.Problems[0].Message == "" {
					t.Errorf("own error not structured: %#v", ownErr)
				}
			}
		})
	}
	if invalid < 30 {
		t.Errorf("only %d invalid mutations, want ≥ 30", invalid)
	}
	t.Logf("conformance: %d valid fixtures, %d mutations (%d invalid) over %d facet kinds",
		len(validFixtures(t)), len(muts), invalid, len(facets))
}

// TestSchemaRetrustBothValid: a retrust document with a chain (СвПередов)
// and a notarised original passes both schemas.
func TestSchemaRetrustBothValid(t *testing.T) {
	t.Parallel()
	doc := []byte(retrustXML)
	prev := `<СвПередов ПрДовер="1" ФормДовер="1" ДатаВыдДовер="2025-01-15" СрокДейст="2025-12-31" НомДоверN="0f1e2d3c-4b5a-4697-8877-665544332200"/>`
	doc = rep(t, doc, "<СвПереДовер ", prev+"<СвПереДовер ")
	for _, s := range []*mchd.Schema{mchd.SchemaOwn(), official(t)} {
		if err := s.ValidateXML(doc); err != nil {
			t.Errorf("%s: %v", s.Name(), err)
		}
	}
	d := mustParse(t, doc)
	rs := mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{AllowRetrust: true}})
	if r := mustFind(t, rs, "MCHD-SCHEMA"); r.Status != check.Pass {
		t.Errorf("MCHD-SCHEMA: %s", r)
	}
}

func TestValidateSchemaRule(t *testing.T) {
	t.Parallel()
	head := build(t, spec(1, mchd.ShapeHead))
	bad := setA(t, head, "ИННЮЛ", "0083992156")
	cases := []struct {
		name   string
		doc    []byte
		opts   mchd.ValidateOptions
		status check.Status
		want   []string
	}{
		{"default schema passes", head, mchd.ValidateOptions{}, check.Pass, nil},
		{"default schema fails", bad, mchd.ValidateOptions{}, check.Fail,
			[]string{"line 11", "/Доверенность/Документ/Довер/СвДоверит/Доверит/РосОргДовер/СвРосОрг/@ИННЮЛ", "строка 11, СвРосОрг/@ИННЮЛ: значение не соответствует формату"}},
		{"skip", bad, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{SkipSchema: true}}, check.Skip, nil},
		{"custom validator", head, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{Schema: fakeSchema{errors.New("boom")}}}, check.Fail, []string{"boom"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := mchd.Parse(tc.doc, mchd.ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tc.opts.At = inside
			r := mustFind(t, mchd.Validate(d, tc.opts), "MCHD-SCHEMA")
			if r.Status != tc.status {
				t.Fatalf("status %s: %s", r.Status, r)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Detail+" | "+r.Message, w) {
					t.Errorf("%q not in %s", w, r)
				}
			}
		})
	}
}

func TestSchemaOfficialAsOption(t *testing.T) {
	t.Parallel()
	off := official(t)
	d := mustParse(t, build(t, spec(2, mchd.ShapeManagingOrganisation)))
	r := mustFind(t, mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{Schema: off}}), "MCHD-SCHEMA")
	if r.Status != check.Pass || !strings.Contains(r.Detail, off.Name()) {
		t.Errorf("%s", r)
	}
}

// streamDiffers validates data with s both ways (ValidateXML streams, the
// reference parses into a tree first) and describes any difference in
// verdict or diagnostics, or returns "".
func streamDiffers(s *mchd.Schema, data []byte) string {
	stream, tree := s.ValidateXML(data), mchd.ValidateXMLTree(s, data)
	if (stream == nil) != (tree == nil) {
		return fmt.Sprintf("stream %v, tree %v", stream, tree)
	}
	if stream == nil {
		return ""
	}
	var a, b *mchd.SchemaError
	if !errors.As(stream, &a) || !errors.As(tree, &b) {
		if stream.Error() != tree.Error() {
			return fmt.Sprintf("stream %v, tree %v", stream, tree)
		}
		return ""
	}
	if a.WellFormed != b.WellFormed || a.Omitted != b.Omitted || !slices.Equal(a.Problems, b.Problems) {
		return fmt.Sprintf("stream %+v\ntree   %+v", *a, *b)
	}
	return ""
}

// TestSchemaStreamSameAsTree: for every fixture and schema mutation, and
// every document of the parser corpus with 10 random mutations of each, both
// schemas give the same verdict and the same problems (line, element,
// attribute, path, message) streaming as through a tree.
func TestSchemaStreamSameAsTree(t *testing.T) {
	t.Parallel()
	schemas := []*mchd.Schema{mchd.SchemaOwn()}
	if _, err := os.Stat(filepath.Join(officialDir, "ON_EMCHD_1_928_00_01_01_01.xsd")); err == nil {
		schemas = append(schemas, official(t))
	}
	docs := map[string][]byte{}
	for name, doc := range validFixtures(t) {
		docs["valid/"+name] = doc
	}
	for _, m := range mutations(t) {
		docs["mutation/"+m.name] = m.doc
	}
	for name, doc := range parseCorpus(t) {
		docs["corpus/"+name] = doc
		m := mutator{rand.New(rand.NewPCG(uint64(len(doc)), 13))}
		for k := 0; k < 10 && len(doc) < 1<<15; k++ {
			s := string(doc)
			for n := 1 + m.pick(3); n > 0; n-- {
				s = m.mutate(s)
			}
			docs[fmt.Sprintf("corpus/%s/mutant %d", name, k)] = []byte(s)
		}
	}
	for _, s := range schemas {
		invalid := 0
		for name, doc := range docs {
			if s.ValidateXML(doc) != nil {
				invalid++
			}
			if d := streamDiffers(s, doc); d != "" {
				t.Errorf("%s, %s: %s", s.Name(), name, d)
			}
		}
		if invalid < 30 {
			t.Errorf("%s: only %d of %d documents rejected", s.Name(), invalid, len(docs))
		}
		t.Logf("%s: %d documents, %d rejected", s.Name(), len(docs), invalid)
	}
}
