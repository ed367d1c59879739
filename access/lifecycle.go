package access

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
)

// The lifecycle of a request is the one of an application
// (application.State, application.CanTransition):
//
//	draft ──Save──▶ saved ──AttachSignature──▶ signed ──Submit──▶ submitted ──Approve──▶ approved
//	  ▲  ◀──Edit──── │                                                        └──Reject───▶ rejected
//	draft, saved ──Delete──▶ deleted
//
// Approve records the request in a Register in the same step: a request
// the register refuses stays submitted.

// move performs a transition and records it (a draft → draft edit is not
// recorded).
func (r *Request) move(action string, to application.State, note string) error {
	from := r.Lifecycle.State
	if !application.CanTransition(from, to) {
		return &application.TransitionError{Action: action, From: from, To: to}
	}
	r.Lifecycle.State = to
	if from != to {
		r.Lifecycle.History = append(r.Lifecycle.History,
			application.Transition{From: from, To: to, At: r.clock().UTC(), Action: action, Note: note})
	}
	return nil
}

// Fields are what the Регистратор may edit before saving: the employee's
// e-mail and position, the subsystems and the dates.
type Fields struct {
	// Email and Position replace the employee's.
	Email, Position string
	// Subsystems are codes of the catalogue given to Edit.
	Subsystems []string
	// ValidFrom and ValidTo are dates (ValidTo zero: no end; always zero
	// for a revocation).
	ValidFrom, ValidTo time.Time
}

// Edit replaces the editable fields. Allowed in draft and saved; a saved
// request goes back to draft. Fields that are not acceptable (see Build)
// are refused with an *InputError and nothing changes.
func (r *Request) Edit(f Fields, cat *Catalogue) error {
	if !application.CanTransition(r.Lifecycle.State, application.StateDraft) {
		return &application.TransitionError{Action: "edit", From: r.Lifecycle.State, To: application.StateDraft}
	}
	if cat == nil {
		cat = DefaultCatalogue()
	}
	c := r.Content
	e := c.Employee
	e.Email, e.Position = f.Email, f.Position
	c.Employee = e.normalize()
	c.Subsystems = cat.lookup(f.Subsystems)
	c.ValidFrom, c.ValidTo = utcDate(f.ValidFrom), utcDate(f.ValidTo)
	ie := &InputError{}
	for _, res := range c.ContentChecks(cat) {
		if res.Status == check.Fail {
			ie.Problems = append(ie.Problems, res.ID+": "+res.Detail)
			ie.Results = append(ie.Results, res)
		}
	}
	if len(ie.Problems) > 0 {
		return ie
	}
	if err := c.validate(); err != nil {
		return err
	}
	if err := r.move("edit", application.StateDraft, ""); err != nil {
		return err
	}
	r.Content = c
	r.Signature = nil
	return nil
}

// Save moves a draft to saved: the content is fixed for signing.
func (r *Request) Save() error { return r.move("save", application.StateSaved, "") }

// Delete deletes a draft or a saved, not yet signed, request.
func (r *Request) Delete() error { return r.move("delete", application.StateDeleted, "") }

// ErrNotSaved is returned by ExportForSigning for a request that has not
// been saved: only saved content is signed.
var ErrNotSaved = errors.New("access: save the request before signing it")

// ExportForSigning returns the exact bytes to sign: the canonical XML
// (Marshal). The request must be saved (or later).
func (r *Request) ExportForSigning() ([]byte, error) {
	switch r.Lifecycle.State {
	case application.StateDraft, application.StateDeleted:
		return nil, fmt.Errorf("%w (state %s: «%s»)", ErrNotSaved, r.Lifecycle.State, r.Lifecycle.State.Russian())
	}
	return r.Marshal()
}

// Submit sends a signed request for review; the review deadline is
// counted from this moment (Deadline).
func (r *Request) Submit() error { return r.move("submit", application.StateSubmitted, "") }

// Approve records a positive decision and applies the request to reg in
// one step: when reg refuses it (a duplicate grant, a revoked or missing
// grant — the register may have changed since the request was checked)
// the request stays submitted and the error says why.
func (r *Request) Approve(ctx context.Context, reg Register) error {
	if reg == nil {
		return errors.New("access: no register to record the approved request in")
	}
	before := r.Lifecycle
	before.History = append([]application.Transition(nil), before.History...)
	if err := r.move("approve", application.StateApproved, ""); err != nil {
		return err
	}
	if err := reg.Apply(ctx, r); err != nil {
		r.Lifecycle = before
		return err
	}
	return nil
}

// Reject records a negative decision with its reason; the register is not
// changed.
func (r *Request) Reject(reason string) error {
	return r.move("reject", application.StateRejected, reason)
}

// SubmittedAt returns when the request was submitted.
func (r *Request) SubmittedAt() (time.Time, bool) { return r.Lifecycle.At(application.StateSubmitted) }

// Deadline returns the end of the review period of a submitted request
// under cal: application.ReviewDeadline, 3 working days.
func (r *Request) Deadline(cal application.Calendar) (time.Time, error) {
	t, ok := r.SubmittedAt()
	if !ok {
		return time.Time{}, fmt.Errorf("access: not submitted (state %s)", r.Lifecycle.State)
	}
	return application.ReviewDeadline(t, cal)
}

// ReviewDeadlineCheck is application.CheckReviewDeadline for the request
// (APP-REVIEW-DEADLINE): after a decision its time is compared with the
// deadline, before one now is. ok is false, with no result, before the
// request is submitted.
func (r *Request) ReviewDeadlineCheck(now time.Time, cal application.Calendar) (due time.Time, res check.Result, ok bool) {
	submitted, ok := r.SubmittedAt()
	if !ok {
		return time.Time{}, check.Result{}, false
	}
	decided := now
	switch r.Lifecycle.State {
	case application.StateApproved, application.StateRejected:
		decided, _ = r.Lifecycle.At(r.Lifecycle.State)
	}
	due, res = application.CheckReviewDeadline(submitted, decided, cal)
	return due, res, true
}
