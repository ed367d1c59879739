package signature

import (
	"bytes"
	"crypto"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/oid"
)

// SignOptions configures Sign. The zero value makes a detached CAdES-BES
// signature in DER, with issuerAndSerialNumber, the signer certificate
// embedded and signingTime = now.
type SignOptions struct {
	// Attached embeds the content (eContent); the default is detached.
	Attached bool
	// Time is the signingTime; zero means time.Now().
	Time time.Time
	// Rand supplies the signature nonce; nil means crypto/rand. A seeded
	// reader makes the output deterministic.
	Rand io.Reader
	// SubjectKeyID identifies the signer by [0] subjectKeyIdentifier
	// (SignerInfo and SignedData version 3) instead of issuer and serial.
	SubjectKeyID bool
	// Chain lists further certificates to embed after the signer's.
	Chain []*certificate.Certificate
	// OmitCertificate leaves the signer certificate out.
	OmitCertificate bool
	// NoSignedAttributes signs the content directly, without signed
	// attributes (plain CMS, not CAdES-BES; for interoperability tests).
	NoSignedAttributes bool
	// SignWithDigestOID writes signatureAlgorithm as
	// id-tc26-signwithdigest-gost3410-12-256/512 instead of the key OID
	// (CryptoPro and gost-engine write the key OID).
	SignWithDigestOID bool
	// NullParams writes NULL algorithm parameters (OpenSSL style) instead of
	// leaving them absent (CryptoPro style).
	NullParams bool
	// PEM armours the output as "-----BEGIN CMS-----".
	PEM bool
}

// Errors of Sign.
var (
	// ErrSignerKey: the key does not match the certificate, is not a GOST
	// key, or the certificate has no usable GOST key.
	ErrSignerKey = errors.New("signature: signer key does not match the certificate")
	// ErrSignerCertificate: the certificate lacks what the options need
	// (a subjectKeyIdentifier for SubjectKeyID).
	ErrSignerCertificate = errors.New("signature: unusable signer certificate")
)

// Sign makes a CMS SignedData over content with the GOST key of cert: by
// default a detached CAdES-BES signature with the signed attributes
// contentType, signingTime, messageDigest and signingCertificateV2
// (Streebog-256 certHash with issuerSerial), sorted as DER requires. key
// must implement crypto.Signer over raw Streebog digests (as
// *certificate.GOSTPrivateKey does) and match the certificate key.
func Sign(content []byte, cert *certificate.Certificate, key crypto.Signer, opts SignOptions) ([]byte, error) {
	return sign(content, cert, key, opts, derSet)
}

// derSet sorts the attributes and encodes them as a DER SET OF.
func derSet(list [][]byte) []byte {
	sort.Slice(list, func(i, j int) bool { return bytes.Compare(list[i], list[j]) < 0 })
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range list {
			b.AddBytes(a)
		}
	})
	return b.BytesOrPanic()
}

// sign is Sign with the encoding of the signed-attribute SET (tag 0x31)
// chosen by encodeAttrs, so that tests can make unusual encodings.
func sign(content []byte, cert *certificate.Certificate, key crypto.Signer, opts SignOptions, encodeAttrs func([][]byte) []byte) ([]byte, error) {
	if cert == nil || key == nil {
		return nil, fmt.Errorf("%w: nil certificate or key", ErrSignerKey)
	}
	pub, err := cert.GOSTKey()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignerKey, err)
	}
	if !pub.Equal(key.Public()) {
		return nil, ErrSignerKey
	}
	if opts.SubjectKeyID && len(cert.SubjectKeyID) == 0 {
		return nil, fmt.Errorf("%w: no subjectKeyIdentifier", ErrSignerCertificate)
	}
	bits := pub.Bits()
	digestOID, sigOID := oid.Streebog256, oid.Gost2012Key256
	if bits == 512 {
		digestOID, sigOID = oid.Streebog512, oid.Gost2012Key512
	}
	if opts.SignWithDigestOID {
		sigOID = oid.SignWithDigest256
		if bits == 512 {
			sigOID = oid.SignWithDigest512
		}
	}
	t := opts.Time
	if t.IsZero() {
		t = time.Now()
	}

	var signedAttrs []byte // DER of the SET OF (tag 0x31)
	var toSign []byte
	if opts.NoSignedAttributes {
		toSign = content
	} else {
		list, err := buildSignedAttrs(content, cert, bits, t)
		if err != nil {
			return nil, err
		}
		signedAttrs = encodeAttrs(list)
		toSign = signedAttrs
	}
	sig, err := key.Sign(opts.Rand, streebogSum(bits, toSign), nil)
	if err != nil {
		return nil, fmt.Errorf("signature: signing: %w", err)
	}

	version := 1
	if opts.SubjectKeyID {
		version = 3
	}
	certs := []*certificate.Certificate{}
	if !opts.OmitCertificate {
		certs = append(certs, cert)
	}
	certs = append(certs, opts.Chain...)

	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.SignedData.OID())
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(int64(version))
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					addAlgorithm(b, digestOID.OID(), opts.NullParams)
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid.Data.OID())
					if opts.Attached {
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1OctetString(content)
						})
					}
				})
				if len(certs) > 0 {
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						for _, c := range certs {
							b.AddBytes(c.Raw)
						}
					})
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1Int64(int64(version))
						if opts.SubjectKeyID {
							b.AddASN1(tagSID, func(b *cryptobyte.Builder) { b.AddBytes(cert.SubjectKeyID) })
						} else {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddBytes(cert.RawIssuer)
								b.AddASN1BigInt(cert.SerialNumber)
							})
						}
						addAlgorithm(b, digestOID.OID(), opts.NullParams)
						if signedAttrs != nil {
							// The signed bytes, tag [0] IMPLICIT, copied verbatim.
							b.AddBytes([]byte{0xa0})
							b.AddBytes(signedAttrs[1:])
						}
						addAlgorithm(b, sigOID.OID(), opts.NullParams)
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signature: encoding: %w", err)
	}
	if opts.PEM {
		return pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: out}), nil
	}
	return out, nil
}

func addAlgorithm(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, null bool) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if null {
			b.AddASN1NULL()
		}
	})
}

// buildSignedAttrs returns the DER encodings of the CAdES-BES signed
// attributes.
func buildSignedAttrs(content []byte, cert *certificate.Certificate, bits int, t time.Time) ([][]byte, error) {
	attr := func(oid asn1.ObjectIdentifier, value func(b *cryptobyte.Builder)) ([]byte, error) {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
		return b.Bytes()
	}
	var list [][]byte
	add := func(oid asn1.ObjectIdentifier, value func(b *cryptobyte.Builder)) error {
		a, err := attr(oid, value)
		if err != nil {
			return fmt.Errorf("signature: encoding attribute %s: %w", oid, err)
		}
		list = append(list, a)
		return nil
	}
	if err := add(oid.ContentType.OID(), func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.Data.OID()) }); err != nil {
		return nil, err
	}
	if err := add(oid.SigningTime.OID(), func(b *cryptobyte.Builder) {
		u := t.UTC().Truncate(time.Second)
		if u.Year() >= 1950 && u.Year() < 2050 {
			b.AddASN1UTCTime(u)
		} else {
			b.AddASN1GeneralizedTime(u)
		}
	}); err != nil {
		return nil, err
	}
	if err := add(oid.MessageDigest.OID(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(streebogSum(bits, content)) }); err != nil {
		return nil, err
	}
	if err := add(oid.SigningCertificateV2.OID(), func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2
					addAlgorithm(b, oid.Streebog256.OID(), false)
					b.AddASN1OctetString(streebogSum(256, cert.Raw))
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
							b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
								b.AddBytes(cert.RawIssuer)
							})
						})
						b.AddASN1BigInt(cert.SerialNumber)
					})
				})
			})
		})
	}); err != nil {
		return nil, err
	}
	return list, nil
}
