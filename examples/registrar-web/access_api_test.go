package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestAccessAPIFlow walks step 3 through the API in the demo world: the
// registration approved by the demo reviewer; a grant to the operator
// signed by someone else (refused), then by the Регистратор (submitted,
// with its deadline), approved into the register and listed; the same
// grant again refused by ACC-DUPLICATE-GRANT; the revocation of the grant
// signed, approved and no longer listed; a draft deleted.
func TestAccessAPIFlow(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	reg := approvedRegistration(t, s)
	if ids := grantIDs(t, s, reg); len(ids) != 0 {
		t.Fatalf("grants before any request: %v", ids)
	}

	a := postAccess(t, s, grantJSON(t, reg, "REMD", "FRMR"))
	if a.status != http.StatusCreated || a.m["state"] != "saved" {
		t.Fatalf("create: %d %v", a.status, a.m)
	}
	for _, id := range []string{"ACC-EMPLOYEE-SNILS", "ACC-POWER", "ACC-SUBSYSTEMS", "ACC-REGISTRATION-APPROVED", "ACC-EMPLOYEE-ESIA", "ACC-DUPLICATE-GRANT"} {
		if st := checkStatus(a.m["checks"], id); st != "pass" {
			t.Errorf("%s: %q, want pass", id, st)
		}
	}
	grant := a.m["id"].(string)
	base := "/api/v1/access-requests/" + grant
	w := do(t, s, "GET", base, nil, "")
	if m := decodeJSON(t, w); w.Code != 200 || m["action"] != "grant" || m["registration"] != reg ||
		m["employee"].(map[string]any)["snils"] != operator().SNILS || !slices.Equal(toStrings(m["subsystems"]), []string{"FRMR", "REMD"}) {
		t.Fatalf("get: %d %v", w.Code, m)
	}
	if p := do(t, s, "GET", base+"/print", nil, ""); p.Code != 200 || !strings.Contains(p.Body.String(), "Операторова") ||
		!strings.Contains(p.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("print: %d %v", p.Code, p.Header())
	}

	// Signed by the head of the organisation, not the Регистратор.
	m := signAccessAPI(t, s, grant, headKey)
	if m["verdict"] != "invalid" || m["state"] != "saved" || checkStatus(m["checks"], "ACC-SIGNER-REGISTRAR") != "fail" {
		t.Fatalf("signed by someone else: %v", m)
	}
	m = signAccessAPI(t, s, grant, registrarKey)
	// Submitted on Monday 23.11.2026: three working days end on 26.11.2026.
	if m["verdict"] != "valid" || m["state"] != "submitted" || m["deadline_russian"] != "26.11.2026" {
		t.Fatalf("signed by the registrar: %v", m)
	}
	if w := do(t, s, "DELETE", base, nil, ""); w.Code != http.StatusConflict || decodeJSON(t, w)["code"] != "invalid_state" {
		t.Fatalf("delete submitted: %d %s", w.Code, w.Body)
	}
	if ids := grantIDs(t, s, reg); len(ids) != 0 {
		t.Fatalf("a submitted request is in the register: %v", ids)
	}
	if e := approveAccess(t, s, grant); e != nil {
		t.Fatal(e)
	}
	if ids := grantIDs(t, s, reg); !slices.Equal(ids, []string{grant}) {
		t.Fatalf("grants after approval: %v", ids)
	}

	// The same access again: the checks say so before signing, and the
	// signature is refused.
	a = postAccess(t, s, grantJSON(t, reg, "FRMR"))
	if a.status != http.StatusCreated || checkStatus(a.m["checks"], "ACC-DUPLICATE-GRANT") != "fail" {
		t.Fatalf("duplicate: %d %v", a.status, a.m)
	}
	if m := signAccessAPI(t, s, a.m["id"].(string), registrarKey); m["verdict"] != "invalid" || m["state"] != "saved" ||
		checkStatus(m["checks"], "ACC-DUPLICATE-GRANT") != "fail" {
		t.Fatalf("duplicate signed: %v", m)
	}

	// The revocation takes the employee and subsystems from the grant.
	a = postAccess(t, s, `{"registration":"`+reg+`","action":"revoke","revokes":"`+grant+`"}`)
	if a.status != http.StatusCreated || checkStatus(a.m["checks"], "ACC-REVOKE-GRANT") != "pass" {
		t.Fatalf("revocation: %d %v", a.status, a.m)
	}
	revoke := a.m["id"].(string)
	if m := signAccessAPI(t, s, revoke, registrarKey); m["state"] != "submitted" {
		t.Fatalf("revocation signed: %v", m)
	}
	if e := approveAccess(t, s, revoke); e != nil {
		t.Fatal(e)
	}
	if ids := grantIDs(t, s, reg); len(ids) != 0 {
		t.Fatalf("grants after the revocation: %v", ids)
	}
	if m := decodeJSON(t, do(t, s, "GET", "/api/v1/access-requests/"+revoke, nil, "")); m["state"] != "approved" || m["revokes"] != grant {
		t.Fatalf("revocation: %v", m)
	}

	// A draft (form body): no XML to sign, and it can be deleted.
	form := url.Values{"registration": {reg}, "surname": {"Операторова"}, "given_name": {"Ольга"}, "patronymic": {"Игоревна"},
		"snils": {operator().SNILS}, "email": {"o@example.test"}, "position": {"Статистик"}, "subsystems": {"IEMK,NSI"}, "save": {"false"}}
	w = do(t, s, "POST", "/api/v1/access-requests", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	d := decodeJSON(t, w)
	if w.Code != http.StatusCreated || d["state"] != "draft" {
		t.Fatalf("draft: %d %v", w.Code, d)
	}
	draft := "/api/v1/access-requests/" + d["id"].(string)
	if w := do(t, s, "GET", draft+"/xml", nil, ""); w.Code != http.StatusConflict || decodeJSON(t, w)["code"] != "not_saved" {
		t.Fatalf("xml of a draft: %d %s", w.Code, w.Body)
	}
	if w := do(t, s, "DELETE", draft, nil, ""); w.Code != http.StatusNoContent {
		t.Fatalf("delete draft: %d %s", w.Code, w.Body)
	}
	if w := do(t, s, "GET", draft, nil, ""); w.Code != http.StatusNotFound {
		t.Fatalf("deleted draft: %d", w.Code)
	}
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// TestAccessAPIErrors: each error of the access API has its status, its
// stable code and a Russian message.
func TestAccessAPIErrors(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	reg := approvedRegistration(t, s)
	pending := submittedRegistration(t, s)
	a := postAccess(t, s, `{"registration":"`+reg+`","employee":{"surname":"Операторова","given_name":"Ольга","snils":"`+operator().SNILS+
		`","email":"o@example.test","position":"Статистик"},"subsystems":["NSI"],"save":false}`)
	if a.status != http.StatusCreated {
		t.Fatalf("draft: %d %v", a.status, a.m)
	}
	draft := "/api/v1/access-requests/" + a.m["id"].(string)
	unknown := "/api/v1/access-requests/00000000-0000-4000-8000-000000000000"
	body := func(edit func(*accessInput)) string {
		in := accessInput{Registration: reg, Employee: operator(), Subsystems: []string{"FRMR"}}
		edit(&in)
		return mustJSON(t, in)
	}
	cases := []struct {
		name, method, path, body, ctype string
		status                          int
		code                            string
		check                           string
	}{
		{name: "not json", method: "POST", path: "/api/v1/access-requests", body: "x", ctype: "text/plain", status: 400, code: "malformed_request"},
		{name: "bad json", method: "POST", path: "/api/v1/access-requests", body: `{"registration":`, ctype: "application/json", status: 400, code: "malformed_request"},
		{name: "unknown json field", method: "POST", path: "/api/v1/access-requests", body: `{"owner":"me"}`, ctype: "application/json", status: 400, code: "malformed_request"},
		{name: "unknown form field", method: "POST", path: "/api/v1/access-requests", body: "registration=" + reg + "&owner=me",
			ctype: "application/x-www-form-urlencoded", status: 400, code: "unknown_field"},
		{name: "too large", method: "POST", path: "/api/v1/access-requests", body: `{"registration":"` + strings.Repeat("x", 1<<20) + `"}`,
			ctype: "application/json", status: 413, code: "request_too_large"},
		{name: "unknown registration", method: "POST", path: "/api/v1/access-requests",
			body: body(func(in *accessInput) { in.Registration = "00000000-0000-4000-8000-000000000000" }), ctype: "application/json", status: 404, code: "registration_not_found"},
		{name: "registration not approved", method: "POST", path: "/api/v1/access-requests",
			body: body(func(in *accessInput) { in.Registration = pending }), ctype: "application/json", status: 409, code: "registration_not_approved"},
		{name: "bad action", method: "POST", path: "/api/v1/access-requests", body: body(func(in *accessInput) { in.Action = "give" }),
			ctype: "application/json", status: 400, code: "bad_action"},
		{name: "bad date", method: "POST", path: "/api/v1/access-requests", body: body(func(in *accessInput) { in.ValidFrom = "24.11.2026" }),
			ctype: "application/json", status: 400, code: "bad_date"},
		{name: "bad snils", method: "POST", path: "/api/v1/access-requests", body: body(func(in *accessInput) { in.Employee.SNILS = "15783422900" }),
			ctype: "application/json", status: 422, code: "invalid_fields", check: "ACC-EMPLOYEE-SNILS"},
		{name: "unknown subsystem", method: "POST", path: "/api/v1/access-requests", body: body(func(in *accessInput) { in.Subsystems = []string{"XYZ"} }),
			ctype: "application/json", status: 422, code: "invalid_fields", check: "ACC-SUBSYSTEMS"},
		{name: "no e-mail", method: "POST", path: "/api/v1/access-requests", body: body(func(in *accessInput) { in.Employee.Email = "" }),
			ctype: "application/json", status: 422, code: "invalid_fields"},
		{name: "revoke unknown grant", method: "POST", path: "/api/v1/access-requests",
			body: body(func(in *accessInput) { in.Action, in.Revokes = "revoke", "00000000-0000-4000-8000-000000000000" }), ctype: "application/json", status: 422, code: "unknown_grant"},
		{name: "unknown id", method: "GET", path: unknown, status: 404, code: "not_found"},
		{name: "not an id", method: "GET", path: "/api/v1/access-requests/..%2f..%2fetc", status: 404, code: "not_found"},
		{name: "delete unknown", method: "DELETE", path: unknown, status: 404, code: "not_found"},
		{name: "print unknown", method: "GET", path: unknown + "/print", status: 404, code: "not_found"},
		{name: "xml of a draft", method: "GET", path: draft + "/xml", status: 409, code: "not_saved"},
		{name: "empty signature", method: "POST", path: draft + "/signature", status: 400, code: "missing_signature"},
		{name: "signature of a draft", method: "POST", path: draft + "/signature", body: "MIIB", status: 409, code: "not_saved"},
		{name: "signature unknown", method: "POST", path: unknown + "/signature", body: "MIIB", status: 404, code: "not_found"},
		{name: "signature too large", method: "POST", path: draft + "/signature", body: strings.Repeat("A", 1<<20+1), status: 413, code: "request_too_large"},
		{name: "grants without registration", method: "GET", path: "/api/v1/grants", status: 404, code: "registration_not_found"},
		{name: "grants of a pending registration", method: "GET", path: "/api/v1/grants?registration=" + pending, status: 409, code: "registration_not_approved"},
		{name: "method not allowed", method: "PATCH", path: draft, status: 405},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				w := do(t, s, tc.method, tc.path, strings.NewReader(tc.body), tc.ctype)
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d\n%s", w.Code, tc.status, w.Body)
				}
				if tc.code == "" {
					return
				}
				m := decodeJSON(t, w)
				if m["code"] != tc.code || !containsCyrillic(m["message"]) {
					t.Fatalf("answer %v, want code %s and a Russian message", m, tc.code)
				}
				if tc.check != "" && checkStatus(m["checks"], tc.check) != "fail" {
					t.Fatalf("no failed %s in %v", tc.check, m["checks"])
				}
			})
		}
	})
	// Nothing of the refused requests was stored.
	if l, err := s.Access.Requests.List(t.Context(), reg); err != nil || len(l) != 1 {
		t.Fatalf("stored requests: %v %v", l, err)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
