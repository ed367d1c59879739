package application

import (
	"testing"

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

// FuzzCheck feeds random bytes as each uploaded file of each variant: the
// check must return a report (never panic), reject anything that is not a
// consistent upload, and keep its IDs unique.
func FuzzCheck(f *testing.F) {
	s := fx(f)
	opts := fxOptions(f, s)
	a := fxApplicant(f, s, "employee")
	for v := range 4 {
		f.Add(uint8(v), s.EmployeeFL.Cert.Raw, s.Representative.XML, s.Representative.Sig)
	}
	f.Add(uint8(3), s.ManagingHeadUL.Cert.Raw, s.Managing.XML, s.Managing.Sig)
	f.Add(uint8(2), []byte("-----BEGIN CERTIFICATE-----\n"), []byte("<?xml version=\"1.0\"?><Файл/>"), []byte("MIIB"))
	f.Fuzz(func(t *testing.T, v uint8, cert, xml, sig []byte) {
		r := Check(Upload{Variant: Variant(v % 5), Certificate: cert, MCHD: xml, MCHDSignature: sig}, a, opts)
		if r == nil || (r.Verdict != VerdictAccepted && r.Verdict != VerdictRejected) {
			t.Fatalf("no verdict: %+v", r)
		}
		seen := map[string]bool{}
		for _, c := range r.Checks {
			if seen[c.ID] {
				t.Fatalf("duplicate %s", c.ID)
			}
			seen[c.ID] = true
		}
		if r.Accepted() && !fixturesUpload(s, cert, xml, sig) {
			t.Fatalf("accepted a mutated upload:\n%s", r.Text())
		}
	})
}

// fixturesUpload reports whether the files are the fixture files the
// employee may legitimately upload.
func fixturesUpload(s *fixtures.Set, cert, xml, sig []byte) bool {
	return string(cert) == string(s.EmployeeFL.Cert.Raw) &&
		(string(xml) == string(s.Representative.XML) && string(sig) == string(s.Representative.Sig) ||
			string(xml) == string(s.IPMCHD.XML) && string(sig) == string(s.IPMCHD.Sig))
}
