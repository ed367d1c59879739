package mchd_test

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

const samplePath = "/work/shared/reference/data/mchd/synthetic/ON_EMCHD_20250101_bdd640fb-0667-4ad1-9c80-317fa3b1799d.xml"

var (
	issue  = mchd.MustDate("2025-01-01")
	expiry = mchd.MustDate("2026-01-01")
	inside = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skipf("sample not available: %v", err)
	}
	return b
}

func spec(seed uint64, sh mchd.Shape) mchdtest.Spec {
	return mchdtest.Synthetic(rand.New(rand.NewPCG(seed, 42)), sh, issue, expiry)
}

func build(t testing.TB, s mchdtest.Spec) []byte {
	t.Helper()
	b, err := mchdtest.Build(s)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

func mustParse(t testing.TB, b []byte) *mchd.Document {
	t.Helper()
	d, err := mchd.Parse(b, mchd.ParseOptions{})
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, b)
	}
	return d
}

func replace(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("mutation: %q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// duplicate repeats the first match of the element name (with its content)
// after itself, applying edit to the copy.
func duplicate(t testing.TB, s, name string, edit func(string) string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<` + name + `[ >].*?</` + name + `>`)
	loc := re.FindStringIndex(s)
	if loc == nil {
		t.Fatalf("duplicate: %s not found", name)
	}
	block := s[loc[0]:loc[1]]
	return s[:loc[1]] + edit(block) + s[loc[1]:]
}

func mustFind(t testing.TB, rs check.Results, id string) check.Result {
	t.Helper()
	r, ok := rs.Find(id)
	if !ok {
		t.Fatalf("no result %s in %v", id, rs)
	}
	return r
}

func noFailures(t testing.TB, rs check.Results) {
	t.Helper()
	for _, r := range rs {
		if r.Status == check.Fail {
			t.Errorf("unexpected failure: %s", r)
		}
	}
}

func readSampleBytes() ([]byte, error) { return os.ReadFile(samplePath) }
