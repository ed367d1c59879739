package certificate_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
)

func loadShared(t *testing.T, names ...string) []*certificate.Certificate {
	t.Helper()
	var out []*certificate.Certificate
	for _, n := range names {
		c, err := certificate.ParseOne(readShared(t, "certs", n))
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out = append(out, c)
	}
	return out
}

// TestVerifyRealChains checks the public Минцифры/ФНС chains
// (qualified-certificates.md §8), the cross-certificate path and the new
// roots.
func TestVerifyRealChains(t *testing.T) {
	t.Parallel()
	sharedData(t, "certs")
	cs := loadShared(t, "mincifry_guc_root_2022.pem", "minkomsvyaz_guc_root_2021.pem", "mincifry_2022_cross_by_minkomsvyaz2021.pem",
		"fns_ca_2022_02.pem", "fns_ca_2023.pem", "mincifry_root_2025.pem", "mincifry_root_2026.pem", "minkomsvyaz_guc_root_2018.pem")
	root22, mk21, cross, fns22, fns23, root25, root26, mk18 := cs[0], cs[1], cs[2], cs[3], cs[4], cs[5], cs[6], cs[7]
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		cert   *certificate.Certificate
		opts   certificate.VerifyOptions
		chain  []*certificate.Certificate
		errIs  error
		chains int
	}{
		{"ФНС 2022_02 → Минцифры 2022", fns22, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root22)}, At: at}, []*certificate.Certificate{fns22, root22}, nil, 1},
		{"ФНС 2023 → Минцифры 2022", fns23, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root22)}, At: at}, []*certificate.Certificate{fns23, root22}, nil, 1},
		{"ФНС 2023 → cross → Минкомсвязь 2021", fns23, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(mk21), Intermediates: certificate.NewPool(cross)}, At: at}, []*certificate.Certificate{fns23, cross, mk21}, nil, 1},
		{"cross-certificate → Минкомсвязь 2021", cross, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(mk21)}, At: at}, []*certificate.Certificate{cross, mk21}, nil, 1},
		{"both anchors: self-signed variant first", fns22, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(mk21, root22), Intermediates: certificate.NewPool(cross, root22)}, At: at}, []*certificate.Certificate{fns22, root22}, nil, 1},
		{"root 2025 as anchor", root25, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root25, root26)}, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, []*certificate.Certificate{root25}, nil, 1},
		{"root 2026 as anchor", root26, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root25, root26)}, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, []*certificate.Certificate{root26}, nil, 1},
		{"wrong root", fns23, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(mk18, root25)}, At: at}, nil, certificate.ErrNoTrustedRoot, 0},
		{"ФНС 2023 before its validity", fns23, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root22)}, At: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}, nil, certificate.ErrNotYetValid, 0},
		{"root 2026 before its validity", root26, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root26)}, At: at}, nil, certificate.ErrNotYetValid, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := certificate.Verify(tc.cert, tc.opts)
			if tc.errIs != nil {
				if !errors.Is(r.Err, tc.errIs) {
					t.Fatalf("err %v, want %v", r.Err, tc.errIs)
				}
				return
			}
			if r.Err != nil {
				t.Fatalf("Verify: %v\n%v", r.Err, r.Results)
			}
			if len(r.Chains) < tc.chains || len(r.Chain) != len(tc.chain) {
				t.Fatalf("chain of %d, want %d", len(r.Chain), len(tc.chain))
			}
			for i := range tc.chain {
				if !bytes.Equal(r.Chain[i].Raw, tc.chain[i].Raw) {
					t.Errorf("link %d: %s, want %s", i, r.Chain[i].FingerprintSHA1, tc.chain[i].FingerprintSHA1)
				}
			}
		})
	}
}

// TestCRLVectors parses the RFC 9215 CRLs (DER and PEM) and verifies them
// with their certificates.
func TestCRLVectors(t *testing.T) {
	t.Parallel()
	dir := sharedData(t, "vectors")
	files, _ := filepath.Glob(filepath.Join(dir, "*_crl.*"))
	if len(files) < 6 {
		t.Fatalf("%d CRL vector files", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			crl, err := certificate.ParseCRL(readShared(t, "vectors", filepath.Base(f)))
			if err != nil {
				t.Fatal(err)
			}
			certName := strings.Replace(filepath.Base(f), "_crl.", "_cert.", 1)
			cert, err := certificate.ParseOne(readShared(t, "vectors", certName))
			if err != nil {
				t.Fatal(err)
			}
			if err := crl.CheckSignatureFrom(cert); err != nil {
				t.Fatalf("CRL signature: %v", err)
			}
			if crl.Issuer.CommonName != "Example" || crl.ThisUpdate.Year() != 2014 || crl.Len() != 0 {
				t.Errorf("CRL content: %q %v %d", crl.Issuer.CommonName, crl.ThisUpdate, crl.Len())
			}
			want := 256
			if strings.Contains(f, "_512_") {
				want = 512
			}
			if crl.SignatureAlgorithm.Bits != want {
				t.Errorf("algorithm %v", crl.SignatureAlgorithm)
			}
			// One flipped bit in the signature must fail.
			bad := bytes.Clone(crl.Raw)
			bad[len(bad)-3] ^= 1
			c2, err := certificate.ParseCRL(bad)
			if err != nil {
				t.Fatal(err)
			}
			if err := c2.CheckSignatureFrom(cert); !errors.Is(err, certificate.ErrBadSignature) {
				t.Errorf("tampered CRL: %v", err)
			}
		})
	}
}
