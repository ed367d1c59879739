package sigtest

import (
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
)

// This file extends CMS signatures to the CAdES long-term forms (ETSI TS
// 101 733 §6, ETSI EN 319 122-1 §5.5) for tests. It works on the DER bytes
// alone and does not use package signature, so that what it builds checks
// that package rather than repeating it.

// Stamper makes a time-stamp token: a DER TimeStampToken (a ContentInfo
// holding SignedData whose eContent is a TSTInfo) whose messageImprint is
// the hash of data under the hash algorithm hashOID.
type Stamper func(data []byte, hashOID asn1.ObjectIdentifier) ([]byte, error)

// ErrBuild reports an input the builders cannot extend: not a DER
// ContentInfo holding SignedData, no such signer, a missing prerequisite
// attribute, an unsupported hash.
var ErrBuild = errors.New("sigtest: cannot extend the signature")

// Attribute encodes a CMS Attribute: SEQUENCE { attrType, SET OF values }.
// The values are DER elements and are written in the order given.
func Attribute(typ asn1.ObjectIdentifier, values ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(typ)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			for _, v := range values {
				b.AddBytes(v)
			}
		})
	})
	return b.BytesOrPanic()
}

// cms is a DER ContentInfo holding SignedData, split into the elements the
// builders read and rewrite.
type cms struct {
	contentType []byte   // the ContentInfo contentType element
	head        [][]byte // SignedData elements before signerInfos
	signers     [][]byte // each SignerInfo element
}

// splitCMS reads a DER ContentInfo holding SignedData.
func splitCMS(der []byte) (*cms, error) {
	s := cryptobyte.String(der)
	var ci, explicit, sd, ct cryptobyte.String
	if !s.ReadASN1(&ci, cbasn1.SEQUENCE) || !s.Empty() || !ci.ReadASN1Element(&ct, cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&explicit, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() ||
		!explicit.ReadASN1(&sd, cbasn1.SEQUENCE) || !explicit.Empty() {
		return nil, fmt.Errorf("%w: not a DER ContentInfo", ErrBuild)
	}
	c := &cms{contentType: ct}
	for !sd.Empty() {
		var el cryptobyte.String
		var tag cbasn1.Tag
		if !sd.ReadAnyASN1Element(&el, &tag) {
			return nil, fmt.Errorf("%w: malformed SignedData", ErrBuild)
		}
		if tag != cbasn1.SET || !sd.Empty() {
			c.head = append(c.head, el)
			continue
		}
		var infos cryptobyte.String
		el.ReadASN1(&infos, cbasn1.SET)
		for !infos.Empty() {
			var info cryptobyte.String
			if !infos.ReadASN1Element(&info, cbasn1.SEQUENCE) {
				return nil, fmt.Errorf("%w: malformed SignerInfo", ErrBuild)
			}
			c.signers = append(c.signers, info)
		}
	}
	if len(c.head) < 3 {
		return nil, fmt.Errorf("%w: SignedData too short", ErrBuild)
	}
	return c, nil
}

// bytes encodes the ContentInfo again.
func (c *cms) bytes() []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(c.contentType)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, h := range c.head {
					b.AddBytes(h)
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					for _, s := range c.signers {
						b.AddBytes(s)
					}
				})
			})
		})
	})
	return b.BytesOrPanic()
}

// field returns the SignedData element after digestAlgorithms with the
// given tag (encapContentInfo is SEQUENCE; certificates [0]; crls [1]).
func (c *cms) field(tag cbasn1.Tag) []byte {
	for _, h := range c.head[2:] {
		if cbasn1.Tag(h[0]) == tag {
			return h
		}
	}
	return nil
}

// items returns the elements inside the constructed element el.
func items(el []byte) [][]byte {
	s := cryptobyte.String(el)
	var body cryptobyte.String
	var tag cbasn1.Tag
	s.ReadAnyASN1(&body, &tag)
	var out [][]byte
	for !body.Empty() {
		var item cryptobyte.String
		if !body.ReadAnyASN1Element(&item, nil) {
			break
		}
		out = append(out, item)
	}
	return out
}

var tagUnsigned = cbasn1.Tag(1).Constructed().ContextSpecific()

// signer splits SignerInfo number i into its fields before unsignedAttrs
// and its unsigned Attribute elements.
func (c *cms) signer(i int) (fields, unsigned [][]byte, err error) {
	if i < 0 || i >= len(c.signers) {
		return nil, nil, fmt.Errorf("%w: no signer %d", ErrBuild, i)
	}
	for _, el := range items(c.signers[i]) {
		if cbasn1.Tag(el[0]) == tagUnsigned {
			unsigned = items(el)
			continue
		}
		fields = append(fields, el)
	}
	return fields, unsigned, nil
}

// setUnsigned replaces the unsigned attributes of signer i.
func (c *cms) setUnsigned(i int, attrs [][]byte) error {
	fields, _, err := c.signer(i)
	if err != nil {
		return err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, f := range fields {
			b.AddBytes(f)
		}
		if len(attrs) > 0 {
			b.AddASN1(tagUnsigned, func(b *cryptobyte.Builder) {
				for _, a := range attrs {
					b.AddBytes(a)
				}
			})
		}
	})
	c.signers[i] = b.BytesOrPanic()
	return nil
}

// AddUnsignedAttributes appends the Attribute elements attrs to the
// unsigned attributes of signer number signer of the DER CMS der, creating
// the field when absent. The existing attributes are kept in their order
// and the new ones follow: the SET OF is not re-sorted, because the
// archive-time-stamp (v2) covers the attributes that precede it. It works
// for time-stamp tokens too (their ats-hash-index is an unsigned attribute
// of the token's signer).
func AddUnsignedAttributes(der []byte, signer int, attrs ...[]byte) ([]byte, error) {
	c, err := splitCMS(der)
	if err != nil {
		return nil, err
	}
	_, unsigned, err := c.signer(signer)
	if err != nil {
		return nil, err
	}
	if err := c.setUnsigned(signer, append(unsigned, attrs...)); err != nil {
		return nil, err
	}
	return c.bytes(), nil
}

// newHash returns Streebog-256, Streebog-512 or SHA-256; nil hashOID means
// Streebog-256.
func newHash(hashOID asn1.ObjectIdentifier) (hash.Hash, asn1.ObjectIdentifier, error) {
	switch {
	case hashOID == nil || oid.Streebog256.Equal(hashOID):
		return streebog.New256(), oid.Streebog256.OID(), nil
	case oid.Streebog512.Equal(hashOID):
		return streebog.New512(), hashOID, nil
	case oid.SHA256.Equal(hashOID):
		return sha256.New(), hashOID, nil
	}
	return nil, nil, fmt.Errorf("%w: hash %s", ErrBuild, hashOID)
}

// sum hashes data under hashOID.
func sum(hashOID asn1.ObjectIdentifier, data ...[]byte) ([]byte, error) {
	h, _, err := newHash(hashOID)
	if err != nil {
		return nil, err
	}
	for _, d := range data {
		h.Write(d)
	}
	return h.Sum(nil), nil
}

// algorithm encodes an AlgorithmIdentifier without parameters.
func algorithm(b *cryptobyte.Builder, o asn1.ObjectIdentifier) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(o) })
}

// otherHash encodes OtherHash as the otherHash choice.
func otherHash(b *cryptobyte.Builder, hashOID asn1.ObjectIdentifier, data []byte) error {
	_, o, err := newHash(hashOID)
	if err != nil {
		return err
	}
	h, err := sum(o, data)
	if err != nil {
		return err
	}
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		algorithm(b, o)
		b.AddASN1OctetString(h)
	})
	return nil
}

// stamp asks stamper for a token over data and wraps it in an attribute of
// type typ.
func stamp(stamper Stamper, typ oid.ID, data []byte, hashOID asn1.ObjectIdentifier) ([]byte, error) {
	_, o, err := newHash(hashOID)
	if err != nil {
		return nil, err
	}
	tok, err := stamper(data, o)
	if err != nil {
		return nil, fmt.Errorf("%w: stamper: %w", ErrBuild, err)
	}
	return Attribute(typ.OID(), tok), nil
}

// signatureValue returns the contents of the signature OCTET STRING among
// the SignerInfo fields.
func signatureValue(fields [][]byte) ([]byte, error) {
	last := cryptobyte.String(fields[len(fields)-1])
	var v cryptobyte.String
	if !last.ReadASN1(&v, cbasn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: SignerInfo does not end with the signature", ErrBuild)
	}
	return v, nil
}

// attrBody returns attrType and attrValues of an Attribute element.
func attrBody(a []byte) []byte {
	s := cryptobyte.String(a)
	var body cryptobyte.String
	s.ReadASN1(&body, cbasn1.SEQUENCE)
	return body
}

// attrType returns the type of an Attribute element.
func attrType(a []byte) asn1.ObjectIdentifier {
	body := cryptobyte.String(attrBody(a))
	var t asn1.ObjectIdentifier
	body.ReadASN1ObjectIdentifier(&t)
	return t
}

// AddSignatureTimestamp adds a signature-time-stamp over the signature value
// of signer number signer (CAdES-T; RFC 3161 Appendix A). hashOID is the
// stamp's hash (nil: Streebog-256).
func AddSignatureTimestamp(der []byte, signer int, hashOID asn1.ObjectIdentifier, stamper Stamper) ([]byte, error) {
	c, err := splitCMS(der)
	if err != nil {
		return nil, err
	}
	fields, _, err := c.signer(signer)
	if err != nil {
		return nil, err
	}
	sig, err := signatureValue(fields)
	if err != nil {
		return nil, err
	}
	attr, err := stamp(stamper, oid.SignatureTimeStampToken, sig, hashOID)
	if err != nil {
		return nil, err
	}
	return AddUnsignedAttributes(der, signer, attr)
}

// LongTermValues is the validation data added by AddXLongType1.
type LongTermValues struct {
	// Certificates are DER certificates: the path of the signer
	// certificate (referenced and embedded in certificate-values).
	Certificates [][]byte
	// CRLs are DER CertificateLists, OCSP DER BasicOCSPResponses.
	CRLs, OCSP [][]byte
	// HashOID hashes the references (nil: Streebog-256).
	HashOID asn1.ObjectIdentifier
}

// AddXLongType1 extends a CAdES-T signer to CAdES-X Long Type 1: it adds
// complete-certificate-references (an OtherCertID with issuerSerial per
// certificate), complete-revocation-references (one CrlOcspRef naming every
// CRL and OCSP response, or an empty one when there are none),
// certificate-values, revocation-values and then a CAdES-C-time-stamp over
// the signature value and the contents (attrType and attrValues) of the
// signature-time-stamp and the two reference attributes (ETSI TS 101 733
// §6.3.5). stampHash is the hash of that stamp (nil: Streebog-256).
func AddXLongType1(der []byte, signer int, v LongTermValues, stampHash asn1.ObjectIdentifier, stamper Stamper) ([]byte, error) {
	return addXLong(der, signer, v, stampHash, stamper, oid.EscTimeStamp)
}

// AddXLongType2 is AddXLongType1 with time-stamped-certs-crls-references
// instead of the CAdES-C-time-stamp: the stamp covers the contents of the
// two reference attributes only (ETSI TS 101 733 §6.3.6).
func AddXLongType2(der []byte, signer int, v LongTermValues, stampHash asn1.ObjectIdentifier, stamper Stamper) ([]byte, error) {
	return addXLong(der, signer, v, stampHash, stamper, oid.CertCRLTimestamp)
}

// addXLong adds references, values and a stamp of type kind.
func addXLong(der []byte, signer int, v LongTermValues, stampHash asn1.ObjectIdentifier, stamper Stamper, kind oid.ID) ([]byte, error) {
	c, err := splitCMS(der)
	if err != nil {
		return nil, err
	}
	fields, unsigned, err := c.signer(signer)
	if err != nil {
		return nil, err
	}
	var sigTS [][]byte
	for _, a := range unsigned {
		if oid.SignatureTimeStampToken.Equal(attrType(a)) {
			sigTS = append(sigTS, a)
		}
	}
	if len(sigTS) == 0 {
		return nil, fmt.Errorf("%w: no signature-time-stamp (CAdES-T) to extend", ErrBuild)
	}
	certRefs, err := certificateRefs(v)
	if err != nil {
		return nil, err
	}
	revRefs, err := revocationRefs(v)
	if err != nil {
		return nil, err
	}
	certValues := Attribute(oid.CertValues.OID(), sequenceOf(v.Certificates))
	var rv cryptobyte.Builder
	rv.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		if len(v.CRLs) > 0 {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(sequenceOf(v.CRLs)) })
		}
		if len(v.OCSP) > 0 {
			b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(sequenceOf(v.OCSP)) })
		}
	})
	revValues := Attribute(oid.RevocationValues.OID(), rv.BytesOrPanic())
	sig, err := signatureValue(fields)
	if err != nil {
		return nil, err
	}
	var input []byte
	if kind == oid.EscTimeStamp {
		input = append(input, sig...)
		for _, a := range sigTS {
			input = append(input, attrBody(a)...)
		}
	}
	input = append(append(input, attrBody(certRefs)...), attrBody(revRefs)...)
	esc, err := stamp(stamper, kind, input, stampHash)
	if err != nil {
		return nil, err
	}
	return AddUnsignedAttributes(der, signer, certRefs, revRefs, certValues, revValues, esc)
}

// sequenceOf encodes SEQUENCE OF the DER elements.
func sequenceOf(elems [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, e := range elems {
			b.AddBytes(e)
		}
	})
	return b.BytesOrPanic()
}

// certificateRefs encodes complete-certificate-references for v.
func certificateRefs(v LongTermValues) ([]byte, error) {
	var b cryptobyte.Builder
	var err error
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, cert := range v.Certificates {
			issuer, serial, e := issuerSerial(cert)
			if e != nil {
				err = e
				return
			}
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				if e := otherHash(b, v.HashOID, cert); e != nil {
					err = e
				}
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(issuer) })
					})
					b.AddBytes(serial)
				})
			})
		}
	})
	if err != nil {
		return nil, err
	}
	return Attribute(oid.CertificateRefs.OID(), b.BytesOrPanic()), nil
}

// issuerSerial returns the issuer Name and serialNumber INTEGER elements of
// a DER certificate.
func issuerSerial(cert []byte) (issuer, serial []byte, err error) {
	s := cryptobyte.String(cert)
	var c, tbs, ser, iss cryptobyte.String
	if !s.ReadASN1(&c, cbasn1.SEQUENCE) || !c.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, nil, fmt.Errorf("%w: not a certificate", ErrBuild)
	}
	tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	if !tbs.ReadASN1Element(&ser, cbasn1.INTEGER) || !tbs.SkipASN1(cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&iss, cbasn1.SEQUENCE) {
		return nil, nil, fmt.Errorf("%w: not a certificate", ErrBuild)
	}
	return iss, ser, nil
}

// revocationRefs encodes complete-revocation-references for v.
func revocationRefs(v LongTermValues) ([]byte, error) {
	var b cryptobyte.Builder
	var err error
	fail := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			if len(v.CRLs) > 0 {
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							for _, crl := range v.CRLs {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									fail(otherHash(b, v.HashOID, crl))
									issuer, issued, e := crlIdentifier(crl)
									fail(e)
									b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
										b.AddBytes(issuer)
										b.AddASN1UTCTime(issued)
									})
								})
							}
						})
					})
				})
			}
			if len(v.OCSP) > 0 {
				b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							for _, resp := range v.OCSP {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									rid, produced, e := ocspIdentifier(resp)
									fail(e)
									b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
										b.AddBytes(rid)
										b.AddBytes(produced)
									})
									fail(otherHash(b, v.HashOID, resp))
								})
							}
						})
					})
				})
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return Attribute(oid.RevocationRefs.OID(), b.BytesOrPanic()), nil
}

// crlIdentifier returns the issuer Name element and thisUpdate of a DER
// CRL.
func crlIdentifier(crl []byte) ([]byte, time.Time, error) {
	s := cryptobyte.String(crl)
	var c, tbs, iss cryptobyte.String
	var t time.Time
	if !s.ReadASN1(&c, cbasn1.SEQUENCE) || !c.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, t, fmt.Errorf("%w: not a CRL", ErrBuild)
	}
	tbs.SkipOptionalASN1(cbasn1.INTEGER)
	if !tbs.SkipASN1(cbasn1.SEQUENCE) || !tbs.ReadASN1Element(&iss, cbasn1.SEQUENCE) {
		return nil, t, fmt.Errorf("%w: not a CRL", ErrBuild)
	}
	ok := false
	if tbs.PeekASN1Tag(cbasn1.UTCTime) {
		ok = tbs.ReadASN1UTCTime(&t)
	} else {
		ok = tbs.ReadASN1GeneralizedTime(&t)
	}
	if !ok {
		return nil, t, fmt.Errorf("%w: CRL thisUpdate", ErrBuild)
	}
	return iss, t, nil
}

// ocspIdentifier returns the responderID and producedAt elements of a DER
// BasicOCSPResponse.
func ocspIdentifier(resp []byte) (rid, produced []byte, err error) {
	s := cryptobyte.String(resp)
	var basic, tbs, r, p cryptobyte.String
	if !s.ReadASN1(&basic, cbasn1.SEQUENCE) || !basic.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, nil, fmt.Errorf("%w: not a BasicOCSPResponse", ErrBuild)
	}
	tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	if !tbs.ReadAnyASN1Element(&r, nil) || !tbs.ReadASN1Element(&p, cbasn1.GeneralizedTime) {
		return nil, nil, fmt.Errorf("%w: not a BasicOCSPResponse", ErrBuild)
	}
	return r, p, nil
}

// AddArchiveTimestampV2 adds an archive-time-stamp (id-aa-ets-
// archiveTimestampV2) to signer number signer (CAdES-A). The stamped data
// is the encapContentInfo element, content when the signature is detached,
// the certificates and crls elements, the SignerInfo fields version to
// signature and every unsigned attribute already present, in their
// encoding (ETSI TS 101 733 §6.4.1). The new attribute is appended last.
func AddArchiveTimestampV2(der []byte, signer int, content []byte, hashOID asn1.ObjectIdentifier, stamper Stamper) ([]byte, error) {
	c, err := splitCMS(der)
	if err != nil {
		return nil, err
	}
	fields, unsigned, err := c.signer(signer)
	if err != nil {
		return nil, err
	}
	encap := c.field(cbasn1.SEQUENCE)
	input := append([]byte{}, encap...)
	if detached(encap) {
		input = append(input, content...)
	}
	input = append(input, c.field(cbasn1.Tag(0).Constructed().ContextSpecific())...)
	input = append(input, c.field(cbasn1.Tag(1).Constructed().ContextSpecific())...)
	for _, f := range append(fields, unsigned...) {
		input = append(input, f...)
	}
	attr, err := stamp(stamper, oid.ArchiveTimestampV2, input, hashOID)
	if err != nil {
		return nil, err
	}
	return AddUnsignedAttributes(der, signer, attr)
}

// detached reports whether an encapContentInfo element lacks eContent.
func detached(encap []byte) bool { return len(items(encap)) == 1 }

// AddArchiveTimestampV3 adds an archive-time-stamp-v3 to signer number
// signer (ETSI EN 319 122-1 §5.5.3). It builds the ats-hash-index-v3 (hashes
// of every certificate, every crls entry, and attrType‖value of every value
// of every unsigned attribute, under hashOID, nil meaning Streebog-256),
// stamps the eContentType element, the hash of the content (eContent, or
// content when detached), the SignerInfo fields version to signature and
// that index, then writes the index as the unsigned attribute of the
// token's signer and appends the token.
func AddArchiveTimestampV3(der []byte, signer int, content []byte, hashOID asn1.ObjectIdentifier, stamper Stamper) ([]byte, error) {
	_, hashOID, err := newHash(hashOID)
	if err != nil {
		return nil, err
	}
	c, err := splitCMS(der)
	if err != nil {
		return nil, err
	}
	fields, unsigned, err := c.signer(signer)
	if err != nil {
		return nil, err
	}
	encap := items(c.field(cbasn1.SEQUENCE))
	if len(encap) == 2 {
		explicit := items(encap[1])
		s := cryptobyte.String(explicit[0])
		var octets cryptobyte.String
		if !s.ReadASN1(&octets, cbasn1.OCTET_STRING) {
			return nil, fmt.Errorf("%w: eContent", ErrBuild)
		}
		content = octets
	}
	index, err := hashIndexV3(c, unsigned, hashOID)
	if err != nil {
		return nil, err
	}
	contentHash, err := sum(hashOID, content)
	if err != nil {
		return nil, err
	}
	input := append(append([]byte{}, encap[0]...), contentHash...)
	for _, f := range fields {
		input = append(input, f...)
	}
	input = append(input, index...)
	tok, err := stamper(input, hashOID)
	if err != nil {
		return nil, fmt.Errorf("%w: stamper: %w", ErrBuild, err)
	}
	tok, err = AddUnsignedAttributes(tok, 0, Attribute(oid.ATSHashIndexV3.OID(), index))
	if err != nil {
		return nil, err
	}
	return AddUnsignedAttributes(der, signer, Attribute(oid.ArchiveTimestampV3.OID(), tok))
}

// hashIndexV3 encodes an ATSHashIndexV3 of the signature as it is.
func hashIndexV3(c *cms, unsigned [][]byte, hashOID asn1.ObjectIdentifier) ([]byte, error) {
	var lists [3][][]byte
	lists[0] = items(c.field(cbasn1.Tag(0).Constructed().ContextSpecific()))
	lists[1] = items(c.field(cbasn1.Tag(1).Constructed().ContextSpecific()))
	for _, a := range unsigned {
		body := cryptobyte.String(attrBody(a))
		var typ, set cryptobyte.String
		if !body.ReadASN1Element(&typ, cbasn1.OBJECT_IDENTIFIER) || !body.ReadASN1Element(&set, cbasn1.SET) {
			return nil, fmt.Errorf("%w: malformed unsigned attribute", ErrBuild)
		}
		for _, v := range items(set) {
			lists[2] = append(lists[2], append(append([]byte{}, typ...), v...))
		}
	}
	var b cryptobyte.Builder
	var err error
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		algorithm(b, hashOID)
		for _, l := range lists {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, e := range l {
					h, e := sum(hashOID, e)
					if e != nil {
						err = e
						return
					}
					b.AddASN1OctetString(h)
				}
			})
		}
	})
	if err != nil {
		return nil, err
	}
	return b.BytesOrPanic(), nil
}
