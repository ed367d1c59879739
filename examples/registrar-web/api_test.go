package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/examples/internal/config"
)

// TestAPICheck: POST /api/v1/check answers 200 with the report for every
// verdict, byte for byte the JSON registrar check --json prints for the
// same inputs, and a JSON error with a stable code otherwise.
func TestAPICheck(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	employee := fixture(t, "applicant", "applicant/employee.json")
	rep := representative(t)
	with := func(ps []part, p part) []part {
		out := []part{}
		for _, q := range ps {
			if q.name != p.name {
				out = append(out, q)
			}
		}
		return append(out, p)
	}
	for _, tc := range []struct {
		name       string
		parts      []part
		status     int
		verdict    string
		code       string
		failing    string
		contentTyp string
	}{
		{name: "head accepted", parts: []part{text("variant", "head"), fixture(t, "certificate", "certs/head-ul.pem"),
			fixture(t, "applicant", "applicant/head.json")}, status: 200, verdict: "accepted"},
		{name: "representative accepted", parts: append(rep, employee), status: 200, verdict: "accepted"},
		{name: "managing accepted", parts: []part{text("variant", "managing"), fixture(t, "certificate", "certs/managing-head-ul.pem"),
			fixture(t, "mchd", "mchd/managing.xml"), fixture(t, "mchd_signature", "mchd/managing.xml.sig"),
			fixture(t, "applicant", "applicant/managing-head.json")}, status: 200, verdict: "accepted"},
		{name: "tampered МЧД rejected", parts: append(with(rep, fixture(t, "mchd", "mchd/tampered.xml")), employee),
			status: 200, verdict: "rejected", failing: "SIG-MESSAGE-DIGEST"},
		{name: "standard account rejected", parts: append(rep, fixture(t, "applicant", "applicant/employee-standard.json")),
			status: 200, verdict: "rejected", failing: "APP-ESIA-CONFIRMED"},
		{name: "no applicant indeterminate", parts: rep, status: 200, verdict: "indeterminate"},
		{name: "revoked certificate", parts: append(with(rep, fixture(t, "certificate", "certs/revoked-fl.pem")), employee),
			status: 200, verdict: "rejected", failing: "CHAIN-REVOCATION"},
		{name: "bad variant", parts: []part{text("variant", "boss"), fixture(t, "certificate", "certs/head-ul.pem")}, status: 400, code: "bad_variant"},
		{name: "no certificate", parts: []part{text("variant", "head")}, status: 400, code: "missing_certificate"},
		{name: "bad applicant", parts: []part{text("variant", "head"), fixture(t, "certificate", "certs/head-ul.pem"),
			{name: "applicant", file: "a.json", data: []byte(`{"name":"x"}`)}}, status: 400, code: "bad_applicant"},
		{name: "unknown field", parts: append(rep, text("password", "x")), status: 400, code: "unknown_field"},
		{name: "duplicate field", parts: append(rep, text("variant", "head")), status: 400, code: "duplicate_field"},
		{name: "file too large", parts: []part{text("variant", "head"), {name: "certificate", file: "big.pem", data: bytes.Repeat([]byte("A"), 1<<20+1)}},
			status: 413, code: "file_too_large"},
		{name: "not multipart", status: 400, code: "malformed_request", contentTyp: "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := postParts(t, s, "/api/v1/check", tc.parts...)
			if tc.contentTyp != "" {
				rec = do(t, s, "POST", "/api/v1/check", strings.NewReader(`{}`), tc.contentTyp)
			}
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tc.status, rec.Body)
			}
			m := decodeJSON(t, rec)
			if tc.code != "" {
				if m["code"] != tc.code || m["message"] == "" {
					t.Fatalf("error %v, want code %s", m, tc.code)
				}
				return
			}
			if m["verdict"] != tc.verdict {
				t.Fatalf("verdict %v, want %s", m["verdict"], tc.verdict)
			}
			if tc.failing != "" && !strings.Contains(rec.Body.String(), `"id": "`+tc.failing+`"`) {
				t.Errorf("no %s in the report", tc.failing)
			}
			// The same bytes as the CLI: the library's report through the
			// CLI's JSON writer.
			f := &form{values: map[string][]byte{}, filenames: map[string]string{}}
			for _, p := range tc.parts {
				f.values[p.name] = p.data
				if p.file != "" {
					f.filenames[p.name] = p.file
				}
			}
			u, a, e := upload(f)
			if e != nil {
				t.Fatal(e)
			}
			var want bytes.Buffer
			config.WriteJSON(&want, s.Checker.Check(context.Background(), u, a))
			if !bytes.Equal(rec.Body.Bytes(), want.Bytes()) {
				t.Errorf("the body differs from registrar check --json")
			}
		})
	}
}

// create makes an application through the API and returns its ID.
func create(t *testing.T, s *server, extra ...part) string {
	t.Helper()
	parts := append(representative(t), fixture(t, "applicant", "applicant/employee.json"))
	w := postParts(t, s, "/api/v1/applications", append(parts, extra...)...)
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d\n%s", w.Code, w.Body)
	}
	m := decodeJSON(t, w)
	if m["state"] != "draft" || m["report"].(map[string]any)["verdict"] != "accepted" {
		t.Fatalf("create: %v", m)
	}
	return m["id"].(string)
}

func put(t *testing.T, s *server, id, body string) *jsonAnswer {
	t.Helper()
	w := do(t, s, "PUT", "/api/v1/applications/"+id, strings.NewReader(body), "application/json")
	return &jsonAnswer{w.Code, decodeJSON(t, w)}
}

type jsonAnswer struct {
	status int
	m      map[string]any
}

// TestAPILifecycle walks an application through the API: created as a
// draft, edited, saved, exported, printed, a wrong and then a valid
// signature, submitted with its deadline; a submitted application cannot
// be deleted, a draft can, with its files.
func TestAPILifecycle(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	id := create(t, s, text("region", "23"))
	base := "/api/v1/applications/" + id

	w := do(t, s, "GET", base, nil, "")
	if m := decodeJSON(t, w); w.Code != 200 || m["state"] != "draft" || m["fields"].(map[string]any)["region"] != "23" {
		t.Fatalf("get: %d %v", w.Code, m)
	}
	if w := do(t, s, "GET", base+"/xml", nil, ""); w.Code != http.StatusConflict || decodeJSON(t, w)["code"] != "not_saved" {
		t.Fatalf("xml of a draft: %d %s", w.Code, w.Body)
	}
	if a := put(t, s, id, `{"region":"99","position":"Специалист","save":true}`); a.status != 422 || a.m["code"] != "invalid_fields" {
		t.Fatalf("bad region: %d %v", a.status, a.m)
	}
	if a := put(t, s, id, `{"region":"23","position":"Специалист","save":true}`); a.status != 200 || a.m["state"] != "saved" {
		t.Fatalf("save: %d %v", a.status, a.m)
	}
	x := do(t, s, "GET", base+"/xml", nil, "")
	if x.Code != 200 || !bytes.HasPrefix(x.Body.Bytes(), []byte("<?xml")) {
		t.Fatalf("xml: %d %s", x.Code, x.Body)
	}
	if p := do(t, s, "GET", base+"/print", nil, ""); p.Code != 200 || !strings.Contains(p.Body.String(), "Специалист") ||
		!strings.Contains(p.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("print: %d %v", p.Code, p.Header())
	}
	// A signature of other bytes: verified, invalid, the state unchanged.
	w = do(t, s, "POST", base+"/signature", bytes.NewReader(signXML(t, []byte("<other/>"))), "application/octet-stream")
	if m := decodeJSON(t, w); w.Code != 200 || m["verdict"] != "invalid" || m["state"] != "saved" || m["message"] == "" {
		t.Fatalf("wrong signature: %d %v", w.Code, m)
	}
	w = do(t, s, "POST", base+"/signature", bytes.NewReader(signXML(t, x.Body.Bytes())), "application/octet-stream")
	m := decodeJSON(t, w)
	if w.Code != 200 || m["verdict"] != "valid" || m["state"] != "submitted" || m["deadline"] == nil {
		t.Fatalf("signature: %d %s", w.Code, w.Body)
	}
	if s := m["signers"].([]any); len(s) != 1 || s[0].(map[string]any)["applicant"] != true {
		t.Errorf("signers %v", s)
	}
	w = do(t, s, "GET", base+"/deadline", nil, "")
	d := decodeJSON(t, w)
	// Submitted on Monday 23.11.2026: three working days after it end on
	// Thursday 26.11.2026.
	if w.Code != 200 || d["deadline_russian"] != "26.11.2026" || d["check"].(map[string]any)["id"] != "APP-REVIEW-DEADLINE" {
		t.Fatalf("deadline: %d %v", w.Code, d)
	}
	if w := do(t, s, "DELETE", base, nil, ""); w.Code != http.StatusConflict || decodeJSON(t, w)["code"] != "invalid_state" {
		t.Fatalf("delete submitted: %d %s", w.Code, w.Body)
	}
	if a := put(t, s, id, `{"position":"x"}`); a.status != http.StatusConflict {
		t.Fatalf("edit submitted: %d %v", a.status, a.m)
	}

	other := create(t, s)
	if w := do(t, s, "DELETE", "/api/v1/applications/"+other, nil, ""); w.Code != http.StatusNoContent {
		t.Fatalf("delete draft: %d %s", w.Code, w.Body)
	}
	if _, err := s.Store.Get(context.Background(), other); err == nil {
		t.Fatal("the draft and its files are still stored")
	}
	if w := do(t, s, "GET", "/api/v1/applications/"+other, nil, ""); w.Code != 404 {
		t.Fatalf("get deleted: %d", w.Code)
	}
}

// TestAPIErrors: each error answer has its status and stable code and a
// Russian message.
func TestAPIErrors(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	id := create(t, s)
	for _, tc := range []struct {
		name, method, path, body, ctype string
		parts                           []part
		status                          int
		code                            string
	}{
		{name: "unknown id", method: "GET", path: "/api/v1/applications/00000000-0000-4000-8000-000000000000", status: 404, code: "not_found"},
		{name: "not an id", method: "GET", path: "/api/v1/applications/..%2f..%2fetc", status: 404, code: "not_found"},
		{name: "deadline unknown", method: "GET", path: "/api/v1/applications/00000000-0000-4000-8000-000000000000/deadline", status: 404, code: "not_found"},
		{name: "put not json", method: "PUT", path: "/api/v1/applications/" + id, body: "region=23", ctype: "application/json", status: 400, code: "malformed_request"},
		{name: "put unknown field", method: "PUT", path: "/api/v1/applications/" + id, body: `{"owner":"me"}`, ctype: "application/json", status: 400, code: "malformed_request"},
		{name: "put too large", method: "PUT", path: "/api/v1/applications/" + id, body: `{"position":"` + strings.Repeat("x", 1<<20) + `"}`, ctype: "application/json", status: 413, code: "request_too_large"},
		{name: "empty signature", method: "POST", path: "/api/v1/applications/" + id + "/signature", status: 400, code: "missing_signature"},
		{name: "signature of a draft", method: "POST", path: "/api/v1/applications/" + id + "/signature", body: "MIIB", status: 409, code: "not_saved"},
		{name: "signature too large", method: "POST", path: "/api/v1/applications/" + id + "/signature", body: strings.Repeat("A", 1<<20+1), status: 413, code: "request_too_large"},
		{name: "create without applicant", method: "POST", path: "/api/v1/applications", parts: representative(t), status: 400, code: "missing_applicant"},
		{name: "create rejected", method: "POST", path: "/api/v1/applications",
			parts: append(representative(t), fixture(t, "applicant", "applicant/employee-standard.json")), status: 422, code: "documents_rejected"},
		{name: "create bad phone", method: "POST", path: "/api/v1/applications",
			parts: append(representative(t), fixture(t, "applicant", "applicant/employee.json"), text("phone", "12")), status: 422, code: "invalid_fields"},
		{name: "method not allowed", method: "PATCH", path: "/api/v1/applications/" + id, status: 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var w = do(t, s, tc.method, tc.path, strings.NewReader(tc.body), tc.ctype)
			if tc.parts != nil {
				w = postParts(t, s, tc.path, tc.parts...)
			}
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
			if tc.code == "documents_rejected" && m["report"] == nil {
				t.Error("422 without the report")
			}
		})
	}
}

func containsCyrillic(v any) bool {
	s, _ := v.(string)
	for _, r := range s {
		if r >= 'А' && r <= 'я' {
			return true
		}
	}
	return false
}

// TestOpenAPI: the document is valid JSON and documents exactly the API
// routes of the mux.
func TestOpenAPI(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	w := do(t, s, "GET", "/api/v1/openapi.json", nil, "")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || w.Code != 200 || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %d %v", w.Code, err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	served := map[string]bool{}
	for _, rt := range s.routes {
		if strings.HasPrefix(rt.Path, "/api/") {
			served[rt.Method+" "+rt.Path] = true
			if !documented[rt.Method+" "+rt.Path] {
				t.Errorf("%s %s is not documented", rt.Method, rt.Path)
			}
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("%s is documented but not served", k)
		}
	}
	if len(served) != 17 {
		t.Errorf("%d API routes", len(served))
	}
}
