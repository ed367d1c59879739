package mchd

import (
	"strings"

	"github.com/beevik/etree"
)

// reader fills a Document from the etree of a prescanned document. All
// elements are known to be in the format namespace, so children are matched
// by local name; attributes of format 003 are unqualified.
type reader struct {
	doc *Document
}

func attr(e *etree.Element, name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.Attr {
		if a.Space == "" && a.Key == name {
			return a.Value
		}
	}
	return ""
}

func child(e *etree.Element, name string) *etree.Element {
	if e == nil {
		return nil
	}
	for _, c := range e.ChildElements() {
		if c.Tag == name {
			return c
		}
	}
	return nil
}

func children(e *etree.Element, name string) []*etree.Element {
	if e == nil {
		return nil
	}
	var out []*etree.Element
	for _, c := range e.ChildElements() {
		if c.Tag == name {
			out = append(out, c)
		}
	}
	return out
}

func childNames(e *etree.Element) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, c := range e.ChildElements() {
		out = append(out, c.Tag)
	}
	return out
}

func text(e *etree.Element) string {
	if e == nil {
		return ""
	}
	return e.Text()
}

func (r *reader) date(e *etree.Element, name, path string) (Date, string) {
	s := attr(e, name)
	if s == "" {
		return Date{}, ""
	}
	d, err := ParseDate(s)
	if err != nil {
		r.doc.fieldErrors = append(r.doc.fieldErrors, fieldError{Path: path + "/@" + name, Value: s, Err: err.Error()})
	}
	return d, s
}

func (r *reader) read(root *etree.Element) {
	d := r.doc
	d.FormatVersion = attr(root, "ВерсФорм")
	d.formFlags = attr(root, "ПрЭлФорм")
	d.FileID = attr(root, "ИдФайл")
	d.taxFileID = attr(root, "ИдФайлНО")
	d.oid = attr(root, "OID")
	d.info = text(child(root, "ИнСвед"))
	docEl := child(root, "Документ")
	d.knd = attr(docEl, "КНД")
	if e := child(docEl, "Довер"); e != nil {
		d.direct = r.direct(e)
	}
	if e := child(docEl, "Передов"); e != nil {
		d.retrust = r.retrust(e)
	}
}

func (r *reader) direct(e *etree.Element) *directPOA {
	p := &directPOA{Info: r.info(child(e, "СвДов"), "Довер/СвДов")}
	for _, c := range children(e, "СвДоверит") {
		p.Principals = append(p.Principals, r.principal(c))
	}
	for _, c := range children(e, "СвУпПред") {
		p.Representatives = append(p.Representatives, r.representative(c))
	}
	p.Powers = r.powers(child(e, "СвПолн"))
	p.Notary = r.notary(child(e, "СвНотУд"))
	return p
}

func (r *reader) info(e *etree.Element, path string) Info {
	in := Info{
		Kind:           attr(e, "ВидДовер"),
		RetrustAllowed: attr(e, "ПрПередов"),
		InternalNumber: attr(e, "ВнНомДовер"),
		Number:         attr(e, "НомДовер"),
		notaryNumber:   attr(e, "НомРНДДовер"),
		additionalID:   attr(e, "ДопИдДовер"),
		taxOfficeCode:  attr(e, "КодНО"),
		System:         text(child(e, "СведСист")),
	}
	in.IssueDate, in.issueDateText = r.date(e, "ДатаВыдДовер", path)
	in.ExpiryDate, in.expiryDateText = r.date(e, "СрокДейст", path)
	in.registeredOn, in.registeredOnText = r.date(e, "ДатаВнРегДовер", path)
	for _, c := range children(e, "КодНОДейст") {
		in.taxOffices = append(in.taxOffices, text(c))
	}
	if b := child(e, "Безотзыв"); b != nil {
		in.irrevocable = &irrevocableTerms{
			TransferWithoutPOA:  attr(b, "ПрПерБезДов"),
			RevocationCondition: attr(b, "УслОтзыва"),
			ConditionText:       text(child(b, "ОписУслОт")),
		}
	}
	return in
}

func (r *reader) principal(e *etree.Element) Principal {
	p := Principal{Type: attr(e, "ТипДоверит")}
	d := child(e, "Доверит")
	p.children = childNames(d)
	if c := child(d, "РосОргДовер"); c != nil {
		p.RussianOrg = r.russianOrg(c)
	}
	if c := child(d, "ИнОргДовер"); c != nil {
		p.foreignOrg = r.foreignOrgPrincipal(c)
	}
	if c := child(d, "ИПДовер"); c != nil {
		ip := r.entrepreneur(c)
		p.Entrepreneur = &ip
	}
	if c := child(d, "ФЛДовер"); c != nil {
		p.Person = r.personPrincipal(c)
	}
	return p
}

func (r *reader) russianOrg(e *etree.Element) *RussianOrgPrincipal {
	o := &RussianOrgPrincipal{
		EIOUK: attr(e, "ЕИОУК"),
		EIOFL: attr(e, "ЕИОФЛ"),
		EIOIP: attr(e, "ЕИОИП"),
		Org:   r.org(child(e, "СвРосОрг")),
	}
	for _, c := range children(e, "ЛицоБезДов") {
		o.Heads = append(o.Heads, r.head(c))
	}
	return o
}

func (r *reader) head(e *etree.Element) Head {
	h := Head{authority: attr(e, "ПолнЮЛ"), children: childNames(e)}
	if c := child(e, "СВЮЛ"); c != nil {
		m := &ManagingOrganisation{Org: r.org(child(c, "СвЮЛЕИО"))}
		for _, p := range children(c, "СвФЛ") {
			m.Persons = append(m.Persons, r.person(p))
		}
		h.ManagingOrg = m
	}
	if c := child(e, "СвФЛ"); c != nil {
		p := r.person(c)
		h.Person = &p
	}
	if c := child(e, "СвИП"); c != nil {
		ip := r.entrepreneur(c)
		h.Entrepreneur = &ip
	}
	return h
}

func (r *reader) org(e *etree.Element) Organisation {
	o := Organisation{
		Name:        attr(e, "НаимОрг"),
		INN:         attr(e, "ИННЮЛ"),
		KPP:         attr(e, "КПП"),
		OGRN:        attr(e, "ОГРН"),
		regNumber:   attr(e, "РегНомер"),
		foundingDoc: attr(e, "НаимУчрДок"),
		phone:       attr(e, "КонтактТлф"),
		email:       attr(e, "АдрЭлПочт"),
		status:      attr(e, "СтУчНД"),
	}
	if a := child(e, "АдрРег"); a != nil {
		o.region = attr(a, "Регион")
		o.fiasID = attr(a, "ИдФИАС")
		o.address = text(child(a, "АдрРФ"))
		o.fiasAddress = text(child(a, "ФИАСАдрРФ"))
	}
	return o
}

func (r *reader) foreignOrg(e *etree.Element) foreignOrganisation {
	return foreignOrganisation{
		Name:      attr(e, "НаимИО"),
		INN:       attr(e, "ИННЮЛ"),
		KPP:       attr(e, "КПП"),
		NZA:       attr(e, "НЗА"),
		Country:   attr(e, "СтрРег"),
		RegNumber: attr(e, "РегНомер"),
		Status:    attr(e, "СтУчНД"),
	}
}

func (r *reader) foreignOrgPrincipal(e *etree.Element) *foreignOrgPrincipal {
	f := &foreignOrgPrincipal{Org: r.foreignOrg(child(e, "СвИнОрг"))}
	for _, c := range children(e, "СвРукОП") {
		f.Heads = append(f.Heads, r.person(c))
	}
	return f
}

func (r *reader) person(e *etree.Element) Person {
	return Person{
		INN:      attr(e, "ИННФЛ"),
		SNILS:    attr(e, "СНИЛС"),
		Position: attr(e, "Должность"),
		status:   attr(e, "СтУчНД"),
		Details:  r.details(child(e, "СведФЛ")),
	}
}

func (r *reader) details(e *etree.Element) PersonDetails {
	d := PersonDetails{
		sex:         attr(e, "Пол"),
		citizenFlag: attr(e, "ПрГражд"),
		citizenship: attr(e, "Гражданство"),
		ern:         attr(e, "НомЕРН"),
		birthPlace:  attr(e, "МестоРожд"),
		phone:       attr(e, "КонтактТлф"),
		email:       attr(e, "АдрЭлПочт"),
	}
	d.BirthDate, _ = r.date(e, "ДатаРожд", "СведФЛ")
	if f := child(e, "ФИО"); f != nil {
		d.Name = FullName{Last: attr(f, "Фамилия"), First: attr(f, "Имя"), Middle: attr(f, "Отчество")}
	}
	if u := child(e, "УдЛичнФЛ"); u != nil {
		id := &identityDocument{
			KindCode:   attr(u, "КодВидДок"),
			Number:     attr(u, "СерНомДок"),
			IssuedBy:   attr(u, "ВыдДок"),
			IssuerCode: attr(u, "КодВыдДок"),
		}
		id.IssuedOn, _ = r.date(u, "ДатаДок", "УдЛичнФЛ")
		if x := child(u, "expDate"); x != nil {
			s := strings.TrimSpace(x.Text())
			if dd, err := ParseDate(s); err == nil {
				id.ExpiresOn = dd
			} else {
				r.doc.fieldErrors = append(r.doc.fieldErrors, fieldError{Path: "УдЛичнФЛ/expDate", Value: s, Err: err.Error()})
			}
		}
		d.identity = id
	}
	return d
}

func (r *reader) entrepreneur(e *etree.Element) Entrepreneur {
	return Entrepreneur{
		OGRNIP:  attr(e, "ОГРНИП"),
		INN:     attr(e, "ИННФЛ"),
		SNILS:   attr(e, "СНИЛС"),
		Name:    attr(e, "НаимИП"),
		status:  attr(e, "СтУчНД"),
		Details: r.details(child(e, "СведФЛ")),
	}
}

func (r *reader) personPrincipal(e *etree.Element) *PersonPrincipal {
	p := &PersonPrincipal{
		SNILS:    attr(e, "СНИЛС"),
		INN:      attr(e, "ИННФЛ"),
		status:   attr(e, "СтУчНД"),
		capacity: attr(e, "ПрДеесп"),
		Details:  r.details(child(e, "СведФЛ")),
	}
	if c := child(e, "СвЗакПредРук"); c != nil {
		h := r.head(c)
		p.legalRepresentative = &h
	}
	return p
}

func (r *reader) representative(e *etree.Element) Representative {
	rep := Representative{Type: attr(e, "ТипПред")}
	p := child(e, "Пред")
	rep.children = childNames(p)
	if c := child(p, "СведОрг"); c != nil {
		o := r.org(c)
		rep.Org = &o
	}
	if c := child(p, "СведИП"); c != nil {
		ip := r.entrepreneur(c)
		rep.Entrepreneur = &ip
	}
	if c := child(p, "СведФизЛ"); c != nil {
		fl := r.person(c)
		rep.Person = &fl
	}
	if c := child(p, "СведФилиал"); c != nil {
		o := r.org(c)
		rep.Branch = &o
	}
	if c := child(p, "СведИО"); c != nil {
		o := r.foreignOrg(c)
		rep.foreignUnit = &o
	}
	return rep
}

func (r *reader) powers(e *etree.Element) Powers {
	p := Powers{
		Type:          attr(e, "ТипПолн"),
		Joint:         attr(e, "ПрСовмПолн"),
		lossOnRetrust: attr(e, "ПрУтрПолн"),
	}
	if t := child(e, "ТекстПолн"); t != nil {
		p.HasText = true
		p.Text = t.Text()
	}
	for _, m := range children(e, "МашПолн") {
		pw := Power{Code: attr(m, "КодПолн"), Name: attr(m, "НаимПолн"), Mnemonic: attr(m, "МнПолн")}
		for _, o := range children(m, "ОгрСвПолн") {
			pw.Restrictions = append(pw.Restrictions, Restriction{
				ID:        attr(o, "ИдОгр"),
				Code:      attr(o, "КодОгр"),
				Name:      attr(o, "НаимОгр"),
				ValueName: attr(o, "НаимЗначОгр"),
				ValueCode: text(child(o, "КодЗначОгр")),
				ValueText: text(child(o, "ТексЗначОгр")),
			})
		}
		p.Machine = append(p.Machine, pw)
	}
	return p
}

func (r *reader) notary(e *etree.Element) *notary {
	if e == nil {
		return nil
	}
	n := &notary{Place: attr(e, "МестоДовер"), FeePaid: attr(e, "УплНотДейст")}
	if a := child(e, "СвНотДейств"); a != nil {
		n.Position = attr(a, "Должность")
		n.RegNumber = attr(a, "РегНомНот")
		if f := child(a, "ФИОНотДейств"); f != nil {
			n.Name = FullName{Last: attr(f, "Фамилия"), First: attr(f, "Имя"), Middle: attr(f, "Отчество")}
		}
	}
	n.Acting = child(e, "ВриоНот") != nil
	return n
}

func (r *reader) retrust(e *etree.Element) *retrustPOA {
	rt := &retrustPOA{
		TaxFlag:  attr(e, "ПрНалПередов"),
		Original: r.original(child(e, "СвПервДовер"), "Передов/СвПервДовер"),
		Info:     r.info(child(e, "СвПереДовер"), "Передов/СвПереДовер"),
		Powers:   r.powers(child(e, "СвПолн")),
		Notary:   r.notary(child(e, "СвНотУд")),
	}
	if c := child(e, "СвПередов"); c != nil {
		o := r.original(c, "Передов/СвПередов")
		rt.Previous = &o
	}
	for _, c := range children(e, "СвПередПолн") {
		rt.Transferors = append(rt.Transferors, r.transferor(c))
	}
	for _, c := range children(e, "СвПолучПолн") {
		rt.Recipients = append(rt.Recipients, r.representative(c))
	}
	return rt
}

func (r *reader) original(e *etree.Element, path string) originalPOA {
	o := originalPOA{
		Kind:            attr(e, "ПрДовер"),
		Form:            attr(e, "ФормДовер"),
		InternalNumber:  attr(e, "ВнНомДоверПерв"),
		InternalNumberN: attr(e, "ВнНомДоверN"),
		Number:          attr(e, "НомДоверПерв"),
		NumberN:         attr(e, "НомДоверN"),
		NotaryNumber:    attr(e, "НомРНДПерв"),
		NotaryNumberN:   attr(e, "НомРНДN"),
	}
	o.IssueDate, _ = r.date(e, "ДатаВыдДовер", path)
	o.ExpiryDate, _ = r.date(e, "СрокДейст", path)
	for _, c := range children(e, "СвДоверПерв") {
		op := originalPrincipal{Type: attr(c, "ТипДоверит")}
		d := child(c, "ДоверитПерв")
		op.Children = childNames(d)
		if x := child(d, "РосОргДовер"); x != nil {
			org := r.org(x)
			op.Org = &org
		}
		if x := child(d, "ИнОргДовер"); x != nil {
			f := r.foreignOrg(x)
			op.ForeignOrg = &f
		}
		if x := child(d, "ИПДовер"); x != nil {
			ip := r.entrepreneur(x)
			op.Entrepreneur = &ip
		}
		if x := child(d, "ФЛДовер"); x != nil {
			op.Person = r.personPrincipal(x)
		}
		o.Principals = append(o.Principals, op)
	}
	return o
}

func (r *reader) transferor(e *etree.Element) transferor {
	t := transferor{Type: attr(e, "ТипПерПолн")}
	p := child(e, "ПередПолн")
	t.Children = childNames(p)
	if c := child(p, "РосОргПерПолн"); c != nil {
		t.RussianOrg = r.russianOrg(c)
	}
	if c := child(p, "ИППерПолн"); c != nil {
		ip := r.entrepreneur(c)
		t.Entrepreneur = &ip
	}
	if c := child(p, "ФЛПерПолн"); c != nil {
		tp := &transferorPerson{INN: attr(c, "ИННФЛ"), SNILS: attr(c, "СНИЛС"), Details: r.details(child(c, "СведФЛ"))}
		if h := child(c, "СведРукоп"); h != nil {
			hp := r.person(h)
			tp.HandSigner = &hp
		}
		t.Person = tp
	}
	if c := child(p, "ФилПерПолн"); c != nil {
		t.Branch = &branchTransferor{Branch: r.org(child(c, "СвФил")), Head: r.person(child(c, "СвРукФил"))}
	}
	if c := child(p, "ИнПерПолн"); c != nil {
		t.ForeignOrg = r.foreignOrgPrincipal(c)
	}
	return t
}
