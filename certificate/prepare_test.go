package certificate_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// TestPrepare: Prepare verifies the CRLs and the pool links once and says
// so; a CA certificate that comes with a document is remembered, an
// end-entity certificate never; a forged CRL is counted as bad and a CRL of
// an unknown CA as an orphan.
func TestPrepare(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	leaf := p.ee[certtest.PresetLegalEntityHead]
	crlCA := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	crlRoot := p.crl(t, p.root, p.rootKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	forged := p.crl(t, p.forged, mustSigner(t, p, "forged"), testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	tr := certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca, p.ca2),
		CRLs: []*certificate.CRL{crlCA, crlRoot, forged}}
	prepared, st := tr.Prepare()
	if st.CRLs != 2 || st.Links < 2 || st.BadLinks != 0 || st.BadCRLs+st.Orphans != 1 {
		t.Errorf("stats %+v", st)
	}
	if again, st2 := prepared.Prepare(); st2 != st || !certificate.SamePreparation(again, prepared) {
		t.Errorf("preparing again: %+v", st2)
	}
	changed := prepared
	changed.CRLs = []*certificate.CRL{crlCA}
	if again, st2 := changed.Prepare(); st2.CRLs != 1 || certificate.SamePreparation(again, prepared) {
		t.Errorf("other CRLs, same preparation: %+v", st2)
	}
	if certificate.LinkCacheLen(tr) != -1 || certificate.LinkCacheLen(prepared) != 0 {
		t.Fatal("link cache of an unprepared trust")
	}
	// The CA only as a document's certificate: its link to the root is
	// remembered across documents; the leaf's link never is.
	viaExtra := prepared
	viaExtra.Intermediates = nil
	for range 3 {
		r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: viaExtra, At: testAt, Extra: []*certificate.Certificate{p.ca}})
		if r.Err != nil {
			t.Fatalf("Verify: %v", r.Err)
		}
		if n := certificate.LinkCacheLen(prepared); n != 1 {
			t.Errorf("%d links remembered, want 1 (the CA's)", n)
		}
	}
	// Bounded: with room for none the cache forgets and Verify still works.
	certificate.SetLinkCacheMax(prepared, 1)
	r := certificate.Verify(p.leafDeep, certificate.VerifyOptions{Trust: viaExtra, At: testAt, Extra: []*certificate.Certificate{p.ca, p.ca2}})
	plain := certificate.Verify(p.leafDeep, certificate.VerifyOptions{Trust: tr, At: testAt, Extra: []*certificate.Certificate{p.ca, p.ca2}})
	if n := certificate.LinkCacheLen(prepared); n != 1 || fmt.Sprint(r.Err) != fmt.Sprint(plain.Err) {
		t.Errorf("bounded cache holds %d; %v, unprepared %v", n, r.Err, plain.Err)
	}
	// CRLIssuer finds the CA whose key verifies a CRL.
	if c, err := prepared.CRLIssuer(crlCA); err != nil || c != p.ca {
		t.Errorf("CRLIssuer: %v, %v", c, err)
	}
	if c, err := tr.CRLIssuer(crlRoot); err != nil || c != p.root {
		t.Errorf("CRLIssuer unprepared: %v, %v", c, err)
	}
	if _, err := prepared.CRLIssuer(forged); !errors.Is(err, certificate.ErrBadSignature) {
		t.Errorf("forged CRL: %v", err)
	}
}

// TestPrepareLeafSignature: a prepared Trust verifies end-entity
// certificates with its CAs' precomputed keys; every time, a valid leaf
// passes and the same leaf with one bit of its signature changed fails
// as it does without preparation.
func TestPrepareLeafSignature(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	leaf := p.ee[certtest.PresetLegalEntityHead]
	raw := bytes.Clone(leaf.Raw)
	raw[len(raw)-5] ^= 0x10 // inside the signature value
	bad, err := certificate.ParseOne(raw)
	if err != nil {
		t.Fatal(err)
	}
	tr := certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca)}
	prepared, _ := tr.Prepare()
	for i := range 3 {
		if r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: prepared, At: testAt}); r.Err != nil {
			t.Fatalf("round %d: the valid leaf: %v", i, r.Err)
		}
		got := certificate.Verify(bad, certificate.VerifyOptions{Trust: prepared, At: testAt})
		want := certificate.Verify(bad, certificate.VerifyOptions{Trust: tr, At: testAt})
		if got.Err == nil || fmt.Sprint(got.Err) != fmt.Sprint(want.Err) {
			t.Fatalf("round %d: the changed leaf: %v, unprepared %v", i, got.Err, want.Err)
		}
	}
}
