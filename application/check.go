package application

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
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
}

// CheckOptions are the inputs of Check besides the upload and the
// applicant. The zero value checks at the current time with no trust
// anchor, so every chain fails with CHAIN-TRUSTED-ROOT: trust must be given
// explicitly.
type CheckOptions struct {
	// At is the validation time of every part (certificates, CRLs, the
	// МЧД's term, the signer of the МЧД); zero means Now().
	At time.Time
	// Now supplies the current time when At is zero; nil means time.Now.
	Now func() time.Time
	// Chain holds the trust inputs for every certificate in the upload:
	// Roots (the only anchors), Intermediates, CRLs, RevocationMode and an
	// optional Fetcher. Its At and Extra are set by Check.
	Chain certificate.VerifyOptions
	// Certificate configures classification and profile checks (the CAs
	// accepted for heads); nil means the defaults.
	Certificate *certificate.Options
	// ManagedBy is the ЕГРЮЛ record for the managing variant; nil reports
	// APP-EGRUL-MANAGED as a warning (not checked).
	ManagedBy *ManagedBy
	// Registry answers the status of the МЧД in the ФНС registry; nil skips
	// MCHD-REGISTRY-STATUS.
	Registry mchd.StatusChecker
	// Context bounds Registry and Chain.Fetcher; nil means
	// context.Background().
	Context context.Context
	// RequiredPower is the power code the МЧД must grant; empty means
	// MCHDPowerCode (EGISZ_LK_01).
	RequiredPower string
	// MCHDSchema validates the МЧД (nil: the embedded schema; see
	// mchd.LoadSchema for the official XSD).
	MCHDSchema mchd.SchemaValidator
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
	if o.Now != nil {
		return o.Now()
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
)

// Russian returns the verdict as the cabinet would show it.
func (v Verdict) Russian() string {
	if v == VerdictAccepted {
		return "документы приняты"
	}
	return "документы не приняты"
}

// Report is the verdict of Check with every check that led to it.
type Report struct {
	// Variant is the upload variant checked.
	Variant Variant `json:"variant"`
	// Verdict is accepted or rejected.
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
// the failed checks, the warnings and the passed checks, one line each;
// skipped checks are counted, not listed.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Вариант загрузки: %s\n", r.Variant.Russian())
	fmt.Fprintf(&b, "Проверено на: %s (МСК)\n", r.At.In(Moscow).Format("02.01.2006 15:04:05"))
	if r.Organisation != nil {
		fmt.Fprintf(&b, "Организация: %s\n", orgLine(*r.Organisation))
	}
	fmt.Fprintf(&b, "Итог: %s\n", r.Verdict.Russian())
	for _, sec := range []struct {
		st    check.Status
		title string
	}{{check.Fail, "Ошибки"}, {check.Warn, "Предупреждения"}, {check.Pass, "Пройдено"}} {
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
	}
	if n := r.Checks.Count(check.Skip); n > 0 {
		fmt.Fprintf(&b, "\nНе применялось проверок: %d\n", n)
	}
	return b.String()
}

func orgLine(o Organisation) string {
	var ids []string
	if o.INN != "" {
		ids = append(ids, "ИНН "+o.INN)
	}
	if o.OGRN != "" {
		ids = append(ids, "ОГРН "+o.OGRN)
	}
	if o.OGRNIP != "" {
		ids = append(ids, "ОГРНИП "+o.OGRNIP)
	}
	if len(ids) == 0 {
		return o.Name
	}
	return o.Name + " (" + strings.Join(ids, ", ") + ")"
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
// that need it report Skip, and the verdict is rejected as soon as any
// check fails. a is the ЕСИА account of the user; nil skips the applicant
// checks (for a service that checks documents before login). An Applicant
// whose Level is LevelUnknown and whose name is empty is read as "only the
// identifiers are known": the level and name checks are skipped and the
// certificate owner is matched by СНИЛС alone.
//
// Check is a pure function of its inputs: it does not use the network
// unless opts.Chain.Fetcher or opts.Registry do.
func Check(u Upload, a *Applicant, opts CheckOptions) *Report {
	at := opts.at()
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	r := &Report{Variant: u.Variant, At: at, power: strings.TrimSpace(opts.RequiredPower)}
	c := &checker{u: u, a: a, opts: &opts, at: at, ctx: ctx, r: r}
	c.upload()
	c.applicant()
	c.certificate()
	if u.Variant.NeedsMCHD() {
		c.mchd()
	}
	r.Organisation = c.organisation()
	r.Checks = mergeDuplicates(r.Checks)
	r.Verdict = VerdictAccepted
	if r.Checks.Failed() {
		r.Verdict = VerdictRejected
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
	o := c.opts.Chain
	o.At = c.at
	if o.Context == nil {
		o.Context = c.ctx
	}
	return o
}

func (c *checker) upload() {
	v := c.u.Variant
	if !v.Valid() {
		c.add(RuleVariant.Violated(fmt.Sprintf("variant %d", int(v))))
	} else {
		c.add(RuleVariant.Passed(v.Code()))
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
		c.add(RuleDocuments.Skipped("no valid variant"))
	case len(missing) > 0:
		c.add(RuleDocuments.Violated("missing: "+strings.Join(missingEN, ", "), strings.Join(missing, "; ")))
	case !v.NeedsMCHD() && (present(c.u.MCHD) || present(c.u.MCHDSignature)):
		c.add(RuleDocuments.Warned("MCHD ignored for the head variant",
			"Для варианта «"+v.Russian()+"» доверенность не нужна; загруженная МЧД не учитывается"))
	default:
		c.add(RuleDocuments.Passed(""))
	}
}

// identifiersOnly reports whether the applicant carries only identifiers.
func identifiersOnly(a *Applicant) bool {
	return a.Level == LevelUnknown && strings.TrimSpace(a.Surname) == "" && strings.TrimSpace(a.GivenName) == ""
}

func (c *checker) applicant() {
	a := c.a
	if a == nil {
		const why = "no ESIA account data supplied"
		c.add(RuleESIAConfirmed.Skipped(why), RuleApplicantName.Skipped(why), RuleApplicantSNILS.Skipped(why),
			RuleApplicantINN.Skipped(why))
		return
	}
	rs := CheckApplicant(*a)
	// The contacts belong to the application's editable fields (Build and
	// Edit check them), not to the decision on the documents.
	for _, r := range rs {
		switch r.ID {
		case RuleEmail.ID, RulePhone.ID:
			continue
		case RuleESIAConfirmed.ID, RuleApplicantName.ID:
			if identifiersOnly(a) {
				r = check.Result{ID: r.ID, Status: check.Skip, Message: "Не проверялось: передан только СНИЛС заявителя",
					Detail: "identifiers only", Citation: r.Citation}
			}
		}
		c.add(r)
	}
}

// parseCertificate reads the uploaded certificate file.
func (c *checker) parseCertificate() *certificate.Certificate {
	if len(bytes.TrimSpace(c.u.Certificate)) == 0 {
		c.add(RuleCertificateParse.Skipped("no certificate uploaded"))
		return nil
	}
	certs, err := certificate.Parse(c.u.Certificate)
	if err != nil {
		c.add(RuleCertificateParse.Violated(err.Error(), check.MessageRU(err, "")))
		return nil
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
		c.add(RuleCertificateParse.Violated(fmt.Sprintf("%d end-entity certificates in %d", len(ee), len(certs)),
			fmt.Sprintf("в файле %d сертификатов владельцев, нужен ровно один", len(ee))))
		return nil
	}
	detail := "1 certificate"
	if len(certs) > 1 {
		detail = fmt.Sprintf("1 end-entity certificate and %d CA certificates (used as untrusted intermediates)", len(certs)-1)
	}
	c.add(RuleCertificateParse.Passed(detail))
	return ee[0]
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
	cert := c.parseCertificate()
	c.r.Certificate = cert
	if cert == nil {
		why := "no readable certificate"
		c.add(RuleCertificateKind.Skipped(why))
		c.add(certificate.CheckProfile(nil, c.at, c.opts.Certificate)...)
		c.add(certificate.Verify(nil, certificate.VerifyOptions{}).Results...)
		c.add(RulePersonMatch.Skipped(why))
		return
	}
	c.add(checkCertificateKind(c.u.Variant, cert, c.opts.Certificate))
	c.add(certificate.CheckProfile(cert, c.at, c.opts.Certificate)...)
	co := c.chainOptions()
	co.Extra = append(append([]*certificate.Certificate(nil), co.Extra...), c.extra...)
	c.add(certificate.Verify(cert, co).Results...)
	c.add(c.matchApplicant(cert))
}

func checkCertificateKind(v Variant, cert *certificate.Certificate, opts *certificate.Options) check.Result {
	want := wantKinds(v)
	if want == nil {
		return RuleCertificateKind.Skipped("no valid variant")
	}
	cl := cert.Classify(opts)
	var names, namesEN []string
	for _, k := range want {
		if cl.Kind == k {
			return RuleCertificateKind.Passed(fmt.Sprintf("%s (%s)", k, cl.ReasonEN))
		}
		names = append(names, k.Russian())
		namesEN = append(namesEN, k.String())
	}
	hint := ""
	switch {
	case v == VariantRepresentative && cl.Kind == certificate.KindLegalEntity:
		hint = ". Уполномоченное лицо загружает свой сертификат физического лица; руководитель организации выбирает вариант «" +
			VariantHead.Russian() + "»"
	case v == VariantHead && cl.Kind == certificate.KindPerson:
		hint = ". С сертификатом физического лица выберите вариант «" + VariantRepresentative.Russian() + "» и загрузите МЧД"
	case v == VariantManaging && cl.Kind == certificate.KindPerson:
		hint = ". Для этого варианта нужен сертификат юридического лица — управляющей организации"
	}
	return RuleCertificateKind.Violated(fmt.Sprintf("certificate kind %s (%s), variant %s wants %s", cl.Kind, cl.ReasonEN, v,
		strings.Join(namesEN, " or ")),
		cl.Kind.Russian()+" — "+cl.Reason, v.Russian(), strings.Join(names, " или ")+hint)
}

// matchApplicant binds the certificate owner to the applicant.
func (c *checker) matchApplicant(cert *certificate.Certificate) check.Result {
	a := c.a
	if a == nil {
		return RulePersonMatch.Skipped("no ESIA account data supplied")
	}
	if !identifiersOnly(a) {
		return MatchPerson(*a, &cert.Subject)
	}
	s, err := ident.ParseSNILS(a.SNILS)
	switch {
	case err != nil:
		return RulePersonMatch.Violated("applicant SNILS invalid", "СНИЛС заявителя указан неверно")
	case !cert.Subject.SNILS.Valid():
		return RulePersonMatch.Violated("certificate has no valid SNILS",
			"в сертификате нет СНИЛС, а ФИО заявителя не переданы — сопоставить нельзя")
	case cert.Subject.SNILS.Value != s.Digits():
		return RulePersonMatch.Violated("SNILS differ", fmt.Sprintf("СНИЛС в сертификате %s, у заявителя %s",
			cert.Subject.SNILS.Value, s.Digits()))
	}
	return RulePersonMatch.Passed("SNILS matches (name not supplied)")
}

func (c *checker) mchd() {
	rep := mchd.VerifySigned(c.u.MCHD, c.u.MCHDSignature, mchd.VerifySignedOptions{
		At:                  c.at,
		UseSigningTime:      c.opts.SignerAtSigningTime,
		Document:            mchd.DocumentOptions{FileName: c.u.MCHDFileName, RequiredPower: c.opts.RequiredPower, Schema: c.opts.MCHDSchema},
		Certificates:        c.extra,
		ValidateCertificate: signature.ChainValidator(c.chainOptions()),
		Certificate:         c.opts.Certificate,
	})
	c.r.MCHD, c.r.MCHDSigner = rep.Document, rep.SignerCertificate()
	c.add(rep.Checks...)
	doc := rep.Document
	mchdScope := check.Scope{Document: check.DocMCHD}
	if doc != nil {
		c.add(check.Results{mchd.CheckStatus(c.ctx, c.opts.Registry, doc)}.Within(mchdScope)...)
	} else {
		c.add(check.Results{mchd.CheckStatus(c.ctx, nil, nil)}.Within(mchdScope)...)
	}
	c.add(checkShape(c.u.Variant, doc))
	c.add(mchd.BindRepresentative(doc, c.r.Certificate))
	if c.u.Variant == VariantManaging {
		c.add(checkManagingCertificate(doc, c.r.Certificate), checkManagedBy(doc, c.opts.ManagedBy))
	}
}

// shape classifies the principal side of a direct МЧД.
func shape(doc *mchd.Document) (s string, ru string) {
	if doc == nil || doc.IsRetrust() {
		return "", ""
	}
	p := doc.Principal()
	switch {
	case p == nil:
		return "", ""
	case p.Type == mchd.PrincipalEntrepreneur && p.Entrepreneur != nil:
		return "entrepreneur", "доверитель — индивидуальный предприниматель"
	case p.Type == mchd.PrincipalRussianOrg && p.RussianOrg != nil:
		switch {
		case p.RussianOrg.EIOUK == "1":
			return "managing", "доверитель — организация, от имени которой действует управляющая организация (ЕИОУК)"
		case p.RussianOrg.EIOFL == "1":
			return "head", "доверитель — организация, от имени которой действует руководитель (ЕИОФЛ)"
		case p.RussianOrg.EIOIP == "1":
			return "eioip", "доверитель — организация, от имени которой действует управляющий — индивидуальный предприниматель (ЕИОИП)"
		}
		return "", "у доверителя-организации не указан единоличный исполнительный орган"
	case p.Type == mchd.PrincipalForeignOrg:
		return "foreign", "доверитель — иностранная организация"
	case p.Type == mchd.PrincipalPerson:
		return "person", "доверитель — физическое лицо"
	}
	return "", "вид доверителя не определён"
}

func checkShape(v Variant, doc *mchd.Document) check.Result {
	if doc == nil {
		return RuleMCHDShape.Skipped("no readable МЧД")
	}
	if doc.IsRetrust() {
		return RuleMCHDShape.Violated("retrust", "доверенность выдана в порядке передоверия", v.Russian(),
			"нужна доверенность, выданная самой организацией")
	}
	s, ru := shape(doc)
	switch {
	case v == VariantRepresentative && (s == "head" || s == "entrepreneur"):
		return RuleMCHDShape.Passed(s)
	case v == VariantManaging && s == "managing":
		return RuleMCHDShape.Passed(s)
	case v == VariantRepresentative && s == "managing":
		return RuleMCHDShape.Violated("ЕИОУК МЧД in the representative variant", ru, v.Russian(),
			"доверенность подписывает руководитель управляющей организации — выберите вариант «"+VariantManaging.Russian()+"»")
	case v == VariantManaging:
		return RuleMCHDShape.Violated("principal "+s+" in the managing variant", ru, v.Russian(),
			"нужна доверенность организации, от имени которой действует управляющая организация (ЕИОУК=1)")
	}
	if ru == "" {
		ru = "вид доверителя не определён"
	}
	return RuleMCHDShape.Violated("principal "+s, ru, v.Russian(),
		"нужна доверенность организации (ЕИОФЛ=1) или индивидуального предпринимателя")
}

// managingOrg returns the first managing organisation of doc.
func managingOrg(doc *mchd.Document) *mchd.ManagingOrganisation {
	if doc == nil {
		return nil
	}
	return doc.ManagingOrganisation()
}

// compareEntity compares an organisation's ИНН/ОГРН pairs: conflicts,
// matches (Russian fragments).
func compareEntity(pairs [][3]string) (matched, conflicts, missing []string) {
	for _, p := range pairs {
		field, a, b := p[0], strings.TrimSpace(p[1]), strings.TrimSpace(p[2])
		switch {
		case a == "" || b == "":
			missing = append(missing, field)
		case a == b:
			matched = append(matched, field)
		default:
			conflicts = append(conflicts, fmt.Sprintf("%s %s и %s", field, a, b))
		}
	}
	return matched, conflicts, missing
}

func checkManagingCertificate(doc *mchd.Document, cert *certificate.Certificate) check.Result {
	m := managingOrg(doc)
	switch {
	case doc == nil:
		return RuleManagingCertificate.Skipped("no readable МЧД")
	case cert == nil:
		return RuleManagingCertificate.Skipped("no readable certificate")
	case m == nil:
		return RuleManagingCertificate.Skipped("the МЧД names no managing organisation (see APP-MCHD-SHAPE)")
	}
	s := &cert.Subject
	matched, conflicts, missing := compareEntity([][3]string{
		{"ИНН ЮЛ", m.Org.INN, certValue(s.INNLE)},
		{"ОГРН", m.Org.OGRN, certValue(s.OGRN)},
	})
	detail := fmt.Sprintf("МЧД СвЮЛЕИО ИННЮЛ=%s ОГРН=%s; certificate INNLE=%s OGRN=%s", m.Org.INN, m.Org.OGRN,
		certValue(s.INNLE), certValue(s.OGRN))
	switch {
	case len(conflicts) > 0:
		return RuleManagingCertificate.Violated(detail, "различаются "+strings.Join(conflicts, "; ")+
			" (в доверенности — управляющая организация, в сертификате — организация владельца)")
	case len(matched) == 0:
		return RuleManagingCertificate.Violated(detail, "нет общих идентификаторов (ИНН ЮЛ, ОГРН) для сопоставления")
	case len(missing) > 0:
		return RuleManagingCertificate.Warned(detail, "Организация в сертификате совпадает с управляющей организацией по "+
			strings.Join(matched, ", ")+", но не указаны: "+strings.Join(missing, ", "))
	}
	return RuleManagingCertificate.Passed(detail)
}

func certValue(id certificate.Identifier) string {
	if !id.Valid() {
		return ""
	}
	return id.Value
}

func checkManagedBy(doc *mchd.Document, e *ManagedBy) check.Result {
	m, p := managingOrg(doc), doc.Principal()
	switch {
	case doc == nil:
		return RuleEGRULManaged.Skipped("no readable МЧД")
	case m == nil || p == nil || p.RussianOrg == nil:
		return RuleEGRULManaged.Skipped("the МЧД names no managing organisation (see APP-MCHD-SHAPE)")
	case e == nil:
		return RuleEGRULManaged.Warned("no ЕГРЮЛ record supplied",
			"Сведения ЕГРЮЛ об управляющей организации не переданы: то, что "+m.Org.Name+
				" действует от имени "+p.RussianOrg.Org.Name+" без доверенности, не проверено")
	}
	org := p.RussianOrg.Org
	orgMatched, orgConflicts, _ := compareEntity([][3]string{
		{"ИНН организации", org.INN, e.OrganisationINN},
		{"ОГРН организации", org.OGRN, e.OrganisationOGRN},
	})
	mgMatched, mgConflicts, _ := compareEntity([][3]string{
		{"ИНН управляющей организации", m.Org.INN, e.ManagingINN},
		{"ОГРН управляющей организации", m.Org.OGRN, e.ManagingOGRN},
	})
	detail := fmt.Sprintf("ЕГРЮЛ org INN=%s OGRN=%s managing INN=%s OGRN=%s", e.OrganisationINN, e.OrganisationOGRN,
		e.ManagingINN, e.ManagingOGRN)
	switch {
	case len(orgConflicts)+len(mgConflicts) > 0:
		return RuleEGRULManaged.Violated(detail, "по ЕГРЮЛ "+strings.Join(append(orgConflicts, mgConflicts...), "; ")+
			" (в доверенности и в ЕГРЮЛ)")
	case len(orgMatched) == 0 || len(mgMatched) == 0:
		// Both sides must be confirmed: the record must name this
		// organisation and this managing organisation.
		return RuleEGRULManaged.Violated(detail, "сведений ЕГРЮЛ недостаточно, чтобы сопоставить организацию и управляющую организацию")
	}
	return RuleEGRULManaged.Passed(detail)
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

// completeResults returns one result per rule, in rule order: the results
// of rs for that rule merged (see mergeDuplicates), or Skip with why when rs
// has none. Results for IDs outside rules are kept at the end.
func completeResults(rules []check.Rule, rs check.Results, why string) check.Results {
	rs = mergeDuplicates(rs)
	out := make(check.Results, 0, len(rules))
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
		if x, ok := rs.Find(r.ID); ok {
			out = append(out, x)
		} else {
			out = append(out, r.Skipped(why))
		}
	}
	for _, x := range rs {
		if !known[x.ID] {
			out = append(out, x)
		}
	}
	return out
}

// mergeDuplicates folds results with the same ID (a chain rule reports once
// per link) into the first one: the worst status wins, and the messages and
// details of the results with that status are joined.
func mergeDuplicates(rs check.Results) check.Results {
	idx := make(map[string]int, len(rs))
	out := make(check.Results, 0, len(rs))
	for _, r := range rs {
		i, ok := idx[r.ID]
		if !ok {
			idx[r.ID] = len(out)
			out = append(out, r)
			continue
		}
		cur := &out[i]
		switch w := (check.Results{*cur, r}).Worst(); {
		case cur.Status == r.Status:
			cur.Message = joinDistinct(cur.Message, r.Message)
			cur.Detail = joinDistinct(cur.Detail, r.Detail)
		case w == r.Status:
			*cur = r
		}
	}
	return out
}

func joinDistinct(a, b string) string {
	switch {
	case b == "" || a == b:
		return a
	case a == "":
		return b
	}
	return a + "; " + b
}
