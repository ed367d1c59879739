package ident

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	t.Parallel()
	str := func(v interface{ String() string }, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return v.String(), nil
	}
	tests := []struct {
		name   string
		gen    func(string) (string, error)
		prefix string
		want   string
		reason Reason // 0: success
	}{
		{"INN10 full body", func(p string) (string, error) { return str(CompleteINN10(p)) }, "770708389", "7707083893", 0},
		{"INN10 padded", func(p string) (string, error) { return str(CompleteINN10(p)) }, "77", "7700000009", 0},
		{"INN10 empty prefix → 00", func(p string) (string, error) { return str(CompleteINN10(p)) }, "", "", ReasonLeadingZeros},
		{"INN10 prefix too long", func(p string) (string, error) { return str(CompleteINN10(p)) }, "7707083893", "", ReasonPrefix},
		{"INN10 non-digit", func(p string) (string, error) { return str(CompleteINN10(p)) }, "77x", "", ReasonPrefix},
		{"INN12 full body", func(p string) (string, error) { return str(CompleteINN12(p)) }, "5001007322", "500100732259", 0},
		{"INN12 fullwidth", func(p string) (string, error) { return str(CompleteINN12(p)) }, "５", "", ReasonPrefix},
		{"OGRN full body", func(p string) (string, error) { return str(CompleteOGRN(p)) }, "102770013219", "1027700132195", 0},
		{"OGRN empty prefix", func(p string) (string, error) { return str(CompleteOGRN(p)) }, "", "0000000000000", 0},
		{"OGRN too long", func(p string) (string, error) { return str(CompleteOGRN(p)) }, "1027700132195", "", ReasonPrefix},
		{"OGRNIP full body", func(p string) (string, error) { return str(CompleteOGRNIP(p)) }, "30450011600015", "304500116000157", 0},
		{"OGRNIP all nines", func(p string) (string, error) { return str(CompleteOGRNIP(p)) }, "99999999999999", "999999999999998", 0},
		{"SNILS full body", func(p string) (string, error) { return str(CompleteSNILS(p)) }, "112233445", "112-233-445 95", 0},
		{"SNILS sum 101", func(p string) (string, error) { return str(CompleteSNILS(p)) }, "001437544", "001-437-544 00", 0},
		{"SNILS unchecked range", func(p string) (string, error) { return str(CompleteSNILS(p)) }, "001", "001-000-000 07", 0},
		{"SNILS too long", func(p string) (string, error) { return str(CompleteSNILS(p)) }, "1122334459", "", ReasonPrefix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.gen(tt.prefix)
			if tt.reason != 0 {
				wantErr(t, err, ErrFormat, tt.reason)
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestRandomGenerators(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		checkGenerated(t, r)
	}
	// A nil source uses the global one and must work too.
	checkGenerated(t, nil)
}

// checkGenerated draws one value from every Random* generator and checks the
// parsers accept it unchanged.
func checkGenerated(t *testing.T, r *rand.Rand) {
	t.Helper()
	if v := RandomINN10(r); v.Kind() != INNLegalEntity || !reparses(ParseINNLE, v) || !reparses(ParseINN, v) {
		t.Fatalf("RandomINN10 = %q", v)
	}
	if v := RandomINN12(r); v.Kind() != INNPerson || !reparses(ParseINNPerson, v) || !reparses(ParseINN, v) {
		t.Fatalf("RandomINN12 = %q", v)
	}
	if v := RandomOGRN(r); v.IsZero() || !reparses(ParseOGRN, v) || !strings.ContainsAny(v.String()[:1], "15") {
		t.Fatalf("RandomOGRN = %q", v)
	}
	if v := RandomOGRNIP(r); v.IsZero() || !reparses(ParseOGRNIP, v) || v.String()[0] != '3' {
		t.Fatalf("RandomOGRNIP = %q", v)
	}
	if v := RandomSNILS(r); !v.ChecksumApplies() || !reparses(ParseSNILSMCHD, v) || !reparses(ParseSNILS, v) {
		t.Fatalf("RandomSNILS = %q", v)
	}
	if v := RandomKPP(r); v.IsZero() || !reparses(ParseKPP, v) {
		t.Fatalf("RandomKPP = %q", v)
	}
}

// reparses reports whether v is non-zero and parse(v.String()) returns v.
func reparses[T interface {
	comparable
	String() string
}](parse func(string) (T, error), v T) bool {
	var zero T
	got, err := parse(v.String())
	return v != zero && err == nil && got == v
}

func TestRandomReproducible(t *testing.T) {
	t.Parallel()
	a := rand.New(rand.NewPCG(7, 7))
	b := rand.New(rand.NewPCG(7, 7))
	for range 100 {
		if RandomINN12(a) != RandomINN12(b) || RandomSNILS(a) != RandomSNILS(b) {
			t.Fatal("same seed gave different values")
		}
	}
}
