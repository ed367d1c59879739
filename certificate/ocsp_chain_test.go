package certificate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
)

func TestVerifyOCSP(t *testing.T) {
	t.Parallel()
	f := testOCSP(t)
	leaf := f.leaf
	trust := certificate.Trust{Roots: certificate.NewPool(f.root), Intermediates: certificate.NewPool(f.ca)}
	crlRoot := f.crl(t, f.root, f.rootKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	crlCA := f.crl(t, f.ca, f.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
	crlRevokedLeaf := f.crl(t, f.ca, f.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
		certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -2)})
	// Both delegated responders revoked before the responses were made.
	crlRevokedResponders := f.crl(t, f.ca, f.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
		certificate.RevokedEntry{SerialNumber: f.responder.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -5)},
		certificate.RevokedEntry{SerialNumber: f.checked.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -5)})

	resp := func(signer *certificate.Certificate, key *certificate.GOSTPrivateKey, byKey bool, embed []*certificate.Certificate, e ...certtest.OCSPEntry) *certificate.OCSPResponse {
		return mustOCSP(t, ocspDER(t, &certtest.OCSPTemplate{Responses: e, ResponderByKey: byKey, Certificates: embed, ProducedAt: e[0].ThisUpdate}, signer, key))
	}
	entry := func(st certificate.OCSPStatus, this, next time.Time) certtest.OCSPEntry {
		return certtest.OCSPEntry{Certificate: leaf, Issuer: f.ca, Status: st, ThisUpdate: this, NextUpdate: next}
	}
	revoked := func(at, this time.Time) certtest.OCSPEntry {
		return certtest.OCSPEntry{Certificate: leaf, Issuer: f.ca, Status: certificate.OCSPRevoked, RevocationTime: at,
			Reason: certificate.ReasonKeyCompromise, HasReason: true, ThisUpdate: this}
	}
	week := testAt.AddDate(0, 0, 7)
	goodByCA := resp(f.ca, f.caKey, false, nil, good(leaf, f.ca))
	goodCAByRoot := resp(f.root, f.rootKey, true, nil, good(f.ca, f.root))
	goodDelegated := resp(f.responder, f.respKey, false, []*certificate.Certificate{f.responder}, good(leaf, f.ca))
	delegatedByKey := resp(f.responder, f.respKey, true, nil, good(leaf, f.ca))
	goodNoEKU := resp(f.noEKU, f.respKey, false, []*certificate.Certificate{f.noEKU}, good(leaf, f.ca))
	revokedNoEKU := resp(f.noEKU, f.respKey, false, []*certificate.Certificate{f.noEKU}, revoked(testAt.AddDate(0, 0, -1), testAt))
	goodChecked := resp(f.checked, f.respKey, false, []*certificate.Certificate{f.checked}, good(leaf, f.ca))
	tampered := resp(f.ca, f.caKey, false, nil, good(leaf, f.ca))
	tampered.Signature = append([]byte(nil), tampered.Signature...)
	tampered.Signature[3] ^= 1

	tests := []struct {
		name        string
		trust       certificate.Trust
		ocsp        []*certificate.OCSPResponse // Trust.OCSP
		doc         certificate.RevocationData  // VerifyOptions.Revocation
		extra       []*certificate.Certificate
		require     bool
		wantErr     error
		wantStatus  check.Status
		wantOutcome string
		wantSub     check.SubIndication
		wantText    []string // in the merged message or detail
	}{
		{name: "good from the CA, CRL for the CA link", ocsp: []*certificate.OCSPResponse{goodByCA}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlRoot}},
			wantStatus: check.Pass, wantText: []string{"по ответам служб OCSP", "по спискам отзыва", "good per the OCSP response"}},
		{name: "OCSP for every link", ocsp: []*certificate.OCSPResponse{goodByCA}, doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{goodCAByRoot}},
			wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "delegated responder embedded", doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{goodDelegated, goodCAByRoot}},
			wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "delegated responder by key, certificate in Extra", doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{delegatedByKey, goodCAByRoot}},
			extra: []*certificate.Certificate{f.responder}, wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "delegated responder by key, certificate in a pool", trust: certificate.Trust{Roots: certificate.NewPool(f.root), Intermediates: certificate.NewPool(f.ca, f.responder)},
			doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{delegatedByKey, goodCAByRoot}}, wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "delegated responder not found", doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{delegatedByKey, goodCAByRoot}},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-unauthorised", wantSub: check.NoRevocationData, wantText: []string{"ключ с хешем SHA-1"}},
		{name: "revoked before T", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, revoked(testAt.AddDate(0, 0, -2), testAt.AddDate(0, 0, -1)))},
			wantErr: certificate.ErrRevoked, wantStatus: check.Fail, wantOutcome: "ocsp-revoked", wantText: []string{"по ответу службы OCSP «Тестовый УЦ для руководителей»", "компрометация ключа"}},
		{name: "revoked at T by a stale response", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, revoked(testAt, testAt.AddDate(0, 0, -10)))},
			wantErr: certificate.ErrRevoked, wantStatus: check.Fail, wantOutcome: "ocsp-revoked"},
		{name: "revoked after T", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, revoked(testAt.Add(time.Hour), testAt.AddDate(0, 0, 1))), goodCAByRoot},
			wantStatus: check.Pass, wantOutcome: "ocsp-good", wantText: []string{"revoked per the OCSP response"}},
		{name: "stale response", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPGood, testAt.AddDate(0, 0, -10), testAt.AddDate(0, 0, -3))), goodCAByRoot},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-stale", wantSub: check.RevocationDataStale, wantText: []string{"устарел к моменту проверки"}},
		{name: "no nextUpdate, made long before T", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPGood, testAt.Add(-time.Hour), time.Time{})), goodCAByRoot},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-stale", wantSub: check.RevocationDataStale},
		{name: "no nextUpdate, made just before T", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPGood, testAt.Add(-5*time.Minute), time.Time{})), goodCAByRoot},
			wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "issued after T", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPGood, testAt.AddDate(0, 0, 2), time.Time{})), goodCAByRoot},
			wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "newest of stale and good", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPGood, testAt.AddDate(0, 0, -10), testAt.AddDate(0, 0, -3))), goodCAByRoot},
			doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{goodByCA}}, wantStatus: check.Pass, wantOutcome: "ocsp-good"},
		{name: "unknown status", ocsp: []*certificate.OCSPResponse{resp(f.ca, f.caKey, false, nil, entry(certificate.OCSPUnknown, testAt, week)), goodCAByRoot},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-unknown", wantSub: check.NoRevocationData, wantText: []string{"неизвестно"}},
		{name: "responder without EKU never passes", ocsp: []*certificate.OCSPResponse{goodNoEKU, goodCAByRoot},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-unauthorised", wantSub: check.NoRevocationData,
			wantText: []string{"«Служба OCSP без назначения»", "не подтверждены", "no extKeyUsage id-kp-OCSPSigning"}},
		{name: "responder of another CA never passes", doc: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{resp(f.byRoot, f.respKey, false, []*certificate.Certificate{f.byRoot}, good(leaf, f.ca)), goodCAByRoot}},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-unauthorised", wantSub: check.NoRevocationData},
		{name: "unauthorised with revocation required", ocsp: []*certificate.OCSPResponse{goodNoEKU, goodCAByRoot}, require: true,
			wantErr: certificate.ErrRevocationUnchecked, wantStatus: check.Fail, wantOutcome: "required"},
		{name: "unauthorised revocation is ignored", ocsp: []*certificate.OCSPResponse{revokedNoEKU, goodCAByRoot}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlCA}},
			wantStatus: check.Pass, wantText: []string{"not in CRL"}},
		{name: "bad signature", ocsp: []*certificate.OCSPResponse{tampered, goodCAByRoot},
			wantStatus: check.Indeterminate, wantOutcome: "ocsp-bad-signature", wantSub: check.NoRevocationData, wantText: []string{"подпись ответа службы OCSP"}},
		{name: "good OCSP, revoking CRL", ocsp: []*certificate.OCSPResponse{goodByCA, goodCAByRoot}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlRevokedLeaf}},
			wantErr: certificate.ErrRevoked, wantStatus: check.Fail, wantText: []string{"отозван"}},
		{name: "revoked responder with nocheck", ocsp: []*certificate.OCSPResponse{goodDelegated, goodCAByRoot}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlRevokedResponders}},
			wantStatus: check.Pass, wantText: []string{"good per the OCSP response"}},
		{name: "revoked responder without nocheck", ocsp: []*certificate.OCSPResponse{goodChecked, goodCAByRoot}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlRevokedResponders}},
			wantStatus: check.Pass, wantText: []string{"not in CRL"}},
		{name: "responder without nocheck, not revoked", ocsp: []*certificate.OCSPResponse{goodChecked, goodCAByRoot}, doc: certificate.RevocationData{CRLs: []*certificate.CRL{crlCA}},
			wantStatus: check.Pass, wantText: []string{"good per the OCSP response"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tr := tc.trust
			if tr.Roots == nil {
				tr = trust
			}
			tr.OCSP = tc.ocsp
			if tc.require {
				tr.RevocationMode = certificate.RevocationRequire
			}
			r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: tr, Revocation: tc.doc, Extra: tc.extra, At: testAt})
			if !errors.Is(r.Err, tc.wantErr) || (tc.wantErr == nil) != (r.Err == nil) {
				t.Fatalf("err %v, want %v\n%v", r.Err, tc.wantErr, r.Results)
			}
			if len(r.Results) != 8 || countID(r.Results, "CHAIN-REVOCATION") != 1 {
				t.Fatalf("results %v", r.Results)
			}
			res, _ := r.Results.Find("CHAIN-REVOCATION")
			if res.Status != tc.wantStatus || res.SubIndication != tc.wantSub || (tc.wantOutcome != "" && res.Outcome != tc.wantOutcome) {
				t.Errorf("CHAIN-REVOCATION %s/%s outcome %q, want %s/%s %q: %s | %s", res.Status, res.SubIndication, res.Outcome,
					tc.wantStatus, tc.wantSub, tc.wantOutcome, res.Message, res.Detail)
			}
			for _, w := range tc.wantText {
				if !strings.Contains(res.Message+" | "+res.Detail, w) {
					t.Errorf("%q not in %q | %q", w, res.Message, res.Detail)
				}
			}
			var ce *certificate.ChainError
			if errors.Is(tc.wantErr, certificate.ErrRevoked) {
				if !errors.As(r.Err, &ce) || ce.Link != 0 || ce.Revoked == nil || ce.Revoked.SerialNumber.Cmp(leaf.SerialNumber) != 0 || ce.Message != res.Message {
					t.Errorf("chain error %+v", ce)
				}
			}
		})
	}
}

func countID(rs check.Results, id string) int {
	n := 0
	for _, r := range rs {
		if r.ID == id {
			n++
		}
	}
	return n
}
