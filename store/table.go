package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// table keeps encoded records in memory by ID with optimistic versions:
// the one implementation of the Create / Update / Get / Delete rules of the
// memory stores (Memory, AccessMemory).
type table[E any] struct {
	mu     sync.RWMutex
	recs   map[string]E
	now    func() time.Time
	closed bool
	// stamp returns the ID of e and where its version and update time are.
	stamp func(e *E) (id string, version *int64, updated *time.Time)
}

func newTable[E any](now func() time.Time, stamp func(*E) (string, *int64, *time.Time)) table[E] {
	if now == nil {
		now = time.Now
	}
	return table[E]{recs: map[string]E{}, now: now, stamp: stamp}
}

// write stores e: a new record (create) or the replacement of the one at
// e's version; it returns the version and time stored.
func (t *table[E]) write(ctx context.Context, e E, create bool) (int64, time.Time, error) {
	if err := ctx.Err(); err != nil {
		return 0, time.Time{}, err
	}
	id, version, updated := t.stamp(&e)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return 0, time.Time{}, ErrClosed
	}
	old, exists := t.recs[id]
	switch {
	case create && exists:
		return 0, time.Time{}, fmt.Errorf("%w: %s", ErrExists, id)
	case !create && !exists:
		return 0, time.Time{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if !create {
		if _, stored, _ := t.stamp(&old); *stored != *version {
			return 0, time.Time{}, fmt.Errorf("%w: %s is at version %d, not %d", ErrConflict, id, *stored, *version)
		}
	}
	if create {
		*version = 1
	} else {
		*version++
	}
	*updated = t.now().UTC()
	t.recs[id] = e
	return *version, *updated, nil
}

// get returns the record with the ID.
func (t *table[E]) get(ctx context.Context, id string) (E, error) {
	var zero E
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	t.mu.RLock()
	e, ok := t.recs[id]
	closed := t.closed
	t.mu.RUnlock()
	switch {
	case closed:
		return zero, ErrClosed
	case !ok:
		return zero, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e, nil
}

// remove deletes the record with the ID.
func (t *table[E]) remove(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}
	if _, ok := t.recs[id]; !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	delete(t.recs, id)
	return nil
}

// each calls f on every record (in no order) until f fails.
func (t *table[E]) each(ctx context.Context, f func(E) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.closed {
		return ErrClosed
	}
	for _, e := range t.recs {
		if err := f(e); err != nil {
			return err
		}
	}
	return nil
}

// close empties the table; later calls fail with ErrClosed.
func (t *table[E]) close() {
	t.mu.Lock()
	t.closed, t.recs = true, nil
	t.mu.Unlock()
}
