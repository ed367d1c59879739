package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemo runs the demo as the README tells a newcomer to, and once more
// in-process: both must succeed and print the same summary.
func TestDemo(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, "demo")
	if r.code != exitOK {
		t.Fatalf("demo: want exit 0\n%s", r)
	}
	out := r.stdout
	for _, want := range []string{
		"Демонстрация на синтетических данных / demo on synthetic data",
		"✓ Руководитель организации / head of a legal entity",
		"✓ Сотрудник по МЧД / representative with an МЧД",
		"✓ Руководитель управляющей организации / managing organisation",
		"APP-PERSON-MATCH: Владелец сертификата не совпадает",
		"MCHD-POWER: Доверенность не содержит полномочия EGISZ_LK_01",
		"SIG-MESSAGE-DIGEST",
		"CHAIN-REVOCATION",
		"APP-ESIA-CONFIRMED",
		"CHAIN-TRUSTED-ROOT",
		"APP-SIGNER-SNILS",
		"Печатная форма / print form",
		"ACC-DUPLICATE-GRANT", "ACC-SIGNER-REGISTRAR", "ACC-REVOKE-GRANT", "записана в реестр / recorded",
		"Печатная форма заявки на доступ / print form",
		"all ", " cases behaved as expected",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "✗") || strings.Contains(out, "\x1b[") {
		t.Errorf("demo output reports a failure or has colour codes on a pipe\n%s", out)
	}
	// Reproducible: the same output in-process, and the files kept with --dir.
	dir := t.TempDir()
	in := runIn("demo", "--dir", dir)
	if in.code != exitOK {
		t.Fatalf("in-process demo: want exit 0\n%s", in)
	}
	strip := func(s string) string {
		i := strings.Index(s, "файлов:")
		j := strings.Index(s, "\n  Время")
		if i < 0 || j < i {
			return s
		}
		return s[:i] + s[j:]
	}
	if strip(in.stdout) != strip(out) {
		t.Errorf("demo output differs between runs\n--- subprocess\n%s\n--- in-process\n%s", out, in.stdout)
	}
	for _, p := range []string{"manifest.json", "pki/trusted-list.xml", "out/application.xml", "out/application.xml.sig", "out/application.html",
		"out/access-grant.xml", "out/access-grant.xml.sig", "out/access-revoke.xml", "out/register.db"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("demo --dir: %v", err)
		}
	}
}
