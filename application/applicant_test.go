package application

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
)

func TestApplicantJSON(t *testing.T) {
	t.Parallel()
	a := testApplicant()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"surname":"Тестова","given_name":"Алёна","patronymic":"Петровна","snils":"112-233-445 95","inn":"500100732259","email":"alena@example.test","phone":"8 (916) 123-45-67","account_level":"confirmed"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Applicant
	if err := json.Unmarshal(b, &back); err != nil || back != a {
		t.Errorf("back %+v, %v", back, err)
	}
	for _, lvl := range []string{"simplified", "standard", "confirmed"} {
		var l AccountLevel
		if err := json.Unmarshal([]byte(`"`+lvl+`"`), &l); err != nil || l.String() != lvl || l.Russian() == "" {
			t.Errorf("%s: %v %v", lvl, l, err)
		}
	}
	var l AccountLevel
	if err := json.Unmarshal([]byte(`"gold"`), &l); err == nil {
		t.Error("unknown level accepted")
	}
	if _, err := json.Marshal(LevelUnknown); err == nil {
		t.Error("unknown level marshalled")
	}
}

func TestCheckApplicant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(*Applicant)
		failID string
	}{
		{"ok", func(*Applicant) {}, ""},
		{"standard", func(a *Applicant) { a.Level = LevelStandard }, "APP-ESIA-CONFIRMED"},
		{"simplified", func(a *Applicant) { a.Level = LevelSimplified }, "APP-ESIA-CONFIRMED"},
		{"unknown level", func(a *Applicant) { a.Level = LevelUnknown }, "APP-ESIA-CONFIRMED"},
		{"no surname", func(a *Applicant) { a.Surname = " " }, "APP-APPLICANT-NAME"},
		{"no given name", func(a *Applicant) { a.GivenName = "" }, "APP-APPLICANT-NAME"},
		{"no SNILS", func(a *Applicant) { a.SNILS = "" }, "APP-APPLICANT-SNILS"},
		{"bad SNILS", func(a *Applicant) { a.SNILS = "112-233-445 96" }, "APP-APPLICANT-SNILS"},
		{"bad INN", func(a *Applicant) { a.INN = "500100732258" }, "APP-APPLICANT-INN"},
		{"entity INN", func(a *Applicant) { a.INN = "7707083893" }, "APP-APPLICANT-INN"},
		{"no INN", func(a *Applicant) { a.INN = "" }, ""},
		{"bad email", func(a *Applicant) { a.Email = "alena@localhost" }, "APP-EMAIL"},
		{"bad phone", func(a *Applicant) { a.Phone = "+1 555 123 4567" }, "APP-PHONE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := testApplicant()
			tt.edit(&a)
			rs := CheckApplicant(a)
			if len(rs) != 6 {
				t.Fatalf("%d results", len(rs))
			}
			var failed []string
			for _, r := range rs {
				if r.Status == check.Fail {
					failed = append(failed, r.ID)
					if r.Citation == "" || r.Message == "" {
						t.Errorf("%s: no citation or message", r.ID)
					}
				}
			}
			switch {
			case tt.failID == "" && len(failed) > 0:
				t.Errorf("failed %v", failed)
			case tt.failID != "" && (len(failed) != 1 || failed[0] != tt.failID):
				t.Errorf("failed %v, want %s", failed, tt.failID)
			}
		})
	}
	r, _ := CheckApplicant(Applicant{Level: LevelStandard}).Find("APP-ESIA-CONFIRMED")
	if !strings.Contains(r.Message, "стандартная") || !strings.Contains(r.Citation, "№ 977") {
		t.Errorf("%+v", r)
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"+79161234567", "+79161234567"},
		{"8 (916) 123-45-67", "+79161234567"},
		{"7 916 123 45 67", "+79161234567"},
		{"+7 (495) 123.45.67", "+74951234567"},
		{"+8 916 123 45 67", ""},
		{"9161234567", ""},
		{"+791612345678", ""},
		{"+7916123456a", ""},
		{"7+9161234567", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestValidEmail(t *testing.T) {
	t.Parallel()
	good := []string{"a@b.ru", "ivan.petrov+egisz@mail.example.ru", "почта@пример.рф"}
	bad := []string{"", "a", "a@b", "a@.ru", "a@b.", "Ivan <a@b.ru>", "a b@c.ru", "a@b@c.ru", `"a@b"@c.ru`,
		"a@[127.0.0.1]", strings.Repeat("a", 250) + "@b.ru", "a@b.ru\n"}
	for _, s := range good {
		if err := ValidEmail(s); err != nil {
			t.Errorf("ValidEmail(%q): %v", s, err)
		}
	}
	for _, s := range bad {
		if ValidEmail(s) == nil {
			t.Errorf("ValidEmail(%q) accepted", s)
		}
	}
}

func TestMatchPerson(t *testing.T) {
	t.Parallel()
	a := testApplicant()
	name := func(sn, g, snils string) *certificate.Name {
		n := &certificate.Name{Surname: sn, GivenNames: g}
		if snils != "" {
			n.SNILS = certificate.Identifier{Present: true, Raw: snils, Value: snils}
		}
		return n
	}
	tests := []struct {
		name string
		n    *certificate.Name
		want check.Status
	}{
		{"exact", name("Тестова", "Алёна Петровна", "11223344595"), check.Pass},
		{"case and yo", name("ТЕСТОВА", "алена  петровна", "11223344595"), check.Pass},
		{"other surname same SNILS", name("Иванова", "Алёна Петровна", "11223344595"), check.Warn},
		{"other SNILS", name("Тестова", "Алёна Петровна", "08765430300"), check.Fail},
		{"no SNILS, same name", name("Тестова", "Алена Петровна", ""), check.Warn},
		{"no SNILS, other name", name("Тестова", "Анна Петровна", ""), check.Fail},
		{"no patronymic in cert", name("Тестова", "Алёна", "11223344595"), check.Warn},
		{"nil", nil, check.Fail},
	}
	for _, tt := range tests {
		r := MatchPerson(a, tt.n)
		if r.Status != tt.want || r.ID != "APP-PERSON-MATCH" || r.Message == "" {
			t.Errorf("%s: %v", tt.name, r)
		}
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	rs := Rules()
	if len(rs) != 26 {
		t.Errorf("%d rules", len(rs))
	}
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
	}
}
