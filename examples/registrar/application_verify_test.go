package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/signature/sigtest"
)

// verifyFiles are the files of the application verify tests: the
// application built from the fixtures as exported (stored), variants of it,
// and signatures.
type verifyFiles struct {
	stored, changed, reformatted    string
	good, head, coSigned, headFirst string
	resigned                        string
}

// applicationVerifyFiles builds the application (application build over
// the representative upload) and writes its variants and signatures.
func applicationVerifyFiles(t *testing.T) *verifyFiles {
	t.Helper()
	dir := t.TempDir()
	stored := filepath.Join(dir, "application.xml")
	if r := runBin(t, nil, append(buildArgs(), "--out", stored)...); r.code != exitOK {
		t.Fatalf("build: %s", r)
	}
	content, err := os.ReadFile(stored)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(content, []byte("Заместитель главного врача"), []byte("Главный бухгалтер"), 1)
	good, head := signWith(t, content, "employee-fl"), signWith(t, content, "head-ul")
	co, err := sigtest.CoSign(good, head)
	if err != nil {
		t.Fatal(err)
	}
	headFirst, err := sigtest.CoSign(head, good)
	if err != nil {
		t.Fatal(err)
	}
	resigned := signWith(t, changed, "employee-fl")
	return &verifyFiles{
		stored:      stored,
		changed:     write(t, filepath.Join(dir, "changed.xml"), changed),
		reformatted: write(t, filepath.Join(dir, "reformatted.xml"), bytes.Replace(content, []byte("Заместитель"), []byte("Заместитель  "), 1)),
		good:        write(t, filepath.Join(dir, "good.sig"), good),
		head:        write(t, filepath.Join(dir, "head.sig"), head),
		coSigned:    write(t, filepath.Join(dir, "co-signed.sig"), co),
		headFirst:   write(t, filepath.Join(dir, "head-first.sig"), headFirst),
		resigned:    write(t, filepath.Join(dir, "resigned.sig"), resigned),
	}
}

// noCRLArgs are trustArgs without the CRLs: the revocation of the signer
// certificates cannot be checked.
func noCRLArgs() []string { return without(trustArgs(), "--crl") }

// TestApplicationVerify runs application verify as a subprocess on the
// application built from the fixtures: signed by the applicant alone or
// with the head, edited after export (with and without signing again),
// signed by someone else, without revocation data (indeterminate, then
// accepted unchecked), and the usage errors.
func TestApplicationVerify(t *testing.T) {
	t.Parallel()
	v := applicationVerifyFiles(t)
	args := func(stored, sig, applicant string, more ...[]string) []string {
		a := []string{"application", "verify", "--stored", stored, "--sig", sig, "--applicant", f("applicant/" + applicant + ".json")}
		return cat(append([][]string{a}, more...)...)
	}
	xml := func(path string) []string { return []string{"--xml", path} }
	allow := func(list string) []string { return []string{"--allow-unchecked", list} }
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		// JSON: checks by ID, "status" or "status/outcome"; subindication;
		// signers (true: the applicant); unchecked facts; message text.
		checks    map[string]string
		sub       string
		signers   []bool
		unchecked []string
		message   string
		wantErr   string
	}{
		{name: "valid", args: args(v.stored, v.good, "employee", trustArgs()), wantCode: exitOK, signers: []bool{true},
			checks: map[string]string{"APP-XML": "pass", "APP-XML-UNCHANGED": "skip/not-given", "APP-APPLICANT-MATCH": "pass",
				"APP-SIGNATURE": "pass", "APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "pass", "CHAIN-TRUSTED-ROOT": "pass"}},
		{name: "valid, the received file unchanged", args: args(v.stored, v.good, "employee", xml(v.stored), trustArgs()), wantCode: exitOK,
			checks: map[string]string{"APP-XML-UNCHANGED": "pass"}},
		{name: "edited after export and re-signed", args: args(v.stored, v.resigned, "employee", xml(v.changed), trustArgs()),
			wantCode: exitRejected, signers: []bool{true},
			checks:  map[string]string{"APP-XML-UNCHANGED": "fail/re-signed", "APP-SIGNATURE": "fail", "SIG-MESSAGE-DIGEST": "fail"},
			message: "изменён после выгрузки и подписан заново (изменено: должность)"},
		{name: "edited after export, signature of the export", args: args(v.stored, v.good, "employee", xml(v.changed), trustArgs()),
			wantCode: exitRejected, checks: map[string]string{"APP-XML-UNCHANGED": "fail", "APP-SIGNATURE": "pass"},
			message: "выгрузите её заново и подпишите"},
		{name: "reformatted after export", args: args(v.stored, v.good, "employee", xml(v.reformatted), trustArgs()),
			wantCode: exitRejected, checks: map[string]string{"APP-XML-UNCHANGED": "fail"}},
		{name: "signature of other bytes", args: args(v.stored, v.resigned, "employee", trustArgs()),
			wantCode: exitRejected, checks: map[string]string{"APP-SIGNATURE": "fail", "SIG-MESSAGE-DIGEST": "fail"}},
		{name: "co-signed by the head", args: args(v.stored, v.coSigned, "employee", xml(v.stored), trustArgs()), wantCode: exitOK,
			signers: []bool{true, false}, checks: map[string]string{"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "warn", "APP-SIGNATURE": "pass"},
			message: "заявку также подписали"},
		{name: "co-signed, the head first", args: args(v.stored, v.headFirst, "employee", trustArgs()), wantCode: exitOK,
			signers: []bool{false, true}, checks: map[string]string{"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "warn"}},
		{name: "signed by someone else", args: args(v.stored, v.head, "employee", trustArgs()), wantCode: exitRejected,
			signers: []bool{false}, checks: map[string]string{"APP-SIGNER-SNILS": "fail", "APP-CO-SIGNERS": "skip"}},
		{name: "ЕСИА user is not the applicant", args: args(v.stored, v.good, "head", trustArgs()), wantCode: exitRejected,
			checks: map[string]string{"APP-APPLICANT-MATCH": "fail"}},
		{name: "stored file not canonical", args: args(v.reformatted, v.good, "employee", trustArgs()), wantCode: exitRejected,
			checks: map[string]string{"APP-XML": "fail"}},
		{name: "stored file not an application", args: args(f("mchd/representative.xml"), v.good, "employee", trustArgs()),
			wantCode: exitRejected, checks: map[string]string{"APP-XML": "fail"}},
		{name: "no --trust", args: args(v.stored, v.good, "employee", []string{"--at", fxAt}), wantCode: exitRejected,
			checks: map[string]string{"CHAIN-TRUSTED-ROOT": "fail"}},
		{name: "no CRL", args: args(v.stored, v.good, "employee", noCRLArgs()), wantCode: exitIndeterminate, sub: "NO_REVOCATION_DATA",
			checks:  map[string]string{"APP-SIGNATURE": "indeterminate", "CHAIN-REVOCATION": "indeterminate"},
			message: "не удалось проверить до конца, поэтому заявка не принята как подписанная. Не установлено: 1) статус отзыва сертификатов — передайте актуальные списки отзыва"},
		{name: "no CRL, revocation accepted unchecked", args: args(v.stored, v.good, "employee", noCRLArgs(), allow("revocation")),
			wantCode: exitOK, unchecked: []string{"revocation"},
			checks:  map[string]string{"APP-SIGNATURE": "warn/waived", "CHAIN-REVOCATION": "warn"},
			message: "без проверки по решению проверяющей стороны приняты: статус отзыва сертификатов"},
		{name: "no CRL, other facts accepted unchecked", args: args(v.stored, v.good, "employee", noCRLArgs(), allow(" registry, egrul ")),
			wantCode: exitIndeterminate, sub: "NO_REVOCATION_DATA"},
		{name: "no CRL, co-signed", args: args(v.stored, v.coSigned, "employee", noCRLArgs()), wantCode: exitIndeterminate,
			sub: "NO_REVOCATION_DATA", signers: []bool{true, false}},
		{name: "a waiver does not rescue a failure", args: args(v.stored, v.head, "employee", noCRLArgs(), allow("revocation")),
			wantCode: exitRejected, unchecked: []string{"revocation"}, checks: map[string]string{"APP-SIGNER-SNILS": "fail", "CHAIN-REVOCATION": "warn"}},
		{name: "trusted list not verified", args: args(v.stored, v.good, "employee", without(trustArgs(), "--tsl-signer")),
			wantCode: exitIndeterminate, sub: "SIGNATURE_NOT_VERIFIED", message: "«trusted-list-signature»"},
		{name: "trusted list accepted unchecked", args: args(v.stored, v.good, "employee", without(trustArgs(), "--tsl-signer"),
			allow("trusted-list-signature")), wantCode: exitOK, unchecked: []string{"trusted-list-signature"}},
		{name: "unknown waiver", args: args(v.stored, v.good, "employee", trustArgs(), allow("revocation,everything")),
			wantCode: exitUsage, wantErr: `--allow-unchecked: check: unknown waiver "everything" (known: revocation, registry`},
		{name: "missing --stored", args: without(args(v.stored, v.good, "employee"), "--stored"), wantCode: exitUsage, wantErr: "--stored is required"},
		{name: "missing --sig", args: without(args(v.stored, v.good, "employee"), "--sig"), wantCode: exitUsage, wantErr: "--sig is required"},
		{name: "missing --applicant", args: without(args(v.stored, v.good, "employee"), "--applicant"), wantCode: exitUsage, wantErr: "--applicant is required"},
		{name: "unreadable signature", args: args(v.stored, "no/such.sig", "employee"), wantCode: exitUsage, wantErr: "--sig: stat no/such.sig"},
		{name: "unreadable received file", args: args(v.stored, v.good, "employee", xml("no/such.xml")), wantCode: exitUsage, wantErr: "--xml: stat no/such.xml"},
		{name: "unreadable stored file", args: args("no/such.xml", v.good, "employee"), wantCode: exitUsage, wantErr: "--stored: stat no/such.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := runVerdict(t, "valid", tc.wantCode, tc.wantErr, tc.args...)
			if m == nil {
				return
			}
			checks := checksOf(t, m)
			if sub, _ := m["subindication"].(string); sub != tc.sub {
				t.Errorf("subindication %q, want %q", sub, tc.sub)
			}
			for id, w := range tc.checks {
				got := statusOf(checks, id)
				if strings.Contains(w, "/") {
					got += "/" + outcomeOf(checks, id)
				}
				if got != w {
					t.Errorf("%s: %s, want %s", id, got, w)
				}
			}
			msg, _ := m["message"].(string)
			if msg == "" || !strings.Contains(msg, tc.message) {
				t.Errorf("message %q lacks %q", msg, tc.message)
			}
			if tc.wantCode == exitIndeterminate && !strings.Contains(msg, "Не установлено: 1) ") {
				t.Errorf("an indeterminate message names no missing fact: %q", msg)
			}
			raw, ok := m["signers"].([]any)
			if !ok {
				t.Fatalf("signers %v", m["signers"])
			}
			if tc.signers != nil {
				var got []bool
				for i, x := range raw {
					s := x.(map[string]any)
					got = append(got, s["applicant"] == true)
					if s["index"] != float64(i+1) || s["name"] == "" || s["snils"] == "" || s["indication"] == "" {
						t.Errorf("signer %d: %v", i+1, s)
					}
				}
				if !slices.Equal(got, tc.signers) {
					t.Errorf("signers (applicant?) %v, want %v", got, tc.signers)
				}
			}
			var unchecked []string
			if u, ok := m["unchecked"].([]any); ok {
				for _, x := range u {
					unchecked = append(unchecked, x.(string))
				}
			}
			if !slices.Equal(unchecked, tc.unchecked) {
				t.Errorf("unchecked %v, want %v", unchecked, tc.unchecked)
			}
			if a, _ := m["application"].(map[string]any); tc.checks["APP-XML"] != "fail" && a["id"] != testAppID {
				t.Errorf("application facts %v", m["application"])
			}
		})
	}
}

// TestApplicationVerifyText: the text report, flags in any order.
func TestApplicationVerifyText(t *testing.T) {
	t.Parallel()
	v := applicationVerifyFiles(t)
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"co-signed", cat([]string{"application", "verify", "--at", fxAt, "--sig", v.coSigned}, trustArgs(),
			[]string{"--applicant", f("applicant/employee.json"), "--xml", v.stored, "--stored", v.stored}), exitOK,
			[]string{"ЗАЯВКА ПОДПИСАНА ЗАЯВИТЕЛЕМ (valid)", "Подписант / signer 1", "заявитель / applicant",
				"Подписант / signer 2", "другой подписант / co-signer", "! APP-CO-SIGNERS"}},
		{"re-signed", cat([]string{"application", "verify", "--xml", v.changed, "--sig", v.resigned, "--stored", v.stored}, trustArgs(),
			[]string{"--applicant", f("applicant/employee.json")}), exitRejected,
			[]string{"ПОДПИСЬ ЗАЯВКИ НЕ ПРИНЯТА (invalid)", "✗ APP-XML-UNCHANGED", "подписан заново"}},
		{"indeterminate", cat([]string{"application", "verify", "--stored", v.stored, "--sig", v.good, "--applicant", f("applicant/employee.json")},
			noCRLArgs()), exitIndeterminate,
			[]string{"(indeterminate)", "Не установлено: 1) статус отзыва сертификатов", "«revocation»", "? CHAIN-REVOCATION"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runIn(tc.args...)
			if r.code != tc.code {
				t.Fatalf("want exit %d\n%s", tc.code, r)
			}
			for _, w := range tc.wants {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q\n%s", w, r)
				}
			}
		})
	}
}

// outcomeOf returns the outcome of the check with the given ID.
func outcomeOf(checks []map[string]any, id string) string {
	for _, c := range checks {
		if c["id"] == id {
			s, _ := c["outcome"].(string)
			return s
		}
	}
	return ""
}
