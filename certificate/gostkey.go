package certificate

import (
	"crypto"
	"encoding/pem"
	"errors"
	"fmt"
	"io"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
)

// GOSTPrivateKey is a GOST R 34.10-2012 private key (256- or 512-bit). It
// implements crypto.Signer: Sign takes a Streebog digest of the key's size
// and returns the signature as s‖r (RFC 9215 / gost-and-cms.md §3). The
// alias lets callers outside the module hold and pass keys although the
// implementation lives in an internal package.
type GOSTPrivateKey = gost3410.PrivateKey

// GOSTPublicKey is a GOST R 34.10-2012 public key; PublicKey.Key of a parsed
// certificate has this type. (The name PublicKey is taken by the
// certificate's key description.)
type GOSTPublicKey = gost3410.PublicKey

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
	return gost3410.GenerateKey(c, rand)
}

// ParsePrivateKey reads an unencrypted PKCS#8 GOST private key, DER or PEM
// ("PRIVATE KEY" block), as written by the OpenSSL GOST engine and by
// MarshalPrivateKey.
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
	return k, nil
}

// MarshalPrivateKey returns the DER PKCS#8 encoding of k (wrap it in a
// "PRIVATE KEY" PEM block for OpenSSL).
func MarshalPrivateKey(k *GOSTPrivateKey) ([]byte, error) {
	if k == nil {
		return nil, ErrNotGOSTKey
	}
	return gost3410.MarshalPKCS8PrivateKey(k)
}

// MarshalPublicKey returns the DER SubjectPublicKeyInfo of a GOST key.
func MarshalPublicKey(k *GOSTPublicKey) ([]byte, error) {
	if k == nil {
		return nil, ErrNotGOSTKey
	}
	return marshalPublicKey(k)
}

// gostPublic returns the GOST public key behind a crypto.PublicKey.
func gostPublic(k crypto.PublicKey) (*gost3410.PublicKey, error) {
	switch v := k.(type) {
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
