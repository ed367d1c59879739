// Package signature owns CMS / CAdES-BES / CAdES-T SignedData with GOST
// algorithms: parsing from DER, BER (as CryptoPro and `openssl cms -stream`
// write it), PEM and bare base64 with a bounded BER→DER normaliser;
// verification of every signer over the exact received bytes of its signed
// attributes, with each check reported by ID, status and reason; RFC 3161
// timestamp tokens and the signature timestamps of CAdES-T as proofs of
// existence; and building detached or attached signatures with the
// project's GOST signer.
//
// The signer certificate is validated with package certificate at the best
// time the evidence allows (see Proof of existence).
//
// # Parsing
//
// [Parse] decodes the transport (DER/BER, PEM blocks CMS, PKCS7 or SIGNED
// DATA, base64 on one line or wrapped with LF/CRLF), converts BER to DER with
// [NormalizeBER] (limits [MaxInputSize], [MaxDepth], [MaxElements]; nothing is
// allocated according to a declared length) and reads the ContentInfo
// strictly. Zero bytes after the outer element (the padding a signature
// keeps when it is copied out of a PDF /Contents) are dropped and counted in
// [SignedData.TrailingZeros]; any other trailing byte is ErrTrailingData.
// The [0] signed-attributes element of every signer is kept as it
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
//	SIG-CADES-BES            CAdES-BES profile (a warning by default, a failure with PolicyCAdESBES)
//	SIG-CERT-VALIDITY        certificate valid at the best proven time
//	SIG-CERT-CHAIN           delegated to VerifyOptions.ValidateCertificate
//	SIG-UNSIGNED-ATTRS       unsigned attributes nobody checks (warning)
//	SIG-TIMESTAMP            each signature timestamp, in scope {Signer, Timestamp}
//
// and the document-level rules SIG-CONTENT, SIG-EMBEDDED-CERTS and, for
// zero padding after the CMS, SIG-PADDING (warning). A signer without
// signed attributes whose signature value verifies over the content is a
// valid CMS signature: under the default [PolicyCMS] SIG-CADES-BES only
// warns that the CAdES-BES profile is not met; [PolicyCAdESBES] makes it a
// failure. Chain
// validation (trust anchors, revocation) is not done here: the
// [VerifyOptions.ValidateCertificate] hook receives the signer certificate,
// the validation time and the other certificates (embedded and supplied, to
// be used as intermediates only) and returns its own results. Without a hook
// SIG-CERT-CHAIN is a warning «Цепочка сертификата не проверена».
//
// # Timestamps
//
// [ParseTimestamp] reads an RFC 3161 TimeStampToken (or the token of a
// granted TimeStampResp) strictly: eContentType id-ct-TSTInfo, one signer,
// a DER TSTInfo. [Timestamp.Verify] checks a token against the bytes it
// must cover, as SIG-TIMESTAMP: the message imprint (Streebog-256/512 or
// SHA-256), the TSA's SignerInfo through the same per-rule functions as a
// signer (structure, certificate, algorithms, messageDigest of the TSTInfo,
// signature value), the ESS signingCertificateV2 (or, when its hash is not
// computable, signingCertificate v1) binding the TSA certificate, the TSA
// certificate's extKeyUsage (present, critical, only id-kp-timeStamping,
// RFC 3161 §2.3) and its validity at genTime, then the TSA chain through
// [VerifyOptions.ValidateCertificate]. The TSA certificate is validated at
// [VerifyOptions.At], the current time: a timestamp whose TSA certificate
// has expired or been revoked since proves nothing without a later proof
// (an archive timestamp, not evaluated here). A token that does not verify
// is a failed or indeterminate SIG-TIMESTAMP with its reason, never a
// silent pass.
//
// In [SignedData.Verify] every id-aa-signatureTimeStampToken unsigned
// attribute of a signer (CAdES-T, ETSI EN 319 122-1 §5.3: the imprint is
// the hash of the signer's signature value) is verified this way; its
// results carry the scope {Signer: n, Timestamp: k} and the TSA's CHAIN-*
// results follow in the same scope. [SignerResult.Timestamps] lists them.
// The CAdES-C, X, X-L and A attributes (2.21–2.27, 2.48, 0.4.0.1733.2.4 and
// .5) are recognised; any other unsigned attribute is reported by
// SIG-UNSIGNED-ATTRS.
//
// # Proof of existence
//
// As in ETSI EN 319 102-1, a verified signature timestamp is a proof of
// existence (POE) of the signature at its genTime, and the earliest one is
// [SignerResult.BestSignatureTime]. The signer certificate's validity
// (SIG-CERT-VALIDITY) and its chain (the ValidateCertificate call) are
// evaluated at that time when there is one; otherwise at the signingTime
// claim when [VerifyOptions.UseSigningTime] accepts it, otherwise at
// VerifyOptions.At. [SignerResult.ValidationTime] and
// [SignerResult.ValidationTimeSource] say which. A certificate that has
// expired since but was valid at the POE passes (outcome at-timestamp);
// without a POE a validation time outside the validity is indeterminate
// with OUT_OF_BOUNDS_NO_POE (outcome out-of-bounds), neither a pass nor a
// failure; a POE after the end of the validity is indeterminate too
// (timestamp-after-expiry), and a POE before its start fails.
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
// sorted, in DER or PEM. Test material beyond that — a time-stamping
// authority and CAdES-T signatures — is built by package sigtest.
package signature
