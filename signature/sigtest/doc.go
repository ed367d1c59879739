// Package sigtest builds test material for package signature: a
// time-stamping authority ([TSA]) that issues RFC 3161 TimeStampTokens
// signed with GOST keys, and CAdES-T signatures made by adding a signature
// timestamp to an existing CMS signature ([AddSignatureTimestamp],
// [TSA.StampSignature]) without touching its signed part.
//
// It is meant for tests — those of this module and those of services that
// embed the library. Never use it as a real TSA: it does no policy checks,
// takes any genTime it is given and accepts deliberately odd input for
// negative tests. Everything is deterministic for a seeded random source.
//
// sigtest depends on package certificate and its certtest builders but not
// on package signature, so that the signature package's own tests can use
// it.
package sigtest
