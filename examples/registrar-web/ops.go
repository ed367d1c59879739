package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/examples/internal/config"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/store"
)

// The operations the API and the pages share: each reads or writes the
// store and leaves every decision to the library.

// create checks an upload and, when the documents are accepted, builds the
// draft application and stores it with its files. A report that is not
// accepted comes back with a nil record; invalid fields come back as an
// *application.InputError.
func (s *server) create(ctx context.Context, owner string, u application.Upload, a application.Applicant, f application.Fields) (*store.Record, *application.Report, error) {
	rep := s.Checker.Check(ctx, u, &a)
	if !rep.Accepted() {
		return nil, rep, nil
	}
	in, err := rep.Input(a, f)
	if err != nil {
		return nil, rep, err
	}
	in.Now = s.Now
	app, err := application.Build(in)
	if err != nil {
		return nil, rep, err
	}
	rec := &store.Record{Owner: owner, Application: app,
		Files: store.Files{Certificate: u.Certificate, MCHD: u.MCHD, MCHDSignature: u.MCHDSignature}}
	if err := s.Store.Create(ctx, rec); err != nil {
		return nil, rep, err
	}
	return rec, rep, nil
}

// load reads a record; owner "" reads any. A record of another owner is
// not found.
func (s *server) load(ctx context.Context, id, owner string) (*store.Record, *apiError) {
	if !validID(id) {
		return nil, errNotFound
	}
	rec, err := s.Store.Get(ctx, id)
	if err != nil || (owner != "" && rec.Owner != owner) {
		return nil, errNotFound
	}
	rec.Application.SetClock(s.Now)
	return rec, nil
}

// validID accepts the form of the IDs Build gives (a lower-case UUID), so
// nothing else reaches the store.
func validID(id string) bool { return ident.IsLowerGUID(id) }

// edit replaces the editable fields and, with save, saves the application
// (step 2.3). The results are those of the fields' checks.
func (s *server) edit(ctx context.Context, rec *store.Record, f application.Fields, save bool) (check.Results, *apiError) {
	rs, err := rec.Application.Edit(f)
	if err == nil && save {
		rs, err = rec.Application.Save()
	}
	if err != nil {
		return rs, stateError(err)
	}
	if err := s.Store.Update(ctx, rec); err != nil {
		return rs, storeError(err)
	}
	return rs, nil
}

// remove deletes a draft or saved application and its files.
func (s *server) remove(ctx context.Context, rec *store.Record) *apiError {
	if err := rec.Application.Delete(); err != nil {
		return stateError(err)
	}
	if err := s.Store.Delete(ctx, rec.ID()); err != nil {
		return storeError(err)
	}
	return nil
}

// signResult is the verification of a signature and the state after it.
type signResult struct {
	config.VerifyJSON
	// State is the application's state after the signature: submitted
	// («на рассмотрении») when it was accepted, unchanged otherwise.
	State application.State `json:"state"`
	// StateRU is the state in Russian.
	StateRU string `json:"state_russian"`
	// Deadline is the end of the review period when submitted.
	Deadline *time.Time `json:"deadline,omitempty"`
}

// sign verifies a detached signature of the exported application for the
// user (application.VerifyReceived) and, when it is valid, attaches it
// (AttachSignature) and submits the application.
func (s *server) sign(ctx context.Context, rec *store.Record, sig []byte, user application.Applicant) (*signResult, *apiError) {
	app := rec.Application
	stored, err := app.ExportForSigning()
	if err != nil {
		return nil, stateError(err)
	}
	if !application.CanTransition(app.Lifecycle.State, application.StateSigned) {
		return nil, stateError(&application.TransitionError{Action: "sign", From: app.Lifecycle.State, To: application.StateSigned})
	}
	opts := s.Checker.AttachOptions()
	out := &signResult{VerifyJSON: config.VerifyApplication(application.Received{Stored: stored, Signature: sig, Applicant: user}, opts)}
	if out.Verdict == "valid" {
		// AttachSignature decides the state; should it not accept what
		// VerifyReceived did, its results are the answer.
		rs, err := app.AttachSignature(sig, opts)
		switch {
		case err == nil:
			if err := app.Submit(); err != nil {
				return nil, stateError(err)
			}
			if err := s.Store.Update(ctx, rec); err != nil {
				return nil, storeError(err)
			}
		case errors.Is(err, application.ErrSignatureUndecided):
			out.Verdict, out.Checks, out.Message = "indeterminate", rs, "Подпись заявки не удалось проверить до конца"
		default:
			out.Verdict, out.Checks, out.Message = "invalid", rs, "Подпись заявки не принята"
		}
	}
	out.State, out.StateRU = app.Lifecycle.State, app.Lifecycle.State.Russian()
	if due, r := app.ReviewDeadlineCheck(s.Now(), s.Calendar); r.Status == check.Pass || r.Status == check.Warn {
		out.Deadline = &due
	}
	return out, nil
}

// deadline is the review deadline of an application.
type deadline struct {
	State     application.State `json:"state"`
	Submitted *time.Time        `json:"submitted,omitempty"`
	Deadline  *time.Time        `json:"deadline,omitempty"`
	// DeadlineRU is the deadline as people read it ("26.11.2026").
	DeadlineRU string       `json:"deadline_russian,omitempty"`
	Check      check.Result `json:"check"`
}

func (s *server) deadlineOf(app *application.Application) deadline {
	due, r := app.ReviewDeadlineCheck(s.Now(), s.Calendar)
	d := deadline{State: app.Lifecycle.State, Check: r}
	if t, ok := app.SubmittedAt(); ok {
		d.Submitted = &t
	}
	if !due.IsZero() {
		d.Deadline, d.DeadlineRU = &due, msk.Date(due)
	}
	return d
}

// applicantOf is the applicant recorded in an application, as the ЕСИА
// account the application was built for (the check required a confirmed
// one): the signer of a signature posted through the API must be this
// person.
func applicantOf(app *application.Application) application.Applicant {
	p := app.Applicant
	return application.Applicant{Surname: p.Surname, GivenName: p.GivenName, Patronymic: p.Patronymic, SNILS: p.SNILS, INN: p.INN,
		Email: app.Fields.Email, Phone: app.Fields.Phone, Level: application.LevelConfirmed}
}

// stateError turns a library error of a lifecycle step into an answer.
func stateError(err error) *apiError {
	var te *application.TransitionError
	var ie *application.InputError
	switch {
	case errors.As(err, &te):
		return &apiError{http.StatusConflict, "invalid_state", capital(te.MessageRU())}
	case errors.Is(err, application.ErrNotSaved):
		return &apiError{http.StatusConflict, "not_saved", "Сначала сохраните заявку: подписывается только сохранённая заявка"}
	case errors.As(err, &ie):
		msg := "Поля заявки заполнены неверно"
		if len(ie.Results) > 0 {
			msg = ie.Results[0].Message
		}
		return &apiError{http.StatusUnprocessableEntity, "invalid_fields", msg}
	}
	return &apiError{http.StatusInternalServerError, "internal", "Внутренняя ошибка сервера"}
}

// storeError turns a store error into an answer.
func storeError(err error) *apiError {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	case errors.Is(err, store.ErrConflict):
		return &apiError{http.StatusConflict, "conflict", "Заявку изменили в другом окне: обновите страницу и повторите"}
	}
	return &apiError{http.StatusInternalServerError, "store", "Не удалось сохранить заявку: повторите позже"}
}

func capital(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'а' && r[0] <= 'я' {
		r[0] -= 'а' - 'А'
	}
	return string(r)
}
