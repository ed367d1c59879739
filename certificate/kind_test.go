package certificate_test

import (
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/ident"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	head := p.ee[certtest.PresetLegalEntityHead].Subject
	ip := p.ee[certtest.PresetEntrepreneur].Subject
	fl := p.ee[certtest.PresetPerson].Subject
	only := func(spec certtest.NameSpec) func(*certtest.Template) {
		return func(tm *certtest.Template) { tm.Subject = spec }
	}
	tests := []struct {
		name   string
		mutate func(*certtest.Template)
		preset certtest.Preset
		kind   certificate.Kind
		reason string // substring of the Russian reason
		person bool
	}{
		{"ЮЛ head preset", nil, certtest.PresetLegalEntityHead, certificate.KindLegalEntity, "ОГРН", true},
		{"ИП preset", nil, certtest.PresetEntrepreneur, certificate.KindEntrepreneur, "ОГРНИП", false},
		{"ФЛ preset", nil, certtest.PresetPerson, certificate.KindPerson, "СНИЛС и ИНН", false},
		{"OGRNIP wins over OGRN", only(certtest.NameSpec{CommonName: "x", OGRNIP: ip.OGRNIP.Value, OGRN: head.OGRN.Value}), certtest.PresetPerson, certificate.KindEntrepreneur, "ОГРНИП", false},
		{"ЮЛ by INNLE", only(certtest.NameSpec{CommonName: "x", INNLE: head.INNLE.Value}), certtest.PresetPerson, certificate.KindLegalEntity, "INNLE", false},
		{"ЮЛ by OGRN", only(certtest.NameSpec{CommonName: "x", OGRN: head.OGRN.Value}), certtest.PresetPerson, certificate.KindLegalEntity, "ОГРН", false},
		{"ЮЛ by legacy INN", only(certtest.NameSpec{CommonName: "x", INN: "00" + head.INNLE.Value}), certtest.PresetPerson, certificate.KindLegalEntity, "00 + 10", false},
		{"ЮЛ with SNILS only as person data", only(certtest.NameSpec{CommonName: "x", OGRN: head.OGRN.Value, SNILS: fl.SNILS.Value}), certtest.PresetPerson, certificate.KindLegalEntity, "ОГРН", true},
		{"ФЛ by SNILS", only(certtest.NameSpec{CommonName: "x", SNILS: fl.SNILS.Value}), certtest.PresetPerson, certificate.KindPerson, "СНИЛС", false},
		{"ФЛ by INN", only(certtest.NameSpec{CommonName: "x", INN: fl.INN.Value}), certtest.PresetPerson, certificate.KindPerson, "ИНН физического лица", false},
		{"ФЛ with a bad SNILS is still ФЛ", only(certtest.NameSpec{CommonName: "x", SNILS: "12345678900"}), certtest.PresetPerson, certificate.KindPerson, "СНИЛС", false},
		{"unknown", only(certtest.NameSpec{CommonName: "x", Email: "x@example.test"}), certtest.PresetPerson, certificate.KindUnknown, "нет ни ОГРН", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := p.issue(t, tc.preset, tc.mutate)
			cl := c.Classify(p.opts)
			if cl.Kind != tc.kind || cl.HasPerson != tc.person {
				t.Fatalf("kind %v person %v, want %v %v (%s)", cl.Kind, cl.HasPerson, tc.kind, tc.person, cl.ReasonEN)
			}
			if !strings.Contains(cl.Reason, tc.reason) || cl.ReasonEN == "" {
				t.Errorf("reason %q, want it to mention %q", cl.Reason, tc.reason)
			}
			if cl.LegacyEmployee {
				t.Errorf("legacy employee with the test CA accepted: %s", cl.LegacyEmployeeReason)
			}
			if c.Classify(nil).Kind != tc.kind {
				t.Errorf("Kind() %v", c.Classify(nil).Kind)
			}
		})
	}
}

func TestLegacyEmployee(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	head := p.ee[certtest.PresetLegalEntityHead]
	// Default options: the test CA is not ФНС, so a ЮЛ certificate naming
	// a person is a legacy employee certificate.
	cl := head.Classify(nil)
	if !cl.LegacyEmployee || !strings.Contains(cl.LegacyEmployeeReason, "Тестовый УЦ для руководителей") || cl.LegacyEmployeeReasonEN == "" {
		t.Errorf("default options: %+v", cl)
	}
	if cl := head.Classify(&certificate.Options{HeadIssuers: []certificate.Issuer{}}); !cl.LegacyEmployee {
		t.Error("an empty issuer list must accept no issuer")
	}
	if cl := head.Classify(p.opts); cl.LegacyEmployee {
		t.Error("test CA accepted but flagged")
	}
	byINN := &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "by INN", INNLE: p.ca.Subject.INNLE.Value}}}
	if cl := head.Classify(byINN); cl.LegacyEmployee {
		t.Error("matching by INNLE alone failed")
	}
	wrong := &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "mismatch", OGRN: p.ca.Subject.OGRN.Value, INNLE: head.Subject.INNLE.Value}}}
	if cl := head.Classify(wrong); !cl.LegacyEmployee {
		t.Error("an issuer must match all identifiers it sets")
	}
	// No person: not an employee certificate.
	org := p.issue(t, certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
		tm.Subject.Surname, tm.Subject.GivenNames, tm.Subject.Title, tm.Subject.SNILS, tm.Subject.INN = "", "", "", "", ""
	})
	if cl := org.Classify(nil); cl.LegacyEmployee || cl.HasPerson {
		t.Errorf("organisation-only certificate: %+v", cl)
	}
	// CA certificates are never flagged.
	if cl := p.ca.Classify(nil); cl.LegacyEmployee || cl.Kind != certificate.KindLegalEntity {
		t.Errorf("CA: %+v", cl)
	}
}

func TestDefaultHeadIssuers(t *testing.T) {
	t.Parallel()
	list := certificate.DefaultHeadIssuers()
	if len(list) != 3 {
		t.Fatalf("%d issuers", len(list))
	}
	for _, i := range list {
		if _, err := ident.ParseOGRN(i.OGRN); err != nil {
			t.Errorf("%s: OGRN: %v", i.Name, err)
		}
		if _, err := ident.ParseINNLE(i.INNLE); err != nil {
			t.Errorf("%s: INNLE: %v", i.Name, err)
		}
	}
	list[0].Name = "changed"
	if certificate.DefaultHeadIssuers()[0].Name == "changed" {
		t.Error("DefaultHeadIssuers returns shared state")
	}
	if (certificate.Issuer{}).Matches(&certificate.Name{}) {
		t.Error("an empty Issuer matches")
	}
}

// The real ФНС CA certificate is recognised as an accepted head issuer of
// the certificates it issues.
func TestFNSIsDefaultHeadIssuer(t *testing.T) {
	t.Parallel()
	fns, err := certificate.ParseOne(readShared(t, "certs", "fns_ca_2023.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if !certificate.DefaultHeadIssuers()[0].Matches(&fns.Subject) {
		t.Error("ФНС CA subject does not match the default ФНС issuer")
	}
}

func TestKindNames(t *testing.T) {
	t.Parallel()
	for k, want := range map[certificate.Kind][3]string{
		certificate.KindLegalEntity:  {"ЮЛ", "legal entity", "юридическое лицо"},
		certificate.KindEntrepreneur: {"ИП", "individual entrepreneur", "индивидуальный предприниматель"},
		certificate.KindPerson:       {"ФЛ", "person", "физическое лицо"},
		certificate.KindUnknown:      {"не определён", "unknown", "тип владельца не определён"},
	} {
		if k.Russian() != want[0] || k.String() != want[1] || k.RussianLong() != want[2] {
			t.Errorf("%d: %q %q %q", k, k.Russian(), k.String(), k.RussianLong())
		}
	}
}
