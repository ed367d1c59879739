package access

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/submit"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// VerifyOptions are the inputs of Verify and AttachSignature besides the
// request and its signature.
type VerifyOptions struct {
	// AttachOptions are the signature options of an application: the
	// certificate validator (chain and revocation; nil: reported as not
	// checked), extra certificates, the validation time (zero: the
	// request's clock, now for Verify) and the facts accepted unchecked
	// (check.Waiver; WaiveRegistry covers ACC-REGISTRAR-MCHD-STATUS).
	application.AttachOptions
	// Registration is the Регистратор's registration application with its
	// lifecycle, as the service stored it (nil: ACC-REGISTRATION-APPROVED
	// is undecided).
	Registration *application.Application
	// Employee is the ЕСИА account of the employee (nil:
	// ACC-EMPLOYEE-ESIA is undecided).
	Employee *application.Applicant
	// Register is the register of grants (nil: ACC-REVOKE-GRANT and
	// ACC-DUPLICATE-GRANT are undecided).
	Register Register
	// Registry answers the status of the Регистратор's МЧД in the ФНС
	// registry (nil: ACC-REGISTRAR-MCHD-STATUS is undecided, waiver
	// registry).
	Registry mchd.StatusChecker
	// Catalogue is the list of subsystems; nil means DefaultCatalogue.
	Catalogue *Catalogue
}

// Received is a signed request as the service receives it back.
type Received struct {
	// Stored is the request XML exactly as ExportForSigning gave it to the
	// signer (the reference: the signature is verified over these bytes).
	Stored []byte
	// Signature is the detached CMS signature (DER, PEM or base64).
	Signature []byte
}

// Signer says who one signer of a request's signature is.
type Signer struct {
	// Index is the signer's number from 1, the Signer of its results'
	// scope.
	Index int `json:"index"`
	// Name is the person's name from the certificate; empty when the
	// certificate was not found.
	Name string `json:"name,omitempty"`
	// SNILS is the certificate's СНИЛС (11 digits) when it has one.
	SNILS string `json:"snils,omitempty"`
	// Registrar reports that the signer's СНИЛС is the Регистратор's.
	Registrar bool `json:"registrar"`
	// Indication is the verdict on this signer's signature alone.
	Indication    check.Indication    `json:"indication"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
	// signed is the time the signer's certificate was validated at (a
	// verified timestamp, else the validation time).
	signed time.Time
}

// Result is the verdict of Verify.
type Result struct {
	// Request is the stored request, nil when Stored is not one. It is
	// signed when Indication is passed, saved otherwise.
	Request *Request
	// Checks are every result: ACC-XML and the request's rules in the
	// scope {document: access-request}, then the signature's in
	// {document: access-request-signature} (see AttachSignature), with
	// the waivers applied.
	Checks check.Results
	// Indication is passed (the request is validly signed by its
	// Регистратор and may be submitted), failed (reject it) or
	// indeterminate (a fact could not be established), with SubIndication
	// saying why.
	Indication    check.Indication
	SubIndication check.SubIndication
	// Signers are the signers, in SignerInfo order.
	Signers []Signer
	// Waived are the facts accepted unchecked that changed a result.
	Waived []check.Waiver
}

// ErrSignatureRejected is matched by the error of AttachSignature when a
// check failed; the results say which.
var ErrSignatureRejected = errors.New("access: signature rejected")

// ErrSignatureUndecided is matched by the error of AttachSignature when
// nothing failed but a fact could not be checked and was not waived.
var ErrSignatureUndecided = errors.New("access: signature could not be fully checked")

// AttachSignature accepts a detached signature of the exported request
// after checking everything Verify checks except the format (the request
// is its own canonical form): the request's rules (ACC-EMPLOYEE-SNILS,
// ACC-POWER, ACC-SUBSYSTEMS, ACC-REGISTRATION-APPROVED, ACC-EMPLOYEE-ESIA,
// ACC-REVOKE-GRANT, ACC-DUPLICATE-GRANT) and the signature's
// (ACC-SIGNATURE, ACC-SIGNER-REGISTRAR, ACC-REGISTRAR-MCHD,
// ACC-REGISTRAR-MCHD-STATUS, SIG-PARSE and the signature package's
// results). Only when every check is decided (passed, possibly with
// warnings and waived facts) does the request become signed and keep the
// signature; otherwise the error matches ErrSignatureRejected or
// ErrSignatureUndecided and the state does not change.
func (r *Request) AttachSignature(ctx context.Context, sig []byte, opts VerifyOptions) (check.Results, error) {
	if !application.CanTransition(r.Lifecycle.State, application.StateSigned) {
		return nil, &application.TransitionError{Action: "sign", From: r.Lifecycle.State, To: application.StateSigned}
	}
	content, err := r.ExportForSigning()
	if err != nil {
		return nil, err
	}
	if opts.At.IsZero() {
		opts.At = r.clock()
	}
	sd, parsed := signature.ParseResult(sig)
	rs, _ := r.checks(ctx, content, sd, parsed, opts, nil)
	rs = rs.Waive(opts.AllowUnchecked)
	if err := submit.Attachable(rs, ErrSignatureRejected, ErrSignatureUndecided); err != nil {
		return rs, err
	}
	if err := r.move("sign", application.StateSigned, ""); err != nil {
		return rs, err
	}
	r.Signature = bytes.Clone(sd.DER)
	return rs, nil
}

// Verify checks a signed request as received: in.Stored must be a request
// XML that Unmarshal accepts and its canonical form (ACC-XML); then every
// check of AttachSignature runs over it. opts.At (zero: now) is also the
// request's clock. The request is moved to signed only when the indication
// is passed.
func Verify(ctx context.Context, in Received, opts VerifyOptions) *Result {
	out := &Result{}
	if opts.At.IsZero() {
		opts.At = time.Now()
	}
	doc := check.Scope{Document: check.DocAccessRequest}
	var rs check.Results
	var sd *signature.SignedData
	switch req, err := Unmarshal(in.Stored); {
	case len(in.Stored) == 0:
		rs = check.AppendWithin(rs, doc, ruleXML.Outcome("no-stored", "Received.Stored is empty"))
	case err != nil:
		rs = check.AppendWithin(rs, doc, ruleXML.Violated(err.Error(), strings.TrimPrefix(err.Error(), "access: ")))
	default:
		out.Request = req
		at := opts.At
		req.SetClock(func() time.Time { return at })
		var x check.Result
		switch canon, err := req.marshal(false); {
		case err != nil:
			x = ruleXML.Violated(err.Error(), err.Error())
		case !bytes.Equal(canon, in.Stored):
			x = ruleXML.Outcome("not-canonical", "the stored file differs from the canonical XML")
		default:
			x = ruleXML.Passed(fmt.Sprintf("%d bytes, canonical", len(in.Stored)))
		}
		rs = check.AppendWithin(rs, doc, x)
		var parsed check.Result
		sd, parsed = signature.ParseResult(in.Signature)
		var signers []Signer
		rs, signers = req.checks(ctx, in.Stored, sd, parsed, opts, rs)
		out.Signers = signers
		// Read from XML the request is a draft; the export it was
		// signed from was saved (draft → saved cannot be refused).
		if err := req.Save(); err != nil {
			rs = check.AppendWithin(rs, doc, ruleXML.Violated("lifecycle: "+err.Error(), err.Error()))
		}
	}
	out.Checks = rs.Waive(opts.AllowUnchecked)
	out.Waived = out.Checks.Waived()
	out.Indication, out.SubIndication = out.Checks.Indication()
	if req := out.Request; req != nil && sd != nil && out.Indication == check.IndicationPassed {
		if err := req.move("sign", application.StateSigned, ""); err == nil {
			req.Signature = bytes.Clone(sd.DER)
		}
	}
	return out
}

// checks runs the request's and the signature's rules over content (the
// canonical XML of r) and the parsed signature sd; dst is appended to.
func (r *Request) checks(ctx context.Context, content []byte, sd *signature.SignedData, parsed check.Result,
	opts VerifyOptions, dst check.Results) (check.Results, []Signer) {
	doc := check.Scope{Document: check.DocAccessRequest}
	c := &r.Content
	rs := c.ContentChecks(opts.Catalogue)
	rs = append(rs, c.checkRegistration(opts.Registration), c.checkEmployee(opts.Employee))
	revoke, dup := c.checkRegister(ctx, opts.Register)
	rs = append(rs, revoke, dup)
	dst = check.AppendWithin(dst, doc, rs...)
	sigRS, signers := c.signatureChecks(ctx, content, sd, parsed, opts)
	return append(dst, sigRS...), signers
}

// signatureChecks evaluates ACC-SIGNATURE, ACC-SIGNER-REGISTRAR,
// ACC-REGISTRAR-MCHD and ACC-REGISTRAR-MCHD-STATUS, then SIG-PARSE and the
// signature's own results, in the scope {document:
// access-request-signature}.
func (c *Content) signatureChecks(ctx context.Context, content []byte, sd *signature.SignedData, parsed check.Result,
	opts VerifyOptions) (check.Results, []Signer) {
	scope := check.Scope{Document: check.DocAccessRequestSignature}
	if sd == nil {
		why := "signature not parsed"
		return check.Results{ruleSignature.Outcome("unreadable", parsed.Detail), ruleSigner.Skipped(why),
			ruleMCHD.Skipped(why), ruleMCHDStatus.Skipped(why), parsed}.Within(scope), nil
	}
	res := sd.Verify(content, signature.VerifyOptions{At: opts.At, Certificates: opts.Certificates,
		ValidateCertificate: opts.ValidateCertificate})
	sigResults := res.All().Waive(opts.AllowUnchecked)
	rs := make(check.Results, 0, 5+len(sigResults))
	rs = append(rs, submit.SignatureResult(&ruleSignature, res, sigResults))
	signers := signerFacts(res, c.Registrar.Person.SNILS, opts.At)
	rs = append(rs, c.checkSigner(signers))
	signed := opts.At
	if i := registrarSigner(signers); i >= 0 {
		signed = signers[i].signed
	}
	rs = append(rs, c.checkMCHD(signed), c.checkMCHDStatus(ctx, opts.Registry), parsed)
	rs = append(rs, sigResults...)
	return rs.Within(scope), signers
}

// checkSigner evaluates ACC-SIGNER-REGISTRAR.
func (c *Content) checkSigner(signers []Signer) check.Result {
	want := c.Registrar.Person.SNILS
	var others []string
	for _, s := range signers {
		switch {
		case s.Registrar:
			return ruleSigner.Passed(fmt.Sprintf("signer %d of %d, SNILS %s", s.Index, len(signers), want))
		case s.SNILS != "" && !slices.Contains(others, s.SNILS):
			others = append(others, s.SNILS)
		}
	}
	detail := fmt.Sprintf("%d signer(s), none with SNILS %s", len(signers), want)
	if len(others) == 0 {
		return ruleSigner.Outcome("no-snils", detail)
	}
	return ruleSigner.Violated(detail, strings.Join(others, ", "), want)
}

// signerFacts says who signed; want is the Регистратор's СНИЛС.
func signerFacts(res *signature.Result, want string, at time.Time) []Signer {
	out := make([]Signer, 0, len(res.Signers))
	for _, s := range res.Signers {
		f := Signer{Index: s.Index + 1, Indication: s.Indication, SubIndication: s.SubIndication, signed: s.ValidationTime}
		if f.signed.IsZero() {
			f.signed = at
		}
		if cert := s.Certificate; cert != nil {
			n := &cert.Subject
			f.Name = strings.Join(strings.Fields(n.Surname+" "+n.GivenNames), " ")
			if f.Name == "" {
				f.Name = n.CommonName
			}
			if n.SNILS.Valid() {
				f.SNILS = n.SNILS.Value
			}
			f.Registrar = want != "" && f.SNILS == want
		}
		out = append(out, f)
	}
	return out
}

// Russian says the verdict to people: for a valid request who signed it;
// for an invalid one what failed; for an indeterminate one which facts
// could not be established.
func (r *Result) Russian() string {
	var b strings.Builder
	switch r.Indication {
	case check.IndicationPassed:
		b.WriteString("Заявка на доступ подписана Регистратором, проверки пройдены")
		if len(r.Waived) > 0 {
			facts := make([]string, len(r.Waived))
			for i, w := range r.Waived {
				facts[i] = w.Russian()
			}
			b.WriteString("; без проверки по решению проверяющей стороны приняты: " + strings.Join(facts, ", "))
		}
	case check.IndicationIndeterminate:
		b.WriteString("Заявку на доступ не удалось проверить до конца. Не установлено:")
		n := 0
		for _, c := range r.Checks {
			if c.Status != check.Indeterminate || c.ID == ruleSignature.ID {
				continue
			}
			n++
			item := c.Message
			if c.Waiver != "" {
				item += fmt.Sprintf(" (либо примите без проверки: разрешение «%s»)", c.Waiver)
			}
			fmt.Fprintf(&b, " %d) %s.", n, strings.TrimRight(item, "."))
		}
	default:
		b.WriteString("Заявка на доступ не принята:")
		seen := map[string]bool{}
		for _, c := range r.Checks.With(check.Fail) {
			if strings.HasPrefix(c.ID, "ACC-") && !seen[c.Message] {
				seen[c.Message] = true
				b.WriteString(" " + strings.TrimRight(c.Message, ".") + ".")
			}
		}
		if len(seen) == 0 {
			for _, c := range r.Checks.With(check.Fail) {
				if !seen[c.Message] {
					seen[c.Message] = true
					b.WriteString(" " + strings.TrimRight(c.Message, ".") + ".")
				}
			}
		}
	}
	return b.String()
}
