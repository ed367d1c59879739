package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/egisz-lk/registrar"
	"github.com/egisz-lk/registrar/check"
)

const rulesAbout = `Prints every rule the library can report: its stable ID, severity, the
norm it enforces and its Russian message. Every check ID in the output of
check, verify and application is one of them. With --json: an array of
{"id", "severity", "citation", "message", "title", "outcomes"}, where
outcomes lists the other ways the rule can end (code, status,
subindication for indeterminate ones, message).`

// ruleJSON is one rule of rules --json.
type ruleJSON struct {
	ID            string          `json:"id"`
	Severity      check.Status    `json:"severity"`
	Citation      string          `json:"citation"`
	Message       string          `json:"message"`
	Title         string          `json:"title"`
	PassMessage   string          `json:"pass_message,omitempty"`
	Unconfirmed   bool            `json:"unconfirmed,omitempty"`
	EffectiveDate string          `json:"effective_date,omitempty"`
	Outcomes      []check.Outcome `json:"outcomes,omitempty"`
}

func runRules(args []string, stdout, stderr io.Writer) int {
	c := newCmd("rules", "[--json]", rulesAbout, stdout, stderr)
	asJSON := c.fs.Bool("json", false, "print one JSON array")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	rules := registrar.Rules()
	if *asJSON {
		out := make([]ruleJSON, len(rules))
		for i, r := range rules {
			out[i] = ruleJSON{ID: r.ID, Severity: r.Severity, Citation: r.Citation, Message: r.Message, Title: r.Title,
				PassMessage: r.PassMessage, Unconfirmed: r.Unconfirmed, Outcomes: r.Outcomes}
			if !r.EffectiveDate.IsZero() {
				out[i].EffectiveDate = r.EffectiveDate.Format("2006-01-02")
			}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return c.fail("%v", err)
		}
		return exitOK
	}
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "%s  [%s] %s\n", r.ID, r.Severity, r.Title)
		fmt.Fprintf(&b, "    %s\n    %s\n", r.Message, r.Citation)
		for _, o := range r.Outcomes {
			st := string(o.Status)
			if o.SubIndication != "" {
				st += "/" + string(o.SubIndication)
			}
			fmt.Fprintf(&b, "    · %s [%s] %s\n", o.Code, st, o.Message)
		}
	}
	fmt.Fprintf(&b, "%d rules\n", len(rules))
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		return c.fail("%v", err)
	}
	return exitOK
}
