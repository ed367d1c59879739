package xsd

// Go functions called from C (xsd.c) while xsd_compile or xsd_validate runs
// on the same thread. A file with //export may only declare, not define, C
// functions in its preamble.

/*
#include <string.h>
#include "xsd.h"
*/
import "C"

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime/cgo"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Bounds on strings copied out of libxml2 besides messages.
const (
	maxNameLen = 256  // element or attribute name
	maxPathLen = 1024 // node path
	maxURLLen  = 1024 // URL given to the entity loader
	maxPathLvl = 300  // ancestors walked (the parser stops at 256)
)

// collector gathers the diagnostics of one compile or validate call. It is
// reached from C through a cgo.Handle and used by one thread at a time.
type collector struct {
	max, maxMsg int
	errs        []Error // all diagnostics but the validator's
	verrs       []Error // the validator's (validate only)
	omitted     int
	vomitted    int

	noWarnings bool  // drop warnings (documents: they never decide validity)
	compiling  bool  // resources may be served from files
	files      fs.FS // in-memory schema files (compile only)
	refused    bool  // some resource was refused
}

func (c *collector) add(e Error) {
	if len(c.errs) >= c.max {
		c.omitted++
		return
	}
	c.errs = append(c.errs, e)
}

// xsdGoError records one libxml2 diagnostic: a schema-validity diagnostic
// of a document (validity != 0) in c.verrs, any other in c.errs. It returns
// 0 when that list is full: the diagnostic is not recorded and C counts it
// and all later ones of its list without calling back.
//
// The validator streams: it gives no node for a diagnostic, so C passes the
// open elements (names, local names from the root, n of them; the last is
// the element concerned) and the line of that element's start tag.
//
//export xsdGoError
func xsdGoError(h C.uintptr_t, e *C.xmlError, validity C.int, names **C.xmlChar, n C.int, line C.int) (keep C.int) {
	// A panic must not unwind through libxml2's C frames.
	defer func() {
		if recover() != nil {
			keep = 0
		}
	}()
	c, ok := cgo.Handle(h).Value().(*collector)
	if !ok || e == nil {
		return 0
	}
	list := &c.errs
	if validity != 0 {
		list = &c.verrs
	}
	if len(*list) >= c.max {
		return 0
	}
	if c.noWarnings && e.level == C.XML_ERR_WARNING {
		return 1
	}
	er := Error{
		Level:   Level(e.level),
		Domain:  Domain(e.domain),
		Code:    int(e.code),
		Line:    int(e.line),
		Column:  int(e.int2),
		Message: strings.TrimRight(cString(e.message, c.maxMsg), "\r\n\t "),
	}
	if e.file != nil {
		er.File = cString(e.file, maxURLLen)
	}
	switch {
	case validity != 0 && n > 0:
		// The element's line as a tree node would record it; no column,
		// as for tree nodes.
		er.Line, er.Column = int(line), 0
		er.Element, er.Path = stackPath(unsafe.Slice(names, int(n)))
	case e.node != nil && (er.Domain == DomainSchemasV || er.Domain == DomainSchemasP):
		er.Element, er.Path = nodePath((*C.xmlNode)(e.node))
	}
	if er.Domain == DomainSchemasV {
		// libxml2 reports attribute problems against the owning element
		// (xmlError.node is the element) and names the attribute only in
		// the message: "Element 'x', attribute 'y': ...".
		if a := attributeFromMessage(er.Message); a != "" {
			er.Attribute = a
			if er.Path != "" {
				er.Path += "/@" + a
			}
		}
	}
	*list = append(*list, er)
	return 1
}

// cString copies at most max bytes of a NUL-terminated C string, cutting on
// a UTF-8 boundary and marking the cut with "…"; an incomplete character at
// the end is dropped and other invalid UTF-8 replaced.
func cString(p *C.char, max int) string {
	if p == nil {
		return ""
	}
	n := int(C.strnlen(p, C.size_t(max+1)))
	// libxml2 may itself have cut a long message inside a character.
	s := cutRune(C.GoStringN(p, C.int(min(n, max))))
	if n > max {
		s += "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cutRune drops a rune left incomplete at the end of s by truncation.
func cutRune(s string) string {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				return s[:i]
			}
			break
		}
	}
	return s
}

func xmlName(p *C.xmlChar) string {
	return cString((*C.char)(unsafe.Pointer(p)), maxNameLen)
}

// stackPath returns the last of names, the local names of the open elements
// from the root, and their path, e.g. "/a/b".
func stackPath(names []*C.xmlChar) (element, p string) {
	parts := make([]string, len(names))
	for i, name := range names {
		parts[len(names)-1-i] = xmlName(name)
	}
	return parts[0], joinPath(parts)
}

// nodePath returns the local name of the element n is, or is in, and the
// path of n from the root, e.g. "/a/b/@c". Nodes of all kinds share the
// first fields of xmlNode (type, name, parent), which is all this reads.
func nodePath(n *C.xmlNode) (element, p string) {
	var parts []string
walk:
	for i := 0; n != nil && i < maxPathLvl; i, n = i+1, n.parent {
		switch n._type {
		case C.XML_ELEMENT_NODE:
			name := xmlName(n.name)
			if element == "" {
				element = name
			}
			parts = append(parts, name)
		case C.XML_ATTRIBUTE_NODE:
			parts = append(parts, "@"+xmlName(n.name))
		case C.XML_DOCUMENT_NODE, C.XML_HTML_DOCUMENT_NODE, C.XML_DOCUMENT_FRAG_NODE:
			break walk
		}
		// Text and other nodes add nothing: go on to the parent.
	}
	return element, joinPath(parts)
}

// joinPath joins path steps given leaf first, cutting the result after
// maxPathLen bytes.
func joinPath(parts []string) string {
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
		if b.Len() > maxPathLen {
			return cutRune(b.String()[:maxPathLen]) + "…"
		}
	}
	return b.String()
}

// attributeFromMessage extracts y from "Element 'x', attribute 'y': ...".
func attributeFromMessage(msg string) string {
	const elem, attr = "Element '", "', attribute '"
	if !strings.HasPrefix(msg, elem) {
		return ""
	}
	i := strings.Index(msg, attr)
	if i < 0 {
		return ""
	}
	rest := msg[i+len(attr):]
	j := strings.Index(rest, "':")
	if j <= 0 {
		return ""
	}
	// Element names may be "{namespace}local"; attribute names are plain
	// or prefixed, never quoted.
	return rest[:j]
}

//export xsdGoLoad
func xsdGoLoad(h C.uintptr_t, curl *C.char, ctxt *C.xmlParserCtxt) (in *C.xmlParserInput) {
	c, ok := cgo.Handle(h).Value().(*collector)
	if !ok {
		return nil
	}
	// A panic (say, in a caller's fs.FS) must not unwind through libxml2.
	defer func() {
		if r := recover(); r != nil {
			c.refuse(cString(curl, maxURLLen), fmt.Sprint("panic: ", r))
			in = nil
		}
	}()
	u := cString(curl, maxURLLen)
	name, ok := c.resolve(u)
	if !ok {
		c.refuse(u, "not among the schema files supplied in memory")
		return nil
	}
	data, err := fs.ReadFile(c.files, name)
	if err != nil {
		c.refuse(u, err.Error())
		return nil
	}
	if len(data) == 0 || len(data) > 1<<30 || ctxt == nil {
		c.refuse(u, fmt.Sprintf("schema file of %d bytes", len(data)))
		return nil
	}
	in = C.xsd_memory_input(ctxt, curl, (*C.char)(unsafe.Pointer(&data[0])), C.int(len(data)))
	if in == nil {
		c.refuse(u, "out of memory")
	}
	return in
}

// resolve maps a URL built by libxml2 (a schemaLocation resolved against
// the referring file's path) to a path in c.files.
func (c *collector) resolve(u string) (string, bool) {
	if !c.compiling || c.files == nil || u == "" {
		return "", false
	}
	if p, err := url.PathUnescape(u); err == nil {
		u = p // libxml2 may have %-escaped non-ASCII file names
	}
	// No scheme (http:, file:, c:), no absolute or Windows path, no query.
	if strings.ContainsAny(u, ":\\?#") || strings.HasPrefix(u, "/") {
		return "", false
	}
	name := path.Clean(u)
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

func (c *collector) refuse(u, why string) {
	c.refused = true
	c.add(Error{
		Level:  LevelError,
		Domain: DomainIO,
		Code:   1549, // XML_IO_LOAD_ERROR
		Message: fmt.Sprintf("external resource %q refused: %s",
			u, why),
	})
}
