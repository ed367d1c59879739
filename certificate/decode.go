package certificate

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// This file decodes a certificate whose outer structure certLayout.scan
// has checked: every field of Certificate, in one pass over each part.
// It refuses what crypto/x509 (which this package used before) refused
// — see conformance.go — so that a certificate accepted here is one that
// the rest of the Go world also accepts; what crypto/x509 did not look at
// and the Russian profile reads is decoded leniently and a problem is
// recorded in ExtensionErrors.

// decoder holds what the decoding of one certificate shares: the DER, the
// same bytes as one string — every string value of the certificate is a
// substring of it, one allocation instead of one per value — and a block
// of ints the object identifiers are cut from.
type decoder struct {
	der   []byte
	s     string
	arena []int
}

// newDecoder returns a decoder over der, which must not change while the
// values decoded from it are in use.
func newDecoder(der []byte) *decoder {
	return &decoder{der: der, s: string(der)}
}

// str returns b as a string: a substring of d.s when b lies in d.der,
// else a copy.
func (d *decoder) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// b was cut from d.der by reslicing, which keeps the end of the array.
	i := cap(d.der) - cap(b)
	if i >= 0 && i+len(b) <= len(d.der) && &d.der[i] == &b[0] {
		return d.s[i : i+len(b)]
	}
	return string(b)
}

// oidArenaChunk is the number of arcs the arena grows by: a Russian
// qualified certificate has 150 to 250.
const oidArenaChunk = 256

// oid decodes the content octets of an OBJECT IDENTIFIER (checked like
// oidArcs) into the arena.
func (d *decoder) oid(b []byte) (asn1.ObjectIdentifier, bool) {
	n, ok := oidArcs(b)
	if !ok {
		return nil, false
	}
	if cap(d.arena)-len(d.arena) < n {
		if d.der == nil {
			// A decoder of one value (parsePublicKey, …): no arena.
			return decodeOID(b, nil)
		}
		d.arena = make([]int, 0, max(n, oidArenaChunk))
	}
	at := len(d.arena)
	d.arena = d.arena[:at+n]
	return decodeOID(b, d.arena[at:at+n:at+n])
}

// readOID reads an OBJECT IDENTIFIER element into the arena.
func (d *decoder) readOID(s *cryptobyte.String) (asn1.ObjectIdentifier, bool) {
	var b cryptobyte.String
	if !s.ReadASN1(&b, cbasn1.OBJECT_IDENTIFIER) {
		return nil, false
	}
	return d.oid(b)
}

// refuse reports a certificate that is refused although its structure
// could be read.
func refuse(off int, format string, args ...any) *derError {
	return derErrorf(reasonStructure, off, format, args...)
}

// parseCertificateDER decodes the DER certificate that fills der (from
// offset base of what is being read), which the certificate keeps: the
// caller must not change it. A *derError with a certLayout means the
// structure was read but the certificate is refused.
func parseCertificateDER(der []byte, base int) (*Certificate, *certLayout, *derError) {
	c := &Certificate{MaxPathLen: -1}
	if err := c.layout.scan(der, base); err != nil {
		return nil, nil, err
	}
	if err := c.decode(newDecoder(der)); err != nil {
		err.off += base
		return nil, &c.layout, err
	}
	return c, nil, nil
}

// decode fills c from its layout. Offsets in the error are relative to
// the start of the certificate.
func (c *Certificate) decode(d *decoder) *derError {
	l := &c.layout
	base := l.cert.off
	c.Raw = l.cert.full
	c.RawTBSCertificate = l.tbs.full
	c.RawIssuer = l.issuer.full
	c.RawSubject = l.subject.full
	c.RawSubjectPublicKeyInfo = l.spki.full

	c.Version = 1
	if l.version.tag != 0 {
		v := cryptobyte.String(l.version.body)
		var n cryptobyte.String
		if !v.ReadASN1(&n, cbasn1.INTEGER) || !v.Empty() {
			return refuse(l.version.off-base, "version is not an INTEGER")
		}
		x, ok := asn1Int64(n)
		if !ok || x < 0 || x > 2 {
			return refuse(l.version.off-base, "version %X is not v1, v2 or v3 (0, 1, 2)", []byte(n))
		}
		c.Version = int(x) + 1
	}
	switch {
	case l.misplaced != nil:
		return refuse(l.misplaced.off-base, "tbsCertificate field with tag 0x%02X out of place: RFC 5280 §4.1 allows issuerUniqueID [1], subjectUniqueID [2] and extensions [3] once each and in this order, the unique identifiers as primitive BIT STRINGs", l.misplaced.tag)
	case c.Version == 1 && (l.issuerUID.tag != 0 || l.subjectUID.tag != 0):
		return refuse(l.tbs.off-base, "unique identifiers in a version 1 certificate (RFC 5280 §4.1.2.8 allows them from version 2)")
	case c.Version != 3 && l.extensionsWrap.tag != 0:
		return refuse(l.extensionsWrap.off-base, "extensions in a version %d certificate (RFC 5280 §4.1.2.9 allows them only in version 3)", c.Version)
	}

	if !minimalInteger(l.serial.body) {
		return refuse(l.serial.off-base, "serialNumber % X is not a minimally encoded INTEGER (DER, X.690 §8.3.2)", l.serial.body)
	}
	c.SerialNumber = c.serial.SetBytes(l.serial.body)

	if !bytes.Equal(l.tbsSigAlg.body, l.outerAlg.body) {
		return refuse(l.tbsSigAlg.off-base, "the signature algorithm in tbsCertificate differs from signatureAlgorithm (RFC 5280 §4.1.1.2)")
	}
	if !validAlgorithmIdentifier(l.outerAlg.body) {
		return refuse(l.outerAlg.off-base, "malformed signature AlgorithmIdentifier")
	}

	var issuerErr, subjectErr error
	var why string
	if c.Issuer, why, issuerErr = d.name(l.issuer.full, true); why != "" {
		return refuse(l.issuer.off-base, "issuer: %s", why)
	}
	v := cryptobyte.String(l.validity.body)
	var ok bool
	if c.NotBefore, ok = readTime(&v); !ok {
		return refuse(l.validity.off-base, "notBefore is not a valid UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5)")
	}
	if c.NotAfter, ok = readTime(&v); !ok {
		return refuse(l.validity.off-base, "notAfter is not a valid UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5)")
	}
	if c.Subject, why, subjectErr = d.name(l.subject.full, true); why != "" {
		return refuse(l.subject.off-base, "subject: %s", why)
	}
	if why := spkiRefusal(l.spki.body); why != "" {
		return refuse(l.spki.off-base, "subjectPublicKeyInfo: %s", why)
	}
	c.PublicKey = d.publicKey(l.spki.full)

	var sig asn1.BitString
	if s := cryptobyte.String(l.sigValue.full); !s.ReadASN1BitString(&sig) {
		return refuse(l.sigValue.off-base, "signatureValue is not a valid BIT STRING")
	}
	c.Signature = sig.RightAlign()

	var err error
	if subjectErr != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "subject", Err: subjectErr})
	}
	if issuerErr != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "issuer", Err: issuerErr})
	}
	if c.SignatureAlgorithm, err = d.signatureAlgorithm(l.outerAlg.full); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "signatureAlgorithm", Err: err})
	}
	for i := range l.extensions {
		if err := c.extension(d, &l.extensions[i]); err != nil {
			err.off -= base
			return err
		}
	}

	sum := sha1.Sum(c.Raw)
	var hex [2 * sha1.Size]byte
	const digits = "0123456789ABCDEF"
	for i, b := range sum {
		hex[2*i], hex[2*i+1] = digits[b>>4], digits[b&15]
	}
	c.FingerprintSHA1 = string(hex[:])
	return nil
}

// extension decodes one extension. The error refuses the certificate; a
// problem crypto/x509 did not look at is recorded in ExtensionErrors.
func (c *Certificate) extension(d *decoder, e *rawExtension) *derError {
	val := cryptobyte.String(e.value)
	switch e.kind {
	case extKeyUsage:
		var bits asn1.BitString
		if !val.ReadASN1BitString(&bits) {
			return refuse(e.off, "keyUsage is not a valid BIT STRING")
		}
		usage := 0
		for i := 0; i < 9; i++ {
			if bits.At(i) != 0 {
				usage |= 1 << i
			}
		}
		c.KeyUsage, c.HasKeyUsage, c.KeyUsageCritical = x509.KeyUsage(usage), true, e.critical
	case extBasicConstraints:
		var seq cryptobyte.String
		if !val.ReadASN1(&seq, cbasn1.SEQUENCE) {
			return refuse(e.off, "basicConstraints is not a SEQUENCE")
		}
		isCA := false
		if seq.PeekASN1Tag(cbasn1.BOOLEAN) && !seq.ReadASN1Boolean(&isCA) {
			return refuse(e.off, "basicConstraints cA is not a DER BOOLEAN")
		}
		pathLen := -1
		if seq.PeekASN1Tag(cbasn1.INTEGER) {
			var n cryptobyte.String
			seq.ReadASN1(&n, cbasn1.INTEGER)
			u, ok := asn1Uint64(n)
			if !ok || u > math.MaxInt {
				return refuse(e.off, "basicConstraints pathLenConstraint % X is not a non-negative DER INTEGER", []byte(n))
			}
			pathLen = int(u)
		}
		c.IsCA, c.MaxPathLen, c.HasBasicConstraints = isCA, pathLen, true
	case extSubjectKeyID:
		if e.critical {
			return refuse(e.off, "subjectKeyIdentifier is marked critical (RFC 5280 §4.2.1.2: MUST be non-critical)")
		}
		var id cryptobyte.String
		if !val.ReadASN1(&id, cbasn1.OCTET_STRING) {
			return refuse(e.off, "subjectKeyIdentifier is not an OCTET STRING")
		}
		c.SubjectKeyID = id
	case extAuthorityKeyID:
		if e.critical {
			return refuse(e.off, "authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1: MUST be non-critical)")
		}
		var seq, id cryptobyte.String
		if !val.ReadASN1(&seq, cbasn1.SEQUENCE) ||
			seq.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()) && !seq.ReadASN1(&id, cbasn1.Tag(0).ContextSpecific()) {
			return refuse(e.off, "authorityKeyIdentifier is not a SEQUENCE with an optional keyIdentifier [0]")
		}
		a, err := d.authorityKeyID(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.AuthorityKeyID = a
	case extExtendedKeyUsage:
		var seq cryptobyte.String
		if !val.ReadASN1(&seq, cbasn1.SEQUENCE) {
			return refuse(e.off, "extKeyUsage is not a SEQUENCE")
		}
		for !seq.Empty() {
			var o cryptobyte.String
			if !seq.ReadASN1(&o, cbasn1.OBJECT_IDENTIFIER) {
				return refuse(e.off, "extKeyUsage holds something other than an OBJECT IDENTIFIER")
			}
			if _, ok := oidArcs(o); !ok {
				return refuse(e.off, "extKeyUsage holds a malformed OBJECT IDENTIFIER")
			}
		}
		v, err := d.oidSequence(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.ExtKeyUsage = v
	case extCertificatePolicies:
		if why := policiesRefusal(e.value); why != "" {
			return refuse(e.off, "certificatePolicies: %s", why)
		}
		p, err := d.policies(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.Policies = p
	case extCRLDistribution:
		urls, why := d.crlDistributionPoints(e.value)
		if why != "" {
			return refuse(e.off, "cRLDistributionPoints: %s", why)
		}
		c.CRLDistributionPoints = urls
	case extAuthorityInfoAccess:
		if e.critical {
			return refuse(e.off, "authorityInfoAccess is marked critical (RFC 5280 §4.2.2.1: MUST be non-critical)")
		}
		ocsp, issuers, why := d.authorityInfoAccess(e.value)
		if why != "" {
			return refuse(e.off, "authorityInfoAccess: %s", why)
		}
		c.OCSPServers, c.IssuingCertificateURLs = ocsp, issuers
	case extSubjectAltName:
		if why := subjectAltNameRefusal(e.value); why != "" {
			return refuse(e.off, "subjectAltName: %s", why)
		}
	case extNameConstraints:
		if why := nameConstraintsRefusal(e.value); why != "" {
			return refuse(e.off, "nameConstraints: %s", why)
		}
	case extPolicyMappings:
		if why := policyMappingsRefusal(e.value); why != "" {
			return refuse(e.off, "policyMappings: %s", why)
		}
	case extPolicyConstraints:
		if why := policyConstraintsRefusal(e.value); why != "" {
			return refuse(e.off, "policyConstraints: %s", why)
		}
	case extInhibitAnyPolicy:
		var n cryptobyte.String
		if !val.ReadASN1(&n, cbasn1.INTEGER) {
			return refuse(e.off, "inhibitAnyPolicy is not an INTEGER")
		}
		if _, ok := asn1Int64(n); !ok {
			return refuse(e.off, "inhibitAnyPolicy % X is not a DER INTEGER of at most 64 bits", []byte(n))
		}
	case extPrivateKeyUsage:
		p, err := parsePrivateKeyUsagePeriod(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.PrivateKeyUsagePeriod = p
	case extSubjectSignTool:
		v, err := d.subjectSignTool(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.SubjectSignTool, c.HasSubjectSignTool = v, true
	case extIssuerSignTool:
		v, err := d.issuerSignTool(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.IssuerSignTool = v
	case extIdentificationKind:
		v, err := parseIdentificationKind(e.value)
		if err != nil {
			c.recordExtensionError(e, err)
			break
		}
		c.IdentificationKind, c.HasIdentificationKind = v, true
	}
	return nil
}

// recordExtensionError records an extension that could not be decoded.
func (c *Certificate) recordExtensionError(e *rawExtension, err error) {
	o := e.oid()
	c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{OID: o, Name: extensionName(o), Err: err})
}

// crlDistributionPoints reads the URIs of the fullName of each
// distribution point (RFC 5280 §4.2.1.13), up to the first GeneralName of
// another kind in each, as crypto/x509 did; like crypto/x509 it refuses a
// distribution point named relative to the CRL issuer. why is set when
// the certificate must be refused.
func (d *decoder) crlDistributionPoints(b []byte) (urls []string, why string) {
	for pass := 0; pass < 2; pass++ {
		n := 0
		val := cryptobyte.String(b)
		if !val.ReadASN1(&val, cbasn1.SEQUENCE) {
			return nil, "not a SEQUENCE"
		}
		for !val.Empty() {
			var dp, name cryptobyte.String
			var present bool
			if !val.ReadASN1(&dp, cbasn1.SEQUENCE) || !dp.ReadOptionalASN1(&name, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
				return nil, "malformed DistributionPoint"
			}
			if !present {
				continue
			}
			if !name.ReadASN1(&name, cbasn1.Tag(0).Constructed().ContextSpecific()) {
				return nil, "malformed DistributionPointName"
			}
			for !name.Empty() && name.PeekASN1Tag(cbasn1.Tag(6).ContextSpecific()) {
				var uri cryptobyte.String
				if !name.ReadASN1(&uri, cbasn1.Tag(6).ContextSpecific()) {
					return nil, "malformed uniformResourceIdentifier"
				}
				if pass == 1 {
					urls = append(urls, d.str(uri))
				}
				n++
			}
		}
		if n == 0 {
			return nil, ""
		}
		if pass == 0 {
			urls = make([]string, 0, n)
		}
	}
	return urls, ""
}

// authorityInfoAccess reads the OCSP and caIssuers URIs (RFC 5280
// §4.2.2.1).
func (d *decoder) authorityInfoAccess(b []byte) (ocsp, issuers []string, why string) {
	for pass := 0; pass < 2; pass++ {
		nOCSP, nIssuers := 0, 0
		val := cryptobyte.String(b)
		if !val.ReadASN1(&val, cbasn1.SEQUENCE) {
			return nil, nil, "not a SEQUENCE"
		}
		for !val.Empty() {
			var ad, method cryptobyte.String
			if !val.ReadASN1(&ad, cbasn1.SEQUENCE) || !ad.ReadASN1(&method, cbasn1.OBJECT_IDENTIFIER) {
				return nil, nil, "malformed AccessDescription"
			}
			if _, ok := oidArcs(method); !ok {
				return nil, nil, "malformed accessMethod"
			}
			if !ad.PeekASN1Tag(cbasn1.Tag(6).ContextSpecific()) {
				continue
			}
			var uri cryptobyte.String
			if !ad.ReadASN1(&uri, cbasn1.Tag(6).ContextSpecific()) {
				return nil, nil, "malformed accessLocation"
			}
			switch string(method) {
			case derAccessOCSP:
				if pass == 1 {
					ocsp = append(ocsp, d.str(uri))
				}
				nOCSP++
			case derAccessCAIssuers:
				if pass == 1 {
					issuers = append(issuers, d.str(uri))
				}
				nIssuers++
			}
		}
		if pass == 0 {
			if nOCSP > 0 {
				ocsp = make([]string, 0, nOCSP)
			}
			if nIssuers > 0 {
				issuers = make([]string, 0, nIssuers)
			}
			if nOCSP+nIssuers == 0 {
				break
			}
		}
	}
	return ocsp, issuers, ""
}

// oidSequence decodes a SEQUENCE OF OBJECT IDENTIFIER (extKeyUsage).
func (d *decoder) oidSequence(b []byte) ([]asn1.ObjectIdentifier, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	n := countElements(seq)
	if n == 0 {
		return nil, nil
	}
	out := make([]asn1.ObjectIdentifier, 0, n)
	for !seq.Empty() {
		o, ok := d.readOID(&seq)
		if !ok {
			return nil, errors.New("malformed OID")
		}
		out = append(out, o)
	}
	return out, nil
}

// policies decodes certificatePolicies: SEQUENCE OF PolicyInformation {
// policyIdentifier, policyQualifiers OPTIONAL }. It accepts what
// encoding/asn1 accepted for this shape (the decoder used before): any
// element as policyQualifiers and anything after it.
func (d *decoder) policies(b []byte) (Policies, error) {
	var p Policies
	seq, rest, ok := berTLV(b)
	if !ok || seq.tag != tagSequence {
		return p, errors.New("certificatePolicies is not a SEQUENCE")
	}
	if len(rest) > 0 {
		return p, errors.New("trailing data")
	}
	n := 0
	classes := 0
	for in := seq.body; len(in) > 0; n++ {
		var info berElement
		if info, in, ok = berTLV(in); !ok || info.tag != tagSequence {
			return p, errors.New("PolicyInformation is not a SEQUENCE")
		}
	}
	if n == 0 {
		return p, nil
	}
	p.OIDs = make([]asn1.ObjectIdentifier, 0, n)
	for in := seq.body; len(in) > 0; {
		var info, id berElement
		info, in, _ = berTLV(in)
		body := info.body
		if id, body, ok = berTLV(body); !ok || id.tag != tagOID {
			return Policies{}, errors.New("policyIdentifier is not an OBJECT IDENTIFIER")
		}
		o, ok := d.oid(id.body)
		if !ok {
			return Policies{}, errors.New("malformed policyIdentifier")
		}
		if len(body) > 0 {
			if _, _, ok := berTLV(body); !ok {
				return Policies{}, errors.New("malformed policyQualifiers")
			}
		}
		p.OIDs = append(p.OIDs, o)
		if string(id.body) == derAnyPolicy {
			p.AnyPolicy = true
		}
		if _, ok := policyClass(o); ok {
			classes++
		}
	}
	if classes > 0 {
		p.Classes = make([]PolicyClass, 0, classes)
		for _, o := range p.OIDs {
			if cl, ok := policyClass(o); ok {
				p.Classes = append(p.Classes, cl)
			}
		}
	}
	return p, nil
}

// authorityKeyID decodes 2.5.29.35 in full.
func (d *decoder) authorityKeyID(b []byte) (*AuthorityKeyID, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var a AuthorityKeyID
	var v cryptobyte.String
	var present bool
	if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(0).ContextSpecific()) {
		return nil, errors.New("malformed keyIdentifier")
	}
	if present && len(v) > 0 {
		a.KeyID = v
	}
	if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(1).ContextSpecific().Constructed()) {
		return nil, errors.New("malformed authorityCertIssuer")
	}
	if present {
		for names := v; !names.Empty(); {
			var gn cryptobyte.String
			var tag cbasn1.Tag
			if !names.ReadAnyASN1(&gn, &tag) {
				return nil, errors.New("malformed GeneralName")
			}
			if tag != cbasn1.Tag(4).ContextSpecific().Constructed() {
				continue // not a directoryName
			}
			var raw cryptobyte.String
			if !gn.ReadASN1Element(&raw, cbasn1.SEQUENCE) || !gn.Empty() {
				return nil, errors.New("malformed directoryName")
			}
			n, _, err := d.name(raw, false)
			if err != nil {
				return nil, fmt.Errorf("directoryName: %w", err)
			}
			if a.IssuerNames == nil {
				a.IssuerNames = make([]Name, 0, countElements(v))
			}
			a.IssuerNames = append(a.IssuerNames, n)
		}
	}
	if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(2).ContextSpecific()) {
		return nil, errors.New("malformed authorityCertSerialNumber")
	}
	if present {
		if len(v) == 0 {
			return nil, errors.New("empty authorityCertSerialNumber")
		}
		n := new(big.Int).SetBytes(v)
		if v[0]&0x80 != 0 { // negative two's complement
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(v))))
		}
		a.SerialNumber = n
	}
	if !seq.Empty() {
		return nil, errors.New("trailing data")
	}
	return &a, nil
}

// subjectSignTool decodes 1.2.643.100.111: SubjectSignTool ::=
// UTF8String (SIZE(1..200)); the size is checked by the rule.
func (d *decoder) subjectSignTool(b []byte) (string, error) {
	s := cryptobyte.String(b)
	v, err := d.readUTF8(&s)
	if err != nil {
		return "", err
	}
	if !s.Empty() {
		return "", errors.New("trailing data")
	}
	return v, nil
}

// issuerSignTool decodes 1.2.643.100.112: a SEQUENCE of four UTF8Strings.
func (d *decoder) issuerSignTool(b []byte) (*IssuerSignTool, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var t IssuerSignTool
	for i, dst := range [...]*string{&t.SignTool, &t.CATool, &t.SignToolCert, &t.CAToolCert} {
		v, err := d.readUTF8(&seq)
		if err != nil {
			return nil, fmt.Errorf("field %d of 4: %w", i+1, err)
		}
		*dst = v
	}
	if !seq.Empty() {
		return nil, errors.New("more than four fields")
	}
	return &t, nil
}

// readUTF8 reads one UTF8String.
func (d *decoder) readUTF8(s *cryptobyte.String) (string, error) {
	var v cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadAnyASN1(&v, &tag) {
		return "", errors.New("truncated string")
	}
	if tag != cbasn1.UTF8String {
		return "", fmt.Errorf("%s where UTF8String is required", stringTypeName(int(tag)))
	}
	if !utf8.Valid(v) {
		return "", errors.New("invalid UTF-8")
	}
	return d.str(v), nil
}

// validAlgorithmIdentifier reports whether the content of an
// AlgorithmIdentifier is an OBJECT IDENTIFIER optionally followed by a
// parameters element, which is all crypto/x509 checked.
func validAlgorithmIdentifier(b []byte) bool {
	s := cryptobyte.String(b)
	var o, params cryptobyte.String
	if !s.ReadASN1(&o, cbasn1.OBJECT_IDENTIFIER) {
		return false
	}
	if _, ok := oidArcs(o); !ok {
		return false
	}
	return s.Empty() || s.ReadAnyASN1Element(&params, nil)
}

// readTime reads a UTCTime or a GeneralizedTime with the rules of
// golang.org/x/crypto/cryptobyte, which crypto/x509 applied: the digits
// must be a valid date and time that formats back to the same text
// (UTCTime YYMMDDHHMM[SS] and GeneralizedTime YYYYMMDDHHMMSS, each with
// Z or an offset ±hhmm; UTCTime years 50–99 are 1950–1999, RFC 5280
// §4.1.2.5.1). The form RFC 5280 prescribes, with seconds and Z, is read
// without allocating.
func readTime(s *cryptobyte.String) (time.Time, bool) {
	var t time.Time
	orig := *s
	var v cryptobyte.String
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if !s.ReadASN1(&v, cbasn1.UTCTime) {
			return t, false
		}
		if len(v) == 13 && v[12] == 'Z' && digits(v[:12]) {
			y := num2(v[0:])
			if y < 50 {
				y += 2000
			} else {
				y += 1900
			}
			if t, ok := dateTime(y, v[2:]); ok {
				return t, true
			}
		}
		*s = orig
		ok := s.ReadASN1UTCTime(&t)
		return t, ok
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if !s.ReadASN1(&v, cbasn1.GeneralizedTime) {
			return t, false
		}
		if len(v) == 15 && v[14] == 'Z' && digits(v[:14]) {
			if t, ok := dateTime(num2(v[0:])*100+num2(v[2:]), v[4:]); ok {
				return t, true
			}
		}
		*s = orig
		ok := s.ReadASN1GeneralizedTime(&t)
		return t, ok
	}
	return t, false
}

// dateTime builds the UTC time of year y and b = MMDDhhmmss (ASCII
// digits), false when a field is out of range.
func dateTime(y int, b []byte) (time.Time, bool) {
	mo, d, h, mi, sec := num2(b[0:]), num2(b[2:]), num2(b[4:]), num2(b[6:]), num2(b[8:])
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC), true
}

// digits reports whether b is all ASCII digits.
func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// num2 is the value of two ASCII digits.
func num2(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }

// minimalInteger reports whether b is the content of a DER INTEGER: at
// least one octet, and no leading 0x00 or 0xFF octet that could be left
// out (X.690 §8.3.2).
func minimalInteger(b []byte) bool {
	switch {
	case len(b) == 0:
		return false
	case len(b) == 1:
		return true
	}
	return !(b[0] == 0 && b[1]&0x80 == 0 || b[0] == 0xff && b[1]&0x80 == 0x80)
}

// asn1Int64 decodes the content of a DER INTEGER of at most 64 bits.
func asn1Int64(b []byte) (int64, bool) {
	if !minimalInteger(b) || len(b) > 8 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	// Sign-extend.
	v <<= 64 - 8*uint(len(b))
	v >>= 64 - 8*uint(len(b))
	return v, true
}

// asn1Uint64 decodes the content of a non-negative DER INTEGER below
// 2^64.
func asn1Uint64(b []byte) (uint64, bool) {
	if !minimalInteger(b) || len(b) > 9 || len(b) == 9 && b[0] != 0 || b[0]&0x80 != 0 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, true
}

// berElement is one element read by berTLV.
type berElement struct {
	tag  byte // the first identifier octet
	body []byte
}

// berTLV reads one element with the rules of encoding/asn1: a tag in one
// or more octets (the high-tag-number form minimal), a DER length below
// 2^31.
func berTLV(b []byte) (e berElement, rest []byte, ok bool) {
	if len(b) == 0 {
		return e, nil, false
	}
	e.tag = b[0]
	i := 1
	if b[0]&0x1f == 0x1f {
		n, r, ok := base128(b[1:])
		if !ok || n < 0x1f {
			return e, nil, false
		}
		i = len(b) - len(r)
	}
	if i >= len(b) {
		return e, nil, false
	}
	l := int(b[i])
	i++
	if l&0x80 != 0 {
		k := l & 0x7f
		if k == 0 {
			return e, nil, false // indefinite
		}
		l = 0
		for j := 0; j < k; j++ {
			if i >= len(b) || l >= 1<<23 {
				return e, nil, false
			}
			l = l<<8 | int(b[i])
			i++
			if l == 0 {
				return e, nil, false // leading zero octet
			}
		}
		if l < 0x80 {
			return e, nil, false // not the short form
		}
	}
	if l > len(b)-i {
		return e, nil, false
	}
	e.body = b[i : i+l]
	return e, b[i+l:], true
}

// reserve makes room in the arena for n more arcs, so that the object
// identifiers of one name share one block.
func (d *decoder) reserve(n int) {
	if cap(d.arena)-len(d.arena) < n {
		d.arena = make([]int, 0, max(n, oidArenaChunk))
	}
}
