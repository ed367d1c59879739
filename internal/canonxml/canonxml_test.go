package canonxml

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestWriter(t *testing.T) {
	t.Parallel()
	var w Writer
	w.Declaration()
	w.Start("Doc", "a", `x"<&>`+"\t\n")
	w.Leaf("Text", "1 < 2 & \"q\"\r\n\tend", false)
	w.Leaf("Optional", "", true)
	w.Empty("E", "k", "v")
	w.End("Doc")
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<Doc a="x&quot;&lt;&amp;&gt;&#x9;&#xA;">` + "\n" +
		`  <Text>1 &lt; 2 &amp; "q"&#xD;&#xA;&#x9;end</Text>` + "\n" +
		`  <E k="v"/>` + "\n" +
		"</Doc>\n"
	if got := string(w.Bytes()); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// A parser reads back exactly what was written.
	var doc struct {
		A    string `xml:"a,attr"`
		Text string
	}
	if err := xml.Unmarshal(w.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.A != `x"<&>`+"\t\n" || doc.Text != "1 < 2 & \"q\"\r\n\tend" {
		t.Fatalf("read back %q, %q", doc.A, doc.Text)
	}
}

func TestValidText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    string
		max  int
		want string // "" for valid, else a part of the error
	}{
		{"Главный врач", 20, ""},
		{"", 5, "empty"},
		{"   ", 5, "empty"},
		{"\xff", 5, "UTF-8"},
		{"абвгде", 5, "at most 5"},
		{" a", 5, "spaces"},
		{"a\tb", 5, "control"},
		{"a\uFFFEb", 5, "invalid character"},
	} {
		err := ValidText(tc.s, tc.max)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.s, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v, want an error with %q", tc.s, err, tc.want)
		}
	}
}

func TestCheckTimeAndDate(t *testing.T) {
	t.Parallel()
	msk := time.FixedZone("MSK", 3*3600)
	for _, tc := range []struct {
		name       string
		t          time.Time
		time, date string // the problem each reports, "" for none
	}{
		{"whole UTC second", time.Date(2026, 12, 6, 9, 15, 30, 0, time.UTC), "", "x: not a date"},
		{"UTC midnight", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), "", ""},
		{"zero", time.Time{}, "x: not set", "x: not set"},
		{"fraction", time.Date(2026, 12, 6, 0, 0, 0, 5, time.UTC), "x: not UTC whole seconds", "x: not UTC whole seconds"},
		{"other zone", time.Date(2026, 12, 6, 0, 0, 0, 0, msk), "x: not UTC whole seconds", "x: not UTC whole seconds"},
		{"before 1970", time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), "x: year out of range", "x: year out of range"},
		{"five-digit year", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "x: year out of range", "x: year out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var p, q []string
			CheckTime(&p, "x", tc.t)
			CheckDate(&q, "x", tc.t)
			if strings.Join(p, "; ") != tc.time || strings.Join(q, "; ") != tc.date {
				t.Errorf("CheckTime %q, CheckDate %q; want %q, %q", p, q, tc.time, tc.date)
			}
		})
	}
}
