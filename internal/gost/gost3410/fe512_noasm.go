//go:build !amd64 || purego

package gost3410

// Without the assembly of fe512_amd64.s the field code always takes its
// pure-Go path; the stubs below are never called.

const useADX512 = false

func fe512MulWideADX(w *[2 * limbs512]uint64, x, y *fe512) { panic("gost3410: no assembly") }

func fe512SqrWideADX(w *[2 * limbs512]uint64, x *fe512) { panic("gost3410: no assembly") }

func fe512MulPMADX(z, x, y *fe512, c uint64) { panic("gost3410: no assembly") }

func fe512SqrPMADX(z, x *fe512, c uint64) { panic("gost3410: no assembly") }
