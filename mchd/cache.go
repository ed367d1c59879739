package mchd

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrRegistryUnavailable is wrapped by the errors of the registry clients of
// this package when they have no answer: CachedStatus during an outage
// back-off, HTTPStatus when the service could not be reached or its answer
// could not be read. CheckStatus reports them as indeterminate (TRY_LATER).
var ErrRegistryUnavailable = errors.New("mchd: registry unavailable")

// Defaults of CacheOptions.
const (
	DefaultStatusTTL       = 5 * time.Minute  // CacheOptions.TTL
	DefaultNotFoundTTL     = time.Minute      // CacheOptions.NotFoundTTL
	DefaultBackoff         = 5 * time.Second  // CacheOptions.Backoff
	DefaultMaxBackoff      = 5 * time.Minute  // CacheOptions.MaxBackoff
	DefaultRegistryTimeout = 10 * time.Second // CacheOptions.Timeout and HTTPStatus.Timeout
	DefaultCacheEntries    = 4096             // CacheOptions.MaxEntries
)

// Bounds of one cache entry: a query whose fields together are longer than
// maxCachedQuery bytes is answered but not kept, and the Detail kept with
// an answer is cut to maxCachedDetail bytes.
const (
	maxCachedQuery  = 256
	maxCachedDetail = 256
)

// CacheOptions tune NewCachedStatus; the zero value gives the defaults.
type CacheOptions struct {
	// TTL is how long an answer other than not_found (active, revoked,
	// suspended, expired, created, processing, rejected) is served without
	// asking the registry again: the delay after which a change in the
	// registry is seen. 0 means DefaultStatusTTL; negative, not kept.
	TTL time.Duration
	// NotFoundTTL is the same for not_found, usually shorter: a power of
	// attorney registered a moment ago may not be found yet. 0 means
	// DefaultNotFoundTTL; negative, not kept.
	NotFoundTTL time.Duration
	// Backoff is how long the registry is left alone after a failure (an
	// error, a timeout, StatusUnavailable or an answer that is not a
	// status); it doubles with each consecutive failure up to MaxBackoff.
	// 0 means DefaultBackoff, and DefaultMaxBackoff for MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// Timeout bounds each question to the inner checker; the caller's
	// context may end sooner for that caller. 0 or negative means
	// DefaultRegistryTimeout.
	Timeout time.Duration
	// MaxEntries bounds the number of answers kept; the least recently
	// used one is dropped first. 0 or negative means DefaultCacheEntries.
	MaxEntries int
	// Now is the clock of TTLs and back-off; nil means time.Now. The
	// Timeout runs on the real clock (it is a context deadline).
	Now func() time.Time
}

// CacheStats counts what a CachedStatus did since it was made.
type CacheStats struct {
	Hits      uint64 // answered from the cache
	Misses    uint64 // questions sent to the inner checker
	Shared    uint64 // answered by joining a question already under way
	BackedOff uint64 // answered StatusUnavailable during an outage back-off
	Failures  uint64 // questions that ended without a status
	Evictions uint64 // answers dropped to respect MaxEntries
	Entries   int    // answers kept now
}

// CachedStatus is a StatusChecker that keeps the answers of another one.
// It is safe for concurrent use; make it with NewCachedStatus.
//
//   - Answers are kept for TTL (NotFoundTTL for not_found) under the whole
//     query (number as written, case kept, and both ИНН), and served with
//     StatusReport.Cached set and the CheckedAt of the original answer. A
//     cache hit takes a mutex and does not allocate.
//   - Concurrent questions for the same query share one call to the inner
//     checker; each caller still waits no longer than its own context.
//   - Each call to the inner checker is bounded by Timeout, on a context
//     that keeps the values but not the cancellation of the caller who
//     started it, so that one caller leaving does not fail the others; the
//     answer still fills the cache.
//   - After a failure nothing is asked, about any number (an outage is
//     the registry's, not one document's), for Backoff (doubling with each
//     further failure, capped at MaxBackoff): questions whose answer is
//     not kept get StatusUnavailable with an error wrapping
//     ErrRegistryUnavailable. An expired answer is never served instead:
//     an outage gives "unavailable", not a stale status. One status
//     answer ends the back-off.
//   - At most MaxEntries answers are kept (least recently used dropped
//     first); with the per-entry bounds (a query of at most 256 bytes, a
//     Detail cut to 256 bytes) an entry takes under 1 KiB, so the default
//     bound is about 4 MiB. Questions under way are bounded by the callers'
//     concurrency.
type CachedStatus struct {
	inner StatusChecker
	opts  CacheOptions

	mu       sync.Mutex
	entries  map[StatusQuery]*cacheEntry
	lru      cacheEntry // sentinel of the LRU ring: lru.next is the most recent
	flights  map[StatusQuery]*flight
	failures int       // consecutive failures
	retryAt  time.Time // end of the back-off
	lastErr  string    // why the last question failed
	stats    CacheStats
}

type cacheEntry struct {
	q          StatusQuery
	rep        StatusReport
	expires    time.Time
	prev, next *cacheEntry
}

// flight is a question to the inner checker under way.
type flight struct {
	done    chan struct{}
	rep     StatusReport
	err     error
	waiters int // callers waiting for it, for tests
}

// NewCachedStatus wraps inner in a cache (see CachedStatus). It panics if
// inner is nil: a cache of nothing would report an outage for a checker
// that was never configured, which CheckStatus reports as "not checked".
func NewCachedStatus(inner StatusChecker, opts CacheOptions) *CachedStatus {
	if inner == nil {
		panic("mchd: NewCachedStatus with a nil StatusChecker")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&opts.TTL, DefaultStatusTTL)
	def(&opts.NotFoundTTL, DefaultNotFoundTTL)
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	opts.MaxBackoff = max(opts.MaxBackoff, opts.Backoff)
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultRegistryTimeout
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultCacheEntries
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &CachedStatus{inner: inner, opts: opts,
		entries: map[StatusQuery]*cacheEntry{}, flights: map[StatusQuery]*flight{}}
	c.lru.prev, c.lru.next = &c.lru, &c.lru
	return c
}

// Status implements StatusChecker (see CachedStatus for the policy).
func (c *CachedStatus) Status(ctx context.Context, q StatusQuery) (StatusReport, error) {
	now := c.opts.Now()
	c.mu.Lock()
	if e := c.entries[q]; e != nil {
		if now.Before(e.expires) {
			c.unlink(e)
			c.pushFront(e)
			c.stats.Hits++
			rep := e.rep
			c.mu.Unlock()
			rep.Cached = true
			return rep, nil
		}
		c.drop(e)
	}
	if f := c.flights[q]; f != nil {
		f.waiters++
		c.stats.Shared++
		c.mu.Unlock()
		return wait(ctx, f)
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return StatusReport{Status: StatusUnavailable, Detail: "not asked: " + err.Error()}, err
	}
	if now.Before(c.retryAt) {
		c.stats.BackedOff++
		retry, n, last := c.retryAt, c.failures, c.lastErr
		c.mu.Unlock()
		err := fmt.Errorf("%w: not asked again before %s after %d consecutive failures (last: %s)",
			ErrRegistryUnavailable, retry.UTC().Format(time.RFC3339), n, last)
		return StatusReport{Status: StatusUnavailable, CheckedAt: now, Detail: err.Error()}, err
	}
	f := &flight{done: make(chan struct{}), waiters: 1}
	c.flights[q] = f
	c.stats.Misses++
	c.mu.Unlock()
	go c.ask(context.WithoutCancel(ctx), q, f)
	return wait(ctx, f)
}

// wait returns the answer of f, or StatusUnavailable when ctx ends first.
func wait(ctx context.Context, f *flight) (StatusReport, error) {
	select {
	case <-f.done:
		return f.rep, f.err
	case <-ctx.Done():
		return StatusReport{Status: StatusUnavailable, Detail: "no answer before the caller's deadline"}, ctx.Err()
	}
}

// answer is what the inner checker said.
type answer struct {
	rep StatusReport
	err error
}

// ask puts q to the inner checker within Timeout and completes f. The
// inner call runs in its own goroutine so that a checker which ignores its
// context cannot hold the callers past Timeout.
func (c *CachedStatus) ask(parent context.Context, q StatusQuery, f *flight) {
	ctx, cancel := context.WithTimeout(parent, c.opts.Timeout)
	defer cancel()
	ch := make(chan answer, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- answer{StatusReport{Status: StatusUnavailable}, fmt.Errorf("%w: status checker panicked: %v", ErrRegistryUnavailable, p)}
			}
		}()
		rep, err := c.inner.Status(ctx, q)
		ch <- answer{rep, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		a = answer{StatusReport{Status: StatusUnavailable, Detail: "registry timeout"}, ctx.Err()}
	}
	c.finish(q, f, a)
}

// finish records the answer of f: kept if it is a status, a failure
// otherwise; then it releases the waiters.
func (c *CachedStatus) finish(q StatusQuery, f *flight, a answer) {
	now := c.opts.Now()
	if a.rep.Status == "" || a.err != nil && a.rep.Status.Answered() {
		a.rep.Status = StatusUnavailable // an error never comes with a usable status
	}
	c.mu.Lock()
	delete(c.flights, q)
	if a.err == nil && a.rep.Status.Answered() {
		c.failures, c.retryAt, c.lastErr = 0, time.Time{}, ""
		ttl := c.opts.TTL
		if a.rep.Status == StatusNotFound {
			ttl = c.opts.NotFoundTTL
		}
		if ttl > 0 && len(q.Number)+len(q.PrincipalINN)+len(q.RepresentativeINN) <= maxCachedQuery {
			kept := a.rep
			kept.Detail = clip(kept.Detail, maxCachedDetail)
			c.store(q, kept, now.Add(ttl))
		}
	} else if !errors.Is(a.err, ErrNotListed) {
		// A copy that does not list the number answered; it is no outage.
		c.stats.Failures++
		c.failures++
		c.retryAt = now.Add(c.backoff(c.failures))
		switch {
		case a.err != nil:
			c.lastErr = clip(a.err.Error(), maxCachedDetail)
		case a.rep.Status == StatusUnavailable:
			c.lastErr = clip("registry unavailable: "+a.rep.Detail, maxCachedDetail)
		default:
			c.lastErr = clip(fmt.Sprintf("unknown answer %q", a.rep.Status), maxCachedDetail)
		}
	}
	f.rep, f.err = a.rep, a.err
	c.mu.Unlock()
	close(f.done)
}

// backoff is the pause after n consecutive failures: Backoff doubled n-1
// times, at most MaxBackoff.
func (c *CachedStatus) backoff(n int) time.Duration {
	d := c.opts.Backoff
	for i := 1; i < n && d < c.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.opts.MaxBackoff)
}

// store keeps rep for q until expires, dropping the least recently used
// answer when the cache is full. c.mu is held.
func (c *CachedStatus) store(q StatusQuery, rep StatusReport, expires time.Time) {
	if e := c.entries[q]; e != nil {
		e.rep, e.expires = rep, expires
		c.unlink(e)
		c.pushFront(e)
		return
	}
	for len(c.entries) >= c.opts.MaxEntries {
		c.drop(c.lru.prev)
		c.stats.Evictions++
	}
	e := &cacheEntry{q: q, rep: rep, expires: expires}
	c.entries[q] = e
	c.pushFront(e)
}

func (c *CachedStatus) drop(e *cacheEntry) {
	c.unlink(e)
	delete(c.entries, e.q)
}

func (c *CachedStatus) unlink(e *cacheEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

func (c *CachedStatus) pushFront(e *cacheEntry) {
	e.prev, e.next = &c.lru, c.lru.next
	c.lru.next.prev = e
	c.lru.next = e
}

// Stats returns the counters.
func (c *CachedStatus) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Entries = len(c.entries)
	return s
}

// Forget drops every kept answer and ends the back-off; questions under
// way are not affected.
func (c *CachedStatus) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.lru.prev, c.lru.next = &c.lru, &c.lru
	c.failures, c.retryAt, c.lastErr = 0, time.Time{}, ""
}
