package check

// Warned is Violated with the status lowered to Warn and a message from the
// call site.
//
// Deprecated: declare an Outcome and use [Rule.Outcome]. Removed once every
// package declares its outcomes.
func (r *Rule) Warned(detail, message string) Result {
	return r.result(Warn, "", message, detail)
}

// WithPrefix returns a copy of the results whose IDs are prefixed.
//
// Deprecated: use [Results.Within]; IDs are never rewritten. Removed once
// every caller uses scopes.
func (rs Results) WithPrefix(prefix string) Results {
	out := make(Results, len(rs))
	for i, r := range rs {
		r.ID = prefix + "-" + r.ID
		out[i] = r
	}
	return out
}
