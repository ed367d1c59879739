package application

import (
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
)

var (
	testCreated = time.Date(2025, 6, 2, 7, 30, 0, 0, time.UTC)
	testChecked = time.Date(2025, 6, 2, 7, 29, 12, 0, time.UTC)
)

// fixedClock returns a clock that starts at t and advances by a minute on
// every call.
func fixedClock(t time.Time) func() time.Time {
	return func() time.Time {
		now := t
		t = t.Add(time.Minute)
		return now
	}
}

func testApplicant() Applicant {
	return Applicant{Surname: "Тестова", GivenName: "Алёна", Patronymic: "Петровна",
		SNILS: "112-233-445 95", INN: "500100732259", Email: "alena@example.test",
		Phone: "8 (916) 123-45-67", Level: LevelConfirmed}
}

func testCert(serial string) CertificateFacts {
	return CertificateFacts{
		SerialNumber:           serial,
		Subject:                `CN=ООО «Тест-Медицина», O=ООО «Тест-Медицина», SN=Тестова, G=Алёна Петровна, SNILS=11223344595`,
		Issuer:                 "CN=Тестовый УЦ, O=Тестовый УЦ & Co <test>",
		NotBefore:              time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC),
		NotAfter:               time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC),
		FingerprintSHA1:        "0123456789ABCDEF0123456789ABCDEF01234567",
		FingerprintStreebog256: "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
	}
}

func testInput(v Variant) Input {
	in := Input{
		ID:        "3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b",
		Variant:   v,
		Applicant: testApplicant(),
		Organisation: Organisation{Name: `ГБУЗ «Городская поликлиника № 1» "Тест"`, INN: "7707083893",
			KPP: "773601001", OGRN: "1027700132195"},
		Fields:    Fields{RegionCode: "77", Position: "Заместитель главного врача"},
		Documents: Documents{Certificate: testCert("01A2B3C4D5E6F708")},
		Report: ReportSummary{Verdict: check.Warn, CheckedAt: testChecked, Results: check.Results{
			{ID: "CERT-KIND", Status: check.Pass, Message: "Тип владельца сертификата определён", Citation: "63-ФЗ, ст. 17"},
			{ID: "SIG-CERT-CHAIN", Status: check.Warn, Message: "Цепочка не проверена", Detail: "chain not checked", Citation: "63-ФЗ, ст. 11"},
			{ID: "CHAIN-REVOCATION", Status: check.Warn, Message: "Статус отзыва не проверен", Citation: "63-ФЗ, ст. 14",
				Waiver: check.WaiveRevocation, Waived: true},
		}},
		Now: fixedClock(testCreated),
	}
	if v.NeedsMCHD() {
		signer := testCert("7F")
		in.Documents.MCHD = &MCHDFacts{Number: "a1b2c3d4-0000-4000-8000-000000000001",
			IssueDate: time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC), ExpiryDate: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC),
			PowerCode: MCHDPowerCode, Signer: &signer}
	}
	return in
}

func mustBuild(t testing.TB, in Input) *Application {
	t.Helper()
	a, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustSave(t testing.TB, a *Application) {
	t.Helper()
	if _, err := a.Save(); err != nil {
		t.Fatal(err)
	}
}
