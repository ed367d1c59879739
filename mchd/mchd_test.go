package mchd_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

func TestRulesDeclared(t *testing.T) {
	t.Parallel()
	rules := mchd.Rules()
	if len(rules) < 15 {
		t.Fatalf("only %d rules", len(rules))
	}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestSample(t *testing.T) {
	t.Parallel()
	raw := readSample(t)
	d := mustParse(t, raw)
	if !bytes.Equal(d.Raw, raw) {
		t.Error("Raw is not the original bytes")
	}
	m := d.Meta()
	checks := []struct{ name, got, want string }{
		{"ВерсФорм", d.FormatVersion, "EMCHD_1"},
		{"ПрЭлФорм", mchd.FormFlags(d), "00000000"},
		{"ИдФайл", d.FileID, "ON_EMCHD_20250101_bdd640fb-0667-4ad1-9c80-317fa3b1799d"},
		{"НомДовер", d.Number(), "bdd640fb-0667-4ad1-9c80-317fa3b1799d"},
		{"ВнНомДовер", m.InternalNumber, "ТЕСТ-1"},
		{"ВидДовер", m.Kind, "1"},
		{"ПрПередов", m.RetrustAllowed, "1"},
		{"ДатаВыдДовер", m.IssueDate.String(), "2025-01-01"},
		{"СрокДейст", m.ExpiryDate.String(), "2026-01-01"},
		{"СведСист", m.System, "https://m4d.nalog.gov.ru/emchd/check-status?guid=bdd640fb-0667-4ad1-9c80-317fa3b1799d"},
		{"ТипДоверит", d.Principal().Type, "1"},
		{"НаимОрг", d.Principal().RussianOrg.Org.Name, `ГБУЗ "ТЕСТОВАЯ БОЛЬНИЦА" (СИНТЕТИКА)`},
		{"ИННЮЛ", d.Principal().RussianOrg.Org.INN, "7743321818"},
		{"КПП", d.Principal().RussianOrg.Org.KPP, "770101001"},
		{"ОГРН", d.Principal().RussianOrg.Org.OGRN, "1227796001333"},
		{"Регион", mchd.OrgRegion(&d.Principal().RussianOrg.Org), "77"},
		{"ЕИОФЛ", d.Principal().RussianOrg.EIOFL, "1"},
		{"head ИНН", d.Head().INN, "778908386332"},
		{"head СНИЛС", d.Head().SNILS, "794-026-542 20"},
		{"head Должность", d.Head().Position, "ГЛАВНЫЙ ВРАЧ"},
		{"head ФИО", d.Head().Details.Name.String(), "ИВАНОВ ИВАН ИВАНОВИЧ"},
		{"head ДатаРожд", d.Head().Details.BirthDate.String(), "1970-01-01"},
		{"ТипПред", d.Representatives()[0].Type, "3"},
		{"rep ИНН", d.Representatives()[0].Person.INN, "773511615589"},
		{"rep СНИЛС", d.Representatives()[0].Person.SNILS, "940-781-618 25"},
		{"rep ФИО", d.Representatives()[0].Person.Details.Name.String(), "ПЕТРОВА АННА СЕРГЕЕВНА"},
		{"rep doc", mchd.IdentityKind(d.Representatives()[0].Person), "21"},
		{"ТипПолн", d.Powers().Type, "1"},
		{"ПрСовмПолн", d.Powers().Joint, "1"},
		{"КодПолн", d.Powers().Machine[0].Code, mchd.DefaultPowerCode},
		{"НаимПолн", d.Powers().Machine[0].Name, mchd.DefaultPowerName},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if d.ManagingOrganisation() != nil || d.IsRetrust() || mchd.HasNotary(d) {
		t.Error("unexpected managing organisation, retrust or notary")
	}
	rs := mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{FileName: "ON_EMCHD_20250101_bdd640fb-0667-4ad1-9c80-317fa3b1799d.xml"}})
	noFailures(t, rs)
	if rs.Count(check.Warn) != 0 {
		t.Errorf("warnings: %v", rs)
	}
	if r := mustFind(t, rs, "MCHD-POWER"); r.Status != check.Pass || !strings.Contains(r.Message, "КодПолн") {
		t.Errorf("power: %s", r)
	}
}

// samePerson compares the parsed person with the one Build was given, on
// the fields the model exports.
func samePerson(p *mchd.Person, s mchdtest.Person) bool {
	return p != nil && p.INN == s.INN && p.SNILS == s.SNILS && p.Position == s.Position &&
		p.Details.Name == s.Details.Name && p.Details.BirthDate == s.Details.BirthDate
}

// sameOrg compares the parsed organisation with the one Build was given.
func sameOrg(o *mchd.Organisation, s mchdtest.Org) bool {
	return o.Name == s.Name && o.INN == s.INN && o.KPP == s.KPP && o.OGRN == s.OGRN && mchd.OrgRegion(o) == s.Region
}

func TestBuildShapes(t *testing.T) {
	t.Parallel()
	for _, sh := range []mchd.Shape{mchd.ShapeHead, mchd.ShapeManagingOrganisation, mchd.ShapeEntrepreneur} {
		t.Run(string(rune('0'+sh)), func(t *testing.T) {
			t.Parallel()
			s := spec(uint64(sh), sh)
			b := build(t, s)
			if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
				t.Errorf("header: %.60s", b)
			}
			if b2 := build(t, s); !bytes.Equal(b, b2) {
				t.Error("Build is not deterministic")
			}
			d := mustParse(t, b)
			if d.FileID != "ON_EMCHD_20250101_"+s.Number || d.Number() != s.Number {
				t.Errorf("ИдФайл %q НомДовер %q", d.FileID, d.Number())
			}
			rep := d.Representatives()[0].Person
			if !samePerson(rep, s.Representative) || mchd.IdentityKind(rep) != s.Representative.Details.Identity.KindCode {
				t.Errorf("representative round trip:\n got %+v\nwant %+v", *rep, s.Representative)
			}
			if len(rep.SNILS) != 14 || rep.SNILS[11] != ' ' {
				t.Errorf("СНИЛС form %q", rep.SNILS)
			}
			p := d.Principal()
			switch sh {
			case mchd.ShapeHead:
				if !sameOrg(&p.RussianOrg.Org, s.Organisation) || !samePerson(d.Head(), s.Head) {
					t.Error("head shape round trip")
				}
			case mchd.ShapeManagingOrganisation:
				m := d.ManagingOrganisation()
				if p.RussianOrg.EIOUK != "1" || m == nil || !sameOrg(&m.Org, s.ManagingOrg.Org) ||
					len(m.Persons) != len(s.ManagingOrg.Persons) || !samePerson(&m.Persons[0], s.ManagingOrg.Persons[0]) {
					t.Errorf("managing organisation round trip: %+v", d.ManagingOrganisation())
				}
			case mchd.ShapeEntrepreneur:
				e, w := p.Entrepreneur, s.Entrepreneur
				if p.Type != "3" || e == nil || e.OGRNIP != w.OGRNIP || e.INN != w.INN || e.SNILS != w.SNILS ||
					e.Details.Name != w.Details.Name || e.Details.BirthDate != w.Details.BirthDate {
					t.Error("entrepreneur round trip")
				}
			}
			m, ok := d.FindPower(mchd.DefaultPowerCode)
			if !ok || m.Field != "КодПолн" || m.Power.Name != mchd.DefaultPowerName {
				t.Errorf("FindPower: %+v %v", m, ok)
			}
			noFailures(t, mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{FileName: d.FileID + ".xml"}}))
		})
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	s := spec(1, mchd.ShapeHead)
	bad := []func(*mchdtest.Spec){
		func(s *mchdtest.Spec) { s.Number = "nope" },
		func(s *mchdtest.Spec) { s.IssueDate = mchd.Date{} },
		func(s *mchdtest.Spec) { s.ExpiryDate = mchd.MustDate("2024-01-01") },
		func(s *mchdtest.Spec) { s.Shape = 9 },
		func(s *mchdtest.Spec) { s.Shape = mchd.ShapeManagingOrganisation },
	}
	for i, f := range bad {
		c := s
		f(&c)
		if _, err := mchdtest.Build(c); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
}

type fakeSchema struct{ err error }

func (f fakeSchema) ValidateXML([]byte) error { return f.err }

const retrustXML = `<?xml version="1.0" encoding="UTF-8"?>
<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00000000" ИдФайл="ON_EMCHD_20250201_0f1e2d3c-4b5a-4697-8877-665544332211">
  <Документ>
    <Передов ПрНалПередов="0">
      <СвПервДовер ПрДовер="1" ФормДовер="1" ДатаВыдДовер="2025-01-01" СрокДейст="2026-01-01" НомДоверПерв="bdd640fb-0667-4ad1-9c80-317fa3b1799d">
        <СвДоверПерв ТипДоверит="1">
          <ДоверитПерв>
            <РосОргДовер НаимОрг="ГБУЗ (СИНТЕТИКА)" ИННЮЛ="7743321818" КПП="770101001" ОГРН="1227796001333"/>
          </ДоверитПерв>
        </СвДоверПерв>
      </СвПервДовер>
      <СвПереДовер ВидДовер="1" ПрПередов="1" ВнНомДовер="П-1" НомДовер="0f1e2d3c-4b5a-4697-8877-665544332211" ДатаВыдДовер="2025-02-01" СрокДейст="2025-12-31">
        <СведСист>https://m4d.nalog.gov.ru/emchd/check-status?guid=0f1e2d3c-4b5a-4697-8877-665544332211</СведСист>
      </СвПереДовер>
      <СвПередПолн ТипПерПолн="3">
        <ПередПолн>
          <ФЛПерПолн ИННФЛ="773511615589" СНИЛС="940-781-618 25">
            <СведФЛ><ФИО Фамилия="ПЕТРОВА" Имя="АННА"/></СведФЛ>
          </ФЛПерПолн>
        </ПередПолн>
      </СвПередПолн>
      <СвПолучПолн ТипПред="3">
        <Пред>
          <СведФизЛ ИННФЛ="778908386332" СНИЛС="794-026-542 20">
            <СведФЛ><ФИО Фамилия="СИДОРОВ" Имя="ОЛЕГ"/></СведФЛ>
          </СведФизЛ>
        </Пред>
      </СвПолучПолн>
      <СвПолн ТипПолн="1" ПрСовмПолн="1">
        <МашПолн КодПолн="EGISZ_LK_01" НаимПолн="Подача заявок"/>
      </СвПолн>
    </Передов>
  </Документ>
</Доверенность>`

func TestRetrust(t *testing.T) {
	t.Parallel()
	d := mustParse(t, []byte(retrustXML))
	original, transferor := mchd.RetrustSummary(d)
	if !d.IsRetrust() || d.Number() != "0f1e2d3c-4b5a-4697-8877-665544332211" ||
		original != "bdd640fb-0667-4ad1-9c80-317fa3b1799d" || transferor != "773511615589" || len(d.Representatives()) != 1 {
		t.Fatalf("retrust model: %q %q %+v", original, transferor, d)
	}
	rs := mchd.Validate(d, mchd.ValidateOptions{At: inside})
	if r := mustFind(t, rs, "MCHD-RETRUST"); r.Status != check.Fail {
		t.Errorf("retrust: %s", r)
	}
	for _, r := range rs {
		if r.Status == check.Fail && r.ID != "MCHD-RETRUST" {
			t.Errorf("unexpected failure %s", r)
		}
	}
	rs = mchd.Validate(d, mchd.ValidateOptions{At: inside, DocumentOptions: mchd.DocumentOptions{AllowRetrust: true}})
	if r := mustFind(t, rs, "MCHD-RETRUST"); r.Status != check.Warn {
		t.Errorf("allowed retrust: %s", r)
	}
	bad := strings.Replace(retrustXML, `СрокДейст="2025-12-31"`, `СрокДейст="2026-06-30"`, 1)
	if r := mustFind(t, mchd.Validate(mustParse(t, []byte(bad)), mchd.ValidateOptions{At: inside}), "MCHD-DATES"); r.Status != check.Fail {
		t.Errorf("retrust beyond original: %s", r)
	}
	bad = strings.Replace(retrustXML, `ТипПерПолн="3"`, `ТипПерПолн="1"`, 1)
	if r := mustFind(t, mchd.Validate(mustParse(t, []byte(bad)), mchd.ValidateOptions{At: inside}), "MCHD-PRINCIPAL-KIND"); r.Status != check.Fail {
		t.Errorf("transferor kind: %s", r)
	}
}

// TestRuleViolations mutates a built head-shape document so that each rule
// is violated in turn.
func TestRuleViolations(t *testing.T) {
	t.Parallel()
	s := spec(7, mchd.ShapeHead)
	base := string(build(t, s))
	wrongINN := s.Representative.INN[:11] + string('0'+(s.Representative.INN[11]-'0'+1)%10)
	withRestr := s
	withRestr.Powers = []mchd.Power{{Code: mchd.DefaultPowerCode, Name: mchd.DefaultPowerName, Restrictions: []mchd.Restriction{
		{ID: "1", Code: "SUBSYS", Name: "Подсистема", ValueText: "ФРМР"}}}}
	tests := []struct {
		name   string
		mutate func(string) string
		opts   mchd.ValidateOptions
		id     string
		want   check.Status
		text   string
	}{
		{"form flags shape", func(x string) string {
			return replace(t, x, `ПрЭлФорм="00000000"`, `ПрЭлФорм="0000000"`)
		}, mchd.ValidateOptions{}, "MCHD-FORM-FLAGS", check.Fail, ""},
		{"form flags unknown", func(x string) string {
			return replace(t, x, `ПрЭлФорм="00000000"`, `ПрЭлФорм="10000000"`)
		}, mchd.ValidateOptions{}, "MCHD-FORM-FLAGS", check.Warn, "неизвестным"},
		{"form flags notarial", func(x string) string {
			return replace(t, x, `ПрЭлФорм="00000000"`, `ПрЭлФорм="00100000"`)
		}, mchd.ValidateOptions{}, "MCHD-FORM-FLAGS", check.Warn, "СвНотУд"},
		{"field format", func(x string) string {
			return replace(t, x, `ДатаРожд="`+s.Head.Details.BirthDate.String(), `ДатаРожд="1980-13-45`)
		}, mchd.ValidateOptions{}, "MCHD-FIELD-FORMAT", check.Fail, "ДатаРожд"},
		{"principal kind", func(x string) string { return replace(t, x, `ТипДоверит="1"`, `ТипДоверит="3"`) }, mchd.ValidateOptions{}, "MCHD-PRINCIPAL-KIND", check.Fail, "ИПДовер"},
		{"principal kind invalid", func(x string) string { return replace(t, x, `ТипДоверит="1"`, `ТипДоверит="7"`) }, mchd.ValidateOptions{}, "MCHD-PRINCIPAL-KIND", check.Fail, "недопустимое"},
		{"principal two children", func(x string) string {
			return replace(t, x, `</РосОргДовер>`, `</РосОргДовер><ИПДовер ОГРНИП="304500116000157" ИННФЛ="500100732259" СНИЛС="112-233-445 95"><СведФЛ><ФИО Фамилия="А" Имя="Б"/></СведФЛ></ИПДовер>`)
		}, mchd.ValidateOptions{}, "MCHD-PRINCIPAL-KIND", check.Fail, "несколько"},
		{"eio two flags", func(x string) string { return replace(t, x, `ЕИОУК="0"`, `ЕИОУК="1"`) }, mchd.ValidateOptions{}, "MCHD-EIO-FLAGS", check.Fail, "ровно один"},
		{"eio no flag", func(x string) string { return replace(t, x, `ЕИОФЛ="1"`, `ЕИОФЛ="0"`) }, mchd.ValidateOptions{}, "MCHD-EIO-FLAGS", check.Fail, "ровно один"},
		{"eio mismatch", func(x string) string {
			return replace(t, x, `ЕИОФЛ="1" ЕИОИП="0"`, `ЕИОФЛ="0" ЕИОИП="1"`)
		}, mchd.ValidateOptions{}, "MCHD-EIO-FLAGS", check.Fail, "СвИП"},
		{"head joint", func(x string) string {
			return duplicate(t, x, "ЛицоБезДов", func(b string) string { return strings.Replace(b, `ПолнЮЛ="1"`, `ПолнЮЛ="2"`, 1) })
		}, mchd.ValidateOptions{}, "MCHD-HEAD-JOINT", check.Warn, "ПолнЮЛ=2"},
		{"representative kind", func(x string) string { return replace(t, x, `ТипПред="3"`, `ТипПред="1"`) }, mchd.ValidateOptions{}, "MCHD-REPRESENTATIVE-KIND", check.Fail, "СведОрг"},
		{"id checksum", func(x string) string {
			return replace(t, x, `ИННФЛ="`+s.Representative.INN+`"`, `ИННФЛ="`+wrongINN+`"`)
		}, mchd.ValidateOptions{}, "MCHD-ID-CHECKSUM", check.Fail, "СвУпПред[1]/Пред/СведФизЛ/@ИННФЛ"},
		{"org checksum", func(x string) string {
			o := s.Organisation.OGRN
			return replace(t, x, `ОГРН="`+o+`"`, `ОГРН="`+o[:12]+string('0'+(o[12]-'0'+1)%10)+`"`)
		}, mchd.ValidateOptions{}, "MCHD-ID-CHECKSUM", check.Fail, "СвРосОрг/@ОГРН"},
		{"snils checksum", func(x string) string {
			v := s.Head.SNILS
			return replace(t, x, `СНИЛС="`+v+`"`, `СНИЛС="`+v[:13]+string('0'+(v[13]-'0'+1)%10)+`"`)
		}, mchd.ValidateOptions{}, "MCHD-ID-CHECKSUM", check.Fail, "ЛицоБезДов[1]/СвФЛ/@СНИЛС"},
		{"number", func(x string) string {
			return replace(t, x, `НомДовер="`+s.Number, `НомДовер="X`+s.Number[1:])
		}, mchd.ValidateOptions{}, "MCHD-NUMBER", check.Fail, ""},
		{"file id prefix", func(x string) string { return replace(t, x, `ИдФайл="ON_EMCHD_`, `ИдФайл="ON_DOVBX_`) }, mchd.ValidateOptions{}, "MCHD-FILE-ID", check.Fail, "ON_EMCHD_"},
		{"file id tail", func(x string) string {
			return replace(t, x, `ИдФайл="ON_EMCHD_20250101_`+s.Number, `ИдФайл="ON_EMCHD_20250101_`+s.Number[:35]+"0")
		}, mchd.ValidateOptions{}, "MCHD-FILE-ID", check.Fail, "оканчиваться"},
		{"file id case-insensitive", func(x string) string {
			return replace(t, x, `ИдФайл="ON_EMCHD_20250101_`+s.Number, `ИдФайл="ON_EMCHD_20250101_`+strings.ToUpper(s.Number))
		}, mchd.ValidateOptions{}, "MCHD-FILE-ID", check.Pass, ""},
		{"file name", func(x string) string { return x }, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{FileName: `C:\Users\x\доверенность.xml`}}, "MCHD-FILE-NAME", check.Warn, "доверенность.xml"},
		{"system guid", func(x string) string {
			return replace(t, x, "guid="+s.Number, "guid=00000000-0000-4000-8000-000000000000")
		}, mchd.ValidateOptions{}, "MCHD-SYSTEM-GUID", check.Fail, ""},
		{"system guid absent", func(x string) string {
			return replace(t, x, "check-status?guid="+s.Number, "")
		}, mchd.ValidateOptions{}, "MCHD-SYSTEM-GUID", check.Skip, ""},
		{"dates order", func(x string) string {
			return replace(t, x, `СрокДейст="2026-01-01"`, `СрокДейст="2024-12-31"`)
		}, mchd.ValidateOptions{}, "MCHD-DATES", check.Fail, "позже"},
		{"dates invalid", func(x string) string {
			return replace(t, x, `СрокДейст="2026-01-01"`, `СрокДейст="2026-02-30"`)
		}, mchd.ValidateOptions{}, "MCHD-DATES", check.Fail, "СрокДейст"},
		{"expired", func(x string) string { return x }, mchd.ValidateOptions{At: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}, "MCHD-IN-FORCE", check.Fail, "истёк"},
		{"not yet", func(x string) string { return x }, mchd.ValidateOptions{At: time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC)}, "MCHD-IN-FORCE", check.Fail, "не наступила"},
		{"power missing", func(x string) string {
			return replace(t, x, `КодПолн="EGISZ_LK_01"`, `КодПолн="OTHER_CODE_01"`)
		}, mchd.ValidateOptions{}, "MCHD-POWER", check.Fail, "не содержит"},
		{"power other required", func(x string) string { return x }, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{RequiredPower: "FNS_XX_01"}}, "MCHD-POWER", check.Fail, "FNS_XX_01"},
		{"power text only", func(x string) string {
			x = replace(t, x, `ТипПолн="1"`, `ТипПолн="0"`)
			i, j := strings.Index(x, "<МашПолн"), strings.Index(x, "</СвПолн>")
			return x[:i] + "<ТекстПолн>Подача заявок в ЕГИСЗ</ТекстПолн>" + x[j:]
		}, mchd.ValidateOptions{}, "MCHD-POWER", check.Fail, "ТекстПолн"},
		{"power by mnemonic", func(x string) string {
			return replace(t, x, `КодПолн="EGISZ_LK_01"`, `МнПолн="EGISZ_LK_01" КодПолн="CLASSIFIER_0001"`)
		}, mchd.ValidateOptions{}, "MCHD-POWER", check.Pass, "МнПолн"},
		{"power trimmed", func(x string) string {
			return replace(t, x, `КодПолн="EGISZ_LK_01"`, `КодПолн=" EGISZ_LK_01 "`)
		}, mchd.ValidateOptions{}, "MCHD-POWER", check.Pass, ""},
		{"restrictions", func(string) string { return string(build(t, withRestr)) }, mchd.ValidateOptions{}, "MCHD-POWER-RESTRICTIONS", check.Warn, "ФРМР"},
		{"joint", func(x string) string {
			x = replace(t, x, `ПрСовмПолн="1"`, `ПрСовмПолн="2"`)
			return duplicate(t, x, "СвУпПред", func(b string) string { return b })
		}, mchd.ValidateOptions{}, "MCHD-JOINT", check.Warn, "не подтверждено"},
		{"schema", func(x string) string { return x }, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{Schema: fakeSchema{errors.New("element X not expected")}}}, "MCHD-SCHEMA", check.Fail, "element X"},
		{"schema ok", func(x string) string { return x }, mchd.ValidateOptions{DocumentOptions: mchd.DocumentOptions{Schema: fakeSchema{}}}, "MCHD-SCHEMA", check.Pass, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := mustParse(t, []byte(tc.mutate(base)))
			if tc.opts.At.IsZero() {
				tc.opts.At = inside
			}
			r := mustFind(t, mchd.Validate(d, tc.opts), tc.id)
			if r.Status != tc.want || !strings.Contains(r.Message+r.Detail, tc.text) {
				t.Errorf("got %s; want %s containing %q", r, tc.want, tc.text)
			}
		})
	}
}

func TestVersionRuleOnModel(t *testing.T) {
	t.Parallel()
	d := mustParse(t, build(t, spec(3, mchd.ShapeHead)))
	d.FormatVersion = "002"
	if r := mustFind(t, mchd.Validate(d, mchd.ValidateOptions{At: inside}), "MCHD-VERSION"); r.Status != check.Fail {
		t.Error(r)
	}
	if rs := mchd.Validate(nil, mchd.ValidateOptions{}); !rs.Failed() {
		t.Error("nil document passed")
	}
	if rs := mchd.Validate(&mchd.Document{}, mchd.ValidateOptions{}); !rs.Failed() {
		t.Error("empty document passed")
	}
}

func TestInForceEdges(t *testing.T) {
	t.Parallel()
	d := mustParse(t, build(t, spec(5, mchd.ShapeHead))) // 2025-01-01 .. 2026-01-01
	tests := []struct {
		name string
		at   time.Time
		want check.Status
	}{
		{"last day 23:59 MSK", time.Date(2026, 1, 1, 23, 59, 0, 0, msk.Zone), check.Pass},
		{"last day 20:59:59 UTC", time.Date(2026, 1, 1, 20, 59, 59, 0, time.UTC), check.Pass},
		{"next day 00:00 MSK = 21:00 UTC", time.Date(2026, 1, 1, 21, 0, 0, 0, time.UTC), check.Fail},
		{"issue day 00:00 MSK", time.Date(2025, 1, 1, 0, 0, 0, 0, msk.Zone), check.Pass},
		{"issue day 00:00 MSK = 21:00 UTC the day before", time.Date(2024, 12, 31, 21, 0, 0, 0, time.UTC), check.Pass},
		{"day before issue 23:59 MSK", time.Date(2024, 12, 31, 23, 59, 0, 0, msk.Zone), check.Fail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := mustFind(t, mchd.Validate(d, mchd.ValidateOptions{At: tc.at}), "MCHD-IN-FORCE")
			if r.Status != tc.want {
				t.Errorf("got %s", r)
			}
		})
	}
	if r := mustFind(t, mchd.Validate(d, mchd.ValidateOptions{At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}), "MCHD-IN-FORCE"); r.Status != check.Pass {
		t.Errorf("at: %s", r)
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"2025-01-01": true, "2025-01-01Z": true, "2025-01-01+03:00": true, "2025-02-29": false,
		"2025-1-01": false, "": false, "2025-01-01T00:00": false, "２025-01-01": false,
	} {
		d, err := mchd.ParseDate(s)
		if (err == nil) != ok {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	if mchd.MustDate("2025-01-01+03:00").String() != "2025-01-01" {
		t.Error("time zone suffix changed the date")
	}
	// String writes what %04d-%02d-%02d writes, in and out of range.
	for _, d := range []mchd.Date{{}, {Year: 2025, Month: 12, Day: 31}, {Year: 7, Month: 1, Day: 2}, {Year: 9999, Month: 99, Day: 99},
		{Year: -5, Month: 1, Day: 1}, {Year: 10000, Month: 1, Day: 1}, {Year: 2025, Month: 100, Day: -1}} {
		want := fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
		if d.IsZero() {
			want = ""
		}
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}

func legacy002() []byte {
	doc := `<?xml version="1.0" encoding="windows-1251"?>
<Доверенность ВерсФорм="002" ИдФайл="ON_DOVBB_7707083893770701001_20200101_00000000-0000-4000-8000-000000000000">
  <Документ ОКУД="0251222">
    <СвДов ДатаВыдДов="2020-01-01" ДатаКонДовер="2021-01-01"/>
  </Документ>
</Доверенность>`
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(doc))
	if err != nil {
		panic(err)
	}
	return b
}

func cp1251(t testing.TB, s string) []byte {
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func badInputs(t testing.TB) map[string]struct {
	data []byte
	want error
} {
	sample := string(build(t, spec(11, mchd.ShapeHead)))
	head := `<?xml version="1.0" encoding="UTF-8"?>`
	open := `<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00000000" ИдФайл="x">`
	return map[string]struct {
		data []byte
		want error
	}{
		"xxe": {[]byte(head + `<!DOCTYPE Доверенность [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + open + `&xxe;</Доверенность>`), mchd.ErrDTD},
		"billion laughs": {[]byte(head + `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
			`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` + open + `&lol3;</Доверенность>`), mchd.ErrDTD},
		"external dtd":         {[]byte(head + `<!DOCTYPE Доверенность SYSTEM "http://example.invalid/x.dtd">` + open + `</Доверенность>`), mchd.ErrDTD},
		"deep nesting":         {[]byte(head + open + strings.Repeat("<Документ>", 10000) + strings.Repeat("</Документ>", 10000) + `</Доверенность>`), mchd.ErrTooDeep},
		"invalid utf8":         {append([]byte(sample[:200]), append([]byte{0xff, 0xfe}, sample[200:]...)...), mchd.ErrEncoding},
		"utf16le with BOM":     {utf16Bytes(sample, false, true), mchd.ErrEncoding},
		"utf16be without BOM":  {utf16Bytes(sample, true, false), mchd.ErrEncoding},
		"foreign element":      {[]byte(replace(t, sample, "<Документ>", `<Документ><x:Подпись xmlns:x="urn:other"/>`)), mchd.ErrNamespace},
		"no namespace":         {[]byte(replace(t, sample, ` xmlns="urn://x-artefacts/EMCHD_1"`, "")), mchd.ErrNamespace},
		"wrong namespace":      {[]byte(replace(t, sample, `urn://x-artefacts/EMCHD_1`, "urn://x-artefacts/EMCHD_2")), mchd.ErrNamespace},
		"foreign attribute":    {[]byte(replace(t, sample, `<СвДов `, `<СвДов xmlns:y="urn:y" y:ВидДовер="2" `)), mchd.ErrNamespace},
		"two Довер":            {[]byte(duplicate(t, sample, "Довер", func(b string) string { return b })), mchd.ErrStructure},
		"two Документ":         {[]byte(duplicate(t, sample, "Документ", func(b string) string { return b })), mchd.ErrStructure},
		"Довер and Передов":    {[]byte(replace(t, sample, "</Довер>", "</Довер><Передов/>")), mchd.ErrStructure},
		"no Довер":             {[]byte(head + open + `<Документ/></Доверенность>`), mchd.ErrStructure},
		"no Документ":          {[]byte(head + open + `</Доверенность>`), mchd.ErrStructure},
		"duplicate attr":       {[]byte(replace(t, sample, `ВидДовер="1"`, `ВидДовер="1" ВидДовер="2"`)), mchd.ErrMalformed},
		"empty":                {nil, mchd.ErrEmpty},
		"whitespace":           {[]byte(" \n\t"), mchd.ErrEmpty},
		"not xml":              {[]byte("hello, world"), mchd.ErrMalformed},
		"json":                 {[]byte(`{"a":1}`), mchd.ErrMalformed},
		"unclosed":             {[]byte(sample[:len(sample)-20]), mchd.ErrMalformed},
		"legacy 002 cp1251":    {legacy002(), mchd.ErrLegacyFormat},
		"legacy 002 utf8":      {[]byte(strings.Replace(strings.Replace(sample, `ВерсФорм="EMCHD_1"`, `ВерсФорм="002"`, 1), ` xmlns="urn://x-artefacts/EMCHD_1"`, "", 1)), mchd.ErrLegacyFormat},
		"wrong version":        {[]byte(replace(t, sample, `ВерсФорм="EMCHD_1"`, `ВерсФорм="EMCHD_2"`)), mchd.ErrUnsupportedFormat},
		"wrong root":           {[]byte(head + `<Файл xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1"/>`), mchd.ErrUnsupportedFormat},
		"other encoding":       {[]byte(strings.Replace(sample, `encoding="UTF-8"`, `encoding="KOI8-R"`, 1)), mchd.ErrEncoding},
		"emchd in cp1251":      {cp1251(t, strings.Replace(sample, `encoding="UTF-8"`, `encoding="windows-1251"`, 1)), mchd.ErrEncoding},
		"utf8 declared cp1251": {[]byte(strings.Replace(sample, `encoding="UTF-8"`, `encoding="windows-1251"`, 1)), mchd.ErrMalformed},
		"huge":                 {bytes.Repeat([]byte(" "), mchd.DefaultMaxSize+1), mchd.ErrTooLarge},
	}
}

func TestParseBadInput(t *testing.T) {
	t.Parallel()
	for name, tc := range badInputs(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			d, err := mchd.Parse(tc.data, mchd.ParseOptions{})
			if err == nil {
				t.Fatalf("no error, doc %+v", d.Meta())
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var pe *mchd.ParseError
			if !errors.As(err, &pe) || pe.MessageRU() == "" {
				t.Fatalf("not a *ParseError with a Russian message: %v", err)
			}
			if pe.Offset < -1 || pe.Offset > len(tc.data) {
				t.Errorf("offset %d outside the input of %d bytes", pe.Offset, len(tc.data))
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}

func TestParseErrorOffset(t *testing.T) {
	t.Parallel()
	sample := string(build(t, spec(11, mchd.ShapeHead)))
	dtd := `<!DOCTYPE Доверенность [<!ENTITY x "y">]>`
	withDTD := strings.Replace(sample, "?>", "?>"+dtd, 1)
	second := strings.Index(sample, "<Документ")
	twoDocs := duplicate(t, sample, "Документ", func(b string) string { return b })
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"DTD", []byte(withDTD), strings.Index(withDTD, "<!DOCTYPE")},
		{"DTD after a BOM", []byte("\ufeff" + withDTD), 3 + strings.Index(withDTD, "<!DOCTYPE")},
		{"invalid UTF-8", append([]byte(sample[:200]), append([]byte{0xff}, sample[200:]...)...), 200},
		{"second Документ", []byte(twoDocs), second + strings.Index(twoDocs[second+1:], "<Документ") + 1},
		{"empty", nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mchd.Parse(tt.data, mchd.ParseOptions{})
			var pe *mchd.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a *ParseError: %v", err)
			}
			if pe.Offset != tt.want {
				t.Errorf("offset %d, want %d (%v)", pe.Offset, tt.want, err)
			}
		})
	}
}

func TestParseErrorCause(t *testing.T) {
	t.Parallel()
	_, err := mchd.Parse([]byte(`<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1"><b></Доверенность>`), mchd.ParseOptions{})
	var se *xml.SyntaxError
	if !errors.Is(err, mchd.ErrMalformed) || !errors.As(err, &se) {
		t.Fatalf("want ErrMalformed caused by *xml.SyntaxError, got %v", err)
	}
}

// utf16Bytes encodes s as UTF-16, big- or little-endian, with or without a
// byte-order mark.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return out
}

func TestParseUTF16Message(t *testing.T) {
	t.Parallel()
	sample := string(build(t, spec(11, mchd.ShapeHead)))
	_, err := mchd.Parse(utf16Bytes(sample, false, true), mchd.ParseOptions{})
	var pe *mchd.ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.MessageRU(), "UTF-16LE") || !strings.Contains(pe.MessageRU(), "UTF-8") {
		t.Fatalf("UTF-16 message: %v", err)
	}
}

func TestParseLegacyMessage(t *testing.T) {
	t.Parallel()
	_, err := mchd.Parse(legacy002(), mchd.ParseOptions{})
	var pe *mchd.ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.MessageRU(), "формате 002") || !strings.Contains(pe.MessageRU(), "EMCHD_1") {
		t.Fatalf("legacy message: %v", err)
	}
}

func TestParseTolerated(t *testing.T) {
	t.Parallel()
	s := spec(12, mchd.ShapeHead)
	base := string(build(t, s))
	long := strings.Repeat("Я", 12000)
	cases := map[string]string{
		"bom":             "\ufeff" + base,
		"long attribute":  replace(t, base, `ВнНомДовер="`+s.InternalNumber+`"`, `ВнНомДовер="`+long+`"`),
		"xsi declaration": replace(t, base, `<Доверенность `, `<Доверенность xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" `),
		"no declaration":  strings.TrimPrefix(base, `<?xml version="1.0" encoding="UTF-8"?>`),
		"prefixed":        strings.ReplaceAll(strings.ReplaceAll(strings.Replace(base, `xmlns="urn`, `xmlns:m="urn`, 1), "<", "<m:"), "<m:/", "</m:"),
	}
	cases["prefixed"] = strings.Replace(cases["prefixed"], "<m:?xml", "<?xml", 1)
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := mustParse(t, []byte(in))
			if d.Number() != s.Number {
				t.Errorf("number %q", d.Number())
			}
			if name == "long attribute" && d.Meta().InternalNumber != long {
				t.Error("long attribute lost")
			}
		})
	}
	if _, err := mchd.Parse([]byte(base), mchd.ParseOptions{MaxSize: 100}); !errors.Is(err, mchd.ErrTooLarge) {
		t.Errorf("MaxSize: %v", err)
	}
	if _, err := mchd.Parse([]byte(base), mchd.ParseOptions{MaxDepth: 5}); !errors.Is(err, mchd.ErrTooDeep) {
		t.Errorf("MaxDepth: %v", err)
	}
}

type errChecker struct{ err error }

func (e errChecker) Status(context.Context, mchd.StatusQuery) (mchd.StatusReport, error) {
	return mchd.StatusReport{}, e.err
}

type recordChecker struct{ q *mchd.StatusQuery }

func (r recordChecker) Status(_ context.Context, q mchd.StatusQuery) (mchd.StatusReport, error) {
	*r.q = q
	return mchd.StatusReport{Status: mchd.StatusActive}, nil
}

func TestCheckStatus(t *testing.T) {
	t.Parallel()
	s := spec(21, mchd.ShapeHead)
	s.Number = strings.ToUpper(s.Number)
	d := mustParse(t, build(t, s))
	tests := []struct {
		name    string
		checker mchd.StatusChecker
		want    check.Status
		text    string
	}{
		{"active", mchd.StaticStatus{s.Number: mchd.StatusActive}, check.Pass, ""},
		{"case matters", mchd.StaticStatus{strings.ToLower(s.Number): mchd.StatusActive}, check.Fail, "не найдена"},
		{"revoked", mchd.StaticStatus{s.Number: mchd.StatusRevoked}, check.Fail, "отменена"},
		{"expired", mchd.StaticStatus{s.Number: mchd.StatusExpired}, check.Fail, "истекло"},
		{"suspended", mchd.StaticStatus{s.Number: mchd.StatusSuspended}, check.Fail, "приостановлено"},
		{"not found", mchd.StaticStatus{}, check.Fail, "не найдена"},
		{"rejected", mchd.StaticStatus{s.Number: mchd.StatusRejected}, check.Fail, "отказ"},
		{"created", mchd.StaticStatus{s.Number: mchd.StatusCreated}, check.Warn, "не действует"},
		{"processing", mchd.StaticStatus{s.Number: mchd.StatusProcessing}, check.Warn, "ожидание"},
		{"unavailable", mchd.StaticStatus{s.Number: mchd.StatusUnavailable}, check.Indeterminate, "не проверен"},
		{"timeout", errChecker{context.DeadlineExceeded}, check.Indeterminate, "не проверен"},
		{"network", errChecker{errors.New("connection refused")}, check.Indeterminate, "не проверен"},
		{"unknown", mchd.StaticStatus{s.Number: "weird"}, check.Indeterminate, "не проверен"},
		{"empty status", mchd.StaticStatus{s.Number: ""}, check.Indeterminate, "реестр недоступен"},
		{"nil", nil, check.Indeterminate, "не проверялся"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := mchd.CheckStatus(context.Background(), tc.checker, d)
			if r.ID != "MCHD-REGISTRY-STATUS" || r.Status != tc.want || !strings.Contains(r.Message, tc.text) {
				t.Errorf("got %s", r)
			}
		})
	}
	for _, tc := range []struct {
		checker mchd.StatusChecker
		code    string
		sub     check.SubIndication
	}{
		{nil, "not-checked", check.MissingInput},
		{errChecker{errors.New("down")}, "unavailable", check.TryLater},
		{mchd.StaticStatus{s.Number: "weird"}, "unknown-answer", check.TryLater},
	} {
		r := mchd.CheckStatus(context.Background(), tc.checker, d)
		if r.Outcome != tc.code || r.SubIndication != tc.sub || r.Waiver != check.WaiveRegistry {
			t.Errorf("%s: got %s outcome %q sub %s waiver %q", tc.code, r, r.Outcome, r.SubIndication, r.Waiver)
		}
	}
	if r := mchd.CheckStatus(context.Background(), nil, d); !strings.Contains(r.Message, s.Number) ||
		!strings.Contains(r.Message, "https://m4d.nalog.gov.ru/emchd/check-status?guid="+s.Number) {
		t.Errorf("not-checked message: %s", r.Message)
	}
	if r := mchd.CheckStatus(context.Background(), mchd.StaticStatus{s.Number: mchd.StatusActive}, nil); r.Status != check.Skip {
		t.Errorf("nil document: %s", r)
	}
	var q mchd.StatusQuery
	mchd.CheckStatus(context.Background(), recordChecker{&q}, d)
	if q.Number != s.Number || q.PrincipalINN != s.Organisation.INN || q.RepresentativeINN != s.Representative.INN {
		t.Errorf("query %+v", q)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := mchd.CheckStatus(ctx, mchd.StaticStatus{s.Number: mchd.StatusActive}, d); r.Status != check.Indeterminate || r.SubIndication != check.TryLater {
		t.Errorf("cancelled: %s", r)
	}
}
