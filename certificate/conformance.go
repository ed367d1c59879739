package certificate

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/asn1"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Which certificates Parse accepts.
//
// Until it had its own decoder this package read a certificate in two
// steps: a strict structural scan (certLayout.scan: DER lengths, no
// trailing bytes, a positive serial number, well-formed and unique
// extensions) and then crypto/x509.ParseCertificate of Go 1.26. A
// certificate was accepted when both accepted it. The decoder keeps that
// contract, so that a certificate accepted here is one the rest of the Go
// world accepts too; the functions of this file hold the checks that came
// from crypto/x509 and that the scan does not make. In short, crypto/x509
// refuses:
//
//   - a version that is not a DER INTEGER 0, 1 or 2 in [0];
//   - a serial number that is not a minimal INTEGER (the scan refuses a
//     negative one);
//   - a signature AlgorithmIdentifier whose OID does not fit int arcs, or
//     whose two copies (tbsCertificate and certificate) differ in a byte;
//   - a name attribute whose type is not such an OID or whose value is not
//     a valid T61String, PrintableString (with '*' and '&'), UTF8String,
//     BMPString (no surrogates, no noncharacters), IA5String or
//     NumericString (x509StringProblem);
//   - a time that is not a valid UTCTime or GeneralizedTime in the forms
//     of golang.org/x/crypto/cryptobyte (readTime);
//   - a subjectPublicKeyInfo with a malformed algorithm or BIT STRING, or
//     an RSA, DSA, ECDSA (P-224…P-521) or Ed25519 key that does not parse
//     (spkiRefusal; GOST and other keys are not looked at);
//   - a signatureValue that is not a valid BIT STRING;
//   - in version 3, extensions that do not decode: keyUsage,
//     basicConstraints, subjectAltName, nameConstraints,
//     cRLDistributionPoints, authorityKeyIdentifier, policyConstraints,
//     extKeyUsage, subjectKeyIdentifier, certificatePolicies,
//     policyMappings, inhibitAnyPolicy, authorityInfoAccess — and the
//     critical flag on the three RFC 5280 says MUST be non-critical
//     (subjectKeyIdentifier, authorityKeyIdentifier, authorityInfoAccess).
//
// crypto/x509 only looks at the fields after subjectPublicKeyInfo in the
// order issuerUniqueID [1], subjectUniqueID [2], extensions [3], from
// version 2 (the unique identifiers) or 3 (extensions), and ignores
// whatever else follows. There the decoder is stricter, as RFC 5280 §4.1
// is: a trailing field out of that order, repeated, constructed where it
// must be primitive, or present in a version that does not allow it
// refuses the certificate (certLayout.misplaced), rather than being
// ignored by crypto/x509 while the scan read the extensions of a version 1
// certificate.
//
// What crypto/x509 did not look at and the Russian profile reads (the
// Russian extensions, privateKeyUsagePeriod, the full
// authorityKeyIdentifier, policy qualifiers, names of non-string values in
// a directoryName) is decoded leniently: a problem is recorded in
// ExtensionErrors and the certificate is accepted.

// x509StringProblem says why crypto/x509 would refuse a name attribute
// value of the tag, "" when it accepts it.
func x509StringProblem(tag cbasn1.Tag, v []byte) string {
	switch tag {
	case cbasn1.T61String:
		return ""
	case cbasn1.PrintableString:
		for _, c := range v {
			if !printable(c) {
				return "invalid PrintableString"
			}
		}
	case cbasn1.UTF8String:
		if !utf8.Valid(v) {
			return "invalid UTF-8 in a UTF8String"
		}
	case cbasn1.Tag(asn1.TagBMPString):
		if len(v)%2 != 0 {
			return "BMPString of odd length"
		}
		if n := len(v); n >= 2 && v[n-1] == 0 && v[n-2] == 0 {
			v = v[:n-2] // a terminating NUL is tolerated
		}
		for i := 0; i+1 < len(v); i += 2 {
			u := uint16(v[i])<<8 | uint16(v[i+1])
			if u >= 0xd800 && u <= 0xdfff || u >= 0xfdd0 && u <= 0xfdef || u == 0xfffe || u == 0xffff {
				return "BMPString with a surrogate or a noncharacter"
			}
		}
	case cbasn1.IA5String:
		if !ascii(v) {
			return "non-ASCII IA5String"
		}
	case cbasn1.Tag(asn1.TagNumericString):
		for _, c := range v {
			if (c < '0' || c > '9') && c != ' ' {
				return "invalid NumericString"
			}
		}
	default:
		return "value of tag 0x" + hexByte(byte(tag)) + " is not a string"
	}
	return ""
}

// hexByte renders b as two upper-case hex digits.
func hexByte(b byte) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// printable reports whether c may appear in a PrintableString as
// crypto/x509 reads it: X.680 §41.4 plus '*' and '&', which real
// certificates carry.
func printable(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte(" '()+,-./:=?*&", c) >= 0
}

// spkiRefusal checks the content of a SubjectPublicKeyInfo: an
// AlgorithmIdentifier and a valid BIT STRING, and for the key algorithms
// crypto/x509 knows, a key it can decode.
func spkiRefusal(body []byte) string {
	s := cryptobyte.String(body)
	var alg, algOID cryptobyte.String
	if !s.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1(&algOID, cbasn1.OBJECT_IDENTIFIER) || !validOID(algOID) {
		return "malformed algorithm identifier"
	}
	var params cryptobyte.String
	if !alg.Empty() && !alg.ReadAnyASN1Element(&params, nil) {
		return "malformed algorithm parameters"
	}
	var bits asn1.BitString
	if !s.ReadASN1BitString(&bits) {
		return "subjectPublicKey is not a valid BIT STRING"
	}
	data := bits.RightAlign()
	switch string(algOID) {
	case derKeyRSA:
		if !bytes.Equal(params, []byte{0x05, 0x00}) {
			return "RSA key without NULL parameters"
		}
		k := cryptobyte.String(data)
		var n, e cryptobyte.String
		if !k.ReadASN1(&k, cbasn1.SEQUENCE) || !k.ReadASN1(&n, cbasn1.INTEGER) || !minimalInteger(n) {
			return "invalid RSA modulus"
		}
		if !k.ReadASN1(&e, cbasn1.INTEGER) {
			return "invalid RSA public exponent"
		}
		if x, ok := asn1Int64(e); !ok || x <= 0 {
			return "invalid RSA public exponent"
		}
		if !positive(n) {
			return "RSA modulus is not positive"
		}
	case derKeyECDSA:
		p := cryptobyte.String(params)
		var curveOID cryptobyte.String
		if !p.ReadASN1(&curveOID, cbasn1.OBJECT_IDENTIFIER) || !validOID(curveOID) {
			return "invalid ECDSA parameters"
		}
		var curve elliptic.Curve
		switch string(curveOID) {
		case derCurveP224:
			curve = elliptic.P224()
		case derCurveP256:
			curve = elliptic.P256()
		case derCurveP384:
			curve = elliptic.P384()
		case derCurveP521:
			curve = elliptic.P521()
		default:
			return "unsupported elliptic curve"
		}
		if _, err := ecdsa.ParseUncompressedPublicKey(curve, data); err != nil {
			return "invalid ECDSA public key"
		}
	case derKeyEd25519:
		if len(params) != 0 {
			return "Ed25519 key with parameters"
		}
		if len(data) != 32 {
			return "Ed25519 key of the wrong size"
		}
	case derKeyDSA:
		k := cryptobyte.String(data)
		var y cryptobyte.String
		if !k.ReadASN1(&y, cbasn1.INTEGER) || !minimalInteger(y) {
			return "invalid DSA public key"
		}
		p := cryptobyte.String(params)
		var pqg [3]cryptobyte.String
		if !p.ReadASN1(&p, cbasn1.SEQUENCE) {
			return "invalid DSA parameters"
		}
		for i := range pqg {
			if !p.ReadASN1(&pqg[i], cbasn1.INTEGER) || !minimalInteger(pqg[i]) {
				return "invalid DSA parameters"
			}
		}
		if !positive(y) || !positive(pqg[0]) || !positive(pqg[1]) || !positive(pqg[2]) {
			return "zero or negative DSA parameter"
		}
	}
	return ""
}

// positive reports whether the content of a minimal INTEGER is above
// zero.
func positive(b []byte) bool {
	return b[0]&0x80 == 0 && !(len(b) == 1 && b[0] == 0)
}

// subjectAltNameRefusal checks subjectAltName as crypto/x509 decodes it:
// rfc822Name, dNSName and uniformResourceIdentifier IA5 (the URI parsed,
// its host a valid domain), iPAddress of 4 or 16 octets.
func subjectAltNameRefusal(v []byte) string {
	s := cryptobyte.String(v)
	if !s.ReadASN1(&s, cbasn1.SEQUENCE) {
		return "not a SEQUENCE"
	}
	for !s.Empty() {
		var gn cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1(&gn, &tag) {
			return "malformed GeneralName"
		}
		switch tag {
		case cbasn1.Tag(1).ContextSpecific(), cbasn1.Tag(2).ContextSpecific():
			if !ascii(gn) {
				return "rfc822Name or dNSName is not IA5"
			}
		case cbasn1.Tag(6).ContextSpecific():
			if !ascii(gn) {
				return "uniformResourceIdentifier is not IA5"
			}
			u, err := url.Parse(string(gn))
			if err != nil {
				return "uniformResourceIdentifier does not parse"
			}
			if u.Host != "" && !validDomain(u.Host, false) {
				return "uniformResourceIdentifier with an invalid host"
			}
		case cbasn1.Tag(7).ContextSpecific():
			if len(gn) != 4 && len(gn) != 16 {
				return "iPAddress of neither 4 nor 16 octets"
			}
		}
	}
	return ""
}

// validDomain is the check crypto/x509 (Go 1.26) makes of a domain name
// in a name or a name constraint: empty, or labels of printable ASCII
// other than space separated by single dots, no final dot; a constraint
// may start with a dot.
func validDomain(s string, constraint bool) bool {
	if s == "" {
		return true
	}
	if s[len(s)-1] == '.' {
		return false
	}
	if constraint && s[0] == '.' {
		s = s[1:]
	}
	return validLabels(s)
}

// validLabels reports whether s is non-empty labels of printable ASCII
// other than space separated by single dots.
func validLabels(s string) bool {
	for _, label := range strings.Split(s, ".") {
		if label == "" {
			return false
		}
		for i := 0; i < len(label); i++ {
			if label[i] < '!' || label[i] > '~' {
				return false
			}
		}
	}
	return true
}

// nameConstraintsRefusal checks nameConstraints (RFC 5280 §4.2.1.10) as
// crypto/x509 decodes it.
func nameConstraintsRefusal(v []byte) string {
	s := cryptobyte.String(v)
	var top, permitted, excluded cryptobyte.String
	var hasPermitted, hasExcluded bool
	if !s.ReadASN1(&top, cbasn1.SEQUENCE) || !s.Empty() ||
		!top.ReadOptionalASN1(&permitted, &hasPermitted, cbasn1.Tag(0).ContextSpecific().Constructed()) ||
		!top.ReadOptionalASN1(&excluded, &hasExcluded, cbasn1.Tag(1).ContextSpecific().Constructed()) ||
		!top.Empty() {
		return "malformed"
	}
	if len(permitted) == 0 && len(excluded) == 0 {
		return "neither permittedSubtrees nor excludedSubtrees (RFC 5280 §4.2.1.10)"
	}
	for _, subtrees := range [...]cryptobyte.String{permitted, excluded} {
		for !subtrees.Empty() {
			var sub, base cryptobyte.String
			var tag cbasn1.Tag
			if !subtrees.ReadASN1(&sub, cbasn1.SEQUENCE) || !sub.ReadAnyASN1(&base, &tag) {
				return "malformed GeneralSubtree"
			}
			if why := constraintRefusal(tag, string(base)); why != "" {
				return why
			}
		}
	}
	return ""
}

// constraintRefusal checks the base of one GeneralSubtree.
func constraintRefusal(tag cbasn1.Tag, v string) string {
	switch tag {
	case cbasn1.Tag(2).ContextSpecific():
		if !ascii([]byte(v)) || !validDomain(v, true) {
			return "invalid dNSName constraint"
		}
	case cbasn1.Tag(7).ContextSpecific():
		if len(v) != 8 && len(v) != 32 || !contiguousMask([]byte(v[len(v)/2:])) {
			return "invalid iPAddress constraint"
		}
	case cbasn1.Tag(1).ContextSpecific():
		ok := ascii([]byte(v))
		if ok && strings.Contains(v, "@") {
			ok = validMailbox(v)
		} else if ok {
			ok = validDomain(v, true)
		}
		if !ok {
			return "invalid rfc822Name constraint"
		}
	case cbasn1.Tag(6).ContextSpecific():
		if !ascii([]byte(v)) || net.ParseIP(v) != nil || !validDomain(v, true) {
			return "invalid uniformResourceIdentifier constraint"
		}
	}
	return ""
}

// contiguousMask reports whether a netmask is ones followed by zeros.
func contiguousMask(m []byte) bool {
	i := 0
	for i < len(m) && m[i] == 0xff {
		i++
	}
	if i < len(m) {
		switch m[i] {
		case 0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe:
		default:
			return false
		}
		i++
	}
	for ; i < len(m); i++ {
		if m[i] != 0 {
			return false
		}
	}
	return true
}

// validMailbox is the check crypto/x509 makes of an rfc822Name constraint
// holding an '@' (a Mailbox, RFC 5321 §4.1.2): a quoted string or dotted
// atoms (a backslash escaping any one character), '@', then labels as in
// validMailDomain.
func validMailbox(s string) bool {
	var rest string
	if strings.HasPrefix(s, `"`) {
		i := 1
		for {
			if i >= len(s) {
				return false
			}
			c := s[i]
			i++
			if c == '"' {
				break
			}
			if c == '\\' {
				if i >= len(s) || !quotedPairChar(s[i]) {
					return false
				}
				i++
				continue
			}
			if !qtext(c) {
				return false
			}
		}
		rest = s[i:]
	} else {
		var local []byte
		i := 0
		for i < len(s) {
			c := s[i]
			if c == '\\' {
				if i+1 >= len(s) {
					return false
				}
				local = append(local, s[i+1])
				i += 2
				continue
			}
			if !atext(c) {
				break
			}
			local = append(local, c)
			i++
		}
		if len(local) == 0 || local[0] == '.' || local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) {
			return false
		}
		rest = s[i:]
	}
	if !strings.HasPrefix(rest, "@") {
		return false
	}
	return validMailDomain(rest[1:])
}

// quotedPairChar reports whether c may follow a backslash in a quoted
// local part: any 7-bit character but NUL, LF and CR.
func quotedPairChar(c byte) bool {
	return c >= 1 && c <= 127 && c != '\n' && c != '\r'
}

// qtext reports whether c may appear unescaped in a quoted local part:
// 7-bit characters but NUL, TAB, LF, CR, '"' and '\' (space included).
func qtext(c byte) bool {
	return c >= 1 && c <= 127 && c != '\t' && c != '\n' && c != '\r' && c != '"' && c != '\\'
}

// atext reports whether c may appear in a dot-atom local part (the atext
// of RFC 5322 §3.2.3, and '.').
func atext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0
}

// validMailDomain checks the domain of a mailbox constraint: empty, or
// non-empty labels of printable ASCII other than space.
func validMailDomain(s string) bool {
	return s == "" || validLabels(s)
}

// policiesRefusal checks certificatePolicies as crypto/x509 decodes it:
// PolicyInformation SEQUENCEs each starting with a distinct OBJECT
// IDENTIFIER of minimally encoded arcs (of any size).
func policiesRefusal(v []byte) string {
	s := cryptobyte.String(v)
	if !s.ReadASN1(&s, cbasn1.SEQUENCE) {
		return "not a SEQUENCE"
	}
	// The identifiers seen: compared in place while there are few, in a
	// map once a hostile extension lists many.
	var buf [16][]byte
	ids := buf[:0]
	var seen map[string]bool
	for !s.Empty() {
		var info, id cryptobyte.String
		if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1(&id, cbasn1.OBJECT_IDENTIFIER) {
			return "malformed PolicyInformation"
		}
		if !minimalArcs(id) {
			return "malformed policyIdentifier"
		}
		dup := seen[string(id)]
		for _, x := range ids {
			dup = dup || string(x) == string(id)
		}
		if dup {
			return "policy " + oidString(id) + " listed twice"
		}
		switch {
		case seen != nil:
			seen[string(id)] = true
		case len(ids) < len(buf):
			ids = append(ids, id)
		default:
			seen = make(map[string]bool)
			for _, x := range ids {
				seen[string(x)] = true
			}
			seen[string(id)] = true
			ids = nil
		}
	}
	return ""
}

// minimalArcs reports whether b is non-empty, ends a subidentifier and
// starts none with 0x80.
func minimalArcs(b []byte) bool {
	if len(b) == 0 || b[len(b)-1]&0x80 != 0 {
		return false
	}
	start := true
	for _, c := range b {
		if start && c == 0x80 {
			return false
		}
		start = c&0x80 == 0
	}
	return true
}

// policyMappingsRefusal checks policyMappings: SEQUENCEs each starting
// with two OBJECT IDENTIFIERs (their content is not checked).
func policyMappingsRefusal(v []byte) string {
	s := cryptobyte.String(v)
	if !s.ReadASN1(&s, cbasn1.SEQUENCE) {
		return "not a SEQUENCE"
	}
	for !s.Empty() {
		var m, a, b cryptobyte.String
		if !s.ReadASN1(&m, cbasn1.SEQUENCE) || !m.ReadASN1(&a, cbasn1.OBJECT_IDENTIFIER) || !m.ReadASN1(&b, cbasn1.OBJECT_IDENTIFIER) {
			return "malformed PolicyMapping"
		}
	}
	return ""
}

// policyConstraintsRefusal checks policyConstraints: a SEQUENCE with
// optional [0] and [1] INTEGERs of at most 64 bits.
func policyConstraintsRefusal(v []byte) string {
	s := cryptobyte.String(v)
	if !s.ReadASN1(&s, cbasn1.SEQUENCE) {
		return "not a SEQUENCE"
	}
	for _, tag := range [...]cbasn1.Tag{cbasn1.Tag(0).ContextSpecific(), cbasn1.Tag(1).ContextSpecific()} {
		if !s.PeekASN1Tag(tag) {
			continue
		}
		var n cryptobyte.String
		if !s.ReadASN1(&n, tag) {
			return "malformed"
		}
		if _, ok := asn1Int64(n); !ok {
			return "a skip count is not an INTEGER of at most 64 bits"
		}
	}
	return ""
}
