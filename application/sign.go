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
	// chain is reported as not checked (a warning).
	ValidateCertificate signature.CertificateValidator
	// Certificates are extra candidates for the signer certificate.
	Certificates []*certificate.Certificate
	// Now is the validation time source; nil means the application's
	// clock.
	Now func() time.Time
}

// AttachSignature accepts a detached signature of the exported application
// (DER, PEM or base64), as uploaded after signing outside the cabinet or
// produced by the browser plug-in. It parses it (signature.Parse), verifies
// it over the exact bytes of ExportForSigning (signature.Verify, certificate
// validity at the current time, chain through opts.ValidateCertificate),
// requires the signer's СНИЛС to equal the applicant's, and explains the
// CryptoPro browser pitfall (the XML signed as UTF-16LE text). On success
// the application becomes signed and keeps the signature; otherwise the
// state does not change and the error matches ErrSignatureRejected. The
// results are returned in both cases: APP-SIGNATURE, APP-SIGNATURE-ENCODING,
// APP-SIGNER-SNILS, then the signature package's results prefixed "SIG-"
// by signer ("SIG-SIGNER1-SIG-VALUE", …).
func (a *Application) AttachSignature(sig []byte, opts AttachOptions) (check.Results, error) {
	if !CanTransition(a.Lifecycle.State, StateSigned) {
		return nil, &TransitionError{Action: "sign", From: a.Lifecycle.State, To: StateSigned}
	}
	content, err := a.ExportForSigning()
	if err != nil {
		return nil, err
	}
	sd, err := signature.Parse(sig)
	if err != nil {
		msg := strings.TrimSuffix(check.MessageRU(err, ""), ".")
		rs := check.Results{RuleSignature.Violated(err.Error(), "файл подписи не удалось прочитать ("+msg+")")}
		return rs, fmt.Errorf("%w: %w", ErrSignatureRejected, err)
	}
	now := opts.Now
	if now == nil {
		now = a.clock
	}
	res := sd.Verify(content, signature.VerifyOptions{
		Time:                signature.TimeNow,
		Certificates:        opts.Certificates,
		Now:                 now,
		ValidateCertificate: opts.ValidateCertificate,
	})
	var rs check.Results
	// APP-SIGNATURE.
	if res.Valid() {
		rs = append(rs, RuleSignature.Passed(fmt.Sprintf("%d signer(s), verdict %s", len(res.Signers), res.Verdict)))
	} else {
		var failed []string
		for _, r := range res.All() {
			if r.Status == check.Fail {
				failed = append(failed, r.Message)
			}
		}
		rs = append(rs, RuleSignature.Violated(res.Verdict.Russian(), strings.Join(failed, "; ")))
	}
	// APP-SIGNATURE-ENCODING.
	enc := RuleBrowserEncoding.Passed("")
	for _, s := range res.Signers {
		if r, ok := s.Checks.Find(signature.RuleBrowserEncoding.ID); ok && r.Status == check.Fail {
			what := "UTF-16LE"
			switch {
			case strings.Contains(r.Detail, signature.EncodingBase64):
				what = "base64-представление файла"
			case strings.Contains(r.Detail, signature.EncodingUTF16LEBOM):
				what = "UTF-16LE (UCS-2) с меткой BOM"
			case strings.Contains(r.Detail, signature.EncodingUTF16LE):
				what = "UTF-16LE (UCS-2)"
			}
			enc = RuleBrowserEncoding.Violated(r.Detail, what)
		}
	}
	rs = append(rs, enc)
	// APP-SIGNER-SNILS.
	rs = append(rs, a.signerSNILS(res))
	rs = append(rs, res.All().WithPrefix("SIG")...)
	if rs.Failed() {
		return rs, fmt.Errorf("%w: %s", ErrSignatureRejected, failedIDs(rs))
	}
	if err := a.move("sign", StateSigned, ""); err != nil {
		return rs, err
	}
	a.Signature = append([]byte(nil), sd.DER...)
	return rs, nil
}

func (a *Application) signerSNILS(res *signature.Result) check.Result {
	want, err := ident.ParseSNILS(a.Applicant.SNILS)
	if err != nil {
		return RuleSignerSNILS.Violated("applicant SNILS invalid", "СНИЛС заявителя неизвестен")
	}
	if len(res.Signers) == 0 {
		return RuleSignerSNILS.Violated("no signers", "в подписи нет подписантов")
	}
	for _, s := range res.Signers {
		c := s.Certificate
		switch {
		case c == nil:
			return RuleSignerSNILS.Violated(fmt.Sprintf("signer %d: certificate not found", s.Index+1), "сертификат подписанта не найден")
		case !c.Subject.SNILS.Valid():
			return RuleSignerSNILS.Violated(fmt.Sprintf("signer %d: no valid SNILS in the certificate", s.Index+1),
				"в сертификате подписанта нет СНИЛС или он указан неверно")
		case c.Subject.SNILS.Value != want.Digits():
			return RuleSignerSNILS.Violated(fmt.Sprintf("signer %d: SNILS %s, applicant %s", s.Index+1, c.Subject.SNILS.Value, want.Digits()),
				fmt.Sprintf("СНИЛС подписанта %s, заявителя %s", c.Subject.SNILS.Value, want.Digits()))
		}
	}
	return RuleSignerSNILS.Passed(want.Digits())
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
