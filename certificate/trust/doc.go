// Package trust loads what a service trusts into a certificate.Trust: the
// Минцифры list of accredited certification authorities
// (АккредитованныеУдостоверяющиеЦентры, the trusted list) — the
// self-signed certificates of the head CA become trust anchors, every other
// CA certificate an intermediate that carries its CA's accreditation
// history and CRL addresses, so that certificate.Verify checks that each CA
// of a chain was accredited at the validation time — as well as plain root
// and CA certificate files and CRLs.
//
// The list parser streams the XML with encoding/xml: no DTD, bounded size,
// depth and text; certificate entries that do not parse or whose thumbprint
// does not match are left out and listed, never silently dropped.
//
// # The list's signature
//
// Минцифры signs the list with an enveloped XMLDSig. [ParseList] verifies
// it and records the outcome in [List.Signature] and in the pools'
// certificate.TrustSource, so that certificate.Verify reports the chains
// built on the list accordingly (CHAIN-ACCREDITATION: indeterminate
// SIGNATURE_NOT_VERIFIED for a list that is unsigned, whose signer is not
// pinned or whose algorithm is not supported; failed for an invalid
// signature). [List.CheckSignature] reports it as TSL-SIGNATURE, scoped to
// the trusted list; [Rules] lists the rule. A signature problem never makes
// ParseList fail: the list stays usable and every verdict built on it says
// what is wrong with it.
//
// Accepted is exactly one ds:Signature, a child of the root element, whose
// SignedInfo holds a CanonicalizationMethod (Exclusive XML Canonicalization
// 1.0 or Canonical XML 1.0, without comments), a SignatureMethod GOST R
// 34.10-2012 with a 256- or 512-bit key
// (urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256
// or -512) and exactly one Reference: URI="" (the whole document), the
// enveloped-signature transform and at most one canonicalisation transform,
// DigestMethod Streebog-256 or -512. The older GOST R 34.10-2001 / GOST R
// 34.11-94 URIs (xmldsig-more#gostr34102001-gostr3411, #gostr3411 and the
// cpxmlsec names) are recognised and reported as withdrawn; any other
// algorithm or transform is unsupported (both indeterminate,
// UNSUPPORTED_ALGORITHM). A second Signature, a Signature anywhere but
// directly under the root, a Reference to anything but URI="", a second
// Reference or a missing enveloped transform refuse the signature (failed):
// that is signature wrapping. The parser never reads what is inside a
// Signature element, and the root element may not reappear inside the list,
// so what a verified list says is what its signature covers.
//
// SignatureValue is s‖r, each half big-endian, as in CMS and X.509: it is
// what xmlsec writes with its OpenSSL back end (the GOST engine's output,
// unchanged) and with CryptoAPI (the CSP's little-endian value reversed
// before verification, as for CMS); a test checks that a value made by
// OpenSSL's GOST engine verifies. The digest in DigestValue is
// Streebog's byte output over the canonical list, the signature is over
// Streebog of the canonical SignedInfo.
//
// The caller pins the signer ([ListOptions.Signers]): the certificate in
// KeyInfo is used only when it equals a pinned one byte for byte, and the
// pinned certificates' keys are tried as well. A pin is an exact
// certificate, not an anchor to build a path to: "any certificate issued
// under the head CA" would let any subscriber of an accredited CA sign a
// list. No validity or revocation check is made for the list's signer.
// Without a pin a list that verifies with its own KeyInfo certificate is
// still only "signer not pinned".
//
// Canonicalisation is github.com/russellhaering/goxmldsig's (over
// beevik/etree), cross-checked against libxml2's xmllint in the tests, with
// three corrections: the processing instructions outside the root element
// belong to the canonical form of the document; qualified attributes are
// ordered by namespace URI, not by prefix; literal white space in attribute
// values becomes a space as an XML parser makes it, which encoding/xml does
// not.
//
// An ETSI TS 119 612 / TS 102 231 trusted list (TrustServiceStatusList, the
// European format) is recognised ([IsEuropeanList]) and refused with a
// [*EuropeanListError] that says in Russian what the file is.
package trust
