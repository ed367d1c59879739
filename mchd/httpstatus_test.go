package mchd_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
)

// registry is a local test server standing for a registry check service.
type registry struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	seen     []*http.Request
}

func newRegistry(t *testing.T, h http.HandlerFunc) *registry {
	t.Helper()
	r := &registry{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.requests.Add(1)
		r.mu.Lock()
		r.seen = append(r.seen, req.Clone(context.Background()))
		r.mu.Unlock()
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *registry) last() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[len(r.seen)-1]
}

func jsonAnswer(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

func TestHTTPStatusAnswers(t *testing.T) {
	t.Parallel()
	checked := "2026-03-01T12:00:00+03:00"
	tests := []struct {
		name  string
		code  int
		body  string
		field string
		want  mchd.RegistryStatus // "" = unavailable with an error
		why   string              // part of the error
	}{
		{"active", 200, `{"status": "active"}`, "", mchd.StatusActive, ""},
		{"upper case", 200, `{"status": "REVOKED"}`, "", mchd.StatusRevoked, ""},
		{"suspended", 200, `{"status": "suspended"}`, "", mchd.StatusSuspended, ""},
		{"expired", 200, `{"status": "expired"}`, "", mchd.StatusExpired, ""},
		{"not found", 200, `{"status": "not_found"}`, "", mchd.StatusNotFound, ""},
		{"created", 200, `{"status": "CREATED"}`, "", mchd.StatusCreated, ""},
		{"Russian active", 200, `{"status": "Активна"}`, "", mchd.StatusActive, ""},
		{"Russian revoked", 200, `{"status": " Отменена. "}`, "", mchd.StatusRevoked, ""},
		{"Russian suspended", 200, `{"status": "Действие  приостановлено"}`, "", mchd.StatusSuspended, ""},
		{"Russian expired ё", 200, `{"status": "Срок действия истёк"}`, "", mchd.StatusExpired, ""},
		{"Russian not found", 200, `{"status": "Доверенность не найдена"}`, "", mchd.StatusNotFound, ""},
		{"Russian processing", 200, `{"status": "Ожидание подтверждения"}`, "", mchd.StatusProcessing, ""},
		{"Russian rejected", 200, `{"status": "Отказ в регистрации"}`, "", mchd.StatusRejected, ""},
		{"all fields", 200, `{"status": "active", "number": "` + strings.ToLower(guidB) + `", "checked_at": "` + checked + `", "detail": "ok"}`, "", mchd.StatusActive, ""},
		{"nested", 200, `{"data": {"status": "revoked", "number": "` + guidB + `"}, "status": "active"}`, "data.status", mchd.StatusRevoked, ""},
		{"201", 201, `{"status": "active"}`, "", mchd.StatusActive, ""},

		{"unknown word", 200, `{"status": "valid"}`, "", "", "unknown status"},
		{"unavailable word", 200, `{"status": "Реестр недоступен"}`, "", "", "unavailable"},
		{"status not a string", 200, `{"status": 1}`, "", "", "without a string"},
		{"status null", 200, `{"status": null}`, "", "", "without a string"},
		{"no status", 200, `{"state": "active"}`, "", "", "without a string"},
		{"nested missing", 200, `{"data": "active"}`, "data.status", "", "without object"},
		{"other number", 200, `{"status": "active", "number": "` + guidA + `"}`, "", "", "about number"},
		{"number not a string", 200, `{"status": "active", "number": 5}`, "", "", "about number"},
		{"bad checked_at", 200, `{"status": "active", "checked_at": "вчера"}`, "", "", "checked_at"},
		{"duplicate status", 200, `{"status": "revoked", "status": "active"}`, "", "", "repeated"},
		{"nested duplicate", 200, `{"data": {"a": [1, {"k": 1, "k": 2}]}, "status": "active"}`, "", "", "repeated"},
		{"array", 200, `[{"status": "active"}]`, "", "", "not a JSON object"},
		{"trailing", 200, `{"status": "active"} {"status": "revoked"}`, "", "", "after the object"},
		{"truncated", 200, `{"status": "active"`, "", "", "malformed"},
		{"empty", 200, ``, "", "", "malformed"},
		{"html", 200, `<html><body>Доверенность действует</body></html>`, "", "", "malformed"},
		{"garbage", 200, "\x00\xff\xfe{", "", "", "malformed"},
		{"404", 404, `{"status": "not_found"}`, "", "", "HTTP 404"},
		{"500", 500, `{"status": "active"}`, "", "", "HTTP 500"},
		{"503", 503, ``, "", "", "HTTP 503"},
		{"204", 204, ``, "", "", "malformed"},
		{"302 without location", 302, ``, "", "", "HTTP 302"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRegistry(t, jsonAnswer(tc.code, tc.body))
			now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			h := &mchd.HTTPStatus{URL: srv.URL + "/check?guid={number}", StatusField: tc.field, Now: func() time.Time { return now }}
			rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidB})
			if tc.want == "" {
				if rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) || !strings.Contains(err.Error(), tc.why) {
					t.Fatalf("got %+v, %v; want unavailable (%s)", rep, err, tc.why)
				}
				return
			}
			if err != nil || rep.Status != tc.want {
				t.Fatalf("got %+v, %v; want %s", rep, err, tc.want)
			}
			wantAt := now
			if strings.Contains(tc.body, "checked_at") {
				wantAt, _ = time.Parse(time.RFC3339, checked)
			}
			if !rep.CheckedAt.Equal(wantAt) {
				t.Errorf("CheckedAt %v, want %v", rep.CheckedAt, wantAt)
			}
		})
	}
}

func TestHTTPStatusRequest(t *testing.T) {
	t.Parallel()
	srv := newRegistry(t, jsonAnswer(200, `{"status": "active"}`))
	q := mchd.StatusQuery{Number: guidB, PrincipalINN: "7707083893", RepresentativeINN: "500100732259"}
	hdr := http.Header{"Authorization": {"Bearer test-token"}}
	tests := []struct {
		tmpl      string
		wantPath  string
		wantQuery url.Values
	}{
		{"/check?guid={number}", "/check", url.Values{"guid": {guidB}}},
		{"/poa/{number}/status?inn={principal_inn}&rep={representative_inn}", "/poa/" + guidB + "/status",
			url.Values{"inn": {q.PrincipalINN}, "rep": {q.RepresentativeINN}}},
	}
	for _, tc := range tests {
		h := &mchd.HTTPStatus{URL: srv.URL + tc.tmpl, Headers: hdr}
		if rep, err := h.Status(context.Background(), q); err != nil || rep.Status != mchd.StatusActive {
			t.Fatalf("%s: %+v %v", tc.tmpl, rep, err)
		}
		r := srv.last()
		if r.Method != http.MethodGet || r.URL.Path != tc.wantPath || r.URL.Query().Encode() != tc.wantQuery.Encode() ||
			r.Header.Get("Authorization") != "Bearer test-token" || r.Header.Get("Accept") != "application/json" {
			t.Errorf("%s: request %s %s %v", tc.tmpl, r.Method, r.URL, r.Header)
		}
	}
	// A hostile number cannot leave its place in the address.
	h := &mchd.HTTPStatus{URL: srv.URL + "/poa/{number}?guid={number}"}
	evil := "../admin?x=1&guid=other#frag"
	h.Status(context.Background(), mchd.StatusQuery{Number: evil})
	r := srv.last()
	if got := r.URL.Query()["guid"]; r.URL.Path != "/poa/"+evil || len(got) != 1 || got[0] != evil {
		t.Errorf("escaping: %s (path %q, guid %q)", r.URL, r.URL.Path, got)
	}
	// The number travels exactly as written: the registry is case-sensitive.
	h = &mchd.HTTPStatus{URL: srv.URL + "/check?guid={number}"}
	h.Status(context.Background(), mchd.StatusQuery{Number: strings.ToLower(guidB)})
	if got := srv.last().URL.Query().Get("guid"); got != strings.ToLower(guidB) {
		t.Errorf("number sent as %q", got)
	}
}

func TestHTTPStatusConfiguration(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"", "https://registry.example/check", "ftp://registry.example/{number}", "/relative/{number}",
		"https://registry.example/{nomer}/{number}", "http://[::1/{number}",
	} {
		h := &mchd.HTTPStatus{URL: u}
		rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA})
		if rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) {
			t.Errorf("%q: %+v %v", u, rep, err)
		}
	}
}

func TestHTTPStatus404NotFound(t *testing.T) {
	t.Parallel()
	srv := newRegistry(t, jsonAnswer(404, `{"message": "Доверенность не найдена"}`))
	h := &mchd.HTTPStatus{URL: srv.URL + "/{number}", NotFoundOn404: true}
	if rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA}); err != nil || rep.Status != mchd.StatusNotFound {
		t.Fatalf("%+v %v", rep, err)
	}
	srv500 := newRegistry(t, jsonAnswer(500, ``))
	h.URL = srv500.URL + "/{number}"
	if rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA}); rep.Status != mchd.StatusUnavailable || err == nil {
		t.Fatalf("500 with NotFoundOn404: %+v %v", rep, err)
	}
}

func TestHTTPStatusSlow(t *testing.T) {
	t.Parallel()
	// The server answers only when the client gives up.
	srv := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	q := mchd.StatusQuery{Number: guidA}
	h := &mchd.HTTPStatus{URL: srv.URL + "/{number}", Timeout: 30 * time.Millisecond}
	if rep, err := h.Status(context.Background(), q); rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Timeout: %+v %v", rep, err)
	}
	// The caller's deadline counts too.
	h.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if rep, err := h.Status(ctx, q); rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("caller deadline: %+v %v", rep, err)
	}
	// Headers in time, the body too slow.
	slowBody := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status": `)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	h = &mchd.HTTPStatus{URL: slowBody.URL + "/{number}", Timeout: 30 * time.Millisecond}
	if rep, err := h.Status(context.Background(), q); rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow body: %+v %v", rep, err)
	}
	// And through CheckStatus: indeterminate, to be tried later.
	d := mustParse(t, build(t, spec(24, mchd.ShapeHead)))
	if r := mchd.CheckStatus(context.Background(), h, d); r.Status != check.Indeterminate || r.SubIndication != check.TryLater || r.Waiver != check.WaiveRegistry {
		t.Errorf("CheckStatus: %s", r)
	}
}

func TestHTTPStatusBodySize(t *testing.T) {
	t.Parallel()
	answer := func(pad int) string { return `{"status": "active", "pad": "` + strings.Repeat("x", pad) + `"}` }
	small := len(answer(0))
	tests := []struct {
		name    string
		body    string
		max     int64
		want    mchd.RegistryStatus
		chunked bool
	}{
		{"at the limit", answer(100), int64(small + 100), mchd.StatusActive, false},
		{"one byte over", answer(101), int64(small + 100), mchd.StatusUnavailable, false},
		{"default limit", answer(mchd.DefaultMaxStatusBody), 0, mchd.StatusUnavailable, false},
		{"huge chunked", answer(8 << 20), 0, mchd.StatusUnavailable, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRegistry(t, func(w http.ResponseWriter, _ *http.Request) {
				if !tc.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(tc.body)))
				}
				fmt.Fprint(w, tc.body)
			})
			h := &mchd.HTTPStatus{URL: srv.URL + "/{number}", MaxBody: tc.max}
			rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA})
			if rep.Status != tc.want || (tc.want == mchd.StatusUnavailable) != (err != nil) {
				t.Fatalf("%+v %v", rep, err)
			}
			if err != nil && !strings.Contains(err.Error(), "longer than") {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestHTTPStatusRedirects(t *testing.T) {
	t.Parallel()
	var loop *registry
	loop = newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+r.URL.Path, http.StatusFound)
	})
	h := &mchd.HTTPStatus{URL: loop.URL + "/{number}"}
	rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA})
	if rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("loop: %+v %v", rep, err)
	}
	if n := loop.requests.Load(); n != mchd.DefaultMaxRedirects+1 {
		t.Errorf("%d requests for a loop", n)
	}
	// A short redirect is followed.
	target := newRegistry(t, jsonAnswer(200, `{"status": "active"}`))
	moved := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusMovedPermanently)
	})
	h = &mchd.HTTPStatus{URL: moved.URL + "/{number}"}
	if rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA}); err != nil || rep.Status != mchd.StatusActive {
		t.Fatalf("moved: %+v %v", rep, err)
	}
	// From https to http is refused.
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(tlsSrv.Close)
	n := target.requests.Load()
	h = &mchd.HTTPStatus{URL: tlsSrv.URL + "/{number}", Client: tlsClient(tlsSrv)}
	if rep, err := h.Status(context.Background(), mchd.StatusQuery{Number: guidA}); rep.Status != mchd.StatusUnavailable ||
		err == nil || !strings.Contains(err.Error(), "from https to http") || target.requests.Load() != n {
		t.Fatalf("https → http: %+v %v", rep, err)
	}
}

// tlsClient trusts the test server and has the redirect policy of the
// default client of HTTPStatus.
func tlsClient(s *httptest.Server) *http.Client {
	c := s.Client()
	c.CheckRedirect = mchd.RegistryCheckRedirect()
	return c
}

func TestHTTPStatusWithCache(t *testing.T) {
	t.Parallel()
	var code atomic.Int64
	code.Store(500)
	srv := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		c := int(code.Load())
		w.WriteHeader(c)
		if c == 200 {
			fmt.Fprint(w, `{"status": "active"}`)
		}
	})
	clock := newClock()
	c := mchd.NewCachedStatus(&mchd.HTTPStatus{URL: srv.URL + "/{number}", Now: clock.Now},
		mchd.CacheOptions{TTL: time.Minute, Backoff: 10 * time.Second, MaxBackoff: time.Minute, Now: clock.Now})
	q := mchd.StatusQuery{Number: guidA}

	// Outage: one request, then nothing during the back-off.
	for range 5 {
		if rep, err := c.Status(context.Background(), q); rep.Status != mchd.StatusUnavailable || !errors.Is(err, mchd.ErrRegistryUnavailable) {
			t.Fatalf("outage: %+v %v", rep, err)
		}
	}
	if n := srv.requests.Load(); n != 1 {
		t.Fatalf("%d requests during the back-off", n)
	}
	// Back: after the back-off one request, then answers from the cache
	// until the TTL ends.
	code.Store(200)
	clock.Advance(10 * time.Second)
	for i := range 5 {
		rep, err := c.Status(context.Background(), q)
		if err != nil || rep.Status != mchd.StatusActive || rep.Cached != (i > 0) {
			t.Fatalf("recovered %d: %+v %v", i, rep, err)
		}
	}
	if n := srv.requests.Load(); n != 2 {
		t.Fatalf("%d requests", n)
	}
	clock.Advance(time.Minute)
	if rep, _ := c.Status(context.Background(), q); rep.Cached || srv.requests.Load() != 3 {
		t.Fatalf("after TTL: %+v, %d requests", rep, srv.requests.Load())
	}
}

func TestHTTPStatusHerd(t *testing.T) {
	t.Parallel()
	const herd = 50
	release := make(chan struct{})
	srv := newRegistry(t, func(w http.ResponseWriter, _ *http.Request) {
		<-release
		fmt.Fprint(w, `{"status": "suspended"}`)
	})
	free := sync.OnceFunc(func() { close(release) })
	t.Cleanup(free) // before the server closes, should the test fail early
	c := mchd.NewCachedStatus(&mchd.HTTPStatus{URL: srv.URL + "/check?guid={number}"}, mchd.CacheOptions{})
	q := mchd.StatusQuery{Number: guidC}
	var wg sync.WaitGroup
	got := make([]mchd.StatusReport, herd)
	errs := make([]error, herd)
	for i := range herd {
		wg.Go(func() { got[i], errs[i] = c.Status(context.Background(), q) })
	}
	eventually(t, "the herd to gather", func() bool { return mchd.CacheWaiters(c, q) == herd })
	eventually(t, "the request", func() bool { return srv.requests.Load() == 1 })
	free()
	wg.Wait()
	for i := range herd {
		if errs[i] != nil || got[i].Status != mchd.StatusSuspended {
			t.Fatalf("caller %d: %+v %v", i, got[i], errs[i])
		}
	}
	if n := srv.requests.Load(); n != 1 {
		t.Fatalf("%d requests for %d concurrent questions", n, herd)
	}
}
