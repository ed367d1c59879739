package certificate_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// largeEntries is the size of the synthetic CRL of the benchmarks and of
// the memory test: a million entries, as the lists of the largest Russian
// CAs approach.
const largeEntries = 1_000_000

var (
	largeOnce sync.Once
	largeDER  []byte
	largeTmpl = certtest.LargeCRL{Entries: largeEntries, ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7), Number: big.NewInt(4242)}
	largeErr  error
)

// largeCRL returns the DER of the million-entry CRL of the test CA, built
// once per test binary.
func largeCRL(tb testing.TB) []byte {
	tb.Helper()
	p := testPKI(tb)
	largeOnce.Do(func() {
		largeDER, largeErr = certtest.CreateLargeCRL(&largeTmpl, p.ca, p.caKey, mrand.NewChaCha8([32]byte{11}))
	})
	if largeErr != nil {
		tb.Fatal(largeErr)
	}
	return largeDER
}

func TestLargeCRL(t *testing.T) {
	if testing.Short() {
		t.Skip("a million entries")
	}
	// Not parallel: AllocsPerRun below.
	der := largeCRL(t)
	c, err := certificate.ParseCRL(der)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != largeEntries || c.Number.Int64() != 4242 {
		t.Fatalf("%d entries, number %v", c.Len(), c.Number)
	}
	if err := c.CheckSignatureFrom(testPKI(t).ca); err != nil {
		t.Fatal(err)
	}
	rng := mrand.New(mrand.NewPCG(1, 1))
	for range 20000 {
		i := rng.IntN(largeEntries)
		want := certtest.LargeCRLEntry(&largeTmpl, i)
		got := c.Entry(i)
		e, ok := c.Lookup(want.SerialNumber)
		if !ok || got.SerialNumber.Cmp(want.SerialNumber) != 0 || got.RevocationTime != want.RevocationTime || got.Reason != want.Reason ||
			got.HasReason != want.HasReason || e.RevocationTime != want.RevocationTime || e.Reason != want.Reason {
			t.Fatalf("entry %d: %+v, Lookup %+v %v, want %+v", i, got, e, ok, want)
		}
		if _, ok := c.Lookup(certtest.LargeCRLSerial(largeEntries + i)); ok {
			t.Fatalf("serial %d listed", largeEntries+i)
		}
	}
	present, absent := certtest.LargeCRLSerial(123456), certtest.LargeCRLSerial(largeEntries+123456)
	if n := testing.AllocsPerRun(1000, func() {
		if _, ok := c.Lookup(present); !ok {
			t.Fatal("not found")
		}
		if _, ok := c.Lookup(absent); ok {
			t.Fatal("found")
		}
		if _, ok := c.Revoked(absent, testAt); ok {
			t.Fatal("revoked")
		}
	}); n != 0 {
		t.Errorf("%v allocations per lookup", n)
	}
}

// memChildEnv names the CRL file the child process of TestLargeCRLPeakMemory
// reads.
const memChildEnv = "REGISTRAR_CRL_MEMORY_CHILD"

// TestLargeCRLPeakMemory: a process that reads the million-entry CRL from a
// file with ReadCRL peaks (VmHWM) at no more than twice the file size. The
// parsing runs in a child process (this test binary again) so that nothing
// else is counted.
func TestLargeCRLPeakMemory(t *testing.T) {
	if path := os.Getenv(memChildEnv); path != "" {
		memoryChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("a million entries")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	path := filepath.Join(t.TempDir(), "large.crl")
	if err := os.WriteFile(path, largeCRL(t), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLargeCRLPeakMemory$", "-test.v")
	cmd.Env = append(os.Environ(), memChildEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var entries, size, hwm int
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(strings.TrimSpace(line), "entries %d size %d VmHWM %d", &entries, &size, &hwm); err == nil {
			break
		}
	}
	if entries != largeEntries || size == 0 {
		t.Fatalf("child output:\n%s", out)
	}
	t.Logf("file %.1f MB, peak RSS %.1f MB (%.2f × the file)", float64(size)/1e6, float64(hwm)/1e6, float64(hwm)/float64(size))
	if hwm > 2*size {
		t.Errorf("peak RSS %d bytes > 2 × %d", hwm, size)
	}
}

func memoryChild(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	c, err := certificate.ReadCRL(f)
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	hwm := -1
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			hwm = kb * 1024
		}
	}
	fmt.Printf("entries %d size %d VmHWM %d\n", c.Len(), fi.Size(), hwm)
}

func BenchmarkParseCRL(b *testing.B) {
	b.Run("1M", func(b *testing.B) {
		der := largeCRL(b)
		b.SetBytes(int64(len(der)))
		b.ReportAllocs()
		for b.Loop() {
			c, err := certificate.ParseCRL(der)
			if err != nil || c.Len() != largeEntries {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCRLLookup looks up serials in the million-entry CRL, half of
// them listed.
func BenchmarkCRLLookup(b *testing.B) {
	c, err := certificate.ParseCRL(largeCRL(b))
	if err != nil {
		b.Fatal(err)
	}
	rng := mrand.New(mrand.NewPCG(2, 2))
	serials := make([]*big.Int, 4096)
	for i := range serials {
		k := rng.IntN(largeEntries)
		if i%2 == 1 {
			k += largeEntries
		}
		serials[i] = certtest.LargeCRLSerial(k)
	}
	b.ReportAllocs()
	i, found := 0, 0
	for b.Loop() {
		if _, ok := c.Lookup(serials[i&(len(serials)-1)]); ok {
			found++
		}
		i++
	}
	if found != (i+1)/2 {
		b.Fatalf("%d of %d found", found, i)
	}
}
