package application

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// Upload is what the user uploaded on the page «Доверенности и доступы»
// (step 2.2): the chosen variant and its files, as received.
type Upload struct {
	// Variant is the upload variant the user chose.
	Variant Variant
	// Certificate is the certificate file: DER, PEM or base64. A bundle
	// (several PEM blocks, a .p7b) is accepted when it holds exactly one
	// end-entity certificate; its CA certificates then serve as untrusted
	// intermediates.
	Certificate []byte
	// MCHD is the power of attorney file (XML), byte for byte; required by
	// the representative and managing variants.
	MCHD []byte
	// MCHDFileName is the name the МЧД was uploaded under (optional; a
	// mismatch with its ИдФайл is a warning).
	MCHDFileName string
	// MCHDSignature is the detached signature of the МЧД: DER, BER, PEM or
	// base64.
	MCHDSignature []byte
}

// ManagedBy is what ЕГРЮЛ says about an organisation run by a managing
// organisation: the identifiers of the organisation and of the managing
// organisation acting for it without a power of attorney. The cabinet looks
// them up in ЕГРЮЛ; this package never does (no network), so the caller
// passes them.
type ManagedBy struct {
	// OrganisationINN (10 digits) and OrganisationOGRN (13 digits) of the
	// managed organisation; either may be empty.
	OrganisationINN  string
	OrganisationOGRN string
	// ManagingINN and ManagingOGRN of the managing organisation; either may
	// be empty, not both.
	ManagingINN  string
	ManagingOGRN string
	// Status is the organisation's status in ЕГРЮЛ; the zero value is
	// unknown.
	Status EGRULStatus
}

// CheckOptions are the inputs of Check besides the upload and the
// applicant. The zero value checks at the current time with no trust
// anchor, so every chain fails with CHAIN-TRUSTED-ROOT: trust must be given
// explicitly.
type CheckOptions struct {
	// At is the validation time of every part (certificates, CRLs, the
	// МЧД's term, the signer of the МЧД); zero means the current time.
	At time.Time
	// Trust is what every certificate of the upload is validated against:
	// Roots (the only anchors), Intermediates, CRLs, RevocationMode and an
	// optional Fetcher (see package certificate/trust to load it).
	Trust certificate.Trust
	// Certificate configures classification and profile checks (the CAs
	// accepted for heads); nil means the defaults.
	Certificate *certificate.Options
	// EGRUL provides the ЕГРЮЛ record of the organisation (see
	// ParseEGRULFile for a file-backed one). When set, the managing variant
	// checks that the МЧД's managing organisation is the organisation's
	// single executive body (APP-EGRUL-MANAGED), the head variant that the
	// certificate's owner is (APP-EGRUL-HEAD), and every variant that the
	// organisation has not been liquidated (APP-EGRUL-STATUS). A provider
	// error leaves those checks undecided (TRY_LATER, waiver egrul).
	EGRUL EGRUL
	// ManagedBy is the short form of the record for the managing variant
	// (identifiers and status only), used when EGRUL is nil. Without either
	// the managing variant is indeterminate (APP-EGRUL-MANAGED no-record,
	// waiver egrul); a record with an unknown status leaves
	// APP-EGRUL-STATUS undecided the same way.
	ManagedBy *ManagedBy
	// Registry answers the status of the МЧД in the ФНС registry
	// (mchd.ParseStatusFile for an offline copy, mchd.HTTPStatus for a
	// check service, mchd.NewCachedStatus in front of it in a long-lived
	// service). Without it the МЧД variants are indeterminate
	// (MCHD-REGISTRY-STATUS not-checked, waiver registry).
	Registry mchd.StatusChecker
	// Context bounds Registry and Trust.Fetcher; nil means
	// context.Background().
	Context context.Context
	// RequiredPower is the power code the МЧД must grant; empty means
	// MCHDPowerCode (EGISZ_LK_01).
	RequiredPower string
	// MCHDSchema validates the МЧД (nil: the embedded schema; see
	// mchd.LoadSchema for the official XSD).
	MCHDSchema mchd.SchemaValidator
	// AllowUnchecked are the facts the caller accepts unchecked (for
	// example check.WaiveApplicant for a check made before the applicant
	// logs in): a check left undecided only for want of such a fact is a
	// warning instead of indeterminate, and the report lists the waivers.
	// Nothing else can be waived.
	AllowUnchecked []check.Waiver
	// SignerAtSigningTime validates the certificate of the МЧД's signer at
	// the signature's signingTime (when present) instead of At: a head who
	// has since received a new certificate signed the МЧД with a valid one.
	// signingTime is the signer's claim, not a timestamp; the default is the
	// stricter At.
	SignerAtSigningTime bool
}

func (o *CheckOptions) at() time.Time {
	if !o.At.IsZero() {
		return o.At
	}
	return time.Now()
}

// Verdict is the outcome of Check.
type Verdict string

// The verdicts.
const (
	// VerdictAccepted: no check failed (warnings allowed); the application
	// can be built.
	VerdictAccepted Verdict = "accepted"
	// VerdictRejected: at least one check failed.
	VerdictRejected Verdict = "rejected"
	// VerdictIndeterminate: no check failed, but a fact a check depends on
	// could not be established (no revocation data, no registry answer, no
	// ЕГРЮЛ record, no ЕСИА data…): the documents need a further check;
	// Report.Text says which facts are missing and how to provide them.
	VerdictIndeterminate Verdict = "indeterminate"
)

// Russian returns the verdict as the cabinet would show it.
func (v Verdict) Russian() string {
	switch v {
	case VerdictAccepted:
		return "документы приняты"
	case VerdictIndeterminate:
		return "требуется дополнительная проверка"
	}
	return "документы не приняты"
}

// Report is the verdict of Check with every check that led to it.
type Report struct {
	// Variant is the upload variant checked.
	Variant Variant `json:"variant"`
	// Verdict is accepted, rejected or indeterminate.
	Verdict Verdict `json:"verdict"`
	// At is the validation time used.
	At time.Time `json:"at"`
	// Organisation is the organisation the power is requested for, taken
	// from the МЧД's principal or from the head's certificate; nil when it
	// could not be determined.
	Organisation *Organisation `json:"organisation,omitempty"`
	// Checks are all results in a fixed order for the variant: upload,
	// applicant, certificate (kind, profile, chain, owner), then for the
	// МЧД variants the МЧД (parse, rules, signature, signer binding,
	// registry status) and the cross-document checks.
	Checks check.Results `json:"checks"`
	// Waived are the facts the caller accepted unchecked
	// (CheckOptions.AllowUnchecked) that changed at least one check.
	Waived []check.Waiver `json:"waived,omitempty"`

	// Certificate is the uploaded end-entity certificate (nil if unreadable).
	Certificate *certificate.Certificate `json:"-"`
	// MCHD is the parsed power of attorney (nil if none or unreadable).
	MCHD *mchd.Document `json:"-"`
	// MCHDSigner is the certificate that signed the МЧД (nil if unknown).
	MCHDSigner *certificate.Certificate `json:"-"`

	power string // the power code the МЧД was required to grant
}

// Accepted reports whether the upload was accepted.
func (r *Report) Accepted() bool { return r != nil && r.Verdict == VerdictAccepted }

// Failed returns the failed checks.
func (r *Report) Failed() check.Results {
	var out check.Results
	for _, c := range r.Checks {
		if c.Status == check.Fail {
			out = append(out, c)
		}
	}
	return out
}

// Text renders the report in Russian for the end user: the verdict, then
// the failed checks, the checks that could not be decided (with what to
// provide so that they can be), the warnings and the passed checks, one
// line each; skipped checks are counted, not listed.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Вариант загрузки: %s\n", r.Variant.Russian())
	fmt.Fprintf(&b, "Проверено на: %s\n", msk.DateTimeSeconds(r.At))
	if r.Organisation != nil {
		fmt.Fprintf(&b, "Организация: %s\n", r.Organisation)
	}
	fmt.Fprintf(&b, "Итог: %s\n", r.Verdict.Russian())
	for _, sec := range []struct {
		st    check.Status
		title string
	}{{check.Fail, "Ошибки"}, {check.Indeterminate, "Не удалось проверить"}, {check.Warn, "Предупреждения"}, {check.Pass, "Пройдено"}} {
		n := r.Checks.Count(sec.st)
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", sec.title, n)
		for _, c := range r.Checks {
			if c.Status == sec.st {
				fmt.Fprintf(&b, "  [%s] %s\n", c.ID, c.Message)
			}
		}
		if sec.st == check.Indeterminate {
			if hints := Missing(r.Checks); len(hints) > 0 {
				b.WriteString("\nЧто нужно для проверки:\n")
				for _, h := range hints {
					fmt.Fprintf(&b, "  — %s\n", h)
				}
			}
		}
	}
	if len(r.Waived) > 0 {
		var names []string
		for _, w := range r.Waived {
			names = append(names, w.Russian())
		}
		fmt.Fprintf(&b, "\nПринято без проверки по решению проверяющей стороны: %s\n", strings.Join(names, "; "))
	}
	if n := r.Checks.Count(check.Skip); n > 0 {
		fmt.Fprintf(&b, "\nНе применялось проверок: %d\n", n)
	}
	return b.String()
}

// Missing says, in Russian and once per fact, what the caller must provide
// so that the undecided checks among rs can be decided: for a fact that
// can be waived its check.Waiver.Hint (with the waiver's name, for a
// caller who accepts it unchecked), otherwise the sub-indication's
// description.
func Missing(rs check.Results) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Status != check.Indeterminate {
			continue
		}
		var s string
		switch {
		case r.Waiver != "":
			s = fmt.Sprintf("%s: %s (либо примите без проверки: %s)", capitalise(r.Waiver.Russian()), r.Waiver.Hint(), r.Waiver)
		default:
			s = capitalise(r.SubIndication.Russian())
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ErrNotAccepted is returned when an application is requested from a
// rejected report.
var ErrNotAccepted = errors.New("application: the documents were not accepted")

// Summary returns the report as the application records it.
func (r *Report) Summary() ReportSummary {
	return ReportSummary{Verdict: r.Checks.Worst(), CheckedAt: utcSeconds(r.At), Results: append(check.Results(nil), r.Checks...)}
}

// Documents returns the facts of the uploaded documents for the
// application.
func (r *Report) Documents() Documents {
	d := Documents{Certificate: FactsOf(r.Certificate)}
	if r.MCHD != nil {
		info := r.MCHD.Meta()
		m := &MCHDFacts{Number: r.MCHD.Number()}
		if info != nil {
			m.IssueDate = dateTime(info.IssueDate)
			m.ExpiryDate = dateTime(info.ExpiryDate)
		}
		m.PowerCode = r.power
		if m.PowerCode == "" {
			m.PowerCode = MCHDPowerCode
		}
		if r.MCHDSigner != nil {
			f := FactsOf(r.MCHDSigner)
			m.Signer = &f
		}
		d.MCHD = m
	}
	return d
}

func dateTime(d mchd.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Input returns what Build needs to make the application from an accepted
// report: the applicant, the organisation, the document facts and the
// report summary, with the editable fields f (e-mail and phone default to
// the ЕСИА contacts). A rejected report gives ErrNotAccepted.
func (r *Report) Input(a Applicant, f Fields) (Input, error) {
	if !r.Accepted() {
		return Input{}, fmt.Errorf("%w: %d failed checks", ErrNotAccepted, len(r.Failed()))
	}
	if r.Organisation == nil {
		return Input{}, fmt.Errorf("%w: the organisation is unknown", ErrNotAccepted)
	}
	return Input{Variant: r.Variant, Applicant: a, Organisation: *r.Organisation, Fields: f,
		Documents: r.Documents(), Report: r.Summary()}, nil
}

// Check runs every check of the upload's variant and returns one report.
// No check stops the others: a missing or unreadable file makes the checks
// that need it report Skip. The verdict is rejected as soon as any check
// fails, indeterminate when nothing failed but a check could not be decided
// (a fact was missing: revocation data, the registry's answer, the ЕГРЮЛ
// record, the applicant), accepted otherwise. a is the ЕСИА account of the
// user; without it (nil) the applicant checks are indeterminate — a service
// that checks documents before login waives them with
// CheckOptions.AllowUnchecked = {check.WaiveApplicant}. An Applicant whose
// Level is LevelUnknown and whose name is empty is read as "only the
// identifiers are known": the account level is indeterminate (waivable the
// same way), the name is not checked and the certificate owner is matched
// by СНИЛС alone.
//
// Check is a pure function of its inputs: it does not use the network
// unless opts.Trust.Fetcher or opts.Registry do.
func Check(u Upload, a *Applicant, opts CheckOptions) *Report {
	at := opts.at()
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	r := &Report{Variant: u.Variant, At: at, power: strings.TrimSpace(opts.RequiredPower), Checks: make(check.Results, 0, 128)}
	c := &checker{u: u, a: a, opts: &opts, at: at, ctx: ctx, r: r}
	c.upload()
	c.applicant()
	c.certificate()
	if u.Variant.NeedsMCHD() {
		c.mchd()
	} else {
		c.add(c.egrul(nil)...)
	}
	r.Organisation = c.organisation()
	r.Checks = r.Checks.Waive(opts.AllowUnchecked)
	r.Waived = r.Checks.Waived()
	switch ind, _ := r.Checks.Indication(); ind {
	case check.IndicationFailed:
		r.Verdict = VerdictRejected
	case check.IndicationIndeterminate:
		r.Verdict = VerdictIndeterminate
	default:
		r.Verdict = VerdictAccepted
	}
	return r
}

// checker holds the state of one Check call.
type checker struct {
	u     Upload
	a     *Applicant
	opts  *CheckOptions
	at    time.Time
	ctx   context.Context
	r     *Report
	extra []*certificate.Certificate
}

func (c *checker) add(rs ...check.Result) { c.r.Checks = append(c.r.Checks, rs...) }

func (c *checker) chainOptions() certificate.VerifyOptions {
	return certificate.VerifyOptions{Trust: c.opts.Trust, At: c.at, Context: c.ctx}
}

// The scopes of Check's results: the applicant's account, the uploaded
// certificate, the power of attorney. Cross-document results and those of
// the upload as a whole have the zero scope.
var (
	scopeApplicant   = check.Scope{Document: check.DocApplicant}
	scopeCertificate = check.Scope{Document: check.DocCertificate}
	scopeMCHD        = check.Scope{Document: check.DocMCHD}
)

func (c *checker) upload() {
	v := c.u.Variant
	if !v.Valid() {
		c.add(ruleVariant.Violated(fmt.Sprintf("variant %d", int(v))))
	} else {
		c.add(ruleVariant.Passed(v.Code()))
	}
	var missing []string
	var missingEN []string
	need := func(ok bool, d Document) {
		if !ok {
			missing = append(missing, d.Russian())
			missingEN = append(missingEN, d.String())
		}
	}
	present := func(b []byte) bool { return len(bytes.TrimSpace(b)) > 0 }
	for _, d := range v.Documents() {
		switch d {
		case DocCertificateEntity, DocCertificateLegalEntity, DocCertificatePerson:
			need(present(c.u.Certificate), d)
		case DocMCHD:
			need(present(c.u.MCHD), d)
		case DocMCHDSignature:
			need(present(c.u.MCHDSignature), d)
		}
	}
	switch {
	case !v.Valid():
		c.add(ruleDocuments.Skipped("no valid variant"))
	case len(missing) > 0:
		c.add(ruleDocuments.Violated("missing: "+strings.Join(missingEN, ", "), strings.Join(missing, "; ")))
	case !v.NeedsMCHD() && (present(c.u.MCHD) || present(c.u.MCHDSignature)):
		c.add(ruleDocuments.Outcome("mchd-ignored", "MCHD ignored for the head variant", v.Russian()))
	default:
		c.add(ruleDocuments.Passed(""))
	}
}

// identifiersOnly reports whether the applicant carries only identifiers.
func identifiersOnly(a *Applicant) bool {
	return a.Level == LevelUnknown && strings.TrimSpace(a.Surname) == "" && strings.TrimSpace(a.GivenName) == ""
}

func (c *checker) applicant() {
	a := c.a
	var rs check.Results
	if a == nil {
		const why = "no ESIA account data supplied"
		rs = check.Results{ruleESIAConfirmed.Outcome("no-account", why), ruleApplicantName.Skipped(why), ruleApplicantSNILS.Skipped(why),
			ruleApplicantINN.Skipped(why)}
	} else {
		// The contacts belong to the application's editable fields (Build
		// and Edit check them), not to the decision on the documents.
		for _, r := range CheckApplicant(*a) {
			switch r.ID {
			case ruleEmail.ID, rulePhone.ID:
				continue
			case ruleESIAConfirmed.ID:
				if identifiersOnly(a) {
					r = ruleESIAConfirmed.Outcome("identifiers-only", "identifiers only")
				}
			case ruleApplicantName.ID:
				if identifiersOnly(a) {
					r = ruleApplicantName.Skipped("only identifiers of the applicant supplied")
				}
			}
			rs = append(rs, r)
		}
	}
	c.r.Checks = check.AppendWithin(c.r.Checks, scopeApplicant, rs...)
}

// parseCertificate reads the uploaded certificate file.
func (c *checker) parseCertificate() (*certificate.Certificate, check.Result) {
	if len(bytes.TrimSpace(c.u.Certificate)) == 0 {
		return nil, ruleCertificateParse.Skipped("no certificate uploaded")
	}
	certs, err := certificate.Parse(c.u.Certificate)
	if err != nil {
		return nil, ruleCertificateParse.Violated(err.Error(), lowerFirst(strings.TrimSuffix(check.MessageRU(err, "структура файла повреждена"), ".")))
	}
	var ee []*certificate.Certificate
	for _, x := range certs {
		if x.IsCA {
			c.extra = append(c.extra, x)
		} else {
			ee = append(ee, x)
		}
	}
	if len(ee) != 1 {
		return nil, ruleCertificateParse.Outcome("not-one", fmt.Sprintf("%d end-entity certificates in %d", len(ee), len(certs)), len(ee))
	}
	detail := "1 certificate"
	if len(certs) > 1 {
		detail = fmt.Sprintf("1 end-entity certificate and %d CA certificates (used as untrusted intermediates)", len(certs)-1)
	}
	return ee[0], ruleCertificateParse.Passed(detail)
}

// wantKinds are the certificate kinds a variant accepts.
func wantKinds(v Variant) []certificate.Kind {
	switch v {
	case VariantHead:
		return []certificate.Kind{certificate.KindLegalEntity, certificate.KindEntrepreneur}
	case VariantRepresentative:
		return []certificate.Kind{certificate.KindPerson}
	case VariantManaging:
		return []certificate.Kind{certificate.KindLegalEntity}
	}
	return nil
}

func (c *checker) certificate() {
	cert, parsed := c.parseCertificate()
	c.r.Certificate = cert
	// Straight into the report, then placed in the certificate's scope.
	start := len(c.r.Checks)
	rs := append(c.r.Checks, parsed)
	if cert == nil {
		why := "no readable certificate"
		rs = append(rs, ruleCertificateKind.Skipped(why))
		rs = append(rs, certificate.CheckProfile(nil, c.at, c.opts.Certificate)...)
		rs = append(rs, certificate.Verify(nil, certificate.VerifyOptions{}).Results...)
		rs = append(rs, rulePersonMatch.Skipped(why))
	} else {
		rs = append(rs, checkCertificateKind(c.u.Variant, cert, c.opts.Certificate))
		rs = certificate.AppendProfile(rs, cert, c.at, c.opts.Certificate)
		co := c.chainOptions()
		co.Extra = c.extra
		rs = append(rs, certificate.Verify(cert, co).Results...)
		rs = append(rs, c.matchApplicant(cert))
	}
	for i := start; i < len(rs); i++ {
		rs[i].Scope = rs[i].Scope.Within(scopeCertificate)
	}
	c.r.Checks = rs
}

func checkCertificateKind(v Variant, cert *certificate.Certificate, opts *certificate.Options) check.Result {
	want := wantKinds(v)
	if want == nil {
		return ruleCertificateKind.Skipped("no valid variant")
	}
	cl := cert.Classify(opts)
	var names, namesEN []string
	for _, k := range want {
		if cl.Kind == k {
			return ruleCertificateKind.Passed(fmt.Sprintf("%s (%s)", k, cl.ReasonEN))
		}
		names = append(names, k.Russian())
		namesEN = append(namesEN, k.String())
	}
	detail := fmt.Sprintf("certificate kind %s (%s), variant %s wants %s", cl.Kind, cl.ReasonEN, v, strings.Join(namesEN, " or "))
	have, need := cl.Kind.Russian()+" — "+cl.Reason, strings.Join(names, " или ")
	switch {
	case v == VariantRepresentative && cl.Kind == certificate.KindLegalEntity:
		return ruleCertificateKind.Outcome("head-with-ul", detail, have, v.Russian(), need, VariantHead.Russian())
	case v == VariantHead && cl.Kind == certificate.KindPerson:
		return ruleCertificateKind.Outcome("fl-for-head", detail, have, v.Russian(), need, VariantRepresentative.Russian())
	case v == VariantManaging && cl.Kind == certificate.KindPerson:
		return ruleCertificateKind.Outcome("fl-for-managing", detail, have, v.Russian(), need)
	}
	return ruleCertificateKind.Violated(detail, have, v.Russian(), need)
}

// matchApplicant binds the certificate owner to the applicant.
func (c *checker) matchApplicant(cert *certificate.Certificate) check.Result {
	a := c.a
	if a == nil {
		return rulePersonMatch.Skipped("no ESIA account data supplied")
	}
	if !identifiersOnly(a) {
		return MatchPerson(*a, &cert.Subject)
	}
	s, err := ident.ParseSNILS(a.SNILS)
	switch {
	case err != nil:
		return rulePersonMatch.Violated("applicant SNILS invalid", "СНИЛС заявителя указан неверно")
	case !cert.Subject.SNILS.Valid():
		return rulePersonMatch.Violated("certificate has no valid SNILS",
			"в сертификате нет СНИЛС, а ФИО заявителя не переданы — сопоставить нельзя")
	case cert.Subject.SNILS.Value != s.Digits():
		return rulePersonMatch.Violated("SNILS differ", fmt.Sprintf("СНИЛС в сертификате %s, у заявителя %s",
			cert.Subject.SNILS.Value, s.Digits()))
	}
	return rulePersonMatch.Outcome("snils-only", "SNILS matches (name not supplied)")
}

func (c *checker) mchd() {
	var rep *mchd.SignedReport
	c.r.Checks, rep = mchd.AppendSigned(c.r.Checks, c.u.MCHD, c.u.MCHDSignature, mchd.VerifySignedOptions{
		At:                  c.at,
		UseSigningTime:      c.opts.SignerAtSigningTime,
		Document:            mchd.DocumentOptions{FileName: c.u.MCHDFileName, RequiredPower: c.opts.RequiredPower, Schema: c.opts.MCHDSchema},
		Certificates:        c.extra,
		ValidateCertificate: signature.ChainValidator(c.opts.Trust),
		Certificate:         c.opts.Certificate,
	})
	c.r.MCHD, c.r.MCHDSigner = rep.Document, rep.SignerCertificate()
	doc := rep.Document
	mchdScope := check.Scope{Document: check.DocMCHD}
	if doc != nil {
		c.r.Checks = check.AppendWithin(c.r.Checks, mchdScope, mchd.CheckStatus(c.ctx, c.opts.Registry, doc))
	} else {
		c.r.Checks = check.AppendWithin(c.r.Checks, mchdScope, mchd.CheckStatus(c.ctx, nil, nil))
	}
	c.add(checkShape(c.u.Variant, doc))
	c.add(mchd.BindRepresentative(doc, c.r.Certificate))
	if c.u.Variant == VariantManaging {
		c.add(checkManagingCertificate(doc, c.r.Certificate))
	}
	c.add(c.egrul(doc)...)
}

// egrul looks up the organisation's ЕГРЮЛ record and checks it (see
// CheckOptions.EGRUL). The head variant is checked against ЕГРЮЛ only when
// a provider is given; the managing variant always needs a record.
func (c *checker) egrul(doc *mchd.Document) check.Results {
	v, cert := c.u.Variant, c.r.Certificate
	var rec *EGRULRecord
	var err error
	switch {
	case c.opts.EGRUL != nil:
		q, ok := egrulQuery(v, doc, cert)
		if ok {
			rec, err = c.opts.EGRUL.Record(c.ctx, q)
		}
		if ok && err == nil && rec == nil && v == VariantHead {
			detail := fmt.Sprintf("no ЕГРЮЛ record for INN=%s OGRN=%s", q.INN, q.OGRN)
			return check.Results{ruleEGRULHead.Outcome("no-record", detail, orgLabel("", q.INN, q.OGRN)),
				ruleEGRULStatus.Skipped(detail)}
		}
	case v == VariantManaging:
		rec = c.opts.ManagedBy.Record()
	case v == VariantHead:
		why := "no ЕГРЮЛ source given"
		return check.Results{ruleEGRULHead.Skipped(why), ruleEGRULStatus.Skipped(why)}
	}
	return egrulResults(v, rec, err, doc, cert, c.opts.Certificate)
}

func checkShape(v Variant, doc *mchd.Document) check.Result {
	if doc == nil {
		return ruleMCHDShape.Skipped("no readable МЧД")
	}
	if doc.IsRetrust() {
		return ruleMCHDShape.Outcome("retrust", "retrust", v.Russian())
	}
	sh := doc.Principal().Shape()
	switch {
	case v == VariantRepresentative && (sh == mchd.ShapeHead || sh == mchd.ShapeEntrepreneur):
		return ruleMCHDShape.Passed(sh.String())
	case v == VariantManaging && sh == mchd.ShapeManagingOrganisation:
		return ruleMCHDShape.Passed(sh.String())
	case v == VariantRepresentative && sh == mchd.ShapeManagingOrganisation:
		return ruleMCHDShape.Outcome("managing-in-representative", "ЕИОУК МЧД in the representative variant", sh.Russian(), v.Russian(),
			VariantManaging.Russian())
	case v == VariantManaging:
		return ruleMCHDShape.Outcome("not-managing", "principal "+sh.String()+" in the managing variant", sh.Russian(), v.Russian())
	}
	return ruleMCHDShape.Violated("principal "+sh.String(), sh.Russian(), v.Russian())
}

// managingOrg returns the first managing organisation of doc.
func managingOrg(doc *mchd.Document) *mchd.ManagingOrganisation {
	if doc == nil {
		return nil
	}
	return doc.ManagingOrganisation()
}

// names lists the Russian names of the identifiers of ids.
func names(ids []match.ID) string {
	var out []string
	for _, id := range ids {
		out = append(out, id.Field.Russian())
	}
	return strings.Join(out, ", ")
}

// conflicts describes the conflicting identifiers of ids: "ИНН ЮЛ A и B".
func conflicts(ids []match.ID, prefix string) []string {
	var out []string
	for _, id := range match.Of(ids, match.Conflict) {
		out = append(out, fmt.Sprintf("%s%s %s и %s", id.Field.Russian(), prefix, id.Doc, id.Cert))
	}
	return out
}

func checkManagingCertificate(doc *mchd.Document, cert *certificate.Certificate) check.Result {
	m := managingOrg(doc)
	switch {
	case doc == nil:
		return ruleManagingCertificate.Skipped("no readable МЧД")
	case cert == nil:
		return ruleManagingCertificate.Skipped("no readable certificate")
	case m == nil:
		return ruleManagingCertificate.Skipped("the МЧД names no managing organisation (see APP-MCHD-SHAPE)")
	}
	s := &cert.Subject
	ids := match.IDs(
		match.Pair{Field: match.INNLE, Doc: m.Org.INN, Cert: certValue(s.INNLE)},
		match.Pair{Field: match.OGRN, Doc: m.Org.OGRN, Cert: certValue(s.OGRN)},
	)
	detail := fmt.Sprintf("МЧД СвЮЛЕИО ИННЮЛ=%s ОГРН=%s; certificate INNLE=%s OGRN=%s", m.Org.INN, m.Org.OGRN,
		certValue(s.INNLE), certValue(s.OGRN))
	missing := append(match.Of(ids, match.MissingDoc), match.Of(ids, match.MissingCert)...)
	missing = append(missing, match.Of(ids, match.Absent)...)
	switch {
	case match.Count(ids, match.Conflict) > 0:
		return ruleManagingCertificate.Violated(detail, strings.Join(conflicts(ids, ""), "; "))
	case match.Count(ids, match.Match) == 0:
		return ruleManagingCertificate.Outcome("not-comparable", detail)
	case len(missing) > 0:
		return ruleManagingCertificate.Outcome("partial", detail, names(match.Of(ids, match.Match)), names(missing))
	}
	return ruleManagingCertificate.Passed(detail)
}

func certValue(id certificate.Identifier) string {
	if !id.Valid() {
		return ""
	}
	return id.Value
}

// organisation derives the organisation the power is requested for.
func (c *checker) organisation() *Organisation {
	if c.u.Variant.NeedsMCHD() {
		p := c.r.MCHD.Principal()
		switch {
		case p == nil:
			return nil
		case p.RussianOrg != nil && p.Type == mchd.PrincipalRussianOrg:
			o := p.RussianOrg.Org
			return &Organisation{Name: o.Name, INN: o.INN, KPP: o.KPP, OGRN: o.OGRN}
		case p.Entrepreneur != nil && p.Type == mchd.PrincipalEntrepreneur:
			ip := p.Entrepreneur
			name := ip.Name
			if name == "" {
				name = "Индивидуальный предприниматель " + ip.Details.Name.String()
			}
			return &Organisation{Name: name, INN: ip.INN, OGRNIP: ip.OGRNIP}
		}
		return nil
	}
	cert := c.r.Certificate
	if cert == nil {
		return nil
	}
	s := &cert.Subject
	switch cert.Classify(c.opts.Certificate).Kind {
	case certificate.KindLegalEntity:
		name := s.Organization
		if name == "" {
			name = s.CommonName
		}
		return &Organisation{Name: name, INN: certValue(s.INNLE), OGRN: certValue(s.OGRN)}
	case certificate.KindEntrepreneur:
		return &Organisation{Name: "Индивидуальный предприниматель " + s.PersonName(), INN: certValue(s.INN),
			OGRNIP: certValue(s.OGRNIP)}
	}
	return nil
}
