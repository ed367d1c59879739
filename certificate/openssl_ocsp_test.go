package certificate_test

import (
	"errors"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oracle"
)

// TestOpenSSLAgreesOnOCSP: for OCSP responses made by CreateOCSPResponse,
// `openssl ocsp -respin … -issuer … -cert … -CAfile … -verify_other …`
// (with the gost engine) and our code agree on whether the response
// verifies with an authorised responder and on the status, for
// issuer-signed and delegated responders, SHA-1 and Streebog CertIDs,
// 256- and 512-bit CA keys. OpenSSL checks validity at the current time, so
// the PKI here is built around time.Now().
func TestOpenSSLAgreesOnOCSP(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	now := time.Now().UTC().Truncate(time.Second)
	for _, curve := range []string{"CryptoPro-A", "tc26-512-A"} {
		t.Run(curve, func(t *testing.T) {
			t.Parallel()
			rnd := mrand.NewChaCha8([32]byte{31})
			ids := mrand.New(mrand.NewPCG(31, 31))
			key := func(name string) *certificate.GOSTPrivateKey {
				k, err := certtest.GenerateKey(name, rnd)
				if err != nil {
					t.Fatal(err)
				}
				return k
			}
			create := func(pr certtest.Preset, issuer *certificate.Certificate, issuerKey, subject *certificate.GOSTPrivateKey, mutate func(*certtest.Template)) *certificate.Certificate {
				tm := certtest.NewTemplate(pr, ids, now.AddDate(0, -1, 0))
				if mutate != nil {
					mutate(tm)
				}
				c, err := certtest.Create(tm, issuer, issuerKey, subject.Public(), rnd)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			rootKey, caKey, eeKey, respKey := key(curve), key(curve), key("CryptoPro-XchA"), key("tc26-256-A")
			root := create(certtest.PresetRoot, nil, rootKey, rootKey, nil)
			ca := create(certtest.PresetCA, root, rootKey, caKey, nil)
			leaf := create(certtest.PresetPerson, ca, caKey, eeKey, nil)
			responder := create(certtest.PresetOCSPResponder, ca, caKey, respKey, nil)
			noEKU := create(certtest.PresetOCSPResponder, ca, caKey, respKey, func(tm *certtest.Template) { tm.ExtKeyUsage = nil })
			otherCA := create(certtest.PresetOCSPResponder, root, rootKey, respKey, nil)

			dir := t.TempDir()
			path := func(n string) string { return filepath.Join(dir, n) }
			writePEM(t, path("root.pem"), "CERTIFICATE", root.Raw)
			writePEM(t, path("ca.pem"), "CERTIFICATE", ca.Raw)
			writePEM(t, path("leaf.pem"), "CERTIFICATE", leaf.Raw)
			this, next := now.Add(-time.Hour), now.AddDate(0, 0, 7)
			goodEntry := certtest.OCSPEntry{Certificate: leaf, Issuer: ca, Status: certificate.OCSPGood, ThisUpdate: this, NextUpdate: next}
			revokedEntry := certtest.OCSPEntry{Certificate: leaf, Issuer: ca, Status: certificate.OCSPRevoked, RevocationTime: now.AddDate(0, 0, -1),
				Reason: certificate.ReasonKeyCompromise, HasReason: true, ThisUpdate: this, NextUpdate: next}

			tests := []struct {
				name       string
				signer     *certificate.Certificate
				signerKey  *certificate.GOSTPrivateKey
				tmpl       certtest.OCSPTemplate
				other      *certificate.Certificate // -verify_other and our candidate
				wantOK     bool
				wantStatus string
				tamper     bool // flip a bit of the signature
			}{
				{"issuer signs, SHA-1", ca, caKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{goodEntry}}, ca, true, "good", false},
				{"issuer signs by key, Streebog-256", ca, caKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{revokedEntry}, ResponderByKey: true, CertIDHash: certtest.CertIDStreebog256}, ca, true, "revoked", false},
				{"delegated, embedded", responder, respKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{goodEntry}, Certificates: []*certificate.Certificate{responder}}, nil, true, "good", false},
				{"delegated by key, verify_other", responder, respKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{revokedEntry}, ResponderByKey: true}, responder, true, "revoked", false},
				{"delegated without EKU", noEKU, respKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{goodEntry}, Certificates: []*certificate.Certificate{noEKU}}, nil, false, "", false},
				{"responder of the root", otherCA, respKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{goodEntry}}, otherCA, false, "", false},
				{"bad signature", ca, caKey, certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{goodEntry}}, ca, false, "", true},
			}
			for _, tc := range tests {
				tc.tmpl.ProducedAt = this
				der, err := certtest.CreateOCSPResponse(&tc.tmpl, tc.signer, tc.signerKey, rnd)
				if err != nil {
					t.Fatal(err)
				}
				if tc.tamper {
					der[len(der)-1] ^= 1 // the signature ends the response
				}
				respDER := path("resp.der")
				if err := os.WriteFile(respDER, der, 0o600); err != nil {
					t.Fatal(err)
				}
				args := []string{"ocsp", "-respin", respDER}
				if tc.tmpl.CertIDHash == certtest.CertIDStreebog256 {
					args = append(args, "-md_gost12_256") // the CertID hash; before -cert
				}
				args = append(args, "-issuer", path("ca.pem"), "-cert", path("leaf.pem"), "-CAfile", path("root.pem"))
				var cands []*certificate.Certificate
				if tc.other != nil {
					// The responder and the CA (OpenSSL builds the
					// responder's chain from the untrusted certificates).
					writePEM(t, path("other.pem"), "CERTIFICATE", tc.other.Raw, ca.Raw)
					args = append(args, "-verify_other", path("other.pem"))
					cands = append(cands, tc.other)
				}
				out, oerr := o.Exec(nil, args...)
				opensslOK := oerr == nil
				opensslStatus := ""
				for _, line := range strings.Split(string(out), "\n") {
					if s, ok := strings.CutPrefix(line, path("leaf.pem")+": "); ok {
						opensslStatus = strings.TrimSpace(s)
					}
				}

				r, err := certificate.ParseOCSPResponse(der)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				_, rerr := r.Responder(ca, cands...)
				ourOK := rerr == nil
				sr := r.ResponseFor(leaf, ca)
				if sr == nil {
					t.Fatalf("%s: no single response for the leaf", tc.name)
				}
				if !opensslOK {
					t.Logf("%s: openssl: %v", tc.name, oerr)
				}
				if ourOK != tc.wantOK || opensslOK != tc.wantOK {
					t.Errorf("%s: verify OK: ours %v (%v), openssl %v (%v); want %v", tc.name, ourOK, rerr, opensslOK, oerr, tc.wantOK)
				}
				if tc.wantOK && (opensslStatus != sr.Status.String() || opensslStatus != tc.wantStatus) {
					t.Errorf("%s: status: ours %s, openssl %q, want %s", tc.name, sr.Status, opensslStatus, tc.wantStatus)
				}
				if tc.wantStatus == "revoked" && !strings.Contains(string(out), "Reason: keyCompromise") {
					t.Errorf("%s: openssl shows no reason: %s", tc.name, out)
				}
				// Verify with the response agrees: revoked fails, good passes
				// (the CA link is covered by a response of the root), an
				// unauthorised responder leaves the link indeterminate.
				caGood, err := certtest.CreateOCSPResponse(&certtest.OCSPTemplate{ProducedAt: this,
					Responses: []certtest.OCSPEntry{{Certificate: ca, Issuer: root, Status: certificate.OCSPGood, ThisUpdate: this}}}, root, rootKey, rnd)
				if err != nil {
					t.Fatal(err)
				}
				res := certificate.Verify(leaf, certificate.VerifyOptions{
					Trust:      certificate.Trust{Roots: certificate.NewPool(root), Intermediates: certificate.NewPool(ca)},
					Revocation: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{r, mustOCSP(t, caGood)}},
					Extra:      cands, At: this.Add(time.Minute),
				})
				rev, _ := res.Results.Find("CHAIN-REVOCATION")
				switch {
				case tc.tamper:
					if rev.Outcome != "ocsp-bad-signature" || rev.Status != check.Indeterminate || res.Err != nil {
						t.Errorf("%s: Verify %v, %v", tc.name, rev, res.Err)
					}
				case !tc.wantOK:
					if rev.Outcome != "ocsp-unauthorised" || rev.Status != check.Indeterminate || res.Err != nil {
						t.Errorf("%s: Verify %v, %v", tc.name, rev, res.Err)
					}
				case tc.wantStatus == "revoked":
					if !errors.Is(res.Err, certificate.ErrRevoked) {
						t.Errorf("%s: Verify %v", tc.name, res.Err)
					}
				default:
					if res.Err != nil || rev.Outcome != "ocsp-good" {
						t.Errorf("%s: Verify %v, %v", tc.name, res.Err, rev)
					}
				}
			}
		})
	}
}
