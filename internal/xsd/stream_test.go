package xsd

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sentinels are the errors a Validate result may wrap.
var sentinels = []error{ErrTooLarge, ErrEmpty, ErrDoctype, ErrTooDeep, ErrTooManyAttributes,
	ErrTooManyNamespaces, ErrEncoding, ErrClosed, ErrInternal}

// omittedOf returns the Omitted count of a Validate result.
func omittedOf(err error) int {
	var se *SyntaxError
	var ve *ValidationError
	switch {
	case errors.As(err, &se):
		return se.Omitted
	case errors.As(err, &ve):
		return ve.Omitted
	}
	return 0
}

// differsFromTree validates doc both ways and describes how the streaming
// result differs from the tree's, or returns "". Allowed, as documented in
// the package comment: a line beyond 65535 (the tree keeps 16 bits); a text
// node over XML_MAX_TEXT_LENGTH refused by the binding, not by the tree
// builder.
func differsFromTree(s *Schema, doc []byte) string {
	stream, tree := s.Validate(doc), s.ValidateTree(doc)
	if k1, k2 := kind(stream), kind(tree); k1 != k2 {
		return fmt.Sprintf("verdict: stream %s (%v), tree %s (%v)", k1, short(fmt.Sprint(stream)), k2, short(fmt.Sprint(tree)))
	}
	for _, e := range sentinels {
		if errors.Is(stream, e) != errors.Is(tree, e) {
			return fmt.Sprintf("sentinel %v: stream %v, tree %v", e, stream, tree)
		}
	}
	if errs := diagnostics(stream); len(errs) > 0 && strings.HasPrefix(errs[0].Message, "text node longer than") {
		if d := diagnostics(tree); len(d) == 0 || !strings.Contains(d[0].Message, "huge text node") {
			return fmt.Sprintf("huge text: tree %v", tree)
		}
		return ""
	}
	if o1, o2 := omittedOf(stream), omittedOf(tree); o1 != o2 {
		return fmt.Sprintf("omitted: stream %d, tree %d", o1, o2)
	}
	e1, e2 := diagnostics(stream), diagnostics(tree)
	if len(e1) != len(e2) {
		return fmt.Sprintf("%d diagnostics in the stream, %d in the tree:\n%v\n%v", len(e1), len(e2), e1, e2)
	}
	for i := range e1 {
		a, b := e1[i], e2[i]
		if b.Line == 65535 && a.Line >= 65535 {
			a.Line = b.Line
		}
		if a != b {
			return fmt.Sprintf("diagnostic %d:\nstream %+v\ntree   %+v", i, a, b)
		}
	}
	if stream != nil && tree != nil && stream.Error() != tree.Error() {
		return fmt.Sprintf("message: stream %q, tree %q", stream, tree)
	}
	return ""
}

var (
	attrRe = regexp.MustCompile(` [\p{L}\p{N}:]+="[^"]*"`)
	tagRe  = regexp.MustCompile(`<[\p{L}][^>]*>`)
)

// mutants derives documents from doc, deterministically: each attribute
// removed, emptied, shortened, lengthened, duplicated or joined by an
// unknown one; at each start tag an unexpected element, text or child, an
// undeclared prefix, a dropped tag or a foreign namespace; each line dropped
// or doubled; truncations; random byte edits. With few, only the random
// edits and truncations, n of them.
func mutants(doc []byte, seed uint64, few bool, n int) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := [][]byte{doc}
	add := func(parts ...[]byte) { out = append(out, bytes.Join(parts, nil)) }
	b := func(s string) []byte { return []byte(s) }
	if !few {
		for _, loc := range attrRe.FindAllIndex(doc, -1) {
			pre, a, post := doc[:loc[0]], doc[loc[0]:loc[1]], doc[loc[1]:]
			name := a[:bytes.IndexByte(a, '=')]
			add(pre, post)
			add(pre, name, b(`=""`), post)
			add(pre, name, b(`="x"`), post)
			add(pre, name, b(`="`+strings.Repeat("Я", 300)+`"`), post)
			add(pre, a, a, post)
			add(pre, a, b(` Лишний="1"`), post)
		}
		for _, loc := range tagRe.FindAllIndex(doc, -1) {
			pre, tag, post := doc[:loc[0]], doc[loc[0]:loc[1]], doc[loc[1]:]
			add(pre, b("<Чужой/>"), tag, post)
			add(pre, tag, b("текст"), post)
			add(pre, tag, b("\n<Чужой>\n</Чужой>"), post)
			add(pre, tag, b("<!-- c -->x<?pi?>y<![CDATA[z]]>&#x44F;"), post)
			add(pre, b("<p:x/>"), tag, post)
			add(pre, post)
			add(pre, tag[:1], b("q:"), tag[1:len(tag)-1], b(` xmlns:q="urn:q"`), tag[len(tag)-1:], post)
		}
		lines := bytes.SplitAfter(doc, b("\n"))
		for i := range lines {
			add(bytes.Join(lines[:i], nil), bytes.Join(lines[i+1:], nil))
			add(bytes.Join(lines[:i+1], nil), lines[i], bytes.Join(lines[i+1:], nil))
		}
	}
	for range n {
		out = append(out, doc[:rng.IntN(len(doc))])
		m := bytes.Clone(doc)
		for range 1 + rng.IntN(3) {
			p := rng.IntN(len(m))
			switch rng.IntN(3) {
			case 0:
				m[p] = byte(rng.IntN(256))
			case 1:
				m[p] = "<>/=\"' &;x9"[rng.IntN(11)]
			default:
				m = append(m[:p:p], m[p+1:]...)
			}
		}
		out = append(out, m)
	}
	return out
}

// idcXSD has identity constraints (key, keyref), typed simple content,
// mixed content and a wildcard.
const idcXSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r">
    <xs:complexType><xs:sequence>
      <xs:element name="k" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:string"/></xs:complexType></xs:element>
      <xs:element name="ref" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:attribute name="to" type="xs:string"/></xs:complexType></xs:element>
      <xs:element name="t" minOccurs="0" type="xs:int"/>
      <xs:element name="mixed" minOccurs="0"><xs:complexType mixed="true"><xs:sequence><xs:element name="b" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="any" minOccurs="0"><xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
    <xs:key name="K"><xs:selector xpath="k"/><xs:field xpath="@id"/></xs:key>
    <xs:keyref name="R" refer="K"><xs:selector xpath="ref"/><xs:field xpath="@to"/></xs:keyref>
  </xs:element>
</xs:schema>`

var idcDocs = []string{
	"<r><k id='a'/><k id='b'/><ref to='a'/></r>",
	"<r>\n<k id='a'/>\n<k id='a'/>\n<ref to='a'/>\n</r>",
	"<r>\n<k id='a'/>\n<ref\n to='zz'/>\n</r>",
	"<r><k id='a'/><t>12x</t></r>",
	"<r><k id='a'/><t>\n 12 \n</t></r>",
	"<r><k id='a'/>text<t>1</t></r>",
	"<r><k id='a'/><t>1</t>tail</r>",
	"<r><k id='a'/><mixed>a<b/>b</mixed></r>",
	"<r><k id='a'/><mixed>a<b/><b/></mixed></r>",
	"<r><k id='a'/><any><x><y>1</y></x><k/></any></r>",
	"<r><k id='a'/><t><![CDATA[5]]></t></r>",
	"<r><k id='a'/><t><![CDATA[x]]></t></r>",
	"<r><k id='a'/><t>1<!-- c -->2<?p?>3</t></r>",
	"<r><k id='a'><z/></k></r>",
	"<r><k id='a'>text</k></r>",
	"<r><k id='a'/><t>1</t><t>2</t></r>",
	"<r/>",
	"<r><k id='a'/><t>&#x31;&#x32;</t></r>",
	"<r><k id='a'/><t>&lt;</t></r>",
	"<x:r xmlns:x='u'/>",
	"<r xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><k id='a' xsi:nil='true'/></r>",
	"<r xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><k id='a'/><t xsi:type='xs:string' xmlns:xs='http://www.w3.org/2001/XMLSchema'>a</t></r>",
	"<r xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><k id='a'/><t xsi:type='nope'>1</t></r>",
}

// mchdFixtures returns the МЧД documents under testdata/fixtures/mchd.
func mchdFixtures(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("../../testdata/fixtures/mchd/*.xml")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("../../testdata/fixtures/mchd/rules/*.xml")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, name := range append(names, more...) {
		docs[strings.TrimPrefix(name, "../../testdata/fixtures/mchd/")] = mustRead(t, name)
	}
	if len(docs) < 10 {
		t.Fatalf("only %d МЧД fixtures", len(docs))
	}
	return docs
}

// TestStreamSameAsTree holds Validate to ValidateTree over the test schema,
// an identity-constraint schema and the project's МЧД schema (and the
// official one when present), on fixtures and their mutants: same verdict,
// same diagnostics but for the documented differences.
func TestStreamSameAsTree(t *testing.T) {
	t.Parallel()
	type corpus struct {
		name   string
		schema *Schema
		docs   map[string][]byte
		few    bool
	}
	idc := map[string][]byte{}
	for i, d := range idcDocs {
		idc[fmt.Sprint(i)] = []byte(d)
	}
	fixtures := mchdFixtures(t)
	own := compile(t, string(mustRead(t, "../../mchd/schema/emchd1.xsd")), Config{Name: "emchd1.xsd"})
	corpora := []corpus{
		{"test", testSchema(t), map[string][]byte{"valid": []byte(validDoc)}, false},
		{"idc", compile(t, idcXSD, Config{}), idc, false},
		{"own/representative", own, map[string][]byte{"representative.xml": fixtures["representative.xml"]}, false},
		{"own", own, fixtures, true},
	}
	if _, err := os.Stat(filepath.Join(mchdDir, "ON_EMCHD_1_928_00_01_01_01.xsd")); err == nil {
		official, sample := mchd(t)
		corpora = append(corpora, corpus{"official", official, fixtures, true},
			corpus{"official/sample", official, map[string][]byte{"sample": sample}, false})
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n, verdicts := 0, map[string]int{}
			for name, doc := range c.docs {
				for i, m := range mutants(doc, uint64(len(doc)), c.few, 10) {
					n++
					verdicts[kind(c.schema.Validate(m))]++
					if d := differsFromTree(c.schema, m); d != "" {
						t.Errorf("%s, mutant %d: %s\n%s", name, i, d, short(string(m)))
					}
				}
			}
			if verdicts["invalid"] == 0 || verdicts["syntax"] == 0 {
				t.Errorf("corpus too narrow: %v", verdicts)
			}
			t.Logf("%d documents: %v", n, verdicts)
		})
	}
}

// TestKeyrefLine: a failed xs:keyref is reported with the line of the
// referring element, as the tree path reports it (Validate validates such a
// document a second time, by the tree path). libxml2 gives no node for it:
// no Element, no Path, the element named in the message only.
func TestKeyrefLine(t *testing.T) {
	t.Parallel()
	s := compile(t, idcXSD, Config{})
	doc := "<r>\n<k id='a'/>\n<ref to='a'/>\n<ref\n to='zz'/>\n<t>x</t>\n</r>"
	errs := diagnostics(s.Validate([]byte(doc)))
	if len(errs) != 2 || errs[0].Element != "t" || errs[0].Line != 6 || errs[0].Path != "/r/t" ||
		errs[1].Line != 5 || errs[1].Code != codeIDC ||
		!strings.Contains(errs[1].Message, "Element 'ref': No match found for key-sequence ['zz']") {
		t.Errorf("got %#v", errs)
	}
}
