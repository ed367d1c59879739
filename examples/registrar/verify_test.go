package main

import (
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

func TestVerifySubprocess(t *testing.T) {
	t.Parallel()
	content, sig := f("mchd/representative.xml"), f("mchd/representative.xml.sig")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantFail string
		wantErr  string
	}{
		{name: "valid", args: cat([]string{"--content", content, "--sig", sig}, trustArgs()), wantCode: exitOK},
		{name: "flags in any order", args: cat(trustArgs(), []string{"--sig", sig, "--json", "--content", content}), wantCode: exitOK},
		{name: "tampered content", args: cat([]string{"--content", f("mchd/tampered.xml"), "--sig", sig}, trustArgs()),
			wantCode: exitRejected, wantFail: "SIG-MESSAGE-DIGEST"},
		{name: "UTF-16 signed by the browser plug-in", args: cat([]string{"--content", content, "--sig", f("mchd/ucs2.xml.sig")}, trustArgs()),
			wantCode: exitRejected, wantFail: "SIG-BROWSER-ENCODING"},
		{name: "no --trust", args: []string{"--content", content, "--sig", sig, "--at", fxAt},
			wantCode: exitRejected, wantFail: "CHAIN-TRUSTED-ROOT"},
		{name: "not a signature", args: cat([]string{"--content", content, "--sig", f("certs/head-ul.pem")}, trustArgs()),
			wantCode: exitRejected, wantFail: "SIG-PARSE"},
		{name: "detached without --content", args: cat([]string{"--sig", sig}, trustArgs()), wantCode: exitUsage, wantErr: "give the signed file with --content"},
		{name: "missing --sig", args: []string{"--content", content}, wantCode: exitUsage, wantErr: "--sig is required"},
		{name: "unreadable signature", args: []string{"--content", content, "--sig", "no/such.sig"}, wantCode: exitUsage, wantErr: "no/such.sig"},
		{name: "unreadable content", args: []string{"--content", "no/such.xml", "--sig", sig}, wantCode: exitUsage, wantErr: "no/such.xml"},
		{name: "bad --at", args: []string{"--content", content, "--sig", sig, "--at", "2026-11-23"}, wantCode: exitUsage, wantErr: "RFC 3339"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := runVerdict(t, "valid", tc.wantCode, tc.wantErr, append([]string{"verify"}, tc.args...)...)
			if m == nil {
				return
			}
			checks := checksOf(t, m)
			if tc.wantFail != "" && !slices.Contains(failedIDs(checks), tc.wantFail) {
				t.Errorf("failed checks %v lack %s", failedIDs(checks), tc.wantFail)
			}
			signers, ok := m["signers"].([]any)
			if !ok {
				t.Fatalf("signers is %T", m["signers"])
			}
			if tc.wantFail == "SIG-PARSE" {
				return
			}
			if len(signers) != 1 {
				t.Fatalf("%d signers", len(signers))
			}
			s := signers[0].(map[string]any)
			// The МЧД is signed by the head of A (СНИЛС from certs/head-ul.pem).
			if s["snils"] != "13485088679" || s["index"] != 1.0 || s["subject"] == "" || s["signing_time"] == nil ||
				s["validation_time"] == nil || s["validation_time_source"] == "" {
				t.Errorf("signer facts %v", s)
			}
			if m["detached"] != true || m["format"] != "DER" {
				t.Errorf("detached %v format %v", m["detached"], m["format"])
			}
		})
	}
}

func TestVerifyText(t *testing.T) {
	t.Parallel()
	r := runIn(cat([]string{"verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig")}, trustArgs())...)
	if r.code != exitOK {
		t.Fatalf("want exit 0\n%s", r)
	}
	for _, want := range []string{"ПОДПИСЬ ВЕРНА (valid)", "отсоединённая / detached", "Подписант / signer 1", "SNILS=13485088679"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q\n%s", want, r)
		}
	}
}

// TestVerifyLongTerm: the long-term fixtures through the CLI: valid at
// the timestamp (0), undecided without a proof of existence or with only
// an unauthorised OCSP response (3), and failed for a timestamp over other
// bytes or a certificate revoked before the timestamp (1).
func TestVerifyLongTerm(t *testing.T) {
	t.Parallel()
	crls := []string{"--crl", f("pki/root.crl"), "--crl", f("pki/ca-fns.crl"), "--crl", f("pki/ca-commercial.crl")}
	base := func(sig string, withCRLs bool) []string {
		args := []string{"verify", "--content", f("mchd/representative.xml"), "--sig", f("signatures/" + sig),
			"--trust", f("pki/root.pem"), "--ca", f("pki/ca-fns.pem"), "--ca", f("pki/ca-commercial.pem"), "--at", fxAt, "--json"}
		if withCRLs {
			args = append(args, crls...)
		}
		return args
	}
	for _, tc := range []struct {
		sig       string
		crls      bool
		code      int
		verdict   string
		level     string
		source    string
		indicator string // a check ID/outcome that explains the verdict
	}{
		{"expired-head-t.sig", true, exitOK, "valid", "CAdES-T", "signature-timestamp", ""},
		{"expired-head-xl.sig", false, exitOK, "valid", "CAdES-X Long Type 1", "signature-timestamp", ""},
		{"expired-head-bes.sig", true, exitIndeterminate, "indeterminate", "CAdES-BES", "validation-time", "SIG-CERT-VALIDITY/out-of-bounds"},
		{"ocsp-unauthorised-xl.sig", false, exitIndeterminate, "indeterminate", "CAdES-X Long Type 1", "signature-timestamp", "CHAIN-REVOCATION/ocsp-unauthorised"},
		{"timestamp-other-bytes.sig", true, exitRejected, "invalid", "CAdES-T", "validation-time", "SIG-TIMESTAMP/imprint-mismatch"},
		{"revoked-before-timestamp.sig", true, exitRejected, "invalid", "CAdES-T", "signature-timestamp", "CHAIN-REVOCATION/"},
		{"revoked-after-timestamp.sig", true, exitOK, "valid", "CAdES-T", "signature-timestamp", ""},
	} {
		t.Run(tc.sig, func(t *testing.T) {
			t.Parallel()
			r := runIn(base(tc.sig, tc.crls)...)
			if r.code != tc.code {
				t.Fatalf("want exit %d\n%s", tc.code, r)
			}
			m := decode(t, r)
			signers, _ := m["signers"].([]any)
			if m["verdict"] != tc.verdict || len(signers) != 1 {
				t.Fatalf("verdict %v, %d signers", m["verdict"], len(signers))
			}
			s := signers[0].(map[string]any)
			if s["level"] != tc.level || s["validation_time_source"] != tc.source {
				t.Errorf("level %v, time source %v", s["level"], s["validation_time_source"])
			}
			if tc.indicator == "" {
				return
			}
			id, outcome, _ := strings.Cut(tc.indicator, "/")
			found := false
			for _, c := range checksOf(t, m) {
				if c["id"] == id && (c["outcome"] == outcome || outcome == "" && c["outcome"] == nil) && c["status"] != "pass" {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s among the checks", tc.indicator)
			}
		})
	}
}

// TestVerifyOCSPFlag: an OCSP response given with --ocsp decides the
// revocation of the link it is about; a file that is not one is a usage
// error.
func TestVerifyOCSPFlag(t *testing.T) {
	t.Parallel()
	set, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// An OCSP response about the head's certificate by the ФНС-like CA's
	// responder, current at the validation time.
	at := fixtures.At
	der, err := certtest.CreateOCSPResponse(&certtest.OCSPTemplate{ProducedAt: at.Add(-time.Hour),
		Responses: []certtest.OCSPEntry{{Certificate: set.HeadUL.Cert, Issuer: set.CAFNS.Cert, Status: certificate.OCSPGood,
			ThisUpdate: at.Add(-time.Hour), NextUpdate: at.Add(24 * time.Hour)}},
		Certificates: []*certificate.Certificate{set.LongTerm.OCSP.Cert}}, set.LongTerm.OCSP.Cert, set.LongTerm.OCSP.Key, mrand.NewChaCha8([32]byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	resp := filepath.Join(t.TempDir(), "head.ocsp")
	if err := os.WriteFile(resp, der, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig"),
		"--trust", f("pki/root.pem"), "--ca", f("pki/ca-fns.pem"), "--crl", f("pki/root.crl"), "--at", fxAt, "--json"}
	r := runIn(append(args, "--ocsp", resp)...)
	if r.code != exitOK {
		t.Fatalf("want exit 0 with the OCSP response\n%s", r)
	}
	if r := runIn(args...); r.code != exitIndeterminate {
		t.Fatalf("want exit 3 without it (no revocation data for the head's certificate)\n%s", r)
	}
	if r := runIn(append(args, "--ocsp", f("pki/root.crl"))...); r.code != exitUsage {
		t.Fatalf("want exit 2 for a CRL given as --ocsp\n%s", r)
	}
}

// TestVerifyAllowUnchecked: a signature undecided only for want of
// revocation data is valid when the caller waives revocation, and the
// check says it was waived; an unknown waiver is a usage error.
func TestVerifyAllowUnchecked(t *testing.T) {
	t.Parallel()
	args := []string{"verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig"),
		"--trust", f("pki/root.pem"), "--ca", f("pki/ca-fns.pem"), "--at", fxAt, "--json"}
	if r := runIn(args...); r.code != exitIndeterminate {
		t.Fatalf("want exit 3 without revocation data\n%s", r)
	}
	r := runIn(append(args, "--allow-unchecked", "revocation")...)
	if r.code != exitOK {
		t.Fatalf("want exit 0 with revocation waived\n%s", r)
	}
	waived := false
	for _, c := range checksOf(t, decode(t, r)) {
		if c["id"] == "CHAIN-REVOCATION" && c["waived"] == true && c["waiver"] == "revocation" && c["status"] == "warn" {
			waived = true
		}
	}
	if !waived {
		t.Errorf("no waived CHAIN-REVOCATION\n%s", r)
	}
	if r := runIn(append(args, "--allow-unchecked", "everything")...); r.code != exitUsage || !strings.Contains(r.stderr, "unknown waiver") {
		t.Errorf("unknown waiver: want exit 2\n%s", r)
	}
}
