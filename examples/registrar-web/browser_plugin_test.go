package main

// Signing in the browser (way 1) with a stand-in for the CryptoPro
// plug-in.

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// standinConstants are the constants of the plug-in's API the stand-in
// defines. It numbers them from 1001 in this order, so that a value the
// page passes names the constant it took.
var standinConstants = []string{
	"CADESCOM_STRING_TO_UCS2LE", "CADESCOM_BASE64_TO_BINARY",
	"CADESCOM_CADES_DEFAULT", "CADESCOM_CADES_BES", "CADESCOM_CADES_T", "CADESCOM_CADES_X_LONG_TYPE_1",
	"CAPICOM_CURRENT_USER_STORE", "CAPICOM_LOCAL_MACHINE_STORE", "CAPICOM_MY_STORE",
	"CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED", "CAPICOM_CERTIFICATE_FIND_SHA1_HASH", "CAPICOM_CERTIFICATE_FIND_SUBJECT_NAME",
}

// constant returns the stand-in's value of the named constant.
func constant(t testing.TB, name string) float64 {
	for i, n := range standinConstants {
		if n == name {
			return float64(1001 + i)
		}
	}
	t.Fatalf("no constant %s", name)
	return 0
}

// standinThumbprint is the thumbprint of the stand-in's one certificate.
const standinThumbprint = "5E1F00A2D3C4B5A6978800112233445566778899"

// standinJS is a stand-in for the CryptoPro plug-in's asynchronous API
// (window.cadesplugin, a promise with CreateObjectAsync and the
// constants): one certificate in the store; every call the page makes is
// reported to the test through window.registrarStandin, whose answer to
// SignCades is the signature.
const standinJS = `(function () {
  'use strict';
  var report = window.registrarStandin;
  function call(object, method, args) { return report({object: object, method: method, args: args}); }
  var cert = {SubjectName: Promise.resolve('CN=Заявитель (тест)'), ValidToDate: Promise.resolve('2027-11-23T09:00:00.000Z'),
    Thumbprint: Promise.resolve('` + standinThumbprint + `')};
  function certificates() {
    return {Count: Promise.resolve(1),
      Item: function (i) { return call('Certificates', 'Item', [i]).then(function () { return cert; }); },
      Find: function (type, value) { return call('Certificates', 'Find', [type, value]).then(certificates); }};
  }
  var objects = {
    'CAdESCOM.Store': function () {
      return {Certificates: Promise.resolve(certificates()),
        Open: function (a, b, c) { return call('Store', 'Open', [a, b, c]); },
        Close: function () { return call('Store', 'Close', []); }};
    },
    'CAdESCOM.CPSigner': function () {
      var signer = {thumbprint: null};
      signer.propset_Certificate = function (c) {
        return c.Thumbprint.then(function (tp) { signer.thumbprint = tp; return call('CPSigner', 'propset_Certificate', [tp]); });
      };
      return signer;
    },
    'CAdESCOM.CadesSignedData': function () {
      return {
        propset_ContentEncoding: function (v) { return call('CadesSignedData', 'propset_ContentEncoding', [v]); },
        propset_Content: function (v) { return call('CadesSignedData', 'propset_Content', [v]); },
        SignCades: function (signer, type, detached) {
          return call('CadesSignedData', 'SignCades', [signer && signer.thumbprint, type, detached]);
        }
      };
    }
  };
  var plugin = Promise.resolve();
  plugin.CreateObjectAsync = function (name) {
    return call('cadesplugin', 'CreateObjectAsync', [name]).then(function () {
      if (!objects[name]) { throw new Error('no object ' + name); }
      return objects[name]();
    });
  };
CONSTANTS  window.cadesplugin = plugin;
})();
`

// standinCall is one call the page made on the stand-in.
type standinCall struct {
	Object string `json:"object"`
	Method string `json:"method"`
	Args   []any  `json:"args"`
}

// standin serves the stand-in at the plug-in's address and records what
// the page passes to it.
type standin struct {
	URL string

	mu        sync.Mutex
	calls     []standinCall
	signature []byte
	served    map[string]int
	// absent serves a script without the plug-in (not installed);
	// refusal is the error SignCades fails with instead of signing.
	absent  bool
	refusal string
}

func newStandin(t testing.TB) *standin {
	var consts strings.Builder
	for _, n := range standinConstants {
		fmt.Fprintf(&consts, "  plugin.%s = %v;\n", n, constant(t, n))
	}
	js := strings.Replace(standinJS, "CONSTANTS", consts.String(), 1)
	st := &standin{served: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.mu.Lock()
		st.served[r.URL.Path]++
		absent := st.absent
		st.mu.Unlock()
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		if absent {
			io.WriteString(w, "/* the plug-in is not installed */\n")
			return
		}
		io.WriteString(w, js)
	}))
	t.Cleanup(srv.Close)
	st.URL = srv.URL + "/cadesplugin_api.js"
	return st
}

// answer records a call and answers SignCades with the signature.
func (st *standin) answer(ctx context.Context, c standinCall) (string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.calls = append(st.calls, c)
	if c.Method == "SignCades" {
		if st.refusal != "" {
			return "", errors.New(st.refusal)
		}
		return base64.StdEncoding.EncodeToString(st.signature), nil
	}
	return "", nil
}

// sign sets the signature SignCades returns and forgets the calls so far.
func (st *standin) sign(sig []byte) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.signature, st.calls, st.refusal = sig, nil, ""
}

// refuse makes SignCades fail with msg, as the plug-in does when the
// person cancels the PIN prompt.
func (st *standin) refuse(msg string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.calls, st.refusal = nil, msg
}

// install sets whether the plug-in is installed.
func (st *standin) install(on bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.absent = !on
}

// call returns the recorded calls of the method.
func (st *standin) call(method string) []standinCall {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []standinCall
	for _, c := range st.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// checkSigning checks what the page passed to the plug-in for signing
// xml: the certificate chosen, base64 of the exact bytes with
// CADESCOM_BASE64_TO_BINARY, a detached CAdES-BES.
func (st *standin) checkSigning(t testing.TB, xml []byte) {
	t.Helper()
	one := func(method string) []any {
		t.Helper()
		c := st.call(method)
		if len(c) != 1 {
			t.Fatalf("%s called %d times, want once", method, len(c))
		}
		return c[0].Args
	}
	if got := one("Find"); got[0] != constant(t, "CAPICOM_CERTIFICATE_FIND_SHA1_HASH") || got[1] != standinThumbprint {
		t.Errorf("Find%v, want the SHA-1 thumbprint of the chosen certificate", got)
	}
	if got := one("propset_Certificate"); got[0] != standinThumbprint {
		t.Errorf("CPSigner.Certificate = %v", got)
	}
	if got := one("propset_ContentEncoding"); got[0] != constant(t, "CADESCOM_BASE64_TO_BINARY") {
		t.Errorf("ContentEncoding = %v, want CADESCOM_BASE64_TO_BINARY (%v)", got[0], constant(t, "CADESCOM_BASE64_TO_BINARY"))
	}
	if got := one("propset_Content"); got[0] != base64.StdEncoding.EncodeToString(xml) {
		t.Errorf("Content is not base64 of the downloaded XML:\n%v", got[0])
	}
	if got := one("SignCades"); got[0] != standinThumbprint || got[1] != constant(t, "CADESCOM_CADES_BES") || got[2] != true {
		t.Errorf("SignCades(signer %v, type %v, detached %v), want the chosen signer, CADESCOM_CADES_BES (%v), true",
			got[0], got[1], got[2], constant(t, "CADESCOM_CADES_BES"))
	}
	var objects []string
	for _, c := range st.call("CreateObjectAsync") {
		objects = append(objects, fmt.Sprint(c.Args[0]))
	}
	if !slices.Contains(objects, "CAdESCOM.CPSigner") || !slices.Contains(objects, "CAdESCOM.CadesSignedData") {
		t.Errorf("objects created: %v", objects)
	}
}

// TestBrowserPlugin: signing way 1. The program runs with --plugin-url
// pointing at a stand-in for the CryptoPro plug-in served by the test.
// Without the plug-in the page says so and shows no signing controls;
// with it the page lists the stand-in's certificate; a refusal of the
// plug-in (a cancelled PIN prompt) is shown and the button works again.
// «Подписать» passes the base64 of the exact XML (the one the page's link
// downloads) with CADESCOM_BASE64_TO_BINARY and asks for a detached
// CAdES-BES; the stand-in answers with a signature the test made. A
// signature over other bytes shows the verification's error; the
// applicant's signature over the XML makes the application «на
// рассмотрении» with its deadline. The Content-Security-Policy allows
// exactly the page's script (by nonce) and the plug-in's address: nothing
// is reported in the console during the flow, and a script from another
// path of the plug-in's host, or inline, is refused and reported.
func TestBrowserPlugin(t *testing.T) {
	t.Parallel()
	d, err := world()
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	st := newStandin(t)
	base := startRun(t, "--demo", "--db", memoryDB, "--plugin-url", st.URL)
	tb.do("expose the stand-in's recorder", chromedp.ExposeFunc("registrarStandin", st.answer))

	tb.signIn(base, "head")
	tb.open(base + "upload?variant=head")
	tb.upload("upload-submit", map[string]string{"certificate": fixtureFiles(t, "certs/head-ul.pem")["certs/head-ul.pem"]})
	tb.do("fill in", chromedp.SetValue(chromedp.ID("region"), "77"), chromedp.SetValue(chromedp.ID("position"), "Главный врач"))

	// Without the plug-in the page says so and offers way 2 only.
	st.install(false)
	tb.click("save")
	if got := tb.text("plugin-status"); !strings.Contains(got, "не найден") || !strings.Contains(got, "способом 2") {
		t.Errorf("status without the plug-in %q", got)
	}
	if eval[bool](tb, `!document.getElementById('plugin-controls').hidden`) {
		t.Error("the signing controls are shown without the plug-in")
	}
	st.install(true)
	tb.load("reload", chromedp.Reload())
	tb.do("the plug-in lists the certificate", chromedp.WaitVisible(chromedp.ID("plugin-controls")))
	if got := tb.text("plugin-status"); !strings.Contains(got, "Выберите сертификат") {
		t.Errorf("plug-in status %q", got)
	}
	if got := tb.text("plugin-cert"); !strings.Contains(got, "CN=Заявитель (тест)") || !strings.Contains(got, "23.11.2027") {
		t.Errorf("certificate list %q", got)
	}
	tb.labelled("application with the plug-in")

	// The page's scripts: the plug-in's and app.js, each with the nonce of
	// the policy.
	type script struct {
		Src   string `json:"src"`
		Nonce string `json:"nonce"`
	}
	scripts := eval[[]script](tb, `Array.from(document.scripts).map(function (s) { return {src: s.src, nonce: s.nonce}; })`)
	href := eval[string](tb, "location.href")
	tb.mu.Lock()
	csp := directives(tb.csp[href])
	tb.mu.Unlock()
	if len(scripts) != 2 || scripts[0].Src != st.URL || !strings.HasSuffix(scripts[1].Src, "/static/app.js") ||
		len(csp["script-src"]) != 2 || scripts[0].Nonce == "" || "'nonce-"+scripts[0].Nonce+"'" != csp["script-src"][0] || scripts[1].Nonce != scripts[0].Nonce {
		t.Errorf("scripts %+v under script-src %q", scripts, csp["script-src"])
	}

	xml := tb.download("download-xml")
	head := d.set.HeadUL

	// The plug-in refuses (the PIN prompt cancelled): the page says why,
	// stays, and lets the person try again.
	st.refuse("Операция отменена пользователем")
	tb.do("sign", chromedp.Click(chromedp.ID("plugin-sign-button")))
	status := waitFor(tb, "the refusal", `document.getElementById('plugin-status').textContent.indexOf('не удалось') >= 0`)
	if got := tb.text("plugin-status"); !status || !strings.Contains(got, "Операция отменена пользователем") || !strings.Contains(got, "способ 2") {
		t.Errorf("status after a refusal %q", got)
	}
	if eval[bool](tb, `document.getElementById('plugin-sign-button').disabled`) || tb.text("app-state") != "сохранена" {
		t.Error("after a refusal the button stays disabled or the state changed")
	}

	// A signature over other bytes: the verification's error.
	st.sign(signAs(t, head, []byte("<other/>")))
	tb.click("plugin-sign-button")
	st.checkSigning(t, xml)
	if msg := tb.text("signature-message"); !cyrillic.MatchString(msg) {
		t.Errorf("verification error %q", msg)
	}
	if got := tb.text("app-state"); got != "сохранена" {
		t.Errorf("state after a wrong signature %q", got)
	}
	var failed bool
	for _, c := range tb.checklist() {
		failed = failed || (strings.Contains(c.Class, " fail") && c.Icon == "✗")
	}
	if !failed {
		t.Errorf("no failed check of the signature: %+v", tb.checklist())
	}
	tb.labelled("signature refused")

	// The applicant's signature over the exact XML.
	tb.click("back-application")
	tb.do("the plug-in lists the certificate", chromedp.WaitVisible(chromedp.ID("plugin-controls")))
	st.sign(signAs(t, head, xml))
	tb.click("plugin-sign-button")
	st.checkSigning(t, xml)
	if got := tb.text("app-state"); got != "на рассмотрении" {
		t.Fatalf("state after signing in the browser %q", got)
	}
	if got, want := tb.text("deadline"), expectedDeadline(t); got != want {
		t.Errorf("deadline %q, want %q", got, want)
	}
	st.mu.Lock()
	loads := st.served["/cadesplugin_api.js"]
	st.mu.Unlock()
	if loads < 3 {
		t.Errorf("the plug-in's script was loaded %d times", loads)
	}
	tb.quiet("plug-in flow")
	tb.strictCSP(st.URL)

	// The policy is exact: another script of the plug-in's host, or an
	// inline one, is refused, and the console says so.
	other := strings.TrimSuffix(st.URL, "cadesplugin_api.js") + "other.js"
	tb.do("inject scripts", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(function () {
  var s = document.createElement('script'); s.src = %q; document.body.appendChild(s);
  var i = document.createElement('script'); i.textContent = 'window.inlineRan = true'; document.body.appendChild(i);
})()`, other)))
	var refused []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && len(refused) < 2; time.Sleep(50 * time.Millisecond) {
		for _, c := range tb.complaints() {
			if strings.Contains(c, "Content Security Policy") {
				refused = append(refused, c)
			}
		}
	}
	if len(refused) < 2 || !strings.Contains(strings.Join(refused, "\n"), "other.js") {
		t.Errorf("the injected scripts were not reported as refused: %q", refused)
	}
	if eval[bool](tb, "window.inlineRan === true") {
		t.Error("an inline script ran")
	}
	st.mu.Lock()
	if st.served["/other.js"] != 0 {
		t.Error("another script of the plug-in's host was loaded")
	}
	st.mu.Unlock()
}

// waitFor polls the script condition until it holds (true) or
// queryTimeout passes (false).
func waitFor(tb *tab, what, cond string) bool {
	tb.t.Helper()
	for deadline := time.Now().Add(queryTimeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if eval[bool](tb, cond) {
			return true
		}
	}
	tb.t.Errorf("%s: %s never held", what, cond)
	return false
}
