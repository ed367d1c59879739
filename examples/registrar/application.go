package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/signature"
)

type subcommand struct {
	name, synopsis, summary string
	run                     func(args []string, stdout, stderr io.Writer) int
}

func applicationCommands() []subcommand {
	return []subcommand{
		{"build", "--variant … --cert FILE [upload flags of check] --applicant FILE --region CODE --position TEXT [--email E] [--phone P] [--out FILE]",
			"check an upload and, when it is accepted, build the application XML", runApplicationBuild},
		{"verify", "--xml FILE --sig FILE --applicant FILE [--trust FILE]... [--ca FILE]... [--crl FILE]... [--at RFC3339] [--json]",
			"verify the detached signature of an application", runApplicationVerify},
		{"print", "--xml FILE [--out FILE]", "render the print form (HTML) of an application", runApplicationPrint},
	}
}

func applicationUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: registrar application <subcommand> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "subcommands:")
	for _, s := range applicationCommands() {
		fmt.Fprintf(w, "  %-7s %s\n", s.name, s.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'registrar application <subcommand> --help' for its flags.")
}

func runApplication(args []string, stdout, stderr io.Writer) int {
	runners := map[string]runFunc{}
	for _, s := range applicationCommands() {
		runners[s.name] = s.run
	}
	return dispatch("registrar application", "subcommand", runners, applicationUsage, args, stdout, stderr)
}

func subSynopsis(name string) string {
	for _, s := range applicationCommands() {
		if s.name == name {
			return s.synopsis
		}
	}
	return ""
}

const buildAbout = `Runs the same check as 'registrar check' and, when the documents are
accepted, builds the application XML (the applicant from --applicant, the
organisation and document facts from the check, the editable fields from the
flags; e-mail and phone default to the ЕСИА contacts) and writes it to --out
or to stdout. The report goes to stdout, or to stderr when the XML does.

Exit status: 0 built, 1 documents rejected (the report says why), 2 usage
error or unreadable file.`

func runApplicationBuild(args []string, stdout, stderr io.Writer) int {
	c := newCmd("application build", subSynopsis("build"), buildAbout, stdout, stderr)
	var u uploadFlags
	u.register(c)
	region := c.fs.String("region", "", "two-digit `CODE` of the subject of the Russian Federation (required)")
	position := c.fs.String("position", "", "the applicant's position (должность): `TEXT` (required)")
	email := c.fs.String("email", "", "`EMAIL` for the decision (default: from --applicant)")
	phone := c.fs.String("phone", "", "`PHONE`, +7 and 10 digits (default: from --applicant)")
	out := c.fs.String("out", "", "write the XML to `FILE` instead of stdout")
	id := c.fs.String("id", "", "application ID, a lower-case `UUID` (default: a random one)")
	jsonOut := c.fs.Bool("json", false, "print the report as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("variant", "cert", "applicant", "region", "position"); code >= 0 {
		return code
	}
	f := application.Fields{RegionCode: *region, Position: *position, Email: *email, Phone: *phone}
	for _, r := range f.Check() {
		empty := (r.ID == "APP-EMAIL" && *email == "") || (r.ID == "APP-PHONE" && *phone == "")
		if r.Status == check.Fail && !empty {
			return c.fail("%s: %s (%s)", r.ID, r.Message, r.Detail)
		}
	}
	in, err := u.load()
	if err != nil {
		return c.fail("%v", err)
	}
	rep := application.Check(in.upload, in.applicant, in.opts)
	reportW := stdout
	if rep.Accepted() && *out == "" {
		reportW = stderr
	}
	if *jsonOut {
		if err := writeJSON(reportW, rep); err != nil {
			fmt.Fprintf(stderr, "registrar application build: %v\n", err)
			return exitUsage
		}
	} else {
		printReport(newUI(reportW), rep, in.noTrust, *verbose)
	}
	if !rep.Accepted() {
		// Rejected, or indeterminate: no application is made from
		// documents that were not fully checked (exit 3).
		return reportExit(rep)
	}
	input, err := rep.Input(*in.applicant, f)
	if err != nil {
		fmt.Fprintf(stderr, "registrar application build: %v\n", err)
		return exitRejected
	}
	at := in.opts.At
	input.ID, input.Now = *id, func() time.Time { return at }
	app, err := application.Build(input)
	if err != nil {
		return c.fail("%v", err)
	}
	x, err := app.Marshal()
	if err != nil {
		return c.fail("%v", err)
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
	if !*jsonOut {
		fmt.Fprintf(reportW, "\nЗаявка %s записана в %s / application written\n", app.ID, *out)
	}
	return exitOK
}

const appVerifyAbout = `Verifies a signed application as the cabinet does at step 2.4: the XML
against the schema (it must be the canonical XML that 'application build'
writes, byte for byte), the editable fields complete, the detached signature
over those bytes (GOST, CAdES-BES), the signer certificate's chain to a
--trust anchor at --at (default now), the signer's СНИЛС equal to the
applicant's, and the applicant equal to the ЕСИА user of --applicant.

Exit status: 0 valid, 1 invalid, 2 usage error or unreadable file.`

// appVerifyJSON is the JSON of application verify.
type appVerifyJSON struct {
	Verdict     string        `json:"verdict"`
	Application *appFacts     `json:"application,omitempty"`
	Checks      check.Results `json:"checks"`
}

type appFacts struct {
	ID           string `json:"id"`
	Variant      string `json:"variant"`
	Applicant    string `json:"applicant"`
	SNILS        string `json:"snils"`
	Organisation string `json:"organisation"`
}

func runApplicationVerify(args []string, stdout, stderr io.Writer) int {
	c := newCmd("application verify", subSynopsis("verify"), appVerifyAbout, stdout, stderr)
	xmlPath := c.fs.String("xml", "", "the application XML `FILE` (required)")
	sigPath := c.fs.String("sig", "", "its detached signature `FILE` (DER, PEM or base64; required)")
	applicantPath := c.fs.String("applicant", "", "ЕСИА account data of the user, JSON `FILE` (required)")
	var trust trustFlags
	trust.register(c)
	atFlag := c.fs.String("at", "", "validation time, `RFC3339` (default now)")
	jsonOut := c.fs.Bool("json", false, "print the result as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("xml", "sig", "applicant"); code >= 0 {
		return code
	}
	at, _, err := parseAt(*atFlag)
	if err != nil {
		return c.fail("%v", err)
	}
	data, err := readFile("xml", *xmlPath)
	if err != nil {
		return c.fail("%v", err)
	}
	sig, err := readFile("sig", *sigPath)
	if err != nil {
		return c.fail("%v", err)
	}
	user, err := loadApplicant("applicant", *applicantPath)
	if err != nil {
		return c.fail("%v", err)
	}
	chain, err := trust.load(at)
	if err != nil {
		return c.fail("%v", err)
	}
	res := verifyApplication(data, sig, user, at, signature.ChainValidator(chain.Trust))
	valid := res.Verdict == "valid"
	if *jsonOut {
		if err := writeJSON(stdout, res); err != nil {
			fmt.Fprintf(stderr, "registrar application verify: %v\n", err)
			return exitUsage
		}
	} else {
		u := newUI(stdout)
		u.title("Проверка подписанной заявки / signed application")
		fs := []field{}
		if a := res.Application; a != nil {
			fs = append(fs, field{"Заявка / application", a.ID + " (" + a.Variant + ")"},
				field{"Заявитель / applicant", a.Applicant + ", СНИЛС " + a.SNILS},
				field{"Организация / organisation", a.Organisation})
		}
		ru, en := "подпись заявки не принята", "invalid"
		if valid {
			ru, en = "заявка подписана заявителем", "valid"
		}
		fs = append(fs, field{"Проверено на / at", msk.DateTimeSeconds(at)},
			field{"Итог / verdict", u.verdict(valid, ru, en)})
		u.fields(fs)
		if chain.Roots == nil {
			u.printf("  %s\n", u.paint(ansiYellow, "Не задан --trust: доверенных корневых сертификатов нет, цепочка не может быть доверенной / no --trust given"))
		}
		u.results(res.Checks, *verbose)
	}
	if valid {
		return exitOK
	}
	return exitRejected
}

// verifyApplication runs the checks of application verify
// (application.VerifyReceived) and shapes its JSON.
func verifyApplication(data, sig []byte, user *application.Applicant, at time.Time, validate signature.CertificateValidator) appVerifyJSON {
	app, rs := application.VerifyReceived(data, sig, *user, application.AttachOptions{ValidateCertificate: validate, At: at})
	out := appVerifyJSON{Verdict: "invalid", Checks: rs}
	if app != nil {
		a := app.Applicant
		out.Application = &appFacts{ID: app.ID, Variant: app.Variant.Code(), SNILS: a.SNILS,
			Applicant: a.FullName(), Organisation: app.Organisation.String()}
		if !rs.Failed() && app.Lifecycle.State == application.StateSigned {
			out.Verdict = "valid"
		}
	}
	return out
}

const printAbout = `Renders the print form of an application («Печатная форма заявки», HTML) to
--out or stdout.

Exit status: 0 written, 1 not a valid application, 2 usage error or
unreadable file.`

func runApplicationPrint(args []string, stdout, stderr io.Writer) int {
	c := newCmd("application print", subSynopsis("print"), printAbout, stdout, stderr)
	xmlPath := c.fs.String("xml", "", "the application XML `FILE` (required)")
	out := c.fs.String("out", "", "write the HTML to `FILE` instead of stdout")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("xml"); code >= 0 {
		return code
	}
	data, err := readFile("xml", *xmlPath)
	if err != nil {
		return c.fail("%v", err)
	}
	app, err := application.Unmarshal(data)
	if err != nil {
		fmt.Fprintf(stderr, "registrar application print: %s: %v\n", *xmlPath, err)
		return exitRejected
	}
	html, err := app.PrintHTML()
	if err != nil {
		fmt.Fprintf(stderr, "registrar application print: %s: %v\n", *xmlPath, err)
		return exitRejected
	}
	if *out == "" {
		if _, err := stdout.Write(html); err != nil {
			return c.fail("writing the print form: %v", err)
		}
		return exitOK
	}
	if err := os.WriteFile(*out, html, 0o644); err != nil {
		return c.fail("--out: %v", err)
	}
	fmt.Fprintf(stdout, "Печатная форма записана в %s / print form written\n", *out)
	return exitOK
}
