package main

import (
	"strings"
	"testing"
)

func TestInspectSubprocess(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"certs/head-ul.pem":           "certificate",
		"pki/ca-commercial.crl":       "crl",
		"mchd/representative.xml":     "mchd",
		"mchd/representative.xml.sig": "signature",
		"pki/trusted-list.xml":        "trusted-list",
		"applicant/employee.json":     "applicant",
		"keys/employee-fl.key":        "private-key",
	}
	var args []string
	for p := range files {
		args = append(args, f(p))
	}
	// --json between the files: flags in any order.
	args = append(args[:2], append([]string{"--json"}, args[2:]...)...)
	r := runBin(t, nil, append([]string{"inspect"}, args...)...)
	if r.code != exitOK {
		t.Fatalf("want exit 0\n%s", r)
	}
	m := decode(t, r)
	items, ok := m["files"].([]any)
	if !ok || len(items) != len(files) {
		t.Fatalf("files: %v", m["files"])
	}
	for _, x := range items {
		it := x.(map[string]any)
		path, _ := it["path"].(string)
		var want string
		for p, k := range files {
			if path == f(p) {
				want = k
			}
		}
		if it["kind"] != want {
			t.Errorf("%s: kind %v, want %s", path, it["kind"], want)
		}
		facts, ok := it["facts"].(map[string]any)
		if !ok || len(facts) == 0 {
			t.Errorf("%s: no facts", path)
		}
		switch want {
		case "certificate":
			if facts["snils"] != "13485088679" || facts["owner_kind"] == nil {
				t.Errorf("certificate facts %v", facts)
			}
		case "mchd":
			if facts["egisz_power"] != "есть / granted" || facts["number"] == nil {
				t.Errorf("МЧД facts %v", facts)
			}
		case "crl":
			if facts["entries"] != "1" {
				t.Errorf("CRL facts %v", facts)
			}
		case "trusted-list":
			if s, _ := facts["signature"].(string); !strings.HasPrefix(s, "signer-not-pinned: ") {
				t.Errorf("trusted-list facts %v", facts)
			}
		}
	}
}

func TestInspectExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"text", []string{f("certs/ip.pem"), f("mchd/no-power.xml")}, exitOK, "Полномочие EGISZ_LK_01  нет / not granted"},
		{"unrecognised file", []string{f("certs/ip.pem"), f("manifest.json")}, exitRejected, "не распознан"},
		{"not an МЧД", []string{f("mchd/representative.xml.sig"), "../../go.mod"}, exitRejected, "unknown"},
		{"unreadable", []string{f("certs/ip.pem"), "no/such/file"}, exitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runIn(append([]string{"inspect"}, tc.args...)...)
			if r.code != tc.wantCode {
				t.Fatalf("want exit %d\n%s", tc.wantCode, r)
			}
			if !strings.Contains(r.stdout, tc.wantOut) {
				t.Errorf("stdout lacks %q\n%s", tc.wantOut, r)
			}
		})
	}
}
