package certificate_test

import (
	"crypto/x509"
	"encoding/asn1"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
)

func TestRuleDeclarations(t *testing.T) {
	t.Parallel()
	all := certificate.Rules()
	g := check.NewRegistry(all...) // panics on an invalid or duplicate rule
	var rules []check.Rule
	for _, r := range all {
		if !strings.HasPrefix(r.ID, "CHAIN-") {
			rules = append(rules, r)
		}
	}
	if n := len(certificate.CheckProfile(nil, testAt, nil)); n != len(rules) || len(all)-n != 8 {
		t.Fatalf("%d profile results, %d profile rules, %d rules in all", n, len(rules), len(all))
	}
	seen := make(map[string]bool)
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if !strings.HasPrefix(r.ID, "CERT-") {
			t.Errorf("%s: IDs of this package start with CERT-", r.ID)
		}
		if r.Unconfirmed && r.Severity != check.Warn {
			t.Errorf("%s: unconfirmed but %s", r.ID, r.Severity)
		}
		if r.PassMessage == "" || r.Title == "" {
			t.Errorf("%s: no pass message or title", r.ID)
		}
		if _, ok := g.Lookup(r.ID); !ok {
			t.Errorf("%s not in the registry", r.ID)
		}
	}
	// The unconfirmed requirements of the reference (§7) are warnings.
	for _, id := range []string{"CERT-SUBJECT-SIGN-TOOL", "CERT-ISSUER-SIGN-TOOL", "CERT-IDENTIFICATION-KIND", "CERT-POLICY-CLASS"} {
		r := profileRule(t, id)
		if !r.Unconfirmed || r.Severity != check.Warn {
			t.Errorf("%s must be an unconfirmed warning", r.ID)
		}
	}
}

// profileRule returns the profile rule with the given ID.
func profileRule(t testing.TB, id string) check.Rule {
	t.Helper()
	for _, r := range certificate.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no profile rule %s", id)
	return check.Rule{}
}

// ruleCase evaluates CheckProfile on a certificate and expects a status for
// one rule.
type ruleCase struct {
	name   string
	rule   string // ID of the rule
	cert   func(t *testing.T, p *pki) *certificate.Certificate
	at     time.Time // zero: testAt
	opts   func(p *pki) *certificate.Options
	want   check.Status
	detail string // substring of message+detail
}

func preset(pr certtest.Preset) func(*testing.T, *pki) *certificate.Certificate {
	return func(t *testing.T, p *pki) *certificate.Certificate { return p.ee[pr] }
}

func variant(pr certtest.Preset, mutate func(*certtest.Template)) func(*testing.T, *pki) *certificate.Certificate {
	return func(t *testing.T, p *pki) *certificate.Certificate { return p.issue(t, pr, mutate) }
}

func testOpts(p *pki) *certificate.Options { return p.opts }

// lastDigitOff changes the last digit of an identifier.
func lastDigitOff(s string) string {
	last := s[len(s)-1]
	return s[:len(s)-1] + string('0'+(last-'0'+1)%10)
}

func ruleCases() []ruleCase {
	ca := func(t *testing.T, p *pki) *certificate.Certificate { return p.ca }
	root := func(t *testing.T, p *pki) *certificate.Certificate { return p.root }
	noPerson := func(tm *certtest.Template) {
		tm.Subject.Surname, tm.Subject.GivenNames, tm.Subject.Title, tm.Subject.SNILS, tm.Subject.INN = "", "", "", "", ""
	}
	ecdsa := func(t *testing.T, p *pki) *certificate.Certificate {
		c, err := certificate.ParseOne(ecdsaCertificate(t))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	seven := certificate.IdentificationKind(7)
	badAKI := []byte{0x30, 0x0d, 0x80, 0x01, 0x01, 0xa1, 0x08, 0xa4, 0x06, 0x30, 0x04, 0x02, 0x02, 0x01, 0x00}
	return []ruleCase{
		{name: "kind ЮЛ", rule: "CERT-KIND", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass, detail: "юридическое лицо"},
		{name: "kind unknown", rule: "CERT-KIND", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Subject.SNILS, tm.Subject.INN = "", "" }), want: check.Fail},

		{name: "ЮЛ attrs", rule: "CERT-REQUIRED-ATTRS-UL", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "ЮЛ attrs on CA", rule: "CERT-REQUIRED-ATTRS-UL", cert: ca, want: check.Pass},
		{name: "ЮЛ without OGRN", rule: "CERT-REQUIRED-ATTRS-UL", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) { tm.Subject.OGRN = "" }), want: check.Fail, detail: "ОГРН"},
		{name: "ЮЛ without address", rule: "CERT-REQUIRED-ATTRS-UL", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) { tm.Subject.Region, tm.Subject.Locality, tm.Subject.Street = "", "", "" }), want: check.Fail, detail: "место нахождения"},
		{name: "ЮЛ attrs skip for ФЛ", rule: "CERT-REQUIRED-ATTRS-UL", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "ИП attrs", rule: "CERT-REQUIRED-ATTRS-IP", cert: preset(certtest.PresetEntrepreneur), want: check.Pass},
		{name: "ИП without INN", rule: "CERT-REQUIRED-ATTRS-IP", cert: variant(certtest.PresetEntrepreneur, func(tm *certtest.Template) { tm.Subject.INN = "" }), want: check.Fail, detail: "ИНН"},
		{name: "ИП attrs skip for ЮЛ", rule: "CERT-REQUIRED-ATTRS-IP", cert: preset(certtest.PresetLegalEntityHead), want: check.Skip},

		{name: "ФЛ attrs", rule: "CERT-REQUIRED-ATTRS-FL", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "ФЛ without surname", rule: "CERT-REQUIRED-ATTRS-FL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Subject.Surname = "" }), want: check.Fail, detail: "фамилия (SN)"},
		{name: "ФЛ attrs skip for ИП", rule: "CERT-REQUIRED-ATTRS-FL", cert: preset(certtest.PresetEntrepreneur), want: check.Skip},

		{name: "ЮЛ head named", rule: "CERT-UL-HEAD", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "ЮЛ without head", rule: "CERT-UL-HEAD", cert: variant(certtest.PresetLegalEntityHead, noPerson), want: check.Warn, detail: "не подтверждено"},
		{name: "ЮЛ head skip for CA", rule: "CERT-UL-HEAD", cert: ca, want: check.Skip},

		{name: "INNLE attribute", rule: "CERT-INNLE-FORM", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "legacy INN in 2025", rule: "CERT-INNLE-FORM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+tm.Subject.INNLE, ""
		}), want: check.Fail, detail: "01.09.2021"},
		{name: "legacy INN in 2020", rule: "CERT-INNLE-FORM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+tm.Subject.INNLE, ""
			tm.NotBefore = time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
		}), want: check.Pass, detail: "legacy"},
		{name: "INNLE and legacy INN differ", rule: "CERT-INNLE-FORM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.Subject.INN = "00" + lastDigitOff(tm.Subject.INNLE)
		}), want: check.Fail, detail: "дважды"},
		{name: "INNLE form skip for ФЛ", rule: "CERT-INNLE-FORM", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "SNILS present ФЛ", rule: "CERT-SNILS-PRESENT", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "SNILS present ИП", rule: "CERT-SNILS-PRESENT", cert: preset(certtest.PresetEntrepreneur), want: check.Pass},
		{name: "SNILS missing ФЛ", rule: "CERT-SNILS-PRESENT", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Subject.SNILS = "" }), want: check.Fail},
		{name: "SNILS skip ЮЛ", rule: "CERT-SNILS-PRESENT", cert: preset(certtest.PresetLegalEntityHead), want: check.Skip},

		{name: "SNILS ok", rule: "CERT-SNILS-CHECKSUM", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "SNILS checksum", rule: "CERT-SNILS-CHECKSUM", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Subject.SNILS = lastDigitOff(tm.Subject.SNILS) }), want: check.Fail, detail: "неверное контрольное число"},
		{name: "SNILS format", rule: "CERT-SNILS-CHECKSUM", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Subject.SNILS = "1234" }), want: check.Fail},
		{name: "SNILS absent", rule: "CERT-SNILS-CHECKSUM", cert: ca, want: check.Skip},

		{name: "INN ok", rule: "CERT-INN-CHECKSUM", cert: preset(certtest.PresetEntrepreneur), want: check.Pass},
		{name: "INN checksum", rule: "CERT-INN-CHECKSUM", cert: variant(certtest.PresetEntrepreneur, func(tm *certtest.Template) { tm.Subject.INN = lastDigitOff(tm.Subject.INN) }), want: check.Fail, detail: "контрольное число"},
		{name: "INN absent", rule: "CERT-INN-CHECKSUM", cert: ca, want: check.Skip},

		{name: "INNLE ok", rule: "CERT-INNLE-CHECKSUM", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "INNLE checksum", rule: "CERT-INNLE-CHECKSUM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) { tm.Subject.INNLE = lastDigitOff(tm.Subject.INNLE) }), want: check.Fail},
		{name: "legacy INNLE checksum", rule: "CERT-INNLE-CHECKSUM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+lastDigitOff(tm.Subject.INNLE), ""
		}), want: check.Fail},
		{name: "INNLE absent", rule: "CERT-INNLE-CHECKSUM", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "OGRN ok", rule: "CERT-OGRN-CHECKSUM", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "OGRN checksum", rule: "CERT-OGRN-CHECKSUM", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) { tm.Subject.OGRN = lastDigitOff(tm.Subject.OGRN) }), want: check.Fail, detail: "ОГРН"},
		{name: "OGRN absent", rule: "CERT-OGRN-CHECKSUM", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "OGRNIP ok", rule: "CERT-OGRNIP-CHECKSUM", cert: preset(certtest.PresetEntrepreneur), want: check.Pass},
		{name: "OGRNIP checksum", rule: "CERT-OGRNIP-CHECKSUM", cert: variant(certtest.PresetEntrepreneur, func(tm *certtest.Template) { tm.Subject.OGRNIP = lastDigitOff(tm.Subject.OGRNIP) }), want: check.Fail, detail: "ОГРНИП"},
		{name: "OGRNIP absent", rule: "CERT-OGRNIP-CHECKSUM", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "attribute types", rule: "CERT-ATTR-TYPES", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "OGRN as UTF8String", rule: "CERT-ATTR-TYPES", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.Subject.Extra = []certtest.AttributeSpec{{Type: certificate.OIDOGRN, Value: tm.Subject.OGRN, Tag: asn1.TagUTF8String}}
			tm.Subject.OGRN = ""
		}), want: check.Warn, detail: "UTF8String вместо NumericString"},

		{name: "no repeats", rule: "CERT-SUBJECT-REPEATED", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "repeated SNILS", rule: "CERT-SUBJECT-REPEATED", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.Subject.Extra = []certtest.AttributeSpec{{Type: certificate.OIDSNILS, Value: lastDigitOff(tm.Subject.SNILS), Tag: asn1.TagNumericString}}
		}), want: check.Warn, detail: "SNILS"},

		{name: "GOST key", rule: "CERT-GOST-KEY", cert: preset(certtest.PresetPerson), want: check.Pass, detail: "CryptoPro-XchA"},
		{name: "ECDSA key", rule: "CERT-GOST-KEY", cert: ecdsa, want: check.Fail, detail: "не является ключом ГОСТ"},

		{name: "GOST signature", rule: "CERT-GOST-SIGALG", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "GOST signature NULL params", rule: "CERT-GOST-SIGALG", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.SignatureParamsNULL = true }), want: check.Pass},
		{name: "ECDSA signature", rule: "CERT-GOST-SIGALG", cert: ecdsa, want: check.Fail, detail: "1.2.840.10045.4.3.2"},

		{name: "subject sign tool", rule: "CERT-SUBJECT-SIGN-TOOL", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "no subject sign tool", rule: "CERT-SUBJECT-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.SubjectSignTool = "" }), want: check.Warn, detail: "отсутствует"},
		{name: "subject sign tool as PrintableString", rule: "CERT-SUBJECT-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.SubjectSignTool = ""
			tm.ExtraExtensions = []certtest.Extension{{OID: certificate.OIDSubjectSignTool, Value: []byte{0x13, 0x01, 'x'}}}
		}), want: check.Warn, detail: "повреждено"},
		{name: "subject sign tool too long", rule: "CERT-SUBJECT-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.SubjectSignTool = strings.Repeat("я", 201) }), want: check.Warn, detail: "201"},

		{name: "issuer sign tool", rule: "CERT-ISSUER-SIGN-TOOL", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "no issuer sign tool", rule: "CERT-ISSUER-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.IssuerSignTool = nil }), want: check.Warn, detail: "отсутствует"},
		{name: "issuer sign tool empty field", rule: "CERT-ISSUER-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.IssuerSignTool.CAToolCert = "" }), want: check.Warn, detail: "заключение на средство УЦ"},
		{name: "issuer sign tool three fields", rule: "CERT-ISSUER-SIGN-TOOL", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.IssuerSignTool = nil
			tm.ExtraExtensions = []certtest.Extension{{OID: certificate.OIDIssuerSignTool, Value: []byte{0x30, 0x09, 0x0c, 0x01, 'a', 0x0c, 0x01, 'b', 0x0c, 0x01, 'c'}}}
		}), want: check.Warn, detail: "повреждено"},

		{name: "identification kind", rule: "CERT-IDENTIFICATION-KIND", cert: preset(certtest.PresetPerson), want: check.Pass, detail: "личном присутствии"},
		{name: "no identification kind", rule: "CERT-IDENTIFICATION-KIND", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.IdentificationKind = nil }), want: check.Warn},
		{name: "identification kind 7", rule: "CERT-IDENTIFICATION-KIND", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.IdentificationKind = &seven }), want: check.Warn, detail: "7"},
		{name: "identification kind skip for CA", rule: "CERT-IDENTIFICATION-KIND", cert: ca, want: check.Skip},

		{name: "policy class", rule: "CERT-POLICY-CLASS", cert: preset(certtest.PresetPerson), want: check.Pass, detail: "КС1, КС2"},
		{name: "no policy class", rule: "CERT-POLICY-CLASS", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.Policies = []asn1.ObjectIdentifier{certificate.OIDAnyPolicy} }), want: check.Warn},

		{name: "key usage EE", rule: "CERT-KEY-USAGE", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "key usage CA", rule: "CERT-KEY-USAGE", cert: root, want: check.Pass},
		{name: "no key usage", rule: "CERT-KEY-USAGE", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.KeyUsage = 0 }), want: check.Fail, detail: "отсутствует"},
		{name: "no digitalSignature", rule: "CERT-KEY-USAGE", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.KeyUsage = x509.KeyUsageKeyEncipherment }), want: check.Fail, detail: "digitalSignature"},
		{name: "no nonRepudiation", rule: "CERT-KEY-USAGE", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.KeyUsage = x509.KeyUsageDigitalSignature }), want: check.Warn, detail: "nonRepudiation"},
		{name: "CA without keyCertSign", rule: "CERT-KEY-USAGE", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.IsCA, tm.KeyUsage = true, x509.KeyUsageDigitalSignature
		}), want: check.Fail, detail: "keyCertSign"},

		{name: "valid", rule: "CERT-VALIDITY", cert: preset(certtest.PresetPerson), want: check.Pass},
		{name: "expired", rule: "CERT-VALIDITY", cert: preset(certtest.PresetPerson), at: testFrom.AddDate(2, 0, 0), want: check.Fail, detail: "истёк"},
		{name: "not yet valid", rule: "CERT-VALIDITY", cert: preset(certtest.PresetPerson), at: testFrom.AddDate(0, 0, -1), want: check.Fail, detail: "ещё не действует"},

		{name: "PKUP", rule: "CERT-PKUP", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.PrivateKeyUsagePeriod.NotAfter = testFrom.AddDate(0, 6, 0) }), want: check.Pass},
		{name: "PKUP over", rule: "CERT-PKUP", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.PrivateKeyUsagePeriod.NotAfter = testFrom.AddDate(0, 1, 0) }), want: check.Fail, detail: "истёк"},
		{name: "PKUP not started", rule: "CERT-PKUP", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) { tm.PrivateKeyUsagePeriod.NotBefore = testAt.AddDate(0, 1, 0) }), want: check.Fail, detail: "ещё нельзя"},
		{name: "PKUP malformed", rule: "CERT-PKUP", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.PrivateKeyUsagePeriod = nil
			tm.ExtraExtensions = []certtest.Extension{{OID: certificate.OIDExtPrivateKeyUsage, Value: []byte{0x30, 0x00}}}
		}), want: check.Fail, detail: "повреждено"},
		{name: "PKUP absent", rule: "CERT-PKUP", cert: ca, want: check.Skip},

		{name: "head from accepted CA", rule: "CERT-LEGACY-EMPLOYEE", cert: preset(certtest.PresetLegalEntityHead), opts: testOpts, want: check.Pass},
		{name: "employee cert after 31.08.2024", rule: "CERT-LEGACY-EMPLOYEE", cert: preset(certtest.PresetLegalEntityHead), want: check.Fail, detail: "31.08.2024"},
		{name: "employee cert in 2023", rule: "CERT-LEGACY-EMPLOYEE", cert: variant(certtest.PresetLegalEntityHead, func(tm *certtest.Template) {
			tm.NotBefore = time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(1, 0, 0)
		}), at: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), want: check.Warn, detail: "ещё мог применяться"},
		{name: "organisation without person", rule: "CERT-LEGACY-EMPLOYEE", cert: variant(certtest.PresetLegalEntityHead, noPerson), want: check.Skip},
		{name: "employee skip for ФЛ", rule: "CERT-LEGACY-EMPLOYEE", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "ИП from accepted CA", rule: "CERT-IP-ISSUER", cert: preset(certtest.PresetEntrepreneur), opts: testOpts, want: check.Pass},
		{name: "ИП from commercial CA", rule: "CERT-IP-ISSUER", cert: preset(certtest.PresetEntrepreneur), want: check.Fail, detail: "УЦ ФНС"},
		{name: "ИП from commercial CA in 2021", rule: "CERT-IP-ISSUER", cert: variant(certtest.PresetEntrepreneur, func(tm *certtest.Template) {
			tm.NotBefore = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(2, 0, 0)
		}), at: time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), want: check.Warn, detail: "31.12.2022"},
		{name: "ИП from commercial CA in 2021, used in 2023", rule: "CERT-IP-ISSUER", cert: variant(certtest.PresetEntrepreneur, func(tm *certtest.Template) {
			tm.NotBefore = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(2, 0, 0)
		}), at: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), want: check.Fail, detail: "31.12.2022"},
		{name: "ИП issuer skip for ФЛ", rule: "CERT-IP-ISSUER", cert: preset(certtest.PresetPerson), want: check.Skip},

		{name: "extensions decode", rule: "CERT-EXTENSIONS-DECODE", cert: preset(certtest.PresetLegalEntityHead), want: check.Pass},
		{name: "AKI with a broken DirName", rule: "CERT-EXTENSIONS-DECODE", cert: variant(certtest.PresetPerson, func(tm *certtest.Template) {
			tm.OmitAuthorityKeyID = true
			tm.ExtraExtensions = []certtest.Extension{{OID: certificate.OIDExtAuthorityKeyID, Value: badAKI}}
		}), want: check.Fail, detail: "authorityKeyIdentifier"},
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	cases := ruleCases()
	// Every rule has a passing and a violating case.
	covered := make(map[string]map[check.Status]bool)
	for _, tc := range cases {
		if covered[tc.rule] == nil {
			covered[tc.rule] = make(map[check.Status]bool)
		}
		covered[tc.rule][tc.want] = true
	}
	for _, r := range certificate.Rules() {
		if strings.HasPrefix(r.ID, "CHAIN-") {
			continue
		}
		m := covered[r.ID]
		if !m[check.Pass] || !(m[check.Fail] || m[check.Warn]) {
			t.Errorf("%s: needs a pass case and a fail/warn case, have %v", r.ID, m)
		}
	}
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			c := tc.cert(t, p)
			at := tc.at
			if at.IsZero() {
				at = testAt
			}
			var opts *certificate.Options
			if tc.opts != nil {
				opts = tc.opts(p)
			}
			results := certificate.CheckProfile(c, at, opts)
			if n := len(certificate.CheckProfile(nil, at, nil)); len(results) != n {
				t.Fatalf("%d results for %d rules", len(results), n)
			}
			r, ok := results.Find(tc.rule)
			if !ok {
				t.Fatalf("no result for %s", tc.rule)
			}
			if r.Status != tc.want {
				t.Fatalf("%s, want %s", r, tc.want)
			}
			if r.Citation != profileRule(t, tc.rule).Citation || r.Message == "" {
				t.Errorf("citation/message: %+v", r)
			}
			if strings.Contains(r.Message, "%!") {
				t.Errorf("bad format verbs: %q", r.Message)
			}
			if tc.detail != "" && !strings.Contains(r.Message+" "+r.Detail, tc.detail) {
				t.Errorf("%q does not mention %q", r.Message+" | "+r.Detail, tc.detail)
			}
		})
	}
}

// TestProfilePresets runs the whole profile on every builder kind: with the
// test CA accepted as head issuer, nothing fails or warns.
func TestProfilePresets(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	for pr, c := range p.ee {
		results := certificate.CheckProfile(c, testAt, p.opts)
		if w := results.Worst(); w != check.Pass {
			for _, r := range results {
				if r.Status == check.Warn || r.Status == check.Fail {
					t.Errorf("%v: %s", pr, r)
				}
			}
		}
	}
	for _, c := range []*certificate.Certificate{p.root, p.ca} {
		if w := certificate.CheckProfile(c, testAt, p.opts).Worst(); w != check.Pass {
			t.Errorf("%s: worst %s", c.Subject.CommonName, w)
		}
	}
}
