package gost3410

import (
	"bytes"
	"testing"
)

// TestPrecomputedKey compares PrecomputedKey.VerifyDigest with
// PublicKey.VerifyDigest (and the big.Int reference) on valid signatures
// and on signatures, digests and keys that must fail, on every parameter
// set (both models: Weierstrass and twisted Edwards).
func TestPrecomputedKey(t *testing.T) {
	t.Parallel()
	rounds := 40
	if testing.Short() || raceEnabled {
		rounds = 6
	}
	for _, c := range curves {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			key, err := GenerateKey(c, newDetReader("prep "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			pub := key.PublicKey()
			pre := pub.Precompute()
			if pre.PublicKey() != pub {
				t.Fatal("PublicKey() is not the key prepared")
			}
			other, err := GenerateKey(c, newDetReader("other "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			otherPre := other.PublicKey().Precompute()
			ref, _ := refPublic(c, pub.Bytes())
			rd := newDetReader("prep data " + c.Name)
			n := c.PointSize()
			for i := range rounds {
				digest := make([]byte, n)
				rd.Read(digest)
				sig, err := key.Sign(rd, digest, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := pre.VerifyDigest(digest, sig); err != nil {
					t.Fatalf("round %d: a valid signature: %v", i, err)
				}
				if err := otherPre.VerifyDigest(digest, sig); err != ErrVerification {
					t.Fatalf("round %d: another key: %v, want ErrVerification", i, err)
				}
				flipped := bytes.Clone(sig)
				flipped[i%len(sig)] ^= 1 << (i % 8)
				badDigest := bytes.Clone(digest)
				badDigest[i%n] ^= 0x80
				random := make([]byte, 2*n)
				rd.Read(random)
				small := make([]byte, 2*n) // s = 1, r = i+1
				small[n-1], small[2*n-1] = 1, byte(i+1)
				for _, tc := range []struct {
					name        string
					digest, sig []byte
				}{
					{"flipped signature", digest, flipped},
					{"other digest", badDigest, sig},
					{"random signature", digest, random},
					{"small scalars", digest, small},
					{"zero digest", make([]byte, n), sig},
					{"short signature", digest, sig[1:]},
					{"short digest", digest[1:], sig},
				} {
					want := pub.VerifyDigest(tc.digest, tc.sig)
					if got := pre.VerifyDigest(tc.digest, tc.sig); got != want {
						t.Fatalf("round %d, %s: precomputed %v, plain %v", i, tc.name, got, want)
					}
					if len(tc.digest) == n && len(tc.sig) == 2*n && (want == nil) != refVerify(c, ref, tc.digest, tc.sig) {
						t.Fatalf("round %d, %s: %v, the reference disagrees", i, tc.name, want)
					}
				}
			}
		})
	}
}

// TestPrecomputedKeyZero: the zero value and a nil key are refused, not a
// panic.
func TestPrecomputedKeyZero(t *testing.T) {
	t.Parallel()
	var pub *PublicKey
	if err := pub.Precompute().VerifyDigest(make([]byte, 32), make([]byte, 64)); err != ErrInvalidPublicKey {
		t.Fatalf("nil key: %v", err)
	}
	var k *PrecomputedKey
	if err := k.VerifyDigest(make([]byte, 32), make([]byte, 64)); err != ErrInvalidPublicKey {
		t.Fatalf("nil PrecomputedKey: %v", err)
	}
}
