package gost3410

import (
	"io"
	"math/big"
	"math/bits"
	"sync"
)

// This file is the source of ec512.go: internal/gen copies it with every
// "256" replaced by "512". Keep the literal out of anything but identifiers
// and comments, and define only identifiers that carry the size suffix (or
// methods of such types).

// aff256 is an affine point (x, y), coordinates in internal form. It never
// represents the point at infinity.
type aff256 struct{ x, y fe256 }

// jac256 is a point in Jacobian coordinates: (X/Z², Y/Z³). Z = 0 is the point
// at infinity. Used by verification (variable time).
type jac256 struct{ x, y, z fe256 }

// proj256 is a point in homogeneous projective coordinates (X/Z, Y/Z); the
// identity is (0 : 1 : 0). Used by the complete, constant-time formulas.
type proj256 struct{ x, y, z fe256 }

// curve256 holds the precomputed arithmetic context of one curve whose prime
// and subgroup order both fit in 256 bits. Aliased parameter sets share one
// curve256.
type curve256 struct {
	fp, fq *field256   // arithmetic mod p and mod q
	a, b   fe256       // coefficients, internal form
	b3     fe256       // 3·b, internal form
	aIsM3  bool        // a ≡ −3 (mod p): cheaper doubling
	g      aff256      // base point
	qBits  int         // bit length of q
	cofac  bool        // cofactor > 1: check subgroup membership of keys
	ed     *edwards256 // twisted Edwards model used for verification, or nil

	gOnce sync.Once
	gTab  [gTableSize256]aff256 // G, 3G, 5G, … for the wNAF of z1

	gSplitOnce sync.Once
	gSplitTab  *split256 // the tables of G for precomputed keys
	ctTab      [ctTableSize]proj256
}

// newCurve256 builds the context from the textbook parameters. Used at init.
func newCurve256(p, a, b, q, x, y *big.Int, cofactor int) *curve256 {
	c := &curve256{fp: newField256(p, true), fq: newField256(q, false)}
	mont := func(v *big.Int) fe256 {
		t := fe256FromBig(new(big.Int).Mod(v, p))
		var z fe256
		c.fp.toMont(&z, &t)
		return z
	}
	c.a, c.b = mont(a), mont(b)
	c.b3 = mont(new(big.Int).Mul(b, big.NewInt(3)))
	c.aIsM3 = new(big.Int).Mod(new(big.Int).Add(a, big.NewInt(3)), p).Sign() == 0
	c.g = aff256{mont(x), mont(y)}
	c.qBits = q.BitLen()
	c.cofac = cofactor != 1
	if cofactor == 4 {
		if t := c.twoTorsionX(p); t != nil {
			if ep := newEdwardsParams(p, a, t); ep != nil {
				c.ed = &edwards256{d: mont(ep.d), s: mont(ep.s), t: mont(ep.t), lam: mont(ep.lam)}
			}
		}
	}
	c.initCTTable()
	return c
}

// twoTorsionX returns the x-coordinate of a rational point of order two, or
// nil: for a curve point R, q·R has order dividing the cofactor 4, and
// doubling it at most once more gives the point (t, 0). Set-up only.
func (c *curve256) twoTorsionX(p *big.Int) *big.Int {
	f := c.fp
	for x := int64(1); x < 1000; x++ {
		var pt aff256
		xv := fe256{uint64(x)}
		f.toMont(&pt.x, &xv)
		var rhs fe256
		f.sqr(&rhs, &pt.x)
		f.add(&rhs, &rhs, &c.a)
		f.mul(&rhs, &rhs, &pt.x)
		f.add(&rhs, &rhs, &c.b)
		f.fromMont(&rhs, &rhs)
		y := new(big.Int).ModSqrt(rhs.toBig(), p)
		if y == nil {
			continue
		}
		yv := fe256FromBig(y)
		f.toMont(&pt.y, &yv)
		// r = q·R by double-and-add (no tables: they need the Edwards model).
		var r jac256
		for i := 8*bytes256 - 1; i >= 0; i-- {
			c.double(&r, &r)
			if c.fq.p[i/64]>>(uint(i)%64)&1 == 1 {
				c.addMixed(&r, &r, &pt)
			}
		}
		if r.z.isZero() {
			continue
		}
		var ra aff256
		c.toAffine(&ra, &r)
		if !ra.y.isZero() {
			c.double(&r, &r)
			if r.z.isZero() {
				continue
			}
			c.toAffine(&ra, &r)
		}
		if ra.y.isZero() {
			var tx fe256
			f.fromMont(&tx, &ra.x)
			return tx.toBig()
		}
	}
	return nil
}

// onCurve reports whether (x, y) satisfies y² = x³ + ax + b.
func (c *curve256) onCurve(pt *aff256) bool {
	f := c.fp
	var l, r fe256
	f.sqr(&l, &pt.y)
	f.sqr(&r, &pt.x)
	f.add(&r, &r, &c.a)
	f.mul(&r, &r, &pt.x)
	f.add(&r, &r, &c.b)
	return l.ctEqual(&r) == 1
}

// ---------------------------------------------------------------------------
// Jacobian arithmetic (verification; variable time, public data only)

// setAffine sets r to the Jacobian form of the affine point p.
func (c *curve256) setAffine(r *jac256, p *aff256) {
	r.x, r.y, r.z = p.x, p.y, c.fp.one
}

// double sets r = 2p. Formulas dbl-2001-b (a = −3, 4M+4S with Z3 = 2YZ) and dbl-2007-bl
// (any a, 1M+8S+1·a) from the Explicit-Formulas Database. Infinity and
// points of order two give Z = 0.
func (c *curve256) double(r, p *jac256) {
	f := c.fp
	if c.aIsM3 {
		var delta, gamma, beta, alpha, t, x3, y3, z3 fe256
		f.sqr(&delta, &p.z)
		f.sqr(&gamma, &p.y)
		f.mul(&beta, &p.x, &gamma)
		f.sub(&t, &p.x, &delta)
		f.add(&alpha, &p.x, &delta)
		f.mul(&alpha, &alpha, &t)
		f.add(&t, &alpha, &alpha)
		f.add(&alpha, &alpha, &t) // alpha = 3(X−δ)(X+δ)
		f.mul(&z3, &p.y, &p.z)
		f.double(&z3, &z3) // Z3 = 2YZ: one multiplication instead of a square and three additions
		f.double(&beta, &beta)
		f.double(&beta, &beta) // 4β
		f.sqr(&x3, &alpha)
		f.double(&t, &beta) // 8β
		f.sub(&x3, &x3, &t)
		f.sub(&y3, &beta, &x3)
		f.mul(&y3, &y3, &alpha)
		f.sqr(&gamma, &gamma)
		f.double(&gamma, &gamma)
		f.double(&gamma, &gamma)
		f.double(&gamma, &gamma) // 8γ²
		f.sub(&y3, &y3, &gamma)
		r.x, r.y, r.z = x3, y3, z3
		return
	}
	var xx, yy, yyyy, zz, s, m, t, x3, y3, z3 fe256
	f.sqr(&xx, &p.x)
	f.sqr(&yy, &p.y)
	f.sqr(&yyyy, &yy)
	f.sqr(&zz, &p.z)
	f.add(&s, &p.x, &yy)
	f.sqr(&s, &s)
	f.sub(&s, &s, &xx)
	f.sub(&s, &s, &yyyy)
	f.double(&s, &s)
	f.sqr(&m, &zz)
	f.mul(&m, &m, &c.a)
	f.add(&m, &m, &xx)
	f.double(&t, &xx)
	f.add(&m, &m, &t) // M = 3XX + a·ZZ²
	f.add(&z3, &p.y, &p.z)
	f.sqr(&z3, &z3)
	f.sub(&z3, &z3, &yy)
	f.sub(&z3, &z3, &zz)
	f.sqr(&x3, &m)
	f.double(&t, &s)
	f.sub(&x3, &x3, &t)
	f.sub(&y3, &s, &x3)
	f.mul(&y3, &y3, &m)
	f.double(&yyyy, &yyyy)
	f.double(&yyyy, &yyyy)
	f.double(&yyyy, &yyyy)
	f.sub(&y3, &y3, &yyyy)
	r.x, r.y, r.z = x3, y3, z3
}

// addMixed sets r = p + q for an affine q (formula madd-2007-bl, 7M+4S),
// handling infinity and doubling.
func (c *curve256) addMixed(r, p *jac256, q *aff256) {
	if p.z.isZero() {
		c.setAffine(r, q)
		return
	}
	f := c.fp
	var z1z1, u2, s2, h, hh, i, j, rr, v, x3, y3, z3 fe256
	f.sqr(&z1z1, &p.z)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s2, &q.y, &p.z)
	f.mul(&s2, &s2, &z1z1)
	f.sub(&h, &u2, &p.x)
	f.sub(&rr, &s2, &p.y)
	if h.isZero() {
		if rr.isZero() {
			c.double(r, p)
			return
		}
		*r = jac256{}
		return
	}
	f.sqr(&hh, &h)
	f.double(&i, &hh)
	f.double(&i, &i)
	f.mul(&j, &h, &i)
	f.double(&rr, &rr)
	f.mul(&v, &p.x, &i)
	f.sqr(&x3, &rr)
	f.sub(&x3, &x3, &j)
	f.sub(&x3, &x3, &v)
	f.sub(&x3, &x3, &v)
	f.sub(&y3, &v, &x3)
	f.mul(&y3, &y3, &rr)
	f.mul(&j, &j, &p.y)
	f.double(&j, &j)
	f.sub(&y3, &y3, &j)
	f.add(&z3, &p.z, &h)
	f.sqr(&z3, &z3)
	f.sub(&z3, &z3, &z1z1)
	f.sub(&z3, &z3, &hh)
	r.x, r.y, r.z = x3, y3, z3
}

// add sets r = p + q (formula add-2007-bl, 11M+5S), handling infinity and
// doubling.
func (c *curve256) add(r, p, q *jac256) {
	if p.z.isZero() {
		*r = *q
		return
	}
	if q.z.isZero() {
		*r = *p
		return
	}
	f := c.fp
	var z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, x3, y3, z3 fe256
	f.sqr(&z1z1, &p.z)
	f.sqr(&z2z2, &q.z)
	f.mul(&u1, &p.x, &z2z2)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s1, &p.y, &q.z)
	f.mul(&s1, &s1, &z2z2)
	f.mul(&s2, &q.y, &p.z)
	f.mul(&s2, &s2, &z1z1)
	f.sub(&h, &u2, &u1)
	f.sub(&rr, &s2, &s1)
	if h.isZero() {
		if rr.isZero() {
			c.double(r, p)
			return
		}
		*r = jac256{}
		return
	}
	f.double(&i, &h)
	f.sqr(&i, &i)
	f.mul(&j, &h, &i)
	f.double(&rr, &rr)
	f.mul(&v, &u1, &i)
	f.sqr(&x3, &rr)
	f.sub(&x3, &x3, &j)
	f.sub(&x3, &x3, &v)
	f.sub(&x3, &x3, &v)
	f.sub(&y3, &v, &x3)
	f.mul(&y3, &y3, &rr)
	f.mul(&s1, &s1, &j)
	f.double(&s1, &s1)
	f.sub(&y3, &y3, &s1)
	f.add(&z3, &p.z, &q.z)
	f.sqr(&z3, &z3)
	f.sub(&z3, &z3, &z1z1)
	f.sub(&z3, &z3, &z2z2)
	f.mul(&z3, &z3, &h)
	r.x, r.y, r.z = x3, y3, z3
}

// toAffine converts a finite Jacobian point to affine coordinates.
func (c *curve256) toAffine(r *aff256, p *jac256) {
	f := c.fp
	var zi, zi2 fe256
	f.inv(&zi, &p.z)
	f.sqr(&zi2, &zi)
	f.mul(&r.x, &p.x, &zi2)
	f.mul(&zi2, &zi2, &zi)
	f.mul(&r.y, &p.y, &zi2)
}

// initGTable fills gTab with the odd multiples G, 3G, …, (2·gTableSize256−1)G,
// and the Edwards table when the curve has an Edwards model. Each table
// needs a single field inversion (Montgomery's simultaneous inversion).
func (c *curve256) initGTable() {
	f := c.fp
	var g jac256
	var jacs [gTableSize256]jac256
	var zs [gTableSize256]fe256
	c.setAffine(&g, &c.g)
	c.oddMultiples(jacs[:], &g)
	for i := range jacs {
		zs[i] = jacs[i].z
	}
	f.invBatch(zs[:])
	for i := range jacs {
		c.jacToAffine(&c.gTab[i], &jacs[i], &zs[i])
	}
	if c.ed != nil {
		c.edwAffineBatch(c.ed.gTab[:], c.gTab[:])
	}
}

// oddMultiples sets dst[i] = (2i+1)·p.
func (c *curve256) oddMultiples(dst []jac256, p *jac256) {
	var p2 jac256
	c.double(&p2, p)
	dst[0] = *p
	for i := 1; i < len(dst); i++ {
		c.add(&dst[i], &dst[i-1], &p2)
	}
}

// wnaf256 writes the width-w non-adjacent form of the integer k (plain limbs)
// into out, least significant digit first, and returns the number of digits.
// Digits are odd in (−2^(w−1), 2^(w−1)) or zero (w ≤ 15). out must be zeroed. Variable
// time.
func wnaf256(out *[8*bytes256 + 1]int16, k *fe256, w uint) int {
	var t [limbs256 + 1]uint64
	copy(t[:], k[:])
	width := uint64(1) << w
	mask := width - 1
	half := width >> 1
	i := 0
	for {
		nz := false
		for _, l := range t {
			if l != 0 {
				nz = true
				break
			}
		}
		if !nz {
			return i
		}
		if t[0]&1 == 0 {
			s := bits.TrailingZeros64(t[0])
			if t[0] == 0 {
				s = 63
			}
			for j := 0; j < limbs256; j++ {
				t[j] = t[j]>>s | t[j+1]<<(64-s)
			}
			t[limbs256] >>= s
			i += s
			continue
		}
		d := t[0] & mask
		if d >= half {
			out[i] = int16(int64(d) - int64(width))
			var c uint64
			t[0], c = bits.Add64(t[0], width-d, 0)
			for j := 1; j <= limbs256 && c != 0; j++ {
				t[j], c = bits.Add64(t[j], 0, c)
			}
		} else {
			out[i] = int16(d)
			t[0] -= d
		}
		// t is now divisible by 2^w; the even branch skips the zero digits.
		for j := 0; j < limbs256; j++ {
			t[j] = t[j]>>1 | t[j+1]<<63
		}
		t[limbs256] >>= 1
		i++
	}
}

// mulAdd sets r = z1·G + z2·Q for plain scalars z1, z2 < q, interleaving the
// wNAF expansions of both (Straus–Shamir). Variable time.
func (c *curve256) mulAdd(r *jac256, z1, z2 *fe256, pub *aff256) {
	c.gOnce.Do(c.initGTable)
	f := c.fp

	var qt [qTableSize256]jac256 // Q, 3Q, 5Q, …
	var q jac256
	c.setAffine(&q, pub)
	c.oddMultiples(qt[:], &q)

	var n1, n2 [8*bytes256 + 1]int16
	l1 := wnaf256(&n1, z1, gWindow256)
	l2 := wnaf256(&n2, z2, qWindow256)
	l := max(l1, l2)

	var acc jac256 // infinity
	var ta aff256
	var tj jac256
	for i := l - 1; i >= 0; i-- {
		if !acc.z.isZero() {
			c.double(&acc, &acc)
		}
		if d := n1[i]; d > 0 {
			c.addMixed(&acc, &acc, &c.gTab[d>>1])
		} else if d < 0 {
			ta = c.gTab[(-d)>>1]
			f.neg(&ta.y, &ta.y)
			c.addMixed(&acc, &acc, &ta)
		}
		if d := n2[i]; d > 0 {
			c.add(&acc, &acc, &qt[d>>1])
		} else if d < 0 {
			tj = qt[(-d)>>1]
			f.neg(&tj.y, &tj.y)
			c.add(&acc, &acc, &tj)
		}
	}
	*r = acc
}

// mulVartime sets r = k·p for a public scalar k (plain limbs). Variable time.
func (c *curve256) mulVartime(r *jac256, k *fe256, p *aff256) {
	var zero fe256
	c.mulAdd(r, &zero, k, p)
}

// inSubgroup reports whether the affine point p has order q.
func (c *curve256) inSubgroup(p *aff256) bool {
	if c.ed != nil {
		var e, r edw256
		if !c.edwFromAffine(&e, p) {
			return false // order 2 or 4: no image in the Edwards model
		}
		var zero fe256
		c.mulAddEdwards(&r, &zero, &c.fq.p, &e)
		return r.x.isZero() && r.y.ctEqual(&r.z) == 1
	}
	var r jac256
	c.mulVartime(&r, &c.fq.p, p)
	return r.z.isZero()
}

// verify checks a signature sig = s‖r (big-endian halves) over the raw
// digest bytes (read little-endian) for the public point pub, with the
// tables of pub when pre is not nil. It allocates nothing.
func (c *curve256) verify(pub *aff256, pre *split256, digest, sig []byte) error {
	if len(sig) != 2*bytes256 {
		return ErrSignatureLength
	}
	if len(digest) != bytes256 {
		return ErrDigestLength
	}
	s := fe256FromBE(sig[:bytes256])
	r := fe256FromBE(sig[bytes256:])
	fq := c.fq
	if s.isZero() || r.isZero() || !fe256Less(&s, &fq.p) || !fe256Less(&r, &fq.p) {
		return ErrSignatureRange
	}
	e := fe256FromLE(digest)
	var v, z1, z2, qr fe256
	fq.reduce(&e, &e) // e mod q
	if e.isZero() {
		e[0] = 1
	}
	fq.invVartime(&v, &e) // v = e⁻¹ (public, so variable time is fine)
	fq.toMont(&v, &v)
	fq.montMul(&z1, &s, &v) // z1 = s·v (plain)
	fe256SubPlain(&qr, &fq.p, &r)
	fq.montMul(&z2, &qr, &v) // z2 = (q − r)·v (plain)

	if c.ed != nil {
		return c.verifyEdwards(pub, pre, &z1, &z2, &r)
	}
	var pt jac256
	if pre != nil {
		c.mulAddSplit(&pt, &z1, &z2, pre)
	} else {
		c.mulAdd(&pt, &z1, &z2, pub)
	}
	if pt.z.isZero() {
		return ErrVerification
	}
	// x = X/Z² < p. Accept iff x mod q = r, i.e. x = r + k·q for some k ≥ 0
	// with r + k·q < p (k ≤ 3 on the cofactor-4 curves, where q ≈ p/4).
	// Compare without inverting Z: X = (r + k·q)·Z².
	fp := c.fp
	var zz, t, rm fe256
	fp.sqr(&zz, &pt.z)
	cand := r
	for fe256Less(&cand, &fp.p) {
		fp.toMont(&rm, &cand)
		fp.mul(&t, &rm, &zz)
		if t.ctEqual(&pt.x) == 1 {
			return nil
		}
		if fe256AddPlain(&cand, &cand, &fq.p) != 0 {
			break
		}
	}
	return ErrVerification
}

// ---------------------------------------------------------------------------
// Twisted Edwards arithmetic (verification on the cofactor-4 sets; variable
// time, public data only). See edwards.go for the model.

// edwards256 is the Edwards model u² + v² = 1 + d·u²·v² of a curve256, with
// the map parameters of edwards.go, all in internal form.
type edwards256 struct {
	d, s, t, lam fe256
	gTab         [gTableSize256]edwAffine256 // G, 3G, 5G, … as Edwards points
}

// edw256 is an Edwards point in extended coordinates (X : Y : Z : T) with
// u = X/Z, v = Y/Z and T = X·Y/Z (Hisil–Wong–Carter–Dawson 2008). The
// identity is (0 : 1 : 1 : 0).
type edw256 struct{ x, y, z, t fe256 }

// edwCached256 is a precomputed addend: (X, Y, Z, d·T).
type edwCached256 struct{ x, y, z, dt fe256 }

// edwAffine256 is a precomputed affine addend: (u, v, d·u·v).
type edwAffine256 struct{ u, v, duv fe256 }

// edwFromAffine sets r to the Edwards image of the Weierstrass point p
// without inversions: u = λ(x − t)/y, v = (x − t − s)/(x − t + s). It
// reports false for the points without an affine image (y = 0 or
// x − t + s = 0: orders 2 and 4).
func (c *curve256) edwFromAffine(r *edw256, p *aff256) bool {
	f, ed := c.fp, c.ed
	var xt, nu, nv, dv fe256
	f.sub(&xt, &p.x, &ed.t)
	f.add(&dv, &xt, &ed.s)
	if p.y.isZero() || dv.isZero() {
		return false
	}
	f.mul(&nu, &xt, &ed.lam)
	f.sub(&nv, &xt, &ed.s)
	f.mul(&r.x, &nu, &dv)
	f.mul(&r.y, &nv, &p.y)
	f.mul(&r.z, &p.y, &dv)
	f.mul(&r.t, &nu, &nv)
	return true
}

// edwDouble sets r = 2p (dbl-2008-hwcd with e = 1: 4M+4S, or 3M+4S when
// the caller does not need T, i.e. when the next operation is a doubling).
func (c *curve256) edwDouble(r, p *edw256, needT bool) {
	f := c.fp
	var a, b, cc, e, g, h, ff fe256
	f.sqr(&a, &p.x)
	f.sqr(&b, &p.y)
	f.sqr(&cc, &p.z)
	f.double(&cc, &cc)
	f.add(&e, &p.x, &p.y)
	f.sqr(&e, &e)
	f.add(&g, &a, &b)
	f.sub(&e, &e, &g) // E = (X+Y)² − A − B
	f.sub(&ff, &g, &cc)
	f.sub(&h, &a, &b)
	f.mul(&r.x, &e, &ff)
	f.mul(&r.y, &g, &h)
	if needT {
		f.mul(&r.t, &e, &h)
	}
	f.mul(&r.z, &ff, &g)
}

// edwAddFinish completes an addition from A = X1X2, B = Y1Y2, C = T1·dT2,
// D = Z1Z2 and E = (X1+Y1)(X2+Y2) (add-2008-hwcd with e = 1).
func (c *curve256) edwAddFinish(r *edw256, a, b, cc, d, e *fe256, needT bool) {
	f := c.fp
	var ff, g, h fe256
	f.sub(e, e, a)
	f.sub(e, e, b)
	f.sub(&ff, d, cc)
	f.add(&g, d, cc)
	f.sub(&h, b, a)
	f.mul(&r.x, e, &ff)
	f.mul(&r.y, &g, &h)
	if needT {
		f.mul(&r.t, e, &h)
	}
	f.mul(&r.z, &ff, &g)
}

// edwAdd sets r = p ± q for a cached q (9M, or 8M without T).
func (c *curve256) edwAdd(r, p *edw256, q *edwCached256, neg, needT bool) {
	f := c.fp
	var qx, qdt, a, b, cc, d, e, t fe256
	qx, qdt = q.x, q.dt
	if neg {
		f.neg(&qx, &qx)
		f.neg(&qdt, &qdt)
	}
	f.mul(&a, &p.x, &qx)
	f.mul(&b, &p.y, &q.y)
	f.mul(&cc, &p.t, &qdt)
	f.mul(&d, &p.z, &q.z)
	f.add(&e, &p.x, &p.y)
	f.add(&t, &qx, &q.y)
	f.mul(&e, &e, &t)
	c.edwAddFinish(r, &a, &b, &cc, &d, &e, needT)
}

// edwAddAffine sets r = p ± q for an affine q (8M, or 7M without T).
func (c *curve256) edwAddAffine(r, p *edw256, q *edwAffine256, neg, needT bool) {
	f := c.fp
	var qu, qduv, a, b, cc, e, t fe256
	qu, qduv = q.u, q.duv
	if neg {
		f.neg(&qu, &qu)
		f.neg(&qduv, &qduv)
	}
	f.mul(&a, &p.x, &qu)
	f.mul(&b, &p.y, &q.v)
	f.mul(&cc, &p.t, &qduv)
	f.add(&e, &p.x, &p.y)
	f.add(&t, &qu, &q.v)
	f.mul(&e, &e, &t)
	d := p.z
	c.edwAddFinish(r, &a, &b, &cc, &d, &e, needT)
}

// edwCache sets r to the cached form of p.
func (c *curve256) edwCache(r *edwCached256, p *edw256) {
	r.x, r.y, r.z = p.x, p.y, p.z
	c.fp.mul(&r.dt, &p.t, &c.ed.d)
}

// mulAddEdwards sets r = z1·G + z2·Q for plain scalars and the Edwards
// point Q, with the same interleaved wNAF as mulAdd. The addition law is
// complete, so there are no special cases.
func (c *curve256) mulAddEdwards(r *edw256, z1, z2 *fe256, q *edw256) {
	c.gOnce.Do(c.initGTable)
	gt := &c.ed.gTab

	var qt [qTableSize256]edwCached256 // Q, 3Q, 5Q, …
	var acc, q2 edw256
	var q2c edwCached256
	c.edwDouble(&q2, q, true)
	c.edwCache(&q2c, &q2)
	acc = *q
	for i := range qTableSize256 {
		c.edwCache(&qt[i], &acc)
		if i+1 < qTableSize256 {
			c.edwAdd(&acc, &acc, &q2c, false, true)
		}
	}

	var n1, n2 [8*bytes256 + 1]int16
	l1 := wnaf256(&n1, z1, gWindow256)
	l2 := wnaf256(&n2, z2, qWindow256)
	acc = edw256{y: c.fp.one, z: c.fp.one}
	for i := max(l1, l2) - 1; i >= 0; i-- {
		d1, d2 := n1[i], n2[i]
		c.edwDouble(&acc, &acc, d1 != 0 || d2 != 0)
		if d1 > 0 {
			c.edwAddAffine(&acc, &acc, &gt[d1>>1], false, d2 != 0)
		} else if d1 < 0 {
			c.edwAddAffine(&acc, &acc, &gt[(-d1)>>1], true, d2 != 0)
		}
		if d2 > 0 {
			c.edwAdd(&acc, &acc, &qt[d2>>1], false, false)
		} else if d2 < 0 {
			c.edwAdd(&acc, &acc, &qt[(-d2)>>1], true, false)
		}
	}
	*r = acc
}

// verifyEdwards finishes verify on a curve with an Edwards model.
func (c *curve256) verifyEdwards(pub *aff256, pre *split256, z1, z2, r *fe256) error {
	var pt edw256
	if pre != nil {
		c.mulAddSplitEdwards(&pt, z1, z2, pre)
	} else {
		var q edw256
		if !c.edwFromAffine(&q, pub) {
			return ErrVerification // unreachable for validated keys
		}
		c.mulAddEdwards(&pt, z1, z2, &q)
	}
	if pt.x.isZero() {
		return ErrVerification // the identity (v = −1 cannot occur in the subgroup)
	}
	// x = s·(Z + Y)/(Z − Y) + t. Accept iff s·(Z + Y) = (x' − t)·(Z − Y) for
	// some x' = r + k·q < p.
	f := c.fp
	ed := c.ed
	var lhs, zmy, rm, t fe256
	f.add(&lhs, &pt.z, &pt.y)
	f.mul(&lhs, &lhs, &ed.s)
	f.sub(&zmy, &pt.z, &pt.y)
	cand := *r
	for fe256Less(&cand, &f.p) {
		f.toMont(&rm, &cand)
		f.sub(&rm, &rm, &ed.t)
		f.mul(&t, &rm, &zmy)
		if t.ctEqual(&lhs) == 1 {
			return nil
		}
		if fe256AddPlain(&cand, &cand, &c.fq.p) != 0 {
			break
		}
	}
	return ErrVerification
}

// ---------------------------------------------------------------------------
// Complete projective arithmetic (signing and key generation; constant time)

// addComplete sets r = p + q with the complete addition law for short
// Weierstrass curves with arbitrary a (Renes–Costello–Batina 2016,
// Algorithm 1): no exceptional cases among points of odd order.
func (c *curve256) addComplete(r, p, q *proj256) {
	f := c.fp
	var t0, t1, t2, t3, t4, t5, x3, y3, z3 fe256
	f.mul(&t0, &p.x, &q.x)
	f.mul(&t1, &p.y, &q.y)
	f.mul(&t2, &p.z, &q.z)
	f.add(&t3, &p.x, &p.y)
	f.add(&t4, &q.x, &q.y)
	f.mul(&t3, &t3, &t4)
	f.add(&t4, &t0, &t1)
	f.sub(&t3, &t3, &t4)
	f.add(&t4, &p.x, &p.z)
	f.add(&t5, &q.x, &q.z)
	f.mul(&t4, &t4, &t5)
	f.add(&t5, &t0, &t2)
	f.sub(&t4, &t4, &t5)
	f.add(&t5, &p.y, &p.z)
	f.add(&x3, &q.y, &q.z)
	f.mul(&t5, &t5, &x3)
	f.add(&x3, &t1, &t2)
	f.sub(&t5, &t5, &x3)
	f.mul(&z3, &c.a, &t4)
	f.mul(&x3, &c.b3, &t2)
	f.add(&z3, &x3, &z3)
	f.sub(&x3, &t1, &z3)
	f.add(&z3, &t1, &z3)
	f.mul(&y3, &x3, &z3)
	f.add(&t1, &t0, &t0)
	f.add(&t1, &t1, &t0)
	f.mul(&t2, &c.a, &t2)
	f.mul(&t4, &c.b3, &t4)
	f.add(&t1, &t1, &t2)
	f.sub(&t2, &t0, &t2)
	f.mul(&t2, &c.a, &t2)
	f.add(&t4, &t4, &t2)
	f.mul(&t0, &t1, &t4)
	f.add(&y3, &y3, &t0)
	f.mul(&t0, &t5, &t4)
	f.mul(&x3, &t3, &x3)
	f.sub(&x3, &x3, &t0)
	f.mul(&t0, &t3, &t1)
	f.mul(&z3, &t5, &z3)
	f.add(&z3, &z3, &t0)
	r.x, r.y, r.z = x3, y3, z3
}

// doubleComplete sets r = 2p with the complete doubling for arbitrary a
// (Renes–Costello–Batina 2016, Algorithm 3).
func (c *curve256) doubleComplete(r, p *proj256) {
	f := c.fp
	var t0, t1, t2, t3, x3, y3, z3 fe256
	f.sqr(&t0, &p.x)
	f.sqr(&t1, &p.y)
	f.sqr(&t2, &p.z)
	f.mul(&t3, &p.x, &p.y)
	f.add(&t3, &t3, &t3)
	f.mul(&z3, &p.x, &p.z)
	f.add(&z3, &z3, &z3)
	f.mul(&x3, &c.a, &z3)
	f.mul(&y3, &c.b3, &t2)
	f.add(&y3, &x3, &y3)
	f.sub(&x3, &t1, &y3)
	f.add(&y3, &t1, &y3)
	f.mul(&y3, &x3, &y3)
	f.mul(&x3, &t3, &x3)
	f.mul(&z3, &c.b3, &z3)
	f.mul(&t2, &c.a, &t2)
	f.sub(&t3, &t0, &t2)
	f.mul(&t3, &c.a, &t3)
	f.add(&t3, &t3, &z3)
	f.add(&z3, &t0, &t0)
	f.add(&t0, &z3, &t0)
	f.add(&t0, &t0, &t2)
	f.mul(&t0, &t0, &t3)
	f.add(&y3, &y3, &t0)
	f.mul(&t2, &p.y, &p.z)
	f.add(&t2, &t2, &t2)
	f.mul(&t0, &t2, &t3)
	f.sub(&x3, &x3, &t0)
	f.mul(&z3, &t2, &t1)
	f.add(&z3, &z3, &z3)
	f.add(&z3, &z3, &z3)
	r.x, r.y, r.z = x3, y3, z3
}

// initCTTable fills ctTab[i] = i·G for the fixed-window multiplication.
func (c *curve256) initCTTable() {
	c.ctTab[0] = proj256{y: c.fp.one}
	c.ctTab[1] = proj256{x: c.g.x, y: c.g.y, z: c.fp.one}
	for i := 2; i < ctTableSize; i++ {
		c.addComplete(&c.ctTab[i], &c.ctTab[i-1], &c.ctTab[1])
	}
}

// ctLookup sets r = ctTab[idx] reading every entry, in constant time.
func (c *curve256) ctLookup(r *proj256, idx uint64) {
	*r = proj256{}
	for i := range ctTableSize {
		// eq = 1 iff i == idx, computed without branches.
		d := uint64(i) ^ idx
		eq := 1 ^ ((d | -d) >> 63)
		e := &c.ctTab[i]
		fe256Select(&r.x, &e.x, &r.x, eq)
		fe256Select(&r.y, &e.y, &r.y, eq)
		fe256Select(&r.z, &e.z, &r.z, eq)
	}
}

// mulBase sets (x, y) = k·G (affine, internal form) for a secret scalar
// 0 < k < q, in constant time: fixed 4-bit windows, constant-time table
// selection and complete formulas, then a Fermat inversion.
func (c *curve256) mulBase(r *aff256, k *fe256) {
	f := c.fp
	acc := proj256{y: f.one}
	var t proj256
	for i := limbs256*16 - 1; i >= 0; i-- {
		c.doubleComplete(&acc, &acc)
		c.doubleComplete(&acc, &acc)
		c.doubleComplete(&acc, &acc)
		c.doubleComplete(&acc, &acc)
		c.ctLookup(&t, (k[i/16]>>(uint(i%16)*4))&15)
		c.addComplete(&acc, &acc, &t)
	}
	var zi fe256
	f.inv(&zi, &acc.z)
	f.mul(&r.x, &acc.x, &zi)
	f.mul(&r.y, &acc.y, &zi)
}

// randScalar draws k uniformly from (0, q) by rejection sampling bytes from
// rand, so that the same reader yields the same scalar.
func (c *curve256) randScalar(rand io.Reader) (fe256, error) {
	var buf [bytes256]byte
	topBits := c.qBits - 8*(bytes256-1) // significant bits of the top byte
	for range maxScalarTries {
		if _, err := io.ReadFull(rand, buf[:]); err != nil {
			return fe256{}, err
		}
		buf[0] &= byte(1<<topBits - 1)
		k := fe256FromBE(buf[:])
		if k.ctIsZero() == 0 && fe256Less(&k, &c.fq.p) {
			return k, nil
		}
	}
	return fe256{}, errRandom
}

// signWithK computes the signature s‖r for the plain secret d, nonce k and
// raw digest bytes. It reports ok = false when r or s is zero (the caller
// draws another k). Constant time in d and k.
func (c *curve256) signWithK(sig []byte, d, k *fe256, digest []byte) bool {
	fq := c.fq
	e := fe256FromLE(digest)
	var eM fe256
	fq.toMont(&eM, &e)
	fe256Select(&eM, &fq.one, &eM, eM.ctIsZero())

	var pt aff256
	c.mulBase(&pt, k)
	var x, rM, r, dM, kM, s fe256
	c.fp.fromMont(&x, &pt.x)
	fq.toMont(&rM, &x) // r = x mod q (Montgomery form)
	fq.fromMont(&r, &rM)
	fq.toMont(&dM, d)
	fq.toMont(&kM, k)
	fq.mul(&dM, &rM, &dM) // r·d
	fq.mul(&kM, &kM, &eM) // k·e
	fq.add(&s, &dM, &kM)
	fq.fromMont(&s, &s)
	ok := r.ctIsZero()|s.ctIsZero() == 0
	s.putBE(sig[:bytes256])
	r.putBE(sig[bytes256:])
	return ok
}

// setPublic decodes and validates the raw key LE(X)‖LE(Y) (len 2·bytes256).
func (c *curve256) setPublic(pt *aff256, raw []byte) error {
	x := fe256FromLE(raw[:bytes256])
	y := fe256FromLE(raw[bytes256:])
	if x.isZero() && y.isZero() {
		return errInfinity
	}
	if !fe256Less(&x, &c.fp.p) || !fe256Less(&y, &c.fp.p) {
		return errCoordinateRange
	}
	c.fp.toMont(&pt.x, &x)
	c.fp.toMont(&pt.y, &y)
	if !c.onCurve(pt) {
		return errNotOnCurve
	}
	if c.cofac && !c.inSubgroup(pt) {
		return errNotInSubgroup
	}
	return nil
}

// publicRaw returns LE(X)‖LE(Y) of d·G for the secret 0 < d < q, computed in
// constant time.
func (c *curve256) publicRaw(d *fe256) []byte {
	var pt aff256
	c.mulBase(&pt, d)
	var x, y fe256
	c.fp.fromMont(&x, &pt.x)
	c.fp.fromMont(&y, &pt.y)
	raw := make([]byte, 2*bytes256)
	x.putLE(raw[:bytes256])
	y.putLE(raw[bytes256:])
	return raw
}
