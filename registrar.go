// Package registrar is the root of the module: it lists every rule the
// library can report, across its packages, in one registry.
//
// The checks themselves live in the packages that own them: certificate
// (GOST X.509 certificates, chains, revocation), certificate/trust (the
// signature of the Минцифры trusted list), signature (CMS / CAdES
// signatures), mchd (machine-readable powers of attorney), application
// (the upload variants and the application of the «Регистратор» power) and
// access (the Регистратор's requests to grant or revoke access);
// check holds the shared vocabulary. Every result any entry point reports
// has the ID of a rule listed here; the same rule has the same ID whatever
// the entry point, and the result's scope says which document, signer or
// timestamp it is about.
package registrar

import (
	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// registry holds every rule of the module; building it panics on a
// duplicate ID or a malformed declaration, which the first test run
// catches.
var registry = func() *check.Registry {
	var g check.Registry
	g.Register(certificate.Rules()...)
	g.Register(trust.Rules()...)
	g.Register(signature.Rules()...)
	g.Register(mchd.Rules()...)
	g.Register(application.Rules()...)
	g.Register(access.Rules()...)
	return &g
}()

// Rules returns copies of every rule the library can report, sorted by ID:
// its stable ID, English title, citation of the norm, severity, Russian
// message templates and declared outcomes.
func Rules() []check.Rule { return registry.Rules() }

// Lookup returns a copy of the rule with the given ID.
func Lookup(id string) (check.Rule, bool) { return registry.Lookup(id) }

// Unknown describes each result of rs that the registry cannot explain (an
// unregistered ID, an undeclared outcome, an invalid status, an
// indeterminate result without a defined sub-indication); empty when every
// result is accounted for.
func Unknown(rs check.Results) []string { return registry.Unknown(rs) }
