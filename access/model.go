package access

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/canonxml"
	"github.com/egisz-lk/registrar/internal/ident"
)

// Action says whether a request grants or revokes access.
type Action int

// The actions.
const (
	// ActionGrant grants a power and subsystems to an employee.
	ActionGrant Action = iota + 1
	// ActionRevoke revokes an active grant.
	ActionRevoke
)

// Code returns the XML code of the action: "grant" or "revoke".
func (a Action) Code() string {
	switch a {
	case ActionGrant:
		return "grant"
	case ActionRevoke:
		return "revoke"
	}
	return ""
}

// String returns Code, or "Action(n)" for an invalid action.
func (a Action) String() string {
	if c := a.Code(); c != "" {
		return c
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Russian names the action for people.
func (a Action) Russian() string {
	switch a {
	case ActionGrant:
		return "предоставление доступа"
	case ActionRevoke:
		return "отзыв доступа"
	}
	return a.String()
}

// Valid reports whether a is ActionGrant or ActionRevoke.
func (a Action) Valid() bool { return a == ActionGrant || a == ActionRevoke }

// ParseAction reads "grant" or "revoke".
func ParseAction(s string) (Action, error) {
	for _, a := range []Action{ActionGrant, ActionRevoke} {
		if a.Code() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("access: unknown action %q (want grant or revoke)", s)
}

// The powers a request can name. A Регистратор grants only PowerOperator;
// application.PowerCode («Регистратор») is known so that a request for it
// can be read and refused with a reason (ACC-POWER).
const (
	// PowerOperator is the code of the «Оператор» power.
	PowerOperator = "OPERATOR"
	// PowerOperatorName is its name as the cabinet shows it.
	PowerOperatorName = "Оператор"
)

// PowerName returns the Russian name of a known power code: «Оператор» for
// PowerOperator, «Регистратор» for application.PowerCode.
func PowerName(code string) (string, bool) {
	switch code {
	case PowerOperator:
		return PowerOperatorName, true
	case application.PowerCode:
		return application.PowerName, true
	}
	return "", false
}

// PowerOfAttorney is the МЧД a representative Регистратор was registered
// with: its number and term, and the power it grants.
type PowerOfAttorney struct {
	// Number is НомДовер as written in the МЧД.
	Number string
	// IssueDate and ExpiryDate are dates (midnight UTC).
	IssueDate  time.Time
	ExpiryDate time.Time
	// PowerCode is the code of the power the МЧД grants
	// (application.MCHDPowerCode, EGISZ_LK_01).
	PowerCode string
}

// Registrar is the Регистратор filing a request, as registered by an
// approved application (see RegistrarFrom).
type Registrar struct {
	// ApplicationID is the ID of the approved registration application.
	ApplicationID string
	// Variant is the registration variant: the head of the organisation,
	// a representative with an МЧД, or the head of a managing organisation
	// with an МЧД.
	Variant application.Variant
	// Person is the Регистратор (name, СНИЛС, ИНН when known).
	Person application.Person
	// MCHD is the power of attorney of the representative and managing
	// variants; nil for the head variant.
	MCHD *PowerOfAttorney
}

// ErrNotApproved is returned by RegistrarFrom and Build for a registration
// application that is not approved: only an approved Регистратор files
// access requests.
var ErrNotApproved = errors.New("access: the registration application is not approved")

// RegistrarFrom returns the Регистратор registered by app, which must be
// approved (state application.StateApproved).
func RegistrarFrom(app *application.Application) (Registrar, error) {
	if app == nil {
		return Registrar{}, fmt.Errorf("%w: no application", ErrNotApproved)
	}
	if app.Lifecycle.State != application.StateApproved {
		return Registrar{}, fmt.Errorf("%w (state %s: «%s»)", ErrNotApproved, app.Lifecycle.State, app.Lifecycle.State.Russian())
	}
	r := Registrar{ApplicationID: app.ID, Variant: app.Variant, Person: app.Applicant}
	if m := app.Documents.MCHD; m != nil {
		r.MCHD = &PowerOfAttorney{Number: m.Number, IssueDate: utcDate(m.IssueDate), ExpiryDate: utcDate(m.ExpiryDate), PowerCode: m.PowerCode}
	}
	return r, nil
}

// Employee is the person access is granted to or revoked from.
type Employee struct {
	// Surname, GivenName and Patronymic (may be empty) as in the
	// employee's ЕСИА account.
	Surname    string
	GivenName  string
	Patronymic string
	// SNILS is 11 digits; its control number is checked by
	// ACC-EMPLOYEE-SNILS.
	SNILS string
	// Email is the employee's work address.
	Email string
	// Position is the employee's position (должность), 1 to 255
	// characters.
	Position string
}

// FullName returns "Surname GivenName Patronymic" without empty parts.
func (e Employee) FullName() string {
	return strings.Join(strings.Fields(e.Surname+" "+e.GivenName+" "+e.Patronymic), " ")
}

func (e Employee) normalize() Employee {
	sp := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	e.Surname, e.GivenName, e.Patronymic, e.Position = sp(e.Surname), sp(e.GivenName), sp(e.Patronymic), sp(e.Position)
	e.Email = strings.TrimSpace(e.Email)
	if s, err := ident.ParseSNILS(e.SNILS); err == nil {
		e.SNILS = s.Digits()
	} else {
		e.SNILS = strings.Map(func(r rune) rune {
			if r == '-' || r == ' ' {
				return -1
			}
			return r
		}, e.SNILS)
	}
	return e
}

// Input is what Build needs.
type Input struct {
	// ID identifies the request (a lower-case UUID); empty means a new
	// random one.
	ID string
	// Number is the registration number given by the cabinet, optional.
	Number string
	// Action is grant or revoke.
	Action Action
	// Registration is the approved application that made the Регистратор;
	// the organisation and the Регистратор are taken from it.
	Registration *application.Application
	// Employee is the person access is granted to or revoked from.
	Employee Employee
	// Power is the power code; empty means PowerOperator.
	Power string
	// Subsystems are the codes of the subsystems (components) of ЕГИСЗ,
	// from Catalogue; order and repetitions do not matter.
	Subsystems []string
	// Catalogue is the list of subsystems; nil means DefaultCatalogue.
	Catalogue *Catalogue
	// ValidFrom is the date access starts (grant) or ends (revoke);
	// zero means the creation date.
	ValidFrom time.Time
	// ValidTo is the last date of a grant, optional (zero: until revoked).
	ValidTo time.Time
	// Revokes is the ID of the grant a revocation ends (the ID of the
	// request that granted it).
	Revokes string
	// Now is the clock of the request; nil means time.Now.
	Now func() time.Time
}

// Content is the part of a request that goes into its XML and is signed.
type Content struct {
	// ID identifies the request (a lower-case UUID); a grant's ID is also
	// the ID of the grant in the register.
	ID string
	// Number is the registration number given by the cabinet, optional.
	Number string
	// Action is grant or revoke.
	Action Action
	// Created is when the request was built (UTC, whole seconds).
	Created time.Time
	// Organisation is the Регистратор's organisation, from the
	// registration.
	Organisation application.Organisation
	// Registrar is the Регистратор filing the request.
	Registrar Registrar
	// Employee is the person access is granted to or revoked from.
	Employee Employee
	// Power is the power code (PowerOperator).
	Power string
	// Subsystems are sorted by code, without repetitions.
	Subsystems []Subsystem
	// ValidFrom and ValidTo are dates; ValidTo is zero when the grant has
	// no end, and always for a revocation.
	ValidFrom time.Time
	ValidTo   time.Time
	// Revokes is the grant a revocation ends; empty for a grant.
	Revokes string
}

// SubsystemCodes returns the codes of the subsystems, in order.
func (c *Content) SubsystemCodes() []string {
	out := make([]string, len(c.Subsystems))
	for i, s := range c.Subsystems {
		out[i] = s.Code
	}
	return out
}

// Request is a request to grant or revoke access: its content (what the
// XML holds and the Регистратор signs) and its lifecycle, the one of an
// application (application.State: draft, saved, signed, submitted,
// approved or rejected, deleted). A Request is not safe for concurrent
// modification.
type Request struct {
	Content
	// Lifecycle is the state and the history of transitions; it is not
	// part of the XML.
	Lifecycle application.Lifecycle
	// Signature is the detached signature accepted by AttachSignature
	// (DER).
	Signature []byte

	now func() time.Time
}

// SetClock replaces the clock used for lifecycle timestamps (nil means
// time.Now).
func (r *Request) SetClock(now func() time.Time) { r.now = now }

func (r *Request) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

// ErrInvalidInput is matched (errors.Is) by the *InputError that Build,
// Edit and Marshal return when the data is not acceptable.
var ErrInvalidInput = errors.New("access: invalid input")

// InputError lists what is wrong with the data of a request.
type InputError struct {
	// Problems are English descriptions for logs.
	Problems []string
	// Results are the failed checks with Russian messages, when the
	// problems come from rules (ACC-EMPLOYEE-SNILS, ACC-POWER,
	// ACC-SUBSYSTEMS).
	Results check.Results
}

// Error lists the problems.
func (e *InputError) Error() string {
	return "access: invalid input: " + strings.Join(e.Problems, "; ")
}

// Unwrap returns ErrInvalidInput.
func (e *InputError) Unwrap() error { return ErrInvalidInput }

// Build makes a draft request. The registration must be approved
// (ErrNotApproved); the content must pass the rules that need nothing but
// the request — ACC-EMPLOYEE-SNILS, ACC-POWER, ACC-SUBSYSTEMS — and the
// structural checks of the format; otherwise Build returns an *InputError.
// Subsystems are named from the catalogue and sorted by code.
func Build(in Input) (*Request, error) {
	reg, err := RegistrarFrom(in.Registration)
	if err != nil {
		return nil, err
	}
	now := in.Now
	if now == nil {
		now = time.Now
	}
	created := utcSeconds(now())
	cat := in.Catalogue
	if cat == nil {
		cat = DefaultCatalogue()
	}
	c := Content{
		ID: in.ID, Number: in.Number, Action: in.Action, Created: created,
		Organisation: in.Registration.Organisation, Registrar: reg,
		Employee: in.Employee.normalize(), Power: in.Power,
		ValidFrom: utcDate(in.ValidFrom), ValidTo: utcDate(in.ValidTo), Revokes: in.Revokes,
	}
	if c.ID == "" {
		c.ID = application.NewID()
	}
	if c.Power == "" {
		c.Power = PowerOperator
	}
	if in.ValidFrom.IsZero() {
		c.ValidFrom = utcDate(created)
	}
	c.Subsystems = cat.lookup(in.Subsystems)
	e := &InputError{}
	for _, r := range c.ContentChecks(cat) {
		if r.Status == check.Fail {
			e.Problems = append(e.Problems, r.ID+": "+r.Detail)
			e.Results = append(e.Results, r)
		}
	}
	if len(e.Problems) > 0 {
		return nil, e
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &Request{Content: c, Lifecycle: application.Lifecycle{State: application.StateDraft}, now: now}, nil
}

func utcSeconds(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func utcDate(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var (
	codeRE  = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,31}$`)
	digits  = regexp.MustCompile(`^[0-9]{11}$`)
	maxText = map[string]int{"name": 100, "org": 1000, "position": 255, "number": 64, "mchd": 255, "subsystem": 255}
)

// MaxSubsystems bounds the subsystems of one request.
const MaxSubsystems = 64

// validate checks everything the XML schema requires and more (control
// digits of the organisation and the Регистратор, consistency); the rules
// ACC-EMPLOYEE-SNILS, ACC-POWER and ACC-SUBSYSTEMS are left to the checks,
// so that a request that breaks them can be read and refused with a
// reason. Build, Marshal and Unmarshal call it.
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
	text("number", c.Number, maxText["number"], true)
	if !c.Action.Valid() {
		add("invalid action %d", int(c.Action))
	}
	canonxml.CheckTime(&p, "created", c.Created)
	// Organisation.
	o := c.Organisation
	text("organisation name", o.Name, maxText["org"], false)
	p = append(p, ident.OrganisationProblems(o.INN, o.KPP, o.OGRN, o.OGRNIP)...)
	// Регистратор.
	r := c.Registrar
	if !ident.IsLowerGUID(r.ApplicationID) {
		add("registration application ID %q is not a lower-case UUID", r.ApplicationID)
	}
	if !r.Variant.Valid() {
		add("invalid registration variant %d", int(r.Variant))
	}
	text("registrar surname", r.Person.Surname, maxText["name"], false)
	text("registrar given name", r.Person.GivenName, maxText["name"], false)
	text("registrar patronymic", r.Person.Patronymic, maxText["name"], true)
	if n, err := ident.ParseSNILS(r.Person.SNILS); err != nil || n.Digits() != r.Person.SNILS {
		add("registrar SNILS %q: want 11 digits with valid control number", r.Person.SNILS)
	}
	if r.Person.INN != "" {
		if _, err := ident.ParseINNPerson(r.Person.INN); err != nil {
			add("registrar INN: %v", err)
		}
	}
	switch m := r.MCHD; {
	case m == nil && r.Variant.NeedsMCHD():
		add("variant %s needs a power of attorney", r.Variant)
	case m != nil && !r.Variant.NeedsMCHD():
		add("variant %s takes no power of attorney", r.Variant)
	case m != nil:
		text("power of attorney number", m.Number, maxText["mchd"], false)
		canonxml.CheckDate(&p, "power of attorney issue date", m.IssueDate)
		canonxml.CheckDate(&p, "power of attorney expiry date", m.ExpiryDate)
		if m.ExpiryDate.Before(m.IssueDate) {
			add("power of attorney expires before it is issued")
		}
		text("power of attorney power code", m.PowerCode, maxText["mchd"], false)
	}
	// Employee (the СНИЛС control number is ACC-EMPLOYEE-SNILS).
	e := c.Employee
	text("employee surname", e.Surname, maxText["name"], false)
	text("employee given name", e.GivenName, maxText["name"], false)
	text("employee patronymic", e.Patronymic, maxText["name"], true)
	if !digits.MatchString(e.SNILS) {
		add("employee SNILS %q: want 11 digits", e.SNILS)
	}
	if err := application.ValidEmail(e.Email); err != nil {
		add("employee e-mail %q: %v", e.Email, err)
	}
	text("employee position", e.Position, maxText["position"], false)
	if e.Position != strings.Join(strings.Fields(e.Position), " ") {
		add("employee position has repeated spaces")
	}
	// What is granted (known codes are ACC-POWER and ACC-SUBSYSTEMS).
	if !codeRE.MatchString(c.Power) {
		add("power code %q: want A-Z, 0-9, _ (at most 32)", c.Power)
	}
	switch n := len(c.Subsystems); {
	case n == 0:
		add("no subsystems")
	case n > MaxSubsystems:
		add("%d subsystems, at most %d", n, MaxSubsystems)
	}
	for i, s := range c.Subsystems {
		if !codeRE.MatchString(s.Code) {
			add("subsystem code %q: want A-Z, 0-9, _ (at most 32)", s.Code)
		}
		text("subsystem "+s.Code+" name", s.Name, maxText["subsystem"], false)
		if i > 0 && c.Subsystems[i-1].Code >= s.Code {
			add("subsystems not sorted by code or repeated at %s", s.Code)
		}
	}
	// Dates.
	canonxml.CheckDate(&p, "valid from", c.ValidFrom)
	switch c.Action {
	case ActionGrant:
		if !c.ValidTo.IsZero() {
			canonxml.CheckDate(&p, "valid to", c.ValidTo)
			if c.ValidTo.Before(c.ValidFrom) {
				add("valid to is before valid from")
			}
		}
		if c.Revokes != "" {
			add("a grant revokes nothing")
		}
	case ActionRevoke:
		if !c.ValidTo.IsZero() {
			add("a revocation has no end date")
		}
		if !ident.IsLowerGUID(c.Revokes) {
			add("revoked grant ID %q is not a lower-case UUID", c.Revokes)
		}
	}
	if len(p) > 0 {
		return &InputError{Problems: p}
	}
	return nil
}

// Equal reports whether r and o have the same content (lifecycle and
// signature are not compared).
func (r *Request) Equal(o *Request) bool {
	if r == nil || o == nil {
		return r == o
	}
	x, err1 := r.Marshal()
	y, err2 := o.Marshal()
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// sortedCodes returns the codes sorted, without repetitions.
func sortedCodes(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, strings.TrimSpace(c))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
