package main

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/store"
)

//go:embed templates/*.html static/app.js static/style.css openapi.json
var assets embed.FS

// limits bound what one request may carry.
type limits struct {
	// File is the largest file (certificate, МЧД, signature, applicant
	// JSON) in bytes.
	File int64
	// Request is the largest request body in bytes.
	Request int64
	// Parts is the most parts a multipart form may have.
	Parts int
	// Text is the largest text field in bytes.
	Text int64
}

// defaultLimits are the limits of the server: a qualified certificate is
// a few kilobytes, an МЧД tens of kilobytes.
var defaultLimits = limits{File: 1 << 20, Request: 4 << 20, Parts: 16, Text: 4 << 10}

// options configure a server.
type options struct {
	// Checker checks uploads and verifies signatures: every decision.
	Checker *application.Checker
	// Store keeps the applications.
	Store store.Store
	// Access keeps the access requests and the register of grants; zero:
	// those of Store's database (see accessFor).
	Access accessBackend
	// Now is the server's clock (applications' lifecycle, sessions).
	Now func() time.Time
	// Calendar counts the review deadline.
	Calendar application.Calendar
	// ESIA signs people in.
	ESIA ESIA
	// PluginURL is the address of the CryptoPro browser plug-in script
	// (cadesplugin_api.js); empty: signing in the browser is not offered.
	PluginURL string
	// Limits bound requests; zero fields take defaultLimits.
	Limits limits
	// Log receives one line per request (never the uploads).
	Log *log.Logger
	// Demo shows the demo notes on the pages.
	Demo bool
}

// server is the web wrapper: it moves data between HTTP and the library.
type server struct {
	options
	sessions *sessions
	pages    *pageTemplates
	mux      *http.ServeMux
	routes   []route
}

// route is one pattern of the mux.
type route struct {
	Method, Path string
	handler      http.HandlerFunc
}

func newServer(o options) (*server, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Calendar == nil {
		o.Calendar = application.RussianCalendar()
	}
	if o.Limits.File == 0 {
		o.Limits.File = defaultLimits.File
	}
	if o.Limits.Request == 0 {
		o.Limits.Request = defaultLimits.Request
	}
	if o.Limits.Parts == 0 {
		o.Limits.Parts = defaultLimits.Parts
	}
	if o.Limits.Text == 0 {
		o.Limits.Text = defaultLimits.Text
	}
	if o.Log == nil {
		o.Log = log.New(discard{}, "", 0)
	}
	if o.Access.Requests == nil || o.Access.Register == nil {
		o.Access = accessFor(o.Store, o.Now)
	}
	pt, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &server{options: o, sessions: newSessions(o.Now), pages: pt, mux: http.NewServeMux()}
	if d, ok := o.ESIA.(*demoESIA); ok && d.render == nil {
		d.render = s.render
	}
	s.routes = []route{
		// Pages.
		{"GET", "/{$}", s.pageHome},
		{"GET", "/login", s.pageLogin},
		{"GET", "/login/callback", s.pageLoginCallback},
		{"POST", "/login/callback", s.pageLoginCallback},
		{"POST", "/logout", s.pageLogout},
		{"GET", "/upload", s.pageUploadForm},
		{"POST", "/upload", s.pageUpload},
		{"GET", "/applications/{id}", s.pageApplication},
		{"POST", "/applications/{id}", s.pageEdit},
		{"POST", "/applications/{id}/delete", s.pageDelete},
		{"GET", "/applications/{id}/xml", s.pageXML},
		{"GET", "/applications/{id}/print", s.pagePrint},
		{"POST", "/applications/{id}/signature", s.pageSignature},
		{"GET", "/static/app.js", s.static("static/app.js", "text/javascript; charset=utf-8")},
		{"GET", "/static/style.css", s.static("static/style.css", "text/css; charset=utf-8")},
		{"GET", "/favicon.ico", noIcon},
		// API.
		{"GET", "/api/v1/openapi.json", s.static("openapi.json", "application/json")},
		{"POST", "/api/v1/check", s.apiCheck},
		{"POST", "/api/v1/applications", s.apiCreate},
		{"GET", "/api/v1/applications/{id}", s.apiGet},
		{"PUT", "/api/v1/applications/{id}", s.apiPut},
		{"DELETE", "/api/v1/applications/{id}", s.apiDelete},
		{"GET", "/api/v1/applications/{id}/xml", s.apiXML},
		{"GET", "/api/v1/applications/{id}/print", s.apiPrint},
		{"POST", "/api/v1/applications/{id}/signature", s.apiSignature},
		{"GET", "/api/v1/applications/{id}/deadline", s.apiDeadline},
	}
	s.routes = append(s.routes, s.accessRoutes()...)
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.Method+" "+rt.Path, rt.handler)
	}
	return s, nil
}

// ServeHTTP sets the security headers and passes the request on.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(sw, r)
	// The method, the path (IDs only: no user data) and the status; never
	// a body.
	s.Log.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, time.Since(start).Round(time.Millisecond))
}

// static serves an embedded file.
func (s *server) static(name, contentType string) http.HandlerFunc {
	data, err := assets.ReadFile(name)
	if err != nil {
		panic(err) // the embedded names are constants
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(data)
	}
}

// noIcon answers the browsers' request for /favicon.ico with no content,
// so that no page logs a failed request in the console.
func noIcon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "max-age=86400")
	w.WriteHeader(http.StatusNoContent)
}

// httpServer returns the http.Server of handler with the timeouts that
// keep a slow or silent client from holding a connection.
func httpServer(addr string, handler http.Handler, errLog *log.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          errLog,
		BaseContext:       func(net.Listener) context.Context { return context.Background() },
	}
}

// token returns n random bytes, base64url-encoded.
func token(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
