package gost3410

import "math/big"

// Set-up (first use of a curve only, math/big) of the twisted Edwards model used to
// verify on the cofactor-4 parameter sets tc26-256-A and tc26-512-C.
//
// A short Weierstrass curve y² = x³ + a·x + b with a rational point (t, 0) of
// order two is birationally equivalent to the twisted Edwards curve
// e·u² + v² = 1 + d·u²·v² with
//
//	x = s·(1 + v)/(1 − v) + t,   y = s·(1 + v)/((1 − v)·u),
//	s = (e − d)/4,   t = (e + d)/6
//
// (the map of RFC 7836 §A.1). Conversely t is a root of x³ + a·x + b and
// s² = a + 3t², so e = 3t + 2s and d = 3t − 2s. The sign of s is chosen so
// that e is a square; scaling u by √e then gives e = 1 (for both TC26 curves
// e is already 1). With e = 1 a square and d a non-square the Edwards addition
// law is complete, so verification needs no special cases. The inverse map
// is u = √e·(x − t)/y, v = (x − t − s)/(x − t + s).

// edwardsParams holds the model parameters as integers mod p.
type edwardsParams struct {
	t, s, lam, d *big.Int // lam = √e: u = lam·(x − t)/y
}

func isSquare(x, p *big.Int) bool { return big.Jacobi(new(big.Int).Mod(x, p), p) >= 0 }

// newEdwardsParams derives the Edwards model of a cofactor-4 curve from t,
// the x-coordinate of its rational point of order two. It returns nil if the
// curve does not have the expected shape (e square for one sign of s, and d
// non-square so that the addition law is complete); verification then stays
// in Weierstrass coordinates.
func newEdwardsParams(p, a, t *big.Int) *edwardsParams {
	s2 := new(big.Int).Mul(t, t)
	s2.Mul(s2, big.NewInt(3)).Add(s2, a).Mod(s2, p)
	s := new(big.Int).ModSqrt(s2, p)
	if s == nil {
		return nil
	}
	for range 2 {
		t3 := new(big.Int).Mul(t, big.NewInt(3))
		e := new(big.Int).Add(t3, new(big.Int).Lsh(s, 1))
		e.Mod(e, p)
		d := new(big.Int).Sub(t3, new(big.Int).Lsh(s, 1))
		d.Mod(d, p)
		if e.Sign() != 0 && isSquare(e, p) {
			lam := new(big.Int).ModSqrt(e, p)
			d.Mul(d, new(big.Int).ModInverse(e, p)).Mod(d, p) // d/e after scaling
			if isSquare(d, p) {
				return nil // incomplete addition law: not expected for TC26 curves
			}
			return &edwardsParams{t: t, s: s, lam: lam, d: d}
		}
		s.Sub(p, s)
	}
	return nil
}
