package mchd

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/signature"
)

const (
	citSigned     = "63-ФЗ, ст. 17.3"
	citSignerHead = "ГК РФ, ст. 185.1; 63-ФЗ, ст. 17.3"
	citSignerKind = "63-ФЗ, ст. 17.2, 17.3; Приказ ФСБ России № 795"
	citSignerOrg  = "ГК РФ, ст. 185.1; 63-ФЗ, ст. 17.3; Приказ ФСБ России № 795"
)

// Rules of VerifySigned. The signer-certificate profile checks of package
// certificate are added with the prefix "MCHD-SIGNER-".
var (
	RuleParse = check.Rule{
		ID: "MCHD-PARSE", Title: "the file is a readable МЧД of format 003",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Файл доверенности не прочитан: %s",
		PassMessage: "Файл доверенности прочитан",
	}
	RuleSignatureParse = check.Rule{
		ID: "MCHD-SIG-PARSE", Title: "the detached signature is a readable CMS SignedData",
		Citation: citSigned, Severity: check.Fail,
		Message:     "Файл подписи доверенности не прочитан: %s",
		PassMessage: "Файл подписи доверенности прочитан",
	}
	RuleSignerCertificate = check.Rule{
		ID: "MCHD-SIGNER-CERT", Title: "the signer certificate is available for binding",
		Citation: citSigned, Severity: check.Fail,
		Message:     "Не удалось определить сертификат лица, подписавшего доверенность: %s",
		PassMessage: "Сертификат лица, подписавшего доверенность, определён",
	}
	RuleSignerScenario = check.Rule{
		ID: "MCHD-SIGNER-SCENARIO", Title: "the principal kind allows automatic signer binding",
		Citation: citSignerHead, Severity: check.Warn,
		Message:     "Соответствие подписанта доверенности не проверено автоматически: %s; проверьте полномочия подписанта вручную",
		PassMessage: "Вид доверителя позволяет сопоставить подписанта",
	}
	RuleSignerKind = check.Rule{
		ID: "MCHD-SIGNER-KIND", Title: "signer certificate of the kind the principal requires (ЮЛ / ИП)",
		Citation: citSignerKind, Severity: check.Fail,
		Message:     "Доверенность подписана сертификатом %s, а для %s требуется сертификат %s",
		PassMessage: "Доверенность подписана сертификатом нужного вида",
	}
	RuleSignerOrganisation = check.Rule{
		ID: "MCHD-SIGNER-ORG", Title: "signer certificate organisation = principal (INNLE/OGRN, OGRNIP)",
		Citation: citSignerOrg, Severity: check.Fail,
		Message:     "Сертификат подписанта выдан другой организации или предпринимателю: %s",
		PassMessage: "Организация в сертификате подписанта совпадает с доверителем",
	}
	RuleSignerPerson = check.Rule{
		ID: "MCHD-SIGNER-PERSON", Title: "signer = the person acting without a power of attorney (СНИЛС, ИНН, name)",
		Citation: citSignerHead, Severity: check.Fail,
		Message:     "Доверенность подписана не тем лицом, которое вправе действовать от имени доверителя без доверенности: %s",
		PassMessage: "Доверенность подписана лицом, действующим от имени доверителя без доверенности",
	}
)

func init() {
	Registry.Register(RuleParse, RuleSignatureParse, RuleSignerCertificate, RuleSignerScenario, RuleSignerKind,
		RuleSignerOrganisation, RuleSignerPerson)
}

// VerifySignedOptions configures VerifySigned. The zero value parses with
// the default limits, validates with the embedded schema at the current
// time, verifies the signature under CAdES-BES at the current time (the
// certificate chain reported as not checked) and checks the signer profile
// with the default head issuers.
type VerifySignedOptions struct {
	// Parse limits.
	Parse ParseOptions
	// Validate configures the document rules and MCHD-SCHEMA.
	Validate ValidateOptions
	// Signature is passed to signature.Verify as is: put chain validation
	// in its ValidateCertificate hook (for example package certificate's
	// verifier with a trust pool), and choose the validation time with Time,
	// At and Now.
	Signature signature.VerifyOptions
	// Certificate configures the classification and profile checks of the
	// signer certificate (accepted CAs of heads); nil means the defaults.
	Certificate *certificate.Options
	// Now, when set, is the current time of every part whose own options
	// leave it unset (Validate.At/Now, Signature.Now).
	Now func() time.Time
}

// SignedReport is the verdict of VerifySigned: each part as check results,
// with stable JSON field names.
type SignedReport struct {
	// Document is the parsed МЧД (nil when it could not be parsed).
	Document *Document `json:"-"`
	// SignerCertificate is the certificate bound to the document (nil if none).
	SignerCertificate *certificate.Certificate `json:"-"`
	// Number is НомДовер as written, FileID is @ИдФайл.
	Number string `json:"number,omitempty"`
	FileID string `json:"file_id,omitempty"`
	// Signer is the subject of the signer certificate.
	Signer string `json:"signer,omitempty"`
	// Parse: MCHD-PARSE and MCHD-SIG-PARSE.
	Parse check.Results `json:"parse"`
	// Rules: the results of Validate (MCHD-SCHEMA first).
	Rules check.Results `json:"rules"`
	// Signature: the results of signature.Verify (document level, then
	// SIGNER1-…, SIGNER2-…).
	Signature check.Results `json:"signature"`
	// Binding: the signer certificate against the document, then its
	// profile checks prefixed "MCHD-SIGNER-".
	Binding check.Results `json:"binding"`
	// Verdict is the worst status of all results.
	Verdict check.Status `json:"verdict"`
}

// All returns every result in report order.
func (r *SignedReport) All() check.Results {
	out := make(check.Results, 0, len(r.Parse)+len(r.Rules)+len(r.Signature)+len(r.Binding))
	out = append(out, r.Parse...)
	out = append(out, r.Rules...)
	out = append(out, r.Signature...)
	return append(out, r.Binding...)
}

// Valid reports whether nothing failed (warnings allowed).
func (r *SignedReport) Valid() bool { return r.Verdict != check.Fail }

// Text renders the report in Russian for the end user: the verdict, the
// document, the signer and each section with one line per check (checks
// that did not apply are left out).
func (r *SignedReport) Text() string {
	var b strings.Builder
	verdict := map[check.Status]string{
		check.Pass: "доверенность и подпись проверены, замечаний нет",
		check.Warn: "проверка пройдена с предупреждениями",
		check.Fail: "доверенность не принята",
		check.Skip: "проверки не выполнялись",
	}[r.Verdict]
	fmt.Fprintf(&b, "Проверка подписанной доверенности: %s\n", verdict)
	if r.Number != "" {
		fmt.Fprintf(&b, "Доверенность № %s (файл %s)\n", r.Number, r.FileID)
	}
	if r.Signer != "" {
		fmt.Fprintf(&b, "Подписант: %s\n", r.Signer)
	}
	for _, sec := range []struct {
		title string
		rs    check.Results
	}{
		{"Чтение файлов", r.Parse}, {"Доверенность", r.Rules},
		{"Электронная подпись", r.Signature}, {"Подписант", r.Binding},
	} {
		if len(sec.rs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s\n", sec.title, sec.rs.Worst().Russian())
		for _, c := range sec.rs {
			if c.Status == check.Skip {
				continue
			}
			fmt.Fprintf(&b, "  [%s] %s — %s\n", c.Status.Russian(), c.ID, c.Message)
		}
	}
	return b.String()
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
// runs even when an earlier one failed.
func VerifySigned(xml, sig []byte, opts VerifySignedOptions) *SignedReport {
	rep := &SignedReport{}
	if opts.Now != nil {
		if opts.Validate.At.IsZero() && opts.Validate.Now == nil {
			opts.Validate.Now = opts.Now
		}
		if opts.Signature.Now == nil {
			opts.Signature.Now = opts.Now
		}
	}

	doc, err := Parse(xml, opts.Parse)
	if err != nil {
		msg := err.Error()
		var pe *ParseError
		if errors.As(err, &pe) && pe.MessageRU != "" {
			msg = pe.MessageRU
		}
		rep.Parse = append(rep.Parse, RuleParse.Violated(err.Error(), msg))
	} else {
		rep.Document, rep.Number, rep.FileID = doc, doc.Number(), doc.FileID
		rep.Parse = append(rep.Parse, RuleParse.Passed(fmt.Sprintf("%d bytes", len(xml))))
		rep.Rules = Validate(doc, opts.Validate)
	}

	sd, err := signature.Parse(sig)
	var signer *signature.SignerResult
	if err != nil {
		rep.Parse = append(rep.Parse, RuleSignatureParse.Violated(err.Error(), check.MessageRU(err, "")))
		rep.Binding = append(rep.Binding, RuleSignerCertificate.Violated("no signature", "подпись не прочитана"))
	} else {
		rep.Parse = append(rep.Parse, RuleSignatureParse.Passed(fmt.Sprintf("%d signer(s), detached=%v", len(sd.Signers), sd.Detached)))
		res := sd.Verify(xml, opts.Signature)
		rep.Signature = res.All()
		var r check.Result
		signer, r = pickSigner(res)
		rep.Binding = append(rep.Binding, r)
	}

	if signer != nil {
		cert := signer.Certificate
		rep.SignerCertificate, rep.Signer = cert, cert.Subject.String()
		if doc != nil {
			rep.Binding = append(rep.Binding, bindSigner(doc, cert, opts.Certificate)...)
		} else {
			rep.Binding = append(rep.Binding, RuleSignerPerson.Skipped("document not parsed"))
		}
		at := signer.ValidationTime
		if at.IsZero() {
			at = time.Now()
		}
		rep.Binding = append(rep.Binding, certificate.CheckProfile(cert, at, opts.Certificate).WithPrefix("MCHD-SIGNER")...)
	}
	rep.Verdict = rep.All().Worst()
	return rep
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
		return nil, RuleSignerCertificate.Violated("no signers", "в подписи нет подписантов")
	case found == nil:
		return nil, RuleSignerCertificate.Violated("signer certificate not found in the signature or options",
			"сертификат подписанта не найден в подписи")
	case len(res.Signers) > 1:
		return found, RuleSignerCertificate.Warned(fmt.Sprintf("%d signers; signer %d bound", len(res.Signers), found.Index+1),
			fmt.Sprintf("Подпись содержит %d подписантов; с доверенностью сопоставлен подписант № %d", len(res.Signers), found.Index+1))
	}
	return found, RuleSignerCertificate.Passed(found.Certificate.Subject.String())
}

// party is a person the signer may be.
type party struct {
	path        string
	inn, snils  string
	name        FullName
	description string // Russian, for messages
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

func personParty(path, desc string, p *Person) party {
	return party{path: path, inn: p.INN, snils: p.SNILS, name: p.Details.Name, description: desc}
}

// expect derives the expectation for doc, or a reason why the signer cannot
// be bound automatically.
func expect(doc *Document) (*expectation, string) {
	if doc.IsRetrust() {
		return nil, "доверенность выдана в порядке передоверия"
	}
	p := doc.Principal()
	if p == nil {
		return nil, "в доверенности нет сведений о доверителе"
	}
	const base = "СвДоверит[1]/Доверит"
	switch {
	case p.Type == PrincipalRussianOrg && p.RussianOrg != nil:
		o := p.RussianOrg
		switch {
		case o.EIOUK == "1":
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
		case o.EIOFL == "1":
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
		case o.EIOIP == "1":
			return nil, "единоличный исполнительный орган — индивидуальный предприниматель (ЕИОИП)"
		}
		return nil, "не указан признак единоличного исполнительного органа (ЕИОУК/ЕИОФЛ/ЕИОИП)"
	case p.Type == PrincipalEntrepreneur && p.Entrepreneur != nil:
		ip := p.Entrepreneur
		path := base + "/ИПДовер"
		return &expectation{scenario: "индивидуального предпринимателя", kind: certificate.KindEntrepreneur,
			orgPath: path, ogrnip: ip.OGRNIP,
			persons: []party{{path: path, inn: ip.INN, snils: ip.SNILS, name: ip.Details.Name, description: "предпринимателя"}}}, ""
	case p.Type == PrincipalPerson:
		return nil, "доверитель — физическое лицо"
	case p.Type == PrincipalForeignOrg:
		return nil, "доверитель — иностранная организация"
	}
	return nil, "вид доверителя не соответствует сведениям о нём"
}

// bindSigner compares the signer certificate with the document.
func bindSigner(doc *Document, cert *certificate.Certificate, copts *certificate.Options) check.Results {
	e, why := expect(doc)
	if e == nil {
		return check.Results{
			RuleSignerScenario.Violated(why, why),
			RuleSignerKind.Skipped(why), RuleSignerOrganisation.Skipped(why), RuleSignerPerson.Skipped(why),
		}
	}
	out := check.Results{RuleSignerScenario.Passed("signer must be " + e.scenario)}
	out = append(out, checkSignerKind(e, cert, copts), checkSignerOrg(e, cert), checkSignerPerson(e, cert))
	return out
}

func checkSignerKind(e *expectation, cert *certificate.Certificate, copts *certificate.Options) check.Result {
	cl := cert.Classify(copts)
	detail := fmt.Sprintf("certificate kind %s (%s), want %s", cl.Kind, cl.ReasonEN, e.kind)
	if cl.Kind != e.kind {
		return RuleSignerKind.Violated(detail, cl.Kind.Russian()+" ("+cl.Kind.RussianLong()+")",
			"подписи доверенности от имени "+e.scenario, e.kind.Russian())
	}
	return RuleSignerKind.Passed(detail)
}

// comparison of one identifier.
type idComparison struct {
	field      string // Russian name: "СНИЛС", "ИНН ЮЛ"
	path       string // document path of the attribute
	doc, cert  string // normalised values, "" when absent
	docRaw     string
	certAbsent string // Russian: what the certificate lacks
}

type idOutcome struct {
	matched, conflicts, missing []string // Russian fragments
	matchedEN, problemsEN       []string
}

func compareIDs(cs []idComparison) idOutcome {
	var o idOutcome
	for _, c := range cs {
		switch {
		case c.doc == "" && c.cert == "":
		case c.doc == "":
			o.missing = append(o.missing, fmt.Sprintf("%s не указан в доверенности (%s), сравнить с сертификатом нельзя", c.field, c.path))
			o.problemsEN = append(o.problemsEN, c.path+" absent")
		case c.cert == "":
			o.missing = append(o.missing, fmt.Sprintf("%s отсутствует в сертификате", c.field))
			o.problemsEN = append(o.problemsEN, c.field+" absent from certificate")
		case c.doc == c.cert:
			o.matched = append(o.matched, c.field)
			o.matchedEN = append(o.matchedEN, c.path+" = "+c.cert)
		default:
			o.conflicts = append(o.conflicts, fmt.Sprintf("%s в сертификате %s, в доверенности (%s) %s", c.field, c.cert, c.path, c.docRaw))
			o.problemsEN = append(o.problemsEN, fmt.Sprintf("%s: certificate %s, document %q", c.path, c.cert, c.docRaw))
		}
	}
	return o
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func certID(id certificate.Identifier) string {
	if !id.Present {
		return ""
	}
	return strings.TrimSpace(id.Value)
}

func checkSignerOrg(e *expectation, cert *certificate.Certificate) check.Result {
	s := &cert.Subject
	var cs []idComparison
	if e.kind == certificate.KindEntrepreneur {
		cs = []idComparison{{field: "ОГРНИП", path: e.orgPath + "/@ОГРНИП", doc: strings.TrimSpace(e.ogrnip), docRaw: e.ogrnip, cert: certID(s.OGRNIP)}}
	} else {
		cs = []idComparison{
			{field: "ИНН ЮЛ", path: e.orgPath + "/@ИННЮЛ", doc: strings.TrimSpace(e.innle), docRaw: e.innle, cert: certID(s.INNLE)},
			{field: "ОГРН", path: e.orgPath + "/@ОГРН", doc: strings.TrimSpace(e.ogrn), docRaw: e.ogrn, cert: certID(s.OGRN)},
		}
	}
	o := compareIDs(cs)
	switch {
	case len(o.conflicts) > 0:
		return RuleSignerOrganisation.Violated(strings.Join(o.problemsEN, "; "), strings.Join(o.conflicts, "; "))
	case len(o.matched) == 0:
		return RuleSignerOrganisation.Warned("no comparable identifier: "+strings.Join(o.problemsEN, "; "),
			"Организацию подписанта не удалось сопоставить с доверителем: "+strings.Join(o.missing, "; "))
	case len(o.missing) > 0:
		return RuleSignerOrganisation.Warned("matched "+strings.Join(o.matchedEN, ", ")+"; "+strings.Join(o.problemsEN, "; "),
			"Организация подписанта совпадает с доверителем по "+strings.Join(o.matched, ", ")+", но "+strings.Join(o.missing, "; "))
	}
	return RuleSignerOrganisation.Passed(strings.Join(o.matchedEN, ", "))
}

// normName upper-cases, folds Ё to Е and collapses spaces.
func normName(s string) string {
	s = strings.Map(func(r rune) rune {
		r = unicode.ToUpper(r)
		if r == 'Ё' {
			return 'Е'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

type personOutcome struct {
	p         party
	ids       idOutcome
	nameKnown bool // the certificate has SN and G
	nameOK    bool
}

func comparePerson(p party, cert *certificate.Certificate) personOutcome {
	s := &cert.Subject
	o := personOutcome{p: p}
	o.ids = compareIDs([]idComparison{
		{field: "СНИЛС", path: p.path + "/@СНИЛС", doc: digitsOnly(p.snils), docRaw: p.snils, cert: digitsOnly(certID(s.SNILS))},
		{field: "ИНН", path: p.path + "/@ИННФЛ", doc: strings.TrimSpace(p.inn), docRaw: p.inn, cert: certID(s.INN)},
	})
	o.nameKnown = strings.TrimSpace(s.Surname) != "" && strings.TrimSpace(s.GivenNames) != ""
	given := p.name.First
	if p.name.Middle != "" {
		given += " " + p.name.Middle
	}
	o.nameOK = o.nameKnown && normName(s.Surname) == normName(p.name.Last) && normName(s.GivenNames) == normName(given)
	return o
}

// score orders candidates: no contradiction first, then identifier matches,
// then the name.
func (o personOutcome) score() int {
	s := 0
	if len(o.ids.conflicts) == 0 {
		s += 1000
	}
	s += 10 * len(o.ids.matched)
	if o.nameOK {
		s++
	}
	return s
}

func checkSignerPerson(e *expectation, cert *certificate.Certificate) check.Result {
	return matchPerson(&RuleSignerPerson, "Подписант", e.persons, cert)
}

// matchPerson binds the owner of cert (holder, a Russian noun for messages:
// "Подписант") to the best-matching person of persons under rule.
func matchPerson(rule *check.Rule, holder string, persons []party, cert *certificate.Certificate) check.Result {
	if len(persons) == 0 {
		return rule.Violated("no person in the document", "в доверенности нет сведений о лице")
	}
	s := &cert.Subject
	best := comparePerson(persons[0], cert)
	for _, p := range persons[1:] {
		if o := comparePerson(p, cert); o.score() > best.score() {
			best = o
		}
	}
	who := best.p.description
	certName := s.PersonName()
	docName := best.p.name.String()
	ids := best.ids
	switch {
	case len(ids.conflicts) > 0:
		msg := strings.Join(ids.conflicts, "; ")
		if len(persons) > 1 {
			msg = "ни одно из лиц, указанных в доверенности, не совпадает с владельцем сертификата; " + msg
		}
		return rule.Violated(strings.Join(ids.problemsEN, "; "), msg)
	case len(ids.matched) > 0 && len(ids.missing) > 0:
		return rule.Warned(strings.Join(ids.matchedEN, ", ")+"; "+strings.Join(ids.problemsEN, "; "),
			holder+" совпадает с лицом, указанным в доверенности в качестве "+who+", по "+strings.Join(ids.matched, ", ")+
				", но "+strings.Join(ids.missing, "; "))
	case len(ids.matched) > 0 && best.nameKnown && !best.nameOK:
		return rule.Warned(strings.Join(ids.matchedEN, ", ")+"; name differs: certificate "+certName+", document "+docName,
			holder+" совпадает с лицом, указанным в доверенности, по "+strings.Join(ids.matched, ", ")+
				", но ФИО различаются: в сертификате «"+certName+"», в доверенности «"+docName+"»")
	case len(ids.matched) > 0:
		return rule.Passed(strings.Join(ids.matchedEN, ", ") + " (" + best.p.path + ")")
	case best.nameOK:
		return rule.Warned("weak match by name only ("+best.p.path+"): "+strings.Join(ids.problemsEN, "; "),
			holder+" сопоставлен с лицом, указанным в доверенности в качестве "+who+", только по фамилии, имени и отчеству "+
				"(слабое сопоставление): "+strings.Join(ids.missing, "; "))
	case !best.nameKnown:
		return rule.Violated("no comparable identifier and no name in the certificate",
			"в сертификате и в доверенности нет общих сведений о лице (СНИЛС, ИНН, ФИО)")
	}
	return rule.Violated(fmt.Sprintf("no comparable identifier; name differs: certificate %q, document %q", certName, docName),
		fmt.Sprintf("идентификаторы сравнить нельзя, а ФИО различаются: в сертификате «%s», в доверенности «%s»", certName, docName))
}
