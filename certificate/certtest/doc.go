// Package certtest builds test PKIs of GOST certificates: certificates
// ([Create], from a [Template]; [NewTemplate] has realistic presets for a
// root, a CA, end-entity certificates of each kind, a time-stamping unit
// and an OCSP responder with synthetic identities), keys ([GenerateKey]),
// CRLs ([CreateCRL]; [CreateLargeCRL] for lists of a million entries),
// OCSP responses ([CreateOCSPResponse]) and synthetic
// Минцифры trusted lists, unsigned or signed with an enveloped GOST XMLDSig
// ([BuildTrustedList]).
//
// It is meant for tests — those of this module and those of services that
// embed the library and need certificates, CRLs and trusted lists to feed
// package certificate, signature and mchd. Never use it to issue real
// certificates: it does no policy checks, accepts deliberately malformed
// input (Template.ExtraExtensions, NameSpec.Extra are there for negative
// tests) and its presets carry invented names and random identifiers.
//
// Everything is deterministic for a seeded random source: the same
// template, keys and the same bytes from rand (for example rand.NewChaCha8
// of math/rand/v2) give byte-identical certificates and CRLs. Keys are
// *certificate.GOSTPrivateKey values and the results are the parsed
// *certificate.Certificate and *certificate.CRL of package certificate.
package certtest
