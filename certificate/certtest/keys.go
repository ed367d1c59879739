package certtest

import (
	"crypto"
	"crypto/sha1"
	"fmt"
	"io"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

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
func GenerateKey(curveName string, rand io.Reader) (*certificate.GOSTPrivateKey, error) {
	c, err := gost3410.CurveByName(curveName)
	if err != nil {
		return nil, fmt.Errorf("certtest: %w", err)
	}
	k, err := gost3410.GenerateKey(c, rand)
	if err != nil {
		return nil, fmt.Errorf("certtest: %w", err)
	}
	// The key reaches the public type through its PKCS#8 encoding, the way
	// any caller of certificate.ParsePrivateKey gets one.
	der, err := gost3410.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("certtest: %w", err)
	}
	return certificate.ParsePrivateKey(der)
}

// MarshalPrivateKey returns the DER PKCS#8 encoding of k (wrap it in a
// "PRIVATE KEY" PEM block for OpenSSL); it is k.MarshalPKCS8. A nil key
// gives an error matching certificate.ErrNotGOSTKey.
func MarshalPrivateKey(k *certificate.GOSTPrivateKey) ([]byte, error) {
	return k.MarshalPKCS8()
}

// MarshalPublicKey returns the DER SubjectPublicKeyInfo of a GOST key; it
// is k.MarshalPKIX. A nil key gives an error matching
// certificate.ErrNotGOSTKey.
func MarshalPublicKey(k *certificate.GOSTPublicKey) ([]byte, error) {
	return k.MarshalPKIX()
}

// gostPublic returns the GOST public key behind a crypto.PublicKey: a
// *certificate.GOSTPublicKey, or the public half of a
// *certificate.GOSTPrivateKey.
func gostPublic(k crypto.PublicKey) (*certificate.GOSTPublicKey, error) {
	var pub *certificate.GOSTPublicKey
	switch v := k.(type) {
	case *certificate.GOSTPublicKey:
		pub = v
	case *certificate.GOSTPrivateKey:
		pub, _ = v.Public().(*certificate.GOSTPublicKey)
	}
	if pub.Bits() == 0 {
		return nil, fmt.Errorf("%w: got %T", certificate.ErrNotGOSTKey, k)
	}
	return pub, nil
}

// gostSigner checks that s signs with a GOST key and returns that key's
// public half.
func gostSigner(s crypto.Signer) (*certificate.GOSTPublicKey, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: nil signer", certificate.ErrNotGOSTKey)
	}
	pub, err := gostPublic(s.Public())
	if err != nil {
		return nil, fmt.Errorf("%w: signer's public key is %T", certificate.ErrNotGOSTKey, s.Public())
	}
	return pub, nil
}

// signDigestOf hashes msg with Streebog of the key size of pub and signs it
// with s, checking the signature's length.
func signDigestOf(s crypto.Signer, pub *certificate.GOSTPublicKey, msg []byte, rand io.Reader) ([]byte, error) {
	digest := streebogOf(pub.Bits()/8, msg)
	sig, err := s.Sign(rand, digest, nil)
	if err != nil {
		return nil, fmt.Errorf("certtest: signing: %w", err)
	}
	if want := pub.Bits() / 4; len(sig) != want {
		return nil, fmt.Errorf("certtest: signer returned %d bytes, want %d", len(sig), want)
	}
	return sig, nil
}

// streebogOf returns Streebog-512 of msg for 64-byte keys, Streebog-256
// otherwise.
func streebogOf(size int, msg []byte) []byte {
	if size == 64 {
		d := streebog.Sum512(msg)
		return d[:]
	}
	d := streebog.Sum256(msg)
	return d[:]
}

// keyID is the RFC 5280 §4.2.1.2 method-1 key identifier: SHA-1 of the
// subjectPublicKey BIT STRING contents (the DER OCTET STRING holding the
// point).
func keyID(k *certificate.GOSTPublicKey) ([]byte, error) {
	spki, err := k.MarshalPKIX()
	if err != nil {
		return nil, err
	}
	s := cryptobyte.String(spki)
	var info cryptobyte.String
	var bits []byte
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.SkipASN1(cbasn1.SEQUENCE) ||
		!info.ReadASN1BitStringAsBytes(&bits) {
		return nil, fmt.Errorf("certtest: cannot read the SubjectPublicKeyInfo of a %d-bit key", k.Bits())
	}
	sum := sha1.Sum(bits)
	return sum[:], nil
}
