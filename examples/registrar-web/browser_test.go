package main

// The pages in a real browser: each variant's whole flow, the keyboard.

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

// browserVariant is one variant's walk through the pages.
type browserVariant struct {
	code, account string
	// signer is the applicant's credential.
	signer func(*fixtures.Set) fixtures.Credential
	// good are the accepted files (file input id → fixture path); bad
	// replaces some of them to be rejected with the rule failRule.
	good, bad map[string]string
	failRule  string
}

var browserVariants = []browserVariant{
	{code: "head", account: "head", signer: func(s *fixtures.Set) fixtures.Credential { return s.HeadUL },
		good:     map[string]string{"certificate": "certs/head-ul.pem"},
		bad:      map[string]string{"certificate": "certs/ip.pem"},
		failRule: "APP-PERSON-MATCH"},
	{code: "representative", account: "employee", signer: func(s *fixtures.Set) fixtures.Credential { return s.EmployeeFL },
		good:     map[string]string{"certificate": "certs/employee-fl.pem", "mchd": "mchd/representative.xml", "mchd_signature": "mchd/representative.xml.sig"},
		bad:      map[string]string{"mchd": "mchd/tampered.xml"},
		failRule: "SIG-MESSAGE-DIGEST"},
	{code: "managing", account: "managing-head", signer: func(s *fixtures.Set) fixtures.Credential { return s.ManagingHeadUL },
		good:     map[string]string{"certificate": "certs/managing-head-ul.pem", "mchd": "mchd/managing.xml", "mchd_signature": "mchd/managing.xml.sig"},
		bad:      map[string]string{"mchd_signature": "mchd/representative.xml.sig"},
		failRule: "SIG-MESSAGE-DIGEST"},
}

// files returns the variant's accepted upload, with the replacements, as
// paths on disk.
func (v browserVariant) files(t testing.TB, replace map[string]string) map[string]string {
	t.Helper()
	var paths []string
	for _, p := range v.good {
		paths = append(paths, p)
	}
	for _, p := range replace {
		paths = append(paths, p)
	}
	onDisk := fixtureFiles(t, paths...)
	out := map[string]string{}
	for id, p := range v.good {
		out[id] = onDisk[p]
	}
	for id, p := range replace {
		out[id] = onDisk[p]
	}
	return out
}

// TestBrowserFlow walks each variant through the real pages in Chromium:
// a standard and a simplified account are stopped at sign-in with the
// explanation; on a server without CRLs and the МЧД registry the upload
// is undecided (?, what is missing); then the person signs in, chooses the
// variant, uploads a rejected set (✗ with the rule's Russian message),
// uploads again, gets the application prefilled from the account, edits
// and saves a draft, deletes it, starts again, saves, downloads the XML by
// the page's link, signs it with the applicant's fixture key, uploads the
// .sig and sees the application under review with its deadline. Every page
// has its controls labelled and the console stays free of errors and CSP
// violations.
func TestBrowserFlow(t *testing.T) {
	t.Parallel()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range browserVariants {
		t.Run(v.code, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			tb := newTab(t)
			full := serve(t)
			noSources := d.check
			noSources.Registry = nil
			noCRLs, err := d.set.Trust()
			if err != nil {
				t.Fatal(err)
			}
			noCRLs.CRLs = nil
			noSources.Trust, _ = noCRLs.Prepare()
			undecided := serve(t, func(o *options) { o.Checker = application.NewChecker(noSources) })
			applicant := d.set.Applicants[v.account]

			// Sign-in: accounts that are not confirmed are stopped.
			for _, acc := range []struct{ key, level string }{{"employee-standard", "стандартная"}, {"employee-simplified", "упрощённая"}} {
				tb.signIn(full, acc.key)
				if msg := tb.text("denied-message"); !strings.Contains(msg, acc.level) || !strings.Contains(strings.ToLower(msg), "подтвержд") {
					t.Errorf("%s: denied message %q", acc.key, msg)
				}
				if body := tb.text("main"); !strings.Contains(body, "ЕПГУ") {
					t.Errorf("%s: the denied page does not name ЕПГУ:\n%s", acc.key, body)
				}
				if tb.exists("logout") {
					t.Errorf("%s: signed in anyway", acc.key)
				}
			}

			// An undecided upload (no CRLs, no МЧД registry) shows ? and what
			// is needed.
			tb.signIn(undecided, v.account)
			tb.open(undecided + "upload?variant=" + v.code)
			tb.upload("upload-submit", v.files(t, nil))
			if verdict := tb.text("verdict"); !strings.Contains(verdict, "дополнительной проверки") {
				t.Errorf("undecided verdict %q", verdict)
			}
			if !tb.exists("missing") {
				t.Error("the undecided report does not say what is missing")
			}
			var undecidedSeen bool
			for _, c := range tb.checklist() {
				if strings.Contains(c.Class, "indeterminate") {
					undecidedSeen = true
					if c.Icon != "?" || !cyrillic.MatchString(c.Message) || !strings.Contains(c.Todo, "Что нужно:") {
						t.Errorf("undecided check %+v", c)
					}
				}
			}
			if !undecidedSeen {
				t.Errorf("no undecided check: %+v", tb.checklist())
			}
			tb.labelled("undecided report")

			// The full world: sign in, choose the variant.
			tb.signIn(full, v.account)
			if got := tb.text("user-name"); !strings.Contains(got, applicant.Surname) {
				t.Errorf("signed in as %q", got)
			}
			tb.labelled("home")
			tb.do("choose the variant", chromedp.Click(chromedp.ID("variant-"+v.code)))
			tb.click("choose-variant")
			if loc := tb.location(); loc != "/upload?variant="+v.code {
				t.Fatalf("the variant leads to %s", loc)
			}
			tb.labelled("upload form")

			// A rejected upload.
			tb.upload("upload-submit", v.files(t, v.bad))
			if verdict := tb.text("verdict"); !strings.Contains(verdict, "Документы не приняты") {
				t.Errorf("rejected verdict %q", verdict)
			}
			var failed bool
			for _, c := range tb.checklist() {
				if strings.Contains(c.Class, " fail") {
					if c.Icon != "✗" || !cyrillic.MatchString(c.Message) || !strings.Contains(c.Todo, "Что сделать:") {
						t.Errorf("failed check %+v", c)
					}
					failed = failed || strings.HasPrefix(c.ID, "check-"+v.failRule)
				}
			}
			if !failed {
				t.Errorf("%s is not failed: %+v", v.failRule, tb.checklist())
			}
			tb.labelled("rejected report")
			tb.click("upload-again")

			// The accepted upload leads to the prefilled application.
			tb.upload("upload-submit", v.files(t, nil))
			first := tb.location()
			if !appLinkRE.MatchString(first) {
				t.Fatalf("the accepted upload leads to %s", first)
			}
			if got := eval[string](tb, `document.getElementById('app-state').dataset.state`); got != "draft" {
				t.Errorf("state %q, want draft", got)
			}
			if got := tb.text("fact-applicant"); !strings.Contains(got, applicant.Surname) || !strings.Contains(digits(got), digits(applicant.SNILS)) {
				t.Errorf("applicant %q", got)
			}
			if tb.value("email") != applicant.Email || tb.value("phone") != applicant.Phone {
				t.Errorf("contacts not prefilled: %q %q", tb.value("email"), tb.value("phone"))
			}
			tb.labelled("draft application")

			// Edit and save a draft.
			edit := func(position string) {
				tb.do("edit the fields",
					chromedp.SetValue(chromedp.ID("region"), "23"),
					chromedp.SetValue(chromedp.ID("position"), position),
					chromedp.SetValue(chromedp.ID("email"), "otdel.kadrov@example.org"),
					chromedp.SetValue(chromedp.ID("phone"), "+74951234567"))
			}
			edit("Специалист")
			tb.click("save-draft")
			if tb.location() != first || tb.value("position") != "Специалист" || tb.value("region") != "23" ||
				tb.value("email") != "otdel.kadrov@example.org" || tb.value("phone") != "+74951234567" {
				t.Errorf("the draft is not kept: %s %q %q %q %q", tb.location(), tb.value("position"), tb.value("region"), tb.value("email"), tb.value("phone"))
			}

			// Delete the draft and start again.
			tb.click("delete")
			if loc := tb.location(); loc != "/?deleted=1" {
				t.Errorf("delete leads to %s", loc)
			}
			if tb.exists("app-" + strings.TrimPrefix(first, "/applications/")) {
				t.Error("the deleted draft is still listed")
			}
			tb.open(strings.TrimSuffix(full, "/") + first)
			if code := tb.text("error-code"); code != "not_found" {
				t.Errorf("the deleted draft: %q", code)
			}
			tb.open(full)
			tb.do("choose the variant", chromedp.Click(chromedp.ID("variant-"+v.code)))
			tb.click("choose-variant")
			tb.upload("upload-submit", v.files(t, nil))
			link := tb.location()
			if !appLinkRE.MatchString(link) || link == first {
				t.Fatalf("the new upload leads to %s", link)
			}
			edit("Специалист по кадрам")
			tb.click("save")
			if got := tb.text("app-state"); got != "сохранена" {
				t.Fatalf("state after saving %q", got)
			}
			tb.labelled("saved application")
			tb.click("tab-xml")
			if xml := tb.text("xml"); !strings.Contains(xml, "Специалист по кадрам") || !strings.Contains(xml, "otdel.kadrov@example.org") {
				t.Errorf("the XML tab shows\n%s", xml)
			}

			// Way 2: download, sign outside, upload the .sig.
			xml := tb.download("download-xml")
			if !strings.Contains(string(xml), "Специалист по кадрам") {
				t.Fatalf("downloaded XML:\n%s", xml)
			}
			sig := filepath.Join(t.TempDir(), "application.xml.sig")
			if err := os.WriteFile(sig, signAs(t, v.signer(d.set), xml), 0o644); err != nil {
				t.Fatal(err)
			}
			tb.upload("upload-signature", map[string]string{"signature-file": sig})
			if got := tb.text("app-state"); got != "на рассмотрении" {
				t.Fatalf("state after signing %q", got)
			}
			if got, want := tb.text("deadline"), expectedDeadline(t); got != want {
				t.Errorf("deadline %q, want %q", got, want)
			}
			if got := tb.text("submitted"); !strings.Contains(got, "otdel.kadrov@example.org") {
				t.Errorf("the decision's address is not shown: %q", got)
			}
			tb.quiet(v.code)
			tb.strictCSP("")
			t.Logf("%s: %v", v.code, time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestBrowserKeyboard: the upload form and the application form are used
// from the keyboard alone: the first Tab stop is the skip link to the
// content, Tab reaches the file field and the submit
// button, Enter on the button sends the upload; Enter in a text field
// saves the draft (the form's first button), Tab from the fields reaches
// «Сохранить» and Enter saves.
func TestBrowserKeyboard(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	base := serve(t)
	tb.signIn(base, "head")
	tb.open(base + "upload?variant=head")
	tb.do("choose the certificate", chromedp.SetUploadFiles(chromedp.ID("certificate"), []string{fixtureFiles(t, "certs/head-ul.pem")["certs/head-ul.pem"]}))

	// Tab from the top of the page to the upload button.
	order := tb.tabTo("upload-submit", 30)
	if order[0] != "skip" {
		t.Errorf("the first Tab stop is #%s, not the skip link", order[0])
	}
	if !slices.Contains(order, "certificate") {
		t.Errorf("Tab order %v does not reach the certificate field", order)
	}
	tb.load("Enter on the upload button", chromedp.KeyEvent(kb.Enter))
	if !appLinkRE.MatchString(tb.location()) {
		t.Fatalf("Enter on the upload button leads to %s", tb.location())
	}

	// Enter in a text field: the form's first button, «Сохранить черновик».
	tb.do("type the position", chromedp.Focus(chromedp.ID("position")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('position').value = ''`),
		chromedp.KeyEvent("Заведующий отделением"))
	tb.load("Enter in the position", chromedp.KeyEvent(kb.Enter))
	if got := tb.value("position"); got != "Заведующий отделением" {
		t.Errorf("position after Enter %q", got)
	}
	if got := tb.text("app-state"); got != "черновик" {
		t.Errorf("state after Enter in a field %q", got)
	}
	tb.do("choose the region", chromedp.SetValue(chromedp.ID("region"), "50"))
	tb.do("focus the position", chromedp.Focus(chromedp.ID("position")))
	order = tb.tabTo("save", 10)
	for _, id := range []string{"email", "phone", "save-draft"} {
		if !slices.Contains(order, id) {
			t.Errorf("Tab order %v does not reach #%s", order, id)
		}
	}
	tb.load("Enter on «Сохранить»", chromedp.KeyEvent(kb.Enter))
	if got := tb.text("app-state"); got != "сохранена" {
		t.Errorf("state after Enter on «Сохранить» %q", got)
	}
	tb.quiet("keyboard")
}

// tabTo presses Tab until the element with the id has the focus (at most
// max times) and returns the ids focused on the way.
func (tb *tab) tabTo(id string, max int) []string {
	tb.t.Helper()
	var order []string
	for range max {
		tb.do("Tab", chromedp.KeyEvent(kb.Tab))
		got := eval[string](tb, "document.activeElement ? document.activeElement.id : ''")
		order = append(order, got)
		if got == id {
			return order
		}
	}
	tb.t.Fatalf("Tab does not reach #%s: %v", id, order)
	return nil
}
