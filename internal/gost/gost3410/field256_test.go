package gost3410

import (
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"testing"
)

// This file is the source of field512_test.go (see internal/gen).

// moduli256 returns every distinct p and q of the curves whose field
// elements are fe256.
func moduli256() []*big.Int {
	var out []*big.Int
	seen := map[string]bool{}
	for _, c := range Curves() {
		if c.a256() == nil {
			continue
		}
		for _, m := range []*big.Int{c.params.P, c.params.Q} {
			if !seen[m.String()] {
				seen[m.String()] = true
				out = append(out, m)
			}
		}
	}
	return out
}

func fe256Of(t *testing.T, x *big.Int) fe256 {
	t.Helper()
	if x.Sign() < 0 || x.BitLen() > 8*bytes256 {
		t.Fatalf("value out of range: %x", x)
	}
	return fe256FromBig(x)
}

func TestField256(t *testing.T) {
	t.Parallel()
	for _, mod := range moduli256() {
		for _, special := range []bool{false, true} {
			name := mod.Text(16)
			name = name[:6] + "…" + name[len(name)-6:]
			if special {
				sf := newField256(mod, true)
				switch {
				case sf.c != 0:
					name += "/2^n−c"
				case sf.cp != 0:
					name += "/2^(n−1)+c"
				default:
					continue
				}
			}
			t.Run(name, func(t *testing.T) { testField256(t, mod, special) })
		}
	}
}

func testField256(t *testing.T, m *big.Int, special bool) {
	t.Parallel()
	f := newField256(m, special)
	rng := rand.New(rand.NewPCG(uint64(m.Bits()[0]), 1))
	R := new(big.Int).Lsh(big.NewInt(1), 64*limbs256)
	Rinv := new(big.Int).ModInverse(R, m)
	one := big.NewInt(1)
	vals := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3),
		new(big.Int).Sub(m, one), new(big.Int).Sub(m, big.NewInt(2)),
		new(big.Int).Rsh(m, 1), new(big.Int).Add(new(big.Int).Rsh(m, 1), one),
		new(big.Int).Sub(new(big.Int).Lsh(one, uint(m.BitLen()-1)), one),
		new(big.Int).Lsh(one, 64), new(big.Int).Sub(new(big.Int).Lsh(one, 64), one),
	}
	n := iterations(300)
	for range n {
		var b [bytes256]byte
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		v := new(big.Int).SetBytes(b[:])
		vals = append(vals, v.Mod(v, m))
	}
	toM := func(x *big.Int) fe256 {
		v := fe256Of(t, x)
		var z fe256
		f.toMont(&z, &v)
		return z
	}
	fromM := func(z *fe256) *big.Int {
		var v fe256
		f.fromMont(&v, z)
		r := v.toBig()
		if r.Cmp(m) >= 0 {
			t.Fatalf("unreduced result %x", r)
		}
		return r
	}
	mod := func(x *big.Int) *big.Int { return x.Mod(x, m) }
	for i, x := range vals {
		y := vals[(i*7+3)%len(vals)]
		if i%5 == 4 {
			y = vals[len(vals)-1-(i%11)]
		}
		xm, ym := toM(x), toM(y)
		var z fe256
		check := func(op string, got, want *big.Int) {
			t.Helper()
			if got.Cmp(want) != 0 {
				t.Fatalf("%s(%x, %x) = %x, want %x", op, x, y, got, want)
			}
		}
		f.mul(&z, &xm, &ym)
		check("mul", fromM(&z), mod(new(big.Int).Mul(x, y)))
		f.sqr(&z, &xm)
		check("sqr", fromM(&z), mod(new(big.Int).Mul(x, x)))
		f.add(&z, &xm, &ym)
		check("add", fromM(&z), mod(new(big.Int).Add(x, y)))
		f.sub(&z, &xm, &ym)
		check("sub", fromM(&z), mod(new(big.Int).Sub(x, y)))
		f.neg(&z, &xm)
		check("neg", fromM(&z), mod(new(big.Int).Neg(x)))
		want := new(big.Int)
		if x.Sign() != 0 {
			want.ModInverse(x, m)
		}
		if i%8 == 0 {
			f.inv(&z, &xm)
			check("inv", fromM(&z), want)
		}
		xp, yp := fe256Of(t, x), fe256Of(t, y)
		f.invVartime(&z, &xp)
		check("invVartime", z.toBig(), want)
		if special {
			continue
		}
		// Raw Montgomery product on plain operands.
		f.montMul(&z, &xp, &yp)
		check("montMul", z.toBig(), mod(new(big.Int).Mul(new(big.Int).Mul(x, y), Rinv)))
		f.montSqr(&z, &xp)
		check("montSqr", z.toBig(), mod(new(big.Int).Mul(new(big.Int).Mul(x, x), Rinv)))
	}
	// reduce and toMont accept any value below 2^256.
	top := new(big.Int).Sub(R, one)
	for _, x := range []*big.Int{top, m, new(big.Int).Add(m, one), new(big.Int).Sub(R, m)} {
		if x.BitLen() > 8*bytes256 {
			continue
		}
		xp := fe256Of(t, x)
		var z fe256
		f.reduce(&z, &xp)
		if z.toBig().Cmp(mod(new(big.Int).Set(x))) != 0 {
			t.Fatalf("reduce(%x) = %x", x, z.toBig())
		}
	}
}

func TestFe256Helpers(t *testing.T) {
	t.Parallel()
	var b [bytes256]byte
	for i := range b {
		b[i] = byte(i + 1)
	}
	x := fe256FromBE(b[:])
	if x.toBig().Cmp(new(big.Int).SetBytes(b[:])) != 0 {
		t.Fatal("fe256FromBE")
	}
	var out [bytes256]byte
	x.putBE(out[:])
	if out != b {
		t.Fatal("putBE")
	}
	y := fe256FromLE(b[:])
	y.putLE(out[:])
	if out != b {
		t.Fatal("putLE")
	}
	var z fe256
	if !z.isZero() || x.isZero() || x.ctEqual(&y) == 1 || x.ctEqual(&x) != 1 {
		t.Fatal("isZero/ctEqual")
	}
	if !fe256Less(&z, &x) || fe256Less(&x, &z) || fe256Less(&x, &x) {
		t.Fatal("fe256Less")
	}
	var s fe256
	fe256Select(&s, &x, &y, 1)
	if s != x {
		t.Fatal("select 1")
	}
	fe256Select(&s, &x, &y, 0)
	if s != y {
		t.Fatal("select 0")
	}
}

// TestSpecialReduction256 drives the special reductions with crafted
// double-width inputs, including those that make the second fold of the
// 2^(n−1)+c reduction borrow.
func TestSpecialReduction256(t *testing.T) {
	t.Parallel()
	for _, m := range moduli256() {
		f := newField256(m, true)
		if f.c == 0 && f.cp == 0 {
			continue
		}
		N := uint(64 * limbs256)
		R := new(big.Int).Lsh(big.NewInt(1), N)
		rng := rand.New(rand.NewPCG(7, uint64(m.Bits()[0])))
		rnd := func(bits uint) *big.Int {
			v := new(big.Int)
			for range (bits + 63) / 64 {
				v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(rng.Uint64()))
			}
			return v.Rsh(v, uint(64*((bits+63)/64))-bits)
		}
		var ws []*big.Int
		top := new(big.Int).Sub(new(big.Int).Lsh(R, N), big.NewInt(1))
		ws = append(ws, big.NewInt(0), big.NewInt(1), top, new(big.Int).Lsh(R, 0), new(big.Int).Mul(m, m))
		for range 200 {
			ws = append(ws, rnd(2*N))
		}
		if f.cp != 0 {
			// L ≡ δ − (k2·¬H + K) (mod 2^N) makes the first fold's low word δ,
			// so the second fold borrows.
			k2 := new(big.Int).SetUint64(f.cp)
			K := f.kp.toBig()
			mask := new(big.Int).Sub(R, big.NewInt(1))
			for i := range 100 {
				H := rnd(N)
				a := new(big.Int).Xor(H, mask)
				a.Mul(a, k2).Add(a, K)
				L := new(big.Int).Sub(big.NewInt(int64(i%5)), a)
				L.Mod(L, R)
				ws = append(ws, new(big.Int).Add(new(big.Int).Lsh(H, N), L))
			}
		}
		for _, w := range ws {
			var arr [2 * limbs256]uint64
			var buf [16 * limbs256]byte
			w.FillBytes(buf[:])
			for i := range arr {
				arr[i] = binary.BigEndian.Uint64(buf[len(buf)-8-8*i:])
			}
			var z fe256
			if f.c != 0 {
				f.pmReduceWide(&z, &arr)
			} else {
				f.ppReduceWide(&z, &arr)
			}
			if want := new(big.Int).Mod(w, m); z.toBig().Cmp(want) != 0 {
				t.Fatalf("p=%x: reduce(%x) = %x, want %x", m, w, z.toBig(), want)
			}
		}
	}
}
