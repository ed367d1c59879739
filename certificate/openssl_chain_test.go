package certificate_test

import (
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/oracle"
)

func writePEM(t *testing.T, path, typ string, ders ...[]byte) string {
	t.Helper()
	var b []byte
	for _, d := range ders {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: d})...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenSSLVerifiesOurChains: openssl verify accepts the chains and CRLs
// Create and CreateCRL make (256- and 512-bit, twisted Edwards included) and
// reports a revoked leaf; openssl crl -verify accepts our CRLs.
func TestOpenSSLVerifiesOurChains(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	for _, curves := range [][2]string{{"CryptoPro-A", "CryptoPro-XchA"}, {"tc26-512-A", "tc26-256-A"}, {"tc26-512-C", "tc26-256-B"}} {
		t.Run(curves[0], func(t *testing.T) {
			t.Parallel()
			p, err := buildPKI(curves[0], curves[1], 21)
			if err != nil {
				t.Fatal(err)
			}
			leaf := p.ee[certtest.PresetLegalEntityHead]
			dir := t.TempDir()
			root := writePEM(t, filepath.Join(dir, "root.pem"), "CERTIFICATE", p.root.Raw)
			ca := writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", p.ca.Raw)
			leafPath := writePEM(t, filepath.Join(dir, "leaf.pem"), "CERTIFICATE", leaf.Raw)
			rootCRL := p.crl(t, p.root, p.rootKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
			caCRL := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7))
			revCRL := p.crl(t, p.ca, p.caKey, testAt.AddDate(0, 0, -1), testAt.AddDate(0, 0, 7),
				certificate.RevokedEntry{SerialNumber: leaf.SerialNumber, RevocationTime: testAt.AddDate(0, 0, -2), Reason: certificate.ReasonKeyCompromise, HasReason: true})
			good := writePEM(t, filepath.Join(dir, "good.crl"), "X509 CRL", rootCRL.Raw, caCRL.Raw)
			bad := writePEM(t, filepath.Join(dir, "bad.crl"), "X509 CRL", rootCRL.Raw, revCRL.Raw)
			at := fmt.Sprint(testAt.Unix())

			out := string(o.Run(t, nil, "verify", "-attime", at, "-CAfile", root, "-untrusted", ca, "-crl_check_all", "-CRLfile", good, leafPath))
			if !strings.Contains(out, "leaf.pem: OK") {
				t.Fatalf("openssl verify: %q", out)
			}
			// Our own verdict agrees.
			if r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca), CRLs: []*certificate.CRL{rootCRL, caCRL}, RevocationMode: certificate.RevocationRequire}, At: testAt}); r.Err != nil {
				t.Fatalf("Verify: %v", r.Err)
			}
			_, err = o.Exec(nil, "verify", "-attime", at, "-CAfile", root, "-untrusted", ca, "-crl_check_all", "-CRLfile", bad, leafPath)
			if err == nil || !strings.Contains(err.Error(), "certificate revoked") {
				t.Fatalf("openssl accepted a revoked leaf: %v", err)
			}
			if r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca), CRLs: []*certificate.CRL{rootCRL, revCRL}}, At: testAt}); !errors.Is(r.Err, certificate.ErrRevoked) {
				t.Fatalf("Verify on revoked: %v", r.Err)
			}
			for _, c := range []struct {
				crl    *certificate.CRL
				issuer string
			}{{rootCRL, root}, {caCRL, ca}, {revCRL, ca}} {
				path := writePEM(t, filepath.Join(dir, "one.crl"), "X509 CRL", c.crl.Raw)
				if _, err := o.Exec(nil, "crl", "-verify", "-CAfile", c.issuer, "-in", path, "-noout"); err != nil {
					t.Errorf("openssl crl -verify: %v", err)
				}
				text := string(o.Run(t, nil, "crl", "-in", path, "-noout", "-text"))
				if c.crl == revCRL && !strings.Contains(text, "Key Compromise") {
					t.Errorf("reason not shown by openssl: %s", text)
				}
			}
		})
	}
}

// TestWeVerifyOpenSSLChains: a CA and a leaf made by openssl req/x509 and a
// CRL made by openssl ca -gencrl verify with our code, for 256-bit, 512-bit
// and twisted-Edwards keys.
func TestWeVerifyOpenSSLChains(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	for _, tc := range []struct{ alg, paramset, md string }{
		{"gost2012_256", "A", "md_gost12_256"},
		{"gost2012_512", "A", "md_gost12_512"},
		{"gost2012_256", "TCA", "md_gost12_256"},
		{"gost2012_512", "C", "md_gost12_512"},
	} {
		t.Run(tc.alg+"-"+tc.paramset, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			f := func(n string) string { return filepath.Join(dir, n) }
			if err := os.WriteFile(f("index.txt"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f("crlnumber"), []byte("01\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			cnf := "[ca]\ndefault_ca = CA_default\n[CA_default]\ndatabase = " + f("index.txt") +
				"\ncrlnumber = " + f("crlnumber") + "\ndefault_md = " + tc.md + "\ndefault_crl_days = 30\n"
			if err := os.WriteFile(f("ca.cnf"), []byte(cnf), 0o600); err != nil {
				t.Fatal(err)
			}
			o.Run(t, nil, "genpkey", "-algorithm", tc.alg, "-pkeyopt", "paramset:"+tc.paramset, "-out", f("ca.key"))
			o.Run(t, nil, "req", "-x509", "-new", "-key", f("ca.key"), "-subj", "/CN=OpenSSL Test CA/O=Registrar Tests",
				"-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", f("ca.pem"))
			o.Run(t, nil, "genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:B", "-out", f("leaf.key"))
			o.Run(t, nil, "req", "-new", "-key", f("leaf.key"), "-subj", "/CN=OpenSSL Leaf", "-out", f("leaf.csr"))
			o.Run(t, nil, "x509", "-req", "-in", f("leaf.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-set_serial", "0x1234ABCD",
				"-days", "365", "-out", f("leaf.pem"))
			o.Run(t, nil, "ca", "-config", f("ca.cnf"), "-revoke", f("leaf.pem"), "-keyfile", f("ca.key"), "-cert", f("ca.pem"), "-crl_reason", "keyCompromise")
			o.Run(t, nil, "ca", "-config", f("ca.cnf"), "-gencrl", "-keyfile", f("ca.key"), "-cert", f("ca.pem"), "-md", tc.md, "-out", f("crl.pem"))

			read := func(n string) []byte {
				b, err := os.ReadFile(f(n))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			ca, err := certificate.ParseOne(read("ca.pem"))
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := certificate.ParseOne(read("leaf.pem"))
			if err != nil {
				t.Fatal(err)
			}
			crl, err := certificate.ParseCRL(read("crl.pem"))
			if err != nil {
				t.Fatal(err)
			}
			if err := crl.CheckSignatureFrom(ca); err != nil {
				t.Fatalf("CRL signature: %v", err)
			}
			// The private key openssl wrote is readable too.
			caPub, _ := ca.GOSTKey()
			if k, err := certificate.ParsePrivateKey(read("ca.key")); err != nil || !caPub.Equal(k.Public()) {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			now := time.Now()
			r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(ca)}, At: now})
			if r.Err != nil {
				t.Fatalf("Verify without CRL: %v\n%v", r.Err, r.Results)
			}
			r = certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(ca), CRLs: []*certificate.CRL{crl}}, At: now.Add(time.Minute)})
			var ce *certificate.ChainError
			if !errors.As(r.Err, &ce) || !errors.Is(r.Err, certificate.ErrRevoked) || ce.Revoked.Reason != certificate.ReasonKeyCompromise ||
				ce.Revoked.SerialNumber.Cmp(big.NewInt(0x1234ABCD)) != 0 {
				t.Fatalf("revoked leaf: %v", r.Err)
			}
		})
	}
}
