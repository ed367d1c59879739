package signature

import (
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
)

// ChainValidator returns a CertificateValidator that validates the signer
// certificate with certificate.Verify against trust: a chain to one of
// trust.Roots at the signature's validation time, with trust.Intermediates
// and the certificates that came with the signature as candidate
// intermediates (never as anchors), and revocation from the CRLs and OCSP
// responses that came with the signature, trust.CRLs and trust.OCSP (and
// trust.Fetcher, when set). The results are the certificate package's chain
// checks (CHAIN-*), reported in the signer's scope.
//
// A certificate that is not valid at the time asked is indeterminate
// (OUT_OF_BOUNDS_NO_POE), not a failure: Verify asks for the best time it
// has a proof of existence for, and without one an expired certificate
// says nothing about a signature made while it was valid.
//
// A nil trust.Roots means no trust anchor: the chain then fails with
// CHAIN-TRUSTED-ROOT, which is the correct verdict for a caller that asked
// for chain validation without saying whom to trust.
func ChainValidator(trust certificate.Trust) CertificateValidator {
	return func(v Validation) check.Results {
		return certificate.Verify(v.Certificate, certificate.VerifyOptions{Trust: trust, At: v.At, Extra: v.Intermediates,
			Revocation: v.Revocation, RevocationAt: v.RevocationAt, OutOfBoundsIndeterminate: true}).Results
	}
}
