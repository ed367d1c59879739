package mchd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/charmap"
)

// Parse limits.
const (
	// DefaultMaxSize is the default limit of the file size: 10 MiB.
	DefaultMaxSize = 10 << 20
	// DefaultMaxDepth is the default limit of element nesting. Format 003
	// needs at most 13 levels.
	DefaultMaxDepth = 64
)

// ParseOptions tunes Parse; the zero value gives the defaults.
type ParseOptions struct {
	// MaxSize limits the input size in bytes; 0 means DefaultMaxSize.
	MaxSize int
	// MaxDepth limits element nesting; 0 means DefaultMaxDepth.
	MaxDepth int
}

// The classes of parse errors; test with errors.Is. Every error returned by
// Parse is a *ParseError wrapping one of them.
var (
	ErrEmpty             = errors.New("mchd: empty input")
	ErrTooLarge          = errors.New("mchd: input too large")
	ErrDTD               = errors.New("mchd: DTD or entity declaration")
	ErrTooDeep           = errors.New("mchd: nesting too deep")
	ErrEncoding          = errors.New("mchd: bad encoding")
	ErrMalformed         = errors.New("mchd: malformed XML")
	ErrNamespace         = errors.New("mchd: wrong namespace")
	ErrStructure         = errors.New("mchd: unexpected structure")
	ErrLegacyFormat      = errors.New("mchd: legacy format 001/002")
	ErrUnsupportedFormat = errors.New("mchd: not an MCHD of a supported format")
)

// ParseError is the error returned by Parse. It has the shape of
// certificate.ParseError and signature.ParseError: a class, a position, an
// English detail for logs, the underlying cause and a Russian message.
type ParseError struct {
	// Err is the class of the problem, one of the Err* values.
	Err error
	// Offset is the byte offset of the problem in the input given to Parse,
	// or -1 when it concerns the input as a whole or is unknown.
	Offset int
	// Detail is an English explanation for developers and logs.
	Detail string
	// Cause is the underlying error (for example from encoding/xml), if any.
	Cause error

	ru string // the Russian message, with the specifics of this input
}

// Error returns an English message naming the class, the offset and the
// detail.
func (e *ParseError) Error() string {
	s := e.Err.Error()
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (offset %d)", e.Offset)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the class and, when there is one, the cause, for errors.Is
// and errors.As.
func (e *ParseError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU returns a Russian message for the person who uploaded the file.
func (e *ParseError) MessageRU() string {
	if e.ru != "" {
		return e.ru
	}
	return msgMalformed
}

// perr makes a *ParseError about the input as a whole.
func perr(class error, ru, format string, args ...any) *ParseError {
	return &ParseError{Err: class, Offset: -1, Detail: fmt.Sprintf(format, args...), ru: ru}
}

// at sets the offset of e.
func (e *ParseError) at(off int) *ParseError {
	e.Offset = off
	return e
}

// because sets the cause of e.
func (e *ParseError) because(err error) *ParseError {
	e.Cause = err
	return e
}

const (
	msgLegacy = "МЧД в формате 002 (или 001) не поддерживается для регистрации в ЛК ЕГИСЗ; " +
		"оформите доверенность в едином формате 003 (EMCHD_1)"
	msgUnsupported = "Файл не является машиночитаемой доверенностью в едином формате 003 (EMCHD_1)"
	msgMalformed   = "Файл доверенности не является корректным XML-документом"
)

var (
	utf8BOM = []byte{0xEF, 0xBB, 0xBF}
	// dtdMarkers are rejected anywhere in the input, before any XML parser
	// sees it: DTDs are never needed in an МЧД and are the vector of XXE and
	// entity-expansion attacks.
	dtdMarkers = [][]byte{[]byte("<!DOCTYPE"), []byte("<!ENTITY"), []byte("<!doctype"), []byte("<!entity")}
)

// Parse reads an МЧД of format 003 from data. The input is checked before it
// is parsed: size, DTD and entity declarations, UTF-8 validity, nesting depth,
// namespaces, the format version and the shape of Документ. A format 002/001
// document gives an error wrapping ErrLegacyFormat. Parse never panics; the
// returned Document keeps data (not a copy) in Raw.
func Parse(data []byte, opts ParseOptions) (*Document, error) {
	maxSize, maxDepth := opts.MaxSize, opts.MaxDepth
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	if len(data) > maxSize {
		return nil, perr(ErrTooLarge, fmt.Sprintf("Файл доверенности слишком большой (больше %d байт)", maxSize),
			"%d bytes, limit %d", len(data), maxSize)
	}
	body := bytes.TrimPrefix(data, utf8BOM)
	bom := len(data) - len(body) // offsets in body + bom are offsets in data
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, perr(ErrEmpty, "Файл доверенности пуст", "no content")
	}
	if enc := utf16Order(data); enc != "" {
		return nil, perr(ErrEncoding, "Файл доверенности в кодировке "+enc+"; формат 003 требует UTF-8 — сохраните файл в UTF-8",
			"%s text", enc).at(0)
	}
	for _, m := range dtdMarkers {
		if i := bytes.Index(body, m); i >= 0 {
			return nil, perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
				"%s", m).at(bom + i)
		}
	}
	if err := prescan(body, maxDepth); err != nil {
		if err.Offset >= 0 {
			err.Offset += bom
		}
		return nil, err
	}
	tree := etree.NewDocument()
	tree.ReadSettings.MaxDepth = maxDepth + 1
	if err := tree.ReadFromBytes(body); err != nil {
		return nil, perr(ErrMalformed, msgMalformed, "%v", err).because(err)
	}
	root := tree.Root()
	if root == nil {
		return nil, perr(ErrMalformed, msgMalformed, "no root element")
	}
	doc := &Document{Raw: data}
	r := &reader{doc: doc}
	r.read(root)
	if doc.direct == nil && doc.retrust == nil {
		return nil, perr(ErrStructure, "В доверенности нет элемента Документ/Довер или Документ/Передов",
			"neither Довер nor Передов")
	}
	return doc, nil
}

// utf16Order names the UTF-16 form of data ("UTF-16LE", "UTF-16BE"),
// recognised by a byte-order mark or by a NUL byte next to a leading "<";
// "" for anything else.
func utf16Order(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), len(data) >= 2 && data[0] == '<' && data[1] == 0:
		return "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), len(data) >= 2 && data[0] == 0 && data[1] == '<':
		return "UTF-16BE"
	}
	return ""
}

// prescan walks the token stream once with encoding/xml: version and
// namespace detection, depth limit, UTF-8, duplicate attributes and the
// cardinality of Документ and its choice.
// Offsets of its errors are offsets in body.
func prescan(body []byte, maxDepth int) *ParseError {
	encName := declaredEncoding(body)
	legacyEnc := false
	switch encName {
	case "", "utf-8":
	case "windows-1251", "cp1251", "cp-1251":
		legacyEnc = true
	default:
		return perr(ErrEncoding, "Кодировка файла доверенности должна быть UTF-8",
			"declared encoding %q", encName)
	}
	if !legacyEnc && !utf8.Valid(body) {
		i := firstInvalidUTF8(body)
		return perr(ErrEncoding, "Файл доверенности содержит байты, недопустимые в кодировке UTF-8",
			"invalid UTF-8").at(i)
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "windows-1251", "cp1251", "cp-1251":
			return charmap.Windows1251.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	var (
		path     []string // local names of the open elements
		rootSeen bool
		docCount int
		choice   int
		foreign  []string
	)
	// pos is the offset of the token just read; it is an offset in body
	// only when the body is read as UTF-8 (a windows-1251 body is
	// transcoded first).
	pos := func(start int64) int {
		if legacyEnc {
			return -1
		}
		return int(start)
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return perr(ErrMalformed, msgMalformed, "%v", err).because(err).at(pos(dec.InputOffset()))
		}
		switch t := tok.(type) {
		case xml.Directive:
			return perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
				"directive <!%.40s>", string(t)).at(pos(start))
		case xml.StartElement:
			depth := len(path) + 1
			if depth > maxDepth {
				return perr(ErrTooDeep, "Слишком глубокая вложенность элементов в файле доверенности",
					"depth exceeds %d", maxDepth).at(pos(start))
			}
			if err := checkAttrs(t); err != nil {
				return err.at(pos(start))
			}
			if depth == 1 {
				if err := checkRoot(t, legacyEnc); err != nil {
					return err.at(pos(start))
				}
				rootSeen = true
			} else if t.Name.Space != Namespace {
				if len(foreign) < 5 {
					foreign = append(foreign, fmt.Sprintf("%s (%q)", t.Name.Local, t.Name.Space))
				}
			}
			switch {
			case depth == 2 && t.Name.Local == "Документ":
				docCount++
				if docCount > 1 {
					return perr(ErrStructure, "В доверенности несколько элементов Документ", "two Документ elements").at(pos(start))
				}
			case depth == 3 && len(path) == 2 && path[1] == "Документ" && (t.Name.Local == "Довер" || t.Name.Local == "Передов"):
				choice++
				if choice > 1 {
					return perr(ErrStructure, "В доверенности несколько элементов Довер/Передов, допустим ровно один",
						"second %s inside Документ", t.Name.Local).at(pos(start))
				}
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !rootSeen {
		return perr(ErrMalformed, msgMalformed, "no root element")
	}
	if len(foreign) > 0 {
		return perr(ErrNamespace,
			"В доверенности есть элементы не из пространства имён "+Namespace+": "+strings.Join(foreign, ", "),
			"elements outside %s: %s", Namespace, strings.Join(foreign, ", "))
	}
	if docCount == 0 {
		return perr(ErrStructure, "В доверенности нет элемента Документ", "no Документ")
	}
	if choice == 0 {
		return perr(ErrStructure, "В доверенности нет элемента Довер или Передов", "no Довер/Передов")
	}
	return nil
}

// checkRoot recognises the format from the root element.
func checkRoot(t xml.StartElement, legacyEnc bool) *ParseError {
	ver, fileID := "", ""
	for _, a := range t.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "ВерсФорм":
			ver = a.Value
		case "ИдФайл":
			fileID = a.Value
		}
	}
	if t.Name.Local != "Доверенность" {
		return perr(ErrUnsupportedFormat, msgUnsupported, "root element %q", t.Name.Local)
	}
	v := strings.TrimSpace(ver)
	if v == "001" || v == "002" || strings.HasPrefix(fileID, "ON_DOVBB_") {
		return perr(ErrLegacyFormat, msgLegacy, "ВерсФорм=%q ИдФайл=%.60q", ver, fileID)
	}
	if v != FormatVersion {
		return perr(ErrUnsupportedFormat, msgUnsupported+fmt.Sprintf(" (ВерсФорм=%.40q)", ver), "ВерсФорм=%.40q", ver)
	}
	if legacyEnc {
		return perr(ErrEncoding, "Файл доверенности формата 003 должен быть в кодировке UTF-8",
			"EMCHD_1 declared as windows-1251")
	}
	if t.Name.Space != Namespace {
		return perr(ErrNamespace,
			fmt.Sprintf("Корневой элемент Доверенность должен быть в пространстве имён %s, а не %q", Namespace, t.Name.Space),
			"root namespace %q", t.Name.Space)
	}
	return nil
}

// checkAttrs rejects duplicate attributes and attributes in foreign
// namespaces other than namespace declarations and xsi.
func checkAttrs(t xml.StartElement) *ParseError {
	for i, a := range t.Attr {
		for _, b := range t.Attr[:i] {
			if a.Name == b.Name {
				return perr(ErrMalformed, msgMalformed, "duplicate attribute %s on %s", a.Name.Local, t.Name.Local)
			}
		}
		switch a.Name.Space {
		case "", "xmlns", "http://www.w3.org/2001/XMLSchema-instance":
		default:
			if a.Name.Space == "xml" || a.Name.Space == "http://www.w3.org/XML/1998/namespace" {
				continue
			}
			return perr(ErrNamespace,
				fmt.Sprintf("Атрибут %s элемента %s находится в постороннем пространстве имён %q", a.Name.Local, t.Name.Local, a.Name.Space),
				"attribute %s in namespace %q", a.Name.Local, a.Name.Space)
		}
	}
	return nil
}

// declaredEncoding returns the lower-cased encoding of the XML declaration,
// or "" when there is none.
func declaredEncoding(b []byte) string {
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 || end > 512 {
		return ""
	}
	decl := string(b[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := strings.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return strings.ToLower(rest[1 : 1+j])
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
