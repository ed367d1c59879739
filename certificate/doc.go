// Package certificate owns GOST X.509 certificates as used in Russian qualified
// electronic signatures (КЭП): parsing (DER, PEM, base64, bundles), the typed
// Russian subject (ОГРН, ОГРНИП, ИНН, ИНН ЮЛ, СНИЛС, …), classification into
// ЮЛ, ИП and ФЛ, the qualified-profile rules of Приказ ФСБ № 795 and 63-ФЗ as
// small checks with stable IDs, chain building and verification at a given time
// against trust anchors supplied by the caller (PEM/DER files, a directory or the
// Минцифры trusted-list XML) and CRLs. Test PKIs (certificates, keys, CRLs
// and trusted lists for tests) are built with package certtest.
//
// Trust comes only from the caller: a root embedded in a signature is never
// trusted by itself, and nothing here touches the network unless the caller
// installs a fetcher.
//
// # Parsing
//
// [Parse] reads every certificate of an upload — DER, PEM with any number of
// blocks, base64 (one line or wrapped, LF or CRLF) or a certs-only PKCS#7
// bundle (.p7b) — strictly: DER only, no trailing bytes, no negative serial
// number, no duplicate extension, within [MaxInputSize],
// [MaxCertificateSize] and [MaxCertificates]. Failures are [*ParseError]
// values wrapping one of the Err* classes (errors.Is) with a position and a
// Russian message. [ParseOne] expects exactly one certificate.
//
// A [Certificate] keeps what crypto/x509 parsed (raw DER, raw names, SKI,
// …) and adds the Russian profile: typed [Name] values for subject and
// issuer with normalised, checksum-checked identifiers ([Identifier]), the
// sign-tool and identification-kind extensions, policy classes КС1…КА1, the
// full authority key identifier, the private-key usage period and the GOST
// public key ([PublicKey]; a certificate whose key is unusable is still
// returned, with PublicKey.Err set). [Certificate.CheckSignatureFrom]
// verifies a GOST signature by an issuer certificate.
//
// # Classification and profile rules
//
// [Certificate.Classify] tells ЮЛ, ИП and ФЛ apart and flags legacy
// "employee" certificates; the CAs accepted for heads of legal entities and
// entrepreneurs are an [Options] setting ([DefaultHeadIssuers]).
// [CheckProfile] evaluates every rule of [ProfileRules] at a validation time
// and returns one check.Result per rule; requirements whose legal basis is
// not confirmed are warnings marked as such.
//
// # Chains, trust stores and revocation
//
// [Verify] builds and checks the certification paths of a certificate at a
// given time against trust anchors ([VerifyOptions].Roots) and
// intermediates, each a [Pool] (immutable, indexed by subject key
// identifier and subject name) built from certificates ([NewPool]), files
// ([LoadPoolFiles], [LoadPoolDir]) or the Минцифры trusted list
// ([LoadTrustedList]: self-signed certificates of the head CA are anchors,
// the other CA certificates intermediates carrying their CA's accreditation
// status history). The [ChainResult] holds the chain(s) found, a typed
// [*ChainError] for a failure and one check.Result per chain rule
// ([ChainRules]: CHAIN-TRUSTED-ROOT, CHAIN-SIGNATURE, CHAIN-VALIDITY,
// CHAIN-CA-CONSTRAINTS, CHAIN-PATH-LENGTH, CHAIN-KEY-USAGE,
// CHAIN-REVOCATION, CHAIN-ACCREDITATION) with Russian messages.
//
// Revocation is checked with CRLs the caller supplies ([ParseCRL]) or that
// an optional [Fetcher] ([HTTPFetcher]) downloads; a link without a CRL is
// a warning, or a failure with [RevocationRequire].
//
// # Keys
//
// A parsed certificate's GOST key is a [*GOSTPublicKey]
// ([Certificate.GOSTKey]); [ParsePrivateKey] reads a PKCS#8 private key
// into a [*GOSTPrivateKey], a crypto.Signer. Package certtest
// (certificate/certtest) generates keys and writes certificates, CRLs and
// synthetic trusted lists for tests; it is not meant for real CAs.
package certificate
