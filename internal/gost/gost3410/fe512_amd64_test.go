//go:build amd64 && !purego

package gost3410

import (
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"testing"
)

// Tests of the BMI2/ADX assembly (fe512_amd64.s) against math/big, and of
// the pure-Go field code that it replaces on this machine.

// adxModuli are the c of the moduli 2^512 − c used with the fused
// assembly: the prime of tc26-512-A and -C, and extreme values of c.
var adxModuli = []uint64{569, 1, 3, 0x7fffffff, 0xffffffff, 0x12345679}

// adxValues returns 512-bit integers that stress the carry chains and the
// reductions: small values, values around 2^512 − c for each c (some of
// them ≥ p, which the assembly accepts), limb patterns and random values.
func adxValues(rng *rand.Rand, nRandom int) []*big.Int {
	one := big.NewInt(1)
	R := new(big.Int).Lsh(one, 512)
	var vals []*big.Int
	for _, v := range []int64{0, 1, 2, 3, 569} {
		vals = append(vals, big.NewInt(v))
	}
	for _, c := range adxModuli {
		for _, d := range []int64{-2, -1, 0, 1, 2} {
			v := new(big.Int).Sub(R, new(big.Int).SetUint64(c)) // p
			v.Add(v, big.NewInt(d))
			if v.Cmp(R) < 0 {
				vals = append(vals, v)
			}
		}
	}
	for _, a := range []int64{1, 2, 3, 4, 568, 570, 1 << 20} {
		vals = append(vals, new(big.Int).Sub(R, big.NewInt(a)))
	}
	for k := range 8 {
		vals = append(vals,
			new(big.Int).Lsh(one, uint(64*k)),                           // a single one bit
			new(big.Int).Sub(new(big.Int).Lsh(one, uint(64*k+64)), one), // low limbs all ones
			new(big.Int).Lsh(new(big.Int).SetUint64(^uint64(0)), uint(64*k)))
	}
	limbChoices := []uint64{0, 1, ^uint64(0), ^uint64(0) - 1, 1 << 63}
	for i := range nRandom {
		var x fe512
		for j := range x {
			if i%2 == 0 {
				x[j] = rng.Uint64()
			} else {
				x[j] = limbChoices[rng.IntN(len(limbChoices))]
			}
		}
		vals = append(vals, x.toBig())
	}
	return vals
}

func requireADX(t testing.TB) {
	t.Helper()
	if !useADX512 {
		t.Skip("CPU without BMI2/ADX")
	}
}

// checkADX compares every assembly function on x and y with math/big.
func checkADX(t testing.TB, x, y *big.Int) {
	t.Helper()
	xf, yf := fe512FromBig(x), fe512FromBig(y)
	wideOf := func(w *[2 * limbs512]uint64) *big.Int {
		var b [16 * limbs512]byte
		for i, l := range w {
			binary.BigEndian.PutUint64(b[len(b)-8-8*i:], l)
		}
		return new(big.Int).SetBytes(b[:])
	}
	var w [2 * limbs512]uint64
	fe512MulWideADX(&w, &xf, &yf)
	xy := new(big.Int).Mul(x, y)
	if got := wideOf(&w); got.Cmp(xy) != 0 {
		t.Fatalf("MulWide(%x, %x) = %x, want %x", x, y, got, xy)
	}
	fe512SqrWideADX(&w, &xf)
	xx := new(big.Int).Mul(x, x)
	if got := wideOf(&w); got.Cmp(xx) != 0 {
		t.Fatalf("SqrWide(%x) = %x, want %x", x, got, xx)
	}
	for _, c := range adxModuli {
		p := new(big.Int).Lsh(big.NewInt(1), 512)
		p.Sub(p, new(big.Int).SetUint64(c))
		var z fe512
		fe512MulPMADX(&z, &xf, &yf, c)
		if want := new(big.Int).Mod(xy, p); z.toBig().Cmp(want) != 0 {
			t.Fatalf("c=%d: MulPM(%x, %x) = %x, want %x", c, x, y, z.toBig(), want)
		}
		fe512SqrPMADX(&z, &xf, c)
		if want := new(big.Int).Mod(xx, p); z.toBig().Cmp(want) != 0 {
			t.Fatalf("c=%d: SqrPM(%x) = %x, want %x", c, x, z.toBig(), want)
		}
		// In place: z aliases x, then y.
		z = xf
		fe512MulPMADX(&z, &z, &yf, c)
		if want := new(big.Int).Mod(xy, p); z.toBig().Cmp(want) != 0 {
			t.Fatalf("c=%d: in-place MulPM(%x, %x) = %x", c, x, y, z.toBig())
		}
		z = yf
		fe512MulPMADX(&z, &xf, &z, c)
		if want := new(big.Int).Mod(xy, p); z.toBig().Cmp(want) != 0 {
			t.Fatalf("c=%d: in-place MulPM(%x, %x) = %x", c, x, y, z.toBig())
		}
		z = xf
		fe512SqrPMADX(&z, &z, c)
		if want := new(big.Int).Mod(xx, p); z.toBig().Cmp(want) != 0 {
			t.Fatalf("c=%d: in-place SqrPM(%x) = %x", c, x, z.toBig())
		}
	}
}

// pmPath classifies w by the branch that the reduction modulo 2^512 − c
// takes (see asmPMReduce in internal/gen): 0 plain, 1 the fold of the top
// word wraps, 2 the result is ≥ p and p is subtracted.
func pmPath(w *big.Int, c uint64) int {
	R := new(big.Int).Lsh(big.NewInt(1), 512)
	mask := new(big.Int).Sub(R, big.NewInt(1))
	cb := new(big.Int).SetUint64(c)
	u := new(big.Int).Rsh(w, 512)
	u.Mul(u, cb).Add(u, new(big.Int).And(w, mask))
	top := new(big.Int).Rsh(u, 512)
	u.And(u, mask).Add(u, top.Mul(top, cb))
	if u.Cmp(R) >= 0 {
		return 1
	}
	if u.Cmp(new(big.Int).Sub(R, cb)) >= 0 {
		return 2
	}
	return 0
}

func TestADX512(t *testing.T) {
	requireADX(t)
	t.Parallel()
	rng := rand.New(rand.NewPCG(512, 569))
	vals := adxValues(rng, iterations(200))
	var paths [3]int
	for i, x := range vals {
		for _, y := range []*big.Int{x, vals[(i*7+3)%len(vals)], vals[len(vals)-1-i%13], vals[rng.IntN(len(vals))]} {
			checkADX(t, x, y)
			paths[pmPath(new(big.Int).Mul(x, y), 569)]++
		}
	}
	// Every branch of the reduction must have been taken (for c = 569).
	for k, n := range paths {
		if n == 0 {
			t.Errorf("reduction path %d never taken", k)
		}
	}
}

// TestMul512Dispatch checks mul and sqr (whichever path they take) against
// mulGeneric and sqrGeneric, the pure-Go code, for every 512-bit modulus
// and kind of reduction.
func TestMul512Dispatch(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, m := range moduli512() {
		for _, special := range []bool{false, true} {
			f := newField512(m, special)
			vals := []fe512{{}, f.one, {1}}
			var pm1 fe512
			fe512SubPlain(&pm1, &f.p, &fe512{1})
			vals = append(vals, pm1)
			for range iterations(100) {
				var r fe512
				for j := range r {
					r[j] = rng.Uint64()
				}
				x := fe512FromBig(r.toBig().Mod(r.toBig(), m))
				f.toMont(&x, &x)
				vals = append(vals, x)
			}
			for i, x := range vals {
				y := vals[(i*5+1)%len(vals)]
				var a, b fe512
				f.mul(&a, &x, &y)
				f.mulGeneric(&b, &x, &y)
				if a != b {
					t.Fatalf("p=%x special=%v: mul(%x, %x) = %x, generic %x", m, special, x, y, a, b)
				}
				f.sqr(&a, &x)
				f.sqrGeneric(&b, &x)
				if a != b {
					t.Fatalf("p=%x special=%v: sqr(%x) = %x, generic %x", m, special, x, a, b)
				}
			}
		}
	}
}

// TestWithoutADX512 runs the field, reference and vector tests with the
// assembly switched off, so that the pure-Go 512-bit code used on other
// CPUs stays tested on this one. It is not parallel: it changes useADX512
// while no other test runs, and restores it after all its subtests.
func TestWithoutADX512(t *testing.T) {
	requireADX(t)
	useADX512 = false
	t.Cleanup(func() { useADX512 = true })
	t.Run("Field512", TestField512)
	t.Run("SpecialReduction512", TestSpecialReduction512)
	t.Run("StandardExamples", TestStandardExamples)
	t.Run("SignVerifyAllCurves", TestSignVerifyAllCurves)
	t.Run("DifferentialVerify", TestDifferentialVerify)
}

// FuzzADX512 compares the assembly with math/big on arbitrary inputs.
func FuzzADX512(f *testing.F) {
	allOnes := make([]byte, 64)
	for i := range allOnes {
		allOnes[i] = 0xff
	}
	f.Add([]byte{1}, []byte{2})
	f.Add(allOnes, allOnes)
	f.Add(allOnes, []byte{1})
	f.Fuzz(func(t *testing.T, xb, yb []byte) {
		requireADX(t)
		x := new(big.Int).SetBytes(xb[:min(len(xb), 64)])
		y := new(big.Int).SetBytes(yb[:min(len(yb), 64)])
		checkADX(t, x, y)
	})
}
