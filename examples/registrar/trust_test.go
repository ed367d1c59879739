package main

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustedListSigner: without --tsl-signer the fixtures' list is not
// trusted blindly: the chain's CHAIN-ACCREDITATION says the list's
// signature was not checked against a pinned signer, and the text report
// shows it; a --tsl-signer file that is not a certificate is a usage error.
func TestTrustedListSigner(t *testing.T) {
	t.Parallel()
	base := []string{"verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig")}
	unpinned := without(trustArgs(), "--tsl-signer")
	r := runIn(cat(base, unpinned, []string{"--json"})...)
	if r.code != exitIndeterminate {
		t.Fatalf("want exit 3 (indeterminate)\n%s", r)
	}
	found := false
	for _, c := range checksOf(t, decode(t, r)) {
		if c["id"] == "CHAIN-ACCREDITATION" {
			found = true
			if c["status"] != "indeterminate" || c["outcome"] != "source-signer-not-pinned" || c["subindication"] != "SIGNATURE_NOT_VERIFIED" {
				t.Errorf("CHAIN-ACCREDITATION %v", c)
			}
		}
	}
	if !found {
		t.Fatal("no CHAIN-ACCREDITATION")
	}
	r = runIn(cat(base, unpinned)...)
	for _, want := range []string{"Не удалось проверить / indeterminate", "подписант перечня не входит в число заданных доверенных подписантов"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q\n%s", want, r)
		}
	}
	r = runIn(cat(base, unpinned, []string{"--tsl-signer", f("pki/root.crl")})...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "--tsl-signer") {
		t.Errorf("a CRL as --tsl-signer: %s", r)
	}
}

// TestEuropeanTrustedList: an ETSI TS 119 612 list given as --trust is
// named for what it is, not reported as a broken certificate.
func TestEuropeanTrustedList(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "eu-tsl.xml")
	etsi := `<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><tsl:SchemeInformation/></tsl:TrustServiceStatusList>`
	if err := os.WriteFile(path, []byte(etsi), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runIn("verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig"), "--trust", path)
	if r.code != exitUsage || !strings.Contains(r.stderr, "доверенный список в европейском формате ETSI TS 119 612") ||
		strings.Contains(r.stderr, "certificate:") {
		t.Errorf("want the ETSI message\n%s", r)
	}
	r = runIn("inspect", path)
	if r.code != exitRejected || !strings.Contains(r.stdout, "european-trusted-list") || !strings.Contains(r.stdout, "ETSI TS 119 612") {
		t.Errorf("inspect: want the ETSI kind\n%s", r)
	}
}

// TestTrustDirectoryAndSkippedCertificates: --trust and --ca take a
// directory; a certificate that cannot be read is left out and listed on
// stderr while the others are used.
func TestTrustDirectoryAndSkippedCertificates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFile := func(from, to string) []byte {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o600); err != nil {
			t.Fatal(err)
		}
		return b
	}
	caPEM := copyFile(f("pki/ca-commercial.pem"), "ca-commercial.pem")
	copyFile(f("pki/ca-fns.pem"), "ca-fns.pem")
	// A legacy copy of the CA: its basicConstraints cA BOOLEAN as 0x01.
	block, _ := pem.Decode(caPEM)
	der := bytes.Clone(block.Bytes)
	i := bytes.Index(der, []byte{0x01, 0x01, 0xFF})
	j := bytes.Index(der[i+3:], []byte{0x01, 0x01, 0xFF})
	if i < 0 || j < 0 {
		t.Fatal("no cA BOOLEAN")
	}
	der[i+3+j+2] = 0x01
	if err := os.WriteFile(filepath.Join(dir, "legacy.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runIn("verify", "--content", f("mchd/representative.xml"), "--sig", f("mchd/representative.xml.sig"),
		"--trust", f("pki/root.pem"), "--ca", dir, "--at", fxAt, "--crl", f("pki/root.crl"), "--crl", f("pki/ca-fns.crl"),
		"--crl", f("pki/ca-commercial.crl"))
	if r.code != exitOK {
		t.Fatalf("want exit 0\n%s", r)
	}
	if !strings.Contains(r.stderr, "1 certificate(s) left out") || !strings.Contains(r.stderr, "legacy.pem") ||
		!strings.Contains(r.stderr, "не по правилам DER") {
		t.Errorf("stderr does not list the certificate left out\n%s", r)
	}
}
