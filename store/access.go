package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
)

// AccessRecord is one stored request to grant or revoke access (package
// access): drafts and saved requests as the Регистратор edits them, and
// requests signed, submitted and decided. The register of grants an
// approved request updates is access.Register, not this store.
type AccessRecord struct {
	// Owner identifies the account the request belongs to (the ЕСИА user
	// ID of the Регистратор, or the API's owner); never empty.
	Owner string
	// Request is the content, lifecycle and signature; its ID is the
	// record's ID, its Registrar.ApplicationID the registration it is
	// listed under.
	Request *access.Request
	// Version is 1 after Create and grows by one with every Update; an
	// Update must carry the version it read.
	Version int64
	// Updated is when the record was last written (the store's clock, UTC).
	Updated time.Time
}

// ID returns the request's ID, or "" without a request.
func (r *AccessRecord) ID() string {
	if r == nil || r.Request == nil {
		return ""
	}
	return r.Request.ID
}

// AccessSummary is what a list of access requests shows.
type AccessSummary struct {
	ID    string
	Owner string
	// Registration is the ID of the Регистратор's registration application.
	Registration string
	Action       access.Action
	State        application.State
	// Employee is the employee's full name; SNILS his 11 digits.
	Employee string
	SNILS    string
	// Revokes is the grant a revocation ends.
	Revokes string
	Version int64
	Updated time.Time
}

// AccessStore keeps access requests; the errors are those of Store
// (ErrNotFound, ErrExists, ErrConflict, ErrInvalid, ErrClosed), and the
// versioning is Store's. Implementations: [AccessMemory] and the
// AccessRequests of package store/sqlite, in the same database file as the
// applications and the register of grants. Implementations are safe for
// concurrent use.
type AccessStore interface {
	// Create stores a new record (ErrExists if its ID is taken) and sets
	// r.Version to 1 and r.Updated.
	Create(ctx context.Context, r *AccessRecord) error
	// Get returns the record with the ID, or ErrNotFound.
	Get(ctx context.Context, id string) (*AccessRecord, error)
	// Update replaces a record if r.Version is the stored version
	// (otherwise ErrConflict; ErrNotFound if there is none), then
	// increments r.Version and sets r.Updated.
	Update(ctx context.Context, r *AccessRecord) error
	// Delete removes the record (ErrNotFound if there is none).
	Delete(ctx context.Context, id string) error
	// List returns the summaries of the requests filed under the
	// registration application, the most recently updated first.
	List(ctx context.Context, registration string) ([]AccessSummary, error)
}

// AccessEncoded is the stored form of an access record, shared by every
// implementation: the columns of the SQLite table access_requests, the
// values of the memory store.
type AccessEncoded struct {
	ID           string
	Owner        string
	Registration string
	Action       string // access.Action code
	State        string // application.State code
	Employee     string
	SNILS        string
	Revokes      string
	// XML is the request's canonical XML (access.Request.Marshal).
	XML []byte
	// Lifecycle is the JSON of the lifecycle, as for applications.
	Lifecycle []byte
	// Signature is the detached signature attached to the request.
	Signature []byte
	Version   int64
	Updated   time.Time
}

// EncodeAccess returns the stored form of r (errors match ErrInvalid);
// the byte slices are copies.
func EncodeAccess(r *AccessRecord) (AccessEncoded, error) {
	if r == nil || r.Request == nil {
		return AccessEncoded{}, fmt.Errorf("%w: no access request", ErrInvalid)
	}
	if r.Owner == "" {
		return AccessEncoded{}, fmt.Errorf("%w: no owner", ErrInvalid)
	}
	q := r.Request
	x, err := q.Marshal()
	if err != nil {
		return AccessEncoded{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	l, err := encodeLifecycle(q.Lifecycle)
	if err != nil {
		return AccessEncoded{}, fmt.Errorf("%w: lifecycle: %w", ErrInvalid, err)
	}
	return AccessEncoded{ID: q.ID, Owner: r.Owner, Registration: q.Registrar.ApplicationID, Action: q.Action.Code(),
		State: q.Lifecycle.State.String(), Employee: q.Employee.FullName(), SNILS: q.Employee.SNILS, Revokes: q.Revokes,
		XML: x, Lifecycle: l, Signature: bytes.Clone(q.Signature), Version: r.Version, Updated: r.Updated.UTC()}, nil
}

// Decode returns the record e stores, with copies of its bytes.
func (e AccessEncoded) Decode() (*AccessRecord, error) {
	q, err := access.Unmarshal(e.XML)
	if err != nil {
		return nil, fmt.Errorf("store: access request %s: %w", e.ID, err)
	}
	if q.ID != e.ID {
		return nil, fmt.Errorf("store: access request %s holds the XML of %s", e.ID, q.ID)
	}
	if q.Lifecycle, err = decodeLifecycle(e.Lifecycle); err != nil {
		return nil, fmt.Errorf("store: access request %s: lifecycle: %w", e.ID, err)
	}
	q.Signature = bytes.Clone(e.Signature)
	return &AccessRecord{Owner: e.Owner, Request: q, Version: e.Version, Updated: e.Updated.UTC()}, nil
}

// Summary returns the list entry of e.
func (e AccessEncoded) Summary() (AccessSummary, error) {
	a, err := access.ParseAction(e.Action)
	if err != nil {
		return AccessSummary{}, fmt.Errorf("store: access request %s: %w", e.ID, err)
	}
	s, err := application.ParseState(e.State)
	if err != nil {
		return AccessSummary{}, fmt.Errorf("store: access request %s: %w", e.ID, err)
	}
	return AccessSummary{ID: e.ID, Owner: e.Owner, Registration: e.Registration, Action: a, State: s, Employee: e.Employee,
		SNILS: e.SNILS, Revokes: e.Revokes, Version: e.Version, Updated: e.Updated}, nil
}

// SortAccessSummaries orders summaries as List returns them: the most
// recently updated first, then by ID.
func SortAccessSummaries(s []AccessSummary) {
	slices.SortFunc(s, func(a, b AccessSummary) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}

// AccessMemory is an AccessStore in memory, for tests and demos; it keeps
// records in their encoded form. The zero value is not ready: use
// NewAccessMemory.
type AccessMemory struct {
	t table[AccessEncoded]
}

var _ AccessStore = (*AccessMemory)(nil)

// NewAccessMemory returns an empty memory store of access requests; now
// is its clock (nil: time.Now).
func NewAccessMemory(now func() time.Time) *AccessMemory {
	return &AccessMemory{t: newTable(now, func(e *AccessEncoded) (string, *int64, *time.Time) { return e.ID, &e.Version, &e.Updated })}
}

func (m *AccessMemory) write(ctx context.Context, r *AccessRecord, create bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e, err := EncodeAccess(r)
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

// Create implements AccessStore.
func (m *AccessMemory) Create(ctx context.Context, r *AccessRecord) error {
	return m.write(ctx, r, true)
}

// Update implements AccessStore.
func (m *AccessMemory) Update(ctx context.Context, r *AccessRecord) error {
	return m.write(ctx, r, false)
}

// Get implements AccessStore.
func (m *AccessMemory) Get(ctx context.Context, id string) (*AccessRecord, error) {
	e, err := m.t.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.Decode()
}

// Delete implements AccessStore.
func (m *AccessMemory) Delete(ctx context.Context, id string) error { return m.t.remove(ctx, id) }

// List implements AccessStore.
func (m *AccessMemory) List(ctx context.Context, registration string) ([]AccessSummary, error) {
	var out []AccessSummary
	err := m.t.each(ctx, func(e AccessEncoded) error {
		if e.Registration != registration {
			return nil
		}
		s, err := e.Summary()
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	SortAccessSummaries(out)
	return out, nil
}
