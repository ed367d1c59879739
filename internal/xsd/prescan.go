package xsd

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A linear pass over the raw document before libxml2 sees it. libxml2 2.9
// has super-linear paths that a small hostile document can drive:
//
//   - the duplicate-attribute check of a start tag and the linking of its
//     attributes are quadratic in the number of attributes (200,000
//     attributes in one 2 MB tag: 7 minutes);
//   - every prefixed name is resolved by a linear search over all namespace
//     declarations in scope (250 levels × 200 declarations, then 2 MB of
//     prefixed elements: 40 seconds).
//
// prescan therefore bounds the attributes per start tag and the namespace
// declarations per document. It works on bytes, which is sound only for
// ASCII-compatible encodings, so it also refuses the encodings in which
// '<', '=', quotes or "xmlns" could be spelled otherwise (UTF-16, UCS-4,
// EBCDIC, UTF-7, ...): only the allowlist below passes.
//
// The counts are upper bounds of what libxml2 parses: a start tag is taken
// to run from '<' to the next '>' outside quotes (or to the next '<', at
// which libxml2 stops a tag in any case), every '=' outside quotes in it is
// counted as an attribute and every "xmlns" as a declaration. Comments,
// CDATA sections and processing instructions are scanned the same way, so
// one holding more than the limits in a single "tag" is refused too.

// encodings that libxml2 decodes and whose bytes below 0x80 are ASCII,
// normalised by normEncoding.
var encodings = map[string]bool{
	"UTF8": true, "USASCII": true, "ASCII": true,
	"WINDOWS1251": true, "CP1251": true,
	"WINDOWS1252": true, "CP1252": true,
	"ISO88591": true, "LATIN1": true, "ISO88595": true,
	"KOI8R": true, "KOI8U": true, "CP866": true, "IBM866": true,
}

func normEncoding(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == '_' || r == ' ':
			return -1
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// prescan returns nil or a *SyntaxError wrapping ErrEncoding,
// ErrTooManyAttributes or ErrTooManyNamespaces.
func prescan(doc []byte, maxAttrs, maxNS int) error {
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
	tag:
		for i = start + 1; i < len(doc); {
			c := doc[i]
			if !tagSpecial[c] {
				i++
				continue
			}
			switch c {
			case '<':
				break tag // libxml2 ends the tag here; rescan from this '<'
			case '>':
				i++
				break tag
			case '"', '\'':
				// A quoted value runs to the closing quote, unless a '<'
				// comes first: libxml2 ends the tag there.
				rest := doc[i+1:]
				end := bytes.IndexByte(rest, c)
				if end < 0 {
					end = len(rest)
				}
				if lt := bytes.IndexByte(rest[:end], '<'); lt >= 0 {
					i += 1 + lt
					break tag
				}
				i += 1 + end + 1
				continue
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
			i++
		}
	}
	return nil
}

// tagSpecial marks the bytes prescan looks at inside a tag; it skips the
// others in a tight loop.
var tagSpecial = [256]bool{'<': true, '>': true, '"': true, '\'': true, '=': true, 'x': true}

// checkEncoding mirrors libxml2's choice of encoding: the first bytes, then
// the encoding declaration. It accepts only ASCII-compatible encodings of
// the allowlist.
func checkEncoding(doc []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(doc, []byte{0xFE, 0xFF}), bytes.HasPrefix(doc, []byte{0xFF, 0xFE}),
		bytes.HasPrefix(doc, []byte{0, '<', 0, '?'}), bytes.HasPrefix(doc, []byte{'<', 0, '?', 0}):
		return "UTF-16 documents are not accepted", false
	case bytes.HasPrefix(doc, []byte{0, 0, 0, '<'}), bytes.HasPrefix(doc, []byte{'<', 0, 0, 0}),
		bytes.HasPrefix(doc, []byte{0, 0, '<', 0}), bytes.HasPrefix(doc, []byte{0, '<', 0, 0}):
		return "UCS-4 documents are not accepted", false
	case bytes.HasPrefix(doc, []byte{0x4C, 0x6F, 0xA7, 0x94}):
		return "EBCDIC documents are not accepted", false
	}
	doc = bytes.TrimPrefix(doc, []byte{0xEF, 0xBB, 0xBF})
	// The XML declaration, if any, is at the very start: "<?xml" + blank.
	if len(doc) < 6 || !bytes.HasPrefix(doc, []byte("<?xml")) || !isBlank(doc[5]) {
		return "", true
	}
	// Every "encoding" up to the end of the declaration must name an
	// accepted encoding (libxml2 reads the first; a second makes the
	// declaration malformed anyway).
	decl := doc
	if end := bytes.Index(doc, []byte("?>")); end >= 0 {
		decl = doc[:end]
	}
	for {
		k := bytes.Index(decl, []byte("encoding"))
		if k < 0 {
			break
		}
		decl = decl[k+len("encoding"):]
		name, ok := encodingValue(decl)
		if !ok {
			return "malformed encoding declaration", false
		}
		if !encodings[normEncoding(name)] {
			return "encoding " + quoteName(name) + " is not accepted (use UTF-8 or windows-1251)", false
		}
	}
	return "", true
}

// encodingValue reads S? '=' S? ("name" | 'name') as libxml2 does.
func encodingValue(b []byte) (string, bool) {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != '=' {
		return "", false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
		return "", false
	}
	end := bytes.IndexByte(b[1:], b[0])
	if end < 0 {
		return "", false
	}
	return string(b[1 : 1+end]), true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func quoteName(s string) string {
	if len(s) > 40 {
		s = cutRune(s[:40]) + "…"
	}
	return "'" + strings.ToValidUTF8(s, "\uFFFD") + "'"
}

// refusal builds the *SyntaxError for a document refused at byte offset pos.
func refusal(doc []byte, pos int, err error, msg string) *SyntaxError {
	line := bytes.Count(doc[:pos], []byte{'\n'}) + 1
	col := utf8.RuneCount(doc[bytes.LastIndexByte(doc[:pos], '\n')+1:pos]) + 1
	return &SyntaxError{Line: line, Column: col, Err: err, Errors: []Error{{
		Level: LevelFatal, Domain: DomainParser, Line: line, Column: col, Message: msg,
	}}}
}
