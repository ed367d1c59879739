package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Memory is a Store in memory: for tests and demos; its records are lost
// when the process ends. It keeps records in their encoded form, so what
// it gives back has made the same round trip as in any other store. The
// zero value is not ready: use NewMemory.
type Memory struct {
	mu     sync.RWMutex
	recs   map[string]Encoded
	now    func() time.Time
	closed bool
}

// NewMemory returns an empty memory store; now is its clock (nil:
// time.Now).
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{recs: map[string]Encoded{}, now: now}
}

func (m *Memory) write(ctx context.Context, r *Record, create bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e, err := Encode(r)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	old, exists := m.recs[e.ID]
	switch {
	case create && exists:
		return fmt.Errorf("%w: %s", ErrExists, e.ID)
	case !create && !exists:
		return fmt.Errorf("%w: %s", ErrNotFound, e.ID)
	case !create && old.Version != r.Version:
		return fmt.Errorf("%w: %s is at version %d, not %d", ErrConflict, e.ID, old.Version, r.Version)
	}
	e.Version, e.Updated = r.Version+1, m.now().UTC()
	if create {
		e.Version = 1
	}
	m.recs[e.ID] = e
	r.Version, r.Updated = e.Version, e.Updated
	return nil
}

// Create implements Store.
func (m *Memory) Create(ctx context.Context, r *Record) error { return m.write(ctx, r, true) }

// Update implements Store.
func (m *Memory) Update(ctx context.Context, r *Record) error { return m.write(ctx, r, false) }

// Get implements Store.
func (m *Memory) Get(ctx context.Context, id string) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	e, ok := m.recs[id]
	closed := m.closed
	m.mu.RUnlock()
	switch {
	case closed:
		return nil, ErrClosed
	case !ok:
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e.Decode()
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if _, ok := m.recs[id]; !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	delete(m.recs, id)
	return nil
}

// List implements Store.
func (m *Memory) List(ctx context.Context, owner string) ([]Summary, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	var out []Summary
	for _, e := range m.recs {
		if e.Owner != owner {
			continue
		}
		s, err := e.Summary()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	SortSummaries(out)
	return out, nil
}

// Close implements Store; later calls fail.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.recs = nil
	return nil
}

// SortSummaries orders summaries as List returns them: the most recently
// updated first, then by ID.
func SortSummaries(s []Summary) {
	slices.SortFunc(s, func(a, b Summary) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
