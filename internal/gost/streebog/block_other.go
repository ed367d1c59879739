//go:build !amd64 || purego

package streebog

// compress computes g_N(h, m) into h (see compressGeneric).
func compress(h, n, m *[8]uint64) { compressGeneric(h, n, m) }
