package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/store/sqlite"
)

// The access command: requests of a Регистратор to grant or revoke access
// (package access).

func accessCommands() []subcommand {
	return []subcommand{
		{"build", "--registration FILE --registration-state STATE --employee FILE --position TEXT --subsystems LIST " +
			"[--action grant|revoke] [--revokes ID] [--valid-from DATE] [--valid-to DATE] [--email E] [--id UUID] [--at RFC3339] [--out FILE]",
			"build the XML of a request to grant (revoke) access", runAccessBuild},
		{"verify", "--stored FILE --sig FILE [--registration FILE --registration-state STATE] [--employee FILE] [--register DB [--record]] " +
			"[--registry-file FILE] [--trust FILE]... [--crl FILE]... [--at RFC3339] [--allow-unchecked LIST] [--json]",
			"verify a signed request to grant (revoke) access", runAccessVerify},
		{"print", "--xml FILE [--out FILE]", "render the print form (HTML) of a request", runAccessPrint},
	}
}

func accessGroup() group { return group{"access", accessCommands} }

func runAccess(args []string, stdout, stderr io.Writer) int {
	return accessGroup().run(args, stdout, stderr)
}

// registrationFlags name the Регистратор's registration: the application
// XML and its state as the service knows it (the state is not in the XML).
type registrationFlags struct{ path, state string }

func (r *registrationFlags) register(c *cmd) {
	c.fs.StringVar(&r.path, "registration", "", "the Регистратор's registration application XML `FILE` (from 'application build')")
	c.fs.StringVar(&r.state, "registration-state", "", "its `STATE` as the service stored it: draft, saved, signed, submitted, approved, rejected, deleted")
}

// load reads the registration; nil when --registration is not given.
func (r *registrationFlags) load() (*application.Application, error) {
	if r.path == "" {
		if r.state != "" {
			return nil, errors.New("--registration-state needs --registration")
		}
		return nil, nil
	}
	if r.state == "" {
		return nil, errors.New("--registration needs --registration-state (the state is not part of the XML)")
	}
	st, err := application.ParseState(r.state)
	if err != nil {
		return nil, fmt.Errorf("--registration-state: %v", err)
	}
	data, err := readFile("registration", r.path)
	if err != nil {
		return nil, err
	}
	app, err := application.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("--registration %s: %v", r.path, err)
	}
	app.Lifecycle.State = st
	return app, nil
}

// parseDate reads a YYYY-MM-DD flag; empty gives the zero time.
func parseDate(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want YYYY-MM-DD", name, s)
	}
	return t, nil
}

const accessBuildAbout = `Builds the XML of a request of the Регистратор to grant (--action grant) or
revoke (--action revoke, with --revokes naming the grant: the ID of the
request that granted it) the «Оператор» power with ЕГИСЗ subsystems to an
employee. The organisation and the Регистратор come from the registration
application, which must be approved; the employee's name, СНИЛС and e-mail
from his ЕСИА account data (--employee, the JSON of --applicant), the
position from --position. The XML is written to --out or stdout: the exact
bytes to sign.

Subsystem codes (--subsystems, comma-separated): ` + "%s" + `.

Exit status: 0 built, 1 refused (the reason is printed), 2 usage error or
unreadable file.`

func subsystemCodes() string {
	var codes []string
	for _, s := range access.DefaultCatalogue().Subsystems() {
		codes = append(codes, s.Code+" ("+s.Name+")")
	}
	return strings.Join(codes, ", ")
}

func runAccessBuild(args []string, stdout, stderr io.Writer) int {
	c := newCmd("access build", accessGroup().synopsis("build"), fmt.Sprintf(accessBuildAbout, subsystemCodes()), stdout, stderr)
	var reg registrationFlags
	reg.register(c)
	action := c.fs.String("action", "grant", "grant or revoke: `ACTION`")
	employeePath := c.fs.String("employee", "", "the employee's ЕСИА account data, JSON `FILE` (required)")
	position := c.fs.String("position", "", "the employee's position: `TEXT` (required)")
	email := c.fs.String("email", "", "the employee's `EMAIL` (default: from --employee)")
	subsystems := c.fs.String("subsystems", "", "comma-separated subsystem `CODES` (required)")
	revokes := c.fs.String("revokes", "", "for a revocation, the `ID` of the grant (the request that granted it)")
	validFrom := c.fs.String("valid-from", "", "first day of access (grant) or day access ends (revoke): `DATE` YYYY-MM-DD (default: the creation date)")
	validTo := c.fs.String("valid-to", "", "last day of a grant: `DATE` YYYY-MM-DD (default: until revoked)")
	id := c.fs.String("id", "", "request ID, a lower-case `UUID` (default: a random one)")
	atFlag := c.fs.String("at", "", "creation time, `RFC3339` (default now)")
	out := c.fs.String("out", "", "write the XML to `FILE` instead of stdout")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("registration", "registration-state", "employee", "position", "subsystems"); code >= 0 {
		return code
	}
	act, err := access.ParseAction(*action)
	if err != nil {
		return c.fail("--action: %v", err)
	}
	at, _, err := parseAt(*atFlag)
	if err != nil {
		return c.fail("%v", err)
	}
	from, err := parseDate("valid-from", *validFrom)
	if err != nil {
		return c.fail("%v", err)
	}
	to, err := parseDate("valid-to", *validTo)
	if err != nil {
		return c.fail("%v", err)
	}
	app, err := reg.load()
	if err != nil {
		return c.fail("%v", err)
	}
	acc, err := loadApplicant("employee", *employeePath)
	if err != nil {
		return c.fail("%v", err)
	}
	e := access.Employee{Surname: acc.Surname, GivenName: acc.GivenName, Patronymic: acc.Patronymic, SNILS: acc.SNILS,
		Email: acc.Email, Position: *position}
	if *email != "" {
		e.Email = *email
	}
	r, err := access.Build(access.Input{ID: *id, Action: act, Registration: app, Employee: e,
		Subsystems: strings.Split(*subsystems, ","), ValidFrom: from, ValidTo: to, Revokes: *revokes,
		Now: func() time.Time { return at }})
	if err == nil {
		err = r.Save()
	}
	var x []byte
	if err == nil {
		x, err = r.ExportForSigning()
	}
	if err != nil {
		fmt.Fprintf(stderr, "registrar access build: заявка не построена / not built: %v\n", err)
		var ie *access.InputError
		if errors.As(err, &ie) {
			for _, res := range ie.Results {
				fmt.Fprintf(stderr, "  %s: %s\n", res.ID, res.Message)
			}
		}
		return exitRejected
	}
	if *out == "" {
		if _, err := stdout.Write(x); err != nil {
			return c.fail("writing the XML: %v", err)
		}
		return exitOK
	}
	if err := os.WriteFile(*out, x, 0o644); err != nil {
		return c.fail("--out: %v", err)
	}
	fmt.Fprintf(stdout, "Заявка на %s %s записана в %s / request written\n", act.Russian(), r.ID, *out)
	return exitOK
}

const accessVerifyAbout = `Verifies a signed request to grant (revoke) access against the request the
service stored when it exported it for signing (--stored, the exact bytes
given to the signer): the XML against the schema and its canonical form;
the employee's СНИЛС, the «Оператор» power (a Регистратор never grants
«Регистратор»), the subsystems; the Регистратор's registration (--registration
with --registration-state: it must be approved and name the same person); the
employee's ЕСИА account (--employee: confirmed, same СНИЛС and name); the
register of grants (--register, a SQLite file shared with the web service,
created if absent: a revocation must name a standing grant, a grant must not
repeat one); the detached signature over the stored bytes, one signer being
the Регистратор; and, for a representative Регистратор, his МЧД with
EGISZ_LK_01 in force on the signing date and active in the ФНС registry
(--registry-file).

A fact that is not given makes the verdict indeterminate (exit 3) and the
output says which; --allow-unchecked registry accepts the МЧД's registry
status unchecked. With --record a valid request is submitted, approved and
recorded in --register (the register changes only then).

Exit status: 0 valid, 1 invalid (or refused by the register), 3
indeterminate, 2 usage error or unreadable file.`

// accessVerifyJSON is the JSON of access verify.
type accessVerifyJSON struct {
	// Verdict is valid, invalid or indeterminate.
	Verdict       string              `json:"verdict"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
	// Message is the verdict in Russian.
	Message string          `json:"message"`
	Request *accessFacts    `json:"request,omitempty"`
	Signers []access.Signer `json:"signers"`
	// Unchecked are the facts accepted unchecked that changed a result.
	Unchecked []check.Waiver `json:"unchecked,omitempty"`
	// Recorded reports that --record recorded the request in --register.
	Recorded bool          `json:"recorded"`
	Checks   check.Results `json:"checks"`
}

type accessFacts struct {
	ID         string   `json:"id"`
	Action     string   `json:"action"`
	Registrar  string   `json:"registrar"`
	Employee   string   `json:"employee"`
	SNILS      string   `json:"snils"`
	Power      string   `json:"power"`
	Subsystems []string `json:"subsystems"`
	Revokes    string   `json:"revokes,omitempty"`
}

func runAccessVerify(args []string, stdout, stderr io.Writer) int {
	c := newCmd("access verify", accessGroup().synopsis("verify"), accessVerifyAbout, stdout, stderr)
	storedPath := c.fs.String("stored", "", "the request XML `FILE` as exported for signing (required)")
	sigPath := c.fs.String("sig", "", "its detached signature `FILE` (DER, PEM or base64; required)")
	var reg registrationFlags
	reg.register(c)
	employeePath := c.fs.String("employee", "", "the employee's ЕСИА account data, JSON `FILE`")
	registerPath := c.fs.String("register", "", "the register of grants: SQLite database `FILE` (created if absent)")
	record := c.fs.Bool("record", false, "record a valid request in --register (submit and approve it)")
	registryFile := c.fs.String("registry-file", "", "copy of the ФНС registry of МЧД: JSON `FILE` {\"<НомДовер>\": \"active\"|…}")
	var trust trustFlags
	trust.register(c)
	atFlag := c.fs.String("at", "", "validation time, `RFC3339` (default now)")
	allow := c.fs.String("allow-unchecked", "", "facts to accept unchecked, comma-separated `LIST` of "+waiverNames())
	jsonOut := c.fs.Bool("json", false, "print the result as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("stored", "sig"); code >= 0 {
		return code
	}
	if *record && *registerPath == "" {
		return c.fail("--record needs --register")
	}
	waivers, err := check.ParseWaivers(*allow)
	if err != nil {
		return c.fail("--allow-unchecked: %v", err)
	}
	at, _, err := parseAt(*atFlag)
	if err != nil {
		return c.fail("%v", err)
	}
	var in access.Received
	if in.Stored, err = readFile("stored", *storedPath); err != nil {
		return c.fail("%v", err)
	}
	if in.Signature, err = readFile("sig", *sigPath); err != nil {
		return c.fail("%v", err)
	}
	var opts access.VerifyOptions
	if opts.Registration, err = reg.load(); err != nil {
		return c.fail("%v", err)
	}
	if *employeePath != "" {
		if opts.Employee, err = loadApplicant("employee", *employeePath); err != nil {
			return c.fail("%v", err)
		}
	}
	if *registryFile != "" {
		data, err := readFile("registry-file", *registryFile)
		if err != nil {
			return c.fail("%v", err)
		}
		f, err := mchd.ParseStatusFile(data)
		if err != nil {
			return c.fail("--registry-file %s: %v", *registryFile, err)
		}
		opts.Registry = f
	}
	ctx := context.Background()
	if *registerPath != "" {
		db, err := sqlite.Open(ctx, *registerPath, nil)
		if err != nil {
			return c.fail("--register: %v", err)
		}
		defer db.Close()
		opts.Register = db.AccessRegister()
	}
	chain, err := trust.load(at)
	if err != nil {
		return c.fail("%v", err)
	}
	copts := application.CheckOptions{Trust: chain.Trust, At: at, AllowUnchecked: waivers}
	opts.AttachOptions = checkerFor(configKey(trust.key(), at, waivers), copts).AttachOptions()
	res := access.Verify(ctx, in, opts)
	out := accessVerifyJSON{Checks: res.Checks, SubIndication: res.SubIndication, Message: res.Russian(),
		Signers: res.Signers, Unchecked: res.Waived}
	if out.Signers == nil {
		out.Signers = []access.Signer{}
	}
	out.Verdict = map[check.Indication]string{check.IndicationPassed: "valid", check.IndicationIndeterminate: "indeterminate"}[res.Indication]
	if out.Verdict == "" {
		out.Verdict = "invalid"
	}
	var recordErr error
	if r := res.Request; r != nil {
		out.Request = &accessFacts{ID: r.ID, Action: r.Action.Code(), Registrar: r.Registrar.Person.FullName() + ", СНИЛС " + r.Registrar.Person.SNILS,
			Employee: r.Employee.FullName(), SNILS: r.Employee.SNILS, Power: r.Power, Subsystems: r.SubsystemCodes(), Revokes: r.Revokes}
		if *record && out.Verdict == "valid" {
			r.SetClock(func() time.Time { return at })
			if recordErr = r.Submit(); recordErr == nil {
				recordErr = r.Approve(ctx, opts.Register)
			}
			out.Recorded = recordErr == nil
			if recordErr != nil {
				out.Verdict = "invalid"
				out.Message += "; реестр не принял заявку: " + recordErr.Error()
			}
		}
	}
	code := map[string]int{"valid": exitOK, "indeterminate": exitIndeterminate}[out.Verdict]
	if out.Verdict == "invalid" {
		code = exitRejected
	}
	if *jsonOut {
		if err := writeJSON(stdout, out); err != nil {
			fmt.Fprintf(stderr, "registrar access verify: %v\n", err)
			return exitUsage
		}
		return code
	}
	u := newUI(stdout)
	u.title("Проверка заявки на доступ / access request")
	var fs []field
	if r := out.Request; r != nil {
		fs = append(fs, field{"Заявка / request", r.ID + " (" + r.Action + ")"},
			field{"Регистратор / registrar", r.Registrar},
			field{"Сотрудник / employee", r.Employee + ", СНИЛС " + r.SNILS},
			field{"Доступ / access", r.Power + ": " + strings.Join(r.Subsystems, ", ")})
	}
	for _, s := range out.Signers {
		role := "не Регистратор / not the registrar"
		if s.Registrar {
			role = "Регистратор / registrar"
		}
		fs = append(fs, field{fmt.Sprintf("Подписант / signer %d", s.Index), strings.TrimSpace(s.Name+" "+s.SNILS) + " — " + role})
	}
	var verdict string
	switch out.Verdict {
	case "valid":
		verdict = u.verdict(true, "заявка принята", "valid")
	case "indeterminate":
		verdict = u.paint(ansiYellow+ansiBold, "ЗАЯВКУ НЕ УДАЛОСЬ ПРОВЕРИТЬ ДО КОНЦА (indeterminate)")
	default:
		verdict = u.verdict(false, "заявка не принята", "invalid")
	}
	fs = append(fs, field{"Проверено на / at", msk.DateTimeSeconds(at)}, field{"Итог / verdict", verdict})
	if out.Recorded {
		fs = append(fs, field{"Реестр / register", "записано в " + *registerPath + " / recorded"})
	}
	u.fields(fs)
	if out.Verdict != "valid" || len(out.Unchecked) > 0 {
		u.printf("  %s\n", out.Message)
	}
	u.results(out.Checks, *verbose)
	return code
}

const accessPrintAbout = `Renders the print form of a request to grant (revoke) access (HTML) to
--out or stdout.

Exit status: 0 written, 1 not a valid request, 2 usage error or unreadable
file.`

func runAccessPrint(args []string, stdout, stderr io.Writer) int {
	return runPrint("access print", accessGroup().synopsis("print"), accessPrintAbout, "the request XML `FILE` (required)",
		func(data []byte) ([]byte, error) {
			r, err := access.Unmarshal(data)
			if err != nil {
				return nil, err
			}
			return r.PrintHTML()
		}, args, stdout, stderr)
}

// Demo: the Регистратор's requests (package access).

// IDs of the demo's access requests (reproducible output).
const (
	demoGrantID  = "d3e1a5c0-2026-4b23-8c00-000000000011"
	demoDupID    = "d3e1a5c0-2026-4b23-8c00-000000000012"
	demoRevokeID = "d3e1a5c0-2026-4b23-8c00-000000000013"
	demoOtherID  = "d3e1a5c0-2026-4b23-8c00-000000000014"
)

// demoOperator is the synthetic employee the demo grants the «Оператор»
// power to: an ЕСИА account in the JSON of --applicant, with a СНИЛС from
// the ident generator.
func demoOperator() (*application.Applicant, error) {
	s, err := ident.CompleteSNILS("157834229")
	if err != nil {
		return nil, err
	}
	return &application.Applicant{Surname: "Операторова", GivenName: "Ольга", Patronymic: "Игоревна", SNILS: s.Digits(),
		Email: "operator@example.test", Phone: "+79160000001", Level: application.LevelConfirmed}, nil
}

// access runs the Регистратор's work after registration on the demo's
// application (out/application.xml, taken as approved): a grant recorded
// in a register, a duplicate grant, a revocation, a request signed by
// someone who is not the Регистратор, one without the МЧД registry, and
// a print form.
func (d *demo) access() {
	u, s := d.u, d.set
	u.printf("\n")
	u.title("4. Доступ Оператору / access requests: registrar access build, verify, print")
	op, err := demoOperator()
	opPath, regDB := d.path("out/operator.json"), d.path("out/register.db")
	if err == nil {
		err = writeJSONFile(opPath, op)
	}
	if err == nil {
		for _, p := range []string{regDB, regDB + "-wal", regDB + "-shm"} {
			_ = os.Remove(p)
		}
	}
	if err != nil {
		u.printf("  %s %v\n", d.outcome(false), err)
		return
	}
	registration := []string{"--registration", d.path("out/application.xml"), "--registration-state", "approved"}
	build := func(label, id, file string, extra ...string) (string, bool) {
		xmlPath := d.path("out/" + file)
		args := catArgs([]string{"build", "--id", id, "--employee", opPath, "--position", "Медицинский статистик",
			"--subsystems", "FRMR,REMD", "--valid-from", "2026-11-24", "--at", d.at, "--out", xmlPath}, registration, extra)
		var out, errb bytes.Buffer
		code := runAccess(args, &out, &errb)
		u.printf("  %s %s: %s\n", d.outcome(code == exitOK), label, id)
		if code != exitOK {
			u.printf("      %s\n", u.paint(ansiRed, strings.TrimSpace(errb.String())))
		}
		return xmlPath, code == exitOK
	}
	sign := func(xmlPath string, who fixtures.Credential, seed byte) string {
		content := mustRead(xmlPath)
		sig, err := signature.Sign(content, who.Cert, who.Key, signature.SignOptions{
			Time: fixtures.At.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{seed})})
		if err == nil {
			err = os.WriteFile(xmlPath+".sig", sig, 0o644)
		}
		if err != nil {
			u.printf("      %s\n", u.paint(ansiRed, err.Error()))
		}
		return xmlPath + ".sig"
	}
	verify := func(label, xmlPath, sig, want, wantCheck string, record bool, registry bool) {
		args := catArgs([]string{"verify", "--stored", xmlPath, "--sig", sig, "--employee", opPath, "--register", regDB}, registration, d.trust)
		if registry {
			args = append(args, "--registry-file", d.path("mchd/registry.json"))
		}
		if record {
			args = append(args, "--record")
		}
		var out, errb bytes.Buffer
		code := runAccess(append(args, "--json"), &out, &errb)
		var r struct {
			reportJSON
			Recorded bool `json:"recorded"`
		}
		jsonErr := json.Unmarshal(out.Bytes(), &r)
		d.seen(r.Checks)
		x, found := r.Checks.Find(wantCheck)
		wantStatus := map[string]check.Status{"invalid": check.Fail, "indeterminate": check.Indeterminate}[want]
		ok := jsonErr == nil && r.Verdict == want && code == verdictExit[want] && r.Recorded == (record && want == "valid") &&
			(wantCheck == "" || found && x.Status == wantStatus)
		got := verdictWord(r.Verdict != "", r.Verdict, fmt.Sprintf("exit %d", code))
		if r.Recorded {
			got += ", записана в реестр / recorded"
		}
		u.printf("  %s %s: ожидалось / expected %s → %s\n", d.outcome(ok), label, want, got)
		if found && x.Status != check.Pass {
			u.printf("      %s: %s\n", x.ID, shorten(x.Message, 150))
		} else if f, has := firstFailure(r.Checks); has {
			u.printf("      %s: %s\n", f.ID, shorten(f.Message, 150))
		}
		if code == exitUsage || jsonErr != nil {
			u.printf("      %s\n", u.paint(ansiRed, strings.TrimSpace(errb.String())))
		}
	}
	grant, ok := build("Заявка на предоставление «Оператор»: ФРМР, РЭМД / grant built", demoGrantID, "access-grant.xml")
	if !ok {
		return
	}
	verify("Подписана Регистратором / signed by the registrar", grant, sign(grant, s.EmployeeFL, 11), "valid", "", true, true)
	if dup, ok := build("Повторная заявка на тот же доступ / the same grant again", demoDupID, "access-duplicate.xml"); ok {
		verify("Повторный доступ / duplicate grant", dup, sign(dup, s.EmployeeFL, 12), "invalid", "ACC-DUPLICATE-GRANT", false, true)
	}
	if other, ok := build("Заявка на доступ к ИЭМК / grant of IEMK", demoOtherID, "access-other.xml", "--subsystems", "IEMK"); ok {
		verify("Подписана руководителем, а не Регистратором / signed by the head", other, sign(other, s.HeadUL, 13),
			"invalid", "ACC-SIGNER-REGISTRAR", false, true)
		verify("Без реестра МЧД / without the МЧД registry", other, sign(other, s.EmployeeFL, 14),
			"indeterminate", "ACC-REGISTRAR-MCHD-STATUS", false, false)
	}
	if rv, ok := build("Заявка на отзыв / revocation built", demoRevokeID, "access-revoke.xml",
		"--action", "revoke", "--revokes", demoGrantID, "--valid-from", "2026-11-30"); ok {
		verify("Отзыв подписан Регистратором / revocation signed by the registrar", rv, sign(rv, s.EmployeeFL, 15), "valid", "", true, true)
		verify("Повторный отзыв / the same grant revoked again", rv, sign(rv, s.EmployeeFL, 16), "invalid", "ACC-REVOKE-GRANT", false, true)
	}
	var out, errb bytes.Buffer
	htmlPath := d.path("out/access-grant.html")
	code := runAccess([]string{"print", "--xml", grant, "--out", htmlPath}, &out, &errb)
	size := 0
	if fi, err := os.Stat(htmlPath); err == nil {
		size = int(fi.Size())
	}
	u.printf("  %s Печатная форма заявки на доступ / print form: HTML, %d байт / bytes\n", d.outcome(code == exitOK && size > 0), size)
}

// writeJSONFile writes v as indented JSON.
func writeJSONFile(path string, v any) error {
	var b bytes.Buffer
	if err := writeJSON(&b, v); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// catArgs joins argument lists.
func catArgs(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
