package main

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/store"
)

// accessRoutes are the routes of step 3: the pages «Доступы сотрудников»,
// the API under /api/v1 and, with --demo only, the demo reviewer's
// decisions.
func (s *server) accessRoutes() []route {
	rs := []route{
		{"GET", "/access", s.pageAccess},
		{"POST", "/access/requests", s.pageAccessCreate},
		{"GET", "/access/requests/{id}", s.pageAccessRequest},
		{"POST", "/access/requests/{id}", s.pageAccessEdit},
		{"POST", "/access/requests/{id}/delete", s.pageAccessDelete},
		{"GET", "/access/requests/{id}/xml", s.pageAccessXML},
		{"GET", "/access/requests/{id}/print", s.pageAccessPrint},
		{"POST", "/access/requests/{id}/signature", s.pageAccessSignature},
		{"POST", "/api/v1/access-requests", s.apiAccessCreate},
		{"GET", "/api/v1/access-requests/{id}", s.apiAccessGet},
		{"DELETE", "/api/v1/access-requests/{id}", s.apiAccessDelete},
		{"GET", "/api/v1/access-requests/{id}/xml", s.apiAccessXML},
		{"GET", "/api/v1/access-requests/{id}/print", s.apiAccessPrint},
		{"POST", "/api/v1/access-requests/{id}/signature", s.apiAccessSignature},
		{"GET", "/api/v1/grants", s.apiGrants},
	}
	if s.Demo {
		rs = append(rs,
			route{"POST", "/demo/applications/{id}/decision", s.pageDemoApplicationDecision},
			route{"POST", "/demo/access-requests/{id}/decision", s.pageDemoAccessDecision})
	}
	return rs
}

// accessFormFields are the fields of a new request as a form.
var accessFormFields = map[string]bool{"registration": true, "action": true, "surname": true, "given_name": true, "patronymic": true,
	"snils": true, "email": true, "position": true, "subsystems": true, "valid_from": true, "valid_to": true, "revokes": true,
	"save": true}

// accessInputOf reads a new request from a parsed form; subsystems may be
// repeated or comma-separated.
func accessInputOf(v url.Values) accessInput {
	in := accessInput{Registration: v.Get("registration"), Action: v.Get("action"),
		Employee: employeeJSON{Surname: v.Get("surname"), GivenName: v.Get("given_name"), Patronymic: v.Get("patronymic"),
			SNILS: v.Get("snils"), Email: v.Get("email"), Position: v.Get("position")},
		ValidFrom: v.Get("valid_from"), ValidTo: v.Get("valid_to"), Revokes: v.Get("revokes")}
	for _, s := range v["subsystems"] {
		for _, c := range strings.Split(s, ",") {
			if c = strings.TrimSpace(c); c != "" {
				in.Subsystems = append(in.Subsystems, c)
			}
		}
	}
	switch v.Get("save") {
	case "false", "0", "draft":
		f := false
		in.Save = &f
	}
	return in
}

// readAccessInput reads the body of POST /api/v1/access-requests: JSON or
// a URL-encoded form, bounded.
func (s *server) readAccessInput(w http.ResponseWriter, r *http.Request) (accessInput, *apiError) {
	r.Body = http.MaxBytesReader(w, r.Body, s.Limits.Text*4)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var in accessInput
	switch mt {
	case "application/json":
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil || dec.More() {
			return in, bodyError(err, "Ожидается JSON: {\"registration\", \"action\", \"employee\", \"subsystems\", \"valid_from\", \"valid_to\", \"revokes\", \"save\"}")
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return in, bodyError(err, "Форма повреждена")
		}
		for name := range r.PostForm {
			if !accessFormFields[name] {
				return in, &apiError{http.StatusBadRequest, "unknown_field", "Неизвестное поле формы «" + clip(name) + "»"}
			}
		}
		in = accessInputOf(r.PostForm)
	default:
		return in, errMalformed("Ожидается JSON (application/json) или форма (application/x-www-form-urlencoded)")
	}
	return in, nil
}

// accessCreated is the answer of POST /api/v1/access-requests.
type accessCreated struct {
	ID      string            `json:"id"`
	State   application.State `json:"state"`
	StateRU string            `json:"state_russian"`
	// Checks are the request's checks before signing (see accessChecks).
	Checks check.Results `json:"checks"`
}

// accessRejected is a 422 answer with the checks that refused the input.
type accessRejected struct {
	apiError
	Checks check.Results `json:"checks,omitempty"`
}

// apiAccessCreate: POST /api/v1/access-requests.
func (s *server) apiAccessCreate(w http.ResponseWriter, r *http.Request) {
	in, e := s.readAccessInput(w, r)
	if e != nil {
		writeError(w, e)
		return
	}
	rec, rs, e := s.createAccess(r.Context(), "", in)
	if e != nil {
		writeJSON(w, e.Status, accessRejected{apiError: *e, Checks: rs})
		return
	}
	q := rec.Request
	writeJSON(w, http.StatusCreated, accessCreated{ID: q.ID, State: q.Lifecycle.State, StateRU: q.Lifecycle.State.Russian(),
		Checks: s.accessChecks(r.Context(), q)})
}

// accessView is a request as the API shows it.
type accessView struct {
	ID           string                   `json:"id"`
	State        application.State        `json:"state"`
	StateRU      string                   `json:"state_russian"`
	Version      int64                    `json:"version"`
	Updated      time.Time                `json:"updated"`
	Action       string                   `json:"action"`
	ActionRU     string                   `json:"action_russian"`
	Registration string                   `json:"registration"`
	Created      time.Time                `json:"created"`
	Organisation application.Organisation `json:"organisation"`
	Registrar    application.Person       `json:"registrar"`
	Employee     employeeJSON             `json:"employee"`
	Power        string                   `json:"power"`
	Subsystems   []string                 `json:"subsystems"`
	ValidFrom    string                   `json:"valid_from"`
	ValidTo      string                   `json:"valid_to,omitempty"`
	Revokes      string                   `json:"revokes,omitempty"`
	Signed       bool                     `json:"signed"`
	History      []transition             `json:"history"`
	Deadline     *time.Time               `json:"deadline,omitempty"`
	Checks       check.Results            `json:"checks"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func (s *server) accessViewOf(r *http.Request, rec *store.AccessRecord) accessView {
	q := rec.Request
	v := accessView{ID: q.ID, State: q.Lifecycle.State, StateRU: q.Lifecycle.State.Russian(), Version: rec.Version, Updated: rec.Updated,
		Action: q.Action.Code(), ActionRU: q.Action.Russian(), Registration: q.Registrar.ApplicationID, Created: q.Created,
		Organisation: q.Organisation, Registrar: q.Registrar.Person, Employee: employeeOf(q.Employee), Power: q.Power,
		Subsystems: q.SubsystemCodes(), ValidFrom: day(q.ValidFrom), ValidTo: day(q.ValidTo), Revokes: q.Revokes,
		Signed: len(q.Signature) > 0, History: []transition{}}
	for _, t := range q.Lifecycle.History {
		v.History = append(v.History, transition{t.From, t.To, t.At, t.Action, t.Note})
	}
	if due, res, ok := q.ReviewDeadlineCheck(s.Now(), s.Calendar); ok && res.Status != check.Skip {
		v.Deadline = &due
	}
	if !q.Lifecycle.State.Final() {
		v.Checks = s.accessChecks(r.Context(), q)
	}
	return v
}

// apiAccessGet: GET /api/v1/access-requests/{id}.
func (s *server) apiAccessGet(w http.ResponseWriter, r *http.Request) {
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, s.accessViewOf(r, rec))
}

// apiAccessDelete: DELETE /api/v1/access-requests/{id}.
func (s *server) apiAccessDelete(w http.ResponseWriter, r *http.Request) {
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), "")
	if e == nil {
		e = s.removeAccess(r.Context(), rec)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiAccessXML: GET /api/v1/access-requests/{id}/xml, the exact bytes to
// sign.
func (s *server) apiAccessXML(w http.ResponseWriter, r *http.Request) {
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	writeAccessXML(w, rec)
}

func writeAccessXML(w http.ResponseWriter, rec *store.AccessRecord) {
	x, err := rec.Request.ExportForSigning()
	if err != nil {
		writeError(w, accessError(err))
		return
	}
	writeDownload(w, "access-request-"+rec.ID()+".xml", x)
}

// apiAccessPrint: GET /api/v1/access-requests/{id}/print.
func (s *server) apiAccessPrint(w http.ResponseWriter, r *http.Request) {
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	writeAccessPrint(w, rec)
}

func writeAccessPrint(w http.ResponseWriter, rec *store.AccessRecord) {
	html, err := rec.Request.PrintHTML()
	writePrintForm(w, html, err)
}

// apiAccessSignature: POST /api/v1/access-requests/{id}/signature; the
// body is the detached signature (DER, PEM or base64).
func (s *server) apiAccessSignature(w http.ResponseWriter, r *http.Request) {
	sig, e := s.readSignature(w, r)
	if e != nil {
		writeError(w, e)
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	res, e := s.signAccess(r.Context(), rec, sig)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// grantView is a grant of the register as the API shows it.
type grantView struct {
	ID         string       `json:"id"`
	Employee   employeeJSON `json:"employee"`
	Power      string       `json:"power"`
	Subsystems []string     `json:"subsystems"`
	ValidFrom  string       `json:"valid_from"`
	ValidTo    string       `json:"valid_to,omitempty"`
	GrantedAt  time.Time    `json:"granted_at"`
	// RevokedFrom is the date a recorded revocation takes effect (the
	// grant stands until then).
	RevokedFrom string `json:"revoked_from,omitempty"`
}

func grantViewOf(g access.Grant) grantView {
	return grantView{ID: g.ID, Employee: employeeOf(g.Employee), Power: g.Power, Subsystems: g.Subsystems,
		ValidFrom: day(g.ValidFrom), ValidTo: day(g.ValidTo), GrantedAt: g.GrantedAt, RevokedFrom: day(g.RevokedFrom)}
}

// grantsAnswer is the answer of GET /api/v1/grants.
type grantsAnswer struct {
	Registration string `json:"registration"`
	// Organisation is the register's key of the organisation (ОГРН or
	// ОГРНИП).
	Organisation string      `json:"organisation"`
	Grants       []grantView `json:"grants"`
}

// apiGrants: GET /api/v1/grants?registration={id}, the active grants of
// the organisation of an approved registration.
func (s *server) apiGrants(w http.ResponseWriter, r *http.Request) {
	reg, e := s.registration(r.Context(), r.URL.Query().Get("registration"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	if reg.Application.Lifecycle.State != application.StateApproved {
		writeError(w, errNotRegistrar)
		return
	}
	gs, e := s.activeGrants(r.Context(), reg.Application)
	if e != nil {
		writeError(w, e)
		return
	}
	out := grantsAnswer{Registration: reg.ID(), Organisation: access.OrganisationKey(reg.Application.Organisation), Grants: []grantView{}}
	for _, g := range gs {
		out.Grants = append(out.Grants, grantViewOf(g))
	}
	writeJSON(w, http.StatusOK, out)
}
