package mchd

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
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

// Parse reads an МЧД of format 003 from data. The input is checked as it is
// parsed: size, DTD and entity declarations, UTF-8 validity, nesting depth,
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
	// The refusals of the whole input (DTD markers anywhere, a declared
	// encoding, invalid UTF-8 anywhere) come first, in this order. The
	// scanner reads every byte of a document it accepts, checking UTF-8
	// (outside a windows-1251 document), and notes "<!" where a marker
	// could hide from it; a document it refuses is searched for them.
	legacyEnc := false
	var encErr *ParseError
	switch encName := declaredEncoding(body); encName {
	case "", "utf-8":
	case "windows-1251", "cp1251", "cp-1251":
		legacyEnc = true
	default:
		encErr = perr(ErrEncoding, "Кодировка файла доверенности должна быть UTF-8", "declared encoding %q", encName)
	}
	refusal := func() *ParseError {
		if err := dtdRefusal(body, bom); err != nil {
			return err
		}
		if encErr != nil {
			return encErr
		}
		if !legacyEnc && !utf8.Valid(body) {
			return perr(ErrEncoding, "Файл доверенности содержит байты, недопустимые в кодировке UTF-8",
				"invalid UTF-8").at(bom + firstInvalidUTF8(body))
		}
		return nil
	}
	if encErr != nil {
		return nil, refusal()
	}
	text := string(body)
	p := getScanner(text, bom)
	defer func() { putScanner(p) }()
	p.noPos, p.strictUTF8, p.checks, p.build, p.charset, p.maxDepth = legacyEnc, !legacyEnc, true, true, true, maxDepth
	if err := p.scan(); err != nil {
		if r := refusal(); r != nil {
			return nil, r
		}
		return nil, err
	}
	if p.markup || p.switched {
		if r := refusal(); r != nil {
			return nil, r
		}
	}
	if p.switched {
		// An encoding declaration in the middle of the document made the
		// checks read the rest transcoded from windows-1251, as the
		// earlier parser's did; its tree came from the bytes as they are.
		putScanner(p)
		p = getScanner(text, -1)
		p.noPos, p.build, p.treeDepth = true, true, maxDepth+1
		if err := p.scan(); err != nil {
			return nil, err
		}
	}
	if p.root < 0 {
		return nil, perr(ErrMalformed, msgMalformed, "no root element")
	}
	doc := &Document{Raw: data}
	r := &reader{doc: doc, p: p, nodes: p.nodes, attrs: p.attrs}
	r.read(p.root)
	if doc.direct == nil && doc.retrust == nil {
		return nil, perr(ErrStructure, "В доверенности нет элемента Документ/Довер или Документ/Передов",
			"neither Довер nor Передов")
	}
	return doc, nil
}

// dtdRefusal refuses DTD and entity declarations anywhere in body: they are
// never needed in an МЧД and are the vector of XXE and entity-expansion
// attacks.
func dtdRefusal(body []byte, bom int) *ParseError {
	for _, m := range dtdMarkers {
		if i := bytes.Index(body, m); i >= 0 {
			return perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
				"%s", m).at(bom + i)
		}
	}
	return nil
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
