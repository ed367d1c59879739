package check

import (
	"fmt"
	"strings"
	"time"
)

// Rule describes one requirement: what it is called, which norm it enforces,
// and what the end user is told for each way it can end. Packages declare
// their rules as unexported values and expose them only as copies (through a
// [Registry] or a Rules function), so no caller can change a verdict by
// changing a rule.
//
// A rule ends in one of its outcomes. The default ones are the pass
// (PassMessage) and the violation (Message, with status Severity); any other
// way — a second kind of violation, a pass with a remark, a warning, an
// indeterminate result — is declared in Outcomes with its own stable code,
// status and Russian template. Call sites pass values (dates, names, numbers)
// to the templates, never Russian sentences.
type Rule struct {
	// ID is stable across releases and made of upper-case ASCII letters,
	// digits and dashes, for example "CERT-SNILS-CHECKSUM".
	ID string `json:"id"`
	// Title is a short English description for logs and developers.
	Title string `json:"title"`
	// Citation names the norm the rule enforces, for example
	// "Приказ ФСБ России № 795, п. 18" or "63-ФЗ, ст. 17".
	Citation string `json:"citation"`
	// Severity is the status of the default violation: Fail for a
	// requirement, Warn for advice or for a requirement that is not
	// confirmed.
	Severity Status `json:"severity"`
	// Unconfirmed marks a requirement whose normative basis has not been
	// confirmed; such rules must have Severity Warn and say so in their
	// message.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
	// EffectiveDate is the cut-over date of a rule whose requirement
	// changed on a date (as zlint's EffectiveDate): the rule's evaluation
	// compares it with the date of the input its citation names (issue
	// date or validation time). Zero when the rule has no cut-over.
	EffectiveDate time.Time `json:"effective_date,omitzero"`
	// Message is the Russian template of the default violation; fmt verbs
	// are filled by the values passed to [Rule.Violated].
	Message string `json:"message"`
	// PassMessage is the Russian template of the pass; empty means a
	// generic one.
	PassMessage string `json:"pass_message,omitempty"`
	// Outcomes are the rule's other ways to end, each with a stable code.
	Outcomes []Outcome `json:"outcomes,omitempty"`
}

// Outcome is one declared way a rule can end besides its default pass and
// violation.
type Outcome struct {
	// Code is stable within the rule: lower-case ASCII letters, digits and
	// dashes ("expired", "no-crl").
	Code string `json:"code"`
	// Status is the status of the result.
	Status Status `json:"status"`
	// SubIndication is required for, and only for, Indeterminate.
	SubIndication SubIndication `json:"subindication,omitempty"`
	// Message is the Russian template; fmt verbs are filled by the values
	// passed to [Rule.Outcome].
	Message string `json:"message"`
	// Waiver, for an Indeterminate outcome, names the fact whose absence
	// made it undecided and that a caller may accept unchecked (see
	// [Results.Waive]); empty when it cannot be waived.
	Waiver Waiver `json:"waiver,omitempty"`
}

// Validate reports whether the rule declaration is well formed: a valid ID,
// a citation, a message and a severity of Warn or Fail, Warn for an
// unconfirmed rule, and well-formed outcomes with unique codes.
// Registration calls it.
func (r Rule) Validate() error {
	if !validID(r.ID) {
		return fmt.Errorf("check: rule ID %q: want upper-case ASCII letters, digits and dashes", r.ID)
	}
	if strings.TrimSpace(r.Citation) == "" {
		return fmt.Errorf("check: rule %s has no citation", r.ID)
	}
	if strings.TrimSpace(r.Message) == "" {
		return fmt.Errorf("check: rule %s has no Russian message", r.ID)
	}
	if r.Severity != Warn && r.Severity != Fail {
		return fmt.Errorf("check: rule %s: severity %q, want warn or fail", r.ID, r.Severity)
	}
	if r.Unconfirmed && r.Severity != Warn {
		return fmt.Errorf("check: rule %s is unconfirmed and must be a warning", r.ID)
	}
	seen := map[string]bool{}
	for _, o := range r.Outcomes {
		switch {
		case !validCode(o.Code):
			return fmt.Errorf("check: rule %s: outcome code %q: want lower-case ASCII letters, digits and dashes", r.ID, o.Code)
		case seen[o.Code]:
			return fmt.Errorf("check: rule %s: duplicate outcome %q", r.ID, o.Code)
		case !o.Status.Valid():
			return fmt.Errorf("check: rule %s: outcome %s has status %q", r.ID, o.Code, o.Status)
		case o.Status == Indeterminate && !o.SubIndication.Valid():
			return fmt.Errorf("check: rule %s: indeterminate outcome %s needs a defined sub-indication, has %q", r.ID, o.Code, o.SubIndication)
		case o.Status != Indeterminate && o.SubIndication != "":
			return fmt.Errorf("check: rule %s: outcome %s is %s and must not have a sub-indication", r.ID, o.Code, o.Status)
		case strings.TrimSpace(o.Message) == "":
			return fmt.Errorf("check: rule %s: outcome %s has no Russian message", r.ID, o.Code)
		case o.Waiver != "" && (!o.Waiver.Valid() || o.Status != Indeterminate):
			return fmt.Errorf("check: rule %s: outcome %s: waiver %q needs a known waiver and an indeterminate status", r.ID, o.Code, o.Waiver)
		case r.Unconfirmed && o.Status == Fail:
			return fmt.Errorf("check: rule %s is unconfirmed; outcome %s must not fail", r.ID, o.Code)
		}
		seen[o.Code] = true
	}
	return nil
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
		default:
			return false
		}
	}
	return true
}

func validCode(code string) bool {
	if code == "" || code[0] == '-' || code[len(code)-1] == '-' {
		return false
	}
	for _, c := range code {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		default:
			return false
		}
	}
	return true
}

// Clone returns a deep copy of the rule.
func (r Rule) Clone() Rule {
	r.Outcomes = append([]Outcome(nil), r.Outcomes...)
	return r
}

// HasOutcome reports whether the rule declares the outcome code.
func (r *Rule) HasOutcome(code string) bool {
	_, ok := r.outcome(code)
	return ok
}

func (r *Rule) outcome(code string) (*Outcome, bool) {
	for i := range r.Outcomes {
		if r.Outcomes[i].Code == code {
			return &r.Outcomes[i], true
		}
	}
	return nil, false
}

func format(tmpl string, args []any) string {
	if len(args) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, args...)
}

func (r *Rule) result(st Status, code, msg, detail string) Result {
	return Result{ID: r.ID, Status: st, Outcome: code, Message: msg, Detail: detail, Citation: r.Citation}
}

// Passed returns a passing result; args fill the fmt verbs of PassMessage.
// detail is technical text for developers and logs (English, may be empty).
func (r *Rule) Passed(detail string, args ...any) Result {
	msg := r.PassMessage
	if msg == "" {
		msg = "Проверка пройдена"
	}
	return r.result(Pass, "", format(msg, args), detail)
}

// Violated returns the default violation, with the rule's severity; args
// fill the fmt verbs of Message.
func (r *Rule) Violated(detail string, args ...any) Result {
	msg := format(r.Message, args)
	if r.Unconfirmed {
		msg += unconfirmedNote
	}
	return r.result(r.Severity, "", msg, detail)
}

const unconfirmedNote = " (требование не подтверждено нормативно, поэтому это предупреждение)"

// Outcome returns the result of the declared outcome code; args fill the
// fmt verbs of its template. An undeclared code is a programming error: it
// yields a failed result naming it (tests that compare results against the
// registry catch it), never a panic.
func (r *Rule) Outcome(code, detail string, args ...any) Result {
	o, ok := r.outcome(code)
	if !ok {
		return r.result(Fail, code, "Внутренняя ошибка проверки: неизвестный исход правила",
			fmt.Sprintf("rule %s has no outcome %q (%s)", r.ID, code, detail))
	}
	msg := format(o.Message, args)
	if r.Unconfirmed && o.Status == Warn {
		msg += unconfirmedNote
	}
	res := r.result(o.Status, o.Code, msg, detail)
	res.SubIndication = o.SubIndication
	res.Waiver = o.Waiver
	return res
}

// Undecided returns an Indeterminate result with the sub-indication sub:
// the rule's declared indeterminate outcome for sub when it has one (args
// fill its template), otherwise a generic message built from the
// sub-indication's Russian description.
func (r *Rule) Undecided(sub SubIndication, detail string, args ...any) Result {
	for i := range r.Outcomes {
		if o := &r.Outcomes[i]; o.Status == Indeterminate && o.SubIndication == sub {
			return r.Outcome(o.Code, detail, args...)
		}
	}
	res := r.result(Indeterminate, "", "Не удалось проверить: "+sub.Russian(), detail)
	res.SubIndication = sub
	return res
}

// Skipped returns a result saying the rule did not apply, with the reason.
func (r *Rule) Skipped(detail string) Result {
	return r.result(Skip, "", "Проверка не применима", detail)
}
