package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/store"
)

// An access request is kept from draft to decision; List shows the
// requests of a registration.
func ExampleAccessMemory() {
	now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	s := store.NewAccessMemory(now)
	reg := registertest.Registration() // an approved registration application
	q, err := access.Build(access.Input{ID: "5a5a5a5a-0000-4000-8000-000000000001", Action: access.ActionGrant,
		Registration: reg, Employee: registertest.Employee(1), Subsystems: []string{"REMD", "FRMR"}, Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := &store.AccessRecord{Owner: "esia-1000001", Request: q}
	if err := s.Create(ctx, r); err != nil {
		fmt.Println(err)
		return
	}
	if err := q.Save(); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Update(ctx, r); err != nil {
		fmt.Println(err)
		return
	}
	list, err := s.List(ctx, reg.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range list {
		fmt.Println(x.ID, x.Action, x.State, x.Employee, x.Version)
	}
	got, err := s.Get(ctx, q.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Request.SubsystemCodes(), got.Request.Lifecycle.History[0].Action)
	// Output:
	// 5a5a5a5a-0000-4000-8000-000000000001 grant saved Операторов Олег1 2
	// [FRMR REMD] save
}
