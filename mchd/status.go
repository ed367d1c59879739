package mchd

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/egisz-lk/registrar/check"
)

// RegistryStatus is the status of a power of attorney in the FNS registry.
type RegistryStatus string

// Registry statuses. StatusUnavailable means the registry could not be asked
// (timeout, network error, an answer that could not be read): the status is
// unknown, never "valid".
const (
	StatusCreated     RegistryStatus = "created"    // registered, not yet in force
	StatusActive      RegistryStatus = "active"     // in force
	StatusExpired     RegistryStatus = "expired"    // term ended
	StatusRevoked     RegistryStatus = "revoked"    // revoked (отменена)
	StatusSuspended   RegistryStatus = "suspended"  // suspended (приостановлена)
	StatusProcessing  RegistryStatus = "processing" // awaiting confirmation
	StatusRejected    RegistryStatus = "rejected"   // registration refused
	StatusNotFound    RegistryStatus = "not_found"  // unknown to the registry
	StatusUnavailable RegistryStatus = "unavailable"
)

// RegistryStatuses returns every status, StatusUnavailable last.
func RegistryStatuses() []RegistryStatus {
	return []RegistryStatus{StatusCreated, StatusActive, StatusExpired, StatusRevoked, StatusSuspended,
		StatusProcessing, StatusRejected, StatusNotFound, StatusUnavailable}
}

// Valid reports whether s is one of the statuses above.
func (s RegistryStatus) Valid() bool {
	switch s {
	case StatusCreated, StatusActive, StatusExpired, StatusRevoked, StatusSuspended,
		StatusProcessing, StatusRejected, StatusNotFound, StatusUnavailable:
		return true
	}
	return false
}

// Answered reports whether s is an answer of the registry about the
// document: a valid status other than StatusUnavailable.
func (s RegistryStatus) Answered() bool { return s.Valid() && s != StatusUnavailable }

// Russian returns the status as FNS names it.
func (s RegistryStatus) Russian() string {
	switch s {
	case StatusCreated:
		return "зарегистрирована, ещё не действует"
	case StatusActive:
		return "активна"
	case StatusExpired:
		return "действие истекло"
	case StatusRevoked:
		return "отменена"
	case StatusSuspended:
		return "действие приостановлено"
	case StatusProcessing:
		return "ожидание подтверждения"
	case StatusRejected:
		return "отказ в регистрации"
	case StatusNotFound:
		return "доверенность не найдена"
	case StatusUnavailable:
		return "реестр недоступен"
	}
	return string(s)
}

// StatusQuery identifies a power of attorney in the registry. Number is
// НомДовер exactly as written: the registry lookup is case-sensitive.
type StatusQuery struct {
	Number            string
	PrincipalINN      string // ИНН of the principal organisation or person, if known
	RepresentativeINN string // ИНН of the first representative, if known
}

// StatusReport is the registry's answer.
type StatusReport struct {
	// Status is the answer; StatusUnavailable when there is none.
	Status RegistryStatus
	// CheckedAt is when the registry gave the answer; zero when unknown
	// (a status file without a date).
	CheckedAt time.Time
	// Detail is an English note for logs (the source, an error).
	Detail string
	// Cached reports that the answer was served by a cache (CachedStatus)
	// and not asked afresh; CheckedAt is still the time of the question.
	Cached bool
}

// StatusChecker asks the FNS registry for the status of a power of attorney.
// The package has StatusFile (an offline copy), HTTPStatus (a check service),
// CachedStatus (a cache in front of either) and StaticStatus (tests); a
// caller may bring its own. An error or a context deadline is reported as
// StatusUnavailable, never as a status.
type StatusChecker interface {
	Status(ctx context.Context, q StatusQuery) (StatusReport, error)
}

// StaticStatus is a map-based StatusChecker for tests: the key is the exact
// НомДовер (case-sensitive, like the registry); an absent key is
// StatusNotFound.
type StaticStatus map[string]RegistryStatus

// Status implements StatusChecker.
func (s StaticStatus) Status(ctx context.Context, q StatusQuery) (StatusReport, error) {
	if err := ctx.Err(); err != nil {
		return StatusReport{Status: StatusUnavailable}, err
	}
	st, ok := s[q.Number]
	if !ok {
		st = StatusNotFound
	}
	return StatusReport{Status: st, CheckedAt: time.Now()}, nil
}

// QueryFor builds the registry query for doc: the number as written and the
// ИНН of the principal and of the first representative when present.
func QueryFor(doc *Document) StatusQuery {
	q := StatusQuery{Number: doc.Number()}
	if p := doc.Principal(); p != nil {
		switch {
		case p.RussianOrg != nil:
			q.PrincipalINN = p.RussianOrg.Org.INN
		case p.Entrepreneur != nil:
			q.PrincipalINN = p.Entrepreneur.INN
		case p.Person != nil:
			q.PrincipalINN = p.Person.INN
		case p.foreignOrg != nil:
			q.PrincipalINN = p.foreignOrg.Org.INN
		}
	}
	if reps := doc.Representatives(); len(reps) > 0 {
		r := reps[0]
		switch {
		case r.Person != nil:
			q.RepresentativeINN = r.Person.INN
		case r.Entrepreneur != nil:
			q.RepresentativeINN = r.Entrepreneur.INN
		case r.Org != nil:
			q.RepresentativeINN = r.Org.INN
		case r.Branch != nil:
			q.RepresentativeINN = r.Branch.INN
		}
	}
	return q
}

// checkServiceURL is the public check page of the ФНС registry; the
// messages append the НомДовер as written.
const checkServiceURL = "https://m4d.nalog.gov.ru/emchd/check-status?guid="

// ruleRegistryStatus is the status of the power of attorney in the ФНС
// registry.
var ruleRegistryStatus = check.Rule{
	ID: "MCHD-REGISTRY-STATUS", Title: "status in the FNS registry",
	Citation: cit63 + "; " + citRevoke, Severity: check.Fail,
	Message:     "Статус доверенности в реестре ФНС: %s",
	PassMessage: "Доверенность действует по данным реестра ФНС",
	Outcomes: []check.Outcome{
		{Code: "pending", Status: check.Warn, Message: "Статус доверенности в реестре ФНС: %s; доверенность пока не действует"},
		{Code: "no-number", Status: check.Fail, Message: "Статус доверенности в реестре ФНС не проверен: номер доверенности не указан"},
		{Code: "not-checked", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveRegistry,
			Message: "Статус доверенности %s в реестре ФНС не проверялся; проверьте его в сервисе ФНС «Проверка МЧД» (" +
				checkServiceURL + "%s) или передайте выгрузку реестра"},
		{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveRegistry,
			Message: "Статус доверенности в реестре ФНС не проверен: реестр недоступен; повторите проверку позже"},
		{Code: "not-listed", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveRegistry,
			Message: "Доверенности %s нет в переданной выгрузке реестра ФНС: её статус не проверен; проверьте его в сервисе ФНС " +
				"«Проверка МЧД» (" + checkServiceURL + "%s) или передайте выгрузку, в которой она есть"},
		{Code: "unknown-answer", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveRegistry,
			Message: "Статус доверенности в реестре ФНС не проверен: неизвестный ответ реестра «%s»; повторите проверку позже"},
	},
}

// CheckStatus asks checker about doc and turns the answer into the
// MCHD-REGISTRY-STATUS result:
//
//   - active passes;
//   - created and processing warn (pending: not yet in force);
//   - revoked, suspended, expired, rejected and not_found fail;
//   - an unreachable registry (error, timeout, StatusUnavailable, an empty
//     status) is indeterminate TRY_LATER (unavailable), an answer it does
//     not know too (unknown-answer); both may be waived (check.WaiveRegistry);
//   - without a checker the status was not checked: indeterminate
//     MISSING_INPUT (not-checked, waivable), never a pass; a number a status
//     file does not list (ErrNotListed) likewise (not-listed);
//   - a document without НомДовер fails (no-number); without a document
//     (nil: the МЧД could not be read, which other rules report) the rule is
//     skipped.
func CheckStatus(ctx context.Context, checker StatusChecker, doc *Document) check.Result {
	r := &ruleRegistryStatus
	if doc == nil {
		return r.Skipped("no document")
	}
	if doc.Number() == "" {
		return r.Outcome("no-number", "no НомДовер")
	}
	q := QueryFor(doc)
	if checker == nil {
		return r.Outcome("not-checked", "no status checker configured; НомДовер="+q.Number, q.Number, url.QueryEscape(q.Number))
	}
	rep, err := checker.Status(ctx, q)
	standing := Standing(rep, err)
	switch standing {
	case StandingNotListed:
		return r.Outcome("not-listed", "not in the status file; НомДовер="+q.Number, q.Number, url.QueryEscape(q.Number))
	case StandingUnavailable:
		detail := "registry unavailable"
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			detail = "registry timeout"
		case err != nil:
			detail = "registry error: " + err.Error()
		case rep.Detail != "":
			detail += ": " + rep.Detail
		}
		return r.Outcome("unavailable", detail+"; НомДовер="+q.Number)
	}
	// One concatenation: a cached answer costs no more than a fresh one.
	var checked, cached, note string
	if !rep.CheckedAt.IsZero() {
		checked = " checked " + rep.CheckedAt.UTC().Format(time.RFC3339)
	}
	if rep.Cached {
		cached = " (cached)"
	}
	if rep.Detail != "" {
		note = "; " + rep.Detail
	}
	detail := "НомДовер=" + q.Number + " status=" + string(rep.Status) + checked + cached + note
	switch standing {
	case StandingActive:
		return r.Passed(detail)
	case StandingPending:
		return r.Outcome("pending", detail, rep.Status.Russian())
	case StandingInvalid:
		return r.Violated(detail, rep.Status.Russian())
	}
	return r.Outcome("unknown-answer", detail, string(rep.Status))
}

// RegistryStanding is what a registry's answer means for a power of
// attorney: the one reading of the statuses, shared by every check of an
// МЧД's registry status (MCHD-REGISTRY-STATUS here, the access requests'
// check of the Регистратор's МЧД).
type RegistryStanding int

// The standings.
const (
	// StandingUnknownAnswer: the registry answered a status this package
	// does not know: undecided.
	StandingUnknownAnswer RegistryStanding = iota
	// StandingActive: in force.
	StandingActive
	// StandingPending: registered or being confirmed, not yet in force.
	StandingPending
	// StandingInvalid: revoked, suspended, expired, refused or unknown to
	// the registry: no power may be used under it.
	StandingInvalid
	// StandingNotListed: an offline copy does not list the number
	// (ErrNotListed): undecided, the copy may be partial.
	StandingNotListed
	// StandingUnavailable: no answer (an error, a timeout, the status
	// unavailable or empty): undecided, try later.
	StandingUnavailable
)

// Standing reads a StatusChecker's answer (rep, err).
func Standing(rep StatusReport, err error) RegistryStanding {
	switch {
	case errors.Is(err, ErrNotListed):
		return StandingNotListed
	case err != nil || rep.Status == StatusUnavailable || rep.Status == "":
		return StandingUnavailable
	}
	switch rep.Status {
	case StatusActive:
		return StandingActive
	case StatusCreated, StatusProcessing:
		return StandingPending
	case StatusRevoked, StatusSuspended, StatusExpired, StatusRejected, StatusNotFound:
		return StandingInvalid
	}
	return StandingUnknownAnswer
}
