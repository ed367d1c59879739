// Package xsd validates XML documents against W3C XML Schemas with libxml2,
// through a small cgo binding written for hostile input.
//
// A schema is compiled once with Compile or CompileFS and then shared: a
// *Schema is safe for concurrent use, each Validate call validating the
// document while parsing it, in one pass and without building a tree, with
// parser and validation contexts of its own. Close frees the C memory of a
// schema. A cleanup frees it if a Schema becomes unreachable without Close,
// but that is only a safety net: the C heap is invisible to the Go garbage
// collector, which feels no pressure to run it.
//
// Validate distinguishes three outcomes: nil (valid), *SyntaxError (not
// well-formed, or refused before or while parsing) and *ValidationError
// (well-formed, not schema-valid). Both carry a bounded list of structured
// diagnostics (Error) with line numbers; the sentinel errors tell which limit
// refused a document. A document that turns out not to be well-formed
// reports the parser's diagnostics only, even if the validator, running
// alongside, had found violations before the error.
//
// # Hardening
//
//   - Documents are parsed from memory with XML_PARSE_NONET, NOERROR and
//     NOWARNING only: never NOENT, DTDLOAD, DTDVALID, HUGE or XINCLUDE.
//   - The parser runs with this package's SAX handlers, the validator
//     plugged in behind them (xmlSchemaSAXPlug): no handler records entity
//     or DTD declarations, resolves entities or loads an external subset.
//   - A document type declaration stops the parser as soon as it is read
//     (ErrDoctype): no entity can be declared, so XXE and entity expansion
//     ("billion laughs") cannot happen, and no external DTD is fetched.
//   - A process-wide external entity loader, installed at package
//     initialisation (with xmlInitParser), refuses every URL and file.
//     During Compile it serves only the in-memory files of Config.Files;
//     anything else makes Compile fail with ErrExternal. libxml2 still
//     stat()s a relative or file: URL before calling the loader; nothing is
//     opened or read. The loader is global to libxml2, so it also protects,
//     and restricts, any other user of libxml2 in the same process.
//   - Before libxml2 sees a document, a linear pass refuses what would make
//     libxml2 2.9 slow or could hide markup from that pass: more than
//     Config.MaxAttributes attributes in a start tag (libxml2's duplicate
//     check is quadratic: 200,000 attributes, 2 MB, took 7 minutes), more than
//     Config.MaxNamespaces namespace declarations (prefix lookup is linear in
//     the declarations in scope: 2 MB took 40 s), and encodings that are not
//     ASCII-compatible (UTF-16, UCS-4, EBCDIC, UTF-7...: ErrEncoding).
//   - Size (Config.MaxDocumentSize, default 10 MiB) is checked before
//     anything else; element nesting is bounded by Config.MaxDepth (default
//     and maximum 256).
//   - Diagnostics reach Go through per-context structured error handlers,
//     never through fixed-size buffers; their number (Config.MaxErrors) and
//     length (Config.MaxMessageLen) are capped. Errors that libxml2 raises
//     without a context (its regular-expression compiler, for one) are caught
//     by a thread-local structured handler installed for the duration of each
//     call and restored before it returns, so nothing reaches stderr.
//     libxml2's per-thread copy of the last error is cleared after every call.
//   - Invalid UTF-8, undeclared namespace prefixes and the like are
//     well-formedness errors.
//
// # Resources
//
// Validate keeps no tree: besides a copy of the document (libxml2 parses
// from its own buffer, the document converted to UTF-8 if it was not), the
// C heap holds the open elements and the text of the one being read, so a
// hostile 10 MB document takes some tens of megabytes and about a second at
// most. libxml2's validator joins the pieces of an element's text (text
// nodes separated by comments, processing instructions or CDATA sections)
// in time quadratic in their number, streaming as from a tree: 2 MB of such
// pieces in one element take about a second, 10 MB 10 to 30 seconds.
// Choose MaxDocumentSize with that in mind; a machine-readable power of
// attorney is a few kilobytes.
//
// # Diagnostics while streaming
//
// The validator sees SAX events, not tree nodes, so this package tells it
// which element a diagnostic is about: Error.Element, Path and Line are
// those of the element the validator was working on (the parent, for a
// child element that its type does not allow), Line being the line on which
// that element's start tag ends, as a tree node would record it, and exact
// beyond 65535 (a tree node keeps 16 bits: ValidateTree reports 65535 for
// any later line). The diagnostics are otherwise those of ValidateTree, in
// the same order, tested so on fixtures, their mutants and fuzzed input.
// One exception is handled by validating twice: streaming, libxml2 reports
// a failed xs:keyref when the scope of its key ends, with no way to tell the
// referring element's line, so a document with any identity-constraint
// diagnostic is validated again by the tree path, whose diagnostics are
// returned (with the tree's resource costs: see ValidateTree). Neither МЧД
// schema has identity constraints. And a text node over 10,000,000 bytes is
// refused by this package ("text node longer than ..."), where libxml2's
// tree builder reports "Memory allocation failed : xmlSAX2Characters: huge
// text node": a *SyntaxError both ways.
//
// # libxml2 2.9.14
//
// Written against 2.9.14 (Debian 12), whose own limits show through: it
// refuses attribute values over 10,000,000 bytes, names over 50,000 bytes,
// nesting deeper than 257 levels, and, with long start tags, some documents
// over 10,000,000 bytes ("Huge input lookup"); text nodes over 10,000,000
// bytes are refused too, as libxml2's tree builder refuses them. All of
// these are reported as *SyntaxError. It cannot resolve a non-ASCII
// schemaLocation. Messages longer than 64,000 bytes are cut by libxml2 to
// their first 149 bytes. From 2.12 on, structured error callbacks take a
// const xmlError (handled at compile time), the duplicate-attribute and
// namespace lookups are no longer quadratic, and per-context alternatives to
// the global entity loader exist (xmlCtxtSetResourceLoader, 2.14).
package xsd

/*
#cgo pkg-config: libxml-2.0
#cgo CFLAGS: -Wall -Wextra -Wno-unused-parameter
#include <stdlib.h>
#include "xsd.h"
*/
import "C"

import (
	"fmt"
	"io/fs"
	"math"
	"runtime"
	"runtime/cgo"
	"slices"
	"sync"
	"unsafe"
)

// Defaults and bounds of Config.
const (
	DefaultMaxDocumentSize = 10 << 20 // bytes
	DefaultMaxDepth        = 256      // also the largest accepted value
	DefaultMaxAttributes   = 256
	DefaultMaxNamespaces   = 100
	DefaultMaxErrors       = 100
	DefaultMaxMessageLen   = 2048 // bytes
	DefaultName            = "schema.xsd"
)

func init() {
	// xmlMemSetup must precede any allocation and xmlInitParser any
	// concurrent use; Go runs package initialisation on one goroutine.
	C.xsd_init()
}

// Config tunes Compile and the Validate calls of the resulting Schema. The
// zero value is usable: every zero field takes its default.
type Config struct {
	// Files holds the schema files that the schema may reference through
	// xs:include, xs:import or xs:redefine, by slash-separated paths as in
	// io/fs. A schemaLocation is resolved against the referring file's path
	// (the main schema's is Name), so "types.xsd" next to the main schema is
	// found as Files entry "types.xsd" and "../common/a.xsd" from "xsd/b.xsd"
	// as "common/a.xsd". Absolute paths, URLs with a scheme (http:, file:
	// ...) and paths leaving the root are refused, as is every reference when
	// Files is nil.
	Files fs.FS

	// Name is the main schema's path in the namespace of Files and the name
	// used in its diagnostics. Default DefaultName.
	Name string

	// MaxDocumentSize is the largest document Validate accepts, in bytes.
	// Default DefaultMaxDocumentSize; at most math.MaxInt32.
	MaxDocumentSize int

	// MaxDepth is the deepest element nesting Validate accepts (the root
	// element is at depth 1). Default, and upper bound, DefaultMaxDepth:
	// libxml2 itself refuses deeper documents unless XML_PARSE_HUGE is set,
	// which this package never does.
	MaxDepth int

	// MaxAttributes bounds the attributes (namespace declarations
	// included) of one start tag. Default DefaultMaxAttributes.
	MaxAttributes int

	// MaxNamespaces bounds the namespace declarations of a whole document.
	// Default DefaultMaxNamespaces.
	MaxNamespaces int

	// MaxErrors is the number of diagnostics kept per call; further ones are
	// only counted. Default DefaultMaxErrors.
	MaxErrors int

	// MaxMessageLen is the longest message kept, in bytes; longer ones are
	// cut on a UTF-8 boundary and end in "…". Default DefaultMaxMessageLen.
	MaxMessageLen int
}

func (c Config) withDefaults() (Config, error) {
	if c.Name == "" {
		c.Name = DefaultName
	}
	if !fs.ValidPath(c.Name) {
		return c, fmt.Errorf("xsd: invalid schema name %q (want a slash-separated relative path)", c.Name)
	}
	if c.MaxDocumentSize <= 0 {
		c.MaxDocumentSize = DefaultMaxDocumentSize
	}
	if c.MaxDocumentSize > math.MaxInt32 {
		c.MaxDocumentSize = math.MaxInt32
	}
	if c.MaxDepth <= 0 || c.MaxDepth > DefaultMaxDepth {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxAttributes <= 0 {
		c.MaxAttributes = DefaultMaxAttributes
	}
	if c.MaxNamespaces <= 0 {
		c.MaxNamespaces = DefaultMaxNamespaces
	}
	if c.MaxErrors <= 0 {
		c.MaxErrors = DefaultMaxErrors
	}
	if c.MaxMessageLen <= 0 {
		c.MaxMessageLen = DefaultMaxMessageLen
	}
	return c, nil
}

// Schema is a compiled XML Schema. It is safe for concurrent use.
type Schema struct {
	cfg      Config
	warnings []Error

	mu      sync.RWMutex // held for reading by Validate, for writing by Close
	c       cSchema      // zero once closed
	cleanup runtime.Cleanup
}

// cSchema is the C memory of a Schema: the compiled schema and the main
// schema document it was compiled from (libxml2 keeps pointers into it).
type cSchema struct {
	schema C.xmlSchemaPtr
	doc    C.xmlDocPtr
}

func (p cSchema) free() { C.xsd_free(p.schema, p.doc) }

// Compile compiles a schema given as the bytes of its main document. Schema
// files it includes or imports are taken from cfg.Files only. The returned
// error is a *SchemaError unless cfg is invalid.
func Compile(schema []byte, cfg Config) (*Schema, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(schema) == 0 || len(schema) > math.MaxInt32 {
		return nil, &SchemaError{Errors: []Error{{
			Level: LevelFatal, Domain: DomainParser, File: cfg.Name,
			Message: fmt.Sprintf("schema document of %d bytes", len(schema)),
		}}}
	}

	col := &collector{max: cfg.MaxErrors, maxMsg: cfg.MaxMessageLen, files: cfg.Files, compiling: true}
	h := cgo.NewHandle(col)
	defer h.Delete()
	name := C.CString(cfg.Name)
	defer C.free(unsafe.Pointer(name))

	var p cSchema
	var out C.xsd_out
	rc := C.xsd_compile((*C.char)(unsafe.Pointer(&schema[0])), C.int(len(schema)), name,
		C.uintptr_t(h), &p.schema, &p.doc, &out)
	col.omitted += int(out.omitted[0])

	switch {
	case rc == C.XSD_OK && col.refused:
		// libxml2 only warns about an xs:import it cannot load; a refused
		// resource is an error here all the same.
		p.free()
		return nil, &SchemaError{Errors: col.errs, Omitted: col.omitted, Err: ErrExternal}
	case rc == C.XSD_OK:
		s := &Schema{cfg: cfg, warnings: col.errs, c: p}
		s.cleanup = runtime.AddCleanup(s, cSchema.free, p)
		return s, nil
	}
	e := &SchemaError{Errors: col.errs, Omitted: col.omitted}
	switch {
	case col.refused:
		e.Err = ErrExternal
	case rc == C.XSD_INTERNAL:
		e.Err = ErrInternal
	}
	if len(e.Errors) == 0 {
		e.Errors = []Error{{Level: LevelFatal, File: cfg.Name, Message: "libxml2 rejected the schema without a diagnostic"}}
	}
	return nil, e
}

// CompileFS compiles the schema stored as name in fsys; its includes and
// imports are resolved in fsys too (cfg.Files and cfg.Name are overridden).
func CompileFS(fsys fs.FS, name string, cfg Config) (*Schema, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("xsd: %w", err)
	}
	cfg.Files, cfg.Name = fsys, name
	return Compile(data, cfg)
}

// Warnings returns the warnings libxml2 reported while compiling the schema.
func (s *Schema) Warnings() []Error { return slices.Clone(s.warnings) }

// Close frees the compiled schema. It waits for Validate calls in progress;
// later calls return ErrClosed. Close is idempotent and always returns nil.
func (s *Schema) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.c.schema != nil {
		s.cleanup.Stop()
		s.c.free()
		s.c = cSchema{}
	}
	return nil
}

// Validate parses doc and validates it against the schema. It returns
//
//   - nil if doc is well-formed and valid;
//   - an error wrapping ErrTooLarge if doc exceeds Config.MaxDocumentSize;
//   - a *SyntaxError if doc is not well-formed, or was refused before or
//     while parsing: it then wraps ErrEmpty, ErrEncoding, ErrDoctype,
//     ErrTooDeep, ErrTooManyAttributes or ErrTooManyNamespaces;
//   - a *ValidationError if doc violates the schema;
//   - ErrClosed after Close, or an error wrapping ErrInternal if libxml2
//     fails (out of memory).
//
// The encoding is UTF-8 unless the XML declaration names another accepted
// one (see ErrEncoding); libxml2 converts windows-1251 through iconv.
// Warnings are not reported. Validate does not retain doc.
func (s *Schema) Validate(doc []byte) error {
	return s.validate(doc, s.cfg.MaxDepth, false, false)
}

// ValidateTree is Validate done the slower way: doc is parsed into a
// libxml2 tree, then the tree is validated. Validate streams instead (see
// "Diagnostics while streaming" in the package documentation); ValidateTree
// is the reference it is tested against, and gives the same verdict and,
// but for the differences documented there, the same diagnostics. The tree
// takes up to about 35 times the document's size of C heap for a hostile
// document (a 10 MB document of small elements or attributes: some 350 MB
// and seconds), where Validate takes some 20 MB.
func (s *Schema) ValidateTree(doc []byte) error {
	return s.validate(doc, s.cfg.MaxDepth, false, true)
}

// codeIDC is XML_SCHEMAV_CVC_IDC, the code of identity-constraint
// (xs:key, xs:unique, xs:keyref) diagnostics.
const codeIDC = 1877

// validate is Validate with the depth limit (0: libxml2's own only) and the
// DOCTYPE refusal under the control of tests. With tree, the document is
// parsed into a libxml2 tree and the tree validated (xsd_validate_tree): the
// reference that tests hold the streaming path to.
//
// Streaming, libxml2 reports a failed xs:keyref when the scope of its key
// ends, without the line of the referring element: a document with an
// identity-constraint diagnostic is validated again, by the tree path, for
// diagnostics that point at the right element.
func (s *Schema) validate(doc []byte, maxDepth int, allowDoctype, tree bool) error {
	if len(doc) > s.cfg.MaxDocumentSize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(doc), s.cfg.MaxDocumentSize)
	}
	if len(doc) == 0 {
		return &SyntaxError{Err: ErrEmpty, Errors: []Error{{
			Level: LevelFatal, Domain: DomainParser, Code: 4, // XML_ERR_DOCUMENT_EMPTY
			Message: "Document is empty",
		}}}
	}

	if err := prescan(doc, s.cfg.MaxAttributes, s.cfg.MaxNamespaces); err != nil {
		return err
	}

	// Both passes under one read lock: Close waits for them.
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.c.schema == nil {
		return ErrClosed
	}
	err := s.run(doc, maxDepth, allowDoctype, tree)
	if ve, ok := err.(*ValidationError); ok && !tree {
		for _, e := range ve.Errors {
			if e.Domain == DomainSchemasV && e.Code == codeIDC {
				return s.run(doc, maxDepth, allowDoctype, true)
			}
		}
	}
	return err
}

// run parses and validates doc once, streaming or (tree) through a tree.
// The caller holds s.mu for reading, the schema not closed.
func (s *Schema) run(doc []byte, maxDepth int, allowDoctype, tree bool) error {
	col := &collector{max: s.cfg.MaxErrors, maxMsg: s.cfg.MaxMessageLen, noWarnings: true}
	h := cgo.NewHandle(col)
	defer h.Delete()
	var out C.xsd_out
	var rc C.int
	if tree {
		rc = C.xsd_validate_tree(s.c.schema, (*C.char)(unsafe.Pointer(&doc[0])), C.int(len(doc)),
			C.int(maxDepth), C.int(b2i(allowDoctype)), C.uintptr_t(h), &out)
	} else {
		rc = C.xsd_validate(s.c.schema, (*C.char)(unsafe.Pointer(&doc[0])), C.int(len(doc)),
			C.int(maxDepth), C.int(b2i(allowDoctype)), C.uintptr_t(h), &out)
	}
	runtime.KeepAlive(s)
	col.omitted += int(out.omitted[0])
	col.vomitted += int(out.omitted[1])

	switch rc {
	case C.XSD_OK:
		return nil
	case C.XSD_INVALID:
		// The parser's diagnostics (errors that left the document
		// well-formed: rare), then the validator's, at most MaxErrors.
		errs, omitted := col.errs, col.omitted+col.vomitted
		if len(errs) == 0 {
			errs = col.verrs
		} else {
			errs = append(errs, col.verrs...)
		}
		if len(errs) > col.max {
			omitted += len(errs) - col.max
			errs = errs[:col.max]
		}
		if len(errs) == 0 {
			errs = []Error{{Level: LevelError, Domain: DomainSchemasV, Message: "document rejected without a diagnostic"}}
		}
		return &ValidationError{Errors: errs, Omitted: omitted}
	case C.XSD_MALFORMED:
		if len(col.errs) == 0 {
			col.errs = []Error{{Level: LevelFatal, Domain: DomainParser, Message: "document is not well-formed"}}
		}
		return &SyntaxError{Line: col.errs[0].Line, Column: col.errs[0].Column, Errors: col.errs, Omitted: col.omitted}
	case C.XSD_DOCTYPE, C.XSD_TOO_DEEP, C.XSD_ENTITY_REF, C.XSD_HUGE_TEXT:
		e := Error{Level: LevelFatal, Domain: DomainParser, Code: 111, // XML_ERR_USER_STOP
			Line: int(out.line), Column: int(out.col)}
		var err error
		switch rc {
		case C.XSD_DOCTYPE:
			err = ErrDoctype
			e.Message = "DOCTYPE declaration refused: documents must not carry a document type declaration"
		case C.XSD_TOO_DEEP:
			err = ErrTooDeep
			e.Message = fmt.Sprintf("element nesting exceeds the limit of %d levels", maxDepth)
		case C.XSD_HUGE_TEXT:
			// libxml2's tree builder refuses the same ("xmlSAX2Characters:
			// huge text node").
			e.Message = fmt.Sprintf("text node longer than %d bytes", C.XML_MAX_TEXT_LENGTH)
		default:
			e.Message = "entity reference refused: entities are not expanded"
		}
		return &SyntaxError{Line: e.Line, Column: e.Column, Errors: append([]Error{e}, col.errs...), Omitted: col.omitted, Err: err}
	}
	// Out of memory, or a failure the validator reported.
	for _, e := range append(col.verrs, col.errs...) {
		if e.Level >= LevelError {
			return fmt.Errorf("%w: %s", ErrInternal, e.String())
		}
	}
	return ErrInternal
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// countAllocations switches libxml2 allocation accounting on (resetting the
// count to zero) or off. For leak tests.
func countAllocations(on bool) { C.xsd_count_allocations(C.int(b2i(on))) }

// liveBlocks returns the number of libxml2 blocks allocated and not freed
// since countAllocations(true).
func liveBlocks() int64 { return int64(C.xsd_live_blocks()) }
