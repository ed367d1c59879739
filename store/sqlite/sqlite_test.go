package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/storetest"
)

var base = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func id(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// open opens a store at path, closed when the test ends.
func open(t testing.TB, path string, now func() time.Time) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dbPath(t testing.TB) string { return filepath.Join(t.TempDir(), "registrar.db") }

func files(n byte) store.Files {
	return store.Files{Certificate: []byte{0x30, 0x82, n, 2}, MCHD: []byte("<Доверенность/>"), MCHDSignature: []byte{0x30, n, 0xFF}}
}

// count returns the number of rows query counts.
func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Store {
		s, err := Open(context.Background(), dbPath(t), now)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name  string
		files store.Files
		steps int // lifecycle steps before the restart
	}{
		{"DraftWithFiles", files(1), 0},
		{"SavedWithoutFiles", store.Files{}, 1},
		{"SubmittedCertificateOnly", store.Files{Certificate: []byte{0x30, 0}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := dbPath(t)
			c := storetest.NewClock(base)
			s, err := Open(ctx, path, c.Now)
			if err != nil {
				t.Fatal(err)
			}
			app := storetest.Application(t, id(1), c.Now)
			r := &store.Record{Owner: "esia-1", Application: app, Files: tt.files}
			if err := s.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
			steps := []func() error{
				func() error { _, err := app.Save(); return err },
				func() error {
					app.Signature = []byte{0x30, 0x80, 1, 0}
					app.Lifecycle.History = append(app.Lifecycle.History, application.Transition{
						From: application.StateSaved, To: application.StateSigned, At: c.Now(), Action: "sign"})
					app.Lifecycle.State = application.StateSigned
					return nil
				},
				app.Submit,
			}
			for i := range tt.steps {
				c.Advance(time.Minute)
				if err := steps[i](); err != nil {
					t.Fatal(err)
				}
				if err := s.Update(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			s2 := open(t, path, c.Now)
			got, err := s2.Get(ctx, id(1))
			if err != nil {
				t.Fatal(err)
			}
			if got.Owner != r.Owner || got.Version != int64(1+tt.steps) || !got.Updated.Equal(r.Updated) {
				t.Fatalf("after restart: owner %q version %d updated %v, want %q %d %v",
					got.Owner, got.Version, got.Updated, r.Owner, 1+tt.steps, r.Updated)
			}
			if !got.Application.Equal(app) || !bytes.Equal(got.Application.Signature, app.Signature) {
				t.Fatal("application or signature differs after restart")
			}
			gl, wl := got.Application.Lifecycle, app.Lifecycle
			if gl.State != wl.State || len(gl.History) != len(wl.History) || len(gl.History) != tt.steps {
				t.Fatalf("lifecycle after restart %+v, want %+v", gl, wl)
			}
			for i := range gl.History {
				if g, w := gl.History[i], wl.History[i]; g.From != w.From || g.To != w.To || !g.At.Equal(w.At) || g.Action != w.Action {
					t.Fatalf("transition %d after restart: %+v, want %+v", i, g, w)
				}
			}
			if !bytes.Equal(got.Files.Certificate, tt.files.Certificate) || !bytes.Equal(got.Files.MCHD, tt.files.MCHD) ||
				!bytes.Equal(got.Files.MCHDSignature, tt.files.MCHDSignature) {
				t.Fatalf("files after restart %+v, want %+v", got.Files, tt.files)
			}
			if l, err := s2.List(ctx, "esia-1"); err != nil || len(l) != 1 || l[0].State != wl.State || l[0].Version != got.Version {
				t.Fatalf("List after restart = %+v, %v", l, err)
			}
			// Versions go on from where they were.
			c.Advance(time.Minute)
			got.Application.Fields.Position = "Директор"
			if err := s2.Update(ctx, got); err != nil || got.Version != int64(2+tt.steps) {
				t.Fatalf("Update after restart: %v, version %d", err, got.Version)
			}
		})
	}
}

func TestDeleteRemovesFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, dbPath(t), storetest.NewClock(base).Now)
	for n := 1; n <= 3; n++ {
		r := &store.Record{Owner: "esia-1", Application: storetest.Application(t, id(n), s.now), Files: files(byte(n))}
		if err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	const filesOf = `SELECT count(*) FROM files WHERE application_id = ?`
	if n := count(t, s, filesOf, id(2)); n != 3 {
		t.Fatalf("%d file rows of the record, want 3", n)
	}
	if err := s.Delete(ctx, id(2)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		query string
		args  []any
		want  int
	}{
		{"FilesOfDeleted", filesOf, []any{id(2)}, 0},
		{"RowOfDeleted", `SELECT count(*) FROM applications WHERE id = ?`, []any{id(2)}, 0},
		{"FilesOfOthers", `SELECT count(*) FROM files`, nil, 6},
		{"Others", `SELECT count(*) FROM applications`, nil, 2},
	}
	for _, tt := range tests {
		if n := count(t, s, tt.query, tt.args...); n != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.name, n, tt.want)
		}
	}
	// An update replaces the files: fewer files, fewer rows.
	r, err := s.Get(ctx, id(1))
	if err != nil {
		t.Fatal(err)
	}
	r.Files.MCHD, r.Files.MCHDSignature = nil, nil
	if err := s.Update(ctx, r); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, filesOf, id(1)); n != 1 {
		t.Errorf("%d file rows after an update keeping one file, want 1", n)
	}
}

func TestMigrations(t *testing.T) {
	t.Parallel()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[len(ms)-1].version != SchemaVersion {
		t.Fatalf("the last migration is not SchemaVersion %d", SchemaVersion)
	}

	ctx := context.Background()
	t.Run("Idempotent", func(t *testing.T) {
		t.Parallel()
		path := dbPath(t)
		c := storetest.NewClock(base)
		s := open(t, path, c.Now)
		if err := s.Create(ctx, &store.Record{Owner: "esia-1", Application: storetest.Application(t, id(1), c.Now)}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			c.Advance(time.Hour)
			s := open(t, path, c.Now)
			if v, err := schemaVersion(ctx, s.db); err != nil || v != SchemaVersion {
				t.Fatalf("open %d: version %d, %v", i, v, err)
			}
			if n := count(t, s, `SELECT count(*) FROM schema_migrations`); n != SchemaVersion {
				t.Fatalf("open %d: %d rows in schema_migrations, want %d", i, n, SchemaVersion)
			}
			// applied_at is the first Open's time: nothing re-applied.
			if n := count(t, s, `SELECT count(*) FROM schema_migrations WHERE applied_at = ?`, base.Format(time.RFC3339Nano)); n != SchemaVersion {
				t.Fatalf("open %d: migrations re-applied", i)
			}
			if n, err := migrate(ctx, s.db, c.Now); err != nil || n != 0 {
				t.Fatalf("migrate on an up-to-date database applied %d, %v", n, err)
			}
			if _, err := s.Get(ctx, id(1)); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("NewerRefused", func(t *testing.T) {
		t.Parallel()
		path := dbPath(t)
		s := open(t, path, nil)
		if _, err := s.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')`, SchemaVersion+1); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		before := fileSum(t, path)
		s2, err := Open(ctx, path, nil)
		if err == nil {
			_ = s2.Close()
			t.Fatal("Open of a database with a newer schema succeeded")
		}
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), path) ||
			!strings.Contains(err.Error(), fmt.Sprint(SchemaVersion+1)) {
			t.Fatalf("Open = %v, want ErrNewerSchema naming the file and version %d", err, SchemaVersion+1)
		}
		if fileSum(t, path) != before {
			t.Fatal("the refused database was written to")
		}
	})
}

// TestNewerRefusedNotWAL: a newer program's database in rollback-journal
// mode is refused before anything is changed, its journal mode included
// (the file header's read/write versions say WAL or not).
func TestNewerRefusedNotWAL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := dbPath(t)
	s := open(t, path, nil)
	if _, err := s.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`PRAGMA journal_mode=DELETE`); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	header := func() []byte {
		b, err := os.ReadFile(path)
		if err != nil || len(b) < 20 {
			t.Fatalf("reading the header: %v", err)
		}
		return b[18:20]
	}
	if h := header(); h[0] != 1 || h[1] != 1 {
		t.Fatalf("the test database is not in rollback-journal mode: header % x", h)
	}
	before := fileSum(t, path)
	if s2, err := Open(ctx, path, nil); !errors.Is(err, ErrNewerSchema) {
		if s2 != nil {
			_ = s2.Close()
		}
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if h := header(); h[0] != 1 || h[1] != 1 || fileSum(t, path) != before {
		t.Fatalf("the refused database was changed (header % x)", h)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("a WAL file was created for the refused database")
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	header := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xFF}, 200)...)
	tests := []struct {
		name    string
		prepare func(t *testing.T) string // returns the path to open
		is      error
		content []byte // if not nil, the file must still hold this
	}{
		{"NoDirectory", func(t *testing.T) string { return filepath.Join(t.TempDir(), "missing", "x.db") }, fs.ErrNotExist, nil},
		{"DirectoryIsAFile", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "file")
			writeFile(t, p, []byte("x"))
			return filepath.Join(p, "x.db")
		}, nil, nil},
		{"PathIsADirectory", func(t *testing.T) string { return t.TempDir() }, nil, nil},
		{"TextFile", func(t *testing.T) string { return fileWith(t, []byte(strings.Repeat("not a database\n", 40))) },
			ErrNotDatabase, []byte(strings.Repeat("not a database\n", 40))},
		{"RandomBytes", func(t *testing.T) string { return fileWith(t, bytes.Repeat([]byte{0x30, 0x82, 0x01, 0xAB}, 1024)) },
			ErrNotDatabase, bytes.Repeat([]byte{0x30, 0x82, 0x01, 0xAB}, 1024)},
		{"BrokenHeader", func(t *testing.T) string { return fileWith(t, header) }, ErrNotDatabase, header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := tt.prepare(t)
			s, err := Open(context.Background(), path, nil)
			if err == nil {
				_ = s.Close()
				t.Fatalf("Open(%s) succeeded", path)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %v", err, tt.is)
			}
			if tt.content != nil {
				if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, tt.content) {
					t.Errorf("the file was changed (%v)", err)
				}
				if es, err := os.ReadDir(filepath.Dir(path)); err != nil || len(es) != 1 {
					t.Errorf("files beside the refused one: %v (%v)", es, err)
				}
			}
		})
	}
	t.Run("CancelledContext", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if s, err := Open(ctx, dbPath(t), nil); err == nil {
			_ = s.Close()
			t.Fatal("Open with a cancelled context succeeded")
		}
	})
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileWith(t *testing.T, b []byte) string {
	p := dbPath(t)
	writeFile(t, p, b)
	return p
}

// TestConcurrentWriters has writers of one Store and of two Stores on the
// same file update one record from version 1: exactly one wins. Creates of
// different records from both handles all succeed (the busy timeout waits
// for the other handle's writer).
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handles int
	}{
		{"OneStore", 1},
		{"TwoStores", 2},
		{"ThreeStores", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := dbPath(t)
			c := storetest.NewClock(base)
			var ss []*Store
			for range tt.handles {
				ss = append(ss, open(t, path, c.Now))
			}
			const writers = 12
			var wg sync.WaitGroup
			errs := make(chan error, writers)
			for i := range writers {
				wg.Go(func() {
					r := &store.Record{Owner: "esia-1", Application: storetest.Application(t, id(100+i), c.Now), Files: files(byte(i))}
					errs <- ss[i%len(ss)].Create(ctx, r)
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if l, err := ss[0].List(ctx, "esia-1"); err != nil || len(l) != writers {
				t.Fatalf("List = %d records, %v; want %d", len(l), err, writers)
			}

			var mu sync.Mutex
			wins, conflicts := 0, 0
			for i := range writers {
				wg.Go(func() {
					mine, err := ss[i%len(ss)].Get(ctx, id(100))
					if err != nil {
						t.Error(err)
						return
					}
					mine.Version = 1
					mine.Application.Fields.Position = fmt.Sprintf("Должность %d", i)
					err = ss[(i+1)%len(ss)].Update(ctx, mine)
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
				})
			}
			wg.Wait()
			if wins != 1 || conflicts != writers-1 {
				t.Fatalf("%d stale updates won, %d conflicted; want 1 and %d", wins, conflicts, writers-1)
			}
			for _, s := range ss {
				got, err := s.Get(ctx, id(100))
				if err != nil || got.Version != 2 {
					t.Fatalf("after the race: version %v, %v", got, err)
				}
			}
		})
	}
}

func TestClosedAndContext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, dbPath(t), nil)
	r := &store.Record{Owner: "esia-1", Application: storetest.Application(t, id(1), time.Now)}
	if err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	calls := []struct {
		name string
		call func(context.Context) error
	}{
		{"Create", func(ctx context.Context) error {
			return s.Create(ctx, &store.Record{Owner: "esia-1", Application: storetest.Application(t, id(2), time.Now)})
		}},
		{"Get", func(ctx context.Context) error { _, err := s.Get(ctx, id(1)); return err }},
		{"Update", func(ctx context.Context) error { return s.Update(ctx, r) }},
		{"Delete", func(ctx context.Context) error { return s.Delete(ctx, id(1)) }},
		{"List", func(ctx context.Context) error { _, err := s.List(ctx, "esia-1"); return err }},
	}
	for _, c := range calls {
		if err := c.call(cancelled); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context = %v", c.name, err)
		}
	}
	if n := count(t, s, `SELECT count(*) FROM applications`); n != 1 {
		t.Fatalf("%d records after cancelled calls, want 1", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	for _, c := range calls {
		if err := c.call(ctx); !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", c.name, err)
		}
	}
}

func BenchmarkCreateGet(b *testing.B) {
	ctx := context.Background()
	s := open(b, dbPath(b), nil)
	app := storetest.Application(b, id(0), time.Now)
	f := files(1)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		a := *app
		a.ID = id(n)
		r := &store.Record{Owner: "esia-1", Application: &a, Files: f}
		if err := s.Create(ctx, r); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Get(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
	}
}
