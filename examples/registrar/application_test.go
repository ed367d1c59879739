package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/signature"
)

const testAppID = "0b6c2d1e-2026-4c11-9d23-0000000000aa"

// buildArgs are the flags of application build for the representative
// upload, without --out.
func buildArgs() []string {
	return cat([]string{"application", "build"}, repUpload(), checkTrustArgs(),
		[]string{"--region", "23", "--position", "Заместитель главного врача", "--id", testAppID})
}

// signWith signs content with a fixture certificate and key.
func signWith(t *testing.T, content []byte, name string) []byte {
	t.Helper()
	certPEM, err := os.ReadFile(f("certs/" + name + ".pem"))
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(f("keys/" + name + ".key"))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := certificate.ParseOne(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	key, err := certificate.ParsePrivateKey(keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	at, _ := time.Parse(time.RFC3339, fxAt)
	sig, err := signature.Sign(content, cert, key, signature.SignOptions{Time: at.Add(-time.Hour), Rand: rand.NewChaCha8([32]byte{7})})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func write(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestApplicationFlow builds an application from the fixtures and runs
// application print on it, with the failing variants of each step
// (application verify: TestApplicationVerify).
func TestApplicationFlow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xmlPath := filepath.Join(dir, "application.xml")

	// build, XML to --out, report on stdout.
	r := runBin(t, nil, append(buildArgs(), "--out", xmlPath, "--json")...)
	if r.code != exitOK {
		t.Fatalf("build: want exit 0\n%s", r)
	}
	if m := decode(t, r); m["verdict"] != "accepted" {
		t.Errorf("build report verdict %v", m["verdict"])
	}
	content, err := os.ReadFile(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<ID>" + testAppID + "</ID>", "<Variant>representative</Variant>", "<Created>2026-11-23T09:00:00Z</Created>",
		"Заместитель главного врача", "<Region code=\"23\">"} {
		if !strings.Contains(string(content), want) {
			t.Errorf("application XML lacks %q", want)
		}
	}
	// build, XML to stdout (the same bytes), report on stderr.
	r = runBin(t, nil, buildArgs()...)
	if r.code != exitOK || r.stdout != string(content) || !strings.Contains(r.stderr, "ДОКУМЕНТЫ ПРИНЯТЫ") {
		t.Errorf("build to stdout: exit %d, XML equal %v\n%s", r.code, r.stdout == string(content), r.stderr)
	}

	t.Run("print", func(t *testing.T) {
		t.Parallel()
		html := filepath.Join(dir, "print.html")
		r := runBin(t, nil, "application", "print", "--out", html, "--xml", xmlPath)
		if r.code != exitOK {
			t.Fatalf("want exit 0\n%s", r)
		}
		data, err := os.ReadFile(html)
		if err != nil || !bytes.Contains(data, []byte("Печатная форма заявки")) || !bytes.Contains(data, []byte(testAppID)) {
			t.Errorf("print form: %v\n%.300s", err, data)
		}
		r = runIn("application", "print", "--xml", xmlPath)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "<!DOCTYPE html>") {
			t.Errorf("print to stdout\n%.300s", r)
		}
	})
}

func TestApplicationExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"build rejected", replace(buildArgs(), "--mchd", f("mchd/no-power.xml")), exitRejected, "✗ MCHD-POWER", ""},
		{"build rejected, JSON", append(replace(buildArgs(), "--applicant", f("applicant/employee-standard.json")), "--json"), exitRejected, `"verdict": "rejected"`, ""},
		{"build without --region", without(buildArgs(), "--region"), exitUsage, "", "--region is required"},
		{"build without --applicant", without(buildArgs(), "--applicant"), exitUsage, "", "--applicant is required"},
		{"build with an unknown region", replace(buildArgs(), "--region", "99"), exitUsage, "", "APP-REGION"},
		{"build with a bad e-mail", append(buildArgs(), "--email", "not-an-address"), exitUsage, "", "APP-EMAIL"},
		{"build with an unreadable МЧД", replace(buildArgs(), "--mchd", "no/such.xml"), exitUsage, "", "no/such.xml"},
		{"print without --xml", []string{"application", "print"}, exitUsage, "", "--xml is required"},
		{"print of an МЧД", []string{"application", "print", "--xml", f("mchd/representative.xml")}, exitRejected, "", "not a valid application"},
		{"print unreadable", []string{"application", "print", "--xml", "no/such.xml"}, exitUsage, "", "no/such.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBin(t, nil, tc.args...)
			if r.code != tc.wantCode {
				t.Fatalf("want exit %d\n%s", tc.wantCode, r)
			}
			if !strings.Contains(r.stdout, tc.wantOut) || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("want stdout ⊇ %q, stderr ⊇ %q\n%s", tc.wantOut, tc.wantErr, r)
			}
		})
	}
}

// TestApplicationBuildIndeterminate: documents that could not be fully
// checked make no application: exit 3 and nothing written to --out.
func TestApplicationBuildIndeterminate(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "app.xml")
	args := cat([]string{"application", "build"}, without(repUpload(), "--applicant"), []string{"--applicant", f("applicant/employee.json")},
		without(without(without(checkTrustArgs(), "--crl"), "--crl"), "--crl"),
		[]string{"--region", "23", "--position", "Заместитель главного врача", "--id", testAppID, "--out", out})
	r := runIn(args...)
	if r.code != exitIndeterminate {
		t.Fatalf("want exit 3\n%s", r)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--out written for an indeterminate report: %v", err)
	}
	if !strings.Contains(r.stdout, "Что нужно для проверки") || !strings.Contains(r.stdout, "списки отзыва") {
		t.Errorf("the report does not say what is missing\n%s", r)
	}
	if r := runIn(append(args, "--allow-unchecked", "revocation")...); r.code != exitOK {
		t.Fatalf("want exit 0 with revocation waived\n%s", r)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no application written once revocation is waived: %v", err)
	}
}
