package main

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/store"
)

// The pages of step 3, «Доступы сотрудников»: the organisation's active
// grants, the new request to grant access or to revoke a listed grant, the
// request's page with its checks, print form, XML and signing — the same
// two ways as an application, the plug-in through the same script.

func init() { pageNames = append(pageNames, "access", "access_request") }

// accessPage is the page «Доступы сотрудников».
type accessPage struct {
	// Approved are the person's approved registration applications; Reg
	// the one shown (nil: none approved).
	Approved []store.Summary
	Reg      *store.Record
	// Pending are the person's submitted registration applications (the
	// demo reviewer decides them).
	Pending   []store.Summary
	Grants    []access.Grant
	Requests  []store.AccessSummary
	Catalogue []access.Subsystem
	// Form is what was typed into the new request's form; Checked its
	// subsystems.
	Form    accessInput
	Checked map[string]bool
	Today   string
	// Problems and Message say why the form was refused.
	Problems check.Results
	Message  string
	Deleted  bool
}

// accessPageOf gathers the page for the owner; regID chooses among the
// approved registrations (empty: the first).
func (s *server) accessPageOf(ctx context.Context, owner, regID string) (*accessPage, *apiError) {
	list, err := s.Store.List(ctx, owner)
	if err != nil {
		return nil, storeError(err)
	}
	p := &accessPage{Catalogue: access.DefaultCatalogue().Subsystems(), Checked: map[string]bool{},
		Today: s.Now().In(msk.Zone).Format("2006-01-02")}
	for _, a := range list {
		switch a.State {
		case application.StateApproved:
			p.Approved = append(p.Approved, a)
		case application.StateSubmitted:
			p.Pending = append(p.Pending, a)
		}
	}
	if len(p.Approved) == 0 {
		return p, nil
	}
	if regID == "" {
		regID = p.Approved[0].ID
	}
	for _, a := range p.Approved {
		if a.ID == regID {
			rec, e := s.load(ctx, regID, owner)
			if e != nil {
				return nil, e
			}
			p.Reg = rec
		}
	}
	if p.Reg == nil {
		return nil, errRegistrationNotFound
	}
	gs, e := s.activeGrants(ctx, p.Reg.Application)
	if e != nil {
		return nil, e
	}
	p.Grants = gs
	if p.Requests, err = s.Access.Requests.List(ctx, p.Reg.ID()); err != nil {
		return nil, storeError(err)
	}
	return p, nil
}

// pageAccess: GET /access[?registration=ID].
func (s *server) pageAccess(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	p, e := s.accessPageOf(r.Context(), sess.Account.ID, r.URL.Query().Get("registration"))
	if e != nil {
		s.fail(w, r, e)
		return
	}
	p.Deleted = r.URL.Query().Get("deleted") == "1"
	s.render(w, r, http.StatusOK, "access", p)
}

// pageAccessCreate: POST /access/requests makes a draft (save=draft) or a
// saved request to grant access, or to revoke a listed grant.
func (s *server) pageAccessCreate(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	in := accessInputOf(r.PostForm)
	rec, rs, e := s.createAccess(r.Context(), sess.Account.ID, in)
	if e != nil {
		switch e.Code {
		case "invalid_fields", "bad_date", "bad_action", "unknown_grant":
		default:
			s.fail(w, r, e)
			return
		}
		// Show the form again with what was typed and what is wrong.
		p, pe := s.accessPageOf(r.Context(), sess.Account.ID, in.Registration)
		if pe != nil {
			s.fail(w, r, pe)
			return
		}
		p.Form, p.Problems, p.Message = in, rs.With(check.Fail), e.Message
		for _, c := range in.Subsystems {
			p.Checked[c] = true
		}
		s.render(w, r, http.StatusUnprocessableEntity, "access", p)
		return
	}
	http.Redirect(w, r, "/access/requests/"+rec.ID(), http.StatusSeeOther)
}

// accessRequestPage is the page of one request.
type accessRequestPage struct {
	Rec       *store.AccessRecord
	Q         *access.Request
	Revoke    bool
	Checks    check.Results
	Editable  bool
	Saved     bool
	Submitted bool
	Tab       string
	XML       string
	XMLBase   string
	// DeadlineRU and DeadlineCheck are the review deadline of a submitted
	// request.
	DeadlineRU    string
	DeadlineCheck check.Result
	Catalogue     []access.Subsystem
	Checked       map[string]bool
	Problems      check.Results
	Message       string
	Verify        *accessSignResult
}

func (s *server) accessRequestPage(ctx context.Context, rec *store.AccessRecord, tab string) *accessRequestPage {
	q := rec.Request
	st := q.Lifecycle.State
	p := &accessRequestPage{Rec: rec, Q: q, Revoke: q.Action == access.ActionRevoke, Tab: tab,
		Editable: application.CanTransition(st, application.StateDraft), Saved: st == application.StateSaved,
		Submitted: st == application.StateSubmitted, Catalogue: access.DefaultCatalogue().Subsystems(), Checked: map[string]bool{}}
	if p.Tab != "xml" {
		p.Tab = "print"
	}
	for _, c := range q.SubsystemCodes() {
		p.Checked[c] = true
	}
	if !st.Final() {
		p.Checks = s.accessChecks(ctx, q)
	}
	if x, err := q.ExportForSigning(); err == nil {
		p.XML, p.XMLBase = string(x), base64.StdEncoding.EncodeToString(x)
	}
	if due, res, ok := q.ReviewDeadlineCheck(s.Now(), s.Calendar); ok {
		p.DeadlineCheck = res
		if !due.IsZero() {
			p.DeadlineRU = msk.Date(due)
		}
	}
	return p
}

// pageAccessRequest: GET /access/requests/{id}.
func (s *server) pageAccessRequest(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	s.render(w, r, http.StatusOK, "access_request", s.accessRequestPage(r.Context(), rec, r.URL.Query().Get("tab")))
}

// pageAccessEdit: POST /access/requests/{id} saves the draft
// (action=draft) or the request (action=save). A revocation keeps its
// employee and subsystems: only its date is edited.
func (s *server) pageAccessEdit(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	q := rec.Request
	f := access.Fields{Email: q.Employee.Email, Position: q.Employee.Position, Subsystems: q.SubsystemCodes()}
	if q.Action == access.ActionGrant {
		f.Email, f.Position = r.PostForm.Get("email"), r.PostForm.Get("position")
		f.Subsystems = accessInputOf(url.Values{"subsystems": r.PostForm["subsystems"]}).Subsystems
		if f.ValidTo, e = parseDay("окончание", r.PostForm.Get("valid_to")); e != nil {
			s.fail(w, r, e)
			return
		}
	}
	if f.ValidFrom, e = parseDay("начало", r.PostForm.Get("valid_from")); e != nil {
		s.fail(w, r, e)
		return
	}
	if f.ValidFrom.IsZero() {
		f.ValidFrom = q.ValidFrom
	}
	rs, e := s.editAccess(r.Context(), rec, f, r.PostForm.Get("action") == "save")
	if e != nil {
		if e.Code != "invalid_fields" {
			s.fail(w, r, e)
			return
		}
		p := s.accessRequestPage(r.Context(), rec, "")
		p.Problems, p.Message = rs.With(check.Fail), e.Message
		s.render(w, r, http.StatusUnprocessableEntity, "access_request", p)
		return
	}
	http.Redirect(w, r, "/access/requests/"+rec.ID(), http.StatusSeeOther)
}

// pageAccessDelete: POST /access/requests/{id}/delete deletes a draft or
// saved request.
func (s *server) pageAccessDelete(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e == nil {
		e = s.removeAccess(r.Context(), rec)
	}
	if e != nil {
		s.fail(w, r, e)
		return
	}
	http.Redirect(w, r, "/access?registration="+url.QueryEscape(rec.Request.Registrar.ApplicationID)+"&deleted=1", http.StatusSeeOther)
}

// pageAccessXML: GET /access/requests/{id}/xml downloads the XML to sign.
func (s *server) pageAccessXML(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	writeAccessXML(w, rec)
}

// pageAccessPrint: GET /access/requests/{id}/print, the library's print
// form (shown in a frame of the request's page).
func (s *server) pageAccessPrint(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	writeAccessPrint(w, rec)
}

// pageAccessSignature: POST /access/requests/{id}/signature takes the
// detached signature, as a file (way 2) or as base64 from the plug-in
// (way 1).
func (s *server) pageAccessSignature(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	sig, e := s.formSignature(w, r, sess)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	rec, e := s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	res, e := s.signAccess(r.Context(), rec, sig)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	if res.State == application.StateSubmitted {
		http.Redirect(w, r, "/access/requests/"+rec.ID()+"?signed=1", http.StatusSeeOther)
		return
	}
	p := s.accessRequestPage(r.Context(), rec, "")
	p.Verify = res
	s.render(w, r, http.StatusUnprocessableEntity, "access_request", p)
}

// decision reads the demo reviewer's decision: approve or reject.
func decision(v url.Values) (approve bool, e *apiError) {
	switch v.Get("decision") {
	case "approve":
		return true, nil
	case "reject":
		return false, nil
	}
	return false, &apiError{http.StatusBadRequest, "bad_decision", "Решение: approve (одобрить) или reject (отклонить)"}
}

// pageDemoApplicationDecision: POST /demo/applications/{id}/decision,
// --demo only: the reviewer's decision on a submitted registration
// application of the signed-in person, so that the demo reaches step 3.
func (s *server) pageDemoApplicationDecision(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	approve, e := decision(r.PostForm)
	var rec *store.Record
	if e == nil {
		rec, e = s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	}
	if e == nil {
		e = s.decideApplication(r.Context(), rec, approve)
	}
	if e != nil {
		s.fail(w, r, e)
		return
	}
	target := "/access"
	if approve {
		target += "?registration=" + url.QueryEscape(rec.ID())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// pageDemoAccessDecision: POST /demo/access-requests/{id}/decision, --demo
// only: the reviewer's decision on a submitted access request; approval
// records it in the register.
func (s *server) pageDemoAccessDecision(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	approve, e := decision(r.PostForm)
	var rec *store.AccessRecord
	if e == nil {
		rec, e = s.loadAccess(r.Context(), r.PathValue("id"), sess.Account.ID)
	}
	if e == nil {
		e = s.decideAccess(r.Context(), rec, approve)
	}
	if e != nil {
		s.fail(w, r, e)
		return
	}
	http.Redirect(w, r, "/access/requests/"+rec.ID(), http.StatusSeeOther)
}
