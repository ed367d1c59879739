package streebog

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCompressGeneric: compress (the assembly on amd64) and
// compressGeneric agree on random and extreme states, so that the
// generic code, which other architectures and the purego tag run, stays
// tested here too.
func TestCompressGeneric(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for i := range n {
		var h, nn, m [8]uint64
		for j := range 8 {
			switch i % 4 {
			case 0:
				h[j], nn[j], m[j] = rng.Uint64(), rng.Uint64(), rng.Uint64()
			case 1: // zeros
			case 2:
				h[j], nn[j], m[j] = ^uint64(0), ^uint64(0), ^uint64(0)
			case 3:
				h[j], m[j] = 1<<(rng.IntN(64)), uint64(j)
			}
		}
		want := h
		compressGeneric(&want, &nn, &m)
		got := h
		compress(&got, &nn, &m)
		if got != want {
			t.Fatalf("state %d: compress\n%x\ncompressGeneric\n%x", i, got, want)
		}
	}
}

// TestGeneratedAssembly: block_amd64.s is what gen_amd64.go writes.
func TestGeneratedAssembly(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the generator")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out := filepath.Join(t.TempDir(), "block_amd64.s")
	if b, err := exec.Command(goTool, "run", "gen_amd64.go", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("gen_amd64.go: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("block_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("block_amd64.s is stale: run go generate in internal/gost/streebog")
	}
}
