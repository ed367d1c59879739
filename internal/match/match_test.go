package match

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestDigits(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"7743321818", "7743321818"},
		{"794-026-542 20", "79402654220"},
		{" 77 43 ", "7743"},
		{"ИНН: 12", "12"},
		{"١٢", ""}, // non-ASCII digits are not identifiers
	}
	for _, tt := range tests {
		if got := Digits(tt.in); got != tt.want {
			t.Errorf("Digits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Пётр", "ПЕТР"},
		{"  ёлкин   Семён ", "ЕЛКИН СЕМЕН"},
		{"ПЕТРОВА\tАННА", "ПЕТРОВА АННА"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Random strings of letters, spaces of every kind and invalid bytes:
	// the same as the composition of the standard functions.
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"ё", "Ё", "е", "a", "ß", "ǅ", " ", "\t", "\u00a0", "\u2003", "\u3000", "\n", "\xff", "\xd0", "ПЁТР", "ﬀ", "ı"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if got, want := Name(b.String()), nameReference(b.String()); got != want {
			t.Fatalf("Name(%q) = %q, want %q", b.String(), got, want)
		}
	}
}

// nameReference is Name as it was first written: the oracle of the
// one-pass version.
func nameReference(s string) string {
	s = strings.Map(func(r rune) rune {
		r = unicode.ToUpper(r)
		if r == 'Ё' {
			return 'Е'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// FuzzName: Name agrees with the reference on any input.
func FuzzName(f *testing.F) {
	f.Add("  ёлкин   Семён ")
	f.Add("\xffПётр\u00a0ИВАНОВИЧ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Name(s), nameReference(s); got != want {
			t.Fatalf("Name(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestIDs(t *testing.T) {
	t.Parallel()
	ids := IDs(
		Pair{Field: SNILS, Doc: "794-026-542 20", Cert: "79402654220"},
		Pair{Field: INN, Doc: "773511615589", Cert: "773511615580"},
		Pair{Field: OGRN, Doc: "", Cert: "1227796001333"},
		Pair{Field: INNLE, Doc: " 7743321818 ", Cert: ""},
		Pair{Field: OGRNIP},
	)
	want := []State{Match, Conflict, MissingDoc, MissingCert, Absent}
	for i, id := range ids {
		if id.State != want[i] {
			t.Errorf("%s: state %d, want %d", id.Field, id.State, want[i])
		}
	}
	if ids[3].Raw != "7743321818" || ids[0].Doc != "79402654220" {
		t.Errorf("values: %+v", ids)
	}
	if Count(ids, Match) != 1 || len(Of(ids, Conflict)) != 1 || Of(ids, Conflict)[0].Field != INN {
		t.Error("Count/Of")
	}
	for _, f := range []Field{SNILS, INN, INNLE, OGRN, OGRNIP, 0} {
		if f.Russian() == "" || f.String() == "" {
			t.Errorf("field %d has no name", f)
		}
	}
}

func TestComparePerson(t *testing.T) {
	t.Parallel()
	cert := Person{Surname: "СЕМЁНОВА", GivenNames: "Анна Сергеевна", SNILS: "79402654220", INN: "773511615589"}
	tests := []struct {
		name                      string
		doc                       Person
		matched, conflicts, miss  int
		known, nameMatch          bool
		surname, first, middleDif bool
	}{
		{"same, Ё and case folded", Person{Surname: "Семенова", GivenNames: GivenNames("АННА", "СЕРГЕЕВНА"), SNILS: "794-026-542 20", INN: "773511615589"},
			2, 0, 0, true, true, false, false, false},
		{"other patronymic", Person{Surname: "СЕМЕНОВА", GivenNames: "АННА ПЕТРОВНА", SNILS: "794-026-542 20"},
			1, 0, 1, true, false, false, false, true},
		{"other СНИЛС", Person{Surname: "СЕМЕНОВА", GivenNames: "АННА СЕРГЕЕВНА", SNILS: "794-026-542 21", INN: "773511615589"},
			1, 1, 0, true, true, false, false, false},
		{"no name", Person{SNILS: "79402654220"}, 1, 0, 1, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := ComparePerson(tt.doc, cert)
			if o.Matched() != tt.matched || o.Conflicts() != tt.conflicts || o.Missing() != tt.miss {
				t.Errorf("ids matched %d conflicts %d missing %d", o.Matched(), o.Conflicts(), o.Missing())
			}
			if o.NameKnown != tt.known || o.NameMatch != tt.nameMatch ||
				o.SurnameDiffers != tt.surname || o.FirstDiffers != tt.first || o.MiddleDiffers != tt.middleDif {
				t.Errorf("name: %+v", o)
			}
		})
	}
}

func TestBest(t *testing.T) {
	t.Parallel()
	cert := Person{Surname: "ПЕТРОВА", GivenNames: "АННА СЕРГЕЕВНА", SNILS: "79402654220", INN: "773511615589"}
	candidates := []Person{
		{Surname: "ПЕТРОВА", GivenNames: "АННА СЕРГЕЕВНА", SNILS: "11111111111"},            // name, but a conflict
		{Surname: "ИВАНОВ", GivenNames: "ИВАН ИВАНОВИЧ"},                                    // nothing
		{Surname: "ПЕТРОВА", GivenNames: "АННА СЕРГЕЕВНА", SNILS: "794-026-542 20"},         // one id and the name
		{Surname: "ПЕТРОВА", GivenNames: "АННА", SNILS: "79402654220", INN: "773511615589"}, // two ids
	}
	if i, o := Best(candidates, cert); i != 3 || o.Matched() != 2 {
		t.Errorf("Best = %d %+v, want 3", i, o)
	}
	if i, _ := Best(candidates[:3], cert); i != 2 {
		t.Errorf("Best of the first three = %d, want 2", i)
	}
	if i, _ := Best(candidates[:2], cert); i != 1 {
		t.Errorf("a conflict must lose to no evidence: got %d, want 1", i)
	}
	if i, _ := Best(nil, cert); i != -1 {
		t.Errorf("Best(nil) = %d", i)
	}
}
