package application

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

func TestLifecycleHappyPath(t *testing.T) {
	t.Parallel()
	a := mustBuild(t, testInput(VariantHead))
	if a.Lifecycle.State != StateDraft || !a.Created.Equal(testCreated) {
		t.Fatalf("state %v created %v", a.Lifecycle.State, a.Created)
	}
	mustSave(t, a)
	// Signing is tested in sign_test.go; here the transition is forced.
	if err := a.move("sign", StateSigned, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.Submit(); err != nil {
		t.Fatal(err)
	}
	if err := a.Approve(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, h := range a.Lifecycle.History {
		got = append(got, h.From.String()+">"+h.To.String()+":"+h.Action)
		if want := testCreated.Add(time.Duration(i+1) * time.Minute); !h.At.Equal(want) {
			t.Errorf("transition %d at %v, want %v", i, h.At, want)
		}
	}
	if strings.Join(got, " ") != "draft>saved:save saved>signed:sign signed>submitted:submit submitted>approved:approve" {
		t.Errorf("history %v", got)
	}
	if at, ok := a.SubmittedAt(); !ok || !at.Equal(testCreated.Add(3*time.Minute)) {
		t.Errorf("submitted at %v", at)
	}
	if !a.Lifecycle.State.Final() {
		t.Error("approved is final")
	}
}

func TestLifecycleTransitions(t *testing.T) {
	t.Parallel()
	all := []State{StateDraft, StateSaved, StateSigned, StateSubmitted, StateApproved, StateRejected, StateDeleted}
	legal := map[[2]State]bool{
		{StateDraft, StateDraft}: true, {StateDraft, StateSaved}: true, {StateDraft, StateDeleted}: true,
		{StateSaved, StateDraft}: true, {StateSaved, StateSigned}: true, {StateSaved, StateDeleted}: true,
		{StateSigned, StateSubmitted}: true, {StateSubmitted, StateApproved}: true, {StateSubmitted, StateRejected}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if CanTransition(from, to) != legal[[2]State{from, to}] {
				t.Errorf("%v → %v: %v", from, to, CanTransition(from, to))
			}
		}
		if from.Russian() == from.String() {
			t.Errorf("%v has no Russian name", from)
		}
	}
	tests := []struct {
		name  string
		state State
		op    func(*Application) error
	}{
		{"delete signed", StateSigned, (*Application).Delete},
		{"delete submitted", StateSubmitted, (*Application).Delete},
		{"submit draft", StateDraft, (*Application).Submit},
		{"submit saved", StateSaved, (*Application).Submit},
		{"approve signed", StateSigned, (*Application).Approve},
		{"reject approved", StateApproved, func(a *Application) error { return a.Reject("x") }},
		{"save signed", StateSigned, func(a *Application) error { _, err := a.Save(); return err }},
		{"save deleted", StateDeleted, func(a *Application) error { _, err := a.Save(); return err }},
		{"edit signed", StateSigned, func(a *Application) error { _, err := a.Edit(a.Fields); return err }},
		{"edit deleted", StateDeleted, func(a *Application) error { _, err := a.Edit(a.Fields); return err }},
		{"sign draft", StateDraft, func(a *Application) error { _, err := a.AttachSignature([]byte{0x30}, AttachOptions{}); return err }},
		{"sign submitted", StateSubmitted, func(a *Application) error { _, err := a.AttachSignature([]byte{0x30}, AttachOptions{}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := mustBuild(t, testInput(VariantHead))
			a.Lifecycle.State = tt.state
			err := tt.op(a)
			var te *TransitionError
			if !errors.Is(err, ErrInvalidTransition) || !errors.As(err, &te) || te.From != tt.state {
				t.Fatalf("error %v", err)
			}
			if !strings.Contains(err.Error(), tt.state.String()) || !strings.Contains(te.MessageRU(), tt.state.Russian()) ||
				!strings.Contains(err.Error(), te.To.String()) || !strings.Contains(te.MessageRU(), te.To.Russian()) {
				t.Errorf("message %q / %q", err, te.MessageRU())
			}
			if a.Lifecycle.State != tt.state || len(a.Lifecycle.History) != 0 {
				t.Error("state changed")
			}
		})
	}
}

func TestEditAndSave(t *testing.T) {
	t.Parallel()
	in := testInput(VariantHead)
	in.Fields = Fields{}
	in.Applicant.Email = ""
	a := mustBuild(t, in)
	if a.Fields.Phone != "+79161234567" || a.Fields.Email != "" {
		t.Errorf("defaults %+v", a.Fields)
	}
	if _, err := a.Save(); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("save with empty fields: %v", err)
	}
	rs, err := a.Edit(Fields{RegionCode: "99", Position: "", Email: "x", Phone: "123"})
	var ie *InputError
	if !errors.As(err, &ie) || len(ie.Results) != 4 || rs.Count("fail") != 4 {
		t.Fatalf("edit invalid: %v %v", err, rs)
	}
	if a.Fields.RegionCode != "" {
		t.Error("invalid edit applied")
	}
	f := Fields{RegionCode: "95", Position: "  Главный   врач ", Email: "head@example.ru", Phone: "+7 916 000 00 00"}
	if _, err := a.Edit(f); err != nil {
		t.Fatal(err)
	}
	if a.Fields.Position != "Главный врач" || a.Fields.Phone != "+79160000000" {
		t.Errorf("normalised %+v", a.Fields)
	}
	mustSave(t, a)
	if _, err := a.ExportForSigning(); err != nil {
		t.Fatal(err)
	}
	// Editing a saved application returns it to draft.
	f.Position = "Врач"
	if _, err := a.Edit(f); err != nil || a.Lifecycle.State != StateDraft {
		t.Fatalf("edit saved: %v, %v", err, a.Lifecycle.State)
	}
	if _, err := a.ExportForSigning(); !errors.Is(err, ErrNotSaved) {
		t.Errorf("export of draft: %v", err)
	}
	mustSave(t, a)
	if err := a.Delete(); err != nil || a.Lifecycle.State != StateDeleted {
		t.Fatal(err)
	}
	if _, err := a.ExportForSigning(); err == nil {
		t.Error("deleted application exported")
	}
	// After deletion a new draft is built from the same documents.
	b := mustBuild(t, testInput(VariantHead))
	if b.Lifecycle.State != StateDraft {
		t.Error("new draft")
	}
}

func TestBuildRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]func(*Input){
		"variant":          func(in *Input) { in.Variant = 0 },
		"standard ESIA":    func(in *Input) { in.Applicant.Level = LevelStandard },
		"report failed":    func(in *Input) { in.Report.Verdict = "fail" },
		"report missing":   func(in *Input) { in.Report = ReportSummary{} },
		"mchd for head":    func(in *Input) { in.Documents.MCHD = testInput(VariantManaging).Documents.MCHD },
		"no mchd":          func(in *Input) { in.Variant = VariantRepresentative },
		"org OGRN":         func(in *Input) { in.Organisation.OGRN = "1027700132194" },
		"org INN":          func(in *Input) { in.Organisation.INN = "500100732259" },
		"org both":         func(in *Input) { in.Organisation.OGRNIP = "304500116000157" },
		"region":           func(in *Input) { in.Fields.RegionCode = "80" },
		"position long":    func(in *Input) { in.Fields.Position = strings.Repeat("я", 256) },
		"email":            func(in *Input) { in.Fields.Email = "no" },
		"cert serial":      func(in *Input) { in.Documents.Certificate.SerialNumber = "xyz" },
		"cert fingerprint": func(in *Input) { in.Documents.Certificate.FingerprintSHA1 = "00" },
		"id":               func(in *Input) { in.ID = "not-a-uuid" },
		"warn in pass":     func(in *Input) { in.Report.Verdict = "pass" },
		"fail result": func(in *Input) {
			in.Report.Results[0].Status = "fail"
		},
		"report indeterminate": func(in *Input) { in.Report.Verdict = check.Indeterminate },
		"indeterminate result": func(in *Input) {
			in.Report.Results[2].Status, in.Report.Results[2].Waived = check.Indeterminate, false
		},
		"waived pass":    func(in *Input) { in.Report.Results[2].Status = check.Pass },
		"unknown waiver": func(in *Input) { in.Report.Results[2].Waiver = "everything" },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := testInput(VariantHead)
			edit(&in)
			if _, err := Build(in); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("Build: %v", err)
			}
		})
	}
	in := testInput(VariantHead)
	in.ID = ""
	in.Now = nil
	a := mustBuild(t, in)
	if !ident.IsLowerGUID(a.ID) || time.Since(a.Created) > time.Minute {
		t.Errorf("defaults: %s %v", a.ID, a.Created)
	}
}

func TestRegions(t *testing.T) {
	t.Parallel()
	rs := Regions()
	if len(rs) != 89 {
		t.Fatalf("%d regions, want 89", len(rs))
	}
	for _, c := range []string{"01", "77", "78", "83", "86", "87", "89", "90", "91", "92", "93", "94", "95"} {
		if _, ok := RegionName(c); !ok {
			t.Errorf("no region %s", c)
		}
	}
	for _, c := range []string{"00", "80", "81", "82", "84", "85", "88", "96", "99", "7"} {
		if _, ok := RegionName(c); ok {
			t.Errorf("region %s should not exist", c)
		}
	}
	if rs[0].Code != "01" || rs[88].Code != "95" {
		t.Error("order")
	}
}

func TestStateText(t *testing.T) {
	t.Parallel()
	for s := StateDraft; s <= StateDeleted; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		var back State
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Fatalf("%q read back as %v, %v", b, back, err)
		}
	}
	for _, bad := range []string{"", "Draft", "удалена", "State(9)"} {
		if _, err := ParseState(bad); err == nil {
			t.Errorf("ParseState(%q) accepted", bad)
		}
	}
	if _, err := State(99).MarshalText(); err == nil {
		t.Error("State(99) marshalled")
	}
}
