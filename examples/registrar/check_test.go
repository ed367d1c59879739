package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func headUpload() []string {
	return []string{"--variant", "head", "--cert", f("certs/head-ul.pem"), "--applicant", f("applicant/head.json")}
}

func repUpload() []string {
	return []string{"--variant", "representative", "--cert", f("certs/employee-fl.pem"),
		"--mchd", f("mchd/representative.xml"), "--mchd-sig", f("mchd/representative.xml.sig"),
		"--applicant", f("applicant/employee.json"), "--registry-file", f("mchd/registry.json")}
}

// replace returns args with the value of flag replaced.
func replace(args []string, flag, value string) []string {
	out := slices.Clone(args)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == flag {
			out[i+1] = value
			return out
		}
	}
	panic("no flag " + flag)
}

// without returns args without flag and its value.
func without(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func TestCheckSubprocess(t *testing.T) {
	t.Parallel()
	managing := []string{"--variant", "managing", "--cert", f("certs/managing-head-ul.pem"),
		"--mchd", f("mchd/managing.xml"), "--mchd-sig", f("mchd/managing.xml.sig"),
		"--applicant", f("applicant/managing-head.json"), "--registry-file", f("mchd/registry.json")}
	employeeSNILS := "846-536-902 42" // applicant/employee.json
	set := fxSet(t)
	egrul := []string{"--egrul-org-inn", set.OrgB.INN, "--egrul-org-ogrn", set.OrgB.OGRN,
		"--egrul-managing-inn", set.OrgM.INN, "--egrul-managing-ogrn", set.OrgM.OGRN, "--egrul-status", "active"}
	egrulFile := []string{"--egrul-file", f("egrul/records.json")}
	registry := newRegistryServers(t, set.Representative.Spec.Number)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		// wantFail must be among the failed checks (JSON runs).
		wantFail string
		wantErr  string // substring of stderr (usage errors)
	}{
		{name: "head accepted", args: cat(headUpload(), checkTrustArgs()), wantCode: exitOK},
		{name: "entrepreneur accepted", args: cat([]string{"--variant", "head", "--cert", f("certs/ip.pem"), "--applicant", f("applicant/ip.json")}, checkTrustArgs()), wantCode: exitOK},
		{name: "representative accepted", args: cat(repUpload(), checkTrustArgs()), wantCode: exitOK},
		{name: "representative with --snils only", args: cat(without(repUpload(), "--applicant"), []string{"--snils", employeeSNILS}, checkTrustArgs()),
			wantCode: exitIndeterminate},
		{name: "representative with --snils only, the account level waived", wantCode: exitOK,
			args: cat(without(repUpload(), "--applicant"), []string{"--snils", employeeSNILS, "--allow-unchecked", "applicant"}, checkTrustArgs())},
		{name: "no applicant", args: cat(without(repUpload(), "--applicant"), checkTrustArgs()), wantCode: exitIndeterminate},
		{name: "no CRLs", args: cat(repUpload(), without(without(without(checkTrustArgs(), "--crl"), "--crl"), "--crl")), wantCode: exitIndeterminate},
		{name: "no CRLs, revocation waived", wantCode: exitOK,
			args: cat(repUpload(), without(without(without(checkTrustArgs(), "--crl"), "--crl"), "--crl"), []string{"--allow-unchecked", "revocation"})},
		{name: "unknown waiver", args: cat(repUpload(), checkTrustArgs(), []string{"--allow-unchecked", "revocation,network"}),
			wantCode: exitUsage, wantErr: `unknown waiver "network"`},
		{name: "--snils agreeing with --applicant", args: cat(repUpload(), []string{"--snils", "84653690242"}, checkTrustArgs()), wantCode: exitOK},
		{name: "managing accepted", args: cat(managing, checkTrustArgs(), egrul), wantCode: exitOK},
		{name: "managing with --egrul-file", args: cat(managing, checkTrustArgs(), egrulFile), wantCode: exitOK},
		{name: "managing, ЕГРЮЛ identifiers without the status", args: cat(managing, checkTrustArgs(), egrul[:8]), wantCode: exitIndeterminate},
		{name: "head with --egrul-file", args: cat(headUpload(), checkTrustArgs(), egrulFile), wantCode: exitOK},
		{name: "head of a liquidated organisation", args: cat(headUpload(), checkTrustArgs(), []string{"--egrul-file", f("egrul/liquidated.json")}),
			wantCode: exitRejected, wantFail: "APP-EGRUL-STATUS"},
		{name: "representative with --egrul-file", args: cat(repUpload(), checkTrustArgs(), egrulFile), wantCode: exitOK},
		{name: "managing without the ЕГРЮЛ record", args: cat(managing, checkTrustArgs()), wantCode: exitIndeterminate},
		{name: "managing without the ЕГРЮЛ record, waived", args: cat(managing, checkTrustArgs(), []string{"--allow-unchecked", "egrul"}), wantCode: exitOK},
		{name: "flags in any order", wantCode: exitOK, args: cat([]string{"--json", "--at", fxAt, "--head-issuer", headIssuer, "--crl", f("pki/ca-commercial.crl"),
			"--crl", f("pki/ca-fns.crl"), "--crl", f("pki/root.crl")},
			[]string{"--mchd-sig", f("mchd/representative.xml.sig"), "--applicant", f("applicant/employee.json"), "--trust", f("pki/trusted-list.xml"), "--tsl-signer", f("pki/trusted-list-signer.pem")},
			[]string{"--cert", f("certs/employee-fl.pem"), "--tsl-head-ogrn", headCAOGRN, "--mchd", f("mchd/representative.xml"), "--variant", "representative"},
			[]string{"--registry-file", f("mchd/registry.json")})},
		{name: "no МЧД registry", args: cat(without(repUpload(), "--registry-file"), checkTrustArgs()), wantCode: exitIndeterminate},
		{name: "no МЧД registry, waived", args: cat(without(repUpload(), "--registry-file"), checkTrustArgs(), []string{"--allow-unchecked", "registry"}),
			wantCode: exitOK},
		{name: "no МЧД registry, other facts waived", wantCode: exitIndeterminate,
			args: cat(without(repUpload(), "--registry-file"), checkTrustArgs(), []string{"--allow-unchecked", "revocation,egrul,applicant"})},
		{name: "МЧД revoked in the registry", args: cat(replace(repUpload(), "--registry-file", f("mchd/registry-revoked.json")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "MCHD-REGISTRY-STATUS"},
		{name: "МЧД revoked in the registry, registry waived", wantCode: exitRejected, wantFail: "MCHD-REGISTRY-STATUS",
			args: cat(replace(repUpload(), "--registry-file", f("mchd/registry-revoked.json")), checkTrustArgs(), []string{"--allow-unchecked", "registry"})},
		{name: "registry service answers active", wantCode: exitOK,
			args: cat(without(repUpload(), "--registry-file"), checkTrustArgs(), []string{"--registry-url", registry.answering + "/poa/{number}",
				"--registry-header", "Authorization: Bearer test"})},
		{name: "registry service down", wantCode: exitIndeterminate,
			args: cat(without(repUpload(), "--registry-file"), checkTrustArgs(), []string{"--registry-url", registry.down + "/poa/{number}"})},
		{name: "registry service too slow", wantCode: exitIndeterminate,
			args: cat(without(repUpload(), "--registry-file"), checkTrustArgs(), []string{"--registry-url", registry.slow + "/poa/{number}",
				"--registry-timeout", "200ms"})},
		{name: "plain root and intermediates instead of the trusted list", wantCode: exitOK,
			args: cat(headUpload(), []string{"--trust", f("pki/root.pem"), "--ca", f("pki/ca-fns.pem"), "--ca", f("pki/ca-commercial.pem"),
				"--crl", f("pki/ca-fns.crl"), "--crl", f("pki/root.crl"), "--at", fxAt, "--head-issuer", headIssuer})},

		{name: "wrong person", args: cat(replace(headUpload(), "--applicant", f("applicant/employee.json")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "APP-PERSON-MATCH"},
		{name: "standard account", args: cat(replace(repUpload(), "--applicant", f("applicant/employee-standard.json")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "APP-ESIA-CONFIRMED"},
		{name: "МЧД without the power", args: cat(replace(replace(repUpload(), "--mchd", f("mchd/no-power.xml")), "--mchd-sig", f("mchd/no-power.xml.sig")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "MCHD-POWER"},
		{name: "tampered МЧД", args: cat(replace(repUpload(), "--mchd", f("mchd/tampered.xml")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "SIG-MESSAGE-DIGEST"},
		{name: "revoked certificate", args: cat(replace(repUpload(), "--cert", f("certs/revoked-fl.pem")), checkTrustArgs()),
			wantCode: exitRejected, wantFail: "CHAIN-REVOCATION"},
		{name: "head certificate without --head-issuer", args: cat(headUpload(), trustArgs()),
			wantCode: exitRejected, wantFail: "CERT-LEGACY-EMPLOYEE"},
		{name: "no --trust", args: cat(headUpload(), []string{"--at", fxAt, "--head-issuer", headIssuer}),
			wantCode: exitRejected, wantFail: "CHAIN-TRUSTED-ROOT"},
		{name: "managing with a wrong ЕГРЮЛ record", wantCode: exitRejected, wantFail: "APP-EGRUL-MANAGED",
			args: cat(managing, checkTrustArgs(), []string{"--egrul-managing-ogrn", "1027700132195", "--egrul-org-ogrn", "1027700132195", "--egrul-status", "active"})},
		{name: "unreadable certificate file", args: cat(replace(headUpload(), "--cert", f("certs/nope.pem")), checkTrustArgs()),
			wantCode: exitUsage, wantErr: "nope.pem"},
		{name: "unreadable МЧД", args: cat(replace(repUpload(), "--mchd", "no/such.xml"), checkTrustArgs()),
			wantCode: exitUsage, wantErr: "no/such.xml"},
		{name: "unreadable --trust", args: cat(headUpload(), []string{"--trust", "no/such.pem"}), wantCode: exitUsage, wantErr: "no/such.pem"},
		{name: "unreadable --crl", args: cat(headUpload(), []string{"--crl", "no/such.crl"}), wantCode: exitUsage, wantErr: "no/such.crl"},
		{name: "--snils contradicts --applicant", args: cat(headUpload(), []string{"--snils", employeeSNILS}, checkTrustArgs()),
			wantCode: exitUsage, wantErr: "does not match the СНИЛС"},
		{name: "missing --variant", args: without(headUpload(), "--variant"), wantCode: exitUsage, wantErr: "--variant is required"},
		{name: "missing --cert", args: without(headUpload(), "--cert"), wantCode: exitUsage, wantErr: "--cert is required"},
		{name: "unknown variant", args: replace(headUpload(), "--variant", "boss"), wantCode: exitUsage, wantErr: "want head, representative or managing"},
		{name: "bad --at", args: cat(headUpload(), []string{"--at", "yesterday"}), wantCode: exitUsage, wantErr: "RFC 3339"},
		{name: "bad --head-issuer", args: cat(headUpload(), []string{"--head-issuer", "123"}), wantCode: exitUsage, wantErr: "OGRN[:INNLE]"},
		{name: "--registry-file and --registry-url", args: cat(repUpload(), []string{"--registry-url", "https://registry.test/{number}"}),
			wantCode: exitUsage, wantErr: "not both"},
		{name: "--registry-file is not a registry", args: replace(repUpload(), "--registry-file", f("applicant/employee.json")),
			wantCode: exitUsage, wantErr: "--registry-file"},
		{name: "--registry-url without {number}", args: cat(without(repUpload(), "--registry-file"), []string{"--registry-url", "https://registry.test/"}),
			wantCode: exitUsage, wantErr: "{number}"},
		{name: "--registry-url not http", args: cat(without(repUpload(), "--registry-file"), []string{"--registry-url", "file:///etc/{number}"}),
			wantCode: exitUsage, wantErr: "http"},
		{name: "--registry-header without --registry-url", args: cat(repUpload(), []string{"--registry-header", "X-A: b"}),
			wantCode: exitUsage, wantErr: "needs --registry-url"},
		{name: "--egrul-file is not ЕГРЮЛ", args: cat(headUpload(), []string{"--egrul-file", f("applicant/head.json")}), wantCode: exitUsage,
			wantErr: "--egrul-file"},
		{name: "--egrul-file and --egrul-*", args: cat(managing, egrul, egrulFile), wantCode: exitUsage, wantErr: "not both"},
		{name: "bad --egrul-status", args: cat(managing, []string{"--egrul-status", "closed"}), wantCode: exitUsage, wantErr: "--egrul-status"},
		{name: "--egrul on the head variant", args: cat(headUpload(), []string{"--egrul-org-inn", "7707083893"}), wantCode: exitUsage, wantErr: "managing variant only"},
		{name: "trusted list with the wrong pin", args: cat(headUpload(), []string{"--trust", f("pki/trusted-list.xml")}), wantCode: exitUsage, wantErr: "--tsl-head-ogrn"},
		{name: "--trust file without certificates", args: cat(headUpload(), []string{"--trust", f("applicant/head.json")}), wantCode: exitUsage, wantErr: "head.json"},
		{name: "positional argument", args: cat(headUpload(), []string{"extra"}), wantCode: exitUsage, wantErr: "unexpected arguments: extra"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := runVerdict(t, "accepted", tc.wantCode, tc.wantErr, append([]string{"check"}, tc.args...)...)
			if m == nil {
				return
			}
			checks := checksOf(t, m)
			if v, _ := m["variant"].(string); v == "" || !slices.Contains(tc.args, v) {
				t.Errorf("variant %v", m["variant"])
			}
			failed := failedIDs(checks)
			if tc.wantCode == exitOK && len(failed) > 0 {
				t.Errorf("accepted with failed checks %v", failed)
			}
			undecided := 0
			for _, c := range checks {
				if c["status"] == "indeterminate" {
					undecided++
				}
			}
			if (tc.wantCode == exitIndeterminate) != (undecided > 0) || tc.wantCode == exitIndeterminate && len(failed) > 0 {
				t.Errorf("exit %d with %d indeterminate and failed %v", tc.wantCode, undecided, failed)
			}
			if tc.wantFail != "" && !slices.Contains(failed, tc.wantFail) {
				t.Errorf("failed checks %v lack %s", failed, tc.wantFail)
			}
		})
	}
}

// registryServers are local registry check services for the subprocess
// tests: one answering "active" for number (when asked with the test
// bearer token), one slower than any timeout the tests give, and the
// address of one that is down.
type registryServers struct{ answering, slow, down string }

func newRegistryServers(t *testing.T, number string) registryServers {
	t.Helper()
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer test" || r.URL.Path != "/poa/"+number {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		fmt.Fprintf(w, `{"status": "active", "number": %q}`, number)
	}))
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(30 * time.Second):
		case <-r.Context().Done():
		}
	}))
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	t.Cleanup(ok.Close)
	t.Cleanup(slow.Close)
	return registryServers{answering: ok.URL, slow: slow.URL, down: down.URL}
}

// TestCheckNoTrust: without --trust the chain cannot be trusted, and the
// text output says why.
func TestCheckNoTrust(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, cat([]string{"check"}, headUpload(), []string{"--at", fxAt, "--head-issuer", headIssuer})...)
	if r.code != exitRejected {
		t.Fatalf("want exit 1\n%s", r)
	}
	for _, want := range []string{"ДОКУМЕНТЫ НЕ ПРИНЯТЫ (rejected)", "✗ CHAIN-TRUSTED-ROOT", "Не задан --trust", "Пройдено / passed:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("colour codes in output to a pipe\n%s", r)
	}
}

func TestCheckJSONFieldNames(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, cat([]string{"check", "--json"}, repUpload(), checkTrustArgs())...)
	if r.code != exitOK {
		t.Fatalf("want exit 0\n%s", r)
	}
	m := decode(t, r)
	for _, k := range []string{"verdict", "variant", "checks", "at", "organisation"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: keys %v", k, keys(m))
		}
	}
	if m["variant"] != "representative" || m["verdict"] != "accepted" {
		t.Errorf("variant %v verdict %v", m["variant"], m["verdict"])
	}
	checks := checksOf(t, m)
	for id, want := range map[string]string{
		"APP-PERSON-MATCH": "pass", "MCHD-POWER": "pass", "CHAIN-TRUSTED-ROOT": "pass",
		"SIG-VALUE": "pass", "MCHD-FILE-NAME": "warn",
	} {
		if got := statusOf(checks, id); got != want {
			t.Errorf("%s: status %q, want %q", id, got, want)
		}
	}
	seen := map[string]bool{}
	for _, c := range checks {
		seen[c["status"].(string)] = true
	}
	for _, s := range []string{"pass", "warn", "skip"} {
		if !seen[s] {
			t.Errorf("no check with status %s", s)
		}
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestCheckInProcess covers the usage paths of check without a subprocess.
func TestCheckInProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badJSON := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badJSON, []byte(`{"surname": "Иванов", "shoe_size": 44}`), 0o644); err != nil {
		t.Fatal(err)
	}
	badLevel := filepath.Join(dir, "level.json")
	if err := os.WriteFile(badLevel, []byte(`{"snils": "112-233-445 95", "account_level": "gold"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"unknown applicant field", cat(replace(headUpload(), "--applicant", badJSON)), exitUsage, "", "not an applicant JSON"},
		{"unknown account level", cat(replace(headUpload(), "--applicant", badLevel)), exitUsage, "", "unknown ESIA account level"},
		{"directory as certificate", replace(headUpload(), "--cert", dir), exitUsage, "", "is a directory"},
		{"-- ends the flags", cat(headUpload(), []string{"--", "--json"}), exitUsage, "", "unexpected arguments: --json"},
		{"garbage certificate is rejected, not a usage error", cat(replace(headUpload(), "--cert", f("applicant/head.json")), checkTrustArgs()),
			exitRejected, "APP-CERT-PARSE", ""},
		{"accepted, text", cat(headUpload(), checkTrustArgs(), []string{"--verbose"}), exitOK, "✓ APP-PERSON-MATCH", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runIn(append([]string{"check"}, tc.args...)...)
			if r.code != tc.wantCode {
				t.Fatalf("want exit %d\n%s", tc.wantCode, r)
			}
			if !strings.Contains(r.stdout, tc.wantOut) || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("want stdout ⊇ %q, stderr ⊇ %q\n%s", tc.wantOut, tc.wantErr, r)
			}
		})
	}
}
