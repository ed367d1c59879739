package mchd

import (
	"fmt"
	"time"
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

// Moscow is the fixed UTC+3 zone in which МЧД dates are calendar dates. It
// does not depend on the tz database.
var Moscow = time.FixedZone("MSK", 3*3600)

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
func MoscowDate(t time.Time) Date { return DateOf(t.In(Moscow)) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
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

// Document is a parsed МЧД of format 003. Exactly one of Direct and Retrust
// is set. Attribute values are kept exactly as written (identifiers are not
// normalised; the number keeps its case); the rules of Validate judge them.
type Document struct {
	// Raw is the original file content, byte for byte: detached signatures
	// are computed over it. Do not modify it.
	Raw []byte

	FormatVersion string // @ВерсФорм
	FormFlags     string // @ПрЭлФорм, 8 characters 0/1
	FileID        string // @ИдФайл
	TaxFileID     string // @ИдФайлНО
	OID           string // @OID
	Info          string // ИнСвед
	KND           string // Документ/@КНД

	// Direct is Документ/Довер, a power of attorney issued by the principal.
	Direct *Direct
	// Retrust is Документ/Передов, a power of attorney issued by way of
	// retrust (передоверие).
	Retrust *Retrust

	// FieldErrors lists values that could not be read into the model (an
	// invalid date); they are reported by the MCHD-FIELD-FORMAT rule.
	FieldErrors []FieldError
}

// FieldError is a value the parser could not interpret.
type FieldError struct {
	Path  string // element path and attribute, e.g. "Довер/СвДов/@СрокДейст"
	Value string
	Err   string
}

// Direct is Довер: a power of attorney issued directly by its principals.
type Direct struct {
	Info            Info             // СвДов
	Principals      []Principal      // СвДоверит+
	Representatives []Representative // СвУпПред+
	Powers          Powers           // СвПолн
	Notary          *Notary          // СвНотУд?
}

// Info is СвДовТип: number, dates and kind of a power of attorney (СвДов of a
// direct one, СвПереДовер of a retrust).
type Info struct {
	Kind             string   // @ВидДовер: 1 revocable, 2 irrevocable
	RetrustAllowed   string   // @ПрПередов: 1 no retrust, 2 one-time, 3 with further retrust
	InternalNumber   string   // @ВнНомДовер
	Number           string   // @НомДовер, GUID, case kept as written
	NotaryNumber     string   // @НомРНДДовер
	AdditionalID     string   // @ДопИдДовер
	RegisteredOn     Date     // @ДатаВнРегДовер
	IssueDate        Date     // @ДатаВыдДовер
	ExpiryDate       Date     // @СрокДейст (inclusive)
	TaxOfficeCode    string   // @КодНО
	TaxOffices       []string // КодНОДейст*
	System           string   // СведСист
	Irrevocable      *Irrevocable
	IssueDateText    string // @ДатаВыдДовер as written
	ExpiryDateText   string // @СрокДейст as written
	RegisteredOnText string // @ДатаВнРегДовер as written
}

// Revocable reports whether ВидДовер says the power of attorney is revocable.
func (i *Info) Revocable() bool { return i.Kind != "2" }

// Irrevocable is Безотзыв: conditions of an irrevocable power of attorney.
type Irrevocable struct {
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
// allows any subset of the alternatives inside Доверит; Children lists the
// ones present, in document order, and the MCHD-PRINCIPAL-KIND rule requires
// exactly the one Type announces.
type Principal struct {
	Type         string               // @ТипДоверит
	Children     []string             // local names of Доверит's children
	RussianOrg   *RussianOrgPrincipal // РосОргДовер
	ForeignOrg   *ForeignOrgPrincipal // ИнОргДовер
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
	Authority    string                // @ПолнЮЛ: 1 sole, 2 joint (meaning not confirmed)
	Children     []string              // local names of the children present
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
	RegNumber   string // @РегНомер
	FoundingDoc string // @НаимУчрДок
	Phone       string // @КонтактТлф
	Email       string // @АдрЭлПочт
	Status      string // @СтУчНД
	Region      string // АдрРег/@Регион
	FIASID      string // АдрРег/@ИдФИАС
	Address     string // АдрРег/АдрРФ
	FIASAddress string // АдрРег/ФИАСАдрРФ
}

// ForeignOrganisation is СвИнОргТип.
type ForeignOrganisation struct {
	Name      string // @НаимИО
	INN       string // @ИННЮЛ
	KPP       string // @КПП
	NZA       string // @НЗА
	Country   string // @СтрРег
	RegNumber string // @РегНомер
	Status    string // @СтУчНД
}

// ForeignOrgPrincipal is ИнОргДоверТип.
type ForeignOrgPrincipal struct {
	Org   ForeignOrganisation // СвИнОрг
	Heads []Person            // СвРукОП+
}

// Person is СвФЛТип: a natural person (head, representative). ИНН and СНИЛС
// are both optional in the format.
type Person struct {
	INN      string // @ИННФЛ
	SNILS    string // @СНИЛС as written ("DDD-DDD-DDD DD")
	Position string // @Должность
	Status   string // @СтУчНД
	Details  PersonDetails
}

// PersonDetails is СведФЛТип.
type PersonDetails struct {
	Name        FullName          // ФИО
	BirthDate   Date              // @ДатаРожд
	Sex         string            // @Пол
	CitizenFlag string            // @ПрГражд
	Citizenship string            // @Гражданство (ОКСМ)
	ERN         string            // @НомЕРН
	BirthPlace  string            // @МестоРожд
	Phone       string            // @КонтактТлф
	Email       string            // @АдрЭлПочт
	Identity    *IdentityDocument // УдЛичнФЛ
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

// IdentityDocument is УдЛичнФЛ.
type IdentityDocument struct {
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
	Status  string // @СтУчНД
	Details PersonDetails
}

// PersonPrincipal is ФЛДоверТип.
type PersonPrincipal struct {
	SNILS               string // @СНИЛС
	INN                 string // @ИННФЛ
	Status              string // @СтУчНД
	Capacity            string // @ПрДеесп
	Details             PersonDetails
	LegalRepresentative *Head // СвЗакПредРук
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
	Children     []string             // local names of Пред's children
	Org          *Organisation        // СведОрг
	Entrepreneur *Entrepreneur        // СведИП
	Person       *Person              // СведФизЛ
	Branch       *Organisation        // СведФилиал
	ForeignUnit  *ForeignOrganisation // СведИО
}

// Powers is СвПолнТип.
type Powers struct {
	Type          string  // @ТипПолн: 0 text, 1 machine-readable
	Joint         string  // @ПрСовмПолн: 1 individual, 2 joint (disputed)
	LossOnRetrust string  // @ПрУтрПолн (disputed)
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

// Notary is СвНотУд, kept as presence plus key fields.
type Notary struct {
	Place     string   // @МестоДовер
	FeePaid   string   // @УплНотДейст
	Position  string   // СвНотДейств/@Должность
	RegNumber string   // СвНотДейств/@РегНомНот
	Name      FullName // СвНотДейств/ФИОНотДейств
	Acting    bool     // ВриоНот present
}

// Retrust is Передов: a power of attorney issued by way of retrust.
type Retrust struct {
	TaxFlag     string           // @ПрНалПередов
	Original    OriginalPOA      // СвПервДовер
	Previous    *OriginalPOA     // СвПередов
	Info        Info             // СвПереДовер
	Transferors []Transferor     // СвПередПолн+
	Recipients  []Representative // СвПолучПолн+
	Powers      Powers           // СвПолн
	Notary      *Notary          // СвНотУд
}

// OriginalPOA is СвПервДоверТип: the original (or intermediate) power of
// attorney a retrust is based on.
type OriginalPOA struct {
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
	Principals      []OriginalPrincipal // СвДоверПерв*
}

// OriginalPrincipal is СвДоверПерв: a principal of the original power of
// attorney.
type OriginalPrincipal struct {
	Type         string               // @ТипДоверит
	Children     []string             // local names of ДоверитПерв's children
	Org          *Organisation        // РосОргДовер (СвОргТип here)
	ForeignOrg   *ForeignOrganisation // ИнОргДовер
	Entrepreneur *Entrepreneur        // ИПДовер
	Person       *PersonPrincipal     // ФЛДовер
}

// Transferor kinds (@ТипПерПолн).
const (
	TransferorKindRussianOrg   = "1"
	TransferorKindEntrepreneur = "2"
	TransferorKindPerson       = "3"
	TransferorKindBranch       = "4"
	TransferorKindForeignOrg   = "5"
)

// Transferor is СвПередПолн: who passes the powers on.
type Transferor struct {
	Type         string               // @ТипПерПолн
	Children     []string             // local names of ПередПолн's children
	RussianOrg   *RussianOrgPrincipal // РосОргПерПолн
	Entrepreneur *Entrepreneur        // ИППерПолн
	Person       *TransferorPerson    // ФЛПерПолн
	Branch       *BranchTransferor    // ФилПерПолн
	ForeignOrg   *ForeignOrgPrincipal // ИнПерПолн
}

// TransferorPerson is ФЛПерПолн.
type TransferorPerson struct {
	INN        string        // @ИННФЛ
	SNILS      string        // @СНИЛС
	Details    PersonDetails // СведФЛ
	HandSigner *Person       // СведРукоп
}

// BranchTransferor is ФилПерПолн.
type BranchTransferor struct {
	Branch Organisation // СвФил
	Head   Person       // СвРукФил
}
