package mchd_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
)

const (
	guidA = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"
	guidB = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
	guidC = "11111111-2222-4333-8444-555555555555"
)

func TestParseStatusFile(t *testing.T) {
	t.Parallel()
	data := `{
  "` + guidA + `": "active",
  "` + guidB + `": "revoked",
  "` + guidC + `": "suspended",
  "22222222-2222-4333-8444-555555555555": "expired",
  "33333333-2222-4333-8444-555555555555": "not_found",
  "44444444-2222-4333-8444-555555555555": "created",
  "55555555-2222-4333-8444-555555555555": "processing",
  "66666666-2222-4333-8444-555555555555": "rejected"
}`
	f, err := mchd.ParseStatusFile([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != 8 {
		t.Fatalf("Len %d", f.Len())
	}
	asOf := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	f.AsOf = asOf
	tests := []struct {
		number string
		want   mchd.RegistryStatus
		listed bool
	}{
		{guidA, mchd.StatusActive, true},
		{strings.ToUpper(guidA), mchd.StatusActive, true},
		{guidB, mchd.StatusRevoked, true},
		{strings.ToLower(guidB), mchd.StatusRevoked, true},
		{guidC, mchd.StatusSuspended, true},
		{"22222222-2222-4333-8444-555555555555", mchd.StatusExpired, true},
		{"33333333-2222-4333-8444-555555555555", mchd.StatusNotFound, true},
		{"44444444-2222-4333-8444-555555555555", mchd.StatusCreated, true},
		{"55555555-2222-4333-8444-555555555555", mchd.StatusProcessing, true},
		{"66666666-2222-4333-8444-555555555555", mchd.StatusRejected, true},
		{"77777777-2222-4333-8444-555555555555", "", false},
		{"not-a-guid", "", false},
		{"", "", false},
		{"{" + guidA + "}", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.number, func(t *testing.T) {
			t.Parallel()
			st, listed := f.Lookup(tc.number)
			if st != tc.want || listed != tc.listed {
				t.Errorf("Lookup = %s, %v; want %s, %v", st, listed, tc.want, tc.listed)
			}
			rep, err := f.Status(context.Background(), mchd.StatusQuery{Number: tc.number})
			if !tc.listed {
				if !errors.Is(err, mchd.ErrNotListed) || rep.Status != mchd.StatusUnavailable {
					t.Errorf("unlisted: Status = %+v, %v", rep, err)
				}
				return
			}
			if err != nil || rep.Status != tc.want || !rep.CheckedAt.Equal(asOf) || rep.Cached {
				t.Errorf("Status = %+v, %v", rep, err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := f.Status(ctx, mchd.StatusQuery{Number: guidA}); rep.Status != mchd.StatusUnavailable || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %+v, %v", rep, err)
	}
	var zero mchd.StatusFile
	if rep, err := zero.Status(context.Background(), mchd.StatusQuery{Number: guidA}); !errors.Is(err, mchd.ErrNotListed) || rep.Status != mchd.StatusUnavailable {
		t.Errorf("zero file: %+v, %v", rep, err)
	}
}

func TestParseStatusFileErrors(t *testing.T) {
	t.Parallel()
	entry := func(k, v string) string { return `{"` + k + `": ` + v + `}` }
	tests := []struct {
		name  string
		data  string
		class error
		entry string // the entry the error names
		ru    string // part of the Russian message
	}{
		{"empty", "", mchd.ErrEmpty, "", "пуст"},
		{"blank", " \n\t", mchd.ErrEmpty, "", "пуст"},
		{"too large", `{"` + guidA + `": "active"` + strings.Repeat(" ", mchd.MaxStatusFileSize) + `}`, mchd.ErrTooLarge, "", "велик"},
		{"array", `["` + guidA + `"]`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"string", `"active"`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"number", `42`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"null", `null`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"not json", `{active}`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"truncated", `{"` + guidA + `": "active"`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"truncated value", `{"` + guidA + `": `, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"trailing comma", `{"` + guidA + `": "active",}`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"two objects", `{} {}`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"trailing garbage", `{} x`, mchd.ErrStatusFileSyntax, "", "JSON-объект"},
		{"number value", entry(guidA, "1"), mchd.ErrStatusFileEntry, guidA, "строкой"},
		{"null value", entry(guidA, "null"), mchd.ErrStatusFileEntry, guidA, "строкой"},
		{"object value", entry(guidA, `{"status":"active"}`), mchd.ErrStatusFileEntry, guidA, "строкой"},
		{"short guid", entry("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6", `"active"`), mchd.ErrStatusFileEntry, "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6", "GUID"},
		{"braced guid", entry("{"+guidA+"}", `"active"`), mchd.ErrStatusFileEntry, "{" + guidA + "}", "GUID"},
		{"no dashes", entry("6f1c2a9e3b4d4e5f8a7b1c2d3e4f5a6b0000", `"active"`), mchd.ErrStatusFileEntry, "6f1c2a9e3b4d4e5f8a7b1c2d3e4f5a6b0000", "GUID"},
		{"non-hex", entry("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6g", `"active"`), mchd.ErrStatusFileEntry, "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6g", "GUID"},
		{"empty key", entry("", `"active"`), mchd.ErrStatusFileEntry, "", "GUID"},
		{"unknown status", entry(guidA, `"valid"`), mchd.ErrStatusFileEntry, guidA, "«valid»"},
		{"upper-case status", entry(guidA, `"ACTIVE"`), mchd.ErrStatusFileEntry, guidA, "«ACTIVE»"},
		{"unavailable", entry(guidA, `"unavailable"`), mchd.ErrStatusFileEntry, guidA, "«unavailable»"},
		{"empty status", entry(guidA, `""`), mchd.ErrStatusFileEntry, guidA, "неизвестный статус"},
		{"duplicate", `{"` + guidA + `": "active", "` + guidA + `": "active"}`, mchd.ErrStatusFileEntry, guidA, "дважды"},
		{"duplicate case", `{"` + guidA + `": "active", "` + strings.ToUpper(guidA) + `": "revoked"}`, mchd.ErrStatusFileEntry, strings.ToUpper(guidA), "дважды"},
		{"second entry bad", `{"` + guidA + `": "active", "` + guidC + `": "gone"}`, mchd.ErrStatusFileEntry, guidC, guidC},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := mchd.ParseStatusFile([]byte(tc.data))
			var fe *mchd.StatusFileError
			if !errors.As(err, &fe) || !errors.Is(err, tc.class) || !errors.Is(err, mchd.ErrStatusFile) {
				t.Fatalf("err = %v, want %v", err, tc.class)
			}
			if f.Len() != 0 {
				t.Errorf("entries with an error: %d", f.Len())
			}
			if fe.Entry != tc.entry {
				t.Errorf("Entry = %q, want %q", fe.Entry, tc.entry)
			}
			if tc.entry != "" && !strings.Contains(err.Error(), tc.entry) {
				t.Errorf("Error() does not name the entry: %v", err)
			}
			if ru := check.MessageRU(err, ""); !strings.Contains(ru, tc.ru) {
				t.Errorf("MessageRU = %q, want it to contain %q", ru, tc.ru)
			}
		})
	}
}

func TestStatusFileRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"` + guidB + `": "revoked", "` + guidA + `": "active", "` + guidC + `": "suspended"}`
	f, err := mchd.ParseStatusFile([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n" +
		`  "` + strings.ToLower(guidB) + `": "revoked",` + "\n" +
		`  "` + guidC + `": "suspended",` + "\n" +
		`  "` + guidA + `": "active"` + "\n}"
	if string(out) != want {
		t.Fatalf("MarshalJSON:\n%s\nwant\n%s", out, want)
	}
	again, err := mchd.ParseStatusFile(out)
	if err != nil || again.Len() != f.Len() {
		t.Fatalf("reparse: %v (%d entries)", err, again.Len())
	}
	var empty mchd.StatusFile
	if b, _ := empty.MarshalJSON(); string(b) != "{}" {
		t.Errorf("empty: %s", b)
	}
	n := 0
	for range f.All() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("All does not stop: %d", n)
	}
}

func TestStatusFileCheckStatus(t *testing.T) {
	t.Parallel()
	s := spec(22, mchd.ShapeHead)
	s.Number = strings.ToUpper(s.Number)
	d := mustParse(t, build(t, s))
	tests := []struct {
		file string
		want check.Status
	}{
		{`{"` + strings.ToLower(s.Number) + `": "active"}`, check.Pass},
		{`{"` + s.Number + `": "suspended"}`, check.Fail},
		{`{"` + s.Number + `": "revoked"}`, check.Fail},
		{`{"` + s.Number + `": "expired"}`, check.Fail},
		{`{"` + s.Number + `": "processing"}`, check.Warn},
		{`{"` + s.Number + `": "not_found"}`, check.Fail},
		{`{}`, check.Indeterminate},
	}
	for _, tc := range tests {
		f, err := mchd.ParseStatusFile([]byte(tc.file))
		if err != nil {
			t.Fatal(err)
		}
		r := mchd.CheckStatus(context.Background(), f, d)
		if r.Status != tc.want {
			t.Errorf("%s: %s", tc.file, r)
		}
		if tc.want == check.Indeterminate && (r.Outcome != "not-listed" || r.Waiver != check.WaiveRegistry) {
			t.Errorf("unlisted: %s", r)
		}
	}
}
