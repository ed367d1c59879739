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
	// Now() (or time.Now when Now is nil).
	At time.Time
	// Now supplies the current time when At is zero; nil means time.Now.
	Now func() time.Time
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

func (o ValidateOptions) at() time.Time {
	if !o.At.IsZero() {
		return o.At
	}
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o ValidateOptions) power() string {
	if p := strings.TrimSpace(o.RequiredPower); p != "" {
		return p
	}
	return DefaultPowerCode
}

// The rules of this package.
var (
	RuleSchema = check.Rule{
		ID: "MCHD-SCHEMA", Title: "document conforms to the format 003 XSD",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Файл доверенности не соответствует XML-схеме формата EMCHD_1: %s",
		PassMessage: "Файл доверенности соответствует XML-схеме формата EMCHD_1",
	}
	RuleVersion = check.Rule{
		ID: "MCHD-VERSION", Title: "format version EMCHD_1",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Версия формата доверенности %q не поддерживается; требуется единый формат 003 (EMCHD_1)",
		PassMessage: "Доверенность в едином формате 003 (EMCHD_1)",
	}
	RuleFormFlags = check.Rule{
		ID: "MCHD-FORM-FLAGS", Title: "ПрЭлФорм positions",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Признак электронной формы доверенности (ПрЭлФорм) указан неверно: %s",
		PassMessage: "Признак электронной формы доверенности (ПрЭлФорм) корректен",
	}
	RuleFieldFormat = check.Rule{
		ID: "MCHD-FIELD-FORMAT", Title: "dates and other typed values are well formed",
		Citation: citFormat, Severity: check.Fail,
		Message:     "В доверенности неверно указаны значения: %s",
		PassMessage: "Значения дат в доверенности корректны",
	}
	RulePrincipalKind = check.Rule{
		ID: "MCHD-PRINCIPAL-KIND", Title: "principal content matches ТипДоверит",
		Citation: citGK185 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о доверителе не соответствуют указанному типу доверителя: %s",
		PassMessage: "Сведения о доверителе соответствуют типу доверителя",
	}
	RuleEIOFlags = check.Rule{
		ID: "MCHD-EIO-FLAGS", Title: "exactly one ЕИО flag and matching ЛицоБезДов",
		Citation: citGK53 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о лице, действующем без доверенности, не соответствуют признакам ЕИОУК/ЕИОФЛ/ЕИОИП: %s",
		PassMessage: "Сведения о лице, действующем без доверенности, соответствуют признаку ЕИО",
	}
	RuleHeadJoint = check.Rule{
		ID: "MCHD-HEAD-JOINT", Title: "several ЛицоБезДов with joint authority",
		Citation: citGK53 + "; " + citFormat, Severity: check.Warn, Unconfirmed: true,
		Message: "В доверенности несколько лиц, действующих без доверенности, с признаком совместных полномочий (ПолнЮЛ=2): " +
			"доверенность может требовать подписи каждого из них",
		PassMessage: "Совместных полномочий лиц, действующих без доверенности, не указано",
	}
	RuleRepresentativeKind = check.Rule{
		ID: "MCHD-REPRESENTATIVE-KIND", Title: "representative content matches ТипПред",
		Citation: citGK185 + "; " + citFormat, Severity: check.Fail,
		Message:     "Сведения о представителе не соответствуют указанному типу представителя: %s",
		PassMessage: "Сведения о представителе соответствуют типу представителя",
	}
	RuleIDChecksum = check.Rule{
		ID: "MCHD-ID-CHECKSUM", Title: "identifier control digits",
		Citation: citFormat + "; " + cit63, Severity: check.Fail,
		Message:     "В доверенности неверно указаны идентификаторы: %s",
		PassMessage: "Контрольные числа ИНН, ОГРН, ОГРНИП и СНИЛС в доверенности верны",
	}
	RuleNumber = check.Rule{
		ID: "MCHD-NUMBER", Title: "НомДовер is a GUID",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Номер доверенности (НомДовер) %q не является уникальным идентификатором вида XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX",
		PassMessage: "Номер доверенности указан корректно",
	}
	RuleFileID = check.Rule{
		ID: "MCHD-FILE-ID", Title: "ИдФайл = ON_EMCHD_…_<НомДовер>",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Идентификатор файла доверенности (ИдФайл) указан неверно: %s",
		PassMessage: "Идентификатор файла доверенности соответствует её номеру",
	}
	RuleFileName = check.Rule{
		ID: "MCHD-FILE-NAME", Title: "uploaded file name matches ИдФайл",
		Citation: citFormat, Severity: check.Warn,
		Message:     "Имя файла %q не совпадает с идентификатором файла доверенности %q (возможно, файл переименован)",
		PassMessage: "Имя файла совпадает с идентификатором файла доверенности",
	}
	RuleSystemGUID = check.Rule{
		ID: "MCHD-SYSTEM-GUID", Title: "guid= in СведСист equals НомДовер",
		Citation: citFormat, Severity: check.Fail,
		Message:     "Идентификатор доверенности в сведениях об информационной системе (%s) не совпадает с номером доверенности %s",
		PassMessage: "Сведения об информационной системе соответствуют номеру доверенности",
	}
	RuleDates = check.Rule{
		ID: "MCHD-DATES", Title: "issue date not after expiry date",
		Citation: citGK186 + "; " + citFormat, Severity: check.Fail,
		Message:     "Даты доверенности указаны неверно: %s",
		PassMessage: "Дата выдачи доверенности не позже даты окончания срока действия",
	}
	RuleInForce = check.Rule{
		ID: "MCHD-IN-FORCE", Title: "in force at the check time (Moscow dates, inclusive)",
		Citation: citGK186, Severity: check.Fail,
		Message:     "Доверенность не действует на %s (по московскому времени): %s",
		PassMessage: "Доверенность действует на дату проверки",
	}
	RulePower = check.Rule{
		ID: "MCHD-POWER", Title: "grants the required machine-readable power",
		Citation: cit63 + "; " + citGK185, Severity: check.Fail,
		Message: "%s",
	}
	RulePowerRestrictions = check.Rule{
		ID: "MCHD-POWER-RESTRICTIONS", Title: "restrictions on the matched power",
		Citation: citGK185 + "; " + citFormat, Severity: check.Warn,
		Message:     "Полномочие %s имеет ограничения, которые не проверяются автоматически: %s",
		PassMessage: "Ограничений полномочия нет",
	}
	RuleJoint = check.Rule{
		ID: "MCHD-JOINT", Title: "joint exercise of powers by several representatives",
		Citation: citGK185 + "; " + citFormat, Severity: check.Warn, Unconfirmed: true,
		Message: "Доверенность выдана нескольким представителям с признаком совместного осуществления полномочий (ПрСовмПолн=2): " +
			"представитель может быть не вправе действовать один",
		PassMessage: "Совместного осуществления полномочий не требуется",
	}
	RuleRetrust = check.Rule{
		ID: "MCHD-RETRUST", Title: "retrust not accepted by default",
		Citation: citGK187 + "; " + cit63, Severity: check.Fail,
		Message: "Доверенность выдана в порядке передоверия; для регистрации в ЛК ЕГИСЗ требуется доверенность, " +
			"подписанная единоличным руководителем организации",
		PassMessage: "Доверенность выдана непосредственно доверителем (не в порядке передоверия)",
	}
	RuleRegistryStatus = check.Rule{
		ID: "MCHD-REGISTRY-STATUS", Title: "status in the FNS registry",
		Citation: cit63 + "; " + citRevoke, Severity: check.Fail,
		Message:     "Статус доверенности в реестре ФНС: %s",
		PassMessage: "Доверенность действует по данным реестра ФНС",
	}
)

// Registry lists every rule of the package.
var Registry check.Registry

func init() {
	Registry.Register(RuleSchema, RuleVersion, RuleFormFlags, RuleFieldFormat, RulePrincipalKind, RuleEIOFlags,
		RuleHeadJoint, RuleRepresentativeKind, RuleIDChecksum, RuleNumber, RuleFileID, RuleFileName,
		RuleSystemGUID, RuleDates, RuleInForce, RulePower, RulePowerRestrictions, RuleJoint, RuleRetrust,
		RuleRegistryStatus)
}

// Validate evaluates every business rule on doc and returns all results in a
// fixed order, without stopping at the first failure. A nil doc gives a
// single failed MCHD-VERSION result.
func Validate(doc *Document, opts ValidateOptions) check.Results {
	if doc == nil || doc.Meta() == nil {
		return check.Results{RuleVersion.Violated("no document", "")}
	}
	return check.Results{
		checkSchema(doc, opts),
		checkVersion(doc),
		checkFormFlags(doc),
		checkFieldFormat(doc),
		checkPrincipalKind(doc),
		checkEIOFlags(doc),
		checkHeadJoint(doc),
		checkRepresentativeKind(doc),
		checkIDChecksum(doc),
		checkNumber(doc),
		checkFileID(doc),
		checkFileName(doc, opts),
		checkSystemGUID(doc),
		checkDates(doc),
		checkInForce(doc, opts),
		checkPower(doc, opts),
		checkPowerRestrictions(doc, opts),
		checkJoint(doc),
		checkRetrust(doc, opts),
	}
}

func checkVersion(doc *Document) check.Result {
	if doc.FormatVersion != FormatVersion {
		return RuleVersion.Violated("ВерсФорм="+doc.FormatVersion, doc.FormatVersion)
	}
	return RuleVersion.Passed("")
}

// Positions of ПрЭлФорм (0-based) whose meaning is known or inferred: 1
// ЕСИА (@OID), 2 notarial (СвНотУд), 3 tax-office variant (@ИдФайлНО).
func checkFormFlags(doc *Document) check.Result {
	f := doc.FormFlags
	if len(f) != 8 || strings.Trim(f, "01") != "" {
		return RuleFormFlags.Violated("ПрЭлФорм="+f, fmt.Sprintf("ожидается 8 символов 0 или 1, указано %q", f))
	}
	var unknown []string
	for _, i := range []int{0, 4, 5, 6, 7} {
		if f[i] == '1' {
			unknown = append(unknown, fmt.Sprint(i+1))
		}
	}
	if len(unknown) > 0 {
		return RuleFormFlags.Warned("ПрЭлФорм="+f,
			"В признаке электронной формы доверенности (ПрЭлФорм) установлены позиции с неизвестным значением: "+
				strings.Join(unknown, ", "))
	}
	var notes []string
	if f[1] == '1' {
		notes = append(notes, "position 2 (ESIA/OID) set")
	}
	if f[2] == '1' {
		notes = append(notes, "position 3 (notarial) set")
		if doc.Direct != nil && doc.Direct.Notary == nil || doc.Retrust != nil && doc.Retrust.Notary == nil {
			return RuleFormFlags.Warned("ПрЭлФорм="+f+", no СвНотУд",
				"В признаке электронной формы доверенности указана нотариальная форма, но сведений о нотариальном удостоверении (СвНотУд) нет")
		}
	}
	if f[3] == '1' {
		notes = append(notes, "position 4 (tax-office variant) set")
	}
	return RuleFormFlags.Passed(strings.Join(notes, "; "))
}

func checkFieldFormat(doc *Document) check.Result {
	if len(doc.FieldErrors) == 0 {
		return RuleFieldFormat.Passed("")
	}
	var parts []string
	for _, e := range doc.FieldErrors {
		parts = append(parts, fmt.Sprintf("%s = %.40q", e.Path, e.Value))
	}
	s := strings.Join(parts, "; ")
	return RuleFieldFormat.Violated(s, s)
}

var principalChild = map[string]string{
	PrincipalRussianOrg: "РосОргДовер", PrincipalForeignOrg: "ИнОргДовер",
	PrincipalEntrepreneur: "ИПДовер", PrincipalPerson: "ФЛДовер",
}

var transferorChild = map[string]string{
	TransferorKindRussianOrg: "РосОргПерПолн", TransferorKindEntrepreneur: "ИППерПолн",
	TransferorKindPerson: "ФЛПерПолн", TransferorKindBranch: "ФилПерПолн", TransferorKindForeignOrg: "ИнПерПолн",
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
	if d := doc.Direct; d != nil {
		if len(d.Principals) == 0 {
			add("Довер: нет сведений о доверителе (СвДоверит)")
		}
		for i, p := range d.Principals {
			add(exactlyOne(fmt.Sprintf("СвДоверит[%d]/Доверит", i+1), "ТипДоверит", p.Type, principalChild, p.Children))
		}
	}
	if r := doc.Retrust; r != nil {
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
		return RulePrincipalKind.Violated(s, s)
	}
	return RulePrincipalKind.Passed("")
}

// russianOrgs returns every РосОргДовер-typed element with its path.
func russianOrgs(doc *Document) (paths []string, orgs []*RussianOrgPrincipal) {
	if d := doc.Direct; d != nil {
		for i := range d.Principals {
			if o := d.Principals[i].RussianOrg; o != nil {
				paths = append(paths, fmt.Sprintf("СвДоверит[%d]/Доверит/РосОргДовер", i+1))
				orgs = append(orgs, o)
			}
		}
	}
	if r := doc.Retrust; r != nil {
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
		return RuleEIOFlags.Skipped("no Russian organisation principal")
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
			case len(h.Children) == 0:
				problems = append(problems, hp+": нет сведений (СВЮЛ, СвФЛ или СвИП)")
			case len(h.Children) > 1:
				problems = append(problems, fmt.Sprintf("%s: указано несколько вариантов (%s), допустим один", hp, strings.Join(h.Children, ", ")))
			case want != "" && h.Children[0] != want:
				problems = append(problems, fmt.Sprintf("%s: указан %s, а признак %s требует %s", hp, h.Children[0], set[0], want))
			}
			if h.ManagingOrg != nil && len(h.ManagingOrg.Persons) == 0 {
				problems = append(problems, hp+"/СВЮЛ: нет сведений о лице, действующем от имени управляющей организации (СвФЛ)")
			}
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return RuleEIOFlags.Violated(s, s)
	}
	return RuleEIOFlags.Passed("")
}

func checkHeadJoint(doc *Document) check.Result {
	paths, orgs := russianOrgs(doc)
	if len(orgs) == 0 {
		return RuleHeadJoint.Skipped("no Russian organisation principal")
	}
	for k, o := range orgs {
		joint := 0
		for _, h := range o.Heads {
			if h.Authority == "2" {
				joint++
			}
		}
		if len(o.Heads) > 1 && joint > 0 {
			return RuleHeadJoint.Violated(fmt.Sprintf("%s: %d ЛицоБезДов, %d with ПолнЮЛ=2; "+
				"the meaning of ПолнЮЛ (1 sole, 2 joint) is not confirmed by a published format description",
				paths[k], len(o.Heads), joint))
		}
	}
	return RuleHeadJoint.Passed("")
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
		if s := exactlyOne(fmt.Sprintf("%s[%d]/Пред", name, i+1), "ТипПред", r.Type, representativeChild, r.Children); s != "" {
			problems = append(problems, s)
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return RuleRepresentativeKind.Violated(s, s)
	}
	return RuleRepresentativeKind.Passed("")
}

func checkNumber(doc *Document) check.Result {
	n := doc.Number()
	if !isGUID(n) {
		return RuleNumber.Violated("НомДовер="+n, n)
	}
	return RuleNumber.Passed("")
}

// isGUID reports whether s has the 8-4-4-4-12 hexadecimal layout (either
// case).
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
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
	if len(doc.FormFlags) == 8 && doc.FormFlags[3] == '1' && !strings.HasPrefix(doc.TaxFileID, TaxFileIDPrefix) {
		problems = append(problems, fmt.Sprintf("ИдФайлНО %.80q должен начинаться с %s", doc.TaxFileID, TaxFileIDPrefix))
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return RuleFileID.Violated(s, s)
	}
	return RuleFileID.Passed("")
}

func checkFileName(doc *Document, o ValidateOptions) check.Result {
	if o.FileName == "" {
		return RuleFileName.Skipped("no file name given")
	}
	base := path.Base(strings.ReplaceAll(o.FileName, `\`, "/"))
	stem := base
	if i := strings.LastIndexByte(stem, '.'); i > 0 && strings.EqualFold(stem[i:], ".xml") {
		stem = stem[:i]
	}
	if strings.EqualFold(stem, doc.FileID) {
		return RuleFileName.Passed("")
	}
	return RuleFileName.Violated("file "+base+", ИдФайл "+doc.FileID, base, doc.FileID)
}

func checkSystemGUID(doc *Document) check.Result {
	sys := strings.TrimSpace(doc.Meta().System)
	g := systemGUID(sys)
	if g == "" {
		return RuleSystemGUID.Skipped("no guid= in СведСист")
	}
	if !strings.EqualFold(g, doc.Number()) {
		return RuleSystemGUID.Violated("guid="+g+", НомДовер="+doc.Number(), g, doc.Number())
	}
	return RuleSystemGUID.Passed("")
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
		problems = append(problems, fmt.Sprintf("дата выдачи (ДатаВыдДовер) не указана или неверна: %.40q", m.IssueDateText))
	}
	if m.ExpiryDate.IsZero() {
		problems = append(problems, fmt.Sprintf("срок действия (СрокДейст) не указан или неверен: %.40q", m.ExpiryDateText))
	}
	if len(problems) == 0 && m.IssueDate.After(m.ExpiryDate) {
		problems = append(problems, fmt.Sprintf("дата выдачи %s позже окончания срока действия %s", m.IssueDate, m.ExpiryDate))
	}
	if r := doc.Retrust; r != nil && len(problems) == 0 && !r.Original.ExpiryDate.IsZero() && m.ExpiryDate.After(r.Original.ExpiryDate) {
		problems = append(problems, fmt.Sprintf("срок действия %s превышает срок действия основной доверенности %s (ГК РФ, ст. 187)",
			m.ExpiryDate, r.Original.ExpiryDate))
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return RuleDates.Violated(s, s)
	}
	return RuleDates.Passed("")
}

func checkInForce(doc *Document, o ValidateOptions) check.Result {
	m := doc.Meta()
	at := o.at()
	today := MoscowDate(at)
	detail := fmt.Sprintf("at %s, Moscow date %s, valid %s..%s inclusive", at.UTC().Format(time.RFC3339), today, m.IssueDate, m.ExpiryDate)
	switch {
	case m.IssueDate.IsZero() || m.ExpiryDate.IsZero():
		return RuleInForce.Violated(detail, today, "даты доверенности не указаны или неверны")
	case today.Before(m.IssueDate):
		return RuleInForce.Violated(detail, today, "дата выдачи "+m.IssueDate.String()+" ещё не наступила")
	case today.After(m.ExpiryDate):
		return RuleInForce.Violated(detail, today, "срок действия истёк "+m.ExpiryDate.String())
	}
	return RuleInForce.Passed(detail)
}

func checkPower(doc *Document, o ValidateOptions) check.Result {
	code := o.power()
	p := doc.Powers()
	if m, ok := doc.FindPower(code); ok {
		r := RulePower.Passed(m.Path())
		r.Message = fmt.Sprintf("Доверенность содержит полномочие %s (найдено в атрибуте %s)", code, m.Field)
		return r
	}
	if p != nil && len(p.Machine) == 0 && p.HasText {
		return RulePower.Violated("text-only powers (ТекстПолн without МашПолн)",
			"Полномочия в доверенности указаны только текстом (ТекстПолн); машиночитаемое полномочие "+code+
				" не может быть подтверждено — оформите доверенность с полномочием из классификатора")
	}
	var codes []string
	if p != nil {
		for _, m := range p.Machine {
			codes = append(codes, m.Code)
		}
	}
	return RulePower.Violated("codes: "+strings.Join(codes, ", "),
		"Доверенность не содержит полномочия "+code+" («"+DefaultPowerName+"»)")
}

func checkPowerRestrictions(doc *Document, o ValidateOptions) check.Result {
	m, ok := doc.FindPower(o.power())
	if !ok {
		return RulePowerRestrictions.Skipped("required power not found")
	}
	if len(m.Power.Restrictions) == 0 {
		return RulePowerRestrictions.Passed("")
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
	return RulePowerRestrictions.Violated(m.Path()+": "+s, m.Power.Code, s)
}

func checkJoint(doc *Document) check.Result {
	p := doc.Powers()
	n := len(doc.Representatives())
	if p == nil {
		return RuleJoint.Skipped("no СвПолн")
	}
	if p.Joint != "2" || n < 2 {
		return RuleJoint.Passed(fmt.Sprintf("ПрСовмПолн=%q, %d representatives", p.Joint, n))
	}
	return RuleJoint.Violated(fmt.Sprintf("ПрСовмПолн=2 with %d representatives; the meaning of ПрСовмПолн is disputed "+
		"(Docsvision: 1 individual, 2 joint; some third-party models read it the other way round)", n))
}

func checkRetrust(doc *Document, o ValidateOptions) check.Result {
	if !doc.IsRetrust() {
		return RuleRetrust.Passed("ПрПередов=" + doc.Meta().RetrustAllowed)
	}
	detail := "Передов; original НомДоверПерв=" + doc.Retrust.Original.Number
	if o.AllowRetrust {
		return RuleRetrust.Warned(detail+"; accepted by AllowRetrust",
			"Доверенность выдана в порядке передоверия; принята по настройке, цепочка доверенностей должна быть проверена отдельно")
	}
	return RuleRetrust.Violated(detail)
}

// idRef is one identifier occurrence to check.
type idRef struct {
	path, value string
	parse       func(string) error
}

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

func (c *idCollector) add(path, value string, parse func(string) error) {
	if value != "" {
		c.refs = append(c.refs, idRef{path, value, parse})
	}
}

func (c *idCollector) org(p string, o *Organisation) {
	if o == nil {
		return
	}
	c.add(p+"/@ИННЮЛ", o.INN, pINNLE)
	c.add(p+"/@ОГРН", o.OGRN, pOGRN)
}

func (c *idCollector) foreign(p string, o *ForeignOrganisation) {
	if o != nil {
		c.add(p+"/@ИННЮЛ", o.INN, pINNLE)
	}
}

func (c *idCollector) person(p string, o *Person) {
	if o == nil {
		return
	}
	c.add(p+"/@ИННФЛ", o.INN, pINNFL)
	c.add(p+"/@СНИЛС", o.SNILS, pSNILS)
}

func (c *idCollector) ip(p string, o *Entrepreneur) {
	if o == nil {
		return
	}
	c.add(p+"/@ОГРНИП", o.OGRNIP, pOGRNIP)
	c.add(p+"/@ИННФЛ", o.INN, pINNFL)
	c.add(p+"/@СНИЛС", o.SNILS, pSNILS)
}

func (c *idCollector) fl(p string, o *PersonPrincipal) {
	if o == nil {
		return
	}
	c.add(p+"/@ИННФЛ", o.INN, pINNFL)
	c.add(p+"/@СНИЛС", o.SNILS, pSNILS)
	if o.LegalRepresentative != nil {
		c.head(p+"/СвЗакПредРук", o.LegalRepresentative)
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

func (c *idCollector) foreignPrincipal(p string, o *ForeignOrgPrincipal) {
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
		c.foreign(p+"/СведИО", r.ForeignUnit)
	}
}

func (c *idCollector) original(name string, o *OriginalPOA) {
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
	if d := doc.Direct; d != nil {
		for i := range d.Principals {
			pr := &d.Principals[i]
			p := fmt.Sprintf("СвДоверит[%d]/Доверит", i+1)
			c.rosOrg(p+"/РосОргДовер", pr.RussianOrg)
			c.foreignPrincipal(p+"/ИнОргДовер", pr.ForeignOrg)
			c.ip(p+"/ИПДовер", pr.Entrepreneur)
			c.fl(p+"/ФЛДовер", pr.Person)
		}
		c.reps("СвУпПред", d.Representatives)
	}
	if r := doc.Retrust; r != nil {
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
				c.add(p+"/ФЛПерПолн/@ИННФЛ", t.Person.INN, pINNFL)
				c.add(p+"/ФЛПерПолн/@СНИЛС", t.Person.SNILS, pSNILS)
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
			problems = append(problems, fmt.Sprintf("%s = %.40q: %s", r.path, r.value, check.MessageRU(err, "")))
		}
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return RuleIDChecksum.Violated(s, s)
	}
	if len(refs) == 0 {
		return RuleIDChecksum.Skipped("no identifiers")
	}
	return RuleIDChecksum.Passed(fmt.Sprintf("%d identifiers checked", len(refs)))
}
