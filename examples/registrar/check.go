package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/egisz-lk/registrar/internal/msk"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/examples/internal/config"
	"github.com/egisz-lk/registrar/internal/match"
)

const checkSynopsis = "--variant head|representative|managing --cert FILE [--mchd FILE --mchd-sig FILE] " +
	"[--trust FILE]... [--ca FILE]... [--crl FILE]... [--at RFC3339] [--snils VALUE] [--applicant FILE.json] " +
	"[--registry-file FILE | --registry-url URL] [--egrul-file FILE] [--allow-unchecked LIST] [--json]"

const checkAbout = `Checks an upload as the personal cabinet does on the page «Доверенности и доступы»:
the certificate (kind, qualified profile, chain, revocation, owner), for the
representative and managing variants the МЧД (schema, rules, power EGISZ_LK_01,
detached signature, signer) and the cross-document checks.

--snils and/or --applicant give the ЕСИА account of the user; when both are
given they must name the same СНИЛС. The applicant file is JSON:
{"surname", "given_name", "patronymic", "snils", "inn", "email", "phone",
"account_level": "simplified"|"standard"|"confirmed"}.

The ФНС registry of МЧД: --registry-file FILE is a copy (JSON object from
НомДовер to active, revoked, suspended, expired, not_found, created,
processing or rejected; a number it does not list stays unchecked);
--registry-url asks a check service (a GET of the template; the answer is
JSON with "status"; anything else is "unavailable"). The МЧД variants need
one of them.

ЕГРЮЛ: --egrul-file FILE gives the records of organisations (JSON, see the
README); for the managing variant the short form --egrul-org-inn/-ogrn,
--egrul-managing-inn/-ogrn with --egrul-status may be used instead. The
managing variant needs one of them; the head variant is checked against
ЕГРЮЛ when --egrul-file is given.

A fact that could not be checked (no CRL, no registry answer, no ЕГРЮЛ
record, no ЕСИА data) makes the verdict indeterminate unless
--allow-unchecked names it.

Exit status: 0 accepted, 1 rejected, 2 usage error or unreadable file,
3 indeterminate (a fact could not be checked; the report says which and how
to provide it).`

// uploadFlags are the flags of an upload check, shared by check and
// application build.
type uploadFlags struct {
	variant, cert, mchd, mchdSig string
	trust                        trustFlags
	src                          config.Sources
	at, snils, applicant         string
	egrulOrgINN, egrulOrgOGRN    string
	egrulMgrINN, egrulMgrOGRN    string
	egrulStatus                  string
}

func (u *uploadFlags) register(c *cmd) {
	c.fs.StringVar(&u.variant, "variant", "", "upload variant: `head|representative|managing` (required)")
	c.fs.StringVar(&u.cert, "cert", "", "the certificate `FILE` (DER, PEM or base64; required)")
	c.fs.StringVar(&u.mchd, "mchd", "", "the power of attorney (МЧД, XML) `FILE`, for representative and managing")
	c.fs.StringVar(&u.mchdSig, "mchd-sig", "", "the detached signature `FILE` of the МЧД (DER, PEM or base64)")
	u.trust.register(c)
	u.src.Register(c.fs)
	c.fs.StringVar(&u.at, "at", "", "validation time, `RFC3339` (default now)")
	c.fs.StringVar(&u.snils, "snils", "", "СНИЛС of the ЕСИА account: `VALUE` (alone: identifiers only, name and level not checked)")
	c.fs.StringVar(&u.applicant, "applicant", "", "ЕСИА account data, JSON `FILE`")
	c.fs.StringVar(&u.egrulOrgINN, "egrul-org-inn", "", "ЕГРЮЛ: `INN` of the managed organisation (managing variant)")
	c.fs.StringVar(&u.egrulOrgOGRN, "egrul-org-ogrn", "", "ЕГРЮЛ: `OGRN` of the managed organisation (managing variant)")
	c.fs.StringVar(&u.egrulMgrINN, "egrul-managing-inn", "", "ЕГРЮЛ: `INN` of the managing organisation (managing variant)")
	c.fs.StringVar(&u.egrulMgrOGRN, "egrul-managing-ogrn", "", "ЕГРЮЛ: `OGRN` of the managing organisation (managing variant)")
	c.fs.StringVar(&u.egrulStatus, "egrul-status", "", "ЕГРЮЛ: status of the managed organisation with the --egrul-* identifiers: "+
		"`active|liquidating|liquidated` (default unknown: undecided)")
}

// checkInput is a loaded upload check.
type checkInput struct {
	upload    application.Upload
	applicant *application.Applicant
	opts      application.CheckOptions
	// key identifies opts by the flags they came from (see checkerFor).
	key     string
	noTrust bool
}

// parseIssuer reads OGRN[:INNLE] (see config.ParseIssuer).
var parseIssuer = config.ParseIssuer

// loadApplicant reads an applicant JSON file.
var loadApplicant = config.LoadApplicant

// load reads every file and builds the inputs of application.Check. The
// error is a usage error.
func (u *uploadFlags) load() (*checkInput, error) {
	v, err := application.ParseVariant(u.variant)
	if err != nil {
		return nil, fmt.Errorf("--variant %q: want head, representative or managing", u.variant)
	}
	at, _, err := parseAt(u.at)
	if err != nil {
		return nil, err
	}
	in := &checkInput{upload: application.Upload{Variant: v}}
	if in.upload.Certificate, err = readFile("cert", u.cert); err != nil {
		return nil, err
	}
	if u.mchd != "" {
		if in.upload.MCHD, err = readFile("mchd", u.mchd); err != nil {
			return nil, err
		}
		in.upload.MCHDFileName = filepath.Base(u.mchd)
	}
	if u.mchdSig != "" {
		if in.upload.MCHDSignature, err = readFile("mchd-sig", u.mchdSig); err != nil {
			return nil, err
		}
	}
	switch {
	case u.applicant != "":
		if in.applicant, err = loadApplicant("applicant", u.applicant); err != nil {
			return nil, err
		}
		if u.snils != "" && match.Digits(u.snils) != match.Digits(in.applicant.SNILS) {
			return nil, fmt.Errorf("--snils %s does not match the СНИЛС %s in --applicant %s (СНИЛС не совпадает)",
				u.snils, in.applicant.SNILS, u.applicant)
		}
	case u.snils != "":
		in.applicant = &application.Applicant{SNILS: u.snils}
	}
	chain, err := u.trust.load(at)
	if err != nil {
		return nil, err
	}
	in.noTrust = chain.Roots == nil
	in.opts = application.CheckOptions{At: at, Trust: chain.Trust}
	short := u.egrulOrgINN != "" || u.egrulOrgOGRN != "" || u.egrulMgrINN != "" || u.egrulMgrOGRN != "" || u.egrulStatus != ""
	if short {
		switch {
		case v != application.VariantManaging:
			return nil, fmt.Errorf("--egrul-org-*, --egrul-managing-* and --egrul-status apply to the managing variant only " +
				"(--egrul-file serves every variant)")
		case u.src.EGRULFile != "":
			return nil, fmt.Errorf("give the ЕГРЮЛ record either as --egrul-file or as the --egrul-* identifiers, not both")
		}
		mb := &application.ManagedBy{OrganisationINN: u.egrulOrgINN, OrganisationOGRN: u.egrulOrgOGRN,
			ManagingINN: u.egrulMgrINN, ManagingOGRN: u.egrulMgrOGRN}
		if u.egrulStatus != "" {
			if err := mb.Status.UnmarshalText([]byte(u.egrulStatus)); err != nil {
				return nil, fmt.Errorf("--egrul-status: %w", err)
			}
		}
		in.opts.ManagedBy = mb
	}
	if err := u.src.Options(&in.opts); err != nil {
		return nil, err
	}
	in.key = configKey(u.trust.key(), at, u.src.Key(), u.egrulOrgINN, u.egrulOrgOGRN, u.egrulMgrINN, u.egrulMgrOGRN, u.egrulStatus)
	return in, nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	c := newCmd("check", checkSynopsis, checkAbout, stdout, stderr)
	var u uploadFlags
	u.register(c)
	jsonOut := c.fs.Bool("json", false, "print the report as JSON")
	verbose := c.fs.Bool("verbose", false, "list the passed checks too")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	if code := c.require("variant", "cert"); code >= 0 {
		return code
	}
	in, err := u.load()
	if err != nil {
		return c.fail("%v", err)
	}
	rep := checkerFor(in.key, in.opts).Check(context.Background(), in.upload, in.applicant)
	if *jsonOut {
		if err := writeJSON(stdout, rep); err != nil {
			fmt.Fprintf(stderr, "registrar check: %v\n", err)
			return exitUsage
		}
	} else {
		printReport(newUI(stdout), rep, in.noTrust, *verbose)
	}
	return reportExit(rep)
}

// reportExit is the exit code of a check report: 0 accepted, 1 rejected,
// 3 indeterminate.
func reportExit(rep *application.Report) int {
	switch rep.Verdict {
	case application.VerdictAccepted:
		return exitOK
	case application.VerdictIndeterminate:
		return exitIndeterminate
	}
	return exitRejected
}

// registerAllowUnchecked adds --allow-unchecked to a command.
func registerAllowUnchecked(c *cmd, dst *string) { config.RegisterAllowUnchecked(c.fs, dst) }

// printReport renders a check report for people.
func printReport(u *ui, rep *application.Report, noTrust, verbose bool) {
	u.title("Проверка документов / upload check")
	org := ""
	if o := rep.Organisation; o != nil {
		org = o.String()
	}
	u.fields([]field{
		{"Вариант / variant", rep.Variant.Russian() + " (" + rep.Variant.Code() + ")"},
		{"Проверено на / at", msk.DateTimeSeconds(rep.At)},
		{"Организация / organisation", org},
		{"Итог / verdict", reportVerdict(u, rep)},
	})
	if noTrust {
		u.printf("  %s\n", u.paint(ansiYellow, "Не задан --trust: доверенных корневых сертификатов нет, цепочка не может быть доверенной / no --trust given"))
	}
	u.results(rep.Checks, verbose)
	if hints := application.Missing(rep.Checks); len(hints) > 0 {
		u.printf("\n%s\n", u.paint(ansiBold, "Что нужно для проверки / what is missing:"))
		for _, h := range hints {
			u.printf("  — %s\n", h)
		}
	}
	if len(rep.Waived) > 0 {
		var names []string
		for _, w := range rep.Waived {
			names = append(names, w.Russian()+" ("+string(w)+")")
		}
		u.printf("\n%s %s\n", u.paint(ansiYellow, "Принято без проверки / accepted unchecked (--allow-unchecked):"), strings.Join(names, "; "))
	}
}

// reportVerdict renders the verdict of a check report.
func reportVerdict(u *ui, rep *application.Report) string {
	if rep.Verdict == application.VerdictIndeterminate {
		return u.paint(ansiYellow+ansiBold, strings.ToUpper(rep.Verdict.Russian())+" ("+string(rep.Verdict)+")")
	}
	return u.verdict(rep.Accepted(), rep.Verdict.Russian(), string(rep.Verdict))
}
