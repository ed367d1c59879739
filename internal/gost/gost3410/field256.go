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

// shiftRight256 sets x = x >> k for 0 < k < 64.
func shiftRight256(x *fe256, k uint) {
	for i := range limbs256 - 1 {
		x[i] = x[i]>>k | x[i+1]<<(64-k)
	}
	x[limbs256-1] >>= k
}

// shiftLeft256 sets x = x << k for 0 < k < 64; the bits shifted out of the
// top limb are lost.
func shiftLeft256(x *fe256, k uint) {
	for i := limbs256 - 1; i > 0; i-- {
		x[i] = x[i]<<k | x[i-1]>>(64-k)
	}
	x[0] <<= k
}

// stripTwos256 divides the even, nonzero x by 2^j and multiplies y by 2^j,
// where 2^j is the largest power of two dividing x, and returns j.
func stripTwos256(x, y *fe256) uint {
	var j uint
	for x[0] == 0 {
		copy(x[:], x[1:])
		x[limbs256-1] = 0
		copy(y[1:], y[:limbs256-1])
		y[0] = 0
		j += 64
	}
	if k := uint(bits.TrailingZeros64(x[0])); k > 0 {
		shiftRight256(x, k)
		shiftLeft256(y, k)
		j += k
	}
	return j
}

// invVartime sets z = x⁻¹ mod p for a plain integer 0 ≤ x < p (plain form
// in and out; the inverse of 0 is 0). It runs in variable time: use it for
// public values only.
//
// It is Kaliski's almost Montgomery inverse, with every run of halvings done
// as one shift: the loop keeps p = u·s + v·r with u, v > 0 (so r, s ≤ p fit
// in the limbs) and yields r ≡ −x⁻¹·2^k (mod p) with k ≤ 2·64·limbs256; two
// Montgomery multiplications by powers of two then remove the factor 2^k.
// The loop uses only shifts, additions and subtractions.
func (f *field256) invVartime(z, x *fe256) {
	if x.isZero() {
		*z = fe256{}
		return
	}
	u, v := f.p, *x
	var r, s fe256
	s[0] = 1
	k := stripTwos256(&v, &r) // u = p is odd
	for {
		// u and v are odd here.
		if fe256Less(&v, &u) {
			fe256SubPlain(&u, &u, &v)
			fe256AddPlain(&r, &r, &s)
			k += stripTwos256(&u, &s)
			continue
		}
		fe256SubPlain(&v, &v, &u)
		fe256AddPlain(&s, &s, &r)
		if v.isZero() {
			break // u = v = 1 before the subtraction
		}
		k += stripTwos256(&v, &r)
	}
	// The final step doubles r (r ≤ p before it): 2r mod p, then −r mod p.
	var t fe256
	carry := fe256AddPlain(&r, &r, &r)
	if b := fe256SubPlain(&t, &r, &f.p); carry == 1 || b == 0 {
		r = t
	}
	k++
	f.condSubP(&r, &r)
	if !r.isZero() {
		fe256SubPlain(&r, &f.p, &r)
	}
	// r = x⁻¹·2^k with k ≤ 2·64·limbs256: multiply by 2^j1 and 2^j2 with
	// j1 + j2 = 2·64·limbs256 − k, each below 2^(64·limbs256), in two
	// Montgomery multiplications (each contributes a factor R⁻¹).
	j := uint(2*64*limbs256) - k
	j1 := min(j, 64*limbs256-1)
	var c1, c2 fe256
	c1[j1/64] = 1 << (j1 % 64)
	j2 := j - j1
	c2[j2/64] = 1 << (j2 % 64)
	f.montMul(&r, &r, &c1)
	f.montMul(z, &r, &c2)
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
