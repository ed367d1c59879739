package certtest

import (
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
)

// CertIDHash selects the hash of the OCSP CertIDs CreateOCSPResponse
// writes.
type CertIDHash int

// The CertID hashes.
const (
	// CertIDSHA1 is SHA-1, what CryptoPro and OpenSSL clients ask with by
	// default (the zero value).
	CertIDSHA1 CertIDHash = iota
	// CertIDSHA256 is SHA-256.
	CertIDSHA256
	// CertIDStreebog256 is Streebog-256, what CryptoPro responders answer
	// with in CAdES-X Long signatures.
	CertIDStreebog256
	// CertIDStreebog512 is Streebog-512.
	CertIDStreebog512
)

// OCSPTemplate describes an OCSP response for CreateOCSPResponse.
type OCSPTemplate struct {
	// ProducedAt is when the responder signed.
	ProducedAt time.Time
	// Responses are the single responses, in order; at least one.
	Responses []OCSPEntry
	// ResponderByKey identifies the responder by the SHA-1 hash of its
	// public key (ResponderID byKey) instead of by its subject name.
	ResponderByKey bool
	// Certificates are embedded in the response (certs), usually the
	// responder's own certificate.
	Certificates []*certificate.Certificate
	// CertIDHash is the hash of the CertIDs, SHA-1 by default.
	CertIDHash CertIDHash
	// Nonce, when not nil, is written as the id-pkix-ocsp-nonce response
	// extension (an OCTET STRING holding the nonce).
	Nonce []byte
	// SignatureParamsNULL writes NULL signature algorithm parameters.
	SignatureParamsNULL bool
}

// OCSPEntry is one single response of an OCSPTemplate.
type OCSPEntry struct {
	// Certificate is the certificate the status is about; Issuer is its
	// issuer, whose name and key the CertID hashes.
	Certificate, Issuer *certificate.Certificate
	// Status is good, revoked or unknown.
	Status certificate.OCSPStatus
	// RevocationTime and Reason (written when HasReason) of a revoked
	// certificate.
	RevocationTime time.Time
	Reason         certificate.RevocationReason
	HasReason      bool
	// ThisUpdate and NextUpdate; a zero NextUpdate omits it (as CryptoPro
	// responders do).
	ThisUpdate, NextUpdate time.Time
}

// CreateOCSPResponse builds a successful OCSPResponse (RFC 6960 §4.2.1)
// with a BasicOCSPResponse signed by responderKey, the GOST key of
// responder (the CA itself or a delegated responder: see
// PresetOCSPResponder). The output depends only on the inputs and the bytes
// read from rand, so a seeded reader makes it reproducible. It is DER;
// certificate.ParseOCSPResponse(out).Raw is the BasicOCSPResponse that
// CAdES revocationValues hold. A key that is not a GOST key gives an error
// matching certificate.ErrNotGOSTKey.
func CreateOCSPResponse(t *OCSPTemplate, responder *certificate.Certificate, responderKey crypto.Signer, rand io.Reader) ([]byte, error) {
	if t == nil || responder == nil || rand == nil {
		return nil, errors.New("certtest: CreateOCSPResponse needs a template, a responder and a random source")
	}
	if len(t.Responses) == 0 {
		return nil, errors.New("certtest: an OCSP response needs at least one single response")
	}
	pub, err := gostSigner(responderKey)
	if err != nil {
		return nil, err
	}
	if !issuerKeyIs(responder, pub) {
		return nil, errors.New("certtest: responderKey does not match the responder certificate's public key")
	}
	hashAlg, hash, err := certIDHash(t.CertIDHash)
	if err != nil {
		return nil, err
	}
	sigAlg := signatureAlgorithm(pub)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		if t.ResponderByKey {
			bits, err := keyBits(responder)
			if err != nil {
				b.SetError(err)
				return
			}
			sum := sha1.Sum(bits)
			b.AddASN1(cbasn1.Tag(2).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(sum[:]) })
		} else {
			b.AddASN1(cbasn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddBytes(responder.RawSubject) })
		}
		b.AddASN1GeneralizedTime(t.ProducedAt.UTC().Truncate(time.Second))
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for i, e := range t.Responses {
				if err := addSingleResponse(b, &e, hashAlg, hash); err != nil {
					b.SetError(fmt.Errorf("certtest: single response %d: %w", i+1, err))
					return
				}
			}
		})
		if t.Nonce != nil {
			b.AddASN1(cbasn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					v, err := der(func(b *cryptobyte.Builder) { b.AddASN1OctetString(t.Nonce) })
					if err != nil {
						b.SetError(err)
						return
					}
					addExtension(b, Extension{OID: oid.OCSPNonce.OID(), Value: v})
				})
			})
		}
	})
	tbs, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding ResponseData: %w", err)
	}
	sig, err := signDigestOf(responderKey, pub, tbs, rand)
	if err != nil {
		return nil, err
	}
	basic, err := der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(tbs)
			addAlgorithm(b, sigAlg, t.SignatureParamsNULL)
			b.AddASN1BitString(sig)
			if len(t.Certificates) > 0 {
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						for _, c := range t.Certificates {
							b.AddBytes(c.Raw)
						}
					})
				})
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding BasicOCSPResponse: %w", err)
	}
	return der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Enum(0) // successful
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid.OCSPBasic.OID())
					b.AddASN1OctetString(basic)
				})
			})
		})
	})
}

// addSingleResponse writes one SingleResponse.
func addSingleResponse(b *cryptobyte.Builder, e *OCSPEntry, hashAlg asn1.ObjectIdentifier, hash func([]byte) []byte) error {
	if e.Certificate == nil || e.Issuer == nil {
		return errors.New("entry without certificate or issuer")
	}
	bits, err := keyBits(e.Issuer)
	if err != nil {
		return err
	}
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(hashAlg)
				b.AddASN1NULL()
			})
			b.AddASN1OctetString(hash(e.Certificate.RawIssuer))
			b.AddASN1OctetString(hash(bits))
			b.AddASN1BigInt(e.Certificate.SerialNumber)
		})
		switch e.Status {
		case certificate.OCSPGood:
			b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(*cryptobyte.Builder) {})
		case certificate.OCSPRevoked:
			b.AddASN1(cbasn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1GeneralizedTime(e.RevocationTime.UTC().Truncate(time.Second))
				if e.HasReason {
					b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
						b.AddASN1Enum(int64(e.Reason))
					})
				}
			})
		case certificate.OCSPUnknown:
			b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(*cryptobyte.Builder) {})
		default:
			b.SetError(fmt.Errorf("certtest: status %v", e.Status))
		}
		b.AddASN1GeneralizedTime(e.ThisUpdate.UTC().Truncate(time.Second))
		if !e.NextUpdate.IsZero() {
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1GeneralizedTime(e.NextUpdate.UTC().Truncate(time.Second))
			})
		}
	})
	return nil
}

// certIDHash returns the OID and function of a CertIDHash.
func certIDHash(h CertIDHash) (asn1.ObjectIdentifier, func([]byte) []byte, error) {
	switch h {
	case CertIDSHA1:
		return oid.SHA1.OID(), func(b []byte) []byte { s := sha1.Sum(b); return s[:] }, nil
	case CertIDSHA256:
		return oid.SHA256.OID(), func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }, nil
	case CertIDStreebog256:
		return oid.Streebog256.OID(), func(b []byte) []byte { s := streebog.Sum256(b); return s[:] }, nil
	case CertIDStreebog512:
		return oid.Streebog512.OID(), func(b []byte) []byte { s := streebog.Sum512(b); return s[:] }, nil
	}
	return nil, nil, fmt.Errorf("certtest: CertIDHash(%d) is not defined", int(h))
}

// keyBits returns the value of a certificate's subjectPublicKey BIT STRING.
func keyBits(c *certificate.Certificate) ([]byte, error) {
	s := cryptobyte.String(c.RawSubjectPublicKeyInfo)
	var info cryptobyte.String
	var bits []byte
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.SkipASN1(cbasn1.SEQUENCE) || !info.ReadASN1BitStringAsBytes(&bits) {
		return nil, fmt.Errorf("certtest: cannot read the public key of %q", c.Subject.String())
	}
	return bits, nil
}
