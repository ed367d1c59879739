package application

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/submit"
	"github.com/egisz-lk/registrar/signature"
)

// ErrNotSaved is returned by ExportForSigning for an application that has
// not been saved: only saved content is signed (step 2.4).
var ErrNotSaved = errors.New("application: save the application before signing it")

// ErrSignatureRejected is matched (errors.Is) by the error of
// AttachSignature when a check failed; the results say which.
var ErrSignatureRejected = errors.New("application: signature rejected")

// ErrSignatureUndecided is matched (errors.Is) by the error of
// AttachSignature when nothing failed but a fact the verdict depends on
// could not be checked (no chain validation, no revocation data, …) and
// was not waived: the signature is neither accepted nor rejected, and the
// results say what is missing.
var ErrSignatureUndecided = errors.New("application: signature could not be fully checked")

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

// ruleCoSigners reports the signers of an application other than the
// applicant: a co-signature (the head of the organisation beside the
// employee, for example) is accepted when every signature verifies.
var ruleCoSigners = check.Rule{
	ID: "APP-CO-SIGNERS", Title: "signers other than the applicant are reported",
	Citation: citeAlgorithm + ", шаг 2.4 (заявку подписывает заявитель); RFC 5652, п. 5.1 (несколько подписантов)",
	Severity: check.Warn,
	Message: "Заявку, кроме заявителя, подписали: %s. Их подписи проверены вместе с подписью заявителя; " +
		"для подачи заявки достаточно подписи заявителя",
	PassMessage: "Заявку подписал только заявитель",
}

// AttachOptions configures AttachSignature and VerifyReceived.
type AttachOptions struct {
	// ValidateCertificate checks the signer certificate's chain and
	// revocation; passed through to signature.VerifyOptions. When nil, the
	// chain is reported as not checked (indeterminate).
	ValidateCertificate signature.CertificateValidator
	// Certificates are extra candidates for the signer certificate.
	Certificates []*certificate.Certificate
	// At is the validation time; zero means the application's clock.
	At time.Time
	// AllowUnchecked are the facts the caller accepts unchecked (see
	// check.Waiver): the results left undecided only for want of them
	// become warnings (Results.Waive) before APP-SIGNATURE and the
	// indication are decided. A failure is never waived.
	AllowUnchecked []check.Waiver
}

// AttachSignature accepts a detached signature of the exported application
// (DER, PEM or base64), as uploaded after signing outside the cabinet or
// produced by the browser plug-in. It parses it (SIG-PARSE), verifies it
// over the exact bytes of ExportForSigning (signature.Verify, certificate
// validity at the validation time, chain through opts.ValidateCertificate)
// for every signer, requires one signer's СНИЛС to equal the applicant's
// and reports the others (co-signers, such as the head of the
// organisation), and explains the CryptoPro browser pitfall (the XML
// signed as UTF-16LE text). Only when every check is decided (passed,
// possibly with warnings and waived facts) does the application become
// signed and keep the signature; otherwise the state does not change and
// the error matches ErrSignatureRejected (a check failed) or
// ErrSignatureUndecided (a fact could not be checked and was not waived
// in opts.AllowUnchecked). The results are
// returned in both cases, all in the scope {document:
// application-signature}: APP-SIGNATURE, APP-SIGNATURE-ENCODING,
// APP-SIGNER-SNILS, APP-CO-SIGNERS, SIG-PARSE, then the signature
// package's results (each signer's in {signer: n}), with
// opts.AllowUnchecked applied.
func (a *Application) AttachSignature(sig []byte, opts AttachOptions) (check.Results, error) {
	if !CanTransition(a.Lifecycle.State, StateSigned) {
		return nil, &TransitionError{Action: "sign", From: a.Lifecycle.State, To: StateSigned}
	}
	content, err := a.ExportForSigning()
	if err != nil {
		return nil, err
	}
	sd, parsed := signature.ParseResult(sig)
	rs, _ := a.verifySignature(content, sd, parsed, opts)
	if err := submit.Attachable(rs, ErrSignatureRejected, ErrSignatureUndecided); err != nil {
		return rs, err
	}
	if err := a.move("sign", StateSigned, ""); err != nil {
		return rs, err
	}
	a.Signature = append([]byte(nil), sd.DER...)
	return rs, nil
}

// verifySignature verifies the parsed signature sd (parsed is its
// SIG-PARSE result) over content, the canonical XML of a, and says who
// signed; it does not change the application.
func (a *Application) verifySignature(content []byte, sd *signature.SignedData, parsed check.Result, opts AttachOptions) (check.Results, []ReceivedSigner) {
	scope := check.Scope{Document: check.DocApplicationSignature}
	if sd == nil {
		return check.Results{ruleSignature.Outcome("unreadable", parsed.Detail), ruleBrowserEncoding.Skipped("signature not parsed"),
			ruleSignerSNILS.Skipped("signature not parsed"), ruleCoSigners.Skipped("signature not parsed"), parsed}.Within(scope), nil
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
	sigResults := res.All().Waive(opts.AllowUnchecked)
	var rs check.Results
	// APP-SIGNATURE, decided on the signature's results after the
	// waivers. A certificate outside its validity without a proof of
	// existence is only indeterminate for package signature; an
	// application signed now with such a certificate is refused.
	rs = append(rs, submit.SignatureResult(&ruleSignature, res, sigResults))
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
	// APP-SIGNER-SNILS and APP-CO-SIGNERS.
	want := ""
	if s, err := ident.ParseSNILS(a.Applicant.SNILS); err == nil {
		want = s.Digits()
	}
	signers := signerFacts(res, want)
	rs = append(rs, signerSNILS(res, signers, want), coSigners(signers), parsed)
	rs = append(rs, sigResults...)
	return rs.Within(scope), signers
}

// signerSNILS evaluates APP-SIGNER-SNILS: one signer must be the applicant
// (want is the applicant's СНИЛС, "" when it is not valid). Signers that
// are not the applicant do not fail it when one is.
func signerSNILS(res *signature.Result, signers []ReceivedSigner, want string) check.Result {
	if want == "" {
		return ruleSignerSNILS.Outcome("applicant-snils", "applicant SNILS invalid")
	}
	if len(signers) == 0 {
		return ruleSignerSNILS.Outcome("no-signers", "no signers")
	}
	var others []string
	noCert, noSNILS := 0, 0
	for i, s := range signers {
		switch {
		case s.Applicant:
			return ruleSignerSNILS.Passed(fmt.Sprintf("signer %d of %d, SNILS %s", s.Index, len(signers), want))
		case res.Signers[i].Certificate == nil:
			noCert++
		case s.SNILS == "":
			noSNILS++
		case !slices.Contains(others, s.SNILS):
			others = append(others, s.SNILS)
		}
	}
	detail := fmt.Sprintf("%d signer(s), none with SNILS %s", len(signers), want)
	switch {
	case len(others) > 0:
		return ruleSignerSNILS.Violated(detail, strings.Join(others, ", "), want)
	case noSNILS > 0:
		return ruleSignerSNILS.Outcome("no-snils", detail)
	}
	return ruleSignerSNILS.Outcome("no-certificate", detail)
}

// coSigners evaluates APP-CO-SIGNERS: who, besides the applicant, signed.
func coSigners(signers []ReceivedSigner) check.Result {
	var others []string
	applicant := false
	for _, s := range signers {
		if s.Applicant {
			applicant = true
		} else {
			others = append(others, s.describe())
		}
	}
	switch {
	case !applicant:
		return ruleCoSigners.Skipped("no signer is the applicant")
	case len(others) > 0:
		return ruleCoSigners.Violated(fmt.Sprintf("%d co-signer(s)", len(others)), strings.Join(others, "; "))
	}
	return ruleCoSigners.Passed("the applicant is the only signer")
}
