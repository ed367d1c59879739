package certificate_test

import (
	"bytes"
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
	tr, list, err := trust.Load(trust.Files{
		Anchors: []trust.File{{Name: "root.pem", Data: pemCert(p.root)}},
		CAs:     []trust.File{{Name: "both.pem", Data: both}, {Name: "ca2.cer", Data: p.ca2.Raw}, {Name: "dup.crt", Data: p.ca.Raw}},
	})
	if err != nil || list != nil {
		t.Fatal(err, list)
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
