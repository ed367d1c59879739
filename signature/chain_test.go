package signature

import (
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
)

func TestChainValidator(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	content := []byte("<Заявка>проверка цепочки</Заявка>")
	// The signature embeds only the signer certificate; the CA comes from
	// the intermediates pool, the root from the trust anchors.
	sig := signT(t, p, content, SignOptions{})
	sd := mustParse(t, sig)
	roots := certificate.NewPool(p.root)
	inter := certificate.NewPool(p.ca)

	tests := []struct {
		name       string
		base       certificate.VerifyOptions
		at         time.Time
		wantVerd   check.Status
		wantStatus map[string]check.Status
	}{
		{
			name:     "trusted root, revocation not checked",
			base:     certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter}},
			at:       testAt,
			wantVerd: check.Indeterminate,
			wantStatus: map[string]check.Status{
				"CHAIN-TRUSTED-ROOT": check.Pass, "CHAIN-SIGNATURE": check.Pass, "CHAIN-REVOCATION": check.Indeterminate,
			},
		},
		{
			name:       "no trust anchors",
			base:       certificate.VerifyOptions{Trust: certificate.Trust{Intermediates: inter}},
			at:         testAt,
			wantVerd:   check.Fail,
			wantStatus: map[string]check.Status{"CHAIN-TRUSTED-ROOT": check.Fail},
		},
		{
			name:       "missing intermediate",
			base:       certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots}},
			at:         testAt,
			wantVerd:   check.Fail,
			wantStatus: map[string]check.Status{"CHAIN-TRUSTED-ROOT": check.Fail},
		},
		{
			// No proof of existence: an expired certificate says nothing
			// about a signature made while it was valid (ETSI EN 319 102-1
			// OUT_OF_BOUNDS_NO_POE).
			name:       "expired at the validation time",
			base:       certificate.VerifyOptions{Trust: certificate.Trust{Roots: roots, Intermediates: inter}},
			at:         testAt.AddDate(5, 0, 0),
			wantVerd:   check.Indeterminate,
			wantStatus: map[string]check.Status{"CHAIN-VALIDITY": check.Indeterminate},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := sd.Verify(content, VerifyOptions{
				At:                  tc.at,
				ValidateCertificate: ChainValidator(tc.base.Trust),
			})
			if res.Verdict != tc.wantVerd {
				t.Errorf("verdict %s, want %s\n%s", res.Verdict, tc.wantVerd, res)
			}
			checks := res.Signers[0].Checks
			for id, want := range tc.wantStatus {
				r, ok := checks.Find(id)
				if !ok {
					t.Errorf("no %s result in %v", id, checks)
					continue
				}
				if r.Status != want {
					t.Errorf("%s = %s (%s), want %s", id, r.Status, r.Detail, want)
				}
			}
		})
	}
}

// A root certificate embedded in the signature is never a trust anchor.
func TestChainValidatorEmbeddedRootNotTrusted(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	content := []byte("embedded chain")
	sig := signT(t, p, content, SignOptions{Chain: []*certificate.Certificate{p.ca, p.root}})
	res := mustParse(t, sig).Verify(content, VerifyOptions{
		At:                  testAt,
		ValidateCertificate: ChainValidator(certificate.Trust{}),
	})
	if r, _ := res.Signers[0].Checks.Find("CHAIN-TRUSTED-ROOT"); r.Status != check.Fail {
		t.Fatalf("CHAIN-TRUSTED-ROOT = %s with only an embedded root; want fail", r.Status)
	}
	// The same chain validates once the root is supplied as an anchor.
	res = mustParse(t, sig).Verify(content, VerifyOptions{
		At:                  testAt,
		ValidateCertificate: ChainValidator(certificate.Trust{Roots: certificate.NewPool(p.root)}),
	})
	if r, _ := res.Signers[0].Checks.Find("CHAIN-TRUSTED-ROOT"); r.Status != check.Pass {
		t.Fatalf("CHAIN-TRUSTED-ROOT = %s (%s) with the root as anchor; want pass", r.Status, r.Detail)
	}
}
