package mchd

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/xsd"
)

// ownXSD is the project's own XML Schema of format 003 (see schema/emchd1.xsd):
// written from the format description, with the elements, attributes, facets
// and optionality of the ФНС schema.
//
//go:embed schema/emchd1.xsd
var ownXSD []byte

// OwnSchemaName is the name under which the embedded schema is compiled and
// reported in diagnostics.
const OwnSchemaName = "emchd1.xsd"

// Schema is a compiled XML Schema of format 003, safe for concurrent use. It
// implements SchemaValidator.
type Schema struct {
	name string
	s    *xsd.Schema
	err  error // compile error of the embedded schema (never expected)
}

var (
	ownOnce   sync.Once
	ownSchema *Schema
)

// SchemaOwn returns the project's own schema of format 003, embedded in the
// package and compiled once. It is the schema Validate uses unless
// ValidateOptions says otherwise. Should the embedded schema fail to compile
// (it is compiled by the package tests, so only a libxml2 failure could cause
// it), every ValidateXML call reports that error and MCHD-SCHEMA fails.
func SchemaOwn() *Schema {
	ownOnce.Do(func() {
		s, err := xsd.Compile(ownXSD, xsd.Config{Name: OwnSchemaName})
		ownSchema = &Schema{name: OwnSchemaName, s: s, err: err}
	})
	return ownSchema
}

// LoadSchema compiles a schema of format 003 supplied by the caller, usually
// the official ON_EMCHD_1_928_00_01_01_01.xsd of the ФНС, to use instead of
// SchemaOwn. The schema must be self-contained (no xs:include or xs:import).
// Close frees it when it is no longer needed.
func LoadSchema(xsdBytes []byte) (*Schema, error) {
	const name = "ON_EMCHD_1.xsd"
	s, err := xsd.Compile(xsdBytes, xsd.Config{Name: name})
	if err != nil {
		return nil, fmt.Errorf("mchd: load schema: %w", err)
	}
	return &Schema{name: name, s: s}, nil
}

// Name returns the file name the schema is reported under.
func (s *Schema) Name() string { return s.name }

// Close frees a schema returned by LoadSchema. Closing the shared SchemaOwn
// schema is a no-op.
func (s *Schema) Close() error {
	if s == nil || s.s == nil || s == ownSchema {
		return nil
	}
	return s.s.Close()
}

// ValidateXML validates the exact bytes of a document. It returns nil for a
// valid document and a *SchemaError for a document that is not well-formed
// (or was refused before parsing: DOCTYPE, size, depth, encoding) or does
// not conform to the schema.
func (s *Schema) ValidateXML(data []byte) error {
	if s.err != nil {
		return fmt.Errorf("mchd: schema %s unusable: %w", s.name, s.err)
	}
	return s.schemaError(s.s.Validate(data))
}

// schemaError wraps an error of xsd.Schema.Validate.
func (s *Schema) schemaError(err error) error {
	if err == nil {
		return nil
	}
	se := &SchemaError{Schema: s.name, err: err}
	var (
		ve *xsd.ValidationError
		sy *xsd.SyntaxError
	)
	switch {
	case errors.As(err, &ve):
		se.WellFormed = true
		se.Problems, se.Omitted = problems(ve.Errors), ve.Omitted
	case errors.As(err, &sy):
		se.Problems, se.Omitted = problems(sy.Errors), sy.Omitted
	default:
		se.Problems = []SchemaProblem{{Message: err.Error()}}
	}
	return se
}

// SchemaProblem is one diagnostic of schema validation.
type SchemaProblem struct {
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	Element   string `json:"element,omitempty"`
	Attribute string `json:"attribute,omitempty"`
	// Path is the element path from the root, e.g.
	// "/Доверенность/Документ/Довер/СвДов/@НомДовер".
	Path string `json:"path,omitempty"`
	// Message is libxml2's message (English).
	Message string `json:"message"`
}

// String renders the problem as "line L: path: message".
func (p SchemaProblem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Russian describes the problem for the end user.
func (p SchemaProblem) Russian() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "строка %d", p.Line)
	}
	where := p.Element
	if p.Attribute != "" {
		where += "/@" + p.Attribute
	}
	if where != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(where)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(russianXSDMessage(p.Message))
	return b.String()
}

// russianXSDMessage translates the common libxml2 diagnostics.
func russianXSDMessage(m string) string {
	switch {
	case strings.Contains(m, "[facet 'pattern']"):
		return "значение не соответствует формату"
	case strings.Contains(m, "[facet 'length']"), strings.Contains(m, "[facet 'minLength']"),
		strings.Contains(m, "[facet 'maxLength']"):
		return "недопустимая длина значения"
	case strings.Contains(m, "[facet 'enumeration']"):
		return "недопустимое значение (нет в перечне допустимых)"
	case strings.Contains(m, "[facet 'minInclusive']"), strings.Contains(m, "[facet 'maxInclusive']"),
		strings.Contains(m, "[facet 'totalDigits']"), strings.Contains(m, "[facet 'fractionDigits']"):
		return "значение вне допустимого диапазона"
	case strings.Contains(m, "is required but missing"):
		return "отсутствует обязательный атрибут"
	case strings.Contains(m, "attribute") && strings.Contains(m, "is not allowed"):
		return "недопустимый атрибут"
	case strings.Contains(m, "Missing child element"):
		return "отсутствует обязательный элемент"
	case strings.Contains(m, "This element is not expected"):
		return "элемент не допускается в этом месте"
	case strings.Contains(m, "xs:date"):
		return "неверная дата (ожидается ГГГГ-ММ-ДД)"
	case strings.Contains(m, "No matching global declaration"):
		return "неизвестный корневой элемент или пространство имён"
	case strings.Contains(m, "not a valid value"):
		return "недопустимое значение"
	}
	return "ошибка формата XML"
}

// SchemaError reports a document rejected by a Schema.
type SchemaError struct {
	// Schema is the name of the schema that rejected the document.
	Schema string
	// WellFormed is false when the document is not well-formed XML or was
	// refused before parsing, true when it is well-formed but invalid.
	WellFormed bool
	// Problems lists the diagnostics in document order (at most 100).
	Problems []SchemaProblem
	// Omitted counts diagnostics beyond Problems.
	Omitted int
	err     error
}

// Error implements error.
func (e *SchemaError) Error() string {
	what := "not valid"
	if !e.WellFormed {
		what = "not well-formed"
	}
	s := fmt.Sprintf("mchd: document %s against %s", what, e.Schema)
	if len(e.Problems) > 0 {
		s += ": " + e.Problems[0].String()
	}
	if more := len(e.Problems) - 1 + e.Omitted; more > 0 {
		s += fmt.Sprintf(" (and %d more)", more)
	}
	return s
}

// Unwrap returns the underlying libxml2 binding error.
func (e *SchemaError) Unwrap() error { return e.err }

func problems(errs []xsd.Error) []SchemaProblem {
	out := make([]SchemaProblem, len(errs))
	for i, e := range errs {
		out[i] = SchemaProblem{Line: e.Line, Column: e.Column, Element: e.Element, Attribute: e.Attribute,
			Path: e.Path, Message: e.Message}
	}
	return out
}

// maxSchemaDetail bounds the diagnostics copied into an MCHD-SCHEMA result.
const maxSchemaDetail = 10

func (o DocumentOptions) schema() SchemaValidator {
	if o.Schema != nil {
		return o.Schema
	}
	return SchemaOwn()
}

func checkSchema(doc *Document, o DocumentOptions) check.Result {
	if o.SkipSchema {
		return ruleSchema.Skipped("schema validation disabled by DocumentOptions.SkipSchema")
	}
	if len(doc.Raw) == 0 {
		return ruleSchema.Skipped("document has no original bytes (built in memory)")
	}
	v := o.schema()
	err := v.ValidateXML(doc.Raw)
	name := "schema"
	if s, ok := v.(*Schema); ok {
		name = s.Name()
	}
	if err == nil {
		return ruleSchema.Passed("valid against " + name)
	}
	var se *SchemaError
	if !errors.As(err, &se) {
		return ruleSchema.Violated(err.Error(), err.Error())
	}
	n := len(se.Problems)
	var detail, ru []string
	for i, p := range se.Problems {
		if i == maxSchemaDetail {
			break
		}
		detail = append(detail, p.String())
		ru = append(ru, p.Russian())
	}
	if more := n - len(detail) + se.Omitted; more > 0 {
		detail = append(detail, fmt.Sprintf("and %d more", more))
		ru = append(ru, fmt.Sprintf("и ещё %d", more))
	}
	prefix := se.Schema + ": "
	msg := strings.Join(ru, "; ")
	if !se.WellFormed {
		return ruleSchema.Outcome("not-well-formed", prefix+"not well-formed: "+strings.Join(detail, "; "), msg)
	}
	return ruleSchema.Violated(prefix+strings.Join(detail, "; "), msg)
}
