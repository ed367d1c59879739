package gost3410

import (
	"encoding/binary"
	"math/big"
	"math/bits"
)

// This file is the source of field512.go: internal/gen copies it with every
// "256" replaced by "512". Keep the literal out of anything but identifiers
// and comments.

// field256 is arithmetic modulo an odd modulus m < 2^256 (a curve prime p or
// a subgroup order q). Elements handed to its methods are fe256 values in
// internal form unless a method says otherwise. The internal form is the
// Montgomery form x·R mod m with R = 2^(64·limbs256), except for moduli
// m = 2^(64·limbs256) − c with a small c (pseudo-Mersenne primes), which use
// the plain residue and a special reduction (R = 1), and likewise for
// m = 2^(64·limbs256−1) + c. All methods except
// exp's exponent handling run in time independent of the element values.
type field256 struct {
	p   fe256  // the modulus
	n0  uint64 // −p⁻¹ mod 2^64
	c   uint64 // c of a pseudo-Mersenne modulus 2^(64·limbs256) − c, else 0
	cp  uint64 // 2c for a modulus 2^(64·limbs256−1) + c, else 0
	kp  fe256  // −2c·(2^(64·limbs256) − 1) mod p for that form
	rr  fe256  // R² mod p
	one fe256  // R mod p: 1 in the internal form
	pm2 fe256  // p − 2, the Fermat inversion exponent
}

// newField256 prepares arithmetic modulo the odd m, 2 < m < 2^256. With
// special set, a pseudo-Mersenne m gets the faster special reduction (only
// for curve primes: the verification code uses Montgomery-specific tricks
// on scalar fields). It is called only while building the curve table at
// package init.
func newField256(m *big.Int, special bool) *field256 {
	f := new(field256)
	f.p = fe256FromBig(m)
	inv := uint64(1) // Newton iteration: inv = p[0]⁻¹ mod 2^64
	for range 6 {
		inv *= 2 - f.p[0]*inv
	}
	f.n0 = -inv
	r := new(big.Int).Lsh(big.NewInt(1), 64*limbs256)
	if c := new(big.Int).Sub(r, m); special && c.IsUint64() && c.Uint64() < 1<<32 {
		f.c = c.Uint64()
		f.one = fe256{1}
		f.rr = fe256{1}
		f.pm2 = fe256FromBig(new(big.Int).Sub(m, big.NewInt(2)))
		return f
	}
	half := new(big.Int).Rsh(r, 1)
	if c := new(big.Int).Sub(m, half); special && c.Sign() > 0 && c.IsUint64() && c.Uint64() < 1<<32 {
		f.cp = 2 * c.Uint64()
		k := new(big.Int).Sub(r, big.NewInt(1))
		k.Mul(k, new(big.Int).SetUint64(f.cp)).Neg(k).Mod(k, m)
		f.kp = fe256FromBig(k)
		f.one = fe256{1}
		f.rr = fe256{1}
		f.pm2 = fe256FromBig(new(big.Int).Sub(m, big.NewInt(2)))
		return f
	}
	f.one = fe256FromBig(new(big.Int).Mod(r, m))
	f.rr = fe256FromBig(new(big.Int).Mod(new(big.Int).Mul(r, r), m))
	f.pm2 = fe256FromBig(new(big.Int).Sub(m, big.NewInt(2)))
	return f
}

// fe256FromBig converts 0 ≤ x < 2^256 to limbs (no Montgomery conversion).
func fe256FromBig(x *big.Int) fe256 {
	var b [bytes256]byte
	x.FillBytes(b[:])
	return fe256FromBE(b[:])
}

// toBig returns x as a big integer (no Montgomery conversion); for set-up and
// tests only.
func (x *fe256) toBig() *big.Int {
	var b [bytes256]byte
	x.putBE(b[:])
	return new(big.Int).SetBytes(b[:])
}

// fe256FromBE reads exactly bytes256 big-endian bytes.
func fe256FromBE(b []byte) (z fe256) {
	_ = b[bytes256-1]
	for i := range limbs256 {
		z[i] = binary.BigEndian.Uint64(b[bytes256-8-8*i:])
	}
	return z
}

// fe256FromLE reads exactly bytes256 little-endian bytes.
func fe256FromLE(b []byte) (z fe256) {
	_ = b[bytes256-1]
	for i := range limbs256 {
		z[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return z
}

// putBE writes x as bytes256 big-endian bytes into b.
func (x *fe256) putBE(b []byte) {
	_ = b[bytes256-1]
	for i := range limbs256 {
		binary.BigEndian.PutUint64(b[bytes256-8-8*i:], x[i])
	}
}

// putLE writes x as bytes256 little-endian bytes into b.
func (x *fe256) putLE(b []byte) {
	_ = b[bytes256-1]
	for i := range limbs256 {
		binary.LittleEndian.PutUint64(b[8*i:], x[i])
	}
}

// isZero reports whether x is zero. It is constant time.
func (x *fe256) isZero() bool { return x.ctIsZero() == 1 }

// ctIsZero returns 1 if x is zero and 0 otherwise, in constant time.
func (x *fe256) ctIsZero() uint64 {
	var acc uint64
	for i := range limbs256 {
		acc |= x[i]
	}
	// acc|−acc has its top bit set exactly when acc ≠ 0.
	return 1 ^ ((acc | -acc) >> 63)
}

// ctEqual returns 1 if x = y and 0 otherwise, in constant time.
func (x *fe256) ctEqual(y *fe256) uint64 {
	var acc uint64
	for i := range limbs256 {
		acc |= x[i] ^ y[i]
	}
	return 1 ^ ((acc | -acc) >> 63)
}

// fe256Less reports whether x < y as integers, in constant time.
func fe256Less(x, y *fe256) bool {
	var b uint64
	for i := range limbs256 {
		_, b = bits.Sub64(x[i], y[i], b)
	}
	return b == 1
}

// fe256AddPlain sets z = x + y as integers and returns the carry out.
func fe256AddPlain(z, x, y *fe256) uint64 {
	var c uint64
	for i := range limbs256 {
		z[i], c = bits.Add64(x[i], y[i], c)
	}
	return c
}

// fe256SubPlain sets z = x − y as integers and returns the borrow out.
func fe256SubPlain(z, x, y *fe256) uint64 {
	var b uint64
	for i := range limbs256 {
		z[i], b = bits.Sub64(x[i], y[i], b)
	}
	return b
}

// fe256Select sets z = x if cond = 1 and z = y if cond = 0, in constant time.
func fe256Select(z, x, y *fe256, cond uint64) {
	m := -cond
	for i := range limbs256 {
		z[i] = (x[i] & m) | (y[i] &^ m)
	}
}

// condSubP sets z = x − p if x ≥ p and z = x otherwise, in constant time.
// For x < 2p it yields x mod p.
func (f *field256) condSubP(z, x *fe256) {
	var t fe256
	b := fe256SubPlain(&t, x, &f.p)
	fe256Select(z, x, &t, b)
}

// neg sets z = −x mod p.
func (f *field256) neg(z, x *fe256) {
	var zero fe256
	f.sub(z, &zero, x)
}

// double sets z = 2x mod p.
func (f *field256) double(z, x *fe256) { f.add(z, x, x) }

// toMont sets z to the internal form of any integer 0 ≤ x < 2^256 (x need
// not be reduced: the result represents x mod p).
func (f *field256) toMont(z, x *fe256) {
	if f.c != 0 || f.cp != 0 {
		f.condSubP(z, x) // x < 2^256 < 2p
		return
	}
	f.montMul(z, x, &f.rr)
}

// fromMont sets z to the reduced integer represented by the internal form x.
func (f *field256) fromMont(z, x *fe256) {
	if f.c != 0 || f.cp != 0 {
		*z = *x
		return
	}
	one := fe256{1}
	f.montMul(z, x, &one)
}

// reduce sets z = x mod p for any integer 0 ≤ x < 2^256 (plain form in and out).
func (f *field256) reduce(z, x *fe256) {
	var t fe256
	f.toMont(&t, x)
	f.fromMont(z, &t)
}

// exp sets z = x^e (internal form) with a fixed 4-bit window. The sequence
// of operations depends only on e, which must therefore be public.
func (f *field256) exp(z, x, e *fe256) {
	var tab [16]fe256
	tab[0] = f.one
	tab[1] = *x
	for i := 2; i < 16; i++ {
		f.mul(&tab[i], &tab[i-1], x)
	}
	acc := f.one
	for i := limbs256*16 - 1; i >= 0; i-- {
		f.sqr(&acc, &acc)
		f.sqr(&acc, &acc)
		f.sqr(&acc, &acc)
		f.sqr(&acc, &acc)
		w := (e[i/16] >> (uint(i%16) * 4)) & 15
		f.mul(&acc, &acc, &tab[w])
	}
	*z = acc
}

// inv sets z = x⁻¹ (internal form) by Fermat's little theorem, in constant
// time; the inverse of zero is zero.
func (f *field256) inv(z, x *fe256) { f.exp(z, x, &f.pm2) }

// shiftRight256 sets x = x >> k for 0 < k < 64, with top shifted in as the
// new most significant bits.
func shiftRight256(x *fe256, k uint, top uint64) {
	for i := range limbs256 - 1 {
		x[i] = x[i]>>k | x[i+1]<<(64-k)
	}
	x[limbs256-1] = x[limbs256-1]>>k | top<<(64-k)
}

// halve256 sets a = a·2⁻ᵏ mod p for a < p and 0 < k < 64: adding m·p with
// m = −a·p⁻¹ mod 2ᵏ makes the value divisible by 2ᵏ (a Montgomery step).
func (f *field256) halve(a *fe256, k uint) {
	m := (a[0] * f.n0) & (1<<k - 1)
	var c, hi, lo uint64
	for i := range limbs256 {
		hi, lo = bits.Mul64(m, f.p[i])
		var cc uint64
		lo, cc = bits.Add64(lo, c, 0)
		hi += cc
		a[i], cc = bits.Add64(a[i], lo, 0)
		c = hi + cc
	}
	shiftRight256(a, k, c)
	f.condSubP(a, a)
}

// invVartime sets z = x⁻¹ mod p for a plain integer 0 ≤ x < p (plain form
// in and out; the inverse of 0 is 0) with the binary extended Euclidean
// algorithm. It runs in variable time: use it for public values only.
func (f *field256) invVartime(z, x *fe256) {
	if x.isZero() {
		*z = fe256{}
		return
	}
	// Invariants: a·x ≡ u and b·x ≡ v (mod p); u, v > 0, gcd(u, v) = 1.
	u, v := *x, f.p
	var a, b fe256
	a[0] = 1
	for {
		for u[0] == 0 {
			shiftRight256(&u, 32, 0)
			shiftRight256(&u, 32, 0)
			f.halve(&a, 32)
			f.halve(&a, 32)
		}
		if k := uint(bits.TrailingZeros64(u[0])); k > 0 {
			shiftRight256(&u, k, 0)
			f.halve(&a, k)
		}
		// v is odd here: it starts as p and is only replaced by odd values.
		if u[0] == 1 && isOneHigh256(&u) {
			*z = a
			return
		}
		if v[0] == 1 && isOneHigh256(&v) {
			*z = b
			return
		}
		if fe256Less(&u, &v) {
			u, v = v, u
			a, b = b, a
		}
		fe256SubPlain(&u, &u, &v) // even, > 0
		f.sub(&a, &a, &b)
	}
}

// isOneHigh256 reports whether the limbs above the lowest are all zero.
func isOneHigh256(x *fe256) bool {
	for i := 1; i < limbs256; i++ {
		if x[i] != 0 {
			return false
		}
	}
	return true
}

// invBatch replaces every element of xs by its inverse (internal form) with
// one inversion and 3(len−1) multiplications (Montgomery's trick). The
// elements must be nonzero. Set-up only: it allocates.
func (f *field256) invBatch(xs []fe256) {
	if len(xs) == 0 {
		return
	}
	prefix := make([]fe256, len(xs)) // prefix[i] = x0·…·xi
	prefix[0] = xs[0]
	for i := 1; i < len(xs); i++ {
		f.mul(&prefix[i], &prefix[i-1], &xs[i])
	}
	var acc fe256 // (x0·…·xi)⁻¹
	f.inv(&acc, &prefix[len(xs)-1])
	for i := len(xs) - 1; i > 0; i-- {
		var xi fe256
		f.mul(&xi, &acc, &prefix[i-1])
		f.mul(&acc, &acc, &xs[i])
		xs[i] = xi
	}
	xs[0] = acc
}
