package mchd_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

func FuzzParse(f *testing.F) {
	if b, err := readSampleBytes(); err == nil {
		f.Add(b)
	}
	for i, sh := range []mchd.Shape{mchd.ShapeHead, mchd.ShapeManagingOrganisation, mchd.ShapeEntrepreneur} {
		f.Add(build(f, spec(uint64(100+i), sh)))
	}
	f.Add([]byte(retrustXML))
	for _, tc := range badInputs(f) {
		if len(tc.data) < 1<<16 {
			f.Add(tc.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := mchd.Parse(data, mchd.ParseOptions{})
		if err != nil {
			if d != nil {
				t.Fatal("document with error")
			}
			return
		}
		rs := mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{FileName: "x.xml"}})
		if len(rs) == 0 {
			t.Fatal("no results")
		}
		_ = d.Head()
		_ = d.ManagingOrganisation()
		_, _ = d.FindPower(mchd.DefaultPowerCode)
		_ = mchd.QueryFor(d)
	})
}

// benchSpec is a head-shape МЧД of about 5 KB: several powers with
// restrictions.
func benchDoc(tb testing.TB) []byte {
	s := spec(99, mchd.ShapeHead)
	s.Powers = []mchd.Power{{Code: mchd.DefaultPowerCode, Name: mchd.DefaultPowerName, Restrictions: []mchd.Restriction{
		{ID: "1", Code: "EGISZ_SUBSYS", Name: "Подсистема ЕГИСЗ", ValueText: "ФРМР"},
	}}}
	for i := 1; len(s.Powers) < 8; i++ {
		s.Powers = append(s.Powers, mchd.Power{
			Code: fmt.Sprintf("SYNTH_POWER_%02d", i), Name: fmt.Sprintf("Синтетическое полномочие номер %d для теста", i),
			Restrictions: []mchd.Restriction{{ID: "1", Code: "LIMIT", Name: "Ограничение", ValueCode: "01"}},
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
		if _, err := mchd.Parse(data, mchd.ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchemaValidate is the reference for BenchmarkParse: libxml2's
// parse and XSD validation (internal/xsd, the embedded schema, as
// MCHD-SCHEMA runs it) of the same 5 KB МЧД.
func BenchmarkSchemaValidate(b *testing.B) {
	data := benchDoc(b)
	s := mchd.SchemaOwn()
	if err := s.ValidateXML(data); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.ValidateXML(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate: every rule plus MCHD-SCHEMA with the embedded schema
// on a 5 KB МЧД.
func BenchmarkValidate(b *testing.B) {
	d := mustParse(b, benchDoc(b))
	opts := mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{FileName: d.FileID + ".xml"}}
	if r, _ := mchd.Validate(d, opts).Find("MCHD-SCHEMA"); r.Status != check.Pass {
		b.Fatal(r)
	}
	b.ReportAllocs()
	for b.Loop() {
		if mchd.Validate(d, opts).Failed() {
			b.Fatal("failed")
		}
	}
}

// BenchmarkVerifySigned: parse, schema and rules, signature verification
// (Streebog-256, GOST R 34.10-2012 256) and signer binding with the profile
// checks, on a 5 KB МЧД signed by the head.
func BenchmarkVerifySigned(b *testing.B) {
	p := testPKI(b)
	s := p.specs[mchd.ShapeHead]
	s.Powers = nil
	doc := benchDocFrom(b, s)
	sig := signDoc(b, doc, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false)
	opts := p.verifyOpts()
	if rep := mchd.VerifySigned(doc, sig, opts); rep.Verdict != check.Pass {
		b.Fatal(rep.Text())
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if mchd.VerifySigned(doc, sig, opts).Verdict == check.Fail {
			b.Fatal("failed")
		}
	}
}

// benchDocFrom is benchDoc for another spec: the same eight powers.
func benchDocFrom(tb testing.TB, s mchdtest.Spec) []byte {
	tb.Helper()
	s.Powers = []mchd.Power{{Code: mchd.DefaultPowerCode, Name: mchd.DefaultPowerName}}
	for i := 1; len(s.Powers) < 8; i++ {
		s.Powers = append(s.Powers, mchd.Power{
			Code: fmt.Sprintf("SYNTH_POWER_%02d", i), Name: fmt.Sprintf("Синтетическое полномочие номер %d для теста", i),
			Restrictions: []mchd.Restriction{{ID: "1", Code: "LIMIT", Name: "Ограничение", ValueCode: "01"}},
		})
	}
	return build(tb, s)
}

// FuzzSchemaValidate feeds random bytes and mutated fixtures to the
// embedded schema: no panic, every rejection is a *SchemaError with at
// least one diagnostic, and validation through a tree gives the same answer.
func FuzzSchemaValidate(f *testing.F) {
	for _, b := range validFixtures(f) {
		f.Add(b)
	}
	for _, m := range mutations(f) {
		f.Add(m.doc)
	}
	f.Add([]byte{})
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"))
	s := mchd.SchemaOwn()
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := streamDiffers(s, data); d != "" {
			t.Fatalf("stream and tree differ: %s", d)
		}
		err := s.ValidateXML(data)
		if err == nil {
			// A valid document must also parse and go through the rules.
			if d, perr := mchd.Parse(data, mchd.ParseOptions{}); perr == nil {
				_ = mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{SkipSchema: true}})
			}
			return
		}
		var se *mchd.SchemaError
		if !asSchemaError(err, &se) {
			if !bytes.Contains([]byte(err.Error()), []byte("too large")) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		if len(se.Problems) == 0 {
			t.Fatalf("no diagnostics: %v", err)
		}
		for _, p := range se.Problems {
			_ = p.Russian()
		}
	})
}

func asSchemaError(err error, target **mchd.SchemaError) bool {
	se, ok := err.(*mchd.SchemaError)
	if ok {
		*target = se
	}
	return ok
}

// FuzzParseStatusFile: ParseStatusFile never panics; an error is a
// *StatusFileError with a Russian message and no entries; an accepted file
// lists only answered statuses, finds each entry in either case, and
// survives MarshalJSON and a second parse unchanged.
func FuzzParseStatusFile(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active"}`,
		`{"6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B": "revoked", "11111111-2222-4333-8444-555555555555": "suspended"}`,
		`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active", "6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B": "expired"}`,
		`{"x": "not_found"}`,
		`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": 1}`,
		`[] {}`,
		`{"\u0036f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "created"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := mchd.ParseStatusFile(data)
		if err != nil {
			var fe *mchd.StatusFileError
			if !errors.As(err, &fe) || fe.MessageRU() == "" || !errors.Is(err, mchd.ErrStatusFile) || sf.Len() != 0 {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		n := 0
		for num, st := range sf.All() {
			n++
			if !st.Answered() {
				t.Fatalf("%s: status %q", num, st)
			}
			for _, q := range []string{num, strings.ToUpper(num)} {
				if got, ok := sf.Lookup(q); !ok || got != st {
					t.Fatalf("Lookup(%s) = %s, %v; want %s", q, got, ok, st)
				}
			}
		}
		if n != sf.Len() {
			t.Fatalf("All gave %d of %d", n, sf.Len())
		}
		out, _ := sf.MarshalJSON()
		again, err := mchd.ParseStatusFile(out)
		if err != nil {
			t.Fatalf("reparse: %v\n%s", err, out)
		}
		out2, _ := again.MarshalJSON()
		if !bytes.Equal(out, out2) {
			t.Fatalf("round trip:\n%s\n%s", out, out2)
		}
	})
}

// FuzzHTTPStatusAnswer: the reader of a check service's answer never
// panics, and gives either an error or a status the registry could have
// given (never "unavailable" or an unknown word as a status).
func FuzzHTTPStatusAnswer(f *testing.F) {
	for _, s := range []string{
		`{"status": "active"}`,
		`{"status": "Отменена", "number": "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "checked_at": "2026-03-01T12:00:00+03:00"}`,
		`{"data": {"status": "suspended"}, "status": "x"}`,
		`{"status": "active", "status": "revoked"}`,
		`{"a": [1, {"b": null}], "status": "NOT_FOUND"}`,
		`[]`,
		`{"status": 1} {}`,
	} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte(`{"data": {"status": "suspended"}}`), "data.status")
	q := mchd.StatusQuery{Number: "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"}
	f.Fuzz(func(t *testing.T, body []byte, field string) {
		rep, err := mchd.ParseStatusAnswer(&mchd.HTTPStatus{StatusField: field}, body, q)
		if err == nil && !rep.Status.Answered() {
			t.Fatalf("status %q without an error", rep.Status)
		}
		if err != nil && rep.Status != "" {
			t.Fatalf("status %q with an error", rep.Status)
		}
	})
}
