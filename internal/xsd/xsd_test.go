package xsd

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	s := testSchema(t)
	repl := func(old, new string) string {
		if !strings.Contains(validDoc, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(validDoc, old, new, 1)
	}
	tests := []struct {
		name      string
		doc       string
		kind      string
		line      int
		element   string
		attribute string
		path      string
		contains  string
	}{
		{name: "valid", doc: validDoc, kind: "valid"},
		{name: "pattern", doc: repl(`ИНН="7743321818"`, `ИНН="77433"`), kind: "invalid", line: 3,
			element: "Организация", attribute: "ИНН", path: "/Заявка/Организация/@ИНН",
			contains: "[facet 'pattern'] The value '77433' is not accepted by the pattern '[0-9]{10}'"},
		{name: "length", doc: repl(`КПП="770101001"`, `КПП="7701"`), kind: "invalid", line: 3,
			element: "Организация", attribute: "КПП", contains: "[facet 'length']"},
		{name: "enumeration", doc: repl(`Вид="ЮЛ"`, `Вид="ФЛ"`), kind: "invalid", line: 3,
			element: "Организация", attribute: "Вид",
			contains: "The value 'ФЛ' is not an element of the set {'ЮЛ', 'ИП'}"},
		{name: "missing required attribute", doc: repl(`<Организация ИНН="7707083893"/>`, `<Организация/>`),
			kind: "invalid", line: 4, element: "Организация", path: "/Заявка/Организация",
			contains: "The attribute 'ИНН' is required but missing"},
		{name: "unexpected element", doc: repl(`<Примечание>Проверка</Примечание>`, `<Прим/>`),
			kind: "invalid", line: 5, element: "Прим", contains: "This element is not expected"},
		// The validator reports a child that its parent's type does not
		// allow on the parent.
		{name: "child of a simple-typed element", doc: repl(`<Примечание>Проверка</Примечание>`, "<Примечание>\n<b/>\n</Примечание>"),
			kind: "invalid", line: 5, element: "Примечание", path: "/Заявка/Примечание",
			contains: "Element content is not allowed, because the type definition is simple"},
		{name: "child of an empty element", doc: repl(`<Организация ИНН="7707083893"/>`, `<Организация ИНН="7707083893"><b/></Организация>`),
			kind: "invalid", line: 4, element: "Организация", path: "/Заявка/Организация",
			contains: "Element content is not allowed, because the content type is empty"},
		{name: "text in element-only content", doc: repl(`<Примечание>`, "текст\n<Примечание>"),
			kind: "invalid", line: 2, element: "Заявка", path: "/Заявка",
			contains: "Character content other than whitespace is not allowed"},
		{name: "multi-line start tag", doc: repl(`<Организация ИНН="7707083893"/>`, "<Организация\n  ИНН=\"77\"\n/>"),
			kind: "invalid", line: 6, element: "Организация", attribute: "ИНН", path: "/Заявка/Организация/@ИНН",
			contains: "[facet 'pattern']"},
		{name: "maxLength", doc: repl(`Проверка`, strings.Repeat("ж", 101)), kind: "invalid", line: 5,
			element: "Примечание", contains: "[facet 'maxLength']"},
		{name: "fixed", doc: repl(`Версия="1.0"`, `Версия="2.0"`), kind: "invalid", line: 2,
			element: "Заявка", attribute: "Версия", contains: "fixed"},
		{name: "undeclared attribute", doc: repl(`Вид="ЮЛ"`, `Вид="ЮЛ" Лишний="1"`), kind: "invalid", line: 3,
			attribute: "Лишний", contains: "is not allowed"},
		{name: "root in another namespace", doc: repl(`xmlns="urn:registrar:test"`, `xmlns="urn:other"`),
			kind: "invalid", line: 2, contains: "No matching global declaration"},
		{name: "root in no namespace", doc: repl(` xmlns="urn:registrar:test"`, ``),
			kind: "invalid", line: 2, contains: "No matching global declaration"},
		{name: "foreign child element", doc: repl(`<Примечание>`, `<x:Примечание xmlns:x="urn:x">`),
			kind: "syntax", line: 5, contains: "mismatch"},
		{name: "foreign child element, closed", doc: repl(`<Примечание>Проверка</Примечание>`, `<x:Примечание xmlns:x="urn:x">1</x:Примечание>`),
			kind: "invalid", line: 5, element: "Примечание", contains: "This element is not expected"},
		{name: "undeclared prefix", doc: repl(`<Примечание>Проверка</Примечание>`, `<y:Примечание>1</y:Примечание>`),
			kind: "syntax", line: 5, contains: "prefix y"},
		{name: "unclosed", doc: strings.TrimSuffix(validDoc, "</Заявка>\n"), kind: "syntax", line: 6,
			contains: "Premature end of data"},
		{name: "mismatched end tag", doc: repl(`</Примечание>`, `</Примечани>`), kind: "syntax", line: 5,
			contains: "mismatch"},
		{name: "invalid UTF-8", doc: repl(`Проверка`, "Пров\xffерка"), kind: "syntax", line: 5,
			contains: "not proper UTF-8"},
		{name: "truncated UTF-8", doc: repl(`Проверка`, "Проверк\xd0"), kind: "syntax", line: 5},
		{name: "garbage", doc: "not xml at all", kind: "syntax", line: 1, contains: "Start tag expected"},
		{name: "whitespace only", doc: " \n\t", kind: "syntax"},
		{name: "two roots", doc: validDoc + "<Заявка/>", kind: "syntax", line: 7, contains: "Extra content"},
		{name: "windows-1251", kind: "valid",
			doc: "<?xml version='1.0' encoding='windows-1251'?>\n<\xc7\xe0\xff\xe2\xea\xe0 xmlns='urn:registrar:test' \xc2\xe5\xf0\xf1\xe8\xff='1.0'><\xce\xf0\xe3\xe0\xed\xe8\xe7\xe0\xf6\xe8\xff \xc8\xcd\xcd='7743321818'/></\xc7\xe0\xff\xe2\xea\xe0>"},
		{name: "windows-1251 invalid", kind: "invalid", line: 2, attribute: "ИНН", contains: "'ЖЖЖ'",
			doc: "<?xml version='1.0' encoding='windows-1251'?>\n<\xc7\xe0\xff\xe2\xea\xe0 xmlns='urn:registrar:test' \xc2\xe5\xf0\xf1\xe8\xff='1.0'><\xce\xf0\xe3\xe0\xed\xe8\xe7\xe0\xf6\xe8\xff \xc8\xcd\xcd='\xc6\xc6\xc6'/></\xc7\xe0\xff\xe2\xea\xe0>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := s.Validate([]byte(tc.doc))
			if got := kind(err); got != tc.kind {
				t.Fatalf("kind %s, want %s; err = %v", got, tc.kind, err)
			}
			if tc.kind == "valid" {
				return
			}
			errs := diagnostics(err)
			if len(errs) == 0 {
				t.Fatalf("no diagnostics in %v", err)
			}
			first := errs[0]
			t.Logf("%s: %+v", kind(err), first)
			if tc.line != 0 && first.Line != tc.line {
				t.Errorf("line %d, want %d", first.Line, tc.line)
			}
			if tc.element != "" && first.Element != tc.element {
				t.Errorf("element %q, want %q", first.Element, tc.element)
			}
			if first.Attribute != tc.attribute {
				t.Errorf("attribute %q, want %q", first.Attribute, tc.attribute)
			}
			if tc.path != "" && first.Path != tc.path {
				t.Errorf("path %q, want %q", first.Path, tc.path)
			}
			if !strings.Contains(first.Message, tc.contains) {
				t.Errorf("message %q lacks %q", first.Message, tc.contains)
			}
			if strings.HasSuffix(first.Message, "\n") || !utf8.ValidString(first.Message) {
				t.Errorf("message not trimmed or not UTF-8: %q", first.Message)
			}
			if first.Level < LevelWarning || first.Level > LevelFatal {
				t.Errorf("level %v", first.Level)
			}
			if tc.kind == "invalid" && first.Domain != DomainSchemasV {
				t.Errorf("domain %v, want %v", first.Domain, DomainSchemasV)
			}
			if tc.kind == "syntax" {
				var se *SyntaxError
				errors.As(err, &se)
				if se.Line != first.Line || se.Column != first.Column {
					t.Errorf("SyntaxError at %d:%d, first error at %d:%d", se.Line, se.Column, first.Line, first.Column)
				}
				if first.Line > 0 && first.Column == 0 {
					t.Errorf("syntax error without column: %+v", first)
				}
			}
			if first.Line > 0 && !strings.Contains(err.Error(), "line ") {
				t.Errorf("Error() lacks the line: %s", err)
			}
		})
	}
}

// TestLineBeyond65535: libxml2's tree nodes keep lines in 16 bits; the
// lines reported here are exact.
func TestLineBeyond65535(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(validDoc, `<Организация ИНН="7707083893"/>`,
		strings.Repeat("\n", 70000)+`<Организация ИНН="1"/>`, 1)
	errs := diagnostics(testSchema(t).Validate([]byte(doc)))
	if len(errs) != 1 || errs[0].Line != 70004 || errs[0].Attribute != "ИНН" {
		t.Errorf("got %+v, want one error on line 70004", errs)
	}
}

// TestOnlySyntaxErrorsWhenMalformed: the validator runs while the document
// is parsed, but a document that is not well-formed, or is refused while
// parsing, reports the parser's diagnostics (or the refusal) only.
func TestOnlySyntaxErrorsWhenMalformed(t *testing.T) {
	t.Parallel()
	invalid := strings.Replace(validDoc, `ИНН="7743321818"`, `ИНН="1"`, 1)
	for _, tc := range []struct {
		name string
		doc  string
		err  error
	}{
		{"unclosed", strings.Replace(invalid, "</Заявка>", "", 1), nil},
		{"undeclared prefix", strings.Replace(invalid, "<Примечание>Проверка</Примечание>", "<p:x/>", 1), nil},
		{"too deep", strings.Replace(invalid, "<Примечание>Проверка</Примечание>", strings.Repeat("<a>", 300), 1), ErrTooDeep},
		{"DOCTYPE after violations", strings.Replace(invalid, "</Заявка>", "</Заявка><!DOCTYPE x>", 1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := testSchema(t).Validate([]byte(tc.doc))
			var se *SyntaxError
			if !errors.As(err, &se) || se.Err != tc.err {
				t.Fatalf("want a *SyntaxError wrapping %v, got %v", tc.err, err)
			}
			for _, e := range se.Errors {
				if e.Domain == DomainSchemasV {
					t.Errorf("validity diagnostic in a syntax error: %+v", e)
				}
			}
			if se.Omitted != 0 {
				t.Errorf("omitted %d", se.Omitted)
			}
		})
	}
}

// TestTextPieces: an element's text reaches the validator whole, however
// the parser delivers it (character references, comments, processing
// instructions, CDATA sections).
func TestTextPieces(t *testing.T) {
	t.Parallel()
	s := testSchema(t)
	for _, tc := range []struct {
		name, text string
		length     int // in characters; Примечание allows 100
	}{
		{"character references", strings.Repeat("&#x44F;", 100), 100},
		{"character references, one too many", strings.Repeat("&#x44F;", 101), 101},
		{"predefined entities", strings.Repeat("&lt;", 50) + strings.Repeat("&amp;", 51), 101},
		{"comments", strings.Repeat("ab<!-- c -->", 50), 100},
		{"comments, one too many", strings.Repeat("ab<!-- c -->", 50) + "x", 101},
		{"processing instructions", strings.Repeat("ab<?pi x?>", 51), 102},
		{"CDATA", strings.Repeat("a<![CDATA[<b>]]>", 25), 100},
		{"CDATA, one too many", strings.Repeat("a<![CDATA[<b>]]>", 25) + "<![CDATA[c]]>", 101},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := strings.Replace(validDoc, "Проверка", tc.text, 1)
			err := s.Validate([]byte(doc))
			if tc.length <= 100 {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				return
			}
			errs := diagnostics(err)
			if kind(err) != "invalid" || len(errs) != 1 || errs[0].Element != "Примечание" ||
				!strings.Contains(errs[0].Message, fmt.Sprintf("has a length of '%d'", tc.length)) {
				t.Errorf("got %v", err)
			}
		})
	}
}

// TestSeveralViolations checks that every violation is reported, in order,
// each with its own line.
func TestSeveralViolations(t *testing.T) {
	t.Parallel()
	doc := `<Заявка xmlns="urn:registrar:test" Версия="1.0">
<Организация ИНН="1"/>
<Организация ИНН="7743321818" КПП="1"/>
<Организация ИНН="7743321818" Вид="?"/>
</Заявка>`
	err := testSchema(t).Validate([]byte(doc))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	want := []struct {
		line int
		attr string
	}{{2, "ИНН"}, {3, "КПП"}, {4, "Вид"}}
	if len(ve.Errors) != len(want) || ve.Omitted != 0 {
		t.Fatalf("got %d errors (+%d omitted): %v", len(ve.Errors), ve.Omitted, ve)
	}
	for i, w := range want {
		if e := ve.Errors[i]; e.Line != w.line || e.Attribute != w.attr {
			t.Errorf("error %d at line %d on %q, want line %d on %q", i, e.Line, e.Attribute, w.line, w.attr)
		}
	}
	if !strings.Contains(err.Error(), "(and 2 more)") {
		t.Errorf("Error() = %q", err)
	}
}

// TestLongValues feeds values that crash the stock lestrrat-go/libxml2
// binding (its error helper overflows a 1 KiB stack buffer).
func TestLongValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		value  string
		maxMsg int
		full   bool // the whole value is expected in the message
	}{
		{"12000 ASCII, default cap", strings.Repeat("7", 12000), 0, false},
		{"12000 ASCII, large cap", strings.Repeat("7", 12000), 1 << 20, true},
		{"12000 Cyrillic, default cap", strings.Repeat("Я", 12000), 0, false},
		{"12000 Cyrillic, large cap", strings.Repeat("Я", 12000), 1 << 20, true},
		{"50000 ASCII, large cap", strings.Repeat("7", 50000), 1 << 20, true},
		// libxml2 itself cuts a message over 64,000 bytes to 149 bytes.
		{"50000 Cyrillic, large cap", strings.Repeat("Я", 50000), 1 << 20, false},
		{"odd cap", strings.Repeat("Я", 12000), 1001, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := compile(t, testXSD, Config{MaxMessageLen: tc.maxMsg})
			doc := strings.Replace(validDoc, `КПП="770101001"`, `КПП="`+tc.value+`"`, 1)
			err := s.Validate([]byte(doc))
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want *ValidationError, got %v", err)
			}
			e := ve.Errors[0]
			if e.Line != 3 || e.Attribute != "КПП" || !strings.Contains(e.Message, "[facet 'length']") {
				t.Errorf("unexpected first error: %s", short(e.String()))
			}
			if !utf8.ValidString(e.Message) {
				t.Errorf("message is not valid UTF-8")
			}
			limit := tc.maxMsg
			if limit == 0 {
				limit = DefaultMaxMessageLen
			}
			if len(e.Message) > limit+len("…") {
				t.Errorf("message of %d bytes exceeds the cap %d", len(e.Message), limit)
			}
			if got := strings.Contains(e.Message, tc.value); got != tc.full {
				t.Errorf("full value in message: %v, want %v (message %d bytes)", got, tc.full, len(e.Message))
			}
			if tc.full && !strings.Contains(e.Message, "has a length of '") {
				t.Errorf("message lacks its end: %s", short(e.Message))
			}
			if !tc.full && len(e.Message) > 200 && !strings.HasSuffix(e.Message, "…") {
				t.Errorf("truncated message does not end in …")
			}
		})
	}
}

func TestLargeEnumeration(t *testing.T) {
	t.Parallel()
	doc := strings.Replace(validDoc, `Код="Код-значение-007"`, `Код="Код-значение-999"`, 1)
	for _, maxMsg := range []int{0, 1 << 20} {
		s := compile(t, testXSD, Config{MaxMessageLen: maxMsg})
		err := s.Validate([]byte(doc))
		errs := diagnostics(err)
		if kind(err) != "invalid" || len(errs) != 1 {
			t.Fatalf("want one violation, got %v", err)
		}
		e := errs[0]
		if e.Line != 3 || e.Attribute != "Код" || !strings.Contains(e.Message, "[facet 'enumeration']") {
			t.Errorf("unexpected error: %s", short(e.String()))
		}
		full := strings.Contains(e.Message, "'Код-значение-200'}")
		if maxMsg == 0 && (full || !strings.HasSuffix(e.Message, "…") || len(e.Message) > DefaultMaxMessageLen+3) {
			t.Errorf("default cap: message of %d bytes not cut", len(e.Message))
		}
		if maxMsg != 0 && !full {
			t.Errorf("large cap: message lacks the end of the set: …%s", e.Message[max(0, len(e.Message)-100):])
		}
	}
}

func TestMaxErrors(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`<Заявка xmlns="urn:registrar:test" Версия="1.0">`)
	for range 1000 {
		b.WriteString("\n<Организация ИНН='x'/>")
	}
	b.WriteString("</Заявка>")
	for _, max := range []int{0, 3} {
		s := compile(t, testXSD, Config{MaxErrors: max})
		err := s.Validate([]byte(b.String()))
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("want *ValidationError, got %v", err)
		}
		want := max
		if want == 0 {
			want = DefaultMaxErrors
		}
		if len(ve.Errors) != want || ve.Omitted != 1000-want {
			t.Errorf("MaxErrors %d: kept %d, omitted %d", max, len(ve.Errors), ve.Omitted)
		}
		if last := ve.Errors[len(ve.Errors)-1]; last.Line != want+1 {
			t.Errorf("last kept error on line %d, want %d", last.Line, want+1)
		}
		if !strings.Contains(err.Error(), "(and 999 more)") {
			t.Errorf("Error() = %s", err)
		}
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	t.Parallel()
	doc := "<Заявка xmlns='urn:registrar:test' Версия='1.0'>\n  <Организация ИНН='7743321818'\n  <b/>\n</Заявка>"
	err := testSchema(t).Validate([]byte(doc))
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want *SyntaxError, got %v", err)
	}
	if se.Line != 3 || se.Column == 0 || se.Err != nil {
		t.Errorf("got %+v", se)
	}
	if se.Errors[0].Domain != DomainParser || se.Errors[0].Level != LevelFatal || se.Errors[0].Code == 0 {
		t.Errorf("first error %+v", se.Errors[0])
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, xsd, contains string
		line                int
	}{
		{"empty", "", "0 bytes", 0},
		{"not XML", "<xs:schema", "", 1},
		{"not a schema", "<a/>", "not a schema", 0},
		{"unknown type", `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:element name="a" type="нет"/></xs:schema>`, "нет", 2},
		{"bad facet", `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="t"><xs:restriction base="xs:string">
<xs:pattern value="[unclosed"/></xs:restriction></xs:simpleType></xs:schema>`, "pattern", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Compile([]byte(tc.xsd), Config{Name: "bad.xsd"})
			var ce *SchemaError
			if !errors.As(err, &ce) || s != nil {
				t.Fatalf("want *SchemaError, got %v", err)
			}
			t.Log(err)
			if errors.Is(err, ErrExternal) || errors.Is(err, ErrInternal) {
				t.Errorf("unexpected cause: %v", err)
			}
			// The diagnostic that names the problem, with its line: libxml2
			// may report others (the regular-expression compiler's) first.
			found := false
			for _, e := range ce.Errors {
				t.Logf("  %+v", e)
				if strings.Contains(e.Message, tc.contains) && e.Line == tc.line {
					found = true
				}
			}
			if !found {
				t.Errorf("no diagnostic containing %q at line %d", tc.contains, tc.line)
			}
		})
	}
	if _, err := Compile([]byte(testXSD), Config{Name: "../x.xsd"}); err == nil {
		t.Error("invalid Name accepted")
	}
}

func TestClose(t *testing.T) {
	t.Parallel()
	s, err := Compile([]byte(testXSD), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate([]byte(validDoc)); err != nil {
		t.Fatal(err)
	}
	if s.Close() != nil || s.Close() != nil {
		t.Error("Close returned an error")
	}
	if err := s.Validate([]byte(validDoc)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v, want ErrClosed", err)
	}
}

// includeFS is a schema split over files: the main one includes a sibling
// and imports a schema from another folder, which includes a third file.
// (libxml2 cannot build a URI from a non-ASCII schemaLocation, so file
// names are Latin.)
var includeFS = fstest.MapFS{
	"xsd/main.xsd": {Data: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:main" xmlns:c="urn:common"
           targetNamespace="urn:main" elementFormDefault="qualified">
  <xs:include schemaLocation="types.xsd"/>
  <xs:import namespace="urn:common" schemaLocation="../common/common.xsd"/>
  <xs:element name="Корень">
    <xs:complexType>
      <xs:sequence><xs:element ref="c:Общий"/></xs:sequence>
      <xs:attribute name="Код" type="КодТип" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`)},
	"xsd/types.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:main" targetNamespace="urn:main">
  <xs:simpleType name="КодТип"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{3}"/></xs:restriction></xs:simpleType>
</xs:schema>`)},
	"common/common.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:common" targetNamespace="urn:common">
  <xs:include schemaLocation="sub/leaf.xsd"/>
  <xs:element name="Общий" type="ЛистТип"/>
</xs:schema>`)},
	"common/sub/leaf.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:common" targetNamespace="urn:common">
  <xs:simpleType name="ЛистТип"><xs:restriction base="xs:string"><xs:enumeration value="да"/></xs:restriction></xs:simpleType>
</xs:schema>`)},
}

func TestIncludeFromMemory(t *testing.T) {
	t.Parallel()
	s, err := CompileFS(includeFS, "xsd/main.xsd", Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ok := `<Корень xmlns="urn:main" xmlns:c="urn:common" Код="123"><c:Общий>да</c:Общий></Корень>`
	if err := s.Validate([]byte(ok)); err != nil {
		t.Errorf("valid document: %v", err)
	}
	for _, bad := range []string{
		strings.Replace(ok, `Код="123"`, `Код="12"`, 1),   // type from the include
		strings.Replace(ok, `>да<`, `>нет<`, 1),           // type from the import's include
		strings.Replace(ok, `c:Общий`, `c:Чужой`, 2),      // element from the import
		strings.Replace(ok, `urn:common`, `urn:other`, 1), // wrong namespace
	} {
		if err := s.Validate([]byte(bad)); kind(err) != "invalid" {
			t.Errorf("%s: got %v, want a violation", bad, err)
		}
	}

	// The same files without the one the import needs: refused, and
	// nothing is looked up outside the map.
	partial := fstest.MapFS{"xsd/main.xsd": includeFS["xsd/main.xsd"], "xsd/types.xsd": includeFS["xsd/types.xsd"]}
	if _, err := CompileFS(partial, "xsd/main.xsd", Config{}); !errors.Is(err, ErrExternal) {
		t.Errorf("missing import: %v, want ErrExternal", err)
	}
	// Without Files, includes are refused.
	if _, err := Compile(includeFS["xsd/main.xsd"].Data, Config{}); !errors.Is(err, ErrExternal) {
		t.Errorf("no Files: %v, want ErrExternal", err)
	}
}
