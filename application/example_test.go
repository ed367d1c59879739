package application_test

import (
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
)

func exampleInput() application.Input {
	return application.Input{
		ID:      "3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b",
		Variant: application.VariantHead,
		Applicant: application.Applicant{Surname: "Тестова", GivenName: "Алёна", Patronymic: "Петровна",
			SNILS: "112-233-445 95", Email: "alena@example.test", Phone: "8 916 123-45-67", Level: application.LevelConfirmed},
		Organisation: application.Organisation{Name: "ООО «Тест-Медицина»", INN: "7707083893", OGRN: "1027700132195"},
		Fields:       application.Fields{RegionCode: "77", Position: "Главный врач"},
		Documents: application.Documents{Certificate: application.CertificateFacts{
			SerialNumber: "01A2", Subject: "CN=ООО «Тест-Медицина»", Issuer: "CN=Тестовый УЦ",
			NotBefore: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), NotAfter: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC),
			FingerprintSHA1: "0123456789ABCDEF0123456789ABCDEF01234567"}},
		Report: application.ReportSummary{Verdict: check.Pass, CheckedAt: time.Date(2025, 6, 2, 7, 29, 0, 0, time.UTC)},
		Now:    func() time.Time { return time.Date(2025, 6, 2, 7, 30, 0, 0, time.UTC) },
	}
}

func ExampleBuild() {
	app, err := application.Build(exampleInput())
	if err != nil {
		panic(err)
	}
	x, err := app.Marshal()
	if err != nil {
		panic(err)
	}
	fmt.Println(app.Lifecycle.State, app.Fields.Phone, len(x) > 0)
	fmt.Printf("%s\n", x[:39])
	// Output:
	// draft +79161234567 true
	// <?xml version="1.0" encoding="UTF-8"?>
}

func ExampleApplication_Save() {
	app, _ := application.Build(exampleInput())
	if _, err := app.Save(); err != nil {
		panic(err)
	}
	// Editing a saved application returns it to draft.
	f := app.Fields
	f.Position = "Заместитель главного врача"
	_, _ = app.Edit(f)
	fmt.Println(app.Lifecycle.State)
	_, _ = app.Save()
	err := app.Submit() // not signed yet
	fmt.Println(err)
	fmt.Println(app.Delete(), app.Lifecycle.State)
	// Output:
	// draft
	// application: cannot submit: saved → submitted is not allowed (переход из состояния «сохранена» в состояние «на рассмотрении» невозможен)
	// <nil> deleted
}

func ExampleReviewDeadline() {
	cal := application.RussianCalendar()
	// Submitted on Friday 27 December 2024: Saturday 28 December was a
	// working day, then the New Year holidays until 8 January.
	submitted := time.Date(2024, 12, 27, 15, 0, 0, 0, time.FixedZone("MSK", 3*60*60))
	due, err := application.ReviewDeadline(submitted, cal)
	if err != nil {
		panic(err)
	}
	fmt.Println(due.Format("2006-01-02 15:04:05 MST"))
	// Output:
	// 2025-01-10 23:59:59 MSK
}
