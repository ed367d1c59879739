package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/application"
)

// Encoded is the stored form of a record, shared by every implementation:
// the columns of the SQLite store, the values of the memory store.
type Encoded struct {
	ID           string
	Owner        string
	Variant      string // application.Variant code
	State        string // application.State code
	Organisation string // application.Organisation.String
	// XML is the application's canonical XML (application.Marshal).
	XML []byte
	// Lifecycle is the JSON of the lifecycle (see lifecycleJSON).
	Lifecycle []byte
	// Signature is the detached signature attached to the application.
	Signature []byte
	Files     Files
	Version   int64
	Updated   time.Time
}

// lifecycleJSON is the stored form of application.Lifecycle.
type lifecycleJSON struct {
	State   application.State `json:"state"`
	History []transitionJSON  `json:"history"`
}

type transitionJSON struct {
	From   application.State `json:"from"`
	To     application.State `json:"to"`
	At     time.Time         `json:"at"`
	Action string            `json:"action"`
	Note   string            `json:"note,omitempty"`
}

// encodeLifecycle returns the stored form of a lifecycle.
func encodeLifecycle(l application.Lifecycle) ([]byte, error) {
	lj := lifecycleJSON{State: l.State, History: make([]transitionJSON, len(l.History))}
	for i, t := range l.History {
		lj.History[i] = transitionJSON{From: t.From, To: t.To, At: t.At.UTC(), Action: t.Action, Note: t.Note}
	}
	return json.Marshal(lj)
}

// decodeLifecycle reads what encodeLifecycle wrote.
func decodeLifecycle(data []byte) (application.Lifecycle, error) {
	var lj lifecycleJSON
	if err := json.Unmarshal(data, &lj); err != nil {
		return application.Lifecycle{}, err
	}
	l := application.Lifecycle{State: lj.State}
	for _, t := range lj.History {
		l.History = append(l.History, application.Transition{From: t.From, To: t.To, At: t.At.UTC(), Action: t.Action, Note: t.Note})
	}
	return l, nil
}

// Encode returns the stored form of r (errors match ErrInvalid). The
// byte slices are copies: changing r later does not change them.
func Encode(r *Record) (Encoded, error) {
	if r == nil || r.Application == nil {
		return Encoded{}, fmt.Errorf("%w: no application", ErrInvalid)
	}
	if r.Owner == "" {
		return Encoded{}, fmt.Errorf("%w: no owner", ErrInvalid)
	}
	a := r.Application
	x, err := a.Marshal()
	if err != nil {
		return Encoded{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	l, err := encodeLifecycle(a.Lifecycle)
	if err != nil {
		return Encoded{}, fmt.Errorf("%w: lifecycle: %w", ErrInvalid, err)
	}
	return Encoded{
		ID:           a.ID,
		Owner:        r.Owner,
		Variant:      a.Variant.Code(),
		State:        a.Lifecycle.State.String(),
		Organisation: a.Organisation.String(),
		XML:          x,
		Lifecycle:    l,
		Signature:    bytes.Clone(a.Signature),
		Files: Files{
			Certificate:   bytes.Clone(r.Files.Certificate),
			MCHD:          bytes.Clone(r.Files.MCHD),
			MCHDSignature: bytes.Clone(r.Files.MCHDSignature),
		},
		Version: r.Version,
		Updated: r.Updated.UTC(),
	}, nil
}

// Decode returns the record e stores, with copies of its bytes.
func (e Encoded) Decode() (*Record, error) {
	a, err := application.Unmarshal(e.XML)
	if err != nil {
		return nil, fmt.Errorf("store: application %s: %w", e.ID, err)
	}
	if a.ID != e.ID {
		return nil, fmt.Errorf("store: application %s holds the XML of %s", e.ID, a.ID)
	}
	if a.Lifecycle, err = decodeLifecycle(e.Lifecycle); err != nil {
		return nil, fmt.Errorf("store: application %s: lifecycle: %w", e.ID, err)
	}
	a.Signature = bytes.Clone(e.Signature)
	return &Record{
		Owner:       e.Owner,
		Application: a,
		Files: Files{
			Certificate:   bytes.Clone(e.Files.Certificate),
			MCHD:          bytes.Clone(e.Files.MCHD),
			MCHDSignature: bytes.Clone(e.Files.MCHDSignature),
		},
		Version: e.Version,
		Updated: e.Updated.UTC(),
	}, nil
}

// Summary returns the list entry of e.
func (e Encoded) Summary() (Summary, error) {
	v, err := application.ParseVariant(e.Variant)
	if err != nil {
		return Summary{}, fmt.Errorf("store: application %s: %w", e.ID, err)
	}
	s, err := application.ParseState(e.State)
	if err != nil {
		return Summary{}, fmt.Errorf("store: application %s: %w", e.ID, err)
	}
	return Summary{ID: e.ID, Owner: e.Owner, Variant: v, State: s, Organisation: e.Organisation,
		Version: e.Version, Updated: e.Updated}, nil
}
