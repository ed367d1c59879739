package gost3410

// This file is the source of prep512.go (see ec256.go for the rules).
//
// Verification with a precomputed key ([PrecomputedKey]). VerifyDigest
// computes z1·G + z2·Q with one doubling per bit of the scalars, and the
// doublings are most of its cost. Here both scalars are written in wNAF and
// cut into splitParts pieces of splitLen256 digits; piece j of a scalar k
// multiplies B_j = 2^(j·splitLen256)·P. With a table of odd multiples of
// every B_j, one pass of splitLen256 doublings serves all pieces of both
// scalars (a fixed-base comb in the manner of Lim and Lee): a splitParts-th
// of the doublings, and mixed additions of affine table points where
// VerifyDigest adds Jacobian multiples of Q. The table of G is built once
// per curve, the table of Q once per key.

// splitLen256 is the number of wNAF digits per piece: the wNAF of a scalar
// below 2^(8·bytes256) has at most 8·bytes256+1 digits.
const splitLen256 = (8*bytes256 + 1 + splitParts - 1) / splitParts

// split256 holds, for every piece j, the odd multiples B_j, 3·B_j, …,
// (2·splitTableSize256 − 1)·B_j of B_j = 2^(j·splitLen256)·P: affine
// Weierstrass points (w), or on a curve with an Edwards model their Edwards
// images (ed) only.
type split256 struct {
	w  *[splitParts][splitTableSize256]aff256
	ed *[splitParts][splitTableSize256]edwAffine256
}

// newSplit256 returns the tables of the affine point p of order q, or nil
// when a multiple is the point at infinity (p not of order q).
func (c *curve256) newSplit256(p *aff256) *split256 {
	jacs := make([]jac256, splitParts*splitTableSize256)
	var base jac256
	c.setAffine(&base, p)
	for j := range splitParts {
		if j > 0 {
			for range splitLen256 {
				c.double(&base, &base)
			}
		}
		c.oddMultiples(jacs[j*splitTableSize256:(j+1)*splitTableSize256], &base)
	}
	zs := make([]fe256, len(jacs))
	for i := range jacs {
		if jacs[i].z.isZero() {
			return nil
		}
		zs[i] = jacs[i].z
	}
	c.fp.invBatch(zs)
	w := new([splitParts][splitTableSize256]aff256)
	for i := range jacs {
		c.jacToAffine(&w[i/splitTableSize256][i%splitTableSize256], &jacs[i], &zs[i])
	}
	if c.ed == nil {
		return &split256{w: w}
	}
	ed := new([splitParts][splitTableSize256]edwAffine256)
	for j := range splitParts {
		if !c.edwAffineBatch(ed[j][:], w[j][:]) {
			return nil
		}
	}
	return &split256{ed: ed}
}

// jacToAffine sets r to the affine form of p given zi = 1/Z.
func (c *curve256) jacToAffine(r *aff256, p *jac256, zi *fe256) {
	f := c.fp
	var zi2 fe256
	f.sqr(&zi2, zi)
	f.mul(&r.x, &p.x, &zi2)
	f.mul(&zi2, &zi2, zi)
	f.mul(&r.y, &p.y, &zi2)
}

// edwAffineBatch sets dst[i] to the Edwards image of src[i]:
// u = λ(x − t)/y, v = (x − t − s)/(x − t + s), with one inversion in all.
// It reports false when a point has no image (orders 2 and 4).
func (c *curve256) edwAffineBatch(dst []edwAffine256, src []aff256) bool {
	f, ed := c.fp, c.ed
	dens := make([]fe256, 2*len(src))
	xts := make([]fe256, len(src))
	for i := range src {
		w := &src[i]
		f.sub(&xts[i], &w.x, &ed.t)
		dens[2*i] = w.y
		f.add(&dens[2*i+1], &xts[i], &ed.s)
		if dens[2*i].isZero() || dens[2*i+1].isZero() {
			return false
		}
	}
	f.invBatch(dens)
	for i := range src {
		e := &dst[i]
		var num fe256
		f.mul(&num, &xts[i], &ed.lam)
		f.mul(&e.u, &num, &dens[2*i])
		f.sub(&num, &xts[i], &ed.s)
		f.mul(&e.v, &num, &dens[2*i+1])
		f.mul(&e.duv, &e.u, &e.v)
		f.mul(&e.duv, &e.duv, &ed.d)
	}
	return true
}

// gSplit returns the tables of the base point, built on first use.
func (c *curve256) gSplit() *split256 {
	c.gSplitOnce.Do(func() { c.gSplitTab = c.newSplit256(&c.g) })
	return c.gSplitTab
}

// splitDigits256 writes the wNAF of z1 and z2 (width splitWindow256) and
// returns the number of digits of the longer.
func splitDigits256(n1, n2 *[splitParts * splitLen256]int16, z1, z2 *fe256) int {
	const n = 8*bytes256 + 1
	l1 := wnaf256((*[n]int16)(n1[:n]), z1, splitWindow256)
	l2 := wnaf256((*[n]int16)(n2[:n]), z2, splitWindow256)
	return max(l1, l2)
}

// mulAddSplit sets r = z1·G + z2·Q for plain scalars z1, z2 < q, with q the
// tables of Q. Variable time.
func (c *curve256) mulAddSplit(r *jac256, z1, z2 *fe256, q *split256) {
	g := c.gSplit()
	var n1, n2 [splitParts * splitLen256]int16
	l := min(splitDigits256(&n1, &n2, z1, z2), splitLen256)
	var acc jac256 // infinity
	for i := l - 1; i >= 0; i-- {
		if !acc.z.isZero() {
			c.double(&acc, &acc)
		}
		for j := range splitParts {
			k := j*splitLen256 + i
			c.addDigit(&acc, n1[k], &g.w[j])
			c.addDigit(&acc, n2[k], &q.w[j])
		}
	}
	*r = acc
}

// addDigit adds d·B to acc for the odd digit d (nothing for 0), where tab
// holds B, 3B, 5B, ….
func (c *curve256) addDigit(acc *jac256, d int16, tab *[splitTableSize256]aff256) {
	switch {
	case d > 0:
		c.addMixed(acc, acc, &tab[d>>1])
	case d < 0:
		t := tab[(-d)>>1]
		c.fp.neg(&t.y, &t.y)
		c.addMixed(acc, acc, &t)
	}
}

// mulAddSplitEdwards is mulAddSplit in the Edwards model.
func (c *curve256) mulAddSplitEdwards(r *edw256, z1, z2 *fe256, q *split256) {
	g := c.gSplit()
	var n1, n2 [splitParts * splitLen256]int16
	l := min(splitDigits256(&n1, &n2, z1, z2), splitLen256)
	acc := edw256{y: c.fp.one, z: c.fp.one}
	for i := l - 1; i >= 0; i-- {
		// T is needed by every addition but the last before the next
		// doubling.
		last := -1
		for j := range splitParts {
			k := j*splitLen256 + i
			if n1[k] != 0 {
				last = 2 * j
			}
			if n2[k] != 0 {
				last = 2*j + 1
			}
		}
		c.edwDouble(&acc, &acc, last >= 0)
		for j := range splitParts {
			k := j*splitLen256 + i
			if d := n1[k]; d != 0 {
				c.edwAddAffine(&acc, &acc, &g.ed[j][abs16(d)>>1], d < 0, last != 2*j)
			}
			if d := n2[k]; d != 0 {
				c.edwAddAffine(&acc, &acc, &q.ed[j][abs16(d)>>1], d < 0, last != 2*j+1)
			}
		}
	}
	*r = acc
}
