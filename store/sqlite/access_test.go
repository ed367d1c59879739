package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/storetest"
)

func TestAccessRegisterContract(t *testing.T) {
	t.Parallel()
	registertest.Run(t, func(t *testing.T) access.Register { return open(t, dbPath(t), nil).AccessRegister() })
}

// TestAccessRegisterShared: two stores on one file see each other's grants,
// and the grants survive a restart.
func TestAccessRegisterShared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := dbPath(t)
	a, b := open(t, path, nil), open(t, path, nil)
	r := registertest.Approved(t, registertest.ID(1), registertest.Employee(1), []string{"FRMR"}, registertest.At, "")
	if err := a.AccessRegister().Apply(ctx, r); err != nil {
		t.Fatal(err)
	}
	dup := registertest.Approved(t, registertest.ID(2), registertest.Employee(1), []string{"FRMR"}, registertest.At, "")
	if err := b.AccessRegister().Apply(ctx, dup); !errors.Is(err, access.ErrDuplicateGrant) {
		t.Fatalf("the second store applied a duplicate of the first store's grant: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AccessRegister().Grant(ctx, r.ID); err == nil {
		t.Fatal("a closed store answered")
	}
	c := open(t, path, func() time.Time { return registertest.At })
	g, err := c.AccessRegister().Grant(ctx, r.ID)
	if err != nil || g.EmployeeSNILS != r.Employee.SNILS {
		t.Fatalf("after restart: %+v, %v", g, err)
	}
	if n := count(t, c, `SELECT count(*) FROM access_grants`); n != 1 {
		t.Fatalf("%d rows", n)
	}
}

func TestAccessRequestsContract(t *testing.T) {
	t.Parallel()
	storetest.RunAccess(t, func(t *testing.T, now func() time.Time) store.AccessStore {
		return open(t, dbPath(t), now).AccessRequests()
	})
}
