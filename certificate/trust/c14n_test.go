package trust

import (
	"bytes"
	"testing"

	"github.com/beevik/etree"

	"github.com/egisz-lk/registrar/internal/oracle"
)

// c14nCases are awkward inputs for canonicalisation. xmllint keeps
// comments, the canonical forms used by XMLDSig here do not, so a case with
// comments names the same document without them as the oracle's input.
var c14nCases = []struct {
	name, in, oracleIn string
}{
	{name: "namespaces", in: `<a xmlns="urn:d" xmlns:x="urn:x" xmlns:unused="urn:u"><x:b x:c="1" d="2"><c xmlns="">t</c></x:b></a>`},
	{name: "default namespace changes", in: `<a xmlns="urn:1"><b xmlns="urn:2"><c xmlns="urn:1"/></b></a>`},
	{name: "prefix redeclared", in: `<r xmlns:p="urn:1"><p:e xmlns:p="urn:2" p:a="1"/><p:f/></r>`},
	{name: "prefix redeclared same", in: `<p:r xmlns:p="urn:1"><p:e xmlns:p="urn:1"/></p:r>`},
	{name: "comments", in: "<!-- pre --><a><!-- c -->x<b/><!--d--></a><!-- post -->", oracleIn: "<a>x<b/></a>"},
	{name: "comment inside text", in: "<a>AAA<!-- cut -->BBB</a>", oracleIn: "<a>AAABBB</a>"},
	{name: "attribute order", in: `<a xmlns:z="urn:a" xmlns:b="urn:z" b:k="1" z:k="2" c="3" a="4"/>`},
	{name: "attribute order, namespaces on an ancestor", in: `<r xmlns:z="urn:a" xmlns:b="urn:z"><e b:k="1" z:k="2"/></r>`},
	{name: "attribute order by URI not prefix", in: `<e xmlns:b="urn:a" xmlns:z="urn:z" z:j="2" b:k="1" c="0"/>`},
	{name: "attribute order xml:", in: `<e xmlns:a="urn:a" a:x="1" xml:lang="ru" b="2"/>`},
	{name: "cdata", in: `<a><![CDATA[x < y & "z" > ]]]]><![CDATA[>]]></a>`},
	{name: "whitespace and line ends", in: "<a>\r\n  <b  c = 'x'   >\t y \r</b>\n</a>\n\n"},
	{name: "attribute white space", in: "<a b=\"x\ny\tz\r\nw\rv\" c=\"p&#xA;q&#9;r&#xD;s\" d='&#x20; '/>"},
	{name: "processing instructions", in: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?pi one?>\n<a><?pi two ?><?empty?></a>\n<?pi   three?>"},
	{name: "entities", in: `<a b="&lt;&amp;&gt;&quot;&apos;">&lt;&amp;&gt;&quot;&apos;&#x410;&#13;</a>`},
	{name: "empty elements", in: `<a><b></b><c/></a>`},
	{name: "xml attributes", in: `<a xml:lang="ru"><b xml:space="preserve">x</b></a>`},
	{name: "cyrillic", in: "<Корень Атрибут=\"значение «в кавычках»\">Текст</Корень>"},
	{name: "gt in attribute", in: `<a b="x>y" c='"'>t</a>`},
	{name: "bom", in: "\xef\xbb\xbf<a>x</a>"},
}

// TestCanonicalFormAgainstXMLLint: the exclusive and the inclusive
// canonical forms of each awkward document equal xmllint's.
func TestCanonicalFormAgainstXMLLint(t *testing.T) {
	t.Parallel()
	x := oracle.XMLLintTool(t)
	for _, tc := range c14nCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			oracleIn := tc.oracleIn
			if oracleIn == "" {
				oracleIn = tc.in
			}
			for _, m := range []struct {
				name   string
				method c14nMethod
				run    func([]byte) ([]byte, error)
			}{
				{"exc-c14n", c14nMethod{exclusive: true}, x.ExcC14N},
				{"c14n", c14nMethod{}, x.C14N},
			} {
				want, err := m.run([]byte(oracleIn))
				if err != nil {
					t.Fatal(err)
				}
				got, err := canonicalBytes([]byte(tc.in), m.method)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s:\n got %q\nwant %q", m.name, got, want)
				}
			}
		})
	}
}

// canonicalBytes parses data the way the verifier does and returns the
// canonical form of the document.
func canonicalBytes(data []byte, m c14nMethod) ([]byte, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(normalizeAttrWhitespace(data)); err != nil {
		return nil, err
	}
	return canonicalDocument(doc, m)
}

// TestCanonicalSubtreeAgainstXMLLint: the exclusive canonical form of a
// subtree equals xmllint's of the subtree detached with every namespace in
// scope declared on it (exclusive canonicalisation keeps only those used).
func TestCanonicalSubtreeAgainstXMLLint(t *testing.T) {
	t.Parallel()
	x := oracle.XMLLintTool(t)
	const in = `<r xmlns="urn:d" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:u="urn:u" xml:lang="ru">` +
		`<ds:Signature><ds:SignedInfo xmlns:p="urn:p"><ds:Reference URI="" p:x="1"><Inner/></ds:Reference></ds:SignedInfo></ds:Signature></r>`
	doc := etree.NewDocument()
	if err := doc.ReadFromString(in); err != nil {
		t.Fatal(err)
	}
	si := doc.FindElement("//SignedInfo")
	got, err := canonicalSubtree(si, c14nMethod{exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := x.ExcC14N([]byte(`<ds:SignedInfo xmlns="urn:d" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:u="urn:u" xmlns:p="urn:p">` +
		`<ds:Reference URI="" p:x="1"><Inner/></ds:Reference></ds:SignedInfo>`))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("exc-c14n of SignedInfo:\n got %q\nwant %q", got, want)
	}
	// The inclusive form carries every namespace in scope and xml:lang.
	got, err = canonicalSubtree(si, c14nMethod{})
	if err != nil {
		t.Fatal(err)
	}
	const wantInc = `<ds:SignedInfo xmlns="urn:d" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="urn:p" xmlns:u="urn:u" xml:lang="ru">` +
		`<ds:Reference URI="" p:x="1"><Inner></Inner></ds:Reference></ds:SignedInfo>`
	if string(got) != wantInc {
		t.Errorf("c14n of SignedInfo:\n got %q\nwant %q", got, wantInc)
	}
}

func TestNormalizeAttrWhitespace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"<a b='x'>t\n</a>", "<a b='x'>t\n</a>"},
		{"<a b='x\ny'/>", "<a b='x y'/>"},
		{"<a b=\"x\r\ny\" c='\t'/>", "<a b=\"x y\" c=' '/>"},
		{"<!-- '\n' --><a><![CDATA[ b='\n' ]]><?p '\n'?>\n</a>", "<!-- '\n' --><a><![CDATA[ b='\n' ]]><?p '\n'?>\n</a>"},
		{"<a\nb='>\n'>", "<a\nb='> '>"},
		{"<a b='unterminated\n", "<a b='unterminated "},
		{"<!-- unterminated", "<!-- unterminated"},
	} {
		if got := string(normalizeAttrWhitespace([]byte(tc.in))); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	same := []byte("<a b='x'/>")
	if got := normalizeAttrWhitespace(same); &got[0] != &same[0] {
		t.Error("unchanged input was copied")
	}
}
