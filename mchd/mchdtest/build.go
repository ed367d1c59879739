package mchdtest

import (
	"errors"
	"fmt"

	"github.com/beevik/etree"

	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
)

// Spec describes a power of attorney for Build. Identifiers are written as
// given (СНИЛС in the "DDD-DDD-DDD DD" form).
type Spec struct {
	// Shape selects the principal and the elements written for it.
	Shape          mchd.Shape
	Number         string    // НомДовер, a GUID; kept as given
	InternalNumber string    // ВнНомДовер; default "1"
	IssueDate      mchd.Date // ДатаВыдДовер
	ExpiryDate     mchd.Date // СрокДейст
	// System is СведСист; empty means the m4d check URL with the number.
	System string

	// Organisation is the principal (mchd.ShapeHead,
	// mchd.ShapeManagingOrganisation).
	Organisation Org
	// Head is the director (mchd.ShapeHead).
	Head Person
	// ManagingOrg is the managing organisation and its head(s)
	// (mchd.ShapeManagingOrganisation).
	ManagingOrg Managing
	// Entrepreneur is the principal (mchd.ShapeEntrepreneur).
	Entrepreneur Entrepreneur

	// Representative is the person receiving the powers.
	Representative Person

	// Powers lists the machine-readable powers; empty means the single
	// power EGISZ_LK_01.
	Powers []mchd.Power
}

// Org is an organisation as Build writes it (СвОргТип).
type Org struct {
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

// Person is a natural person as Build writes it (СвФЛТип with СведФЛ).
type Person struct {
	INN      string // @ИННФЛ
	SNILS    string // @СНИЛС as written ("DDD-DDD-DDD DD")
	Position string // @Должность
	Status   string // @СтУчНД
	Details  Details
}

// Details are СведФЛТип: the name and the personal details of a person.
type Details struct {
	Name        mchd.FullName // ФИО
	BirthDate   mchd.Date     // @ДатаРожд
	Sex         string        // @Пол
	CitizenFlag string        // @ПрГражд
	Citizenship string        // @Гражданство (ОКСМ)
	ERN         string        // @НомЕРН
	BirthPlace  string        // @МестоРожд
	Phone       string        // @КонтактТлф
	Email       string        // @АдрЭлПочт
	Identity    *Identity     // УдЛичнФЛ
}

// Identity is an identity document (УдЛичнФЛ).
type Identity struct {
	KindCode   string    // @КодВидДок
	Number     string    // @СерНомДок
	IssuedOn   mchd.Date // @ДатаДок
	IssuedBy   string    // @ВыдДок
	IssuerCode string    // @КодВыдДок
	ExpiresOn  mchd.Date // expDate
}

// Entrepreneur is an individual entrepreneur as Build writes it
// (СведИПТип).
type Entrepreneur struct {
	OGRNIP  string // @ОГРНИП
	INN     string // @ИННФЛ
	SNILS   string // @СНИЛС
	Name    string // @НаимИП
	Status  string // @СтУчНД
	Details Details
}

// Managing is a managing organisation and the persons acting for it
// (СВЮЛ).
type Managing struct {
	Org     Org      // СвЮЛЕИО
	Persons []Person // СвФЛ+
}

// FileID returns ON_EMCHD_<YYYYMMDD of IssueDate>_<Number>, the ИдФайл
// Build writes.
func (s *Spec) FileID() string {
	return fmt.Sprintf("%s%04d%02d%02d_%s", mchd.FileIDPrefix, s.IssueDate.Year, int(s.IssueDate.Month), s.IssueDate.Day, s.Number)
}

// Build writes a power of attorney of format 003 for spec, unsigned. The
// output is deterministic for the same spec, starts with
// <?xml version="1.0" encoding="UTF-8"?> and follows the element order of
// the XSD; mchd.Parse reads it back. Build checks only what it needs to
// write the document (a GUID number, the dates, a person of a managing
// organisation): the rules of package mchd are not applied, so specs that
// break them make documents for negative tests.
func Build(spec Spec) ([]byte, error) {
	if !ident.IsGUID(spec.Number) {
		return nil, fmt.Errorf("mchdtest: build: НомДовер %q is not a GUID", spec.Number)
	}
	if spec.IssueDate.IsZero() || spec.ExpiryDate.IsZero() {
		return nil, errors.New("mchdtest: build: issue and expiry dates are required")
	}
	if spec.ExpiryDate.Before(spec.IssueDate) {
		return nil, errors.New("mchdtest: build: expiry date before issue date")
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("Доверенность")
	root.CreateAttr("xmlns", mchd.Namespace)
	root.CreateAttr("ВерсФорм", mchd.FormatVersion)
	root.CreateAttr("ПрЭлФорм", "00000000")
	root.CreateAttr("ИдФайл", spec.FileID())
	dov := root.CreateElement("Документ").CreateElement("Довер")

	sv := dov.CreateElement("СвДов")
	sv.CreateAttr("ВидДовер", "1")
	sv.CreateAttr("ПрПередов", "1")
	in := spec.InternalNumber
	if in == "" {
		in = "1"
	}
	sv.CreateAttr("ВнНомДовер", in)
	sv.CreateAttr("НомДовер", spec.Number)
	sv.CreateAttr("ДатаВыдДовер", spec.IssueDate.String())
	sv.CreateAttr("СрокДейст", spec.ExpiryDate.String())
	sys := spec.System
	if sys == "" {
		sys = "https://m4d.nalog.gov.ru/emchd/check-status?guid=" + spec.Number
	}
	sv.CreateElement("СведСист").SetText(sys)

	pr := dov.CreateElement("СвДоверит")
	d := etree.NewElement("Доверит")
	switch spec.Shape {
	case mchd.ShapeHead, mchd.ShapeManagingOrganisation:
		pr.CreateAttr("ТипДоверит", mchd.PrincipalRussianOrg)
		pr.AddChild(d)
		ro := d.CreateElement("РосОргДовер")
		uk, fl := "0", "1"
		if spec.Shape == mchd.ShapeManagingOrganisation {
			uk, fl = "1", "0"
		}
		ro.CreateAttr("ЕИОУК", uk)
		ro.CreateAttr("ЕИОФЛ", fl)
		ro.CreateAttr("ЕИОИП", "0")
		writeOrg(ro.CreateElement("СвРосОрг"), &spec.Organisation)
		lbd := ro.CreateElement("ЛицоБезДов")
		lbd.CreateAttr("ПолнЮЛ", "1")
		if spec.Shape == mchd.ShapeHead {
			writePerson(lbd.CreateElement("СвФЛ"), &spec.Head)
		} else {
			if len(spec.ManagingOrg.Persons) == 0 {
				return nil, errors.New("mchdtest: build: managing organisation needs at least one person")
			}
			svul := lbd.CreateElement("СВЮЛ")
			writeOrg(svul.CreateElement("СвЮЛЕИО"), &spec.ManagingOrg.Org)
			for i := range spec.ManagingOrg.Persons {
				writePerson(svul.CreateElement("СвФЛ"), &spec.ManagingOrg.Persons[i])
			}
		}
	case mchd.ShapeEntrepreneur:
		pr.CreateAttr("ТипДоверит", mchd.PrincipalEntrepreneur)
		pr.AddChild(d)
		writeEntrepreneur(d.CreateElement("ИПДовер"), &spec.Entrepreneur)
	default:
		return nil, fmt.Errorf("mchdtest: build: unknown shape %d", spec.Shape)
	}

	up := dov.CreateElement("СвУпПред")
	up.CreateAttr("ТипПред", mchd.RepresentativePerson)
	writePerson(up.CreateElement("Пред").CreateElement("СведФизЛ"), &spec.Representative)

	pol := dov.CreateElement("СвПолн")
	pol.CreateAttr("ТипПолн", "1")
	pol.CreateAttr("ПрСовмПолн", "1")
	powers := spec.Powers
	if len(powers) == 0 {
		powers = []mchd.Power{{Code: mchd.DefaultPowerCode, Name: mchd.DefaultPowerName}}
	}
	for _, p := range powers {
		m := pol.CreateElement("МашПолн")
		setAttr(m, "МнПолн", p.Mnemonic)
		m.CreateAttr("КодПолн", p.Code)
		m.CreateAttr("НаимПолн", p.Name)
		for _, r := range p.Restrictions {
			o := m.CreateElement("ОгрСвПолн")
			o.CreateAttr("ИдОгр", r.ID)
			o.CreateAttr("КодОгр", r.Code)
			o.CreateAttr("НаимОгр", r.Name)
			setAttr(o, "НаимЗначОгр", r.ValueName)
			if r.ValueCode != "" {
				o.CreateElement("КодЗначОгр").SetText(r.ValueCode)
			} else {
				o.CreateElement("ТексЗначОгр").SetText(r.ValueText)
			}
		}
	}
	doc.Indent(2)
	doc.WriteSettings.CanonicalEndTags = false
	b, err := doc.WriteToBytes()
	if err != nil {
		return nil, fmt.Errorf("mchdtest: build: %w", err)
	}
	return b, nil
}

func setAttr(e *etree.Element, k, v string) {
	if v != "" {
		e.CreateAttr(k, v)
	}
}

func writeOrg(e *etree.Element, o *Org) {
	setAttr(e, "СтУчНД", o.Status)
	e.CreateAttr("НаимОрг", o.Name)
	setAttr(e, "ИННЮЛ", o.INN)
	e.CreateAttr("КПП", o.KPP)
	setAttr(e, "ОГРН", o.OGRN)
	setAttr(e, "РегНомер", o.RegNumber)
	setAttr(e, "НаимУчрДок", o.FoundingDoc)
	setAttr(e, "КонтактТлф", o.Phone)
	setAttr(e, "АдрЭлПочт", o.Email)
	if o.Region != "" {
		a := e.CreateElement("АдрРег")
		a.CreateAttr("Регион", o.Region)
		setAttr(a, "ИдФИАС", o.FIASID)
		switch {
		case o.FIASAddress != "":
			a.CreateElement("ФИАСАдрРФ").SetText(o.FIASAddress)
		case o.Address != "":
			a.CreateElement("АдрРФ").SetText(o.Address)
		}
	}
}

func writePerson(e *etree.Element, p *Person) {
	setAttr(e, "СтУчНД", p.Status)
	setAttr(e, "ИННФЛ", p.INN)
	setAttr(e, "СНИЛС", p.SNILS)
	setAttr(e, "Должность", p.Position)
	writeDetails(e.CreateElement("СведФЛ"), &p.Details)
}

func writeEntrepreneur(e *etree.Element, p *Entrepreneur) {
	setAttr(e, "СтУчНД", p.Status)
	setAttr(e, "НаимИП", p.Name)
	e.CreateAttr("ОГРНИП", p.OGRNIP)
	e.CreateAttr("ИННФЛ", p.INN)
	e.CreateAttr("СНИЛС", p.SNILS)
	writeDetails(e.CreateElement("СведФЛ"), &p.Details)
}

func writeDetails(e *etree.Element, d *Details) {
	setAttr(e, "Пол", d.Sex)
	setAttr(e, "ПрГражд", d.CitizenFlag)
	setAttr(e, "НомЕРН", d.ERN)
	setAttr(e, "ДатаРожд", d.BirthDate.String())
	setAttr(e, "МестоРожд", d.BirthPlace)
	setAttr(e, "Гражданство", d.Citizenship)
	setAttr(e, "КонтактТлф", d.Phone)
	setAttr(e, "АдрЭлПочт", d.Email)
	f := e.CreateElement("ФИО")
	f.CreateAttr("Фамилия", d.Name.Last)
	f.CreateAttr("Имя", d.Name.First)
	setAttr(f, "Отчество", d.Name.Middle)
	if id := d.Identity; id != nil {
		u := e.CreateElement("УдЛичнФЛ")
		u.CreateAttr("КодВидДок", id.KindCode)
		u.CreateAttr("СерНомДок", id.Number)
		u.CreateAttr("ДатаДок", id.IssuedOn.String())
		setAttr(u, "ВыдДок", id.IssuedBy)
		setAttr(u, "КодВыдДок", id.IssuerCode)
		if !id.ExpiresOn.IsZero() {
			u.CreateElement("expDate").SetText(id.ExpiresOn.String())
		}
	}
}
