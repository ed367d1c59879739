package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/egisz-lk/registrar/application"
)

// Grant is one entry of the register «Реестр пользователей ЕГИСЗ и их
// полномочий»: a power with subsystems granted to an employee of an
// organisation by an accepted request, and its revocation.
type Grant struct {
	// ID is the ID of the request that granted it.
	ID string `json:"id"`
	// Organisation is the OrganisationKey (ОГРН or ОГРНИП).
	Organisation string `json:"organisation"`
	// EmployeeSNILS is the employee's 11 digits.
	EmployeeSNILS string `json:"employee_snils"`
	// Employee is the employee as the request named him.
	Employee Employee `json:"employee"`
	// Power is the power code; Subsystems the subsystem codes, sorted.
	Power      string   `json:"power"`
	Subsystems []string `json:"subsystems"`
	// ValidFrom and ValidTo are the dates of the grant (ValidTo zero: no
	// end).
	ValidFrom time.Time `json:"valid_from"`
	ValidTo   time.Time `json:"valid_to,omitzero"`
	// GrantedAt is when the granting request was approved (UTC).
	GrantedAt time.Time `json:"granted_at"`
	// RevokedBy is the ID of the accepted revocation, empty while the
	// grant stands; RevokedAt is when it was approved, its ValidFrom the
	// date access ended (RevokedFrom).
	RevokedBy   string    `json:"revoked_by,omitempty"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
	RevokedFrom time.Time `json:"revoked_from,omitzero"`
}

// Active reports whether the grant stands on the date of at: not revoked
// (a revocation takes effect from its date) and within ValidTo.
func (g *Grant) Active(at time.Time) bool {
	day := utcDate(at)
	if g.RevokedBy != "" && !day.Before(g.RevokedFrom) {
		return false
	}
	return g.ValidTo.IsZero() || !day.After(g.ValidTo)
}

// Register is the register of grants. Implementations: Memory (this
// package) and sqlite.AccessRegister (store/sqlite, sharing the database
// file of the web wrapper's store). Every implementation is safe for
// concurrent use.
type Register interface {
	// Grant returns the grant with the ID (the ID of the request that
	// granted it); an error matching ErrGrantNotFound when there is none.
	Grant(ctx context.Context, id string) (Grant, error)
	// Grants returns every grant, standing or revoked, of the employee
	// (СНИЛС, 11 digits) in the organisation (OrganisationKey), ordered by
	// ID.
	Grants(ctx context.Context, organisation, snils string) ([]Grant, error)
	// OrganisationGrants returns every grant, standing or revoked, of
	// every employee of the organisation (OrganisationKey), ordered by
	// ID: what the organisation's Регистратор sees of the register.
	OrganisationGrants(ctx context.Context, organisation string) ([]Grant, error)
	// Apply records an accepted request atomically: a grant is inserted,
	// a revocation marks its grant revoked. It refuses, changing nothing,
	// a request that is not approved (ErrNotAccepted: the register is
	// updated only by an accepted request; see Request.Change) and one
	// that conflicts with the register as it is at that moment
	// (ErrDuplicateGrant, ErrGrantNotFound, ErrGrantNotActive, ErrConflict).
	Apply(ctx context.Context, r *Request) error
}

// Errors of the register.
var (
	// ErrGrantNotFound: no grant with that ID.
	ErrGrantNotFound = errors.New("access: grant not found")
	// ErrNotAccepted: the request is not approved; the register is
	// updated only by an accepted request.
	ErrNotAccepted = errors.New("access: the request is not accepted")
	// ErrDuplicateGrant: the employee already has a standing grant of the
	// same power for one of the subsystems.
	ErrDuplicateGrant = errors.New("access: duplicate standing grant")
	// ErrGrantNotActive: the revoked grant no longer stands.
	ErrGrantNotActive = errors.New("access: the grant does not stand")
	// ErrConflict: the revocation does not match its grant (another
	// employee, power or subsystems), or the grant's ID is taken.
	ErrConflict = errors.New("access: the request conflicts with the register")
)

// Change is what an accepted request does to the register: the grant to
// insert, or the grant to mark revoked. Only Request.Change makes one.
type Change struct {
	// Grant is the new grant (a grant request) or the grant as the
	// revocation names it (ID, organisation, employee, power, subsystems).
	Grant Grant
	// Revoke reports a revocation; RevokedBy, RevokedAt and RevokedFrom
	// of Grant are then what to record.
	Revoke bool
}

// Change returns what the request does to the register. The request must
// be approved (ErrNotAccepted otherwise): a Register's Apply calls it, so
// that nothing but an accepted request updates a register.
func (r *Request) Change() (Change, error) {
	if r.Lifecycle.State != application.StateApproved {
		return Change{}, fmt.Errorf("%w (state %s)", ErrNotAccepted, r.Lifecycle.State)
	}
	at, _ := r.Lifecycle.At(application.StateApproved)
	g := Grant{ID: r.ID, Organisation: OrganisationKey(r.Organisation), EmployeeSNILS: r.Employee.SNILS,
		Employee: r.Employee, Power: r.Power, Subsystems: r.SubsystemCodes(), ValidFrom: r.ValidFrom, ValidTo: r.ValidTo,
		GrantedAt: at.UTC()}
	if r.Action == ActionRevoke {
		g = Grant{ID: r.Revokes, Organisation: g.Organisation, EmployeeSNILS: g.EmployeeSNILS, Power: g.Power,
			Subsystems: g.Subsystems, RevokedBy: r.ID, RevokedAt: at.UTC(), RevokedFrom: r.ValidFrom}
		return Change{Grant: g, Revoke: true}, nil
	}
	return Change{Grant: g}, nil
}

// Recorded reports whether the change is already in a register in which
// existing is what CheckAgainst is given: the grant recorded under the
// request's ID with the same organisation, employee, power, subsystems and
// dates, or the grant revoked by this very revocation. A Register's Apply
// returns nil for it without writing, so that approving again after a
// failure between recording the change and storing the approved request
// completes the approval instead of failing.
func (ch Change) Recorded(existing []Grant) bool {
	g := ch.Grant
	for _, old := range existing {
		if old.ID != g.ID {
			continue
		}
		if ch.Revoke {
			return g.RevokedBy != "" && old.RevokedBy == g.RevokedBy
		}
		return old.Organisation == g.Organisation && old.EmployeeSNILS == g.EmployeeSNILS && old.Power == g.Power &&
			slices.Equal(old.Subsystems, g.Subsystems) && old.ValidFrom.Equal(g.ValidFrom) && old.ValidTo.Equal(g.ValidTo)
	}
	return false
}

// CheckAgainst decides whether the change may be applied to a register in
// which existing is the grant a revocation names (nil when there is none)
// or, for a grant, every grant of the same employee in the same
// organisation. Register implementations call it inside their transaction.
func (ch Change) CheckAgainst(existing []Grant) error {
	g := ch.Grant
	if ch.Revoke {
		if len(existing) == 0 {
			return fmt.Errorf("%w: %s", ErrGrantNotFound, g.ID)
		}
		old := existing[0]
		if !old.Active(g.RevokedFrom) {
			return fmt.Errorf("%w: %s", ErrGrantNotActive, old.ID)
		}
		if old.Organisation != g.Organisation || old.EmployeeSNILS != g.EmployeeSNILS || old.Power != g.Power ||
			!slices.Equal(old.Subsystems, g.Subsystems) {
			return fmt.Errorf("%w: revocation %s does not match grant %s", ErrConflict, g.RevokedBy, old.ID)
		}
		return nil
	}
	for _, old := range existing {
		if old.ID == g.ID {
			return fmt.Errorf("%w: grant %s is already recorded", ErrConflict, g.ID)
		}
	}
	c := &Content{ID: g.ID, Power: g.Power, ValidFrom: g.ValidFrom}
	for _, s := range g.Subsystems {
		c.Subsystems = append(c.Subsystems, Subsystem{Code: s})
	}
	if old, common, dup := duplicateOf(c, existing); dup {
		return fmt.Errorf("%w: %s already granted by %s", ErrDuplicateGrant, strings.Join(common, ", "), old.ID)
	}
	return nil
}

// duplicateOf returns the first grant of gs, other than c's own, that
// stands on c's start date with the same power and shares subsystems with
// c, and the shared codes.
func duplicateOf(c *Content, gs []Grant) (Grant, []string, bool) {
	for _, g := range gs {
		if g.ID == c.ID || g.Power != c.Power || !g.Active(c.ValidFrom) {
			continue
		}
		var common []string
		for _, s := range c.Subsystems {
			if slices.Contains(g.Subsystems, s.Code) {
				common = append(common, s.Code)
			}
		}
		if len(common) > 0 {
			return g, common, true
		}
	}
	return Grant{}, nil, false
}

// Memory is a Register in memory, for tests and single-process use. The
// zero value is empty and ready.
type Memory struct {
	mu     sync.RWMutex
	grants map[string]Grant
}

var _ Register = (*Memory)(nil)

// Grant implements Register.
func (m *Memory) Grant(ctx context.Context, id string) (Grant, error) {
	if err := ctx.Err(); err != nil {
		return Grant{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	g, ok := m.grants[id]
	if !ok {
		return Grant{}, fmt.Errorf("%w: %s", ErrGrantNotFound, id)
	}
	return cloneGrant(g), nil
}

// Grants implements Register.
func (m *Memory) Grants(ctx context.Context, organisation, snils string) ([]Grant, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.grantsOf(organisation, snils), nil
}

// OrganisationGrants implements Register.
func (m *Memory) OrganisationGrants(ctx context.Context, organisation string) ([]Grant, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.grantsOf(organisation, ""), nil
}

// grantsOf returns the grants of the organisation, of the employee with
// the СНИЛС unless it is empty, ordered by ID.
func (m *Memory) grantsOf(organisation, snils string) []Grant {
	var out []Grant
	for _, g := range m.grants {
		if g.Organisation == organisation && (snils == "" || g.EmployeeSNILS == snils) {
			out = append(out, cloneGrant(g))
		}
	}
	slices.SortFunc(out, func(a, b Grant) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Apply implements Register.
func (m *Memory) Apply(ctx context.Context, r *Request) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ch, err := r.Change()
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.grants == nil {
		m.grants = map[string]Grant{}
	}
	g := ch.Grant
	if ch.Revoke {
		var existing []Grant
		if old, ok := m.grants[g.ID]; ok {
			existing = []Grant{old}
		}
		if ch.Recorded(existing) {
			return nil
		}
		if err := ch.CheckAgainst(existing); err != nil {
			return err
		}
		old := m.grants[g.ID]
		old.RevokedBy, old.RevokedAt, old.RevokedFrom = g.RevokedBy, g.RevokedAt, g.RevokedFrom
		m.grants[g.ID] = old
		return nil
	}
	existing := m.grantsOf(g.Organisation, g.EmployeeSNILS)
	if _, taken := m.grants[g.ID]; taken {
		existing = append(existing, m.grants[g.ID])
	}
	if ch.Recorded(existing) {
		return nil
	}
	if err := ch.CheckAgainst(existing); err != nil {
		return err
	}
	m.grants[g.ID] = cloneGrant(g)
	return nil
}

func cloneGrant(g Grant) Grant {
	g.Subsystems = slices.Clone(g.Subsystems)
	return g
}
