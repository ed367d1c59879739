package certificate_test

import (
	"bytes"
	"context"
	"crypto"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
)

func TestCreateCRLDeterministic(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	tm := &certtest.CRLTemplate{Number: big.NewInt(7), ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7),
		Revoked: []certificate.RevokedEntry{{SerialNumber: big.NewInt(42), RevocationTime: testAt.AddDate(0, 0, -1), Reason: certificate.ReasonCessationOfOperation, HasReason: true},
			{SerialNumber: big.NewInt(43), RevocationTime: testAt.AddDate(0, 0, -2)}}}
	a, err := certtest.CreateCRL(tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := certtest.CreateCRL(tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{1}))
	if !bytes.Equal(a.Raw, b.Raw) {
		t.Error("same seed, different CRLs")
	}
	if a.Number.Int64() != 7 || a.Len() != 2 || !bytes.Equal(a.AuthorityKeyID, p.ca.SubjectKeyID) {
		t.Errorf("CRL fields: %v %d %X", a.Number, a.Len(), a.AuthorityKeyID)
	}
	if e, ok := a.Revoked(big.NewInt(42), testAt); !ok || e.Reason != certificate.ReasonCessationOfOperation || !e.HasReason {
		t.Errorf("entry 42: %+v %v", e, ok)
	}
	if e, ok := a.Revoked(big.NewInt(43), testAt); !ok || e.HasReason || e.Reason != certificate.ReasonUnspecified {
		t.Errorf("entry 43: %+v", e)
	}
	if _, ok := a.Revoked(big.NewInt(42), testAt.AddDate(0, 0, -5)); ok {
		t.Error("revoked before its revocation date")
	}
	if _, ok := a.Revoked(big.NewInt(44), testAt); ok {
		t.Error("serial 44 listed")
	}
	if err := a.CheckSignatureFrom(p.ca); err != nil {
		t.Error(err)
	}
	if err := a.CheckSignatureFrom(p.root); !errors.Is(err, certificate.ErrBadSignature) {
		t.Errorf("wrong issuer: %v", err)
	}
	if _, err := certtest.CreateCRL(tm, p.ca, p.rootKey, mrand.NewChaCha8([32]byte{1})); err == nil {
		t.Error("mismatched key accepted")
	}
	if _, err := certtest.CreateCRL(tm, p.ca, notGOST{}, mrand.NewChaCha8([32]byte{1})); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("non-GOST signer: %v", err)
	}
	if !a.CurrentAt(testAt) || a.CurrentAt(testAt.AddDate(0, 1, 0)) {
		t.Error("CurrentAt")
	}
	// PEM round trip.
	c, err := certificate.ParseCRL(pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: a.Raw}))
	if err != nil || !bytes.Equal(c.Raw, a.Raw) {
		t.Fatalf("PEM: %v", err)
	}
}

func TestParseCRLBadInput(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	good, err := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7)}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	dup, err := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: testAt, Number: big.NewInt(1),
		ExtraExtensions: []certtest.Extension{{OID: asn1.ObjectIdentifier{2, 5, 29, 20}, Value: []byte{2, 1, 1}}}}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{1}))
	if err == nil || !errors.Is(err, certificate.ErrMalformed) || !strings.Contains(err.Error(), "occurs twice") {
		t.Errorf("duplicate extension: %v %v", dup, err)
	}
	ber := append([]byte{0x30, 0x80}, good.Raw[4:]...)
	ber = append(ber, 0, 0)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, certificate.ErrEmpty},
		{"spaces", []byte("  \n"), certificate.ErrEmpty},
		{"garbage", []byte("hello"), certificate.ErrFormat},
		{"truncated", good.Raw[:len(good.Raw)-10], certificate.ErrMalformed},
		{"header only", good.Raw[:4], certificate.ErrMalformed},
		{"trailing", append(bytes.Clone(good.Raw), 0), certificate.ErrMalformed},
		{"BER", ber, certificate.ErrMalformed},
		{"certificate", p.ca.Raw, certificate.ErrMalformed},
		{"PEM certificate", pemCert(p.ca), certificate.ErrFormat},
		{"too large", make([]byte, certificate.MaxCRLSize+1), certificate.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := certificate.ParseCRL(tc.in)
			if !errors.Is(err, tc.want) || c != nil {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
}

type notGOST struct{}

func (notGOST) Public() crypto.PublicKey { return "not a key" }
func (notGOST) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, nil
}

func TestHTTPFetcher(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	leaf := p.ee[certtest.PresetLegalEntityHead]
	caCRL := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
		certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -1), Reason: certificate.ReasonAffiliationChanged, HasReason: true})
	rootCRL := p.crl(t, p.root, p.rootKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/cdp/test-ca.crl":
			_, _ = w.Write(caCRL.Raw)
		case "/cdp/test-root.crl":
			_, _ = w.Write(rootCRL.Raw)
		case "/big.crl":
			_, _ = w.Write(make([]byte, 4096))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	// The test certificates point to pki.example.test; rewrite the host
	// to the loopback server.
	client := srv.Client()
	client.Transport = rewriteHost{base: srv.URL, rt: client.Transport}
	now := testAt
	f := &trust.HTTPFetcher{Client: client, Timeout: 5 * time.Second, Now: func() time.Time { return now }}
	opts := certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca), Fetcher: f}, At: testAt}
	r := certificate.Verify(leaf, opts)
	if !errors.Is(r.Err, certificate.ErrRevoked) || len(r.Fetched) != 2 {
		t.Fatalf("err %v, fetched %v", r.Err, r.Fetched)
	}
	// Cached until nextUpdate: a second query does not hit the server.
	before := hits.Load()
	if r := certificate.Verify(leaf, opts); !errors.Is(r.Err, certificate.ErrRevoked) {
		t.Fatal(r.Err)
	}
	if hits.Load() != before {
		t.Errorf("cache not used: %d → %d hits", before, hits.Load())
	}
	// After nextUpdate the CRL is fetched again.
	now = testAt.AddDate(0, 0, 8)
	if _, err := f.FetchCRL(context.Background(), "http://pki.example.test/cdp/test-ca.crl"); err != nil {
		t.Fatal(err)
	}
	if hits.Load() == before {
		t.Error("expired cache entry not refreshed")
	}
	small := &trust.HTTPFetcher{Client: client, MaxSize: 1000}
	if _, err := small.FetchCRL(context.Background(), srv.URL+"/big.crl"); !errors.Is(err, trust.ErrFetch) {
		t.Errorf("oversized: %v", err)
	}
	if _, err := f.FetchCRL(context.Background(), srv.URL+"/missing.crl"); !errors.Is(err, trust.ErrFetch) {
		t.Errorf("404: %v", err)
	}
	// No fetcher: no network, a warning.
	r = certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca)}, At: testAt})
	if r.Err != nil || len(r.Fetched) != 0 {
		t.Errorf("without fetcher: %v %v", r.Err, r.Fetched)
	}
}

// rewriteHost sends every request to base (the loopback test server).
type rewriteHost struct {
	base string
	rt   http.RoundTripper
}

func (h rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	u := *r.URL
	b, _ := http.NewRequest(http.MethodGet, h.base, nil)
	u.Scheme, u.Host = b.URL.Scheme, b.URL.Host
	r2 := r.Clone(r.Context())
	r2.URL = &u
	r2.Host = u.Host
	return h.rt.RoundTrip(r2)
}
