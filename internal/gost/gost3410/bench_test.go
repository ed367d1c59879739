package gost3410

import (
	"crypto/sha256"
	"testing"
)

// benchCurves are the production parameter sets, by the names used as
// benchmark sub-names.
var benchCurves = []string{
	"CryptoPro-A", "CryptoPro-B", "CryptoPro-C", "CryptoPro-XchA", "CryptoPro-XchB",
	"tc26-256-A", "tc26-256-B", "tc26-256-C", "tc26-256-D",
	"tc26-512-A", "tc26-512-B", "tc26-512-C",
}

// benchKey returns a deterministic key and a digest of the curve's size.
func benchKey(b *testing.B, name string) (*PrivateKey, []byte) {
	b.Helper()
	c, err := CurveByName(name)
	if err != nil {
		b.Fatal(err)
	}
	key, err := GenerateKey(c, newDetReader(name))
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.Sum256([]byte(name))
	digest := make([]byte, c.DigestSize())
	for i := range digest {
		digest[i] = h[i%len(h)] ^ byte(i)
	}
	return key, digest
}

func BenchmarkVerify(b *testing.B) {
	benchVerify(b, func(pub *PublicKey) verifier { return pub })
}

// BenchmarkVerifyPrecomputed is BenchmarkVerify with a key prepared by
// PublicKey.Precompute (a CA's key that verifies many certificates).
func BenchmarkVerifyPrecomputed(b *testing.B) {
	benchVerify(b, func(pub *PublicKey) verifier { return pub.Precompute() })
}

// verifier is a plain or a precomputed key.
type verifier interface {
	VerifyDigest(digest, sig []byte) error
}

// benchVerify times key(pub).VerifyDigest on every benchmark curve.
func benchVerify(b *testing.B, key func(*PublicKey) verifier) {
	for _, name := range benchCurves {
		b.Run(name, func(b *testing.B) {
			priv, digest := benchKey(b, name)
			sig, err := priv.Sign(newDetReader("sig"), digest, nil)
			if err != nil {
				b.Fatal(err)
			}
			k := key(priv.PublicKey())
			if err := k.VerifyDigest(digest, sig); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := k.VerifyDigest(digest, sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrecompute measures building the tables of a key.
func BenchmarkPrecompute(b *testing.B) {
	for _, name := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-A", "tc26-512-C"} {
		b.Run(name, func(b *testing.B) {
			key, _ := benchKey(b, name)
			pub := key.PublicKey()
			b.ReportAllocs()
			for b.Loop() {
				pub.Precompute()
			}
		})
	}
}

func BenchmarkSign(b *testing.B) {
	for _, name := range benchCurves {
		b.Run(name, func(b *testing.B) {
			key, digest := benchKey(b, name)
			rd := newDetReader("nonce")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := key.Sign(rd, digest, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkField measures the field multiplication and squaring behind the
// point arithmetic, for one prime of each kind and size.
func BenchmarkField(b *testing.B) {
	for _, name := range []string{"CryptoPro-A", "CryptoPro-B", "CryptoPro-C", "tc26-512-A", "tc26-512-B", "tc26-512-Test"} {
		c, err := CurveByName(name)
		if err != nil {
			b.Fatal(err)
		}
		if cc := c.a256(); cc != nil {
			f := cc.fp
			x, y := cc.g.y, cc.b3
			b.Run(name+"/mul", func(b *testing.B) {
				for b.Loop() {
					f.mul(&x, &x, &y)
				}
			})
			b.Run(name+"/sqr", func(b *testing.B) {
				for b.Loop() {
					f.sqr(&x, &x)
				}
			})
			continue
		}
		cc := c.a512()
		f := cc.fp
		x, y := cc.g.y, cc.b3
		b.Run(name+"/mul", func(b *testing.B) {
			for b.Loop() {
				f.mul(&x, &x, &y)
			}
		})
		b.Run(name+"/sqr", func(b *testing.B) {
			for b.Loop() {
				f.sqr(&x, &x)
			}
		})
	}
}

// BenchmarkParsePKIXPublicKey includes the point validation (and, on the
// cofactor-4 sets, the subgroup check).
func BenchmarkParsePKIXPublicKey(b *testing.B) {
	for _, name := range benchCurves {
		b.Run(name, func(b *testing.B) {
			key, _ := benchKey(b, name)
			spki, err := MarshalPKIXPublicKey(key.PublicKey())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParsePKIXPublicKey(spki); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
