package certificate

import (
	"crypto"
	"encoding/pem"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
)

// GOSTPublicKey is a GOST R 34.10-2012 public key (256- or 512-bit): the
// key of a parsed certificate ([Certificate.GOSTKey]) or the public half of
// a [GOSTPrivateKey]. Its zero value is not a usable key. A GOSTPublicKey is
// immutable and safe for concurrent use. (The name PublicKey is taken by the
// certificate's key description.)
type GOSTPublicKey struct {
	k   *gost3410.PublicKey
	pre *gost3410.PrecomputedKey // nil unless made by Precompute
}

// newGOSTPublicKey wraps k; nil stays nil.
func newGOSTPublicKey(k *gost3410.PublicKey) *GOSTPublicKey {
	if k == nil {
		return nil
	}
	return &GOSTPublicKey{k: k}
}

// Bits returns the key size: 256 or 512 (0 for an unusable key).
func (k *GOSTPublicKey) Bits() int {
	if k == nil || k.k == nil {
		return 0
	}
	return 8 * k.k.Curve().PointSize()
}

// CurveName returns the name of the key's parameter set ("CryptoPro-A",
// "tc26-512-A", …), or "" for an unusable key.
func (k *GOSTPublicKey) CurveName() string {
	if k == nil || k.k == nil {
		return ""
	}
	return k.k.Curve().Name
}

// VerifyDigest checks the signature sig = s‖r (RFC 9215,
// ГОСТ Р 34.10-2012) over digest, the raw Streebog hash of the message: Streebog-256 for a
// 256-bit key, Streebog-512 for a 512-bit key. It returns nil for a valid
// signature and an error otherwise.
func (k *GOSTPublicKey) VerifyDigest(digest, sig []byte) error {
	if k == nil || k.k == nil {
		return ErrNotGOSTKey
	}
	if k.pre != nil {
		return k.pre.VerifyDigest(digest, sig)
	}
	return k.k.VerifyDigest(digest, sig)
}

// Precompute returns the same key prepared for many verifications: a CA's
// key that checks the certificates, CRLs and OCSP responses it signed.
// Its VerifyDigest gives the same results in about a third of the time
// (0.34–0.38 ×, by parameter set), at the cost of tables built once, in
// the time of two to six verifications, that take 16–24 KiB for a 256-bit
// key and twice that for a 512-bit key. A prepared [Trust] does this for the keys
// of its CAs on their first use.
func (k *GOSTPublicKey) Precompute() *GOSTPublicKey {
	if k == nil || k.k == nil || k.pre != nil {
		return k
	}
	return &GOSTPublicKey{k: k.k, pre: k.k.Precompute()}
}

// Equal reports whether x is the same key: a *GOSTPublicKey (or the
// module's internal key type) with the same parameter set and point.
func (k *GOSTPublicKey) Equal(x crypto.PublicKey) bool {
	if k == nil || k.k == nil {
		return false
	}
	switch o := x.(type) {
	case *GOSTPublicKey:
		return o != nil && k.k.Equal(o.k)
	case *gost3410.PublicKey:
		return k.k.Equal(o)
	}
	return false
}

// MarshalPKIX returns the DER SubjectPublicKeyInfo of the key
// (RFC 9215), as written into certificates: digestParamSet is
// present for the CryptoPro parameter sets and tc26-512-A/B and absent for
// the other TC26 sets.
func (k *GOSTPublicKey) MarshalPKIX() ([]byte, error) {
	if k == nil || k.k == nil {
		return nil, ErrNotGOSTKey
	}
	return marshalPublicKey(k.k)
}

// GOSTPrivateKey is a GOST R 34.10-2012 private key (256- or 512-bit). It
// implements crypto.Signer: Public returns the *GOSTPublicKey, and Sign takes
// a Streebog digest of the key's size (32 bytes for a 256-bit key, 64 for a
// 512-bit key) and returns the signature as s‖r (RFC 9215,
// ГОСТ Р 34.10-2012); its opts are ignored and may be nil. Read keys with
// [ParsePrivateKey]; package certtest generates keys for test PKIs. Its zero
// value is not a usable key.
type GOSTPrivateKey struct {
	k   *gost3410.PrivateKey
	pub *GOSTPublicKey
}

// newGOSTPrivateKey wraps k.
func newGOSTPrivateKey(k *gost3410.PrivateKey) *GOSTPrivateKey {
	return &GOSTPrivateKey{k: k, pub: newGOSTPublicKey(k.PublicKey())}
}

// Public returns the public half, a *GOSTPublicKey.
func (k *GOSTPrivateKey) Public() crypto.PublicKey {
	if k == nil || k.pub == nil {
		return nil
	}
	return k.pub
}

// Sign signs digest, the raw Streebog hash of the message of the key's size,
// and returns s‖r. The nonce is drawn from rand (crypto/rand when nil), so a
// seeded reader gives reproducible signatures.
func (k *GOSTPrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if k == nil || k.k == nil {
		return nil, ErrNotGOSTKey
	}
	return k.k.Sign(rand, digest, opts)
}

// Bits returns the key size: 256 or 512 (0 for an unusable key).
func (k *GOSTPrivateKey) Bits() int {
	if k == nil {
		return 0
	}
	return k.pub.Bits()
}

// CurveName returns the name of the key's parameter set ("CryptoPro-A", …),
// or "" for an unusable key.
func (k *GOSTPrivateKey) CurveName() string {
	if k == nil {
		return ""
	}
	return k.pub.CurveName()
}

// Equal reports whether x is the same private key (same parameter set and
// secret, compared in constant time).
func (k *GOSTPrivateKey) Equal(x crypto.PrivateKey) bool {
	if k == nil || k.k == nil {
		return false
	}
	switch o := x.(type) {
	case *GOSTPrivateKey:
		return o != nil && k.k.Equal(o.k)
	case *gost3410.PrivateKey:
		return k.k.Equal(o)
	}
	return false
}

// MarshalPKCS8 returns the DER PKCS#8 PrivateKeyInfo of the key, in the form
// the OpenSSL GOST engine writes and reads (wrap it in a "PRIVATE KEY" PEM
// block for OpenSSL).
func (k *GOSTPrivateKey) MarshalPKCS8() ([]byte, error) {
	if k == nil || k.k == nil {
		return nil, ErrNotGOSTKey
	}
	return gost3410.MarshalPKCS8PrivateKey(k.k)
}

// ErrNotGOSTKey: a key is not a usable GOST R 34.10-2012 key (a nil or zero
// GOSTPublicKey or GOSTPrivateKey, or a key of another algorithm given where
// a GOST key is needed).
var ErrNotGOSTKey = errors.New("certificate: not a GOST R 34.10-2012 key")

// ParsePrivateKey reads an unencrypted PKCS#8 GOST private key, DER or PEM
// ("PRIVATE KEY" block), as written by the OpenSSL GOST engine and by
// [GOSTPrivateKey.MarshalPKCS8].
func ParsePrivateKey(data []byte) (*GOSTPrivateKey, error) {
	if len(data) > 0 && data[0] != 0x30 {
		block, _ := pem.Decode(data)
		if block == nil {
			return nil, errors.New("certificate: private key is neither DER nor PEM")
		}
		if block.Type != "PRIVATE KEY" {
			return nil, fmt.Errorf("certificate: PEM block %q, want PRIVATE KEY (unencrypted PKCS#8)", block.Type)
		}
		data = block.Bytes
	}
	k, err := gost3410.ParsePKCS8PrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	return newGOSTPrivateKey(k), nil
}

// marshalPublicKey writes a SubjectPublicKeyInfo (RFC 9215):
// digestParamSet is written for the CryptoPro parameter sets and
// tc26-512-A/B, as CryptoPro and the gost engine do, and left out for the
// other TC26 sets.
func marshalPublicKey(k *gost3410.PublicKey) ([]byte, error) {
	c := k.Curve()
	keyAlg, digest := oidGost2012Key256, oidStreebog256
	if c.PointSize() == 64 {
		keyAlg, digest = oidGost2012Key512, oidStreebog512
	}
	withDigest := false
	switch c.Name {
	case "GostR3410-2001-TestParamSet", "CryptoPro-A", "CryptoPro-B", "CryptoPro-C",
		"CryptoPro-XchA", "CryptoPro-XchB", "tc26-512-A", "tc26-512-B":
		withDigest = true
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(keyAlg)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(c.OID)
				if withDigest {
					b.AddASN1ObjectIdentifier(digest)
				}
			})
		})
		var inner cryptobyte.Builder
		inner.AddASN1OctetString(k.Bytes())
		point, err := inner.Bytes()
		if err != nil {
			b.SetError(err)
			return
		}
		b.AddASN1BitString(point)
	})
	return b.Bytes()
}
