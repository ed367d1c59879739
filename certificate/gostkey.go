package certificate

import (
	"crypto"
	"encoding/pem"
	"errors"
	"fmt"
	"io"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
)

// GOSTPublicKey is a GOST R 34.10-2012 public key (256- or 512-bit): the
// key of a parsed certificate ([Certificate.GOSTKey]) or the public half of
// a [GOSTPrivateKey]. Its zero value is not a usable key. A GOSTPublicKey is
// immutable and safe for concurrent use. (The name PublicKey is taken by the
// certificate's key description.)
type GOSTPublicKey struct {
	k *gost3410.PublicKey
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

// VerifyDigest checks the signature sig = s‖r (RFC 9215 / gost-and-cms.md
// §3) over digest, the raw Streebog hash of the message: Streebog-256 for a
// 256-bit key, Streebog-512 for a 512-bit key. It returns nil for a valid
// signature and an error otherwise.
func (k *GOSTPublicKey) VerifyDigest(digest, sig []byte) error {
	if k == nil || k.k == nil {
		return ErrNotGOSTKey
	}
	return k.k.VerifyDigest(digest, sig)
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
// (gost-and-cms.md §2), as written into certificates: digestParamSet is
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
// 512-bit key) and returns the signature as s‖r (RFC 9215 /
// gost-and-cms.md §3); its opts are ignored and may be nil. Read keys with
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

// ErrNotGOSTKey: a key passed to Create, CreateCRL or MarshalPrivateKey is
// not a GOST R 34.10-2012 key.
var ErrNotGOSTKey = errors.New("certificate: not a GOST R 34.10-2012 key")

// CurveNames lists the parameter-set names GenerateKey accepts, e.g.
// "CryptoPro-A", "tc26-256-A" (twisted Edwards), "tc26-512-A",
// "tc26-512-C" (twisted Edwards).
func CurveNames() []string {
	cs := gost3410.Curves()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// GenerateKey returns a new key on the named parameter set (see CurveNames).
// Keys are drawn from rand; crypto/rand is used when rand is nil. A seeded
// reader gives reproducible keys for test PKIs.
func GenerateKey(curveName string, rand io.Reader) (*GOSTPrivateKey, error) {
	c, err := gost3410.CurveByName(curveName)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	k, err := gost3410.GenerateKey(c, rand)
	if err != nil {
		return nil, err
	}
	return newGOSTPrivateKey(k), nil
}

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

// MarshalPrivateKey returns the DER PKCS#8 encoding of k (wrap it in a
// "PRIVATE KEY" PEM block for OpenSSL).
func MarshalPrivateKey(k *GOSTPrivateKey) ([]byte, error) {
	return k.MarshalPKCS8()
}

// MarshalPublicKey returns the DER SubjectPublicKeyInfo of a GOST key.
func MarshalPublicKey(k *GOSTPublicKey) ([]byte, error) {
	return k.MarshalPKIX()
}

// gostPublic returns the GOST public key behind a crypto.PublicKey.
func gostPublic(k crypto.PublicKey) (*gost3410.PublicKey, error) {
	switch v := k.(type) {
	case *GOSTPublicKey:
		if v != nil && v.k != nil {
			return v.k, nil
		}
	case *GOSTPrivateKey:
		if v != nil && v.pub != nil && v.pub.k != nil {
			return v.pub.k, nil
		}
	case *gost3410.PublicKey:
		if v != nil {
			return v, nil
		}
	case *gost3410.PrivateKey:
		if v != nil {
			return v.PublicKey(), nil
		}
	}
	return nil, fmt.Errorf("%w: got %T", ErrNotGOSTKey, k)
}

// gostSigner checks that s signs with a GOST key and returns that key's
// public half.
func gostSigner(s crypto.Signer) (*gost3410.PublicKey, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: nil signer", ErrNotGOSTKey)
	}
	pub, err := gostPublic(s.Public())
	if err != nil {
		return nil, fmt.Errorf("%w: signer's public key is %T", ErrNotGOSTKey, s.Public())
	}
	return pub, nil
}

// signDigestOf hashes msg with Streebog of the key size of pub and signs it
// with s, checking the signature's length.
func signDigestOf(s crypto.Signer, pub *gost3410.PublicKey, msg []byte, rand io.Reader) ([]byte, error) {
	digest := streebogOf(pub.Curve().PointSize(), msg)
	sig, err := s.Sign(rand, digest, nil)
	if err != nil {
		return nil, fmt.Errorf("certificate: signing: %w", err)
	}
	if len(sig) != pub.Curve().SignatureSize() {
		return nil, fmt.Errorf("certificate: signer returned %d bytes, want %d", len(sig), pub.Curve().SignatureSize())
	}
	return sig, nil
}
