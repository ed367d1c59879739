package gost3410

import (
	"math/big"
	"testing"
)

// edwardsView exposes a curve's Edwards model as integers for the test.
type edwardsView struct {
	d, s, t, lam *big.Int
	// toEdwards maps a Weierstrass point (integers) to extended Edwards
	// coordinates, applies k doublings and one addition of the input, and
	// returns (X, Y, Z) as integers.
	run func(x, y *big.Int, doublings int) (X, Y, Z *big.Int, ok bool)
}

func edwardsOf(t *testing.T, c *Curve) *edwardsView {
	t.Helper()
	if cc := c.a256(); cc != nil {
		if cc.ed == nil {
			return nil
		}
		f := cc.fp
		out := func(v *fe256) *big.Int { var p fe256; f.fromMont(&p, v); return p.toBig() }
		in := func(v *big.Int) fe256 { p := fe256FromBig(v); var m fe256; f.toMont(&m, &p); return m }
		ed := cc.ed
		return &edwardsView{
			d: out(&ed.d), s: out(&ed.s), t: out(&ed.t), lam: out(&ed.lam),
			run: func(x, y *big.Int, k int) (*big.Int, *big.Int, *big.Int, bool) {
				a := aff256{in(x), in(y)}
				var e edw256
				if !cc.edwFromAffine(&e, &a) {
					return nil, nil, nil, false
				}
				var base edwCached256
				cc.edwCache(&base, &e)
				for range k {
					cc.edwDouble(&e, &e, true)
				}
				cc.edwAdd(&e, &e, &base, false, true)
				return out(&e.x), out(&e.y), out(&e.z), true
			},
		}
	}
	cc := c.a512()
	if cc.ed == nil {
		return nil
	}
	f := cc.fp
	out := func(v *fe512) *big.Int { var p fe512; f.fromMont(&p, v); return p.toBig() }
	in := func(v *big.Int) fe512 { p := fe512FromBig(v); var m fe512; f.toMont(&m, &p); return m }
	ed := cc.ed
	return &edwardsView{
		d: out(&ed.d), s: out(&ed.s), t: out(&ed.t), lam: out(&ed.lam),
		run: func(x, y *big.Int, k int) (*big.Int, *big.Int, *big.Int, bool) {
			a := aff512{in(x), in(y)}
			var e edw512
			if !cc.edwFromAffine(&e, &a) {
				return nil, nil, nil, false
			}
			var base edwCached512
			cc.edwCache(&base, &e)
			for range k {
				cc.edwDouble(&e, &e, true)
			}
			cc.edwAdd(&e, &e, &base, false, true)
			return out(&e.x), out(&e.y), out(&e.z), true
		},
	}
}

// TestEdwardsModel checks the derived twisted Edwards models: e = 1 and d a
// non-square (complete addition), the curve equation, and that Edwards
// arithmetic maps back to the Weierstrass reference results.
func TestEdwardsModel(t *testing.T) {
	t.Parallel()
	for _, c := range Curves() {
		ev := edwardsOf(t, c)
		if (ev != nil) != c.Twisted {
			t.Fatalf("%s: Edwards model present = %v, want %v", c.Name, ev != nil, c.Twisted)
		}
		if ev == nil {
			continue
		}
		p := c.Params()
		rc := refOf(c)
		m := func(v *big.Int) *big.Int { return v.Mod(v, p.P) }
		if big.Jacobi(ev.d, p.P) != -1 {
			t.Fatalf("%s: d is a square", c.Name)
		}
		// e = (3t + 2s)/λ² must be 1 after scaling.
		e := new(big.Int).Add(new(big.Int).Mul(ev.t, big.NewInt(3)), new(big.Int).Lsh(ev.s, 1))
		if m(e).Cmp(m(new(big.Int).Mul(ev.lam, ev.lam))) != 0 {
			t.Fatalf("%s: λ² ≠ e", c.Name)
		}
		g := rc.g()
		for k := range 4 {
			// Edwards (2^k + 1)·G versus the reference.
			X, Y, Z, ok := ev.run(g.x, g.y, k)
			if !ok {
				t.Fatal("G has no Edwards image")
			}
			zi := new(big.Int).ModInverse(Z, p.P)
			u := m(new(big.Int).Mul(X, zi))
			v := m(new(big.Int).Mul(Y, zi))
			// u² + v² = 1 + d·u²·v²
			u2, v2 := m(new(big.Int).Mul(u, u)), m(new(big.Int).Mul(v, v))
			lhs := m(new(big.Int).Add(u2, v2))
			rhs := m(new(big.Int).Add(big.NewInt(1), new(big.Int).Mul(ev.d, new(big.Int).Mul(u2, v2))))
			if lhs.Cmp(rhs) != 0 {
				t.Fatalf("%s: point not on the Edwards curve", c.Name)
			}
			// back: x = s(1+v)/(1−v) + t, y = λ·s(1+v)/((1−v)u)
			onePlus := new(big.Int).Add(big.NewInt(1), v)
			oneMinus := m(new(big.Int).Sub(big.NewInt(1), v))
			x := m(new(big.Int).Add(m(new(big.Int).Mul(new(big.Int).Mul(ev.s, onePlus), new(big.Int).ModInverse(oneMinus, p.P))), ev.t))
			y := new(big.Int).Mul(new(big.Int).Mul(ev.lam, ev.s), onePlus)
			y = m(y.Mul(y, new(big.Int).ModInverse(m(new(big.Int).Mul(oneMinus, u)), p.P)))
			want := rc.mul(big.NewInt(int64(1<<k+1)), g)
			if x.Cmp(want.x) != 0 || y.Cmp(want.y) != 0 {
				t.Fatalf("%s: (2^%d+1)·G maps back to (%x, %x), want (%x, %x)", c.Name, k, x, y, want.x, want.y)
			}
		}
	}
}
