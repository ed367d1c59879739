package xsd

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValidate feeds arbitrary documents to a fixed schema: no crash, no
// panic, only the documented outcomes, bounded and valid-UTF-8 diagnostics,
// the same answer twice, and the tree path's answer.
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		validDoc,
		strings.Replace(validDoc, `ИНН="7743321818"`, `ИНН="1"`, 1),
		strings.Replace(validDoc, `КПП="770101001"`, `КПП="`+strings.Repeat("Я", 3000)+`"`, 1),
		strings.Replace(validDoc, `Код="Код-значение-007"`, `Код="?"`, 1),
		strings.Replace(validDoc, `</Примечание>`, ``, 1),
		"<?xml version='1.0' encoding='windows-1251'?>\n<\xc7\xe0\xff\xe2\xea\xe0 xmlns='urn:registrar:test' \xc2\xe5\xf0\xf1\xe8\xff='1.0'/>",
		"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
		"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><x>&b;</x>",
		strings.Repeat("<a>", 300),
		"<a xmlns:p='u' p:b='1' xmlns='v'><p:c/><![CDATA[<x>]]><!-- c --><?pi x?></a>",
		"<a b='1' b='2'/>",
		"<?xml version='1.0' encoding='UTF-7'?><a/>",
		"\xff\xfe<\x00a\x00/\x00>\x00",
		"<a>&#x10FFFF;&#0;&lt;&amp;</a>",
		"",
	} {
		f.Add([]byte(seed))
	}
	s := testSchema(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		err := s.Validate(doc)
		switch kind(err) {
		case "valid", "syntax", "invalid":
		default:
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error %T: %v", err, err)
			}
		}
		errs := diagnostics(err)
		if err != nil && len(errs) == 0 && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error without diagnostics: %v", err)
		}
		if len(errs) > DefaultMaxErrors+1 {
			t.Fatalf("%d diagnostics", len(errs))
		}
		for _, e := range errs {
			if !utf8.ValidString(e.Message) || len(e.Message) > DefaultMaxMessageLen+len("…") ||
				len(e.Path) > maxPathLen+len("…") || strings.HasSuffix(e.Message, "\n") {
				t.Fatalf("bad diagnostic %q", e.Message)
			}
		}
		if again := s.Validate(doc); fmt.Sprint(again) != fmt.Sprint(err) {
			t.Fatalf("not deterministic: %v, then %v", err, again)
		}
		if d := differsFromTree(s, doc); d != "" {
			t.Fatalf("stream and tree differ: %s", d)
		}
	})
}
