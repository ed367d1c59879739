package certtest

import (
	"crypto"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/oid"
)

// CRLTemplate describes a CRL for CreateCRL.
type CRLTemplate struct {
	// Number is the cRLNumber; nil omits it.
	Number *big.Int
	// ThisUpdate and NextUpdate; a zero NextUpdate omits it.
	ThisUpdate, NextUpdate time.Time
	// Revoked lists the entries; Reason is written when HasReason.
	Revoked []certificate.RevokedEntry
	// OmitAuthorityKeyID leaves authorityKeyIdentifier out.
	OmitAuthorityKeyID bool
	// SignatureParamsNULL writes NULL algorithm parameters.
	SignatureParamsNULL bool
	// ExtraExtensions are appended to the CRL extensions as given (for
	// negative tests).
	ExtraExtensions []Extension
}

// CreateCRL builds and signs a v2 CRL of issuer with issuerKey (a GOST
// crypto.Signer matching issuer's key). The output depends only on the
// inputs and the bytes read from rand (the signature nonce), so a seeded
// reader makes it reproducible. The CRL returned has been through
// certificate.ParseCRL. A key that is not a GOST key gives an error matching
// certificate.ErrNotGOSTKey.
func CreateCRL(t *CRLTemplate, issuer *certificate.Certificate, issuerKey crypto.Signer, rand io.Reader) (*certificate.CRL, error) {
	if t == nil || issuer == nil || rand == nil {
		return nil, errors.New("certtest: CreateCRL needs a template, an issuer and a random source")
	}
	pub, err := gostSigner(issuerKey)
	if err != nil {
		return nil, err
	}
	if !issuerKeyIs(issuer, pub) {
		return nil, errors.New("certtest: issuerKey does not match the issuer certificate's public key")
	}
	sigAlg := signatureAlgorithm(pub)
	var exts []Extension
	if !t.OmitAuthorityKeyID {
		id := issuer.SubjectKeyID
		if id == nil {
			if id, err = keyID(pub); err != nil {
				return nil, err
			}
		}
		exts = append(exts, Extension{OID: oid.ExtAuthorityKeyID.OID(), Value: encodeAKI(id, nil, nil)})
	}
	if t.Number != nil {
		v, err := der(func(b *cryptobyte.Builder) { b.AddASN1BigInt(t.Number) })
		if err != nil {
			return nil, err
		}
		exts = append(exts, Extension{OID: oid.ExtCRLNumber.OID(), Value: v})
	}
	exts = append(exts, t.ExtraExtensions...)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		addAlgorithm(b, sigAlg, t.SignatureParamsNULL)
		b.AddBytes(issuer.RawSubject)
		addTime(b, t.ThisUpdate)
		if !t.NextUpdate.IsZero() {
			addTime(b, t.NextUpdate)
		}
		if len(t.Revoked) > 0 {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, e := range t.Revoked {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						if e.SerialNumber == nil {
							b.SetError(errors.New("certtest: CRL entry without serial number"))
							return
						}
						b.AddASN1BigInt(e.SerialNumber)
						addTime(b, e.RevocationTime)
						if e.HasReason {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								v, _ := der(func(b *cryptobyte.Builder) {
									b.AddASN1(cbasn1.ENUM, func(b *cryptobyte.Builder) { b.AddUint8(uint8(e.Reason)) })
								})
								addExtension(b, Extension{OID: oid.ExtReasonCode.OID(), Value: v})
							})
						}
					})
				}
			})
		}
		if len(exts) > 0 {
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, e := range exts {
						addExtension(b, e)
					}
				})
			})
		}
	})
	tbs, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding TBSCertList: %w", err)
	}
	sig, err := signDigestOf(issuerKey, pub, tbs, rand)
	if err != nil {
		return nil, err
	}
	out, err := der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(tbs)
			addAlgorithm(b, sigAlg, t.SignatureParamsNULL)
			b.AddASN1BitString(sig)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding CRL: %w", err)
	}
	return certificate.ParseCRL(out)
}
