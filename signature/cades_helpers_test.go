package signature_test

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"hash"
	"math/big"
	mrand "math/rand/v2"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature"
)

// ltPKI is a deterministic root → CA → signer PKI with a time-stamping
// authority under the CA, a CRL of the CA and the signer's detached and
// attached CAdES-BES signatures.
type ltPKI struct {
	root, ca, ee, tsa *certificate.Certificate
	caKey, eeKey      *certificate.GOSTPrivateKey
	tsaKey            *certificate.GOSTPrivateKey
	crl               *certificate.CRL
	mu                sync.Mutex
	serial            int64
}

var (
	ltOnce sync.Once
	ltP    *ltPKI
	ltErr  error
)

var ltFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// ltContent is the signed document of the long-term tests.
var ltContent = []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Документ>Медицинское свидетельство</Документ>\n")

func newLTPKI() (*ltPKI, error) {
	ltOnce.Do(func() {
		rnd := mrand.NewChaCha8([32]byte{'c', 'a', 'd', 'e', 's'})
		ids := mrand.New(mrand.NewPCG(7, 11))
		p := &ltPKI{}
		keys := make([]*certificate.GOSTPrivateKey, 4)
		for i := range keys {
			if keys[i], ltErr = certtest.GenerateKey("CryptoPro-XchA", rnd); ltErr != nil {
				return
			}
		}
		rootKey := keys[0]
		p.caKey, p.eeKey, p.tsaKey = keys[1], keys[2], keys[3]
		mk := func(preset certtest.Preset, issuer *certificate.Certificate, issuerKey, key *certificate.GOSTPrivateKey) *certificate.Certificate {
			if ltErr != nil {
				return nil
			}
			var c *certificate.Certificate
			c, ltErr = certtest.Create(certtest.NewTemplate(preset, ids, ltFrom.AddDate(-1, 0, 0)), issuer, issuerKey, key.Public(), rnd)
			return c
		}
		p.root = mk(certtest.PresetRoot, nil, rootKey, rootKey)
		p.ca = mk(certtest.PresetCA, p.root, rootKey, p.caKey)
		p.ee = mk(certtest.PresetLegalEntityHead, p.ca, p.caKey, p.eeKey)
		p.tsa = mk(certtest.PresetPerson, p.ca, p.caKey, p.tsaKey)
		if ltErr != nil {
			return
		}
		p.crl, ltErr = certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(5), ThisUpdate: ltFrom, NextUpdate: ltFrom.AddDate(0, 0, 7)}, p.ca, p.caKey, rnd)
		ltP = p
	})
	return ltP, ltErr
}

// sign makes a CAdES-BES signature of ltContent by the signer.
func (p *ltPKI) sign(attached bool) ([]byte, error) {
	return signature.Sign(ltContent, p.ee, p.eeKey, signature.SignOptions{
		Attached: attached, Time: ltFrom.Add(time.Hour), Rand: mrand.NewChaCha8([32]byte{3}), Chain: []*certificate.Certificate{p.ca}})
}

// hashFor returns the hash of a digest OID the test stamper supports.
func hashFor(o asn1.ObjectIdentifier) (hash.Hash, error) {
	switch {
	case oid.Streebog256.Equal(o):
		return streebog.New256(), nil
	case oid.Streebog512.Equal(o):
		return streebog.New512(), nil
	case oid.SHA256.Equal(o):
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("test stamper: hash %s not supported", o)
}

// stamp is an RFC 3161 time-stamping authority for tests: it returns a
// TimeStampToken over hash(data) signed by the TSA key with signed
// attributes contentType and messageDigest (GOST R 34.10-2012 with
// Streebog-256). Tokens are deterministic.
func (p *ltPKI) stamp(data []byte, hashOID asn1.ObjectIdentifier) ([]byte, error) {
	h, err := hashFor(hashOID)
	if err != nil {
		return nil, err
	}
	h.Write(data)
	return p.stampImprint(h.Sum(nil), hashOID)
}

// stampImprint makes a token carrying the given imprint.
func (p *ltPKI) stampImprint(imprint []byte, hashOID asn1.ObjectIdentifier) ([]byte, error) {
	p.mu.Lock()
	p.serial++
	serial := p.serial
	p.mu.Unlock()
	genTime := ltFrom.Add(time.Duration(serial) * time.Minute)
	var info cryptobyte.Builder
	info.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 643, 2, 2, 38, 4})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hashOID) })
			b.AddASN1OctetString(imprint)
		})
		b.AddASN1Int64(serial)
		b.AddASN1GeneralizedTime(genTime)
	})
	tstInfo := info.BytesOrPanic()
	md := streebog.Sum256(tstInfo)
	attr := func(typ oid.ID, value func(*cryptobyte.Builder)) []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(typ.OID())
			b.AddASN1(cbasn1.SET, value)
		})
		return b.BytesOrPanic()
	}
	attrs := [][]byte{
		attr(oid.ContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.TSTInfo.OID()) }),
		attr(oid.MessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(md[:]) }),
	}
	if bytes.Compare(attrs[0], attrs[1]) > 0 {
		attrs[0], attrs[1] = attrs[1], attrs[0]
	}
	var set cryptobyte.Builder
	set.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrs[0]); b.AddBytes(attrs[1]) })
	signed := set.BytesOrPanic()
	d := streebog.Sum256(signed)
	sig, err := p.tsaKey.Sign(mrand.NewChaCha8([32]byte{byte(serial)}), d[:], nil)
	if err != nil {
		return nil, err
	}
	alg := func(b *cryptobyte.Builder, o oid.ID) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(o.OID()) })
	}
	var tok cryptobyte.Builder
	tok.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.SignedData.OID())
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(3)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { alg(b, oid.Streebog256) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid.TSTInfo.OID())
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(tstInfo) })
				})
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(p.tsa.Raw) })
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(p.tsa.RawIssuer)
							b.AddASN1BigInt(p.tsa.SerialNumber)
						})
						alg(b, oid.Streebog256)
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(signed[2:]) })
						alg(b, oid.Gost2012Key256)
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	return tok.Bytes()
}

// tstInfo is the part of a TSTInfo (RFC 3161 §2.4.2) the tests read, with
// encoding/asn1 rather than the package's own reader.
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	SerialNumber *big.Int
	GenTime      time.Time `asn1:"generalized"`
}

// imprintOf returns the hash algorithm and messageImprint of a token.
func imprintOf(token []byte) (asn1.ObjectIdentifier, []byte, error) {
	tsd, err := signature.Parse(token)
	if err != nil {
		return nil, nil, err
	}
	var ti tstInfo
	if rest, err := asn1.Unmarshal(tsd.Content, &ti); err != nil || len(rest) > 0 {
		return nil, nil, fmt.Errorf("TSTInfo: %v", err)
	}
	return ti.MessageImprint.HashAlgorithm.Algorithm, ti.MessageImprint.HashedMessage, nil
}

// stampedOK reports whether the token's imprint is the hash of data.
func stampedOK(token, data []byte) (bool, error) {
	alg, want, err := imprintOf(token)
	if err != nil {
		return false, err
	}
	h, err := hashFor(alg)
	if err != nil {
		return false, err
	}
	h.Write(data)
	return bytes.Equal(h.Sum(nil), want), nil
}

// basicOCSP builds the structure of a BasicOCSPResponse (RFC 6960 §4.2.1)
// with a byName responder, one good SingleResponse for serial and a
// placeholder signature: the long-term functions keep OCSP responses as
// DER and do not verify them.
func basicOCSP(responder []byte, serial *big.Int, at time.Time) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(responder) })
			b.AddASN1GeneralizedTime(at)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.Streebog256.OID()) })
						b.AddASN1OctetString(make([]byte, 32))
						b.AddASN1OctetString(make([]byte, 32))
						b.AddASN1BigInt(serial)
					})
					b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(*cryptobyte.Builder) {})
					b.AddASN1GeneralizedTime(at)
				})
			})
		})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.SignWithDigest256.OID()) })
		b.AddASN1BitString(make([]byte, 64))
	})
	return b.BytesOrPanic()
}
