package signature

import (
	"bytes"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// BenchmarkVerifyDetached parses and verifies a detached signature over 5 KB
// with a 256-bit signer, with a two-certificate chain (end entity → CA)
// checked through the hook: the CA signature over the end-entity
// certificate is verified on every iteration.
func BenchmarkVerifyDetached(b *testing.B) {
	p := pki256(b)
	content := bytes.Repeat([]byte("<a>Тест</a>\n"), 5*1024/14)
	sig := signT(b, p, content, SignOptions{Chain: []*certificate.Certificate{p.ca}})
	opts := VerifyOptions{
		At: testAt,
		ValidateCertificate: func(v Validation) check.Results {
			c, at, extra := v.Certificate, v.At, v.Intermediates
			for _, ca := range extra {
				if c.CheckSignatureFrom(ca) == nil && ca.ValidAt(at) {
					return check.Results{stubChain.Passed("issued by " + ca.Subject.String())}
				}
			}
			return check.Results{stubChain.Violated("no issuer", "издатель не найден")}
		},
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		sd, err := Parse(sig)
		if err != nil {
			b.Fatal(err)
		}
		if r := sd.Verify(content, opts); r.Verdict != check.Pass {
			b.Fatalf("%s", r)
		}
	}
}

// BenchmarkVerifyCAdEST parses and verifies a detached CAdES-T signature
// over 5 KB with a 256-bit signer and one signature timestamp, with
// ChainValidator over the test root: every iteration checks the signer's
// signature, the timestamp's imprint, TSA signature and ESS binding, and
// builds and verifies both chains (end entity → CA → root and TSA → CA →
// root).
func BenchmarkVerifyCAdEST(b *testing.B) {
	p := pki256(b)
	tsa := testTSA(b, p, tsaSpec{name: "good"})
	content := bytes.Repeat([]byte("<a>Тест</a>\n"), 5*1024/14)
	sig := signT(b, p, content, SignOptions{Chain: []*certificate.Certificate{p.ca}})
	sig, err := tsa.StampSignature(sig, 0, testAt.Add(time.Minute), sigtest.Streebog256)
	if err != nil {
		b.Fatal(err)
	}
	var crls []*certificate.CRL
	for _, ca := range []struct {
		cert *certificate.Certificate
		key  *certificate.GOSTPrivateKey
	}{{p.root, p.rootKey}, {p.ca, p.caKey}} {
		crl, err := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: testAt.AddDate(0, 0, 2), NextUpdate: testAt.AddDate(0, 2, 0)},
			ca.cert, ca.key, mrand.NewChaCha8([32]byte{11}))
		if err != nil {
			b.Fatal(err)
		}
		crls = append(crls, crl)
	}
	opts := VerifyOptions{
		At:                  testAt.AddDate(0, 1, 0),
		ValidateCertificate: ChainValidator(certificate.Trust{Roots: certificate.NewPool(p.root), CRLs: crls}),
	}
	if r := mustParse(b, sig).Verify(content, opts); r.Verdict.Worse(check.Warn) || !r.Signers[0].Timestamps[0].Verified {
		b.Fatalf("%s", r)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		sd, err := Parse(sig)
		if err != nil {
			b.Fatal(err)
		}
		if r := sd.Verify(content, opts); r.Verdict.Worse(check.Warn) {
			b.Fatalf("%s", r)
		}
	}
}

// BenchmarkVerifyCAdESXL parses and verifies a detached CAdES-X Long Type 1
// signature over 5 KB with a 256-bit signer: a signature timestamp, the
// references and values of the signer's chain with an OCSP response about
// the signer (delegated responder, embedded in the response) and a CRL of
// the root, and a CAdES-C timestamp. The caller supplies no revocation
// data: every iteration checks the signature, both timestamps (imprints,
// TSA signatures, ESS bindings, TSA chains), the OCSP responder's
// authorisation and signature and the CRL's signature, and builds and
// verifies the signer's chain at the timestamp.
func BenchmarkVerifyCAdESXL(b *testing.B) {
	p := pki256(b)
	tsa := testTSA(b, p, tsaSpec{name: "good"})
	rnd := mrand.NewChaCha8([32]byte{12})
	content := bytes.Repeat([]byte("<a>Тест</a>\n"), 5*1024/14)
	sig := signT(b, p, content, SignOptions{Chain: []*certificate.Certificate{p.ca}})
	gen := testAt.Add(time.Minute)
	sig, err := tsa.StampSignature(sig, 0, gen, sigtest.Streebog256)
	if err != nil {
		b.Fatal(err)
	}
	rk, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		b.Fatal(err)
	}
	responder, err := certtest.Create(certtest.NewTemplate(certtest.PresetOCSPResponder, mrand.New(mrand.NewPCG(12, 1)), testFrom),
		p.ca, p.caKey, rk.Public(), rnd)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := certtest.CreateOCSPResponse(&certtest.OCSPTemplate{ProducedAt: gen.Add(time.Second),
		Responses: []certtest.OCSPEntry{{Certificate: p.ee, Issuer: p.ca, Status: certificate.OCSPGood,
			ThisUpdate: gen.Add(time.Second), NextUpdate: gen.AddDate(0, 0, 7)}},
		Certificates: []*certificate.Certificate{responder}}, responder, rk, rnd)
	if err != nil {
		b.Fatal(err)
	}
	basic, err := certificate.ParseOCSPResponse(resp)
	if err != nil {
		b.Fatal(err)
	}
	// The CA's CRL covers the TSA (issued by the CA) and the root's the CA.
	var crls [][]byte
	for _, ca := range []struct {
		cert *certificate.Certificate
		key  *certificate.GOSTPrivateKey
	}{{p.root, p.rootKey}, {p.ca, p.caKey}} {
		crl, err := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: gen.Add(2 * time.Second), NextUpdate: gen.AddDate(0, 0, 7)},
			ca.cert, ca.key, rnd)
		if err != nil {
			b.Fatal(err)
		}
		crls = append(crls, crl.Raw)
	}
	sig, err = sigtest.AddXLongType1(sig, 0, sigtest.LongTermValues{
		Certificates: [][]byte{p.ee.Raw, p.ca.Raw, p.root.Raw}, CRLs: crls, OCSP: [][]byte{basic.Raw},
	}, nil, tsa.Stamper(gen.Add(5*time.Second)))
	if err != nil {
		b.Fatal(err)
	}
	opts := VerifyOptions{
		At:                  testAt.AddDate(0, 1, 0),
		ValidateCertificate: ChainValidator(certificate.Trust{Roots: certificate.NewPool(p.root)}),
	}
	r := mustParse(b, sig).Verify(content, opts)
	s := r.Signers[0]
	if r.Verdict.Worse(check.Warn) || s.Level != LevelXLongType1 || len(s.Timestamps) != 2 || !s.Timestamps[0].Verified ||
		!s.Timestamps[1].Verified || s.ValidationTimeSource != SourceSignatureTimestamp {
		b.Fatalf("%s", r)
	}
	if c, _ := s.Checks.Lookup("CHAIN-REVOCATION", s.Scope()); c.Status != check.Pass || !strings.Contains(c.Detail, "link 0 good per the OCSP response") {
		b.Fatalf("the signer's revocation was not decided by the embedded OCSP response: %s", c)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		sd, err := Parse(sig)
		if err != nil {
			b.Fatal(err)
		}
		if r := sd.Verify(content, opts); r.Verdict.Worse(check.Warn) {
			b.Fatalf("%s", r)
		}
	}
}
