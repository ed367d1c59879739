package xsd

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

// prescanReference is the byte-at-a-time prescan that the table-driven one
// replaced: the oracle of TestPrescanSameAsReference and FuzzPrescan.
func prescanReference(doc []byte, maxAttrs, maxNS int) error {
	if msg, ok := checkEncoding(doc); !ok {
		return refusal(doc, 0, ErrEncoding, msg)
	}
	namespaces := 0
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		start := i + j
		attrs := 0
		var quote byte
		for i = start + 1; i < len(doc); i++ {
			c := doc[i]
			if quote != 0 {
				if c == quote {
					quote = 0
				} else if c == '<' {
					break // libxml2 ends the tag here; rescan from this '<'
				}
				continue
			}
			if c == '<' {
				break
			}
			if c == '>' {
				i++
				break
			}
			switch c {
			case '"', '\'':
				quote = c
			case '=':
				if attrs++; attrs > maxAttrs {
					return refusal(doc, start, ErrTooManyAttributes,
						"more than "+strconv.Itoa(maxAttrs)+" attributes in one start tag")
				}
			case 'x':
				if bytes.HasPrefix(doc[i:], []byte("xmlns")) {
					if namespaces++; namespaces > maxNS {
						return refusal(doc, i, ErrTooManyNamespaces,
							"more than "+strconv.Itoa(maxNS)+" namespace declarations in the document")
					}
				}
			}
		}
	}
	return nil
}

// samePrescan fails t when prescan and prescanReference disagree on doc.
func samePrescan(t *testing.T, doc []byte, maxAttrs, maxNS int) {
	t.Helper()
	got := prescan(doc, maxAttrs, maxNS)
	want := prescanReference(doc, maxAttrs, maxNS)
	if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
		t.Fatalf("prescan(%q, %d, %d) = %v, reference %v", doc, maxAttrs, maxNS, got, want)
	}
}

// TestPrescanSameAsReference compares the two on hand-made edge cases and
// on random documents built from the bytes prescan looks at.
func TestPrescanSameAsReference(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		"", "<", ">", "<a", "<a>", "<a b='1' c=\"2\">", "<a b='<'>", "<a b='1>", "<a b=\"x'y\"><c d='>'/>",
		"<a xmlns='u' xmlns:p='v'>", "<a b='1' c='2' d='3'>", "<a b='unterminated", "<!-- x=1 y=2 --><a/>",
		"<?xml version='1.0' encoding='UTF-8'?><a/>", "<a b=1 c=2 d=3 e=4>", "text <a b='c<d'> xmlnsxmlns",
	} {
		for _, lim := range [][2]int{{2, 1}, {3, 2}, {100, 100}} {
			samePrescan(t, []byte(doc), lim[0], lim[1])
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"<", ">", "'", "\"", "=", "x", "xmlns", "a", " ", "\n", "й", "<a ", "b='", "'>"}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b bytes.Buffer
		for range rng.IntN(40) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		samePrescan(t, b.Bytes(), 1+rng.IntN(4), 1+rng.IntN(3))
	}
}

// FuzzPrescan: prescan agrees with the reference on any input.
func FuzzPrescan(f *testing.F) {
	f.Add([]byte("<a b='1' xmlns='u'>text</a>"), uint8(2), uint8(1))
	f.Add([]byte("<a b='<'>"), uint8(3), uint8(3))
	f.Fuzz(func(t *testing.T, doc []byte, attrs, ns uint8) {
		samePrescan(t, doc, int(attrs)+1, int(ns)+1)
	})
}
