package signature

import (
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
)

// ChainValidator returns a CertificateValidator that validates the signer
// certificate with certificate.Verify: a chain to one of base.Roots at the
// signature's validation time, with base.Intermediates and the certificates
// that came with the signature as candidate intermediates (never as anchors),
// and revocation from base.CRLs (and base.Fetcher, when set).
//
// base.At is ignored: the validation time is the one VerifyOptions chose
// (signing time, now or a fixed time). The results are the certificate
// package's chain checks (CHAIN-*), reported under the signer.
//
// A nil base.Roots means no trust anchor: the chain then fails with
// CHAIN-TRUSTED-ROOT, which is the correct verdict for a caller that asked
// for chain validation without saying whom to trust.
func ChainValidator(base certificate.VerifyOptions) CertificateValidator {
	return func(cert *certificate.Certificate, at time.Time, extra []*certificate.Certificate) check.Results {
		opts := base
		opts.At = at
		opts.Extra = append(append([]*certificate.Certificate(nil), base.Extra...), extra...)
		res := certificate.Verify(cert, opts)
		return res.Results
	}
}
