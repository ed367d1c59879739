package certificate

import (
	"crypto/x509"
	"encoding/asn1"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
)

func TestRuleDeclarations(t *testing.T) {
	t.Parallel()
	rules := ProfileRules()
	if len(rules)+len(ChainRules()) != len(Registry().Rules()) {
		t.Fatalf("%d rules evaluated, %d registered", len(rules), len(Registry().Rules()))
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
		if _, ok := Registry().Lookup(r.ID); !ok {
			t.Errorf("%s not in the registry", r.ID)
		}
	}
	// The unconfirmed requirements of the reference (§7) are warnings.
	for _, r := range []check.Rule{RuleSubjectSignTool, RuleIssuerSignTool, RuleIdentificationKind, RulePolicyClass} {
		if !r.Unconfirmed || r.Severity != check.Warn {
			t.Errorf("%s must be an unconfirmed warning", r.ID)
		}
	}
}

// ruleCase evaluates CheckProfile on a certificate and expects a status for
// one rule.
type ruleCase struct {
	name   string
	rule   check.Rule
	cert   func(t *testing.T, p *pki) *Certificate
	at     time.Time // zero: testAt
	opts   func(p *pki) *Options
	want   check.Status
	detail string // substring of message+detail
}

func preset(pr Preset) func(*testing.T, *pki) *Certificate {
	return func(t *testing.T, p *pki) *Certificate { return p.ee[pr] }
}

func variant(pr Preset, mutate func(*Template)) func(*testing.T, *pki) *Certificate {
	return func(t *testing.T, p *pki) *Certificate { return p.issue(t, pr, mutate) }
}

func testOpts(p *pki) *Options { return p.opts }

// lastDigitOff changes the last digit of an identifier.
func lastDigitOff(s string) string {
	last := s[len(s)-1]
	return s[:len(s)-1] + string('0'+(last-'0'+1)%10)
}

func ruleCases() []ruleCase {
	ca := func(t *testing.T, p *pki) *Certificate { return p.ca }
	root := func(t *testing.T, p *pki) *Certificate { return p.root }
	noPerson := func(tm *Template) {
		tm.Subject.Surname, tm.Subject.GivenNames, tm.Subject.Title, tm.Subject.SNILS, tm.Subject.INN = "", "", "", "", ""
	}
	ecdsa := func(t *testing.T, p *pki) *Certificate {
		c, err := ParseOne(ecdsaCertificate(t))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	seven := IdentificationKind(7)
	badAKI := []byte{0x30, 0x0d, 0x80, 0x01, 0x01, 0xa1, 0x08, 0xa4, 0x06, 0x30, 0x04, 0x02, 0x02, 0x01, 0x00}
	return []ruleCase{
		{name: "kind ЮЛ", rule: RuleKind, cert: preset(PresetLegalEntityHead), want: check.Pass, detail: "юридическое лицо"},
		{name: "kind unknown", rule: RuleKind, cert: variant(PresetPerson, func(tm *Template) { tm.Subject.SNILS, tm.Subject.INN = "", "" }), want: check.Fail},

		{name: "ЮЛ attrs", rule: RuleRequiredUL, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "ЮЛ attrs on CA", rule: RuleRequiredUL, cert: ca, want: check.Pass},
		{name: "ЮЛ without OGRN", rule: RuleRequiredUL, cert: variant(PresetLegalEntityHead, func(tm *Template) { tm.Subject.OGRN = "" }), want: check.Fail, detail: "ОГРН"},
		{name: "ЮЛ without address", rule: RuleRequiredUL, cert: variant(PresetLegalEntityHead, func(tm *Template) { tm.Subject.Region, tm.Subject.Locality, tm.Subject.Street = "", "", "" }), want: check.Fail, detail: "место нахождения"},
		{name: "ЮЛ attrs skip for ФЛ", rule: RuleRequiredUL, cert: preset(PresetPerson), want: check.Skip},

		{name: "ИП attrs", rule: RuleRequiredIP, cert: preset(PresetEntrepreneur), want: check.Pass},
		{name: "ИП without INN", rule: RuleRequiredIP, cert: variant(PresetEntrepreneur, func(tm *Template) { tm.Subject.INN = "" }), want: check.Fail, detail: "ИНН"},
		{name: "ИП attrs skip for ЮЛ", rule: RuleRequiredIP, cert: preset(PresetLegalEntityHead), want: check.Skip},

		{name: "ФЛ attrs", rule: RuleRequiredFL, cert: preset(PresetPerson), want: check.Pass},
		{name: "ФЛ without surname", rule: RuleRequiredFL, cert: variant(PresetPerson, func(tm *Template) { tm.Subject.Surname = "" }), want: check.Fail, detail: "фамилия (SN)"},
		{name: "ФЛ attrs skip for ИП", rule: RuleRequiredFL, cert: preset(PresetEntrepreneur), want: check.Skip},

		{name: "ЮЛ head named", rule: RuleULHead, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "ЮЛ without head", rule: RuleULHead, cert: variant(PresetLegalEntityHead, noPerson), want: check.Warn, detail: "не подтверждено"},
		{name: "ЮЛ head skip for CA", rule: RuleULHead, cert: ca, want: check.Skip},

		{name: "INNLE attribute", rule: RuleINNLEForm, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "legacy INN in 2025", rule: RuleINNLEForm, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+tm.Subject.INNLE, ""
		}), want: check.Fail, detail: "01.09.2021"},
		{name: "legacy INN in 2020", rule: RuleINNLEForm, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+tm.Subject.INNLE, ""
			tm.NotBefore = time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
		}), want: check.Pass, detail: "legacy"},
		{name: "INNLE and legacy INN differ", rule: RuleINNLEForm, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.Subject.INN = "00" + lastDigitOff(tm.Subject.INNLE)
		}), want: check.Fail, detail: "дважды"},
		{name: "INNLE form skip for ФЛ", rule: RuleINNLEForm, cert: preset(PresetPerson), want: check.Skip},

		{name: "SNILS present ФЛ", rule: RuleSNILSPresent, cert: preset(PresetPerson), want: check.Pass},
		{name: "SNILS present ИП", rule: RuleSNILSPresent, cert: preset(PresetEntrepreneur), want: check.Pass},
		{name: "SNILS missing ФЛ", rule: RuleSNILSPresent, cert: variant(PresetPerson, func(tm *Template) { tm.Subject.SNILS = "" }), want: check.Fail},
		{name: "SNILS skip ЮЛ", rule: RuleSNILSPresent, cert: preset(PresetLegalEntityHead), want: check.Skip},

		{name: "SNILS ok", rule: RuleSNILSChecksum, cert: preset(PresetPerson), want: check.Pass},
		{name: "SNILS checksum", rule: RuleSNILSChecksum, cert: variant(PresetPerson, func(tm *Template) { tm.Subject.SNILS = lastDigitOff(tm.Subject.SNILS) }), want: check.Fail, detail: "контрольное число СНИЛС"},
		{name: "SNILS format", rule: RuleSNILSChecksum, cert: variant(PresetPerson, func(tm *Template) { tm.Subject.SNILS = "1234" }), want: check.Fail},
		{name: "SNILS absent", rule: RuleSNILSChecksum, cert: ca, want: check.Skip},

		{name: "INN ok", rule: RuleINNChecksum, cert: preset(PresetEntrepreneur), want: check.Pass},
		{name: "INN checksum", rule: RuleINNChecksum, cert: variant(PresetEntrepreneur, func(tm *Template) { tm.Subject.INN = lastDigitOff(tm.Subject.INN) }), want: check.Fail, detail: "контрольное число"},
		{name: "INN absent", rule: RuleINNChecksum, cert: ca, want: check.Skip},

		{name: "INNLE ok", rule: RuleINNLEChecksum, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "INNLE checksum", rule: RuleINNLEChecksum, cert: variant(PresetLegalEntityHead, func(tm *Template) { tm.Subject.INNLE = lastDigitOff(tm.Subject.INNLE) }), want: check.Fail},
		{name: "legacy INNLE checksum", rule: RuleINNLEChecksum, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.Subject.INN, tm.Subject.INNLE = "00"+lastDigitOff(tm.Subject.INNLE), ""
		}), want: check.Fail},
		{name: "INNLE absent", rule: RuleINNLEChecksum, cert: preset(PresetPerson), want: check.Skip},

		{name: "OGRN ok", rule: RuleOGRNChecksum, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "OGRN checksum", rule: RuleOGRNChecksum, cert: variant(PresetLegalEntityHead, func(tm *Template) { tm.Subject.OGRN = lastDigitOff(tm.Subject.OGRN) }), want: check.Fail, detail: "ОГРН"},
		{name: "OGRN absent", rule: RuleOGRNChecksum, cert: preset(PresetPerson), want: check.Skip},

		{name: "OGRNIP ok", rule: RuleOGRNIPChecksum, cert: preset(PresetEntrepreneur), want: check.Pass},
		{name: "OGRNIP checksum", rule: RuleOGRNIPChecksum, cert: variant(PresetEntrepreneur, func(tm *Template) { tm.Subject.OGRNIP = lastDigitOff(tm.Subject.OGRNIP) }), want: check.Fail, detail: "ОГРНИП"},
		{name: "OGRNIP absent", rule: RuleOGRNIPChecksum, cert: preset(PresetPerson), want: check.Skip},

		{name: "attribute types", rule: RuleAttrTypes, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "OGRN as UTF8String", rule: RuleAttrTypes, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.Subject.Extra = []AttributeSpec{{oidOGRN, tm.Subject.OGRN, asn1.TagUTF8String}}
			tm.Subject.OGRN = ""
		}), want: check.Warn, detail: "UTF8String вместо NumericString"},

		{name: "no repeats", rule: RuleSubjectRepeated, cert: preset(PresetPerson), want: check.Pass},
		{name: "repeated SNILS", rule: RuleSubjectRepeated, cert: variant(PresetPerson, func(tm *Template) {
			tm.Subject.Extra = []AttributeSpec{{oidSNILS, lastDigitOff(tm.Subject.SNILS), asn1.TagNumericString}}
		}), want: check.Warn, detail: "SNILS"},

		{name: "GOST key", rule: RuleGOSTKey, cert: preset(PresetPerson), want: check.Pass, detail: "CryptoPro-XchA"},
		{name: "ECDSA key", rule: RuleGOSTKey, cert: ecdsa, want: check.Fail, detail: "не является ключом ГОСТ"},

		{name: "GOST signature", rule: RuleGOSTSigAlg, cert: preset(PresetPerson), want: check.Pass},
		{name: "GOST signature NULL params", rule: RuleGOSTSigAlg, cert: variant(PresetPerson, func(tm *Template) { tm.SignatureParamsNULL = true }), want: check.Pass},
		{name: "ECDSA signature", rule: RuleGOSTSigAlg, cert: ecdsa, want: check.Fail, detail: "1.2.840.10045.4.3.2"},

		{name: "subject sign tool", rule: RuleSubjectSignTool, cert: preset(PresetPerson), want: check.Pass},
		{name: "no subject sign tool", rule: RuleSubjectSignTool, cert: variant(PresetPerson, func(tm *Template) { tm.SubjectSignTool = "" }), want: check.Warn, detail: "отсутствует"},
		{name: "subject sign tool as PrintableString", rule: RuleSubjectSignTool, cert: variant(PresetPerson, func(tm *Template) {
			tm.SubjectSignTool = ""
			tm.ExtraExtensions = []Extension{{OID: oidSubjectSignTool, Value: []byte{0x13, 0x01, 'x'}}}
		}), want: check.Warn, detail: "повреждено"},
		{name: "subject sign tool too long", rule: RuleSubjectSignTool, cert: variant(PresetPerson, func(tm *Template) { tm.SubjectSignTool = strings.Repeat("я", 201) }), want: check.Warn, detail: "201"},

		{name: "issuer sign tool", rule: RuleIssuerSignTool, cert: preset(PresetPerson), want: check.Pass},
		{name: "no issuer sign tool", rule: RuleIssuerSignTool, cert: variant(PresetPerson, func(tm *Template) { tm.IssuerSignTool = nil }), want: check.Warn, detail: "отсутствует"},
		{name: "issuer sign tool empty field", rule: RuleIssuerSignTool, cert: variant(PresetPerson, func(tm *Template) { tm.IssuerSignTool.CAToolCert = "" }), want: check.Warn, detail: "заключение на средство УЦ"},
		{name: "issuer sign tool three fields", rule: RuleIssuerSignTool, cert: variant(PresetPerson, func(tm *Template) {
			tm.IssuerSignTool = nil
			tm.ExtraExtensions = []Extension{{OID: oidIssuerSignTool, Value: []byte{0x30, 0x09, 0x0c, 0x01, 'a', 0x0c, 0x01, 'b', 0x0c, 0x01, 'c'}}}
		}), want: check.Warn, detail: "повреждено"},

		{name: "identification kind", rule: RuleIdentificationKind, cert: preset(PresetPerson), want: check.Pass, detail: "личном присутствии"},
		{name: "no identification kind", rule: RuleIdentificationKind, cert: variant(PresetPerson, func(tm *Template) { tm.IdentificationKind = nil }), want: check.Warn},
		{name: "identification kind 7", rule: RuleIdentificationKind, cert: variant(PresetPerson, func(tm *Template) { tm.IdentificationKind = &seven }), want: check.Warn, detail: "7"},
		{name: "identification kind skip for CA", rule: RuleIdentificationKind, cert: ca, want: check.Skip},

		{name: "policy class", rule: RulePolicyClass, cert: preset(PresetPerson), want: check.Pass, detail: "КС1, КС2"},
		{name: "no policy class", rule: RulePolicyClass, cert: variant(PresetPerson, func(tm *Template) { tm.Policies = []asn1.ObjectIdentifier{oidAnyPolicy} }), want: check.Warn},

		{name: "key usage EE", rule: RuleKeyUsage, cert: preset(PresetPerson), want: check.Pass},
		{name: "key usage CA", rule: RuleKeyUsage, cert: root, want: check.Pass},
		{name: "no key usage", rule: RuleKeyUsage, cert: variant(PresetPerson, func(tm *Template) { tm.KeyUsage = 0 }), want: check.Fail, detail: "отсутствует"},
		{name: "no digitalSignature", rule: RuleKeyUsage, cert: variant(PresetPerson, func(tm *Template) { tm.KeyUsage = x509.KeyUsageKeyEncipherment }), want: check.Fail, detail: "digitalSignature"},
		{name: "no nonRepudiation", rule: RuleKeyUsage, cert: variant(PresetPerson, func(tm *Template) { tm.KeyUsage = x509.KeyUsageDigitalSignature }), want: check.Warn, detail: "nonRepudiation"},
		{name: "CA without keyCertSign", rule: RuleKeyUsage, cert: variant(PresetPerson, func(tm *Template) {
			tm.IsCA, tm.KeyUsage = true, x509.KeyUsageDigitalSignature
		}), want: check.Fail, detail: "keyCertSign"},

		{name: "valid", rule: RuleValidity, cert: preset(PresetPerson), want: check.Pass},
		{name: "expired", rule: RuleValidity, cert: preset(PresetPerson), at: testFrom.AddDate(2, 0, 0), want: check.Fail, detail: "истёк"},
		{name: "not yet valid", rule: RuleValidity, cert: preset(PresetPerson), at: testFrom.AddDate(0, 0, -1), want: check.Fail, detail: "ещё не действует"},

		{name: "PKUP", rule: RulePKUP, cert: variant(PresetPerson, func(tm *Template) { tm.PrivateKeyUsagePeriod.NotAfter = testFrom.AddDate(0, 6, 0) }), want: check.Pass},
		{name: "PKUP over", rule: RulePKUP, cert: variant(PresetPerson, func(tm *Template) { tm.PrivateKeyUsagePeriod.NotAfter = testFrom.AddDate(0, 1, 0) }), want: check.Fail, detail: "истёк"},
		{name: "PKUP not started", rule: RulePKUP, cert: variant(PresetPerson, func(tm *Template) { tm.PrivateKeyUsagePeriod.NotBefore = testAt.AddDate(0, 1, 0) }), want: check.Fail, detail: "ещё нельзя"},
		{name: "PKUP malformed", rule: RulePKUP, cert: variant(PresetPerson, func(tm *Template) {
			tm.PrivateKeyUsagePeriod = nil
			tm.ExtraExtensions = []Extension{{OID: oidExtPrivateKeyUsage, Value: []byte{0x30, 0x00}}}
		}), want: check.Fail, detail: "повреждено"},
		{name: "PKUP absent", rule: RulePKUP, cert: ca, want: check.Skip},

		{name: "head from accepted CA", rule: RuleLegacyEmployee, cert: preset(PresetLegalEntityHead), opts: testOpts, want: check.Pass},
		{name: "employee cert after 31.08.2024", rule: RuleLegacyEmployee, cert: preset(PresetLegalEntityHead), want: check.Fail, detail: "31.08.2024"},
		{name: "employee cert in 2023", rule: RuleLegacyEmployee, cert: variant(PresetLegalEntityHead, func(tm *Template) {
			tm.NotBefore = time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(1, 0, 0)
		}), at: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), want: check.Warn, detail: "ещё мог применяться"},
		{name: "organisation without person", rule: RuleLegacyEmployee, cert: variant(PresetLegalEntityHead, noPerson), want: check.Skip},
		{name: "employee skip for ФЛ", rule: RuleLegacyEmployee, cert: preset(PresetPerson), want: check.Skip},

		{name: "ИП from accepted CA", rule: RuleIPIssuer, cert: preset(PresetEntrepreneur), opts: testOpts, want: check.Pass},
		{name: "ИП from commercial CA", rule: RuleIPIssuer, cert: preset(PresetEntrepreneur), want: check.Fail, detail: "УЦ ФНС"},
		{name: "ИП from commercial CA in 2021", rule: RuleIPIssuer, cert: variant(PresetEntrepreneur, func(tm *Template) {
			tm.NotBefore = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(2, 0, 0)
		}), at: time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), want: check.Warn, detail: "31.12.2022"},
		{name: "ИП from commercial CA in 2021, used in 2023", rule: RuleIPIssuer, cert: variant(PresetEntrepreneur, func(tm *Template) {
			tm.NotBefore = time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
			tm.NotAfter = tm.NotBefore.AddDate(2, 0, 0)
		}), at: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), want: check.Fail, detail: "31.12.2022"},
		{name: "ИП issuer skip for ФЛ", rule: RuleIPIssuer, cert: preset(PresetPerson), want: check.Skip},

		{name: "extensions decode", rule: RuleExtensionsDecode, cert: preset(PresetLegalEntityHead), want: check.Pass},
		{name: "AKI with a broken DirName", rule: RuleExtensionsDecode, cert: variant(PresetPerson, func(tm *Template) {
			tm.OmitAuthorityKeyID = true
			tm.ExtraExtensions = []Extension{{OID: oidExtAuthorityKeyID, Value: badAKI}}
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
		if covered[tc.rule.ID] == nil {
			covered[tc.rule.ID] = make(map[check.Status]bool)
		}
		covered[tc.rule.ID][tc.want] = true
	}
	for _, r := range ProfileRules() {
		m := covered[r.ID]
		if !m[check.Pass] || !(m[check.Fail] || m[check.Warn]) {
			t.Errorf("%s: needs a pass case and a fail/warn case, have %v", r.ID, m)
		}
	}
	for _, tc := range cases {
		t.Run(tc.rule.ID+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			c := tc.cert(t, p)
			at := tc.at
			if at.IsZero() {
				at = testAt
			}
			var opts *Options
			if tc.opts != nil {
				opts = tc.opts(p)
			}
			results := CheckProfile(c, at, opts)
			if len(results) != len(ProfileRules()) {
				t.Fatalf("%d results for %d rules", len(results), len(ProfileRules()))
			}
			r, ok := results.Find(tc.rule.ID)
			if !ok {
				t.Fatalf("no result for %s", tc.rule.ID)
			}
			if r.Status != tc.want {
				t.Fatalf("%s, want %s", r, tc.want)
			}
			if r.Citation != tc.rule.Citation || r.Message == "" {
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
		results := CheckProfile(c, testAt, p.opts)
		if w := results.Worst(); w != check.Pass {
			for _, r := range results {
				if r.Status == check.Warn || r.Status == check.Fail {
					t.Errorf("%v: %s", pr, r)
				}
			}
		}
	}
	for _, c := range []*Certificate{p.root, p.ca} {
		if w := CheckProfile(c, testAt, p.opts).Worst(); w != check.Pass {
			t.Errorf("%s: worst %s", c.Subject.CommonName, w)
		}
	}
}
