package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	utf16pkg "unicode/utf16"

	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
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
		"mchd/registry.json":          "mchd-registry",
		"egrul/records.json":          "egrul",
		"egrul/liquidated.json":       "egrul",
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
		case "mchd-registry":
			if facts["entries"] != "6" || !strings.Contains(fmt.Sprint(facts["statuses"]), "(active): 5") {
				t.Errorf("registry facts %v", facts)
			}
		case "egrul":
			if facts["records"] == nil || !strings.Contains(fmt.Sprint(facts["record_1"]), "ИНН") {
				t.Errorf("ЕГРЮЛ facts %v", facts)
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

func TestInspectXMLKinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mchdXML, err := os.ReadFile(f("mchd/representative.xml"))
	if err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, u := range utf16pkg.Encode([]rune(string(mchdXML))) {
		utf16 = append(utf16, byte(u), byte(u>>8))
	}
	legacy, err := charmap.Windows1251.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="windows-1251"?>` +
		`<Доверенность ВерсФорм="002" ИдФайл="ON_DOVBB_1"><Документ/></Доверенность>`))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, path, kind, text string
		code                   int
	}{
		{"МЧД in UTF-16", write("utf16.xml", utf16), "mchd", "UTF-16LE", exitRejected},
		{"legacy 002 in windows-1251", write("legacy.xml", legacy), "mchd", "формате 002", exitRejected},
		{"XSD", "../../mchd/schema/emchd1.xsd", "xsd", "XML-схема", exitOK},
		{"ETSI trusted list", write("tsl.xml", []byte(`<?xml version="1.0"?><TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"/>`)),
			"european-trusted-list", "ETSI", exitRejected},
		{"other XML", write("other.xml", []byte(`<a><b/></a>`)), "unknown", "корневым элементом «a»", exitRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runIn("inspect", tc.path)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.text) {
				t.Fatalf("want exit %d and %q\n%s", tc.code, tc.text, r)
			}
			j := runIn("inspect", "--json", tc.path)
			var m struct {
				Files []struct {
					Kind string `json:"kind"`
				} `json:"files"`
			}
			if err := json.Unmarshal([]byte(j.stdout), &m); err != nil || len(m.Files) != 1 || m.Files[0].Kind != tc.kind {
				t.Errorf("kind: %v %s", err, j.stdout)
			}
		})
	}
}

func TestInspectOrganisationWithoutINN(t *testing.T) {
	t.Parallel()
	x, err := os.ReadFile(f("mchd/representative.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`ИННЮЛ="\d+" `).ReplaceAllString(string(x), "")
	p := filepath.Join(t.TempDir(), "no-inn.xml")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runIn("inspect", p)
	if strings.Contains(r.stdout, "ИНН ,") || strings.Contains(r.stdout, "(ИНН )") || !strings.Contains(r.stdout, "ОГРН ") {
		t.Errorf("organisation line\n%s", r)
	}
}
