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
	if (Results{}).Worst() != Skip {
		t.Fatal("empty Worst is not skip")
	}
	if Status("bogus").rank() != Fail.rank() || Status("bogus").Valid() {
		t.Fatal("unknown status must count as failure and be invalid")
	}
}

func TestWorstOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		statuses []Status
		want     Status
		failed   bool
	}{
		{nil, Skip, false},
		{[]Status{Skip, Pass}, Pass, false},
		{[]Status{Pass, Warn}, Warn, false},
		{[]Status{Warn, Indeterminate, Pass}, Indeterminate, false},
		{[]Status{Indeterminate, Fail, Warn}, Fail, true},
		{[]Status{Pass, ""}, Fail, true},
		{[]Status{Pass, "bogus"}, Fail, true},
	}
	for _, tc := range tests {
		var rs Results
		for _, s := range tc.statuses {
			rs = append(rs, Result{ID: "X", Status: s})
		}
		if got := rs.Worst(); got != tc.want {
			t.Errorf("Worst(%v) = %s, want %s", tc.statuses, got, tc.want)
		}
		if got := rs.Failed(); got != tc.failed {
			t.Errorf("Failed(%v) = %v, want %v", tc.statuses, got, tc.failed)
		}
	}
}

// A result with no status at all is a failure, never a pass.
func TestEmptyResultFails(t *testing.T) {
	t.Parallel()
	if !(Results{{}}).Failed() {
		t.Fatal("Results{{}}.Failed() = false; an empty status must count as a failure")
	}
	if (Results{{}}).Worst() != Fail {
		t.Fatal("Results{{}}.Worst() is not fail")
	}
}

var outcomeRule = Rule{
	ID: "TEST-VALIDITY", Title: "validity", Citation: "RFC 5280", Severity: Fail,
	Message:     "Сертификат истёк %s",
	PassMessage: "Сертификат действует до %s",
	Outcomes: []Outcome{
		{Code: "not-yet-valid", Status: Fail, Message: "Сертификат ещё не действует: начало %s"},
		{Code: "no-crl", Status: Indeterminate, SubIndication: NoRevocationData, Message: "Нет списка отзыва УЦ «%s»"},
		{Code: "legacy", Status: Warn, Message: "Устаревшая форма"},
	},
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	if err := outcomeRule.Validate(); err != nil {
		t.Fatal(err)
	}
	r := outcomeRule.Outcome("not-yet-valid", "nb", "01.01.2027")
	if r.Status != Fail || r.Outcome != "not-yet-valid" || r.Message != "Сертификат ещё не действует: начало 01.01.2027" {
		t.Fatalf("Outcome = %+v", r)
	}
	r = outcomeRule.Undecided(NoRevocationData, "no CRL", "УЦ 1")
	if r.Status != Indeterminate || r.SubIndication != NoRevocationData || r.Outcome != "no-crl" || r.Message != "Нет списка отзыва УЦ «УЦ 1»" {
		t.Fatalf("Undecided (declared) = %+v", r)
	}
	r = outcomeRule.Undecided(TryLater, "down")
	if r.Status != Indeterminate || r.SubIndication != TryLater || r.Outcome != "" || !strings.Contains(r.Message, TryLater.Russian()) {
		t.Fatalf("Undecided (generic) = %+v", r)
	}
	r = outcomeRule.Outcome("missing", "x")
	if r.Status != Fail || !strings.Contains(r.Detail, "no outcome") {
		t.Fatalf("undeclared outcome = %+v, want an internal failure", r)
	}
	if r := outcomeRule.Passed("", "31.12.2026"); r.Message != "Сертификат действует до 31.12.2026" || r.Status != Pass {
		t.Fatalf("Passed = %+v", r)
	}
	g := NewRegistry(outcomeRule)
	rs := Results{
		outcomeRule.Outcome("legacy", ""), outcomeRule.Outcome("missing", ""),
		{ID: "TEST-VALIDITY", Status: Indeterminate}, {ID: "TEST-OTHER", Status: Pass}, {ID: "TEST-VALIDITY"},
	}
	if got := g.Unknown(rs); len(got) != 4 {
		t.Fatalf("Unknown = %q, want 4 problems", got)
	}
}

func TestOutcomeValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		outcome Outcome
		wantErr string
	}{
		{"upper-case code", Outcome{Code: "Expired", Status: Fail, Message: "x"}, "outcome code"},
		{"duplicate", Outcome{Code: "legacy", Status: Warn, Message: "x"}, "duplicate"},
		{"indeterminate without sub", Outcome{Code: "x", Status: Indeterminate, Message: "x"}, "sub-indication"},
		{"unknown sub", Outcome{Code: "x", Status: Indeterminate, SubIndication: "NOPE", Message: "x"}, "sub-indication"},
		{"sub on a failure", Outcome{Code: "x", Status: Fail, SubIndication: TryLater, Message: "x"}, "must not"},
		{"no message", Outcome{Code: "x", Status: Warn}, "message"},
		{"bad status", Outcome{Code: "x", Status: "maybe", Message: "x"}, "status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := outcomeRule.Clone()
			r.Outcomes = append(r.Outcomes, tc.outcome)
			if err := r.Validate(); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
	unconfirmed := outcomeRule.Clone()
	unconfirmed.Severity, unconfirmed.Unconfirmed = Warn, true
	if err := unconfirmed.Validate(); err == nil || !strings.Contains(err.Error(), "must not fail") {
		t.Fatalf("unconfirmed rule with a failing outcome: %v", err)
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	rs := Results{
		{ID: "SIG-VALUE", Status: Pass, Scope: Scope{Signer: 1}},
		{ID: "SIG-VALUE", Status: Fail, Scope: Scope{Signer: 2}},
		{ID: "SIG-CONTENT", Status: Pass},
	}
	in := rs.Within(Scope{Document: DocMCHDSignature})
	if rs[0].Scope.Document != "" {
		t.Fatal("Within changed its receiver")
	}
	want := Scope{Document: DocMCHDSignature, Signer: 2}
	if r, ok := in.Lookup("SIG-VALUE", want); !ok || r.Status != Fail {
		t.Fatalf("Lookup(SIG-VALUE, %v) = %+v, %v", want, r, ok)
	}
	if got := in.InScope(Scope{Document: DocMCHDSignature}); len(got) != 1 || got[0].ID != "SIG-CONTENT" {
		t.Fatalf("InScope = %v", got)
	}
	if s := want.String(); s != "mchd-signature/signer 2" {
		t.Fatalf("String = %q", s)
	}
	if s := (Scope{Document: DocMCHDSignature, Signer: 1, Timestamp: 2}).Russian(); s != "подпись доверенности, подписант 1, штамп времени 2" {
		t.Fatalf("Russian = %q", s)
	}
	// The outer scope never overrides what the inner one set.
	if s := (Scope{Document: DocSignature, Signer: 3}).Within(Scope{Document: DocMCHDSignature, Signer: 1}); s != (Scope{Document: DocSignature, Signer: 3}) {
		t.Fatalf("Within overrode inner fields: %v", s)
	}
}

func TestAppendWithin(t *testing.T) {
	t.Parallel()
	rs := Results{
		{ID: "SIG-VALUE", Status: Pass, Scope: Scope{Signer: 1}},
		{ID: "SIG-CONTENT", Status: Fail, Scope: Scope{Document: DocSignature}},
	}
	outer := Scope{Document: DocMCHDSignature, Timestamp: 2}
	dst := Results{{ID: "MCHD-PARSE", Status: Pass}}
	got := AppendWithin(dst, outer, rs...)
	want := append(Results{{ID: "MCHD-PARSE", Status: Pass}}, rs.Within(outer)...)
	if len(got) != len(want) {
		t.Fatalf("AppendWithin gave %d results, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if rs[0].Scope != (Scope{Signer: 1}) {
		t.Fatal("AppendWithin changed its arguments")
	}
	if got := AppendWithin(nil, outer); len(got) != 0 {
		t.Fatalf("AppendWithin of nothing = %v", got)
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	other := testRule
	other.ID = "TEST-OTHER"
	tbl := Table[int]{
		{Rule: &testRule, Evaluate: func(n int) Result {
			if n < 0 {
				return testRule.Violated("negative", n)
			}
			return testRule.Passed("")
		}},
		{Rule: &outcomeRule, Applies: func(n int) string {
			if n == 0 {
				return "zero"
			}
			return ""
		}, Evaluate: func(int) Result { return outcomeRule.Outcome("legacy", "") }},
		{Rule: &other, Evaluate: func(int) Result { return testRule.Passed("wrong rule") }},
	}
	rs := tbl.Run(0)
	if len(rs) != 3 || rs[0].Status != Pass || rs[1].Status != Skip || rs[1].Detail != "zero" {
		t.Fatalf("Run(0) = %v", rs)
	}
	if rs[2].ID != "TEST-OTHER" || rs[2].Status != Fail {
		t.Fatalf("a check returning another rule's result must fail under its own ID: %+v", rs[2])
	}
	rs = tbl.Run(-1)
	if rs[0].Status != Fail || rs[1].Status != Warn {
		t.Fatalf("Run(-1) = %v", rs)
	}
	if sk := tbl.Skip("no input"); len(sk) != 3 || sk.Worst() != Skip {
		t.Fatalf("Skip = %v", sk)
	}
	rules := tbl.Rules()
	rules[1].Outcomes[0].Message = "changed"
	if outcomeRule.Outcomes[0].Message == "changed" {
		t.Fatal("Rules() shares outcomes with the package's rule")
	}
}

func TestResultJSON(t *testing.T) {
	t.Parallel()
	scoped := testRule.Violated("bad", "1")
	scoped.Scope = Scope{Document: DocMCHDSignature, Signer: 1}
	b, err := json.Marshal(Results{testRule.Violated("bad", "1"), scoped})
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
	if _, ok := raw[0]["scope"]; ok {
		t.Errorf("a zero scope must be omitted: %s", b)
	}
	if sc, ok := raw[1]["scope"].(map[string]any); !ok || sc["document"] != DocMCHDSignature || sc["signer"] != 1.0 || len(sc) != 2 {
		t.Errorf("scope JSON = %v, want {document, signer}", raw[1]["scope"])
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

func TestIndication(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rs   Results
		want Indication
		sub  SubIndication
	}{
		{"empty", nil, IndicationPassed, ""},
		{"pass and warn", Results{{Status: Pass}, {Status: Warn}, {Status: Skip}}, IndicationPassed, ""},
		{"indeterminate", Results{{Status: Pass}, {Status: Indeterminate, SubIndication: NoPOE}, {Status: Indeterminate, SubIndication: TryLater}},
			IndicationIndeterminate, NoPOE},
		{"fail wins", Results{{Status: Indeterminate, SubIndication: NoPOE}, {Status: Fail}}, IndicationFailed, ""},
		{"unknown status fails", Results{{Status: "weird"}}, IndicationFailed, ""},
	}
	for _, tt := range tests {
		if got, sub := tt.rs.Indication(); got != tt.want || sub != tt.sub {
			t.Errorf("%s: %s/%s, want %s/%s", tt.name, got, sub, tt.want, tt.sub)
		}
		if tt.want.Russian() == "" {
			t.Errorf("%s: no Russian", tt.want)
		}
	}
}

func TestWaivers(t *testing.T) {
	t.Parallel()
	rule := Rule{ID: "EX-REV", Citation: "c", Severity: Fail, Message: "m", Outcomes: []Outcome{
		{Code: "no-data", Status: Indeterminate, SubIndication: NoRevocationData, Message: "Нет данных", Waiver: WaiveRevocation},
		{Code: "stuck", Status: Indeterminate, SubIndication: UnsupportedAlgorithm, Message: "Нельзя"},
	}}
	if err := rule.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := rule
	bad.Outcomes = []Outcome{{Code: "x", Status: Warn, Message: "m", Waiver: WaiveRevocation}}
	if bad.Validate() == nil {
		t.Error("a waiver on a warning outcome validated")
	}
	bad.Outcomes = []Outcome{{Code: "x", Status: Indeterminate, SubIndication: NoPOE, Message: "m", Waiver: "network"}}
	if bad.Validate() == nil {
		t.Error("an unknown waiver validated")
	}
	rs := Results{rule.Outcome("no-data", ""), rule.Outcome("stuck", ""), rule.Violated("")}
	if rs[0].Waiver != WaiveRevocation || rs[1].Waiver != "" {
		t.Fatalf("waivers %q %q", rs[0].Waiver, rs[1].Waiver)
	}
	if got := rs.Waive([]Waiver{WaiveRegistry}); got[0].Status != Indeterminate || len(got.Waived()) != 0 {
		t.Error("another waiver changed the result")
	}
	got := rs.Waive([]Waiver{WaiveRevocation})
	if got[0].Status != Warn || !got[0].Waived || !strings.Contains(got[0].Message, "revocation") ||
		got[1].Status != Indeterminate || got[2].Status != Fail || rs[0].Status != Indeterminate {
		t.Fatalf("waived: %v (original %v)", got, rs)
	}
	if w := got.Waived(); len(w) != 1 || w[0] != WaiveRevocation {
		t.Errorf("Waived() = %v", w)
	}
	ws, err := ParseWaivers(" revocation, registry ,,revocation")
	if err != nil || len(ws) != 2 || ws[0] != WaiveRevocation || ws[1] != WaiveRegistry {
		t.Errorf("ParseWaivers: %v %v", ws, err)
	}
	if _, err := ParseWaivers("revocation,network"); !errors.Is(err, ErrUnknownWaiver) || !strings.Contains(err.Error(), "trusted-list-signature") {
		t.Errorf("unknown waiver: %v", err)
	}
	for _, w := range Waivers() {
		if w.Russian() == string(w) || w.Hint() == "" {
			t.Errorf("%s has no Russian name or hint", w)
		}
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	pass := Result{ID: "A", Status: Pass}
	und := Result{ID: "B", Status: Indeterminate, SubIndication: NoPOE}
	und2 := Result{ID: "C", Status: Indeterminate, SubIndication: TryLater}
	fail := Result{ID: "D", Status: Fail}
	for _, lists := range [][]Results{
		nil,
		{{pass}},
		{{pass}, {und}},
		{{und2}, {und}},
		{{und}, {fail}},
		{{}, {pass, und2}, {und}},
		{{Result{ID: "E", Status: "bogus"}}},
	} {
		var joined Results
		for _, rs := range lists {
			joined = append(joined, rs...)
		}
		w, ind, sub := Verdict(lists...)
		// The rule, spelled out on the joined list.
		wantInd, wantSub := IndicationPassed, SubIndication("")
		switch joined.Worst() {
		case Fail:
			wantInd = IndicationFailed
		case Indeterminate:
			for _, r := range joined {
				if r.Status == Indeterminate {
					wantInd, wantSub = IndicationIndeterminate, r.SubIndication
					break
				}
			}
		}
		if w != joined.Worst() || ind != wantInd || sub != wantSub {
			t.Errorf("%v: %v %v %v, joined %v %v %v", lists, w, ind, sub, joined.Worst(), wantInd, wantSub)
		}
	}
}
