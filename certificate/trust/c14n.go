package trust

import (
	"bytes"
	"fmt"
	"maps"
	"sort"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// The canonicalisation algorithms the list's XMLDSig may name (W3C
// Canonical XML 1.0 and Exclusive XML Canonicalization 1.0, both without
// comments).
const (
	algC14N10  = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	algExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
)

// c14nMethod is a canonicalisation algorithm: exclusive (with its
// InclusiveNamespaces PrefixList) or inclusive Canonical XML 1.0.
type c14nMethod struct {
	exclusive  bool
	prefixList string
}

// canonicalizer returns goxmldsig's canonicaliser for the method.
func (m c14nMethod) canonicalizer() dsig.Canonicalizer {
	if m.exclusive {
		return dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(m.prefixList)
	}
	return dsig.MakeC14N10RecCanonicalizer()
}

// canonicalDocument returns the canonical form of the document node of doc
// (the same-document reference URI=""): the processing instructions before
// the root element, each followed by a line feed, the root element, and the
// processing instructions after it, each preceded by a line feed. Comments
// are never part of it, nor is the XML declaration. The exclusive method
// rewrites the tree in place, so doc must not be used afterwards.
func canonicalDocument(doc *etree.Document, m c14nMethod) ([]byte, error) {
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("%w: no root element", ErrMalformed)
	}
	var b bytes.Buffer
	after := false
	for _, tok := range doc.Child {
		switch t := tok.(type) {
		case *etree.Element:
			body, err := canonicalElement(t, m)
			if err != nil {
				return nil, err
			}
			b.Write(body)
			after = true
		case *etree.ProcInst:
			if t.Target == "xml" {
				continue // the XML declaration
			}
			if after {
				b.WriteByte('\n')
			}
			b.WriteString("<?" + t.Target)
			if t.Inst != "" {
				b.WriteString(" " + t.Inst)
			}
			b.WriteString("?>")
			if !after {
				b.WriteByte('\n')
			}
		}
	}
	return b.Bytes(), nil
}

// canonicalSubtree returns the canonical form of the element el of a
// document and its descendants (the SignedInfo): with the namespaces in
// scope at el, and for the inclusive method the xml: attributes it
// inherits. el is not changed.
func canonicalSubtree(el *etree.Element, m c14nMethod) ([]byte, error) {
	if !m.exclusive {
		// The inclusive canonicaliser copies el and adds what it inherits.
		return canonicalElement(el, m)
	}
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	detached, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return canonicalElement(detached, m)
}

// canonicalElement runs goxmldsig's canonicaliser on el. goxmldsig orders
// the qualified attributes of an element by prefix and local name, not by
// namespace URI and local name as both recommendations require; when some
// element has two or more qualified attributes the output is re-read and
// its attributes put in the canonical order.
func canonicalElement(el *etree.Element, m c14nMethod) ([]byte, error) {
	resort := hasQualifiedAttrPair(el)
	out, err := m.canonicalizer().Canonicalize(el)
	if err != nil {
		return nil, fmt.Errorf("%w: canonicalisation: %w", ErrMalformed, err)
	}
	if resort {
		return resortAttrs(out)
	}
	return out, nil
}

// hasQualifiedAttrPair reports whether an element of the subtree has two or
// more namespace-qualified attributes (namespace declarations aside).
func hasQualifiedAttrPair(el *etree.Element) bool {
	n := 0
	for _, a := range el.Attr {
		if a.Space != "" && a.Space != "xmlns" {
			n++
		}
	}
	if n >= 2 {
		return true
	}
	for _, c := range el.ChildElements() {
		if hasQualifiedAttrPair(c) {
			return true
		}
	}
	return false
}

// resortAttrs re-reads canonical XML and writes it back with every
// element's attributes in canonical order: the default namespace
// declaration, the other declarations by prefix, the attributes without a
// namespace by local name, then the qualified ones by namespace URI and
// local name. Everything else round-trips unchanged through etree's
// canonical writer.
func resortAttrs(canonical []byte) ([]byte, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(canonical); err != nil {
		return nil, fmt.Errorf("%w: canonical form does not re-read: %w", ErrMalformed, err)
	}
	var walk func(el *etree.Element, scope map[string]string)
	walk = func(el *etree.Element, scope map[string]string) {
		inner, copied := scope, false
		for _, a := range el.Attr {
			if a.Space == "xmlns" {
				if !copied {
					inner, copied = maps.Clone(scope), true
				}
				inner[a.Key] = a.Value
			}
		}
		key := func(a etree.Attr) (rank int, major, minor string) {
			switch {
			case a.Space == "" && a.Key == "xmlns":
				return 0, "", ""
			case a.Space == "xmlns":
				return 1, a.Key, ""
			case a.Space == "":
				return 2, "", a.Key
			case a.Space == "xml":
				return 3, "http://www.w3.org/XML/1998/namespace", a.Key
			}
			return 3, inner[a.Space], a.Key
		}
		sort.SliceStable(el.Attr, func(i, j int) bool {
			ri, ai, bi := key(el.Attr[i])
			rj, aj, bj := key(el.Attr[j])
			if ri != rj {
				return ri < rj
			}
			if ai != aj {
				return ai < aj
			}
			return bi < bj
		})
		for _, c := range el.ChildElements() {
			walk(c, inner)
		}
	}
	walk(doc.Root(), map[string]string{})
	doc.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}
	return doc.WriteToBytes()
}

// normalizeAttrWhitespace applies XML's attribute-value normalisation to
// the literal white space of attribute values (XML 1.0, section 3.3.3: a
// tab, a line feed, a carriage return or a CR LF pair becomes one space),
// which encoding/xml leaves as it is, while white space written as a
// character reference stays what it is. It returns data itself when nothing
// changes. Comments, CDATA sections, processing instructions and text are
// copied untouched.
func normalizeAttrWhitespace(data []byte) []byte {
	var out []byte
	last := 0
	skipTo := func(i int, end string) int {
		if j := bytes.Index(data[i:], []byte(end)); j >= 0 {
			return i + j + len(end)
		}
		return len(data)
	}
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipTo(i+4, "-->")
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipTo(i+9, "]]>")
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipTo(i+2, "?>")
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipTo(i+2, ">")
			continue
		}
		// A tag: track quotes up to the closing '>'.
		var quote byte
		for i++; i < len(data); i++ {
			c := data[i]
			if quote == 0 {
				if c == '"' || c == '\'' {
					quote = c
				} else if c == '>' {
					i++
					break
				}
				continue
			}
			switch c {
			case quote:
				quote = 0
			case '\t', '\n', '\r':
				out = append(out, data[last:i]...)
				out = append(out, ' ')
				if c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
					i++
				}
				last = i + 1
			}
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
