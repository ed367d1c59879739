package mchd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"testing"
	"unicode/utf8"
)

// xmlAccepts reports whether encoding/xml reads name as the target of a
// processing instruction, that is, as an XML name.
func xmlAccepts(name string) bool {
	tok, err := xml.NewDecoder(bytes.NewReader([]byte("<?" + name + "?>"))).Token()
	if err != nil {
		return false
	}
	pi, ok := tok.(xml.ProcInst)
	return ok && pi.Target == name
}

// TestNameTables checks the generated tables against encoding/xml for
// every character as the first and as a following character of a name.
func TestNameTables(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, r rune) {
		if !utf8.ValidRune(r) {
			return
		}
		for _, name := range []string{string(r), "a" + string(r)} {
			if got, want := isXMLName(name), xmlAccepts(name); got != want {
				t.Errorf("isXMLName(%q) = %v, encoding/xml %v", name, got, want)
			}
		}
	}
	const part = 0x2000
	for lo := rune(0); lo <= 0xFFFF; lo += part {
		t.Run(fmt.Sprintf("%04X", lo), func(t *testing.T) {
			t.Parallel()
			for r := lo; r < lo+part; r++ {
				check(t, r)
			}
		})
	}
	t.Run("astral", func(t *testing.T) {
		t.Parallel()
		for r := rune(0x10000); r <= utf8.MaxRune; r += 0x1001 {
			check(t, r)
		}
		for _, name := range []string{"", "a\xff", "\xd0", "Доверенность", "СвДов", "ЖЁЖ", "1a", "-a", ".a", "_a", ":a", "a:b", "ab.c-d_1", "a\u0301"} {
			if got, want := isXMLName(name), xmlAccepts(name); got != want {
				t.Errorf("isXMLName(%q) = %v, encoding/xml %v", name, got, want)
			}
		}
	})
}
