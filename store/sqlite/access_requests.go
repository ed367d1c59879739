package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/store"
)

// AccessRequests is the store.AccessStore of a Store: the requests to grant
// or revoke access live in the table access_requests (migration 0003) of
// the store's database file, next to the applications and the register of
// grants. Update is decided in one statement, as for applications, so of
// two writers holding the same version exactly one wins.
type AccessRequests struct {
	s *Store
}

var _ store.AccessStore = (*AccessRequests)(nil)

// AccessRequests returns the store of access requests in the store's
// database. It shares the store's connection; closing the store closes it.
func (s *Store) AccessRequests() *AccessRequests { return &AccessRequests{s: s} }

// Create implements store.AccessStore.
func (a *AccessRequests) Create(ctx context.Context, r *store.AccessRecord) error {
	if err := a.s.enter(ctx); err != nil {
		return err
	}
	defer a.s.mu.RUnlock()
	e, err := store.EncodeAccess(r)
	if err != nil {
		return err
	}
	e.Version, e.Updated = 1, a.s.now().UTC()
	err = a.s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO access_requests
			(id, owner, registration, action, state, employee, snils, revokes, xml, lifecycle, signature, version, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			e.ID, e.Owner, e.Registration, e.Action, e.State, e.Employee, e.SNILS, e.Revokes, e.XML, e.Lifecycle, e.Signature,
			e.Version, e.Updated.UnixNano())
		if err != nil {
			return fmt.Errorf("sqlite: create access request %s: %w", e.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlite: create access request %s: %w", e.ID, err)
		} else if n == 0 {
			return fmt.Errorf("%w: %s", store.ErrExists, e.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Version, r.Updated = e.Version, e.Updated
	return nil
}

// Update implements store.AccessStore.
func (a *AccessRequests) Update(ctx context.Context, r *store.AccessRecord) error {
	if err := a.s.enter(ctx); err != nil {
		return err
	}
	defer a.s.mu.RUnlock()
	e, err := store.EncodeAccess(r)
	if err != nil {
		return err
	}
	e.Version, e.Updated = r.Version+1, a.s.now().UTC()
	err = a.s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE access_requests SET
			owner = ?, registration = ?, action = ?, state = ?, employee = ?, snils = ?, revokes = ?, xml = ?, lifecycle = ?,
			signature = ?, version = version + 1, updated = ?
			WHERE id = ? AND version = ?`,
			e.Owner, e.Registration, e.Action, e.State, e.Employee, e.SNILS, e.Revokes, e.XML, e.Lifecycle, e.Signature,
			e.Updated.UnixNano(), e.ID, r.Version)
		if err != nil {
			return fmt.Errorf("sqlite: update access request %s: %w", e.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlite: update access request %s: %w", e.ID, err)
		}
		if n == 0 {
			return notUpdated(ctx, tx, "access_requests", e.ID, r.Version)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Version, r.Updated = e.Version, e.Updated
	return nil
}

// Get implements store.AccessStore.
func (a *AccessRequests) Get(ctx context.Context, id string) (*store.AccessRecord, error) {
	if err := a.s.enter(ctx); err != nil {
		return nil, err
	}
	defer a.s.mu.RUnlock()
	e := store.AccessEncoded{ID: id}
	var updated int64
	err := a.s.db.QueryRowContext(ctx, `SELECT owner, registration, action, state, employee, snils, revokes, xml, lifecycle,
		signature, version, updated FROM access_requests WHERE id = ?`, id).Scan(&e.Owner, &e.Registration, &e.Action, &e.State,
		&e.Employee, &e.SNILS, &e.Revokes, &e.XML, &e.Lifecycle, &e.Signature, &e.Version, &updated)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("%w: %s", store.ErrNotFound, id)
	case err != nil:
		return nil, fmt.Errorf("sqlite: get access request %s: %w", id, err)
	}
	e.Updated = time.Unix(0, updated).UTC()
	return e.Decode()
}

// Delete implements store.AccessStore.
func (a *AccessRequests) Delete(ctx context.Context, id string) error {
	if err := a.s.enter(ctx); err != nil {
		return err
	}
	defer a.s.mu.RUnlock()
	return a.s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM access_requests WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("sqlite: delete access request %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlite: delete access request %s: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("%w: %s", store.ErrNotFound, id)
		}
		return nil
	})
}

// List implements store.AccessStore.
func (a *AccessRequests) List(ctx context.Context, registration string) ([]store.AccessSummary, error) {
	if err := a.s.enter(ctx); err != nil {
		return nil, err
	}
	defer a.s.mu.RUnlock()
	rows, err := a.s.db.QueryContext(ctx, `SELECT id, owner, action, state, employee, snils, revokes, version, updated
		FROM access_requests WHERE registration = ? ORDER BY updated DESC, id`, registration)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list access requests %s: %w", registration, err)
	}
	defer rows.Close()
	var out []store.AccessSummary
	for rows.Next() {
		e := store.AccessEncoded{Registration: registration}
		var updated int64
		if err := rows.Scan(&e.ID, &e.Owner, &e.Action, &e.State, &e.Employee, &e.SNILS, &e.Revokes, &e.Version, &updated); err != nil {
			return nil, fmt.Errorf("sqlite: list access requests %s: %w", registration, err)
		}
		e.Updated = time.Unix(0, updated).UTC()
		sum, err := e.Summary()
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list access requests %s: %w", registration, err)
	}
	return out, nil
}
