// Package storetest checks that an implementation of store.Store keeps
// the contract of that interface: the same suite runs against the memory
// store and the SQLite store, and against any store a deployment writes.
// It is test support, not part of the library's API for checking uploads.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/store"
)

// Clock is a settable clock for stores and applications under test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Application returns a synthetic head-variant draft with the given ID
// (a lower-case UUID), built by application.Build with the clock's time.
func Application(tb testing.TB, id string, now func() time.Time) *application.Application {
	tb.Helper()
	app, err := application.Build(application.Input{
		ID:      id,
		Variant: application.VariantHead,
		Applicant: application.Applicant{Surname: "Тестова", GivenName: "Алёна", Patronymic: "Петровна",
			SNILS: "112-233-445 95", Email: "alena@example.test", Phone: "8 916 123-45-67", Level: application.LevelConfirmed},
		Organisation: application.Organisation{Name: "ООО «Тест-Медицина»", INN: "7707083893", OGRN: "1027700132195"},
		Fields:       application.Fields{RegionCode: "77", Position: "Главный врач"},
		Documents: application.Documents{Certificate: application.CertificateFacts{
			SerialNumber: "01A2", Subject: "CN=ООО «Тест-Медицина»", Issuer: "CN=Тестовый УЦ",
			NotBefore: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC),
			FingerprintSHA1: "0123456789ABCDEF0123456789ABCDEF01234567"}},
		Report: application.ReportSummary{Verdict: check.Pass, CheckedAt: now()},
		Now:    now,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return app
}

// Open makes a new, empty store for one subtest; the suite closes it.
type Open func(t *testing.T, now func() time.Time) store.Store

// Run checks the store contract on stores made by open.
func Run(t *testing.T, open Open) {
	t.Run("RoundTrip", func(t *testing.T) { t.Parallel(); roundTrip(t, open) })
	t.Run("NoAliasing", func(t *testing.T) { t.Parallel(); noAliasing(t, open) })
	t.Run("Errors", func(t *testing.T) { t.Parallel(); errorsOf(t, open) })
	t.Run("Versions", func(t *testing.T) { t.Parallel(); versions(t, open) })
	t.Run("Delete", func(t *testing.T) { t.Parallel(); deleteRecord(t, open) })
	t.Run("List", func(t *testing.T) { t.Parallel(); list(t, open) })
	t.Run("Concurrent", func(t *testing.T) { t.Parallel(); concurrent(t, open) })
	t.Run("Closed", func(t *testing.T) { t.Parallel(); closed(t, open) })
}

var base = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func id(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func setup(t *testing.T, open Open) (store.Store, *Clock) {
	c := NewClock(base)
	s := open(t, c.Now)
	t.Cleanup(func() { _ = s.Close() })
	return s, c
}

func files() store.Files {
	return store.Files{Certificate: []byte{0x30, 0x82, 1, 2}, MCHD: []byte("<Доверенность/>"), MCHDSignature: []byte{0x30, 0, 0xFF}}
}

// same fails unless got is want read back.
func same(t *testing.T, got, want *store.Record) {
	t.Helper()
	if got.Owner != want.Owner || got.Version != want.Version || !got.Updated.Equal(want.Updated) {
		t.Fatalf("record: owner %q version %d updated %v, want %q %d %v",
			got.Owner, got.Version, got.Updated, want.Owner, want.Version, want.Updated)
	}
	if !got.Application.Equal(want.Application) {
		t.Fatal("application content differs")
	}
	gl, wl := got.Application.Lifecycle, want.Application.Lifecycle
	if gl.State != wl.State || len(gl.History) != len(wl.History) {
		t.Fatalf("lifecycle %+v, want %+v", gl, wl)
	}
	for i := range gl.History {
		g, w := gl.History[i], wl.History[i]
		if g.From != w.From || g.To != w.To || !g.At.Equal(w.At) || g.Action != w.Action || g.Note != w.Note {
			t.Fatalf("transition %d: %+v, want %+v", i, g, w)
		}
	}
	if !bytes.Equal(got.Application.Signature, want.Application.Signature) {
		t.Fatal("signature differs")
	}
	if !bytes.Equal(got.Files.Certificate, want.Files.Certificate) || !bytes.Equal(got.Files.MCHD, want.Files.MCHD) ||
		!bytes.Equal(got.Files.MCHDSignature, want.Files.MCHDSignature) {
		t.Fatal("files differ")
	}
}

func roundTrip(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	app := Application(t, id(1), c.Now)
	r := &store.Record{Owner: "esia-1000001", Application: app, Files: files()}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || !r.Updated.Equal(base) {
		t.Fatalf("after Create: version %d updated %v", r.Version, r.Updated)
	}
	got, err := s.Get(ctx, id(1))
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, r)

	// Through the lifecycle, each state read back: saved; signed (the
	// transition recorded as application.AttachSignature records it, with
	// bytes that need not verify here); submitted; rejected with a note.
	steps := []func() error{
		func() error { _, err := app.Save(); return err },
		func() error {
			app.Signature = []byte{0x30, 0x80, 0, 0}
			app.Lifecycle.History = append(app.Lifecycle.History, application.Transition{
				From: application.StateSaved, To: application.StateSigned, At: c.Now(), Action: "sign"})
			app.Lifecycle.State = application.StateSigned
			return nil
		},
		app.Submit,
		func() error { return app.Reject("нет полномочия «Регистратор»") },
	}
	for i, step := range steps {
		c.Advance(time.Minute)
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if err := s.Update(ctx, r); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		got, err := s.Get(ctx, id(1))
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, r)
	}
	if r.Application.Lifecycle.State != application.StateRejected || len(r.Application.Lifecycle.History) != 4 {
		t.Fatalf("lifecycle after the steps: %+v", r.Application.Lifecycle)
	}
}

func noAliasing(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	r := &store.Record{Owner: "esia-1", Application: Application(t, id(2), c.Now), Files: files()}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	r.Files.Certificate[0] = 0
	r.Application.Fields.Position = "Изменено после записи"
	got, err := s.Get(ctx, id(2))
	if err != nil {
		t.Fatal(err)
	}
	if got.Files.Certificate[0] != 0x30 || got.Application.Fields.Position != "Главный врач" {
		t.Fatal("the store shares memory with the record written")
	}
	got.Files.MCHD[0] = 'x'
	again, err := s.Get(ctx, id(2))
	if err != nil {
		t.Fatal(err)
	}
	if again.Files.MCHD[0] != '<' {
		t.Fatal("the store shares memory with a record read")
	}
}

func errorsOf(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	app := Application(t, id(3), c.Now)
	for _, bad := range []*store.Record{nil, {Owner: "esia-1"}, {Application: app}} {
		if err := s.Create(ctx, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Create(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := s.Get(ctx, id(3)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of a missing record = %v", err)
	}
	if err := s.Update(ctx, &store.Record{Owner: "esia-1", Application: app, Version: 1}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Update of a missing record = %v", err)
	}
	if err := s.Delete(ctx, id(3)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Delete of a missing record = %v", err)
	}
	r := &store.Record{Owner: "esia-1", Application: app}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, &store.Record{Owner: "esia-2", Application: app}); !errors.Is(err, store.ErrExists) {
		t.Errorf("second Create = %v, want ErrExists", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Get(cancelled, id(3)); err == nil {
		t.Error("Get with a cancelled context succeeded")
	}
}

func versions(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	r := &store.Record{Owner: "esia-1", Application: Application(t, id(4), c.Now)}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	stale, err := s.Get(ctx, id(4))
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Second)
	r.Application.Fields.Position = "Директор"
	if err := s.Update(ctx, r); err != nil || r.Version != 2 || !r.Updated.Equal(c.Now()) {
		t.Fatalf("Update: %v, version %d, updated %v", err, r.Version, r.Updated)
	}
	stale.Application.Fields.Position = "Заведующий"
	if err := s.Update(ctx, stale); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("Update of a stale record = %v, want ErrConflict", err)
	}
	got, err := s.Get(ctx, id(4))
	if err != nil {
		t.Fatal(err)
	}
	if got.Application.Fields.Position != "Директор" || got.Version != 2 {
		t.Fatalf("stale update changed the record: %q version %d", got.Application.Fields.Position, got.Version)
	}
}

func deleteRecord(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	r := &store.Record{Owner: "esia-1", Application: Application(t, id(5), c.Now), Files: files()}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, id(5)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, id(5)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
	if l, err := s.List(ctx, "esia-1"); err != nil || len(l) != 0 {
		t.Fatalf("List after Delete = %v, %v", l, err)
	}
	// The ID may be used again.
	r.Version = 0
	if err := s.Create(ctx, r); err != nil {
		t.Fatalf("Create after Delete: %v", err)
	}
}

func list(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	for i, owner := range []string{"esia-a", "esia-b", "esia-a", "esia-a"} {
		c.Advance(time.Minute)
		if err := s.Create(ctx, &store.Record{Owner: owner, Application: Application(t, id(10+i), c.Now)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.List(ctx, "esia-a")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{id(13), id(12), id(10)}
	if len(got) != len(want) {
		t.Fatalf("List = %d summaries, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w || g.Owner != "esia-a" || g.Variant != application.VariantHead || g.State != application.StateDraft ||
			g.Organisation == "" || g.Version != 1 {
			t.Errorf("summary %d = %+v, want ID %s", i, g, w)
		}
	}
	if l, err := s.List(ctx, "esia-nobody"); err != nil || len(l) != 0 {
		t.Fatalf("List of an unknown owner = %v, %v", l, err)
	}
}

func concurrent(t *testing.T, open Open) {
	s, c := setup(t, open)
	ctx := context.Background()
	r := &store.Record{Owner: "esia-1", Application: Application(t, id(6), c.Now)}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine, err := s.Get(ctx, id(6))
			if err != nil {
				t.Error(err)
				return
			}
			mine.Version = 1 // all writers read version 1
			mine.Application.Fields.Position = fmt.Sprintf("Должность %d", i)
			err = s.Update(ctx, mine)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 || conflicts != n-1 {
		t.Fatalf("%d updates of version 1 won, %d conflicted; want 1 and %d", wins, conflicts, n-1)
	}
}

func closed(t *testing.T, open Open) {
	s, c := setup(t, open)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Get(ctx, id(7)); err == nil {
		t.Error("Get after Close succeeded")
	}
	if err := s.Create(ctx, &store.Record{Owner: "esia-1", Application: Application(t, id(7), c.Now)}); err == nil {
		t.Error("Create after Close succeeded")
	}
}
