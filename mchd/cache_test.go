package mchd_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
)

// fakeClock is the injectable clock of the cache tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// scripted is an inner checker whose answers a test sets; it counts the
// questions.
type scripted struct {
	mu     sync.Mutex
	calls  int
	asked  []mchd.StatusQuery
	answer func(ctx context.Context, q mchd.StatusQuery) (mchd.StatusReport, error)
}

func (s *scripted) Status(ctx context.Context, q mchd.StatusQuery) (mchd.StatusReport, error) {
	s.mu.Lock()
	s.calls++
	s.asked = append(s.asked, q)
	f := s.answer
	s.mu.Unlock()
	return f(ctx, q)
}

func (s *scripted) set(f func(ctx context.Context, q mchd.StatusQuery) (mchd.StatusReport, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = f
}

func (s *scripted) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// always answers st, stamped by clock.
func always(clock *fakeClock, st mchd.RegistryStatus) func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
	return func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
		return mchd.StatusReport{Status: st, CheckedAt: clock.Now(), Detail: "scripted"}, nil
	}
}

func failing(err error) func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
	return func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
		return mchd.StatusReport{Status: mchd.StatusUnavailable}, err
	}
}

// eventually waits (yielding, without sleeping) until cond holds.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}

var qA = mchd.StatusQuery{Number: guidA, PrincipalINN: "7707083893", RepresentativeINN: "500100732259"}

func ask(t testing.TB, c mchd.StatusChecker, q mchd.StatusQuery) (mchd.StatusReport, error) {
	t.Helper()
	return c.Status(context.Background(), q)
}

func TestCachedStatusTTL(t *testing.T) {
	t.Parallel()
	clock := newClock()
	inner := &scripted{answer: always(clock, mchd.StatusActive)}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{TTL: 10 * time.Minute, NotFoundTTL: time.Minute, Now: clock.Now})
	first := clock.Now()
	rep, err := ask(t, c, qA)
	if err != nil || rep.Status != mchd.StatusActive || rep.Cached || inner.Calls() != 1 {
		t.Fatalf("first: %+v %v calls %d", rep, err, inner.Calls())
	}
	clock.Advance(10*time.Minute - time.Nanosecond)
	rep, err = ask(t, c, qA)
	if err != nil || rep.Status != mchd.StatusActive || !rep.Cached || !rep.CheckedAt.Equal(first) || inner.Calls() != 1 {
		t.Fatalf("hit: %+v %v calls %d", rep, err, inner.Calls())
	}
	clock.Advance(time.Nanosecond)
	inner.set(always(clock, mchd.StatusRevoked))
	rep, _ = ask(t, c, qA)
	if rep.Status != mchd.StatusRevoked || rep.Cached || inner.Calls() != 2 {
		t.Fatalf("after TTL: %+v calls %d", rep, inner.Calls())
	}

	// The key is the whole query: the number as written and both ИНН.
	for i, q := range []mchd.StatusQuery{
		{Number: strings.ToUpper(qA.Number), PrincipalINN: qA.PrincipalINN, RepresentativeINN: qA.RepresentativeINN},
		{Number: qA.Number, PrincipalINN: qA.PrincipalINN},
		{Number: qA.Number, RepresentativeINN: qA.RepresentativeINN},
	} {
		if rep, _ := ask(t, c, q); rep.Cached || inner.Calls() != 3+i {
			t.Errorf("%+v served from the entry of another query", q)
		}
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 5 || s.Entries != 4 || s.Failures != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestCachedStatusNotFoundTTL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    mchd.RegistryStatus
		opts      mchd.CacheOptions
		keptFor   time.Duration // served from cache up to this age (exclusive); 0: not kept
		defaulted bool
	}{
		{"not found", mchd.StatusNotFound, mchd.CacheOptions{TTL: time.Hour, NotFoundTTL: 30 * time.Second}, 30 * time.Second, false},
		{"active", mchd.StatusActive, mchd.CacheOptions{TTL: time.Hour, NotFoundTTL: 30 * time.Second}, time.Hour, false},
		{"suspended", mchd.StatusSuspended, mchd.CacheOptions{TTL: time.Hour, NotFoundTTL: 30 * time.Second}, time.Hour, false},
		{"default not found", mchd.StatusNotFound, mchd.CacheOptions{}, mchd.DefaultNotFoundTTL, true},
		{"default", mchd.StatusExpired, mchd.CacheOptions{}, mchd.DefaultStatusTTL, true},
		{"not found not kept", mchd.StatusNotFound, mchd.CacheOptions{NotFoundTTL: -1}, 0, false},
		{"not kept", mchd.StatusActive, mchd.CacheOptions{TTL: -1}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			inner := &scripted{answer: always(clock, tc.status)}
			tc.opts.Now = clock.Now
			c := mchd.NewCachedStatus(inner, tc.opts)
			ask(t, c, qA)
			if tc.keptFor == 0 {
				if rep, _ := ask(t, c, qA); rep.Cached || inner.Calls() != 2 || c.Stats().Entries != 0 {
					t.Fatalf("kept: %+v, %d calls", rep, inner.Calls())
				}
				return
			}
			clock.Advance(tc.keptFor - time.Millisecond)
			if rep, _ := ask(t, c, qA); !rep.Cached || rep.Status != tc.status || inner.Calls() != 1 {
				t.Fatalf("not served before %v: %+v, %d calls", tc.keptFor, rep, inner.Calls())
			}
			clock.Advance(time.Millisecond)
			if rep, _ := ask(t, c, qA); rep.Cached || inner.Calls() != 2 {
				t.Fatalf("served after %v: %+v, %d calls", tc.keptFor, rep, inner.Calls())
			}
		})
	}
}

func TestCachedStatusBackoff(t *testing.T) {
	t.Parallel()
	clock := newClock()
	down := errors.New("connection refused")
	inner := &scripted{answer: failing(down)}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{Backoff: time.Second, MaxBackoff: 8 * time.Second, Now: clock.Now})
	qB := mchd.StatusQuery{Number: guidB}

	// Each failure starts a back-off during which nobody is asked; it
	// doubles (1, 2, 4, 8 s) and stays at the cap.
	for i, pause := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		calls := inner.Calls()
		rep, err := ask(t, c, qA)
		if rep.Status != mchd.StatusUnavailable || !errors.Is(err, down) || inner.Calls() != calls+1 {
			t.Fatalf("failure %d: %+v %v, calls %d", i+1, rep, err, inner.Calls())
		}
		clock.Advance(pause - time.Millisecond)
		for _, q := range []mchd.StatusQuery{qA, qB} {
			rep, err := ask(t, c, q)
			if rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) ||
				!strings.Contains(err.Error(), "connection refused") || inner.Calls() != calls+1 {
				t.Fatalf("failure %d: asked during the back-off: %+v %v, calls %d", i+1, rep, err, inner.Calls())
			}
		}
		clock.Advance(time.Millisecond)
	}
	// A status ends the back-off; the next failure starts again at 1 s.
	inner.set(always(clock, mchd.StatusActive))
	if rep, err := ask(t, c, qA); err != nil || rep.Status != mchd.StatusActive {
		t.Fatalf("recovery: %+v %v", rep, err)
	}
	inner.set(failing(down))
	calls := inner.Calls()
	ask(t, c, qB)
	clock.Advance(time.Second)
	ask(t, c, qB)
	if inner.Calls() != calls+2 {
		t.Fatalf("back-off not reset: %d calls", inner.Calls()-calls)
	}
	s := c.Stats()
	if s.Failures != 7 || s.BackedOff != 10 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestCachedStatusOutageIsNeverStale(t *testing.T) {
	t.Parallel()
	clock := newClock()
	inner := &scripted{answer: always(clock, mchd.StatusActive)}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{TTL: time.Minute, Backoff: time.Hour, Now: clock.Now})
	qB := mchd.StatusQuery{Number: guidB}
	ask(t, c, qA)
	clock.Advance(30 * time.Second)
	ask(t, c, qB)
	inner.set(failing(errors.New("down")))
	ask(t, c, mchd.StatusQuery{Number: guidC}) // fails: back-off for an hour
	clock.Advance(40 * time.Second)
	// qB is still fresh and served during the outage; qA has expired and is
	// unavailable, not "active".
	if rep, err := ask(t, c, qB); err != nil || !rep.Cached || rep.Status != mchd.StatusActive {
		t.Errorf("fresh answer during back-off: %+v %v", rep, err)
	}
	if rep, err := ask(t, c, qA); rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) {
		t.Errorf("expired answer during back-off: %+v %v", rep, err)
	}
	if inner.Calls() != 3 {
		t.Errorf("%d calls", inner.Calls())
	}
}

func TestCachedStatusFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error)
		status mchd.RegistryStatus
		check  check.Status // what CheckStatus makes of it
	}{
		{"error", failing(errors.New("boom")), mchd.StatusUnavailable, check.Indeterminate},
		{"error with a status", func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return mchd.StatusReport{Status: mchd.StatusActive}, errors.New("partial")
		}, mchd.StatusUnavailable, check.Indeterminate},
		{"unavailable", func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return mchd.StatusReport{Status: mchd.StatusUnavailable, Detail: "maintenance"}, nil
		}, mchd.StatusUnavailable, check.Indeterminate},
		{"empty", func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return mchd.StatusReport{}, nil
		}, mchd.StatusUnavailable, check.Indeterminate},
		{"unknown", func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return mchd.StatusReport{Status: "weird"}, nil
		}, "weird", check.Indeterminate},
		{"panic", func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			panic("checker bug")
		}, mchd.StatusUnavailable, check.Indeterminate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			inner := &scripted{answer: tc.answer}
			c := mchd.NewCachedStatus(inner, mchd.CacheOptions{Now: clock.Now})
			rep, _ := ask(t, c, qA)
			if rep.Status != tc.status || rep.Cached {
				t.Errorf("report %+v", rep)
			}
			// Not kept, and the registry is left alone for the back-off.
			rep, err := ask(t, c, qA)
			if rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) || inner.Calls() != 1 {
				t.Errorf("second: %+v %v calls %d", rep, err, inner.Calls())
			}
			if s := c.Stats(); s.Failures != 1 || s.Entries != 0 {
				t.Errorf("stats %+v", s)
			}
			s := spec(23, mchd.ShapeHead)
			d := mustParse(t, build(t, s))
			if r := mchd.CheckStatus(context.Background(), c, d); r.Status != tc.check || r.SubIndication != check.TryLater {
				t.Errorf("CheckStatus: %s", r)
			}
		})
	}
}

func TestCachedStatusTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		inner func(release <-chan struct{}) func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error)
	}{
		{"honours its context", func(<-chan struct{}) func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return func(ctx context.Context, _ mchd.StatusQuery) (mchd.StatusReport, error) {
				<-ctx.Done()
				return mchd.StatusReport{Status: mchd.StatusUnavailable}, ctx.Err()
			}
		}},
		{"ignores its context", func(release <-chan struct{}) func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
			return func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
				<-release
				return mchd.StatusReport{Status: mchd.StatusActive}, nil
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			defer close(release)
			inner := &scripted{answer: tc.inner(release)}
			c := mchd.NewCachedStatus(inner, mchd.CacheOptions{Timeout: 20 * time.Millisecond})
			// The caller's own deadline is a safety net: the question must
			// have ended (a failure recorded) by the cache's Timeout.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			rep, err := c.Status(ctx, qA)
			if rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("%+v %v", rep, err)
			}
			if s := c.Stats(); s.Failures != 1 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestCachedStatusCallerLeaves(t *testing.T) {
	t.Parallel()
	clock := newClock()
	release := make(chan struct{})
	inner := &scripted{answer: func(ctx context.Context, _ mchd.StatusQuery) (mchd.StatusReport, error) {
		select {
		case <-release:
			return mchd.StatusReport{Status: mchd.StatusActive, CheckedAt: clock.Now()}, nil
		case <-ctx.Done():
			return mchd.StatusReport{Status: mchd.StatusUnavailable}, ctx.Err()
		}
	}}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{Now: clock.Now})
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		rep mchd.StatusReport
		err error
	}
	first := make(chan result, 1)
	go func() {
		rep, err := c.Status(ctx, qA)
		first <- result{rep, err}
	}()
	eventually(t, "the question to start", func() bool { return mchd.CacheWaiters(c, qA) == 1 })
	cancel()
	if r := <-first; r.rep.Status != mchd.StatusUnavailable || !errors.Is(r.err, context.Canceled) {
		t.Fatalf("cancelled caller: %+v %v", r.rep, r.err)
	}
	// A second caller joins the same question, which the first caller's
	// cancellation did not stop; its answer fills the cache.
	second := make(chan result, 1)
	go func() {
		rep, err := c.Status(context.Background(), qA)
		second <- result{rep, err}
	}()
	eventually(t, "the second caller to join", func() bool { return mchd.CacheWaiters(c, qA) == 2 })
	close(release)
	if r := <-second; r.err != nil || r.rep.Status != mchd.StatusActive {
		t.Fatalf("second caller: %+v %v", r.rep, r.err)
	}
	if rep, _ := ask(t, c, qA); !rep.Cached || inner.Calls() != 1 {
		t.Fatalf("not kept: %+v, %d calls", rep, inner.Calls())
	}
	// A caller whose context is already done starts nothing.
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if rep, err := c.Status(done, mchd.StatusQuery{Number: guidB}); rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.Canceled) || inner.Calls() != 1 {
		t.Fatalf("done context: %+v %v, %d calls", rep, err, inner.Calls())
	}
}

func TestCachedStatusHerd(t *testing.T) {
	t.Parallel()
	const herd = 50
	release := make(chan struct{})
	inner := &scripted{answer: func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
		<-release
		return mchd.StatusReport{Status: mchd.StatusRevoked}, nil
	}}
	free := sync.OnceFunc(func() { close(release) })
	t.Cleanup(free)
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{})
	var wg sync.WaitGroup
	got := make([]mchd.StatusReport, herd)
	errs := make([]error, herd)
	for i := range herd {
		wg.Go(func() { got[i], errs[i] = c.Status(context.Background(), qA) })
	}
	eventually(t, "the herd to gather", func() bool { return mchd.CacheWaiters(c, qA) == herd })
	free()
	wg.Wait()
	for i := range herd {
		if errs[i] != nil || got[i].Status != mchd.StatusRevoked {
			t.Fatalf("caller %d: %+v %v", i, got[i], errs[i])
		}
	}
	if inner.Calls() != 1 {
		t.Fatalf("%d calls for one query", inner.Calls())
	}
	if s := c.Stats(); s.Misses != 1 || s.Shared != herd-1 {
		t.Errorf("stats %+v", s)
	}
}

func TestCachedStatusBound(t *testing.T) {
	t.Parallel()
	clock := newClock()
	inner := &scripted{answer: always(clock, mchd.StatusActive)}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{MaxEntries: 3, Now: clock.Now})
	q := func(i int) mchd.StatusQuery {
		return mchd.StatusQuery{Number: fmt.Sprintf("%08d-2222-4333-8444-555555555555", i)}
	}
	for i := range 3 {
		ask(t, c, q(i))
	}
	ask(t, c, q(0)) // q(0) is now the most recent, q(1) the least
	ask(t, c, q(3)) // drops q(1)
	if s := c.Stats(); s.Entries != 3 || s.Evictions != 1 {
		t.Fatalf("stats %+v", s)
	}
	calls := inner.Calls()
	for _, i := range []int{0, 2, 3} {
		if rep, _ := ask(t, c, q(i)); !rep.Cached {
			t.Errorf("%d dropped", i)
		}
	}
	if rep, _ := ask(t, c, q(1)); rep.Cached || inner.Calls() != calls+1 {
		t.Errorf("1 kept")
	}
	// An oversized query is answered but not kept; a long Detail is cut.
	long := mchd.StatusQuery{Number: strings.Repeat("x", 300)}
	ask(t, c, long)
	if rep, _ := ask(t, c, long); rep.Cached {
		t.Error("oversized query kept")
	}
	inner.set(func(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
		return mchd.StatusReport{Status: mchd.StatusActive, Detail: strings.Repeat("d", 10000)}, nil
	})
	qd := mchd.StatusQuery{Number: guidC}
	if rep, _ := ask(t, c, qd); len(rep.Detail) != 10000 {
		t.Errorf("fresh Detail cut: %d", len(rep.Detail))
	}
	if rep, _ := ask(t, c, qd); !rep.Cached || len(rep.Detail) != 256 {
		t.Errorf("kept Detail %d bytes", len(rep.Detail))
	}
	if s := c.Stats(); s.Entries != 3 {
		t.Errorf("entries %d", s.Entries)
	}
	c.Forget()
	if rep, _ := ask(t, c, qd); rep.Cached {
		t.Error("kept after Forget")
	}
}

func TestCachedStatusNilInner(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	mchd.NewCachedStatus(nil, mchd.CacheOptions{})
}

// TestCachedStatusConcurrent mixes hits, misses, failures, expiry and
// eviction from many goroutines; run with -race.
func TestCachedStatusConcurrent(t *testing.T) {
	t.Parallel()
	clock := newClock()
	inner := &scripted{answer: func(_ context.Context, q mchd.StatusQuery) (mchd.StatusReport, error) {
		if q.Number[0] == '0' {
			return mchd.StatusReport{}, errors.New("down")
		}
		return mchd.StatusReport{Status: mchd.StatusActive}, nil
	}}
	c := mchd.NewCachedStatus(inner, mchd.CacheOptions{MaxEntries: 8, TTL: time.Second, Backoff: time.Millisecond, Now: clock.Now})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 300 {
				q := mchd.StatusQuery{Number: fmt.Sprintf("%d%07d-2222-4333-8444-555555555555", (g+i)%4, i%16)}
				rep, err := c.Status(context.Background(), q)
				if (err == nil) != (rep.Status == mchd.StatusActive) {
					t.Errorf("%+v %v", rep, err)
					return
				}
				if i%50 == 0 {
					clock.Advance(300 * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	if s := c.Stats(); s.Entries > 8 || s.Hits == 0 || s.Misses == 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestCachedStatusHitAllocs(t *testing.T) {
	c := mchd.NewCachedStatus(mchd.StaticStatus{qA.Number: mchd.StatusActive}, mchd.CacheOptions{})
	ctx := context.Background()
	if rep, err := c.Status(ctx, qA); err != nil || rep.Status != mchd.StatusActive {
		t.Fatalf("%+v %v", rep, err)
	}
	var rep mchd.StatusReport
	allocs := testing.AllocsPerRun(1000, func() { rep, _ = c.Status(ctx, qA) })
	if allocs != 0 || !rep.Cached {
		t.Fatalf("a hit allocates %v times (cached %v)", allocs, rep.Cached)
	}
}

func BenchmarkCachedStatusHit(b *testing.B) {
	c := mchd.NewCachedStatus(mchd.StaticStatus{qA.Number: mchd.StatusActive}, mchd.CacheOptions{})
	ctx := context.Background()
	if _, err := c.Status(ctx, qA); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if rep, _ := c.Status(ctx, qA); !rep.Cached {
			b.Fatal("miss")
		}
	}
}

func BenchmarkCachedStatusHitParallel(b *testing.B) {
	c := mchd.NewCachedStatus(mchd.StaticStatus{qA.Number: mchd.StatusActive}, mchd.CacheOptions{})
	ctx := context.Background()
	if _, err := c.Status(ctx, qA); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rep, _ := c.Status(ctx, qA); !rep.Cached {
				b.Error("miss")
				return
			}
		}
	})
}

// TestCachedStatusNotListed: a status file that does not list a number is
// passed through, neither kept nor counted as an outage.
func TestCachedStatusNotListed(t *testing.T) {
	t.Parallel()
	f, err := mchd.ParseStatusFile([]byte(`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active"}`))
	if err != nil {
		t.Fatal(err)
	}
	c := mchd.NewCachedStatus(f, mchd.CacheOptions{})
	ctx := context.Background()
	for range 2 {
		if _, err := c.Status(ctx, mchd.StatusQuery{Number: "11111111-2222-4333-8444-555555555555"}); !errors.Is(err, mchd.ErrNotListed) {
			t.Fatalf("unlisted: %v", err)
		}
	}
	if rep, err := c.Status(ctx, mchd.StatusQuery{Number: "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"}); err != nil || rep.Status != mchd.StatusActive {
		t.Errorf("listed after unlisted: %+v, %v (a back-off?)", rep, err)
	}
	if s := c.Stats(); s.Failures != 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestCachedStatusCheckAllocs: on a cache hit the whole registry check
// (CheckStatus) allocates no more than with a map-backed checker, so the
// cache adds no allocation per check.
func TestCachedStatusCheckAllocs(t *testing.T) {
	s := spec(23, mchd.ShapeHead)
	d := mustParse(t, build(t, s))
	static := mchd.StaticStatus{s.Number: mchd.StatusActive}
	cached := mchd.NewCachedStatus(static, mchd.CacheOptions{})
	ctx := context.Background()
	if r := mchd.CheckStatus(ctx, cached, d); r.Status != check.Pass {
		t.Fatal(r)
	}
	base := testing.AllocsPerRun(200, func() { mchd.CheckStatus(ctx, static, d) })
	hit := testing.AllocsPerRun(200, func() { mchd.CheckStatus(ctx, cached, d) })
	if hit > base {
		t.Errorf("CheckStatus allocates %.0f times through the cache, %.0f without", hit, base)
	}
	if st := cached.Stats(); st.Hits < 200 {
		t.Errorf("not served from the cache: %+v", st)
	}
}
