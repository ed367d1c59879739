package certificate_test

import (
	"bytes"
	"crypto"
	"errors"
	mrand "math/rand/v2"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// gostKeyPair returns a key on the named curve as the internal type and as
// the certificate wrapper read back from PKCS#8.
func gostKeyPair(t *testing.T, curve string, seed byte) (*gost3410.PrivateKey, *certificate.GOSTPrivateKey) {
	t.Helper()
	c, err := gost3410.CurveByName(curve)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gost3410.GenerateKey(c, mrand.NewChaCha8([32]byte{seed}))
	if err != nil {
		t.Fatal(err)
	}
	der, err := gost3410.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	w, err := certificate.ParsePrivateKey(der)
	if err != nil {
		t.Fatal(err)
	}
	return k, w
}

func TestGOSTKeyWrappers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		curve string
		bits  int
	}{{"CryptoPro-A", 256}, {"tc26-256-A", 256}, {"tc26-512-A", 512}, {"tc26-512-C", 512}} {
		t.Run(tc.curve, func(t *testing.T) {
			t.Parallel()
			inner, k := gostKeyPair(t, tc.curve, 1)
			if k.Bits() != tc.bits || k.CurveName() != tc.curve {
				t.Errorf("private key: %d bits, curve %q", k.Bits(), k.CurveName())
			}
			pub, ok := k.Public().(*certificate.GOSTPublicKey)
			if !ok {
				t.Fatalf("Public() is %T, want *certificate.GOSTPublicKey", k.Public())
			}
			if pub.Bits() != tc.bits || pub.CurveName() != tc.curve {
				t.Errorf("public key: %d bits, curve %q", pub.Bits(), pub.CurveName())
			}
			// Equal accepts the wrapper and the internal type.
			_, again := gostKeyPair(t, tc.curve, 1)
			_, other := gostKeyPair(t, tc.curve, 2)
			for name, tt := range map[string]struct {
				x    crypto.PublicKey
				want bool
			}{
				"same wrapper":        {again.Public(), true},
				"same internal":       {inner.PublicKey(), true},
				"other wrapper":       {other.Public(), false},
				"nil wrapper":         {(*certificate.GOSTPublicKey)(nil), false},
				"nil internal":        {(*gost3410.PublicKey)(nil), false},
				"not a key":           {"key", false},
				"private, not public": {k, false},
			} {
				if got := pub.Equal(tt.x); got != tt.want {
					t.Errorf("Equal(%s) = %v, want %v", name, got, tt.want)
				}
			}
			if !k.Equal(again) || !k.Equal(inner) || k.Equal(other) || k.Equal(nil) {
				t.Error("private Equal")
			}
			// Sign takes a Streebog digest of the key size; VerifyDigest
			// checks it.
			msg := []byte("доверенность")
			var digest []byte
			if tc.bits == 512 {
				d := streebog.Sum512(msg)
				digest = d[:]
			} else {
				d := streebog.Sum256(msg)
				digest = d[:]
			}
			sig, err := k.Sign(mrand.NewChaCha8([32]byte{3}), digest, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(sig) != tc.bits/4 {
				t.Errorf("signature of %d bytes", len(sig))
			}
			if err := pub.VerifyDigest(digest, sig); err != nil {
				t.Errorf("VerifyDigest: %v", err)
			}
			if err := inner.PublicKey().VerifyDigest(digest, sig); err != nil {
				t.Errorf("internal VerifyDigest: %v", err)
			}
			pre := pub.Precompute()
			if !pre.Equal(pub) || !pub.Equal(pre) || pre.Precompute() != pre {
				t.Error("Precompute changed the key")
			}
			if err := pre.VerifyDigest(digest, sig); err != nil {
				t.Errorf("precomputed VerifyDigest: %v", err)
			}
			digest[0] ^= 1
			if err := pub.VerifyDigest(digest, sig); err == nil {
				t.Error("VerifyDigest accepted a changed digest")
			}
			if err := pre.VerifyDigest(digest, sig); err == nil {
				t.Error("precomputed VerifyDigest accepted a changed digest")
			}
			if _, err := k.Sign(nil, digest[:10], nil); err == nil {
				t.Error("Sign accepted a short digest")
			}
			// The encodings are those of the internal package.
			spki, err := pub.MarshalPKIX()
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := gost3410.MarshalPKIXPublicKey(inner.PublicKey()); !bytes.Equal(spki, want) {
				t.Errorf("MarshalPKIX %X, want %X", spki, want)
			}
			p8, err := k.MarshalPKCS8()
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := gost3410.MarshalPKCS8PrivateKey(inner); !bytes.Equal(p8, want) {
				t.Error("MarshalPKCS8 differs from the internal encoding")
			}
		})
	}
}

func TestGOSTKeyZeroValues(t *testing.T) {
	t.Parallel()
	var pub certificate.GOSTPublicKey
	if pub.Bits() != 0 || pub.CurveName() != "" || pub.Equal(&pub) {
		t.Error("zero public key looks usable")
	}
	if err := pub.VerifyDigest(make([]byte, 32), make([]byte, 64)); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("VerifyDigest: %v", err)
	}
	if _, err := pub.MarshalPKIX(); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("MarshalPKIX: %v", err)
	}
	if pub.Precompute() != &pub {
		t.Error("Precompute of the zero key is not itself")
	}
	var nilPub *certificate.GOSTPublicKey
	if nilPub.Bits() != 0 || nilPub.Equal(nilPub) || nilPub.Precompute() != nil {
		t.Error("nil public key looks usable")
	}
	var priv *certificate.GOSTPrivateKey
	if priv.Public() != nil || priv.Bits() != 0 || priv.CurveName() != "" || priv.Equal(priv) {
		t.Error("nil private key looks usable")
	}
	if _, err := priv.Sign(nil, make([]byte, 32), nil); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("Sign: %v", err)
	}
	if _, err := priv.MarshalPKCS8(); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("MarshalPKCS8: %v", err)
	}
	var zero certificate.GOSTPrivateKey
	if zero.Public() != nil || zero.Bits() != 0 {
		t.Error("zero private key looks usable")
	}
	if _, err := zero.Sign(nil, make([]byte, 32), nil); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("Sign: %v", err)
	}
}
