package mchd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"golang.org/x/text/encoding/charmap"
)

// oldParse is the etree-based Parse that the streaming parser replaced,
// kept as the oracle of the differential tests.
func oldParse(data []byte, opts ParseOptions) (*Document, error) {
	maxSize, maxDepth := opts.MaxSize, opts.MaxDepth
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	if len(data) > maxSize {
		return nil, perr(ErrTooLarge, fmt.Sprintf("Файл доверенности слишком большой (больше %d байт)", maxSize),
			"%d bytes, limit %d", len(data), maxSize)
	}
	body := bytes.TrimPrefix(data, utf8BOM)
	bom := len(data) - len(body) // offsets in body + bom are offsets in data
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, perr(ErrEmpty, "Файл доверенности пуст", "no content")
	}
	if enc := utf16Order(data); enc != "" {
		return nil, perr(ErrEncoding, "Файл доверенности в кодировке "+enc+"; формат 003 требует UTF-8 — сохраните файл в UTF-8",
			"%s text", enc).at(0)
	}
	for _, m := range dtdMarkers {
		if i := bytes.Index(body, m); i >= 0 {
			return nil, perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
				"%s", m).at(bom + i)
		}
	}
	if err := oldPrescan(body, maxDepth); err != nil {
		if err.Offset >= 0 {
			err.Offset += bom
		}
		return nil, err
	}
	tree := etree.NewDocument()
	tree.ReadSettings.MaxDepth = maxDepth + 1
	if err := tree.ReadFromBytes(body); err != nil {
		return nil, perr(ErrMalformed, msgMalformed, "%v", err).because(err)
	}
	root := tree.Root()
	if root == nil {
		return nil, perr(ErrMalformed, msgMalformed, "no root element")
	}
	doc := &Document{Raw: data}
	r := &oldReader{doc: doc}
	r.read(root)
	if doc.direct == nil && doc.retrust == nil {
		return nil, perr(ErrStructure, "В доверенности нет элемента Документ/Довер или Документ/Передов",
			"neither Довер nor Передов")
	}
	return doc, nil
}

// oldPrescan walks the token stream once with encoding/xml: version and
// namespace detection, depth limit, UTF-8, duplicate attributes and the
// cardinality of Документ and its choice.
// Offsets of its errors are offsets in body.
func oldPrescan(body []byte, maxDepth int) *ParseError {
	encName := declaredEncoding(body)
	legacyEnc := false
	switch encName {
	case "", "utf-8":
	case "windows-1251", "cp1251", "cp-1251":
		legacyEnc = true
	default:
		return perr(ErrEncoding, "Кодировка файла доверенности должна быть UTF-8",
			"declared encoding %q", encName)
	}
	if !legacyEnc && !utf8.Valid(body) {
		i := firstInvalidUTF8(body)
		return perr(ErrEncoding, "Файл доверенности содержит байты, недопустимые в кодировке UTF-8",
			"invalid UTF-8").at(i)
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "windows-1251", "cp1251", "cp-1251":
			return charmap.Windows1251.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	var (
		path     []string // local names of the open elements
		rootSeen bool
		docCount int
		choice   int
		foreign  []string
	)
	// pos is the offset of the token just read; it is an offset in body
	// only when the body is read as UTF-8 (a windows-1251 body is
	// transcoded first).
	pos := func(start int64) int {
		if legacyEnc {
			return -1
		}
		return int(start)
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return perr(ErrMalformed, msgMalformed, "%v", err).because(err).at(pos(dec.InputOffset()))
		}
		switch t := tok.(type) {
		case xml.Directive:
			return perr(ErrDTD, "Файл доверенности содержит объявление DTD или сущности, что недопустимо",
				"directive <!%.40s>", string(t)).at(pos(start))
		case xml.StartElement:
			depth := len(path) + 1
			if depth > maxDepth {
				return perr(ErrTooDeep, "Слишком глубокая вложенность элементов в файле доверенности",
					"depth exceeds %d", maxDepth).at(pos(start))
			}
			if err := oldCheckAttrs(t); err != nil {
				return err.at(pos(start))
			}
			if depth == 1 {
				if err := oldCheckRoot(t, legacyEnc); err != nil {
					return err.at(pos(start))
				}
				rootSeen = true
			} else if t.Name.Space != Namespace {
				if len(foreign) < 5 {
					foreign = append(foreign, fmt.Sprintf("%s (%q)", t.Name.Local, t.Name.Space))
				}
			}
			switch {
			case depth == 2 && t.Name.Local == "Документ":
				docCount++
				if docCount > 1 {
					return perr(ErrStructure, "В доверенности несколько элементов Документ", "two Документ elements").at(pos(start))
				}
			case depth == 3 && len(path) == 2 && path[1] == "Документ" && (t.Name.Local == "Довер" || t.Name.Local == "Передов"):
				choice++
				if choice > 1 {
					return perr(ErrStructure, "В доверенности несколько элементов Довер/Передов, допустим ровно один",
						"second %s inside Документ", t.Name.Local).at(pos(start))
				}
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !rootSeen {
		return perr(ErrMalformed, msgMalformed, "no root element")
	}
	if len(foreign) > 0 {
		return perr(ErrNamespace,
			"В доверенности есть элементы не из пространства имён "+Namespace+": "+strings.Join(foreign, ", "),
			"elements outside %s: %s", Namespace, strings.Join(foreign, ", "))
	}
	if docCount == 0 {
		return perr(ErrStructure, "В доверенности нет элемента Документ", "no Документ")
	}
	if choice == 0 {
		return perr(ErrStructure, "В доверенности нет элемента Довер или Передов", "no Довер/Передов")
	}
	return nil
}

// oldCheckRoot recognises the format from the root element.
func oldCheckRoot(t xml.StartElement, legacyEnc bool) *ParseError {
	ver, fileID := "", ""
	for _, a := range t.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "ВерсФорм":
			ver = a.Value
		case "ИдФайл":
			fileID = a.Value
		}
	}
	if t.Name.Local != "Доверенность" {
		return perr(ErrUnsupportedFormat, msgUnsupported, "root element %q", t.Name.Local)
	}
	v := strings.TrimSpace(ver)
	if v == "001" || v == "002" || strings.HasPrefix(fileID, "ON_DOVBB_") {
		return perr(ErrLegacyFormat, msgLegacy, "ВерсФорм=%q ИдФайл=%.60q", ver, fileID)
	}
	if v != FormatVersion {
		return perr(ErrUnsupportedFormat, msgUnsupported+fmt.Sprintf(" (ВерсФорм=%.40q)", ver), "ВерсФорм=%.40q", ver)
	}
	if legacyEnc {
		return perr(ErrEncoding, "Файл доверенности формата 003 должен быть в кодировке UTF-8",
			"EMCHD_1 declared as windows-1251")
	}
	if t.Name.Space != Namespace {
		return perr(ErrNamespace,
			fmt.Sprintf("Корневой элемент Доверенность должен быть в пространстве имён %s, а не %q", Namespace, t.Name.Space),
			"root namespace %q", t.Name.Space)
	}
	return nil
}

// oldCheckAttrs rejects duplicate attributes and attributes in foreign
// namespaces other than namespace declarations and xsi.
func oldCheckAttrs(t xml.StartElement) *ParseError {
	for i, a := range t.Attr {
		for _, b := range t.Attr[:i] {
			if a.Name == b.Name {
				return perr(ErrMalformed, msgMalformed, "duplicate attribute %s on %s", a.Name.Local, t.Name.Local)
			}
		}
		switch a.Name.Space {
		case "", "xmlns", "http://www.w3.org/2001/XMLSchema-instance":
		default:
			if a.Name.Space == "xml" || a.Name.Space == "http://www.w3.org/XML/1998/namespace" {
				continue
			}
			return perr(ErrNamespace,
				fmt.Sprintf("Атрибут %s элемента %s находится в постороннем пространстве имён %q", a.Name.Local, t.Name.Local, a.Name.Space),
				"attribute %s in namespace %q", a.Name.Local, a.Name.Space)
		}
	}
	return nil
}

// oldReader fills a Document from the etree of a prescanned document. All
// elements are known to be in the format namespace, so children are matched
// by local name; attributes of format 003 are unqualified.
type oldReader struct {
	doc *Document
}

func etAttr(e *etree.Element, name string) string {
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

func etChild(e *etree.Element, name string) *etree.Element {
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

func etChildren(e *etree.Element, name string) []*etree.Element {
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

func etChildNames(e *etree.Element) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, c := range e.ChildElements() {
		out = append(out, c.Tag)
	}
	return out
}

func etText(e *etree.Element) string {
	if e == nil {
		return ""
	}
	return e.Text()
}

func (r *oldReader) date(e *etree.Element, name, path string) (Date, string) {
	s := etAttr(e, name)
	if s == "" {
		return Date{}, ""
	}
	d, err := ParseDate(s)
	if err != nil {
		r.doc.fieldErrors = append(r.doc.fieldErrors, fieldError{Path: path + "/@" + name, Value: s, Err: err.Error()})
	}
	return d, s
}

func (r *oldReader) read(root *etree.Element) {
	d := r.doc
	d.FormatVersion = etAttr(root, "ВерсФорм")
	d.formFlags = etAttr(root, "ПрЭлФорм")
	d.FileID = etAttr(root, "ИдФайл")
	d.taxFileID = etAttr(root, "ИдФайлНО")
	d.oid = etAttr(root, "OID")
	d.info = etText(etChild(root, "ИнСвед"))
	docEl := etChild(root, "Документ")
	d.knd = etAttr(docEl, "КНД")
	if e := etChild(docEl, "Довер"); e != nil {
		d.direct = r.direct(e)
	}
	if e := etChild(docEl, "Передов"); e != nil {
		d.retrust = r.retrust(e)
	}
}

func (r *oldReader) direct(e *etree.Element) *directPOA {
	p := &directPOA{Info: r.info(etChild(e, "СвДов"), "Довер/СвДов")}
	for _, c := range etChildren(e, "СвДоверит") {
		p.Principals = append(p.Principals, r.principal(c))
	}
	for _, c := range etChildren(e, "СвУпПред") {
		p.Representatives = append(p.Representatives, r.representative(c))
	}
	p.Powers = r.powers(etChild(e, "СвПолн"))
	p.Notary = r.notary(etChild(e, "СвНотУд"))
	return p
}

func (r *oldReader) info(e *etree.Element, path string) Info {
	in := Info{
		Kind:           etAttr(e, "ВидДовер"),
		RetrustAllowed: etAttr(e, "ПрПередов"),
		InternalNumber: etAttr(e, "ВнНомДовер"),
		Number:         etAttr(e, "НомДовер"),
		notaryNumber:   etAttr(e, "НомРНДДовер"),
		additionalID:   etAttr(e, "ДопИдДовер"),
		taxOfficeCode:  etAttr(e, "КодНО"),
		System:         etText(etChild(e, "СведСист")),
	}
	in.IssueDate, in.issueDateText = r.date(e, "ДатаВыдДовер", path)
	in.ExpiryDate, in.expiryDateText = r.date(e, "СрокДейст", path)
	in.registeredOn, in.registeredOnText = r.date(e, "ДатаВнРегДовер", path)
	for _, c := range etChildren(e, "КодНОДейст") {
		in.taxOffices = append(in.taxOffices, etText(c))
	}
	if b := etChild(e, "Безотзыв"); b != nil {
		in.irrevocable = &irrevocableTerms{
			TransferWithoutPOA:  etAttr(b, "ПрПерБезДов"),
			RevocationCondition: etAttr(b, "УслОтзыва"),
			ConditionText:       etText(etChild(b, "ОписУслОт")),
		}
	}
	return in
}

func (r *oldReader) principal(e *etree.Element) Principal {
	p := Principal{Type: etAttr(e, "ТипДоверит")}
	d := etChild(e, "Доверит")
	p.children = etChildNames(d)
	if c := etChild(d, "РосОргДовер"); c != nil {
		p.RussianOrg = r.russianOrg(c)
	}
	if c := etChild(d, "ИнОргДовер"); c != nil {
		p.foreignOrg = r.foreignOrgPrincipal(c)
	}
	if c := etChild(d, "ИПДовер"); c != nil {
		ip := r.entrepreneur(c)
		p.Entrepreneur = &ip
	}
	if c := etChild(d, "ФЛДовер"); c != nil {
		p.Person = r.personPrincipal(c)
	}
	return p
}

func (r *oldReader) russianOrg(e *etree.Element) *RussianOrgPrincipal {
	o := &RussianOrgPrincipal{
		EIOUK: etAttr(e, "ЕИОУК"),
		EIOFL: etAttr(e, "ЕИОФЛ"),
		EIOIP: etAttr(e, "ЕИОИП"),
		Org:   r.org(etChild(e, "СвРосОрг")),
	}
	for _, c := range etChildren(e, "ЛицоБезДов") {
		o.Heads = append(o.Heads, r.head(c))
	}
	return o
}

func (r *oldReader) head(e *etree.Element) Head {
	h := Head{authority: etAttr(e, "ПолнЮЛ"), children: etChildNames(e)}
	if c := etChild(e, "СВЮЛ"); c != nil {
		m := &ManagingOrganisation{Org: r.org(etChild(c, "СвЮЛЕИО"))}
		for _, p := range etChildren(c, "СвФЛ") {
			m.Persons = append(m.Persons, r.person(p))
		}
		h.ManagingOrg = m
	}
	if c := etChild(e, "СвФЛ"); c != nil {
		p := r.person(c)
		h.Person = &p
	}
	if c := etChild(e, "СвИП"); c != nil {
		ip := r.entrepreneur(c)
		h.Entrepreneur = &ip
	}
	return h
}

func (r *oldReader) org(e *etree.Element) Organisation {
	o := Organisation{
		Name:        etAttr(e, "НаимОрг"),
		INN:         etAttr(e, "ИННЮЛ"),
		KPP:         etAttr(e, "КПП"),
		OGRN:        etAttr(e, "ОГРН"),
		regNumber:   etAttr(e, "РегНомер"),
		foundingDoc: etAttr(e, "НаимУчрДок"),
		phone:       etAttr(e, "КонтактТлф"),
		email:       etAttr(e, "АдрЭлПочт"),
		status:      etAttr(e, "СтУчНД"),
	}
	if a := etChild(e, "АдрРег"); a != nil {
		o.region = etAttr(a, "Регион")
		o.fiasID = etAttr(a, "ИдФИАС")
		o.address = etText(etChild(a, "АдрРФ"))
		o.fiasAddress = etText(etChild(a, "ФИАСАдрРФ"))
	}
	return o
}

func (r *oldReader) foreignOrg(e *etree.Element) foreignOrganisation {
	return foreignOrganisation{
		Name:      etAttr(e, "НаимИО"),
		INN:       etAttr(e, "ИННЮЛ"),
		KPP:       etAttr(e, "КПП"),
		NZA:       etAttr(e, "НЗА"),
		Country:   etAttr(e, "СтрРег"),
		RegNumber: etAttr(e, "РегНомер"),
		Status:    etAttr(e, "СтУчНД"),
	}
}

func (r *oldReader) foreignOrgPrincipal(e *etree.Element) *foreignOrgPrincipal {
	f := &foreignOrgPrincipal{Org: r.foreignOrg(etChild(e, "СвИнОрг"))}
	for _, c := range etChildren(e, "СвРукОП") {
		f.Heads = append(f.Heads, r.person(c))
	}
	return f
}

func (r *oldReader) person(e *etree.Element) Person {
	return Person{
		INN:      etAttr(e, "ИННФЛ"),
		SNILS:    etAttr(e, "СНИЛС"),
		Position: etAttr(e, "Должность"),
		status:   etAttr(e, "СтУчНД"),
		Details:  r.details(etChild(e, "СведФЛ")),
	}
}

func (r *oldReader) details(e *etree.Element) PersonDetails {
	d := PersonDetails{
		sex:         etAttr(e, "Пол"),
		citizenFlag: etAttr(e, "ПрГражд"),
		citizenship: etAttr(e, "Гражданство"),
		ern:         etAttr(e, "НомЕРН"),
		birthPlace:  etAttr(e, "МестоРожд"),
		phone:       etAttr(e, "КонтактТлф"),
		email:       etAttr(e, "АдрЭлПочт"),
	}
	d.BirthDate, _ = r.date(e, "ДатаРожд", "СведФЛ")
	if f := etChild(e, "ФИО"); f != nil {
		d.Name = FullName{Last: etAttr(f, "Фамилия"), First: etAttr(f, "Имя"), Middle: etAttr(f, "Отчество")}
	}
	if u := etChild(e, "УдЛичнФЛ"); u != nil {
		id := &identityDocument{
			KindCode:   etAttr(u, "КодВидДок"),
			Number:     etAttr(u, "СерНомДок"),
			IssuedBy:   etAttr(u, "ВыдДок"),
			IssuerCode: etAttr(u, "КодВыдДок"),
		}
		id.IssuedOn, _ = r.date(u, "ДатаДок", "УдЛичнФЛ")
		if x := etChild(u, "expDate"); x != nil {
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

func (r *oldReader) entrepreneur(e *etree.Element) Entrepreneur {
	return Entrepreneur{
		OGRNIP:  etAttr(e, "ОГРНИП"),
		INN:     etAttr(e, "ИННФЛ"),
		SNILS:   etAttr(e, "СНИЛС"),
		Name:    etAttr(e, "НаимИП"),
		status:  etAttr(e, "СтУчНД"),
		Details: r.details(etChild(e, "СведФЛ")),
	}
}

func (r *oldReader) personPrincipal(e *etree.Element) *PersonPrincipal {
	p := &PersonPrincipal{
		SNILS:    etAttr(e, "СНИЛС"),
		INN:      etAttr(e, "ИННФЛ"),
		status:   etAttr(e, "СтУчНД"),
		capacity: etAttr(e, "ПрДеесп"),
		Details:  r.details(etChild(e, "СведФЛ")),
	}
	if c := etChild(e, "СвЗакПредРук"); c != nil {
		h := r.head(c)
		p.legalRepresentative = &h
	}
	return p
}

func (r *oldReader) representative(e *etree.Element) Representative {
	rep := Representative{Type: etAttr(e, "ТипПред")}
	p := etChild(e, "Пред")
	rep.children = etChildNames(p)
	if c := etChild(p, "СведОрг"); c != nil {
		o := r.org(c)
		rep.Org = &o
	}
	if c := etChild(p, "СведИП"); c != nil {
		ip := r.entrepreneur(c)
		rep.Entrepreneur = &ip
	}
	if c := etChild(p, "СведФизЛ"); c != nil {
		fl := r.person(c)
		rep.Person = &fl
	}
	if c := etChild(p, "СведФилиал"); c != nil {
		o := r.org(c)
		rep.Branch = &o
	}
	if c := etChild(p, "СведИО"); c != nil {
		o := r.foreignOrg(c)
		rep.foreignUnit = &o
	}
	return rep
}

func (r *oldReader) powers(e *etree.Element) Powers {
	p := Powers{
		Type:          etAttr(e, "ТипПолн"),
		Joint:         etAttr(e, "ПрСовмПолн"),
		lossOnRetrust: etAttr(e, "ПрУтрПолн"),
	}
	if t := etChild(e, "ТекстПолн"); t != nil {
		p.HasText = true
		p.Text = t.Text()
	}
	for _, m := range etChildren(e, "МашПолн") {
		pw := Power{Code: etAttr(m, "КодПолн"), Name: etAttr(m, "НаимПолн"), Mnemonic: etAttr(m, "МнПолн")}
		for _, o := range etChildren(m, "ОгрСвПолн") {
			pw.Restrictions = append(pw.Restrictions, Restriction{
				ID:        etAttr(o, "ИдОгр"),
				Code:      etAttr(o, "КодОгр"),
				Name:      etAttr(o, "НаимОгр"),
				ValueName: etAttr(o, "НаимЗначОгр"),
				ValueCode: etText(etChild(o, "КодЗначОгр")),
				ValueText: etText(etChild(o, "ТексЗначОгр")),
			})
		}
		p.Machine = append(p.Machine, pw)
	}
	return p
}

func (r *oldReader) notary(e *etree.Element) *notary {
	if e == nil {
		return nil
	}
	n := &notary{Place: etAttr(e, "МестоДовер"), FeePaid: etAttr(e, "УплНотДейст")}
	if a := etChild(e, "СвНотДейств"); a != nil {
		n.Position = etAttr(a, "Должность")
		n.RegNumber = etAttr(a, "РегНомНот")
		if f := etChild(a, "ФИОНотДейств"); f != nil {
			n.Name = FullName{Last: etAttr(f, "Фамилия"), First: etAttr(f, "Имя"), Middle: etAttr(f, "Отчество")}
		}
	}
	n.Acting = etChild(e, "ВриоНот") != nil
	return n
}

func (r *oldReader) retrust(e *etree.Element) *retrustPOA {
	rt := &retrustPOA{
		TaxFlag:  etAttr(e, "ПрНалПередов"),
		Original: r.original(etChild(e, "СвПервДовер"), "Передов/СвПервДовер"),
		Info:     r.info(etChild(e, "СвПереДовер"), "Передов/СвПереДовер"),
		Powers:   r.powers(etChild(e, "СвПолн")),
		Notary:   r.notary(etChild(e, "СвНотУд")),
	}
	if c := etChild(e, "СвПередов"); c != nil {
		o := r.original(c, "Передов/СвПередов")
		rt.Previous = &o
	}
	for _, c := range etChildren(e, "СвПередПолн") {
		rt.Transferors = append(rt.Transferors, r.transferor(c))
	}
	for _, c := range etChildren(e, "СвПолучПолн") {
		rt.Recipients = append(rt.Recipients, r.representative(c))
	}
	return rt
}

func (r *oldReader) original(e *etree.Element, path string) originalPOA {
	o := originalPOA{
		Kind:            etAttr(e, "ПрДовер"),
		Form:            etAttr(e, "ФормДовер"),
		InternalNumber:  etAttr(e, "ВнНомДоверПерв"),
		InternalNumberN: etAttr(e, "ВнНомДоверN"),
		Number:          etAttr(e, "НомДоверПерв"),
		NumberN:         etAttr(e, "НомДоверN"),
		NotaryNumber:    etAttr(e, "НомРНДПерв"),
		NotaryNumberN:   etAttr(e, "НомРНДN"),
	}
	o.IssueDate, _ = r.date(e, "ДатаВыдДовер", path)
	o.ExpiryDate, _ = r.date(e, "СрокДейст", path)
	for _, c := range etChildren(e, "СвДоверПерв") {
		op := originalPrincipal{Type: etAttr(c, "ТипДоверит")}
		d := etChild(c, "ДоверитПерв")
		op.Children = etChildNames(d)
		if x := etChild(d, "РосОргДовер"); x != nil {
			org := r.org(x)
			op.Org = &org
		}
		if x := etChild(d, "ИнОргДовер"); x != nil {
			f := r.foreignOrg(x)
			op.ForeignOrg = &f
		}
		if x := etChild(d, "ИПДовер"); x != nil {
			ip := r.entrepreneur(x)
			op.Entrepreneur = &ip
		}
		if x := etChild(d, "ФЛДовер"); x != nil {
			op.Person = r.personPrincipal(x)
		}
		o.Principals = append(o.Principals, op)
	}
	return o
}

func (r *oldReader) transferor(e *etree.Element) transferor {
	t := transferor{Type: etAttr(e, "ТипПерПолн")}
	p := etChild(e, "ПередПолн")
	t.Children = etChildNames(p)
	if c := etChild(p, "РосОргПерПолн"); c != nil {
		t.RussianOrg = r.russianOrg(c)
	}
	if c := etChild(p, "ИППерПолн"); c != nil {
		ip := r.entrepreneur(c)
		t.Entrepreneur = &ip
	}
	if c := etChild(p, "ФЛПерПолн"); c != nil {
		tp := &transferorPerson{INN: etAttr(c, "ИННФЛ"), SNILS: etAttr(c, "СНИЛС"), Details: r.details(etChild(c, "СведФЛ"))}
		if h := etChild(c, "СведРукоп"); h != nil {
			hp := r.person(h)
			tp.HandSigner = &hp
		}
		t.Person = tp
	}
	if c := etChild(p, "ФилПерПолн"); c != nil {
		t.Branch = &branchTransferor{Branch: r.org(etChild(c, "СвФил")), Head: r.person(etChild(c, "СвРукФил"))}
	}
	if c := etChild(p, "ИнПерПолн"); c != nil {
		t.ForeignOrg = r.foreignOrgPrincipal(c)
	}
	return t
}
