package xsd

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// hostileTimeout bounds every hostile case. The small ones take
// milliseconds; the 10 MiB ones about a second on an idle machine (most of it
// in libxml2 building and walking a tree of up to 40 times the document's
// size), several times more under -race on a busy CI machine.
const hostileTimeout = 60 * time.Second

// listener counts TCP connections on a local port; hostile schemas and
// documents point there to prove nothing is ever fetched.
func listener(t *testing.T) (addr string, connections *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no local listener: %v", err)
	}
	connections = new(atomic.Int32)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			connections.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() {
		time.Sleep(50 * time.Millisecond) // let a late connection be counted
		ln.Close()
		if n := connections.Load(); n != 0 {
			t.Errorf("%d network connection(s) to %s", n, addr)
		}
	})
	return ln.Addr().String(), connections
}

// timed runs f and fails the test when it takes longer than hostileTimeout.
func timed(t *testing.T, f func() error) error {
	t.Helper()
	start := time.Now()
	err := f()
	d := time.Since(start)
	t.Logf("%v: %s", d.Round(time.Millisecond), short(fmt.Sprint(err)))
	if d > hostileTimeout {
		t.Errorf("took %v", d)
	}
	return err
}

// noLeak fails if err mentions the contents of /etc/passwd.
func noLeak(t *testing.T, err error) {
	t.Helper()
	if err != nil && (strings.Contains(err.Error(), "root:") || strings.Contains(fmt.Sprintf("%+v", diagnostics(err)), "root:")) {
		t.Errorf("file content leaked: %v", err)
	}
}

func TestHostileDocuments(t *testing.T) {
	t.Parallel()
	addr, _ := listener(t)
	s := testSchema(t)
	root := `<Заявка xmlns="urn:registrar:test" Версия="1.0"><Организация ИНН="7743321818"/>`
	repeat := func(prefix, unit, suffix string, size int) string {
		var b strings.Builder
		b.WriteString(prefix)
		for b.Len()+len(unit)+len(suffix) <= size {
			b.WriteString(unit)
		}
		b.WriteString(suffix)
		return b.String()
	}
	attrs := func(n int, format string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	nsScope := func() string { // 250 levels × 100 declarations, then prefixed names
		var b strings.Builder
		b.WriteString(`<Заявка xmlns:p="urn:p">`)
		for range 250 {
			b.WriteString("<a" + attrs(100, ` xmlns:q%d="urn:q"`) + ">")
		}
		for b.Len() < 2<<20 {
			b.WriteString("<p:x/>")
		}
		return b.String()
	}
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Заявка xmlns="urn:registrar:test" Версия="1.0"><Организация ИНН="7743321818"/><Примечание>&lol9;</Примечание></Заявка>`

	tests := []struct {
		name string
		doc  string
		want error  // sentinel, or nil for a plain syntax / validity error
		kind string // "syntax", "invalid" or "" (only want is checked)
		line int
	}{
		{name: "XXE file", kind: "syntax", want: ErrDoctype, line: 2, doc: "<?xml version=\"1.0\"?>\n" +
			`<!DOCTYPE Заявка [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + "\n" + root + "<Примечание>&x;</Примечание></Заявка>"},
		{name: "XXE http", kind: "syntax", want: ErrDoctype, doc: `<!DOCTYPE Заявка [<!ENTITY x SYSTEM "http://` + addr + `/x">]>` + root + "<Примечание>&x;</Примечание></Заявка>"},
		{name: "parameter entity", kind: "syntax", want: ErrDoctype, doc: `<!DOCTYPE Заявка [<!ENTITY % p SYSTEM "http://` + addr + `/p.dtd"> %p;]>` + root + "</Заявка>"},
		{name: "external DTD", kind: "syntax", want: ErrDoctype, line: 1, doc: `<!DOCTYPE Заявка SYSTEM "http://` + addr + `/x.dtd">` + root + "</Заявка>"},
		{name: "external DTD file", kind: "syntax", want: ErrDoctype, doc: `<!DOCTYPE Заявка PUBLIC "-//x//y" "/etc/passwd">` + root + "</Заявка>"},
		{name: "billion laughs", kind: "syntax", want: ErrDoctype, line: 2, doc: laughs},
		{name: "DOCTYPE after root", kind: "syntax", doc: root + "</Заявка><!DOCTYPE x>"},
		{name: "xsi:schemaLocation hint", kind: "valid", doc: strings.Replace(validDoc, `Версия="1.0"`,
			`Версия="1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:registrar:test http://`+addr+`/s.xsd"`, 1)},
		{name: "xsi:noNamespaceSchemaLocation hint", kind: "invalid", doc: `<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="file:///etc/passwd"/>`},
		{name: "XInclude is inert", kind: "invalid", doc: strings.Replace(validDoc, `<Примечание>Проверка</Примечание>`,
			`<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>`, 1)},
		{name: "10000-deep nesting", kind: "syntax", want: ErrTooDeep, line: 1, doc: strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000)},
		{name: "10000-deep unclosed", kind: "syntax", want: ErrTooDeep, doc: strings.Repeat("<a>\n", 10000)},
		{name: "depth 256 passes", kind: "invalid", doc: strings.Repeat("<a>", 256) + strings.Repeat("</a>", 256)},
		{name: "depth 257 refused", kind: "syntax", want: ErrTooDeep, doc: strings.Repeat("<a>", 257) + strings.Repeat("</a>", 257)},
		{name: "invalid UTF-8 byte", kind: "syntax", line: 1, doc: root + "<Примечание>\xff</Примечание></Заявка>"},
		{name: "overlong UTF-8", kind: "syntax", doc: root + "<Примечание>\xc0\xaf</Примечание></Заявка>"},
		{name: "UTF-8 surrogate", kind: "syntax", doc: root + "<Примечание>\xed\xa0\x80</Примечание></Заявка>"},
		{name: "invalid UTF-8 in name", kind: "syntax", doc: "<\xd0>"},
		{name: "NUL byte", kind: "syntax", doc: root + "<Примечание>a\x00b</Примечание></Заявка>"},
		{name: "char ref to NUL", kind: "syntax", doc: root + "<Примечание>&#0;</Примечание></Заявка>"},
		{name: "char ref to surrogate", kind: "syntax", doc: root + "<Примечание>&#xD800;</Примечание></Заявка>"},
		{name: "undefined entity", kind: "syntax", doc: root + "<Примечание>&x;</Примечание></Заявка>"},
		{name: "empty", kind: "syntax", want: ErrEmpty, doc: ""},
		{name: "BOM only", kind: "syntax", doc: "\xef\xbb\xbf"},
		{name: "UTF-16LE BOM", kind: "syntax", want: ErrEncoding, line: 1, doc: "\xff\xfe<\x00a\x00/\x00>\x00"},
		{name: "UTF-16BE BOM", kind: "syntax", want: ErrEncoding, doc: "\xfe\xff\x00<\x00a\x00/\x00>"},
		{name: "UTF-16 without BOM", kind: "syntax", want: ErrEncoding, doc: "<\x00?\x00x\x00m\x00l\x00 \x00"},
		{name: "UCS-4", kind: "syntax", want: ErrEncoding, doc: "\x00\x00\x00<\x00\x00\x00a"},
		{name: "EBCDIC", kind: "syntax", want: ErrEncoding, doc: "\x4c\x6f\xa7\x94\x93\x40"},
		{name: "UTF-7 declared", kind: "syntax", want: ErrEncoding, doc: `<?xml version="1.0" encoding="UTF-7"?>+ADw-a/+AD4-`},
		{name: "UTF-16 declared", kind: "syntax", want: ErrEncoding, doc: `<?xml version="1.0" encoding="UTF-16"?><a/>`},
		{name: "unknown encoding", kind: "syntax", want: ErrEncoding, doc: `<?xml version="1.0" encoding="x-unknown"?><a/>`},
		{name: "unquoted encoding", kind: "syntax", want: ErrEncoding, doc: `<?xml version="1.0" encoding=UTF-7?><a/>`},
		{name: "second encoding", kind: "syntax", want: ErrEncoding, doc: `<?xml version="1.0" encoding="UTF-8" encoding="UTF-7"?><a/>`},
		{name: "KOI8-R accepted", kind: "invalid", doc: "<?xml version='1.0' encoding='KOI8-R'?>\n<\xfa\xc1\xd1\xd7\xcb\xc1/>"},
		{name: "257 attributes", kind: "syntax", want: ErrTooManyAttributes, line: 2,
			doc: root + "\n<Организация ИНН='7743321818'" + attrs(256, " a%d=''") + "/></Заявка>"},
		{name: "256 attributes", kind: "invalid", doc: root + "<Организация" + attrs(256, " a%d=''") + "/></Заявка>"},
		{name: "attributes with '>' in values", kind: "syntax", want: ErrTooManyAttributes,
			doc: root + "<Организация" + attrs(300, " a%d='>'") + "/></Заявка>"},
		{name: "200000 attributes", kind: "syntax", want: ErrTooManyAttributes, doc: "<a" + attrs(200000, " a%d=''") + "/>"},
		{name: "attributes in a comment", kind: "syntax", want: ErrTooManyAttributes, doc: "<!--" + attrs(300, " a%d=''") + "--><a/>"},
		{name: "101 namespace declarations", kind: "syntax", want: ErrTooManyNamespaces,
			doc: "<a" + attrs(50, " xmlns:p%d='urn:x'") + "><b" + attrs(51, " xmlns:q%d='urn:x'") + "/></a>"},
		{name: "namespace scope", kind: "syntax", want: ErrTooManyNamespaces, doc: nsScope()},
		// 9.9 MB: past 10,000,000 bytes, the Debian build of libxml2 2.9.14
		// refuses this one ("Huge input lookup", a syntax error).
		{name: "9.9 MB of 256-attribute elements", kind: "invalid",
			doc: repeat(root, "<Организация"+attrs(256, " a%d=''")+"/>\n", "</Заявка>", 9_900_000)},
		{name: "10 MiB of 256-attribute elements", kind: "syntax",
			doc: repeat(root, "<Организация"+attrs(256, " a%d=''")+"/>\n", "</Заявка>", 10<<20)},
		{name: "10 MiB of violations", kind: "invalid", doc: repeat(root, "<Организация ИНН='1'/>\n", "</Заявка>", 10<<20)},
		{name: "10 MiB valid", kind: "valid", doc: repeat(root, "<Организация ИНН='7743321818'/>\n", "</Заявка>", 10<<20)},
		// libxml2 refuses text nodes over 10,000,000 bytes without HUGE.
		{name: "10 MiB text", kind: "syntax", doc: repeat(root+"<Примечание>", "текст ", "</Примечание></Заявка>", 10<<20)},
		// libxml2 refuses attribute values over 10,000,000 bytes without HUGE.
		{name: "10 MiB attribute value", kind: "syntax", doc: repeat(root+"<Организация ИНН='", "1", "'/></Заявка>", 10<<20)},
		{name: "10 MiB name", kind: "syntax", doc: repeat("<", "a", "/>", 10<<20)},
		{name: "10 MiB of char refs", kind: "invalid", doc: repeat(root+"<Примечание>", "&#x44F;", "</Примечание></Заявка>", 10<<20)},
		{name: "10 MiB of comments", kind: "valid", doc: strings.Replace(repeat(validDoc, "<!-- x -->", "", 10<<20), "</Заявка>\n", "", 1) + "</Заявка>"},
		{name: "over the size limit", want: ErrTooLarge, doc: strings.Repeat("<a/>", (10<<20)/4+1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Large documents one at a time: each may take some 400 MB of
			// C heap while it is validated.
			if len(tc.doc) < 1<<20 {
				t.Parallel()
			}
			err := timed(t, func() error { return s.Validate([]byte(tc.doc)) })
			noLeak(t, err)
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", short(fmt.Sprint(err)), tc.want)
			}
			if tc.kind != "" && kind(err) != tc.kind {
				t.Errorf("kind %s, want %s", kind(err), tc.kind)
			}
			if tc.line != 0 {
				var se *SyntaxError
				if !errors.As(err, &se) || se.Line != tc.line {
					t.Errorf("want a *SyntaxError at line %d, got %#v", tc.line, err)
				}
			}
			// The large documents' verdicts are those the tree path gave
			// when it was Validate's (the table above has not changed).
			if len(tc.doc) < 1<<20 {
				if d := differsFromTree(s, []byte(tc.doc)); d != "" {
					t.Errorf("stream and tree differ: %s", d)
				}
			}
		})
	}
}

func TestSizeLimit(t *testing.T) {
	t.Parallel()
	s := compile(t, testXSD, Config{MaxDocumentSize: len(validDoc)})
	if err := s.Validate([]byte(validDoc)); err != nil {
		t.Errorf("document at the limit: %v", err)
	}
	if err := s.Validate([]byte(validDoc + " ")); !errors.Is(err, ErrTooLarge) {
		t.Errorf("document over the limit: %v", err)
	}
	if err := s.Validate(nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil document: %v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	t.Parallel()
	nested := func(n int) []byte {
		return []byte(strings.Repeat("<a>", n) + strings.Repeat("</a>", n))
	}
	s := compile(t, testXSD, Config{MaxDepth: 10})
	if err := s.Validate(nested(10)); kind(err) != "invalid" {
		t.Errorf("depth 10: %v", err)
	}
	err := s.Validate(nested(11))
	var se *SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrTooDeep) || se.Line != 1 || se.Column == 0 {
		t.Errorf("depth 11: %#v", err)
	}
	// libxml2's own limit, without ours: xmlParserMaxDepth is 256 unless
	// XML_PARSE_HUGE (never set here); 2.9.14 checks it so that 257 levels
	// pass and the 258th is refused.
	s = testSchema(t)
	if err := s.validate(nested(257), 0, false, false); kind(err) != "invalid" {
		t.Errorf("libxml2, depth 257: %v", err)
	}
	err = s.validate(nested(258), 0, false, false)
	if kind(err) != "syntax" || errors.Is(err, ErrTooDeep) || !strings.Contains(err.Error(), "Excessive depth in document: 256") {
		t.Errorf("libxml2, depth 258: %v", err)
	}
	// A MaxDepth above 256 is lowered to 256.
	s = compile(t, testXSD, Config{MaxDepth: 100000})
	if err := s.Validate(nested(257)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("MaxDepth 100000, depth 257: %v", err)
	}
}

// TestBehindTheDoctypeRefusal checks the defences that would remain if
// DOCTYPE declarations were let through: no entity expansion (no NOENT, and
// no SAX handler records a declaration), no DTD loading (no DTDLOAD, no
// external-subset handler), no network (NONET, and the entity loader). The
// documents may then be accepted (an unread external DTD changes nothing) or
// not (a reference to an entity is one to an undefined entity); what
// matters is no file content, no connection, little time.
func TestBehindTheDoctypeRefusal(t *testing.T) {
	t.Parallel()
	addr, _ := listener(t)
	s := testSchema(t)
	root := `<Заявка xmlns="urn:registrar:test" Версия="1.0"><Организация ИНН="7743321818"/>`
	for _, doc := range []string{
		`<!DOCTYPE Заявка [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + root + `<Примечание>&x;</Примечание></Заявка>`,
		`<!DOCTYPE Заявка [<!ENTITY x SYSTEM "http://` + addr + `/x">]>` + root + `<Примечание>&x;</Примечание></Заявка>`,
		`<!DOCTYPE Заявка [<!ENTITY % p SYSTEM "http://` + addr + `/p.dtd"> %p;]>` + root + `</Заявка>`,
		`<!DOCTYPE Заявка SYSTEM "http://` + addr + `/x.dtd">` + root + `</Заявка>`,
		`<!DOCTYPE Заявка SYSTEM "file:///etc/passwd">` + root + `</Заявка>`,
		`<!DOCTYPE Заявка [<!ENTITY a "` + strings.Repeat("x", 1000) + `"><!ENTITY b "` + strings.Repeat("&a;", 1000) +
			`"><!ENTITY c "` + strings.Repeat("&b;", 1000) + `">]>` + root + `<Примечание>&c;</Примечание></Заявка>`,
	} {
		err := timed(t, func() error { return s.validate([]byte(doc), DefaultMaxDepth, true, false) })
		noLeak(t, err)
	}
}

func TestHostileSchemas(t *testing.T) {
	t.Parallel()
	addr, _ := listener(t)
	schema := func(directive string) string {
		return `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t">
  ` + directive + `
  <xs:element name="a" type="xs:string"/>
</xs:schema>`
	}
	files := fstest.MapFS{
		"ok.xsd": {Data: []byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>`)},
		"xxe.xsd": {Data: []byte(`<!DOCTYPE xs:schema [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
<xs:annotation><xs:documentation>&x;</xs:documentation></xs:annotation></xs:schema>`)},
		"dtd.xsd": {Data: []byte(`<!DOCTYPE xs:schema SYSTEM "http://` + addr + `/x.dtd">
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>`)},
	}
	for _, tc := range []struct{ name, directive string }{
		{"include http", `<xs:include schemaLocation="http://` + addr + `/x.xsd"/>`},
		{"include https", `<xs:include schemaLocation="https://` + addr + `/x.xsd"/>`},
		{"include ftp", `<xs:include schemaLocation="ftp://` + addr + `/x.xsd"/>`},
		{"import http", `<xs:import namespace="urn:other" schemaLocation="http://` + addr + `/x.xsd"/>`},
		{"redefine http", `<xs:redefine schemaLocation="http://` + addr + `/x.xsd"/>`},
		{"include file URL", `<xs:include schemaLocation="file:///etc/passwd"/>`},
		{"include absolute path", `<xs:include schemaLocation="/etc/passwd"/>`},
		{"include escaping the root", `<xs:include schemaLocation="../../../../../../../../etc/passwd"/>`},
		{"include escaped escape", `<xs:include schemaLocation="%2E%2E/%2E%2E/etc/passwd"/>`},
		{"include missing file", `<xs:include schemaLocation="missing.xsd"/>`},
		{"include with XXE", `<xs:include schemaLocation="xxe.xsd"/>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, fsys := range []fstest.MapFS{nil, files} {
				cfg := Config{}
				if fsys != nil {
					cfg.Files = fsys
				}
				s, err := Compile([]byte(schema(tc.directive)), cfg)
				if s != nil {
					s.Close()
				}
				t.Logf("Files=%v: %v", fsys != nil, err)
				noLeak(t, err)
				var ce *SchemaError
				if !errors.As(err, &ce) {
					t.Fatalf("want *SchemaError, got %v", err)
				}
				if !errors.Is(err, ErrExternal) {
					t.Errorf("want ErrExternal, got %v", err)
				}
			}
		})
	}
	t.Run("included files present", func(t *testing.T) {
		// dtd.xsd names an external DTD, which is not loaded.
		for _, name := range []string{"ok.xsd", "dtd.xsd"} {
			s, err := Compile([]byte(schema(`<xs:include schemaLocation="`+name+`"/>`)), Config{Files: files})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			s.Close()
		}
	})
	t.Run("XXE in the main schema", func(t *testing.T) {
		// Parsed without NOENT: the entity stays a reference and is never
		// loaded; libxml2 then compiles the schema.
		s, err := Compile(files["xxe.xsd"].Data, Config{})
		noLeak(t, err)
		if s != nil {
			s.Close()
		}
		t.Log(err)
	})
}

// TestQuietOnBadInput checks that errors libxml2 raises without a context
// (here its regular-expression compiler's) are collected, not written to
// stderr through the global handlers.
func TestQuietOnBadInput(t *testing.T) {
	t.Parallel()
	_, err := Compile([]byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="t"><xs:restriction base="xs:string"><xs:pattern value="(("/></xs:restriction></xs:simpleType></xs:schema>`), Config{})
	var ce *SchemaError
	if !errors.As(err, &ce) {
		t.Fatalf("want *SchemaError, got %v", err)
	}
	found := false
	for _, e := range ce.Errors {
		if e.Domain == 14 { // XML_FROM_REGEXP
			found = true
		}
	}
	if !found {
		t.Errorf("regular-expression diagnostics not collected: %+v", ce.Errors)
	}
}

// panicFS panics on every Open.
type panicFS struct{}

func (panicFS) Open(string) (fs.File, error) { panic("boom") }

// TestPanickingFiles: a panic in Config.Files is contained (it would
// otherwise unwind through libxml2's C frames) and refuses the resource.
func TestPanickingFiles(t *testing.T) {
	t.Parallel()
	_, err := Compile(includeFS["xsd/main.xsd"].Data, Config{Files: panicFS{}, Name: "xsd/main.xsd"})
	if !errors.Is(err, ErrExternal) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("got %v", err)
	}
}
