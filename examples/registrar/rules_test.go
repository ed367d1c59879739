package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRulesSubprocess: 'registrar rules' lists every rule, as text and as
// JSON with the documented fields; an argument is a usage error.
func TestRulesSubprocess(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, "rules", "--json")
	if r.code != exitOK {
		t.Fatalf("rules --json: %s", r)
	}
	var rules []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules) != len(ruleIDs) {
		t.Fatalf("%d rules, %d IDs", len(rules), len(ruleIDs))
	}
	for _, x := range rules {
		for k := range x {
			switch k {
			case "id", "severity", "citation", "message", "title", "pass_message", "unconfirmed", "effective_date", "outcomes":
			default:
				t.Errorf("rule %v: unexpected field %q", x["id"], k)
			}
		}
		if s := x["severity"]; s != "fail" && s != "warn" {
			t.Errorf("rule %v: severity %v", x["id"], s)
		}
	}
	text := runBin(t, nil, "rules")
	if text.code != exitOK || !strings.Contains(text.stdout, "CHAIN-REVOCATION  [fail]") ||
		!strings.Contains(text.stdout, "no-crl [indeterminate/NO_REVOCATION_DATA]") {
		t.Errorf("rules text:\n%s", text)
	}
	if u := runBin(t, nil, "rules", "extra"); u.code != exitUsage {
		t.Errorf("rules extra: %s", u)
	}
}
