package certificate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

func TestPoolLoading(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	dir := t.TempDir()
	both := append(pemCert(p.root), pemCert(p.ca)...)
	if err := os.WriteFile(filepath.Join(dir, "both.pem"), both, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca2.cer"), p.ca2.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dup.crt"), p.ca.Raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("ignored"), 0o600); err != nil {
		t.Fatal(err)
	}
	pool, err := certificate.LoadPoolDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if pool.Len() != 3 || !pool.Contains(p.ca2) || len(pool.BySubjectKeyID(p.root.SubjectKeyID)) != 2 || len(pool.BySubject(p.root.X509.RawSubject)) != 1 {
		t.Fatalf("pool: %d certs", pool.Len())
	}
	if pool.TrustedList() != nil || pool.Accreditation(p.ca) != nil {
		t.Error("file pool has list data")
	}
	if _, err := certificate.LoadPoolFiles(filepath.Join(dir, "readme.txt")); err == nil {
		t.Error("text file accepted")
	}
	if _, err := certificate.LoadPoolDir(t.TempDir()); err == nil {
		t.Error("empty directory accepted")
	}
	pp, err := certificate.ParsePool(both)
	if err != nil || pp.Len() != 2 {
		t.Fatal(err)
	}
	// Concurrent queries on one pool (run with -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := certificate.Verify(p.ee[certtest.PresetPerson], certificate.VerifyOptions{At: testAt, Roots: certificate.NewPool(p.root), Intermediates: pool})
			if r.Err != nil || !bytes.Equal(r.Chain[1].Raw, p.ca.Raw) {
				t.Errorf("concurrent Verify: %v", r.Err)
			}
		}()
	}
	wg.Wait()
}
