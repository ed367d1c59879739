package sigtest

import (
	"encoding/asn1"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/oid"
)

// ErrNotDER is returned for a signature that is not a DER ContentInfo
// holding a SignedData with the requested signer. BER input (indefinite
// lengths) is refused: rewriting it would change bytes a signer hashed.
var ErrNotDER = errors.New("sigtest: not a DER CMS SignedData")

var (
	tagExplicit0 = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagUnsigned  = cbasn1.Tag(1).Constructed().ContextSpecific()
)

// signerPath is a DER SignedData taken apart down to one SignerInfo.
type signerPath struct {
	sdFields [][]byte // the SignedData fields before signerInfos
	signers  [][]byte // every SignerInfo element
	fields   [][]byte // the fields of the chosen SignerInfo
}

func splitSigner(sig []byte, n int) (*signerPath, error) {
	fail := func(what string) error { return fmt.Errorf("%w: %s", ErrNotDER, what) }
	s := cryptobyte.String(sig)
	var ci, content, sd cryptobyte.String
	var ct cryptobyte.String
	if !s.ReadASN1(&ci, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, fail("ContentInfo is not one DER SEQUENCE")
	}
	if !ci.ReadASN1Element(&ct, cbasn1.OBJECT_IDENTIFIER) || !ci.ReadASN1(&content, tagExplicit0) || !ci.Empty() ||
		!content.ReadASN1(&sd, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, fail("malformed ContentInfo")
	}
	var ctOID asn1.ObjectIdentifier
	if !ct.ReadASN1ObjectIdentifier(&ctOID) || !oid.SignedData.Equal(ctOID) {
		return nil, fail("contentType is not id-signedData")
	}
	p := &signerPath{}
	var last cryptobyte.String
	for !sd.Empty() {
		var el cryptobyte.String
		if !sd.ReadAnyASN1Element(&el, nil) {
			return nil, fail("malformed SignedData field")
		}
		if last != nil {
			p.sdFields = append(p.sdFields, last)
		}
		last = el
	}
	var set cryptobyte.String
	if last == nil || !last.ReadASN1(&set, cbasn1.SET) {
		return nil, fail("no signerInfos SET")
	}
	for !set.Empty() {
		var si cryptobyte.String
		if !set.ReadASN1Element(&si, cbasn1.SEQUENCE) {
			return nil, fail("SignerInfo is not a SEQUENCE")
		}
		p.signers = append(p.signers, si)
	}
	if n < 0 || n >= len(p.signers) {
		return nil, fmt.Errorf("%w: no signer %d among %d", ErrNotDER, n, len(p.signers))
	}
	body := cryptobyte.String(p.signers[n])
	var fields cryptobyte.String
	body.ReadASN1(&fields, cbasn1.SEQUENCE)
	for !fields.Empty() {
		var el cryptobyte.String
		if !fields.ReadAnyASN1Element(&el, nil) {
			return nil, fail("malformed SignerInfo field")
		}
		p.fields = append(p.fields, el)
	}
	if len(p.fields) < 5 {
		return nil, fail("SignerInfo too short")
	}
	return p, nil
}

// SignatureValue returns the octets of the signature field of signer n
// (from 0) of the DER CMS sig: what a signature timestamp covers (ETSI EN
// 319 122-1 §5.3).
func SignatureValue(sig []byte, n int) ([]byte, error) {
	p, err := splitSigner(sig, n)
	if err != nil {
		return nil, err
	}
	for _, f := range p.fields {
		s := cryptobyte.String(f)
		var v cryptobyte.String
		if s.ReadASN1(&v, cbasn1.OCTET_STRING) {
			return append([]byte{}, v...), nil
		}
	}
	return nil, fmt.Errorf("%w: signer %d has no signature OCTET STRING", ErrNotDER, n)
}

// AddSignatureTimestamp returns a copy of the DER CMS sig in which signer
// n (from 0) carries token as an id-aa-signatureTimeStampToken unsigned
// attribute (CAdES-T), after its other unsigned attributes. Every byte of
// the SignerInfo before its unsignedAttrs (identifier, algorithms, signed
// attributes, signature) and every other element is copied unchanged; only
// the lengths of the enclosing elements change. token is added as given,
// so that tests can attach a damaged one.
func AddSignatureTimestamp(sig []byte, n int, token []byte) ([]byte, error) {
	return AddUnsignedAttribute(sig, n, oid.SignatureTimeStampToken.OID(), token)
}

// AddUnsignedAttribute is AddSignatureTimestamp for any attribute type:
// the attribute {attrType, SET {value}} is appended to the unsigned
// attributes of signer n. value must be one DER element.
func AddUnsignedAttribute(sig []byte, n int, attrType asn1.ObjectIdentifier, value []byte) ([]byte, error) {
	p, err := splitSigner(sig, n)
	if err != nil {
		return nil, err
	}
	var existing []byte
	fields := p.fields
	if last := cryptobyte.String(fields[len(fields)-1]); last.PeekASN1Tag(tagUnsigned) {
		var body cryptobyte.String
		last.ReadASN1(&body, tagUnsigned)
		existing = body
		fields = fields[:len(fields)-1]
	}
	var out cryptobyte.Builder
	out.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.SignedData.OID())
		b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, f := range p.sdFields {
					b.AddBytes(f)
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					for i, si := range p.signers {
						if i != n {
							b.AddBytes(si)
							continue
						}
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							for _, f := range fields {
								b.AddBytes(f)
							}
							b.AddASN1(tagUnsigned, func(b *cryptobyte.Builder) {
								b.AddBytes(existing)
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									b.AddASN1ObjectIdentifier(attrType)
									b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(value) })
								})
							})
						})
					}
				})
			})
		})
	})
	res, err := out.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: encoding: %w", err)
	}
	return res, nil
}
