// Package check is the shared vocabulary of verdicts in registrar: a rule is
// data — a stable ID, a citation of the norm it enforces, a severity and
// Russian message templates for each way it can end — and one small function
// that evaluates it; a result records what the rule found, about what (its
// [Scope]), and why.
//
// Every package that judges documents (certificate, signature, mchd,
// application) declares its rules as [Rule] values, evaluates them through a
// [Table] and reports [Result] values, so that a caller gets one uniform,
// JSON-serialisable explanation of a verdict whatever produced it. Rule IDs
// are never rewritten: the same rule has the same ID in every entry point, and
// the scope says which document, signer or timestamp a result is about.
//
// The package has no dependencies inside the module and sits below
// certificate in the dependency order.
package check

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Status is the outcome of one check.
type Status string

// The statuses, from best to worst. Skip means the check did not apply (for
// example, a rule for ИП certificates evaluated on a ФЛ certificate) and is
// never a reason to reject. Indeterminate means the check applied but could
// not be decided because a fact was missing or unavailable; its result
// carries a [SubIndication] saying which. An unknown or empty status counts
// as Fail everywhere.
const (
	Skip          Status = "skip"
	Pass          Status = "pass"
	Warn          Status = "warn"
	Indeterminate Status = "indeterminate"
	Fail          Status = "fail"
)

// rank orders statuses for Worst; an unknown status ranks as Fail.
func (s Status) rank() int {
	switch s {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Indeterminate:
		return 3
	}
	return 4
}

// Worse reports whether s is worse than t (an unknown status is as bad as
// Fail).
func (s Status) Worse(t Status) bool { return s.rank() > t.rank() }

// Valid reports whether s is one of the five defined statuses.
func (s Status) Valid() bool {
	switch s {
	case Skip, Pass, Warn, Indeterminate, Fail:
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
	case Indeterminate:
		return "не удалось проверить"
	case Fail:
		return "не пройдена"
	}
	return string(s)
}

// Result is what one check found. Its JSON field names are part of the
// project's stable interface.
type Result struct {
	// ID is the rule's stable ID, never prefixed or rewritten.
	ID string `json:"id"`
	// Status is the outcome.
	Status Status `json:"status"`
	// SubIndication says which fact was missing for an Indeterminate result
	// (empty otherwise).
	SubIndication SubIndication `json:"subindication,omitempty"`
	// Outcome is the stable code of the rule's outcome that produced the
	// result ("expired", "no-crl", …); empty for the default pass and
	// violation.
	Outcome string `json:"outcome,omitempty"`
	// Message is the Russian message for the end user.
	Message string `json:"message"`
	// Detail is technical text for developers and logs (English).
	Detail string `json:"detail,omitempty"`
	// Citation names the norm the rule enforces.
	Citation string `json:"citation"`
	// Scope is what the result is about (document, signer, timestamp);
	// zero for a result about the whole input.
	Scope Scope `json:"scope,omitzero"`
	// Waiver names the fact that made an indeterminate result undecided
	// and that a caller may accept unchecked (see Results.Waive); empty
	// when there is none.
	Waiver Waiver `json:"waiver,omitempty"`
	// Waived reports that the caller accepted the fact unchecked: the
	// result is then a warning.
	Waived bool `json:"waived,omitempty"`
}

// String renders the result on one line for logs.
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.ID)
	if !r.Scope.IsZero() {
		b.WriteString("@")
		b.WriteString(r.Scope.String())
	}
	fmt.Fprintf(&b, " [%s", r.Status)
	if r.SubIndication != "" {
		b.WriteString("/")
		b.WriteString(string(r.SubIndication))
	}
	b.WriteString("] ")
	b.WriteString(r.Message)
	if r.Detail != "" {
		b.WriteString(" (" + r.Detail + ")")
	}
	return b.String()
}

// Results is an ordered list of check results.
type Results []Result

// Worst returns the worst status in the list; Skip for an empty list. An
// unknown or empty status is reported as Fail.
func (rs Results) Worst() Status {
	w := Skip
	for _, r := range rs {
		if r.Status.Worse(w) {
			w = r.Status
		}
	}
	if !w.Valid() {
		return Fail
	}
	return w
}

// Failed reports whether any result failed (a result with an unknown or
// empty status counts as failed).
func (rs Results) Failed() bool { return rs.Worst() == Fail }

// Find returns the first result with the given ID, whatever its scope.
func (rs Results) Find(id string) (Result, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return Result{}, false
}

// Lookup returns the result with the given ID and exactly the given scope.
func (rs Results) Lookup(id string, scope Scope) (Result, bool) {
	for _, r := range rs {
		if r.ID == id && r.Scope == scope {
			return r, true
		}
	}
	return Result{}, false
}

// InScope returns the results whose scope is exactly s.
func (rs Results) InScope(s Scope) Results {
	var out Results
	for _, r := range rs {
		if r.Scope == s {
			out = append(out, r)
		}
	}
	return out
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

// With returns the results with status s.
func (rs Results) With(s Status) Results {
	var out Results
	for _, r := range rs {
		if r.Status == s {
			out = append(out, r)
		}
	}
	return out
}

// Within returns a copy of the results placed within the outer scope: each
// field of a result's scope that is empty takes the value of outer (see
// [Scope.Within]). It is how a producer's results are placed in the
// document they belong to, without touching their IDs.
func (rs Results) Within(outer Scope) Results {
	out := make(Results, len(rs))
	for i, r := range rs {
		r.Scope = r.Scope.Within(outer)
		out[i] = r
	}
	return out
}

// AppendWithin appends rs to dst, placed within the outer scope as
// [Results.Within] places them, and returns the extended slice: one copy
// instead of Within's copy and append's.
func AppendWithin(dst Results, outer Scope, rs ...Result) Results {
	dst = slices.Grow(dst, len(rs))
	for _, r := range rs {
		r.Scope = r.Scope.Within(outer)
		dst = append(dst, r)
	}
	return dst
}

// MarshalJSON encodes an empty list as [] rather than null.
func (rs Results) MarshalJSON() ([]byte, error) {
	if rs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Result(rs))
}
