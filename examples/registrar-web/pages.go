package main

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/store"
)

// pageNames are the templates of the pages (templates/<name>.html, each
// with templates/base.html).
var pageNames = []string{"home", "login", "denied", "upload", "report", "application", "signature", "error"}

type pageTemplates struct{ t map[string]*template.Template }

var pageFuncs = template.FuncMap{
	"icon": func(s check.Status) string {
		switch s {
		case check.Pass:
			return "✓"
		case check.Fail:
			return "✗"
		case check.Indeterminate:
			return "?"
		case check.Warn:
			return "!"
		}
		return "–"
	},
	"statusRU": func(s check.Status) string { return s.Russian() },
	"missing":  func(r check.Result) []string { return application.Missing(check.Results{r}) },
	"date":     msk.Date,
	"datetime": msk.DateTime,
	"signing":  newSigning,
}

// signing is what the shared signing section (template "signing") of an
// application or an access request shows.
type signing struct {
	Path       string // the document's page, "/applications/ID"
	Tab        string // "print" or "xml"
	XML        string // the XML to sign, for the XML tab
	XMLBase    string // its base64, for the plug-in
	PluginURL  string
	CSRF       string
	FrameTitle string // the print form frame's title
	Signer     string // whose certificate signs, in the genitive
}

func newSigning(path, tab, xml, xmlBase, pluginURL, csrf, frameTitle, signer string) signing {
	return signing{path, tab, xml, xmlBase, pluginURL, csrf, frameTitle, signer}
}

func parsePages() (*pageTemplates, error) {
	pt := &pageTemplates{t: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(pageFuncs).ParseFS(assets, "templates/base.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		pt.t[name] = t
	}
	return pt, nil
}

// pageData is what every page gets.
type pageData struct {
	Session   *session
	Nonce     string
	PluginURL string
	Demo      bool
	Data      any
}

// render writes a page with its Content-Security-Policy: scripts only
// with the page's nonce (and the plug-in's address when configured),
// styles from this server, frames of this server.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	d := pageData{Session: s.session(r), Nonce: token(18), PluginURL: s.PluginURL, Demo: s.Demo, Data: data}
	var b bytes.Buffer
	if err := s.pages.t[page].ExecuteTemplate(&b, "base", d); err != nil {
		s.Log.Printf("template %s: %v", page, err)
		http.Error(w, "Внутренняя ошибка сервера", http.StatusInternalServerError)
		return
	}
	scripts := "'nonce-" + d.Nonce + "'"
	if s.PluginURL != "" {
		scripts += " " + s.PluginURL
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src "+scripts+"; style-src 'self'; img-src 'self'; "+
		"frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail renders the error page.
func (s *server) fail(w http.ResponseWriter, r *http.Request, e *apiError) {
	s.render(w, r, e.Status, "error", e)
}

// signedIn returns the session, or sends the person to sign in.
func (s *server) signedIn(w http.ResponseWriter, r *http.Request) *session {
	sess := s.session(r)
	if sess == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	}
	return sess
}

// postForm reads a URL-encoded form (bounded) and checks its CSRF token.
func (s *server) postForm(w http.ResponseWriter, r *http.Request) (*session, bool) {
	sess := s.session(r)
	if sess == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.Limits.Text*4)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, bodyError(err, "Форма повреждена"))
		return nil, false
	}
	if !validCSRF(sess, r.PostForm.Get("csrf")) {
		s.fail(w, r, errCSRF)
		return nil, false
	}
	return sess, true
}

var errCSRF = &apiError{http.StatusForbidden, "csrf", "Форма устарела или отправлена с другого сайта: обновите страницу и повторите"}

// variantChoice is one variant of step 2.1, worded as the instruction
// words it.
type variantChoice struct {
	Code, Title, Text string
}

var variantChoices = []variantChoice{
	{"head", "Руководитель организации / индивидуальный предприниматель",
		"Для руководителя организации / индивидуального предпринимателя: загрузка сертификата ключа проверки ЭП юридического лица или индивидуального предпринимателя."},
	{"representative", "Уполномоченное лицо организации по МЧД",
		"Для лица организации, уполномоченного на подачу заявок на предоставление (отзыв) доступа к подсистемам (компонентам) ЕГИСЗ: загрузка МЧД, подписанной УКЭП руководителя организации, и сертификата ключа проверки ЭП физического лица."},
	{"managing", "Руководитель управляющей организации",
		"Для руководителя организации, от лица которой действовать без доверенности имеет право управляющая организация (согласно ЕГРЮЛ): загрузка МЧД, подписанной УКЭП руководителя управляющей организации, и сертификата ключа проверки ЭП юридического лица."},
}

// pageHome: GET /.
func (s *server) pageHome(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Variants": variantChoices}
	if sess := s.session(r); sess != nil {
		list, err := s.Store.List(r.Context(), sess.Account.ID)
		if err != nil {
			s.fail(w, r, storeError(err))
			return
		}
		data["Applications"] = list
	}
	s.render(w, r, http.StatusOK, "home", data)
}

// pageLogin: GET /login starts the sign-in.
func (s *server) pageLogin(w http.ResponseWriter, r *http.Request) {
	state := token(24)
	// Lax: the state must come back on ЕСИА's redirect to the callback.
	setCookie(w, r, stateCookie, state, 600, http.SameSiteLaxMode)
	s.ESIA.Begin(w, r, state)
}

// seedAccount is the instruction's requirement of step 1.
const seedAccount = "Для предоставления доступа в Систему через ЕСИА у пользователя должна быть подтверждённая учётная запись на ЕПГУ (https://www.gosuslugi.ru/)."

// pageLoginCallback: GET|POST /login/callback completes the sign-in; an
// account that is not confirmed is stopped here.
func (s *server) pageLoginCallback(w http.ResponseWriter, r *http.Request) {
	acc, state, err := s.ESIA.Finish(r.Context(), r)
	c, cerr := r.Cookie(stateCookie)
	setCookie(w, r, stateCookie, "", -1, http.SameSiteLaxMode)
	switch {
	case cerr != nil || state == "" || c.Value != state:
		s.fail(w, r, &apiError{http.StatusForbidden, "login_state", "Вход не завершён: начните вход заново"})
		return
	case err != nil:
		s.fail(w, r, &apiError{http.StatusBadRequest, "login_failed", "Вход через ЕСИА не выполнен: выберите учётную запись и повторите"})
		return
	}
	if res, ok := application.CheckApplicant(acc.Applicant).Find("APP-ESIA-CONFIRMED"); ok && res.Status != check.Pass {
		s.render(w, r, http.StatusForbidden, "denied", map[string]any{"Result": res, "Seed": seedAccount, "Account": acc})
		return
	}
	id, _ := s.sessions.create(acc)
	setCookie(w, r, sessionCookie, id, int(sessionTTL.Seconds()), http.SameSiteStrictMode)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// pageLogout: POST /logout.
func (s *server) pageLogout(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.postForm(w, r); !ok {
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.drop(c.Value)
	}
	setCookie(w, r, sessionCookie, "", -1, http.SameSiteStrictMode)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// uploadView is the upload form of a variant.
type uploadView struct {
	Variant variantChoice
	MCHD    bool
	// CertTitle names the certificate the variant needs.
	CertTitle string
}

func uploadViewOf(v application.Variant) uploadView {
	u := uploadView{MCHD: v.NeedsMCHD()}
	for _, c := range variantChoices {
		if c.Code == v.Code() {
			u.Variant = c
		}
	}
	for _, d := range v.Documents() {
		if d != application.DocMCHD && d != application.DocMCHDSignature {
			u.CertTitle = d.Russian()
		}
	}
	return u
}

// pageUploadForm: GET /upload?variant=… (step 2.2).
func (s *server) pageUploadForm(w http.ResponseWriter, r *http.Request) {
	if s.signedIn(w, r) == nil {
		return
	}
	v, err := application.ParseVariant(r.URL.Query().Get("variant"))
	if err != nil {
		s.fail(w, r, &apiError{http.StatusBadRequest, "bad_variant", "Выберите вариант загрузки документов"})
		return
	}
	s.render(w, r, http.StatusOK, "upload", uploadViewOf(v))
}

// pageUpload: POST /upload checks the documents and, when they are
// accepted, makes the draft application.
func (s *server) pageUpload(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	f, e := s.readForm(w, r, map[string]int{"csrf": fieldText, "variant": fieldText, "certificate": fieldFile, "mchd": fieldFile, "mchd_signature": fieldFile})
	if e != nil {
		s.fail(w, r, e)
		return
	}
	if !validCSRF(sess, f.text("csrf")) {
		s.fail(w, r, errCSRF)
		return
	}
	u, _, e := upload(f)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	rec, rep, err := s.create(r.Context(), sess.Account.ID, u, sess.Account.Applicant, application.Fields{})
	switch {
	case rec == nil && err == nil:
		s.render(w, r, http.StatusUnprocessableEntity, "report", map[string]any{"Report": rep, "Upload": uploadViewOf(u.Variant),
			"Missing": application.Missing(rep.Checks)})
	case err != nil:
		s.fail(w, r, stateError(err))
	default:
		http.Redirect(w, r, "/applications/"+rec.ID(), http.StatusSeeOther)
	}
}

// appPage is the application page.
type appPage struct {
	Rec      *store.Record
	App      *application.Application
	Regions  []application.Region
	Editable bool
	Saved    bool
	Tab      string
	XML      string
	XMLBase  string
	Deadline deadline
	Problems check.Results
	Message  string
	Verify   *signResult
}

func (s *server) appPage(rec *store.Record, tab string) *appPage {
	a := rec.Application
	p := &appPage{Rec: rec, App: a, Regions: application.Regions(), Tab: tab,
		Editable: application.CanTransition(a.Lifecycle.State, application.StateDraft),
		Saved:    a.Lifecycle.State == application.StateSaved, Deadline: s.deadlineOf(a)}
	if p.Tab != "xml" {
		p.Tab = "print"
	}
	if x, err := a.ExportForSigning(); err == nil {
		p.XML, p.XMLBase = string(x), base64.StdEncoding.EncodeToString(x)
	}
	return p
}

// pageApplication: GET /applications/{id}.
func (s *server) pageApplication(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	s.render(w, r, http.StatusOK, "application", s.appPage(rec, r.URL.Query().Get("tab")))
}

// pageEdit: POST /applications/{id} saves the draft (action=draft) or
// the application (action=save).
func (s *server) pageEdit(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	f := application.Fields{RegionCode: r.PostForm.Get("region"), Position: r.PostForm.Get("position"),
		Email: r.PostForm.Get("email"), Phone: r.PostForm.Get("phone")}
	rs, e := s.edit(r.Context(), rec, f, r.PostForm.Get("action") == "save")
	if e != nil {
		if e.Code != "invalid_fields" {
			s.fail(w, r, e)
			return
		}
		// Show the form again with what was typed and what is wrong.
		rec.Application.Fields = f
		p := s.appPage(rec, "")
		p.Problems, p.Message = rs.With(check.Fail), e.Message
		s.render(w, r, http.StatusUnprocessableEntity, "application", p)
		return
	}
	http.Redirect(w, r, "/applications/"+rec.ID(), http.StatusSeeOther)
}

// pageDelete: POST /applications/{id}/delete deletes the draft and its
// files; the person starts again.
func (s *server) pageDelete(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.postForm(w, r)
	if !ok {
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e == nil {
		e = s.remove(r.Context(), rec)
	}
	if e != nil {
		s.fail(w, r, e)
		return
	}
	http.Redirect(w, r, "/?deleted=1", http.StatusSeeOther)
}

// pageXML: GET /applications/{id}/xml downloads the XML to sign.
func (s *server) pageXML(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	s.writeXML(w, rec)
}

// pagePrint: GET /applications/{id}/print, the library's print form (shown
// in a frame of the application page).
func (s *server) pagePrint(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	s.writePrint(w, rec)
}

// pageSignature: POST /applications/{id}/signature takes the detached
// signature, as a file (way 2) or as base64 from the plug-in (way 1), and
// verifies it for the signed-in person.
func (s *server) pageSignature(w http.ResponseWriter, r *http.Request) {
	sess := s.signedIn(w, r)
	if sess == nil {
		return
	}
	sig, e := s.formSignature(w, r, sess)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	rec, e := s.load(r.Context(), r.PathValue("id"), sess.Account.ID)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	res, e := s.sign(r.Context(), rec, sig, sess.Account.Applicant)
	if e != nil {
		s.fail(w, r, e)
		return
	}
	if res.State == application.StateSubmitted {
		http.Redirect(w, r, "/applications/"+url.PathEscape(rec.ID())+"?signed=1", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "signature", map[string]any{"Rec": rec, "Result": res})
}

// formSignature reads the signature form of a page (CSRF token checked): a
// signature file (way 2) or the plug-in's base64 (way 1).
func (s *server) formSignature(w http.ResponseWriter, r *http.Request, sess *session) ([]byte, *apiError) {
	f, e := s.readForm(w, r, map[string]int{"csrf": fieldText, "signature": fieldFile, "signature_base64": fieldFile})
	if e != nil {
		return nil, e
	}
	if !validCSRF(sess, f.text("csrf")) {
		return nil, errCSRF
	}
	sig := f.values["signature"]
	if len(sig) == 0 {
		sig = []byte(strings.TrimSpace(string(f.values["signature_base64"])))
	}
	if len(sig) == 0 {
		return nil, &apiError{http.StatusBadRequest, "missing_signature", "Не выбран файл подписи"}
	}
	return sig, nil
}
