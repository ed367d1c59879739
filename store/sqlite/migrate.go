package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// SchemaVersion is the number of the newest migration in migrations/: the
// schema version this program writes. A database at a higher version was
// written by a newer program and is refused (ErrNewerSchema).
const SchemaVersion = 3

// ErrNewerSchema: the database was migrated by a newer version of the
// program; this one does not know its schema and does not write to it.
var ErrNewerSchema = errors.New("sqlite: database schema is newer than this program")

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order; their numbers must
// run from 1 to SchemaVersion without a gap.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names { // fs.Glob returns names sorted
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("sqlite: migration %s: name must be NNNN_what.sql", base)
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlite: migration %s: expected number %d", m.name, i+1)
		}
	}
	if len(ms) != SchemaVersion {
		return nil, fmt.Errorf("sqlite: %d migrations embedded, SchemaVersion is %d", len(ms), SchemaVersion)
	}
	return ms, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER NOT NULL PRIMARY KEY,
	applied_at TEXT    NOT NULL
) STRICT`

// schemaVersion returns the highest applied migration, 0 for a database
// without schema_migrations.
func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// migrate brings the database to SchemaVersion, each migration in its own
// (immediate) transaction, and returns how many it applied. It re-reads the
// version inside each transaction, so two programs opening the same new
// file apply every migration once.
func migrate(ctx context.Context, db *sql.DB, now func() time.Time) (int, error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	cur, err := schemaVersion(ctx, db)
	if err != nil {
		return 0, err
	}
	if cur > SchemaVersion {
		return 0, fmt.Errorf("%w: it is at version %d, this program knows versions up to %d", ErrNewerSchema, cur, SchemaVersion)
	}
	applied := 0
	for _, m := range ms[cur:] {
		did, err := apply(ctx, db, m, now)
		if err != nil {
			return applied, err
		}
		if did {
			applied++
		}
	}
	return applied, nil
}

func apply(ctx context.Context, db *sql.DB, m migration, now func() time.Time) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	defer func() { _ = tx.Rollback() }()
	cur, err := schemaVersion(ctx, tx)
	if err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	switch {
	case cur > SchemaVersion:
		return false, fmt.Errorf("%w: it is at version %d, this program knows versions up to %d", ErrNewerSchema, cur, SchemaVersion)
	case cur >= m.version:
		return false, nil // applied meanwhile by another handle
	case cur != m.version-1:
		return false, fmt.Errorf("sqlite: migration %s: database is at version %d", m.name, cur)
	}
	if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.version, now().UTC().Format(time.RFC3339Nano)); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	return true, nil
}
