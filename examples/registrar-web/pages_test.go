package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/application"
)

var appLinkRE = regexp.MustCompile(`^/applications/([0-9a-f-]{36})$`)

// TestPagesFlow walks the pages as a person does: sign in with a
// confirmed account, choose the variant, upload, see the application
// prefilled, save a draft, save, see both tabs, upload the signature and
// see the application under review with its deadline.
func TestPagesFlow(t *testing.T) {
	t.Parallel()
	s, d := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")

	home := b.get("/")
	for _, want := range []string{`id="skip"`, `id="variant-representative"`, "МЧД, подписанной УКЭП руководителя организации", `id="choose-variant"`, `id="logout"`} {
		if !strings.Contains(home.body, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	form := b.get("/upload?variant=representative")
	for _, want := range []string{`id="mchd"`, `id="mchd_signature"`, `id="certificate"`, `enctype="multipart/form-data"`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("upload form lacks %q", want)
		}
	}
	p := b.postParts("/upload", append(representative(t), text("csrf", csrf))...)
	m := appLinkRE.FindStringSubmatch(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
	id, link := m[1], m[0]

	app := b.get(link)
	employee := d.set.Applicants["employee"]
	for _, want := range []string{"черновик", `id="region"`, `<option value="77">77 — Москва</option>`, `value="` + employee.Email + `"`,
		employee.Surname, `id="save-draft"`, `id="save"`, `id="delete"`, `id="check-APP-ESIA-CONFIRMED`, "<details"} {
		if !strings.Contains(app.body, want) {
			t.Errorf("application page lacks %q", want)
		}
	}
	if strings.Contains(app.body, `id="sign"`) {
		t.Error("a draft offers signing")
	}
	fields := url.Values{"csrf": {csrf}, "region": {"23"}, "position": {"Специалист"}, "email": {employee.Email}, "phone": {"12"}, "action": {"draft"}}
	p = b.postForm(link, fields)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="fields-message"`) || !strings.Contains(p.body, `id="check-APP-PHONE`) ||
		!strings.Contains(p.body, `value="12"`) {
		t.Fatalf("a wrong phone: %d\n%s", p.status, p.body)
	}
	fields.Set("phone", employee.Phone)
	if p := b.postForm(link, fields); p.status != http.StatusSeeOther {
		t.Fatalf("save draft: %d\n%s", p.status, p.body)
	}
	if !strings.Contains(b.get(link).body, `value="Специалист"`) {
		t.Error("the draft is not kept")
	}
	fields.Set("action", "save")
	fields.Set("position", "Специалист по кадрам")
	if p := b.postForm(link, fields); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	app = b.get(link)
	for _, want := range []string{"сохранена", `id="tab-print"`, `id="tab-xml"`, `id="print-frame"`, `id="download-xml"`, `id="signature-file"`,
		`id="plugin-off"`, `<option value="23" selected>`} {
		if !strings.Contains(app.body, want) {
			t.Errorf("saved application page lacks %q", want)
		}
	}
	if xmlTab := b.get(link + "?tab=xml"); !strings.Contains(xmlTab.body, `<pre id="xml"`) || !strings.Contains(xmlTab.body, "Специалист по кадрам") {
		t.Errorf("the XML tab does not show the XML")
	}
	if pr := b.get(link + "/print"); pr.status != 200 || !strings.Contains(pr.body, "Специалист по кадрам") {
		t.Errorf("print form: %d", pr.status)
	}
	x := b.get(link + "/xml")
	if x.status != 200 || !strings.Contains(x.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("xml download: %d %v", x.status, x.header)
	}
	// A signature over other bytes is refused with the checks.
	p = b.postParts(link+"/signature", text("csrf", csrf), part{name: "signature", file: "a.sig", data: signXML(t, []byte("<x/>"))})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="signature-message"`) || !strings.Contains(p.body, "сохранена") {
		t.Fatalf("wrong signature: %d\n%s", p.status, p.body)
	}
	// Way 1 posts base64 to the same endpoint.
	sig := signXML(t, []byte(x.body))
	p = b.postParts(link+"/signature", text("csrf", csrf), text("signature_base64", b64(sig)))
	if p.status != http.StatusSeeOther {
		t.Fatalf("signature: %d\n%s", p.status, p.body)
	}
	app = b.get(link)
	for _, want := range []string{"на рассмотрении", `id="deadline"`, "до 26.11.2026 включительно", "не позднее 3 рабочих дней"} {
		if !strings.Contains(app.body, want) {
			t.Errorf("submitted application page lacks %q", want)
		}
	}
	if strings.Contains(app.body, `id="delete"`) {
		t.Error("a submitted application offers deletion")
	}
	if home := b.get("/"); !strings.Contains(home.body, `id="app-`+id+`"`) {
		t.Error("the home page does not list the application")
	}
}

// TestPagesDeleteDraft: deleting a draft deletes it and its files, and
// the person starts again.
func TestPagesDeleteDraft(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")
	p := b.postParts("/upload", append(representative(t), text("csrf", csrf))...)
	link := p.header.Get("Location")
	if p := b.postForm(link+"/delete", url.Values{"csrf": {"wrong"}}); p.status != http.StatusForbidden {
		t.Fatalf("delete with a wrong token: %d", p.status)
	}
	if p := b.postForm(link+"/delete", url.Values{"csrf": {csrf}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/?deleted=1" {
		t.Fatalf("delete: %d %v", p.status, p.header)
	}
	if p := b.get(link); p.status != http.StatusNotFound {
		t.Fatalf("deleted application: %d", p.status)
	}
	if list, _ := s.Store.List(t.Context(), "esia-demo-employee"); len(list) != 0 {
		t.Fatalf("still stored: %v", list)
	}
}

// TestPagesRejectedUpload: a rejected upload shows the checklist with
// ✗, the message and the citation on demand; an indeterminate one says
// what is missing.
func TestPagesRejectedUpload(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")
	parts := representative(t)
	parts[2] = fixture(t, "mchd", "mchd/tampered.xml")
	p := b.postParts("/upload", append(parts, text("csrf", csrf))...)
	for _, want := range []string{`id="verdict"`, "документы не приняты", `id="check-SIG-MESSAGE-DIGEST`, "✗", "<summary>Основание проверки SIG-MESSAGE-DIGEST",
		"Что сделать", `id="upload-again"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if p.status != http.StatusUnprocessableEntity {
		t.Errorf("status %d", p.status)
	}
	// The head variant with the employee's certificate: rejected too; the
	// head's certificate of another person: rejected with APP-PERSON-MATCH.
	p = b.postParts("/upload", text("csrf", csrf), text("variant", "head"), fixture(t, "certificate", "certs/head-ul.pem"))
	if !strings.Contains(p.body, `id="check-APP-PERSON-MATCH`) {
		t.Errorf("head certificate of another person: %s", p.body)
	}
}

// TestLoginNotConfirmed: a standard or simplified account is stopped at
// once with the instruction's explanation.
func TestLoginNotConfirmed(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	for _, tc := range []struct{ account, level string }{{"employee-standard", "стандартная"}, {"employee-simplified", "упрощённая"}} {
		t.Run(tc.account, func(t *testing.T) {
			t.Parallel()
			b := newBrowser(t, s)
			p := b.get("/login")
			for _, want := range []string{`id="account-employee"`, `id="account-employee-standard"`, `id="account-employee-simplified"`, `id="login-submit"`} {
				if !strings.Contains(p.body, want) {
					t.Errorf("login page lacks %q", want)
				}
			}
			state := stateRE.FindStringSubmatch(p.body)[1]
			p = b.postForm("/login/callback", url.Values{"state": {state}, "account": {tc.account}})
			for _, want := range []string{"подтверждённая учётная запись", tc.level, "ЕПГУ", `id="denied-message"`} {
				if !strings.Contains(p.body, want) {
					t.Errorf("denied page lacks %q", want)
				}
			}
			if p.status != http.StatusForbidden {
				t.Errorf("status %d", p.status)
			}
			if p := b.get("/upload?variant=head"); p.status != http.StatusSeeOther {
				t.Errorf("signed in anyway: %d", p.status)
			}
		})
	}
}

// TestPagesGuards: sign-in, CSRF and ownership guard every page.
func TestPagesGuards(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	owner := newBrowser(t, s)
	csrf := owner.login("employee")
	link := owner.postParts("/upload", append(representative(t), text("csrf", csrf))...).header.Get("Location")
	other := newBrowser(t, s)
	otherCSRF := other.login("head")
	anon := newBrowser(t, s)

	if p := anon.get("/upload?variant=head"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/login" {
		t.Errorf("anonymous upload form: %d", p.status)
	}
	if p := anon.get(link); p.status != http.StatusSeeOther {
		t.Errorf("anonymous application: %d", p.status)
	}
	if p := other.get(link); p.status != http.StatusNotFound {
		t.Errorf("another person's application: %d", p.status)
	}
	if p := other.postForm(link+"/delete", url.Values{"csrf": {otherCSRF}}); p.status != http.StatusNotFound {
		t.Errorf("another person deletes: %d", p.status)
	}
	if p := owner.postParts("/upload", representative(t)...); p.status != http.StatusForbidden || !strings.Contains(p.body, `id="error-code">csrf`) {
		t.Errorf("upload without a token: %d", p.status)
	}
	if p := owner.postParts("/upload", append(representative(t), text("csrf", otherCSRF))...); p.status != http.StatusForbidden {
		t.Errorf("upload with another session's token: %d", p.status)
	}
	if p := owner.postForm(link, url.Values{"position": {"x"}}); p.status != http.StatusForbidden {
		t.Errorf("edit without a token: %d", p.status)
	}
	if p := owner.postParts(link+"/signature", text("signature_base64", "MIIB")); p.status != http.StatusForbidden {
		t.Errorf("signature without a token: %d", p.status)
	}
	if p := owner.get("/upload?variant=boss"); p.status != http.StatusBadRequest {
		t.Errorf("unknown variant: %d", p.status)
	}
	// A callback without the state cookie (a forged sign-in) is refused.
	if p := anon.postForm("/login/callback", url.Values{"state": {"x"}, "account": {"employee"}}); p.status != http.StatusForbidden {
		t.Errorf("forged sign-in: %d", p.status)
	}
}

// TestSessionCookie: the session cookie is HttpOnly and SameSite=Strict.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	state := stateRE.FindStringSubmatch(b.get("/login").body)[1]
	p := b.postForm("/login/callback", url.Values{"state": {state}, "account": {"head"}})
	var found bool
	for _, c := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, sessionCookie+"=") {
			found = true
			if !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
				t.Errorf("session cookie %q", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

// TestCSP: the pages allow one script by nonce, and the plug-in's address
// only when it is configured; nothing external is loaded otherwise.
func TestCSP(t *testing.T) {
	t.Parallel()
	const plugin = "https://plugin.example/cadesplugin_api.js"
	for _, tc := range []struct {
		name   string
		plugin string
	}{{"without plug-in", ""}, {"with plug-in", plugin}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTest(t, func(o *options) { o.PluginURL = tc.plugin })
			b := newBrowser(t, s)
			csrf := b.login("employee")
			link := b.postParts("/upload", append(representative(t), text("csrf", csrf))...).header.Get("Location")
			d, _ := world()
			e := d.set.Applicants["employee"]
			b.postForm(link, url.Values{"csrf": {csrf}, "region": {"23"}, "position": {"Специалист"}, "email": {e.Email}, "phone": {e.Phone}, "action": {"save"}})
			p := b.get(link)
			csp := p.header.Get("Content-Security-Policy")
			nonce := regexp.MustCompile(`'nonce-([A-Za-z0-9_-]+)'`).FindStringSubmatch(csp)
			if nonce == nil || !strings.Contains(p.body, `src="/static/app.js" nonce="`+nonce[1]+`"`) {
				t.Fatalf("CSP %q and the script tag disagree", csp)
			}
			for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP lacks %q", want)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("CSP %q allows unsafe sources", csp)
			}
			hasPlugin := strings.Contains(csp, plugin)
			if hasPlugin != (tc.plugin != "") {
				t.Errorf("CSP %q: plug-in allowed %v", csp, hasPlugin)
			}
			if tc.plugin != "" {
				for _, want := range []string{`<script src="` + plugin + `" nonce="`, `id="plugin-sign"`, `id="plugin-sign-button"`, `id="plugin-form"`, `name="signature_base64"`} {
					if !strings.Contains(p.body, want) {
						t.Errorf("page lacks %q", want)
					}
				}
			}
			if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(strings.ReplaceAll(p.body, plugin, "")) {
				t.Error("the page loads an external resource")
			}
			js := b.get("/static/app.js")
			for _, want := range []string{"CAdESCOM.CPSigner", "CAdESCOM.CadesSignedData", "CADESCOM_BASE64_TO_BINARY", "SignCades(signer, plugin.CADESCOM_CADES_BES, true)", "window.cadesplugin"} {
				if !strings.Contains(js.body, want) {
					t.Errorf("app.js lacks %q", want)
				}
			}
		})
	}
}

// TestPagesIndeterminate: an upload whose МЧД registry status could not
// be checked shows ? and what is missing, and makes no application.
func TestPagesIndeterminate(t *testing.T) {
	t.Parallel()
	d, _ := world()
	opts := d.check
	opts.Registry = nil
	s, _ := newTest(t, func(o *options) { o.Checker = application.NewChecker(opts) })
	b := newBrowser(t, s)
	csrf := b.login("employee")
	p := b.postParts("/upload", append(representative(t), text("csrf", csrf))...)
	for _, want := range []string{"требуется дополнительная проверка", `id="missing"`, `id="check-MCHD-REGISTRY-STATUS`, "?", "Что нужно:", "registry"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if list, _ := s.Store.List(t.Context(), "esia-demo-employee"); len(list) != 0 {
		t.Errorf("an application was made: %v", list)
	}
}

// TestPagesMisc: sign-out, the style sheet, the icon, a callback without
// sign-in, and a server without ЕСИА.
func TestPagesMisc(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("head")
	if p := b.postForm("/logout", url.Values{"csrf": {"bad"}}); p.status != http.StatusForbidden {
		t.Errorf("logout with a bad token: %d", p.status)
	}
	if p := b.postForm("/logout", url.Values{"csrf": {csrf}}); p.status != http.StatusSeeOther {
		t.Errorf("logout: %d", p.status)
	}
	if p := b.get("/upload?variant=head"); p.status != http.StatusSeeOther {
		t.Errorf("still signed in after logout: %d", p.status)
	}
	if p := b.get("/static/style.css"); p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") {
		t.Errorf("style.css: %d %v", p.status, p.header)
	}
	if p := b.get("/login/callback?state=x&code=y"); p.status != http.StatusForbidden {
		t.Errorf("callback without a sign-in: %d", p.status)
	}
	// Browsers ask every site for its icon: no content, and no error in
	// the console.
	if p := b.get("/favicon.ico"); p.status != http.StatusNoContent || p.body != "" {
		t.Errorf("favicon.ico: %d %q", p.status, p.body)
	}
	if p := b.get("/no/such/page"); p.status != http.StatusNotFound {
		t.Errorf("unknown page: %d", p.status)
	}
	plain, _ := newTest(t, func(o *options) { o.ESIA = noESIA{} })
	if p := newBrowser(t, plain).get("/login"); p.status != http.StatusNotImplemented || !strings.Contains(p.body, "не настроен") {
		t.Errorf("login without ЕСИА: %d %s", p.status, p.body)
	}
}
