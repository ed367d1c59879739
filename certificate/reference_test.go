package certificate

// This file keeps, frozen, the certificate parser as it was before it
// dropped crypto/x509 (the structural scan, crypto/x509.ParseCertificate,
// then the Russian profile read from the layout): the oracle of the
// differential tests in x509diff_test.go. It is test code only.

import (
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/ident"
)

// refParse parses one DER certificate the old way. The error is the
// structural scan's or crypto/x509's.
func refParse(der []byte) (*Certificate, *x509.Certificate, error) {
	l, derr := refScanCertificate(der, 0)
	if derr != nil {
		return nil, nil, errors.New(derr.detail)
	}
	x, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return refNewCertificate(x, l), x, nil
}

// refLayout records where the parts of a certificate are, for the checks
// that crypto/x509 does not expose.
type refLayout struct {
	tbs        element
	tbsSigAlg  element
	serial     element
	issuer     element
	subject    element
	spki       element
	outerAlg   element
	sigValue   element
	extensions []refRawExtension
}

// refRawExtension is one extension as found in the TBS.
type refRawExtension struct {
	oid      asn1.ObjectIdentifier
	critical bool
	value    []byte // content of the extnValue OCTET STRING
}

// refScanCertificate checks the outer structure of one DER certificate that
// fills all of b (starting at absolute offset base) and returns its layout.
func refScanCertificate(b []byte, base int) (*refLayout, *derError) {
	cert, rest, err := readElement(b, base, true)
	if err != nil {
		return nil, err
	}
	if cert.tag != tagSequence {
		return nil, derErrorf(reasonStructure, base, "certificate must be a SEQUENCE, found tag 0x%02x", cert.tag)
	}
	if len(rest) > 0 {
		return nil, derErrorf(reasonTrailing, base+len(cert.full), "%d bytes after the end of the certificate", len(rest))
	}
	var l refLayout
	in, off := cert.body, cert.bodyOff()
	if l.tbs, in, off, err = expect(in, off, tagSequence, "tbsCertificate"); err != nil {
		return nil, err
	}
	if l.outerAlg, in, off, err = expect(in, off, tagSequence, "signatureAlgorithm"); err != nil {
		return nil, err
	}
	if l.sigValue, in, off, err = expect(in, off, tagBitString, "signatureValue"); err != nil {
		return nil, err
	}
	if len(in) > 0 {
		return nil, derErrorf(reasonStructure, off, "%d unexpected bytes after signatureValue", len(in))
	}
	if err := l.scanTBS(); err != nil {
		return nil, err
	}
	return &l, nil
}

func (l *refLayout) scanTBS() *derError {
	in, off := l.tbs.body, l.tbs.bodyOff()
	var err *derError
	if len(in) > 0 && in[0] == tagContext0 {
		if _, in, off, err = expect(in, off, tagContext0, "version"); err != nil {
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
	fields := []struct {
		dst  *element
		what string
	}{
		{&l.tbsSigAlg, "signature"},
		{&l.issuer, "issuer"},
		{nil, "validity"},
		{&l.subject, "subject"},
		{&l.spki, "subjectPublicKeyInfo"},
	}
	for _, f := range fields {
		var e element
		if e, in, off, err = expect(in, off, tagSequence, f.what); err != nil {
			return err
		}
		if f.dst != nil {
			*f.dst = e
		}
	}
	for len(in) > 0 {
		var e element
		if e, in, err = readElement(in, off, false); err != nil {
			return err
		}
		switch e.tag {
		case tagImplicit1, tagImplicit2, 0xa1, 0xa2:
			// issuerUniqueID / subjectUniqueID: ignored.
		case tagContext3:
			if err := l.scanExtensions(e); err != nil {
				return err
			}
		default:
			return derErrorf(reasonStructure, e.off, "unexpected element with tag 0x%02x in tbsCertificate", e.tag)
		}
		off += len(e.full)
	}
	return nil
}

func (l *refLayout) scanExtensions(wrap element) *derError {
	seq, rest, _, err := expect(wrap.body, wrap.bodyOff(), tagSequence, "extensions")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return derErrorf(reasonStructure, seq.off+len(seq.full), "unexpected bytes after extensions")
	}
	in, off := seq.body, seq.bodyOff()
	seen := make(map[string]int)
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
		var oid asn1.ObjectIdentifier
		if _, e := asn1.Unmarshal(oidEl.full, &oid); e != nil {
			return derErrorf(reasonStructure, oidEl.off, "extension OID: %v", e)
		}
		critical := false
		if len(b) > 0 && b[0] == 0x01 {
			var c element
			if c, b, boff, err = expect(b, boff, 0x01, "critical"); err != nil {
				return err
			}
			if len(c.body) != 1 || (c.body[0] != 0 && c.body[0] != 0xff) {
				return derErrorf(reasonStructure, c.off, "extension %s: invalid BOOLEAN", oid)
			}
			critical = c.body[0] == 0xff
		}
		if val, b, _, err = expect(b, boff, tagOctetString, "extnValue"); err != nil {
			return err
		}
		if len(b) > 0 {
			return derErrorf(reasonStructure, val.off+len(val.full), "extension %s: unexpected bytes after extnValue", oid)
		}
		key := string(oidEl.body)
		if first, dup := seen[key]; dup {
			return derErrorf(reasonDuplicateExt, ext.off, "extension %s (%s) occurs twice (first at offset %d); RFC 5280 §4.2 allows each extension once", oid, extensionName(oid), first)
		}
		seen[key] = ext.off
		l.extensions = append(l.extensions, refRawExtension{oid: oid, critical: critical, value: val.body})
	}
	return nil
}

// extension returns the extension with the OID, if present.
func (l *refLayout) extension(oid asn1.ObjectIdentifier) (refRawExtension, bool) {
	for _, e := range l.extensions {
		if e.oid.Equal(oid) {
			return e, true
		}
	}
	return refRawExtension{}, false
}

// refNewCertificate completes a certificate parsed by crypto/x509 with the
// Russian profile. It never fails: decoding problems of individual
// extensions are recorded in ExtensionErrors.
func refNewCertificate(x *x509.Certificate, l *refLayout) *Certificate {
	c := &Certificate{
		Raw:                     x.Raw,
		RawTBSCertificate:       x.RawTBSCertificate,
		RawSubject:              x.RawSubject,
		RawIssuer:               x.RawIssuer,
		RawSubjectPublicKeyInfo: x.RawSubjectPublicKeyInfo,
		Signature:               x.Signature,
		Version:                 x.Version,
		SerialNumber:            x.SerialNumber,
		NotBefore:               x.NotBefore,
		NotAfter:                x.NotAfter,
		KeyUsage:                x.KeyUsage,
		IsCA:                    x.IsCA,
		HasBasicConstraints:     x.BasicConstraintsValid,
		MaxPathLen:              -1,
		SubjectKeyID:            x.SubjectKeyId,
		CRLDistributionPoints:   x.CRLDistributionPoints,
		OCSPServers:             x.OCSPServer,
		IssuingCertificateURLs:  x.IssuingCertificateURL,
	}
	if x.BasicConstraintsValid && (x.MaxPathLen > 0 || x.MaxPathLenZero) {
		c.MaxPathLen = x.MaxPathLen
	}
	// The names were accepted by crypto/x509; a failure here would be a bug
	// in refParseName, recorded rather than hidden.
	var err error
	if c.Subject, err = refParseName(x.RawSubject); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "subject", Err: err})
	}
	if c.Issuer, err = refParseName(x.RawIssuer); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "issuer", Err: err})
	}
	c.PublicKey = refParsePublicKey(x.RawSubjectPublicKeyInfo)
	if c.SignatureAlgorithm, err = refParseSignatureAlgorithm(l.outerAlg.full); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "signatureAlgorithm", Err: err})
	}
	sum := sha1.Sum(x.Raw)
	c.FingerprintSHA1 = strings.ToUpper(hex.EncodeToString(sum[:]))

	for _, e := range l.extensions {
		refExtension(c, e)
	}
	return c
}

// extension decodes one extension crypto/x509 does not expose fully.
func refExtension(c *Certificate, e refRawExtension) {
	bad := func(err error) {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{OID: e.oid, Name: extensionName(e.oid), Err: err})
	}
	switch {
	case e.oid.Equal(oidExtKeyUsage):
		c.HasKeyUsage = true
		c.KeyUsageCritical = e.critical
	case e.oid.Equal(oidExtExtendedKeyUsage):
		v, err := refParseOIDSequence(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.ExtKeyUsage = v
	case e.oid.Equal(oidExtCertificatePolicies):
		p, err := refParsePolicies(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.Policies = p
	case e.oid.Equal(oidExtAuthorityKeyID):
		a, err := refParseAuthorityKeyID(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.AuthorityKeyID = a
	case e.oid.Equal(oidExtPrivateKeyUsage):
		p, err := refParsePrivateKeyUsagePeriod(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.PrivateKeyUsagePeriod = p
	case e.oid.Equal(oidSubjectSignTool):
		v, err := refParseSubjectSignTool(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.SubjectSignTool, c.HasSubjectSignTool = v, true
	case e.oid.Equal(oidIssuerSignTool):
		v, err := refParseIssuerSignTool(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.IssuerSignTool = v
	case e.oid.Equal(oidIdentificationKind):
		v, err := refParseIdentificationKind(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.IdentificationKind, c.HasIdentificationKind = v, true
	}
}

// refParsePolicies decodes certificatePolicies: SEQUENCE OF PolicyInformation
// { policyIdentifier, policyQualifiers OPTIONAL }.
func refParsePolicies(b []byte) (Policies, error) {
	var p Policies
	var infos []struct {
		ID         asn1.ObjectIdentifier
		Qualifiers asn1.RawValue `asn1:"optional"`
	}
	rest, err := asn1.Unmarshal(b, &infos)
	if err != nil {
		return p, err
	}
	if len(rest) > 0 {
		return p, errors.New("trailing data")
	}
	for _, in := range infos {
		p.OIDs = append(p.OIDs, in.ID)
		if in.ID.Equal(oidAnyPolicy) {
			p.AnyPolicy = true
		}
		if cl, ok := policyClass(in.ID); ok {
			p.Classes = append(p.Classes, cl)
		}
	}
	return p, nil
}

// refParseName reads a DER Name (RDNSequence).
func refParseName(der []byte) (Name, error) {
	n := Name{Raw: der}
	in := cryptobyte.String(der)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) || !in.Empty() {
		return n, errors.New("name is not a DER SEQUENCE")
	}
	count := make(map[string]int)
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return n, errors.New("relative distinguished name is not a SET")
		}
		if set.Empty() {
			return n, errors.New("empty relative distinguished name")
		}
		for !set.Empty() {
			var atv, rawValue cryptobyte.String
			var oid asn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) ||
				!atv.ReadASN1ObjectIdentifier(&oid) ||
				!atv.ReadAnyASN1(&rawValue, &tag) || !atv.Empty() {
				return n, errors.New("malformed attribute")
			}
			value, err := refDecodeDirectoryString(int(tag), rawValue)
			if err != nil {
				return n, fmt.Errorf("attribute %s: %w", oid, err)
			}
			a := Attribute{Type: oid, Name: attributeName(oid), Value: value, Tag: int(tag)}
			n.Attributes = append(n.Attributes, a)
			count[a.Name]++
			if count[a.Name] == 2 {
				n.Repeated = append(n.Repeated, a.Name)
			}
			if count[a.Name] == 1 {
				refSet(&n, a)
			}
		}
	}
	refFinishINN(&n)
	return n, nil
}

// set stores the first value of a known attribute.
func refSet(n *Name, a Attribute) {
	switch {
	case a.Type.Equal(oidCommonName):
		n.CommonName = a.Value
	case a.Type.Equal(oidSurname):
		n.Surname = a.Value
	case a.Type.Equal(oidGivenName):
		n.GivenNames = a.Value
	case a.Type.Equal(oidTitle):
		n.Title = a.Value
	case a.Type.Equal(oidOrganization):
		n.Organization = a.Value
	case a.Type.Equal(oidOrganizationalUnit):
		n.OrganizationalUnit = a.Value
	case a.Type.Equal(oidLocality):
		n.Locality = a.Value
	case a.Type.Equal(oidRegion):
		n.Region = parseRegion(a.Value)
	case a.Type.Equal(oidStreet):
		n.Street = a.Value
	case a.Type.Equal(oidCountry):
		n.Country = a.Value
	case a.Type.Equal(oidEmailAddress):
		n.Email = a.Value
	case a.Type.Equal(oidOGRN):
		n.OGRN = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseOGRN(s)
			return v.String(), err
		})
	case a.Type.Equal(oidOGRNIP):
		n.OGRNIP = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseOGRNIP(s)
			return v.String(), err
		})
	case a.Type.Equal(oidSNILS):
		n.SNILS = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseSNILS(s)
			return v.Digits(), err
		})
	case a.Type.Equal(oidINNLE):
		n.INNLE = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseINNLE(s)
			return v.String(), err
		})
	case a.Type.Equal(oidINN):
		if isLegacyINN(a.Value) {
			n.LegacyINN = newIdentifier(a, func(s string) (string, error) {
				v, err := ident.INNFromCertificateAttribute(s)
				return v.String(), err
			})
			n.LegacyINN.Legacy = true
			if n.LegacyINN.Err != nil {
				n.LegacyINN.Value = strings.TrimSpace(a.Value)[2:]
			}
			return
		}
		n.INN = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseINNPerson(s)
			return v.String(), err
		})
	}
}

// refFinishINN derives INNLE from a legacy INN when there is no INNLE
// attribute.
func refFinishINN(n *Name) {
	if !n.INNLE.Present && n.LegacyINN.Present {
		n.INNLE = n.LegacyINN
	}
}

// refDecodeDirectoryString decodes the string types met in names. Other types
// are rendered as "#" and the hex of their content, like RFC 4514.
func refDecodeDirectoryString(tag int, b []byte) (string, error) {
	switch tag {
	case asn1.TagUTF8String:
		if !utf8.Valid(b) {
			return "", errors.New("invalid UTF-8 in UTF8String")
		}
		return string(b), nil
	case asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString:
		for _, c := range b {
			if c >= utf8.RuneSelf {
				return "", fmt.Errorf("non-ASCII byte 0x%02x in %s", c, stringTypeName(tag))
			}
		}
		return string(b), nil
	case asn1.TagT61String:
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), nil
	case 30: // BMPString, UTF-16BE
		if len(b)%2 != 0 {
			return "", errors.New("odd length BMPString")
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u)), nil
	case 28: // UniversalString, UTF-32BE
		if len(b)%4 != 0 {
			return "", errors.New("bad length UniversalString")
		}
		r := make([]rune, len(b)/4)
		for i := range r {
			r[i] = rune(binary.BigEndian.Uint32(b[4*i:]))
		}
		return string(r), nil
	}
	return fmt.Sprintf("#%X", b), nil
}

// refReadUTF8 reads one UTF8String.
func refReadUTF8(s *cryptobyte.String) (string, error) {
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
	return string(v), nil
}

// refParseSubjectSignTool decodes 1.2.643.100.111: SubjectSignTool ::=
// UTF8String (SIZE(1..200)); the size is checked by the rule.
func refParseSubjectSignTool(b []byte) (string, error) {
	s := cryptobyte.String(b)
	v, err := refReadUTF8(&s)
	if err != nil {
		return "", err
	}
	if !s.Empty() {
		return "", errors.New("trailing data")
	}
	return v, nil
}

// refParseIssuerSignTool decodes 1.2.643.100.112: a SEQUENCE of four
// UTF8Strings.
func refParseIssuerSignTool(b []byte) (*IssuerSignTool, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var t IssuerSignTool
	for i, dst := range []*string{&t.SignTool, &t.CATool, &t.SignToolCert, &t.CAToolCert} {
		v, err := refReadUTF8(&seq)
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

// refParseIdentificationKind decodes 1.2.643.100.114: an INTEGER.
func refParseIdentificationKind(b []byte) (IdentificationKind, error) {
	s := cryptobyte.String(b)
	var v int64
	if !s.ReadASN1Integer(&v) || !s.Empty() {
		return 0, errors.New("not a DER INTEGER")
	}
	if v < -1<<31 || v > 1<<31-1 {
		return 0, errors.New("value out of range")
	}
	return IdentificationKind(v), nil
}

// refParsePrivateKeyUsagePeriod decodes 2.5.29.16 (RFC 3280 §4.2.1.4):
// SEQUENCE { notBefore [0] IMPLICIT GeneralizedTime OPTIONAL,
// notAfter [1] IMPLICIT GeneralizedTime OPTIONAL }.
func refParsePrivateKeyUsagePeriod(b []byte) (*Period, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var p Period
	var present bool
	for i, dst := range []*time.Time{&p.NotBefore, &p.NotAfter} {
		var v cryptobyte.String
		if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(i).ContextSpecific()) {
			return nil, errors.New("malformed time")
		}
		if !present {
			continue
		}
		t, err := refParseGeneralizedTime(string(v))
		if err != nil {
			return nil, err
		}
		*dst = t
	}
	if !seq.Empty() {
		return nil, errors.New("trailing data")
	}
	if p.NotBefore.IsZero() && p.NotAfter.IsZero() {
		return nil, errors.New("neither notBefore nor notAfter present")
	}
	return &p, nil
}

// refParseGeneralizedTime parses the DER form YYYYMMDDHHMMSS[.fff]Z.
func refParseGeneralizedTime(s string) (time.Time, error) {
	t, err := time.Parse("20060102150405.999999999Z", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("GeneralizedTime %q: want YYYYMMDDHHMMSSZ", s)
	}
	return t, nil
}

// refParseAuthorityKeyID decodes 2.5.29.35 in full.
func refParseAuthorityKeyID(b []byte) (*AuthorityKeyID, error) {
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
	if present {
		a.KeyID = append([]byte(nil), v...)
	}
	if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(1).ContextSpecific().Constructed()) {
		return nil, errors.New("malformed authorityCertIssuer")
	}
	if present {
		for !v.Empty() {
			var gn cryptobyte.String
			var tag cbasn1.Tag
			if !v.ReadAnyASN1(&gn, &tag) {
				return nil, errors.New("malformed GeneralName")
			}
			if tag != cbasn1.Tag(4).ContextSpecific().Constructed() {
				continue // not a directoryName
			}
			var raw cryptobyte.String
			if !gn.ReadASN1Element(&raw, cbasn1.SEQUENCE) || !gn.Empty() {
				return nil, errors.New("malformed directoryName")
			}
			n, err := refParseName(append([]byte(nil), raw...))
			if err != nil {
				return nil, fmt.Errorf("directoryName: %w", err)
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

// refParseOIDSequence decodes a SEQUENCE OF OBJECT IDENTIFIER (extKeyUsage).
func refParseOIDSequence(b []byte) ([]asn1.ObjectIdentifier, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var out []asn1.ObjectIdentifier
	for !seq.Empty() {
		var oid asn1.ObjectIdentifier
		if !seq.ReadASN1ObjectIdentifier(&oid) {
			return nil, errors.New("malformed OID")
		}
		out = append(out, oid)
	}
	return out, nil
}

// refParsePublicKey decodes a SubjectPublicKeyInfo (RFC 9215).
func refParsePublicKey(spki []byte) PublicKey {
	var k PublicKey
	fail := func(class error, oid asn1.ObjectIdentifier, format string, args ...any) PublicKey {
		e := &KeyError{Err: class, Detail: fmt.Sprintf(format, args...)}
		if oid != nil {
			e.OID = oid.String()
		}
		k.Err = e
		k.key = nil
		return k
	}
	s := cryptobyte.String(spki)
	var info, alg, bits cryptobyte.String
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!info.ReadASN1(&bits, cbasn1.BIT_STRING) || !info.Empty() {
		return fail(ErrInvalidKey, nil, "malformed SubjectPublicKeyInfo")
	}
	if !alg.ReadASN1ObjectIdentifier(&k.Algorithm) {
		return fail(ErrInvalidKey, nil, "malformed key algorithm identifier")
	}
	switch {
	case k.Algorithm.Equal(oidGost2012Key256):
		k.Bits = 256
	case k.Algorithm.Equal(oidGost2012Key512):
		k.Bits = 512
	case k.Algorithm.Equal(oidGost2001Key):
		return fail(ErrUnknownKeyAlgorithm, k.Algorithm, "GOST R 34.10-2001 keys are withdrawn; GOST R 34.10-2012 is required")
	default:
		return fail(ErrUnknownKeyAlgorithm, k.Algorithm, "not a GOST R 34.10-2012 key")
	}
	var params cryptobyte.String
	if !alg.ReadASN1(&params, cbasn1.SEQUENCE) || !alg.Empty() {
		return fail(ErrInvalidKey, nil, "GOST key parameters must be SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }")
	}
	if !params.ReadASN1ObjectIdentifier(&k.ParamSet) {
		return fail(ErrInvalidKey, nil, "missing publicKeyParamSet")
	}
	if !params.Empty() {
		if !params.ReadASN1ObjectIdentifier(&k.DigestParamSet) {
			return fail(ErrInvalidKey, nil, "malformed digestParamSet")
		}
		// 2001-era encoders may add an encryptionParamSet OID: tolerated.
		var extra asn1.ObjectIdentifier
		if !params.Empty() && (!params.ReadASN1ObjectIdentifier(&extra) || !params.Empty()) {
			return fail(ErrInvalidKey, nil, "unexpected key parameters")
		}
	}
	curve, err := gost3410.CurveByOID(k.ParamSet)
	if err != nil {
		return fail(ErrUnknownCurve, k.ParamSet, "parameter set not known")
	}
	k.curve = curve
	if curve.PointSize()*8 != k.Bits {
		return fail(ErrInvalidKey, k.ParamSet, "%s is a %d-bit parameter set but the key algorithm is %d-bit", curve.Name, curve.PointSize()*8, k.Bits)
	}
	var unused uint8
	var point cryptobyte.String
	bs := cryptobyte.String(bits)
	if !bs.ReadUint8(&unused) || unused != 0 {
		return fail(ErrInvalidKey, nil, "subjectPublicKey BIT STRING has unused bits")
	}
	if !bs.ReadASN1(&point, cbasn1.OCTET_STRING) || !bs.Empty() {
		return fail(ErrInvalidKey, nil, "subjectPublicKey must hold a DER OCTET STRING with LE(X)‖LE(Y)")
	}
	pub, err := gost3410.NewPublicKey(curve, point)
	if err != nil {
		k.Err = &KeyError{Err: ErrInvalidKey, OID: k.ParamSet.String(), Cause: err}
		return k
	}
	k.key = newGOSTPublicKey(pub)
	return k
}

// refParseSignatureAlgorithm decodes an AlgorithmIdentifier.
func refParseSignatureAlgorithm(der []byte) (SignatureAlgorithm, error) {
	var a SignatureAlgorithm
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.OID) {
		return a, errors.New("malformed signature AlgorithmIdentifier")
	}
	if !seq.Empty() {
		var p cryptobyte.String
		if !seq.ReadAnyASN1Element(&p, nil) || !seq.Empty() {
			return a, errors.New("malformed signature algorithm parameters")
		}
		a.Parameters = append([]byte(nil), p...)
	}
	switch {
	case a.OID.Equal(oidSignGost2012With256):
		a.Bits = 256
	case a.OID.Equal(oidSignGost2012With512):
		a.Bits = 512
	}
	return a, nil
}
