package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
)

// world is the demo's synthetic world, generated once per test binary.
var world = sync.OnceValues(demoWorld)

// newTest returns a server on the demo world with its own store, sessions
// and clock (fixtures.At, running).
func newTest(t testing.TB, edit ...func(*options)) (*server, *demo) {
	t.Helper()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	now := clockFrom(fixtures.At)
	st, err := openStore(memoryDB, now)
	if err != nil {
		t.Fatal(err)
	}
	o := options{Checker: application.NewChecker(d.check), Store: st, Now: now,
		ESIA: &demoESIA{accounts: d.esia.accounts}, Demo: true}
	for _, e := range edit {
		e(&o)
	}
	s, err := newServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return s, d
}

// part is one part of a multipart body: a field, or a file when file is
// set.
type part struct {
	name, file string
	data       []byte
}

func text(name, value string) part { return part{name: name, data: []byte(value)} }

// fixture is a file part with the named fixture.
func fixture(t testing.TB, name, path string) part {
	t.Helper()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	data, ok := d.set.Files()[path]
	if !ok {
		t.Fatalf("no fixture %s", path)
	}
	return part{name: name, file: path[strings.LastIndex(path, "/")+1:], data: data}
}

func multipartBody(t testing.TB, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.file != "" {
			w, err = mw.CreateFormFile(p.name, p.file)
		} else {
			w, err = mw.CreateFormField(p.name)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// do serves one request in process.
func do(t testing.TB, h http.Handler, method, target string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func postParts(t testing.TB, h http.Handler, target string, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	b, ct := multipartBody(t, parts...)
	return do(t, h, "POST", target, b, ct)
}

func decodeJSON(t testing.TB, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("status %d, not JSON: %v\n%s", w.Code, err, w.Body)
	}
	return m
}

// representative is the accepted upload of the representative variant.
func representative(t testing.TB) []part {
	return []part{text("variant", "representative"), fixture(t, "certificate", "certs/employee-fl.pem"),
		fixture(t, "mchd", "mchd/representative.xml"), fixture(t, "mchd_signature", "mchd/representative.xml.sig")}
}

// signXML signs content with the employee's test key (the applicant of
// the representative upload).
func signXML(t testing.TB, content []byte) []byte {
	t.Helper()
	d, _ := world()
	sig, err := signature.Sign(content, d.set.EmployeeFL.Cert, d.set.EmployeeFL.Key,
		signature.SignOptions{Time: fixtures.At.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{7})})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// browser is a client of a running test server with cookies, which does
// not follow redirects.
type browser struct {
	t    testing.TB
	c    *http.Client
	base string
}

func newBrowser(t testing.TB, s *server) *browser {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: ts.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) send(req *http.Request) page {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header, string(body)}
}

func (b *browser) get(path string) page {
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.send(req)
}

func (b *browser) postForm(path string, v url.Values) page {
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

func (b *browser) postParts(path string, parts ...part) page {
	body, ct := multipartBody(b.t, parts...)
	req, _ := http.NewRequest("POST", b.base+path, body)
	req.Header.Set("Content-Type", ct)
	return b.send(req)
}

var (
	stateRE = regexp.MustCompile(`name="state" value="([^"]+)"`)
	csrfRE  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// login signs in with a demo account and returns the CSRF token of the
// session.
func (b *browser) login(account string) string {
	b.t.Helper()
	p := b.get("/login")
	m := stateRE.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no state on the login page\n%s", p.body)
	}
	p = b.postForm("/login/callback", url.Values{"state": {m[1]}, "account": {account}})
	if p.status != http.StatusSeeOther {
		b.t.Fatalf("login %s: status %d\n%s", account, p.status, p.body)
	}
	return b.csrf()
}

func (b *browser) csrf() string {
	b.t.Helper()
	p := b.get("/")
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the home page\n%s", p.body)
	}
	return m[1]
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
