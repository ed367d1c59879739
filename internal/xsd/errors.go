package xsd

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Test for them with errors.Is; the structured errors below
// wrap them where they apply.
var (
	// ErrTooLarge reports a document longer than Config.MaxDocumentSize. It
	// is returned before anything is parsed.
	ErrTooLarge = errors.New("xsd: document exceeds the size limit")

	// ErrEmpty reports a zero-length document. It is wrapped in a
	// *SyntaxError.
	ErrEmpty = errors.New("xsd: document is empty")

	// ErrDoctype reports a document with a document type declaration
	// (<!DOCTYPE ...>). Parsing stops as soon as the declaration is read, so
	// no entity is declared and no external DTD is looked at. It is wrapped in
	// a *SyntaxError that tells where the declaration is.
	ErrDoctype = errors.New("xsd: DOCTYPE declarations are not accepted")

	// ErrTooDeep reports element nesting deeper than Config.MaxDepth. It is
	// wrapped in a *SyntaxError that tells where parsing stopped.
	ErrTooDeep = errors.New("xsd: element nesting exceeds the depth limit")

	// ErrTooManyAttributes reports a start tag with more than
	// Config.MaxAttributes attributes (libxml2 2.9 checks attributes for
	// duplicates in quadratic time). It is wrapped in a *SyntaxError.
	ErrTooManyAttributes = errors.New("xsd: too many attributes in a start tag")

	// ErrTooManyNamespaces reports a document with more than
	// Config.MaxNamespaces namespace declarations (libxml2 2.9 resolves
	// prefixes by a linear search over the declarations in scope). It is
	// wrapped in a *SyntaxError.
	ErrTooManyNamespaces = errors.New("xsd: too many namespace declarations")

	// ErrEncoding reports a document in an encoding that is not accepted:
	// only ASCII-compatible encodings pass (UTF-8, US-ASCII, windows-1251,
	// windows-1252, ISO-8859-1, ISO-8859-5, KOI8-R, KOI8-U, CP866); UTF-16,
	// UCS-4, EBCDIC, UTF-7 and others are refused before parsing. It is
	// wrapped in a *SyntaxError.
	ErrEncoding = errors.New("xsd: document encoding not accepted")

	// ErrExternal reports that a schema referred to a resource (by
	// xs:include, xs:import, xs:redefine, a DTD or an entity) that is not
	// among the in-memory files given in Config.Files. Nothing is ever read
	// from the network or the file system. It is wrapped in a *SchemaError.
	ErrExternal = errors.New("xsd: external resource refused")

	// ErrClosed reports use of a Schema after Close.
	ErrClosed = errors.New("xsd: schema is closed")

	// ErrInternal reports a libxml2 failure that is neither a property of
	// the input nor of the schema (typically out of memory).
	ErrInternal = errors.New("xsd: libxml2 internal error")
)

// Level is the severity libxml2 gives a diagnostic.
type Level int

// Diagnostic severities, numbered as libxml2's xmlErrorLevel.
const (
	LevelWarning Level = 1 // XML_ERR_WARNING
	LevelError   Level = 2 // XML_ERR_ERROR
	LevelFatal   Level = 3 // XML_ERR_FATAL
)

// String returns "warning", "error" or "fatal".
func (l Level) String() string {
	switch l {
	case LevelWarning:
		return "warning"
	case LevelError:
		return "error"
	case LevelFatal:
		return "fatal"
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// Domain is the libxml2 module that reported a diagnostic (xmlErrorDomain).
type Domain int

// The domains this package reports; other xmlErrorDomain values may appear.
const (
	DomainParser    Domain = 1  // XML_FROM_PARSER: well-formedness
	DomainNamespace Domain = 3  // XML_FROM_NAMESPACE: namespace well-formedness
	DomainIO        Domain = 8  // XML_FROM_IO: input (and refused resources)
	DomainSchemasP  Domain = 16 // XML_FROM_SCHEMASP: schema compilation
	DomainSchemasV  Domain = 17 // XML_FROM_SCHEMASV: schema validation
	DomainEncoding  Domain = 27 // XML_FROM_I18N: character encoding conversion
)

// String names the domain.
func (d Domain) String() string {
	switch d {
	case DomainParser:
		return "parser"
	case DomainNamespace:
		return "namespace"
	case DomainIO:
		return "io"
	case DomainEncoding:
		return "encoding"
	case DomainSchemasP:
		return "schema"
	case DomainSchemasV:
		return "validity"
	}
	return fmt.Sprintf("domain(%d)", int(d))
}

// Error is one diagnostic. Line and Column are 1-based and 0 when unknown;
// schema-validation diagnostics carry the line of the element concerned
// (where its start tag ends) and no column. Those of ValidateTree, and of
// Validate for a document with an identity-constraint diagnostic (validated
// by the tree path), come from libxml2's tree nodes, which keep lines in 16
// bits: a Line of 65535 there means "line 65535 or later".
type Error struct {
	Level  Level
	Domain Domain
	// Code is libxml2's xmlParserErrors value (e.g. 1824 for
	// XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1, 9 for XML_ERR_INVALID_CHAR).
	Code   int
	Line   int
	Column int
	// File is the schema file the diagnostic is about (compilation only).
	File string
	// Element and Attribute are the local names of the node concerned, when
	// known; Path is the element path from the root, e.g.
	// "/Доверенность/Документ/Довер/СвДов/@НомДовер".
	Element   string
	Attribute string
	Path      string
	// Message is libxml2's message without the trailing newline, cut to
	// Config.MaxMessageLen bytes (on a UTF-8 boundary, with "…" appended)
	// when longer.
	Message string
}

// String formats the diagnostic as "line L, column C: message".
func (e Error) String() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// summary renders what, the first error and how many follow.
func summary(what string, errs []Error, omitted int) string {
	if len(errs) == 0 {
		return what
	}
	s := what + ": " + errs[0].String()
	if more := len(errs) - 1 + omitted; more > 0 {
		s += fmt.Sprintf(" (and %d more)", more)
	}
	return s
}

// SyntaxError reports a document that is not well-formed XML, or that was
// refused before or during parsing (ErrDoctype, ErrTooDeep, ErrEmpty,
// ErrEncoding, ErrTooManyAttributes, ErrTooManyNamespaces, which it wraps
// then). Line and Column locate the first problem.
type SyntaxError struct {
	Line, Column int
	// Errors lists the diagnostics in order, at most Config.MaxErrors.
	Errors []Error
	// Omitted counts diagnostics dropped beyond Config.MaxErrors.
	Omitted int
	// Err is one of the sentinels above, or nil for plain well-formedness
	// errors.
	Err error
}

// Error implements error.
func (e *SyntaxError) Error() string {
	what := "xsd: document is not well-formed"
	if e.Err != nil {
		what = e.Err.Error()
	}
	return summary(what, e.Errors, e.Omitted)
}

// Unwrap returns Err.
func (e *SyntaxError) Unwrap() error { return e.Err }

// ValidationError reports a well-formed document that does not conform to
// the schema.
type ValidationError struct {
	// Errors lists the violations in document order, at most
	// Config.MaxErrors. It is never empty.
	Errors []Error
	// Omitted counts violations dropped beyond Config.MaxErrors.
	Omitted int
}

// Error implements error.
func (e *ValidationError) Error() string {
	return summary("xsd: document is not valid", e.Errors, e.Omitted)
}

// SchemaError reports a schema that could not be compiled: not well-formed,
// not a valid XML Schema, or referring to a resource that is not supplied.
type SchemaError struct {
	Errors  []Error
	Omitted int
	// Err is ErrExternal when a resource was refused, ErrInternal on a
	// libxml2 failure, otherwise nil.
	Err error
}

// Error implements error.
func (e *SchemaError) Error() string {
	what := "xsd: schema does not compile"
	if e.Err != nil {
		what += " (" + e.Err.Error() + ")"
	}
	return summary(what, e.Errors, e.Omitted)
}

// Unwrap returns Err.
func (e *SchemaError) Unwrap() error { return e.Err }
