package mchd

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/signature"
)

const (
	citSigned     = "63-ФЗ, ст. 17.3"
	citSignerHead = "ГК РФ, ст. 185.1; 63-ФЗ, ст. 17.3"
	citSignerKind = "63-ФЗ, ст. 17.2, 17.3; Приказ ФСБ России № 795"
	citSignerOrg  = "ГК РФ, ст. 185.1; 63-ФЗ, ст. 17.3; Приказ ФСБ России № 795"
)

// The rules of VerifySigned (besides the document rules of Validate and
// the signature and certificate rules of packages signature and
// certificate, which it reports under their own IDs).
var (
	ruleParse = check.Rule{
		ID: "MCHD-PARSE", Title: "the file is a readable МЧД of format 003",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Файл доверенности не прочитан: %s",
		PassMessage: "Файл доверенности прочитан",
	}
	ruleSignerCertificate = check.Rule{
		ID: "MCHD-SIGNER-CERT", Title: "the signer certificate is available for binding",
		Citation: citSigned, Severity: check.Fail,
		Message:     "Не удалось определить сертификат лица, подписавшего доверенность: сертификат подписанта не найден в подписи",
		PassMessage: "Сертификат лица, подписавшего доверенность, определён",
		Outcomes: []check.Outcome{
			{Code: "no-signature", Status: check.Fail, Message: "Не удалось определить сертификат лица, подписавшего доверенность: подпись не прочитана"},
			{Code: "no-signers", Status: check.Fail, Message: "Не удалось определить сертификат лица, подписавшего доверенность: в подписи нет подписантов"},
			{Code: "several-signers", Status: check.Warn, Message: "Подпись содержит %d подписантов; с доверенностью сопоставлен подписант № %d"},
		},
	}
	ruleSignerScenario = check.Rule{
		ID: "MCHD-SIGNER-SCENARIO", Title: "the principal kind allows automatic signer binding",
		Citation: citSignerHead, Severity: check.Warn,
		Message:     "Соответствие подписанта доверенности не проверено автоматически: %s; проверьте полномочия подписанта вручную",
		PassMessage: "Вид доверителя позволяет сопоставить подписанта",
	}
	ruleSignerKind = check.Rule{
		ID: "MCHD-SIGNER-KIND", Title: "signer certificate of the kind the principal requires (ЮЛ / ИП)",
		Citation: citSignerKind, Severity: check.Fail,
		Message:     "Доверенность подписана сертификатом %s (%s), а для подписи доверенности от имени %s требуется сертификат %s",
		PassMessage: "Доверенность подписана сертификатом нужного вида",
	}
	ruleSignerOrganisation = check.Rule{
		ID: "MCHD-SIGNER-ORG", Title: "signer certificate organisation = principal (INNLE/OGRN, OGRNIP)",
		Citation: citSignerOrg, Severity: check.Fail,
		Message:     "Сертификат подписанта выдан другой организации или предпринимателю: %s",
		PassMessage: "Организация в сертификате подписанта совпадает с доверителем",
		Outcomes: []check.Outcome{
			{Code: "not-comparable", Status: check.Warn, Message: "Организацию подписанта не удалось сопоставить с доверителем: %s"},
			{Code: "partial", Status: check.Warn, Message: "Организация подписанта совпадает с доверителем по %s, но %s"},
		},
	}
	ruleSignerPerson = personRule("MCHD-SIGNER-PERSON", "signer = the person acting without a power of attorney (СНИЛС, ИНН, name)",
		citSignerHead, "Доверенность подписана не тем лицом, которое вправе действовать от имени доверителя без доверенности",
		"Доверенность подписана лицом, действующим от имени доверителя без доверенности", "Подписант")
)

// personRule declares a rule binding a certificate owner to a person the
// power of attorney names, with the outcomes every such binding has.
// holder names the certificate owner in messages ("Подписант").
func personRule(id, title, citation, failure, pass, holder string) check.Rule {
	return check.Rule{
		ID: id, Title: title, Citation: citation, Severity: check.Fail,
		Message:     failure + ": %s",
		PassMessage: pass,
		Outcomes: []check.Outcome{
			{Code: "no-person", Status: check.Fail, Message: failure + ": в доверенности нет сведений о лице"},
			{Code: "partial-ids", Status: check.Warn,
				Message: holder + " совпадает с лицом, указанным в доверенности в качестве %s, по %s, но %s"},
			{Code: "name-differs", Status: check.Warn,
				Message: holder + " совпадает с лицом, указанным в доверенности, по %s, но ФИО различаются: в сертификате «%s», в доверенности «%s»"},
			{Code: "name-only", Status: check.Warn,
				Message: holder + " сопоставлен с лицом, указанным в доверенности в качестве %s, только по фамилии, имени и отчеству (слабое сопоставление): %s"},
			{Code: "nothing-comparable", Status: check.Fail,
				Message: failure + ": в сертификате и в доверенности нет общих сведений о лице (СНИЛС, ИНН, ФИО)"},
			{Code: "name-conflict", Status: check.Fail,
				Message: failure + ": идентификаторы сравнить нельзя, а ФИО различаются: в сертификате «%s», в доверенности «%s»"},
		},
	}
}

// signedRules are the rules VerifySigned declares itself.
func signedRules() []check.Rule {
	return []check.Rule{ruleParse.Clone(), ruleSignerCertificate.Clone(), ruleSignerScenario.Clone(), ruleSignerKind.Clone(),
		ruleSignerOrganisation.Clone(), ruleSignerPerson.Clone()}
}

// DocumentOptions tune the document rules of Validate and VerifySigned; the
// zero value checks the ЕГИСЗ power against the embedded schema.
type DocumentOptions struct {
	// FileName is the name under which the file was uploaded; a mismatch with
	// @ИдФайл is only a warning. Empty skips the check.
	FileName string
	// RequiredPower is the code of the power to look for; empty means
	// DefaultPowerCode.
	RequiredPower string
	// AllowRetrust accepts a retrust document (reported as a warning): use it
	// only when the caller also checks the chain of powers of attorney.
	AllowRetrust bool
	// Schema validates the original bytes (MCHD-SCHEMA); nil means
	// SchemaOwn(), the embedded schema. Use LoadSchema to validate against
	// the official XSD file instead.
	Schema SchemaValidator
	// SkipSchema turns MCHD-SCHEMA off (reported as skipped).
	SkipSchema bool
}

// VerifySignedOptions configures VerifySigned. The zero value parses with
// the default limits, validates with the embedded schema at the current
// time, verifies the signature under CAdES-BES at the current time (the
// certificate chain reported as not checked) and checks the signer profile
// with the default head issuers.
type VerifySignedOptions struct {
	// At is the time of every check: the term of the document, the
	// signature and the signer's certificate. Zero means the current time.
	At time.Time
	// UseSigningTime validates the signer's certificate at the signature's
	// signingTime (when present) instead of At: a head who has since
	// received a new certificate signed with a valid one. signingTime is
	// the signer's claim, not evidence.
	UseSigningTime bool
	// AllowUnchecked are the facts the caller accepts unchecked (for
	// example check.WaiveRegistry): a check left undecided only for want of
	// such a fact is a warning instead of indeterminate.
	AllowUnchecked []check.Waiver
	// Parse limits.
	Parse ParseOptions
	// Document configures the document rules and MCHD-SCHEMA.
	Document DocumentOptions
	// Certificates are additional candidates for the signer certificate
	// and its intermediates.
	Certificates []*certificate.Certificate
	// ValidateCertificate validates the signer certificate's chain (see
	// signature.ChainValidator); nil reports the chain as not checked.
	ValidateCertificate signature.CertificateValidator
	// Certificate configures the classification and profile checks of the
	// signer certificate (accepted CAs of heads); nil means the defaults.
	Certificate *certificate.Options
}

// SignedReport is the verdict of VerifySigned: every check with its scope —
// the document rules in {document: mchd}, the signature file in
// {document: mchd-signature}, each signer's signature checks, certificate
// profile, chain and binding to the document in {document: mchd-signature,
// signer: n}.
type SignedReport struct {
	// Document is the parsed МЧД (nil when it could not be parsed).
	Document *Document `json:"-"`
	// Signer is the signer bound to the document (nil if none): its
	// certificate and the time it was validated at.
	Signer *signature.SignerResult `json:"-"`
	// Number is НомДовер as written, FileID is @ИдФайл.
	Number string `json:"number,omitempty"`
	FileID string `json:"file_id,omitempty"`
	// Checks are all results in report order.
	Checks check.Results `json:"checks"`
	// Verdict is the worst status of Checks.
	Verdict check.Status `json:"verdict"`
}

// SignerCertificate returns the certificate bound to the document, nil if
// none.
func (r *SignedReport) SignerCertificate() *certificate.Certificate {
	if r == nil || r.Signer == nil {
		return nil
	}
	return r.Signer.Certificate
}

// Valid reports whether nothing failed (warnings and indeterminate results
// allowed; see Verdict).
func (r *SignedReport) Valid() bool { return r.Verdict != check.Fail }

// Text renders the report in Russian for the end user: the verdict, the
// document, the signer and each part with one line per check (checks that
// did not apply are left out).
func (r *SignedReport) Text() string {
	var b strings.Builder
	verdict := map[check.Status]string{
		check.Pass:          "доверенность и подпись проверены, замечаний нет",
		check.Warn:          "проверка пройдена с предупреждениями",
		check.Indeterminate: "проверка не завершена: часть сведений проверить не удалось",
		check.Fail:          "доверенность не принята",
		check.Skip:          "проверки не выполнялись",
	}[r.Verdict]
	fmt.Fprintf(&b, "Проверка подписанной доверенности: %s\n", verdict)
	if r.Number != "" {
		fmt.Fprintf(&b, "Доверенность № %s (файл %s)\n", r.Number, r.FileID)
	}
	if c := r.SignerCertificate(); c != nil {
		fmt.Fprintf(&b, "Подписант: %s\n", c.Subject.String())
		why := map[signature.TimeSource]string{
			signature.SourceSignatureTimestamp: "время штампа времени, подтверждающего время подписи",
			signature.SourceSigningTimeClaim:   "время подписания, указанное подписантом (не подтверждено)",
			signature.SourceValidationTime:     "момент проверки: штампа времени, подтверждающего время подписи, нет",
		}[r.Signer.ValidationTimeSource]
		fmt.Fprintf(&b, "Сертификат подписанта проверен на %s — %s\n", msk.DateTimeSeconds(r.Signer.ValidationTime), why)
	}
	var last check.Scope
	for i, c := range r.Checks {
		if i == 0 || c.Scope != last {
			last = c.Scope
			fmt.Fprintf(&b, "\n%s:\n", capitalise(c.Scope.Russian()))
		}
		if c.Status == check.Skip {
			continue
		}
		fmt.Fprintf(&b, "  [%s] %s — %s\n", c.Status.Russian(), c.ID, c.Message)
	}
	return b.String()
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// VerifySigned checks a power of attorney together with its detached
// signature: it parses the МЧД, validates it (schema and rules), parses the
// signature (DER, BER, PEM or base64), verifies it over the exact bytes of
// xml — never over a re-encoded copy — and binds the signer certificate to
// the document:
//
//   - for a Russian organisation whose ЕИО is a person (ЕИОФЛ=1), the
//     certificate must be a ЮЛ certificate whose ИНН ЮЛ and ОГРН are those of
//     СвРосОрг and whose СНИЛС and ИНН are those of a ЛицоБезДов/СвФЛ;
//   - for a managing organisation (ЕИОУК=1), a ЮЛ certificate of СвЮЛЕИО
//     whose person is one of СВЮЛ/СвФЛ;
//   - for an individual entrepreneur, his ИП certificate (ОГРНИП, ИНН, СНИЛС).
//
// A contradiction (both sides present and different) fails; an identifier
// missing on one side is a warning naming it; with no comparable identifier
// the surname and given names are compared (a weak match, a warning). The
// signer certificate also goes through certificate.CheckProfile. Every part
// runs even when an earlier one failed, and every rule is reported once per
// scope.
func VerifySigned(xml, sig []byte, opts VerifySignedOptions) *SignedReport {
	// Room for every result of a signed МЧД with one signer: one
	// allocation.
	_, rep := AppendSigned(make(check.Results, 0, 80), xml, sig, opts)
	return rep
}

// AppendSigned is VerifySigned appending the results to dst, for a caller
// that collects the results of several checks in one list: it returns the
// extended list and the report, whose Checks are the appended results (a
// part of the returned list until the caller appends more).
func AppendSigned(dst check.Results, xml, sig []byte, opts VerifySignedOptions) (check.Results, *SignedReport) {
	rep := &SignedReport{}
	at := opts.At
	if at.IsZero() {
		at = time.Now()
	}
	docScope := check.Scope{Document: check.DocMCHD}
	sigScope := check.Scope{Document: check.DocMCHDSignature}
	start := len(dst)
	out := dst

	doc, err := Parse(xml, opts.Parse)
	if err != nil {
		out = append(out, ruleParse.Violated(err.Error(), check.MessageRU(err, "структура файла повреждена")))
		out = append(out, documentTable.Skip("document not parsed")...)
	} else {
		rep.Document, rep.Number, rep.FileID = doc, doc.Number(), doc.FileID
		out = append(out, ruleParse.Passed(fmt.Sprintf("%d bytes", len(xml))))
		out = appendValidate(out, doc, ValidateOptions{At: at, DocumentOptions: opts.Document})
	}
	for i := start; i < len(out); i++ {
		out[i].Scope = out[i].Scope.Within(docScope)
	}

	sd, pr := signature.ParseResult(sig)
	out = check.AppendWithin(out, sigScope, pr)
	var signer *signature.SignerResult
	if sd == nil {
		out = check.AppendWithin(out, sigScope, ruleSignerCertificate.Outcome("no-signature", "signature not parsed"))
	} else {
		res := sd.Verify(xml, signature.VerifyOptions{At: at, UseSigningTime: opts.UseSigningTime,
			Certificates: opts.Certificates, ValidateCertificate: opts.ValidateCertificate})
		out = check.AppendWithin(out, sigScope, res.Checks...)
		var r check.Result
		signer, r = pickSigner(res)
		out = check.AppendWithin(out, sigScope, r)
		for i := range res.Signers {
			s := &res.Signers[i]
			out = check.AppendWithin(out, sigScope, s.Checks...)
			if s == signer {
				out = check.AppendWithin(out, s.Scope().Within(sigScope), bindSigner(doc, s.Certificate, opts.Certificate)...)
				// The signer's profile at the time the signature is proven
				// (or claimed) to have been made; without a proof of
				// existence a period that is over is undecided, not failed.
				profile := certificate.Options{}
				if opts.Certificate != nil {
					profile = *opts.Certificate
				}
				profile.TimeUnproven = s.ValidationTimeSource == signature.SourceValidationTime
				n := len(out)
				out = certificate.AppendProfile(out, s.Certificate, s.ValidationTime, &profile)
				for i, sc := n, s.Scope().Within(sigScope); i < len(out); i++ {
					out[i].Scope = out[i].Scope.Within(sc)
				}
			}
		}
	}
	rep.Signer = signer
	if len(opts.AllowUnchecked) > 0 {
		copy(out[start:], out[start:].Waive(opts.AllowUnchecked))
	}
	rep.Checks = out[start:len(out):len(out)]
	rep.Verdict = rep.Checks.Worst()
	return out, rep
}

// pickSigner returns the first signer whose certificate was found.
func pickSigner(res *signature.Result) (*signature.SignerResult, check.Result) {
	var found *signature.SignerResult
	for i := range res.Signers {
		if res.Signers[i].Certificate != nil {
			found = &res.Signers[i]
			break
		}
	}
	switch {
	case found == nil && len(res.Signers) == 0:
		return nil, ruleSignerCertificate.Outcome("no-signers", "no signers")
	case found == nil:
		return nil, ruleSignerCertificate.Violated("signer certificate not found in the signature or options")
	case len(res.Signers) > 1:
		return found, ruleSignerCertificate.Outcome("several-signers", fmt.Sprintf("%d signers; signer %d bound", len(res.Signers), found.Index+1),
			len(res.Signers), found.Index+1)
	}
	return found, ruleSignerCertificate.Passed(found.Certificate.Subject.String())
}

// party is a person the certificate owner may be, with a Russian
// description of the person's role for messages.
type party struct {
	match.Person
	description string
}

func personParty(path, desc string, p *Person) party {
	return party{Person: match.Person{Path: path, Surname: p.Details.Name.Last,
		GivenNames: match.GivenNames(p.Details.Name.First, p.Details.Name.Middle), SNILS: p.SNILS, INN: p.INN}, description: desc}
}

// expectation is what the signer certificate must show for a document.
type expectation struct {
	scenario string // Russian: who must sign
	kind     certificate.Kind
	orgPath  string
	innle    string
	ogrn     string
	ogrnip   string
	persons  []party
}

// expect derives the expectation for doc from the principal's shape, or a
// reason why the signer cannot be bound automatically.
func expect(doc *Document) (*expectation, string) {
	if doc.IsRetrust() {
		return nil, "доверенность выдана в порядке передоверия"
	}
	p := doc.Principal()
	if p == nil {
		return nil, "в доверенности нет сведений о доверителе"
	}
	const base = "СвДоверит[1]/Доверит"
	switch sh := p.Shape(); sh {
	case ShapeManagingOrganisation:
		o := p.RussianOrg
		for i := range o.Heads {
			m := o.Heads[i].ManagingOrg
			if m == nil {
				continue
			}
			path := fmt.Sprintf("%s/РосОргДовер/ЛицоБезДов[%d]/СВЮЛ", base, i+1)
			e := &expectation{scenario: "руководителя управляющей организации (ЕИОУК)", kind: certificate.KindLegalEntity,
				orgPath: path + "/СвЮЛЕИО", innle: m.Org.INN, ogrn: m.Org.OGRN}
			for j := range m.Persons {
				e.persons = append(e.persons, personParty(fmt.Sprintf("%s/СвФЛ[%d]", path, j+1),
					"руководителя управляющей организации", &m.Persons[j]))
			}
			if len(e.persons) == 0 {
				return nil, "ЕИОУК=1, но сведений о руководителе управляющей организации (СВЮЛ/СвФЛ) нет"
			}
			return e, ""
		}
		return nil, "ЕИОУК=1, но сведений об управляющей организации (СВЮЛ) нет"
	case ShapeHead:
		o := p.RussianOrg
		e := &expectation{scenario: "руководителя организации (ЕИОФЛ)", kind: certificate.KindLegalEntity,
			orgPath: base + "/РосОргДовер/СвРосОрг", innle: o.Org.INN, ogrn: o.Org.OGRN}
		for i := range o.Heads {
			if h := o.Heads[i].Person; h != nil {
				e.persons = append(e.persons, personParty(fmt.Sprintf("%s/РосОргДовер/ЛицоБезДов[%d]/СвФЛ", base, i+1),
					"руководителя организации", h))
			}
		}
		if len(e.persons) == 0 {
			return nil, "ЕИОФЛ=1, но сведений о руководителе (ЛицоБезДов/СвФЛ) нет"
		}
		return e, ""
	case ShapeEntrepreneur:
		ip := p.Entrepreneur
		path := base + "/ИПДовер"
		return &expectation{scenario: "индивидуального предпринимателя", kind: certificate.KindEntrepreneur,
			orgPath: path, ogrnip: ip.OGRNIP,
			persons: []party{{Person: match.Person{Path: path, Surname: ip.Details.Name.Last,
				GivenNames: match.GivenNames(ip.Details.Name.First, ip.Details.Name.Middle), SNILS: ip.SNILS, INN: ip.INN},
				description: "предпринимателя"}}}, ""
	default:
		return nil, sh.Russian()
	}
}

// bindSigner compares the signer certificate with the document: one result
// per binding rule (each skipped when the document is not available).
func bindSigner(doc *Document, cert *certificate.Certificate, copts *certificate.Options) check.Results {
	if doc == nil {
		const why = "document not parsed"
		return check.Results{ruleSignerScenario.Skipped(why), ruleSignerKind.Skipped(why),
			ruleSignerOrganisation.Skipped(why), ruleSignerPerson.Skipped(why)}
	}
	e, why := expect(doc)
	if e == nil {
		return check.Results{
			ruleSignerScenario.Violated(why, why),
			ruleSignerKind.Skipped(why), ruleSignerOrganisation.Skipped(why), ruleSignerPerson.Skipped(why),
		}
	}
	return check.Results{ruleSignerScenario.Passed("signer must be " + e.scenario),
		checkSignerKind(e, cert, copts), checkSignerOrg(e, cert), bindPerson(&ruleSignerPerson, e.persons, cert)}
}

func checkSignerKind(e *expectation, cert *certificate.Certificate, copts *certificate.Options) check.Result {
	cl := cert.Classify(copts)
	detail := fmt.Sprintf("certificate kind %s (%s), want %s", cl.Kind, cl.ReasonEN, e.kind)
	if cl.Kind != e.kind {
		return ruleSignerKind.Violated(detail, cl.Kind.Russian(), cl.Kind.RussianLong(), e.scenario, e.kind.Russian())
	}
	return ruleSignerKind.Passed(detail)
}

// certID returns a certificate identifier's value, "" when absent.
func certID(id certificate.Identifier) string {
	if !id.Present {
		return ""
	}
	return strings.TrimSpace(id.Value)
}

// idFindings renders identifier comparisons for messages: the matched
// fields, the conflicts and the identifiers missing on one side (Russian),
// and the problems in English.
type idFindings struct {
	matched, conflicts, missing []string
	matchedEN, problemsEN       []string
}

func describeIDs(ids []match.ID) idFindings {
	var f idFindings
	// Usually every identifier matches: one allocation for each list.
	f.matched, f.matchedEN = make([]string, 0, len(ids)), make([]string, 0, len(ids))
	for _, id := range ids {
		name, path := id.Field.Russian(), id.Path
		switch id.State {
		case match.MissingDoc:
			f.missing = append(f.missing, fmt.Sprintf("%s не указан в доверенности (%s), сравнить с сертификатом нельзя", name, path))
			f.problemsEN = append(f.problemsEN, path+" absent")
		case match.MissingCert:
			f.missing = append(f.missing, fmt.Sprintf("%s отсутствует в сертификате", name))
			f.problemsEN = append(f.problemsEN, id.Field.String()+" absent from certificate")
		case match.Match:
			f.matched = append(f.matched, name)
			f.matchedEN = append(f.matchedEN, path+" = "+id.Cert)
		case match.Conflict:
			f.conflicts = append(f.conflicts, fmt.Sprintf("%s в сертификате %s, в доверенности (%s) %s", name, id.Cert, path, id.Raw))
			f.problemsEN = append(f.problemsEN, fmt.Sprintf("%s: certificate %s, document %q", path, id.Cert, id.Raw))
		}
	}
	return f
}

func checkSignerOrg(e *expectation, cert *certificate.Certificate) check.Result {
	s := &cert.Subject
	var ids []match.ID
	if e.kind == certificate.KindEntrepreneur {
		ids = match.IDs(match.Pair{Field: match.OGRNIP, Path: e.orgPath + "/@ОГРНИП", Doc: e.ogrnip, Cert: certID(s.OGRNIP)})
	} else {
		ids = match.IDs(
			match.Pair{Field: match.INNLE, Path: e.orgPath + "/@ИННЮЛ", Doc: e.innle, Cert: certID(s.INNLE)},
			match.Pair{Field: match.OGRN, Path: e.orgPath + "/@ОГРН", Doc: e.ogrn, Cert: certID(s.OGRN)},
		)
	}
	f := describeIDs(ids)
	switch {
	case len(f.conflicts) > 0:
		return ruleSignerOrganisation.Violated(strings.Join(f.problemsEN, "; "), strings.Join(f.conflicts, "; "))
	case len(f.matched) == 0:
		return ruleSignerOrganisation.Outcome("not-comparable", "no comparable identifier: "+strings.Join(f.problemsEN, "; "),
			strings.Join(f.missing, "; "))
	case len(f.missing) > 0:
		return ruleSignerOrganisation.Outcome("partial", "matched "+strings.Join(f.matchedEN, ", ")+"; "+strings.Join(f.problemsEN, "; "),
			strings.Join(f.matched, ", "), strings.Join(f.missing, "; "))
	}
	return ruleSignerOrganisation.Passed(strings.Join(f.matchedEN, ", "))
}

// certPerson is the person a certificate names.
func certPerson(cert *certificate.Certificate) match.Person {
	s := &cert.Subject
	return match.Person{Surname: s.Surname, GivenNames: s.GivenNames, SNILS: certID(s.SNILS), INN: certID(s.INN)}
}

// bindPerson binds the owner of cert to the best-matching person of
// persons under rule (declared by personRule).
func bindPerson(rule *check.Rule, persons []party, cert *certificate.Certificate) check.Result {
	if len(persons) == 0 {
		return rule.Outcome("no-person", "no person in the document")
	}
	cands := make([]match.Person, len(persons))
	for i, p := range persons {
		cands[i] = p.Person
	}
	i, o := match.Best(cands, certPerson(cert))
	best := persons[i]
	who := best.description
	certName := cert.Subject.PersonName()
	docName := strings.TrimSpace(best.Surname + " " + best.GivenNames)
	f := describeIDs(o.IDs)
	switch {
	case len(f.conflicts) > 0:
		msg := strings.Join(f.conflicts, "; ")
		if len(persons) > 1 {
			msg = "ни одно из лиц, указанных в доверенности, не совпадает с владельцем сертификата; " + msg
		}
		return rule.Violated(strings.Join(f.problemsEN, "; "), msg)
	case len(f.matched) > 0 && len(f.missing) > 0:
		return rule.Outcome("partial-ids", strings.Join(f.matchedEN, ", ")+"; "+strings.Join(f.problemsEN, "; "),
			who, strings.Join(f.matched, ", "), strings.Join(f.missing, "; "))
	case len(f.matched) > 0 && o.NameKnown && !o.NameMatch:
		return rule.Outcome("name-differs", strings.Join(f.matchedEN, ", ")+"; name differs: certificate "+certName+", document "+docName,
			strings.Join(f.matched, ", "), certName, docName)
	case len(f.matched) > 0:
		return rule.Passed(strings.Join(f.matchedEN, ", ") + " (" + best.Path + ")")
	case o.NameMatch:
		return rule.Outcome("name-only", "weak match by name only ("+best.Path+"): "+strings.Join(f.problemsEN, "; "),
			who, strings.Join(f.missing, "; "))
	case !nameKnown(cert):
		return rule.Outcome("nothing-comparable", "no comparable identifier and no name in the certificate")
	}
	return rule.Outcome("name-conflict", fmt.Sprintf("no comparable identifier; name differs: certificate %q, document %q", certName, docName),
		certName, docName)
}

// nameKnown reports whether the certificate names a person (SN and G).
func nameKnown(cert *certificate.Certificate) bool {
	return strings.TrimSpace(cert.Subject.Surname) != "" && strings.TrimSpace(cert.Subject.GivenNames) != ""
}
