package certificate_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
)

// chainPKI is a small PKI for the chain tests with extra CAs for negative
// cases, built once.
type chainPKI struct {
	*pki
	// notCA is a certificate of caKey without basicConstraints issued by
	// root; leafNotCA is issued by it.
	notCA, leafNotCA *certificate.Certificate
	// noCertSign has keyUsage without keyCertSign.
	noCertSign, leafNoCertSign *certificate.Certificate
	// ca2 is issued by p.ca (pathlen 0) and issues leafDeep.
	ca2, leafDeep *certificate.Certificate
	// forged has p.ca's subject and SKI but another key.
	forged *certificate.Certificate
	// shortRoot is a root of rootKey expiring before testAt.
	shortRoot *certificate.Certificate
}

var (
	chainOnce sync.Once
	chainP    *chainPKI
	chainErr  error
)

func testChainPKI(t testing.TB) *chainPKI {
	t.Helper()
	chainOnce.Do(func() { chainP, chainErr = buildChainPKI(testPKI(t)) })
	if chainErr != nil {
		t.Fatal(chainErr)
	}
	return chainP
}

func buildChainPKI(p *pki) (*chainPKI, error) {
	cp := &chainPKI{pki: p}
	rnd := mrand.NewChaCha8([32]byte{77})
	ids := mrand.New(mrand.NewPCG(77, 1))
	from := testFrom.AddDate(-1, 0, 0)
	ee := func(issuer *certificate.Certificate, key *certificate.GOSTPrivateKey) (*certificate.Certificate, error) {
		return certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, testFrom), issuer, key, p.eeK.Public(), rnd)
	}
	var err error
	tm := certtest.NewTemplate(certtest.PresetCA, ids, from)
	tm.Subject.CommonName = "УЦ без basicConstraints"
	tm.IsCA = false
	if cp.notCA, err = certtest.Create(tm, p.root, p.rootKey, p.caKey.Public(), rnd); err != nil {
		return nil, err
	}
	if cp.leafNotCA, err = ee(cp.notCA, p.caKey); err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetCA, ids, from)
	tm.Subject.CommonName = "УЦ без keyCertSign"
	tm.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign
	if cp.noCertSign, err = certtest.Create(tm, p.root, p.rootKey, p.caKey.Public(), rnd); err != nil {
		return nil, err
	}
	if cp.leafNoCertSign, err = ee(cp.noCertSign, p.caKey); err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetCA, ids, from)
	tm.Subject.CommonName = "Подчинённый УЦ"
	if cp.ca2, err = certtest.Create(tm, p.ca, p.caKey, p.rootKey.Public(), rnd); err != nil {
		return nil, err
	}
	if cp.leafDeep, err = ee(cp.ca2, p.rootKey); err != nil {
		return nil, err
	}
	other, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetCA, ids, from)
	tm.Subject = certtest.NameSpec{}
	tm.Subject.Extra = nil
	tm.SubjectKeyID = p.ca.SubjectKeyID
	tm.OmitAuthorityKeyID = true
	// Same subject DER as p.ca: copy its attributes.
	for _, a := range p.ca.Subject.Attributes {
		tm.Subject.Extra = append(tm.Subject.Extra, certtest.AttributeSpec{Type: a.Type, Value: a.Value, Tag: a.Tag})
	}
	if cp.forged, err = certtest.Create(tm, nil, other, other.Public(), rnd); err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetRoot, ids, testFrom.AddDate(-2, 0, 0))
	for _, a := range p.root.Subject.Attributes {
		tm.Subject.Extra = append(tm.Subject.Extra, certtest.AttributeSpec{Type: a.Type, Value: a.Value, Tag: a.Tag})
	}
	tm.Subject = certtest.NameSpec{Extra: tm.Subject.Extra}
	tm.NotAfter = testAt.AddDate(0, -1, 0)
	if cp.shortRoot, err = certtest.Create(tm, nil, p.rootKey, p.rootKey.Public(), rnd); err != nil {
		return nil, err
	}
	return cp, nil
}

func (p *pki) crl(t testing.TB, issuer *certificate.Certificate, key *certificate.GOSTPrivateKey, this, next time.Time, revoked ...certificate.RevokedEntry) *certificate.CRL {
	t.Helper()
	c, err := certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(1), ThisUpdate: this, NextUpdate: next, Revoked: revoked}, issuer, key, mrand.NewChaCha8([32]byte{5}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerifyChain(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	leaf := p.ee[certtest.PresetLegalEntityHead]
	roots, inter := certificate.NewPool(p.root), certificate.NewPool(p.ca)
	crlCA := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	crlRoot := p.crl(t, p.root, p.rootKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	revokedBefore := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
		certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -3), Reason: certificate.ReasonKeyCompromise, HasReason: true})
	revokedAfter := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, 3), testAt.AddDate(0, 0, 10),
		certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, 2), Reason: certificate.ReasonSuperseded, HasReason: true})
	stale := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, -2, 0), testAt.AddDate(0, -1, 0))
	// A CRL of the CA's name signed by another key: must be ignored.
	forgedCRL := p.crl(t, p.forged, mustSigner(t, p, "forged"), testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
		certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -3)})

	tests := []struct {
		name     string
		cert     *certificate.Certificate
		opts     certificate.VerifyOptions
		wantErr  error
		wantRule string
		wantLink int
		wantMsg  string
		wantLen  int
		check    func(t *testing.T, r *certificate.ChainResult)
	}{
		{name: "valid", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter}}, wantLen: 3,
			check: func(t *testing.T, r *certificate.ChainResult) {
				// One result per rule: the two links without a CRL are
				// merged into one indeterminate result naming both.
				if n := countStatus(r.Results, "CHAIN-REVOCATION", check.Indeterminate); n != 1 {
					t.Errorf("%d indeterminate revocation results, want 1: %v", n, r.Results)
				}
				if res, _ := r.Results.Find("CHAIN-REVOCATION"); strings.Count(res.Message, "не проверен") != 2 ||
					res.SubIndication != check.NoRevocationData {
					t.Errorf("message %q, sub-indication %q", res.Message, res.SubIndication)
				}
				if len(r.Results) != 8 {
					t.Errorf("%d results, want one per chain rule", len(r.Results))
				}
				if res, _ := r.Results.Find("CHAIN-ACCREDITATION"); res.Status != check.Skip {
					t.Errorf("accreditation %v without a trusted list", res)
				}
			}},
		{name: "valid with CRLs", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{crlCA, crlRoot}, RevocationMode: certificate.RevocationRequire}}, wantLen: 3,
			check: func(t *testing.T, r *certificate.ChainResult) {
				if r.Results.Worst() != check.Pass {
					t.Errorf("worst %s: %v", r.Results.Worst(), r.Results)
				}
			}},
		{name: "leaf is an anchor", cert: p.root, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots}}, wantLen: 1},
		{name: "no roots", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Intermediates: inter}}, wantErr: certificate.ErrNoTrustedRoot, wantRule: "CHAIN-TRUSTED-ROOT", wantMsg: "не доходит до доверенного корневого"},
		{name: "issuer missing", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots}}, wantErr: certificate.ErrNoTrustedRoot, wantRule: "CHAIN-TRUSTED-ROOT", wantMsg: "не найден сертификат издателя"},
		{name: "root only in Extra", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.forged)}, Extra: []*certificate.Certificate{p.ca, p.root}},
			wantErr: certificate.ErrNoTrustedRoot, wantRule: "CHAIN-TRUSTED-ROOT", wantLink: 2, wantMsg: "самоподписанный"},
		{name: "untrusted self-signed", cert: p.root, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.ca)}}, wantErr: certificate.ErrNoTrustedRoot, wantMsg: "не входит в число доверенных"},
		{name: "expired leaf", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter}, At: leaf.NotAfter.Add(time.Hour)},
			wantErr: certificate.ErrExpired, wantRule: "CHAIN-VALIDITY", wantLink: 0, wantMsg: "истёк"},
		{name: "not yet valid leaf", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter}, At: leaf.NotBefore.Add(-time.Hour)},
			wantErr: certificate.ErrNotYetValid, wantRule: "CHAIN-VALIDITY", wantLink: 0, wantMsg: "ещё не действует"},
		{name: "expired anchor", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.shortRoot), Intermediates: inter}},
			wantErr: certificate.ErrExpired, wantRule: "CHAIN-VALIDITY", wantLink: 2},
		{name: "bad signature", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.forged)}},
			wantErr: certificate.ErrChainSignature, wantRule: "CHAIN-SIGNATURE", wantLink: 0, wantMsg: "звено 0"},
		{name: "forged and real candidates", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.forged, p.ca)}}, wantLen: 3},
		{name: "issuer not a CA", cert: p.leafNotCA, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.notCA)}},
			wantErr: certificate.ErrNotCA, wantRule: "CHAIN-CA-CONSTRAINTS", wantLink: 1, wantMsg: "не является сертификатом УЦ"},
		{name: "no keyCertSign", cert: p.leafNoCertSign, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.noCertSign)}},
			wantErr: certificate.ErrKeyUsage, wantRule: "CHAIN-KEY-USAGE", wantLink: 1, wantMsg: "keyCertSign"},
		{name: "path length", cert: p.leafDeep, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.ca, p.ca2)}},
			wantErr: certificate.ErrPathLength, wantRule: "CHAIN-PATH-LENGTH", wantLink: 2, wantMsg: "ограничение длины"},
		{name: "revoked", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{revokedBefore, crlRoot}}},
			wantErr: certificate.ErrRevoked, wantRule: "CHAIN-REVOCATION", wantLink: 0, wantMsg: "компрометация ключа",
			check: func(t *testing.T, r *certificate.ChainResult) {
				var ce *certificate.ChainError
				if !errors.As(r.Err, &ce) || ce.Revoked == nil || ce.Revoked.Reason != certificate.ReasonKeyCompromise || !strings.Contains(ce.Message, certificate.SerialHex(leaf)) {
					t.Errorf("revocation details missing: %+v", ce)
				}
			}},
		{name: "revoked after T", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{revokedAfter, crlRoot}}}, wantLen: 3},
		{name: "revocation required", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{crlCA}, RevocationMode: certificate.RevocationRequire}},
			wantErr: certificate.ErrRevocationUnchecked, wantRule: "CHAIN-REVOCATION", wantLink: 1, wantMsg: "не проверен"},
		{name: "stale CRL", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{stale, crlRoot}}}, wantLen: 3,
			check: func(t *testing.T, r *certificate.ChainResult) {
				res, _ := r.Results.Find("CHAIN-REVOCATION")
				if res.Status != check.Indeterminate || res.SubIndication != check.RevocationDataStale ||
					!strings.Contains(res.Message, certificate.RuDateTime(stale.NextUpdate)) {
					t.Errorf("stale CRL: %v", res)
				}
			}},
		{name: "CRL with bad signature ignored", cert: leaf, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter, CRLs: []*certificate.CRL{forgedCRL}}}, wantLen: 3,
			check: func(t *testing.T, r *certificate.ChainResult) {
				res, _ := r.Results.Find("CHAIN-REVOCATION")
				if res.Status != check.Indeterminate || !strings.Contains(res.Message, "подпись списка отзыва") {
					t.Errorf("forged CRL: %v", res)
				}
			}},
		{name: "depth limit", cert: p.leafDeep, opts: certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: certificate.NewPool(p.ca, p.ca2), MaxChainLength: 2}},
			wantErr: certificate.ErrNoTrustedRoot, wantMsg: "длиннее 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.opts.At.IsZero() {
				tc.opts.At = testAt
			}
			r := certificate.Verify(tc.cert, tc.opts)
			// A prepared Trust gives the same verdict, result by result.
			prepared := tc.opts
			prepared.Trust, _ = prepared.Trust.Prepare()
			if !prepared.Trust.Prepared() || tc.opts.Trust.Prepared() {
				t.Fatal("Prepare")
			}
			for range 2 { // the second time from what the first remembered
				rp := certificate.Verify(tc.cert, prepared)
				if !reflect.DeepEqual(rp.Results, r.Results) || fmt.Sprint(rp.Err) != fmt.Sprint(r.Err) || len(rp.Chain) != len(r.Chain) {
					t.Fatalf("prepared trust: %v\n%v\nunprepared: %v\n%v", rp.Err, rp.Results, r.Err, r.Results)
				}
			}
			for _, res := range r.Results {
				if !strings.HasPrefix(res.ID, "CHAIN-") || res.Citation == "" || res.Message == "" {
					t.Errorf("bad result %v", res)
				}
			}
			if tc.wantErr == nil {
				if r.Err != nil {
					t.Fatalf("Verify: %v\n%v", r.Err, r.Results)
				}
				if r.Results.Failed() || len(r.Chains) == 0 || len(r.Chain) != tc.wantLen {
					t.Fatalf("chain %d certs, results %v", len(r.Chain), r.Results)
				}
			} else {
				if !errors.Is(r.Err, tc.wantErr) {
					t.Fatalf("err %v, want %v\n%v", r.Err, tc.wantErr, r.Results)
				}
				var ce *certificate.ChainError
				if !errors.As(r.Err, &ce) {
					t.Fatalf("%T is not a *ChainError", r.Err)
				}
				if tc.wantRule != "" && ce.RuleID != tc.wantRule {
					t.Errorf("rule %s, want %s", ce.RuleID, tc.wantRule)
				}
				if tc.wantRule != "" && ce.Link != tc.wantLink {
					t.Errorf("link %d, want %d (%s)", ce.Link, tc.wantLink, ce.Message)
				}
				if !strings.Contains(strings.ToLower(ce.Message), strings.ToLower(tc.wantMsg)) {
					t.Errorf("message %q lacks %q", ce.Message, tc.wantMsg)
				}
				if !r.Results.Failed() || len(r.Chains) != 0 {
					t.Errorf("results do not fail: %v", r.Results)
				}
				if countStatus(r.Results, ce.RuleID, check.Fail) == 0 {
					t.Errorf("no failing %s result: %v", ce.RuleID, r.Results)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func mustSigner(t testing.TB, p *chainPKI, which string) *certificate.GOSTPrivateKey {
	t.Helper()
	// The forged CA was made with the 4th key drawn after the three fixed
	// keys; regenerate it deterministically by rebuilding.
	cp, err := buildChainPKIWithKey(p.pki)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// buildChainPKIWithKey returns the forged CA's key (same stream as
// buildChainPKI).
func buildChainPKIWithKey(p *pki) (*certificate.GOSTPrivateKey, error) {
	rnd := mrand.NewChaCha8([32]byte{77})
	ids := mrand.New(mrand.NewPCG(77, 1))
	from := testFrom.AddDate(-1, 0, 0)
	// Replay the draws of buildChainPKI up to the forged key.
	for i := 0; i < 3; i++ {
		tm := certtest.NewTemplate(certtest.PresetCA, ids, from)
		if i == 0 {
			tm.IsCA = false
		}
		issuer, key, sub := p.root, p.rootKey, p.caKey.Public()
		if i == 2 {
			issuer, key, sub = p.ca, p.caKey, p.rootKey.Public()
		}
		if i == 1 {
			tm.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign
		}
		c, err := certtest.Create(tm, issuer, key, sub, rnd)
		if err != nil {
			return nil, err
		}
		eeKey := p.caKey
		if i == 2 {
			eeKey = p.rootKey
		}
		if _, err := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, testFrom), c, eeKey, p.eeK.Public(), rnd); err != nil {
			return nil, err
		}
	}
	return certtest.GenerateKey("CryptoPro-A", rnd)
}

func countStatus(rs check.Results, id string, s check.Status) int {
	n := 0
	for _, r := range rs {
		if r.ID == id && r.Status == s {
			n++
		}
	}
	return n
}

func TestRulesValid(t *testing.T) {
	t.Parallel()
	rules := certificate.Rules()
	g := check.NewRegistry(rules...) // panics on an invalid or duplicate rule
	for _, id := range []string{"CHAIN-TRUSTED-ROOT", "CHAIN-REVOCATION", "CERT-KIND", "CERT-VALIDITY"} {
		if _, ok := g.Lookup(id); !ok {
			t.Errorf("%s not registered", id)
		}
	}
}
