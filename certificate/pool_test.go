package certificate

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestKeyAPI(t *testing.T) {
	t.Parallel()
	for _, curve := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-A", "tc26-512-C"} {
		k, err := GenerateKey(curve, nil)
		if err != nil {
			t.Fatal(err)
		}
		der, err := MarshalPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{der, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})} {
			k2, err := ParsePrivateKey(in)
			if err != nil || !k2.Equal(k) {
				t.Fatalf("%s: round trip: %v", curve, err)
			}
		}
	}
	if _, err := GenerateKey("P-256", nil); err == nil {
		t.Error("unknown curve accepted")
	}
	if _, err := ParsePrivateKey(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte{1}})); err == nil {
		t.Error("EC PRIVATE KEY accepted")
	}
	if _, err := MarshalPrivateKey(nil); !errors.Is(err, ErrNotGOSTKey) {
		t.Error(err)
	}
	if len(CurveNames()) < 10 {
		t.Error("curve names")
	}
	p := testPKI(t)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tm := NewTemplate(PresetPerson, nil, testFrom)
	if _, err := Create(tm, p.ca, ec, p.eeK.Public(), rand.Reader); !errors.Is(err, ErrNotGOSTKey) {
		t.Errorf("ECDSA issuer key: %v", err)
	}
	if _, err := Create(tm, p.ca, p.caKey, &ec.PublicKey, rand.Reader); !errors.Is(err, ErrNotGOSTKey) {
		t.Errorf("ECDSA subject key: %v", err)
	}
	// A private key as subject key stands for its public half.
	if _, err := Create(tm, p.ca, p.caKey, p.eeK, rand.Reader); err != nil {
		t.Error(err)
	}
}

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
	pool, err := LoadPoolDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if pool.Len() != 3 || !pool.Contains(p.ca2) || len(pool.BySubjectKeyID(p.root.SubjectKeyID)) != 2 || len(pool.BySubject(p.root.X509.RawSubject)) != 1 {
		t.Fatalf("pool: %d certs", pool.Len())
	}
	if pool.TrustedList() != nil || pool.Accreditation(p.ca) != nil {
		t.Error("file pool has list data")
	}
	if _, err := LoadPoolFiles(filepath.Join(dir, "readme.txt")); err == nil {
		t.Error("text file accepted")
	}
	if _, err := LoadPoolDir(t.TempDir()); err == nil {
		t.Error("empty directory accepted")
	}
	pp, err := ParsePool(both)
	if err != nil || pp.Len() != 2 {
		t.Fatal(err)
	}
	// Concurrent queries on one pool (run with -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := Verify(p.ee[PresetPerson], VerifyOptions{At: testAt, Roots: NewPool(p.root), Intermediates: pool})
			if r.Err != nil || !bytes.Equal(r.Chain[1].Raw, p.ca.Raw) {
				t.Errorf("concurrent Verify: %v", r.Err)
			}
		}()
	}
	wg.Wait()
}
