// Command registrar-web is the web wrapper of the registrar library: the
// pages of the personal cabinet of ЕГИСЗ where an organisation uploads its
// documents for the «Регистратор» power, fills in and signs the
// application, and a versioned JSON API (/api/v1, described at
// /api/v1/openapi.json) for programs. It is thin: every check, verdict,
// application, signature verification and deadline is the library's; the
// server only moves data between HTTP and the library.
//
// Usage:
//
//	registrar-web --demo                     # synthetic PKI, fixtures and accounts on 127.0.0.1:8080
//	registrar-web --trust FILE --crl FILE … [--registry-file FILE | --registry-url URL] [--egrul-file FILE]
//	              [--allow-unchecked LIST] [--at RFC3339] [--addr HOST:PORT] [--db FILE] [--plugin-url URL]
//
// The trust flags are those of the command-line program (examples/registrar).
// See the README, section "Web server".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/examples/internal/config"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}

// flags are the command line of the server.
type flags struct {
	trust     config.Trust
	src       config.Sources
	at        string
	addr      string
	db        string
	demo      bool
	pluginURL string
	quiet     bool
}

func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	fs := flag.NewFlagSet("registrar-web", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &flags{}
	f.trust.Name, f.trust.Stderr = "web", stderr
	f.trust.Register(fs)
	f.src.Register(fs)
	fs.StringVar(&f.at, "at", "", "validation time, `RFC3339` (default now); the server's clock then runs from it")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.StringVar(&f.db, "db", "registrar-web.db", "application database `FILE` (SQLite, created on first start; "+memoryDB+" keeps applications in memory only)")
	fs.BoolVar(&f.demo, "demo", false, "run on the built-in synthetic PKI, documents and ЕСИА accounts (the trust flags are then not used)")
	fs.StringVar(&f.pluginURL, "plugin-url", "", "`URL` of the CryptoPro browser plug-in script (cadesplugin_api.js) for signing in the browser; "+
		"never bundled; without it only the upload of a signature file is offered")
	fs.BoolVar(&f.quiet, "quiet", false, "do not log requests")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if f.pluginURL != "" {
		u, err := url.Parse(f.pluginURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("--plugin-url %q: want an http(s) address without query", f.pluginURL)
		}
	}
	return f, nil
}

// run starts the server and serves until ctx ends. It prints the address
// to stdout and, when ready is not nil, sends it there.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready chan<- string) int {
	f, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "registrar-web: %v\n", err)
		return 2
	}
	opts, err := configure(f, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "registrar-web: %v\n", err)
		return 2
	}
	if !f.quiet {
		opts.Log = log.New(stderr, "registrar-web: ", log.LstdFlags)
	}
	s, err := newServer(opts)
	if err != nil {
		fmt.Fprintf(stderr, "registrar-web: %v\n", err)
		return 1
	}
	defer s.Store.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(stderr, "registrar-web: %v\n", err)
		return 1
	}
	hs := httpServer(f.addr, s, log.New(stderr, "registrar-web: http: ", log.LstdFlags))
	addr := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "registrar-web: %s\n", addr)
	if f.demo {
		fmt.Fprintf(stdout, "Демонстрация на синтетических данных, время проверки %s. Откройте %s в браузере.\n", fixtures.At.Format(time.RFC3339), addr)
	}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	if ready != nil {
		ready <- addr
	}
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "registrar-web: %v\n", err)
		return 1
	}
	return 0
}

// configure builds the server's options from the flags: the demo's
// synthetic world, or the trust and sources of the flags.
func configure(f *flags, stderr io.Writer) (options, error) {
	var opts options
	var check application.CheckOptions
	now := time.Now
	if f.demo {
		d, err := demoWorld()
		if err != nil {
			return opts, err
		}
		check, opts.ESIA, opts.Demo = d.check, d.esia, true
		now = clockFrom(fixtures.At)
	} else {
		at, fixed, err := config.ParseAt(f.at)
		if err != nil {
			return opts, err
		}
		tr, err := f.trust.Read()
		if err != nil {
			return opts, err
		}
		check.Trust, _ = tr.Prepare()
		if err := f.src.Options(&check); err != nil {
			return opts, err
		}
		if fixed {
			check.At, now = at, clockFrom(at)
		}
		opts.ESIA = noESIA{}
	}
	st, err := openStore(f.db, now)
	if err != nil {
		return opts, err
	}
	opts.Checker, opts.Store, opts.Now, opts.PluginURL = application.NewChecker(check), st, now, f.pluginURL
	return opts, nil
}

// clockFrom is a clock that starts at t and runs.
func clockFrom(t time.Time) func() time.Time {
	start := time.Now()
	return func() time.Time { return t.Add(time.Since(start)) }
}

// memoryDB is the --db value that keeps applications in memory.
const memoryDB = ":memory:"

// openStore opens the application store: the SQLite database at dbPath
// (created, or migrated, on first start), or a memory store for memoryDB.
func openStore(dbPath string, now func() time.Time) (store.Store, error) {
	if dbPath == memoryDB {
		return store.NewMemory(now), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := sqlite.Open(ctx, dbPath, now)
	if err != nil {
		return nil, fmt.Errorf("--db: %w", err)
	}
	return st, nil
}

// demo is the synthetic world of --demo.
type demo struct {
	check application.CheckOptions
	esia  *demoESIA
	set   *fixtures.Set
}

// demoWorld generates the fixture set (as the CLI's demo does) and makes
// the check options and the ЕСИА accounts of it.
func demoWorld() (*demo, error) {
	set, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		return nil, fmt.Errorf("generating the fixtures: %w", err)
	}
	tr, err := set.Trust()
	if err != nil {
		return nil, err
	}
	tr, _ = tr.Prepare()
	files := set.Files()
	registry, err := mchd.ParseStatusFile(files["mchd/registry.json"])
	if err != nil {
		return nil, err
	}
	egrul, err := application.ParseEGRULFile(files["egrul/records.json"])
	if err != nil {
		return nil, err
	}
	d := &demo{check: application.CheckOptions{At: fixtures.At, Trust: tr, Certificate: set.CertificateOptions(), Registry: registry, EGRUL: egrul},
		esia: &demoESIA{}, set: set}
	for _, a := range []struct{ key, file, label, level string }{
		{"employee", "employee", "сотрудник организации (по МЧД)", ""},
		{"head", "head", "руководитель организации", ""},
		{"ip", "ip", "индивидуальный предприниматель", ""},
		{"managing-head", "managing-head", "руководитель управляющей организации", ""},
		{"employee-standard", "employee-standard", "сотрудник организации", ""},
		{"employee-simplified", "employee", "сотрудник организации", "simplified"},
	} {
		ap, err := config.DecodeApplicant(files["applicant/"+a.file+".json"])
		if err != nil {
			return nil, fmt.Errorf("applicant/%s.json: %w", a.file, err)
		}
		if a.level != "" {
			if ap.Level, err = application.ParseAccountLevel(a.level); err != nil {
				return nil, err
			}
		}
		d.esia.accounts = append(d.esia.accounts, demoAccount{Key: a.key, Label: a.label,
			Account: Account{ID: "esia-demo-" + a.key, Applicant: *ap}})
	}
	d.esia.accounts = append(d.esia.accounts, demoOperatorAccount())
	return d, nil
}

// noESIA is the sign-in of a server without an ЕСИА integration: the pages
// say so; the API works.
type noESIA struct{}

// Begin explains that sign-in is not configured.
func (noESIA) Begin(w http.ResponseWriter, r *http.Request, state string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotImplemented)
	io.WriteString(w, "Вход через ЕСИА на этом сервере не настроен (запустите с --demo или подключите реализацию ESIA).\n")
}

// Finish always fails.
func (noESIA) Finish(ctx context.Context, r *http.Request) (Account, string, error) {
	return Account{}, "", errNoAccount
}
