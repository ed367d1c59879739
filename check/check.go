// Package check is the shared vocabulary of verdicts in registrar: a rule is
// data — a stable ID, a citation of the norm it enforces, a severity and a
// Russian message for the end user — and one small function that evaluates it;
// a result records what the rule found.
//
// Every package that judges documents (certificate, signature, mchd,
// application) declares its rules as [Rule] values and reports [Result] values,
// so that a caller gets one uniform, JSON-serialisable explanation of a verdict
// whatever produced it.
//
// The package has no dependencies inside the module and sits below
// certificate in the dependency order.
package check

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Status is the outcome of one check.
type Status string

// The statuses, from best to worst. Skip means the check did not apply (for
// example, a rule for ИП certificates evaluated on a ФЛ certificate) and is
// never a reason to reject.
const (
	Skip Status = "skip"
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
)

// rank orders statuses for Worst.
func (s Status) rank() int {
	switch s {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 3
	}
	return 3 // an unknown status is treated as a failure
}

// Valid reports whether s is one of the four defined statuses.
func (s Status) Valid() bool {
	switch s {
	case Skip, Pass, Warn, Fail:
		return true
	}
	return false
}

// Russian returns the status as a short Russian word for text reports.
func (s Status) Russian() string {
	switch s {
	case Skip:
		return "не применимо"
	case Pass:
		return "пройдена"
	case Warn:
		return "предупреждение"
	case Fail:
		return "не пройдена"
	}
	return string(s)
}

// Rule describes one requirement: what it is called, which norm it enforces
// and what the end user is told when it is not met. Rules are declared as
// package-level values and never change at run time.
type Rule struct {
	// ID is stable across releases and made of upper-case ASCII letters,
	// digits and dashes, for example "CERT-SNILS-CHECKSUM".
	ID string
	// Title is a short English description for logs and developers.
	Title string
	// Citation names the norm the rule enforces, for example
	// "Приказ ФСБ России № 795, п. 18" or "63-ФЗ, ст. 17".
	Citation string
	// Severity is the status reported when the rule is violated: Fail for a
	// requirement, Warn for advice or for a requirement that is not confirmed.
	Severity Status
	// Unconfirmed marks a requirement whose normative basis has not been
	// confirmed; such rules must have Severity Warn and say so in their
	// message.
	Unconfirmed bool
	// Message is the Russian message shown to the end user when the rule is
	// violated. It may contain fmt verbs filled by [Rule.Violated].
	Message string
	// PassMessage is the Russian message shown when the rule holds; empty means
	// a generic one.
	PassMessage string
}

// Validate reports whether the rule declaration is well formed: a valid ID,
// a citation, a message and a severity of Warn or Fail, and Warn for an
// unconfirmed rule. Package tests call it on every rule they declare.
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

// Passed returns a passing result for the rule. detail is technical text for
// developers and logs (English, may be empty).
func (r Rule) Passed(detail string) Result {
	msg := r.PassMessage
	if msg == "" {
		msg = "Проверка пройдена"
	}
	return Result{ID: r.ID, Status: Pass, Message: msg, Detail: detail, Citation: r.Citation}
}

// Violated returns a result with the rule's severity; args fill the fmt verbs
// of the rule's Russian message.
func (r Rule) Violated(detail string, args ...any) Result {
	msg := r.Message
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	if r.Unconfirmed {
		msg += " (требование не подтверждено нормативно, поэтому это предупреждение)"
	}
	return Result{ID: r.ID, Status: r.Severity, Message: msg, Detail: detail, Citation: r.Citation}
}

// Warned is Violated with the status lowered to Warn whatever the rule's
// severity: for a requirement that could only be checked partially (a missing
// identifier on one side of a comparison, revocation not checked).
func (r Rule) Warned(detail, message string) Result {
	return Result{ID: r.ID, Status: Warn, Message: message, Detail: detail, Citation: r.Citation}
}

// Skipped returns a result saying the rule did not apply, with the reason.
func (r Rule) Skipped(detail string) Result {
	return Result{ID: r.ID, Status: Skip, Message: "Проверка не применима", Detail: detail, Citation: r.Citation}
}

// Result is what one check found. Its JSON field names are part of the
// project's stable interface.
type Result struct {
	ID       string `json:"id"`
	Status   Status `json:"status"`
	Message  string `json:"message"`
	Detail   string `json:"detail,omitempty"`
	Citation string `json:"citation"`
}

// String renders the result on one line for logs.
func (r Result) String() string {
	s := fmt.Sprintf("%s [%s] %s", r.ID, r.Status, r.Message)
	if r.Detail != "" {
		s += " (" + r.Detail + ")"
	}
	return s
}

// Results is an ordered list of check results.
type Results []Result

// Worst returns the worst status in the list; Skip for an empty list.
func (rs Results) Worst() Status {
	w := Skip
	for _, r := range rs {
		if r.Status.rank() > w.rank() {
			w = r.Status
		}
	}
	return w
}

// Failed reports whether any result failed.
func (rs Results) Failed() bool { return rs.Worst() == Fail }

// Find returns the first result with the given ID.
func (rs Results) Find(id string) (Result, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return Result{}, false
}

// Count returns how many results have the status.
func (rs Results) Count(s Status) int {
	n := 0
	for _, r := range rs {
		if r.Status == s {
			n++
		}
	}
	return n
}

// WithPrefix returns a copy of the results whose IDs are prefixed with
// prefix and a dash, to keep IDs unique when the same rules are evaluated on
// several documents (for example "SIGNER-" and "APPLICANT-" certificates).
func (rs Results) WithPrefix(prefix string) Results {
	out := make(Results, len(rs))
	for i, r := range rs {
		r.ID = prefix + "-" + r.ID
		out[i] = r
	}
	return out
}

// MarshalJSON encodes an empty list as [] rather than null.
func (rs Results) MarshalJSON() ([]byte, error) {
	if rs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Result(rs))
}

// Registry collects rule declarations so that IDs stay unique and every rule
// can be listed (for documentation and for tests).
type Registry struct {
	rules map[string]Rule
}

// Register adds rules, panicking on an invalid declaration or a duplicate ID.
// It is meant for package initialisation, where a bad declaration is a
// programming error caught by the first test run.
func (g *Registry) Register(rules ...Rule) {
	if g.rules == nil {
		g.rules = make(map[string]Rule)
	}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			panic(err)
		}
		if _, dup := g.rules[r.ID]; dup {
			panic(fmt.Sprintf("check: duplicate rule ID %s", r.ID))
		}
		g.rules[r.ID] = r
	}
}

// Rules returns the registered rules sorted by ID.
func (g *Registry) Rules() []Rule {
	out := make([]Rule, 0, len(g.rules))
	for _, r := range g.rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID.
func (g *Registry) Lookup(id string) (Rule, bool) {
	r, ok := g.rules[id]
	return r, ok
}
