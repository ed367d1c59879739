package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

var testRule = Rule{
	ID:       "TEST-SNILS-CHECKSUM",
	Title:    "SNILS checksum",
	Citation: "Федеральный закон № 27-ФЗ",
	Severity: Fail,
	Message:  "Неверное контрольное число СНИЛС %s",
}

func TestRuleValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mutate  func(*Rule)
		wantErr string
	}{
		{"valid", func(*Rule) {}, ""},
		{"lower-case id", func(r *Rule) { r.ID = "test-x" }, "rule ID"},
		{"cyrillic id", func(r *Rule) { r.ID = "CERT-ИП" }, "rule ID"},
		{"empty id", func(r *Rule) { r.ID = "" }, "rule ID"},
		{"trailing dash", func(r *Rule) { r.ID = "CERT-" }, "rule ID"},
		{"no citation", func(r *Rule) { r.Citation = " " }, "citation"},
		{"no message", func(r *Rule) { r.Message = "" }, "message"},
		{"pass severity", func(r *Rule) { r.Severity = Pass }, "severity"},
		{"unconfirmed fail", func(r *Rule) { r.Unconfirmed = true }, "unconfirmed"},
		{"unconfirmed warn", func(r *Rule) { r.Unconfirmed = true; r.Severity = Warn }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := testRule
			tc.mutate(&r)
			err := r.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestResults(t *testing.T) {
	t.Parallel()
	warnRule := testRule
	warnRule.ID, warnRule.Severity, warnRule.Unconfirmed = "TEST-WARN", Warn, true
	rs := Results{
		testRule.Passed("ok"),
		warnRule.Violated("detail", "x"),
		testRule.Skipped("not a person"),
	}
	if got := rs.Worst(); got != Warn {
		t.Fatalf("Worst = %s, want warn", got)
	}
	if rs.Failed() {
		t.Fatal("Failed() with no failure")
	}
	if !strings.Contains(rs[1].Message, "не подтверждено") {
		t.Fatalf("unconfirmed rule message does not say so: %q", rs[1].Message)
	}
	rs = append(rs, testRule.Violated("bad digit", "112-233-445 96"))
	if !rs.Failed() || rs.Count(Fail) != 1 || rs.Count(Pass) != 1 {
		t.Fatalf("after a failure: worst %s, counts fail %d pass %d", rs.Worst(), rs.Count(Fail), rs.Count(Pass))
	}
	if r := rs[3]; r.Message != "Неверное контрольное число СНИЛС 112-233-445 96" || r.Citation != testRule.Citation {
		t.Fatalf("Violated result = %+v", r)
	}
	if _, ok := rs.Find("TEST-WARN"); !ok {
		t.Fatal("Find did not find TEST-WARN")
	}
	if p := rs.WithPrefix("SIGNER"); p[0].ID != "SIGNER-TEST-SNILS-CHECKSUM" || rs[0].ID != testRule.ID {
		t.Fatalf("WithPrefix: %s (original %s)", p[0].ID, rs[0].ID)
	}
	if (Results{}).Worst() != Skip {
		t.Fatal("empty Worst is not skip")
	}
	if Status("bogus").rank() != Fail.rank() || Status("bogus").Valid() {
		t.Fatal("unknown status must count as failure and be invalid")
	}
}

func TestResultJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Results{testRule.Violated("bad", "1")})
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "status", "message", "detail", "citation"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("JSON lacks field %q: %s", k, b)
		}
	}
	var nilResults Results
	if b, _ := json.Marshal(nilResults); string(b) != "[]" {
		t.Fatalf("nil Results marshal to %s, want []", b)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	var g Registry
	g.Register(testRule)
	if _, ok := g.Lookup(testRule.ID); !ok || len(g.Rules()) != 1 {
		t.Fatal("registered rule not found")
	}
	mustPanic(t, func() { g.Register(testRule) })
	bad := testRule
	bad.ID = "x"
	mustPanic(t, func() { g.Register(bad) })
}

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatal("expected a panic")
		}
	}()
	f()
}

func ExampleRule_Violated() {
	rule := Rule{
		ID:       "CERT-SNILS-CHECKSUM",
		Citation: "Приказ ФСБ России № 795, п. 18",
		Severity: Fail,
		Message:  "Неверное контрольное число СНИЛС %s",
	}
	r := rule.Violated("sum 96 != 95", "112-233-445 96")
	fmt.Println(r.Status, r.Message)
	// Output: fail Неверное контрольное число СНИЛС 112-233-445 96
}

type ruError struct{ en, ru string }

func (e *ruError) Error() string     { return e.en }
func (e *ruError) MessageRU() string { return e.ru }

func TestMessageRU(t *testing.T) {
	t.Parallel()
	ru := &ruError{"bad", "плохо"}
	for _, tc := range []struct {
		name     string
		err      error
		fallback string
		want     string
	}{
		{"nil", nil, "x", ""},
		{"direct", ru, "", "плохо"},
		{"wrapped", fmt.Errorf("context: %w", ru), "запасное", "плохо"},
		{"empty Russian falls back", &ruError{"bad", ""}, "запасное", "запасное"},
		{"plain with fallback", errors.New("plain"), "запасное", "запасное"},
		{"plain without fallback", errors.New("plain"), "", "plain"},
	} {
		if got := MessageRU(tc.err, tc.fallback); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
