package application

import (
	"context"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

// BenchmarkCheck runs the whole check of each variant on the fixture
// documents: certificate parse, profile and 3-link chain with CRLs, and for
// the МЧД variants the МЧД parse, schema, rules, CMS signature with the
// signer's chain and the bindings.
func BenchmarkCheck(b *testing.B) {
	for _, tc := range []struct {
		name string
		c    checkCase
	}{
		{"head", acceptedCases[0]},
		{"representative", acceptedCases[2]},
		{"managing", acceptedCases[5]},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := fx(b)
			opts := fxOptions(b, s)
			u := tc.c.upload(s)
			a := fxApplicant(b, s, tc.c.applicant)
			if r := Check(u, a, opts); !r.Accepted() {
				b.Fatalf("rejected:\n%s", r.Text())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Check(u, a, opts)
			}
		})
	}
}

// checkerBenchCases are the uploads of BenchmarkChecker.
var checkerBenchCases = []struct {
	name string
	c    checkCase
}{
	{"head", acceptedCases[0]},
	{"representative", acceptedCases[2]},
	{"managing", acceptedCases[5]},
}

// BenchmarkChecker checks one upload of each variant with a Checker built
// once (CRLs for every link supplied — the two issuing CAs' as large as real
// ones, see benchOptions — the registry and ЕГРЮЛ answered from memory): per
// check only the uploaded certificate, the МЧД, its signature and the
// signer's certificate are verified.
func BenchmarkChecker(b *testing.B) {
	for _, tc := range checkerBenchCases {
		b.Run(tc.name, func(b *testing.B) {
			s := fx(b)
			chk := NewChecker(benchOptions(b, s))
			u := tc.c.upload(s)
			a := fxApplicant(b, s, tc.c.applicant)
			ctx := context.Background()
			if r := chk.Check(ctx, u, a); !r.Accepted() {
				b.Fatalf("rejected:\n%s", r.Text())
			}
			b.ReportAllocs()
			for b.Loop() {
				chk.Check(ctx, u, a)
			}
		})
	}
}

// BenchmarkCheckerParallel is BenchmarkChecker/representative from
// GOMAXPROCS goroutines sharing one Checker. The timer starts after the
// set-up, as b.Loop starts it in BenchmarkChecker: building the Checker
// verifies and indexes two CRLs of 200,000 entries (≈ 0.1 s), which would
// otherwise count in every run of the benchmark function.
func BenchmarkCheckerParallel(b *testing.B) {
	b.Run("representative", func(b *testing.B) {
		s := fx(b)
		chk := NewChecker(benchOptions(b, s))
		u := repUpload(s)
		a := fxApplicant(b, s, "employee")
		if r := chk.Check(context.Background(), u, a); !r.Accepted() {
			b.Fatalf("rejected:\n%s", r.Text())
		}
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				chk.Check(context.Background(), u, a)
			}
		})
	})
}

// fuzzInputs loads the committed fixture files (not the generator: under
// the fuzzer's coverage instrumentation generating keys and signatures
// would take each worker minutes).
func fuzzInputs(f *testing.F) (opts CheckOptions, a *Applicant, files map[string][]byte) {
	dir := filepath.Join("..", "testdata", "fixtures")
	files = map[string][]byte{}
	for _, p := range []string{"certs/employee-fl.pem", "certs/managing-head-ul.pem", "mchd/representative.xml",
		"mchd/representative.xml.sig", "mchd/managing.xml", "mchd/managing.xml.sig", "mchd/ip.xml", "mchd/ip.xml.sig",
		"pki/trusted-list.xml", "pki/trusted-list-signer.pem", "pki/root.crl", "pki/ca-fns.crl", "pki/ca-commercial.crl", "applicant/employee.json",
		"manifest.json"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			f.Fatal(err)
		}
		files[p] = b
	}
	var m struct {
		HeadCA string `json:"head_ca_ogrn"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		f.Fatal(err)
	}
	signer, err := certificate.ParseOne(files["pki/trusted-list-signer.pem"])
	if err != nil {
		f.Fatal(err)
	}
	l, err := trust.ParseList(files["pki/trusted-list.xml"], &trust.ListOptions{HeadCAOGRN: m.HeadCA, Signers: []*certificate.Certificate{signer}})
	if err != nil {
		f.Fatal(err)
	}
	if !l.Signature.Verified() {
		f.Fatalf("trusted list signature %s: %v", l.Signature.Status, l.Signature.Err)
	}
	opts = CheckOptions{At: fixtures.At, Trust: l.Trust()}
	for _, p := range []string{"pki/root.crl", "pki/ca-fns.crl", "pki/ca-commercial.crl"} {
		c, err := certificate.ParseCRL(files[p])
		if err != nil {
			f.Fatal(err)
		}
		opts.Trust.CRLs = append(opts.Trust.CRLs, c)
	}
	a = new(Applicant)
	if err := json.Unmarshal(files["applicant/employee.json"], a); err != nil {
		f.Fatal(err)
	}
	return opts, a, files
}

// FuzzCheck feeds random bytes as each uploaded file of each variant: the
// check must return a report (never panic), reject anything that is not a
// consistent upload, and keep its IDs unique.
func FuzzCheck(f *testing.F) {
	opts, a, files := fuzzInputs(f)
	cert := files["certs/employee-fl.pem"]
	for v := range 4 {
		f.Add(uint8(v), cert, files["mchd/representative.xml"], files["mchd/representative.xml.sig"])
	}
	f.Add(uint8(3), files["certs/managing-head-ul.pem"], files["mchd/managing.xml"], files["mchd/managing.xml.sig"])
	f.Add(uint8(2), []byte("-----BEGIN CERTIFICATE-----\n"), []byte("<?xml version=\"1.0\"?><Файл/>"), []byte("MIIB"))
	f.Fuzz(func(t *testing.T, v uint8, c, xml, sig []byte) {
		r := Check(Upload{Variant: Variant(v % 5), Certificate: c, MCHD: xml, MCHDSignature: sig}, a, opts)
		if r == nil || (r.Verdict != VerdictAccepted && r.Verdict != VerdictRejected) {
			t.Fatalf("no verdict: %+v", r)
		}
		seen := map[string]bool{}
		for _, x := range r.Checks {
			k := x.ID + "@" + x.Scope.String()
			if seen[k] {
				t.Fatalf("duplicate %s", k)
			}
			seen[k] = true
		}
		legit := string(c) == string(cert) && (string(xml) == string(files["mchd/representative.xml"]) &&
			string(sig) == string(files["mchd/representative.xml.sig"]) ||
			string(xml) == string(files["mchd/ip.xml"]) && string(sig) == string(files["mchd/ip.xml.sig"]))
		if r.Accepted() && !legit {
			t.Fatalf("accepted a mutated upload:\n%s", r.Text())
		}
	})
}

// benchCRLEntries is the size of the issuing CAs' CRLs in the Checker
// benchmarks: real CRLs of Russian CAs list hundreds of thousands of
// certificates (tens of MB). The fixture CRLs list one or none, which
// leaves a service's heap at 2 MB — unlike a real one, whose trust alone is
// tens of MB — and makes the garbage collector run every dozen checks.
const benchCRLEntries = 200_000

var (
	benchCRLOnce sync.Once
	benchCRLs    []*certificate.CRL
	benchCRLErr  error
)

// benchOptions is fxOptions with the CRLs of the ФНС-like and the
// commercial CA replaced by lists of benchCRLEntries (newer numbers,
// current at fixtures.At), none of which lists a fixture certificate.
func benchOptions(b *testing.B, s *fixtures.Set) CheckOptions {
	b.Helper()
	o := fxOptions(b, s)
	benchCRLOnce.Do(func() {
		rnd := rand.NewChaCha8([32]byte{15})
		for i, ca := range []fixtures.Credential{s.CAFNS, s.CACommercial} {
			der, err := certtest.CreateLargeCRL(&certtest.LargeCRL{Entries: benchCRLEntries, ThisUpdate: fixtures.CRLThisUpdate,
				NextUpdate: fixtures.CRLNextUpdate, Number: big.NewInt(int64(1000 + i))}, ca.Cert, ca.Key, rnd)
			if err != nil {
				benchCRLErr = err
				return
			}
			crl, err := certificate.ParseCRL(der)
			if err != nil {
				benchCRLErr = err
				return
			}
			benchCRLs = append(benchCRLs, crl)
		}
	})
	if benchCRLErr != nil {
		b.Fatal(benchCRLErr)
	}
	o.Trust.CRLs = append([]*certificate.CRL{s.RootCRL}, benchCRLs...)
	return o
}
