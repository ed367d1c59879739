package certificate

import (
	"bytes"
	"crypto/sha1"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/oid"
)

// This file is the CRL parser. It walks the DER of a CertificateList once to
// check it (RFC 5280 §5.1, DER as golang.org/x/crypto/cryptobyte reads it),
// reading the list's own fields, and a second time to index the entries; it
// keeps no per-entry objects. It accepts what crypto/x509.ParseRevocationList
// accepted before it (the tests in crl_x509_test.go pin that) except
// trailing bytes inside a structure, which crypto/x509 skips and this parser
// refuses.

// DER identifier octets of the CRL fields not in der.go.
const (
	tagBoolean         = 0x01
	tagEnumerated      = 0x0a
	tagUTCTime         = 0x17
	tagGeneralizedTime = 0x18
)

// The contents of the OIDs the parser compares in place.
var (
	derExtReasonCode     = oidContent(oid.ExtReasonCode)
	derExtCRLNumber      = oidContent(oid.ExtCRLNumber)
	derExtAuthorityKeyID = oidContent(oid.ExtAuthorityKeyID)
)

// oidContent is the content octets of the DER encoding of id.
func oidContent(id oid.ID) []byte {
	der, err := asn1.Marshal(id.OID())
	if err != nil || len(der) < 2 || der[1] >= 0x80 {
		panic("certificate: cannot encode OID " + id.String())
	}
	return der[2:]
}

// header reads the identifier and length of the element at b[i:end] as
// cryptobyte does (low tag numbers, definite minimal lengths of at most four
// octets) and returns its tag and the bounds of its content.
func header(b []byte, i, end int) (tag byte, body, next int, ok bool) {
	if i < 0 || end > len(b) || end-i < 2 {
		return 0, 0, 0, false
	}
	tag = b[i]
	if tag&0x1f == 0x1f {
		return 0, 0, 0, false
	}
	l := int(b[i+1])
	body = i + 2
	if l >= 0x80 {
		n := l & 0x7f
		if n == 0 || n > 4 || end-body < n || b[body] == 0 {
			return 0, 0, 0, false
		}
		l = 0
		for _, c := range b[body : body+n] {
			l = l<<8 | int(c)
		}
		if l < 0x80 {
			return 0, 0, 0, false
		}
		body += n
	}
	if l > end-body {
		return 0, 0, 0, false
	}
	return tag, body, body + l, true
}

// crlParser walks one CertificateList. Offsets are absolute in raw.
type crlParser struct {
	raw []byte
	c   *CRL
}

// fail is a *ParseError at offset off.
func (p *crlParser) fail(reason error, off int, format string, args ...any) *ParseError {
	pe := crlError(reason, fmt.Sprintf(format, args...), nil)
	pe.Offset = off
	return pe
}

// bad reports an element that header could not read at i (inside [i, end)):
// BER lengths are told apart from other damage.
func (p *crlParser) bad(i, end int, what string) *ParseError {
	if i >= end {
		return p.fail(reasonStructure, i, "%s is missing", what)
	}
	if _, _, err := readElement(p.raw[i:end], i, false); err != nil {
		return p.fail(err.reason, err.off, "%s: %s", what, err.detail)
	}
	return p.fail(reasonStructure, i, "%s: malformed DER header", what)
}

// element reads the element at i that must lie within end and carry tag.
func (p *crlParser) element(i, end int, want byte, what string) (body, next int, err *ParseError) {
	tag, body, next, ok := header(p.raw, i, end)
	if !ok {
		return 0, 0, p.bad(i, end, what)
	}
	if tag != want {
		return 0, 0, p.fail(reasonStructure, i, "%s: tag 0x%02x, want 0x%02x", what, tag, want)
	}
	return body, next, nil
}

// parseCRL parses one DER CRL (data is the caller's own copy, kept as Raw).
func parseCRL(data []byte) (*CRL, error) {
	if err := checkDER(data); err != nil {
		return nil, err
	}
	p := &crlParser{raw: data, c: &CRL{Raw: data}}
	if err := p.parse(); err != nil {
		return nil, err
	}
	sum := sha1.Sum(data)
	p.c.FingerprintSHA1 = strings.ToUpper(hex.EncodeToString(sum[:]))
	return p.c, nil
}

func (p *crlParser) parse() *ParseError {
	c, raw := p.c, p.raw
	lb, le, err := p.element(0, len(raw), tagSequence, "CertificateList")
	if err != nil {
		return err
	}
	tbsStart := lb
	tb, te, err := p.element(lb, le, tagSequence, "TBSCertList")
	if err != nil {
		return err
	}
	c.RawTBSCertList = raw[tbsStart:te:te]
	outerStart := te
	_, oe, err := p.element(te, le, tagSequence, "signatureAlgorithm")
	if err != nil {
		return err
	}
	sb, se, err := p.element(oe, le, tagBitString, "signatureValue")
	if err != nil {
		return err
	}
	if se != le {
		return p.fail(reasonStructure, se, "%d unexpected bytes after signatureValue", le-se)
	}
	if c.Signature, err = p.bitString(sb, se); err != nil {
		return err
	}

	// TBSCertList: version, signature, issuer, thisUpdate, nextUpdate,
	// revokedCertificates, [0] crlExtensions.
	i := tb
	vb, ve, err := p.element(i, te, tagInteger, "version (only v2 CRLs are accepted)")
	if err != nil {
		return err
	}
	if ve-vb != 1 || raw[vb] != 1 {
		return p.fail(reasonStructure, i, "version must be v2 (1), found 0x%X", raw[vb:ve])
	}
	i = ve
	_, ae, err := p.element(i, te, tagSequence, "signature algorithm of TBSCertList")
	if err != nil {
		return err
	}
	if !bytes.Equal(raw[i:ae], raw[outerStart:oe]) {
		return p.fail(reasonStructure, i, "signature algorithm in TBSCertList differs from the outer one")
	}
	alg, aerr := parseSignatureAlgorithm(raw[outerStart:oe])
	if aerr != nil {
		pe := crlError(reasonStructure, "signature algorithm", aerr)
		pe.Offset = outerStart
		return pe
	}
	c.SignatureAlgorithm = alg
	i = ae
	_, ie, err := p.element(i, te, tagSequence, "issuer")
	if err != nil {
		return err
	}
	c.RawIssuer = raw[i:ie:ie]
	var nerr error
	if c.Issuer, nerr = parseName(c.RawIssuer); nerr == nil {
		c.issuerText = c.Issuer.String()
		nerr = checkNameStrings(c.RawIssuer)
	}
	if nerr != nil {
		pe := crlError(reasonStructure, "issuer name", nerr)
		pe.Offset = i
		return pe
	}
	i = ie
	if c.ThisUpdate, i, err = p.time(i, te, "thisUpdate"); err != nil {
		return err
	}
	if i < te && (raw[i] == tagUTCTime || raw[i] == tagGeneralizedTime) {
		if c.NextUpdate, i, err = p.time(i, te, "nextUpdate"); err != nil {
			return err
		}
	}
	listStart, listEnd := 0, 0
	if i < te && raw[i] == tagSequence {
		if listStart, listEnd, err = p.element(i, te, tagSequence, "revokedCertificates"); err != nil {
			return err
		}
		i = listEnd
	}
	if i < te && raw[i] == tagContext0 {
		if i, err = p.crlExtensions(i, te); err != nil {
			return err
		}
	}
	if i != te {
		return p.fail(reasonStructure, i, "unexpected element with tag 0x%02x in TBSCertList", raw[i])
	}
	n, err := p.checkEntries(listStart, listEnd)
	if err != nil {
		return err
	}
	c.index = buildIndex(raw, listStart, listEnd, n)
	return nil
}

// bitString returns the bits of the BIT STRING content raw[b:e] aligned to
// the right (as crypto/x509 returned them): the content after the
// unused-bits octet when that is 0, a shifted copy otherwise.
func (p *crlParser) bitString(b, e int) ([]byte, *ParseError) {
	raw := p.raw
	if e-b < 1 {
		return nil, p.fail(reasonStructure, b, "empty signatureValue")
	}
	pad := raw[b]
	bits := raw[b+1 : e : e]
	if pad > 7 || len(bits) == 0 && pad != 0 || len(bits) > 0 && bits[len(bits)-1]&(1<<pad-1) != 0 {
		return nil, p.fail(reasonStructure, b, "signatureValue is not a DER BIT STRING (%d unused bits)", pad)
	}
	if pad == 0 {
		return bits, nil
	}
	out := make([]byte, len(bits))
	out[0] = bits[0] >> pad
	for k := 1; k < len(bits); k++ {
		out[k] = bits[k-1]<<(8-pad) | bits[k]>>pad
	}
	return out, nil
}

// time reads a UTCTime or GeneralizedTime at i.
func (p *crlParser) time(i, end int, what string) (time.Time, int, *ParseError) {
	tag, b, e, ok := header(p.raw, i, end)
	if !ok {
		return time.Time{}, 0, p.bad(i, end, what)
	}
	if tag != tagUTCTime && tag != tagGeneralizedTime {
		return time.Time{}, 0, p.fail(reasonStructure, i, "%s: tag 0x%02x is not UTCTime or GeneralizedTime", what, tag)
	}
	t, ok := derTime(p.raw[i:e], tag, p.raw[b:e])
	if !ok {
		return time.Time{}, 0, p.fail(reasonStructure, i, "%s: %q is not a valid %s", what, p.raw[b:e], timeTypeName(tag))
	}
	return t, e, nil
}

func timeTypeName(tag byte) string {
	if tag == tagUTCTime {
		return "UTCTime"
	}
	return "GeneralizedTime"
}

// derTime decodes the time element el (tag, content s). The forms CAs write
// — YYMMDDhhmmssZ and YYYYMMDDhhmmssZ — are read here; every other one is
// left to cryptobyte, which defines what is accepted.
func derTime(el []byte, tag byte, s []byte) (time.Time, bool) {
	if y, mo, d, h, mi, sec, ok := fastTime(tag, s); ok {
		return time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), true
	}
	in := cryptobyte.String(el)
	var t time.Time
	if tag == tagUTCTime {
		return t, in.ReadASN1UTCTime(&t) && in.Empty()
	}
	return t, in.ReadASN1GeneralizedTime(&t) && in.Empty()
}

// validTime reports whether derTime accepts the element, without building
// the time in the common forms.
func validTime(el []byte, tag byte, s []byte) bool {
	if _, _, _, _, _, _, ok := fastTime(tag, s); ok {
		return true
	}
	_, ok := derTime(el, tag, s)
	return ok
}

// fastTime reads the Z forms YYMMDDhhmmssZ (UTCTime, years 1950–2049) and
// YYYYMMDDhhmmssZ (GeneralizedTime). ok is false for any other form and
// for values out of range; derTime then asks cryptobyte.
func fastTime(tag byte, s []byte) (year, month, day, hour, minute, sec int, ok bool) {
	var d []byte
	switch {
	case tag == tagUTCTime && len(s) == 13 && s[12] == 'Z':
		d = s[:12]
	case tag == tagGeneralizedTime && len(s) == 15 && s[14] == 'Z':
		d = s[:14]
	default:
		return
	}
	var v [7]int
	for k := 0; k < len(d); k += 2 {
		a, b := d[k]-'0', d[k+1]-'0'
		if a > 9 || b > 9 {
			return
		}
		v[k/2] = int(a)*10 + int(b)
	}
	if tag == tagUTCTime {
		year = 2000 + v[0]
		if v[0] >= 50 {
			year = 1900 + v[0]
		}
		month, day, hour, minute, sec = v[1], v[2], v[3], v[4], v[5]
	} else {
		year = v[0]*100 + v[1]
		month, day, hour, minute, sec = v[2], v[3], v[4], v[5], v[6]
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return 0, 0, 0, 0, 0, 0, false
	}
	return year, month, day, hour, minute, sec, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validInteger reports whether s is a minimal two's-complement INTEGER
// content (the rule of cryptobyte and DER).
func validInteger(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	return len(s) == 1 || !(s[0] == 0 && s[1]&0x80 == 0 || s[0] == 0xff && s[1]&0x80 != 0)
}

// validOID reports whether s is the content of an OBJECT IDENTIFIER that
// cryptobyte reads: base-128 arcs in the fewest octets, each below 2^31.
func validOID(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); {
		v := 0
		for k := 0; ; k++ {
			if i >= len(s) || k == 5 || v >= 1<<24 {
				return false
			}
			c := s[i]
			i++
			if k == 0 && c == 0x80 {
				return false
			}
			v = v<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	return true
}

// oidString prints an OID content for messages.
func oidString(content []byte) string {
	el := append([]byte{tagOID, byte(len(content))}, content...)
	if len(content) >= 0x80 {
		return fmt.Sprintf("#%X", content)
	}
	s := cryptobyte.String(el)
	var o asn1.ObjectIdentifier
	if !s.ReadASN1ObjectIdentifier(&o) {
		return fmt.Sprintf("#%X", content)
	}
	return o.String()
}

// extension is one Extension read in place: the OID content, the critical
// flag and the extnValue content bounds.
type extension struct {
	oid      []byte
	critical bool
	vb, ve   int
}

// where names the owner of an extension in messages: the list (n < 0) or
// entry n (0-based).
func where(n int) string {
	if n < 0 {
		return "CRL"
	}
	return fmt.Sprintf("CRL entry %d", n+1)
}

// readExtension reads the Extension SEQUENCE at i (within end) of the list
// (n < 0) or of entry n.
func (p *crlParser) readExtension(i, end, n int) (extension, int, *ParseError) {
	raw := p.raw
	wrap := func(err *ParseError) *ParseError {
		err.Detail = where(n) + " " + err.Detail
		return err
	}
	b, e, err := p.element(i, end, tagSequence, "extension")
	if err != nil {
		return extension{}, 0, wrap(err)
	}
	var x extension
	ob, oe, err := p.element(b, e, tagOID, "extension OID")
	if err != nil {
		return extension{}, 0, wrap(err)
	}
	x.oid = raw[ob:oe:oe]
	if !validOID(x.oid) {
		return extension{}, 0, p.fail(reasonStructure, b, "%s extension OID %X is malformed", where(n), x.oid)
	}
	j := oe
	if j < e && raw[j] == tagBoolean {
		bb, be, err := p.element(j, e, tagBoolean, "extension critical flag")
		if err != nil {
			return extension{}, 0, wrap(err)
		}
		if be-bb != 1 || raw[bb] != 0 && raw[bb] != 0xff {
			return extension{}, 0, p.fail(reasonStructure, j, "%s extension %s: critical flag is not a DER BOOLEAN", where(n), oidString(x.oid))
		}
		x.critical = raw[bb] == 0xff
		j = be
	}
	if x.vb, x.ve, err = p.element(j, e, tagOctetString, "extension value"); err != nil {
		return extension{}, 0, wrap(err)
	}
	if x.ve != e {
		return extension{}, 0, p.fail(reasonStructure, x.ve, "%s extension %s: unexpected bytes after extnValue", where(n), oidString(x.oid))
	}
	return x, e, nil
}

// crlExtensions reads [0] EXPLICIT Extensions at i and returns the offset
// after it.
func (p *crlParser) crlExtensions(i, end int) (int, *ParseError) {
	c, raw := p.c, p.raw
	wb, we, err := p.element(i, end, tagContext0, "crlExtensions")
	if err != nil {
		return 0, err
	}
	sb, se, err := p.element(wb, we, tagSequence, "crlExtensions")
	if err != nil {
		return 0, err
	}
	if se != we {
		return 0, p.fail(reasonStructure, se, "unexpected bytes after crlExtensions")
	}
	var seen oidSet
	for j := sb; j < se; {
		start := j
		x, next, err := p.readExtension(j, se, -1)
		if err != nil {
			return 0, err
		}
		if seen.add(x.oid) {
			return 0, p.fail(reasonDuplicateExt, start, "CRL extension %s occurs twice", oidString(x.oid))
		}
		v := raw[x.vb:x.ve:x.ve]
		switch {
		case bytes.Equal(x.oid, derExtAuthorityKeyID):
			if x.critical {
				return 0, p.fail(reasonStructure, start, "authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1 forbids it)")
			}
			s := cryptobyte.String(v)
			var aki cryptobyte.String
			if !s.ReadASN1(&aki, cbasn1.SEQUENCE) || !s.Empty() {
				return 0, p.fail(reasonStructure, x.vb, "authorityKeyIdentifier is not a DER SEQUENCE")
			}
			if aki.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) {
				var id cryptobyte.String
				if !aki.ReadASN1(&id, cbasn1.Tag(0).ContextSpecific()) {
					return 0, p.fail(reasonStructure, x.vb, "authorityKeyIdentifier: malformed keyIdentifier")
				}
				c.AuthorityKeyID = []byte(id)[:len(id):len(id)]
			}
		case bytes.Equal(x.oid, derExtCRLNumber):
			s := cryptobyte.String(v)
			n := new(big.Int)
			if !s.ReadASN1Integer(n) || !s.Empty() {
				return 0, p.fail(reasonStructure, x.vb, "cRLNumber is not a DER INTEGER")
			}
			c.Number = n
		}
		j = next
	}
	return we, nil
}

// checkEntries checks every entry of revokedCertificates (content
// raw[b:e]) and counts them.
func (p *crlParser) checkEntries(b, e int) (int, *ParseError) {
	raw := p.raw
	n := 0
	for i := b; i < e; n++ {
		tag, eb, ee, ok := header(raw, i, e)
		if !ok || tag != tagSequence {
			return 0, p.entryBad(n, i, e, "entry")
		}
		// userCertificate
		tag, sb, se, ok := header(raw, eb, ee)
		if !ok || tag != tagInteger {
			return 0, p.entryBad(n, eb, ee, "serial number")
		}
		if !validInteger(raw[sb:se]) {
			return 0, p.fail(reasonStructure, eb, "CRL entry %d: serial number is not a minimal DER INTEGER", n+1)
		}
		// revocationDate
		tag, tb, te, ok := header(raw, se, ee)
		if !ok || tag != tagUTCTime && tag != tagGeneralizedTime {
			return 0, p.entryBad(n, se, ee, "revocation date")
		}
		if !validTime(raw[se:te], tag, raw[tb:te]) {
			return 0, p.fail(reasonStructure, se, "CRL entry %d: revocation date %q is not a valid %s", n+1, raw[tb:te], timeTypeName(tag))
		}
		// crlEntryExtensions
		if te < ee {
			tag, xb, xe, ok := header(raw, te, ee)
			if !ok || tag != tagSequence {
				return 0, p.entryBad(n, te, ee, "extensions")
			}
			if xe != ee {
				return 0, p.fail(reasonStructure, xe, "CRL entry %d: unexpected bytes after the extensions", n+1)
			}
			if xb < xe && !isReasonOnly(raw[te:xe]) {
				if err := p.entryExtensions(n, xb, xe); err != nil {
					return 0, err
				}
			}
		}
		i = ee
	}
	return n, nil
}

// reasonOnly is the crlEntryExtensions of most entries: a reasonCode alone,
// whose one-octet ENUMERATED (the last octet, any value) is always valid.
var reasonOnly = slices.Concat([]byte{tagSequence, 12, tagSequence, 10, tagOID, byte(len(derExtReasonCode))},
	derExtReasonCode, []byte{tagOctetString, 3, tagEnumerated, 1})

// isReasonOnly reports whether exts (a whole crlEntryExtensions element) is
// a reasonCode alone in its usual encoding.
func isReasonOnly(exts []byte) bool {
	return len(exts) == len(reasonOnly)+1 && bytes.Equal(exts[:len(reasonOnly)], reasonOnly)
}

// entryBad reports an unreadable or mistagged element of entry n.
func (p *crlParser) entryBad(n, i, end int, what string) *ParseError {
	if tag, _, _, ok := header(p.raw, i, end); ok {
		return p.fail(reasonStructure, i, "CRL entry %d: %s has tag 0x%02x", n+1, what, tag)
	}
	pe := p.bad(i, end, fmt.Sprintf("CRL entry %d: %s", n+1, what))
	return pe
}

// entryExtensions checks the extensions of entry n (content raw[b:e]): the
// structure of each, no OID twice, the reasonCode an ENUMERATED.
func (p *crlParser) entryExtensions(n, b, e int) *ParseError {
	raw := p.raw
	var seen oidSet
	for j := b; j < e; {
		start := j
		x, next, err := p.readExtension(j, e, n)
		if err != nil {
			return err
		}
		if seen.add(x.oid) {
			return p.fail(reasonDuplicateExt, start, "CRL entry %d extension %s occurs twice", n+1, oidString(x.oid))
		}
		if bytes.Equal(x.oid, derExtReasonCode) {
			if _, ok := readReason(raw[x.vb:x.ve]); !ok {
				return p.fail(reasonStructure, x.vb, "CRL entry %d: reasonCode is not a DER ENUMERATED", n+1)
			}
		}
		j = next
	}
	return nil
}

// oidSet finds an OID seen twice among the extensions of one list or
// entry: a few are compared pairwise, a map holds the rest.
type oidSet struct {
	small [4][]byte
	n     int
	more  map[string]struct{}
}

// add records o and reports whether it was already there.
func (s *oidSet) add(o []byte) bool {
	for _, x := range s.small[:min(s.n, len(s.small))] {
		if bytes.Equal(x, o) {
			return true
		}
	}
	if s.n < len(s.small) {
		s.small[s.n] = o
		s.n++
		return false
	}
	if _, dup := s.more[string(o)]; dup {
		return true
	}
	if s.more == nil {
		s.more = make(map[string]struct{})
	}
	s.more[string(o)] = struct{}{}
	s.n++
	return false
}

// readReason decodes the extnValue of a reasonCode: one ENUMERATED that
// fits an int.
func readReason(v []byte) (RevocationReason, bool) {
	if len(v) == 3 && v[0] == tagEnumerated && v[1] == 1 {
		return RevocationReason(int8(v[2])), true
	}
	s := cryptobyte.String(v)
	var r int
	if !s.ReadASN1Enum(&r) || !s.Empty() {
		return 0, false
	}
	return RevocationReason(r), true
}

// checkNameStrings applies crypto/x509's rule for the attribute values of a
// Name (which ParseCRL inherited): each is a TeletexString, PrintableString
// (with '*' and '&'), UTF8String, BMPString (no surrogates or
// noncharacters), IA5String or NumericString with valid content. der has
// been read by parseName.
func checkNameStrings(der []byte) error {
	in := cryptobyte.String(der)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) {
		return fmt.Errorf("name is not a DER SEQUENCE")
	}
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return fmt.Errorf("relative distinguished name is not a SET")
		}
		for !set.Empty() {
			var atv, value cryptobyte.String
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.SkipASN1(cbasn1.OBJECT_IDENTIFIER) || !atv.ReadAnyASN1(&value, &tag) {
				return fmt.Errorf("malformed attribute")
			}
			if !validNameString(byte(tag), value) {
				return fmt.Errorf("attribute value of tag %d is not a valid string of a supported type", tag)
			}
		}
	}
	return nil
}

func validNameString(tag byte, v []byte) bool {
	switch tag {
	case asn1.TagT61String:
		return true
	case asn1.TagPrintableString:
		for _, c := range v {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || '\'' <= c && c <= ')' ||
				'+' <= c && c <= '/' || c == ' ' || c == ':' || c == '=' || c == '?' || c == '*' || c == '&') {
				return false
			}
		}
		return true
	case asn1.TagUTF8String:
		return utf8.Valid(v)
	case asn1.TagBMPString:
		if len(v)%2 != 0 {
			return false
		}
		if l := len(v); l >= 2 && v[l-1] == 0 && v[l-2] == 0 {
			v = v[:l-2]
		}
		for k := 0; k < len(v); k += 2 {
			u := uint16(v[k])<<8 | uint16(v[k+1])
			if u == 0xfffe || u == 0xffff || u >= 0xfdd0 && u <= 0xfdef || u >= 0xd800 && u <= 0xdfff {
				return false
			}
		}
		return true
	case asn1.TagIA5String:
		for _, c := range v {
			if c >= utf8.RuneSelf {
				return false
			}
		}
		return true
	case asn1.TagNumericString:
		for _, c := range v {
			if !('0' <= c && c <= '9' || c == ' ') {
				return false
			}
		}
		return true
	}
	return false
}
