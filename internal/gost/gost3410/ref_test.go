package gost3410

import (
	"math/big"
)

// A deliberately simple, slow reference implementation in affine coordinates
// with math/big, written straight from RFC 7091 §6. It is the oracle of the
// differential tests and of FuzzVerify.

type refPoint struct {
	x, y *big.Int
	inf  bool
}

type refCurve struct{ p, a, b, q, gx, gy *big.Int }

func refOf(c *Curve) *refCurve {
	pp := c.Params()
	return &refCurve{pp.P, pp.A, pp.B, pp.Q, pp.X, pp.Y}
}

func (rc *refCurve) g() refPoint { return refPoint{x: rc.gx, y: rc.gy} }

func (rc *refCurve) mod(x *big.Int) *big.Int { return x.Mod(x, rc.p) }

func (rc *refCurve) onCurve(pt refPoint) bool {
	if pt.inf {
		return false
	}
	l := rc.mod(new(big.Int).Mul(pt.y, pt.y))
	r := new(big.Int).Mul(pt.x, pt.x)
	r.Add(r, rc.a)
	r.Mul(r, pt.x)
	r.Add(r, rc.b)
	return l.Cmp(rc.mod(r)) == 0
}

func (rc *refCurve) add(p1, p2 refPoint) refPoint {
	if p1.inf {
		return p2
	}
	if p2.inf {
		return p1
	}
	var lambda *big.Int
	if p1.x.Cmp(p2.x) == 0 {
		if rc.mod(new(big.Int).Add(p1.y, p2.y)).Sign() == 0 {
			return refPoint{inf: true}
		}
		// tangent: (3x² + a) / 2y
		num := new(big.Int).Mul(p1.x, p1.x)
		num.Mul(num, big.NewInt(3))
		num.Add(num, rc.a)
		den := new(big.Int).Lsh(p1.y, 1)
		lambda = num.Mul(num, den.ModInverse(rc.mod(den), rc.p))
	} else {
		num := new(big.Int).Sub(p2.y, p1.y)
		den := rc.mod(new(big.Int).Sub(p2.x, p1.x))
		lambda = num.Mul(num, den.ModInverse(den, rc.p))
	}
	rc.mod(lambda)
	x3 := new(big.Int).Mul(lambda, lambda)
	x3.Sub(x3, p1.x)
	x3.Sub(x3, p2.x)
	rc.mod(x3)
	y3 := new(big.Int).Sub(p1.x, x3)
	y3.Mul(y3, lambda)
	y3.Sub(y3, p1.y)
	rc.mod(y3)
	return refPoint{x: x3, y: y3}
}

func (rc *refCurve) mul(k *big.Int, pt refPoint) refPoint {
	acc := refPoint{inf: true}
	for i := k.BitLen() - 1; i >= 0; i-- {
		acc = rc.add(acc, acc)
		if k.Bit(i) == 1 {
			acc = rc.add(acc, pt)
		}
	}
	return acc
}

func leInt(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(r)
}

// refPublic decodes LE(X)‖LE(Y) with the same acceptance rules as
// NewPublicKey.
func refPublic(c *Curve, raw []byte) (refPoint, bool) {
	rc := refOf(c)
	n := c.PointSize()
	if len(raw) != 2*n {
		return refPoint{}, false
	}
	pt := refPoint{x: leInt(raw[:n]), y: leInt(raw[n:])}
	if pt.x.Sign() == 0 && pt.y.Sign() == 0 {
		return refPoint{}, false
	}
	if pt.x.Cmp(rc.p) >= 0 || pt.y.Cmp(rc.p) >= 0 || !rc.onCurve(pt) {
		return refPoint{}, false
	}
	if c.Params().Cofactor != 1 && !rc.mul(rc.q, pt).inf {
		return refPoint{}, false
	}
	return pt, true
}

// refVerify is RFC 7091 §6.2 on raw digest bytes and s‖r.
func refVerify(c *Curve, pub refPoint, digest, sig []byte) bool {
	rc := refOf(c)
	n := c.PointSize()
	if len(sig) != 2*n || len(digest) != n {
		return false
	}
	s := new(big.Int).SetBytes(sig[:n])
	r := new(big.Int).SetBytes(sig[n:])
	if r.Sign() <= 0 || r.Cmp(rc.q) >= 0 || s.Sign() <= 0 || s.Cmp(rc.q) >= 0 {
		return false
	}
	e := leInt(digest)
	e.Mod(e, rc.q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	v := new(big.Int).ModInverse(e, rc.q)
	z1 := new(big.Int).Mul(s, v)
	z1.Mod(z1, rc.q)
	z2 := new(big.Int).Sub(rc.q, r)
	z2.Mul(z2, v)
	z2.Mod(z2, rc.q)
	pt := rc.add(rc.mul(z1, rc.g()), rc.mul(z2, pub))
	if pt.inf {
		return false
	}
	return new(big.Int).Mod(pt.x, rc.q).Cmp(r) == 0
}

// refSign is RFC 7091 §6.1 with a given nonce; ok is false when r or s is 0.
func refSign(c *Curve, d, k *big.Int, digest []byte) (sig []byte, ok bool) {
	rc := refOf(c)
	n := c.PointSize()
	e := leInt(digest)
	e.Mod(e, rc.q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	pt := rc.mul(k, rc.g())
	r := new(big.Int).Mod(pt.x, rc.q)
	s := new(big.Int).Mul(r, d)
	s.Add(s, new(big.Int).Mul(k, e))
	s.Mod(s, rc.q)
	if r.Sign() == 0 || s.Sign() == 0 {
		return nil, false
	}
	sig = make([]byte, 2*n)
	s.FillBytes(sig[:n])
	r.FillBytes(sig[n:])
	return sig, true
}

// refPublicRaw returns LE(X)‖LE(Y) of d·G.
func refPublicRaw(c *Curve, d *big.Int) []byte {
	rc := refOf(c)
	pt := rc.mul(d, rc.g())
	n := c.PointSize()
	raw := make([]byte, 2*n)
	pt.x.FillBytes(raw[:n])
	pt.y.FillBytes(raw[n:])
	reverse(raw[:n])
	reverse(raw[n:])
	return raw
}
