package application

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, v := range Variants {
		t.Run(v.Code(), func(t *testing.T) {
			t.Parallel()
			a := mustBuild(t, testInput(v))
			got, err := a.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "application-"+v.Code()+".xml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs (run with -update):\n%s", path, got)
			}
		})
	}
}

func TestMarshalCanonical(t *testing.T) {
	t.Parallel()
	a := mustBuild(t, testInput(VariantRepresentative))
	x, err := a.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(x, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<Application xmlns=\""+Namespace+`" version="1">`)) {
		t.Errorf("header: %q", x[:120])
	}
	if bytes.Contains(x, []byte("\r")) || bytes.HasPrefix(x, []byte{0xef, 0xbb, 0xbf}) {
		t.Error("CR or BOM in output")
	}
	s, err := compiled()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(x); err != nil {
		t.Fatal(err)
	}
	// Same input, same bytes, also from an equal application built anew.
	for i := 0; i < 3; i++ {
		y, _ := mustBuild(t, testInput(VariantRepresentative)).Marshal()
		if !bytes.Equal(x, y) {
			t.Fatal("Marshal is not deterministic")
		}
	}
	for _, want := range []string{"&lt;test&gt;", "&amp; Co", `<Region code="77">Москва</Region>`, "<Phone>+79161234567</Phone>",
		"<Created>2025-06-02T07:30:00Z</Created>", "<IssueDate>2025-05-20</IssueDate>", `<Power code="REGISTRAR">Регистратор</Power>`} {
		if !bytes.Contains(x, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	inputs := map[string]Input{}
	for _, v := range Variants {
		inputs[v.Code()] = testInput(v)
	}
	ip := testInput(VariantHead)
	ip.Organisation = Organisation{Name: "Индивидуальный предприниматель Тестова А. П.", INN: "500100732259", OGRNIP: "304500116000157"}
	ip.Fields = Fields{}
	ip.Applicant.Patronymic = ""
	ip.Applicant.INN = ""
	ip.Applicant.Email = ""
	ip.Applicant.Phone = ""
	ip.Report.Results = nil
	ip.Report.Verdict = "pass"
	ip.Number = "ЛК-2025/000123"
	inputs["entrepreneur draft"] = ip
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := mustBuild(t, in)
			x, err := a.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			b, err := Unmarshal(x)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Content, b.Content) {
				t.Errorf("model → XML → model differs:\n%+v\n%+v", a.Content, b.Content)
			}
			y, err := b.Marshal()
			if err != nil || !bytes.Equal(x, y) {
				t.Errorf("XML → model → XML differs: %v", err)
			}
			if !a.Equal(b) || b.Lifecycle.State != StateDraft {
				t.Error("Equal or state")
			}
		})
	}
}

func TestUnmarshalRefuses(t *testing.T) {
	t.Parallel()
	good, err := mustBuild(t, testInput(VariantManaging)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	deep := strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300)
	tests := map[string]string{
		"empty":          "",
		"doctype":        strings.Replace(s, "<Application", "<!DOCTYPE Application [<!ENTITY x \"y\">]>\n<Application", 1),
		"too large":      s + strings.Repeat(" ", MaxXMLSize),
		"deep":           strings.Replace(s, "<Number>", "<Number>"+deep, 1),
		"namespace":      strings.Replace(s, Namespace, "urn:other", 1),
		"version":        strings.Replace(s, `version="1"`, `version="2"`, 1),
		"region name":    strings.Replace(s, ">Москва<", ">Питер<", 1),
		"region code":    strings.Replace(s, `code="77"`, `code="80"`, 1),
		"power":          strings.Replace(s, ">Регистратор<", ">Оператор<", 1),
		"snils checksum": strings.Replace(s, "11223344595", "11223344596", 1),
		"order":          strings.Replace(strings.Replace(s, "<Position>", "<X>", 1), "<Email>", "<Position>", 1),
		"extra element":  strings.Replace(s, "</Documents>", "<Extra/></Documents>", 1),
		"fail result":    strings.Replace(s, `status="warn"`, `status="fail"`, 1),
		"no mchd":        s[:strings.Index(s, "    <PowerOfAttorney>")] + s[strings.Index(s, "  </Documents>"):],
		"bad time":       strings.Replace(s, "2025-06-02T07:30:00Z", "2025-06-02T07:30:00+03:00", 1),
		"bad date":       strings.Replace(s, "2025-05-20<", "2025-02-30<", 1),
		"windows-1251":   strings.Replace(s, "UTF-8", "windows-1251", 1),
		"leading space":  strings.Replace(s, "<Surname>", "<Surname> ", 1),
		"control char":   strings.Replace(s, "<Surname>", "<Surname>&#x9;", 1),
		"bad utf8":       strings.Replace(s, "Тестова", "\xff", 1),
		"entity":         strings.Replace(s, "<Surname>", "<Surname>&x;", 1),
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, err := Unmarshal([]byte(doc))
			if err == nil {
				t.Fatalf("accepted: %+v", a.Content)
			}
			if !errors.Is(err, ErrXML) && name != "windows-1251" {
				t.Errorf("error %v does not match ErrXML", err)
			}
		})
	}
	// Harmless variations are accepted and normalised.
	for name, doc := range map[string]string{
		"prefix":  strings.ReplaceAll(strings.ReplaceAll(s, "<", "<a:"), "<a:/", "</a:"),
		"comment": strings.Replace(s, "<ID>", "<!-- c --><ID>", 1),
		"crlf":    strings.ReplaceAll(s, "\n", "\r\n"),
	} {
		if name == "prefix" {
			doc = strings.Replace(strings.Replace(doc, "<a:?xml", "<?xml", 1), `xmlns=`, `xmlns:a=`, 1)
		}
		a, err := Unmarshal([]byte(doc))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if x, _ := a.Marshal(); !bytes.Equal(x, good) {
			t.Errorf("%s: not normalised", name)
		}
	}
}

func TestMarshalRefusesInvalid(t *testing.T) {
	t.Parallel()
	a := mustBuild(t, testInput(VariantHead))
	a.Applicant.SNILS = "123"
	if _, err := a.Marshal(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Marshal: %v", err)
	}
	if _, err := a.PrintHTML(); err == nil {
		t.Error("PrintHTML accepted invalid content")
	}
	if a.Equal(a) {
		t.Error("invalid content compared equal")
	}
	if !bytes.Contains(Schema(), []byte(Namespace)) {
		t.Error("schema")
	}
}

func BenchmarkMarshal(b *testing.B) {
	a := mustBuild(b, testInput(VariantRepresentative))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, v := range Variants {
		x, err := mustBuild(f, testInput(v)).Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(x)
	}
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`))
	f.Add([]byte(`<Application xmlns="` + Namespace + `" version="1"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Unmarshal(data)
		if err != nil {
			if !errors.Is(err, ErrXML) && !strings.Contains(err.Error(), "application") {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		x, err := a.Marshal()
		if err != nil {
			t.Fatalf("accepted document does not marshal: %v", err)
		}
		b, err := Unmarshal(x)
		if err != nil {
			t.Fatalf("own output refused: %v\n%s", err, x)
		}
		if !reflect.DeepEqual(a.Content, b.Content) {
			t.Fatalf("round trip differs")
		}
		y, _ := b.Marshal()
		if !bytes.Equal(x, y) {
			t.Fatal("not canonical")
		}
		if _, err := a.PrintHTML(); err != nil {
			t.Fatal(err)
		}
	})
}
