package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// accessFiles builds the registration (application build over the
// representative upload), the operator's ЕСИА account and a grant, and
// signs the grant by the Регистратор and by the head.
type accessFiles struct {
	dir, app, operator, grant, good, head string
}

func makeAccessFiles(t *testing.T) *accessFiles {
	t.Helper()
	dir := t.TempDir()
	a := &accessFiles{dir: dir, app: filepath.Join(dir, "application.xml"), operator: filepath.Join(dir, "operator.json"),
		grant: filepath.Join(dir, "grant.xml")}
	if r := runIn(append(buildArgs(), "--out", a.app)...); r.code != exitOK {
		t.Fatalf("application build: %s", r)
	}
	op, err := demoOperator()
	if err != nil {
		t.Fatal(err)
	}
	if err := writeJSONFile(a.operator, op); err != nil {
		t.Fatal(err)
	}
	if r := runIn(cat(a.buildArgs(), []string{"--out", a.grant})...); r.code != exitOK {
		t.Fatalf("access build: %s", r)
	}
	content, err := os.ReadFile(a.grant)
	if err != nil {
		t.Fatal(err)
	}
	a.good = write(t, filepath.Join(dir, "good.sig"), signWith(t, content, "employee-fl"))
	a.head = write(t, filepath.Join(dir, "head.sig"), signWith(t, content, "head-ul"))
	return a
}

func (a *accessFiles) registration(state string) []string {
	return []string{"--registration", a.app, "--registration-state", state}
}

func (a *accessFiles) buildArgs() []string {
	return cat([]string{"access", "build", "--employee", a.operator, "--position", "Медицинский статистик",
		"--subsystems", "REMD,FRMR", "--id", "d3e1a5c0-2026-4b23-8c00-0000000000a1", "--at", fxAt}, a.registration("approved"))
}

// verifyArgs are the flags of a fully checked verification of the grant.
func (a *accessFiles) verifyArgs(sig string, extra ...string) []string {
	return cat([]string{"access", "verify", "--stored", a.grant, "--sig", sig, "--employee", a.operator,
		"--registry-file", f("mchd/registry.json")}, a.registration("approved"), trustArgs(), extra)
}

func TestAccessCommands(t *testing.T) {
	t.Parallel()
	a := makeAccessFiles(t)
	db := func() string { return filepath.Join(t.TempDir(), "register.db") }
	for _, c := range []struct {
		name      string
		args      []string
		wantCode  int
		verdict   string
		wantCheck string // a check with this ID must not pass
		stdout    string
		stderr    string
	}{
		{name: "help", args: []string{"access", "--help"}, wantCode: exitOK, stdout: "subcommands:"},
		{name: "unknown subcommand", args: []string{"access", "grant"}, wantCode: exitUsage, stderr: "unknown subcommand"},
		{name: "build help", args: []string{"access", "build", "--help"}, wantCode: exitOK, stdout: "FRMR (Федеральный регистр медицинских работников)"},
		{name: "build to stdout", args: a.buildArgs(), wantCode: exitOK, stdout: `<Power code="OPERATOR">Оператор</Power>`},
		{name: "build without employee", args: []string{"access", "build", "--registration", a.app, "--registration-state", "approved"},
			wantCode: exitUsage, stderr: "--employee is required"},
		{name: "build, registration not approved",
			args:     cat(a.buildArgs(), a.registration("submitted")),
			wantCode: exitRejected, stderr: "not approved"},
		{name: "build, unknown state", args: cat(a.buildArgs(), a.registration("done")), wantCode: exitUsage, stderr: "unknown state"},
		{name: "build, unknown subsystem", args: cat(a.buildArgs(), []string{"--subsystems", "FRMR,XYZ"}), wantCode: exitRejected,
			stderr: "ACC-SUBSYSTEMS"},
		{name: "build, bad date", args: cat(a.buildArgs(), []string{"--valid-from", "01.12.2026"}), wantCode: exitUsage, stderr: "YYYY-MM-DD"},
		{name: "build, revoke without grant", args: cat(a.buildArgs(), []string{"--action", "revoke"}), wantCode: exitRejected},
		{name: "verify valid, flags in any order", args: cat([]string{"access", "--json"}[:1], []string{"verify", "--json", "--register", db()},
			a.verifyArgs(a.good)[2:]), wantCode: exitOK, verdict: "valid"},
		{name: "verify signed by the head", args: a.verifyArgs(a.head, "--register", db(), "--json"), wantCode: exitRejected, verdict: "invalid",
			wantCheck: "ACC-SIGNER-REGISTRAR"},
		{name: "verify without the registry", args: slices.Delete(a.verifyArgs(a.good, "--register", db(), "--json"), 8, 10),
			wantCode: exitIndeterminate, verdict: "indeterminate", wantCheck: "ACC-REGISTRAR-MCHD-STATUS"},
		{name: "verify, registry waived", args: cat(slices.Delete(a.verifyArgs(a.good, "--register", db(), "--json"), 8, 10),
			[]string{"--allow-unchecked", "registry"}), wantCode: exitOK, verdict: "valid"},
		{name: "verify without the register", args: a.verifyArgs(a.good, "--json"), wantCode: exitIndeterminate, verdict: "indeterminate",
			wantCheck: "ACC-DUPLICATE-GRANT"},
		{name: "verify, registration not approved", args: cat(a.verifyArgs(a.good, "--register", db(), "--json"), a.registration("rejected")),
			wantCode: exitRejected, verdict: "invalid", wantCheck: "ACC-REGISTRATION-APPROVED"},
		{name: "verify junk signature", args: cat(a.verifyArgs(a.good, "--register", db(), "--json"), []string{"--sig", a.operator}),
			wantCode: exitRejected, verdict: "invalid", wantCheck: "ACC-SIGNATURE"},
		{name: "verify text", args: a.verifyArgs(a.head, "--register", db()), wantCode: exitRejected,
			stdout: "ACC-SIGNER-REGISTRAR"},
		{name: "record without register", args: a.verifyArgs(a.good, "--record"), wantCode: exitUsage, stderr: "--record needs --register"},
		{name: "state without registration", args: []string{"access", "verify", "--stored", a.grant, "--sig", a.good, "--registration-state", "approved"},
			wantCode: exitUsage, stderr: "--registration-state needs --registration"},
		{name: "print", args: []string{"access", "print", "--xml", a.grant}, wantCode: exitOK, stdout: "Печатная форма заявки"},
		{name: "print not a request", args: []string{"access", "print", "--xml", a.app}, wantCode: exitRejected, stderr: "not a valid access request"},
		{name: "print without --xml", args: []string{"access", "print"}, wantCode: exitUsage},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runIn(c.args...)
			if r.code != c.wantCode {
				t.Fatalf("want exit %d\n%s", c.wantCode, r)
			}
			if c.stdout != "" && !strings.Contains(r.stdout, c.stdout) {
				t.Errorf("stdout lacks %q\n%s", c.stdout, r)
			}
			if c.stderr != "" && !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("stderr lacks %q\n%s", c.stderr, r)
			}
			if c.verdict == "" {
				return
			}
			m := decode(t, r)
			if m["verdict"] != c.verdict {
				t.Fatalf("verdict %v, want %s", m["verdict"], c.verdict)
			}
			found := c.wantCheck == ""
			for _, ch := range checksOf(t, m) {
				if ch["id"] == c.wantCheck && ch["status"] != "pass" {
					found = true
				}
			}
			if !found {
				t.Errorf("%s not reported as failed or undecided\n%s", c.wantCheck, r)
			}
		})
	}
}

// TestAccessRecord: a valid grant is recorded in the register (a SQLite
// file), a second verification of a duplicate fails, and a revocation
// recorded after it ends the grant.
func TestAccessRecord(t *testing.T) {
	t.Parallel()
	a := makeAccessFiles(t)
	db := filepath.Join(t.TempDir(), "register.db")
	r := runIn(a.verifyArgs(a.good, "--register", db, "--record", "--json")...)
	if r.code != exitOK || decode(t, r)["recorded"] != true {
		t.Fatalf("record: %s", r)
	}
	dup := filepath.Join(a.dir, "dup.xml")
	if r := runIn(cat(a.buildArgs(), []string{"--id", "d3e1a5c0-2026-4b23-8c00-0000000000a2", "--out", dup})...); r.code != exitOK {
		t.Fatal(r)
	}
	content, _ := os.ReadFile(dup)
	dupSig := write(t, filepath.Join(a.dir, "dup.sig"), signWith(t, content, "employee-fl"))
	r = runIn(cat(a.verifyArgs(dupSig, "--register", db, "--record", "--json"), []string{"--stored", dup})...)
	if r.code != exitRejected || decode(t, r)["recorded"] != false || !strings.Contains(r.stdout, "ACC-DUPLICATE-GRANT") {
		t.Fatalf("duplicate: %s", r)
	}
	rv := filepath.Join(a.dir, "revoke.xml")
	if r := runIn(cat(a.buildArgs(), []string{"--id", "d3e1a5c0-2026-4b23-8c00-0000000000a3", "--action", "revoke",
		"--revokes", "d3e1a5c0-2026-4b23-8c00-0000000000a1", "--out", rv})...); r.code != exitOK {
		t.Fatal(r)
	}
	content, _ = os.ReadFile(rv)
	rvSig := write(t, filepath.Join(a.dir, "revoke.sig"), signWith(t, content, "employee-fl"))
	r = runIn(cat(a.verifyArgs(rvSig, "--register", db, "--record"), []string{"--stored", rv})...)
	if r.code != exitOK || !strings.Contains(r.stdout, "записано в") {
		t.Fatalf("revocation: %s", r)
	}
	// The duplicate is no longer one.
	r = runIn(cat(a.verifyArgs(dupSig, "--register", db, "--json"), []string{"--stored", dup})...)
	if r.code != exitOK {
		t.Fatalf("grant after revocation: %s", r)
	}
}
