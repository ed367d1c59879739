// Package store keeps applications between requests: drafts with the
// files they were built from, and applications signed, submitted and
// decided. A deployment (the web wrapper examples/registrar-web) picks an
// implementation: [Memory] for tests and demos, or the SQLite store in
// package store/sqlite for state that survives a restart.
//
// Every implementation keeps a record in the same encoded form (see
// [Encode]): the application's canonical XML, its lifecycle and its
// signature, plus the uploaded files. A record read back is equal to the
// one written (application.Application.Equal, the same lifecycle, the same
// bytes), never an alias of it: changing a record after Create or Update
// does not change what the store holds.
//
// The requests to grant or revoke access that an approved Регистратор
// files (package access) are kept the same way by an [AccessStore]:
// [AccessMemory], or the SQLite file's table access_requests.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/egisz-lk/registrar/application"
)

// Errors of every implementation, matched with errors.Is.
var (
	// ErrNotFound: no record with that ID.
	ErrNotFound = errors.New("store: no such application")
	// ErrExists: Create of an ID that is already stored.
	ErrExists = errors.New("store: application already exists")
	// ErrConflict: Update of a record whose Version is not the stored
	// one (someone else changed it since it was read).
	ErrConflict = errors.New("store: application changed since it was read")
	// ErrInvalid: a record that cannot be stored (no application, an
	// application whose content does not marshal, an empty owner).
	ErrInvalid = errors.New("store: invalid record")
	// ErrClosed: a call after Close.
	ErrClosed = errors.New("store: closed")
)

// Files are the uploads an application was built from, kept with it until
// it is deleted.
type Files struct {
	Certificate   []byte
	MCHD          []byte
	MCHDSignature []byte
}

// Size returns the number of bytes of all files.
func (f Files) Size() int { return len(f.Certificate) + len(f.MCHD) + len(f.MCHDSignature) }

// Record is one stored application.
type Record struct {
	// Owner identifies the account the application belongs to (the ЕСИА
	// user ID); never empty.
	Owner string
	// Application is the content, lifecycle and signature; its ID is the
	// record's ID.
	Application *application.Application
	// Files the application was built from.
	Files Files
	// Version is 1 after Create and grows by one with every Update; an
	// Update must carry the version it read.
	Version int64
	// Updated is when the record was last written (the store's clock, UTC).
	Updated time.Time
}

// ID returns the application's ID, or "" without an application.
func (r *Record) ID() string {
	if r == nil || r.Application == nil {
		return ""
	}
	return r.Application.ID
}

// Summary is what a list of applications shows.
type Summary struct {
	ID           string
	Owner        string
	Variant      application.Variant
	State        application.State
	Organisation string
	Version      int64
	Updated      time.Time
}

// Store keeps records. Implementations are safe for concurrent use.
type Store interface {
	// Create stores a new record (ErrExists if its ID is taken) and sets
	// r.Version to 1 and r.Updated.
	Create(ctx context.Context, r *Record) error
	// Get returns the record with the ID, or ErrNotFound.
	Get(ctx context.Context, id string) (*Record, error)
	// Update replaces a record if r.Version is the stored version
	// (otherwise ErrConflict; ErrNotFound if there is none) and then
	// increments r.Version and sets r.Updated.
	Update(ctx context.Context, r *Record) error
	// Delete removes the record and its files (ErrNotFound if there is
	// none).
	Delete(ctx context.Context, id string) error
	// List returns the summaries of the owner's records, the most
	// recently updated first.
	List(ctx context.Context, owner string) ([]Summary, error)
	// Close releases the store's resources.
	Close() error
}
