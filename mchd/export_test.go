package mchd

import (
	"net/http"

	"github.com/egisz-lk/registrar/internal/xsd"
)

// Test-only access to unexported identifiers for the external tests of
// package mchd_test (the standard export_test.go pattern): they live outside
// the package because they build their documents with package mchdtest,
// which imports this one.

// OwnXSD is the embedded schema of format 003.
var OwnXSD = ownXSD

// SchemaCompileErr is the compile error of a Schema (nil when it compiled).
func SchemaCompileErr(s *Schema) error { return s.err }

// ValidateXMLTree is ValidateXML by libxml2's tree path
// (xsd.Schema.ValidateTree): the reference for the streaming one.
func ValidateXMLTree(s *Schema, data []byte) error {
	if s.err != nil {
		return s.err
	}
	return s.schemaError(s.s.ValidateTree(data))
}

// SchemaWarnings are the compiler warnings of a compiled Schema.
func SchemaWarnings(s *Schema) []xsd.Error { return s.s.Warnings() }

// Model details kept unexported; the parser tests read them here.

// FormFlags returns @ПрЭлФорм.
func FormFlags(d *Document) string { return d.formFlags }

// OrgRegion returns АдрРег/@Регион of o.
func OrgRegion(o *Organisation) string { return o.region }

// IdentityKind returns УдЛичнФЛ/@КодВидДок of p, or "" without one.
func IdentityKind(p *Person) string {
	if p.Details.identity == nil {
		return ""
	}
	return p.Details.identity.KindCode
}

// HasNotary reports whether a direct power of attorney has СвНотУд.
func HasNotary(d *Document) bool { return d.direct != nil && d.direct.Notary != nil }

// RetrustSummary returns СвПервДовер/@НомДоверПерв and the ИНН of the first
// person passing the powers on, for a retrust.
func RetrustSummary(d *Document) (original, transferorINN string) {
	if d.retrust == nil {
		return "", ""
	}
	original = d.retrust.Original.Number
	if len(d.retrust.Transferors) > 0 && d.retrust.Transferors[0].Person != nil {
		transferorINN = d.retrust.Transferors[0].Person.INN
	}
	return original, transferorINN
}

// CacheWaiters returns how many callers wait for the question about q under
// way in c (0 when none is).
func CacheWaiters(c *CachedStatus, q StatusQuery) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[q]; f != nil {
		return f.waiters
	}
	return 0
}

// RegistryCheckRedirect is the redirect policy of the default client of
// HTTPStatus.
func RegistryCheckRedirect() func(*http.Request, []*http.Request) error {
	return defaultRegistryClient.CheckRedirect
}

// ParseStatusAnswer reads the body of a 2xx answer as h does.
func ParseStatusAnswer(h *HTTPStatus, body []byte, q StatusQuery) (StatusReport, error) {
	return h.parse(body, q)
}

// OldParse is the etree-based parser that Parse replaced (oldparse_test.go),
// the oracle of the differential tests.
var OldParse = oldParse
