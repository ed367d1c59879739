// Package signature owns CMS / CAdES-BES SignedData with GOST algorithms:
// parsing from DER, BER (as CryptoPro and `openssl cms -stream` write it), PEM
// and bare base64 with a bounded BER→DER normaliser; verification of every
// signer over the exact received bytes of its signed attributes, with each
// check reported by ID, status and reason; and building detached or attached
// signatures with the project's GOST signer.
//
// The signer certificate is validated with package certificate at a time the
// caller chooses.
//
// # Parsing
//
// [Parse] decodes the transport (DER/BER, PEM blocks CMS, PKCS7 or SIGNED
// DATA, base64 on one line or wrapped with LF/CRLF), converts BER to DER with
// [NormalizeBER] (limits [MaxInputSize], [MaxDepth], [MaxElements]; nothing is
// allocated according to a declared length) and reads the ContentInfo
// strictly. The [0] signed-attributes element of every signer is kept as it
// was received ([SignerInfo.RawSignedAttrs]): the normaliser records where
// each [0] element came from in the input, so a signer's encoding is never
// "repaired" before it is hashed (RFC 5652 §5.4: the DER of the signed
// attributes as received is what was signed). Errors are
// *[ParseError] values wrapping one of the Err* classes.
//
// # Verification
//
// [SignedData.Verify] evaluates, for every signer and without stopping early,
// the rules listed by [Rules]:
//
//	SIG-STRUCTURE            versions, duplicate or malformed signed attributes
//	SIG-SIGNER-CERT          signer certificate found (issuer+serial or SKI)
//	SIG-ALGORITHMS           Streebog / GOST R 34.10-2012 matching the key size
//	SIG-CONTENT-TYPE         contentType = eContentType = id-data
//	SIG-MESSAGE-DIGEST       messageDigest = Streebog(content bytes)
//	SIG-BROWSER-ENCODING     content signed as UTF-16LE/base64 by the browser plug-in
//	SIG-VALUE                the signature itself, always checked with the key
//	SIG-ATTRS-DER-ORDER      signed attributes not DER (warning)
//	SIG-SIGNING-CERTIFICATE  signingCertificateV2 matches the certificate
//	SIG-SIGNING-TIME         signingTime within the certificate validity
//	SIG-CADES-BES            CAdES-BES policy (signed attributes required)
//	SIG-CERT-VALIDITY        certificate valid at the validation time
//	SIG-CERT-CHAIN           delegated to VerifyOptions.ValidateCertificate
//
// and the document-level rules SIG-CONTENT and SIG-EMBEDDED-CERTS. Chain
// validation (trust anchors, revocation) is not done here: the
// [VerifyOptions.ValidateCertificate] hook receives the signer certificate,
// the validation time and the other certificates (embedded and supplied, to
// be used as intermediates only) and returns its own results. Without a hook
// SIG-CERT-CHAIN is a warning «Цепочка сертификата не проверена».
//
// # The browser plug-in pitfall
//
// With CAdESCOM.CadesSignedData the CryptoPro browser plug-in signs the
// UTF-16LE rendering of a JavaScript string unless ContentEncoding is set to
// CADESCOM_BASE64_TO_BINARY and the content is passed as base64. Such a
// signature is valid CMS but its messageDigest does not match the file. When
// messageDigest mismatches, Verify also hashes the UTF-16LE text and the
// base64 text of the content ([BrowserEncodingMismatch]) and, on a match,
// reports SIG-BROWSER-ENCODING with an explanation of the fix.
//
// # Long-term forms (CAdES-T to CAdES-A)
//
// [SignerInfo.Level] names the CAdES form from the attributes present
// (CAdES-BES, -EPES, -T, -C, -X Type 1/2, -X Long, -X Long Type 1/2, -A;
// ETSI TS 101 733 Annex B). [SignerInfo.LongTermData] reads the unsigned
// attributes of those forms: every time-stamp token in order (signature,
// CAdES-C, references, archive v1/v2/v3 with the ats-hash-index of v3),
// complete certificate and revocation references, certificate values
// (package certificate) and revocation values (CRLs parsed; OCSP responses
// kept as BasicOCSPResponse DER). Nothing there stops at the first bad value.
// [SignedData.StampedData] returns the bytes each token must cover, per ETSI
// TS 101 733 §6.1.1, §6.3.5, §6.3.6, §6.4.1 and EN 319 122-1 §5.5.3, and
// [SignedData.CheckHashIndex] checks an ats-hash-index against the
// signature. Verifying the tokens themselves is not done here.
//
// # Building
//
// [Sign] makes a detached (or attached) CAdES-BES signature with
// contentType, signingTime, messageDigest and signingCertificateV2, DER
// sorted, in DER or PEM.
package signature
