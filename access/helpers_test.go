package access_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// world is the shared test material: the synthetic fixture set, the
// approved registrations of its employee (representative, with an МЧД)
// and of its head (head variant), and a synthetic operator.
type world struct {
	set      *fixtures.Set
	trust    certificate.Trust
	rep      *application.Application // approved, representative
	head     *application.Application // approved, head
	operator application.Applicant    // confirmed ЕСИА account
	mchdNum  string
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

func getWorld(t testing.TB) *world {
	t.Helper()
	worldOnce.Do(func() { theWorld, worldErr = makeWorld() })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

// operatorSNILS is a synthetic СНИЛС with a valid control number.
func operatorSNILS() string {
	s, err := ident.CompleteSNILS("157834229")
	if err != nil {
		panic(err)
	}
	return s.Digits()
}

func makeWorld() (*world, error) {
	s, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		return nil, err
	}
	tr, err := s.Trust()
	if err != nil {
		return nil, err
	}
	w := &world{set: s, trust: tr, mchdNum: s.Representative.Spec.Number}
	w.operator = application.Applicant{Surname: "Операторова", GivenName: "Ольга", Patronymic: "Игоревна",
		SNILS: operatorSNILS(), Email: "operator@example.test", Phone: "+79160000001", Level: application.LevelConfirmed}
	files := s.Files()
	applicant := func(name string) (application.Applicant, error) {
		var a application.Applicant
		err := json.Unmarshal(files["applicant/"+name+".json"], &a)
		return a, err
	}
	register := func(v application.Variant, cert, who, id string) (*application.Application, error) {
		a, err := applicant(who)
		if err != nil {
			return nil, err
		}
		u := application.Upload{Variant: v, Certificate: files[cert]}
		if v.NeedsMCHD() {
			u.MCHD, u.MCHDSignature = files["mchd/representative.xml"], files["mchd/representative.xml.sig"]
		}
		rep := application.Check(u, &a, application.CheckOptions{At: fixtures.At, Trust: tr, Certificate: s.CertificateOptions(),
			Registry: mchd.StaticStatus{w.mchdNum: mchd.StatusActive}})
		in, err := rep.Input(a, application.Fields{RegionCode: s.OrgA.Region, Position: "Главный врач"})
		if err != nil {
			return nil, err
		}
		in.ID, in.Now = id, func() time.Time { return fixtures.At.Add(-72 * time.Hour) }
		app, err := application.Build(in)
		if err != nil {
			return nil, err
		}
		approve(app)
		return app, nil
	}
	if w.rep, err = register(application.VariantRepresentative, "certs/employee-fl.pem", "employee", "0a0a0a0a-0000-4000-8000-000000000001"); err != nil {
		return nil, err
	}
	if w.head, err = register(application.VariantHead, "certs/head-ul.pem", "head", "0a0a0a0a-0000-4000-8000-000000000002"); err != nil {
		return nil, err
	}
	return w, nil
}

// approve sets the lifecycle of a registration to approved as a store
// would load it (the signing of the registration is application's
// business, tested there).
func approve(app *application.Application) {
	t0 := app.Created
	app.Lifecycle = application.Lifecycle{State: application.StateApproved, History: []application.Transition{
		{From: application.StateDraft, To: application.StateSaved, At: t0, Action: "save"},
		{From: application.StateSaved, To: application.StateSigned, At: t0.Add(time.Minute), Action: "sign"},
		{From: application.StateSigned, To: application.StateSubmitted, At: t0.Add(2 * time.Minute), Action: "submit"},
		{From: application.StateSubmitted, To: application.StateApproved, At: t0.Add(24 * time.Hour), Action: "approve"},
	}}
}

func (w *world) employee() access.Employee {
	o := w.operator
	return access.Employee{Surname: o.Surname, GivenName: o.GivenName, Patronymic: o.Patronymic, SNILS: o.SNILS,
		Email: o.Email, Position: "Медицинский статистик"}
}

// grantInput is a grant of FRMR and REMD to the operator by the
// representative Регистратор.
func (w *world) grantInput(id string) access.Input {
	return access.Input{ID: id, Action: access.ActionGrant, Registration: w.rep, Employee: w.employee(),
		Subsystems: []string{"REMD", "FRMR"}, ValidFrom: fixtures.At,
		Now: func() time.Time { return fixtures.At.Add(-time.Hour) }}
}

// options are the verification options where every fact is given and
// good: approved registration, confirmed operator, an empty register, the
// registry saying the МЧД is active, chains through the fixtures' trust.
func (w *world) options(reg access.Register) access.VerifyOptions {
	op := w.operator
	o := access.VerifyOptions{Registration: w.rep, Employee: &op, Register: reg,
		Registry: mchd.StaticStatus{w.mchdNum: mchd.StatusActive}}
	o.At = fixtures.At
	o.ValidateCertificate = signature.ChainValidator(w.trust)
	return o
}

// sign signs content with a credential at an hour before fixtures.At.
func sign(t testing.TB, content []byte, c fixtures.Credential) []byte {
	t.Helper()
	sig, err := signature.Sign(content, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// build builds and saves a request.
func build(t testing.TB, in access.Input) *access.Request {
	t.Helper()
	r, err := access.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	return r
}

// granted runs a grant through the whole lifecycle into reg and returns
// it approved.
func granted(t testing.TB, w *world, reg access.Register, in access.Input) *access.Request {
	t.Helper()
	r := build(t, in)
	data, err := r.ExportForSigning()
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := r.AttachSignature(context.Background(), sign(t, data, w.set.EmployeeFL), w.options(reg)); err != nil {
		t.Fatalf("%v\n%v", err, rs.With("fail"))
	}
	if err := r.Submit(); err != nil {
		t.Fatal(err)
	}
	if err := r.Approve(context.Background(), reg); err != nil {
		t.Fatal(err)
	}
	return r
}
