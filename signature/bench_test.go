package signature

import (
	"bytes"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
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
		Now: func() time.Time { return testAt },
		ValidateCertificate: func(c *certificate.Certificate, at time.Time, extra []*certificate.Certificate) check.Results {
			for _, ca := range extra {
				if c.CheckSignatureFrom(ca) == nil && ca.ValidAt(at) {
					return check.Results{certChainRule().Passed("issued by " + ca.Subject.String())}
				}
			}
			return check.Results{certChainRule().Violated("no issuer", "издатель не найден")}
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
