package certificate

import (
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Rejected describes a certificate whose outer DER structure could be read
// but which is refused: its content breaks a rule of conformance.go (those
// crypto/x509 applies, which this package keeps). Real bundles hold such
// certificates — legacy GOST R 34.10-2001 CAs with a BOOLEAN encoded as
// 0x01, or with a name attribute that is not a string — and a person
// should be told what they are and why they are refused. Fields are read
// as far as possible; what could not be read stays zero.
type Rejected struct {
	// Subject and Issuer are the names in the form of Name.String; an
	// attribute value that is not a string is shown as #hex.
	Subject, Issuer string
	// SerialNumber is the certificate's serial number.
	SerialNumber *big.Int
	// NotBefore and NotAfter are the validity period.
	NotBefore, NotAfter time.Time
	// KeyAlgorithm names the public-key algorithm ("GOST R 34.10-2001",
	// "GOST R 34.10-2012 256-bit", or the dotted OID).
	KeyAlgorithm string
}

// Reasons for which a certificate is refused, found by reading it again
// after the refusal.
var (
	reasonBoolean   = errors.New("a BOOLEAN is not DER-encoded")
	reasonNameValue = errors.New("a name attribute value is not a string")
)

// explainRejection reads a certificate that was refused: what it is
// (a summary) and, where it can tell, the precise reason instead of the
// generic one.
func explainRejection(l *certLayout) (r *Rejected, reason error, detail string) {
	r = &Rejected{SerialNumber: new(big.Int).SetBytes(l.serial.body)}
	var badName string
	r.Subject, badName = lenientName(l.subject.full)
	var badIssuer string
	r.Issuer, badIssuer = lenientName(l.issuer.full)
	r.NotBefore, r.NotAfter = validityOf(l.tbs.body)
	r.KeyAlgorithm = keyAlgorithmName(l.spki.body)
	if ext, ok := l.extension(oidExtBasicConstraints); ok {
		if b, bad := nonDERBoolean(ext.value); bad {
			return r, reasonBoolean, fmt.Sprintf("basicConstraints cA BOOLEAN encoded as 0x%02X; DER requires 0xFF for TRUE", b)
		}
	}
	switch {
	case badName != "":
		return r, reasonNameValue, "subject " + badName
	case badIssuer != "":
		return r, reasonNameValue, "issuer " + badIssuer
	}
	return r, nil, ""
}

// nonDERBoolean reports a basicConstraints value whose cA BOOLEAN is not
// 0x00 or 0xFF.
func nonDERBoolean(value []byte) (byte, bool) {
	in := cryptobyte.String(value)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.PeekASN1Tag(cbasn1.BOOLEAN) {
		return 0, false
	}
	var b cryptobyte.String
	if !seq.ReadASN1(&b, cbasn1.BOOLEAN) || len(b) != 1 {
		return 0, false
	}
	return b[0], b[0] != 0 && b[0] != 0xFF
}

// lenientName renders a DER name like Name.String, showing a value that is
// not a string as #hex; bad names the first such attribute ("" if none).
func lenientName(der []byte) (s, bad string) {
	in := cryptobyte.String(der)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) {
		return "", ""
	}
	var parts []string
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			break
		}
		for !set.Empty() {
			var atv, raw cryptobyte.String
			var typ asn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&typ) || !atv.ReadAnyASN1(&raw, &tag) {
				return strings.Join(parts, ", "), "malformed attribute"
			}
			v, err := decodeDirectoryString(int(tag), raw)
			if err != nil || !isStringTag(tag) {
				v = "#" + hex.EncodeToString(raw)
				if bad == "" {
					bad = fmt.Sprintf("attribute %s has a value of tag 0x%02X, not a string", attributeName(typ), byte(tag))
				}
			}
			parts = append(parts, attributeName(typ)+"="+v)
		}
	}
	return strings.Join(parts, ", "), bad
}

// isStringTag reports whether tag is one of the ASN.1 string types a
// directory name may hold.
func isStringTag(tag cbasn1.Tag) bool {
	switch int(tag) {
	case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString, asn1.TagT61String,
		26 /* VisibleString */, 28 /* UniversalString */, 30 /* BMPString */ :
		return true
	}
	return false
}

// validityOf reads the validity of a tbsCertificate body, zero times when it
// cannot.
func validityOf(tbs []byte) (notBefore, notAfter time.Time) {
	in := cryptobyte.String(tbs)
	in.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	var validity cryptobyte.String
	if !in.SkipASN1(cbasn1.INTEGER) || !in.SkipASN1(cbasn1.SEQUENCE) || !in.SkipASN1(cbasn1.SEQUENCE) ||
		!in.ReadASN1(&validity, cbasn1.SEQUENCE) {
		return time.Time{}, time.Time{}
	}
	read := func() time.Time {
		var t time.Time
		switch {
		case validity.PeekASN1Tag(cbasn1.UTCTime):
			if !validity.ReadASN1UTCTime(&t) {
				return time.Time{}
			}
		case validity.PeekASN1Tag(cbasn1.GeneralizedTime):
			if !validity.ReadASN1GeneralizedTime(&t) {
				return time.Time{}
			}
		}
		return t
	}
	notBefore = read()
	notAfter = read()
	return notBefore, notAfter
}

// keyAlgorithmName names the algorithm of a SubjectPublicKeyInfo body as
// PublicKey.AlgorithmName does.
func keyAlgorithmName(spki []byte) string {
	in := cryptobyte.String(spki)
	var alg cryptobyte.String
	var k PublicKey
	if !in.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&k.Algorithm) {
		return ""
	}
	return k.AlgorithmName()
}
