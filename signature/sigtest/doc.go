// Package sigtest builds test material for package signature: a
// time-stamping authority ([TSA]) that issues RFC 3161 TimeStampTokens
// signed with GOST keys, and the CAdES forms made by extending an existing
// CMS signature without touching its signed part — CAdES-T
// ([AddSignatureTimestamp], [AddSignatureTimestampToken],
// [TSA.StampSignature]), CAdES-X Long Type 1 and 2 ([AddXLongType1],
// [AddXLongType2]) and CAdES-A ([AddArchiveTimestampV2],
// [AddArchiveTimestampV3]). The builders take the token maker as a
// [Stamper]; [TSA.Stamper] is one. [CoSign] joins signatures of the same
// content into one SignedData with several signers (a co-signature).
//
// It is meant for tests — those of this module and those of services that
// embed the library. Never use it as a real TSA: it does no policy checks,
// takes any genTime it is given and accepts deliberately odd input for
// negative tests. Everything is deterministic for a seeded random source.
//
// sigtest reads and writes the CMS bytes itself and does not import
// package signature, so that what it builds checks that package rather
// than repeating it.
package sigtest
