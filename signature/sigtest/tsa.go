package sigtest

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
)

// Hash is the hash algorithm of a message imprint.
type Hash int

// The hash algorithms a TSA can stamp with.
const (
	// Streebog256 is GOST R 34.11-2012 with a 256-bit result.
	Streebog256 Hash = iota
	// Streebog512 is GOST R 34.11-2012 with a 512-bit result.
	Streebog512
	// SHA256 is SHA-256 (recognised by the verifier, not GOST).
	SHA256
)

// OID returns the hash algorithm's identifier.
func (h Hash) OID() asn1.ObjectIdentifier {
	switch h {
	case Streebog512:
		return oid.Streebog512.OID()
	case SHA256:
		return oid.SHA256.OID()
	}
	return oid.Streebog256.OID()
}

// Sum hashes data.
func (h Hash) Sum(data []byte) []byte {
	switch h {
	case Streebog512:
		d := streebog.Sum512(data)
		return d[:]
	case SHA256:
		d := sha256.Sum256(data)
		return d[:]
	}
	d := streebog.Sum256(data)
	return d[:]
}

// TestPolicy is the TSA policy of the tokens a TSA issues unless Policy
// is set: an OID under the ITU-T example arc 2.999.
var testPolicy = asn1.ObjectIdentifier{2, 999, 3161, 1}

// TSA is a test time-stamping authority. Its fields may be changed
// between calls to make unusual tokens; a TSA is safe for concurrent use
// only while they are not.
type TSA struct {
	// Cert is the TSA certificate, embedded in every token and referenced by
	// its signingCertificateV2 attribute.
	Cert *certificate.Certificate
	// Key signs the tokens; it must be the key of Cert.
	Key crypto.Signer
	// Policy is the TSA policy written to TSTInfo; nil means 2.999.3161.1.
	Policy asn1.ObjectIdentifier
	// Rand supplies the signature nonces; nil means crypto/rand. A seeded
	// reader makes the tokens deterministic.
	Rand io.Reader
	// OmitCertificate leaves the TSA certificate out of the tokens.
	OmitCertificate bool

	mu     sync.Mutex
	serial int64
}

// NewTSA returns a TSA issuing tokens with the GOST key of cert. key must
// implement crypto.Signer over raw Streebog digests (as
// *certificate.GOSTPrivateKey does) and match the certificate's key. The
// certificate is not checked for the TSA profile (a critical
// extKeyUsage with only id-kp-timeStamping), so that tests can make tokens
// with a wrong one; certtest.PresetTSA makes a right one.
func NewTSA(cert *certificate.Certificate, key crypto.Signer) (*TSA, error) {
	if cert == nil || key == nil {
		return nil, errors.New("sigtest: NewTSA needs a certificate and a key")
	}
	pub, err := cert.GOSTKey()
	if err != nil {
		return nil, fmt.Errorf("sigtest: TSA certificate: %w", err)
	}
	if !pub.Equal(key.Public()) {
		return nil, errors.New("sigtest: the key does not match the TSA certificate")
	}
	return &TSA{Cert: cert, Key: key}, nil
}

// Stamp returns the DER of a TimeStampToken over data: a TSTInfo with the
// imprint h(data), the next serial number, genTime (UTC, with its
// milliseconds when not zero) and an accuracy of one second, signed with
// the TSA key (Streebog of the key's size) over the signed attributes
// contentType (id-ct-TSTInfo), messageDigest and signingCertificateV2
// (Streebog-256 certHash with issuerSerial).
func (t *TSA) Stamp(data []byte, genTime time.Time, h Hash) ([]byte, error) {
	t.mu.Lock()
	t.serial++
	serial := t.serial
	t.mu.Unlock()
	info, err := t.tstInfo(h.OID(), h.Sum(data), serial, genTime)
	if err != nil {
		return nil, err
	}
	return t.token(info)
}

// StampSignature stamps the signature value of signer n (from 0) of the
// DER CMS sig with h and returns sig with the token added as its
// signatureTimeStampToken (see [AddSignatureTimestampToken]).
func (t *TSA) StampSignature(sig []byte, signer int, genTime time.Time, h Hash) ([]byte, error) {
	value, err := SignatureValue(sig, signer)
	if err != nil {
		return nil, err
	}
	tok, err := t.Stamp(value, genTime, h)
	if err != nil {
		return nil, err
	}
	return AddSignatureTimestampToken(sig, signer, tok)
}

// Stamper returns a Stamper for the long-term builders (AddXLongType1,
// AddArchiveTimestampV3, …) issuing tokens from t at genTime with the hash
// the builder asks for (Streebog-256, Streebog-512 or SHA-256).
func (t *TSA) Stamper(genTime time.Time) Stamper {
	return func(data []byte, hashOID asn1.ObjectIdentifier) ([]byte, error) {
		for _, h := range []Hash{Streebog256, Streebog512, SHA256} {
			if h.OID().Equal(hashOID) {
				return t.Stamp(data, genTime, h)
			}
		}
		return nil, fmt.Errorf("%w: the test TSA does not stamp with %s", ErrBuild, hashOID)
	}
}

func (t *TSA) tstInfo(hashOID asn1.ObjectIdentifier, imprint []byte, serial int64, genTime time.Time) ([]byte, error) {
	policy := t.Policy
	if policy == nil {
		policy = testPolicy
	}
	gt := genTime.UTC().Truncate(time.Millisecond).Format("20060102150405.999") + "Z"
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1ObjectIdentifier(policy)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hashOID) })
			b.AddASN1OctetString(imprint)
		})
		b.AddASN1BigInt(big.NewInt(serial))
		b.AddASN1(cbasn1.GeneralizedTime, func(b *cryptobyte.Builder) { b.AddBytes([]byte(gt)) })
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(1) })
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: encoding TSTInfo: %w", err)
	}
	return out, nil
}

// token signs info and wraps it in a ContentInfo.
func (t *TSA) token(info []byte) ([]byte, error) {
	pub, err := t.Cert.GOSTKey()
	if err != nil {
		return nil, fmt.Errorf("sigtest: TSA certificate: %w", err)
	}
	bits := pub.Bits()
	digestOID, sigOID := oid.Streebog256, oid.Gost2012Key256
	hash := Streebog256
	if bits == 512 {
		digestOID, sigOID, hash = oid.Streebog512, oid.Gost2012Key512, Streebog512
	}
	attr := func(id oid.ID, value func(b *cryptobyte.Builder)) []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(id.OID())
			b.AddASN1(cbasn1.SET, value)
		})
		out, err := b.Bytes()
		if err != nil {
			return nil
		}
		return out
	}
	list := [][]byte{
		attr(oid.ContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.TSTInfo.OID()) }),
		attr(oid.MessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(hash.Sum(info)) }),
		attr(oid.SigningCertificateV2, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.Streebog256.OID()) })
						b.AddASN1OctetString(Streebog256.Sum(t.Cert.Raw))
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
									b.AddBytes(t.Cert.RawIssuer)
								})
							})
							b.AddASN1BigInt(t.Cert.SerialNumber)
						})
					})
				})
			})
		}),
	}
	for _, a := range list {
		if a == nil {
			return nil, errors.New("sigtest: encoding a signed attribute")
		}
	}
	sort.Slice(list, func(i, j int) bool { return bytes.Compare(list[i], list[j]) < 0 })
	var set cryptobyte.Builder
	set.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range list {
			b.AddBytes(a)
		}
	})
	signed, err := set.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: encoding signed attributes: %w", err)
	}
	rnd := t.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	sig, err := t.Key.Sign(rnd, hash.Sum(signed), nil)
	if err != nil {
		return nil, fmt.Errorf("sigtest: signing the token: %w", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.SignedData.OID())
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(3)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(digestOID.OID()) })
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid.TSTInfo.OID())
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddASN1OctetString(info)
					})
				})
				if !t.OmitCertificate {
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddBytes(t.Cert.Raw)
					})
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(t.Cert.RawIssuer)
							b.AddASN1BigInt(t.Cert.SerialNumber)
						})
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(digestOID.OID()) })
						b.AddBytes([]byte{0xa0})
						b.AddBytes(signed[1:])
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigOID.OID()) })
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: encoding the token: %w", err)
	}
	return out, nil
}
