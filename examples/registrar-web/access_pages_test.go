package main

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	accessLinkRE = regexp.MustCompile(`^/access/requests/([0-9a-f-]{36})$`)
	dataXMLRE    = regexp.MustCompile(`id="plugin-sign" data-xml="([^"]+)"`)
)

// pageRegistrar makes the signed-in person (the demo's "employee") a
// Регистратор through the pages: upload, save, sign, then the demo
// reviewer's approval. It returns the registration application's ID.
func pageRegistrar(t *testing.T, b *browser, csrf string) string {
	t.Helper()
	d, _ := world()
	p := b.postParts("/upload", append(representative(t), text("csrf", csrf))...)
	m := appLinkRE.FindStringSubmatch(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d\n%s", p.status, p.body)
	}
	id, link := m[1], m[0]
	e := d.set.Applicants["employee"]
	if p := b.postForm(link, url.Values{"csrf": {csrf}, "region": {"77"}, "position": {"Медицинский регистратор"},
		"email": {e.Email}, "phone": {e.Phone}, "action": {"save"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	x := b.get(link + "/xml")
	if p := b.postParts(link+"/signature", text("csrf", csrf), part{name: "signature", file: "a.sig", data: signXML(t, []byte(x.body))}); p.status != http.StatusSeeOther {
		t.Fatalf("sign: %d\n%s", p.status, p.body)
	}
	access := b.get("/access")
	if !strings.Contains(access.body, `id="not-registrar"`) || !strings.Contains(access.body, `id="demo-approve-`+id+`"`) {
		t.Fatalf("the access page of a pending registration:\n%s", access.body)
	}
	p = b.postForm("/demo/applications/"+id+"/decision", url.Values{"csrf": {csrf}, "decision": {"approve"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/access?registration="+id {
		t.Fatalf("demo approval: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
	return id
}

// grantForm is the page's form of a new grant to the operator.
func grantForm(csrf, registration string) url.Values {
	o := operator()
	return url.Values{"csrf": {csrf}, "registration": {registration}, "action": {"grant"}, "surname": {o.Surname},
		"given_name": {o.GivenName}, "patronymic": {o.Patronymic}, "snils": {o.SNILS}, "email": {o.Email}, "position": {o.Position},
		"subsystems": {"FRMR", "REMD"}, "valid_from": {"2026-11-23"}, "save": {"draft"}}
}

// TestAccessPagesFlow walks «Доступы сотрудников» as the Регистратор
// does: before approval the page explains what is needed; the demo
// reviewer approves the registration; a grant form with a wrong СНИЛС is
// shown again with the failed check; a draft is saved, edited and saved
// for signing, with both tabs; a signature by someone else is refused; the
// plug-in's base64 signature submits it with its deadline; the demo
// reviewer approves it into the register; the grant is listed and revoked
// through the same pages.
func TestAccessPagesFlow(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")
	if home := b.get("/"); !strings.Contains(home.body, `href="/access" id="nav-access"`) {
		t.Error("the home page does not link the access page")
	}
	if p := b.get("/access"); p.status != 200 || !strings.Contains(p.body, `id="not-registrar"`) || strings.Contains(p.body, `id="grant-form"`) {
		t.Fatalf("access page without a registration: %d\n%s", p.status, p.body)
	}
	reg := pageRegistrar(t, b, csrf)
	p := b.get("/access?registration=" + reg)
	for _, want := range []string{`id="grant-form"`, `id="subsystem-FRMR"`, `id="subsystem-VIMIS"`, `id="surname"`, `id="snils"`,
		`id="valid_from"`, `id="no-grants"`, `id="grant-draft"`, `id="grant-save"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("access page lacks %q", want)
		}
	}
	if strings.Contains(p.body, `id="demo-review"`) {
		t.Error("the demo reviewer is offered for an approved registration")
	}

	form := grantForm(csrf, reg)
	form.Set("snils", "157-834-229 00")
	p = b.postForm("/access/requests", form)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="form-message"`) ||
		!strings.Contains(p.body, `id="check-ACC-EMPLOYEE-SNILS`) || !strings.Contains(p.body, `value="157-834-229 00"`) ||
		!strings.Contains(p.body, `value="REMD" id="subsystem-REMD" checked`) {
		t.Fatalf("a wrong СНИЛС: %d\n%s", p.status, p.body)
	}
	form.Set("snils", operator().SNILS)
	p = b.postForm("/access/requests", form)
	m := accessLinkRE.FindStringSubmatch(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("draft: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
	grant, link := m[1], m[0]
	p = b.get(link)
	for _, want := range []string{"черновик", `id="save-draft"`, `id="save"`, `id="delete"`, `id="check-ACC-DUPLICATE-GRANT`,
		`id="check-ACC-EMPLOYEE-ESIA`, "Операторова Ольга Игоревна", `id="back-access"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("draft page lacks %q", want)
		}
	}
	if strings.Contains(p.body, `id="sign"`) {
		t.Error("a draft offers signing")
	}
	p = b.postForm(link, url.Values{"csrf": {csrf}, "email": {"olga@example.test"}, "position": {"Медицинский статистик"},
		"subsystems": {"FRMR", "REMD"}, "valid_from": {"2026-11-23"}, "action": {"save"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	p = b.get(link)
	for _, want := range []string{"сохранена", `id="tab-print"`, `id="tab-xml"`, `id="print-frame"`, `id="download-xml"`, `id="signature-file"`,
		`id="plugin-off"`, `value="olga@example.test"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("saved request page lacks %q", want)
		}
	}
	if xt := b.get(link + "?tab=xml"); !strings.Contains(xt.body, `<pre id="xml"`) || !strings.Contains(xt.body, "olga@example.test") {
		t.Error("the XML tab does not show the XML")
	}
	if pr := b.get(link + "/print"); pr.status != 200 || !strings.Contains(pr.body, "Медицинский статистик") {
		t.Errorf("print form: %d", pr.status)
	}
	x := b.get(link + "/xml")
	if x.status != 200 || !strings.Contains(x.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("xml: %d %v", x.status, x.header)
	}
	p = b.postParts(link+"/signature", text("csrf", csrf), part{name: "signature", file: "a.sig", data: signBy(t, headKey, []byte(x.body))})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="signature-message"`) ||
		!strings.Contains(p.body, `id="check-ACC-SIGNER-REGISTRAR-access-request-signature"`) || !strings.Contains(p.body, "сохранена") {
		t.Fatalf("signed by someone else: %d\n%s", p.status, p.body)
	}
	p = b.postParts(link+"/signature", text("csrf", csrf), text("signature_base64", b64(signBy(t, registrarKey, []byte(x.body)))))
	if p.status != http.StatusSeeOther {
		t.Fatalf("signature: %d\n%s", p.status, p.body)
	}
	p = b.get(link)
	for _, want := range []string{"на рассмотрении", `id="deadline"`, "до 26.11.2026 включительно", `id="demo-approve"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("submitted request page lacks %q", want)
		}
	}
	if p := b.postForm("/demo/access-requests/"+grant+"/decision", url.Values{"csrf": {csrf}, "decision": {"approve"}}); p.status != http.StatusSeeOther {
		t.Fatalf("demo approval: %d\n%s", p.status, p.body)
	}
	if p := b.get(link); !strings.Contains(p.body, "одобрена") || strings.Contains(p.body, `id="demo-approve"`) {
		t.Errorf("approved request page:\n%s", p.body)
	}
	p = b.get("/access")
	for _, want := range []string{`id="grant-` + grant + `"`, `id="revoke-` + grant + `"`, `id="request-` + grant + `"`, "FRMR, REMD"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("access page lacks %q", want)
		}
	}

	// The revocation from the list.
	p = b.postForm("/access/requests", url.Values{"csrf": {csrf}, "registration": {reg}, "action": {"revoke"}, "revokes": {grant},
		"valid_from": {"2026-11-23"}})
	m = accessLinkRE.FindStringSubmatch(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("revocation: %d\n%s", p.status, p.body)
	}
	p = b.get(m[0])
	if !strings.Contains(p.body, `id="fact-revokes"`) || !strings.Contains(p.body, "сохранена") || strings.Contains(p.body, `id="email"`) {
		t.Fatalf("revocation page:\n%s", p.body)
	}
	x = b.get(m[0] + "/xml")
	if p := b.postParts(m[0]+"/signature", text("csrf", csrf), part{name: "signature", file: "r.sig", data: signBy(t, registrarKey, []byte(x.body))}); p.status != http.StatusSeeOther {
		t.Fatalf("revocation signature: %d\n%s", p.status, p.body)
	}
	if p := b.postForm("/demo/access-requests/"+m[1]+"/decision", url.Values{"csrf": {csrf}, "decision": {"approve"}}); p.status != http.StatusSeeOther {
		t.Fatalf("revocation approval: %d\n%s", p.status, p.body)
	}
	if p := b.get("/access"); !strings.Contains(p.body, `id="no-grants"`) || strings.Contains(p.body, `id="grant-`+grant+`"`) {
		t.Errorf("the revoked grant is still listed:\n%s", p.body)
	}
}

// TestAccessPagesDraft: a draft is deleted from its page; a rejected
// request stays out of the register.
func TestAccessPagesDraft(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")
	reg := pageRegistrar(t, b, csrf)
	p := b.postForm("/access/requests", grantForm(csrf, reg))
	m := accessLinkRE.FindStringSubmatch(p.header.Get("Location"))
	if m == nil {
		t.Fatalf("draft: %d\n%s", p.status, p.body)
	}
	p = b.postForm(m[0]+"/delete", url.Values{"csrf": {csrf}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/access?registration="+reg+"&deleted=1" {
		t.Fatalf("delete: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.get(p.header.Get("Location")); !strings.Contains(p.body, `id="deleted"`) || strings.Contains(p.body, `id="request-`+m[1]) {
		t.Errorf("after deletion:\n%s", p.body)
	}
	if p := b.get(m[0]); p.status != http.StatusNotFound {
		t.Errorf("deleted draft: %d", p.status)
	}
	form := grantForm(csrf, reg)
	form.Set("save", "save")
	m = accessLinkRE.FindStringSubmatch(b.postForm("/access/requests", form).header.Get("Location"))
	x := b.get(m[0] + "/xml")
	b.postParts(m[0]+"/signature", text("csrf", csrf), text("signature_base64", b64(signBy(t, registrarKey, []byte(x.body)))))
	if p := b.postForm("/demo/access-requests/"+m[1]+"/decision", url.Values{"csrf": {csrf}, "decision": {"reject"}}); p.status != http.StatusSeeOther {
		t.Fatalf("rejection: %d\n%s", p.status, p.body)
	}
	if p := b.get(m[0]); !strings.Contains(p.body, "отклонена") {
		t.Error("the rejected request is not shown as rejected")
	}
	if p := b.get("/access"); !strings.Contains(p.body, `id="no-grants"`) {
		t.Error("a rejected request changed the register")
	}
}

// TestAccessPagesGuards: sign-in, CSRF, ownership, the demo-only routes,
// the operator who is no Регистратор, and the page's CSP.
func TestAccessPagesGuards(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	owner := newBrowser(t, s)
	csrf := owner.login("employee")
	reg := pageRegistrar(t, owner, csrf)
	m := accessLinkRE.FindStringSubmatch(owner.postForm("/access/requests", grantForm(csrf, reg)).header.Get("Location"))
	if m == nil {
		t.Fatal("no draft")
	}
	anon := newBrowser(t, s)
	other := newBrowser(t, s)
	otherCSRF := other.login("head")
	op := newBrowser(t, s)
	op.login("operator")
	plain, _ := newTest(t, func(o *options) { o.Demo = false })
	noDemo := newBrowser(t, plain)
	noDemoCSRF := noDemo.login("employee")
	for _, tc := range []struct {
		name   string
		b      *browser
		method string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"anonymous page", anon, "GET", "/access", nil, http.StatusSeeOther, ""},
		{"anonymous request", anon, "GET", m[0], nil, http.StatusSeeOther, ""},
		{"no csrf", owner, "POST", "/access/requests", url.Values{"registration": {reg}}, http.StatusForbidden, `id="error-code">csrf`},
		{"another's request", other, "GET", m[0], nil, http.StatusNotFound, `id="error-code">not_found`},
		{"another's xml", other, "GET", m[0] + "/xml", nil, http.StatusNotFound, `id="error-code">not_found`},
		{"another's registration", other, "POST", "/access/requests", grantForm(otherCSRF, reg), http.StatusNotFound, `registration_not_found`},
		{"another's delete", other, "POST", m[0] + "/delete", url.Values{"csrf": {otherCSRF}}, http.StatusNotFound, `not_found`},
		{"another's decision", other, "POST", "/demo/access-requests/" + m[1] + "/decision", url.Values{"csrf": {otherCSRF}, "decision": {"approve"}},
			http.StatusNotFound, `not_found`},
		{"bad decision", owner, "POST", "/demo/access-requests/" + m[1] + "/decision", url.Values{"csrf": {csrf}, "decision": {"maybe"}},
			http.StatusBadRequest, `bad_decision`},
		{"approve a draft", owner, "POST", "/demo/access-requests/" + m[1] + "/decision", url.Values{"csrf": {csrf}, "decision": {"approve"}},
			http.StatusConflict, `invalid_state`},
		{"approve an approved registration", owner, "POST", "/demo/applications/" + reg + "/decision", url.Values{"csrf": {csrf}, "decision": {"approve"}},
			http.StatusConflict, `invalid_state`},
		{"operator is no registrar", op, "GET", "/access", nil, http.StatusOK, `id="not-registrar"`},
		{"no demo reviewer without --demo", noDemo, "POST", "/demo/applications/" + reg + "/decision",
			url.Values{"csrf": {noDemoCSRF}, "decision": {"approve"}}, http.StatusNotFound, ""},
		{"signature without file", owner, "POST", m[0] + "/signature", nil, http.StatusBadRequest, `missing_signature`},
		{"bad date", owner, "POST", m[0], url.Values{"csrf": {csrf}, "valid_from": {"завтра"}, "action": {"save"}}, http.StatusBadRequest, `bad_date`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var p page
			switch {
			case tc.method == "GET":
				p = tc.b.get(tc.path)
			case strings.HasSuffix(tc.path, "/signature"):
				p = tc.b.postParts(tc.path, text("csrf", csrf))
			default:
				p = tc.b.postForm(tc.path, tc.form)
			}
			if p.status != tc.status || !strings.Contains(p.body, tc.want) {
				t.Fatalf("%d, want %d with %q\n%s", p.status, tc.status, tc.want, p.body)
			}
		})
	}
	p := owner.get("/access")
	if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'nonce-") || !strings.Contains(csp, "default-src 'none'") ||
		strings.Contains(csp, "unsafe") {
		t.Errorf("CSP of the access page: %q", csp)
	}
}

// TestAccessPersists: access requests and grants are kept in the --db
// file with the applications: after the server is stopped and started
// again on the same file the grant is listed, the approved request and a
// saved one are there, and a deleted one is not.
func TestAccessPersists(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "apps.db")
	start := func() *server {
		st, err := openStore(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := newTest(t, func(o *options) { o.Store = st })
		t.Cleanup(func() { st.Close() })
		return s
	}
	s := start()
	reg := approvedRegistration(t, s)
	a := postAccess(t, s, grantJSON(t, reg, "FRMR"))
	grant := a.m["id"].(string)
	if m := signAccessAPI(t, s, grant, registrarKey); m["state"] != "submitted" {
		t.Fatalf("sign: %v", m)
	}
	if e := approveAccess(t, s, grant); e != nil {
		t.Fatal(e)
	}
	kept := postAccess(t, s, grantJSON(t, reg, "IEMK")).m["id"].(string)
	gone := postAccess(t, s, grantJSON(t, reg, "NSI")).m["id"].(string)
	if w := do(t, s, "DELETE", "/api/v1/access-requests/"+gone, nil, ""); w.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", w.Code)
	}
	if err := s.Store.Close(); err != nil {
		t.Fatal(err)
	}

	s = start()
	if ids := grantIDs(t, s, reg); !slices.Equal(ids, []string{grant}) {
		t.Errorf("grants after a restart: %v", ids)
	}
	for id, want := range map[string]int{grant: 200, kept: 200, gone: 404} {
		if w := do(t, s, "GET", "/api/v1/access-requests/"+id, nil, ""); w.Code != want {
			t.Errorf("GET %s after a restart: %d, want %d", id, w.Code, want)
		}
	}
	if m := decodeJSON(t, do(t, s, "GET", "/api/v1/access-requests/"+grant, nil, "")); m["state"] != "approved" || m["signed"] != true {
		t.Errorf("the approved request after a restart: %v", m)
	}
	// The register in the file refuses the same grant again.
	a = postAccess(t, s, grantJSON(t, reg, "FRMR"))
	if checkStatus(a.m["checks"], "ACC-DUPLICATE-GRANT") != "fail" {
		t.Errorf("duplicate after a restart: %v", a.m)
	}
	if l, err := s.Access.Requests.List(context.Background(), reg); err != nil || len(l) != 3 {
		t.Errorf("requests after a restart: %v %v", l, err)
	}
}

// TestAccessPagesPlugin: with --plugin-url a saved request offers way 1
// through the applications' script: the same element ids, the request's
// exact XML in data-xml and its own signature endpoint.
func TestAccessPagesPlugin(t *testing.T) {
	t.Parallel()
	const plugin = "https://plugin.example.test/cadesplugin_api.js"
	s, _ := newTest(t, func(o *options) { o.PluginURL = plugin })
	b := newBrowser(t, s)
	csrf := b.login("employee")
	form := grantForm(csrf, pageRegistrar(t, b, csrf))
	form.Set("save", "save")
	m := accessLinkRE.FindStringSubmatch(b.postForm("/access/requests", form).header.Get("Location"))
	if m == nil {
		t.Fatal("no request")
	}
	p := b.get(m[0])
	x := b.get(m[0] + "/xml")
	if m := dataXMLRE.FindStringSubmatch(p.body); m == nil || html.UnescapeString(m[1]) != b64([]byte(x.body)) {
		t.Errorf("data-xml is not the request's XML")
	}
	for _, want := range []string{`id="plugin-sign-button"`,
		`action="/access/requests/` + m[1] + `/signature" enctype="multipart/form-data" id="plugin-form"`, `id="signature_base64"`,
		`<script src="/static/app.js"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("request page lacks %q", want)
		}
	}
	if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'nonce-") || !strings.Contains(csp, plugin) {
		t.Errorf("CSP %q", csp)
	}
}
