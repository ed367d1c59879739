// Package certificate owns GOST X.509 certificates as used in Russian qualified
// electronic signatures (КЭП): parsing (DER, PEM, base64, bundles), the typed
// Russian subject (ОГРН, ОГРНИП, ИНН, ИНН ЮЛ, СНИЛС, …), classification into
// ЮЛ, ИП and ФЛ, the qualified-profile rules of Приказ ФСБ № 795 and 63-ФЗ as
// small checks with stable IDs, chain building and verification at a given time
// against trust anchors supplied by the caller, CRLs and OCSP responses. Test
// PKIs (certificates, keys, CRLs, OCSP responses and trusted lists for tests)
// are built with package certtest.
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
// Certificates are decoded by this package (cryptobyte, one pass) and
// accepted exactly when crypto/x509 would accept them as well. A
// [Certificate] keeps the raw parts (raw DER, raw names, SKI, …) and adds the Russian profile: typed [Name] values for subject and
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
// [CheckProfile] evaluates every profile rule at a validation time and
// returns one check.Result per rule; requirements whose legal basis is not
// confirmed are warnings marked as such.
//
// # Chains, trust and revocation
//
// [Verify] builds and checks the certification paths of a certificate at a
// given time against a [Trust]: trust anchors (Roots) and intermediates,
// each a [Pool] (immutable, indexed by subject key identifier and subject
// name) built from certificates ([NewPool]) or from a trust source with
// accreditation data ([NewAccreditedPool]). Package certificate/trust loads
// a Trust from files: root and CA certificates, CRLs and the Минцифры
// trusted list, whose head-CA certificates become anchors and whose other CA
// certificates carry their CA's accreditation history. A pool's
// [TrustSource] records whether the list's own signature was verified
// ([SourceSignature]): a chain whose anchor or accreditation data came from
// a list that is unsigned or not verified against a pinned signer has
// CHAIN-ACCREDITATION indeterminate (SIGNATURE_NOT_VERIFIED), and one from a
// list whose signature is invalid fails ([ErrUntrustedSource]); anchors
// given as plain certificate files are not affected. The [ChainResult]
// holds the chain(s) found, a typed [*ChainError] for a failure and exactly
// one check.Result per chain rule (CHAIN-TRUSTED-ROOT, CHAIN-SIGNATURE,
// CHAIN-VALIDITY, CHAIN-CA-CONSTRAINTS, CHAIN-PATH-LENGTH, CHAIN-KEY-USAGE,
// CHAIN-REVOCATION, CHAIN-ACCREDITATION), merged over the links of the
// chain. [Rules] lists every rule of the package.
//
// Revocation is checked with the CRLs ([ParseCRL], [ParseCRLs], [ReadCRL];
// a [CRL] keeps its entries in its encoding and finds one by serial number
// in constant time, [CRL.Lookup]) and OCSP
// responses ([ParseOCSPResponse]) the caller trusts (Trust.CRLs,
// Trust.OCSP), with those that came with the document
// (VerifyOptions.Revocation, e.g. a CAdES-X Long signature's
// revocationValues) and with CRLs an optional [Fetcher] downloads (package
// certificate/trust has an HTTP one). A CRL counts when its CA's key
// verifies it; an OCSP response when it is signed by the CA or by a
// responder the CA issued for OCSP signing (id-kp-OCSPSigning,
// [OCSPResponse.Responder]), whatever the CertID hash (SHA-1, SHA-256,
// Streebog-256/512). A revocation at or before the validation time from
// any usable source fails the link; data issued after the validation time
// speaks for it, and an OCSP response without nextUpdate speaks only for
// the quarter of an hour after it was made. A link without usable
// revocation data — none, stale, unverifiable, from an unauthorised
// responder, status unknown — is indeterminate («не удалось проверить»,
// with a sub-indication such as NO_REVOCATION_DATA), or a failure with
// [RevocationRequire].
//
// # Keys
//
// A parsed certificate's GOST key is a [*GOSTPublicKey]
// ([Certificate.GOSTKey]); [ParsePrivateKey] reads a PKCS#8 private key
// into a [*GOSTPrivateKey], a crypto.Signer. Package certtest
// (certificate/certtest) generates keys and writes certificates, CRLs and
// synthetic trusted lists for tests; it is not meant for real CAs.
package certificate
