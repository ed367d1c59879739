package xsd

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The official МЧД (machine-readable power of attorney) schema and a
// synthetic sample live in the project's shared reference folder, beside the
// repository; a checkout without it skips these tests.
const mchdDir = "../../../shared/reference/data/mchd"

var (
	mchdOnce   sync.Once
	mchdSchema *Schema
	mchdSample []byte
	mchdErr    error
)

// mchd returns the official schema, compiled once, and the synthetic sample.
func mchd(t testing.TB) (*Schema, []byte) {
	t.Helper()
	mchdOnce.Do(func() {
		var xsd []byte
		xsd, mchdErr = os.ReadFile(filepath.Join(mchdDir, "ON_EMCHD_1_928_00_01_01_01.xsd"))
		if mchdErr != nil {
			return
		}
		mchdSample, mchdErr = os.ReadFile(filepath.Join(mchdDir, "synthetic", "ON_EMCHD_20250101_bdd640fb-0667-4ad1-9c80-317fa3b1799d.xml"))
		if mchdErr != nil {
			return
		}
		mchdSchema, mchdErr = Compile(xsd, Config{Name: "ON_EMCHD_1_928_00_01_01_01.xsd"})
	})
	if errors.Is(mchdErr, fs.ErrNotExist) {
		t.Skipf("МЧД reference data not available: %v", mchdErr)
	}
	if mchdErr != nil {
		t.Fatal(mchdErr)
	}
	return mchdSchema, mchdSample
}

func TestMCHD(t *testing.T) {
	t.Parallel()
	s, sample := mchd(t)
	if w := s.Warnings(); len(w) != 0 {
		t.Errorf("schema warnings: %v", w)
	}
	if err := s.Validate(sample); err != nil {
		t.Fatalf("synthetic sample: %v", err)
	}
	mutate := func(old, new string) []byte {
		if !bytes.Contains(sample, []byte(old)) {
			t.Fatalf("sample lacks %q", old)
		}
		return bytes.Replace(sample, []byte(old), []byte(new), 1)
	}
	for _, tc := range []struct {
		name                string
		doc                 []byte
		line                int
		element, attr, text string
	}{
		{"ИННЮЛ pattern", mutate(`ИННЮЛ="7743321818"`, `ИННЮЛ="0043321818"`), 11, "СвРосОрг", "ИННЮЛ", "[facet 'pattern']"},
		{"ИННЮЛ length", mutate(`ИННЮЛ="7743321818"`, `ИННЮЛ="77433218"`), 11, "СвРосОрг", "ИННЮЛ", "[facet 'length']"},
		{"missing НомДовер", mutate(` НомДовер="bdd640fb-0667-4ad1-9c80-317fa3b1799d"`, ``), 5, "СвДов", "",
			"The attribute 'НомДовер' is required but missing"},
		{"bad date", mutate(`ДатаРожд="1985-05-05"`, `ДатаРожд="1985-13-05"`), 29, "СведФЛ", "ДатаРожд", "ДатаРожд"},
		{"unexpected element", mutate(`<СвПолн `, `<Лишний/><СвПолн `), 36, "Лишний", "", "This element is not expected"},
		{"missing element", mutate("<СведСист>https://m4d.nalog.gov.ru/emchd/check-status?guid=bdd640fb-0667-4ad1-9c80-317fa3b1799d</СведСист>", ""),
			5, "СвДов", "", "Missing child element"},
		{"50000-character name", mutate(`НаимОрг="ГБУЗ &quot;ТЕСТОВАЯ БОЛЬНИЦА&quot; (СИНТЕТИКА)"`, `НаимОрг="`+strings.Repeat("Я", 50000)+`"`),
			11, "СвРосОрг", "НаимОрг", "НаимОрг"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := s.Validate(tc.doc)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want *ValidationError, got %v", err)
			}
			e := ve.Errors[0]
			t.Logf("%s (path %s)", short(e.String()), e.Path)
			if e.Line != tc.line || e.Element != tc.element || e.Attribute != tc.attr || !strings.Contains(e.Message, tc.text) {
				t.Errorf("got line %d element %q attribute %q, want line %d element %q attribute %q containing %q",
					e.Line, e.Element, e.Attribute, tc.line, tc.element, tc.attr, tc.text)
			}
			if !strings.HasPrefix(e.Path, "/Доверенность/Документ/Довер/") {
				t.Errorf("path %q", e.Path)
			}
		})
	}
}

// TestMCHDEncodings validates the sample with CRLF line ends and recoded to
// windows-1251 (the usual encoding of ФНС formats; libxml2 converts it).
func TestMCHDEncodings(t *testing.T) {
	t.Parallel()
	s, sample := mchd(t)
	crlf := bytes.ReplaceAll(sample, []byte("\n"), []byte("\r\n"))
	if err := s.Validate(crlf); err != nil {
		t.Errorf("CRLF: %v", err)
	}
	cp := toCP1251(t, bytes.Replace(sample, []byte(`encoding="UTF-8"`), []byte(`encoding="windows-1251"`), 1))
	if err := s.Validate(cp); err != nil {
		t.Errorf("windows-1251: %v", err)
	}
	bad := toCP1251(t, bytes.Replace(bytes.Replace(sample, []byte(`encoding="UTF-8"`), []byte(`encoding="windows-1251"`), 1),
		[]byte(`ИННЮЛ="7743321818"`), []byte(`ИННЮЛ="ИНН"`), 1))
	err := s.Validate(bad)
	if errs := diagnostics(err); kind(err) != "invalid" || errs[0].Line != 11 || !strings.Contains(errs[0].Message, "'ИНН'") {
		t.Errorf("windows-1251, bad ИННЮЛ: %v", err)
	}
}

// TestMCHDLongValues gives every attribute of the sample, in turn, a
// 50,000-character value: no crash, and the regular expressions of the
// pattern facets do not blow up.
func TestMCHDLongValues(t *testing.T) {
	t.Parallel()
	s, sample := mchd(t)
	attr := regexp.MustCompile(` [\p{L}\p{N}]+="[^"]*"`)
	locs := attr.FindAllIndex(sample, -1)
	if len(locs) < 30 {
		t.Fatalf("found only %d attributes", len(locs))
	}
	start := time.Now()
	for _, filler := range []string{"9", "Я", " "} {
		long := strings.Repeat(filler, 50000)
		for _, loc := range locs {
			a := sample[loc[0]:loc[1]]
			name := a[:bytes.IndexByte(a, '=')]
			doc := append(append(append([]byte{}, sample[:loc[0]]...), name...), `="`+long+`"`...)
			doc = append(doc, sample[loc[1]:]...)
			if n := string(name[1:]); n == "xmlns" || n == "version" || n == "encoding" {
				continue
			}
			if err := s.Validate(doc); kind(err) != "invalid" {
				t.Errorf("%s: %v", name, short(err.Error()))
			}
		}
	}
	t.Logf("%d attributes × 3 fillers in %v", len(locs), time.Since(start))
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// toCP1251 recodes UTF-8 text with Cyrillic letters to windows-1251.
func toCP1251(t *testing.T, b []byte) []byte {
	t.Helper()
	var out []byte
	for _, r := range string(b) {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r >= 'А' && r <= 'я':
			out = append(out, byte(r-'А'+0xC0))
		case r == 'Ё':
			out = append(out, 0xA8)
		case r == 'ё':
			out = append(out, 0xB8)
		case r == '№':
			out = append(out, 0xB9)
		default:
			t.Fatalf("no windows-1251 code for %q", r)
		}
	}
	return out
}
