package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/examples/internal/config"
	"github.com/egisz-lk/registrar/internal/msk"
)

type subcommand struct {
	name, synopsis, summary string
	run                     func(args []string, stdout, stderr io.Writer) int
}

// group is a command made of subcommands ("registrar application build"):
// its usage, dispatch and the synopsis of each subcommand.
type group struct {
	name string // "application"
	list func() []subcommand
}

func (g group) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: registrar %s <subcommand> [flags]\n", g.name)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "subcommands:")
	for _, s := range g.list() {
		fmt.Fprintf(w, "  %-7s %s\n", s.name, s.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Run 'registrar %s <subcommand> --help' for its flags.\n", g.name)
}

func (g group) run(args []string, stdout, stderr io.Writer) int {
	runners := map[string]runFunc{}
	for _, s := range g.list() {
		runners[s.name] = s.run
	}
	return dispatch("registrar "+g.name, "subcommand", runners, g.usage, args, stdout, stderr)
}

func (g group) synopsis(name string) string {
	for _, s := range g.list() {
		if s.name == name {
			return s.synopsis
		}
	}
	return ""
}

func applicationGroup() group { return group{"application", applicationCommands} }

func applicationCommands() []subcommand {
	return []subcommand{
		{"build", "--variant … --cert FILE [upload flags of check] --applicant FILE --region CODE --position TEXT [--email E] [--phone P] [--out FILE]",
			"check an upload and, when it is accepted, build the application XML", runApplicationBuild},
		{"verify", "--stored FILE --sig FILE --applicant FILE [--xml FILE] [--allow-unchecked LIST] [--trust FILE]... [--ca FILE]... [--crl FILE]... [--at RFC3339] [--json]",
			"verify the detached signature of an application", runApplicationVerify},
		{"print", "--xml FILE [--out FILE]", "render the print form (HTML) of an application", runApplicationPrint},
	}
}

func runApplication(args []string, stdout, stderr io.Writer) int {
	return applicationGroup().run(args, stdout, stderr)
}

const buildAbout = `Runs the same check as 'registrar check' and, when the documents are
accepted, builds the application XML (the applicant from --applicant, the
organisation and document facts from the check, the editable fields from the
flags; e-mail and phone default to the ЕСИА contacts) and writes it to --out
or to stdout. The report goes to stdout, or to stderr when the XML does.

Exit status: 0 built, 1 documents rejected (the report says why), 2 usage
error or unreadable file, 3 indeterminate: a fact could not be checked (the
report says which and how to provide it) and nothing is written.`

func runApplicationBuild(args []string, stdout, stderr io.Writer) int {
	c := newCmd("application build", applicationGroup().synopsis("build"), buildAbout, stdout, stderr)
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
	rep := checkerFor(in.key, in.opts).Check(context.Background(), in.upload, in.applicant)
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

const appVerifyAbout = `Verifies a signed application as the cabinet does at step 2.4, against the
application the service stored when it exported it for signing (--stored,
the exact bytes given to the signer): the stored XML against the schema (the
canonical XML that 'application build' writes), the editable fields
complete, the detached signature over the stored bytes (GOST, CAdES-BES) —
every signer's signature must verify and one signer must be the applicant
(co-signers, such as the head of the organisation, are listed) — the
signer certificates' chains to a --trust anchor at --at (default now), and
the applicant equal to the ЕСИА user of --applicant. A file received with
the signature (--xml) must be byte-identical to the stored one: an
application edited after export is rejected, and must be exported and
signed again.

A fact that cannot be established (no CRL or OCSP response for a
certificate, an unverified trusted list) makes the verdict indeterminate;
the output says what is missing and how to provide it. --allow-unchecked
accepts such facts unchecked (comma-separated: revocation, registry, egrul,
applicant, trusted-list-signature); a failure is never waived.

Exit status: 0 valid, 1 invalid, 3 indeterminate, 2 usage error or
unreadable file.`

// appVerifyJSON is the JSON of application verify.
type appVerifyJSON = config.VerifyJSON

func runApplicationVerify(args []string, stdout, stderr io.Writer) int {
	c := newCmd("application verify", applicationGroup().synopsis("verify"), appVerifyAbout, stdout, stderr)
	storedPath := c.fs.String("stored", "", "the application XML `FILE` as exported for signing and stored by the service (required)")
	sigPath := c.fs.String("sig", "", "its detached signature `FILE` (DER, PEM or base64; required)")
	xmlPath := c.fs.String("xml", "", "the application XML `FILE` received with the signature, compared with --stored byte for byte")
	applicantPath := c.fs.String("applicant", "", "ЕСИА account data of the user, JSON `FILE` (required)")
	var trust trustFlags
	trust.register(c)
	atFlag := c.fs.String("at", "", "validation time, `RFC3339` (default now)")
	allow := c.fs.String("allow-unchecked", "", "facts to accept unchecked, comma-separated `LIST` of "+waiverNames())
	jsonOut := c.fs.Bool("json", false, "print the result as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("stored", "sig", "applicant"); code >= 0 {
		return code
	}
	waivers, err := check.ParseWaivers(*allow)
	if err != nil {
		return c.fail("--allow-unchecked: %v", err)
	}
	at, _, err := parseAt(*atFlag)
	if err != nil {
		return c.fail("%v", err)
	}
	in := application.Received{}
	if in.Stored, err = readFile("stored", *storedPath); err != nil {
		return c.fail("%v", err)
	}
	if *xmlPath != "" {
		if in.XML, err = readFile("xml", *xmlPath); err != nil {
			return c.fail("%v", err)
		}
	}
	if in.Signature, err = readFile("sig", *sigPath); err != nil {
		return c.fail("%v", err)
	}
	user, err := loadApplicant("applicant", *applicantPath)
	if err != nil {
		return c.fail("%v", err)
	}
	in.Applicant = *user
	chain, err := trust.load(at)
	if err != nil {
		return c.fail("%v", err)
	}
	opts := application.CheckOptions{Trust: chain.Trust, At: at, AllowUnchecked: waivers}
	res := verifyApplication(in, checkerFor(configKey(trust.key(), at, waivers), opts).AttachOptions())
	code := map[string]int{"valid": exitOK, "indeterminate": exitIndeterminate}[res.Verdict]
	if res.Verdict == "invalid" {
		code = exitRejected
	}
	if *jsonOut {
		if err := writeJSON(stdout, res); err != nil {
			fmt.Fprintf(stderr, "registrar application verify: %v\n", err)
			return exitUsage
		}
		return code
	}
	u := newUI(stdout)
	u.title("Проверка подписанной заявки / signed application")
	fs := []field{}
	if a := res.Application; a != nil {
		fs = append(fs, field{"Заявка / application", a.ID + " (" + a.Variant + ")"},
			field{"Заявитель / applicant", a.Applicant + ", СНИЛС " + a.SNILS},
			field{"Организация / organisation", a.Organisation})
	}
	for _, s := range res.Signers {
		who := s.Name
		if who == "" {
			who = "сертификат не найден / certificate not found"
		}
		if s.SNILS != "" {
			who += ", СНИЛС " + s.SNILS
		}
		if s.Organisation != "" {
			who += ", " + s.Organisation
		}
		role := "другой подписант / co-signer"
		if s.Applicant {
			role = "заявитель / applicant"
		}
		fs = append(fs, field{fmt.Sprintf("Подписант / signer %d", s.Index), who + " — " + role})
	}
	var verdict string
	switch res.Verdict {
	case "valid":
		verdict = u.verdict(true, "заявка подписана заявителем", "valid")
	case "indeterminate":
		verdict = u.paint(ansiYellow+ansiBold, "ПОДПИСЬ ЗАЯВКИ НЕ УДАЛОСЬ ПРОВЕРИТЬ ДО КОНЦА (indeterminate)")
	default:
		verdict = u.verdict(false, "подпись заявки не принята", "invalid")
	}
	fs = append(fs, field{"Проверено на / at", msk.DateTimeSeconds(at)}, field{"Итог / verdict", verdict})
	u.fields(fs)
	if res.Verdict != "valid" || len(res.Unchecked) > 0 {
		u.printf("  %s\n", res.Message)
	}
	if chain.Roots == nil {
		u.printf("  %s\n", u.paint(ansiYellow, "Не задан --trust: доверенных корневых сертификатов нет, цепочка не может быть доверенной / no --trust given"))
	}
	u.results(res.Checks, *verbose)
	return code
}

// waiverNames lists the waiver names for the usage text.
var waiverNames = config.WaiverNames

// verifyApplication runs the checks of application verify
// (application.VerifyReceived) and shapes its JSON.
var verifyApplication = config.VerifyApplication

const printAbout = `Renders the print form of an application («Печатная форма заявки», HTML) to
--out or stdout.

Exit status: 0 written, 1 not a valid application, 2 usage error or
unreadable file.`

func runApplicationPrint(args []string, stdout, stderr io.Writer) int {
	return runPrint("application print", applicationGroup().synopsis("print"), printAbout, "the application XML `FILE` (required)",
		func(data []byte) ([]byte, error) {
			app, err := application.Unmarshal(data)
			if err != nil {
				return nil, err
			}
			return app.PrintHTML()
		}, args, stdout, stderr)
}

// runPrint is a print subcommand: --xml read, render applied, the HTML
// written to --out or stdout.
func runPrint(name, synopsis, about, xmlUsage string, render func([]byte) ([]byte, error), args []string, stdout, stderr io.Writer) int {
	c := newCmd(name, synopsis, about, stdout, stderr)
	xmlPath := c.fs.String("xml", "", xmlUsage)
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
	html, err := render(data)
	if err != nil {
		fmt.Fprintf(stderr, "registrar %s: %s: %v\n", name, *xmlPath, err)
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
