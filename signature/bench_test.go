package signature

import (
	"bytes"
	mrand "math/rand/v2"
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
