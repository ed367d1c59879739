package main

// The harness of the browser tests: headless Chromium driven through the
// DevTools protocol (chromedp), one browser with its own profile per test.
// The tests skip when no Chromium is installed, unless
// REGISTRAR_REQUIRE_BROWSER=1 (CI), when they fail.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/signature"
)

// requireBrowserEnv names the variable that turns a missing Chromium from
// a skip into a failure.
const requireBrowserEnv = "REGISTRAR_REQUIRE_BROWSER"

// browserTimeout bounds one browser test (or subtest), Chromium's start
// included.
const browserTimeout = 60 * time.Second

// chromiumPath returns the Chromium to drive, or skips the test.
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(requireBrowserEnv) == "1" {
		t.Fatalf("no Chromium found on PATH and %s=1", requireBrowserEnv)
	}
	t.Skipf("no Chromium found on PATH (install chromium; %s=1 makes this a failure)", requireBrowserEnv)
	return ""
}

// tab is one headless Chromium with one tab, its own profile and
// download directory, and a record of what the pages wrote to the console
// and of the documents' Content-Security-Policy headers.
type tab struct {
	t         testing.TB
	ctx       context.Context
	downloads string
	done      chan cdpbrowser.EventDownloadProgress

	mu      sync.Mutex
	console []string          // console calls, exceptions and browser-log entries of level warning or error
	csp     map[string]string // document URL → its Content-Security-Policy
	docs    map[string]bool   // the URLs of the documents loaded
}

// newTab starts Chromium for t with the flags this machine's closed
// network needs and a fresh profile; everything is bounded by
// browserTimeout and ends with the test.
func newTab(t testing.TB) *tab {
	t.Helper()
	path := chromiumPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	dir := t.TempDir()
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	t.Cleanup(acancel)
	cctx, ccancel := chromedp.NewContext(actx)
	t.Cleanup(ccancel)
	tb := &tab{t: t, ctx: cctx, downloads: filepath.Join(dir, "downloads"), done: make(chan cdpbrowser.EventDownloadProgress, 4),
		csp: map[string]string{}, docs: map[string]bool{}}
	if err := chromedp.Listen(cctx, tb.record); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if err := chromedp.ListenBrowser(cctx, func(ev any) {
		if e, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && e.State != cdpbrowser.DownloadProgressStateInProgress {
			select {
			case tb.done <- *e:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(cctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: tb.downloads, EventsEnabled: ptrTo(true)}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func ptrTo[T any](v T) *T { return &v }

// record keeps the console's complaints and the documents' CSP; it runs on
// the reading goroutine and only appends under the lock.
func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			tb.console = append(tb.console, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		msg := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
		tb.console = append(tb.console, "exception: "+msg)
	case *cdplog.EventEntryAdded:
		// A page answered with an error status (403, 404, 422) is the
		// page under test, which the tests read; any other resource that
		// fails is a complaint.
		if e.Entry.Source == cdplog.EntrySourceNetwork && tb.docs[e.Entry.URL] {
			return
		}
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			tb.console = append(tb.console, fmt.Sprintf("log %s/%s: %s %s", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL))
		}
	case *network.EventResponseReceived:
		if e.Type == network.ResourceTypeDocument {
			tb.docs[e.Response.URL] = true
			for k, v := range e.Response.Headers {
				if strings.EqualFold(k, "Content-Security-Policy") {
					tb.csp[e.Response.URL] = fmt.Sprint(v)
				}
			}
		}
	}
}

// complaints returns what the console received so far and forgets it.
func (tb *tab) complaints() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	c := tb.console
	tb.console = nil
	return c
}

// quiet fails the test when the console received errors or warnings (a
// CSP violation among them) since the last call.
func (tb *tab) quiet(step string) {
	tb.t.Helper()
	for _, c := range tb.complaints() {
		tb.t.Errorf("%s: console: %s", step, c)
	}
}

// do runs the actions, failing the test with step on error.
func (tb *tab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", step, err)
	}
}

// load runs the action and waits (at most queryTimeout) for the next page
// to load.
func (tb *tab) load(step string, trigger chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	read(tb, step, chromedp.WaitEvent(cdppage.LoadEventFired, nil, trigger))
}

// open navigates to url.
func (tb *tab) open(url string) { tb.t.Helper(); tb.do("open "+url, chromedp.Navigate(url)) }

// click clicks the element with the id and waits for the next page.
func (tb *tab) click(id string) {
	tb.t.Helper()
	tb.load("click #"+id, chromedp.Click(chromedp.ID(id)))
}

// queryTimeout bounds the wait for one element: the pages are served
// from this machine, so an element that is not there within it is missing.
const queryTimeout = 15 * time.Second

// read runs a query for one element with queryTimeout, failing the test
// with the page's address and heading when the element does not come.
func read[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, queryTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		where, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`location.href + ' — ' + (document.querySelector('h1') || {textContent: ''}).textContent`))
		tb.t.Fatalf("%s: %v (page %s)", what, err, where)
	}
	return v
}

// text returns the visible text of the element with the id.
func (tb *tab) text(id string) string {
	tb.t.Helper()
	return strings.TrimSpace(read(tb, "text of #"+id, chromedp.Text(chromedp.ID(id))))
}

// value returns the value of the form control with the id.
func (tb *tab) value(id string) string {
	tb.t.Helper()
	return read(tb, "value of #"+id, chromedp.Value(chromedp.ID(id)))
}

// eval evaluates a script expression into T.
func eval[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		tb.t.Fatalf("evaluating %q: %v", expr, err)
	}
	return v
}

// exists reports whether the page has an element with the id.
func (tb *tab) exists(id string) bool {
	tb.t.Helper()
	return eval[bool](tb, fmt.Sprintf("document.getElementById(%q) !== null", id))
}

// location returns the page's path and query.
func (tb *tab) location() string {
	tb.t.Helper()
	return eval[string](tb, "location.pathname + location.search")
}

// unlabelledJS lists the shown form controls without a label with text
// (buttons and links: without text), and those and the links without an
// id or name.
const unlabelledJS = `Array.from(document.querySelectorAll('input, select, textarea, button, a[href]')).filter(function (el) {
  if (el.type === 'hidden' || el.closest('[hidden]')) { return false; }
  if (!el.id && !el.name) { return true; }
  if (el.tagName === 'BUTTON' || el.tagName === 'A') { return el.textContent.trim() === ''; }
  return !Array.from(el.labels || []).some(function (l) { return l.textContent.trim() !== ''; });
}).map(function (el) { return el.outerHTML.slice(0, 120); })`

// labelled fails the test for every shown form control of the page that
// has no label, and for every control or link without a stable id or
// name.
func (tb *tab) labelled(step string) {
	tb.t.Helper()
	for _, c := range eval[[]string](tb, unlabelledJS) {
		tb.t.Errorf("%s: a control without a label or id: %s", step, c)
	}
}

// checkItem is one line of a checklist on a page.
type checkItem struct {
	ID      string `json:"id"`
	Class   string `json:"cls"`
	Icon    string `json:"icon"`
	Message string `json:"msg"`
	Todo    string `json:"todo"`
}

// checklist returns the checklist of the page.
func (tb *tab) checklist() []checkItem {
	tb.t.Helper()
	return eval[[]checkItem](tb, `Array.from(document.querySelectorAll('li.check')).map(function (li) {
  return {id: li.id, cls: li.className, icon: li.querySelector('.icon').textContent.trim(),
    msg: li.querySelector('.message').textContent.trim(),
    todo: Array.from(li.querySelectorAll('.todo')).map(function (p) { return p.textContent.trim(); }).join(' ')};
})`)
}

// download clicks the link with the id and returns the downloaded bytes.
func (tb *tab) download(id string) []byte {
	tb.t.Helper()
	for len(tb.done) > 0 {
		<-tb.done
	}
	tb.do("click #"+id, chromedp.Click(chromedp.ID(id)))
	select {
	case e := <-tb.done:
		if e.State != cdpbrowser.DownloadProgressStateCompleted {
			tb.t.Fatalf("download of #%s: %s", id, e.State)
		}
		data, err := os.ReadFile(filepath.Join(tb.downloads, e.GUID))
		if err != nil {
			tb.t.Fatal(err)
		}
		return data
	case <-tb.ctx.Done():
		tb.t.Fatalf("download of #%s: %v", id, tb.ctx.Err())
	}
	return nil
}

// upload sets the file inputs (id → path) and submits the form with the
// button.
func (tb *tab) upload(button string, files map[string]string) {
	tb.t.Helper()
	for id, path := range files {
		tb.do("choose "+id, chromedp.SetUploadFiles(chromedp.ID(id), []string{path}))
	}
	tb.click(button)
}

// signIn signs in on the demo's ЕСИА page with the account and waits for
// the page that follows (the home page, or the refusal).
func (tb *tab) signIn(base, account string) {
	tb.t.Helper()
	tb.open(base)
	tb.click("login")
	tb.labelled("login page")
	tb.do("choose account "+account, chromedp.Click(chromedp.ID("account-"+account)))
	tb.click("login-submit")
}

// fixtureFiles writes the named fixture files into a temporary directory
// (under their own names) and returns their paths by fixture path.
func fixtureFiles(t testing.TB, paths ...string) map[string]string {
	t.Helper()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	files, dir, out := d.set.Files(), t.TempDir(), map[string]string{}
	for _, p := range paths {
		data, ok := files[p]
		if !ok {
			t.Fatalf("no fixture %s", p)
		}
		sub := filepath.Join(dir, strings.ReplaceAll(filepath.Dir(p), "/", "_"))
		os.MkdirAll(sub, 0o755)
		name := filepath.Join(sub, filepath.Base(p))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out[p] = name
	}
	return out
}

// signAs makes a detached CAdES-BES signature over content with the
// fixture credential, as the person signs the XML outside the cabinet.
func signAs(t testing.TB, cred fixtures.Credential, content []byte) []byte {
	t.Helper()
	sig, err := signature.Sign(content, cred.Cert, cred.Key,
		signature.SignOptions{Time: fixtures.At.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{16})})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// serve serves the demo world with the edits on 127.0.0.1.
func serve(t testing.TB, edit ...func(*options)) string {
	t.Helper()
	s, _ := newTest(t, edit...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL + "/"
}

// digits returns the digits of s.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// cyrillic matches Russian text.
var cyrillic = regexp.MustCompile(`\p{Cyrillic}{3,}`)

// expectedDeadline is the review deadline of an application submitted at
// the demo's time, as the pages show it.
func expectedDeadline(t testing.TB) string {
	t.Helper()
	due, err := application.ReviewDeadline(fixtures.At, application.RussianCalendar())
	if err != nil {
		t.Fatal(err)
	}
	return "до " + msk.Date(due) + " включительно"
}

// directives parses a Content-Security-Policy into its directives.
func directives(csp string) map[string][]string {
	m := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			m[f[0]] = f[1:]
		}
	}
	return m
}

var nonceRE = regexp.MustCompile(`^'nonce-[A-Za-z0-9_-]{16,}'$`)

// strictCSP checks the policy of every document the tab loaded: scripts
// only by one nonce and, when plugin is set, from exactly the plug-in's
// address; no policy allows more (a document without script-src falls
// back to default-src 'none').
func (tb *tab) strictCSP(plugin string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var pages int
	for url, csp := range tb.csp {
		d := directives(csp)
		if got := d["default-src"]; len(got) != 1 || got[0] != "'none'" {
			tb.t.Errorf("%s: default-src %q", url, got)
		}
		src, ok := d["script-src"]
		if !ok {
			continue
		}
		pages++
		want := 1
		if plugin != "" {
			want = 2
		}
		if len(src) != want || !nonceRE.MatchString(src[0]) || (plugin != "" && src[1] != plugin) {
			tb.t.Errorf("%s: script-src %q, want one nonce%s", url, src, map[bool]string{true: " and " + plugin}[plugin != ""])
		}
	}
	if pages < 3 {
		tb.t.Errorf("only %d pages with a script policy seen", pages)
	}
}

// startRun starts the program as a user does, with args, on a free port
// of 127.0.0.1, and stops it when the test ends. It returns the base URL.
func startRun(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan int, 1)
	var stdout, stderr strings.Builder
	go func() {
		done <- run(ctx, append(args, "--addr", "127.0.0.1:0", "--quiet"), &stdout, &stderr, ready)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("the server did not stop")
		}
	})
	select {
	case base := <-ready:
		return base
	case code := <-done:
		t.Fatalf("exit %d\n%s", code, stderr.String())
	case <-time.After(browserTimeout):
		t.Fatal("the server did not start")
	}
	return ""
}
