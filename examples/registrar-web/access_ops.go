package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/sqlite"
)

// The operations on access requests (step 3: the Регистратор's requests to
// grant or revoke the «Оператор» power) that the API and the pages share.
// As for applications, every check and every transition is the library's
// (package access); the server loads, stores and answers.

// accessBackend keeps what the access requests need besides the
// applications: the requests themselves and the register of grants.
type accessBackend struct {
	// Requests keeps the requests, drafts to decided.
	Requests store.AccessStore
	// Register is the register of grants «Реестр пользователей ЕГИСЗ и их
	// полномочий» that an approved request updates.
	Register access.Register
}

// accessFor returns the access backend that shares st's database: the
// tables of the SQLite file (migrations 0002 and 0003), or memory when the
// applications are kept in memory (--db :memory:, tests).
func accessFor(st store.Store, now func() time.Time) accessBackend {
	if db, ok := st.(*sqlite.Store); ok {
		return accessBackend{Requests: db.AccessRequests(), Register: db.AccessRegister()}
	}
	return accessBackend{Requests: store.NewAccessMemory(now), Register: &access.Memory{}}
}

// employeeDirectory is implemented by an ESIA that can tell the ЕСИА
// account of a person by СНИЛС: the employee of an access request
// (ACC-EMPLOYEE-ESIA). The demo's does; without one the rule stays
// undecided and a request cannot be signed.
type employeeDirectory interface {
	EmployeeAccount(ctx context.Context, snils string) (*application.Applicant, bool)
}

// EmployeeAccount answers from the demo's accounts.
func (d *demoESIA) EmployeeAccount(ctx context.Context, snils string) (*application.Applicant, bool) {
	for _, a := range d.accounts {
		if a.Applicant.SNILS == snils {
			ap := a.Applicant
			return &ap, true
		}
	}
	return nil, false
}

// demoOperatorAccount is the synthetic employee of the demo who is granted
// the «Оператор» power (the same person as in the CLI's demo); he can also
// sign in, and sees that access requests need the «Регистратор» power.
func demoOperatorAccount() demoAccount {
	snils, _ := ident.CompleteSNILS("157834229") // nine digits: cannot fail
	return demoAccount{Key: "operator", Label: "сотрудник, которому предоставляют доступ «Оператор»", Account: Account{
		ID: "esia-demo-operator", Applicant: application.Applicant{Surname: "Операторова", GivenName: "Ольга", Patronymic: "Игоревна",
			SNILS: snils.Digits(), Email: "operator@example.test", Phone: "+79160000001", Level: application.LevelConfirmed}}}
}

// accessInput is a new request as the API (JSON or form) and the page's
// form give it.
type accessInput struct {
	// Registration is the ID of the Регистратор's approved registration
	// application.
	Registration string `json:"registration"`
	// Action is grant (default) or revoke.
	Action string `json:"action"`
	// Employee is the employee; a revocation may leave it empty (it is
	// taken from the grant).
	Employee employeeJSON `json:"employee"`
	// Subsystems are codes of access.DefaultCatalogue; a revocation may
	// leave them empty (the grant's).
	Subsystems []string `json:"subsystems"`
	// ValidFrom and ValidTo are dates YYYY-MM-DD.
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	// Revokes is the ID of the grant a revocation ends.
	Revokes string `json:"revokes"`
	// Save saves the request after building it (ready to sign); false
	// keeps a draft. The API's default is true.
	Save *bool `json:"save"`
}

// employeeJSON is access.Employee with the API's names.
type employeeJSON struct {
	Surname    string `json:"surname"`
	GivenName  string `json:"given_name"`
	Patronymic string `json:"patronymic,omitempty"`
	SNILS      string `json:"snils"`
	Email      string `json:"email"`
	Position   string `json:"position"`
}

func employeeOf(e access.Employee) employeeJSON {
	return employeeJSON{e.Surname, e.GivenName, e.Patronymic, e.SNILS, e.Email, e.Position}
}

func (e employeeJSON) employee() access.Employee {
	return access.Employee{Surname: e.Surname, GivenName: e.GivenName, Patronymic: e.Patronymic, SNILS: e.SNILS,
		Email: e.Email, Position: e.Position}
}

// The errors of access requests.
var (
	errAccessNotFound       = &apiError{http.StatusNotFound, "not_found", "Заявка на доступ не найдена"}
	errRegistrationNotFound = &apiError{http.StatusNotFound, "registration_not_found", "Заявка на регистрацию Регистратора не найдена"}
	errNotRegistrar         = &apiError{http.StatusConflict, "registration_not_approved",
		"Заявки на предоставление (отзыв) доступа подаёт Регистратор: сначала заявка на полномочие «Регистратор» должна быть одобрена"}
	errUnknownGrant = &apiError{http.StatusUnprocessableEntity, "unknown_grant",
		"Отзываемое предоставление доступа не найдено в реестре организации"}
)

// parseDay reads a date YYYY-MM-DD; empty is the zero time.
func parseDay(what, s string) (time.Time, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, &apiError{http.StatusBadRequest, "bad_date", "Дата «" + clip(s) + "» (" + what + ") указана неверно: ожидается ГГГГ-ММ-ДД"}
	}
	return t, nil
}

// registration loads the registration application with the ID; owner ""
// reads any.
func (s *server) registration(ctx context.Context, id, owner string) (*store.Record, *apiError) {
	rec, e := s.load(ctx, id, owner)
	if e != nil {
		return nil, errRegistrationNotFound
	}
	return rec, nil
}

// createAccess builds a request of the registration's Регистратор
// (access.Build), saves it when in.Save says so and stores it under the
// registration's owner. The results are those of a refused input.
func (s *server) createAccess(ctx context.Context, owner string, in accessInput) (*store.AccessRecord, check.Results, *apiError) {
	reg, e := s.registration(ctx, in.Registration, owner)
	if e != nil {
		return nil, nil, e
	}
	act := access.ActionGrant
	if in.Action != "" {
		a, err := access.ParseAction(in.Action)
		if err != nil {
			return nil, nil, &apiError{http.StatusBadRequest, "bad_action", "Действие заявки: grant (предоставить) или revoke (отозвать)"}
		}
		act = a
	}
	from, e := parseDay("начало", in.ValidFrom)
	if e != nil {
		return nil, nil, e
	}
	to, e := parseDay("окончание", in.ValidTo)
	if e != nil {
		return nil, nil, e
	}
	emp, subsystems := in.Employee.employee(), in.Subsystems
	if act == access.ActionRevoke {
		if !validID(in.Revokes) {
			return nil, nil, errUnknownGrant
		}
		g, err := s.Access.Register.Grant(ctx, in.Revokes)
		if err != nil || g.Organisation != access.OrganisationKey(reg.Application.Organisation) {
			return nil, nil, errUnknownGrant
		}
		if emp.SNILS == "" {
			emp = g.Employee
		}
		if len(subsystems) == 0 {
			subsystems = g.Subsystems
		}
	}
	q, err := access.Build(access.Input{Action: act, Registration: reg.Application, Employee: emp, Subsystems: subsystems,
		ValidFrom: from, ValidTo: to, Revokes: in.Revokes, Now: s.Now})
	if err != nil {
		var ie *access.InputError
		errors.As(err, &ie)
		if ie != nil {
			return nil, ie.Results, accessError(err)
		}
		return nil, nil, accessError(err)
	}
	if in.Save == nil || *in.Save {
		if err := q.Save(); err != nil {
			return nil, nil, accessError(err)
		}
	}
	rec := &store.AccessRecord{Owner: reg.Owner, Request: q}
	if err := s.Access.Requests.Create(ctx, rec); err != nil {
		return nil, nil, storeError(err)
	}
	return rec, nil, nil
}

// loadAccess reads an access request; owner "" reads any. A request of
// another owner is not found.
func (s *server) loadAccess(ctx context.Context, id, owner string) (*store.AccessRecord, *apiError) {
	if !validID(id) {
		return nil, errAccessNotFound
	}
	rec, err := s.Access.Requests.Get(ctx, id)
	if err != nil || (owner != "" && rec.Owner != owner) {
		return nil, errAccessNotFound
	}
	rec.Request.SetClock(s.Now)
	return rec, nil
}

// accessOptions are the facts the checks of a request need: the
// signature options of the checker, the registration as stored, the
// employee's ЕСИА account when the ESIA can tell it, the register and the
// МЧД registry of the checker.
func (s *server) accessOptions(ctx context.Context, q *access.Request) access.VerifyOptions {
	o := access.VerifyOptions{AttachOptions: s.Checker.AttachOptions(), Register: s.Access.Register,
		Registry: s.Checker.Options().Registry}
	if reg, err := s.Store.Get(ctx, q.Registrar.ApplicationID); err == nil {
		o.Registration = reg.Application
	}
	if d, ok := s.ESIA.(employeeDirectory); ok {
		if a, ok := d.EmployeeAccount(ctx, q.Employee.SNILS); ok {
			o.Employee = a
		}
	}
	if o.At.IsZero() {
		o.At = s.Now()
	}
	return o
}

// accessChecks are the request's own checks before it is signed — the
// results of access.Verify in the scope of the request (ACC-EMPLOYEE-SNILS,
// ACC-POWER, ACC-SUBSYSTEMS, ACC-REGISTRATION-APPROVED, ACC-EMPLOYEE-ESIA,
// ACC-REVOKE-GRANT, ACC-DUPLICATE-GRANT), as the Регистратор sees them
// while filling it in.
func (s *server) accessChecks(ctx context.Context, q *access.Request) check.Results {
	x, err := q.Marshal()
	if err != nil {
		return nil
	}
	res := access.Verify(ctx, access.Received{Stored: x}, s.accessOptions(ctx, q))
	var out check.Results
	for _, r := range res.Checks {
		if r.Scope.Document == check.DocAccessRequest && r.ID != "ACC-XML" {
			out = append(out, r)
		}
	}
	return out
}

// editAccess replaces the editable fields and, with save, saves the
// request.
func (s *server) editAccess(ctx context.Context, rec *store.AccessRecord, f access.Fields, save bool) (check.Results, *apiError) {
	err := rec.Request.Edit(f, nil)
	if err == nil && save {
		err = rec.Request.Save()
	}
	if err != nil {
		var ie *access.InputError
		if errors.As(err, &ie) {
			return ie.Results, accessError(err)
		}
		return nil, accessError(err)
	}
	if err := s.Access.Requests.Update(ctx, rec); err != nil {
		return nil, storeError(err)
	}
	return nil, nil
}

// removeAccess deletes a draft or saved request.
func (s *server) removeAccess(ctx context.Context, rec *store.AccessRecord) *apiError {
	if err := rec.Request.Delete(); err != nil {
		return accessError(err)
	}
	if err := s.Access.Requests.Delete(ctx, rec.ID()); err != nil {
		return storeError(err)
	}
	return nil
}

// accessSignResult is the verification of a request's signature and the
// state after it.
type accessSignResult struct {
	// Verdict is valid, invalid or indeterminate.
	Verdict       string              `json:"verdict"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
	// Message is the verdict in Russian (access.Result.Russian).
	Message   string          `json:"message"`
	Signers   []access.Signer `json:"signers"`
	Unchecked []check.Waiver  `json:"unchecked,omitempty"`
	Checks    check.Results   `json:"checks"`
	// State is the request's state after the signature: submitted («на
	// рассмотрении») when it was accepted, unchanged otherwise.
	State   application.State `json:"state"`
	StateRU string            `json:"state_russian"`
	// Deadline is the end of the review period when submitted.
	Deadline   *time.Time `json:"deadline,omitempty"`
	DeadlineRU string     `json:"deadline_russian,omitempty"`
}

var verdictOf = map[check.Indication]string{check.IndicationPassed: "valid", check.IndicationFailed: "invalid",
	check.IndicationIndeterminate: "indeterminate"}

// signAccess verifies a detached signature of the exported request
// (access.Verify) and, when it is valid, attaches it (AttachSignature) and
// submits the request.
func (s *server) signAccess(ctx context.Context, rec *store.AccessRecord, sig []byte) (*accessSignResult, *apiError) {
	q := rec.Request
	stored, err := q.ExportForSigning()
	if err != nil {
		return nil, accessError(err)
	}
	if !application.CanTransition(q.Lifecycle.State, application.StateSigned) {
		return nil, accessError(&application.TransitionError{Action: "sign", From: q.Lifecycle.State, To: application.StateSigned})
	}
	opts := s.accessOptions(ctx, q)
	res := access.Verify(ctx, access.Received{Stored: stored, Signature: sig}, opts)
	out := &accessSignResult{Verdict: verdictOf[res.Indication], SubIndication: res.SubIndication, Message: res.Russian(),
		Signers: res.Signers, Unchecked: res.Waived, Checks: res.Checks}
	if out.Verdict == "" {
		out.Verdict = "invalid"
	}
	if out.Signers == nil {
		out.Signers = []access.Signer{}
	}
	if out.Verdict == "valid" {
		// AttachSignature decides the state; should it not accept what
		// Verify did, its results are the answer.
		rs, err := q.AttachSignature(ctx, sig, opts)
		switch {
		case err == nil:
			if err := q.Submit(); err != nil {
				return nil, accessError(err)
			}
			if err := s.Access.Requests.Update(ctx, rec); err != nil {
				return nil, storeError(err)
			}
		case errors.Is(err, access.ErrSignatureUndecided):
			out.Verdict, out.Checks, out.Message = "indeterminate", rs, "Подпись заявки на доступ не удалось проверить до конца"
		default:
			out.Verdict, out.Checks, out.Message = "invalid", rs, "Подпись заявки на доступ не принята"
		}
	}
	out.State, out.StateRU = q.Lifecycle.State, q.Lifecycle.State.Russian()
	if due, r, ok := q.ReviewDeadlineCheck(s.Now(), s.Calendar); ok && (r.Status == check.Pass || r.Status == check.Warn) {
		out.Deadline, out.DeadlineRU = &due, msk.Date(due)
	}
	return out, nil
}

// activeGrants returns the grants of the registration's organisation that
// stand today, from the register.
func (s *server) activeGrants(ctx context.Context, app *application.Application) ([]access.Grant, *apiError) {
	all, err := s.Access.Register.OrganisationGrants(ctx, access.OrganisationKey(app.Organisation))
	if err != nil {
		return nil, &apiError{http.StatusInternalServerError, "register", "Реестр пользователей ЕГИСЗ недоступен: повторите позже"}
	}
	now := s.Now()
	out := []access.Grant{}
	for _, g := range all {
		if g.Active(now) {
			out = append(out, g)
		}
	}
	return out, nil
}

// decideAccess is the demo reviewer's decision on a submitted request:
// approval applies it to the register (access.Request.Approve), rejection
// records the reason.
func (s *server) decideAccess(ctx context.Context, rec *store.AccessRecord, approve bool) *apiError {
	q := rec.Request
	var err error
	if approve {
		err = q.Approve(ctx, s.Access.Register)
	} else {
		err = q.Reject("Отклонено проверяющим (демонстрация)")
	}
	if err != nil {
		return accessError(err)
	}
	if err := s.Access.Requests.Update(ctx, rec); err != nil {
		return storeError(err)
	}
	return nil
}

// decideApplication is the demo reviewer's decision on a submitted
// registration application.
func (s *server) decideApplication(ctx context.Context, rec *store.Record, approve bool) *apiError {
	a := rec.Application
	var err error
	if approve {
		err = a.Approve()
	} else {
		err = a.Reject("Отклонено проверяющим (демонстрация)")
	}
	if err != nil {
		return stateError(err)
	}
	if err := s.Store.Update(ctx, rec); err != nil {
		return storeError(err)
	}
	return nil
}

// accessError turns a library error of an access request into an answer.
func accessError(err error) *apiError {
	var ie *access.InputError
	switch {
	case errors.Is(err, access.ErrNotApproved):
		return errNotRegistrar
	case errors.Is(err, access.ErrNotSaved):
		return &apiError{http.StatusConflict, "not_saved", "Сначала сохраните заявку на доступ: подписывается только сохранённая заявка"}
	case errors.As(err, &ie):
		msg := "Поля заявки на доступ заполнены неверно: проверьте ФИО, СНИЛС, электронную почту, должность, подсистемы и даты"
		if len(ie.Results) > 0 {
			msg = ie.Results[0].Message
		}
		return &apiError{http.StatusUnprocessableEntity, "invalid_fields", msg}
	case errors.Is(err, access.ErrDuplicateGrant):
		return &apiError{http.StatusConflict, "register_refused", "Реестр не принял заявку: у сотрудника уже есть такой действующий доступ"}
	case errors.Is(err, access.ErrGrantNotFound), errors.Is(err, access.ErrGrantNotActive), errors.Is(err, access.ErrConflict):
		return &apiError{http.StatusConflict, "register_refused", "Реестр не принял заявку: отзываемое предоставление не найдено, уже не действует или не совпадает с отзывом"}
	}
	return stateError(err)
}
