package mchd

import (
	"fmt"
	"testing"
)

func FuzzParse(f *testing.F) {
	if b, err := readSampleBytes(); err == nil {
		f.Add(b)
	}
	for i, sh := range []Shape{ShapeHead, ShapeManagingOrganisation, ShapeEntrepreneur} {
		f.Add(build(f, spec(uint64(100+i), sh)))
	}
	f.Add([]byte(retrustXML))
	for _, tc := range badInputs(f) {
		if len(tc.data) < 1<<16 {
			f.Add(tc.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, ParseOptions{})
		if err != nil {
			if d != nil {
				t.Fatal("document with error")
			}
			return
		}
		rs := Validate(d, ValidateOptions{At: inside, FileName: "x.xml"})
		if len(rs) == 0 {
			t.Fatal("no results")
		}
		_ = d.Head()
		_ = d.ManagingOrganisation()
		_, _ = d.FindPower(DefaultPowerCode)
		_ = QueryFor(d)
	})
}

// benchSpec is a head-shape МЧД of about 5 KB: several powers with
// restrictions.
func benchDoc(tb testing.TB) []byte {
	s := spec(99, ShapeHead)
	s.Powers = []Power{{Code: DefaultPowerCode, Name: DefaultPowerName, Restrictions: []Restriction{
		{ID: "1", Code: "EGISZ_SUBSYS", Name: "Подсистема ЕГИСЗ", ValueText: "ФРМР"},
	}}}
	for i := 1; len(s.Powers) < 8; i++ {
		s.Powers = append(s.Powers, Power{
			Code: fmt.Sprintf("SYNTH_POWER_%02d", i), Name: fmt.Sprintf("Синтетическое полномочие номер %d для теста", i),
			Restrictions: []Restriction{{ID: "1", Code: "LIMIT", Name: "Ограничение", ValueCode: "01"}},
		})
	}
	b := build(tb, s)
	return b
}

func TestBenchDocSize(t *testing.T) {
	t.Parallel()
	n := len(benchDoc(t))
	if n < 4500 || n > 6500 {
		t.Errorf("bench document is %d bytes, want ≈5 KB", n)
	}
}

func BenchmarkParse(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	d := mustParse(b, benchDoc(b))
	opts := ValidateOptions{At: inside, FileName: d.FileID + ".xml"}
	b.ReportAllocs()
	for b.Loop() {
		if Validate(d, opts).Failed() {
			b.Fatal("failed")
		}
	}
}
