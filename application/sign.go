package application

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/signature"
)

// ErrNotSaved is returned by ExportForSigning for an application that has
// not been saved: only saved content is signed (step 2.4).
var ErrNotSaved = errors.New("application: save the application before signing it")

// ErrSignatureRejected is matched (errors.Is) by the error of
// AttachSignature when a check failed; the results say which.
var ErrSignatureRejected = errors.New("application: signature rejected")

// ExportForSigning returns the exact bytes to sign: the canonical XML of the
// application (Marshal). The application must be saved (or later); a
// signature over these bytes, made in the browser or elsewhere, is then
// given to AttachSignature.
func (a *Application) ExportForSigning() ([]byte, error) {
	switch a.Lifecycle.State {
	case StateSaved, StateSigned, StateSubmitted, StateApproved, StateRejected:
		return a.Marshal()
	}
	return nil, fmt.Errorf("%w (state %s: «%s»)", ErrNotSaved, a.Lifecycle.State, a.Lifecycle.State.Russian())
}

// AttachOptions configures AttachSignature.
type AttachOptions struct {
	// ValidateCertificate checks the signer certificate's chain and
	// revocation; passed through to signature.VerifyOptions. When nil, the
	// chain is reported as not checked (indeterminate).
	ValidateCertificate signature.CertificateValidator
	// Certificates are extra candidates for the signer certificate.
	Certificates []*certificate.Certificate
	// At is the validation time; zero means the application's clock.
	At time.Time
}

// AttachSignature accepts a detached signature of the exported application
// (DER, PEM or base64), as uploaded after signing outside the cabinet or
// produced by the browser plug-in. It parses it (SIG-PARSE), verifies it
// over the exact bytes of ExportForSigning (signature.Verify, certificate
// validity at the validation time, chain through opts.ValidateCertificate),
// requires the signer's СНИЛС to equal the applicant's, and explains the
// CryptoPro browser pitfall (the XML signed as UTF-16LE text). On success
// the application becomes signed and keeps the signature; otherwise the
// state does not change and the error matches ErrSignatureRejected. The
// results are returned in both cases, all in the scope
// {document: application-signature}: APP-SIGNATURE, APP-SIGNATURE-ENCODING,
// APP-SIGNER-SNILS, SIG-PARSE, then the signature package's results (each
// signer's in {signer: n}).
func (a *Application) AttachSignature(sig []byte, opts AttachOptions) (check.Results, error) {
	if !CanTransition(a.Lifecycle.State, StateSigned) {
		return nil, &TransitionError{Action: "sign", From: a.Lifecycle.State, To: StateSigned}
	}
	content, err := a.ExportForSigning()
	if err != nil {
		return nil, err
	}
	return a.attach(content, sig, opts)
}

// attach verifies sig over content, the canonical XML of a.
func (a *Application) attach(content, sig []byte, opts AttachOptions) (check.Results, error) {
	scope := check.Scope{Document: check.DocApplicationSignature}
	sd, parsed := signature.ParseResult(sig)
	if sd == nil {
		rs := check.Results{ruleSignature.Outcome("unreadable", parsed.Detail), ruleBrowserEncoding.Skipped("signature not parsed"),
			ruleSignerSNILS.Skipped("signature not parsed"), parsed}.Within(scope)
		return rs, fmt.Errorf("%w: %s", ErrSignatureRejected, parsed.Detail)
	}
	at := opts.At
	if at.IsZero() {
		at = a.clock()
	}
	res := sd.Verify(content, signature.VerifyOptions{
		At:                  at,
		Certificates:        opts.Certificates,
		ValidateCertificate: opts.ValidateCertificate,
	})
	var rs check.Results
	// APP-SIGNATURE. A certificate outside its validity without a proof
	// of existence is only indeterminate for package signature; an
	// application signed now with such a certificate is refused.
	if r, bad := certificateNotValid(res); res.Valid() && bad {
		rs = append(rs, ruleSignature.Outcome("certificate-not-valid", r.Detail))
	} else if res.Valid() {
		rs = append(rs, ruleSignature.Passed(fmt.Sprintf("%d signer(s), verdict %s", len(res.Signers), res.Verdict)))
	} else {
		var failed []string
		for _, r := range res.All() {
			if r.Status == check.Fail {
				failed = append(failed, r.Message)
			}
		}
		rs = append(rs, ruleSignature.Violated(string(res.Verdict), strings.Join(failed, "; ")))
	}
	// APP-SIGNATURE-ENCODING.
	enc := ruleBrowserEncoding.Passed("")
	for _, s := range res.Signers {
		switch s.Encoding {
		case "":
			continue
		case signature.EncodingBase64:
			enc = ruleBrowserEncoding.Violated(s.Encoding, "base64-представление файла")
		case signature.EncodingUTF16LEBOM:
			enc = ruleBrowserEncoding.Violated(s.Encoding, "UTF-16LE (UCS-2) с меткой BOM")
		default:
			enc = ruleBrowserEncoding.Violated(s.Encoding, "UTF-16LE (UCS-2)")
		}
	}
	rs = append(rs, enc)
	// APP-SIGNER-SNILS.
	rs = append(rs, a.signerSNILS(res), parsed)
	rs = append(rs, res.All()...)
	rs = rs.Within(scope)
	if rs.Failed() {
		return rs, fmt.Errorf("%w: %s", ErrSignatureRejected, failedIDs(rs))
	}
	if err := a.move("sign", StateSigned, ""); err != nil {
		return rs, err
	}
	a.Signature = append([]byte(nil), sd.DER...)
	return rs, nil
}

// certificateNotValid returns a signer's SIG-CERT-VALIDITY result that is
// indeterminate (the certificate not valid at the validation time and no
// signature timestamp proving it was signed in time).
func certificateNotValid(res *signature.Result) (check.Result, bool) {
	for _, s := range res.Signers {
		if r, ok := s.Checks.Find("SIG-CERT-VALIDITY"); ok && r.Status == check.Indeterminate {
			return r, true
		}
	}
	return check.Result{}, false
}

func (a *Application) signerSNILS(res *signature.Result) check.Result {
	want, err := ident.ParseSNILS(a.Applicant.SNILS)
	if err != nil {
		return ruleSignerSNILS.Outcome("applicant-snils", "applicant SNILS invalid")
	}
	if len(res.Signers) == 0 {
		return ruleSignerSNILS.Outcome("no-signers", "no signers")
	}
	for _, s := range res.Signers {
		c := s.Certificate
		switch {
		case c == nil:
			return ruleSignerSNILS.Outcome("no-certificate", fmt.Sprintf("signer %d: certificate not found", s.Index+1))
		case !c.Subject.SNILS.Valid():
			return ruleSignerSNILS.Outcome("no-snils", fmt.Sprintf("signer %d: no valid SNILS in the certificate", s.Index+1))
		case c.Subject.SNILS.Value != want.Digits():
			return ruleSignerSNILS.Violated(fmt.Sprintf("signer %d: SNILS %s, applicant %s", s.Index+1, c.Subject.SNILS.Value, want.Digits()),
				c.Subject.SNILS.Value, want.Digits())
		}
	}
	return ruleSignerSNILS.Passed(want.Digits())
}

func failedIDs(rs check.Results) string {
	var ids []string
	for _, r := range rs {
		if r.Status == check.Fail {
			ids = append(ids, r.ID)
		}
	}
	return strings.Join(ids, ", ")
}
