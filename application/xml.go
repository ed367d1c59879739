package application

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

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/canonxml"
	"github.com/egisz-lk/registrar/internal/xsd"
)

// The XML format of the application.
//
// The root element is Application in the namespace Namespace with
// version="1" (FormatVersion); element names are ASCII English, values are
// Russian text. The schema is embedded (Schema) and is the reference; a new
// incompatible format gets a new namespace and version. Marshal writes
// canonical bytes: UTF-8 without BOM, the declaration
// <?xml version="1.0" encoding="UTF-8"?>, LF line ends, two-space indent,
// elements and attributes in schema order, optional elements omitted when
// empty, times as UTC "YYYY-MM-DDThh:mm:ssZ", dates as "YYYY-MM-DD", a
// newline after the root's end tag. The same content always gives the same
// bytes, so a detached signature over them stays valid.
const (
	Namespace     = "urn:egisz-lk:registrar:application:1"
	FormatVersion = "1"
	// MaxXMLSize bounds the documents Unmarshal accepts.
	MaxXMLSize = 1 << 20
	// maxXMLDepth bounds element nesting in Unmarshal (the format needs 5).
	maxXMLDepth = 16
)

//go:embed application-1.xsd
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
			Name:            "application-1.xsd",
			MaxDocumentSize: MaxXMLSize,
			MaxDepth:        maxXMLDepth,
		})
	})
	return schema, schemaErr
}

// ErrXML is matched (errors.Is) by the errors of Unmarshal for documents that
// are not a valid application.
var ErrXML = errors.New("application: not a valid application XML")

const (
	timeLayout = canonxml.TimeLayout
	dateLayout = canonxml.DateLayout
)

// xmlWriter writes the canonical form (canonxml.Writer).
type xmlWriter struct{ canonxml.Writer }

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func (w *xmlWriter) cert(name string, c CertificateFacts) {
	w.Start(name)
	w.Leaf("SerialNumber", c.SerialNumber, false)
	w.Leaf("Subject", c.Subject, false)
	w.Leaf("Issuer", c.Issuer, false)
	w.Leaf("NotBefore", fmtTime(c.NotBefore), false)
	w.Leaf("NotAfter", fmtTime(c.NotAfter), false)
	w.Leaf("FingerprintSHA1", c.FingerprintSHA1, false)
	w.Leaf("FingerprintStreebog256", c.FingerprintStreebog256, true)
	w.End(name)
}

// Marshal returns the canonical XML of the application content (see
// Namespace for the format). It fails if the content is invalid, and checks
// its own output against the embedded schema.
func (a *Application) Marshal() ([]byte, error) { return a.marshal(true) }

// marshal writes the canonical XML; selfCheck validates the output against
// the schema (callers that compare it with bytes already validated skip
// that second pass).
func (a *Application) marshal(selfCheck bool) ([]byte, error) {
	if err := a.Content.validate(); err != nil {
		return nil, err
	}
	c := &a.Content
	w := &xmlWriter{}
	w.Declaration()
	w.Start("Application", "xmlns", Namespace, "version", FormatVersion)
	w.Leaf("ID", c.ID, false)
	w.Leaf("Number", c.Number, true)
	w.Leaf("Variant", c.Variant.Code(), false)
	w.Leaf("Created", fmtTime(c.Created), false)
	w.Leaf("Power", PowerName, false, "code", PowerCode)
	w.Start("Applicant")
	w.Leaf("Surname", c.Applicant.Surname, false)
	w.Leaf("GivenName", c.Applicant.GivenName, false)
	w.Leaf("Patronymic", c.Applicant.Patronymic, true)
	w.Leaf("SNILS", c.Applicant.SNILS, false)
	w.Leaf("INN", c.Applicant.INN, true)
	w.End("Applicant")
	w.Start("Organisation")
	w.Leaf("Name", c.Organisation.Name, false)
	w.Leaf("INN", c.Organisation.INN, false)
	w.Leaf("KPP", c.Organisation.KPP, true)
	w.Leaf("OGRN", c.Organisation.OGRN, true)
	w.Leaf("OGRNIP", c.Organisation.OGRNIP, true)
	w.End("Organisation")
	if c.Fields.RegionCode != "" {
		name, _ := RegionName(c.Fields.RegionCode)
		w.Leaf("Region", name, false, "code", c.Fields.RegionCode)
	}
	w.Leaf("Position", c.Fields.Position, true)
	w.Leaf("Email", c.Fields.Email, true)
	w.Leaf("Phone", c.Fields.Phone, true)
	w.Start("Documents")
	w.cert("Certificate", c.Documents.Certificate)
	if m := c.Documents.MCHD; m != nil {
		w.Start("PowerOfAttorney")
		w.Leaf("Number", m.Number, false)
		w.Leaf("IssueDate", m.IssueDate.Format(dateLayout), false)
		w.Leaf("ExpiryDate", m.ExpiryDate.Format(dateLayout), false)
		w.Leaf("PowerCode", m.PowerCode, false)
		if m.Signer != nil {
			w.cert("SignerCertificate", *m.Signer)
		}
		w.End("PowerOfAttorney")
	}
	w.End("Documents")
	if len(c.Report.Results) == 0 {
		w.Empty("Report", "verdict", string(c.Report.Verdict), "checked", fmtTime(c.Report.CheckedAt))
	} else {
		w.Start("Report", "verdict", string(c.Report.Verdict), "checked", fmtTime(c.Report.CheckedAt))
		for _, r := range c.Report.Results {
			attrs := []string{"id", r.ID, "status", string(r.Status), "citation", r.Citation}
			if r.Waived {
				attrs = append(attrs, "waived", string(r.Waiver))
			}
			w.Start("Result", attrs...)
			w.Leaf("Message", r.Message, false)
			w.Leaf("Detail", r.Detail, true)
			w.End("Result")
		}
		w.End("Report")
	}
	w.End("Application")
	out := w.Bytes()
	if !selfCheck {
		return out, nil
	}
	s, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("application: schema: %w", err)
	}
	if err := s.Validate(out); err != nil {
		return nil, fmt.Errorf("application: internal error: output does not match the schema: %w", err)
	}
	return out, nil
}

// XML structures for decoding. Child elements are matched by local name;
// the schema has already checked their namespace and order.
type xCert struct {
	SerialNumber           string `xml:"SerialNumber"`
	Subject                string `xml:"Subject"`
	Issuer                 string `xml:"Issuer"`
	NotBefore              string `xml:"NotBefore"`
	NotAfter               string `xml:"NotAfter"`
	FingerprintSHA1        string `xml:"FingerprintSHA1"`
	FingerprintStreebog256 string `xml:"FingerprintStreebog256"`
}

type xApplication struct {
	XMLName xml.Name `xml:"urn:egisz-lk:registrar:application:1 Application"`
	Version string   `xml:"version,attr"`
	ID      string   `xml:"ID"`
	Number  string   `xml:"Number"`
	Variant string   `xml:"Variant"`
	Created string   `xml:"Created"`
	Power   struct {
		Code string `xml:"code,attr"`
		Name string `xml:",chardata"`
	} `xml:"Power"`
	Applicant struct {
		Surname    string `xml:"Surname"`
		GivenName  string `xml:"GivenName"`
		Patronymic string `xml:"Patronymic"`
		SNILS      string `xml:"SNILS"`
		INN        string `xml:"INN"`
	} `xml:"Applicant"`
	Organisation struct {
		Name   string `xml:"Name"`
		INN    string `xml:"INN"`
		KPP    string `xml:"KPP"`
		OGRN   string `xml:"OGRN"`
		OGRNIP string `xml:"OGRNIP"`
	} `xml:"Organisation"`
	Region *struct {
		Code string `xml:"code,attr"`
		Name string `xml:",chardata"`
	} `xml:"Region"`
	Position  string `xml:"Position"`
	Email     string `xml:"Email"`
	Phone     string `xml:"Phone"`
	Documents struct {
		Certificate     xCert `xml:"Certificate"`
		PowerOfAttorney *struct {
			Number            string `xml:"Number"`
			IssueDate         string `xml:"IssueDate"`
			ExpiryDate        string `xml:"ExpiryDate"`
			PowerCode         string `xml:"PowerCode"`
			SignerCertificate *xCert `xml:"SignerCertificate"`
		} `xml:"PowerOfAttorney"`
	} `xml:"Documents"`
	Report struct {
		Verdict string `xml:"verdict,attr"`
		Checked string `xml:"checked,attr"`
		Results []struct {
			ID       string `xml:"id,attr"`
			Status   string `xml:"status,attr"`
			Citation string `xml:"citation,attr"`
			Waived   string `xml:"waived,attr"`
			Message  string `xml:"Message"`
			Detail   string `xml:"Detail"`
		} `xml:"Result"`
	} `xml:"Report"`
}

// Unmarshal parses an application XML. It refuses documents over
// MaxXMLSize, any DOCTYPE, nesting deeper than 16, anything the embedded
// schema does not accept, and content that Marshal would not write (bad
// control digits, a region name that does not match its code, …). The
// result is a draft with an empty history: the lifecycle is not part of
// the XML. Errors match ErrXML.
func Unmarshal(data []byte) (*Application, error) {
	if len(data) > MaxXMLSize {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrXML, len(data), MaxXMLSize)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not UTF-8", ErrXML)
	}
	s, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("application: schema: %w", err)
	}
	if err := s.Validate(data); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXML, err)
	}
	var x xApplication
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
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			p = append(p, fmt.Sprintf("%s %q: %v", what, s, err))
		}
		return t.UTC()
	}
	cert := func(what string, xc xCert) CertificateFacts {
		return CertificateFacts{
			SerialNumber: xc.SerialNumber, Subject: xc.Subject, Issuer: xc.Issuer,
			NotBefore: pt(what+" NotBefore", xc.NotBefore), NotAfter: pt(what+" NotAfter", xc.NotAfter),
			FingerprintSHA1: xc.FingerprintSHA1, FingerprintStreebog256: xc.FingerprintStreebog256,
		}
	}
	v, err := ParseVariant(x.Variant)
	if err != nil || v.Code() != x.Variant {
		p = append(p, fmt.Sprintf("variant %q", x.Variant))
	}
	if x.Power.Code != PowerCode || x.Power.Name != PowerName {
		p = append(p, fmt.Sprintf("power %q (%s), want %q (%s)", x.Power.Name, x.Power.Code, PowerName, PowerCode))
	}
	c := Content{
		ID: x.ID, Number: x.Number, Variant: v, Created: pt("Created", x.Created),
		Applicant: Person{Surname: x.Applicant.Surname, GivenName: x.Applicant.GivenName,
			Patronymic: x.Applicant.Patronymic, SNILS: x.Applicant.SNILS, INN: x.Applicant.INN},
		Organisation: Organisation{Name: x.Organisation.Name, INN: x.Organisation.INN, KPP: x.Organisation.KPP,
			OGRN: x.Organisation.OGRN, OGRNIP: x.Organisation.OGRNIP},
		Fields:    Fields{Position: x.Position, Email: x.Email, Phone: x.Phone},
		Documents: Documents{Certificate: cert("Certificate", x.Documents.Certificate)},
		Report:    ReportSummary{Verdict: check.Status(x.Report.Verdict), CheckedAt: pt("Report checked", x.Report.Checked)},
	}
	if x.Region != nil {
		c.Fields.RegionCode = x.Region.Code
		if name, ok := RegionName(x.Region.Code); !ok || name != x.Region.Name {
			p = append(p, fmt.Sprintf("region %s %q does not match the list of subjects", x.Region.Code, x.Region.Name))
		}
	}
	if m := x.Documents.PowerOfAttorney; m != nil {
		f := &MCHDFacts{Number: m.Number, IssueDate: pd("IssueDate", m.IssueDate),
			ExpiryDate: pd("ExpiryDate", m.ExpiryDate), PowerCode: m.PowerCode}
		if m.SignerCertificate != nil {
			sc := cert("SignerCertificate", *m.SignerCertificate)
			f.Signer = &sc
		}
		c.Documents.MCHD = f
	}
	for _, r := range x.Report.Results {
		c.Report.Results = append(c.Report.Results, check.Result{ID: r.ID, Status: check.Status(r.Status),
			Citation: r.Citation, Message: r.Message, Detail: r.Detail,
			Waiver: check.Waiver(r.Waived), Waived: r.Waived != ""})
	}
	if len(p) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrXML, strings.Join(p, "; "))
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXML, err)
	}
	return &Application{Content: c, Lifecycle: Lifecycle{State: StateDraft}}, nil
}
