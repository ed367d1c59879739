package certtest

import (
	"crypto"
	"encoding/asn1"
	"encoding/binary"
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
	exts, err := crlExtensions(t, issuer, pub)
	if err != nil {
		return nil, err
	}
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
	out, err := signCRL(tbs, sigAlg, t.SignatureParamsNULL, issuerKey, pub, rand)
	if err != nil {
		return nil, err
	}
	return certificate.ParseCRL(out)
}

// crlExtensions lists the crlExtensions of t: authorityKeyIdentifier,
// cRLNumber, then t.ExtraExtensions.
func crlExtensions(t *CRLTemplate, issuer *certificate.Certificate, pub *certificate.GOSTPublicKey) ([]Extension, error) {
	var exts []Extension
	if !t.OmitAuthorityKeyID {
		id := issuer.SubjectKeyID
		if id == nil {
			var err error
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
	return append(exts, t.ExtraExtensions...), nil
}

// signCRL signs tbs and wraps it into a CertificateList.
func signCRL(tbs []byte, sigAlg asn1.ObjectIdentifier, null bool, issuerKey crypto.Signer, pub *certificate.GOSTPublicKey, rand io.Reader) ([]byte, error) {
	sig, err := signDigestOf(issuerKey, pub, tbs, rand)
	if err != nil {
		return nil, err
	}
	tail, err := der(func(b *cryptobyte.Builder) {
		addAlgorithm(b, sigAlg, null)
		b.AddASN1BitString(sig)
	})
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding CRL: %w", err)
	}
	out := make([]byte, 0, len(tbs)+len(tail)+6)
	out = appendHeader(out, 0x30, len(tbs)+len(tail))
	return append(append(out, tbs...), tail...), nil
}

// appendHeader appends a DER identifier and length.
func appendHeader(dst []byte, tag byte, n int) []byte {
	dst = append(dst, tag)
	switch {
	case n < 0x80:
		return append(dst, byte(n))
	case n < 1<<8:
		return append(dst, 0x81, byte(n))
	case n < 1<<16:
		return append(dst, 0x82, byte(n>>8), byte(n))
	case n < 1<<24:
		return append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(dst, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// LargeCRL describes a synthetic CRL of many entries for benchmarks and
// memory tests. CreateLargeCRL writes its entries straight into DER, without
// a RevokedEntry per entry, so a million entries take about a second.
type LargeCRL struct {
	// Entries is the number of entries.
	Entries int
	// ThisUpdate and NextUpdate as in CRLTemplate: a zero NextUpdate omits
	// it. The entries are revoked up to three years before ThisUpdate.
	ThisUpdate, NextUpdate time.Time
	// Number is the cRLNumber; nil omits it.
	Number *big.Int
}

// largeReasons are the reason codes CreateLargeCRL cycles through; every
// fourth entry has none.
var largeReasons = [...]certificate.RevocationReason{certificate.ReasonKeyCompromise, certificate.ReasonAffiliationChanged,
	certificate.ReasonSuperseded, certificate.ReasonCessationOfOperation, certificate.ReasonCertificateHold}

// LargeCRLSerial returns the serial number of entry i of a CreateLargeCRL
// list: 128 pseudo-random bits (as CAs issue them), about half with the top
// bit set, so that their DER needs a leading zero octet. Serials differ
// for different i, so LargeCRLSerial(i) with i ≥ Entries is not listed.
func LargeCRLSerial(i int) *big.Int {
	var b [16]byte
	largeSerial(&b, i)
	return new(big.Int).SetBytes(b[:])
}

func largeSerial(b *[16]byte, i int) {
	binary.BigEndian.PutUint64(b[:8], splitmix(uint64(i)))
	binary.BigEndian.PutUint64(b[8:], splitmix(uint64(i)^0x5bd1e9955bd1e995))
}

// splitmix is a bijective 64-bit mixer (SplitMix64's finaliser).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// LargeCRLEntry returns entry i of the list CreateLargeCRL makes from t.
func LargeCRLEntry(t *LargeCRL, i int) certificate.RevokedEntry {
	e := certificate.RevokedEntry{SerialNumber: LargeCRLSerial(i), RevocationTime: largeTime(t, i)}
	if i%4 != 0 {
		e.Reason, e.HasReason = largeReasons[i%len(largeReasons)], true
	}
	return e
}

func largeTime(t *LargeCRL, i int) time.Time {
	const span = 3 * 365 * 24 * 3600
	return t.ThisUpdate.UTC().Truncate(time.Second).Add(-time.Duration((uint64(i)*2654435761)%span) * time.Second)
}

// CreateLargeCRL returns the DER of a v2 CRL of issuer signed with
// issuerKey (as CreateCRL, which see) listing t.Entries entries: entry i
// is LargeCRLEntry(t, i).
func CreateLargeCRL(t *LargeCRL, issuer *certificate.Certificate, issuerKey crypto.Signer, rand io.Reader) ([]byte, error) {
	if t == nil || issuer == nil || rand == nil || t.Entries < 0 {
		return nil, errors.New("certtest: CreateLargeCRL needs a template, an issuer and a random source")
	}
	pub, err := gostSigner(issuerKey)
	if err != nil {
		return nil, err
	}
	if !issuerKeyIs(issuer, pub) {
		return nil, errors.New("certtest: issuerKey does not match the issuer certificate's public key")
	}
	sigAlg := signatureAlgorithm(pub)
	exts, err := crlExtensions(&CRLTemplate{Number: t.Number}, issuer, pub)
	if err != nil {
		return nil, err
	}
	head, err := der(func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		addAlgorithm(b, sigAlg, false)
		b.AddBytes(issuer.RawSubject)
		addTime(b, t.ThisUpdate)
		if !t.NextUpdate.IsZero() {
			addTime(b, t.NextUpdate)
		}
	})
	if err != nil {
		return nil, err
	}
	tail, err := der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, e := range exts {
					addExtension(b, e)
				}
			})
		})
	})
	if err != nil {
		return nil, err
	}
	list := make([]byte, 0, t.Entries*52)
	var serial [16]byte
	for i := range t.Entries {
		largeSerial(&serial, i)
		s := serial[:]
		for len(s) > 1 && s[0] == 0 && s[1]&0x80 == 0 {
			s = s[1:]
		}
		pad := s[0]&0x80 != 0
		tm := largeTime(t, i)
		utc := tm.Year() >= 1950 && tm.Year() < 2050
		ilen := len(s)
		if pad {
			ilen++
		}
		tlen := 15
		if utc {
			tlen = 13
		}
		n := 2 + ilen + 2 + tlen
		if i%4 != 0 {
			n += 14 // SEQUENCE { SEQUENCE { reasonCode, OCTET STRING { ENUMERATED } } }
		}
		list = appendHeader(list, 0x30, n)
		list = appendHeader(list, 0x02, ilen)
		if pad {
			list = append(list, 0)
		}
		list = append(list, s...)
		if utc {
			list = append(list, 0x17, 13)
			list = appendDigits(list, tm.Year()%100)
		} else {
			list = append(list, 0x18, 15)
			list = appendDigits(list, tm.Year()/100)
			list = appendDigits(list, tm.Year()%100)
		}
		list = appendDigits(list, int(tm.Month()))
		list = appendDigits(list, tm.Day())
		list = appendDigits(list, tm.Hour())
		list = appendDigits(list, tm.Minute())
		list = appendDigits(list, tm.Second())
		list = append(list, 'Z')
		if i%4 != 0 {
			list = append(list, 0x30, 12, 0x30, 10, 0x06, 3, 0x55, 0x1d, 0x15, 0x04, 3, 0x0a, 1, byte(largeReasons[i%len(largeReasons)]))
		}
	}
	body := len(head) + len(tail)
	if t.Entries > 0 {
		body += len(appendHeader(nil, 0x30, len(list))) + len(list)
	}
	tbs := make([]byte, 0, body+6)
	tbs = appendHeader(tbs, 0x30, body)
	tbs = append(tbs, head...)
	if t.Entries > 0 {
		tbs = appendHeader(tbs, 0x30, len(list))
		tbs = append(tbs, list...)
	}
	tbs = append(tbs, tail...)
	return signCRL(tbs, sigAlg, false, issuerKey, pub, rand)
}

func appendDigits(dst []byte, v int) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }
