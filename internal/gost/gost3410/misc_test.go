package gost3410

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/internal/gost/gost3410/internal/gen"
)

// TestVerifyAllocs checks that verification on a parsed key does not
// allocate, on every curve.
func TestVerifyAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	for _, c := range Curves() {
		key, err := GenerateKey(c, newDetReader("allocs"))
		if err != nil {
			t.Fatal(err)
		}
		spki, err := MarshalPKIXPublicKey(key.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		pub, err := ParsePKIXPublicKey(spki)
		if err != nil {
			t.Fatal(err)
		}
		digest := randBytes(newDetReader("d"), c.DigestSize())
		sig, err := key.Sign(newDetReader("k"), digest, nil)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(sig)
		bad[3] ^= 1
		if n := testing.AllocsPerRun(5, func() {
			if err := pub.VerifyDigest(digest, sig); err != nil {
				t.Fatal(err)
			}
			_ = pub.VerifyDigest(digest, bad)
			_ = pub.VerifyDigest(digest[:1], sig)
		}); n != 0 {
			t.Errorf("%s: VerifyDigest allocates %.0f times", c.Name, n)
		}
	}
}

// TestGeneratedFilesCurrent checks that the committed generated files equal
// what internal/gen produces (run "go generate" after editing a *256 file).
func TestGeneratedFilesCurrent(t *testing.T) {
	t.Parallel()
	files, err := gen.Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range gen.Names(files) {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, files[name]) {
			t.Errorf("%s is out of date: run go generate ./internal/gost/gost3410", name)
		}
	}
}

// TestConcurrentFirstUse uses fresh, not yet built curves from many
// goroutines at once, so that the race detector checks the lazy set-up.
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	fresh := buildCurves()
	keys := make([]*PrivateKey, len(fresh))
	for i, c := range fresh {
		// Keys come from the shared curves so that only verification and
		// parsing touch the fresh ones first.
		shared, err := CurveByName(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		k, err := GenerateKey(shared, newDetReader("concurrent"))
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(fresh))
	for i, c := range fresh {
		n := c.PointSize()
		digest := make([]byte, n)
		sig, err := keys[i].Sign(newDetReader("k"), digest, nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pub, err := NewPublicKey(c, keys[i].PublicKey().Bytes())
				if err == nil {
					err = pub.VerifyDigest(digest, sig)
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", c.Name, err)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
