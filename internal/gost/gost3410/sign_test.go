package gost3410

import (
	"bytes"
	"crypto"
	"errors"
	"io"
	"math/big"
	"testing"
)

var _ crypto.Signer = (*PrivateKey)(nil)

// iterations returns n, or a smaller count in -short mode and under the race
// detector (where the arithmetic is an order of magnitude slower).
func iterations(n int) int {
	if testing.Short() || raceEnabled {
		return max(1, n/4)
	}
	return n
}

// randBytes returns n deterministic bytes.
func randBytes(r io.Reader, n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		panic(err)
	}
	return b
}

func TestCurveRegistry(t *testing.T) {
	t.Parallel()
	want := []struct {
		name    string
		oid     string
		size    int
		twisted bool
	}{
		{"GostR3410-2001-TestParamSet", "1.2.643.2.2.35.0", 32, false},
		{"CryptoPro-A", "1.2.643.2.2.35.1", 32, false},
		{"CryptoPro-B", "1.2.643.2.2.35.2", 32, false},
		{"CryptoPro-C", "1.2.643.2.2.35.3", 32, false},
		{"CryptoPro-XchA", "1.2.643.2.2.36.0", 32, false},
		{"CryptoPro-XchB", "1.2.643.2.2.36.1", 32, false},
		{"tc26-256-A", "1.2.643.7.1.2.1.1.1", 32, true},
		{"tc26-256-B", "1.2.643.7.1.2.1.1.2", 32, false},
		{"tc26-256-C", "1.2.643.7.1.2.1.1.3", 32, false},
		{"tc26-256-D", "1.2.643.7.1.2.1.1.4", 32, false},
		{"tc26-512-Test", "1.2.643.7.1.2.1.2.0", 64, false},
		{"tc26-512-A", "1.2.643.7.1.2.1.2.1", 64, false},
		{"tc26-512-B", "1.2.643.7.1.2.1.2.2", 64, false},
		{"tc26-512-C", "1.2.643.7.1.2.1.2.3", 64, true},
	}
	cs := Curves()
	if len(cs) != len(want) {
		t.Fatalf("%d curves, want %d", len(cs), len(want))
	}
	for i, w := range want {
		c := cs[i]
		if c.Name != w.name || c.OID.String() != w.oid || c.PointSize() != w.size || c.Twisted != w.twisted {
			t.Errorf("curve %d = %s %v %d %v, want %+v", i, c.Name, c.OID, c.PointSize(), c.Twisted, w)
		}
		if c.String() != w.name || c.SignatureSize() != 2*w.size || c.DigestSize() != w.size {
			t.Errorf("%s: String/SignatureSize/DigestSize", c.Name)
		}
		byOID, err := CurveByOID(c.OID)
		if err != nil || byOID != c {
			t.Errorf("CurveByOID(%v) = %v, %v", c.OID, byOID, err)
		}
		byName, err := CurveByName(c.Name)
		if err != nil || byName != c {
			t.Errorf("CurveByName(%q) = %v, %v", c.Name, byName, err)
		}
		// Domain parameters: P on the curve, q·P = O, cofactor as documented.
		p := c.Params()
		rc := refOf(c)
		g := refPoint{x: p.X, y: p.Y}
		if !rc.onCurve(g) || !rc.mul(p.Q, g).inf {
			t.Errorf("%s: base point check failed", c.Name)
		}
		if (p.Cofactor == 4) != c.Twisted {
			t.Errorf("%s: cofactor %d", c.Name, p.Cofactor)
		}
		p.P.SetInt64(0) // Params returns copies
	}
	if _, err := CurveByName("CryptoPro-D"); !errors.Is(err, ErrUnknownCurve) {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := CurveByOID([]int{1, 2, 643, 2, 2, 35, 9}); !errors.Is(err, ErrUnknownCurve) {
		t.Errorf("unknown OID: %v", err)
	}
	// Aliases share the arithmetic.
	a, _ := CurveByName("CryptoPro-A")
	xa, _ := CurveByName("CryptoPro-XchA")
	b, _ := CurveByName("tc26-256-B")
	if a == xa || a.a256() != xa.a256() || a.a256() != b.a256() {
		t.Error("aliases must be distinct curves sharing the arithmetic")
	}
	if a.Params().P.Sign() == 0 {
		t.Error("Params must return copies")
	}
}

// TestSignVerifyAllCurves signs random digests with random keys on every
// curve, checks the constant-time results against the math/big reference
// (same key, same nonce) and checks rejection of mutated inputs.
func TestSignVerifyAllCurves(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			rd := newDetReader("roundtrip " + c.Name)
			n := c.PointSize()
			for i := range iterations(4) {
				key, err := GenerateKey(c, rd)
				if err != nil {
					t.Fatal(err)
				}
				d := new(big.Int).SetBytes(key.Bytes())
				if got, want := key.PublicKey().Bytes(), refPublicRaw(c, d); !bytes.Equal(got, want) {
					t.Fatalf("d·P = %x, reference %x", got, want)
				}
				digest := randBytes(rd, n)
				if i == 0 {
					digest = make([]byte, n) // e = 0 → 1
				}
				// Fixed nonce: identical to the reference signer.
				nonce := randBytes(rd, n)
				kk := new(big.Int).SetBytes(nonce)
				kk.Mod(kk, c.Params().Q)
				if kk.Sign() == 0 {
					kk.SetInt64(1)
				}
				kk.FillBytes(nonce)
				sig, err := signWithK(key, nonce, digest)
				if err != nil {
					t.Fatal(err)
				}
				want, ok := refSign(c, d, kk, digest)
				if !ok || !bytes.Equal(sig, want) {
					t.Fatalf("signWithK = %x, reference %x", sig, want)
				}
				// Random nonce through crypto.Signer.
				sig, err = key.Sign(rd, digest, nil)
				if err != nil {
					t.Fatal(err)
				}
				pub := key.PublicKey()
				if err := pub.VerifyDigest(digest, sig); err != nil {
					t.Fatalf("VerifyDigest: %v", err)
				}
				refPub, ok := refPublic(c, pub.Bytes())
				if !ok || !refVerify(c, refPub, digest, sig) {
					t.Fatal("reference rejects the signature")
				}
				// Mutations.
				for j := 0; j < len(sig); j += 1 + j%7 {
					bad := bytes.Clone(sig)
					bad[j] ^= byte(1 << (j % 8))
					if pub.VerifyDigest(digest, bad) == nil {
						t.Fatalf("signature with byte %d changed verifies", j)
					}
				}
				badDigest := bytes.Clone(digest)
				badDigest[i%n] ^= 0x10
				if err := pub.VerifyDigest(badDigest, sig); !errors.Is(err, ErrVerification) {
					t.Fatalf("changed digest: %v", err)
				}
				other, err := GenerateKey(c, rd)
				if err != nil {
					t.Fatal(err)
				}
				if err := other.PublicKey().VerifyDigest(digest, sig); !errors.Is(err, ErrVerification) {
					t.Fatalf("other key: %v", err)
				}
			}
		})
	}
}

// TestDigestReducingToZero checks that digests with e ≡ 0 (mod q) are
// signed and verified as e = 1.
func TestDigestReducingToZero(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			q := c.Params().Q
			key, err := GenerateKey(c, newDetReader("zero "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			zeroDigests := [][]byte{make([]byte, n), digestOfE(q, n)}
			if q3 := new(big.Int).Mul(q, big.NewInt(3)); q3.BitLen() <= 8*n {
				zeroDigests = append(zeroDigests, digestOfE(q3, n))
			}
			one := digestOfE(big.NewInt(1), n)
			qPlusOne := digestOfE(new(big.Int).Add(q, big.NewInt(1)), n)
			for _, zd := range zeroDigests {
				sig, err := key.Sign(newDetReader("k"), zd, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, dg := range [][]byte{zd, one, qPlusOne} {
					if err := key.PublicKey().VerifyDigest(dg, sig); err != nil {
						t.Fatalf("digest %x: %v", dg, err)
					}
				}
				if err := key.PublicKey().VerifyDigest(digestOfE(big.NewInt(2), n), sig); err == nil {
					t.Fatal("e = 2 must not verify")
				}
			}
		})
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			q := c.Params().Q
			key, err := GenerateKey(c, newDetReader("malformed "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			pub := key.PublicKey()
			digest := randBytes(newDetReader("d"), n)
			sig, err := key.Sign(newDetReader("k"), digest, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := new(big.Int).SetBytes(sig[:n])
			r := new(big.Int).SetBytes(sig[n:])
			mk := func(s, r *big.Int) []byte {
				b := make([]byte, 2*n)
				s.FillBytes(b[:n])
				r.FillBytes(b[n:])
				return b
			}
			qPlus := new(big.Int).Add(q, big.NewInt(1))
			top := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*n)), big.NewInt(1))
			zero := new(big.Int)
			for _, bad := range []struct{ s, r *big.Int }{
				{zero, r}, {s, zero}, {zero, zero},
				{q, r}, {s, q}, {qPlus, r}, {s, qPlus}, {top, r}, {s, top},
			} {
				if bad.s.BitLen() > 8*n || bad.r.BitLen() > 8*n {
					continue // q + 1 does not fit when q is close to 2^(8n)
				}
				err := pub.VerifyDigest(digest, mk(bad.s, bad.r))
				if !errors.Is(err, ErrSignatureRange) {
					t.Errorf("s=%x r=%x: %v, want ErrSignatureRange", bad.s, bad.r, err)
				}
			}
			// s or r + q: same residues, out of range.
			if rq := new(big.Int).Add(r, q); rq.BitLen() <= 8*n {
				if err := pub.VerifyDigest(digest, mk(s, rq)); !errors.Is(err, ErrSignatureRange) {
					t.Errorf("r + q: %v", err)
				}
			}
			for _, l := range []int{0, 1, n, 2*n - 1, 2*n + 1, 4 * n} {
				if err := pub.VerifyDigest(digest, make([]byte, l)); !errors.Is(err, ErrSignatureLength) {
					t.Errorf("signature length %d: %v", l, err)
				}
			}
			for _, l := range []int{0, n - 1, n + 1, 2 * n, 32 + 64 - n} {
				if err := pub.VerifyDigest(make([]byte, l), sig); !errors.Is(err, ErrDigestLength) {
					t.Errorf("digest length %d: %v", l, err)
				}
				if _, err := key.Sign(nil, make([]byte, l), nil); !errors.Is(err, ErrDigestLength) {
					t.Errorf("Sign digest length %d: %v", l, err)
				}
			}
			if err := pub.VerifyDigest(digest, sig); err != nil {
				t.Fatal(err)
			}
		})
	}
	var zero PublicKey
	if err := zero.VerifyDigest(make([]byte, 32), make([]byte, 64)); err == nil {
		t.Error("zero PublicKey verified")
	}
	var nilKey *PublicKey
	if err := nilKey.VerifyDigest(nil, nil); err == nil {
		t.Error("nil PublicKey verified")
	}
}

// sqrtMod returns a square root of v mod p, or nil.
func sqrtMod(v, p *big.Int) *big.Int {
	return new(big.Int).ModSqrt(new(big.Int).Mod(v, p), p)
}

// encodePoint returns LE(x)‖LE(y) with n-byte halves.
func encodePoint(x, y *big.Int, n int) []byte {
	raw := make([]byte, 2*n)
	x.FillBytes(raw[:n])
	y.FillBytes(raw[n:])
	reverse(raw[:n])
	reverse(raw[n:])
	return raw
}

func TestInvalidPublicKeys(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			p := c.Params()
			key, err := GenerateKey(c, newDetReader("pub "+c.Name))
			if err != nil {
				t.Fatal(err)
			}
			good := key.PublicKey().Bytes()
			if _, err := NewPublicKey(c, good); err != nil {
				t.Fatal(err)
			}
			x, y := key.PublicKey().Point()
			bad := map[string][]byte{
				"empty":     nil,
				"short":     good[:2*n-1],
				"long":      append(bytes.Clone(good), 0),
				"infinity":  make([]byte, 2*n),
				"off curve": encodePoint(x, new(big.Int).Xor(y, big.NewInt(1)), n),
				"x + p":     nil,
				"y + p":     nil,
				"y = p":     encodePoint(x, p.P, n),
				"all ones":  bytes.Repeat([]byte{0xff}, 2*n),
			}
			// Coordinates not reduced mod p (only representable when they fit).
			if xp := new(big.Int).Add(x, p.P); xp.BitLen() <= 8*n {
				bad["x + p"] = encodePoint(xp, y, n)
			} else {
				delete(bad, "x + p")
			}
			if yp := new(big.Int).Add(y, p.P); yp.BitLen() <= 8*n {
				bad["y + p"] = encodePoint(x, yp, n)
			} else {
				delete(bad, "y + p")
			}
			// A point of order 2 exists on the cofactor-4 curves; on all
			// curves a random on-curve point is in the subgroup iff the
			// cofactor is 1.
			rc := refOf(c)
			var offSubgroup []byte
			for i := int64(1); offSubgroup == nil && i < 200; i++ {
				px := big.NewInt(i)
				rhs := new(big.Int).Mul(px, px)
				rhs.Add(rhs, p.A)
				rhs.Mul(rhs, px)
				rhs.Add(rhs, p.B)
				py := sqrtMod(rhs, p.P)
				if py == nil {
					continue
				}
				pt := refPoint{x: px, y: py}
				raw := encodePoint(px, py, n)
				inSub := rc.mul(p.Q, pt).inf
				_, err := NewPublicKey(c, raw)
				if inSub != (err == nil) {
					t.Fatalf("point x=%d: in subgroup %v, NewPublicKey error %v", i, inSub, err)
				}
				if !inSub {
					offSubgroup = raw
				}
				if p.Cofactor == 1 && !inSub {
					t.Fatalf("cofactor-1 curve with a point outside the subgroup")
				}
				if p.Cofactor == 1 && i > 20 {
					break
				}
			}
			if p.Cofactor != 1 {
				if offSubgroup == nil {
					t.Fatal("no point outside the subgroup found")
				}
				bad["outside subgroup"] = offSubgroup
			}
			for name, raw := range bad {
				if _, err := NewPublicKey(c, raw); !errors.Is(err, ErrInvalidPublicKey) {
					t.Errorf("%s: %v", name, err)
				}
				if _, ok := refPublic(c, raw); ok && len(raw) == 2*n {
					t.Errorf("%s: the reference accepts it", name)
				}
			}
		})
	}
	if _, err := NewPublicKey(nil, make([]byte, 64)); !errors.Is(err, ErrInvalidPublicKey) {
		t.Errorf("nil curve: %v", err)
	}
}

func TestPrivateKeys(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			q := c.Params().Q
			for _, d := range []*big.Int{big.NewInt(0), q, new(big.Int).Add(q, big.NewInt(1)), new(big.Int).Lsh(big.NewInt(1), uint(8*n)-1)} {
				if d.BitLen() > 8*n || (d.Cmp(q) < 0 && d.Sign() > 0) {
					continue
				}
				b := make([]byte, n)
				d.FillBytes(b)
				if _, err := NewPrivateKey(c, b); !errors.Is(err, ErrInvalidPrivateKey) {
					t.Errorf("d = %x: %v", d, err)
				}
			}
			if _, err := NewPrivateKey(c, make([]byte, n+1)); !errors.Is(err, ErrInvalidPrivateKey) {
				t.Errorf("long d: %v", err)
			}
			// Short encodings are left-padded; d = 1 and d = q − 1 work.
			k1, err := NewPrivateKey(c, []byte{1})
			if err != nil {
				t.Fatal(err)
			}
			p := c.Params()
			if x, y := k1.PublicKey().Point(); x.Cmp(p.X) != 0 || y.Cmp(p.Y) != 0 {
				t.Error("1·P != P")
			}
			km, err := NewPrivateKey(c, new(big.Int).Sub(q, big.NewInt(1)).Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if x, y := km.PublicKey().Point(); x.Cmp(p.X) != 0 || new(big.Int).Add(y, p.Y).Cmp(p.P) != 0 {
				t.Error("(q−1)·P != −P")
			}
			if got := k1.Bytes(); len(got) != n || got[n-1] != 1 {
				t.Errorf("Bytes() = %x", got)
			}
			// Determinism of GenerateKey.
			a, err := GenerateKey(c, newDetReader("det"))
			if err != nil {
				t.Fatal(err)
			}
			b, err := GenerateKey(c, newDetReader("det"))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Equal(b) || !a.PublicKey().Equal(b.Public()) || a.Equal(k1) {
				t.Error("GenerateKey is not deterministic or Equal is wrong")
			}
			if _, err := GenerateKey(c, bytes.NewReader(make([]byte, 10))); err == nil {
				t.Error("GenerateKey with a short reader succeeded")
			}
			if _, err := GenerateKey(c, bytes.NewReader(make([]byte, 100*n))); err == nil {
				t.Error("GenerateKey with an all-zero reader succeeded")
			}
			if _, err := a.Sign(bytes.NewReader(nil), make([]byte, n), nil); err == nil {
				t.Error("Sign with an empty reader succeeded")
			}
			if k, err := GenerateKey(c, nil); err != nil || k.Curve() != c {
				t.Errorf("GenerateKey(nil reader): %v", err)
			}
		})
	}
	if _, err := GenerateKey(nil, nil); err == nil {
		t.Error("GenerateKey(nil curve) succeeded")
	}
	if _, err := NewPrivateKey(nil, []byte{1}); err == nil {
		t.Error("NewPrivateKey(nil curve) succeeded")
	}
	var nilKey *PrivateKey
	if _, err := nilKey.Sign(nil, nil, nil); err == nil {
		t.Error("nil key signed")
	}
}

// TestExceptionalVerification drives the verification arithmetic into its
// exceptional cases with crafted keys and signatures and compares with the
// reference: Q = ±P or ±2P (so table entries and running sums coincide),
// z1·P + z2·Q = O (s = r with Q = P), z1 = z2.
func TestExceptionalVerification(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			q := c.Params().Q
			rd := newDetReader("exceptional " + c.Name)
			for _, d := range []*big.Int{big.NewInt(1), big.NewInt(2), big.NewInt(3), new(big.Int).Sub(q, big.NewInt(1)), new(big.Int).Sub(q, big.NewInt(2))} {
				key, err := NewPrivateKey(c, d.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				pub := key.PublicKey()
				ref, ok := refPublic(c, pub.Bytes())
				if !ok {
					t.Fatal("reference rejects the key")
				}
				for i := range 2 + iterations(4) {
					digest := randBytes(rd, n)
					var s, r *big.Int
					switch i {
					case 0: // s = r: with d = q−1, z1 + z2·d ≡ (s + r)/e… and with d = 1, C = O
						r = new(big.Int).SetBytes(randBytes(rd, n))
						r.Mod(r, q)
						s = new(big.Int).Set(r)
					case 1: // s = q − r: z1 = z2
						r = new(big.Int).SetBytes(randBytes(rd, n))
						r.Mod(r, q)
						s = new(big.Int).Sub(q, r)
					default:
						r = new(big.Int).SetBytes(randBytes(rd, n))
						r.Mod(r, q)
						s = new(big.Int).SetBytes(randBytes(rd, n))
						s.Mod(s, q)
					}
					if r.Sign() == 0 || s.Sign() == 0 {
						continue
					}
					sig := make([]byte, 2*n)
					s.FillBytes(sig[:n])
					r.FillBytes(sig[n:])
					want := refVerify(c, ref, digest, sig)
					got := pub.VerifyDigest(digest, sig) == nil
					if got != want {
						t.Fatalf("d=%x case %d: fast %v, reference %v", d, i, got, want)
					}
				}
				// A real signature under these keys.
				digest := randBytes(rd, n)
				sig, err := key.Sign(rd, digest, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := pub.VerifyDigest(digest, sig); err != nil {
					t.Fatalf("d=%x: %v", d, err)
				}
			}
		})
	}
}

// TestDifferentialVerify compares VerifyDigest with the math/big reference on
// random and near-valid inputs on every curve.
func TestDifferentialVerify(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			n := c.PointSize()
			rd := newDetReader("differential " + c.Name)
			key, err := GenerateKey(c, rd)
			if err != nil {
				t.Fatal(err)
			}
			pub := key.PublicKey()
			ref, _ := refPublic(c, pub.Bytes())
			agree := 0
			for i := range iterations(40) {
				digest := randBytes(rd, n)
				var sig []byte
				switch i % 4 {
				case 0: // random bytes
					sig = randBytes(rd, 2*n)
				case 1: // random in range
					sig = randBytes(rd, 2*n)
					sig[0] &= 0x3f
					sig[n] &= 0x3f
				default: // valid, then maybe mutated
					sig, err = key.Sign(rd, digest, nil)
					if err != nil {
						t.Fatal(err)
					}
					if i%4 == 3 {
						sig[int(digest[0])%(2*n)] ^= digest[1] | 1
					}
				}
				got := pub.VerifyDigest(digest, sig) == nil
				want := refVerify(c, ref, digest, sig)
				if got != want {
					t.Fatalf("digest %x sig %x: fast %v, reference %v", digest, sig, got, want)
				}
				if got {
					agree++
				}
			}
			if agree == 0 {
				t.Fatal("no valid signature among the differential inputs")
			}
		})
	}
}
