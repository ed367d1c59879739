package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/access"
)

// AccessRegister is the access.Register of a Store: the grants live in the
// table access_grants (migration 0002) of the store's database file, so
// the web wrapper keeps applications and the register of grants in one
// file. The dependency goes one way — store/sqlite imports access, access
// knows nothing of SQL — and the schema stays in one place, this package's
// migrations.
//
// Apply reads the rows it checks and writes in one immediate transaction
// (the store's writer lock and SQLite's), so two programs applying
// conflicting requests to the same file cannot both succeed.
type AccessRegister struct {
	s *Store
}

var _ access.Register = (*AccessRegister)(nil)

// AccessRegister returns the register of grants in the store's database.
// It shares the store's connection; closing the store closes it.
func (s *Store) AccessRegister() *AccessRegister { return &AccessRegister{s: s} }

func scanGrant(data string) (access.Grant, error) {
	var g access.Grant
	if err := json.Unmarshal([]byte(data), &g); err != nil {
		return access.Grant{}, fmt.Errorf("sqlite: access grant: %w", err)
	}
	return g, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func grantByID(ctx context.Context, q querier, id string) (access.Grant, error) {
	var data string
	switch err := q.QueryRowContext(ctx, `SELECT data FROM access_grants WHERE id = ?`, id).Scan(&data); {
	case errors.Is(err, sql.ErrNoRows):
		return access.Grant{}, fmt.Errorf("%w: %s", access.ErrGrantNotFound, id)
	case err != nil:
		return access.Grant{}, fmt.Errorf("sqlite: access grant %s: %w", id, err)
	}
	return scanGrant(data)
}

func grantsOf(ctx context.Context, q querier, organisation, snils string) ([]access.Grant, error) {
	rows, err := q.QueryContext(ctx, `SELECT data FROM access_grants WHERE organisation = ? AND snils = ? ORDER BY id`,
		organisation, snils)
	if err != nil {
		return nil, fmt.Errorf("sqlite: access grants: %w", err)
	}
	return scanGrants(rows)
}

// scanGrants reads the rows of a query of data and closes them.
func scanGrants(rows *sql.Rows) ([]access.Grant, error) {
	defer rows.Close()
	var out []access.Grant
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("sqlite: access grants: %w", err)
		}
		g, err := scanGrant(data)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: access grants: %w", err)
	}
	return out, nil
}

// Grant implements access.Register.
func (r *AccessRegister) Grant(ctx context.Context, id string) (access.Grant, error) {
	if err := r.s.enter(ctx); err != nil {
		return access.Grant{}, err
	}
	defer r.s.mu.RUnlock()
	return grantByID(ctx, r.s.db, id)
}

// Grants implements access.Register.
func (r *AccessRegister) Grants(ctx context.Context, organisation, snils string) ([]access.Grant, error) {
	if err := r.s.enter(ctx); err != nil {
		return nil, err
	}
	defer r.s.mu.RUnlock()
	return grantsOf(ctx, r.s.db, organisation, snils)
}

// OrganisationGrants implements access.Register.
func (r *AccessRegister) OrganisationGrants(ctx context.Context, organisation string) ([]access.Grant, error) {
	if err := r.s.enter(ctx); err != nil {
		return nil, err
	}
	defer r.s.mu.RUnlock()
	rows, err := r.s.db.QueryContext(ctx, `SELECT data FROM access_grants WHERE organisation = ? ORDER BY id`, organisation)
	if err != nil {
		return nil, fmt.Errorf("sqlite: access grants: %w", err)
	}
	return scanGrants(rows)
}

// Apply implements access.Register: the request must be approved
// (access.ErrNotAccepted), and the change is checked against the rows as
// they are inside the transaction (access.Change.CheckAgainst).
func (r *AccessRegister) Apply(ctx context.Context, req *access.Request) error {
	ch, err := req.Change()
	if err != nil {
		return err
	}
	if err := r.s.enter(ctx); err != nil {
		return err
	}
	defer r.s.mu.RUnlock()
	g := ch.Grant
	return r.s.write(ctx, func(tx *sql.Tx) error {
		if ch.Revoke {
			var existing []access.Grant
			switch old, err := grantByID(ctx, tx, g.ID); {
			case err == nil:
				existing = []access.Grant{old}
			case !errors.Is(err, access.ErrGrantNotFound):
				return err
			}
			if ch.Recorded(existing) {
				return nil
			}
			if err := ch.CheckAgainst(existing); err != nil {
				return err
			}
			old := existing[0]
			old.RevokedBy, old.RevokedAt, old.RevokedFrom = g.RevokedBy, g.RevokedAt, g.RevokedFrom
			data, err := json.Marshal(old)
			if err != nil {
				return fmt.Errorf("sqlite: access grant %s: %w", old.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE access_grants SET revoked_by = ?, data = ? WHERE id = ?`,
				old.RevokedBy, string(data), old.ID); err != nil {
				return fmt.Errorf("sqlite: revoke access grant %s: %w", old.ID, err)
			}
			return nil
		}
		existing, err := grantsOf(ctx, tx, g.Organisation, g.EmployeeSNILS)
		if err != nil {
			return err
		}
		switch taken, err := grantByID(ctx, tx, g.ID); {
		case err == nil:
			existing = append(existing, taken)
		case !errors.Is(err, access.ErrGrantNotFound):
			return err
		}
		if ch.Recorded(existing) {
			return nil
		}
		if err := ch.CheckAgainst(existing); err != nil {
			return err
		}
		data, err := json.Marshal(g)
		if err != nil {
			return fmt.Errorf("sqlite: access grant %s: %w", g.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_grants (id, organisation, snils, revoked_by, data) VALUES (?, ?, ?, '', ?)`,
			g.ID, g.Organisation, g.EmployeeSNILS, string(data)); err != nil {
			return fmt.Errorf("sqlite: insert access grant %s: %w", g.ID, err)
		}
		return nil
	})
}
