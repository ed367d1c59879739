package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/application"
)

func TestDecodeApplicant(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, json string
		ok         bool
	}{
		{"fixture", readFixture(t, "applicant/employee.json"), true},
		{"unknown field", `{"surname":"Иванов","x":1}`, false},
		{"bad level", `{"account_level":"gold"}`, false},
		{"trailing data", `{"surname":"Иванов"} {}`, false},
		{"not json", `surname`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := DecodeApplicant([]byte(tc.json))
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
			if tc.ok && a.SNILS == "" {
				t.Error("no СНИЛС decoded")
			}
		})
	}
}

func TestSourcesOptions(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "..", "testdata", "fixtures")
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"registry and egrul files", []string{"--registry-file", filepath.Join(root, "mchd/registry.json"),
			"--egrul-file", filepath.Join(root, "egrul/records.json"), "--allow-unchecked", "egrul", "--head-issuer", "5508956438403:1547745672"}, ""},
		{"both registries", []string{"--registry-file", "x", "--registry-url", "https://r/{number}"}, "not both"},
		{"url without number", []string{"--registry-url", "https://r/"}, "{number}"},
		{"bad waiver", []string{"--allow-unchecked", "everything"}, "--allow-unchecked"},
		{"bad issuer", []string{"--head-issuer", "123"}, "--head-issuer"},
		{"missing file", []string{"--egrul-file", filepath.Join(root, "none.json")}, "--egrul-file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var s Sources
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			s.Register(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			o := &application.CheckOptions{}
			err := s.Options(o)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatal(err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			case tc.wantErr == "" && (o.Registry == nil || o.EGRUL == nil || o.Certificate == nil || len(o.AllowUnchecked) != 1):
				t.Fatalf("options not filled: %+v", o)
			}
		})
	}
}

func TestParseAt(t *testing.T) {
	t.Parallel()
	if _, fixed, err := ParseAt(""); err != nil || fixed {
		t.Errorf("empty: %v %v", fixed, err)
	}
	if at, fixed, err := ParseAt("2026-11-23T12:00:00+03:00"); err != nil || !fixed || at.UTC().Hour() != 9 {
		t.Errorf("RFC 3339: %v %v %v", at, fixed, err)
	}
	if _, _, err := ParseAt("23.11.2026"); err == nil {
		t.Error("a Russian date accepted")
	}
}

func readFixture(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "fixtures", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
