// Package oid is the module's one table of the object identifiers of the
// GOST algorithms (RFC 9215, TC26), of CMS and CAdES (RFC 5652, RFC 5035,
// RFC 5126, RFC 3161) and of the X.509 attributes and extensions of the
// Russian qualified-certificate profile (Приказ ФСБ России № 795).
//
// The values are unexported from the module (internal); code must treat them
// as constants and never modify them.
package oid

import "encoding/asn1"

// GOST R 34.10-2012 / 34.11-2012 algorithms (RFC 9215).
var (
	// Gost2012Key256 is id-tc26-gost3410-12-256, the algorithm of 256-bit
	// public keys; CMS also uses it as a signature algorithm.
	Gost2012Key256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	// Gost2012Key512 is id-tc26-gost3410-12-512.
	Gost2012Key512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	// Streebog256 is id-tc26-gost3411-12-256.
	Streebog256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	// Streebog512 is id-tc26-gost3411-12-512.
	Streebog512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	// SignWithDigest256 is id-tc26-signwithdigest-gost3410-12-256.
	SignWithDigest256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	// SignWithDigest512 is id-tc26-signwithdigest-gost3410-12-512.
	SignWithDigest512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}
	// Gost2001Key is the withdrawn GOST R 34.10-2001 key algorithm,
	// recognised only to name it.
	Gost2001Key = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	// Gost2001Sign is the withdrawn GOST R 34.10-2001 signature algorithm.
	Gost2001Sign = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 3}
	// Gost94Digest is the withdrawn GOST R 34.11-94 digest.
	Gost94Digest = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	// SHA256 is id-sha256, the default hash of ESSCertIDv2 (RFC 5035).
	SHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

// CMS content types and attributes.
var (
	Data                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	SignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	ContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	MessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	SigningTime          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	SigningCertificate   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	SigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
)

// DigestBits reports the Streebog size for a digest OID: 256, 512, or 0.
func DigestBits(o asn1.ObjectIdentifier) int {
	switch {
	case o.Equal(Streebog256):
		return 256
	case o.Equal(Streebog512):
		return 512
	}
	return 0
}

// SignatureBits reports the key size for a GOST R 34.10-2012 signature or
// key OID: 256, 512, or 0.
func SignatureBits(o asn1.ObjectIdentifier) int {
	switch {
	case o.Equal(Gost2012Key256), o.Equal(SignWithDigest256):
		return 256
	case o.Equal(Gost2012Key512), o.Equal(SignWithDigest512):
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
