package streebog

// A deliberately slow implementation written straight from RFC 6986, used as
// the oracle for the table-driven code. It works in the standard's own
// notation: a 512-bit vector is stored most significant byte first, exactly
// as the RFC prints it, and every transformation (S, P, L, X, the key
// schedule, g_N and the three stages) follows the text step by step, with
// the linear map evaluated bit by bit from the matrix A. The only shared
// inputs are the constants pi, matrixA and iterationConstants.

// refVec is an element of V_512 in the standard's notation: refVec[0] holds
// a_63 (the most significant byte) and refVec[63] holds a_0.
type refVec [64]byte

// refTau is the byte permutation τ of RFC 6986, section 6.3.
var refTau = [64]int{
	0, 8, 16, 24, 32, 40, 48, 56,
	1, 9, 17, 25, 33, 41, 49, 57,
	2, 10, 18, 26, 34, 42, 50, 58,
	3, 11, 19, 27, 35, 43, 51, 59,
	4, 12, 20, 28, 36, 44, 52, 60,
	5, 13, 21, 29, 37, 45, 53, 61,
	6, 14, 22, 30, 38, 46, 54, 62,
	7, 15, 23, 31, 39, 47, 55, 63,
}

// at returns a_i, the byte with index i counted from the least significant
// end.
func (v *refVec) at(i int) byte { return v[63-i] }

// set stores a_i.
func (v *refVec) set(i int, b byte) { v[63-i] = b }

// refX is X[k](a) = k ⊕ a.
func refX(k, a refVec) refVec {
	var r refVec
	for i := range r {
		r[i] = k[i] ^ a[i]
	}
	return r
}

// refS is S(a) = π(a_63) || ... || π(a_0).
func refS(a refVec) refVec {
	var r refVec
	for i := range 64 {
		r.set(i, pi[a.at(i)])
	}
	return r
}

// refP is P(a) = a_τ(63) || ... || a_τ(0).
func refP(a refVec) refVec {
	var r refVec
	for i := range 64 {
		r.set(i, a.at(refTau[i]))
	}
	return r
}

// refL is L(a) = l(a_7) || ... || l(a_0) on the 64-bit pieces of a, with
// l(b_63 || ... || b_0) = XOR over i of b_(63-i)·A_i.
func refL(a refVec) refVec {
	var r refVec
	for piece := range 8 {
		chunk := a[8*piece : 8*piece+8] // most significant byte first
		var acc uint64
		for i := range 64 {
			// b_(63-i): bit i counted from the most significant end.
			if chunk[i/8]>>(7-i%8)&1 == 1 {
				acc ^= matrixA[i]
			}
		}
		for j := range 8 {
			r[8*piece+j] = byte(acc >> (56 - 8*j))
		}
	}
	return r
}

func refLPS(a refVec) refVec { return refL(refP(refS(a))) }

// refConsts holds C_1 ... C_12 parsed from their printed form.
var refConsts = func() (c [12]refVec) {
	for i, s := range iterationConstants {
		for j := range c[i] {
			c[i][j] = hexDigit(s[2*j])<<4 | hexDigit(s[2*j+1])
		}
	}
	return c
}()

// refE is E(K, m) = X[K_13]LPSX[K_12]...LPSX[K_1](m), with
// K_(i+1) = LPS(K_i ⊕ C_i).
func refE(k, m refVec) refVec {
	state := m
	for i := range 12 {
		state = refLPS(refX(k, state))
		k = refLPS(refX(k, refConsts[i]))
	}
	return refX(k, state)
}

// refG is g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m.
func refG(n, h, m refVec) refVec {
	return refX(refX(refE(refLPS(refX(h, n)), m), h), m)
}

// refAdd is addition in the ring Z/(2^512).
func refAdd(a, b refVec) refVec {
	var r refVec
	carry := 0
	for i := 63; i >= 0; i-- {
		s := int(a[i]) + int(b[i]) + carry
		r[i] = byte(s)
		carry = s >> 8
	}
	return r
}

// refNumber returns the 512-bit vector holding the integer x.
func refNumber(x int) refVec {
	var r refVec
	for i := 63; i >= 0 && x > 0; i-- {
		r[i] = byte(x)
		x >>= 8
	}
	return r
}

// refHash runs stages 1-3 of RFC 6986, section 8, on the message given as a
// byte string (first byte = least significant byte of the message number)
// and returns h as a number (most significant byte first).
func refHash(msg []byte, iv refVec) refVec {
	// The message as the standard's number: most significant byte first.
	mnum := make([]byte, len(msg))
	for i, b := range msg {
		mnum[len(msg)-1-i] = b
	}
	// Stage 1.
	h := iv
	var n, sigma refVec
	// Stage 2: while |M| >= 512, take the least significant 512 bits.
	for len(mnum) >= 64 {
		var m refVec
		copy(m[:], mnum[len(mnum)-64:])
		h = refG(n, h, m)
		n = refAdd(n, refNumber(512))
		sigma = refAdd(sigma, m)
		mnum = mnum[:len(mnum)-64]
	}
	// Stage 3: m = 0^(511-|M|) || 1 || M.
	var m refVec
	copy(m[64-len(mnum):], mnum)
	m[63-len(mnum)] = 0x01
	h = refG(n, h, m)
	n = refAdd(n, refNumber(8*len(mnum)))
	sigma = refAdd(sigma, m)
	var zero refVec
	h = refG(zero, h, n)
	h = refG(zero, h, sigma)
	return h
}

// refSum512 returns Streebog-512 of msg as a byte string (the reversed
// number).
func refSum512(msg []byte) [Size512]byte {
	h := refHash(msg, refVec{})
	var out [Size512]byte
	for i := range out {
		out[i] = h[63-i]
	}
	return out
}

// refSum256 returns Streebog-256 of msg as a byte string: MSB_256 of h,
// reversed.
func refSum256(msg []byte) [Size256]byte {
	var iv refVec
	for i := range iv {
		iv[i] = 0x01
	}
	h := refHash(msg, iv)
	var out [Size256]byte
	for i := range out {
		out[i] = h[31-i]
	}
	return out
}

// refLPSWords evaluates LPS through the reference code on a state given as
// eight little-endian words (the fast code's layout).
func refLPSWords(a [8]uint64) [8]uint64 {
	var v refVec
	for k, w := range a {
		for t := range 8 {
			v.set(8*k+t, byte(w>>(8*t)))
		}
	}
	r := refLPS(v)
	var out [8]uint64
	for k := range out {
		for t := range 8 {
			out[k] |= uint64(r.at(8*k+t)) << (8 * t)
		}
	}
	return out
}
