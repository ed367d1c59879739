package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egisz-lk/registrar"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

const demoAbout = `Generates a synthetic PKI (head CA, ФНС-like CA, commercial CA, CRLs, a
trusted list) and documents (certificates, МЧД with detached signatures,
ЕСИА account data) into a temporary folder, then runs the commands on them
exactly as you would type them: 'check' for the three variants accepted and
for typical rejections, 'verify' on an МЧД signature, and 'application
build', signing, 'application verify' and 'application print', then the
Регистратор's requests: 'access build', 'verify' and 'print' (a grant
recorded in a register, a duplicate, a revocation, a request signed by
someone else). Prints one
line per case: expected and actual verdict, and the first failing check.

Everything is deterministic: the same output on every run.

Exit status: 0 every case gave the expected verdict, 1 otherwise.`

// demoAppID is the fixed ID of the demo application (reproducible output).
const demoAppID = "d3e1a5c0-2026-4b23-8c00-000000000001"

// demoCase is one upload check of the demo, run through runCheck.
type demoCase struct {
	ru, en  string
	variant string
	files   []string // flag, relative path, flag, relative path, …
	extra   []string // other flags
	noTrust bool
	// want is the verdict: accepted, rejected or indeterminate.
	want string
	// wantCheck is a check ID that must fail (rejected) or be undecided
	// (indeterminate).
	wantCheck string
}

type demo struct {
	// ids are the check IDs the demo read back from the commands' JSON.
	ids      map[string]bool
	u        *ui
	dir      string
	set      *fixtures.Set
	trust    []string // --trust … --crl … --at … --head-issuer …
	at       string
	total    int
	failures int
}

func (d *demo) path(rel string) string { return filepath.Join(d.dir, filepath.FromSlash(rel)) }

func runDemo(args []string, stdout, stderr io.Writer) int {
	c := newCmd("demo", "[--dir DIR]", demoAbout, stdout, stderr)
	keep := c.fs.String("dir", "", "write the generated files to `DIR` and keep them (default: a temporary folder, removed at the end)")
	if code := c.parse(args, 0); code >= 0 {
		return code
	}
	set, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		fmt.Fprintf(stderr, "registrar demo: generating the fixtures: %v\n", err)
		return exitRejected
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "registrar-demo-"); err != nil {
			fmt.Fprintf(stderr, "registrar demo: %v\n", err)
			return exitRejected
		}
		defer os.RemoveAll(dir)
	}
	if err := set.WriteDir(dir); err != nil {
		fmt.Fprintf(stderr, "registrar demo: %v\n", err)
		return exitRejected
	}
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
		fmt.Fprintf(stderr, "registrar demo: %v\n", err)
		return exitRejected
	}
	d := &demo{u: newUI(stdout), dir: dir, set: set, at: fixtures.At.Format(time.RFC3339), ids: map[string]bool{}}
	issuer := set.HeadIssuers()[0]
	d.trust = []string{
		"--trust", d.path("pki/trusted-list.xml"), "--tsl-head-ogrn", set.HeadCAOGRN, "--tsl-signer", d.path("pki/trusted-list-signer.pem"),
		"--crl", d.path("pki/root.crl"), "--crl", d.path("pki/ca-fns.crl"), "--crl", d.path("pki/ca-commercial.crl"),
		"--at", d.at,
	}
	headIssuer := []string{"--head-issuer", issuer.OGRN + ":" + issuer.INNLE}

	u := d.u
	u.title("Демонстрация на синтетических данных / demo on synthetic data")
	where := "во временной папке / in a temporary folder"
	if *keep != "" {
		where = "в папке / in " + *keep
	}
	u.fields([]field{
		{"Данные / data", fmt.Sprintf("тестовые УЦ, сертификаты, МЧД с подписями, данные ЕСИА — файлов: %d, %s", len(set.Paths()), where)},
		{"Время проверки / at", fixtures.At.Format("02.01.2006 15:04:05") + " МСК (--at " + d.at + ")"},
		{"Доверие / trust", "pki/trusted-list.xml (головной УЦ ОГРН " + set.HeadCAOGRN + ", подпись перечня: pki/trusted-list-signer.pem), 3 CRL"},
		{"УЦ руководителей / head CA", issuer.Name + " (--head-issuer " + issuer.OGRN + ":" + issuer.INNLE + ")"},
	})

	rep := []string{"--cert", "certs/employee-fl.pem", "--mchd", "mchd/representative.xml", "--mchd-sig", "mchd/representative.xml.sig",
		"--applicant", "applicant/employee.json", "--registry-file", "mchd/registry.json"}
	with := func(base []string, flag, value string) []string {
		out := append([]string(nil), base...)
		for i := 0; i+1 < len(out); i += 2 {
			if out[i] == flag {
				out[i+1] = value
				return out
			}
		}
		return append(out, flag, value)
	}
	egrul := []string{"--egrul-file", d.path("egrul/records.json")}
	managing := []string{"--cert", "certs/managing-head-ul.pem", "--mchd", "mchd/managing.xml", "--mchd-sig", "mchd/managing.xml.sig",
		"--applicant", "applicant/managing-head.json", "--registry-file", "mchd/registry.json"}
	cases := []demoCase{
		{ru: "Руководитель организации", en: "head of a legal entity", variant: "head", want: "accepted",
			files: []string{"--cert", "certs/head-ul.pem", "--applicant", "applicant/head.json"}, extra: egrul},
		{ru: "Индивидуальный предприниматель", en: "entrepreneur", variant: "head", want: "accepted",
			files: []string{"--cert", "certs/ip.pem", "--applicant", "applicant/ip.json"}},
		{ru: "Сотрудник по МЧД", en: "representative with an МЧД", variant: "representative", want: "accepted", files: rep},
		{ru: "… без реестра МЧД", en: "… without the МЧД registry", variant: "representative", want: "indeterminate",
			wantCheck: "MCHD-REGISTRY-STATUS", files: rep[:len(rep)-2]},
		{ru: "… МЧД отозвана по реестру", en: "… МЧД revoked in the registry", variant: "representative", want: "rejected",
			wantCheck: "MCHD-REGISTRY-STATUS", files: with(rep, "--registry-file", "mchd/registry-revoked.json")},
		{ru: "МЧД со штампом времени (CAdES-T)", en: "timestamped МЧД, signer expired since",
			variant: "representative", want: "accepted", files: with(rep, "--mchd-sig", "signatures/expired-head-t.sig")},
		{ru: "Руководитель управляющей организации", en: "managing organisation", variant: "managing", want: "accepted",
			files: managing, extra: egrul},
		{ru: "… без сведений ЕГРЮЛ", en: "… without the ЕГРЮЛ record", variant: "managing", want: "indeterminate",
			wantCheck: "APP-EGRUL-MANAGED", files: managing},
		{ru: "… без ЕГРЮЛ, --allow-unchecked egrul", en: "… ЕГРЮЛ waived", variant: "managing", want: "accepted",
			files: managing, extra: []string{"--allow-unchecked", "egrul"}},
		{ru: "Сертификат другого человека", en: "someone else's certificate", variant: "head", want: "rejected", wantCheck: "APP-PERSON-MATCH",
			files: []string{"--cert", "certs/head-ul.pem", "--applicant", "applicant/employee.json"}},
		{ru: "Учётная запись ЕСИА стандартная", en: "standard ЕСИА account", variant: "representative", want: "rejected", wantCheck: "APP-ESIA-CONFIRMED",
			files: with(rep, "--applicant", "applicant/employee-standard.json")},
		{ru: "МЧД без полномочия EGISZ_LK_01", en: "МЧД without the power", variant: "representative", want: "rejected", wantCheck: "MCHD-POWER",
			files: with(with(rep, "--mchd", "mchd/no-power.xml"), "--mchd-sig", "mchd/no-power.xml.sig")},
		{ru: "МЧД изменена после подписи", en: "tampered МЧД", variant: "representative", want: "rejected", wantCheck: "SIG-MESSAGE-DIGEST",
			files: with(rep, "--mchd", "mchd/tampered.xml")},
		{ru: "МЧД подписал не руководитель", en: "МЧД signed by the employee", variant: "representative", want: "rejected", wantCheck: "MCHD-SIGNER-KIND",
			files: with(rep, "--mchd-sig", "mchd/wrong-signer.xml.sig")},
		{ru: "Срок МЧД истёк", en: "expired МЧД", variant: "representative", want: "rejected", wantCheck: "MCHD-IN-FORCE",
			files: with(with(rep, "--mchd", "mchd/expired.xml"), "--mchd-sig", "mchd/expired.xml.sig")},
		{ru: "Сертификат отозван", en: "revoked certificate", variant: "representative", want: "rejected", wantCheck: "CHAIN-REVOCATION",
			files: with(rep, "--cert", "certs/revoked-fl.pem")},
		{ru: "Без доверенного корня (--trust)", en: "no trust anchor", variant: "head", want: "rejected", wantCheck: "CHAIN-TRUSTED-ROOT", noTrust: true,
			files: []string{"--cert", "certs/head-ul.pem", "--applicant", "applicant/head.json"}},
	}

	u.printf("\n")
	u.title("1. Проверка документов / upload checks: registrar check")
	w := 0
	for _, c := range cases {
		w = max(w, utf8.RuneCountInString(c.ru+" / "+c.en))
	}
	head := "случай / case"
	u.printf("    %s%s  %-14s  %s\n", u.paint(ansiDim, head), pad(head, w), u.paint(ansiDim, "вариант"), u.paint(ansiDim, "ожидалось → итог / expected → got"))
	for _, c := range cases {
		args := []string{"--variant", c.variant}
		for i := 0; i+1 < len(c.files); i += 2 {
			args = append(args, c.files[i], d.path(c.files[i+1]))
		}
		args = append(args, c.extra...)
		if !c.noTrust {
			args = append(args, d.trust...)
			args = append(args, headIssuer...)
		} else {
			args = append(args, "--at", d.at)
			args = append(args, headIssuer...)
		}
		d.checkCase(c, args, w)
	}

	u.printf("\n")
	u.title("2. Подпись МЧД / МЧД signature: registrar verify")
	d.verifyCase("Подпись МЧД верна / МЧД signature valid", true, "",
		"--content", d.path("mchd/representative.xml"), "--sig", d.path("mchd/representative.xml.sig"))
	d.verifyCase("Изменённая МЧД / tampered МЧД", false, "SIG-MESSAGE-DIGEST",
		"--content", d.path("mchd/tampered.xml"), "--sig", d.path("mchd/representative.xml.sig"))

	u.printf("\n")
	u.title("3. Заявка / application: registrar application build, verify, print")
	d.application(rep, headIssuer)
	d.access()

	d.registered()

	u.printf("\n")
	if d.failures > 0 {
		u.printf("%s\n", u.paint(ansiRed+ansiBold, fmt.Sprintf("Итог / result: неожиданный результат — %d из %d / %d of %d cases did not behave as expected",
			d.failures, d.total, d.failures, d.total)))
		return exitRejected
	}
	u.printf("%s\n", u.paint(ansiGreen+ansiBold, fmt.Sprintf("Итог / result: всё как ожидалось (%d из %d) / all %d cases behaved as expected",
		d.total, d.total, d.total)))
	return exitOK
}

// outcome records one demo step.
func (d *demo) outcome(ok bool) string {
	d.total++
	if !ok {
		d.failures++
		return d.u.mark(check.Fail)
	}
	return d.u.mark(check.Pass)
}

// verdictExit is the exit code of check, verify and application for each
// verdict of their JSON.
var verdictExit = map[string]int{"accepted": exitOK, "valid": exitOK, "rejected": exitRejected, "invalid": exitRejected,
	"indeterminate": exitIndeterminate}

// firstUndecided returns the first indeterminate result.
func firstUndecided(rs check.Results) (check.Result, bool) {
	for _, r := range rs {
		if r.Status == check.Indeterminate {
			return r, true
		}
	}
	return check.Result{}, false
}

// verdictWord renders an accepted/rejected or valid/invalid word.
func verdictWord(good bool, yes, no string) string {
	if good {
		return yes
	}
	return no
}

// reportJSON is what the demo reads back from --json output.
type reportJSON struct {
	Verdict string        `json:"verdict"`
	Variant string        `json:"variant"`
	Checks  check.Results `json:"checks"`
}

// seen records the check IDs of a report read back.
func (d *demo) seen(rs check.Results) {
	for _, r := range rs {
		d.ids[r.ID] = true
	}
}

// registered checks that every check ID the demo saw is a rule of
// 'registrar rules'.
func (d *demo) registered() {
	var unknown []string
	for id := range d.ids {
		if _, ok := registrar.Lookup(id); !ok {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	d.u.printf("\n")
	d.u.title("5. Правила / rules: registrar rules")
	d.u.printf("  %s Все проверки — правила из 'registrar rules' / every check ID is a listed rule: %d ID\n",
		d.outcome(len(unknown) == 0 && len(d.ids) > 0), len(d.ids))
	if len(unknown) > 0 {
		d.u.printf("      %s\n", d.u.paint(ansiRed, "нет в списке / not listed: "+strings.Join(unknown, ", ")))
	}
}

func (d *demo) checkCase(c demoCase, args []string, w int) {
	var out, errb bytes.Buffer
	code := runCheck(append(args, "--json"), &out, &errb)
	var r reportJSON
	jsonErr := json.Unmarshal(out.Bytes(), &r)
	d.seen(r.Checks)
	wantStatus := check.Fail
	if c.want == "indeterminate" {
		wantStatus = check.Indeterminate
	}
	x, found := r.Checks.Find(c.wantCheck)
	got := r.Verdict
	ok := jsonErr == nil && got == c.want && code == verdictExit[c.want] &&
		(c.wantCheck == "" || found && x.Status == wantStatus)
	label := c.ru + " / " + c.en
	if got == "" {
		got = fmt.Sprintf("exit %d", code)
	}
	d.u.printf("  %s %s%s  %-14s  %s → %s\n", d.outcome(ok), label, pad(label, w), c.variant, c.want, got)
	f, has := firstFailure(r.Checks)
	if !has {
		f, has = firstUndecided(r.Checks)
	}
	if has {
		d.u.printf("      %s: %s\n", f.ID, shorten(f.Message, 150))
		if found && f.ID != c.wantCheck {
			d.u.printf("      %s: %s\n", x.ID, shorten(x.Message, 150))
		}
		if f.Status == check.Indeterminate && f.Waiver != "" {
			d.u.printf("      %s\n", d.u.paint(ansiDim, "как проверить / to decide: "+f.Waiver.Hint()+
				"; или / or --allow-unchecked "+string(f.Waiver)))
		}
	}
	for _, wv := range r.Checks.Waived() {
		d.u.printf("      %s\n", d.u.paint(ansiDim, "принято без проверки / waived: "+wv.Russian()+" ("+string(wv)+")"))
	}
	if code == exitUsage || jsonErr != nil {
		d.u.printf("      %s\n", d.u.paint(ansiRed, strings.TrimSpace(errb.String())))
	}
}

func (d *demo) verifyCase(label string, wantValid bool, wantFail string, args ...string) {
	var out, errb bytes.Buffer
	code := runVerify(append(append(args, d.trust...), "--json"), &out, &errb)
	var r reportJSON
	jsonErr := json.Unmarshal(out.Bytes(), &r)
	d.seen(r.Checks)
	want := verdictWord(wantValid, "valid", "invalid")
	_, hasWant := r.Checks.Find(wantFail)
	ok := jsonErr == nil && r.Verdict == want && (code == exitOK) == wantValid && (wantFail == "" || hasWant)
	d.u.printf("  %s %s: ожидалось / expected %s → %s\n", d.outcome(ok), label, want, verdictWord(r.Verdict != "", r.Verdict, fmt.Sprintf("exit %d", code)))
	if f, has := firstFailure(r.Checks); has {
		d.u.printf("      %s: %s\n", f.ID, shorten(f.Message, 150))
	}
	if code == exitUsage || jsonErr != nil {
		d.u.printf("      %s\n", d.u.paint(ansiRed, strings.TrimSpace(errb.String())))
	}
}

// application builds, signs, verifies and prints an application for the
// representative case.
func (d *demo) application(rep, headIssuer []string) {
	u, s := d.u, d.set
	xmlPath, htmlPath := d.path("out/application.xml"), d.path("out/application.html")
	args := []string{"build", "--variant", "representative"}
	for i := 0; i+1 < len(rep); i += 2 {
		args = append(args, rep[i], d.path(rep[i+1]))
	}
	args = append(args, d.trust...)
	args = append(args, headIssuer...)
	args = append(args, "--region", s.OrgA.Region, "--position", s.Employee.Position, "--id", demoAppID, "--out", xmlPath, "--json")
	var out, errb bytes.Buffer
	code := runApplication(args, &out, &errb)
	var built reportJSON
	if json.Unmarshal(out.Bytes(), &built) == nil {
		d.seen(built.Checks)
	}
	ok := code == exitOK
	u.printf("  %s Заявка построена / application built: %s (representative, регион %s)\n", d.outcome(ok), demoAppID, s.OrgA.Region)
	if !ok {
		u.printf("      %s\n", u.paint(ansiRed, strings.TrimSpace(errb.String())))
		return
	}
	content, err := os.ReadFile(xmlPath)
	if err != nil {
		u.printf("  %s %v\n", d.outcome(false), err)
		return
	}
	sign := func(who fixtures.Credential, name string, seed byte) (string, error) {
		sig, err := signature.Sign(content, who.Cert, who.Key, signature.SignOptions{
			Time: fixtures.At.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{seed})})
		if err != nil {
			return "", err
		}
		p := d.path("out/" + name)
		return p, os.WriteFile(p, sig, 0o644)
	}
	good, err := sign(s.EmployeeFL, "application.xml.sig", 1)
	ok = err == nil
	u.printf("  %s Подписана ключом заявителя / signed by the applicant: ГОСТ Р 34.10-2012, CAdES-BES, %s\n", d.outcome(ok),
		keyName(s.EmployeeFL.Cert))
	if !ok {
		u.printf("      %v\n", err)
		return
	}
	bad, err := sign(s.HeadUL, "application-head.xml.sig", 2)
	if err != nil {
		u.printf("  %s %v\n", d.outcome(false), err)
		return
	}
	// The head co-signs the applicant's signature; the applicant edits the
	// exported file and signs it again.
	cosigned := d.path("out/application-cosigned.xml.sig")
	edited, resigned := d.path("out/application-edited.xml"), d.path("out/application-edited.xml.sig")
	both, err := sigtest.CoSign(mustRead(good), mustRead(bad))
	if err == nil {
		err = os.WriteFile(cosigned, both, 0o644)
	}
	changed := bytes.Replace(content, []byte(xmlEscape(s.Employee.Position)), []byte("Главный специалист"), 1)
	if err == nil && bytes.Equal(changed, content) {
		err = errors.New("the position is not in the application")
	}
	if err == nil {
		err = os.WriteFile(edited, changed, 0o644)
	}
	var edSig []byte
	if err == nil {
		edSig, err = signature.Sign(changed, s.EmployeeFL.Cert, s.EmployeeFL.Key, signature.SignOptions{
			Time: fixtures.At.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{3})})
	}
	if err == nil {
		err = os.WriteFile(resigned, edSig, 0o644)
	}
	if err != nil {
		u.printf("  %s co-signature or edited copy: %v\n", d.outcome(false), err)
		return
	}
	verify := func(label, sig, want, wantCheck string, extra ...string) {
		args := append([]string{"verify", "--stored", xmlPath, "--sig", sig, "--applicant", d.path("applicant/employee.json")}, d.trust...)
		args = append(args, extra...)
		var out, errb bytes.Buffer
		code := runApplication(append(args, "--json"), &out, &errb)
		var r reportJSON
		jsonErr := json.Unmarshal(out.Bytes(), &r)
		d.seen(r.Checks)
		x, found := r.Checks.Find(wantCheck)
		ok := jsonErr == nil && r.Verdict == want && code == verdictExit[want] &&
			(wantCheck == "" || found && (want != "invalid" || x.Status == check.Fail))
		u.printf("  %s %s: ожидалось / expected %s → %s\n", d.outcome(ok), label, want, verdictWord(r.Verdict != "", r.Verdict, fmt.Sprintf("exit %d", code)))
		switch f, has := firstFailure(r.Checks); {
		case has:
			u.printf("      %s: %s\n", f.ID, shorten(f.Message, 150))
		case found && x.Status == check.Warn:
			u.printf("      %s: %s\n", x.ID, shorten(x.Message, 150))
		}
		if code == exitUsage || jsonErr != nil {
			u.printf("      %s\n", u.paint(ansiRed, strings.TrimSpace(errb.String())))
		}
	}
	verify("Подпись заявителя / applicant's signature", good, "valid", "")
	verify("Подписи заявителя и руководителя / co-signed by the head", cosigned, "valid", "APP-CO-SIGNERS")
	verify("Подпись руководителя вместо заявителя / signed by someone else", bad, "invalid", "APP-SIGNER-SNILS")
	verify("Изменена после выгрузки и переподписана / edited after export, re-signed", resigned, "invalid", "APP-XML-UNCHANGED",
		"--xml", edited)
	out.Reset()
	errb.Reset()
	code = runApplication([]string{"print", "--xml", xmlPath, "--out", htmlPath}, &out, &errb)
	size := 0
	if fi, err := os.Stat(htmlPath); err == nil {
		size = int(fi.Size())
	}
	ok = code == exitOK && size > 0
	u.printf("  %s Печатная форма / print form: HTML, %d байт / bytes\n", d.outcome(ok), size)
	if !ok {
		u.printf("      %s\n", u.paint(ansiRed, strings.TrimSpace(errb.String())))
	}
}

// mustRead reads a file the demo has just written (nil if it cannot).
func mustRead(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}

// xmlEscape escapes s as character data.
func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// keyName describes a certificate's key.
func keyName(c *certificate.Certificate) string {
	return strings.TrimSpace(c.PublicKey.AlgorithmName() + " " + c.PublicKey.CurveName())
}

// shorten cuts s to n runes.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
