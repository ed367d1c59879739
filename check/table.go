package check

import (
	"fmt"
	"sort"
)

// Check pairs a rule with when it applies and how it is decided. Every
// package declares the evaluation of its rules in this one shape, as zlint
// declares a lint with CheckApplies and Execute: a table of Checks run in
// order over one input.
type Check[T any] struct {
	// Rule is the rule decided.
	Rule *Rule
	// Applies returns "" when the rule applies to the input, otherwise the
	// reason it does not (the rule is then reported as Skip with that
	// detail). Nil means the rule always applies.
	Applies func(in T) string
	// Evaluate decides the rule for an input it applies to. It must return
	// a result of Rule (Passed, Violated, Outcome, Undecided or Skipped).
	Evaluate func(in T) Result
}

// Table is an ordered list of checks over one kind of input.
type Table[T any] []Check[T]

// Run evaluates every check of the table on in and returns exactly one
// result per rule, in table order. No check stops the others.
func (t Table[T]) Run(in T) Results { return t.Append(make(Results, 0, len(t)), in) }

// Append is Run appending to dst.
func (t Table[T]) Append(dst Results, in T) Results {
	for i := range t {
		c := &t[i]
		if c.Applies != nil {
			if why := c.Applies(in); why != "" {
				dst = append(dst, c.Rule.Skipped(why))
				continue
			}
		}
		r := c.Evaluate(in)
		if r.ID != c.Rule.ID {
			r = c.Rule.result(Fail, "", "Внутренняя ошибка проверки",
				fmt.Sprintf("evaluation of %s returned a result of %q", c.Rule.ID, r.ID))
		}
		dst = append(dst, r)
	}
	return dst
}

// Skip returns one Skip result per rule of the table with the reason, for an
// input that is not available at all (an unreadable file).
func (t Table[T]) Skip(detail string) Results {
	out := make(Results, len(t))
	for i := range t {
		out[i] = t[i].Rule.Skipped(detail)
	}
	return out
}

// Rules returns copies of the table's rules in table order.
func (t Table[T]) Rules() []Rule {
	out := make([]Rule, len(t))
	for i := range t {
		out[i] = t[i].Rule.Clone()
	}
	return out
}

// Registry collects rule declarations so that IDs stay unique and every rule
// can be listed (for documentation and for tests).
type Registry struct {
	rules map[string]Rule
}

// NewRegistry returns a registry holding rules; see [Registry.Register].
func NewRegistry(rules ...Rule) *Registry {
	var g Registry
	g.Register(rules...)
	return &g
}

// Register adds copies of rules, panicking on an invalid declaration or a
// duplicate ID. It is meant for package initialisation, where a bad
// declaration is a programming error caught by the first test run.
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
		g.rules[r.ID] = r.Clone()
	}
}

// Rules returns copies of the registered rules sorted by ID.
func (g *Registry) Rules() []Rule {
	out := make([]Rule, 0, len(g.rules))
	for _, r := range g.rules {
		out = append(out, r.Clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns a copy of the rule with the given ID.
func (g *Registry) Lookup(id string) (Rule, bool) {
	r, ok := g.rules[id]
	return r.Clone(), ok
}

// Unknown returns a description of each result in rs that the registry
// cannot explain: an unregistered ID, an undeclared outcome code, an
// invalid status, an Indeterminate result without a defined
// sub-indication. Tests run every entry point and require it to be empty.
func (g *Registry) Unknown(rs Results) []string {
	var out []string
	for _, r := range rs {
		rule, ok := g.rules[r.ID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: not registered", r.ID))
		case !r.Status.Valid():
			out = append(out, fmt.Sprintf("%s: status %q", r.ID, r.Status))
		case r.Outcome != "" && !rule.HasOutcome(r.Outcome):
			out = append(out, fmt.Sprintf("%s: outcome %q not declared", r.ID, r.Outcome))
		case r.Status == Indeterminate && !r.SubIndication.Valid():
			out = append(out, fmt.Sprintf("%s: indeterminate without a defined sub-indication (%q)", r.ID, r.SubIndication))
		}
	}
	return out
}
