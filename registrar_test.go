package registrar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar"
	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// emitted collects the results of every entry point over the fixtures.
type emitted struct {
	t   *testing.T
	all check.Results
}

// add checks one report: every result explained by the registry, no rule
// twice in one scope, no rewritten ID.
func (e *emitted) add(where string, rs check.Results) {
	e.t.Helper()
	for _, p := range registrar.Unknown(rs) {
		e.t.Errorf("%s: %s", where, p)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		k := r.ID + "@" + r.Scope.String()
		if seen[k] {
			e.t.Errorf("%s: %s reported twice in one scope", where, k)
		}
		seen[k] = true
		if rewritten.MatchString(r.ID) {
			e.t.Errorf("%s: rewritten ID %s", where, r.ID)
		}
		if r.Scope.Document != "" && !validDocument(r.Scope.Document) {
			e.t.Errorf("%s: %s has an unknown scope document %q", where, r.ID, r.Scope.Document)
		}
	}
	e.all = append(e.all, rs...)
}

// addAccess registers the access-request results of a Регистратор
// registered by app: a grant and a revocation signed by each signer,
// verified with every fact and with none.
func (e *emitted) addAccess(app *application.Application, signers map[string]fixtures.Credential, tr certificate.Trust) {
	e.t.Helper()
	approved := *app
	approved.Lifecycle = application.Lifecycle{State: application.StateApproved}
	snils, err := ident.CompleteSNILS("157834229")
	if err != nil {
		e.t.Fatal(err)
	}
	op := application.Applicant{Surname: "Операторова", GivenName: "Ольга", SNILS: snils.Digits(), Level: application.LevelConfirmed}
	reg := &access.Memory{}
	for _, act := range []access.Action{access.ActionGrant, access.ActionRevoke} {
		in := access.Input{Action: act, Registration: &approved, Subsystems: []string{"FRMR"}, Now: func() time.Time { return fixtures.At },
			Employee: access.Employee{Surname: op.Surname, GivenName: op.GivenName, SNILS: op.SNILS, Email: "op@example.test", Position: "Оператор"}}
		if act == access.ActionRevoke {
			in.Revokes = "00000000-0000-4000-8000-000000000001"
		}
		r, err := access.Build(in)
		if err != nil {
			e.t.Fatal(err)
		}
		_ = r.Save()
		data, err := r.ExportForSigning()
		if err != nil {
			e.t.Fatal(err)
		}
		for name, c := range signers {
			sig, err := signature.Sign(data, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
			if err != nil {
				e.t.Fatal(err)
			}
			full := access.VerifyOptions{Registration: &approved, Employee: &op, Register: reg, Registry: mchd.StaticStatus{}}
			full.At, full.ValidateCertificate = fixtures.At, signature.ChainValidator(tr)
			e.add("access "+act.Code()+" signed by "+name, access.Verify(context.Background(), access.Received{Stored: data, Signature: sig}, full).Checks)
			e.add("access "+act.Code()+" bare", access.Verify(context.Background(), access.Received{Stored: data, Signature: sig},
				access.VerifyOptions{}).Checks)
		}
	}
	e.add("access junk", access.Verify(context.Background(), access.Received{Stored: []byte("<x/>")}, access.VerifyOptions{}).Checks)
}

// rewritten matches the IDs the library made before scopes: a signer
// number or a doubled prefix (SIGNER1-SIG-VALUE, SIG-SIGNER1-…).
var rewritten = regexp.MustCompile(`SIGNER\d|^(SIG-SIG|MCHD-MCHD|APP-APP|CERT-CERT|CHAIN-CHAIN)-`)

func validDocument(d string) bool {
	for _, x := range check.Documents() {
		if x == d {
			return true
		}
	}
	return false
}

// TestEveryEmittedResultIsRegistered runs every entry point —
// certificate.CheckProfile and Verify, signature.Verify, mchd.VerifySigned,
// application.Check and VerifyReceived — over the synthetic fixtures and
// requires every result to be a registered rule with a declared outcome,
// reported once per scope under its own ID.
func TestEveryEmittedResultIsRegistered(t *testing.T) {
	t.Parallel()
	s, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	vo, err := s.VerifyOptions(fixtures.At)
	if err != nil {
		t.Fatal(err)
	}
	e := &emitted{t: t}

	// Certificates.
	for _, p := range s.Paths() {
		if !strings.HasSuffix(p, ".pem") {
			continue
		}
		c, err := certificate.ParseOne(files[p])
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		e.add(p+" profile", certificate.CheckProfile(c, fixtures.At, s.CertificateOptions()))
		e.add(p+" chain", certificate.Verify(c, vo).Results)
		none := vo
		none.Roots = nil
		e.add(p+" chain without anchors", certificate.Verify(c, none).Results)
	}
	e.add("nil certificate", certificate.Verify(nil, vo).Results)

	// The trusted list's signature: verified, not pinned, unsigned,
	// changed, and the chains built on each.
	leaf, _ := certificate.ParseOne(files["certs/employee-fl.pem"])
	list := files["pki/trusted-list.xml"]
	for name, l := range map[string]struct {
		xml  []byte
		opts *trust.ListOptions
	}{
		"signed":     {list, s.TrustedListOptions()},
		"not pinned": {list, &trust.ListOptions{HeadCAOGRN: s.HeadCAOGRN}},
		"unsigned":   {regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`).ReplaceAll(list, nil), s.TrustedListOptions()},
		"changed":    {bytes.Replace(list, []byte("<Версия>101"), []byte("<Версия>102"), 1), s.TrustedListOptions()},
	} {
		tl, err := trust.ParseList(l.xml, l.opts)
		if err != nil {
			t.Fatalf("trusted list %s: %v", name, err)
		}
		e.add("trusted list "+name, check.Results{tl.CheckSignature()})
		e.add("trusted list "+name+" chain", certificate.Verify(leaf, certificate.VerifyOptions{Trust: tl.Trust(), At: fixtures.At}).Results)
	}
	e.add("nil certificate profile", certificate.CheckProfile(nil, fixtures.At, nil))

	// Signatures, with and without chain validation, and garbage.
	for _, p := range s.Paths() {
		if !strings.HasSuffix(p, ".sig") {
			continue
		}
		content := files[strings.TrimSuffix(p, ".sig")]
		if content == nil {
			content = files["mchd/representative.xml"]
		}
		sd, parsed := signature.ParseResult(files[p])
		e.add(p+" parse", check.Results{parsed})
		if sd == nil {
			continue
		}
		e.add(p, sd.Verify(content, signature.VerifyOptions{At: fixtures.At, ValidateCertificate: signature.ChainValidator(vo.Trust)}).All())
		e.add(p+" no chain", sd.Verify(content, signature.VerifyOptions{At: fixtures.At}).All())
		e.add(p+" no content", sd.Verify(nil, signature.VerifyOptions{At: fixtures.At}).All())
	}
	_, parsed := signature.ParseResult([]byte("not a signature"))
	e.add("garbage signature", check.Results{parsed})

	// Signed powers of attorney: every rule fixture.
	opts := mchd.VerifySignedOptions{At: fixtures.At, ValidateCertificate: signature.ChainValidator(vo.Trust), Certificate: s.CertificateOptions()}
	for _, c := range s.RuleCases() {
		o := opts
		o.Document = mchd.DocumentOptions{FileName: c.FileName, AllowRetrust: c.AllowRetrust}
		rep := mchd.VerifySigned(files[c.Path], files[c.Sig], o)
		e.add(c.Path, rep.Checks)
		if rep.Document != nil {
			for _, st := range []mchd.RegistryStatus{mchd.StatusActive, mchd.StatusRevoked, mchd.StatusProcessing, mchd.StatusUnavailable, "weird"} {
				e.add(c.Path+" registry", check.Results{mchd.CheckStatus(context.Background(), mchd.StaticStatus{rep.Document.Number(): st}, rep.Document)})
			}
			for _, cert := range []string{"certs/employee-fl.pem", "certs/wrong-snils-fl.pem", "certs/head-ul.pem"} {
				c, _ := certificate.ParseOne(files[cert])
				e.add(cert+" representative", check.Results{mchd.BindRepresentative(rep.Document, c)})
			}
		}
	}

	// Uploads: every variant with every certificate and МЧД, with and
	// without an applicant, ЕГРЮЛ record and registry.
	applicant := func(name string) *application.Applicant {
		var a application.Applicant
		if err := json.Unmarshal(files["applicant/"+name+".json"], &a); err != nil {
			t.Fatal(err)
		}
		return &a
	}
	var accepted []*application.Report
	var acceptedBy []*application.Applicant
	certs := []string{"certs/head-ul.pem", "certs/employee-fl.pem", "certs/ip.pem", "certs/managing-head-ul.pem", "certs/expired-ul.pem"}
	mchds := []string{"mchd/representative.xml", "mchd/managing.xml", "mchd/ip.xml", "mchd/expired.xml"}
	people := []string{"head", "employee", "ip", "managing-head", "employee-standard", ""}
	for v := application.Variant(0); v <= application.VariantManaging+1; v++ {
		for _, cp := range certs {
			for i, mp := range mchds {
				for j, who := range people {
					var a *application.Applicant
					if who != "" {
						a = applicant(who)
					}
					o := application.CheckOptions{At: fixtures.At, Trust: vo.Trust, Certificate: s.CertificateOptions()}
					if (i+j)%2 == 0 {
						o.ManagedBy = &application.ManagedBy{OrganisationINN: s.OrgB.INN, OrganisationOGRN: s.OrgB.OGRN,
							ManagingINN: s.OrgM.INN, ManagingOGRN: s.OrgM.OGRN}
						o.Registry = mchd.StaticStatus{}
					}
					u := application.Upload{Variant: v, Certificate: files[cp]}
					if v != application.VariantHead {
						u.MCHD, u.MCHDSignature = files[mp], files[mp+".sig"]
					}
					r := application.Check(u, a, o)
					e.add(fmt.Sprintf("check %v %s %s %s", v, cp, mp, who), r.Checks)
					if r.Accepted() && a != nil && a.Level == application.LevelConfirmed {
						accepted, acceptedBy = append(accepted, r), append(acceptedBy, a)
					}
				}
			}
		}
	}
	e.add("empty upload", application.Check(application.Upload{}, nil, application.CheckOptions{}).Checks)
	if len(accepted) == 0 {
		t.Fatal("no upload was accepted")
	}

	// Applications: built from accepted reports, signed by the applicant
	// and by someone else, received back.
	signers := map[string]fixtures.Credential{"head": s.HeadUL, "employee": s.EmployeeFL, "ip": s.IP, "managing-head": s.ManagingHeadUL}
	for i, r := range accepted[:min(len(accepted), 4)] {
		in, err := r.Input(*acceptedBy[i], application.Fields{RegionCode: "23", Position: "Главный врач"})
		if err != nil {
			t.Fatal(err)
		}
		app, err := application.Build(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Save(); err != nil {
			t.Fatal(err)
		}
		data, err := app.ExportForSigning()
		if err != nil {
			t.Fatal(err)
		}
		sigs := map[string][]byte{}
		for name, c := range signers {
			sig, err := signature.Sign(data, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
			if err != nil {
				t.Fatal(err)
			}
			sigs[name] = sig
			chain := application.AttachOptions{ValidateCertificate: signature.ChainValidator(vo.Trust), At: fixtures.At}
			e.add("received, signed by "+name, application.VerifyReceived(application.Received{Stored: data, Signature: sig, Applicant: *acceptedBy[i]}, chain).Checks)
			edited := application.Received{Stored: data, XML: append(bytes.Clone(data), ' '), Signature: sig, Applicant: *acceptedBy[i]}
			e.add("received, edited", application.VerifyReceived(edited, application.AttachOptions{At: fixtures.At}).Checks)
			chain.AllowUnchecked = check.Waivers()
			e.add("received, all waived", application.VerifyReceived(edited, chain).Checks)
		}
		for name, c := range signers {
			// Every signer co-signing with the head.
			co, err := sigtest.CoSign(sigs[name], sigs["head"])
			if err != nil {
				t.Fatal(err)
			}
			resigned, err := signature.Sign(append(bytes.Clone(data), ' '), c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
			if err != nil {
				t.Fatal(err)
			}
			chain := application.AttachOptions{ValidateCertificate: signature.ChainValidator(vo.Trust), At: fixtures.At}
			e.add("received, co-signed by "+name, application.VerifyReceived(application.Received{Stored: data, XML: data, Signature: co, Applicant: *acceptedBy[i]}, chain).Checks)
			e.add("received, re-signed by "+name, application.VerifyReceived(application.Received{Stored: data, XML: append(bytes.Clone(data), ' '),
				Signature: resigned, Applicant: *acceptedBy[i]}, chain).Checks)
		}
		// Access requests of the applicant, once registered, signed by
		// every signer, with and without the facts they depend on.
		e.addAccess(app, signers, vo.Trust)
		junk := application.Received{Stored: data, XML: []byte("<x/>"), Signature: []byte("junk"), Applicant: *acceptedBy[i]}
		e.add("received, junk signature", application.VerifyReceived(junk, application.AttachOptions{At: fixtures.At}).Checks)
	}
	e.add("received, not an application", application.VerifyReceived(application.Received{Stored: []byte("<x/>")}, application.AttachOptions{}).Checks)
	e.add("received, nothing stored", application.VerifyReceived(application.Received{}, application.AttachOptions{}).Checks)

	if len(e.all) < 5000 {
		t.Errorf("only %d results collected", len(e.all))
	}
}

// TestRules: the registry lists every package's rules once, with IDs,
// citations, severities and Russian messages, and returns copies.
func TestRules(t *testing.T) {
	t.Parallel()
	rules := registrar.Rules()
	n := len(certificate.Rules()) + len(trust.Rules()) + len(signature.Rules()) + len(mchd.Rules()) + len(application.Rules()) + len(access.Rules())
	if len(rules) != n || n < 90 {
		t.Fatalf("registrar.Rules() has %d rules, the packages %d", len(rules), n)
	}
	cyrillic := regexp.MustCompile(`[А-Яа-яЁё]`)
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("not sorted: %s before %s", rules[i-1].ID, r.ID)
		}
		if !cyrillic.MatchString(r.Message) {
			t.Errorf("%s: message is not Russian: %q", r.ID, r.Message)
		}
		if strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(r.Message, "%s", ""), ":", "")) == "" {
			t.Errorf("%s: the message is only a placeholder", r.ID)
		}
	}
	rules[0].Outcomes = append(rules[0].Outcomes, check.Outcome{Code: "x"})
	rules[0].Message = "changed"
	if again, _ := registrar.Lookup(rules[0].ID); again.Message == "changed" || len(again.Outcomes) == len(rules[0].Outcomes) {
		t.Fatal("Rules returned the registry's own rule, not a copy")
	}
}

// TestPackageDocsNameRegisteredRules: every rule ID a package
// documentation mentions is registered, so the docs cannot drift from the
// registry.
func TestPackageDocsNameRegisteredRules(t *testing.T) {
	t.Parallel()
	id := regexp.MustCompile(`\b(?:CERT|CHAIN|TSL|SIG|MCHD|APP|ACC)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b`)
	var missing []string
	for _, pkg := range []string{"certificate", "certificate/trust", "signature", "mchd", "application", "access", "check"} {
		for _, m := range id.FindAllString(packageDoc(t, pkg), -1) {
			if _, ok := registrar.Lookup(m); !ok && !strings.HasSuffix(m, "-") {
				missing = append(missing, pkg+": "+m)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("documentation names rules that are not registered: %v", missing)
	}
}

// packageDoc returns the text of every comment in the package's non-test
// files: its documentation and the doc comments of its declarations.
func packageDoc(t *testing.T, dir string) string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, cg := range f.Comments {
				b.WriteString(cg.Text())
			}
		}
	}
	return b.String()
}
