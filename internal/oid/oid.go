// Package oid is the module's one table of object identifiers: the GOST
// algorithms (RFC 9215, TC26), CMS and CAdES (RFC 5652, RFC 5035, RFC 5126,
// RFC 3161) and the X.509 attributes and extensions of the Russian
// qualified-certificate profile (Приказ ФСБ России № 795, RFC 9215 module
// RuStrongCertsSyntax).
//
// Identifiers are constants of type ID (the dotted form), so nobody can
// change them: compare with ID.Equal, which does not allocate, and write
// with ID.OID, which returns a fresh asn1.ObjectIdentifier.
package oid

import "encoding/asn1"

// ID is an object identifier in dotted decimal form, e.g. "1.2.643.7.1.1.2.2".
type ID string

// GOST R 34.10-2012 / 34.11-2012 algorithms (RFC 9215).
const (
	// Gost2012Key256 is id-tc26-gost3410-12-256, the algorithm of 256-bit
	// public keys; CMS also uses it as a signature algorithm.
	Gost2012Key256 ID = "1.2.643.7.1.1.1.1"
	// Gost2012Key512 is id-tc26-gost3410-12-512.
	Gost2012Key512 ID = "1.2.643.7.1.1.1.2"
	// Streebog256 is id-tc26-gost3411-12-256.
	Streebog256 ID = "1.2.643.7.1.1.2.2"
	// Streebog512 is id-tc26-gost3411-12-512.
	Streebog512 ID = "1.2.643.7.1.1.2.3"
	// SignWithDigest256 is id-tc26-signwithdigest-gost3410-12-256.
	SignWithDigest256 ID = "1.2.643.7.1.1.3.2"
	// SignWithDigest512 is id-tc26-signwithdigest-gost3410-12-512.
	SignWithDigest512 ID = "1.2.643.7.1.1.3.3"
	// Gost2001Key is the withdrawn GOST R 34.10-2001 key algorithm,
	// recognised only to name it.
	Gost2001Key ID = "1.2.643.2.2.19"
	// Gost2001Sign is the withdrawn GOST R 34.10-2001 signature algorithm.
	Gost2001Sign ID = "1.2.643.2.2.3"
	// Gost94Digest is the withdrawn GOST R 34.11-94 digest.
	Gost94Digest ID = "1.2.643.2.2.9"
	// SHA256 is id-sha256, the default hash of ESSCertIDv2 (RFC 5035).
	SHA256 ID = "2.16.840.1.101.3.4.2.1"
	// SHA1 is id-sha1: the hash of the ESSCertID of signingCertificate
	// (RFC 2634 §5.4) and the hash CryptoPro and OpenSSL put in OCSP
	// CertIDs by default (RFC 6960 §4.1.1).
	SHA1 ID = "1.3.14.3.2.26"
)

// CMS content types and attributes (RFC 5652, RFC 5035).
const (
	Data                 ID = "1.2.840.113549.1.7.1"
	SignedData           ID = "1.2.840.113549.1.7.2"
	ContentType          ID = "1.2.840.113549.1.9.3"
	MessageDigest        ID = "1.2.840.113549.1.9.4"
	SigningTime          ID = "1.2.840.113549.1.9.5"
	SigningCertificate   ID = "1.2.840.113549.1.9.16.2.12"
	SigningCertificateV2 ID = "1.2.840.113549.1.9.16.2.47"
)

// Time-stamping (RFC 3161) and the CAdES unsigned attributes (ETSI TS 101
// 733, ETSI EN 319 122-1).
const (
	// TSTInfo is id-ct-TSTInfo, the eContentType of a TimeStampToken.
	TSTInfo ID = "1.2.840.113549.1.9.16.1.4"
	// SignatureTimeStampToken is id-aa-signatureTimeStampToken (CAdES-T).
	SignatureTimeStampToken ID = "1.2.840.113549.1.9.16.2.14"
	// CertificateRefs is id-aa-ets-certificateRefs (CAdES-C).
	CertificateRefs ID = "1.2.840.113549.1.9.16.2.21"
	// RevocationRefs is id-aa-ets-revocationRefs (CAdES-C).
	RevocationRefs ID = "1.2.840.113549.1.9.16.2.22"
	// CertValues is id-aa-ets-certValues (CAdES-X Long).
	CertValues ID = "1.2.840.113549.1.9.16.2.23"
	// RevocationValues is id-aa-ets-revocationValues (CAdES-X Long).
	RevocationValues ID = "1.2.840.113549.1.9.16.2.24"
	// EscTimeStamp is id-aa-ets-escTimeStamp (CAdES-X Type 1).
	EscTimeStamp ID = "1.2.840.113549.1.9.16.2.25"
	// CertCRLTimestamp is id-aa-ets-certCRLTimestamp (CAdES-X Type 2).
	CertCRLTimestamp ID = "1.2.840.113549.1.9.16.2.26"
	// ArchiveTimestamp is id-aa-ets-archiveTimestamp, version 1 (CAdES-A).
	ArchiveTimestamp ID = "1.2.840.113549.1.9.16.2.27"
	// ArchiveTimestampV2 is id-aa-ets-archiveTimestampV2 (CAdES-A).
	ArchiveTimestampV2 ID = "1.2.840.113549.1.9.16.2.48"
	// ArchiveTimestampV3 is id-aa-ets-archiveTimestampV3 (ETSI EN 319 122-1).
	ArchiveTimestampV3 ID = "0.4.0.1733.2.4"
	// ATSHashIndex is id-aa-ATSHashIndex, the ats-hash-index carried by an
	// archive-time-stamp-v3 token (ETSI TS 101 733 v2.2.1 §6.4.2).
	ATSHashIndex ID = "0.4.0.1733.2.5"
)

// Further CAdES identifiers (ETSI TS 101 733, ETSI EN 319 122-1).
const (
	// SignaturePolicyID is id-aa-ets-sigPolicyId, the signed attribute of
	// CAdES-EPES.
	SignaturePolicyID ID = "1.2.840.113549.1.9.16.2.15"
	// ATSHashIndexV2 is id-aa-ATSHashIndex-v2 (ETSI EN 319 122-1 v1.1.1).
	ATSHashIndexV2 ID = "0.4.0.19122.1.4"
	// ATSHashIndexV3 is id-aa-ATSHashIndex-v3 (ETSI EN 319 122-1 §5.5.2).
	ATSHashIndexV3 ID = "0.4.0.19122.1.5"
	// LongTermValidation is id-aa-ets-longTermValidation (ETSI TS 101 733
	// v2.2.1 §6.5.1), recognised only to name it.
	LongTermValidation ID = "0.4.0.1733.2.2"
	// SHA384 and SHA512 are id-sha384 and id-sha512 (RFC 5754), recognised
	// in time-stamp tokens and references of foreign signatures.
	SHA384 ID = "2.16.840.1.101.3.4.2.2"
	SHA512 ID = "2.16.840.1.101.3.4.2.3"
)

// Name attributes (X.520, PKCS #9) and the Russian identifiers (Приказ ФСБ
// России № 795).
const (
	CommonName         ID = "2.5.4.3"
	Surname            ID = "2.5.4.4"
	Country            ID = "2.5.4.6"
	Locality           ID = "2.5.4.7"
	Region             ID = "2.5.4.8"
	Street             ID = "2.5.4.9"
	Organization       ID = "2.5.4.10"
	OrganizationalUnit ID = "2.5.4.11"
	Title              ID = "2.5.4.12"
	GivenName          ID = "2.5.4.42"
	EmailAddress       ID = "1.2.840.113549.1.9.1"
	OGRN               ID = "1.2.643.100.1"
	SNILS              ID = "1.2.643.100.3"
	INNLE              ID = "1.2.643.100.4"
	OGRNIP             ID = "1.2.643.100.5"
	INN                ID = "1.2.643.3.131.1.1"
)

// Russian certificate extensions and the policy arc of the КС classes.
const (
	SubjectSignTool    ID = "1.2.643.100.111"
	IssuerSignTool     ID = "1.2.643.100.112"
	PolicyClassPrefix  ID = "1.2.643.100.113"
	IdentificationKind ID = "1.2.643.100.114"
)

// Standard certificate and CRL extensions (RFC 5280), extended key usages
// and access methods.
const (
	ExtSubjectKeyID         ID = "2.5.29.14"
	ExtKeyUsage             ID = "2.5.29.15"
	ExtPrivateKeyUsage      ID = "2.5.29.16"
	ExtBasicConstraints     ID = "2.5.29.19"
	ExtCRLNumber            ID = "2.5.29.20"
	ExtReasonCode           ID = "2.5.29.21"
	ExtCRLDistribution      ID = "2.5.29.31"
	ExtCertificatePolicies  ID = "2.5.29.32"
	AnyPolicy               ID = "2.5.29.32.0"
	ExtAuthorityKeyID       ID = "2.5.29.35"
	ExtExtendedKeyUsage     ID = "2.5.29.37"
	ExtAuthorityInfoAccess  ID = "1.3.6.1.5.5.7.1.1"
	ExtKeyUsageClientAuth   ID = "1.3.6.1.5.5.7.3.2"
	ExtKeyUsageEmailProtect ID = "1.3.6.1.5.5.7.3.4"
	AccessOCSP              ID = "1.3.6.1.5.5.7.48.1"
	AccessCAIssuers         ID = "1.3.6.1.5.5.7.48.2"
	// ExtSubjectAltName is subjectAltName (RFC 5280 §4.2.1.6).
	ExtSubjectAltName ID = "2.5.29.17"
	// ExtNameConstraints is nameConstraints (RFC 5280 §4.2.1.10).
	ExtNameConstraints ID = "2.5.29.30"
	// ExtPolicyMappings is policyMappings (RFC 5280 §4.2.1.5).
	ExtPolicyMappings ID = "2.5.29.33"
	// ExtPolicyConstraints is policyConstraints (RFC 5280 §4.2.1.11).
	ExtPolicyConstraints ID = "2.5.29.36"
	// ExtInhibitAnyPolicy is inhibitAnyPolicy (RFC 5280 §4.2.1.14).
	ExtInhibitAnyPolicy ID = "2.5.29.54"
)

// Public-key algorithms and named curves other than GOST (RFC 3279, RFC
// 5480, RFC 8410), recognised only to check the keys of certificates that
// are not GOST.
const (
	// PublicKeyRSA is rsaEncryption.
	PublicKeyRSA ID = "1.2.840.113549.1.1.1"
	// PublicKeyDSA is id-dsa.
	PublicKeyDSA ID = "1.2.840.10040.4.1"
	// PublicKeyECDSA is id-ecPublicKey.
	PublicKeyECDSA ID = "1.2.840.10045.2.1"
	// PublicKeyEd25519 is id-Ed25519.
	PublicKeyEd25519 ID = "1.3.101.112"
	// CurveP224 is secp224r1.
	CurveP224 ID = "1.3.132.0.33"
	// CurveP256 is secp256r1.
	CurveP256 ID = "1.2.840.10045.3.1.7"
	// CurveP384 is secp384r1.
	CurveP384 ID = "1.3.132.0.34"
	// CurveP521 is secp521r1.
	CurveP521 ID = "1.3.132.0.35"
)

// OCSP (RFC 6960) and the extended key usages of service certificates
// (RFC 5280 §4.2.1.12).
const (
	// OCSPBasic is id-pkix-ocsp-basic, the response type of a
	// BasicOCSPResponse.
	OCSPBasic ID = "1.3.6.1.5.5.7.48.1.1"
	// OCSPNonce is id-pkix-ocsp-nonce.
	OCSPNonce ID = "1.3.6.1.5.5.7.48.1.2"
	// OCSPCRLID is id-pkix-ocsp-crl, the CRL reference a single response
	// may carry.
	OCSPCRLID ID = "1.3.6.1.5.5.7.48.1.3"
	// OCSPNoCheck is id-pkix-ocsp-nocheck: the responder certificate need
	// not be checked for revocation.
	OCSPNoCheck ID = "1.3.6.1.5.5.7.48.1.5"
	// OCSPArchiveCutoff is id-pkix-ocsp-archive-cutoff.
	OCSPArchiveCutoff ID = "1.3.6.1.5.5.7.48.1.6"
	// RIOCSPResponse is id-ri-ocsp-response, the otherRevInfoFormat of an
	// OCSP response in CMS RevocationInfoChoices (RFC 5940).
	RIOCSPResponse ID = "1.3.6.1.5.5.7.16.2"
	// ExtKeyUsageTimeStamping is id-kp-timeStamping.
	ExtKeyUsageTimeStamping ID = "1.3.6.1.5.5.7.3.8"
	// ExtKeyUsageOCSPSigning is id-kp-OCSPSigning: a delegated OCSP
	// responder.
	ExtKeyUsageOCSPSigning ID = "1.3.6.1.5.5.7.3.9"
)

// Equal reports whether o is the identifier id. It does not allocate.
func (id ID) Equal(o asn1.ObjectIdentifier) bool {
	s := string(id)
	for i, arc := range o {
		if i > 0 {
			if s == "" || s[0] != '.' {
				return false
			}
			s = s[1:]
		}
		n, rest, ok := arc1(s)
		if !ok || n != arc {
			return false
		}
		s = rest
	}
	return len(o) > 0 && s == ""
}

// arc1 reads one decimal arc from the front of s.
func arc1(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if n > (1<<31-1)/10 {
			return 0, s, false
		}
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i > 0
}

// OID returns id as a new asn1.ObjectIdentifier, which the caller may keep
// or modify. It panics if id is not a dotted OID, which only a mistake in
// this table could cause (a test parses every constant).
func (id ID) OID() asn1.ObjectIdentifier {
	var o asn1.ObjectIdentifier
	s := string(id)
	for {
		n, rest, ok := arc1(s)
		if !ok {
			panic("oid: malformed identifier " + string(id))
		}
		o = append(o, n)
		if rest == "" {
			return o
		}
		if rest[0] != '.' {
			panic("oid: malformed identifier " + string(id))
		}
		s = rest[1:]
	}
}

// String returns the dotted form.
func (id ID) String() string { return string(id) }

// DER returns the content octets of the DER encoding of id (X.690 §8.19:
// without the tag and length), for comparing with encoded identifiers
// without decoding them. It panics like OID on a malformed constant.
func (id ID) DER() []byte {
	b, ok := AppendContent(nil, id.OID())
	if !ok {
		panic("oid: identifier that cannot be encoded " + string(id))
	}
	return b
}

// AppendContent appends the content octets of the DER encoding of o (X.690
// §8.19) to dst; false, and dst unchanged, when o cannot be encoded (fewer
// than two arcs, a negative arc, a first arc over 2, a second arc of 40 or
// more under arcs 0 and 1).
func AppendContent(dst []byte, o asn1.ObjectIdentifier) ([]byte, bool) {
	if len(o) < 2 || o[0] < 0 || o[0] > 2 || o[1] < 0 || (o[0] < 2 && o[1] >= 40) {
		return dst, false
	}
	for _, arc := range o[2:] {
		if arc < 0 {
			return dst, false
		}
	}
	dst = appendBase128(dst, o[0]*40+o[1])
	for _, arc := range o[2:] {
		dst = appendBase128(dst, arc)
	}
	return dst, true
}

// appendBase128 appends v in base 128, most significant group first, the
// high bit set on all bytes but the last.
func appendBase128(b []byte, v int) []byte {
	n := 1
	for x := v >> 7; x > 0; x >>= 7 {
		n++
	}
	for i := n - 1; i >= 0; i-- {
		c := byte(v>>(7*i)) & 0x7f
		if i > 0 {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// DigestBits reports the Streebog size for a digest OID: 256, 512, or 0.
func DigestBits(o asn1.ObjectIdentifier) int {
	switch {
	case Streebog256.Equal(o):
		return 256
	case Streebog512.Equal(o):
		return 512
	}
	return 0
}

// SignatureBits reports the key size for a GOST R 34.10-2012 signature or
// key OID: 256, 512, or 0.
func SignatureBits(o asn1.ObjectIdentifier) int {
	switch {
	case Gost2012Key256.Equal(o), SignWithDigest256.Equal(o):
		return 256
	case Gost2012Key512.Equal(o), SignWithDigest512.Equal(o):
		return 512
	}
	return 0
}

// Gost2001 reports whether o is one of the withdrawn GOST R 34.10-2001,
// GOST R 34.10-94 or GOST R 34.11-94 algorithms (1.2.643.2.2.3, .4, .9,
// .19, .20).
func Gost2001(o asn1.ObjectIdentifier) bool {
	if len(o) != 6 || o[0] != 1 || o[1] != 2 || o[2] != 643 || o[3] != 2 || o[4] != 2 {
		return false
	}
	switch o[5] {
	case 3, 4, 9, 19, 20:
		return true
	}
	return false
}
