package storetest

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/store"
)

// OpenAccess makes a new, empty store of access requests for one subtest;
// the caller's cleanup closes what it opened.
type OpenAccess func(t *testing.T, now func() time.Time) store.AccessStore

// AccessRequest returns a synthetic draft grant of employee n under the
// registration of registertest.Registration, built at the clock's time.
func AccessRequest(tb testing.TB, id string, n int, now func() time.Time) *access.Request {
	tb.Helper()
	r, err := access.Build(access.Input{ID: id, Action: access.ActionGrant, Registration: registertest.Registration(),
		Employee: registertest.Employee(n), Subsystems: []string{"REMD", "FRMR"}, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// RunAccess checks the contract of store.AccessStore on stores made by
// open: a record read back is the one written (content, lifecycle,
// signature), never an alias; the errors; versions; deletion; the list of
// a registration; concurrent updates of one version.
func RunAccess(t *testing.T, open OpenAccess) {
	ctx := context.Background()
	setup := func(t *testing.T) (store.AccessStore, *Clock) {
		c := NewClock(base)
		return open(t, c.Now), c
	}
	sameAccess := func(t *testing.T, got, want *store.AccessRecord) {
		t.Helper()
		if got.Owner != want.Owner || got.Version != want.Version || !got.Updated.Equal(want.Updated) {
			t.Fatalf("record: owner %q version %d updated %v, want %q %d %v",
				got.Owner, got.Version, got.Updated, want.Owner, want.Version, want.Updated)
		}
		g, w := got.Request, want.Request
		if !g.Equal(w) || g.Lifecycle.State != w.Lifecycle.State || len(g.Lifecycle.History) != len(w.Lifecycle.History) ||
			!bytes.Equal(g.Signature, w.Signature) {
			t.Fatalf("request read back differs: %+v, want %+v", g.Lifecycle, w.Lifecycle)
		}
		for i, tr := range g.Lifecycle.History {
			if wt := w.Lifecycle.History[i]; tr.From != wt.From || tr.To != wt.To || !tr.At.Equal(wt.At) || tr.Action != wt.Action || tr.Note != wt.Note {
				t.Fatalf("transition %d: %+v, want %+v", i, tr, wt)
			}
		}
	}
	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		r := &store.AccessRecord{Owner: "esia-1", Request: AccessRequest(t, id(1), 1, c.Now)}
		if err := s.Create(ctx, r); err != nil || r.Version != 1 || !r.Updated.Equal(base) {
			t.Fatalf("Create: %v, version %d, updated %v", err, r.Version, r.Updated)
		}
		got, err := s.Get(ctx, id(1))
		if err != nil {
			t.Fatal(err)
		}
		sameAccess(t, got, r)
		// A signed, submitted and rejected request keeps its history,
		// note and signature.
		q := r.Request
		q.SetClock(c.Now)
		if err := q.Save(); err != nil {
			t.Fatal(err)
		}
		q.Lifecycle.State = application.StateSigned
		q.Signature = []byte{0x30, 0x03, 1, 2, 3}
		c.Advance(time.Hour)
		if err := q.Submit(); err != nil {
			t.Fatal(err)
		}
		if err := q.Reject("не тот сотрудник"); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, r); err != nil || r.Version != 2 || !r.Updated.Equal(base.Add(time.Hour)) {
			t.Fatalf("Update: %v, version %d, updated %v", err, r.Version, r.Updated)
		}
		got, err = s.Get(ctx, id(1))
		if err != nil {
			t.Fatal(err)
		}
		sameAccess(t, got, r)
		// No aliasing: changing what was written or read changes nothing
		// stored.
		r.Request.Signature[0] = 0
		got.Request.Lifecycle.History[0].Note = "changed"
		again, err := s.Get(ctx, id(1))
		if err != nil || again.Request.Signature[0] != 0x30 || again.Request.Lifecycle.History[0].Note != "" {
			t.Fatalf("the stored record changed through an alias: %v", err)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		r := &store.AccessRecord{Owner: "esia-1", Request: AccessRequest(t, id(1), 1, c.Now)}
		for _, tc := range []struct {
			name string
			err  error
			want error
		}{
			{"no request", s.Create(ctx, &store.AccessRecord{Owner: "x"}), store.ErrInvalid},
			{"no owner", s.Create(ctx, &store.AccessRecord{Request: r.Request}), store.ErrInvalid},
			{"update unknown", s.Update(ctx, &store.AccessRecord{Owner: "x", Request: AccessRequest(t, id(9), 1, c.Now)}), store.ErrNotFound},
			{"delete unknown", s.Delete(ctx, id(9)), store.ErrNotFound},
		} {
			if !errors.Is(tc.err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
			}
		}
		if _, err := s.Get(ctx, id(9)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get unknown: %v", err)
		}
		if err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, &store.AccessRecord{Owner: "esia-2", Request: AccessRequest(t, id(1), 2, c.Now)}); !errors.Is(err, store.ErrExists) {
			t.Errorf("Create of a taken ID: %v", err)
		}
		stale := *r
		if err := s.Update(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(ctx, &stale); !errors.Is(err, store.ErrConflict) {
			t.Errorf("Update of a stale version: %v", err)
		}
		c2, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Get(c2, id(1)); err == nil {
			t.Error("Get with a cancelled context succeeded")
		}
	})
	t.Run("DeleteAndList", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		reg := registertest.Registration().ID
		for n := 1; n <= 3; n++ {
			c.Advance(time.Minute)
			if err := s.Create(ctx, &store.AccessRecord{Owner: "esia-1", Request: AccessRequest(t, id(n), n, c.Now)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Delete(ctx, id(2)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, id(2)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted record: %v", err)
		}
		l, err := s.List(ctx, reg)
		if err != nil || len(l) != 2 || l[0].ID != id(3) || l[1].ID != id(1) {
			t.Fatalf("List = %+v, %v", l, err)
		}
		e := registertest.Employee(3)
		if x := l[0]; x.Registration != reg || x.Action != access.ActionGrant || x.State != application.StateDraft ||
			x.Employee != e.FullName() || x.SNILS != e.SNILS || x.Owner != "esia-1" || x.Version != 1 || !x.Updated.Equal(base.Add(3*time.Minute)) {
			t.Fatalf("summary %+v", x)
		}
		if l, err := s.List(ctx, id(42)); err != nil || len(l) != 0 {
			t.Fatalf("List of another registration = %+v, %v", l, err)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		s, c := setup(t)
		r := &store.AccessRecord{Owner: "esia-1", Request: AccessRequest(t, id(1), 1, c.Now)}
		if err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			cp := *r
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.Update(ctx, &cp)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrConflict):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d updates of one version succeeded, want 1", ok, n)
		}
	})
}
