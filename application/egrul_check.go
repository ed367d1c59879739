package application

import (
	"fmt"
	"strings"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/mchd"
)

// citeEGRUL is the law on ЕГРЮЛ: article 5, paragraph 1 lists what the
// register holds about a legal entity — among it the person who acts for it
// without a power of attorney or the managing organisation, and whether it
// is being liquidated or has ceased to exist.
const citeEGRUL = "Федеральный закон от 08.08.2001 № 129-ФЗ «О государственной регистрации юридических лиц " +
	"и индивидуальных предпринимателей», ст. 5, п. 1"

// The rules of the ЕГРЮЛ record besides APP-EGRUL-MANAGED (rules.go).
var (
	ruleEGRULHead = check.Rule{
		ID: "APP-EGRUL-HEAD", Title: "ЕГРЮЛ: the owner of the head's certificate is the organisation's single executive body",
		Citation:    citeAlgorithm + ", шаг 2.1; " + citeEGRUL + " (лицо, имеющее право без доверенности действовать от имени юридического лица)",
		Severity:    check.Fail,
		Message:     "По ЕГРЮЛ от имени организации без доверенности действует %s, а не владелец сертификата: %s",
		PassMessage: "По ЕГРЮЛ владелец сертификата (%s) действует от имени организации без доверенности",
		Outcomes: []check.Outcome{
			{Code: "other-organisation", Status: check.Fail, Message: "Сведения ЕГРЮЛ относятся к другой организации, чем сертификат: %s"},
			{Code: "not-comparable", Status: check.Fail,
				Message: "Сведения ЕГРЮЛ нельзя сопоставить с организацией сертификата: у них нет общих идентификаторов (ИНН ЮЛ, ОГРН)"},
			{Code: "managing", Status: check.Fail,
				Message: "По ЕГРЮЛ полномочия единоличного исполнительного органа организации переданы управляющей организации %s. " +
					"Руководитель управляющей организации подаёт документы по варианту «%s» с доверенностью (МЧД), выданной организацией"},
			{Code: "name-differs", Status: check.Warn,
				Message: "Владелец сертификата — лицо, которое по ЕГРЮЛ действует от имени организации без доверенности (совпадают %s), " +
					"но ФИО различаются: в сертификате %s, в ЕГРЮЛ %s. Если ФИО менялись, убедитесь, что изменения внесены в ЕГРЮЛ"},
			{Code: "name-only", Status: check.Warn,
				Message: "По ЕГРЮЛ от имени организации без доверенности действует %s; с владельцем сертификата совпадают только ФИО (%s)"},
			{Code: "person-not-comparable", Status: check.Warn,
				Message: "Владельца сертификата нельзя сопоставить с лицом, которое по ЕГРЮЛ действует от имени организации без доверенности (%s): " +
					"в сертификате нет ни СНИЛС, ни ИНН, ни ФИО"},
			{Code: "no-executive", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveEGRUL,
				Message: "В переданных сведениях ЕГРЮЛ не указано, кто действует от имени организации %s без доверенности: " +
					"то, что это владелец сертификата, не проверено"},
			{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveEGRUL,
				Message: "Сведения ЕГРЮЛ об организации получить не удалось: то, что владелец сертификата действует от её имени " +
					"без доверенности, не проверено. Повторите проверку позже"},
			{Code: "no-record", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveEGRUL,
				Message: "В переданных сведениях ЕГРЮЛ нет записи об организации %s: то, что владелец сертификата действует " +
					"от её имени без доверенности, не проверено"},
		},
	}
	ruleEGRULStatus = check.Rule{
		ID: "APP-EGRUL-STATUS", Title: "ЕГРЮЛ: the organisation has not ceased to exist",
		Citation: citeEGRUL + "; ГК РФ, ст. 49 п. 3, ст. 62 п. 4, ст. 63 п. 9; " + citeAlgorithm,
		Severity: check.Fail,
		Message: "По ЕГРЮЛ организация %s ликвидирована: запись о прекращении её деятельности внесена в ЕГРЮЛ. " +
			"Зарегистрировать её в ЛК ЕГИСЗ нельзя",
		PassMessage: "По ЕГРЮЛ организация %s — действующая",
		Outcomes: []check.Outcome{
			{Code: "liquidating", Status: check.Warn,
				Message: "По ЕГРЮЛ организация %s находится в стадии ликвидации: она ещё существует, но управление её делами перешло " +
					"к ликвидационной комиссии, и без доверенности от её имени действует ликвидатор (председатель ликвидационной комиссии)"},
			{Code: "unknown", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveEGRUL,
				Message: "Статус организации %s в переданных сведениях ЕГРЮЛ не указан: то, что организация не ликвидирована, не проверено"},
			{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveEGRUL,
				Message: "Сведения ЕГРЮЛ об организации получить не удалось: то, что организация не ликвидирована, не проверено. " +
					"Повторите проверку позже"},
		},
	}
)

// egrulQuery returns the query for the ЕГРЮЛ record a check of variant v
// needs: for the head variant the organisation of a legal-entity
// certificate (INNLE, OGRN), for the МЧД variants the Russian organisation
// that is the МЧД's principal. ok is false when there is nothing to look up
// (no certificate or МЧД, an individual entrepreneur — ЕГРИП, not ЕГРЮЛ —
// or no identifier).
func egrulQuery(v Variant, doc *mchd.Document, cert *certificate.Certificate) (q EGRULQuery, ok bool) {
	switch v {
	case VariantHead:
		if cert == nil {
			return q, false
		}
		q = EGRULQuery{INN: certValue(cert.Subject.INNLE), OGRN: certValue(cert.Subject.OGRN)}
	case VariantRepresentative, VariantManaging:
		p := doc.Principal()
		if p == nil || p.Type != mchd.PrincipalRussianOrg || p.RussianOrg == nil {
			return q, false
		}
		q = EGRULQuery{INN: strings.TrimSpace(p.RussianOrg.Org.INN), OGRN: strings.TrimSpace(p.RussianOrg.Org.OGRN)}
	}
	return q, q.INN != "" || q.OGRN != ""
}

// egrulResults returns the ЕГРЮЛ results of variant v, in report order:
// head — APP-EGRUL-HEAD, APP-EGRUL-STATUS; representative —
// APP-EGRUL-STATUS; managing — APP-EGRUL-MANAGED, APP-EGRUL-STATUS. rec is
// the record of the organisation (nil: none); lookupErr is the error of the
// EGRUL provider, which makes the variant's first rule undecided (TryLater,
// waiver egrul) and skips the status. copts is the certificate
// classification options of Check.
func egrulResults(v Variant, rec *EGRULRecord, lookupErr error, doc *mchd.Document, cert *certificate.Certificate,
	copts *certificate.Options) check.Results {
	var rs check.Results
	if lookupErr != nil {
		detail := "ЕГРЮЛ lookup failed: " + lookupErr.Error()
		switch v {
		case VariantHead:
			rs = append(rs, ruleEGRULHead.Outcome("unavailable", detail))
		case VariantManaging:
			r := checkEGRULManaged(nil, doc, cert)
			if r.Outcome == "no-record" {
				m, p := managingOrg(doc), doc.Principal()
				r = ruleEGRULManaged.Outcome("unavailable", detail, m.Org.Name, p.RussianOrg.Org.Name)
			}
			rs = append(rs, r)
		case VariantRepresentative:
			return check.Results{ruleEGRULStatus.Outcome("unavailable", detail)}
		default:
			return nil
		}
		return append(rs, ruleEGRULStatus.Skipped(detail))
	}
	switch v {
	case VariantHead:
		rs = append(rs, checkEGRULHead(rec, cert, copts))
	case VariantManaging:
		rs = append(rs, checkEGRULManaged(rec, doc, cert))
	case VariantRepresentative:
	default:
		return nil
	}
	return append(rs, checkEGRULStatus(rec))
}

// checkEGRULStatus decides APP-EGRUL-STATUS for the record of the
// organisation: active passes; liquidated fails (the organisation has ceased
// to exist, ГК РФ ст. 49 п. 3 and ст. 63 п. 9); in liquidation is a warning
// — the organisation still exists and may act, through its liquidator, to
// whom the management passed (ст. 62 п. 4), and the person checks
// (APP-EGRUL-HEAD, APP-EGRUL-MANAGED) compare the uploader with whoever
// ЕГРЮЛ names; unknown is undecided (MissingInput, waiver egrul). No record
// skips: the variant's other ЕГРЮЛ rule reports the missing record.
func checkEGRULStatus(rec *EGRULRecord) check.Result {
	if rec == nil {
		return ruleEGRULStatus.Skipped("no ЕГРЮЛ record")
	}
	o := &rec.Organisation
	label := orgLabel(o.Name, o.INN, o.OGRN)
	detail := fmt.Sprintf("ЕГРЮЛ INN=%s OGRN=%s status %s", o.INN, o.OGRN, rec.Status)
	switch rec.Status {
	case EGRULActive:
		return ruleEGRULStatus.Passed(detail, label)
	case EGRULLiquidating:
		return ruleEGRULStatus.Outcome("liquidating", detail, label)
	case EGRULLiquidated:
		return ruleEGRULStatus.Violated(detail, label)
	}
	return ruleEGRULStatus.Outcome("unknown", detail, label)
}

// checkEGRULHead decides APP-EGRUL-HEAD for the head variant: the record
// must be of the certificate's organisation (ИНН ЮЛ, ОГРН), its single
// executive body must be a natural person (a managing organisation fails:
// its head uses the managing variant), and that person must be the
// certificate's owner (СНИЛС, ИНН, name through internal/match). Skipped
// without a record (the head's ЮЛ certificate is issued by the ФНС CA,
// which checked ЕГРЮЛ), without a certificate, and for an entrepreneur's
// certificate (ЕГРИП) or any certificate that is not a legal entity's (see
// APP-CERT-KIND).
func checkEGRULHead(rec *EGRULRecord, cert *certificate.Certificate, copts *certificate.Options) check.Result {
	switch {
	case rec == nil:
		return ruleEGRULHead.Skipped("no ЕГРЮЛ record")
	case cert == nil:
		return ruleEGRULHead.Skipped("no readable certificate")
	}
	switch k := cert.Classify(copts).Kind; k {
	case certificate.KindLegalEntity:
	case certificate.KindEntrepreneur:
		return ruleEGRULHead.Skipped("entrepreneur's certificate: ЕГРИП, not ЕГРЮЛ")
	default:
		return ruleEGRULHead.Skipped("not a legal-entity certificate (" + k.String() + "; see APP-CERT-KIND)")
	}
	s, o := &cert.Subject, &rec.Organisation
	ids := match.IDs(
		match.Pair{Field: match.INNLE, Doc: o.INN, Cert: certValue(s.INNLE)},
		match.Pair{Field: match.OGRN, Doc: o.OGRN, Cert: certValue(s.OGRN)},
	)
	detail := fmt.Sprintf("ЕГРЮЛ INN=%s OGRN=%s; certificate INNLE=%s OGRN=%s", o.INN, o.OGRN, certValue(s.INNLE), certValue(s.OGRN))
	switch {
	case match.Count(ids, match.Conflict) > 0:
		return ruleEGRULHead.Outcome("other-organisation", detail, strings.Join(idConflicts(ids, "в ЕГРЮЛ", "в сертификате"), "; "))
	case match.Count(ids, match.Match) == 0:
		return ruleEGRULHead.Outcome("not-comparable", detail)
	case rec.ManagingOrganisation != nil:
		m := rec.ManagingOrganisation
		return ruleEGRULHead.Outcome("managing", detail+fmt.Sprintf("; ЕИО is managing organisation INN=%s OGRN=%s", m.INN, m.OGRN),
			orgLabel(m.Name, m.INN, m.OGRN), VariantManaging.Russian())
	case rec.Head == nil:
		return ruleEGRULHead.Outcome("no-executive", detail+"; no ЕИО in the record", orgLabel(o.Name, o.INN, o.OGRN))
	}
	c := comparePerson(rec.Head, certMatchPerson(cert), "в сертификате")
	detail += "; head: " + c.detail
	who := rec.Head.describe()
	switch c.verdict {
	case personConflict:
		return ruleEGRULHead.Violated(detail, who, strings.Join(c.conflicts, "; "))
	case personNameDiffers:
		return ruleEGRULHead.Outcome("name-differs", detail, strings.Join(c.matched, ", "), s.PersonName(), rec.Head.fullName())
	case personNameOnly:
		return ruleEGRULHead.Outcome("name-only", detail, who, strings.Join(c.missing, "; "))
	case personNothing:
		return ruleEGRULHead.Outcome("person-not-comparable", detail, who)
	}
	return ruleEGRULHead.Passed(detail, who)
}

// checkEGRULManaged decides APP-EGRUL-MANAGED for the managing variant. The
// record of the МЧД's principal must be of that organisation (ИНН ЮЛ, ОГРН
// of СвРосОрг) and name as its single executive body the managing
// organisation of the МЧД (ИНН ЮЛ, ОГРН of СвЮЛЕИО); a natural person as
// the single executive body fails. When the record names the head of the
// managing organisation, the certificate's owner must be that person (an
// identifier conflict fails, a match by name only or a different name
// warns) and a different head in the МЧД (СВЮЛ/СвФЛ) is a warning — the
// head may have changed since the МЧД was issued. Skipped without a
// readable МЧД or a managing organisation in it (APP-MCHD-SHAPE); without a
// record the result is undecided (no-record: MissingInput, waiver egrul).
func checkEGRULManaged(rec *EGRULRecord, doc *mchd.Document, cert *certificate.Certificate) check.Result {
	m, p := managingOrg(doc), doc.Principal()
	switch {
	case doc == nil:
		return ruleEGRULManaged.Skipped("no readable МЧД")
	case m == nil || p == nil || p.RussianOrg == nil:
		return ruleEGRULManaged.Skipped("the МЧД names no managing organisation (see APP-MCHD-SHAPE)")
	case rec == nil:
		return ruleEGRULManaged.Outcome("no-record", "no ЕГРЮЛ record supplied", m.Org.Name, p.RussianOrg.Org.Name)
	}
	org, ro := p.RussianOrg.Org, &rec.Organisation
	orgIDs := match.IDs(
		match.Pair{Field: match.INNLE, Doc: org.INN, Cert: ro.INN},
		match.Pair{Field: match.OGRN, Doc: org.OGRN, Cert: ro.OGRN},
	)
	diff := conflicts(orgIDs, " организации")
	detail := fmt.Sprintf("ЕГРЮЛ org INN=%s OGRN=%s", ro.INN, ro.OGRN)
	var mgIDs []match.ID
	rm := rec.ManagingOrganisation
	if rm != nil {
		mgIDs = match.IDs(
			match.Pair{Field: match.INNLE, Doc: m.Org.INN, Cert: rm.INN},
			match.Pair{Field: match.OGRN, Doc: m.Org.OGRN, Cert: rm.OGRN},
		)
		diff = append(diff, conflicts(mgIDs, " управляющей организации")...)
		detail += fmt.Sprintf(" managing INN=%s OGRN=%s", rm.INN, rm.OGRN)
	}
	switch {
	case len(diff) > 0:
		return ruleEGRULManaged.Violated(detail, strings.Join(diff, "; "))
	case rm == nil && rec.Head != nil && match.Count(orgIDs, match.Match) > 0:
		return ruleEGRULManaged.Outcome("person-executive", detail+"; ЕИО is a natural person", rec.Head.describe())
	case match.Count(orgIDs, match.Match) == 0 || rm == nil || match.Count(mgIDs, match.Match) == 0:
		// Both sides must be confirmed: the record must name this
		// organisation and this managing organisation.
		return ruleEGRULManaged.Outcome("insufficient", detail)
	case rm.Head == nil:
		return ruleEGRULManaged.Passed(detail + "; the record does not name the head of the managing organisation")
	}
	h := rm.Head
	who := h.describe()
	var warn *check.Result
	var c personCompare
	if cert != nil {
		c = comparePerson(h, certMatchPerson(cert), "в сертификате")
		detail += "; head vs certificate: " + c.detail
		switch c.verdict {
		case personConflict:
			return ruleEGRULManaged.Outcome("head-differs", detail, who, strings.Join(c.conflicts, "; "))
		case personNameDiffers:
			r := ruleEGRULManaged.Outcome("head-name-differs", detail, strings.Join(c.matched, ", "), cert.Subject.PersonName(), h.fullName())
			warn = &r
		case personNameOnly:
			r := ruleEGRULManaged.Outcome("head-name-only", detail, who, strings.Join(c.missing, "; "))
			warn = &r
		}
	}
	if warn == nil && len(m.Persons) > 0 {
		cands := make([]match.Person, len(m.Persons))
		for i := range m.Persons {
			cands[i] = mchdMatchPerson(&m.Persons[i])
		}
		// The МЧД's persons are compared with ЕГРЮЛ's head, МЧД on the
		// "certificate" side of match.
		i, _ := match.Best(cands, h.matchPerson())
		mc := comparePerson(h, cands[i], "в доверенности")
		if mc.verdict == personConflict {
			r := ruleEGRULManaged.Outcome("mchd-head-differs", detail+"; head vs МЧД: "+mc.detail, who,
				m.Persons[i].Details.Name.String(), strings.Join(mc.conflicts, "; "))
			warn = &r
		}
	}
	switch {
	case warn != nil:
		return *warn
	case cert != nil && c.verdict == personMatch:
		return ruleEGRULManaged.Outcome("head-confirmed", detail, who)
	}
	return ruleEGRULManaged.Passed(detail + "; the certificate's owner not compared with the head")
}

// personVerdict sums up the comparison of a person ЕГРЮЛ names with the
// person of a certificate or a МЧД.
type personVerdict int

const (
	// personNothing: no identifier on both sides and no name to compare.
	personNothing personVerdict = iota
	// personMatch: an identifier matches, none conflicts, the names agree
	// or one side has none.
	personMatch
	// personNameDiffers: identifiers match, the names differ.
	personNameDiffers
	// personNameOnly: no identifier on both sides, the names agree.
	personNameOnly
	// personConflict: an identifier differs, or none is comparable and the
	// names differ.
	personConflict
)

// personCompare is a comparison with its Russian fragments for the rule
// templates.
type personCompare struct {
	verdict   personVerdict
	matched   []string // names of the identifiers that match: "СНИЛС"
	missing   []string // "ИНН нет в ЕГРЮЛ"
	conflicts []string // "СНИЛС в сертификате X, в ЕГРЮЛ Y"
	detail    string   // English
}

// comparePerson compares the person rec of ЕГРЮЛ with other; where says
// in Russian where other comes from ("в сертификате", "в доверенности").
func comparePerson(rec *EGRULPerson, other match.Person, where string) personCompare {
	o := match.ComparePerson(rec.matchPerson(), other)
	var c personCompare
	var en []string
	for _, id := range o.IDs {
		name := id.Field.Russian()
		switch id.State {
		case match.Match:
			c.matched = append(c.matched, name)
			en = append(en, id.Field.String()+" match")
		case match.Conflict:
			c.conflicts = append(c.conflicts, fmt.Sprintf("%s %s %s, в ЕГРЮЛ %s", name, where, id.Cert, id.Doc))
			en = append(en, fmt.Sprintf("%s differs: %s vs ЕГРЮЛ %s", id.Field, id.Cert, id.Doc))
		case match.MissingDoc:
			c.missing = append(c.missing, name+" нет в ЕГРЮЛ")
			en = append(en, id.Field.String()+" absent from ЕГРЮЛ")
		case match.MissingCert:
			c.missing = append(c.missing, name+" нет "+where)
			en = append(en, id.Field.String()+" absent from the other side")
		case match.Absent:
			c.missing = append(c.missing, name+" нет ни в ЕГРЮЛ, ни "+where)
		}
	}
	otherName := strings.TrimSpace(other.Surname + " " + other.GivenNames)
	switch {
	case o.Conflicts() > 0:
		c.verdict = personConflict
	case o.Matched() > 0 && o.NameKnown && !o.NameMatch:
		c.verdict = personNameDiffers
		en = append(en, "name differs")
	case o.Matched() > 0:
		c.verdict = personMatch
	case o.NameMatch:
		c.verdict = personNameOnly
		en = append(en, "name matches")
	case o.NameKnown:
		c.verdict = personConflict
		c.conflicts = append(c.conflicts, fmt.Sprintf("ФИО %s %s, в ЕГРЮЛ %s", where, otherName, rec.fullName()))
		en = append(en, "name differs")
	default:
		c.verdict = personNothing
	}
	c.detail = strings.Join(en, ", ")
	return c
}

// matchPerson returns p for internal/match.
func (p *EGRULPerson) matchPerson() match.Person {
	return match.Person{Surname: p.Surname, GivenNames: match.GivenNames(p.GivenName, p.Patronymic), SNILS: p.SNILS, INN: p.INN}
}

// fullName returns "Фамилия Имя Отчество".
func (p *EGRULPerson) fullName() string {
	return strings.TrimSpace(p.Surname + " " + match.GivenNames(p.GivenName, p.Patronymic))
}

// describe returns the full name and, when known, the position:
// "ИВАНОВ ИВАН ИВАНОВИЧ, ГЛАВНЫЙ ВРАЧ".
func (p *EGRULPerson) describe() string {
	if pos := strings.TrimSpace(p.Position); pos != "" {
		return p.fullName() + ", " + pos
	}
	return p.fullName()
}

// certMatchPerson returns the owner of cert for internal/match.
func certMatchPerson(cert *certificate.Certificate) match.Person {
	s := &cert.Subject
	return match.Person{Surname: s.Surname, GivenNames: s.GivenNames, SNILS: certValue(s.SNILS), INN: certValue(s.INN)}
}

// mchdMatchPerson returns a person of a МЧД for internal/match.
func mchdMatchPerson(p *mchd.Person) match.Person {
	n := p.Details.Name
	return match.Person{Surname: n.Last, GivenNames: match.GivenNames(n.First, n.Middle), SNILS: p.SNILS, INN: p.INN}
}

// orgLabel names an organisation for messages: «name» (ИНН …), or
// "с ИНН …" / "с ОГРН …" without a name.
func orgLabel(name, inn, ogrn string) string {
	id := "ИНН " + inn
	if inn == "" {
		id = "ОГРН " + ogrn
	}
	if name = strings.TrimSpace(name); name != "" {
		return "«" + name + "» (" + id + ")"
	}
	return "с " + id
}

// idConflicts describes the conflicting identifiers of ids: "ИНН ЮЛ в
// ЕГРЮЛ A, в сертификате B"; docWhere names the Doc side, certWhere the
// Cert side.
func idConflicts(ids []match.ID, docWhere, certWhere string) []string {
	var out []string
	for _, id := range match.Of(ids, match.Conflict) {
		out = append(out, fmt.Sprintf("%s %s %s, %s %s", id.Field.Russian(), docWhere, id.Doc, certWhere, id.Cert))
	}
	return out
}
