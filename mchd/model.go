package mchd

import (
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"
)

// Format constants of the unified МЧД format 003.
const (
	// FormatVersion is the value of Доверенность/@ВерсФорм for format 003.
	FormatVersion = "EMCHD_1"
	// Namespace is the target namespace of the format 003 schema.
	Namespace = "urn://x-artefacts/EMCHD_1"
	// FileIDPrefix starts every @ИдФайл of format 003.
	FileIDPrefix = "ON_EMCHD_"
	// TaxFileIDPrefix starts @ИдФайлНО of the tax-office variant.
	TaxFileIDPrefix = "ON_DOVEL_"
	// DefaultPowerCode is the ЕГИСЗ power «Подача заявок на предоставление
	// (отзыв) доступа к подсистемам (компонентам) ЕГИСЗ».
	DefaultPowerCode = "EGISZ_LK_01"
	// DefaultPowerName is the classifier name of DefaultPowerCode.
	DefaultPowerName = "Подача заявок на предоставление (отзыв) доступа к подсистемам (компонентам) ЕГИСЗ"
)

// Date is a civil (calendar) date without a time zone, as written in an МЧД
// (xs:date). The zero value means "absent or invalid".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses an xs:date "YYYY-MM-DD", optionally followed by a time
// zone suffix ("Z", "+03:00"), which is ignored: МЧД dates are Moscow
// calendar dates.
func ParseDate(s string) (Date, error) {
	if len(s) < 10 {
		return Date{}, fmt.Errorf("mchd: date %q: want YYYY-MM-DD", s)
	}
	body, tz := s[:10], s[10:]
	switch {
	case tz == "", tz == "Z":
	case len(tz) == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':' &&
		isDigits(tz[1:3]) && isDigits(tz[4:6]):
	default:
		return Date{}, fmt.Errorf("mchd: date %q: bad time zone suffix", s)
	}
	if body[4] != '-' || body[7] != '-' || !isDigits(body[:4]) || !isDigits(body[5:7]) || !isDigits(body[8:10]) {
		return Date{}, fmt.Errorf("mchd: date %q: want YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, body)
	if err != nil {
		return Date{}, fmt.Errorf("mchd: date %q: %v", s, err)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for constants in tests and examples; it panics on an
// invalid date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// MoscowDate returns the Moscow calendar date of the instant t.
func MoscowDate(t time.Time) Date { return DateOf(t.In(msk.Zone)) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	// The common case without fmt: this runs for every date of every
	// checked document.
	m := int(d.Month)
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	}
	return sign(d.Day - e.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Document is a parsed МЧД of format 003: a direct power of attorney (Довер)
// or a retrust (Передов, see IsRetrust). The model exports what a check of a
// registration needs — the parties, the dates, the powers — through the
// accessors Meta, Principal, Head, ManagingOrganisation, Representatives and
// Powers, which read either kind; the rest of the content is read for the
// rules of Validate and kept unexported. Attribute values are kept exactly as
// written (identifiers are not normalised; the number keeps its case); the
// rules judge them.
type Document struct {
	// Raw is the original file content, byte for byte: detached signatures
	// are computed over it. Do not modify it.
	Raw []byte

	FormatVersion string // @ВерсФорм
	formFlags     string // @ПрЭлФорм, 8 characters 0/1
	FileID        string // @ИдФайл
	taxFileID     string // @ИдФайлНО
	oid           string // @OID
	info          string // ИнСвед
	knd           string // Документ/@КНД

	// direct is Документ/Довер, a power of attorney issued by the principal.
	direct *directPOA
	// retrust is Документ/Передов, a power of attorney issued by way of
	// retrust (передоверие).
	retrust *retrustPOA

	// fieldErrors lists values that could not be read into the model (an
	// invalid date); they are reported by the MCHD-FIELD-FORMAT rule.
	fieldErrors []fieldError
}

// fieldError is a value the parser could not interpret.
type fieldError struct {
	Path  string // element path and attribute, e.g. "Довер/СвДов/@СрокДейст"
	Value string
	Err   string
}

// directPOA is Довер: a power of attorney issued directly by its principals.
type directPOA struct {
	Info            Info             // СвДов
	Principals      []Principal      // СвДоверит+
	Representatives []Representative // СвУпПред+
	Powers          Powers           // СвПолн
	Notary          *notary          // СвНотУд?
}

// Info is СвДовТип: number, dates and kind of a power of attorney (СвДов of a
// direct one, СвПереДовер of a retrust).
type Info struct {
	Kind             string   // @ВидДовер: 1 revocable, 2 irrevocable
	RetrustAllowed   string   // @ПрПередов: 1 no retrust, 2 one-time, 3 with further retrust
	InternalNumber   string   // @ВнНомДовер
	Number           string   // @НомДовер, GUID, case kept as written
	notaryNumber     string   // @НомРНДДовер
	additionalID     string   // @ДопИдДовер
	registeredOn     Date     // @ДатаВнРегДовер
	IssueDate        Date     // @ДатаВыдДовер
	ExpiryDate       Date     // @СрокДейст (inclusive)
	taxOfficeCode    string   // @КодНО
	taxOffices       []string // КодНОДейст*
	System           string   // СведСист
	irrevocable      *irrevocableTerms
	issueDateText    string // @ДатаВыдДовер as written
	expiryDateText   string // @СрокДейст as written
	registeredOnText string // @ДатаВнРегДовер as written
}

// Revocable reports whether ВидДовер says the power of attorney is revocable.
func (i *Info) Revocable() bool { return i.Kind != "2" }

// irrevocableTerms is Безотзыв: conditions of an irrevocable power of attorney.
type irrevocableTerms struct {
	TransferWithoutPOA  string // @ПрПерБезДов
	RevocationCondition string // @УслОтзыва
	ConditionText       string // ОписУслОт
}

// Principal kinds (@ТипДоверит).
const (
	PrincipalRussianOrg   = "1"
	PrincipalForeignOrg   = "2"
	PrincipalEntrepreneur = "3"
	PrincipalPerson       = "4"
)

// Principal is СвДоверит: one principal of the power of attorney. The XSD
// allows any subset of the alternatives inside Доверит; the
// MCHD-PRINCIPAL-KIND rule requires exactly the one Type announces. A foreign
// organisation (PrincipalForeignOrg) is known by Type only.
type Principal struct {
	Type         string               // @ТипДоверит
	children     []string             // local names of Доверит's children
	RussianOrg   *RussianOrgPrincipal // РосОргДовер
	foreignOrg   *foreignOrgPrincipal // ИнОргДовер
	Entrepreneur *Entrepreneur        // ИПДовер
	Person       *PersonPrincipal     // ФЛДовер
}

// RussianOrgPrincipal is РосОргДоверТип: a Russian legal entity and the
// persons who act for it without a power of attorney.
type RussianOrgPrincipal struct {
	EIOUK string // @ЕИОУК: ЕИО is a managing organisation
	EIOFL string // @ЕИОФЛ: ЕИО is a natural person
	EIOIP string // @ЕИОИП: ЕИО is an individual entrepreneur
	Org   Organisation
	Heads []Head // ЛицоБезДов+
}

// Head is ЛицоБезДовТип: a person acting without a power of attorney.
type Head struct {
	authority    string                // @ПолнЮЛ: 1 sole, 2 joint (meaning not confirmed)
	children     []string              // local names of the children present
	ManagingOrg  *ManagingOrganisation // СВЮЛ
	Person       *Person               // СвФЛ
	Entrepreneur *Entrepreneur         // СвИП
}

// ManagingOrganisation is СВЮЛ: the managing organisation acting as the
// single executive body and the persons acting for it.
type ManagingOrganisation struct {
	Org     Organisation // СвЮЛЕИО
	Persons []Person     // СвФЛ+
}

// Organisation is СвОргТип.
type Organisation struct {
	Name        string // @НаимОрг
	INN         string // @ИННЮЛ
	KPP         string // @КПП
	OGRN        string // @ОГРН
	regNumber   string // @РегНомер
	foundingDoc string // @НаимУчрДок
	phone       string // @КонтактТлф
	email       string // @АдрЭлПочт
	status      string // @СтУчНД
	region      string // АдрРег/@Регион
	fiasID      string // АдрРег/@ИдФИАС
	address     string // АдрРег/АдрРФ
	fiasAddress string // АдрРег/ФИАСАдрРФ
}

// foreignOrganisation is СвИнОргТип.
type foreignOrganisation struct {
	Name      string // @НаимИО
	INN       string // @ИННЮЛ
	KPP       string // @КПП
	NZA       string // @НЗА
	Country   string // @СтрРег
	RegNumber string // @РегНомер
	Status    string // @СтУчНД
}

// foreignOrgPrincipal is ИнОргДоверТип.
type foreignOrgPrincipal struct {
	Org   foreignOrganisation // СвИнОрг
	Heads []Person            // СвРукОП+
}

// Person is СвФЛТип: a natural person (head, representative). ИНН and СНИЛС
// are both optional in the format.
type Person struct {
	INN      string // @ИННФЛ
	SNILS    string // @СНИЛС as written ("DDD-DDD-DDD DD")
	Position string // @Должность
	status   string // @СтУчНД
	Details  PersonDetails
}

// PersonDetails is СведФЛТип.
type PersonDetails struct {
	Name        FullName          // ФИО
	BirthDate   Date              // @ДатаРожд
	sex         string            // @Пол
	citizenFlag string            // @ПрГражд
	citizenship string            // @Гражданство (ОКСМ)
	ern         string            // @НомЕРН
	birthPlace  string            // @МестоРожд
	phone       string            // @КонтактТлф
	email       string            // @АдрЭлПочт
	identity    *identityDocument // УдЛичнФЛ
}

// FullName is ФИОТип.
type FullName struct {
	Last   string // @Фамилия
	First  string // @Имя
	Middle string // @Отчество
}

// String returns "Фамилия Имя Отчество".
func (n FullName) String() string {
	s := n.Last + " " + n.First
	if n.Middle != "" {
		s += " " + n.Middle
	}
	return s
}

// identityDocument is УдЛичнФЛ.
type identityDocument struct {
	KindCode   string // @КодВидДок
	Number     string // @СерНомДок
	IssuedOn   Date   // @ДатаДок
	IssuedBy   string // @ВыдДок
	IssuerCode string // @КодВыдДок
	ExpiresOn  Date   // expDate
}

// Entrepreneur is СведИПТип.
type Entrepreneur struct {
	OGRNIP  string // @ОГРНИП
	INN     string // @ИННФЛ
	SNILS   string // @СНИЛС
	Name    string // @НаимИП
	status  string // @СтУчНД
	Details PersonDetails
}

// PersonPrincipal is ФЛДоверТип.
type PersonPrincipal struct {
	SNILS               string // @СНИЛС
	INN                 string // @ИННФЛ
	status              string // @СтУчНД
	capacity            string // @ПрДеесп
	Details             PersonDetails
	legalRepresentative *Head // СвЗакПредРук
}

// Representative kinds (@ТипПред).
const (
	RepresentativeOrg          = "1"
	RepresentativeEntrepreneur = "2"
	RepresentativePerson       = "3"
	RepresentativeBranch       = "4"
	RepresentativeForeignUnit  = "5"
)

// Representative is СвУпПредТип (СвУпПред of a direct power of attorney,
// СвПолучПолн of a retrust).
type Representative struct {
	Type         string               // @ТипПред
	children     []string             // local names of Пред's children
	Org          *Organisation        // СведОрг
	Entrepreneur *Entrepreneur        // СведИП
	Person       *Person              // СведФизЛ
	Branch       *Organisation        // СведФилиал
	foreignUnit  *foreignOrganisation // СведИО
}

// Powers is СвПолнТип.
type Powers struct {
	Type          string  // @ТипПолн: 0 text, 1 machine-readable
	Joint         string  // @ПрСовмПолн: 1 individual, 2 joint (disputed)
	lossOnRetrust string  // @ПрУтрПолн (disputed)
	Text          string  // ТекстПолн
	HasText       bool    // ТекстПолн present
	Machine       []Power // МашПолн*
}

// Power is МашПолн: one machine-readable power.
type Power struct {
	Code         string        // @КодПолн
	Name         string        // @НаимПолн
	Mnemonic     string        // @МнПолн
	Restrictions []Restriction // ОгрСвПолн*
}

// Restriction is ОгрСвПолн.
type Restriction struct {
	ID        string // @ИдОгр
	Code      string // @КодОгр
	Name      string // @НаимОгр
	ValueName string // @НаимЗначОгр
	ValueCode string // КодЗначОгр
	ValueText string // ТексЗначОгр
}

// notary is СвНотУд, kept as presence plus key fields.
type notary struct {
	Place     string   // @МестоДовер
	FeePaid   string   // @УплНотДейст
	Position  string   // СвНотДейств/@Должность
	RegNumber string   // СвНотДейств/@РегНомНот
	Name      FullName // СвНотДейств/ФИОНотДейств
	Acting    bool     // ВриоНот present
}

// retrustPOA is Передов: a power of attorney issued by way of retrust.
type retrustPOA struct {
	TaxFlag     string           // @ПрНалПередов
	Original    originalPOA      // СвПервДовер
	Previous    *originalPOA     // СвПередов
	Info        Info             // СвПереДовер
	Transferors []transferor     // СвПередПолн+
	Recipients  []Representative // СвПолучПолн+
	Powers      Powers           // СвПолн
	Notary      *notary          // СвНотУд
}

// originalPOA is СвПервДоверТип: the original (or intermediate) power of
// attorney a retrust is based on.
type originalPOA struct {
	Kind            string              // @ПрДовер
	Form            string              // @ФормДовер: 1 simple, 2 notarial
	IssueDate       Date                // @ДатаВыдДовер
	ExpiryDate      Date                // @СрокДейст
	InternalNumber  string              // @ВнНомДоверПерв
	InternalNumberN string              // @ВнНомДоверN
	Number          string              // @НомДоверПерв
	NumberN         string              // @НомДоверN
	NotaryNumber    string              // @НомРНДПерв
	NotaryNumberN   string              // @НомРНДN
	Principals      []originalPrincipal // СвДоверПерв*
}

// originalPrincipal is СвДоверПерв: a principal of the original power of
// attorney.
type originalPrincipal struct {
	Type         string               // @ТипДоверит
	Children     []string             // local names of ДоверитПерв's children
	Org          *Organisation        // РосОргДовер (СвОргТип here)
	ForeignOrg   *foreignOrganisation // ИнОргДовер
	Entrepreneur *Entrepreneur        // ИПДовер
	Person       *PersonPrincipal     // ФЛДовер
}

// Transferor kinds (@ТипПерПолн).
const (
	transferorKindRussianOrg   = "1"
	transferorKindEntrepreneur = "2"
	transferorKindPerson       = "3"
	transferorKindBranch       = "4"
	transferorKindForeignOrg   = "5"
)

// transferor is СвПередПолн: who passes the powers on.
type transferor struct {
	Type         string               // @ТипПерПолн
	Children     []string             // local names of ПередПолн's children
	RussianOrg   *RussianOrgPrincipal // РосОргПерПолн
	Entrepreneur *Entrepreneur        // ИППерПолн
	Person       *transferorPerson    // ФЛПерПолн
	Branch       *branchTransferor    // ФилПерПолн
	ForeignOrg   *foreignOrgPrincipal // ИнПерПолн
}

// transferorPerson is ФЛПерПолн.
type transferorPerson struct {
	INN        string        // @ИННФЛ
	SNILS      string        // @СНИЛС
	Details    PersonDetails // СведФЛ
	HandSigner *Person       // СведРукоп
}

// branchTransferor is ФилПерПолн.
type branchTransferor struct {
	Branch Organisation // СвФил
	Head   Person       // СвРукФил
}
