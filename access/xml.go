package access

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/internal/canonxml"
	"github.com/egisz-lk/registrar/internal/xsd"
)

// The XML format of an access request (this library's own: the cabinet's
// format is not public).
//
// The root element is AccessRequest in the namespace Namespace with
// version="1" (FormatVersion); element names are ASCII English, values are
// Russian text. The schema is embedded (Schema) and is the reference; a new
// incompatible format gets a new namespace and version, while a new
// subsystem code needs none (codes are checked against a Catalogue, not
// the schema). Marshal writes canonical bytes: UTF-8 without BOM, the
// declaration <?xml version="1.0" encoding="UTF-8"?>, LF line ends,
// two-space indent, elements in schema order, optional elements omitted
// when empty, subsystems sorted by code, times as UTC
// "YYYY-MM-DDThh:mm:ssZ", dates as "YYYY-MM-DD". The same content always
// gives the same bytes, so a detached signature over them stays valid.
const (
	Namespace     = "urn:egisz-lk:registrar:access:1"
	FormatVersion = "1"
	// MaxXMLSize bounds the documents Unmarshal accepts.
	MaxXMLSize = 256 << 10
	// maxXMLDepth bounds element nesting in Unmarshal (the format needs 4).
	maxXMLDepth = 16
)

//go:embed access-1.xsd
var schemaXSD []byte

// Schema returns the XML Schema of the format (a copy).
func Schema() []byte { return bytes.Clone(schemaXSD) }

var (
	schemaOnce sync.Once
	schema     *xsd.Schema
	schemaErr  error
)

func compiled() (*xsd.Schema, error) {
	schemaOnce.Do(func() {
		schema, schemaErr = xsd.Compile(schemaXSD, xsd.Config{
			Name:            "access-1.xsd",
			MaxDocumentSize: MaxXMLSize,
			MaxDepth:        maxXMLDepth,
		})
	})
	return schema, schemaErr
}

// ErrXML is matched (errors.Is) by the errors of Unmarshal for documents
// that are not a valid access request.
var ErrXML = errors.New("access: not a valid access request XML")

const (
	timeLayout = canonxml.TimeLayout
	dateLayout = canonxml.DateLayout
)

// xmlWriter writes the canonical form (canonxml.Writer).
type xmlWriter struct{ canonxml.Writer }

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// powerLabel is the text of the Power element: the name of a known code,
// the code itself otherwise.
func powerLabel(code string) string {
	if name, ok := PowerName(code); ok {
		return name
	}
	return code
}

// Marshal returns the canonical XML of the request content (see Namespace
// for the format). It fails if the content is invalid, and checks its own
// output against the embedded schema.
func (r *Request) Marshal() ([]byte, error) { return r.marshal(true) }

func (r *Request) marshal(selfCheck bool) ([]byte, error) {
	c := &r.Content
	if err := c.validate(); err != nil {
		return nil, err
	}
	w := &xmlWriter{}
	w.Grow(2048)
	w.Declaration()
	w.Start("AccessRequest", "xmlns", Namespace, "version", FormatVersion)
	w.Leaf("ID", c.ID, false)
	w.Leaf("Number", c.Number, true)
	w.Leaf("Action", c.Action.Code(), false)
	w.Leaf("Created", c.Created.UTC().Format(timeLayout), false)
	w.Start("Organisation")
	w.Leaf("Name", c.Organisation.Name, false)
	w.Leaf("INN", c.Organisation.INN, false)
	w.Leaf("KPP", c.Organisation.KPP, true)
	w.Leaf("OGRN", c.Organisation.OGRN, true)
	w.Leaf("OGRNIP", c.Organisation.OGRNIP, true)
	w.End("Organisation")
	g := &c.Registrar
	w.Start("Registrar")
	w.Leaf("ApplicationID", g.ApplicationID, false)
	w.Leaf("Variant", g.Variant.Code(), false)
	w.Leaf("Surname", g.Person.Surname, false)
	w.Leaf("GivenName", g.Person.GivenName, false)
	w.Leaf("Patronymic", g.Person.Patronymic, true)
	w.Leaf("SNILS", g.Person.SNILS, false)
	w.Leaf("INN", g.Person.INN, true)
	if m := g.MCHD; m != nil {
		w.Start("PowerOfAttorney")
		w.Leaf("Number", m.Number, false)
		w.Leaf("IssueDate", fmtDate(m.IssueDate), false)
		w.Leaf("ExpiryDate", fmtDate(m.ExpiryDate), false)
		w.Leaf("PowerCode", m.PowerCode, false)
		w.End("PowerOfAttorney")
	}
	w.End("Registrar")
	e := &c.Employee
	w.Start("Employee")
	w.Leaf("Surname", e.Surname, false)
	w.Leaf("GivenName", e.GivenName, false)
	w.Leaf("Patronymic", e.Patronymic, true)
	w.Leaf("SNILS", e.SNILS, false)
	w.Leaf("Email", e.Email, false)
	w.Leaf("Position", e.Position, false)
	w.End("Employee")
	w.Leaf("Power", powerLabel(c.Power), false, "code", c.Power)
	w.Start("Subsystems")
	for _, s := range c.Subsystems {
		w.Leaf("Subsystem", s.Name, false, "code", s.Code)
	}
	w.End("Subsystems")
	w.Leaf("ValidFrom", fmtDate(c.ValidFrom), false)
	w.Leaf("ValidTo", fmtDate(c.ValidTo), true)
	w.Leaf("Revokes", c.Revokes, true)
	w.End("AccessRequest")
	out := w.Bytes()
	if !selfCheck {
		return out, nil
	}
	s, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("access: schema: %w", err)
	}
	if err := s.Validate(out); err != nil {
		return nil, fmt.Errorf("access: internal error: output does not match the schema: %w", err)
	}
	return out, nil
}

type xNamed struct {
	Code string `xml:"code,attr"`
	Name string `xml:",chardata"`
}

type xRequest struct {
	XMLName      xml.Name `xml:"urn:egisz-lk:registrar:access:1 AccessRequest"`
	ID           string   `xml:"ID"`
	Number       string   `xml:"Number"`
	Action       string   `xml:"Action"`
	Created      string   `xml:"Created"`
	Organisation struct {
		Name   string `xml:"Name"`
		INN    string `xml:"INN"`
		KPP    string `xml:"KPP"`
		OGRN   string `xml:"OGRN"`
		OGRNIP string `xml:"OGRNIP"`
	} `xml:"Organisation"`
	Registrar struct {
		ApplicationID   string `xml:"ApplicationID"`
		Variant         string `xml:"Variant"`
		Surname         string `xml:"Surname"`
		GivenName       string `xml:"GivenName"`
		Patronymic      string `xml:"Patronymic"`
		SNILS           string `xml:"SNILS"`
		INN             string `xml:"INN"`
		PowerOfAttorney *struct {
			Number     string `xml:"Number"`
			IssueDate  string `xml:"IssueDate"`
			ExpiryDate string `xml:"ExpiryDate"`
			PowerCode  string `xml:"PowerCode"`
		} `xml:"PowerOfAttorney"`
	} `xml:"Registrar"`
	Employee struct {
		Surname    string `xml:"Surname"`
		GivenName  string `xml:"GivenName"`
		Patronymic string `xml:"Patronymic"`
		SNILS      string `xml:"SNILS"`
		Email      string `xml:"Email"`
		Position   string `xml:"Position"`
	} `xml:"Employee"`
	Power      xNamed `xml:"Power"`
	Subsystems struct {
		Items []xNamed `xml:"Subsystem"`
	} `xml:"Subsystems"`
	ValidFrom string `xml:"ValidFrom"`
	ValidTo   string `xml:"ValidTo"`
	Revokes   string `xml:"Revokes"`
}

// Unmarshal parses an access request XML. It refuses documents over
// MaxXMLSize, any DOCTYPE, nesting deeper than 16, anything the embedded
// schema does not accept, and content that Marshal would not write (bad
// control digits of the organisation or the Регистратор, a power name that
// does not match its code, unsorted subsystems, …). It accepts what the
// rules refuse with a reason — an employee СНИЛС with a wrong control
// number, the «Регистратор» power, a subsystem not in a catalogue — so
// that Verify can say why. The result is a draft with an empty history.
// Errors match ErrXML.
func Unmarshal(data []byte) (*Request, error) {
	if len(data) > MaxXMLSize {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrXML, len(data), MaxXMLSize)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not UTF-8", ErrXML)
	}
	s, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("access: schema: %w", err)
	}
	if err := s.Validate(data); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXML, err)
	}
	var x xRequest
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXML, err)
	}
	var p []string
	pt := func(what, s string) time.Time {
		t, err := time.Parse(timeLayout, s)
		if err != nil {
			p = append(p, fmt.Sprintf("%s %q: %v", what, s, err))
		}
		return t.UTC()
	}
	pd := func(what, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			p = append(p, fmt.Sprintf("%s %q: %v", what, s, err))
		}
		return t.UTC()
	}
	act, err := ParseAction(x.Action)
	if err != nil {
		p = append(p, err.Error())
	}
	v, err := application.ParseVariant(x.Registrar.Variant)
	if err != nil || v.Code() != x.Registrar.Variant {
		p = append(p, fmt.Sprintf("variant %q", x.Registrar.Variant))
	}
	if want := powerLabel(x.Power.Code); x.Power.Name != want {
		p = append(p, fmt.Sprintf("power %s named %q, want %q", x.Power.Code, x.Power.Name, want))
	}
	xr := &x.Registrar
	c := Content{
		ID: x.ID, Number: x.Number, Action: act, Created: pt("Created", x.Created),
		Organisation: application.Organisation{Name: x.Organisation.Name, INN: x.Organisation.INN, KPP: x.Organisation.KPP,
			OGRN: x.Organisation.OGRN, OGRNIP: x.Organisation.OGRNIP},
		Registrar: Registrar{ApplicationID: xr.ApplicationID, Variant: v, Person: application.Person{
			Surname: xr.Surname, GivenName: xr.GivenName, Patronymic: xr.Patronymic, SNILS: xr.SNILS, INN: xr.INN}},
		Employee: Employee{Surname: x.Employee.Surname, GivenName: x.Employee.GivenName, Patronymic: x.Employee.Patronymic,
			SNILS: x.Employee.SNILS, Email: x.Employee.Email, Position: x.Employee.Position},
		Power:     x.Power.Code,
		ValidFrom: pd("ValidFrom", x.ValidFrom), ValidTo: pd("ValidTo", x.ValidTo),
		Revokes: x.Revokes,
	}
	if m := xr.PowerOfAttorney; m != nil {
		c.Registrar.MCHD = &PowerOfAttorney{Number: m.Number, IssueDate: pd("IssueDate", m.IssueDate),
			ExpiryDate: pd("ExpiryDate", m.ExpiryDate), PowerCode: m.PowerCode}
	}
	c.Subsystems = make([]Subsystem, len(x.Subsystems.Items))
	for i, s := range x.Subsystems.Items {
		c.Subsystems[i] = Subsystem{Code: s.Code, Name: s.Name}
	}
	if len(p) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrXML, strings.Join(p, "; "))
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXML, err)
	}
	return &Request{Content: c, Lifecycle: application.Lifecycle{State: application.StateDraft}}, nil
}
