package application_test

import (
	"fmt"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/mchd"
)

// exampleSetup returns the synthetic fixture set and check options trusting
// its test PKI at the fixtures' validation time.
func exampleSetup() (*fixtures.Set, application.CheckOptions) {
	s, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		panic(err)
	}
	chain, err := s.VerifyOptions(fixtures.At) // roots and CAs of the trusted list, CRLs
	if err != nil {
		panic(err)
	}
	// The statuses of the МЧД in the ФНС registry, here from an offline copy
	// (mchd.HTTPStatus asks a check service; without a registry the
	// verdict is indeterminate).
	registry, err := mchd.ParseStatusFile(s.Files()["mchd/registry.json"])
	if err != nil {
		panic(err)
	}
	return s, application.CheckOptions{At: fixtures.At, Trust: chain.Trust, Certificate: s.CertificateOptions(), Registry: registry}
}

func applicantOf(p fixtures.Person) *application.Applicant {
	return &application.Applicant{Surname: p.Surname, GivenName: p.GivenName, Patronymic: p.Patronymic,
		SNILS: p.SNILS, INN: p.INN, Email: p.Email, Phone: p.Phone, Level: application.LevelConfirmed}
}

func printReport(r *application.Report) {
	fmt.Println(r.Variant, r.Verdict)
	fmt.Println("organisation:", r.Organisation.Name)
	for _, c := range r.Checks {
		if c.Status == check.Fail || c.Status == check.Warn {
			fmt.Printf("%s %s\n", c.Status, c.ID)
		}
	}
}

// The head of an organisation uploads his ЮЛ certificate.
func ExampleCheck_head() {
	s, opts := exampleSetup()
	r := application.Check(application.Upload{
		Variant:     application.VariantHead,
		Certificate: s.HeadUL.Cert.Raw, // DER, PEM or base64
	}, applicantOf(s.Head), opts)
	printReport(r)
	// Output:
	// head accepted
	// organisation: ГБУЗ «Санаторий «Тестовый»»
}

// An employee uploads the МЧД his head signed and his own ФЛ certificate.
func ExampleCheck_representative() {
	s, opts := exampleSetup()
	r := application.Check(application.Upload{
		Variant:       application.VariantRepresentative,
		Certificate:   s.EmployeeFL.Cert.Raw,
		MCHD:          s.Representative.XML,
		MCHDFileName:  "доверенность.xml",
		MCHDSignature: s.Representative.Sig,
	}, applicantOf(s.Employee), opts)
	printReport(r)
	// Output:
	// representative accepted
	// organisation: ГБУЗ «Санаторий «Тестовый»»
	// warn MCHD-FILE-NAME
}

// The head of a managing organisation uploads the МЧД of the organisation
// it runs and his ЮЛ certificate; the ЕГРЮЛ records come from the caller,
// here from a file (without them the verdict would be indeterminate).
func ExampleCheck_managing() {
	s, opts := exampleSetup()
	egrul, err := application.ParseEGRULFile(s.Files()["egrul/records.json"])
	if err != nil {
		panic(err)
	}
	opts.EGRUL = egrul
	r := application.Check(application.Upload{
		Variant:       application.VariantManaging,
		Certificate:   s.ManagingHeadUL.Cert.Raw,
		MCHD:          s.Managing.XML,
		MCHDSignature: s.Managing.Sig,
	}, applicantOf(s.ManagingHead), opts)
	printReport(r)
	// Output:
	// managing accepted
	// organisation: ГАУ «Курорт «Образцовый»»
}

// A rejected upload: the ФЛ certificate belongs to a namesake of the
// representative, so neither the ЕСИА account nor the МЧД matches it.
func ExampleCheck_rejected() {
	s, opts := exampleSetup()
	r := application.Check(application.Upload{
		Variant:       application.VariantRepresentative,
		Certificate:   s.WrongSNILSFL.Cert.Raw,
		MCHD:          s.Representative.XML,
		MCHDSignature: s.Representative.Sig,
	}, applicantOf(s.Employee), opts)
	fmt.Println(r.Verdict)
	for _, c := range r.Failed() {
		fmt.Println(c.ID)
	}
	// Output:
	// rejected
	// APP-PERSON-MATCH
	// MCHD-REPRESENTATIVE-CERT
}
