package store

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Memory is a Store in memory: for tests and demos; its records are lost
// when the process ends. It keeps records in their encoded form, so what
// it gives back has made the same round trip as in any other store. The
// zero value is not ready: use NewMemory.
type Memory struct {
	t table[Encoded]
}

// NewMemory returns an empty memory store; now is its clock (nil:
// time.Now).
func NewMemory(now func() time.Time) *Memory {
	return &Memory{t: newTable(now, func(e *Encoded) (string, *int64, *time.Time) { return e.ID, &e.Version, &e.Updated })}
}

func (m *Memory) write(ctx context.Context, r *Record, create bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e, err := Encode(r)
	if err != nil {
		return err
	}
	v, at, err := m.t.write(ctx, e, create)
	if err != nil {
		return err
	}
	r.Version, r.Updated = v, at
	return nil
}

// Create implements Store.
func (m *Memory) Create(ctx context.Context, r *Record) error { return m.write(ctx, r, true) }

// Update implements Store.
func (m *Memory) Update(ctx context.Context, r *Record) error { return m.write(ctx, r, false) }

// Get implements Store.
func (m *Memory) Get(ctx context.Context, id string) (*Record, error) {
	e, err := m.t.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.Decode()
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, id string) error { return m.t.remove(ctx, id) }

// List implements Store.
func (m *Memory) List(ctx context.Context, owner string) ([]Summary, error) {
	var out []Summary
	err := m.t.each(ctx, func(e Encoded) error {
		if e.Owner != owner {
			return nil
		}
		s, err := e.Summary()
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	SortSummaries(out)
	return out, nil
}

// Close implements Store; later calls fail.
func (m *Memory) Close() error {
	m.t.close()
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
