package certificate_test

import (
	"bytes"
	"encoding/pem"
	"errors"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
)

func TestPoolLoading(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	both := append(pemCert(p.root), pemCert(p.ca)...)
	tr, loaded, err := trust.Load(trust.Files{
		Anchors: []trust.File{{Name: "root.pem", Data: pemCert(p.root)}},
		CAs:     []trust.File{{Name: "both.pem", Data: both}, {Name: "ca2.cer", Data: p.ca2.Raw}, {Name: "dup.crt", Data: p.ca.Raw}},
	})
	if err != nil || loaded.List != nil || len(loaded.Skipped) != 0 {
		t.Fatal(err, loaded)
	}
	pool := tr.Intermediates
	if pool.Len() != 3 || !pool.Contains(p.ca2) || tr.Roots.Len() != 1 {
		t.Fatalf("pool: %d certs", pool.Len())
	}
	if pool.Source() != nil || pool.Accreditation(p.ca) != nil {
		t.Error("file pool has list data")
	}
	for _, bad := range []trust.Files{
		{CAs: []trust.File{{Name: "readme.txt", Data: []byte("ignored")}}},
		{Anchors: []trust.File{{Name: "empty.pem"}}},
		{CRLs: []trust.File{{Name: "root.pem", Data: pemCert(p.root)}}},
	} {
		if _, _, err := trust.Load(bad); !errors.Is(err, trust.ErrConfig) {
			t.Errorf("%+v: %v, want ErrConfig", bad, err)
		}
	}
	// Concurrent queries on one pool (run with -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := certificate.Verify(p.ee[certtest.PresetPerson], certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: pool}, At: testAt})
			if r.Err != nil || !bytes.Equal(r.Chain[1].Raw, p.ca.Raw) {
				t.Errorf("concurrent Verify: %v", r.Err)
			}
		}()
	}
	wg.Wait()
}

// TestLoadSkipsUnreadableCertificates: a CA bundle with certificates that
// cannot be parsed loads the others and lists each one left out.
func TestLoadSkipsUnreadableCertificates(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	legacy := bytes.Clone(p.ca2.Raw)
	i := bytes.Index(legacy, []byte{0x01, 0x01, 0xFF})
	j := bytes.Index(legacy[i+3:], []byte{0x01, 0x01, 0xFF})
	if i < 0 || j < 0 {
		t.Fatal("no cA BOOLEAN in the test CA")
	}
	legacy[i+3+j+2] = 0x01 // basicConstraints cA as BER 0x01, as in legacy CA bundles
	bundle := append(append(pemCert(p.ca), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: legacy})...), pemCert(p.root)...)
	tr, loaded, err := trust.Load(trust.Files{
		Anchors: []trust.File{{Name: "root.pem", Data: pemCert(p.root)}},
		CAs:     []trust.File{{Name: "bundle.pem", Data: bundle}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Intermediates.Len() != 2 || !tr.Intermediates.Contains(p.ca) {
		t.Errorf("intermediates: %d", tr.Intermediates.Len())
	}
	if len(loaded.Skipped) != 1 || loaded.Skipped[0].File != "bundle.pem" || loaded.Skipped[0].Err.Index != 1 ||
		loaded.Skipped[0].Err.Rejected == nil {
		t.Fatalf("skipped: %+v", loaded.Skipped)
	}
}
