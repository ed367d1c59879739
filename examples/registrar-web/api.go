package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/examples/internal/config"
	"github.com/egisz-lk/registrar/internal/match"
	"github.com/egisz-lk/registrar/store"
)

// writeJSON answers with v as the command-line program prints it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	if err := config.WriteJSON(&b, v); err != nil {
		writeError(w, &apiError{http.StatusInternalServerError, "internal", "Внутренняя ошибка сервера"})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// writeError answers with {"code", "message"}.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, e)
}

// apiOwner is the owner of applications made through the API: the
// applicant's СНИЛС (the API has no sign-in of its own yet).
func apiOwner(a application.Applicant) string { return "api:" + match.Digits(a.SNILS) }

// apiCheck: POST /api/v1/check.
func (s *server) apiCheck(w http.ResponseWriter, r *http.Request) {
	f, e := s.readForm(w, r, uploadFields)
	if e != nil {
		writeError(w, e)
		return
	}
	u, a, e := upload(f)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, s.Checker.Check(r.Context(), u, a))
}

// created is the answer of POST /api/v1/applications.
type created struct {
	ID     string              `json:"id"`
	State  application.State   `json:"state"`
	Report *application.Report `json:"report"`
}

// rejected is the 422 answer of POST /api/v1/applications.
type rejected struct {
	apiError
	Report *application.Report `json:"report,omitempty"`
	Checks check.Results       `json:"checks,omitempty"`
}

// apiCreate: POST /api/v1/applications.
func (s *server) apiCreate(w http.ResponseWriter, r *http.Request) {
	f, e := s.readForm(w, r, applicationFields)
	if e != nil {
		writeError(w, e)
		return
	}
	u, a, e := upload(f)
	if e == nil && a == nil {
		e = &apiError{http.StatusBadRequest, "missing_applicant", "Не переданы данные учётной записи ЕСИА (applicant)"}
	}
	if e != nil {
		writeError(w, e)
		return
	}
	rec, rep, err := s.create(r.Context(), apiOwner(*a), u, *a, fields(f))
	var ie *application.InputError
	switch {
	case rec == nil && err == nil:
		writeJSON(w, http.StatusUnprocessableEntity, rejected{apiError: apiError{Code: "documents_" + string(rep.Verdict),
			Message: "Документы не приняты: " + rep.Verdict.Russian()}, Report: rep})
	case errors.As(err, &ie):
		writeJSON(w, http.StatusUnprocessableEntity, rejected{apiError: *stateError(err), Checks: ie.Results})
	case err != nil:
		writeError(w, storeError(err))
	default:
		writeJSON(w, http.StatusCreated, created{ID: rec.ID(), State: rec.Application.Lifecycle.State, Report: rep})
	}
}

// appView is an application as the API shows it.
type appView struct {
	ID           string                   `json:"id"`
	State        application.State        `json:"state"`
	StateRU      string                   `json:"state_russian"`
	Version      int64                    `json:"version"`
	Updated      time.Time                `json:"updated"`
	Variant      application.Variant      `json:"variant"`
	Created      time.Time                `json:"created"`
	Applicant    application.Person       `json:"applicant"`
	Organisation application.Organisation `json:"organisation"`
	Fields       application.Fields       `json:"fields"`
	Signed       bool                     `json:"signed"`
	History      []transition             `json:"history"`
	Checks       check.Results            `json:"checks"`
}

type transition struct {
	From   application.State `json:"from"`
	To     application.State `json:"to"`
	At     time.Time         `json:"at"`
	Action string            `json:"action"`
	Note   string            `json:"note,omitempty"`
}

func viewOf(rec *store.Record) appView {
	a := rec.Application
	v := appView{ID: a.ID, State: a.Lifecycle.State, StateRU: a.Lifecycle.State.Russian(), Version: rec.Version, Updated: rec.Updated,
		Variant: a.Variant, Created: a.Created, Applicant: a.Applicant, Organisation: a.Organisation, Fields: a.Fields,
		Signed: len(a.Signature) > 0, History: []transition{}, Checks: a.Report.Results}
	for _, t := range a.Lifecycle.History {
		v.History = append(v.History, transition{t.From, t.To, t.At, t.Action, t.Note})
	}
	return v
}

// apiGet: GET /api/v1/applications/{id}.
func (s *server) apiGet(w http.ResponseWriter, r *http.Request) {
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, viewOf(rec))
}

// putBody is the body of PUT /api/v1/applications/{id}: the editable
// fields (an omitted one keeps its value).
type putBody struct {
	Region   *string `json:"region"`
	Position *string `json:"position"`
	Email    *string `json:"email"`
	Phone    *string `json:"phone"`
	// Save saves the application after the edit (step 2.3, «Сохранить»).
	Save bool `json:"save"`
}

// merge returns f with the fields the body gives.
func (b putBody) merge(f application.Fields) application.Fields {
	for _, p := range []struct {
		src *string
		dst *string
	}{{b.Region, &f.RegionCode}, {b.Position, &f.Position}, {b.Email, &f.Email}, {b.Phone, &f.Phone}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	return f
}

// apiPut: PUT /api/v1/applications/{id}.
func (s *server) apiPut(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.Limits.Text*4)
	var b putBody
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil || dec.More() {
		writeError(w, bodyError(err, "Ожидается JSON: {\"region\", \"position\", \"email\", \"phone\", \"save\"}"))
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	rs, e := s.edit(r.Context(), rec, b.merge(rec.Application.Fields), b.Save)
	if e != nil {
		if e.Code == "invalid_fields" {
			writeJSON(w, e.Status, rejected{apiError: *e, Checks: rs})
			return
		}
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, viewOf(rec))
}

// apiDelete: DELETE /api/v1/applications/{id}.
func (s *server) apiDelete(w http.ResponseWriter, r *http.Request) {
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e == nil {
		e = s.remove(r.Context(), rec)
	}
	if e != nil {
		writeError(w, e)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiXML: GET /api/v1/applications/{id}/xml, the exact bytes to sign.
func (s *server) apiXML(w http.ResponseWriter, r *http.Request) {
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	s.writeXML(w, rec)
}

func (s *server) writeXML(w http.ResponseWriter, rec *store.Record) {
	x, err := rec.Application.ExportForSigning()
	if err != nil {
		writeError(w, stateError(err))
		return
	}
	writeDownload(w, "application-"+rec.ID()+".xml", x)
}

// writeDownload sends the exact bytes to sign as an XML attachment; name
// is made of an ID checked by validID.
func writeDownload(w http.ResponseWriter, name string, x []byte) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(x)
}

// apiPrint: GET /api/v1/applications/{id}/print.
func (s *server) apiPrint(w http.ResponseWriter, r *http.Request) {
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	s.writePrint(w, rec)
}

func (s *server) writePrint(w http.ResponseWriter, rec *store.Record) {
	html, err := rec.Application.PrintHTML()
	writePrintForm(w, html, err)
}

// writePrintForm sends a print form the library rendered, or the error.
func writePrintForm(w http.ResponseWriter, html []byte, err error) {
	if err != nil {
		writeError(w, &apiError{http.StatusInternalServerError, "print", "Печатная форма не построена"})
		return
	}
	// The library's print form carries its own <style>; nothing else runs.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(html)
}

// apiSignature: POST /api/v1/applications/{id}/signature; the body is the
// detached signature (DER, PEM or base64).
func (s *server) apiSignature(w http.ResponseWriter, r *http.Request) {
	sig, e := s.readSignature(w, r)
	if e != nil {
		writeError(w, e)
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	res, e := s.sign(r.Context(), rec, sig, applicantOf(rec.Application))
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiDeadline: GET /api/v1/applications/{id}/deadline.
func (s *server) apiDeadline(w http.ResponseWriter, r *http.Request) {
	rec, e := s.load(r.Context(), r.PathValue("id"), "")
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, s.deadlineOf(rec.Application))
}

// readSignature reads a detached signature sent as the request body,
// within the per-file limit.
func (s *server) readSignature(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	r.Body = http.MaxBytesReader(w, r.Body, s.Limits.File)
	sig, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err, "Не удалось прочитать подпись")
	}
	if len(sig) == 0 {
		return nil, &apiError{http.StatusBadRequest, "missing_signature", "Не передан файл подписи"}
	}
	return sig, nil
}
