package signature

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/armor"
	"github.com/egisz-lk/registrar/internal/oid"
)

// AlgorithmIdentifier is an algorithm OID with its raw parameters.
type AlgorithmIdentifier struct {
	// OID of the algorithm.
	OID asn1.ObjectIdentifier
	// Parameters is the DER of the parameters element, nil when absent.
	Parameters []byte
}

// ParametersOK reports whether the parameters are absent or NULL, the two
// forms accepted for GOST algorithms (RFC 9215, Р 1323565.1.024-2019).
func (a AlgorithmIdentifier) ParametersOK() bool {
	return len(a.Parameters) == 0 || bytes.Equal(a.Parameters, []byte{0x05, 0x00})
}

// Attribute is one CMS attribute with its values kept as DER.
type Attribute struct {
	// Type is the attribute OID.
	Type asn1.ObjectIdentifier
	// Values are the DER encodings of the attribute values.
	Values [][]byte
	// Raw is the DER encoding of the whole Attribute SEQUENCE.
	Raw []byte
}

// ESSCertIDv2 is one entry of the signingCertificateV2 attribute (RFC 5035).
type ESSCertIDv2 struct {
	// HashAlgorithm is the hash of CertHash. When the field is absent it is
	// SHA-256 (the RFC 5035 default) and HashAlgorithmDefaulted is true.
	HashAlgorithm          AlgorithmIdentifier
	HashAlgorithmDefaulted bool
	// CertHash is the hash of the signer certificate's DER.
	CertHash []byte
	// HasIssuerSerial reports whether issuerSerial is present.
	HasIssuerSerial bool
	// IssuerNames holds the DER of each directoryName of issuerSerial.issuer
	// (other GeneralName forms are counted in OtherIssuerNames).
	IssuerNames      [][]byte
	OtherIssuerNames int
	// SerialNumber is issuerSerial.serialNumber.
	SerialNumber *big.Int
}

// SignerInfo is one signer of a SignedData (RFC 5652 §5.3), with its signed
// attributes decoded.
type SignerInfo struct {
	// Index is the position of the signer in signerInfos, from 0.
	Index int
	// Version is 1 for issuerAndSerialNumber, 3 for subjectKeyIdentifier.
	Version int
	// Issuer (DER Name) and SerialNumber identify the signer certificate
	// when the SignerIdentifier is issuerAndSerialNumber.
	Issuer       []byte
	SerialNumber *big.Int
	// SubjectKeyID identifies the signer certificate when the
	// SignerIdentifier is [0] subjectKeyIdentifier.
	SubjectKeyID []byte
	// DigestAlgorithm and SignatureAlgorithm as written by the signer.
	DigestAlgorithm    AlgorithmIdentifier
	SignatureAlgorithm AlgorithmIdentifier
	// RawSignedAttrs is the [0] signed-attributes element exactly as
	// received (tag 0xA0); nil when the signer has no signed attributes.
	// The signature covers these bytes with the first byte replaced by 0x31
	// (RFC 5652 §5.4).
	RawSignedAttrs []byte
	// SignedAttrsReceivedBER reports that the signed attributes were
	// received with indefinite lengths, which cannot be the DER the signer
	// hashed.
	SignedAttrsReceivedBER bool
	// SignedAttrs and UnsignedAttrs in received order.
	SignedAttrs, UnsignedAttrs []Attribute
	// Signature is the signature value (s‖r for GOST).
	Signature []byte

	// ContentType is the contentType signed attribute, nil if absent.
	ContentType asn1.ObjectIdentifier
	// MessageDigest is the messageDigest signed attribute, nil if absent.
	MessageDigest []byte
	// SigningTime is the signingTime signed attribute; zero when absent
	// (HasSigningTime false).
	SigningTime    time.Time
	HasSigningTime bool
	// SigningCertificateV2 lists the ESSCertIDv2 entries of the
	// signingCertificateV2 attribute; nil when absent.
	SigningCertificateV2 []ESSCertIDv2
	// HasSigningCertificateV1 reports a signingCertificate (v1, SHA-1)
	// attribute; SigningCertificateV1 lists its ESSCertID entries (as
	// ESSCertIDv2 values with HashAlgorithm id-sha1) when they parsed. It is
	// evaluated only when signingCertificateV2 is absent.
	HasSigningCertificateV1 bool
	SigningCertificateV1    []ESSCertIDv2
	// AttrProblems lists problems of the signed attributes (duplicates,
	// malformed values); Verify reports them as failed checks.
	AttrProblems []string
}

// SignedData is a parsed CMS SignedData (RFC 5652 §5).
type SignedData struct {
	// Format is how the input was transported: "DER", "BER", "PEM" or
	// "base64" (PEM and base64 are followed by "/BER" for BER content).
	Format string
	// Version is the SignedData version.
	Version int
	// DigestAlgorithms is the digestAlgorithms set.
	DigestAlgorithms []AlgorithmIdentifier
	// ContentType is eContentType (id-data for documents).
	ContentType asn1.ObjectIdentifier
	// Content is eContent for an attached signature; nil when detached.
	Content []byte
	// Detached reports that eContent is absent.
	Detached bool
	// Certificates are the embedded certificates that parsed.
	Certificates []*certificate.Certificate
	// CertificateErrors lists embedded certificates that could not be
	// parsed (they are reported, not silently dropped).
	CertificateErrors []error
	// CRLs are the embedded revocation lists, DER, not interpreted.
	CRLs [][]byte
	// Signers are the SignerInfos in order; never empty after Parse.
	Signers []*SignerInfo
	// DER is the normalised DER encoding of the ContentInfo. The byte
	// slices of the signer infos and their attributes are parts of it (a
	// BER RawSignedAttrs: of the decoded input), capped so that appending
	// to one copies it; none is a part of the caller's input.
	DER []byte
	// TrailingZeros counts the zero bytes that followed the ContentInfo
	// and were dropped (the padding of a PDF /Contents); 0 normally.
	TrailingZeros int

	contentOff int // offset of the eContent octets in the DER
}

// pemLabels are the PEM labels a signature may carry.
var pemLabels = []string{"CMS", "PKCS7", "PKCS #7 SIGNED DATA", "SIGNED DATA", "SIGNED MESSAGE"}

// decodeTransport returns the binary CMS in data and the transport name,
// through the module's one transport decoder.
func decodeTransport(data []byte) ([]byte, string, error) {
	return decodeTransportLabels(data, pemLabels)
}

// decodeTransportLabels is decodeTransport accepting the PEM labels given.
func decodeTransportLabels(data []byte, labels []string) ([]byte, string, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: labels, MaxSize: MaxInputSize * 2, Single: true})
	if err != nil {
		var ae *armor.Error
		errors.As(err, &ae)
		class := ErrFormat
		switch {
		case errors.Is(err, armor.ErrEmpty):
			class = ErrEmpty
		case errors.Is(err, armor.ErrTooLarge):
			class = ErrTooLarge
		case errors.Is(err, armor.ErrBase64):
			class = ErrBase64
		case errors.Is(err, armor.ErrPEM), errors.Is(err, armor.ErrLabel), errors.Is(err, armor.ErrSeveral):
			class = ErrPEM
		}
		return nil, "", &ParseError{Err: class, Offset: -1, Detail: ae.Detail, Cause: ae}
	}
	return dec.Blocks[0].Bytes, dec.Format, nil
}

// Parse reads a CMS ContentInfo holding SignedData from DER, BER (indefinite
// lengths, chunked content, as CryptoPro and `openssl cms -stream` write
// it), PEM (CMS, PKCS7 or SIGNED DATA blocks) or bare base64 (one line or
// wrapped). It is strict: every field is checked, trailing data is an error
// except zero bytes after the outer element (the padding of a signature
// copied out of a PDF /Contents: dropped, counted in TrailingZeros and
// reported by Verify as a warning), and a SignedData without signers is
// ErrNoSigners. Embedded certificates
// that do not parse are kept in CertificateErrors. Errors are *ParseError.
func Parse(data []byte) (*SignedData, error) {
	bin, format, err := decodeTransport(data)
	if err != nil {
		return nil, err
	}
	der, origins, err := normalize(bin)
	zeros := 0
	if end, ok := zeroPadding(bin, err); ok {
		// A signature copied out of a PDF /Contents keeps the zero padding
		// that reserved its room: dropped here, reported by Verify. Any
		// other trailing byte stays ErrTrailingData.
		zeros = len(bin) - end
		bin = bin[:end]
		der, origins, err = normalize(bin)
	}
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(der, bin) {
		if format == "DER" {
			format = "BER"
		} else {
			format += "/BER"
		}
	}
	p := &parser{der: der, bin: bin, origins: origins}
	sd, err := p.contentInfo(cryptobyte.String(der))
	if err != nil {
		return nil, err
	}
	sd.Format = format
	sd.TrailingZeros = zeros
	return sd, nil
}

// zeroPadding reports whether err is the normaliser's ErrTrailingData and
// every byte after the outer element is zero, and where that element ends.
func zeroPadding(bin []byte, err error) (int, bool) {
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(pe.Err, ErrTrailingData) || pe.Offset <= 0 || pe.Offset >= len(bin) {
		return 0, false
	}
	for _, c := range bin[pe.Offset:] {
		if c != 0 {
			return 0, false
		}
	}
	return pe.Offset, true
}

// parser reads the normalised DER; bin and origins map [0] elements back to
// the received bytes.
type parser struct {
	der     []byte
	bin     []byte
	origins []origin
}

// off is the offset of s (a suffix slice of p.der) in p.der.
func (p *parser) off(s []byte) int { return cap(p.der) - cap(s) }

func (p *parser) fail(s []byte, field, format string, args ...any) error {
	return perr(ErrMalformed, p.off(s), field, format, args...)
}

// contentInfo reads the one ContentInfo element that fills s (a slice of
// p.der) holding a SignedData. The SignedData's DER is the element.
func (p *parser) contentInfo(s cryptobyte.String) (*SignedData, error) {
	var full, ci, content cryptobyte.String
	var ct asn1.ObjectIdentifier
	start := s
	if !s.ReadASN1Element(&full, cbasn1.SEQUENCE) {
		return nil, p.fail(start, "ContentInfo", "not a SEQUENCE")
	}
	if !s.Empty() {
		return nil, perr(ErrTrailingData, p.off(s), "ContentInfo", "%d bytes follow", len(s))
	}
	outer := full
	if !outer.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ct) {
		return nil, p.fail(start, "contentType", "missing or malformed OID")
	}
	if !oid.SignedData.Equal(ct) {
		return nil, perr(ErrNotSignedData, p.off(ci), "contentType", "%s", ct)
	}
	if !ci.ReadASN1(&content, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() {
		return nil, p.fail(ci, "content", "want [0] EXPLICIT SignedData and nothing after it")
	}
	var sdSeq cryptobyte.String
	if !content.ReadASN1(&sdSeq, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, p.fail(content, "SignedData", "not a single SEQUENCE")
	}
	sd, err := p.signedData(sdSeq)
	if err != nil {
		return nil, err
	}
	sd.DER = full
	return sd, nil
}

func (p *parser) algorithm(s *cryptobyte.String, field string) (AlgorithmIdentifier, error) {
	var seq cryptobyte.String
	var a AlgorithmIdentifier
	start := *s
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return a, p.fail(start, field, "AlgorithmIdentifier is not a SEQUENCE")
	}
	if !seq.ReadASN1ObjectIdentifier(&a.OID) {
		return a, p.fail(start, field, "malformed algorithm OID")
	}
	if !seq.Empty() {
		var params cryptobyte.String
		if !seq.ReadAnyASN1Element(&params, nil) || !seq.Empty() {
			return a, p.fail(start, field, "malformed algorithm parameters")
		}
		a.Parameters = params
	}
	return a, nil
}

func (p *parser) signedData(s cryptobyte.String) (*SignedData, error) {
	sd := &SignedData{}
	var digests, encap cryptobyte.String
	if !s.ReadASN1Integer(&sd.Version) {
		return nil, p.fail(s, "SignedData.version", "missing or malformed INTEGER")
	}
	if sd.Version < 1 || sd.Version > 5 {
		return nil, p.fail(s, "SignedData.version", "version %d not in 1..5", sd.Version)
	}
	if !s.ReadASN1(&digests, cbasn1.SET) {
		return nil, p.fail(s, "digestAlgorithms", "not a SET")
	}
	for !digests.Empty() {
		a, err := p.algorithm(&digests, "digestAlgorithms")
		if err != nil {
			return nil, err
		}
		sd.DigestAlgorithms = append(sd.DigestAlgorithms, a)
	}
	if !s.ReadASN1(&encap, cbasn1.SEQUENCE) {
		return nil, p.fail(s, "encapContentInfo", "not a SEQUENCE")
	}
	if !encap.ReadASN1ObjectIdentifier(&sd.ContentType) {
		return nil, p.fail(encap, "eContentType", "missing or malformed OID")
	}
	if encap.Empty() {
		sd.Detached = true
	} else {
		var explicit, octets cryptobyte.String
		if !encap.ReadASN1(&explicit, cbasn1.Tag(0).Constructed().ContextSpecific()) || !encap.Empty() {
			return nil, p.fail(encap, "eContent", "want [0] EXPLICIT OCTET STRING")
		}
		if !explicit.ReadASN1(&octets, cbasn1.OCTET_STRING) || !explicit.Empty() {
			return nil, p.fail(explicit, "eContent", "want a single OCTET STRING")
		}
		sd.Content = append([]byte{}, octets...)
		sd.contentOff = p.off(octets)
	}
	if s.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var certs cryptobyte.String
		s.ReadASN1(&certs, cbasn1.Tag(0).Constructed().ContextSpecific())
		for !certs.Empty() {
			var el cryptobyte.String
			var tag cbasn1.Tag
			start := certs
			if !certs.ReadAnyASN1Element(&el, &tag) {
				return nil, p.fail(start, "certificates", "malformed entry")
			}
			if tag != cbasn1.SEQUENCE {
				sd.CertificateErrors = append(sd.CertificateErrors, perr(ErrMalformed, p.off(start), "certificates", "certificate choice with tag 0x%02x is not supported", uint8(tag)))
				continue
			}
			c, err := certificate.ParseOne(el)
			if err != nil {
				sd.CertificateErrors = append(sd.CertificateErrors, fmt.Errorf("embedded certificate %d at offset %d: %w", len(sd.Certificates)+len(sd.CertificateErrors), p.off(start), err))
				continue
			}
			sd.Certificates = append(sd.Certificates, c)
		}
	}
	if s.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()) {
		var crls cryptobyte.String
		s.ReadASN1(&crls, cbasn1.Tag(1).Constructed().ContextSpecific())
		for !crls.Empty() {
			var el cryptobyte.String
			start := crls
			if !crls.ReadAnyASN1Element(&el, nil) {
				return nil, p.fail(start, "crls", "malformed entry")
			}
			sd.CRLs = append(sd.CRLs, append([]byte{}, el...))
		}
	}
	var signers cryptobyte.String
	if !s.ReadASN1(&signers, cbasn1.SET) {
		return nil, p.fail(s, "signerInfos", "not a SET")
	}
	if !s.Empty() {
		return nil, perr(ErrTrailingData, p.off(s), "SignedData", "unexpected fields after signerInfos")
	}
	for !signers.Empty() {
		var si cryptobyte.String
		start := signers
		if !signers.ReadASN1(&si, cbasn1.SEQUENCE) {
			return nil, p.fail(start, "signerInfos", "SignerInfo is not a SEQUENCE")
		}
		info, err := p.signerInfo(si, len(sd.Signers))
		if err != nil {
			return nil, err
		}
		sd.Signers = append(sd.Signers, info)
	}
	if len(sd.Signers) == 0 {
		return nil, perr(ErrNoSigners, p.off(signers), "signerInfos", "the set is empty")
	}
	return sd, nil
}

var (
	tagSID        = cbasn1.Tag(0).ContextSpecific()
	tagSignedAttr = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagUnsigned   = cbasn1.Tag(1).Constructed().ContextSpecific()
)

func (p *parser) signerInfo(s cryptobyte.String, index int) (*SignerInfo, error) {
	si := &SignerInfo{Index: index}
	field := func(f string) string { return fmt.Sprintf("signerInfos[%d].%s", index, f) }
	if !s.ReadASN1Integer(&si.Version) {
		return nil, p.fail(s, field("version"), "missing or malformed INTEGER")
	}
	switch {
	case s.PeekASN1Tag(cbasn1.SEQUENCE):
		var ias, issuer cryptobyte.String
		s.ReadASN1(&ias, cbasn1.SEQUENCE)
		if !ias.ReadASN1Element(&issuer, cbasn1.SEQUENCE) {
			return nil, p.fail(ias, field("sid"), "issuer is not a Name")
		}
		si.SerialNumber = new(big.Int)
		if !ias.ReadASN1Integer(si.SerialNumber) || !ias.Empty() {
			return nil, p.fail(ias, field("sid"), "malformed serialNumber")
		}
		si.Issuer = part(issuer)
	case s.PeekASN1Tag(tagSID):
		var ski cryptobyte.String
		s.ReadASN1(&ski, tagSID)
		if len(ski) == 0 {
			return nil, p.fail(s, field("sid"), "empty subjectKeyIdentifier")
		}
		si.SubjectKeyID = part(ski)
	default:
		return nil, p.fail(s, field("sid"), "neither issuerAndSerialNumber nor [0] subjectKeyIdentifier")
	}
	var err error
	if si.DigestAlgorithm, err = p.algorithm(&s, field("digestAlgorithm")); err != nil {
		return nil, err
	}
	if s.PeekASN1Tag(tagSignedAttr) {
		var full cryptobyte.String
		start := s
		if !s.ReadASN1Element(&full, tagSignedAttr) {
			return nil, p.fail(start, field("signedAttrs"), "malformed")
		}
		// Map the normalised element back to the received bytes.
		raw := []byte(full)
		if o, ok := findOrigin(p.origins, p.off(full)); ok {
			raw = p.bin[o.in.start:o.in.end]
			si.SignedAttrsReceivedBER = !o.definite
		}
		si.RawSignedAttrs = part(raw)
		body := cryptobyte.String(full)
		var inner cryptobyte.String
		if !body.ReadASN1(&inner, tagSignedAttr) {
			return nil, p.fail(start, field("signedAttrs"), "malformed")
		}
		if si.SignedAttrs, err = p.attributes(inner, field("signedAttrs")); err != nil {
			return nil, err
		}
		if len(si.SignedAttrs) == 0 {
			return nil, p.fail(start, field("signedAttrs"), "present but empty (RFC 5652 §5.3: SIZE (1..MAX))")
		}
		si.decodeSignedAttrs()
	}
	if si.SignatureAlgorithm, err = p.algorithm(&s, field("signatureAlgorithm")); err != nil {
		return nil, err
	}
	var sig cryptobyte.String
	if !s.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return nil, p.fail(s, field("signature"), "not an OCTET STRING")
	}
	si.Signature = part(sig)
	if s.PeekASN1Tag(tagUnsigned) {
		var ua cryptobyte.String
		s.ReadASN1(&ua, tagUnsigned)
		if si.UnsignedAttrs, err = p.attributes(ua, field("unsignedAttrs")); err != nil {
			return nil, err
		}
	}
	if !s.Empty() {
		return nil, perr(ErrTrailingData, p.off(s), field(""), "unexpected fields at the end of SignerInfo")
	}
	return si, nil
}

// part returns b, a part of the parser's own bytes (its DER or the decoded
// input, never the caller's), capped so that an append to it copies
// instead of writing over what follows.
func part(b []byte) []byte { return b[:len(b):len(b)] }

func (p *parser) attributes(s cryptobyte.String, field string) ([]Attribute, error) {
	var out []Attribute
	for !s.Empty() {
		var full, seq, set cryptobyte.String
		var a Attribute
		start := s
		if !s.ReadASN1Element(&full, cbasn1.SEQUENCE) {
			return nil, p.fail(start, field, "Attribute is not a SEQUENCE")
		}
		outer := full
		if !outer.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.Type) ||
			!seq.ReadASN1(&set, cbasn1.SET) || !seq.Empty() {
			return nil, p.fail(start, field, "Attribute must be SEQUENCE { OID, SET OF value }")
		}
		for !set.Empty() {
			var v cryptobyte.String
			if !set.ReadAnyASN1Element(&v, nil) {
				return nil, p.fail(start, field, "malformed value of attribute %s", a.Type)
			}
			a.Values = append(a.Values, part(v))
		}
		a.Raw = part(full)
		out = append(out, a)
	}
	return out, nil
}

// decodeSignedAttrs fills the typed fields from SignedAttrs and records
// problems.
func (si *SignerInfo) decodeSignedAttrs() {
	counts := map[string]int{}
	bad := func(format string, args ...any) {
		si.AttrProblems = append(si.AttrProblems, fmt.Sprintf(format, args...))
	}
	for _, a := range si.SignedAttrs {
		key := a.Type.String()
		counts[key]++
		if counts[key] == 2 {
			bad("attribute %s occurs more than once", key)
		}
		if counts[key] > 1 {
			continue
		}
		known := oid.ContentType.Equal(a.Type) || oid.MessageDigest.Equal(a.Type) || oid.SigningTime.Equal(a.Type) ||
			oid.SigningCertificateV2.Equal(a.Type)
		if known && len(a.Values) != 1 {
			bad("attribute %s has %d values, want exactly one", key, len(a.Values))
			continue
		}
		switch {
		case oid.ContentType.Equal(a.Type):
			v := cryptobyte.String(a.Values[0])
			var oid asn1.ObjectIdentifier
			if !v.ReadASN1ObjectIdentifier(&oid) || !v.Empty() {
				bad("contentType value is not an OID")
				continue
			}
			si.ContentType = oid
		case oid.MessageDigest.Equal(a.Type):
			v := cryptobyte.String(a.Values[0])
			var d cryptobyte.String
			if !v.ReadASN1(&d, cbasn1.OCTET_STRING) || !v.Empty() {
				bad("messageDigest value is not an OCTET STRING")
				continue
			}
			si.MessageDigest = part(d)
		case oid.SigningTime.Equal(a.Type):
			v := cryptobyte.String(a.Values[0])
			var t time.Time
			switch {
			case v.PeekASN1Tag(cbasn1.UTCTime):
				if !v.ReadASN1UTCTime(&t) || !v.Empty() {
					bad("signingTime: malformed UTCTime")
					continue
				}
			case v.PeekASN1Tag(cbasn1.GeneralizedTime):
				if !v.ReadASN1GeneralizedTime(&t) || !v.Empty() {
					bad("signingTime: malformed GeneralizedTime")
					continue
				}
			default:
				bad("signingTime is neither UTCTime nor GeneralizedTime")
				continue
			}
			si.SigningTime, si.HasSigningTime = t, true
		case oid.SigningCertificateV2.Equal(a.Type):
			ids, err := parseSigningCertificate(a.Values[0], false)
			if err != nil {
				bad("signingCertificateV2: %v", err)
				continue
			}
			si.SigningCertificateV2 = ids
		case oid.SigningCertificate.Equal(a.Type):
			si.HasSigningCertificateV1 = true
			if len(a.Values) != 1 {
				bad("attribute %s has %d values, want exactly one", key, len(a.Values))
				continue
			}
			ids, err := parseSigningCertificate(a.Values[0], true)
			if err != nil {
				bad("signingCertificate: %v", err)
				continue
			}
			si.SigningCertificateV1 = ids
		}
	}
}

// parseSigningCertificate reads a SigningCertificateV2 value (RFC 5035
// §3) or, with v1, a SigningCertificate value (RFC 2634 §5.4), whose
// ESSCertID has no hashAlgorithm: SHA-1 is implied.
func parseSigningCertificate(b []byte, v1 bool) ([]ESSCertIDv2, error) {
	s := cryptobyte.String(b)
	var sc, certs cryptobyte.String
	if !s.ReadASN1(&sc, cbasn1.SEQUENCE) || !s.Empty() || !sc.ReadASN1(&certs, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("want SEQUENCE { certs SEQUENCE OF ESSCertID, ... }")
	}
	// policies SEQUENCE OF PolicyInformation OPTIONAL: accepted, not read.
	if !sc.Empty() {
		var pol cryptobyte.String
		if !sc.ReadASN1(&pol, cbasn1.SEQUENCE) || !sc.Empty() {
			return nil, fmt.Errorf("malformed policies")
		}
	}
	var out []ESSCertIDv2
	for !certs.Empty() {
		var id cryptobyte.String
		if !certs.ReadASN1(&id, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("ESSCertIDv2 is not a SEQUENCE")
		}
		var e ESSCertIDv2
		switch {
		case v1:
			e.HashAlgorithm.OID = oid.SHA1.OID()
		case id.PeekASN1Tag(cbasn1.SEQUENCE):
			var alg cryptobyte.String
			id.ReadASN1(&alg, cbasn1.SEQUENCE)
			if !alg.ReadASN1ObjectIdentifier(&e.HashAlgorithm.OID) {
				return nil, fmt.Errorf("malformed hashAlgorithm")
			}
			if !alg.Empty() {
				var params cryptobyte.String
				if !alg.ReadAnyASN1Element(&params, nil) || !alg.Empty() {
					return nil, fmt.Errorf("malformed hashAlgorithm parameters")
				}
				e.HashAlgorithm.Parameters = append([]byte{}, params...)
			}
		default:
			e.HashAlgorithm.OID = oid.SHA256.OID()
			e.HashAlgorithmDefaulted = true
		}
		var hash cryptobyte.String
		if !id.ReadASN1(&hash, cbasn1.OCTET_STRING) {
			return nil, fmt.Errorf("missing certHash")
		}
		e.CertHash = part(hash)
		if !id.Empty() {
			var is, names cryptobyte.String
			if !id.ReadASN1(&is, cbasn1.SEQUENCE) || !id.Empty() || !is.ReadASN1(&names, cbasn1.SEQUENCE) {
				return nil, fmt.Errorf("malformed issuerSerial")
			}
			e.HasIssuerSerial = true
			for !names.Empty() {
				var gn cryptobyte.String
				var tag cbasn1.Tag
				if !names.ReadAnyASN1(&gn, &tag) {
					return nil, fmt.Errorf("malformed GeneralName")
				}
				if tag == cbasn1.Tag(4).Constructed().ContextSpecific() {
					var name cryptobyte.String
					if !gn.ReadASN1Element(&name, cbasn1.SEQUENCE) || !gn.Empty() {
						return nil, fmt.Errorf("malformed directoryName")
					}
					e.IssuerNames = append(e.IssuerNames, append([]byte{}, name...))
				} else {
					e.OtherIssuerNames++
				}
			}
			e.SerialNumber = new(big.Int)
			if !is.ReadASN1Integer(e.SerialNumber) || !is.Empty() {
				return nil, fmt.Errorf("malformed issuerSerial.serialNumber")
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty certs list")
	}
	return out, nil
}

// describe names the signer identifier for messages.
func (si *SignerInfo) describe() string {
	if si.SubjectKeyID != nil {
		return fmt.Sprintf("subjectKeyIdentifier %X", si.SubjectKeyID)
	}
	return fmt.Sprintf("serial %X", si.SerialNumber)
}
