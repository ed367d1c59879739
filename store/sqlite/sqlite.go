// Package sqlite is the store.Store of a deployment whose state must
// survive a restart: one SQLite file holding drafts and submitted
// applications with the files they were built from. It uses the pure-Go
// driver modernc.org/sqlite (no cgo, no system library).
//
// A record is kept in its encoded form (store.Encode): one row of the
// table applications (id, owner, variant, state, organisation, xml,
// lifecycle, signature, version, updated) and one row of the table files
// per non-empty upload (application_id, kind, bytes). The files reference
// their application with ON DELETE CASCADE, so Delete removes them in the
// same transaction. Update is decided in one statement,
// UPDATE … WHERE id = ? AND version = ?, so of two writers holding the same
// version exactly one wins, also across processes.
//
// The same file holds the register of access grants of package access
// (table access_grants, migration 0002), reached through
// [Store.AccessRegister], and the requests to grant or revoke access as
// they are edited and signed (table access_requests, migration 0003),
// reached through [Store.AccessRequests].
//
// [Open] sets WAL journaling, a busy timeout (writers of other handles or
// processes are waited for, up to BusyTimeout or the context's deadline) and foreign
// keys, and brings the schema up to date.
//
// # Migrations
//
// The schema is built by the SQL files in migrations/, embedded in the
// program and applied in order by Open, each in its own transaction that
// also records it in the table schema_migrations (version, applied_at).
// A database that is up to date is not written to; a database whose
// version is higher than [SchemaVersion] was written by a newer program
// and is refused with [ErrNewerSchema].
//
// To change the schema:
//
//  1. Add migrations/NNNN_what.sql, NNNN being SchemaVersion+1 (four
//     digits, no gaps); write it so that it runs inside a transaction (no
//     BEGIN/COMMIT, no VACUUM, no PRAGMA journal_mode).
//  2. Raise SchemaVersion to NNNN; the tests check that the numbers run
//     from 1 to SchemaVersion.
//  3. Never edit a migration that has been released: databases in the
//     field have already applied it. Correct it with a new migration.
//  4. An old program refuses the migrated file, so roll a deployment back
//     only together with a backup of the file taken before the upgrade.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	sqlite3 "modernc.org/sqlite"

	"github.com/egisz-lk/registrar/store"
)

// BusyTimeout is how long a write waits for a writer of another handle or
// process before it fails (a shorter context deadline wins).
const BusyTimeout = 10 * time.Second

// ErrNotDatabase: the file at the path is not a SQLite database.
var ErrNotDatabase = errors.New("sqlite: file is not a SQLite database")

// Store is a store.Store in a SQLite file. It is safe for concurrent use;
// several Stores, also of several processes, may share one file.
type Store struct {
	// mu is held for reading by every call and for writing by Close, so
	// Close waits for calls in progress.
	mu     sync.RWMutex
	closed bool
	// wmu serialises this Store's writes, which leaves the busy timeout to
	// other handles and processes.
	wmu sync.Mutex
	db  *sql.DB
	now func() time.Time
}

var _ store.Store = (*Store)(nil)

// Open opens the database at path, creating the file if there is none (its
// directory must exist), and applies the migrations it lacks; now is the
// store's clock (nil: time.Now). The caller must Close the store.
func Open(ctx context.Context, path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if path == "" {
		return nil, errors.New("sqlite: no database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil {
		return nil, fmt.Errorf("sqlite: directory of the database %s: %w", path, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("sqlite: directory of the database %s: not a directory", path)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("sqlite: %s is a directory, not a database file", path)
	}
	// An existing file is read first without changing it: a database of a
	// newer program, or a file that is not a database, is refused before
	// the connection below switches its journal to WAL.
	if fi, err := os.Stat(abs); err == nil && fi.Size() > 0 {
		if err := precheck(ctx, abs); err != nil {
			return nil, openError(path, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate") // writers take the lock at BEGIN, waiting while busy
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	s := &Store{db: db, now: now}
	if err := s.init(ctx); err != nil {
		_ = db.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

// precheck reads the schema version of the database file at abs through
// a read-only connection (no journal change, nothing written) and refuses
// a version newer than SchemaVersion.
func precheck(ctx context.Context, abs string) error {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if cur > SchemaVersion {
		return fmt.Errorf("%w: it is at version %d, this program knows versions up to %d", ErrNewerSchema, cur, SchemaVersion)
	}
	return nil
}

func (s *Store) init(ctx context.Context) error {
	// The first query reads the file header: a file that is not a
	// database fails here, before anything is written.
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite: journal mode is %q, not WAL", mode)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("sqlite: foreign keys are off")
	}
	_, err := migrate(ctx, s.db, s.now)
	return err
}

// sqliteNotADB and sqliteCorrupt are SQLite's primary result codes
// SQLITE_NOTADB and SQLITE_CORRUPT.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

func openError(path string, err error) error {
	if errors.Is(err, ErrNewerSchema) {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	var se *sqlite3.Error
	if errors.As(err, &se) {
		if c := se.Code() & 0xff; c == sqliteNotADB || c == sqliteCorrupt {
			return fmt.Errorf("%w: %s (%w)", ErrNotDatabase, path, err)
		}
	}
	return fmt.Errorf("sqlite: open %s: %w", path, err)
}

// enter starts a call: it fails after Close or with a done context;
// otherwise the caller must call s.mu.RUnlock.
func (s *Store) enter(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return store.ErrClosed
	}
	return nil
}

// File kinds, the values of files.kind.
const (
	kindCertificate   = "certificate"
	kindMCHD          = "mchd"
	kindMCHDSignature = "mchd_signature"
)

func fileRows(f store.Files) [3]struct {
	kind  string
	bytes []byte
} {
	return [3]struct {
		kind  string
		bytes []byte
	}{{kindCertificate, f.Certificate}, {kindMCHD, f.MCHD}, {kindMCHDSignature, f.MCHDSignature}}
}

func insertFiles(ctx context.Context, tx *sql.Tx, id string, f store.Files) error {
	for _, row := range fileRows(f) {
		if len(row.bytes) == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (application_id, kind, bytes) VALUES (?, ?, ?)`,
			id, row.kind, row.bytes); err != nil {
			return err
		}
	}
	return nil
}

// write runs fn in an immediate transaction, one at a time per Store.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// Create implements store.Store.
func (s *Store) Create(ctx context.Context, r *store.Record) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	e, err := store.Encode(r)
	if err != nil {
		return err
	}
	e.Version, e.Updated = 1, s.now().UTC()
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO applications
			(id, owner, variant, state, organisation, xml, lifecycle, signature, version, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			e.ID, e.Owner, e.Variant, e.State, e.Organisation, e.XML, e.Lifecycle, e.Signature,
			e.Version, e.Updated.UnixNano())
		if err != nil {
			return fmt.Errorf("sqlite: create %s: %w", e.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlite: create %s: %w", e.ID, err)
		} else if n == 0 {
			return fmt.Errorf("%w: %s", store.ErrExists, e.ID)
		}
		if err := insertFiles(ctx, tx, e.ID, e.Files); err != nil {
			return fmt.Errorf("sqlite: create %s: files: %w", e.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Version, r.Updated = e.Version, e.Updated
	return nil
}

// Update implements store.Store. The version check and the write are one
// statement, so a stale version never overwrites a newer record.
func (s *Store) Update(ctx context.Context, r *store.Record) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	e, err := store.Encode(r)
	if err != nil {
		return err
	}
	e.Version, e.Updated = r.Version+1, s.now().UTC()
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE applications SET
			owner = ?, variant = ?, state = ?, organisation = ?, xml = ?, lifecycle = ?, signature = ?,
			version = version + 1, updated = ?
			WHERE id = ? AND version = ?`,
			e.Owner, e.Variant, e.State, e.Organisation, e.XML, e.Lifecycle, e.Signature,
			e.Updated.UnixNano(), e.ID, r.Version)
		if err != nil {
			return fmt.Errorf("sqlite: update %s: %w", e.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlite: update %s: %w", e.ID, err)
		}
		if n == 0 {
			return notUpdated(ctx, tx, "applications", e.ID, r.Version)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE application_id = ?`, e.ID); err != nil {
			return fmt.Errorf("sqlite: update %s: files: %w", e.ID, err)
		}
		if err := insertFiles(ctx, tx, e.ID, e.Files); err != nil {
			return fmt.Errorf("sqlite: update %s: files: %w", e.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Version, r.Updated = e.Version, e.Updated
	return nil
}

// getQuery reads a record and its files in one statement, so from one
// snapshot of the database.
const getQuery = `SELECT a.owner, a.variant, a.state, a.organisation, a.xml, a.lifecycle, a.signature,
	a.version, a.updated,
	(SELECT bytes FROM files WHERE application_id = a.id AND kind = '` + kindCertificate + `'),
	(SELECT bytes FROM files WHERE application_id = a.id AND kind = '` + kindMCHD + `'),
	(SELECT bytes FROM files WHERE application_id = a.id AND kind = '` + kindMCHDSignature + `')
	FROM applications a WHERE a.id = ?`

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id string) (*store.Record, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	e := store.Encoded{ID: id}
	var updated int64
	err := s.db.QueryRowContext(ctx, getQuery, id).Scan(&e.Owner, &e.Variant, &e.State, &e.Organisation,
		&e.XML, &e.Lifecycle, &e.Signature, &e.Version, &updated,
		&e.Files.Certificate, &e.Files.MCHD, &e.Files.MCHDSignature)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("%w: %s", store.ErrNotFound, id)
	case err != nil:
		return nil, fmt.Errorf("sqlite: get %s: %w", id, err)
	}
	e.Updated = time.Unix(0, updated).UTC()
	return e.Decode()
}

// Delete implements store.Store; the files go with the record.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM applications WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("sqlite: delete %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlite: delete %s: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("%w: %s", store.ErrNotFound, id)
		}
		return nil
	})
}

// List implements store.Store.
func (s *Store) List(ctx context.Context, owner string) ([]store.Summary, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	rows, err := s.db.QueryContext(ctx, `SELECT id, variant, state, organisation, version, updated
		FROM applications WHERE owner = ? ORDER BY updated DESC, id`, owner)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list %s: %w", owner, err)
	}
	defer rows.Close()
	var out []store.Summary
	for rows.Next() {
		e := store.Encoded{Owner: owner}
		var updated int64
		if err := rows.Scan(&e.ID, &e.Variant, &e.State, &e.Organisation, &e.Version, &updated); err != nil {
			return nil, fmt.Errorf("sqlite: list %s: %w", owner, err)
		}
		e.Updated = time.Unix(0, updated).UTC()
		sum, err := e.Summary()
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list %s: %w", owner, err)
	}
	return out, nil
}

// Close implements store.Store: it waits for calls in progress, closes
// the database, and makes later calls fail with store.ErrClosed. Closing
// twice is not an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// notUpdated explains an UPDATE … WHERE id = ? AND version = ? of table
// that changed no row: the record is missing (store.ErrNotFound) or at
// another version (store.ErrConflict).
func notUpdated(ctx context.Context, tx *sql.Tx, table, id string, version int64) error {
	var v int64
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM `+table+` WHERE id = ?`, id).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %s", store.ErrNotFound, id)
	case err != nil:
		return fmt.Errorf("sqlite: update %s %s: %w", table, id, err)
	}
	return fmt.Errorf("%w: %s is at version %d, not %d", store.ErrConflict, id, v, version)
}
