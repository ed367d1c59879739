// Package registertest checks that an implementation of access.Register
// keeps the contract of that interface: the same suite runs against
// access.Memory and the SQLite register of store/sqlite, and against any
// register a deployment writes. It is test support, not part of the
// library's API.
package registertest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

// At is the date the suite's requests start on.
var At = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Registration returns an approved, synthetic registration application of
// the head variant (identifiers from the ident generators).
func Registration() *application.Application {
	app, err := application.Build(application.Input{
		ID:      "9e9e9e9e-0000-4000-8000-000000000001",
		Variant: application.VariantHead,
		Applicant: application.Applicant{Surname: "Регистраторова", GivenName: "Римма", Patronymic: "Петровна",
			SNILS: must(ident.CompleteSNILS("184729361")).Digits(), Email: "registrar@example.test", Phone: "+79160000002",
			Level: application.LevelConfirmed},
		Organisation: application.Organisation{Name: "ООО «Синтетика-Мед»", INN: must(ident.CompleteINN10("990000001")).String(),
			OGRN: must(ident.CompleteOGRN("199990000001")).String()},
		Fields: application.Fields{RegionCode: "77", Position: "Главный врач"},
		Documents: application.Documents{Certificate: application.CertificateFacts{
			SerialNumber: "01A2", Subject: "CN=ООО «Синтетика-Мед»", Issuer: "CN=Тестовый УЦ",
			NotBefore: At.AddDate(-1, 0, 0), NotAfter: At.AddDate(1, 0, 0),
			FingerprintSHA1: "0123456789ABCDEF0123456789ABCDEF01234567"}},
		Report: application.ReportSummary{Verdict: check.Pass, CheckedAt: At.AddDate(0, 0, -7)},
		Now:    func() time.Time { return At.AddDate(0, 0, -7) },
	})
	if err != nil {
		panic(err)
	}
	app.Lifecycle = application.Lifecycle{State: application.StateApproved}
	return app
}

// Employee returns synthetic employee n (1, 2, …).
func Employee(n int) access.Employee {
	return access.Employee{Surname: "Операторов", GivenName: fmt.Sprintf("Олег%d", n), SNILS: must(ident.CompleteSNILS(fmt.Sprintf("2%08d", n))).Digits(),
		Email: fmt.Sprintf("op%d@example.test", n), Position: "Оператор"}
}

// ID returns the n-th request ID of the suite.
func ID(n int) string { return fmt.Sprintf("5a5a5a5a-0000-4000-8000-%012d", n) }

// Approved builds a request and moves it to approved without a signature
// (the signing is tested elsewhere): only Register.Apply is under test.
// revokes is empty for a grant.
func Approved(t testing.TB, id string, e access.Employee, subsystems []string, from time.Time, revokes string) *access.Request {
	t.Helper()
	in := access.Input{ID: id, Action: access.ActionGrant, Registration: Registration(), Employee: e, Subsystems: subsystems,
		ValidFrom: from, Now: func() time.Time { return At }}
	if revokes != "" {
		in.Action, in.Revokes = access.ActionRevoke, revokes
	}
	r, err := access.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	r.Lifecycle = application.Lifecycle{State: application.StateApproved, History: []application.Transition{
		{From: application.StateSubmitted, To: application.StateApproved, At: At, Action: "approve"}}}
	return r
}

// Run runs the contract suite; open returns a new, empty register for
// each subtest.
func Run(t *testing.T, open func(t *testing.T) access.Register) {
	ctx := context.Background()
	org := access.OrganisationKey(Registration().Organisation)
	t.Run("only accepted requests", func(t *testing.T) {
		t.Parallel()
		reg := open(t)
		r := Approved(t, ID(1), Employee(1), []string{"FRMR"}, At, "")
		for _, st := range []application.State{application.StateDraft, application.StateSaved, application.StateSigned,
			application.StateSubmitted, application.StateRejected, application.StateDeleted} {
			r.Lifecycle.State = st
			if err := reg.Apply(ctx, r); !errors.Is(err, access.ErrNotAccepted) {
				t.Fatalf("Apply in state %s = %v, want ErrNotAccepted", st, err)
			}
		}
		if gs, err := reg.Grants(ctx, org, Employee(1).SNILS); err != nil || len(gs) != 0 {
			t.Fatalf("register changed by unaccepted requests: %v, %v", gs, err)
		}
	})
	t.Run("grant, duplicate, revoke", func(t *testing.T) {
		t.Parallel()
		reg := open(t)
		e := Employee(2)
		if err := reg.Apply(ctx, Approved(t, ID(1), e, []string{"REMD", "FRMR"}, At, "")); err != nil {
			t.Fatal(err)
		}
		g, err := reg.Grant(ctx, ID(1))
		if err != nil || g.Organisation != org || g.EmployeeSNILS != e.SNILS || g.Power != access.PowerOperator ||
			fmt.Sprint(g.Subsystems) != "[FRMR REMD]" || !g.ValidFrom.Equal(At.Truncate(24*time.Hour)) || !g.GrantedAt.Equal(At) ||
			g.Employee != e || !g.Active(At) {
			t.Fatalf("Grant = %+v, %v", g, err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(2), e, []string{"REMD"}, At, "")); !errors.Is(err, access.ErrDuplicateGrant) {
			t.Fatalf("duplicate = %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(1), e, []string{"IEMK"}, At, "")); !errors.Is(err, access.ErrConflict) {
			t.Fatalf("same ID again = %v", err)
		}
		// The same approved request again (an approval retried after the
		// request record failed to store) is already recorded: nil, and
		// nothing changes.
		if err := reg.Apply(ctx, Approved(t, ID(1), e, []string{"REMD", "FRMR"}, At, "")); err != nil {
			t.Fatalf("the same grant applied again = %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(3), e, []string{"IEMK"}, At, "")); err != nil {
			t.Fatalf("other subsystem: %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(4), Employee(3), []string{"FRMR"}, At, "")); err != nil {
			t.Fatalf("other employee: %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(5), e, []string{"FRMR"}, At, ID(1))); !errors.Is(err, access.ErrConflict) {
			t.Fatalf("revocation of other subsystems = %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(5), e, []string{"FRMR"}, At, ID(99))); !errors.Is(err, access.ErrGrantNotFound) {
			t.Fatalf("revocation of an unknown grant = %v", err)
		}
		later := At.AddDate(0, 0, 10)
		if err := reg.Apply(ctx, Approved(t, ID(5), e, []string{"FRMR", "REMD"}, later, ID(1))); err != nil {
			t.Fatal(err)
		}
		g, err = reg.Grant(ctx, ID(1))
		if err != nil || g.RevokedBy != ID(5) || !g.RevokedAt.Equal(At) || !g.Active(At) || g.Active(later) {
			t.Fatalf("revoked grant = %+v, %v", g, err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(5), e, []string{"FRMR", "REMD"}, later, ID(1))); err != nil {
			t.Fatalf("the same revocation applied again = %v", err)
		}
		if again, err := reg.Grant(ctx, ID(1)); err != nil || again.RevokedBy != ID(5) || !again.RevokedAt.Equal(g.RevokedAt) {
			t.Fatalf("grant after the revocation applied again = %+v, %v", again, err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(6), e, []string{"FRMR", "REMD"}, later, ID(1))); !errors.Is(err, access.ErrGrantNotActive) {
			t.Fatalf("second revocation = %v", err)
		}
		if err := reg.Apply(ctx, Approved(t, ID(7), e, []string{"REMD"}, later, "")); err != nil {
			t.Fatalf("grant after revocation: %v", err)
		}
		gs, err := reg.Grants(ctx, org, e.SNILS)
		if err != nil || len(gs) != 3 || gs[0].ID != ID(1) || gs[1].ID != ID(3) || gs[2].ID != ID(7) {
			t.Fatalf("Grants = %+v, %v", gs, err)
		}
		all, err := reg.OrganisationGrants(ctx, org)
		if err != nil || len(all) != 4 || all[0].ID != ID(1) || all[1].ID != ID(3) || all[2].ID != ID(4) || all[3].ID != ID(7) ||
			all[0].RevokedBy != ID(5) || all[2].EmployeeSNILS != Employee(3).SNILS {
			t.Fatalf("OrganisationGrants = %+v, %v", all, err)
		}
		if other, err := reg.OrganisationGrants(ctx, "1027700132195"); err != nil || len(other) != 0 {
			t.Fatalf("OrganisationGrants of another organisation = %+v, %v", other, err)
		}
		if _, err := reg.Grant(ctx, ID(42)); !errors.Is(err, access.ErrGrantNotFound) {
			t.Fatalf("unknown grant = %v", err)
		}
	})
	t.Run("concurrent duplicates", func(t *testing.T) {
		t.Parallel()
		reg := open(t)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			r := Approved(t, ID(100+i), Employee(9), []string{"NSI"}, At, "")
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = reg.Apply(ctx, r)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, access.ErrDuplicateGrant):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d concurrent duplicate grants applied, want 1", ok, n)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		reg := open(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		if err := reg.Apply(c, Approved(t, ID(1), Employee(1), []string{"FRMR"}, At, "")); err == nil {
			t.Fatal("Apply with a cancelled context succeeded")
		}
		if _, err := reg.Grants(ctx, org, Employee(1).SNILS); err != nil {
			t.Fatal(err)
		}
	})
}
