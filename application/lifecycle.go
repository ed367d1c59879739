package application

import (
	"errors"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/check"
)

// State is a stage of the application's lifecycle.
//
//	draft ──Save──▶ saved ──AttachSignature──▶ signed ──Submit──▶ submitted ──Approve──▶ approved
//	  ▲  ◀──Edit──── │                                                        └──Reject───▶ rejected
//	  └─Edit (stays)  │
//	draft, saved ──Delete──▶ deleted
//
// Editing is allowed in draft and saved; editing a saved application
// returns it to draft, because saving is what fixes the content to be
// signed: it must be saved (and re-exported) again before signing. After
// Delete the application is dead; a new draft is made with Build.
type State int

// The states.
const (
	StateDraft State = iota
	StateSaved
	StateSigned
	StateSubmitted
	StateApproved
	StateRejected
	StateDeleted
)

// String returns the English code of the state ("draft", …).
func (s State) String() string {
	switch s {
	case StateDraft:
		return "draft"
	case StateSaved:
		return "saved"
	case StateSigned:
		return "signed"
	case StateSubmitted:
		return "submitted"
	case StateApproved:
		return "approved"
	case StateRejected:
		return "rejected"
	case StateDeleted:
		return "deleted"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// ParseState reads a state from its English code ("draft", "saved", …).
func ParseState(code string) (State, error) {
	for s := StateDraft; s <= StateDeleted; s++ {
		if s.String() == code {
			return s, nil
		}
	}
	return 0, fmt.Errorf("application: unknown state %q", code)
}

// MarshalText encodes the state as its English code.
func (s State) MarshalText() ([]byte, error) {
	if s < StateDraft || s > StateDeleted {
		return nil, fmt.Errorf("application: invalid state %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes an English state code.
func (s *State) UnmarshalText(b []byte) error {
	p, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// Russian returns the Russian name of the state.
func (s State) Russian() string {
	switch s {
	case StateDraft:
		return "черновик"
	case StateSaved:
		return "сохранена"
	case StateSigned:
		return "подписана"
	case StateSubmitted:
		return "на рассмотрении"
	case StateApproved:
		return "одобрена"
	case StateRejected:
		return "отклонена"
	case StateDeleted:
		return "удалена"
	}
	return s.String()
}

// Final reports whether no transition leaves the state.
func (s State) Final() bool { return s == StateApproved || s == StateRejected || s == StateDeleted }

// Transition is one recorded change of state.
type Transition struct {
	From, To State
	// At is when it happened (the application's clock, UTC).
	At time.Time
	// Action names the operation ("save", "edit", "sign", …).
	Action string
	// Note is free text (the reason of a rejection).
	Note string
}

// Lifecycle is the current state and the history of transitions.
type Lifecycle struct {
	State   State
	History []Transition
}

// At returns the time of the last transition into state s.
func (l Lifecycle) At(s State) (time.Time, bool) {
	for i := len(l.History) - 1; i >= 0; i-- {
		if l.History[i].To == s {
			return l.History[i].At, true
		}
	}
	return time.Time{}, false
}

// ErrInvalidTransition is matched (errors.Is) by every *TransitionError.
var ErrInvalidTransition = errors.New("application: invalid lifecycle transition")

// TransitionError reports an operation not allowed in the current state.
type TransitionError struct {
	Action   string
	From, To State
}

// Error names the operation and both states in English and Russian.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("application: cannot %s: %s → %s is not allowed (%s)", e.Action, e.From, e.To, e.MessageRU())
}

// MessageRU is the Russian explanation for the end user.
func (e *TransitionError) MessageRU() string {
	return fmt.Sprintf("переход из состояния «%s» в состояние «%s» невозможен", e.From.Russian(), e.To.Russian())
}

// Is matches ErrInvalidTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// allowed lists the legal transitions.
var allowed = map[State][]State{
	StateDraft:     {StateDraft, StateSaved, StateDeleted},
	StateSaved:     {StateDraft, StateSigned, StateDeleted},
	StateSigned:    {StateSubmitted},
	StateSubmitted: {StateApproved, StateRejected},
}

// CanTransition reports whether from → to is a legal transition.
func CanTransition(from, to State) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}

// move performs a transition and records it (a draft → draft edit is not
// recorded).
func (a *Application) move(action string, to State, note string) error {
	from := a.Lifecycle.State
	if !CanTransition(from, to) {
		return &TransitionError{Action: action, From: from, To: to}
	}
	a.Lifecycle.State = to
	if from != to {
		a.Lifecycle.History = append(a.Lifecycle.History, Transition{From: from, To: to, At: a.clock().UTC(), Action: action, Note: note})
	}
	return nil
}

// Edit replaces the editable fields (step 2.3). Allowed in draft and saved;
// a saved application goes back to draft. Invalid fields are refused with
// an *InputError carrying the failed results, and nothing changes. The
// phone is normalised. The returned results are those of Fields.Check.
func (a *Application) Edit(f Fields) (check.Results, error) {
	if !CanTransition(a.Lifecycle.State, StateDraft) {
		return nil, &TransitionError{Action: "edit", From: a.Lifecycle.State, To: StateDraft}
	}
	f = f.normalize()
	rs := f.Check()
	if rs.Failed() {
		return rs, fieldsError(rs)
	}
	if err := a.move("edit", StateDraft, ""); err != nil {
		return rs, err
	}
	a.Fields = f
	a.Signature = nil
	return rs, nil
}

func fieldsError(rs check.Results) error {
	e := &InputError{}
	for _, r := range rs {
		if r.Status == check.Fail {
			e.Problems = append(e.Problems, r.ID+": "+r.Detail)
			e.Results = append(e.Results, r)
		}
	}
	return e
}

// Save moves a draft to saved (the «Сохранить» button). Every editable
// field must be filled in and valid.
func (a *Application) Save() (check.Results, error) {
	if !CanTransition(a.Lifecycle.State, StateSaved) {
		return nil, &TransitionError{Action: "save", From: a.Lifecycle.State, To: StateSaved}
	}
	rs := a.Fields.Check()
	if rs.Failed() {
		return rs, fieldsError(rs)
	}
	return rs, a.move("save", StateSaved, "")
}

// Delete deletes a draft or a saved, not yet signed, application (the
// «Удалить» action). A new draft is then made with Build.
func (a *Application) Delete() error { return a.move("delete", StateDeleted, "") }

// Submit sends a signed application for review; the review deadline is
// counted from this moment (see ReviewDeadline).
func (a *Application) Submit() error { return a.move("submit", StateSubmitted, "") }

// Approve records a positive decision.
func (a *Application) Approve() error { return a.move("approve", StateApproved, "") }

// Reject records a negative decision with its reason.
func (a *Application) Reject(reason string) error { return a.move("reject", StateRejected, reason) }

// SubmittedAt returns when the application was submitted.
func (a *Application) SubmittedAt() (time.Time, bool) { return a.Lifecycle.At(StateSubmitted) }

// Deadline returns the end of the review period of a submitted application
// under cal (see ReviewDeadline).
func (a *Application) Deadline(cal Calendar) (time.Time, error) {
	t, ok := a.SubmittedAt()
	if !ok {
		return time.Time{}, fmt.Errorf("application: not submitted (state %s)", a.Lifecycle.State)
	}
	return ReviewDeadline(t, cal)
}
