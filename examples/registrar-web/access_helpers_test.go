package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/internal/fixtures"
)

// approvedRegistration makes a registration application through the API
// (the representative variant: the Регистратор is the employee with an
// МЧД), signs it with the employee's key, and approves it as the demo
// reviewer does; it returns the application's ID.
func approvedRegistration(t *testing.T, s *server) string {
	t.Helper()
	id := submittedRegistration(t, s)
	rec, e := s.load(context.Background(), id, "")
	if e == nil {
		e = s.decideApplication(context.Background(), rec, true)
	}
	if e != nil {
		t.Fatal(e)
	}
	return id
}

// submittedRegistration makes a signed, submitted registration
// application through the API.
func submittedRegistration(t *testing.T, s *server) string {
	t.Helper()
	id := create(t, s, text("region", "77"), text("position", "Медицинский регистратор"))
	if a := put(t, s, id, `{"save":true}`); a.status != 200 || a.m["state"] != "saved" {
		t.Fatalf("save: %d %v", a.status, a.m)
	}
	x := do(t, s, "GET", "/api/v1/applications/"+id+"/xml", nil, "")
	w := do(t, s, "POST", "/api/v1/applications/"+id+"/signature", bytes.NewReader(signXML(t, x.Body.Bytes())), "application/octet-stream")
	if m := decodeJSON(t, w); m["state"] != "submitted" {
		t.Fatalf("registration not submitted: %s", w.Body)
	}
	return id
}

// operator is the demo's employee to whom access is granted (his ЕСИА
// account is one of the demo's).
func operator() employeeJSON {
	a := demoOperatorAccount().Applicant
	return employeeJSON{Surname: a.Surname, GivenName: a.GivenName, Patronymic: a.Patronymic, SNILS: a.SNILS, Email: a.Email,
		Position: "Медицинский статистик"}
}

// grantJSON is the body of a new grant of the subsystems to the operator.
func grantJSON(t testing.TB, registration string, subsystems ...string) string {
	t.Helper()
	b, err := json.Marshal(accessInput{Registration: registration, Employee: operator(), Subsystems: subsystems})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// postAccess creates a request through the API.
func postAccess(t *testing.T, s *server, body string) *jsonAnswer {
	t.Helper()
	w := do(t, s, "POST", "/api/v1/access-requests", strings.NewReader(body), "application/json")
	return &jsonAnswer{w.Code, decodeJSON(t, w)}
}

// signBy signs content with a credential of the demo world (signAs does
// the signing).
func signBy(t testing.TB, who func(*fixtures.Set) fixtures.Credential, content []byte) []byte {
	t.Helper()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	return signAs(t, who(d.set), content)
}

func registrarKey(s *fixtures.Set) fixtures.Credential { return s.EmployeeFL }
func headKey(s *fixtures.Set) fixtures.Credential      { return s.HeadUL }

// signAccessAPI exports the request's XML, signs it as who and posts the
// signature; it returns the verification answer.
func signAccessAPI(t *testing.T, s *server, id string, who func(*fixtures.Set) fixtures.Credential) map[string]any {
	t.Helper()
	base := "/api/v1/access-requests/" + id
	x := do(t, s, "GET", base+"/xml", nil, "")
	if x.Code != http.StatusOK {
		t.Fatalf("xml: %d %s", x.Code, x.Body)
	}
	w := do(t, s, "POST", base+"/signature", bytes.NewReader(signBy(t, who, x.Body.Bytes())), "application/octet-stream")
	if w.Code != http.StatusOK {
		t.Fatalf("signature: %d %s", w.Code, w.Body)
	}
	return decodeJSON(t, w)
}

// approveAccess is the demo reviewer's approval of a submitted request.
func approveAccess(t *testing.T, s *server, id string) *apiError {
	t.Helper()
	rec, e := s.loadAccess(context.Background(), id, "")
	if e != nil {
		t.Fatal(e)
	}
	return s.decideAccess(context.Background(), rec, true)
}

// grantIDs lists the active grants of the registration through the API.
func grantIDs(t *testing.T, s *server, registration string) []string {
	t.Helper()
	w := do(t, s, "GET", "/api/v1/grants?registration="+registration, nil, "")
	var a grantsAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil || w.Code != http.StatusOK {
		t.Fatalf("grants: %d %v %s", w.Code, err, w.Body)
	}
	ids := []string{}
	for _, g := range a.Grants {
		ids = append(ids, g.ID)
	}
	return ids
}

// checkStatus returns the status of the check with the ID in a JSON list
// of checks, "" when absent.
func checkStatus(v any, id string) string {
	list, _ := v.([]any)
	for _, c := range list {
		if m, _ := c.(map[string]any); m["id"] == id {
			s, _ := m["status"].(string)
			return s
		}
	}
	return ""
}
