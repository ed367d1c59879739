package application_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// exportedApplication returns the fixtures, the application of the
// employee (representative variant) as exported for signing, the employee's
// ЕСИА account and options that validate chains against the fixtures'
// trust.
func exportedApplication() (*fixtures.Set, []byte, application.Applicant, application.AttachOptions) {
	s, opts := exampleSetup()
	p := s.Employee
	user := application.Applicant{Surname: p.Surname, GivenName: p.GivenName, Patronymic: p.Patronymic,
		SNILS: p.SNILS, INN: p.INN, Email: p.Email, Phone: p.Phone, Level: application.LevelConfirmed}
	r := application.Check(application.Upload{Variant: application.VariantRepresentative, Certificate: s.EmployeeFL.Cert.Raw,
		MCHD: s.Representative.XML, MCHDSignature: s.Representative.Sig}, &user, opts)
	in, err := r.Input(user, application.Fields{RegionCode: "23", Position: "Специалист по кадрам"})
	if err != nil {
		panic(err)
	}
	in.Now = func() time.Time { return fixtures.At }
	app, err := application.Build(in)
	if err != nil {
		panic(err)
	}
	if _, err := app.Save(); err != nil {
		panic(err)
	}
	stored, err := app.ExportForSigning() // the service keeps these bytes
	if err != nil {
		panic(err)
	}
	return s, stored, user, application.AttachOptions{ValidateCertificate: signature.ChainValidator(opts.Trust), At: fixtures.At}
}

func signed(content []byte, c fixtures.Credential) []byte {
	sig, err := signature.Sign(content, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
	if err != nil {
		panic(err)
	}
	return sig
}

// The employee signs the exported application and the head of the
// organisation co-signs it: accepted, the head reported as a co-signer.
func ExampleVerifyReceived() {
	s, stored, user, opts := exportedApplication()
	sig, err := sigtest.CoSign(signed(stored, s.EmployeeFL), signed(stored, s.HeadUL))
	if err != nil {
		panic(err)
	}
	res := application.VerifyReceived(application.Received{Stored: stored, XML: stored, Signature: sig, Applicant: user}, opts)
	fmt.Println(res.Indication, res.Application.Lifecycle.State)
	for _, s := range res.Signers {
		fmt.Println(s.Index, s.Name, "applicant:", s.Applicant)
	}
	r, _ := res.Checks.Find("APP-CO-SIGNERS")
	fmt.Println(r.Status, r.ID)
	// Output:
	// passed signed
	// 1 Ромашкова Елена Андреевна applicant: true
	// 2 Берёзкин Олег Ильич applicant: false
	// warn APP-CO-SIGNERS
}

// The applicant edited the exported file and signed the edited one: the
// received file differs from the stored application, and the signature does
// not cover the stored bytes.
func ExampleVerifyReceived_editedAfterExport() {
	s, stored, user, opts := exportedApplication()
	edited := bytes.Replace(stored, []byte("Специалист по кадрам"), []byte("Главный специалист"), 1)
	res := application.VerifyReceived(application.Received{Stored: stored, XML: edited,
		Signature: signed(edited, s.EmployeeFL), Applicant: user}, opts)
	fmt.Println(res.Indication, res.Application.Lifecycle.State)
	for _, r := range res.Checks.With(check.Fail) {
		if r.Scope.Signer == 0 {
			fmt.Println(r.ID, r.Outcome)
		}
	}
	// Output:
	// failed saved
	// APP-XML-UNCHANGED re-signed
	// APP-SIGNATURE
}

// Without revocation data the verdict is indeterminate; the caller may
// accept the revocation status unchecked.
func ExampleVerifyReceived_waiver() {
	s, stored, user, _ := exportedApplication()
	chain, err := s.VerifyOptions(fixtures.At)
	if err != nil {
		panic(err)
	}
	chain.Trust.CRLs = nil // no CRL, no OCSP
	opts := application.AttachOptions{ValidateCertificate: signature.ChainValidator(chain.Trust), At: fixtures.At}
	in := application.Received{Stored: stored, Signature: signed(stored, s.EmployeeFL), Applicant: user}
	res := application.VerifyReceived(in, opts)
	fmt.Println(res.Indication, res.SubIndication)
	opts.AllowUnchecked, err = check.ParseWaivers("revocation")
	if err != nil {
		panic(err)
	}
	res = application.VerifyReceived(in, opts)
	fmt.Println(res.Indication, res.Waived)
	// Output:
	// indeterminate NO_REVOCATION_DATA
	// passed [revocation]
}
