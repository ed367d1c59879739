package access_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/application"
)

// exampleInput is a grant of FRMR and REMD by the head of a synthetic
// organisation, registered by an approved application.
func exampleInput() access.Input {
	return access.Input{
		ID:           "5a5a5a5a-0000-4000-8000-000000000001",
		Action:       access.ActionGrant,
		Registration: registertest.Registration(),
		Employee: access.Employee{Surname: "Операторова", GivenName: "Ольга", Patronymic: "Игоревна",
			SNILS: "157-834-229 95", Email: "operator@example.test", Position: "Медицинский статистик"},
		Subsystems: []string{"REMD", "FRMR"},
		ValidFrom:  time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Now:        func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) },
	}
}

func ExampleBuild() {
	r, err := access.Build(exampleInput())
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Lifecycle.State, r.Action, r.Power, r.Employee.SNILS)
	for _, s := range r.Subsystems {
		fmt.Println(s.Code, s.Name)
	}
	// A Регистратор never grants the «Регистратор» power.
	in := exampleInput()
	in.Power = application.PowerCode
	_, err = access.Build(in)
	var ie *access.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.Results[0].ID, ie.Results[0].Status)
	}
	// Output:
	// draft grant OPERATOR 15783422995
	// FRMR Федеральный регистр медицинских работников
	// REMD Реестр электронных медицинских документов
	// ACC-POWER fail
}

func ExampleRequest_Marshal() {
	r, _ := access.Build(exampleInput())
	x, err := r.Marshal()
	if err != nil {
		panic(err)
	}
	back, err := access.Unmarshal(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", x[:38])
	fmt.Println(back.Equal(r), back.Subsystems[1].Code)
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// true REMD
}

func ExampleUnmarshal() {
	_, err := access.Unmarshal([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>`))
	fmt.Println(errors.Is(err, access.ErrXML))
	// Output:
	// true
}

func ExampleRequest_Approve() {
	ctx := context.Background()
	reg := &access.Memory{}
	r, _ := access.Build(exampleInput())
	// The register takes only an approved request.
	fmt.Println(errors.Is(reg.Apply(ctx, r), access.ErrNotAccepted))
	// In the service the request is saved, exported, signed by the
	// Регистратор (AttachSignature) and submitted; here its state is set
	// as a store would load a submitted request.
	r.Lifecycle.State = application.StateSubmitted
	if err := r.Approve(ctx, reg); err != nil {
		panic(err)
	}
	g, _ := reg.Grant(ctx, r.ID)
	fmt.Println(r.Lifecycle.State, g.Power, g.Subsystems, g.Active(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)))
	// Output:
	// true
	// approved OPERATOR [FRMR REMD] true
}

func ExampleCatalogue_With() {
	cat, err := access.DefaultCatalogue().With(access.Subsystem{Code: "LK_EGISZ", Name: "Личный кабинет ЕГИСЗ"})
	if err != nil {
		panic(err)
	}
	name, ok := cat.Name("LK_EGISZ")
	fmt.Println(name, ok, len(cat.Subsystems()))
	// Output:
	// Личный кабинет ЕГИСЗ true 9
}

func ExampleRequest_PrintHTML() {
	r, _ := access.Build(exampleInput())
	h, err := r.PrintHTML()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", h[:15])
	// Output:
	// <!DOCTYPE html>
}

func ExampleRequest_Deadline() {
	r, _ := access.Build(exampleInput())
	r.Lifecycle = application.Lifecycle{State: application.StateSubmitted, History: []application.Transition{
		{From: application.StateSigned, To: application.StateSubmitted, Action: "submit",
			At: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}}} // a Friday
	due, err := r.Deadline(application.RussianCalendar())
	fmt.Println(due.Format("02.01.2006 15:04"), err)
	// Output:
	// 09.12.2026 23:59 <nil>
}
