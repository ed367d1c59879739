package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/sqlite"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "registrar-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "registrar.db")
	now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()

	s, err := sqlite.Open(ctx, path, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	app, err := application.Build(application.Input{
		ID:      "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f",
		Variant: application.VariantHead,
		Applicant: application.Applicant{Surname: "Тестова", GivenName: "Алёна", Patronymic: "Петровна",
			SNILS: "112-233-445 95", Email: "alena@example.test", Phone: "8 916 123-45-67", Level: application.LevelConfirmed},
		Organisation: application.Organisation{Name: "ООО «Тест-Медицина»", INN: "7707083893", OGRN: "1027700132195"},
		Fields:       application.Fields{RegionCode: "77", Position: "Главный врач"},
		Documents: application.Documents{Certificate: application.CertificateFacts{
			SerialNumber: "01A2", Subject: "CN=ООО «Тест-Медицина»", Issuer: "CN=Тестовый УЦ",
			NotBefore: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC),
			FingerprintSHA1: "0123456789ABCDEF0123456789ABCDEF01234567"}},
		Report: application.ReportSummary{Verdict: check.Pass, CheckedAt: now()},
		Now:    now,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := &store.Record{Owner: "esia-1000001", Application: app, Files: store.Files{Certificate: []byte{0x30, 0x82, 0x01, 0x0A}}}
	if err := s.Create(ctx, r); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Close(); err != nil { // a restart
		fmt.Println(err)
		return
	}

	s, err = sqlite.Open(ctx, path, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	got, err := s.Get(ctx, app.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Owner, got.Version, got.Application.Lifecycle.State, len(got.Files.Certificate), "bytes of certificate")
	stale := *r
	stale.Version = 0
	fmt.Println(s.Update(ctx, &stale))
	// Output:
	// esia-1000001 1 draft 4 bytes of certificate
	// store: application changed since it was read: 6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f is at version 1, not 0
}

// The access requests and the register of grants share the database file
// of the applications.
func ExampleStore_AccessRequests() {
	dir, err := os.MkdirTemp("", "registrar-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "registrar.db"), now)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	q, err := access.Build(access.Input{ID: registertest.ID(1), Action: access.ActionGrant, Registration: registertest.Registration(),
		Employee: registertest.Employee(1), Subsystems: []string{"FRMR"}, Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := s.AccessRequests().Create(ctx, &store.AccessRecord{Owner: "esia-1000001", Request: q}); err != nil {
		fmt.Println(err)
		return
	}
	list, err := s.AccessRequests().List(ctx, q.Registrar.ApplicationID)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Only an approved request changes the register.
	fmt.Println(s.AccessRegister().Apply(ctx, q))
	grants, err := s.AccessRegister().OrganisationGrants(ctx, access.OrganisationKey(q.Organisation))
	fmt.Println(len(list), list[0].State, list[0].Employee, len(grants), err)
	// Output:
	// access: the request is not accepted (state draft)
	// 1 draft Операторов Олег1 0 <nil>
}
