package mchd

import "strings"

// reader fills a Document from the element table of a scanned document.
// Every element but the root is known to be in the format namespace, so
// children are matched by local name; attributes of format 003 are
// unprefixed. An absent element is -1: its attributes, text and children
// read as empty.
type reader struct {
	doc   *Document
	p     *scanner
	nodes []node
	attrs []attribute
}

// attr returns the unprefixed attribute name of e, "" when absent.
func (r *reader) attr(e int32, name string) string {
	if e < 0 {
		return ""
	}
	n := &r.nodes[e]
	for _, a := range r.attrs[n.attrLo:n.attrHi] {
		if r.p.str(a.name) == name {
			return r.p.str(a.value)
		}
	}
	return ""
}

// child returns the first child element of e called name, or -1.
func (r *reader) child(e int32, name string) int32 {
	if e < 0 {
		return -1
	}
	return r.from(r.nodes[e].first, name)
}

// next returns the next sibling of c called name, or -1.
func (r *reader) next(c int32, name string) int32 { return r.from(r.nodes[c].next, name) }

// from returns c or its first following sibling called name, or -1.
func (r *reader) from(c int32, name string) int32 {
	for ; c >= 0; c = r.nodes[c].next {
		if r.p.str(r.nodes[c].local) == name {
			return c
		}
	}
	return -1
}

// count returns the number of child elements of e called name.
func (r *reader) count(e int32, name string) int {
	n := 0
	for c := r.child(e, name); c >= 0; c = r.next(c, name) {
		n++
	}
	return n
}

// childNames returns the local names of the child elements of e, nil for
// none.
func (r *reader) childNames(e int32) []string {
	if e < 0 {
		return nil
	}
	n := 0
	for c := r.nodes[e].first; c >= 0; c = r.nodes[c].next {
		n++
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for c := r.nodes[e].first; c >= 0; c = r.nodes[c].next {
		out = append(out, r.p.str(r.nodes[c].local))
	}
	return out
}

// text returns the text of e: its character data before its first child
// element or processing instruction.
func (r *reader) text(e int32) string {
	if e < 0 {
		return ""
	}
	return r.p.str(r.nodes[e].text)
}

// sized returns a slice with room for n elements, nil for none.
func sized[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, 0, n)
}

func (r *reader) date(e int32, name, path string) (Date, string) {
	s := r.attr(e, name)
	if s == "" {
		return Date{}, ""
	}
	d, err := ParseDate(s)
	if err != nil {
		r.doc.fieldErrors = append(r.doc.fieldErrors, fieldError{Path: path + "/@" + name, Value: s, Err: err.Error()})
	}
	return d, s
}

func (r *reader) read(root int32) {
	d := r.doc
	d.FormatVersion = r.attr(root, "ВерсФорм")
	d.formFlags = r.attr(root, "ПрЭлФорм")
	d.FileID = r.attr(root, "ИдФайл")
	d.taxFileID = r.attr(root, "ИдФайлНО")
	d.oid = r.attr(root, "OID")
	d.info = r.text(r.child(root, "ИнСвед"))
	docEl := r.child(root, "Документ")
	d.knd = r.attr(docEl, "КНД")
	if e := r.child(docEl, "Довер"); e >= 0 {
		d.direct = r.direct(e)
	}
	if e := r.child(docEl, "Передов"); e >= 0 {
		d.retrust = r.retrust(e)
	}
}

func (r *reader) direct(e int32) *directPOA {
	p := &directPOA{Info: r.info(r.child(e, "СвДов"), "Довер/СвДов")}
	p.Principals = sized[Principal](r.count(e, "СвДоверит"))
	for c := r.child(e, "СвДоверит"); c >= 0; c = r.next(c, "СвДоверит") {
		p.Principals = append(p.Principals, r.principal(c))
	}
	p.Representatives = sized[Representative](r.count(e, "СвУпПред"))
	for c := r.child(e, "СвУпПред"); c >= 0; c = r.next(c, "СвУпПред") {
		p.Representatives = append(p.Representatives, r.representative(c))
	}
	p.Powers = r.powers(r.child(e, "СвПолн"))
	p.Notary = r.notary(r.child(e, "СвНотУд"))
	return p
}

func (r *reader) info(e int32, path string) Info {
	in := Info{
		Kind:           r.attr(e, "ВидДовер"),
		RetrustAllowed: r.attr(e, "ПрПередов"),
		InternalNumber: r.attr(e, "ВнНомДовер"),
		Number:         r.attr(e, "НомДовер"),
		notaryNumber:   r.attr(e, "НомРНДДовер"),
		additionalID:   r.attr(e, "ДопИдДовер"),
		taxOfficeCode:  r.attr(e, "КодНО"),
		System:         r.text(r.child(e, "СведСист")),
	}
	in.IssueDate, in.issueDateText = r.date(e, "ДатаВыдДовер", path)
	in.ExpiryDate, in.expiryDateText = r.date(e, "СрокДейст", path)
	in.registeredOn, in.registeredOnText = r.date(e, "ДатаВнРегДовер", path)
	in.taxOffices = sized[string](r.count(e, "КодНОДейст"))
	for c := r.child(e, "КодНОДейст"); c >= 0; c = r.next(c, "КодНОДейст") {
		in.taxOffices = append(in.taxOffices, r.text(c))
	}
	if b := r.child(e, "Безотзыв"); b >= 0 {
		in.irrevocable = &irrevocableTerms{
			TransferWithoutPOA:  r.attr(b, "ПрПерБезДов"),
			RevocationCondition: r.attr(b, "УслОтзыва"),
			ConditionText:       r.text(r.child(b, "ОписУслОт")),
		}
	}
	return in
}

func (r *reader) principal(e int32) Principal {
	p := Principal{Type: r.attr(e, "ТипДоверит")}
	d := r.child(e, "Доверит")
	p.children = r.childNames(d)
	if c := r.child(d, "РосОргДовер"); c >= 0 {
		p.RussianOrg = r.russianOrg(c)
	}
	if c := r.child(d, "ИнОргДовер"); c >= 0 {
		p.foreignOrg = r.foreignOrgPrincipal(c)
	}
	if c := r.child(d, "ИПДовер"); c >= 0 {
		ip := r.entrepreneur(c)
		p.Entrepreneur = &ip
	}
	if c := r.child(d, "ФЛДовер"); c >= 0 {
		p.Person = r.personPrincipal(c)
	}
	return p
}

func (r *reader) russianOrg(e int32) *RussianOrgPrincipal {
	o := &RussianOrgPrincipal{
		EIOUK: r.attr(e, "ЕИОУК"),
		EIOFL: r.attr(e, "ЕИОФЛ"),
		EIOIP: r.attr(e, "ЕИОИП"),
		Org:   r.org(r.child(e, "СвРосОрг")),
	}
	o.Heads = sized[Head](r.count(e, "ЛицоБезДов"))
	for c := r.child(e, "ЛицоБезДов"); c >= 0; c = r.next(c, "ЛицоБезДов") {
		o.Heads = append(o.Heads, r.head(c))
	}
	return o
}

func (r *reader) head(e int32) Head {
	h := Head{authority: r.attr(e, "ПолнЮЛ"), children: r.childNames(e)}
	if c := r.child(e, "СВЮЛ"); c >= 0 {
		m := &ManagingOrganisation{Org: r.org(r.child(c, "СвЮЛЕИО"))}
		m.Persons = sized[Person](r.count(c, "СвФЛ"))
		for p := r.child(c, "СвФЛ"); p >= 0; p = r.next(p, "СвФЛ") {
			m.Persons = append(m.Persons, r.person(p))
		}
		h.ManagingOrg = m
	}
	if c := r.child(e, "СвФЛ"); c >= 0 {
		p := r.person(c)
		h.Person = &p
	}
	if c := r.child(e, "СвИП"); c >= 0 {
		ip := r.entrepreneur(c)
		h.Entrepreneur = &ip
	}
	return h
}

func (r *reader) org(e int32) Organisation {
	o := Organisation{
		Name:        r.attr(e, "НаимОрг"),
		INN:         r.attr(e, "ИННЮЛ"),
		KPP:         r.attr(e, "КПП"),
		OGRN:        r.attr(e, "ОГРН"),
		regNumber:   r.attr(e, "РегНомер"),
		foundingDoc: r.attr(e, "НаимУчрДок"),
		phone:       r.attr(e, "КонтактТлф"),
		email:       r.attr(e, "АдрЭлПочт"),
		status:      r.attr(e, "СтУчНД"),
	}
	if a := r.child(e, "АдрРег"); a >= 0 {
		o.region = r.attr(a, "Регион")
		o.fiasID = r.attr(a, "ИдФИАС")
		o.address = r.text(r.child(a, "АдрРФ"))
		o.fiasAddress = r.text(r.child(a, "ФИАСАдрРФ"))
	}
	return o
}

func (r *reader) foreignOrg(e int32) foreignOrganisation {
	return foreignOrganisation{
		Name:      r.attr(e, "НаимИО"),
		INN:       r.attr(e, "ИННЮЛ"),
		KPP:       r.attr(e, "КПП"),
		NZA:       r.attr(e, "НЗА"),
		Country:   r.attr(e, "СтрРег"),
		RegNumber: r.attr(e, "РегНомер"),
		Status:    r.attr(e, "СтУчНД"),
	}
}

func (r *reader) foreignOrgPrincipal(e int32) *foreignOrgPrincipal {
	f := &foreignOrgPrincipal{Org: r.foreignOrg(r.child(e, "СвИнОрг"))}
	f.Heads = sized[Person](r.count(e, "СвРукОП"))
	for c := r.child(e, "СвРукОП"); c >= 0; c = r.next(c, "СвРукОП") {
		f.Heads = append(f.Heads, r.person(c))
	}
	return f
}

func (r *reader) person(e int32) Person {
	return Person{
		INN:      r.attr(e, "ИННФЛ"),
		SNILS:    r.attr(e, "СНИЛС"),
		Position: r.attr(e, "Должность"),
		status:   r.attr(e, "СтУчНД"),
		Details:  r.details(r.child(e, "СведФЛ")),
	}
}

func (r *reader) details(e int32) PersonDetails {
	d := PersonDetails{
		sex:         r.attr(e, "Пол"),
		citizenFlag: r.attr(e, "ПрГражд"),
		citizenship: r.attr(e, "Гражданство"),
		ern:         r.attr(e, "НомЕРН"),
		birthPlace:  r.attr(e, "МестоРожд"),
		phone:       r.attr(e, "КонтактТлф"),
		email:       r.attr(e, "АдрЭлПочт"),
	}
	d.BirthDate, _ = r.date(e, "ДатаРожд", "СведФЛ")
	if f := r.child(e, "ФИО"); f >= 0 {
		d.Name = FullName{Last: r.attr(f, "Фамилия"), First: r.attr(f, "Имя"), Middle: r.attr(f, "Отчество")}
	}
	if u := r.child(e, "УдЛичнФЛ"); u >= 0 {
		id := &identityDocument{
			KindCode:   r.attr(u, "КодВидДок"),
			Number:     r.attr(u, "СерНомДок"),
			IssuedBy:   r.attr(u, "ВыдДок"),
			IssuerCode: r.attr(u, "КодВыдДок"),
		}
		id.IssuedOn, _ = r.date(u, "ДатаДок", "УдЛичнФЛ")
		if x := r.child(u, "expDate"); x >= 0 {
			s := strings.TrimSpace(r.text(x))
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

func (r *reader) entrepreneur(e int32) Entrepreneur {
	return Entrepreneur{
		OGRNIP:  r.attr(e, "ОГРНИП"),
		INN:     r.attr(e, "ИННФЛ"),
		SNILS:   r.attr(e, "СНИЛС"),
		Name:    r.attr(e, "НаимИП"),
		status:  r.attr(e, "СтУчНД"),
		Details: r.details(r.child(e, "СведФЛ")),
	}
}

func (r *reader) personPrincipal(e int32) *PersonPrincipal {
	p := &PersonPrincipal{
		SNILS:    r.attr(e, "СНИЛС"),
		INN:      r.attr(e, "ИННФЛ"),
		status:   r.attr(e, "СтУчНД"),
		capacity: r.attr(e, "ПрДеесп"),
		Details:  r.details(r.child(e, "СведФЛ")),
	}
	if c := r.child(e, "СвЗакПредРук"); c >= 0 {
		h := r.head(c)
		p.legalRepresentative = &h
	}
	return p
}

func (r *reader) representative(e int32) Representative {
	rep := Representative{Type: r.attr(e, "ТипПред")}
	p := r.child(e, "Пред")
	rep.children = r.childNames(p)
	if c := r.child(p, "СведОрг"); c >= 0 {
		o := r.org(c)
		rep.Org = &o
	}
	if c := r.child(p, "СведИП"); c >= 0 {
		ip := r.entrepreneur(c)
		rep.Entrepreneur = &ip
	}
	if c := r.child(p, "СведФизЛ"); c >= 0 {
		fl := r.person(c)
		rep.Person = &fl
	}
	if c := r.child(p, "СведФилиал"); c >= 0 {
		o := r.org(c)
		rep.Branch = &o
	}
	if c := r.child(p, "СведИО"); c >= 0 {
		o := r.foreignOrg(c)
		rep.foreignUnit = &o
	}
	return rep
}

func (r *reader) powers(e int32) Powers {
	p := Powers{
		Type:          r.attr(e, "ТипПолн"),
		Joint:         r.attr(e, "ПрСовмПолн"),
		lossOnRetrust: r.attr(e, "ПрУтрПолн"),
	}
	if t := r.child(e, "ТекстПолн"); t >= 0 {
		p.HasText = true
		p.Text = r.text(t)
	}
	p.Machine = sized[Power](r.count(e, "МашПолн"))
	for m := r.child(e, "МашПолн"); m >= 0; m = r.next(m, "МашПолн") {
		pw := Power{Code: r.attr(m, "КодПолн"), Name: r.attr(m, "НаимПолн"), Mnemonic: r.attr(m, "МнПолн")}
		pw.Restrictions = sized[Restriction](r.count(m, "ОгрСвПолн"))
		for o := r.child(m, "ОгрСвПолн"); o >= 0; o = r.next(o, "ОгрСвПолн") {
			pw.Restrictions = append(pw.Restrictions, Restriction{
				ID:        r.attr(o, "ИдОгр"),
				Code:      r.attr(o, "КодОгр"),
				Name:      r.attr(o, "НаимОгр"),
				ValueName: r.attr(o, "НаимЗначОгр"),
				ValueCode: r.text(r.child(o, "КодЗначОгр")),
				ValueText: r.text(r.child(o, "ТексЗначОгр")),
			})
		}
		p.Machine = append(p.Machine, pw)
	}
	return p
}

func (r *reader) notary(e int32) *notary {
	if e < 0 {
		return nil
	}
	n := &notary{Place: r.attr(e, "МестоДовер"), FeePaid: r.attr(e, "УплНотДейст")}
	if a := r.child(e, "СвНотДейств"); a >= 0 {
		n.Position = r.attr(a, "Должность")
		n.RegNumber = r.attr(a, "РегНомНот")
		if f := r.child(a, "ФИОНотДейств"); f >= 0 {
			n.Name = FullName{Last: r.attr(f, "Фамилия"), First: r.attr(f, "Имя"), Middle: r.attr(f, "Отчество")}
		}
	}
	n.Acting = r.child(e, "ВриоНот") >= 0
	return n
}

func (r *reader) retrust(e int32) *retrustPOA {
	rt := &retrustPOA{
		TaxFlag:  r.attr(e, "ПрНалПередов"),
		Original: r.original(r.child(e, "СвПервДовер"), "Передов/СвПервДовер"),
		Info:     r.info(r.child(e, "СвПереДовер"), "Передов/СвПереДовер"),
		Powers:   r.powers(r.child(e, "СвПолн")),
		Notary:   r.notary(r.child(e, "СвНотУд")),
	}
	if c := r.child(e, "СвПередов"); c >= 0 {
		o := r.original(c, "Передов/СвПередов")
		rt.Previous = &o
	}
	rt.Transferors = sized[transferor](r.count(e, "СвПередПолн"))
	for c := r.child(e, "СвПередПолн"); c >= 0; c = r.next(c, "СвПередПолн") {
		rt.Transferors = append(rt.Transferors, r.transferor(c))
	}
	rt.Recipients = sized[Representative](r.count(e, "СвПолучПолн"))
	for c := r.child(e, "СвПолучПолн"); c >= 0; c = r.next(c, "СвПолучПолн") {
		rt.Recipients = append(rt.Recipients, r.representative(c))
	}
	return rt
}

func (r *reader) original(e int32, path string) originalPOA {
	o := originalPOA{
		Kind:            r.attr(e, "ПрДовер"),
		Form:            r.attr(e, "ФормДовер"),
		InternalNumber:  r.attr(e, "ВнНомДоверПерв"),
		InternalNumberN: r.attr(e, "ВнНомДоверN"),
		Number:          r.attr(e, "НомДоверПерв"),
		NumberN:         r.attr(e, "НомДоверN"),
		NotaryNumber:    r.attr(e, "НомРНДПерв"),
		NotaryNumberN:   r.attr(e, "НомРНДN"),
	}
	o.IssueDate, _ = r.date(e, "ДатаВыдДовер", path)
	o.ExpiryDate, _ = r.date(e, "СрокДейст", path)
	o.Principals = sized[originalPrincipal](r.count(e, "СвДоверПерв"))
	for c := r.child(e, "СвДоверПерв"); c >= 0; c = r.next(c, "СвДоверПерв") {
		op := originalPrincipal{Type: r.attr(c, "ТипДоверит")}
		d := r.child(c, "ДоверитПерв")
		op.Children = r.childNames(d)
		if x := r.child(d, "РосОргДовер"); x >= 0 {
			org := r.org(x)
			op.Org = &org
		}
		if x := r.child(d, "ИнОргДовер"); x >= 0 {
			f := r.foreignOrg(x)
			op.ForeignOrg = &f
		}
		if x := r.child(d, "ИПДовер"); x >= 0 {
			ip := r.entrepreneur(x)
			op.Entrepreneur = &ip
		}
		if x := r.child(d, "ФЛДовер"); x >= 0 {
			op.Person = r.personPrincipal(x)
		}
		o.Principals = append(o.Principals, op)
	}
	return o
}

func (r *reader) transferor(e int32) transferor {
	t := transferor{Type: r.attr(e, "ТипПерПолн")}
	p := r.child(e, "ПередПолн")
	t.Children = r.childNames(p)
	if c := r.child(p, "РосОргПерПолн"); c >= 0 {
		t.RussianOrg = r.russianOrg(c)
	}
	if c := r.child(p, "ИППерПолн"); c >= 0 {
		ip := r.entrepreneur(c)
		t.Entrepreneur = &ip
	}
	if c := r.child(p, "ФЛПерПолн"); c >= 0 {
		tp := &transferorPerson{INN: r.attr(c, "ИННФЛ"), SNILS: r.attr(c, "СНИЛС"), Details: r.details(r.child(c, "СведФЛ"))}
		if h := r.child(c, "СведРукоп"); h >= 0 {
			hp := r.person(h)
			tp.HandSigner = &hp
		}
		t.Person = tp
	}
	if c := r.child(p, "ФилПерПолн"); c >= 0 {
		t.Branch = &branchTransferor{Branch: r.org(r.child(c, "СвФил")), Head: r.person(r.child(c, "СвРукФил"))}
	}
	if c := r.child(p, "ИнПерПолн"); c >= 0 {
		t.ForeignOrg = r.foreignOrgPrincipal(c)
	}
	return t
}
