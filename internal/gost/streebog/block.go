package streebog

// The compression function and the table-driven LPS transformation. This is
// the hot path: every 64-byte block costs 25 LPS evaluations of 64 table
// lookups each. The state is passed in registers (eight words in, eight
// words out, which fits the Go register ABI), lps is fully unrolled, and all
// table indexes are uint8 values into [256]uint64 arrays, so the loop has no
// bounds checks. The slow reference implementation in reference_test.go is
// the oracle for any change here.

// compress computes the compression function g_N(h, m) of RFC 6986,
// section 7, and stores the result in h:
//
//	g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m
//	E(K, m)   = X[K_13] LPSX[K_12] ... LPSX[K_1] (m)
//
// with K_1 = K and K_(i+1) = LPS(K_i ⊕ C_i). All values are eight 64-bit
// words, least significant word first.
func compress(h, n, m *[8]uint64) {
	k0, k1, k2, k3, k4, k5, k6, k7 := lps(h[0]^n[0], h[1]^n[1], h[2]^n[2], h[3]^n[3], h[4]^n[4], h[5]^n[5], h[6]^n[6], h[7]^n[7])
	s0, s1, s2, s3, s4, s5, s6, s7 := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]
	for i := range roundC {
		c := &roundC[i]
		// The message path and the key schedule are independent within a
		// round; the processor overlaps the two calls.
		s0, s1, s2, s3, s4, s5, s6, s7 = lps(s0^k0, s1^k1, s2^k2, s3^k3, s4^k4, s5^k5, s6^k6, s7^k7)
		k0, k1, k2, k3, k4, k5, k6, k7 = lps(k0^c[0], k1^c[1], k2^c[2], k3^c[3], k4^c[4], k5^c[5], k6^c[6], k7^c[7])
	}
	// s ⊕ k is E(K, m); k now holds K_13.
	h[0] ^= s0 ^ k0 ^ m[0]
	h[1] ^= s1 ^ k1 ^ m[1]
	h[2] ^= s2 ^ k2 ^ m[2]
	h[3] ^= s3 ^ k3 ^ m[3]
	h[4] ^= s4 ^ k4 ^ m[4]
	h[5] ^= s5 ^ k5 ^ m[5]
	h[6] ^= s6 ^ k6 ^ m[6]
	h[7] ^= s7 ^ k7 ^ m[7]
}

// lpsTab points at lpsTable. Reading the table through a pointer variable,
// rather than through the array's own symbol, lets the compiler keep one
// base register and fold the offset of each of the eight sub-tables into the
// load instruction (measured: about 25 % faster on amd64).
var lpsTab = &lpsTable

// lps returns L(P(S(a))) for the state a = a7 || ... || a0 (a0 least
// significant). Word k of the result is the XOR over j of
// lpsTable[j][byte k of a_j]; see computeLPSTable.
func lps(a0, a1, a2, a3, a4, a5, a6, a7 uint64) (r0, r1, r2, r3, r4, r5, r6, r7 uint64) {
	t := lpsTab
	r0 = t[0][uint8(a0)] ^
		t[1][uint8(a1)] ^
		t[2][uint8(a2)] ^
		t[3][uint8(a3)] ^
		t[4][uint8(a4)] ^
		t[5][uint8(a5)] ^
		t[6][uint8(a6)] ^
		t[7][uint8(a7)]
	r1 = t[0][uint8(a0>>8)] ^
		t[1][uint8(a1>>8)] ^
		t[2][uint8(a2>>8)] ^
		t[3][uint8(a3>>8)] ^
		t[4][uint8(a4>>8)] ^
		t[5][uint8(a5>>8)] ^
		t[6][uint8(a6>>8)] ^
		t[7][uint8(a7>>8)]
	r2 = t[0][uint8(a0>>16)] ^
		t[1][uint8(a1>>16)] ^
		t[2][uint8(a2>>16)] ^
		t[3][uint8(a3>>16)] ^
		t[4][uint8(a4>>16)] ^
		t[5][uint8(a5>>16)] ^
		t[6][uint8(a6>>16)] ^
		t[7][uint8(a7>>16)]
	r3 = t[0][uint8(a0>>24)] ^
		t[1][uint8(a1>>24)] ^
		t[2][uint8(a2>>24)] ^
		t[3][uint8(a3>>24)] ^
		t[4][uint8(a4>>24)] ^
		t[5][uint8(a5>>24)] ^
		t[6][uint8(a6>>24)] ^
		t[7][uint8(a7>>24)]
	r4 = t[0][uint8(a0>>32)] ^
		t[1][uint8(a1>>32)] ^
		t[2][uint8(a2>>32)] ^
		t[3][uint8(a3>>32)] ^
		t[4][uint8(a4>>32)] ^
		t[5][uint8(a5>>32)] ^
		t[6][uint8(a6>>32)] ^
		t[7][uint8(a7>>32)]
	r5 = t[0][uint8(a0>>40)] ^
		t[1][uint8(a1>>40)] ^
		t[2][uint8(a2>>40)] ^
		t[3][uint8(a3>>40)] ^
		t[4][uint8(a4>>40)] ^
		t[5][uint8(a5>>40)] ^
		t[6][uint8(a6>>40)] ^
		t[7][uint8(a7>>40)]
	r6 = t[0][uint8(a0>>48)] ^
		t[1][uint8(a1>>48)] ^
		t[2][uint8(a2>>48)] ^
		t[3][uint8(a3>>48)] ^
		t[4][uint8(a4>>48)] ^
		t[5][uint8(a5>>48)] ^
		t[6][uint8(a6>>48)] ^
		t[7][uint8(a7>>48)]
	r7 = t[0][uint8(a0>>56)] ^
		t[1][uint8(a1>>56)] ^
		t[2][uint8(a2>>56)] ^
		t[3][uint8(a3>>56)] ^
		t[4][uint8(a4>>56)] ^
		t[5][uint8(a5>>56)] ^
		t[6][uint8(a6>>56)] ^
		t[7][uint8(a7>>56)]
	return
}
