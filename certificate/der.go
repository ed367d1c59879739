package certificate

import (
	"bytes"
	"encoding/asn1"
	"fmt"

	"github.com/egisz-lk/registrar/internal/oid"
)

// This file holds a small, strict DER reader that lays out a certificate
// before decode.go reads its fields. It says precisely what is wrong with a
// bad input (truncation, trailing bytes, BER lengths, negative serial
// numbers, duplicate extensions, a PKCS#7 bundle that is not certs-only) and
// where.

// DER identifier octets used below.
const (
	tagInteger     = 0x02
	tagBitString   = 0x03
	tagOctetString = 0x04
	tagOID         = 0x06
	tagSequence    = 0x30
	tagSet         = 0x31
	tagContext0    = 0xa0 // [0] constructed
	tagContext1    = 0xa1 // [1] constructed
	tagContext3    = 0xa3 // [3] constructed
	tagImplicit1   = 0x81 // [1] primitive (issuerUniqueID)
	tagImplicit2   = 0x82 // [2] primitive (subjectUniqueID)
)

// element is one DER element: its identifier octet, where it starts in the
// input being scanned and its header and content bytes.
type element struct {
	tag  byte
	off  int    // absolute offset of the identifier octet
	full []byte // identifier, length and content
	body []byte // content
}

// bodyOff is the absolute offset of the element's content.
func (e element) bodyOff() int { return e.off + len(e.full) - len(e.body) }

// derError is a problem found by the reader: its reason (a reason* value
// that refines a class), the absolute offset and an English detail.
type derError struct {
	reason error
	off    int
	detail string
}

func derErrorf(reason error, off int, format string, args ...any) *derError {
	return &derError{reason: reason, off: off, detail: fmt.Sprintf(format, args...)}
}

// readElement reads one element from b, which starts at absolute offset base.
// top says whether b is the whole remaining input (then an element longer
// than b means the input was cut: reasonTruncated) or the content of an
// enclosing element (then it is an inconsistent length: reasonStructure).
func readElement(b []byte, base int, top bool) (element, []byte, *derError) {
	short := func(off int, what string) *derError {
		if top {
			return derErrorf(reasonTruncated, off, "input ends inside %s", what)
		}
		return derErrorf(reasonStructure, off, "%s runs past the end of its enclosing element", what)
	}
	if len(b) < 1 {
		return element{}, nil, short(base, "an element header")
	}
	tag := b[0]
	if tag&0x1f == 0x1f {
		return element{}, nil, derErrorf(reasonStructure, base, "high-tag-number identifier 0x%02x is not used in certificates", tag)
	}
	if len(b) < 2 {
		return element{}, nil, short(base, "an element header")
	}
	l := int(b[1])
	hdr := 2
	switch {
	case l == 0x80:
		return element{}, nil, derErrorf(reasonBER, base+1, "indefinite length (BER); only DER is accepted")
	case l > 0x80:
		n := l & 0x7f
		if n > 4 {
			return element{}, nil, derErrorf(reasonStructure, base+1, "length field of %d bytes", n)
		}
		if len(b) < 2+n {
			return element{}, nil, short(base, "an element header")
		}
		if b[2] == 0 {
			return element{}, nil, derErrorf(reasonBER, base+1, "length with a leading zero byte (not DER)")
		}
		l = 0
		for _, c := range b[2 : 2+n] {
			l = l<<8 | int(c)
		}
		if l < 0x80 {
			return element{}, nil, derErrorf(reasonBER, base+1, "long-form length %d that fits the short form (not DER)", l)
		}
		hdr += n
	}
	if l > len(b)-hdr {
		return element{}, nil, short(base, fmt.Sprintf("an element of %d bytes (tag 0x%02x, %d available)", hdr+l, tag, len(b)-hdr))
	}
	e := element{tag: tag, off: base, full: b[:hdr+l], body: b[hdr : hdr+l]}
	return e, b[hdr+l:], nil
}

// expect reads one element with the wanted tag from the content b of an
// enclosing element.
func expect(b []byte, base int, tag byte, what string) (element, []byte, int, *derError) {
	e, rest, err := readElement(b, base, false)
	if err != nil {
		return element{}, nil, 0, err
	}
	if e.tag != tag {
		return element{}, nil, 0, derErrorf(reasonStructure, e.off, "%s: tag 0x%02x, want 0x%02x", what, e.tag, tag)
	}
	return e, rest, base + len(e.full), nil
}

// certLayout records where the parts of a certificate are. scan fills it
// and checks the outer structure; decode reads the fields.
type certLayout struct {
	cert      element
	tbs       element
	version   element // tag 0 when absent
	serial    element
	tbsSigAlg element
	issuer    element
	validity  element
	subject   element
	spki      element
	// issuerUID, subjectUID and extensionsWrap are the optional trailing
	// fields of tbsCertificate (tag 0 when absent).
	issuerUID, subjectUID, extensionsWrap element
	// misplaced is the first trailing field out of the order of RFC 5280
	// §4.1 (issuerUniqueID, subjectUniqueID, extensions, each at most
	// once) or in a non-DER form: decode refuses the certificate.
	misplaced *element
	outerAlg  element
	sigValue  element

	extensions []rawExtension
}

// rawExtension is one extension as found in the TBS.
type rawExtension struct {
	id       []byte // content octets of extnID
	kind     extKind
	critical bool
	value    []byte // content of the extnValue OCTET STRING
	off      int    // absolute offset of the Extension SEQUENCE
}

// oid returns the extension's identifier decoded (a fresh value).
func (e *rawExtension) oid() asn1.ObjectIdentifier {
	o, _ := decodeOID(e.id, nil)
	return o
}

// scanCertificate checks the outer structure of one DER certificate that
// fills all of b (starting at absolute offset base) and returns its layout.
func scanCertificate(b []byte, base int) (*certLayout, *derError) {
	l := new(certLayout)
	if err := l.scan(b, base); err != nil {
		return nil, err
	}
	return l, nil
}

// scan is scanCertificate into l.
func (l *certLayout) scan(b []byte, base int) *derError {
	cert, rest, err := readElement(b, base, true)
	if err != nil {
		return err
	}
	if cert.tag != tagSequence {
		return derErrorf(reasonStructure, base, "certificate must be a SEQUENCE, found tag 0x%02x", cert.tag)
	}
	if len(rest) > 0 {
		return derErrorf(reasonTrailing, base+len(cert.full), "%d bytes after the end of the certificate", len(rest))
	}
	l.cert = cert
	in, off := cert.body, cert.bodyOff()
	if l.tbs, in, off, err = expect(in, off, tagSequence, "tbsCertificate"); err != nil {
		return err
	}
	if l.outerAlg, in, off, err = expect(in, off, tagSequence, "signatureAlgorithm"); err != nil {
		return err
	}
	if l.sigValue, in, off, err = expect(in, off, tagBitString, "signatureValue"); err != nil {
		return err
	}
	if len(in) > 0 {
		return derErrorf(reasonStructure, off, "%d unexpected bytes after signatureValue", len(in))
	}
	return l.scanTBS()
}

func (l *certLayout) scanTBS() *derError {
	in, off := l.tbs.body, l.tbs.bodyOff()
	var err *derError
	if len(in) > 0 && in[0] == tagContext0 {
		if l.version, in, off, err = expect(in, off, tagContext0, "version"); err != nil {
			return err
		}
	}
	if l.serial, in, off, err = expect(in, off, tagInteger, "serialNumber"); err != nil {
		return err
	}
	if len(l.serial.body) == 0 {
		return derErrorf(reasonStructure, l.serial.off, "empty serialNumber")
	}
	if l.serial.body[0]&0x80 != 0 {
		return derErrorf(reasonNegative, l.serial.off,
			"serial number 0x%X is negative in two's complement; RFC 5280 §4.1.2.2 requires a positive serial and Go's crypto/x509 rejects it since Go 1.23 (GODEBUG=x509negativeserial=1 would accept it)",
			l.serial.body)
	}
	for _, f := range [...]struct {
		dst  *element
		what string
	}{
		{&l.tbsSigAlg, "signature"},
		{&l.issuer, "issuer"},
		{&l.validity, "validity"},
		{&l.subject, "subject"},
		{&l.spki, "subjectPublicKeyInfo"},
	} {
		if *f.dst, in, off, err = expect(in, off, tagSequence, f.what); err != nil {
			return err
		}
	}
	rank := 0 // of the last trailing field: 1, 2, 3
	for len(in) > 0 {
		var e element
		if e, in, err = readElement(in, off, false); err != nil {
			return err
		}
		r, dst := 0, (*element)(nil)
		switch e.tag {
		case tagImplicit1, 0xa1:
			r, dst = 1, &l.issuerUID
		case tagImplicit2, 0xa2:
			r, dst = 2, &l.subjectUID
		case tagContext3:
			r, dst = 3, &l.extensionsWrap
			if rank < 3 {
				if err := l.scanExtensions(e); err != nil {
					return err
				}
			}
		default:
			return derErrorf(reasonStructure, e.off, "unexpected element with tag 0x%02x in tbsCertificate", e.tag)
		}
		// A unique identifier is an IMPLICIT BIT STRING: primitive in DER.
		if l.misplaced == nil && (r <= rank || e.tag == 0xa1 || e.tag == 0xa2) {
			l.misplaced = &element{tag: e.tag, off: e.off}
		}
		if r > rank {
			rank = r
			*dst = e
		}
		off += len(e.full)
	}
	return nil
}

func (l *certLayout) scanExtensions(wrap element) *derError {
	seq, rest, _, err := expect(wrap.body, wrap.bodyOff(), tagSequence, "extensions")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return derErrorf(reasonStructure, seq.off+len(seq.full), "unexpected bytes after extensions")
	}
	in, off := seq.body, seq.bodyOff()
	l.extensions = make([]rawExtension, 0, countElements(in))
	var seen map[string]int // offsets by extnID, once there are many
	for len(in) > 0 {
		var ext element
		if ext, in, off, err = expect(in, off, tagSequence, "extension"); err != nil {
			return err
		}
		b, boff := ext.body, ext.bodyOff()
		var oidEl, val element
		if oidEl, b, boff, err = expect(b, boff, tagOID, "extnID"); err != nil {
			return err
		}
		if _, ok := oidArcs(oidEl.body); !ok {
			return derErrorf(reasonStructure, oidEl.off, "extension OID % X is not a valid OBJECT IDENTIFIER (empty, non-minimal or an arc of 2^31 or more)", oidEl.body)
		}
		critical := false
		if len(b) > 0 && b[0] == 0x01 {
			var c element
			if c, b, boff, err = expect(b, boff, 0x01, "critical"); err != nil {
				return err
			}
			if len(c.body) != 1 || (c.body[0] != 0 && c.body[0] != 0xff) {
				return derErrorf(reasonStructure, c.off, "extension %s: invalid BOOLEAN", oidString(oidEl.body))
			}
			critical = c.body[0] == 0xff
		}
		if val, b, _, err = expect(b, boff, tagOctetString, "extnValue"); err != nil {
			return err
		}
		if len(b) > 0 {
			return derErrorf(reasonStructure, val.off+len(val.full), "extension %s: unexpected bytes after extnValue", oidString(oidEl.body))
		}
		e := rawExtension{id: oidEl.body, kind: extKindOf(oidEl.body), critical: critical, value: val.body, off: ext.off}
		first, dup := -1, false
		if seen == nil {
			if f, ok := l.find(e.id); ok {
				first, dup = f.off, true
			}
			if len(l.extensions) == 16 {
				seen = make(map[string]int, cap(l.extensions))
				for _, x := range l.extensions {
					seen[string(x.id)] = x.off
				}
			}
		} else {
			first, dup = seen[string(e.id)]
		}
		if dup {
			o := e.oid()
			return derErrorf(reasonDuplicateExt, ext.off, "extension %s (%s) occurs twice (first at offset %d); RFC 5280 §4.2 allows each extension once", o, extensionName(o), first)
		}
		if seen != nil {
			seen[string(e.id)] = e.off
		}
		l.extensions = append(l.extensions, e)
	}
	return nil
}

// find returns the extension whose extnID has the content octets id. A
// certificate holds a handful of extensions; a hostile one with many is
// searched through a map built once.
func (l *certLayout) find(id []byte) (*rawExtension, bool) {
	for i := range l.extensions {
		if bytes.Equal(l.extensions[i].id, id) {
			return &l.extensions[i], true
		}
	}
	return nil, false
}

// extension returns the extension with the OID, if present.
func (l *certLayout) extension(o asn1.ObjectIdentifier) (rawExtension, bool) {
	var buf [32]byte
	id, ok := oid.AppendContent(buf[:0], o)
	if !ok {
		return rawExtension{}, false
	}
	if e, ok := l.find(id); ok {
		return *e, true
	}
	return rawExtension{}, false
}

// extensionName names the extensions this package knows.
func extensionName(oid asn1.ObjectIdentifier) string {
	switch {
	case oid.Equal(oidExtKeyUsage):
		return "keyUsage"
	case oid.Equal(oidExtPrivateKeyUsage):
		return "privateKeyUsagePeriod"
	case oid.Equal(oidExtBasicConstraints):
		return "basicConstraints"
	case oid.Equal(oidExtCertificatePolicies):
		return "certificatePolicies"
	case oid.Equal(oidExtAuthorityKeyID):
		return "authorityKeyIdentifier"
	case oid.Equal(oidExtSubjectKeyID):
		return "subjectKeyIdentifier"
	case oid.Equal(oidExtExtendedKeyUsage):
		return "extKeyUsage"
	case oid.Equal(oidExtCRLDistribution):
		return "cRLDistributionPoints"
	case oid.Equal(oidExtAuthorityInfoAccess):
		return "authorityInfoAccess"
	case oid.Equal(oidSubjectSignTool):
		return "subjectSignTool"
	case oid.Equal(oidIssuerSignTool):
		return "issuerSignTool"
	case oid.Equal(oidIdentificationKind):
		return "identificationKind"
	}
	return "unknown extension"
}

// rawCert is one certificate found in an input, with its absolute offset in
// the DER being scanned.
type rawCert struct {
	der []byte
	off int
}

// scanPKCS7 reads a certs-only PKCS#7 / CMS SignedData (RFC 5652 §5) that
// fills all of b and returns the certificates it carries. It accepts only
// what a certificate bundle (.p7b) contains: no encapsulated content and no
// signers. CRLs in the bundle are ignored.
func scanPKCS7(b []byte, base int) ([]rawCert, *derError) {
	ci, rest, err := readElement(b, base, true)
	if err != nil {
		return nil, err
	}
	if ci.tag != tagSequence {
		return nil, derErrorf(reasonPKCS7, base, "ContentInfo must be a SEQUENCE")
	}
	if len(rest) > 0 {
		return nil, derErrorf(reasonTrailing, base+len(ci.full), "%d bytes after the end of the PKCS#7 structure", len(rest))
	}
	in, off := ci.body, ci.bodyOff()
	var ct, explicit element
	if ct, in, off, err = expect(in, off, tagOID, "contentType"); err != nil {
		return nil, err
	}
	var oid asn1.ObjectIdentifier
	if _, e := asn1.Unmarshal(ct.full, &oid); e != nil {
		return nil, derErrorf(reasonPKCS7, ct.off, "contentType: %v", e)
	}
	if !oid.Equal(oidPKCS7SignedData) {
		return nil, derErrorf(reasonPKCS7, ct.off, "content type %s is not signedData (1.2.840.113549.1.7.2)", oid)
	}
	if explicit, in, off, err = expect(in, off, tagContext0, "content [0]"); err != nil {
		return nil, err
	}
	if len(in) > 0 {
		return nil, derErrorf(reasonPKCS7, off, "unexpected bytes after ContentInfo content")
	}
	sd, tail, _, err := expect(explicit.body, explicit.bodyOff(), tagSequence, "SignedData")
	if err != nil {
		return nil, err
	}
	if len(tail) > 0 {
		return nil, derErrorf(reasonPKCS7, sd.off+len(sd.full), "unexpected bytes after SignedData")
	}
	in, off = sd.body, sd.bodyOff()
	var ver, encap element
	if ver, in, off, err = expect(in, off, tagInteger, "SignedData version"); err != nil {
		return nil, err
	}
	if len(ver.body) != 1 || ver.body[0] > 5 {
		return nil, derErrorf(reasonPKCS7, ver.off, "SignedData version %X not in 1..5", ver.body)
	}
	if _, in, off, err = expect(in, off, tagSet, "digestAlgorithms"); err != nil {
		return nil, err
	}
	if encap, in, off, err = expect(in, off, tagSequence, "encapContentInfo"); err != nil {
		return nil, err
	}
	eb, eoff := encap.body, encap.bodyOff()
	if _, eb, _, err = expect(eb, eoff, tagOID, "eContentType"); err != nil {
		return nil, err
	}
	if len(eb) > 0 {
		return nil, derErrorf(reasonPKCS7, encap.off, "SignedData carries encapsulated content: this is a signed document, not a certificate bundle")
	}
	var certs []rawCert
	if len(in) > 0 && in[0] == tagContext0 {
		var set element
		if set, in, off, err = expect(in, off, tagContext0, "certificates [0]"); err != nil {
			return nil, err
		}
		cb, coff := set.body, set.bodyOff()
		for len(cb) > 0 {
			var c element
			if c, cb, err = readElement(cb, coff, false); err != nil {
				return nil, err
			}
			if c.tag != tagSequence {
				return nil, derErrorf(reasonPKCS7, c.off, "certificates entry with tag 0x%02x is not an X.509 certificate (attribute and other certificate formats are not supported)", c.tag)
			}
			if len(certs) >= MaxCertificates {
				return nil, derErrorf(reasonTooMany, c.off, "more than %d certificates in the bundle", MaxCertificates)
			}
			certs = append(certs, rawCert{der: c.full, off: c.off})
			coff += len(c.full)
		}
	}
	if len(in) > 0 && in[0] == tagContext1 {
		if _, in, off, err = expect(in, off, tagContext1, "crls [1]"); err != nil {
			return nil, err
		}
	}
	var signers element
	if signers, in, off, err = expect(in, off, tagSet, "signerInfos"); err != nil {
		return nil, err
	}
	if len(in) > 0 {
		return nil, derErrorf(reasonPKCS7, off, "unexpected bytes after signerInfos")
	}
	if len(signers.body) > 0 {
		n := countElements(signers.body)
		return nil, derErrorf(reasonPKCS7, signers.off, "SignedData has %d signer(s): this is a signature, not a certificate bundle", n)
	}
	return certs, nil
}

// countElements counts the well-formed elements at the start of b.
func countElements(b []byte) int {
	n := 0
	for len(b) > 0 {
		_, rest, err := readElement(b, 0, false)
		if err != nil {
			break
		}
		n++
		b = rest
	}
	return n
}

// isContentInfo reports whether the DER element in b looks like a CMS
// ContentInfo (a SEQUENCE starting with an OID) rather than a certificate (a
// SEQUENCE starting with a SEQUENCE).
func isContentInfo(b []byte) bool {
	e, _, err := readElement(b, 0, true)
	if err != nil || e.tag != tagSequence || len(e.body) == 0 {
		// Let the certificate scanner report the problem; but a truncated
		// ContentInfo should still be read as PKCS#7.
		return len(b) > 2 && bytes.HasPrefix(afterHeader(b), []byte{tagOID})
	}
	return e.body[0] == tagOID
}

// afterHeader returns b without its first identifier and length octets, as
// far as they can be read.
func afterHeader(b []byte) []byte {
	if len(b) < 2 {
		return nil
	}
	l := int(b[1])
	h := 2
	if l > 0x80 {
		h += l & 0x7f
	}
	if h > len(b) {
		return nil
	}
	return b[h:]
}
