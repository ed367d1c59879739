package mchd

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

// Citations. The order approving the format 003 schema was not confirmed
// during development, so the format is cited by its schema file.
const (
	citFormat = "Формат МЧД EMCHD_1, утверждённый ФНС России (XSD ON_EMCHD_1_928_00_01_01_01)"
	cit63     = "63-ФЗ, ст. 17.3"
	citGK185  = "ГК РФ, ст. 185"
	citGK186  = "ГК РФ, ст. 186"
	citGK187  = "ГК РФ, ст. 187"
	citGK53   = "ГК РФ, ст. 53"
	citRevoke = "ГК РФ, ст. 188, 189"
)

// SchemaValidator validates the original bytes of a document against an XML
// Schema of format 003. *Schema (SchemaOwn, LoadSchema) implements it; an
// error of type *SchemaError gives MCHD-SCHEMA structured diagnostics, any
// other error is reported as its text.
type SchemaValidator interface {
	ValidateXML(data []byte) error
}

// ValidateOptions tunes Validate; the zero value checks the ЕГИСЗ power at
// the current time.
type ValidateOptions struct {
	// At is the instant at which the document must be in force; zero means
	// the current time.
	At time.Time
	// DocumentOptions tune the rules.
	DocumentOptions
}

func (o ValidateOptions) at() time.Time {
	if !o.At.IsZero() {
		return o.At
	}
	return time.Now()
}

func (o DocumentOptions) power() string {
	if p := strings.TrimSpace(o.RequiredPower); p != "" {
		return p
	}
	return DefaultPowerCode
}

// The document rules of Validate, unexported so that no caller can change a
// verdict; Rules returns copies of every rule of the package.
var (
	ruleSchema = check.Rule{
		ID: "MCHD-SCHEMA", Title: "document conforms to the format 003 XSD",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Файл доверенности не соответствует XML-схеме формата EMCHD_1: %s",
		PassMessage: "Файл доверенности соответствует XML-схеме формата EMCHD_1",
		Outcomes: []check.Outcome{
			{Code: "not-well-formed", Status: check.Fail, Message: "Файл доверенности не является корректным XML: %s"},
		},
	}
	ruleVersion = check.Rule{
		ID: "MCHD-VERSION", Title: "format version EMCHD_1",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Версия формата доверенности %q не поддерживается; требуется единый формат 003 (EMCHD_1)",
		PassMessage: "Доверенность в едином формате 003 (EMCHD_1)",
	}
	ruleFormFlags = check.Rule{
		ID: "MCHD-FORM-FLAGS", Title: "ПрЭлФорм positions",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Признак электронной формы доверенности (ПрЭлФорм) указан неверно: ожидается 8 символов 0 или 1, указано %q",
		PassMessage: "Признак электронной формы доверенности (ПрЭлФорм) корректен",
		Outcomes: []check.Outcome{
			{Code: "unknown-positions", Status: check.Warn,
				Message: "В признаке электронной формы доверенности (ПрЭлФорм) установлены позиции с неизвестным значением: %s"},
			{Code: "notarial-without-details", Status: check.Warn,
				Message: "В признаке электронной формы доверенности указана нотариальная форма, но сведений о нотариальном удостоверении (СвНотУд) нет"},
		},
	}
	ruleFieldFormat = check.Rule{
		ID: "MCHD-FIELD-FORMAT", Title: "dates and other typed values are well formed",
		Citation: citFormat, Severity: check.Fail,
		Message:     "В доверенности неверно указаны значения: %s",
		PassMessage: "Значения дат в доверенности корректны",
	}
	rulePrincipalKind = check.Rule{
		ID: "MCHD-PRINCIPAL-KIND", Title: "principal content matches ТипДоверит",
		Citation: citGK185 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о доверителе не соответствуют указанному типу доверителя: %s",
		PassMessage: "Сведения о доверителе соответствуют типу доверителя",
	}
	ruleEIOFlags = check.Rule{
		ID: "MCHD-EIO-FLAGS", Title: "exactly one ЕИО flag and matching ЛицоБезДов",
		Citation: citGK53 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о лице, действующем без доверенности, не соответствуют признакам ЕИОУК/ЕИОФЛ/ЕИОИП: %s",
		PassMessage: "Сведения о лице, действующем без доверенности, соответствуют признаку ЕИО",
	}
	ruleHeadJoint = check.Rule{
		ID: "MCHD-HEAD-JOINT", Title: "several ЛицоБезДов with joint authority",
		Citation: citGK53 + "; " + citFormat, Severity: check.Warn, Unconfirmed: true,
		Message: "В доверенности несколько лиц, действующих без доверенности, с признаком совместных полномочий (ПолнЮЛ=2): " +
			"доверенность может требовать подписи каждого из них",
		PassMessage: "Совместных полномочий лиц, действующих без доверенности, не указано",
	}
	ruleRepresentativeKind = check.Rule{
		ID: "MCHD-REPRESENTATIVE-KIND", Title: "representative content matches ТипПред",
		Citation: citGK185 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о представителе не соответствуют указанному типу представителя: %s",
		PassMessage: "Сведения о представителе соответствуют типу представителя",
	}
	ruleIDChecksum = check.Rule{
		ID: "MCHD-ID-CHECKSUM", Title: "identifier control digits",
		Citation: citFormat + "; " + cit63, Severity: check.Fail,
		Message:     "В доверенности неверно указаны идентификаторы: %s",
		PassMessage: "Контрольные числа ИНН, ОГРН, ОГРНИП и СНИЛС в доверенности верны",
	}
	ruleNumber = check.Rule{
		ID: "MCHD-NUMBER", Title: "НомДовер is a GUID",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Номер доверенности (НомДовер) %q не является уникальным идентификатором вида XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX",
		PassMessage: "Номер доверенности указан корректно",
	}
	ruleFileID = check.Rule{
		ID: "MCHD-FILE-ID", Title: "ИдФайл = ON_EMCHD_…_<НомДовер>",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Идентификатор файла доверенности (ИдФайл) указан неверно: %s",
		PassMessage: "Идентификатор файла доверенности соответствует её номеру",
	}
	ruleFileName = check.Rule{
		ID: "MCHD-FILE-NAME", Title: "uploaded file name matches ИдФайл",
		Citation: citFormat, Severity: check.Warn,
		Message:     "Имя файла %q не совпадает с идентификатором файла доверенности %q (возможно, файл переименован)",
		PassMessage: "Имя файла совпадает с идентификатором файла доверенности",
	}
	ruleSystemGUID = check.Rule{
		ID: "MCHD-SYSTEM-GUID", Title: "guid= in СведСист equals НомДовер",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Идентификатор доверенности в сведениях об информационной системе (%s) не совпадает с номером доверенности %s",
		PassMessage: "Сведения об информационной системе соответствуют номеру доверенности",
	}
	ruleDates = check.Rule{
		ID: "MCHD-DATES", Title: "issue date not after expiry date",
		Citation: citGK186 + "; " + citFormat, Severity: check.Fail,
		Message:     "Даты доверенности указаны неверно: %s",
		PassMessage: "Дата выдачи доверенности не позже даты окончания срока действия",
	}
	ruleInForce = check.Rule{
		ID: "MCHD-IN-FORCE", Title: "in force at the check time (Moscow dates, inclusive)",
		Citation: citGK186, Severity: check.Fail,
		Message:     "Доверенность не действует на %s (по московскому времени): срок действия истёк %s",
		PassMessage: "Доверенность действует на дату проверки",
		Outcomes: []check.Outcome{
			{Code: "not-yet", Status: check.Fail, Message: "Доверенность не действует на %s (по московскому времени): дата выдачи %s ещё не наступила"},
			{Code: "no-dates", Status: check.Fail, Message: "Доверенность не действует на %s (по московскому времени): даты доверенности не указаны или неверны"},
		},
	}
	rulePower = check.Rule{
		ID: "MCHD-POWER", Title: "grants the required machine-readable power",
		Citation: cit63 + "; " + citGK185, Severity: check.Fail,
		Message:     "Доверенность не содержит полномочия %s («%s»)",
		PassMessage: "Доверенность содержит полномочие %s (найдено в атрибуте %s)",
		Outcomes: []check.Outcome{
			{Code: "missing-other", Status: check.Fail, Message: "Доверенность не содержит полномочия %s"},
			{Code: "text-only", Status: check.Fail,
				Message: "Полномочия в доверенности указаны только текстом (ТекстПолн); машиночитаемое полномочие %s " +
					"не может быть подтверждено — оформите доверенность с полномочием из классификатора"},
		},
	}
	rulePowerRestrictions = check.Rule{
		ID: "MCHD-POWER-RESTRICTIONS", Title: "restrictions on the matched power",
		Citation: citGK185 + "; " + citFormat, Severity: check.Warn,
		Message:     "Полномочие %s имеет ограничения, которые не проверяются автоматически: %s",
		PassMessage: "Ограничений полномочия нет",
	}
	ruleJoint = check.Rule{
		ID: "MCHD-JOINT", Title: "joint exercise of powers by several representatives",
		Citation: citGK185 + "; " + citFormat, Severity: check.Warn, Unconfirmed: true,
		Message: "Доверенность выдана нескольким представителям с признаком совместного осуществления полномочий (ПрСовмПолн=2): " +
			"представитель может быть не вправе действовать один",
		PassMessage: "Совместного осуществления полномочий не требуется",
	}
	ruleRetrust = check.Rule{
		ID: "MCHD-RETRUST", Title: "retrust not accepted by default",
		Citation: citGK187 + "; " + cit63, Severity: check.Fail,
		Message: "Доверенность выдана в порядке передоверия; для регистрации в ЛК ЕГИСЗ требуется доверенность, " +
			"подписанная единоличным руководителем организации",
		PassMessage: "Доверенность выдана непосредственно доверителем (не в порядке передоверия)",
		Outcomes: []check.Outcome{
			{Code: "allowed", Status: check.Warn,
				Message: "Доверенность выдана в порядке передоверия; принята по настройке, цепочка доверенностей должна быть проверена отдельно"},
		},
	}
)

// Rules returns copies of every rule of the package, sorted by ID: the
// document rules of Validate, the rules of VerifySigned, BindRepresentative
// and CheckStatus.
func Rules() []check.Rule { return registry.Rules() }

var registry = func() *check.Registry {
	var g check.Registry
	g.Register(documentTable.Rules()...)
	g.Register(signedRules()...)
	g.Register(ruleRepresentativeCertificate.Clone(), ruleRegistryStatus.Clone())
	return &g
}()

// docInput is the input of the document rules.
type docInput struct {
	doc  *Document
	opts *ValidateOptions
	at   time.Time
}

// documentTable decides the document rules, in reporting order.
var documentTable = check.Table[*docInput]{
	{Rule: &ruleSchema, Evaluate: func(in *docInput) check.Result { return checkSchema(in.doc, in.opts.DocumentOptions) }},
	{Rule: &ruleVersion, Evaluate: func(in *docInput) check.Result { return checkVersion(in.doc) }},
	{Rule: &ruleFormFlags, Evaluate: func(in *docInput) check.Result { return checkFormFlags(in.doc) }},
	{Rule: &ruleFieldFormat, Evaluate: func(in *docInput) check.Result { return checkFieldFormat(in.doc) }},
	{Rule: &rulePrincipalKind, Evaluate: func(in *docInput) check.Result { return checkPrincipalKind(in.doc) }},
	{Rule: &ruleEIOFlags, Evaluate: func(in *docInput) check.Result { return checkEIOFlags(in.doc) }},
	{Rule: &ruleHeadJoint, Evaluate: func(in *docInput) check.Result { return checkHeadJoint(in.doc) }},
	{Rule: &ruleRepresentativeKind, Evaluate: func(in *docInput) check.Result { return checkRepresentativeKind(in.doc) }},
	{Rule: &ruleIDChecksum, Evaluate: func(in *docInput) check.Result { return checkIDChecksum(in.doc) }},
	{Rule: &ruleNumber, Evaluate: func(in *docInput) check.Result { return checkNumber(in.doc) }},
	{Rule: &ruleFileID, Evaluate: func(in *docInput) check.Result { return checkFileID(in.doc) }},
	{Rule: &ruleFileName, Evaluate: func(in *docInput) check.Result { return checkFileName(in.doc, *in.opts) }},
	{Rule: &ruleSystemGUID, Evaluate: func(in *docInput) check.Result { return checkSystemGUID(in.doc) }},
	{Rule: &ruleDates, Evaluate: func(in *docInput) check.Result { return checkDates(in.doc) }},
	{Rule: &ruleInForce, Evaluate: func(in *docInput) check.Result { return checkInForce(in.doc, in.at) }},
	{Rule: &rulePower, Evaluate: func(in *docInput) check.Result { return checkPower(in.doc, *in.opts) }},
	{Rule: &rulePowerRestrictions, Evaluate: func(in *docInput) check.Result { return checkPowerRestrictions(in.doc, *in.opts) }},
	{Rule: &ruleJoint, Evaluate: func(in *docInput) check.Result { return checkJoint(in.doc) }},
	{Rule: &ruleRetrust, Evaluate: func(in *docInput) check.Result { return checkRetrust(in.doc, *in.opts) }},
}

// Validate evaluates every document rule on doc and returns exactly one
// result per rule in a fixed order, without stopping at the first failure.
// A nil doc reports every rule as skipped except MCHD-VERSION, which fails.
func Validate(doc *Document, opts ValidateOptions) check.Results {
	return appendValidate(nil, doc, opts)
}

// appendValidate is Validate appending to dst.
func appendValidate(dst check.Results, doc *Document, opts ValidateOptions) check.Results {
	if doc == nil || doc.Meta() == nil {
		rs := documentTable.Skip("no document")
		for i := range rs {
			if rs[i].ID == ruleVersion.ID {
				rs[i] = ruleVersion.Violated("no document", "")
			}
		}
		return append(dst, rs...)
	}
	if dst == nil {
		dst = make(check.Results, 0, len(documentTable))
	}
	return documentTable.Append(dst, &docInput{doc: doc, opts: &opts, at: opts.at()})
}

func checkVersion(doc *Document) check.Result {
	if doc.FormatVersion != FormatVersion {
		return ruleVersion.Violated("ВерсФорм="+doc.FormatVersion, doc.FormatVersion)
	}
	return ruleVersion.Passed("")
}

// Positions of ПрЭлФорм (0-based) whose meaning is known or inferred: 1
// ЕСИА (@OID), 2 notarial (СвНотУд), 3 tax-office variant (@ИдФайлНО).
func checkFormFlags(doc *Document) check.Result {
	f := doc.formFlags
	if len(f) != 8 || strings.Trim(f, "01") != "" {
		return ruleFormFlags.Violated("ПрЭлФорм="+f, f)
	}
	var unknown []string
	for _, i := range []int{0, 4, 5, 6, 7} {
		if f[i] == '1' {
			unknown = append(unknown, fmt.Sprint(i+1))
		}
	}
	if len(unknown) > 0 {
		return ruleFormFlags.Outcome("unknown-positions", "ПрЭлФорм="+f, strings.Join(unknown, ", "))
	}
	var notes []string
	if f[1] == '1' {
		notes = append(notes, "position 2 (ESIA/OID) set")
	}
	if f[2] == '1' {
		notes = append(notes, "position 3 (notarial) set")
		if doc.direct != nil && doc.direct.Notary == nil || doc.retrust != nil && doc.retrust.Notary == nil {
			return ruleFormFlags.Outcome("notarial-without-details", "ПрЭлФорм="+f+", no СвНотУд")
		}
	}
	if f[3] == '1' {
		notes = append(notes, "position 4 (tax-office variant) set")
	}
	return ruleFormFlags.Passed(strings.Join(notes, "; "))
}

func checkFieldFormat(doc *Document) check.Result {
	if len(doc.fieldErrors) == 0 {
		return ruleFieldFormat.Passed("")
	}
	var parts []string
	for _, e := range doc.fieldErrors {
		parts = append(parts, fmt.Sprintf("%s = %.40q", e.Path, e.Value))
	}
	s := strings.Join(parts, "; ")
	return ruleFieldFormat.Violated(s, s)
}

var principalChild = map[string]string{
	PrincipalRussianOrg: "РосОргДовер", PrincipalForeignOrg: "ИнОргДовер",
	PrincipalEntrepreneur: "ИПДовер", PrincipalPerson: "ФЛДовер",
}

var transferorChild = map[string]string{
	transferorKindRussianOrg: "РосОргПерПолн", transferorKindEntrepreneur: "ИППерПолн",
	transferorKindPerson: "ФЛПерПолн", transferorKindBranch: "ФилПерПолн", transferorKindForeignOrg: "ИнПерПолн",
}

var representativeChild = map[string]string{
	RepresentativeOrg: "СведОрг", RepresentativeEntrepreneur: "СведИП", RepresentativePerson: "СведФизЛ",
	RepresentativeBranch: "СведФилиал", RepresentativeForeignUnit: "СведИО",
}

// exactlyOne checks that children is exactly [want]; typeAttr names the type
// attribute for messages.
func exactlyOne(path, typeAttr, typ string, table map[string]string, children []string) string {
	want, ok := table[typ]
	if !ok {
		return fmt.Sprintf("%s: недопустимое значение @%s=%q", path, typeAttr, typ)
	}
	switch {
	case len(children) == 0:
		return fmt.Sprintf("%s: нет сведений (ожидается %s для @%s=%s)", path, want, typeAttr, typ)
	case len(children) > 1:
		return fmt.Sprintf("%s: указано несколько вариантов (%s), ожидается только %s", path, strings.Join(children, ", "), want)
	case children[0] != want:
		return fmt.Sprintf("%s: указан %s, а для @%s=%s ожидается %s", path, children[0], typeAttr, typ, want)
	}
	return ""
}

func checkPrincipalKind(doc *Document) check.Result {
	var problems []string
	add := func(s string) {
		if s != "" {
			problems = append(problems, s)
		}
	}
	if d := doc.direct; d != nil {
		if len(d.Principals) == 0 {
			add("Довер: нет сведений о доверителе (СвДоверит)")
		}
		for i, p := range d.Principals {
			add(exactlyOne(fmt.Sprintf("СвДоверит[%d]/Доверит", i+1), "ТипДоверит", p.Type, principalChild, p.children))
		}
	}
	if r := doc.retrust; r != nil {
		for i, t := range r.Transferors {
			add(exactlyOne(fmt.Sprintf("СвПередПолн[%d]/ПередПолн", i+1), "ТипПерПолн", t.Type, transferorChild, t.Children))
		}
		for i, p := range r.Original.Principals {
			add(exactlyOne(fmt.Sprintf("СвПервДовер/СвДоверПерв[%d]/ДоверитПерв", i+1), "ТипДоверит", p.Type, principalChild, p.Children))
		}
		if r.Previous != nil {
			for i, p := range r.Previous.Principals {
				add(exactlyOne(fmt.Sprintf("СвПередов/СвДоверПерв[%d]/ДоверитПерв", i+1), "ТипДоверит", p.Type, principalChild, p.Children))
			}
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return rulePrincipalKind.Violated(s, s)
	}
	return rulePrincipalKind.Passed("")
}

// russianOrgs returns every РосОргДовер-typed element with its path.
func russianOrgs(doc *Document) (paths []string, orgs []*RussianOrgPrincipal) {
	if d := doc.direct; d != nil {
		for i := range d.Principals {
			if o := d.Principals[i].RussianOrg; o != nil {
				paths = append(paths, fmt.Sprintf("СвДоверит[%d]/Доверит/РосОргДовер", i+1))
				orgs = append(orgs, o)
			}
		}
	}
	if r := doc.retrust; r != nil {
		for i := range r.Transferors {
			if o := r.Transferors[i].RussianOrg; o != nil {
				paths = append(paths, fmt.Sprintf("СвПередПолн[%d]/ПередПолн/РосОргПерПолн", i+1))
				orgs = append(orgs, o)
			}
		}
	}
	return paths, orgs
}

func checkEIOFlags(doc *Document) check.Result {
	paths, orgs := russianOrgs(doc)
	if len(orgs) == 0 {
		return ruleEIOFlags.Skipped("no Russian organisation principal")
	}
	var problems []string
	for k, o := range orgs {
		p := paths[k]
		flags := []struct{ name, val, child string }{
			{"ЕИОУК", o.EIOUK, "СВЮЛ"}, {"ЕИОФЛ", o.EIOFL, "СвФЛ"}, {"ЕИОИП", o.EIOIP, "СвИП"},
		}
		var set []string
		want := ""
		for _, f := range flags {
			switch f.val {
			case "1":
				set = append(set, f.name)
				want = f.child
			case "0":
			default:
				problems = append(problems, fmt.Sprintf("%s/@%s=%q: допустимы только 0 и 1", p, f.name, f.val))
			}
		}
		if len(set) != 1 {
			problems = append(problems, fmt.Sprintf("%s: ровно один из признаков ЕИОУК, ЕИОФЛ, ЕИОИП должен быть равен 1, установлено: %d", p, len(set)))
			want = ""
		}
		if len(o.Heads) == 0 {
			problems = append(problems, p+": нет сведений о лице, действующем без доверенности (ЛицоБезДов)")
		}
		for i, h := range o.Heads {
			hp := fmt.Sprintf("%s/ЛицоБезДов[%d]", p, i+1)
			switch {
			case len(h.children) == 0:
				problems = append(problems, hp+": нет сведений (СВЮЛ, СвФЛ или СвИП)")
			case len(h.children) > 1:
				problems = append(problems, fmt.Sprintf("%s: указано несколько вариантов (%s), допустим один", hp, strings.Join(h.children, ", ")))
			case want != "" && h.children[0] != want:
				problems = append(problems, fmt.Sprintf("%s: указан %s, а признак %s требует %s", hp, h.children[0], set[0], want))
			}
			if h.ManagingOrg != nil && len(h.ManagingOrg.Persons) == 0 {
				problems = append(problems, hp+"/СВЮЛ: нет сведений о лице, действующем от имени управляющей организации (СвФЛ)")
			}
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleEIOFlags.Violated(s, s)
	}
	return ruleEIOFlags.Passed("")
}

func checkHeadJoint(doc *Document) check.Result {
	paths, orgs := russianOrgs(doc)
	if len(orgs) == 0 {
		return ruleHeadJoint.Skipped("no Russian organisation principal")
	}
	for k, o := range orgs {
		joint := 0
		for _, h := range o.Heads {
			if h.authority == "2" {
				joint++
			}
		}
		if len(o.Heads) > 1 && joint > 0 {
			return ruleHeadJoint.Violated(fmt.Sprintf("%s: %d ЛицоБезДов, %d with ПолнЮЛ=2; "+
				"the meaning of ПолнЮЛ (1 sole, 2 joint) is not confirmed by a published format description",
				paths[k], len(o.Heads), joint))
		}
	}
	return ruleHeadJoint.Passed("")
}

func checkRepresentativeKind(doc *Document) check.Result {
	reps := doc.Representatives()
	name := "СвУпПред"
	if doc.IsRetrust() {
		name = "СвПолучПолн"
	}
	var problems []string
	if len(reps) == 0 {
		problems = append(problems, "нет сведений о представителе ("+name+")")
	}
	for i, r := range reps {
		if s := exactlyOne(fmt.Sprintf("%s[%d]/Пред", name, i+1), "ТипПред", r.Type, representativeChild, r.children); s != "" {
			problems = append(problems, s)
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleRepresentativeKind.Violated(s, s)
	}
	return ruleRepresentativeKind.Passed("")
}

func checkNumber(doc *Document) check.Result {
	n := doc.Number()
	if !ident.IsGUID(n) {
		return ruleNumber.Violated("НомДовер="+n, n)
	}
	return ruleNumber.Passed("")
}

func checkFileID(doc *Document) check.Result {
	var problems []string
	id, num := doc.FileID, doc.Number()
	if !strings.HasPrefix(id, FileIDPrefix) {
		problems = append(problems, fmt.Sprintf("ИдФайл %.80q должен начинаться с %s", id, FileIDPrefix))
	}
	if num == "" || len(id) < len(num) || !strings.EqualFold(id[len(id)-len(num):], num) {
		problems = append(problems, fmt.Sprintf("ИдФайл %.80q должен оканчиваться номером доверенности %q", id, num))
	}
	if len(doc.formFlags) == 8 && doc.formFlags[3] == '1' && !strings.HasPrefix(doc.taxFileID, TaxFileIDPrefix) {
		problems = append(problems, fmt.Sprintf("ИдФайлНО %.80q должен начинаться с %s", doc.taxFileID, TaxFileIDPrefix))
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleFileID.Violated(s, s)
	}
	return ruleFileID.Passed("")
}

func checkFileName(doc *Document, o ValidateOptions) check.Result {
	if o.FileName == "" {
		return ruleFileName.Skipped("no file name given")
	}
	base := path.Base(strings.ReplaceAll(o.FileName, `\`, "/"))
	stem := base
	if i := strings.LastIndexByte(stem, '.'); i > 0 && strings.EqualFold(stem[i:], ".xml") {
		stem = stem[:i]
	}
	if strings.EqualFold(stem, doc.FileID) {
		return ruleFileName.Passed("")
	}
	return ruleFileName.Violated("file "+base+", ИдФайл "+doc.FileID, base, doc.FileID)
}

func checkSystemGUID(doc *Document) check.Result {
	sys := strings.TrimSpace(doc.Meta().System)
	g := systemGUID(sys)
	if g == "" {
		return ruleSystemGUID.Skipped("no guid= in СведСист")
	}
	if !strings.EqualFold(g, doc.Number()) {
		return ruleSystemGUID.Violated("guid="+g+", НомДовер="+doc.Number(), g, doc.Number())
	}
	return ruleSystemGUID.Passed("")
}

// systemGUID extracts the guid query parameter from СведСист.
func systemGUID(s string) string {
	i := strings.IndexByte(s, '?')
	if i < 0 {
		return ""
	}
	q, err := url.ParseQuery(s[i+1:])
	if err != nil {
		return ""
	}
	for k, v := range q {
		if strings.EqualFold(k, "guid") && len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
	}
	return ""
}

func checkDates(doc *Document) check.Result {
	m := doc.Meta()
	var problems []string
	if m.IssueDate.IsZero() {
		problems = append(problems, fmt.Sprintf("дата выдачи (ДатаВыдДовер) не указана или неверна: %.40q", m.issueDateText))
	}
	if m.ExpiryDate.IsZero() {
		problems = append(problems, fmt.Sprintf("срок действия (СрокДейст) не указан или неверен: %.40q", m.expiryDateText))
	}
	if len(problems) == 0 && m.IssueDate.After(m.ExpiryDate) {
		problems = append(problems, fmt.Sprintf("дата выдачи %s позже окончания срока действия %s", m.IssueDate, m.ExpiryDate))
	}
	if r := doc.retrust; r != nil && len(problems) == 0 && !r.Original.ExpiryDate.IsZero() && m.ExpiryDate.After(r.Original.ExpiryDate) {
		problems = append(problems, fmt.Sprintf("срок действия %s превышает срок действия основной доверенности %s (ГК РФ, ст. 187)",
			m.ExpiryDate, r.Original.ExpiryDate))
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleDates.Violated(s, s)
	}
	return ruleDates.Passed("")
}

func checkInForce(doc *Document, at time.Time) check.Result {
	m := doc.Meta()
	today := MoscowDate(at)
	detail := "at " + at.UTC().Format(time.RFC3339) + ", Moscow date " + today.String() + ", valid " +
		m.IssueDate.String() + ".." + m.ExpiryDate.String() + " inclusive"
	switch {
	case m.IssueDate.IsZero() || m.ExpiryDate.IsZero():
		return ruleInForce.Outcome("no-dates", detail, today)
	case today.Before(m.IssueDate):
		return ruleInForce.Outcome("not-yet", detail, today, m.IssueDate)
	case today.After(m.ExpiryDate):
		return ruleInForce.Violated(detail, today, m.ExpiryDate)
	}
	return ruleInForce.Passed(detail)
}

func checkPower(doc *Document, o ValidateOptions) check.Result {
	code := o.power()
	p := doc.Powers()
	if m, ok := doc.FindPower(code); ok {
		return rulePower.Passed(m.Path(), code, m.Field)
	}
	if p != nil && len(p.Machine) == 0 && p.HasText {
		return rulePower.Outcome("text-only", "text-only powers (ТекстПолн without МашПолн)", code)
	}
	var codes []string
	if p != nil {
		for _, m := range p.Machine {
			codes = append(codes, m.Code)
		}
	}
	if code != DefaultPowerCode {
		return rulePower.Outcome("missing-other", "codes: "+strings.Join(codes, ", "), code)
	}
	return rulePower.Violated("codes: "+strings.Join(codes, ", "), code, DefaultPowerName)
}

func checkPowerRestrictions(doc *Document, o ValidateOptions) check.Result {
	m, ok := doc.FindPower(o.power())
	if !ok {
		return rulePowerRestrictions.Skipped("required power not found")
	}
	if len(m.Power.Restrictions) == 0 {
		return rulePowerRestrictions.Passed("")
	}
	var parts []string
	for _, r := range m.Power.Restrictions {
		v := r.ValueCode
		if v == "" {
			v = r.ValueText
		}
		if r.ValueName != "" {
			v = r.ValueName + " (" + v + ")"
		}
		parts = append(parts, fmt.Sprintf("%s «%s»: %s", r.Code, r.Name, v))
	}
	s := strings.Join(parts, "; ")
	return rulePowerRestrictions.Violated(m.Path()+": "+s, m.Power.Code, s)
}

func checkJoint(doc *Document) check.Result {
	p := doc.Powers()
	n := len(doc.Representatives())
	if p == nil {
		return ruleJoint.Skipped("no СвПолн")
	}
	if p.Joint != "2" || n < 2 {
		return ruleJoint.Passed(fmt.Sprintf("ПрСовмПолн=%q, %d representatives", p.Joint, n))
	}
	return ruleJoint.Violated(fmt.Sprintf("ПрСовмПолн=2 with %d representatives; the meaning of ПрСовмПолн is disputed "+
		"(Docsvision: 1 individual, 2 joint; some third-party models read it the other way round)", n))
}

func checkRetrust(doc *Document, o ValidateOptions) check.Result {
	if !doc.IsRetrust() {
		return ruleRetrust.Passed("ПрПередов=" + doc.Meta().RetrustAllowed)
	}
	detail := "Передов; original НомДоверПерв=" + doc.retrust.Original.Number
	if o.AllowRetrust {
		return ruleRetrust.Outcome("allowed", detail+"; accepted by AllowRetrust")
	}
	return ruleRetrust.Violated(detail)
}

// idRef is one identifier occurrence to check. Its path is kept in two
// pieces, joined only for a report.
type idRef struct {
	prefix, leaf, value string
	parse               func(string) error
}

func (r idRef) path() string { return r.prefix + r.leaf }

func wrap[T any](f func(string) (T, error)) func(string) error {
	return func(s string) error { _, err := f(s); return err }
}

var (
	pINNLE  = wrap(ident.ParseINNLE)
	pINNFL  = wrap(ident.ParseINNPerson)
	pOGRN   = wrap(ident.ParseOGRN)
	pOGRNIP = wrap(ident.ParseOGRNIP)
	pSNILS  = wrap(ident.ParseSNILSMCHD)
)

type idCollector struct{ refs []idRef }

func (c *idCollector) add(prefix, leaf, value string, parse func(string) error) {
	if value != "" {
		if c.refs == nil {
			c.refs = make([]idRef, 0, 16)
		}
		c.refs = append(c.refs, idRef{prefix, leaf, value, parse})
	}
}

func (c *idCollector) org(p string, o *Organisation) {
	if o == nil {
		return
	}
	c.add(p, "/@ИННЮЛ", o.INN, pINNLE)
	c.add(p, "/@ОГРН", o.OGRN, pOGRN)
}

func (c *idCollector) foreign(p string, o *foreignOrganisation) {
	if o != nil {
		c.add(p, "/@ИННЮЛ", o.INN, pINNLE)
	}
}

func (c *idCollector) person(p string, o *Person) {
	if o == nil {
		return
	}
	c.add(p, "/@ИННФЛ", o.INN, pINNFL)
	c.add(p, "/@СНИЛС", o.SNILS, pSNILS)
}

func (c *idCollector) ip(p string, o *Entrepreneur) {
	if o == nil {
		return
	}
	c.add(p, "/@ОГРНИП", o.OGRNIP, pOGRNIP)
	c.add(p, "/@ИННФЛ", o.INN, pINNFL)
	c.add(p, "/@СНИЛС", o.SNILS, pSNILS)
}

func (c *idCollector) fl(p string, o *PersonPrincipal) {
	if o == nil {
		return
	}
	c.add(p, "/@ИННФЛ", o.INN, pINNFL)
	c.add(p, "/@СНИЛС", o.SNILS, pSNILS)
	if o.legalRepresentative != nil {
		c.head(p+"/СвЗакПредРук", o.legalRepresentative)
	}
}

func (c *idCollector) head(p string, h *Head) {
	if m := h.ManagingOrg; m != nil {
		c.org(p+"/СВЮЛ/СвЮЛЕИО", &m.Org)
		for i := range m.Persons {
			c.person(fmt.Sprintf("%s/СВЮЛ/СвФЛ[%d]", p, i+1), &m.Persons[i])
		}
	}
	c.person(p+"/СвФЛ", h.Person)
	c.ip(p+"/СвИП", h.Entrepreneur)
}

func (c *idCollector) rosOrg(p string, o *RussianOrgPrincipal) {
	if o == nil {
		return
	}
	c.org(p+"/СвРосОрг", &o.Org)
	for i := range o.Heads {
		c.head(fmt.Sprintf("%s/ЛицоБезДов[%d]", p, i+1), &o.Heads[i])
	}
}

func (c *idCollector) foreignPrincipal(p string, o *foreignOrgPrincipal) {
	if o == nil {
		return
	}
	c.foreign(p+"/СвИнОрг", &o.Org)
	for i := range o.Heads {
		c.person(fmt.Sprintf("%s/СвРукОП[%d]", p, i+1), &o.Heads[i])
	}
}

func (c *idCollector) reps(name string, reps []Representative) {
	for i := range reps {
		r := &reps[i]
		p := fmt.Sprintf("%s[%d]/Пред", name, i+1)
		c.org(p+"/СведОрг", r.Org)
		c.ip(p+"/СведИП", r.Entrepreneur)
		c.person(p+"/СведФизЛ", r.Person)
		c.org(p+"/СведФилиал", r.Branch)
		c.foreign(p+"/СведИО", r.foreignUnit)
	}
}

func (c *idCollector) original(name string, o *originalPOA) {
	for i := range o.Principals {
		op := &o.Principals[i]
		p := fmt.Sprintf("%s/СвДоверПерв[%d]/ДоверитПерв", name, i+1)
		c.org(p+"/РосОргДовер", op.Org)
		c.foreign(p+"/ИнОргДовер", op.ForeignOrg)
		c.ip(p+"/ИПДовер", op.Entrepreneur)
		c.fl(p+"/ФЛДовер", op.Person)
	}
}

// identifiers lists every ИНН, ОГРН, ОГРНИП and СНИЛС in the document.
func identifiers(doc *Document) []idRef {
	var c idCollector
	if d := doc.direct; d != nil {
		for i := range d.Principals {
			pr := &d.Principals[i]
			p := fmt.Sprintf("СвДоверит[%d]/Доверит", i+1)
			c.rosOrg(p+"/РосОргДовер", pr.RussianOrg)
			c.foreignPrincipal(p+"/ИнОргДовер", pr.foreignOrg)
			c.ip(p+"/ИПДовер", pr.Entrepreneur)
			c.fl(p+"/ФЛДовер", pr.Person)
		}
		c.reps("СвУпПред", d.Representatives)
	}
	if r := doc.retrust; r != nil {
		c.original("СвПервДовер", &r.Original)
		if r.Previous != nil {
			c.original("СвПередов", r.Previous)
		}
		for i := range r.Transferors {
			t := &r.Transferors[i]
			p := fmt.Sprintf("СвПередПолн[%d]/ПередПолн", i+1)
			c.rosOrg(p+"/РосОргПерПолн", t.RussianOrg)
			c.ip(p+"/ИППерПолн", t.Entrepreneur)
			if t.Person != nil {
				c.add(p, "/ФЛПерПолн/@ИННФЛ", t.Person.INN, pINNFL)
				c.add(p, "/ФЛПерПолн/@СНИЛС", t.Person.SNILS, pSNILS)
				c.person(p+"/ФЛПерПолн/СведРукоп", t.Person.HandSigner)
			}
			if t.Branch != nil {
				c.org(p+"/ФилПерПолн/СвФил", &t.Branch.Branch)
				c.person(p+"/ФилПерПолн/СвРукФил", &t.Branch.Head)
			}
			c.foreignPrincipal(p+"/ИнПерПолн", t.ForeignOrg)
		}
		c.reps("СвПолучПолн", r.Recipients)
	}
	return c.refs
}

func checkIDChecksum(doc *Document) check.Result {
	refs := identifiers(doc)
	var problems []string
	for _, r := range refs {
		if err := r.parse(r.value); err != nil {
			problems = append(problems, fmt.Sprintf("%s = %.40q: %s", r.path(), r.value, check.MessageRU(err, "")))
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleIDChecksum.Violated(s, s)
	}
	if len(refs) == 0 {
		return ruleIDChecksum.Skipped("no identifiers")
	}
	return ruleIDChecksum.Passed(fmt.Sprintf("%d identifiers checked", len(refs)))
}
