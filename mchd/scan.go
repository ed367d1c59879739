package mchd

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The scanner reads a document in one pass over its text: a small XML
// tokenizer that checks what Parse guarantees (well-formedness, nesting
// depth, namespaces, the root element, the cardinality of Документ and its
// choice) and records the elements in a flat table — per element its local
// name, its unprefixed attributes, its child elements and its text — from
// which read.go fills the model. Attribute values and texts are slices of
// the document's text unless a reference or a carriage return has to be
// decoded. The tokenizer accepts exactly what encoding/xml's Decoder
// (Strict) accepted in the parser it replaced, quirks included: character
// data outside the root element, several top-level elements, processing
// instructions named xml anywhere (with their encoding declarations), and
// no check of the namespace prefixes' declarations (an unknown prefix stands
// for itself).

const (
	xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
)

// span is a piece of text: s[off:off+n] of the text being read, or, when
// off is negative, dec[^off:^off+n] of the decoded text. The table holds
// spans rather than strings: it has no pointers for the garbage collector
// to scan or to guard writes to.
type span struct{ off, n int32 }

func spanOf(i, j int) span { return span{int32(i), int32(j - i)} }

// node is an element in the table.
type node struct {
	local          span  // local name
	attrLo, attrHi int32 // its unprefixed attributes: scanner.attrs[attrLo:attrHi]
	first, last    int32 // first and last child element; -1 for none
	next           int32 // next sibling element; -1 for none
	// text is the character data (CDATA sections included, comments
	// skipped) before the first child element or processing instruction.
	text span
}

// attribute is an unprefixed attribute of a node.
type attribute struct{ name, value span }

// tagAttr is an attribute of the start tag being read.
type tagAttr struct {
	prefix, local string // as written
	name, value   span   // the local name and the value
	space         string // the namespace the prefix stands for
}

// openElem is an element whose end tag has not been read yet.
type openElem struct {
	name  span  // as written, prefix included
	local span  // the local name, a suffix of name
	node  int32 // its node, -1 when it is not in the table
	ns    int32 // len(scanner.ns) before its declarations
}

// binding is a namespace declaration in scope.
type binding struct {
	prefix, uri string
	prev        int32 // the binding of the same prefix it hides, -1
}

// manyBindings is the number of declarations in scope beyond which
// prefixes are looked up in a map rather than by a linear search.
const manyBindings = 16

type scanner struct {
	s          string // the text being read
	i          int    // read position in s
	off        int    // offset in the document of s[0]
	posLimit   int    // s from here on is transcoded: no offsets
	noPos      bool   // report no offsets (the document declares windows-1251)
	strictUTF8 bool   // refuse invalid UTF-8 in comments and processing instructions too
	markup     bool   // "<!" was seen in a comment, processing instruction or CDATA section
	checks     bool   // check what Parse guarantees beyond well-formedness
	build      bool   // record the elements in the table
	charset    bool   // honour encoding declarations (transcode windows-1251)

	maxDepth  int // with checks: ErrTooDeep beyond
	treeDepth int // without checks: ErrMalformed beyond

	stack []openElem
	ns    []binding
	nsMap map[string]int32 // prefix → newest binding, once there are many
	dup   map[[2]string]struct{}
	dec   []byte // decoded values and texts

	nodes []node
	attrs []attribute
	root  int32 // the first top-level element, -1

	collecting int32 // the node whose text is being read, -1
	textInDec  bool  // its text so far is at the end of dec

	rootSeen          bool
	docCount, choices int
	foreign           []string
	switched          bool // a windows-1251 declaration transcoded the rest of s
}

var scanners = sync.Pool{New: func() any { return new(scanner) }}

// getScanner returns a reset scanner for s.
func getScanner(s string, off int) *scanner {
	p := scanners.Get().(*scanner)
	*p = scanner{
		s: s, off: off, posLimit: len(s) + 1,
		stack: p.stack[:0], ns: p.ns[:0], dec: p.dec[:0], nodes: p.nodes[:0], attrs: p.attrs[:0],
		root: -1, collecting: -1,
	}
	return p
}

// putScanner returns p to the pool unless it grew large.
func putScanner(p *scanner) {
	if cap(p.nodes) > 1<<12 || cap(p.attrs) > 1<<13 || cap(p.dec) > 1<<16 || cap(p.stack) > 1<<8 || cap(p.ns) > 1<<8 {
		return
	}
	clear(p.ns)
	*p = scanner{stack: p.stack[:0], ns: p.ns[:0], dec: p.dec[:0], nodes: p.nodes[:0], attrs: p.attrs[:0]}
	scanners.Put(p)
}

// str returns the text of v.
func (p *scanner) str(v span) string {
	if v.off >= 0 {
		return p.s[v.off : v.off+v.n]
	}
	o := ^v.off
	return string(p.dec[o : o+v.n])
}

// pos returns the offset in the document of s[i], or -1.
func (p *scanner) pos(i int) int {
	if p.noPos || i >= p.posLimit {
		return -1
	}
	return p.off + i
}

// syntax makes the error of a document that is not well-formed at s[i],
// caused by an *xml.SyntaxError as the parser's errors always were.
func (p *scanner) syntax(i int, msg string) *ParseError {
	i = min(i, len(p.s))
	se := &xml.SyntaxError{Msg: msg, Line: 1 + strings.Count(p.s[:i], "\n")}
	return perr(ErrMalformed, msgMalformed, "%v", se).because(se).at(p.pos(i))
}

func (p *scanner) eof() *ParseError { return p.syntax(len(p.s), "unexpected EOF") }

// scan reads the whole text.
func (p *scanner) scan() *ParseError {
	for p.i < len(p.s) {
		var err *ParseError
		if p.s[p.i] != '<' {
			err = p.charData()
		} else if p.i+1 >= len(p.s) {
			err = p.eof()
		} else {
			switch p.s[p.i+1] {
			case '/':
				err = p.endTag()
			case '?':
				err = p.procInst()
			case '!':
				err = p.bang()
			default:
				err = p.startTag()
			}
		}
		if err != nil {
			return err
		}
	}
	if len(p.stack) > 0 {
		return p.eof()
	}
	if !p.checks {
		return nil
	}
	switch {
	case !p.rootSeen:
		return perr(ErrMalformed, msgMalformed, "no root element")
	case len(p.foreign) > 0:
		return perr(ErrNamespace,
			"В доверенности есть элементы не из пространства имён "+Namespace+": "+strings.Join(p.foreign, ", "),
			"elements outside %s: %s", Namespace, strings.Join(p.foreign, ", "))
	case p.docCount == 0:
		return perr(ErrStructure, "В доверенности нет элемента Документ", "no Документ")
	case p.choices == 0:
		return perr(ErrStructure, "В доверенности нет элемента Довер или Передов", "no Довер/Передов")
	}
	return nil
}

// Byte classes of character data, attribute values and CDATA sections:
// the bytes a scan loop stops at. Every control character stops (only tab
// and line feed are let through: a carriage return is normalised), and so
// does every non-ASCII byte: the loops read two-byte sequences themselves
// and pass the others to char.
var textStop, attrStop, cdataStop = func() (t, a, c [256]bool) {
	for b := 0; b < 256; b++ {
		c[b] = b < 0x20 && b != '\t' && b != '\n' || b >= utf8.RuneSelf
		t[b] = c[b] || b == '<' || b == '&' || b == ']'
		a[b] = c[b] || b == '<' || b == '&' || b == '"' || b == '\''
	}
	return
}()

// utf8Pair reports whether s[i:] starts with a two-byte UTF-8 sequence
// (U+0080 to U+07FF, Cyrillic among them: all XML characters).
func utf8Pair(s string, i int) bool {
	return s[i] >= 0xC2 && s[i] < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80
}

// char checks the character at s[i], at which a scan loop stopped (not one
// of its delimiters): a control character is an error (a carriage return
// is not passed here), and so are invalid UTF-8 and U+FFFE, U+FFFF. It
// returns the length of the character or an error message.
func (p *scanner) char(s string, i int) (int, string) {
	c := s[i]
	if c < utf8.RuneSelf {
		return 0, fmt.Sprintf("illegal character code %U", rune(c))
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return 0, "invalid UTF-8"
	}
	if !inCharRange(r) {
		return 0, fmt.Sprintf("illegal character code %U", r)
	}
	return n, ""
}

// inCharRange reports whether r is a character XML 1.0 allows (Char).
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}

// ref reads the reference at the start of s (s[0] == '&'): one of the five
// predefined entities or a character reference, decimal or "&#x" hex, to an
// XML character (a surrogate reads as U+FFFD). It returns the character and
// the length of the reference, 0 when there is no valid reference.
func ref(s string) (rune, int) {
	if len(s) < 2 || s[1] != '#' {
		switch {
		case strings.HasPrefix(s, "&lt;"):
			return '<', 4
		case strings.HasPrefix(s, "&gt;"):
			return '>', 4
		case strings.HasPrefix(s, "&amp;"):
			return '&', 5
		case strings.HasPrefix(s, "&apos;"):
			return '\'', 6
		case strings.HasPrefix(s, "&quot;"):
			return '"', 6
		}
		return 0, 0
	}
	i, base := 2, 10
	if i < len(s) && s[i] == 'x' {
		i, base = 3, 16
	}
	d := i
	for i < len(s) && ('0' <= s[i] && s[i] <= '9' || base == 16 && ('a' <= s[i] && s[i] <= 'f' || 'A' <= s[i] && s[i] <= 'F')) {
		i++
	}
	if i >= len(s) || s[i] != ';' {
		return 0, 0
	}
	v, err := strconv.ParseUint(s[d:i], base, 64)
	if err != nil || v > utf8.MaxRune {
		return 0, 0
	}
	r := rune(v)
	if 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	if !inCharRange(r) {
		return 0, 0
	}
	return r, i + 1
}

// decode appends raw to dec with its references replaced (unless cdata)
// and its line ends normalised ("\r\n" and a lone "\r" read as "\n"),
// and returns where. raw has been checked.
func (p *scanner) decode(raw string, cdata bool) span {
	start := len(p.dec)
	b := p.dec
	cr := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			r, n := ref(raw[i:])
			b = utf8.AppendRune(b, r)
			i += n
			cr = false
			continue
		case c == '\r':
			b = append(b, '\n')
			cr = true
		case c == '\n' && cr:
			cr = false
		default:
			b = append(b, c)
			cr = false
		}
		i++
	}
	p.dec = b
	return span{^int32(start), int32(len(b) - start)}
}

// charData reads character data up to the next '<'.
func (p *scanner) charData() *ParseError {
	s, i := p.s, p.i
	start, plain := i, true
loop:
	for i < len(s) {
		c := s[i]
		if !textStop[c] {
			i++
			continue
		}
		if utf8Pair(s, i) {
			i += 2
			continue
		}
		switch c {
		case '<':
			break loop
		case '&':
			_, n := ref(s[i:])
			if n == 0 {
				return p.syntax(i, "invalid character entity")
			}
			plain = false
			i += n
		case '\r':
			plain = false
			i++
		case ']':
			if strings.HasPrefix(s[i:], "]]>") {
				return p.syntax(i, "unescaped ]]> not in CDATA section")
			}
			i++
		default:
			n, msg := p.char(s, i)
			if msg != "" {
				return p.syntax(i, msg)
			}
			i += n
		}
	}
	p.i = i
	if p.collecting >= 0 {
		p.addText(start, i, plain, false)
	}
	return nil
}

// addText appends s[i:j], decoded unless plain, to the text of the
// collecting node.
func (p *scanner) addText(i, j int, plain, cdata bool) {
	if i == j {
		return
	}
	n := &p.nodes[p.collecting]
	if n.text.n == 0 {
		if plain {
			n.text = spanOf(i, j)
		} else {
			n.text, p.textInDec = p.decode(p.s[i:j], cdata), true
		}
		return
	}
	if !p.textInDec { // a second piece: move the first to dec
		start := len(p.dec)
		p.dec = append(p.dec, p.str(n.text)...)
		n.text.off, p.textInDec = ^int32(start), true
	}
	if plain {
		p.dec = append(p.dec, p.s[i:j]...)
		n.text.n += int32(j - i)
	} else {
		n.text.n += p.decode(p.s[i:j], cdata).n
	}
}

// endText ends the text of the collecting node, if any.
func (p *scanner) endText() { p.collecting, p.textInDec = -1, false }

// name reads the XML name at s[i:] and returns its end; what names the
// thing expected there for the error when there is none.
func (p *scanner) name(i int, what string) (int, *ParseError) {
	s := p.s
	j := i
	for j < len(s) && nameByte[s[j]] {
		j++
	}
	switch {
	case j == len(s):
		return 0, p.eof()
	case j == i:
		return 0, p.syntax(i, "expected "+what)
	case !isXMLName(s[i:j]):
		return 0, p.syntax(i, "invalid XML name: "+s[i:j])
	}
	return j, nil
}

// splitName splits a qualified name at its colon: a name with an empty
// prefix or local part is all local part, one with two colons is no name.
func splitName(s string) (prefix, local string, ok bool) {
	k := strings.IndexByte(s, ':')
	switch {
	case k < 0:
		return "", s, true
	case strings.IndexByte(s[k+1:], ':') >= 0:
		return "", "", false
	case k == 0 || k == len(s)-1:
		return "", s, true
	}
	return s[:k], s[k+1:], true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}

// startTag reads a start tag at s[p.i].
func (p *scanner) startTag() *ParseError {
	s := p.s
	start := p.i
	i := start + 1
	end, err := p.name(i, "element name after <")
	if err != nil {
		return err
	}
	prefix, local, ok := splitName(s[i:end])
	if !ok {
		return p.syntax(i, "expected element name after <")
	}
	el := openElem{name: spanOf(i, end), local: spanOf(end-len(local), end), node: -1}
	i = end
	var buf [16]tagAttr // on the stack: no write barriers
	tag := buf[:0]
	empty := false
	for {
		i = skipSpace(s, i)
		if i >= len(s) {
			return p.eof()
		}
		if c := s[i]; c == '>' {
			i++
			break
		} else if c == '/' {
			if i+1 >= len(s) {
				return p.eof()
			}
			if s[i+1] != '>' {
				return p.syntax(i, "expected /> in element")
			}
			i += 2
			empty = true
			break
		}
		aend, err := p.name(i, "attribute name in element")
		if err != nil {
			return err
		}
		ap, al, ok := splitName(s[i:aend])
		if !ok {
			return p.syntax(i, "expected attribute name in element")
		}
		a := tagAttr{prefix: ap, local: al, name: spanOf(aend-len(al), aend)}
		i = skipSpace(s, aend)
		if i >= len(s) {
			return p.eof()
		}
		if s[i] != '=' {
			return p.syntax(i, "attribute name without = in element")
		}
		i = skipSpace(s, i+1)
		if i >= len(s) {
			return p.eof()
		}
		if s[i] != '"' && s[i] != '\'' {
			return p.syntax(i, "unquoted or missing attribute value in element")
		}
		a.value, i, err = p.attrValue(i)
		if err != nil {
			return err
		}
		tag = append(tag, a)
	}
	p.i = i
	return p.element(start, el, prefix, local, tag, empty)
}

// attrValue reads the quoted value at s[i] and returns it and the offset
// after its closing quote.
func (p *scanner) attrValue(i int) (span, int, *ParseError) {
	s := p.s
	q := s[i]
	i++
	start, plain := i, true
	for {
		if i >= len(s) {
			return span{}, 0, p.eof()
		}
		c := s[i]
		if !attrStop[c] {
			i++
			continue
		}
		if utf8Pair(s, i) {
			i += 2
			continue
		}
		switch c {
		case q:
			if plain {
				return spanOf(start, i), i + 1, nil
			}
			return p.decode(s[start:i], false), i + 1, nil
		case '"', '\'':
			i++
		case '<':
			return span{}, 0, p.syntax(i, "unescaped < inside quoted string")
		case '&':
			_, n := ref(s[i:])
			if n == 0 {
				return span{}, 0, p.syntax(i, "invalid character entity")
			}
			plain = false
			i += n
		case '\r':
			plain = false
			i++
		default:
			n, msg := p.char(s, i)
			if msg != "" {
				return span{}, 0, p.syntax(i, msg)
			}
			i += n
		}
	}
}

// lookup returns the namespace bound to prefix.
func (p *scanner) lookup(prefix string) (string, bool) {
	k := p.latest(prefix)
	if k < 0 {
		return "", false
	}
	return p.ns[k].uri, true
}

func (p *scanner) latest(prefix string) int32 {
	if p.nsMap != nil {
		if k, ok := p.nsMap[prefix]; ok {
			return k
		}
		return -1
	}
	for k := len(p.ns) - 1; k >= 0; k-- {
		if p.ns[k].prefix == prefix {
			return int32(k)
		}
	}
	return -1
}

// bind declares prefix (the default namespace for "").
func (p *scanner) bind(prefix, uri string) {
	p.ns = append(p.ns, binding{prefix: prefix, uri: uri, prev: p.latest(prefix)})
	k := int32(len(p.ns) - 1)
	switch {
	case p.nsMap != nil:
		p.nsMap[prefix] = k
	case len(p.ns) > manyBindings:
		p.nsMap = make(map[string]int32, 2*len(p.ns))
		for j, b := range p.ns {
			p.nsMap[b.prefix] = int32(j)
		}
	}
}

// unbind removes the declarations made since len(p.ns) was mark.
func (p *scanner) unbind(mark int32) {
	for k := int32(len(p.ns)) - 1; k >= mark; k-- {
		if p.nsMap != nil {
			if b := p.ns[k]; b.prev >= 0 {
				p.nsMap[b.prefix] = b.prev
			} else {
				delete(p.nsMap, b.prefix)
			}
		}
		p.ns[k] = binding{}
	}
	p.ns = p.ns[:mark]
}

// elementSpace returns the namespace of an element name.
func (p *scanner) elementSpace(prefix, local string) string {
	switch {
	case prefix == "xmlns":
		return prefix
	case prefix == "xml":
		return xmlNamespace
	case prefix == "" && local == "xmlns":
		return ""
	}
	if uri, ok := p.lookup(prefix); ok {
		return uri
	}
	return prefix
}

// attrSpace returns the namespace of an attribute name: none without a
// prefix (the default namespace does not apply to attributes).
func (p *scanner) attrSpace(prefix string) string {
	switch prefix {
	case "", "xmlns":
		return prefix
	case "xml":
		return xmlNamespace
	}
	if uri, ok := p.lookup(prefix); ok {
		return uri
	}
	return prefix
}

// element processes a start tag.
func (p *scanner) element(start int, el openElem, prefix, local string, tag []tagAttr, empty bool) *ParseError {
	el.ns = int32(len(p.ns))
	for k := range tag {
		switch a := &tag[k]; {
		case a.prefix == "xmlns":
			p.bind(a.local, p.str(a.value))
		case a.prefix == "" && a.local == "xmlns":
			p.bind("", p.str(a.value))
		}
	}
	space := p.elementSpace(prefix, local)
	for k := range tag {
		tag[k].space = p.attrSpace(tag[k].prefix)
	}
	parent := int32(-1)
	if len(p.stack) > 0 {
		parent = p.stack[len(p.stack)-1].node
	}
	p.stack = append(p.stack, el)
	depth := len(p.stack)
	if p.checks {
		if err := p.check(start, depth, space, local, tag); err != nil {
			return err
		}
	} else if depth > p.treeDepth {
		return perr(ErrMalformed, msgMalformed, "XML tree exceeds maximum depth")
	}
	p.endText()
	if p.build && (parent >= 0 || depth == 1 && p.root < 0) {
		p.stack[depth-1].node = p.addNode(el.local, parent, tag)
	}
	if empty {
		p.pop()
	}
	return nil
}

// addNode records an element and makes it the collecting node.
func (p *scanner) addNode(local span, parent int32, tag []tagAttr) int32 {
	k := int32(len(p.nodes))
	lo := int32(len(p.attrs))
	for _, a := range tag {
		if a.prefix != "" {
			continue
		}
		if !p.checks { // a repeated attribute (not checked here) keeps its place and takes the last value
			if j := p.findAttr(lo, a.local); j >= 0 {
				p.attrs[j].value = a.value
				continue
			}
		}
		p.attrs = append(p.attrs, attribute{a.name, a.value})
	}
	p.nodes = append(p.nodes, node{local: local, attrLo: lo, attrHi: int32(len(p.attrs)), first: -1, last: -1, next: -1})
	if parent < 0 {
		p.root = k
	} else {
		par := &p.nodes[parent]
		if par.first < 0 {
			par.first = k
		} else {
			p.nodes[par.last].next = k
		}
		par.last = k
	}
	p.collecting = k
	return k
}

func (p *scanner) findAttr(lo int32, name string) int {
	for j := int(lo); j < len(p.attrs); j++ {
		if p.str(p.attrs[j].name) == name {
			return j
		}
	}
	return -1
}

// pop closes the innermost open element.
func (p *scanner) pop() {
	top := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	p.unbind(top.ns)
	p.endText()
}

// check makes the checks of Parse on a start element.
func (p *scanner) check(start, depth int, space, local string, tag []tagAttr) *ParseError {
	if depth > p.maxDepth {
		return perr(ErrTooDeep, "Слишком глубокая вложенность элементов в файле доверенности",
			"depth exceeds %d", p.maxDepth).at(p.pos(start))
	}
	if err := p.checkAttrs(local, tag); err != nil {
		return err.at(p.pos(start))
	}
	if depth == 1 {
		if err := p.checkRoot(space, local, tag); err != nil {
			return err.at(p.pos(start))
		}
		p.rootSeen = true
	} else if space != Namespace && len(p.foreign) < 5 {
		p.foreign = append(p.foreign, fmt.Sprintf("%s (%q)", local, space))
	}
	switch {
	case depth == 2 && local == "Документ":
		p.docCount++
		if p.docCount > 1 {
			return perr(ErrStructure, "В доверенности несколько элементов Документ", "two Документ elements").at(p.pos(start))
		}
	case depth == 3 && p.str(p.stack[1].local) == "Документ" && (local == "Довер" || local == "Передов"):
		p.choices++
		if p.choices > 1 {
			return perr(ErrStructure, "В доверенности несколько элементов Довер/Передов, допустим ровно один",
				"second %s inside Документ", local).at(p.pos(start))
		}
	}
	return nil
}

// checkAttrs rejects repeated attributes (the same namespace and local
// name) and attributes in a namespace other than those of the namespace
// declarations, XML and XML Schema instances.
func (p *scanner) checkAttrs(local string, tag []tagAttr) *ParseError {
	many := len(tag) > 16
	if many {
		if p.dup == nil {
			p.dup = make(map[[2]string]struct{}, len(tag))
		}
		clear(p.dup)
	}
	for i, a := range tag {
		seen := false
		if many {
			k := [2]string{a.space, a.local}
			_, seen = p.dup[k]
			p.dup[k] = struct{}{}
		} else {
			for _, b := range tag[:i] {
				if a.local == b.local && a.space == b.space {
					seen = true
					break
				}
			}
		}
		if seen {
			return perr(ErrMalformed, msgMalformed, "duplicate attribute %s on %s", a.local, local)
		}
		switch a.space {
		case "", "xmlns", xsiNamespace, "xml", xmlNamespace:
		default:
			return perr(ErrNamespace,
				fmt.Sprintf("Атрибут %s элемента %s находится в постороннем пространстве имён %q", a.local, local, a.space),
				"attribute %s in namespace %q", a.local, a.space)
		}
	}
	return nil
}

// checkRoot recognises the format from the root element.
func (p *scanner) checkRoot(space, local string, tag []tagAttr) *ParseError {
	ver, fileID := "", ""
	for _, a := range tag {
		if a.space != "" {
			continue
		}
		switch a.local {
		case "ВерсФорм":
			ver = p.str(a.value)
		case "ИдФайл":
			fileID = p.str(a.value)
		}
	}
	if local != "Доверенность" {
		return perr(ErrUnsupportedFormat, msgUnsupported, "root element %q", local)
	}
	v := strings.TrimSpace(ver)
	if v == "001" || v == "002" || strings.HasPrefix(fileID, "ON_DOVBB_") {
		return perr(ErrLegacyFormat, msgLegacy, "ВерсФорм=%q ИдФайл=%.60q", ver, fileID)
	}
	if v != FormatVersion {
		return perr(ErrUnsupportedFormat, msgUnsupported+fmt.Sprintf(" (ВерсФорм=%.40q)", ver), "ВерсФорм=%.40q", ver)
	}
	if p.noPos {
		return perr(ErrEncoding, "Файл доверенности формата 003 должен быть в кодировке UTF-8",
			"EMCHD_1 declared as windows-1251")
	}
	if space != Namespace {
		return perr(ErrNamespace,
			fmt.Sprintf("Корневой элемент Доверенность должен быть в пространстве имён %s, а не %q", Namespace, space),
			"root namespace %q", space)
	}
	return nil
}

// endTag reads an end tag at s[p.i].
func (p *scanner) endTag() *ParseError {
	s := p.s
	i := p.i + 2
	j := i
	for j < len(s) && nameByte[s[j]] {
		j++
	}
	raw := s[i:j]
	k := skipSpace(s, j)
	switch {
	case j == len(s) || k == len(s):
		return p.eof()
	case len(p.stack) > 0 && raw == p.str(p.stack[len(p.stack)-1].name):
		// The name of the open element, checked when it was read.
	case j == i:
		return p.syntax(i, "expected element name after </")
	case !isXMLName(raw):
		return p.syntax(i, "invalid XML name: "+raw)
	default:
		_, local, ok := splitName(raw)
		switch {
		case !ok:
			return p.syntax(i, "expected element name after </")
		case s[k] != '>':
			return p.syntax(k, "invalid characters between </"+local+" and >")
		case len(p.stack) == 0:
			return p.syntax(i, "unexpected end element </"+local+">")
		}
		return p.syntax(i, "element <"+p.str(p.stack[len(p.stack)-1].local)+"> closed by </"+local+">")
	}
	if s[k] != '>' {
		return p.syntax(k, "invalid characters between </"+raw+" and >")
	}
	p.i = k + 1
	p.pop()
	return nil
}

// procInst reads a processing instruction at s[p.i]. One named xml may
// declare a version (only 1.0 is read) and an encoding: windows-1251
// transcodes the rest of the text, when p.charset; any other but UTF-8 is
// refused.
func (p *scanner) procInst() *ParseError {
	s := p.s
	i := p.i + 2
	end, err := p.name(i, "target name after <?")
	if err != nil {
		return err
	}
	target := s[i:end]
	i = skipSpace(s, end)
	k := strings.Index(s[i:], "?>")
	if k < 0 {
		return p.eof()
	}
	data := s[i : i+k]
	if err := p.content(i, data); err != nil {
		return err
	}
	p.i = i + k + 2
	p.endText()
	if target != "xml" {
		return nil
	}
	if v := declParam(data, "version="); v != "" && v != "1.0" {
		err := fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", v)
		return perr(ErrMalformed, msgMalformed, "%v", err).because(err).at(p.pos(p.i))
	}
	enc := declParam(data, "encoding=")
	if enc == "" || strings.EqualFold(enc, "utf-8") || !p.charset {
		return nil
	}
	switch strings.ToLower(enc) {
	case "windows-1251", "cp1251", "cp-1251":
	default:
		err := fmt.Errorf("xml: opening charset %q: unsupported charset %q", enc, enc)
		return perr(ErrMalformed, msgMalformed, "%v", err).because(err).at(p.pos(p.i))
	}
	rest, err2 := charmap.Windows1251.NewDecoder().String(s[p.i:])
	if err2 != nil { // never: every byte has a character (or U+FFFD)
		return perr(ErrEncoding, "Файл доверенности содержит байты, недопустимые в кодировке windows-1251", "%v", err2).because(err2)
	}
	p.s = s[:p.i] + rest // the open elements' names stay where they are
	p.posLimit = min(p.posLimit, p.i)
	p.switched, p.build = true, false
	return nil
}

// content notes "<!" in the content of a comment or processing
// instruction at s[i:] (Parse then looks for DTD markers in the whole
// document) and, with p.strictUTF8, refuses invalid UTF-8 there: encoding/xml
// reads such content unchecked.
func (p *scanner) content(i int, data string) *ParseError {
	if strings.Contains(data, "<!") {
		p.markup = true
	}
	if p.strictUTF8 && !utf8.ValidString(data) {
		for j := 0; ; {
			r, n := utf8.DecodeRuneInString(data[j:])
			if r == utf8.RuneError && n == 1 {
				return p.syntax(i+j, "invalid UTF-8")
			}
			j += n
		}
	}
	return nil
}

// declParam returns the value of key (name and '=') in the data of an XML
// declaration the way encoding/xml reads it: at the first occurrence of key
// directly followed by a quote, up to the next quote of the same kind; an
// occurrence followed by anything else is skipped with that character.
func declParam(data, key string) string {
	from := 0
	for {
		k := strings.Index(data[from:], key)
		if k < 0 {
			return ""
		}
		q := from + k + len(key)
		if q >= len(data) {
			return ""
		}
		if c := data[q]; c == '"' || c == '\'' {
			end := strings.IndexByte(data[q+1:], c)
			if end < 0 {
				return ""
			}
			return data[q+1 : q+1+end]
		}
		from = q + 1
	}
}

// bang reads what starts with "<!" at s[p.i]: a comment, a CDATA section or
// a directive (a DTD declaration, refused with ErrDTD).
func (p *scanner) bang() *ParseError {
	s := p.s
	start := p.i
	i := start + 2
	if i >= len(s) {
		return p.eof()
	}
	switch s[i] {
	case '-':
		if i+1 >= len(s) {
			return p.eof()
		}
		if s[i+1] != '-' {
			return p.syntax(i, "invalid sequence <!- not part of <!--")
		}
		body := i + 2
		k := strings.Index(s[body:], "--")
		if k < 0 || body+k+2 >= len(s) {
			return p.eof()
		}
		if e := body + k + 2; s[e] != '>' {
			return p.syntax(e, `invalid sequence "--" not allowed in comments`)
		}
		if err := p.content(body, s[body:body+k]); err != nil {
			return err
		}
		p.i = body + k + 3
		return nil
	case '[':
		for n := 0; n < len("CDATA["); n++ {
			if i+1+n >= len(s) {
				return p.eof()
			}
			if s[i+1+n] != "CDATA["[n] {
				return p.syntax(i+1+n, "invalid <![ sequence")
			}
		}
		return p.cdata(i + 1 + len("CDATA["))
	}
	end, text, ok := directive(s, i)
	if !ok {
		return p.eof()
	}
	p.i = end
	if p.checks {
		return perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
			"directive <!%.40s>", text).at(p.pos(start))
	}
	p.endText()
	return nil
}

// cdata reads the content of a CDATA section starting at s[i].
func (p *scanner) cdata(i int) *ParseError {
	s := p.s
	k := strings.Index(s[i:], "]]>")
	if k < 0 {
		return p.syntax(len(s), "unexpected EOF in CDATA section")
	}
	content := s[i : i+k]
	if strings.Contains(content, "<!") {
		p.markup = true
	}
	plain := true
	for j := 0; j < len(content); {
		c := content[j]
		switch {
		case !cdataStop[c]:
			j++
		case utf8Pair(content, j):
			j += 2
		case c == '\r':
			plain = false
			j++
		default:
			n, msg := p.char(content, j)
			if msg != "" {
				return p.syntax(i+j, msg)
			}
			j += n
		}
	}
	p.i = i + k + 3
	if p.collecting >= 0 {
		p.addText(i, i+k, plain, true)
	}
	return nil
}

// directive reads a directive from s[i], the byte after "<!", to its
// closing '>' as encoding/xml does: quoted text and nested <...> pairs do
// not close it, comments inside it are read over (and stand as a space in
// the returned text). It returns the offset after the '>' and the text, or
// ok false at the end of the input.
func directive(s string, i int) (end int, text string, ok bool) {
	var b strings.Builder
	b.WriteByte(s[i])
	i++
	var quote byte
	depth := 0
	for {
		if i >= len(s) {
			return 0, "", false
		}
		c := s[i]
		i++
		if quote == 0 && c == '>' && depth == 0 {
			return i, b.String(), true
		}
	handle:
		b.WriteByte(c)
		switch {
		case c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == '>':
			depth--
		case c == '<':
			for n := 0; n < len("!--"); n++ {
				if i >= len(s) {
					return 0, "", false
				}
				c = s[i]
				i++
				if c != "!--"[n] {
					b.WriteString("!--"[:n])
					depth++
					goto handle
				}
			}
			k := strings.Index(s[i:], "-->")
			if k < 0 {
				return 0, "", false
			}
			i += k + 3
			t := b.String()
			b.Reset()
			b.WriteString(t[:len(t)-1]) // the '<' of the comment
			b.WriteByte(' ')
		}
	}
}
