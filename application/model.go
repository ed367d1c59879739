package application

import (
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/canonxml"
	"github.com/egisz-lk/registrar/internal/ident"
)

// The power the application requests.
const (
	// PowerCode is the code of the power in the application XML.
	PowerCode = "REGISTRAR"
	// PowerName is the name of the power as the personal cabinet shows it.
	PowerName = "Регистратор"
)

// Length limits of free-text fields, in characters.
const (
	MaxPositionLength = 255
	maxNameLength     = 1000
	maxPartLength     = 100
	maxLongText       = 4000
)

// ErrInvalidInput is matched (errors.Is) by the *InputError that Build, Edit
// and Save return when the data is not acceptable.
var ErrInvalidInput = errors.New("application: invalid input")

// InputError lists what is wrong with the data given to Build, Edit or Save.
type InputError struct {
	// Problems are English descriptions for logs.
	Problems []string
	// Results are the failed checks with Russian messages, when the
	// problems come from rules (editable fields, applicant).
	Results check.Results
}

// Error lists the problems.
func (e *InputError) Error() string {
	return "application: invalid input: " + strings.Join(e.Problems, "; ")
}

// Unwrap returns ErrInvalidInput.
func (e *InputError) Unwrap() error { return ErrInvalidInput }

// Person is the applicant as written in the application: the ЕСИА
// account's name and identifiers.
type Person struct {
	Surname    string
	GivenName  string
	Patronymic string // may be empty
	SNILS      string // 11 digits
	INN        string // 12 digits or empty
}

// FullName returns "Surname GivenName Patronymic".
func (p Person) FullName() string { return joinNonEmpty(p.Surname, p.GivenName, p.Patronymic) }

// Organisation is the organisation the power is requested for: a legal
// entity (ОГРН, ИНН of 10 digits, КПП optional) or an individual
// entrepreneur (ОГРНИП, ИНН of 12 digits).
type Organisation struct {
	Name   string `json:"name"`
	INN    string `json:"inn"`
	KPP    string `json:"kpp,omitempty"`    // legal entity only, optional
	OGRN   string `json:"ogrn,omitempty"`   // legal entity
	OGRNIP string `json:"ogrnip,omitempty"` // individual entrepreneur
}

// String renders the organisation for people: the name and, in brackets,
// the identifiers it has — "ООО «Ромашка» (ИНН 7700000000, КПП 770001001,
// ОГРН 1027700000000)". It is the one formatter of an organisation in the
// module.
func (o Organisation) String() string {
	var ids []string
	for _, p := range [][2]string{{"ИНН", o.INN}, {"КПП", o.KPP}, {"ОГРН", o.OGRN}, {"ОГРНИП", o.OGRNIP}} {
		if strings.TrimSpace(p[1]) != "" {
			ids = append(ids, p[0]+" "+strings.TrimSpace(p[1]))
		}
	}
	if len(ids) == 0 {
		return o.Name
	}
	return o.Name + " (" + strings.Join(ids, ", ") + ")"
}

// Entrepreneur reports whether the organisation is an individual
// entrepreneur.
func (o Organisation) Entrepreneur() bool { return o.OGRNIP != "" }

// Fields are the fields the applicant can edit before saving (step 2.3):
// region, position and contacts.
type Fields struct {
	// RegionCode is the two-digit code of a subject of the Russian
	// Federation (see Regions).
	RegionCode string `json:"region"`
	// Position is the applicant's position (должность), 1 to 255
	// characters.
	Position string `json:"position"`
	// Email is the address the decision is sent to.
	Email string `json:"email"`
	// Phone is "+7" and 10 digits (normalised by Edit and Build).
	Phone string `json:"phone"`
}

// Check evaluates the rules of the editable fields: APP-REGION,
// APP-POSITION, APP-EMAIL and APP-PHONE, in that order. Phone may be given in
// any form NormalizePhone accepts.
func (f Fields) Check() check.Results {
	var rs check.Results
	switch name, ok := RegionName(f.RegionCode); {
	case f.RegionCode == "":
		rs = append(rs, ruleRegion.Outcome("absent", "empty"))
	case !ok:
		rs = append(rs, ruleRegion.Violated("unknown code "+f.RegionCode, f.RegionCode))
	default:
		rs = append(rs, ruleRegion.Passed(f.RegionCode+" "+name))
	}
	switch err := canonxml.ValidText(f.Position, MaxPositionLength); {
	case err != nil && strings.TrimSpace(f.Position) == "":
		rs = append(rs, rulePosition.Outcome("absent", err.Error()))
	case err != nil:
		rs = append(rs, rulePosition.Violated(err.Error(), "укажите от 1 до 255 символов без управляющих символов и пробелов по краям"))
	default:
		rs = append(rs, rulePosition.Passed(""))
	}
	rs = append(rs, CheckEmail(f.Email), CheckPhone(f.Phone))
	return rs
}

// normalize trims the fields and normalises a valid phone number.
func (f Fields) normalize() Fields {
	f.RegionCode = strings.TrimSpace(f.RegionCode)
	f.Position = strings.Join(strings.Fields(f.Position), " ")
	f.Email = strings.TrimSpace(f.Email)
	f.Phone = strings.TrimSpace(f.Phone)
	if p, err := NormalizePhone(f.Phone); err == nil {
		f.Phone = p
	}
	return f
}

// CertificateFacts are the key facts of an uploaded certificate shown in the
// application.
type CertificateFacts struct {
	// SerialNumber in upper-case hexadecimal.
	SerialNumber string
	// Subject and Issuer rendered on one line ("CN=…, O=…").
	Subject string
	Issuer  string
	// NotBefore and NotAfter, UTC, whole seconds.
	NotBefore time.Time
	NotAfter  time.Time
	// FingerprintSHA1 (40 hex digits) and FingerprintStreebog256 (64 hex
	// digits, may be empty).
	FingerprintSHA1        string
	FingerprintStreebog256 string
}

// FactsOf extracts the key facts of a parsed certificate.
func FactsOf(c *certificate.Certificate) CertificateFacts {
	if c == nil {
		return CertificateFacts{}
	}
	serial := ""
	if c.SerialNumber != nil {
		serial = fmt.Sprintf("%X", c.SerialNumber)
	}
	return CertificateFacts{
		SerialNumber:           serial,
		Subject:                c.Subject.String(),
		Issuer:                 c.Issuer.String(),
		NotBefore:              utcSeconds(c.NotBefore),
		NotAfter:               utcSeconds(c.NotAfter),
		FingerprintSHA1:        strings.ToUpper(c.FingerprintSHA1),
		FingerprintStreebog256: c.FingerprintStreebog256(),
	}
}

// MCHDFacts are the key facts of an uploaded power of attorney (МЧД).
type MCHDFacts struct {
	// Number is the number of the power of attorney (НомДовер, a GUID).
	Number string
	// IssueDate and ExpiryDate are dates (midnight UTC).
	IssueDate  time.Time
	ExpiryDate time.Time
	// PowerCode is the code of the power the МЧД grants, "EGISZ_LK_01".
	PowerCode string
	// Signer is the certificate the МЧД was signed with; nil when unknown.
	Signer *CertificateFacts
}

// MCHDPowerCode is the code of the ЕГИСЗ power an МЧД must grant
// («Подача заявок на предоставление (отзыв) доступа к подсистемам
// (компонентам) ЕГИСЗ»), step 1 of the instruction.
const MCHDPowerCode = "EGISZ_LK_01"

// Documents are the facts of the uploaded documents.
type Documents struct {
	// Certificate is the uploaded certificate (ЮЛ, ИП or ФЛ by variant).
	Certificate CertificateFacts
	// MCHD is the power of attorney; required by the representative and
	// managing variants, absent for the head variant.
	MCHD *MCHDFacts
}

// ReportSummary is the verdict of the cross-document check the application
// is built from. Only a passed report (pass or warn) may produce an
// application.
type ReportSummary struct {
	// Verdict is check.Pass or check.Warn.
	Verdict check.Status
	// CheckedAt is when the documents were checked (UTC, whole seconds).
	CheckedAt time.Time
	// Results are the results to show with the application (typically all
	// of them, or the warnings).
	Results check.Results
}

// Input is what Build needs: the passed report and the document facts
// (filled by the cross-document check), the applicant's ЕСИА account, the
// organisation and the editable fields.
type Input struct {
	// ID identifies the application (a lower-case UUID); empty means a new
	// random one.
	ID string
	// Number is the registration number given by the cabinet, optional.
	Number    string
	Variant   Variant
	Applicant Applicant
	// Organisation the power is requested for.
	Organisation Organisation
	// Fields may be partly empty in a draft; Email and Phone default to the
	// applicant's ЕСИА contacts.
	Fields    Fields
	Documents Documents
	Report    ReportSummary
	// Now is the clock of the application (creation time and lifecycle
	// timestamps); nil means time.Now.
	Now func() time.Time
}

// Content is the part of an application that goes into its XML and is
// signed.
type Content struct {
	ID           string
	Number       string
	Variant      Variant
	Created      time.Time
	Applicant    Person
	Organisation Organisation
	Fields       Fields
	Documents    Documents
	Report       ReportSummary
}

// Application is an application for the «Регистратор» power: its content
// (what the XML holds and the applicant signs) and its lifecycle. An
// Application is not safe for concurrent modification.
type Application struct {
	Content
	// Lifecycle is the state and the history of transitions; it is not part
	// of the XML.
	Lifecycle Lifecycle
	// Signature is the detached signature accepted by AttachSignature (DER).
	Signature []byte

	now func() time.Time
}

// Equal reports whether a and b have the same content (lifecycle and
// signature are not compared).
func (a *Application) Equal(b *Application) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, err1 := a.Marshal()
	y, err2 := b.Marshal()
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// SetClock replaces the clock used for lifecycle timestamps (nil means
// time.Now).
func (a *Application) SetClock(now func() time.Time) { a.now = now }

func (a *Application) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

func utcSeconds(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func utcDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// NewID returns a random lower-case UUID (version 4).
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Build makes a draft application from a passed cross-document report and
// the applicant's data. It refuses (with an *InputError) an invalid
// variant, a failed or missing report, documents that do not fit the
// variant, an applicant that fails CheckApplicant, an invalid organisation,
// and editable fields that are given but invalid. Empty editable fields are
// allowed in a draft; Save requires them.
func Build(in Input) (*Application, error) {
	var problems []string
	var failed check.Results
	for _, r := range CheckApplicant(in.Applicant) {
		// The account's contacts only seed the editable fields, which are
		// checked below.
		if r.Status == check.Fail && r.ID != ruleEmail.ID && r.ID != rulePhone.ID {
			failed = append(failed, r)
			problems = append(problems, r.ID+": "+r.Detail)
		}
	}
	f := in.Fields
	if f.Email == "" {
		f.Email = in.Applicant.Email
	}
	if f.Phone == "" {
		f.Phone = in.Applicant.Phone
	}
	f = f.normalize()
	for _, r := range f.Check() {
		if r.Status == check.Fail && !emptyField(f, r.ID) {
			failed = append(failed, r)
			problems = append(problems, r.ID+": "+r.Detail)
		}
	}
	if len(problems) > 0 {
		return nil, &InputError{Problems: problems, Results: failed}
	}
	now := in.Now
	if now == nil {
		now = time.Now
	}
	id := in.ID
	if id == "" {
		id = NewID()
	}
	snils, _ := ident.ParseSNILS(in.Applicant.SNILS)
	app := &Application{
		Content: Content{
			ID:      id,
			Number:  in.Number,
			Variant: in.Variant,
			Created: utcSeconds(now()),
			Applicant: Person{
				Surname:    strings.Join(strings.Fields(in.Applicant.Surname), " "),
				GivenName:  strings.Join(strings.Fields(in.Applicant.GivenName), " "),
				Patronymic: strings.Join(strings.Fields(in.Applicant.Patronymic), " "),
				SNILS:      snils.Digits(),
				INN:        in.Applicant.INN,
			},
			Organisation: in.Organisation,
			Fields:       f,
			Documents:    normDocuments(in.Documents),
			Report: ReportSummary{
				Verdict:   in.Report.Verdict,
				CheckedAt: utcSeconds(in.Report.CheckedAt),
				Results:   append(check.Results(nil), in.Report.Results...),
			},
		},
		Lifecycle: Lifecycle{State: StateDraft},
		now:       now,
	}
	if err := app.Content.validate(); err != nil {
		return nil, err
	}
	return app, nil
}

func emptyField(f Fields, id string) bool {
	switch id {
	case ruleRegion.ID:
		return f.RegionCode == ""
	case rulePosition.ID:
		return f.Position == ""
	case ruleEmail.ID:
		return f.Email == ""
	case rulePhone.ID:
		return f.Phone == ""
	}
	return false
}

func normCert(c CertificateFacts) CertificateFacts {
	c.NotBefore = utcSeconds(c.NotBefore)
	c.NotAfter = utcSeconds(c.NotAfter)
	c.SerialNumber = strings.ToUpper(c.SerialNumber)
	c.FingerprintSHA1 = strings.ToUpper(c.FingerprintSHA1)
	c.FingerprintStreebog256 = strings.ToUpper(c.FingerprintStreebog256)
	return c
}

func normDocuments(d Documents) Documents {
	d.Certificate = normCert(d.Certificate)
	if d.MCHD != nil {
		m := *d.MCHD
		m.IssueDate = utcDate(m.IssueDate)
		m.ExpiryDate = utcDate(m.ExpiryDate)
		if m.Signer != nil {
			s := normCert(*m.Signer)
			m.Signer = &s
		}
		d.MCHD = &m
	}
	return d
}

var (
	hexRE    = regexp.MustCompile(`^[0-9A-F]{1,64}$`)
	sha1RE   = regexp.MustCompile(`^[0-9A-F]{40}$`)
	gost256  = regexp.MustCompile(`^[0-9A-F]{64}$`)
	resultID = regexp.MustCompile(`^[A-Z0-9]([A-Z0-9-]{0,98}[A-Z0-9])?$`)
)

// validate checks everything the XML schema requires and more (control
// digits, consistency). Build, Marshal and Unmarshal call it, so that what
// one accepts the others accept too.
func (c *Content) validate() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	text := func(what, s string, max int, optional bool) {
		if optional && s == "" {
			return
		}
		if err := canonxml.ValidText(s, max); err != nil {
			add("%s: %v", what, err)
		}
	}
	if !ident.IsLowerGUID(c.ID) {
		add("ID %q is not a lower-case UUID", c.ID)
	}
	text("number", c.Number, 64, true)
	if !c.Variant.Valid() {
		add("invalid variant %d", int(c.Variant))
	}
	canonxml.CheckTime(&p, "created", c.Created)
	// Applicant.
	text("surname", c.Applicant.Surname, maxPartLength, false)
	text("given name", c.Applicant.GivenName, maxPartLength, false)
	text("patronymic", c.Applicant.Patronymic, maxPartLength, true)
	if n, err := ident.ParseSNILS(c.Applicant.SNILS); err != nil || n.Digits() != c.Applicant.SNILS {
		add("applicant SNILS %q: want 11 digits with valid control number", c.Applicant.SNILS)
	}
	if c.Applicant.INN != "" {
		if _, err := ident.ParseINNPerson(c.Applicant.INN); err != nil {
			add("applicant INN: %v", err)
		}
	}
	// Organisation.
	o := c.Organisation
	text("organisation name", o.Name, maxNameLength, false)
	p = append(p, ident.OrganisationProblems(o.INN, o.KPP, o.OGRN, o.OGRNIP)...)
	// An entrepreneur applies himself (head variant) or through a
	// representative holding his МЧД; he has no managing organisation.
	if o.OGRNIP != "" && c.Variant == VariantManaging {
		add("an entrepreneur cannot use the managing variant")
	}
	// Editable fields: empty or valid.
	f := c.Fields
	for _, r := range f.Check() {
		if r.Status == check.Fail && !emptyField(f, r.ID) {
			add("%s: %s", r.ID, r.Detail)
		}
	}
	if f.Phone != "" && !validPhone(f.Phone) {
		add("phone %q is not normalised", f.Phone)
	}
	if f.Position != "" && f.Position != strings.Join(strings.Fields(f.Position), " ") {
		add("position has repeated spaces")
	}
	// Documents.
	checkCert(&p, "certificate", c.Documents.Certificate)
	if m := c.Documents.MCHD; m != nil {
		if !c.Variant.NeedsMCHD() {
			add("variant %s takes no power of attorney", c.Variant)
		}
		text("power of attorney number", m.Number, 255, false)
		canonxml.CheckDate(&p, "power of attorney issue date", m.IssueDate)
		canonxml.CheckDate(&p, "power of attorney expiry date", m.ExpiryDate)
		if !m.ExpiryDate.IsZero() && m.ExpiryDate.Before(m.IssueDate) {
			add("power of attorney expires before it is issued")
		}
		text("power code", m.PowerCode, 255, false)
		if m.Signer != nil {
			checkCert(&p, "power of attorney signer certificate", *m.Signer)
		}
	} else if c.Variant.NeedsMCHD() {
		add("variant %s needs a power of attorney", c.Variant)
	}
	// Report.
	r := c.Report
	if r.Verdict != check.Pass && r.Verdict != check.Warn {
		add("report verdict %q: only a passed report (pass or warn) makes an application", r.Verdict)
	}
	canonxml.CheckTime(&p, "report time", r.CheckedAt)
	for i, res := range r.Results {
		if !resultID.MatchString(res.ID) {
			add("result %d: invalid ID %q", i+1, res.ID)
		}
		if !res.Status.Valid() {
			add("result %d: invalid status %q", i+1, res.Status)
		}
		switch res.Status {
		case check.Fail:
			add("result %s failed: a failed report makes no application", res.ID)
		case check.Indeterminate:
			add("result %s is indeterminate: an undecided report makes no application (waive the fact or provide it)", res.ID)
		}
		if res.Waived && (res.Status != check.Warn || !res.Waiver.Valid()) {
			add("result %s: waived %q must be a warning with a known waiver", res.ID, res.Waiver)
		}
		if res.Status == check.Warn && r.Verdict != check.Warn {
			add("result %s is a warning but the verdict is %q", res.ID, r.Verdict)
		}
		text("result "+res.ID+" message", res.Message, maxLongText, false)
		text("result "+res.ID+" citation", res.Citation, maxLongText, false)
		text("result "+res.ID+" detail", res.Detail, maxLongText, true)
	}
	if len(r.Results) > 1000 {
		add("more than 1000 results")
	}
	if len(p) > 0 {
		return &InputError{Problems: p}
	}
	return nil
}

func checkCert(p *[]string, what string, c CertificateFacts) {
	if !hexRE.MatchString(c.SerialNumber) {
		*p = append(*p, what+": serial number is not 1–64 upper-case hex digits")
	}
	for _, s := range []struct{ n, v string }{{"subject", c.Subject}, {"issuer", c.Issuer}} {
		if err := canonxml.ValidText(s.v, maxLongText); err != nil {
			*p = append(*p, fmt.Sprintf("%s %s: %v", what, s.n, err))
		}
	}
	canonxml.CheckTime(p, what+" not before", c.NotBefore)
	canonxml.CheckTime(p, what+" not after", c.NotAfter)
	if !sha1RE.MatchString(c.FingerprintSHA1) {
		*p = append(*p, what+": SHA-1 fingerprint is not 40 upper-case hex digits")
	}
	if c.FingerprintStreebog256 != "" && !gost256.MatchString(c.FingerprintStreebog256) {
		*p = append(*p, what+": Streebog-256 fingerprint is not 64 upper-case hex digits")
	}
}
