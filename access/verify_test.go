package access_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// failingRegister answers every question with an error.
type failingRegister struct{ access.Memory }

func (*failingRegister) Grant(context.Context, string) (access.Grant, error) {
	return access.Grant{}, errors.New("register down")
}

func (*failingRegister) Grants(context.Context, string, string) ([]access.Grant, error) {
	return nil, errors.New("register down")
}

// TestRules: every rule of the package passes and fails (and ends in each
// declared outcome) on a request signed and verified end to end.
func TestRules(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	const grantID = "1b1b1b1b-0000-4000-8000-000000000001"
	// A register holding one standing grant (FRMR, REMD) and one revoked.
	standing := &access.Memory{}
	granted(t, w, standing, w.grantInput(grantID))
	revokedReg := &access.Memory{}
	granted(t, w, revokedReg, w.grantInput(grantID))
	rv := w.grantInput("1b1b1b1b-0000-4000-8000-0000000000ff")
	rv.Action, rv.Revokes = access.ActionRevoke, grantID
	granted(t, w, revokedReg, rv)

	revoke := func(in *access.Input) { in.Action, in.Revokes, in.ID = access.ActionRevoke, grantID, "" }
	type tc struct {
		name    string
		in      func(*access.Input)
		content func(*access.Content)
		opts    func(*access.VerifyOptions)
		signer  func(*fixtures.Set) fixtures.Credential
		stored  func([]byte) []byte
		sig     func([]byte) []byte
		rule    string
		status  check.Status
		outcome string
	}
	standingOpts := func(o *access.VerifyOptions) { o.Register = standing }
	cases := []tc{
		{name: "xml ok", rule: "ACC-XML", status: check.Pass},
		{name: "xml not canonical", rule: "ACC-XML", status: check.Fail, outcome: "not-canonical",
			stored: func(b []byte) []byte { return bytes.Replace(b, []byte("  <ID>"), []byte("    <ID>"), 1) }},
		{name: "xml invalid", rule: "ACC-XML", status: check.Fail,
			stored: func(b []byte) []byte { return bytes.Replace(b, []byte("<Action>grant"), []byte("<Action>give"), 1) }},
		{name: "xml absent", rule: "ACC-XML", status: check.Indeterminate, outcome: "no-stored",
			stored: func([]byte) []byte { return nil }},

		{name: "snils ok", rule: "ACC-EMPLOYEE-SNILS", status: check.Pass},
		{name: "snils bad control", rule: "ACC-EMPLOYEE-SNILS", status: check.Fail,
			content: func(c *access.Content) { c.Employee.SNILS = c.Employee.SNILS[:9] + "00" }},

		{name: "power operator", rule: "ACC-POWER", status: check.Pass},
		{name: "power registrar", rule: "ACC-POWER", status: check.Fail,
			content: func(c *access.Content) { c.Power = application.PowerCode }},
		{name: "power unknown", rule: "ACC-POWER", status: check.Fail, outcome: "unknown",
			content: func(c *access.Content) { c.Power = "ADMIN" }},

		{name: "subsystems ok", rule: "ACC-SUBSYSTEMS", status: check.Pass},
		{name: "subsystem unknown", rule: "ACC-SUBSYSTEMS", status: check.Fail,
			content: func(c *access.Content) {
				c.Subsystems = append(c.Subsystems, access.Subsystem{Code: "ZZZ", Name: "Неизвестная"})
			}},
		{name: "subsystem misnamed", rule: "ACC-SUBSYSTEMS", status: check.Fail,
			content: func(c *access.Content) { c.Subsystems[0].Name = "Другое название" }},

		{name: "registration approved", rule: "ACC-REGISTRATION-APPROVED", status: check.Pass},
		{name: "registration not approved", rule: "ACC-REGISTRATION-APPROVED", status: check.Fail,
			opts: func(o *access.VerifyOptions) {
				r := *o.Registration
				r.Lifecycle.State = application.StateSubmitted
				o.Registration = &r
			}},
		{name: "registration of another", rule: "ACC-REGISTRATION-APPROVED", status: check.Fail, outcome: "mismatch",
			opts: func(o *access.VerifyOptions) { o.Registration = w.head }},
		{name: "registration absent", rule: "ACC-REGISTRATION-APPROVED", status: check.Indeterminate, outcome: "no-registration",
			opts: func(o *access.VerifyOptions) { o.Registration = nil }},

		{name: "esia confirmed", rule: "ACC-EMPLOYEE-ESIA", status: check.Pass},
		{name: "esia standard", rule: "ACC-EMPLOYEE-ESIA", status: check.Fail,
			opts: func(o *access.VerifyOptions) { e := *o.Employee; e.Level = application.LevelStandard; o.Employee = &e }},
		{name: "esia another person", rule: "ACC-EMPLOYEE-ESIA", status: check.Fail, outcome: "mismatch",
			opts: func(o *access.VerifyOptions) { e := *o.Employee; e.Surname = "Другова"; o.Employee = &e }},
		{name: "esia absent", rule: "ACC-EMPLOYEE-ESIA", status: check.Indeterminate, outcome: "no-account",
			opts: func(o *access.VerifyOptions) { o.Employee = nil }},

		{name: "duplicate none", rule: "ACC-DUPLICATE-GRANT", status: check.Pass},
		{name: "duplicate", rule: "ACC-DUPLICATE-GRANT", status: check.Fail, opts: standingOpts},
		{name: "duplicate after revocation", rule: "ACC-DUPLICATE-GRANT", status: check.Pass,
			opts: func(o *access.VerifyOptions) { o.Register = revokedReg }},
		{name: "duplicate of other subsystems", rule: "ACC-DUPLICATE-GRANT", status: check.Pass, opts: standingOpts,
			in: func(in *access.Input) { in.Subsystems = []string{"IEMK"} }},
		{name: "duplicate no register", rule: "ACC-DUPLICATE-GRANT", status: check.Indeterminate, outcome: "no-register",
			opts: func(o *access.VerifyOptions) { o.Register = nil }},
		{name: "duplicate register down", rule: "ACC-DUPLICATE-GRANT", status: check.Indeterminate, outcome: "register-error",
			opts: func(o *access.VerifyOptions) { o.Register = &failingRegister{} }},
		{name: "duplicate skipped for revoke", rule: "ACC-DUPLICATE-GRANT", status: check.Skip, in: revoke, opts: standingOpts},

		{name: "revoke standing", rule: "ACC-REVOKE-GRANT", status: check.Pass, in: revoke, opts: standingOpts},
		{name: "revoke unknown", rule: "ACC-REVOKE-GRANT", status: check.Fail, in: revoke},
		{name: "revoke revoked", rule: "ACC-REVOKE-GRANT", status: check.Fail, outcome: "not-active", in: revoke,
			opts: func(o *access.VerifyOptions) { o.Register = revokedReg }},
		{name: "revoke other subsystems", rule: "ACC-REVOKE-GRANT", status: check.Fail, outcome: "mismatch", opts: standingOpts,
			in: func(in *access.Input) { revoke(in); in.Subsystems = []string{"FRMR"} }},
		{name: "revoke no register", rule: "ACC-REVOKE-GRANT", status: check.Indeterminate, outcome: "no-register", in: revoke,
			opts: func(o *access.VerifyOptions) { o.Register = nil }},
		{name: "revoke register down", rule: "ACC-REVOKE-GRANT", status: check.Indeterminate, outcome: "register-error", in: revoke,
			opts: func(o *access.VerifyOptions) { o.Register = &failingRegister{} }},
		{name: "revoke skipped for grant", rule: "ACC-REVOKE-GRANT", status: check.Skip},

		{name: "signature ok", rule: "ACC-SIGNATURE", status: check.Pass},
		{name: "signature unreadable", rule: "ACC-SIGNATURE", status: check.Fail, outcome: "unreadable",
			sig: func([]byte) []byte { return []byte("not a signature") }},
		{name: "signature over other bytes", rule: "ACC-SIGNATURE", status: check.Fail,
			stored: func(b []byte) []byte {
				return bytes.Replace(b, []byte("Медицинский статистик"), []byte("Медицинский регистратор"), 1)
			}},
		{name: "signature chain unchecked", rule: "ACC-SIGNATURE", status: check.Indeterminate,
			opts: func(o *access.VerifyOptions) { o.ValidateCertificate = nil }},

		{name: "signature certificate expired", rule: "ACC-SIGNATURE", status: check.Fail, outcome: "certificate-not-valid",
			opts: func(o *access.VerifyOptions) { o.At = fixtures.At.AddDate(5, 0, 0) }},
		{name: "signature revocation waived", rule: "ACC-SIGNATURE", status: check.Warn, outcome: "waived",
			opts: func(o *access.VerifyOptions) {
				tr := w.trust
				tr.CRLs = nil
				o.ValidateCertificate = signature.ChainValidator(tr)
				o.AllowUnchecked = []check.Waiver{check.WaiveRevocation}
			}},

		{name: "signer registrar", rule: "ACC-SIGNER-REGISTRAR", status: check.Pass},
		{name: "signer without certificate", rule: "ACC-SIGNER-REGISTRAR", status: check.Fail, outcome: "no-snils",
			sig: func([]byte) []byte { return nil }},
		{name: "signer head", rule: "ACC-SIGNER-REGISTRAR", status: check.Fail,
			signer: func(s *fixtures.Set) fixtures.Credential { return s.HeadUL }},

		{name: "mchd in force", rule: "ACC-REGISTRAR-MCHD", status: check.Pass},
		{name: "mchd expired on signing", rule: "ACC-REGISTRAR-MCHD", status: check.Fail,
			content: func(c *access.Content) { c.Registrar.MCHD.ExpiryDate = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }},
		{name: "mchd not yet", rule: "ACC-REGISTRAR-MCHD", status: check.Fail,
			content: func(c *access.Content) { c.Registrar.MCHD.IssueDate = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) }},
		{name: "mchd other power", rule: "ACC-REGISTRAR-MCHD", status: check.Fail, outcome: "no-power",
			content: func(c *access.Content) { c.Registrar.MCHD.PowerCode = fixtures.OtherPowerCode }},
		{name: "mchd head", rule: "ACC-REGISTRAR-MCHD", status: check.Skip, outcome: "head",
			in:     func(in *access.Input) { in.Registration = w.head },
			opts:   func(o *access.VerifyOptions) { o.Registration = w.head },
			signer: func(s *fixtures.Set) fixtures.Credential { return s.HeadUL }},

		{name: "status active", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Pass},
		{name: "status revoked", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Fail,
			opts: func(o *access.VerifyOptions) { o.Registry = mchd.StaticStatus{w.mchdNum: mchd.StatusRevoked} }},
		{name: "status processing", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Warn, outcome: "pending",
			opts: func(o *access.VerifyOptions) { o.Registry = mchd.StaticStatus{w.mchdNum: mchd.StatusProcessing} }},
		{name: "status weird", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Indeterminate, outcome: "unknown-answer",
			opts: func(o *access.VerifyOptions) { o.Registry = mchd.StaticStatus{w.mchdNum: "weird"} }},
		{name: "status unavailable", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Indeterminate, outcome: "unavailable",
			opts: func(o *access.VerifyOptions) { o.Registry = mchd.StaticStatus{w.mchdNum: mchd.StatusUnavailable} }},
		{name: "status not checked", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Indeterminate, outcome: "not-checked",
			opts: func(o *access.VerifyOptions) { o.Registry = nil }},
		{name: "status waived", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Warn, outcome: "not-checked",
			opts: func(o *access.VerifyOptions) {
				o.Registry = nil
				o.AllowUnchecked = []check.Waiver{check.WaiveRegistry}
			}},
		{name: "status head", rule: "ACC-REGISTRAR-MCHD-STATUS", status: check.Skip, outcome: "head",
			in:     func(in *access.Input) { in.Registration = w.head },
			opts:   func(o *access.VerifyOptions) { o.Registration = w.head },
			signer: func(s *fixtures.Set) fixtures.Credential { return s.HeadUL }},
	}
	seen := map[string]map[check.Status]bool{}
	for _, c := range cases {
		if seen[c.rule] == nil {
			seen[c.rule] = map[check.Status]bool{}
		}
		seen[c.rule][c.status] = true
	}
	for _, r := range access.Rules() {
		if !seen[r.ID][check.Pass] || !seen[r.ID][r.Severity] && !seen[r.ID][check.Fail] {
			t.Errorf("%s: no pass or no failure case", r.ID)
		}
		for _, o := range r.Outcomes {
			found := false
			for _, c := range cases {
				found = found || c.rule == r.ID && c.outcome == o.Code
			}
			if !found {
				t.Errorf("%s: outcome %s has no case", r.ID, o.Code)
			}
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := w.grantInput("")
			if c.in != nil {
				c.in(&in)
			}
			r, err := access.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			if c.content != nil {
				c.content(&r.Content)
			}
			if err := r.Save(); err != nil {
				t.Fatal(err)
			}
			data, err := r.ExportForSigning()
			if err != nil {
				t.Fatal(err)
			}
			signer := w.set.EmployeeFL
			if c.signer != nil {
				signer = c.signer(w.set)
			}
			sig := sign(t, data, signer)
			if c.sig != nil {
				sig = c.sig(sig)
				if sig == nil { // the signer's certificate left out
					var err error
					if sig, err = signature.Sign(data, signer.Cert, signer.Key, signature.SignOptions{
						Time: fixtures.At.Add(-time.Hour), OmitCertificate: true}); err != nil {
						t.Fatal(err)
					}
				}
			}
			stored := data
			if c.stored != nil {
				stored = c.stored(data)
			}
			opts := w.options(&access.Memory{})
			if c.opts != nil {
				c.opts(&opts)
			}
			res := access.Verify(context.Background(), access.Received{Stored: stored, Signature: sig}, opts)
			got, ok := res.Checks.Find(c.rule)
			if !ok {
				t.Fatalf("%s not reported: %v", c.rule, res.Checks)
			}
			if got.Status != c.status || got.Outcome != c.outcome {
				t.Fatalf("%s = %s/%q, want %s/%q: %s (%s)", c.rule, got.Status, got.Outcome, c.status, c.outcome, got.Message, got.Detail)
			}
			if strings.Contains(got.Message, "%!") {
				t.Errorf("message badly formatted: %s", got.Message)
			}
			wantDoc := check.DocAccessRequest
			if strings.HasPrefix(c.rule, "ACC-SIGN") || strings.HasPrefix(c.rule, "ACC-REGISTRAR-") {
				wantDoc = check.DocAccessRequestSignature
			}
			if got.Scope.Document != wantDoc {
				t.Errorf("scope %v, want document %s", got.Scope, wantDoc)
			}
			if c.status == check.Pass && c.name == "xml ok" && res.Indication != check.IndicationPassed {
				t.Errorf("the good request is %s: %v", res.Indication, res.Checks.With(check.Fail))
			}
			if (res.Indication == check.IndicationPassed) != (res.Request != nil && res.Request.Lifecycle.State == application.StateSigned) {
				t.Errorf("indication %s but request state %v", res.Indication, res.Request)
			}
			if msg := res.Russian(); msg == "" {
				t.Error("no Russian verdict")
			}
		})
	}
}

// TestLifecycleAndRegister: a grant and its revocation go through the
// whole lifecycle, the register changes only on approval, and a duplicate
// approval is refused by the register even when it passed the checks.
func TestLifecycleAndRegister(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	ctx := context.Background()
	reg := &access.Memory{}
	in := w.grantInput("2c2c2c2c-0000-4000-8000-000000000001")
	r := build(t, in)
	if err := reg.Apply(ctx, r); !errors.Is(err, access.ErrNotAccepted) {
		t.Fatalf("Apply of a saved request = %v, want ErrNotAccepted", err)
	}
	if err := r.Submit(); !errors.Is(err, application.ErrInvalidTransition) {
		t.Fatalf("Submit unsigned = %v", err)
	}
	data, _ := r.ExportForSigning()
	if _, err := r.AttachSignature(ctx, sign(t, data, w.set.HeadUL), w.options(reg)); !errors.Is(err, access.ErrSignatureRejected) {
		t.Fatalf("signed by the head: %v", err)
	}
	if r.Lifecycle.State != application.StateSaved {
		t.Fatalf("state %v after a rejected signature", r.Lifecycle.State)
	}
	if _, err := r.AttachSignature(ctx, sign(t, data, w.set.EmployeeFL), w.options(nil)); !errors.Is(err, access.ErrSignatureUndecided) {
		t.Fatalf("without a register: %v", err)
	}
	if _, err := r.AttachSignature(ctx, sign(t, data, w.set.EmployeeFL), w.options(reg)); err != nil {
		t.Fatal(err)
	}
	// A second, identical grant passes its checks while the first is
	// pending, then the register refuses it at approval.
	dup := build(t, w.grantInput("2c2c2c2c-0000-4000-8000-000000000002"))
	d2, _ := dup.ExportForSigning()
	if _, err := dup.AttachSignature(ctx, sign(t, d2, w.set.EmployeeFL), w.options(reg)); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*access.Request{r, dup} {
		if err := x.Submit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Approve(ctx, reg); err != nil {
		t.Fatal(err)
	}
	if err := dup.Approve(ctx, reg); !errors.Is(err, access.ErrDuplicateGrant) {
		t.Fatalf("duplicate approval = %v", err)
	}
	if dup.Lifecycle.State != application.StateSubmitted {
		t.Fatalf("refused approval left state %v", dup.Lifecycle.State)
	}
	if err := dup.Reject("повторный доступ"); err != nil {
		t.Fatal(err)
	}
	gs, _ := reg.Grants(ctx, w.set.OrgA.OGRN, w.operator.SNILS)
	if len(gs) != 1 || gs[0].ID != r.ID || !gs[0].Active(fixtures.At) {
		t.Fatalf("register after approval: %+v", gs)
	}
	if due, err := r.Deadline(application.RussianCalendar()); err != nil || !due.After(fixtures.At) {
		t.Fatalf("deadline %v, %v", due, err)
	}
	if _, res, ok := r.ReviewDeadlineCheck(time.Time{}, application.RussianCalendar()); !ok || res.Status != check.Pass {
		t.Fatalf("review deadline: %v", res)
	}
	// Revocation.
	rin := w.grantInput("2c2c2c2c-0000-4000-8000-000000000003")
	rin.Action, rin.Revokes = access.ActionRevoke, r.ID
	rin.ValidFrom = fixtures.At.Add(48 * time.Hour)
	rv := granted(t, w, reg, rin)
	g, err := reg.Grant(ctx, r.ID)
	if err != nil || g.RevokedBy != rv.ID || g.Active(rin.ValidFrom) || !g.Active(fixtures.At) {
		t.Fatalf("grant after revocation: %+v, %v", g, err)
	}
	if _, err := reg.Grant(ctx, "2c2c2c2c-0000-4000-8000-000000000099"); !errors.Is(err, access.ErrGrantNotFound) {
		t.Fatalf("unknown grant: %v", err)
	}
}

func TestEditDelete(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	r := build(t, w.grantInput(""))
	f := access.Fields{Email: "new@example.test", Position: "Оператор  ЭВМ", Subsystems: []string{"SKL"}, ValidFrom: fixtures.At}
	if err := r.Edit(f, nil); err != nil {
		t.Fatal(err)
	}
	if r.Lifecycle.State != application.StateDraft || r.Employee.Position != "Оператор ЭВМ" || r.Subsystems[0].Name != "Санаторно-курортное лечение" {
		t.Fatalf("after edit: %v %+v", r.Lifecycle.State, r.Content)
	}
	if _, err := r.ExportForSigning(); !errors.Is(err, access.ErrNotSaved) {
		t.Fatalf("export of a draft: %v", err)
	}
	f.Subsystems = []string{"NOPE"}
	var ie *access.InputError
	if err := r.Edit(f, nil); !errors.As(err, &ie) || len(ie.Results) != 1 || ie.Results[0].ID != "ACC-SUBSYSTEMS" {
		t.Fatalf("edit with an unknown subsystem: %v", err)
	}
	if err := r.Delete(); err != nil || r.Lifecycle.State != application.StateDeleted {
		t.Fatal(err)
	}
	if err := r.Edit(f, nil); !errors.Is(err, application.ErrInvalidTransition) {
		t.Fatalf("edit after delete: %v", err)
	}
}

func TestBuildRefuses(t *testing.T) {
	t.Parallel()
	w := getWorld(t)
	draft := *w.rep
	draft.Lifecycle = application.Lifecycle{State: application.StateSubmitted}
	for _, c := range []struct {
		name string
		mod  func(*access.Input)
		want error
		rule string
	}{
		{"not approved", func(in *access.Input) { in.Registration = &draft }, access.ErrNotApproved, ""},
		{"no registration", func(in *access.Input) { in.Registration = nil }, access.ErrNotApproved, ""},
		{"registrar power", func(in *access.Input) { in.Power = application.PowerCode }, access.ErrInvalidInput, "ACC-POWER"},
		{"bad snils", func(in *access.Input) { in.Employee.SNILS = "123-456-789 00" }, access.ErrInvalidInput, "ACC-EMPLOYEE-SNILS"},
		{"unknown subsystem", func(in *access.Input) { in.Subsystems = []string{"FRMR", "X1"} }, access.ErrInvalidInput, "ACC-SUBSYSTEMS"},
		{"no subsystems", func(in *access.Input) { in.Subsystems = nil }, access.ErrInvalidInput, "ACC-SUBSYSTEMS"},
		{"bad email", func(in *access.Input) { in.Employee.Email = "нет" }, access.ErrInvalidInput, ""},
		{"revoke without grant", func(in *access.Input) { in.Action = access.ActionRevoke }, access.ErrInvalidInput, ""},
		{"grant that revokes", func(in *access.Input) { in.Revokes = "2c2c2c2c-0000-4000-8000-000000000001" }, access.ErrInvalidInput, ""},
		{"ends before it starts", func(in *access.Input) { in.ValidTo = fixtures.At.Add(-48 * time.Hour) }, access.ErrInvalidInput, ""},
		{"no action", func(in *access.Input) { in.Action = 0 }, access.ErrInvalidInput, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := w.grantInput("")
			c.mod(&in)
			_, err := access.Build(in)
			if !errors.Is(err, c.want) {
				t.Fatalf("Build = %v, want %v", err, c.want)
			}
			var ie *access.InputError
			if c.rule != "" && (!errors.As(err, &ie) || len(ie.Results) == 0 || ie.Results[0].ID != c.rule) {
				t.Fatalf("Build = %v, want a failed %s", err, c.rule)
			}
		})
	}
}
