package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

// fx is the committed fixture set, relative to this package.
const fx = "../../testdata/fixtures"

// fxAt is the validation time of the fixtures (manifest validate_at).
const fxAt = "2026-11-23T12:00:00+03:00"

var (
	// bin is the program built once by TestMain.
	bin string
	// headCAOGRN and headIssuer come from the fixtures' manifest.json.
	headCAOGRN string
	headIssuer string
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	if err := readManifest(); err != nil {
		fmt.Fprintln(os.Stderr, "registrar tests:", err)
		return 1
	}
	if err := readRules(); err != nil {
		fmt.Fprintln(os.Stderr, "registrar tests: rules --json:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "registrar-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "registrar tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "registrar tests: the go command is needed to build the program:", err)
		return 1
	}
	bin = filepath.Join(dir, "registrar")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "registrar tests: go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// ruleIDs are the IDs 'registrar rules --json' lists; every check of every
// JSON output the tests read must be one of them.
var ruleIDs map[string]bool

func readRules() error {
	var out, errb bytes.Buffer
	if code := run([]string{"rules", "--json"}, &out, &errb); code != exitOK {
		return fmt.Errorf("exit %d: %s", code, errb.String())
	}
	var rules []map[string]any
	if err := json.Unmarshal(out.Bytes(), &rules); err != nil {
		return err
	}
	ruleIDs = map[string]bool{}
	for _, r := range rules {
		for _, k := range []string{"id", "severity", "citation", "message", "title"} {
			if s, _ := r[k].(string); s == "" {
				return fmt.Errorf("rule %v has no %s", r["id"], k)
			}
		}
		ruleIDs[r["id"].(string)] = true
	}
	if len(ruleIDs) < 90 {
		return fmt.Errorf("only %d rules", len(ruleIDs))
	}
	return nil
}

// rewrittenID matches the IDs made before scopes (SIGNER1-…, SIG-SIGNER1-…).
var rewrittenID = regexp.MustCompile(`SIGNER\d|^(SIG-SIG|MCHD-MCHD|APP-APP)-`)

// readManifest takes the head-CA pin and the accepted head issuer of the
// fixtures from manifest.json.
func readManifest() error {
	data, err := os.ReadFile(filepath.Join(fx, "manifest.json"))
	if err != nil {
		return err
	}
	var m struct {
		HeadCAOGRN  string `json:"head_ca_ogrn"`
		HeadIssuers string `json:"head_issuers"`
		ValidateAt  string `json:"validate_at"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	match := regexp.MustCompile(`ОГРН (\d{13}), ИНН ЮЛ (\d{10})`).FindStringSubmatch(m.HeadIssuers)
	if match == nil || m.HeadCAOGRN == "" {
		return fmt.Errorf("manifest.json: head_ca_ogrn %q, head_issuers %q", m.HeadCAOGRN, m.HeadIssuers)
	}
	if m.ValidateAt != fxAt {
		return fmt.Errorf("manifest.json: validate_at %s, the tests use %s", m.ValidateAt, fxAt)
	}
	headCAOGRN, headIssuer = m.HeadCAOGRN, match[1]+":"+match[2]
	return nil
}

// f returns the path of a fixture file.
func f(rel string) string { return filepath.Join(fx, filepath.FromSlash(rel)) }

// trustArgs are the trust flags for the fixtures: the trusted list pinned to
// the synthetic head CA and to its signer, the three CRLs, the validation time and the
// ФНС-like CA accepted for heads.
func trustArgs() []string {
	return []string{"--trust", f("pki/trusted-list.xml"), "--tsl-head-ogrn", headCAOGRN, "--tsl-signer", f("pki/trusted-list-signer.pem"),
		"--crl", f("pki/root.crl"), "--crl", f("pki/ca-fns.crl"), "--crl", f("pki/ca-commercial.crl"),
		"--at", fxAt}
}

func checkTrustArgs() []string { return append(trustArgs(), "--head-issuer", headIssuer) }

// verdictWords are the JSON verdicts for each exit code: of check and
// application build ("accepted") and of verify and application verify
// ("valid").
var verdictWords = map[string]map[int]string{
	"accepted": {exitOK: "accepted", exitRejected: "rejected", exitIndeterminate: "indeterminate"},
	"valid":    {exitOK: "valid", exitRejected: "invalid", exitIndeterminate: "indeterminate"},
}

// runVerdict runs a command that gives a verdict with args (--json added
// unless a usage error is expected) and checks its exit code; for a usage
// error it checks that stderr contains wantErr and stdout is empty and
// returns nil, otherwise it returns the decoded JSON after checking that its
// verdict matches the exit code (words: "accepted" or "valid").
func runVerdict(t *testing.T, words string, wantCode int, wantErr string, args ...string) map[string]any {
	t.Helper()
	if wantCode != exitUsage && !slices.Contains(args, "--json") {
		args = append(slices.Clone(args), "--json")
	}
	r := runBin(t, nil, args...)
	if r.code != wantCode {
		t.Fatalf("want exit %d\n%s", wantCode, r)
	}
	if wantCode == exitUsage {
		if !strings.Contains(r.stderr, wantErr) {
			t.Errorf("stderr lacks %q\n%s", wantErr, r)
		}
		if r.stdout != "" {
			t.Errorf("stdout not empty on a usage error\n%s", r)
		}
		return nil
	}
	m := decode(t, r)
	if want := verdictWords[words][wantCode]; m["verdict"] != want {
		t.Errorf("verdict %v, want %s", m["verdict"], want)
	}
	return m
}

// result is one run of the program.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// runBin runs the built program with env added to the environment.
func runBin(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// runIn runs the program in-process.
func runIn(args ...string) result {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// decode parses JSON output into a generic map.
func decode(t *testing.T, r result) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, r)
	}
	return m
}

// checksOf returns the checks array of a JSON result, checking the shape
// of every entry: id, status (pass/warn/fail/skip), message, citation and
// an optional string detail.
func checksOf(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	raw, ok := m["checks"].([]any)
	if !ok || len(raw) == 0 {
		t.Fatalf("checks missing or empty: %v", m["checks"])
	}
	var out []map[string]any
	for i, x := range raw {
		c, ok := x.(map[string]any)
		if !ok {
			t.Fatalf("checks[%d] is %T", i, x)
		}
		for _, k := range []string{"id", "status", "message", "citation"} {
			if s, ok := c[k].(string); !ok || s == "" {
				t.Errorf("checks[%d].%s = %v, want a non-empty string", i, k, c[k])
			}
		}
		if id, _ := c["id"].(string); !ruleIDs[id] || rewrittenID.MatchString(id) {
			t.Errorf("checks[%d].id = %q is not a rule of 'registrar rules'", i, id)
		}
		waived := c["waived"] == true
		if w, ok := c["waiver"]; ok {
			if name, _ := w.(string); !check.Waiver(name).Valid() || (c["status"] != "indeterminate" && !waived) {
				t.Errorf("checks[%d].waiver = %v on a %v check", i, w, c["status"])
			}
		}
		if _, ok := c["waived"]; ok && (!waived || c["status"] != "warn") {
			t.Errorf("checks[%d].waived = %v on a %v check", i, c["waived"], c["status"])
		}
		switch c["status"] {
		case "pass", "warn", "fail", "skip":
			if _, ok := c["subindication"]; ok && !waived {
				t.Errorf("checks[%d] is %v with a sub-indication", i, c["status"])
			}
		case "indeterminate":
			if s, ok := c["subindication"].(string); !ok || s == "" {
				t.Errorf("checks[%d] is indeterminate without a sub-indication", i)
			}
		default:
			t.Errorf("checks[%d].status = %v", i, c["status"])
		}
		if sc, ok := c["scope"]; ok {
			m, isObject := sc.(map[string]any)
			if !isObject || len(m) == 0 {
				t.Errorf("checks[%d].scope = %v, want a non-empty object", i, sc)
			}
			for k := range m {
				switch k {
				case "document", "signer", "timestamp":
				default:
					t.Errorf("checks[%d].scope has unexpected field %q", i, k)
				}
			}
		}
		if d, ok := c["detail"]; ok {
			if _, isString := d.(string); !isString {
				t.Errorf("checks[%d].detail is %T", i, d)
			}
		}
		for k := range c {
			switch k {
			case "id", "status", "subindication", "outcome", "message", "detail", "citation", "scope", "waiver", "waived":
			default:
				t.Errorf("checks[%d] has unexpected field %q", i, k)
			}
		}
		out = append(out, c)
	}
	return out
}

// statusOf returns the status of the check with the given ID ("" if absent).
func statusOf(checks []map[string]any, id string) string {
	for _, c := range checks {
		if c["id"] == id {
			s, _ := c["status"].(string)
			return s
		}
	}
	return ""
}

func failedIDs(checks []map[string]any) []string {
	var out []string
	for _, c := range checks {
		if c["status"] == "fail" {
			out = append(out, c["id"].(string))
		}
	}
	return out
}

func TestHelpEveryCommand(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--help"}, {"help"},
		{"check", "--help"}, {"verify", "--help"}, {"inspect", "--help"}, {"demo", "--help"},
		{"application", "--help"},
		{"application", "build", "--help"}, {"application", "verify", "-h"}, {"application", "print", "-help"},
		// --help wins wherever it stands.
		{"check", "--variant", "head", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := runBin(t, nil, args...)
			if r.code != exitOK {
				t.Fatalf("want exit 0\n%s", r)
			}
			want := "usage: registrar"
			if args[0] != "--help" && args[0] != "help" {
				want += " " + strings.Join(args[:len(args)-1], " ")
				want = strings.TrimSuffix(want, " --variant head")
			}
			if !strings.HasPrefix(r.stdout, want) {
				t.Errorf("stdout does not start with %q\n%s", want, r)
			}
			if r.stderr != "" {
				t.Errorf("stderr not empty\n%s", r)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no command", nil, "usage: registrar"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"application without subcommand", []string{"application"}, "usage: registrar application"},
		{"unknown subcommand", []string{"application", "send"}, `unknown subcommand "send"`},
		{"demo extra args", []string{"demo", "x"}, "unexpected arguments: x"},
		{"demo bad flag", []string{"demo", "--nope"}, "flag provided but not defined"},
		{"inspect no files", []string{"inspect"}, "give at least one FILE"},
		{"inspect unreadable", []string{"inspect", f("certs/head-ul.pem"), "no/such/file"}, "no/such/file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBin(t, nil, tc.args...)
			if r.code != exitUsage {
				t.Fatalf("want exit 2\n%s", r)
			}
			if !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("stderr lacks %q\n%s", tc.wantErr, r)
			}
		})
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args     []string
		wantArgs []string
		wantJSON bool
		wantCode int
	}{
		{[]string{"a", "--json", "b"}, []string{"a", "b"}, true, -1},
		{[]string{"--json", "a", "b"}, []string{"a", "b"}, true, -1},
		{[]string{"a", "b", "-json"}, []string{"a", "b"}, true, -1},
		{[]string{"a", "--", "--json"}, []string{"a", "--json"}, false, -1},
		{[]string{"a", "--nope"}, []string{"a"}, false, exitUsage},
		{[]string{"a", "-h"}, []string{"a"}, false, exitOK},
	} {
		var out, errb bytes.Buffer
		c := newCmd("t", "", "", &out, &errb)
		j := c.fs.Bool("json", false, "")
		code := c.parse(tc.args, -1)
		if code != tc.wantCode {
			t.Errorf("%v: code %d, want %d (%s)", tc.args, code, tc.wantCode, errb.String())
			continue
		}
		if code == -1 && (strings.Join(c.args, " ") != strings.Join(tc.wantArgs, " ") || *j != tc.wantJSON) {
			t.Errorf("%v: args %q json %v", tc.args, c.args, *j)
		}
		if code == exitOK && !strings.HasPrefix(out.String(), "usage: registrar t") {
			t.Errorf("%v: help on stdout: %q", tc.args, out.String())
		}
	}
}

func TestParseIssuer(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"1027700132195": true, "1027700132195:7707083893": true, ":7707083893": true,
		"": false, ":": false, "123": false, "1027700132195:77": false, "x027700132195": false,
	} {
		i, err := parseIssuer(s)
		if (err == nil) != ok {
			t.Errorf("%q: %v", s, err)
		}
		if ok && i.OGRN == "" && i.INNLE == "" {
			t.Errorf("%q: empty issuer", s)
		}
	}
}

// TestColour: colour only on a terminal (a character device), never with
// NO_COLOR or TERM=dumb, never on a buffer.
func TestColour(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	t.Setenv("TERM", "xterm")
	if _, set := os.LookupEnv("NO_COLOR"); set {
		t.Setenv("NO_COLOR", "")
		os.Unsetenv("NO_COLOR")
	}
	if !colorEnabled(tty) {
		t.Errorf("no colour on a character device")
	}
	if colorEnabled(&bytes.Buffer{}) {
		t.Errorf("colour on a buffer")
	}
	u := &ui{w: &bytes.Buffer{}, color: true}
	if got := u.mark("fail"); !strings.Contains(got, "\x1b[31m") {
		t.Errorf("fail mark %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	if colorEnabled(tty) {
		t.Errorf("colour despite NO_COLOR")
	}
	os.Unsetenv("NO_COLOR")
	t.Setenv("TERM", "dumb")
	if colorEnabled(tty) {
		t.Errorf("colour on TERM=dumb")
	}
}

var (
	fxSetOnce sync.Once
	fxSetVal  *fixtures.Set
	fxSetErr  error
)

// fxSet generates the fixture set once (the same as the committed files).
func fxSet(t *testing.T) *fixtures.Set {
	t.Helper()
	fxSetOnce.Do(func() { fxSetVal, fxSetErr = fixtures.Generate(fixtures.DefaultOptions()) })
	if fxSetErr != nil {
		t.Fatal(fxSetErr)
	}
	return fxSetVal
}
