package xsd

import (
	"strings"
	"testing"
)

// BenchmarkValidate parses and validates the synthetic МЧД (2.7 KB) against
// the official schema.
func BenchmarkValidate(b *testing.B) {
	s, sample := mchd(b)
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(sample); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateTree is BenchmarkValidate by the tree path (parse into a
// tree, then validate the tree), for comparison in one binary.
func BenchmarkValidateTree(b *testing.B) {
	s, sample := mchd(b)
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.ValidateTree(sample); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateParallel is BenchmarkValidate on all Ps at once, sharing
// the schema.
func BenchmarkValidateParallel(b *testing.B) {
	s, sample := mchd(b)
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Validate(sample); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkValidateRepresentative validates the representative's МЧД fixture
// (2.7 KB) against the project's own schema, embedded in package mchd: what
// mchd.Validate does per upload.
func BenchmarkValidateRepresentative(b *testing.B) {
	s := compile(b, string(mustRead(b, "../../mchd/schema/emchd1.xsd")), Config{Name: "emchd1.xsd"})
	doc := mustRead(b, "../../testdata/fixtures/mchd/representative.xml")
	if err := s.Validate(doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateInvalid measures a document with one violation (the
// diagnostic crosses into Go).
func BenchmarkValidateInvalid(b *testing.B) {
	s, sample := mchd(b)
	doc := []byte(strings.Replace(string(sample), `ИННЮЛ="7743321818"`, `ИННЮЛ="0043321818"`, 1))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(doc); err == nil {
			b.Fatal("valid?")
		}
	}
}

// BenchmarkValidate5KB validates a 5 KB МЧД (the sample with its
// representative repeated) against the official schema; the reference figure
// for lestrrat-go/libxml2 is ≈60 µs for a 5 KB parse + validate.
func BenchmarkValidate5KB(b *testing.B) {
	s, sample := mchd(b)
	doc := string(sample)
	start, end := strings.Index(doc, "      <СвУпПред"), strings.Index(doc, "</СвУпПред>")+len("</СвУпПред>\n")
	block := doc[start:end]
	for len(doc) < 5000 {
		doc = doc[:end] + block + doc[end:]
	}
	d := []byte(doc)
	if err := s.Validate(d); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateEnumeration5KB validates 5 KB of the test schema's
// elements, each checking a 200-value enumeration (libxml2 compares the
// value with each member in turn).
func BenchmarkValidateEnumeration5KB(b *testing.B) {
	s := testSchema(b)
	var doc strings.Builder
	doc.WriteString(`<Заявка xmlns="urn:registrar:test" Версия="1.0">` + "\n")
	for doc.Len() < 5000 {
		doc.WriteString(`  <Организация ИНН="7743321818" КПП="770101001" Вид="ЮЛ" Код="Код-значение-150"/>` + "\n")
	}
	doc.WriteString("</Заявка>\n")
	d := []byte(doc.String())
	b.SetBytes(int64(len(d)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile compiles the official МЧД schema (91 KB).
func BenchmarkCompile(b *testing.B) {
	mchd(b)
	xsd := mustRead(b, mchdDir+"/ON_EMCHD_1_928_00_01_01_01.xsd")
	b.ReportAllocs()
	for b.Loop() {
		s, err := Compile(xsd, Config{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkPrescan measures the Go pass that runs before libxml2.
func BenchmarkPrescan(b *testing.B) {
	_, sample := mchd(b)
	b.SetBytes(int64(len(sample)))
	for b.Loop() {
		if err := prescan(sample, DefaultMaxAttributes, DefaultMaxNamespaces); err != nil {
			b.Fatal(err)
		}
	}
}
