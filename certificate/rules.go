package certificate

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/check"
)

// Citations of the norms the profile rules enforce.
const (
	citeLaw17      = "63-ФЗ «Об электронной подписи», ст. 17, ч. 2"
	citeFSB795     = "Приказ ФСБ России от 27.12.2011 № 795 (Требования к форме квалифицированного сертификата)"
	citeFSB31      = "Приказ ФСБ России от 29.01.2021 № 31 (изменения в Приказ № 795, атрибут INNLE)"
	citeRFC9215    = "RFC 9215 (модуль RuStrongCertsSyntax)"
	citeLaw172     = "63-ФЗ «Об электронной подписи», ст. 17.2; 476-ФЗ от 27.12.2019"
	citeLaw457     = "63-ФЗ, ст. 17.2; 476-ФЗ от 27.12.2019; 457-ФЗ от 04.08.2023"
	citeKeyUsage   = "RFC 5280, разд. 4.2.1.3; " + citeFSB795
	citeValidity   = "63-ФЗ, ст. 11 и ст. 17, ч. 2; RFC 5280, разд. 4.1.2.5"
	citePKUP       = "RFC 3280, разд. 4.2.1.4 (privateKeyUsagePeriod); 63-ФЗ, ст. 11"
	citeGOSTKey    = "ГОСТ Р 34.10-2012; " + citeFSB795 + "; RFC 9215"
	citeExtensions = "RFC 5280, разд. 4.2; " + citeFSB795
)

// Profile rules. Each is declared once here and evaluated by one function
// in profileRules.
var (
	// RuleKind: owner kind (ЮЛ, ИП, ФЛ) can be determined.
	RuleKind = check.Rule{
		ID: "CERT-KIND", Title: "owner kind (ЮЛ, ИП, ФЛ) can be determined",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "Не удалось определить владельца сертификата: в нём нет ни ОГРН, ни ОГРНИП, ни ИНН, ни СНИЛС",
		PassMessage: "Тип владельца сертификата определён",
	}
	// RuleRequiredUL: legal-entity certificate has name, location, OGRN, INNLE.
	RuleRequiredUL = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-UL", Title: "legal-entity certificate has name, location, OGRN, INNLE",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате юридического лица не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения о юридическом лице указаны",
	}
	// RuleRequiredIP: entrepreneur certificate has full name, OGRNIP, INN.
	RuleRequiredIP = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-IP", Title: "entrepreneur certificate has full name, OGRNIP, INN",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате индивидуального предпринимателя не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения об индивидуальном предпринимателе указаны",
	}
	// RuleRequiredFL: person certificate has full name.
	RuleRequiredFL = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-FL", Title: "person certificate has full name",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате физического лица не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения о физическом лице указаны",
	}
	// RuleULHead: legal-entity end-entity certificate names the person (head).
	RuleULHead = check.Rule{
		ID: "CERT-UL-HEAD", Title: "legal-entity end-entity certificate names the person (head)",
		Citation: citeLaw17 + " (в ред. 476-ФЗ)", Severity: check.Warn, Unconfirmed: true,
		Message:     "В сертификате юридического лица не указаны фамилия и имя лица, действующего от имени организации без доверенности",
		PassMessage: "Указано лицо, действующее от имени организации",
	}
	// RuleINNLEForm: entity INN is in INNLE for certificates issued from 2021-09-01.
	RuleINNLEForm = check.Rule{
		ID: "CERT-INNLE-FORM", Title: "entity INN is in INNLE for certificates issued from 2021-09-01",
		Citation: citeFSB31, Severity: check.Fail,
		Message:     "%s",
		PassMessage: "ИНН юридического лица указан в установленной форме",
	}
	// RuleSNILSPresent: person and entrepreneur certificates carry a SNILS.
	RuleSNILSPresent = check.Rule{
		ID: "CERT-SNILS-PRESENT", Title: "person and entrepreneur certificates carry a SNILS",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате не указан СНИЛС владельца",
		PassMessage: "СНИЛС указан",
	}
	// RuleSNILSChecksum: SNILS is 11 digits with a correct control number.
	RuleSNILSChecksum = check.Rule{
		ID: "CERT-SNILS-CHECKSUM", Title: "SNILS is 11 digits with a correct control number",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Fail,
		Message:     "СНИЛС в сертификате указан неверно: %s",
		PassMessage: "СНИЛС указан верно",
	}
	// RuleINNChecksum: personal INN is 12 digits with correct control digits.
	RuleINNChecksum = check.Rule{
		ID: "CERT-INN-CHECKSUM", Title: "personal INN is 12 digits with correct control digits",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Fail,
		Message:     "ИНН физического лица в сертификате указан неверно: %s",
		PassMessage: "ИНН физического лица указан верно",
	}
	// RuleINNLEChecksum: entity INN is 10 digits with a correct control digit.
	RuleINNLEChecksum = check.Rule{
		ID: "CERT-INNLE-CHECKSUM", Title: "entity INN is 10 digits with a correct control digit",
		Citation: citeFSB31 + "; " + citeRFC9215, Severity: check.Fail,
		Message:     "ИНН юридического лица в сертификате указан неверно: %s",
		PassMessage: "ИНН юридического лица указан верно",
	}
	// RuleOGRNChecksum: OGRN is 13 digits with a correct control digit.
	RuleOGRNChecksum = check.Rule{
		ID: "CERT-OGRN-CHECKSUM", Title: "OGRN is 13 digits with a correct control digit",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Fail,
		Message:     "ОГРН в сертификате указан неверно: %s",
		PassMessage: "ОГРН указан верно",
	}
	// RuleOGRNIPChecksum: OGRNIP is 15 digits with a correct control digit.
	RuleOGRNIPChecksum = check.Rule{
		ID: "CERT-OGRNIP-CHECKSUM", Title: "OGRNIP is 15 digits with a correct control digit",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Fail,
		Message:     "ОГРНИП в сертификате указан неверно: %s",
		PassMessage: "ОГРНИП указан верно",
	}
	// RuleAttrTypes: identifiers are NumericString, C PrintableString, E IA5String.
	RuleAttrTypes = check.Rule{
		ID: "CERT-ATTR-TYPES", Title: "identifiers are NumericString, C PrintableString, E IA5String",
		Citation: citeRFC9215 + "; RFC 5280, прил. A; " + citeFSB795, Severity: check.Warn,
		Message:     "Атрибуты сертификата закодированы типом, отличным от установленного: %s",
		PassMessage: "Атрибуты закодированы установленными типами",
	}
	// RuleSubjectRepeated: subject attributes occur once.
	RuleSubjectRepeated = check.Rule{
		ID: "CERT-SUBJECT-REPEATED", Title: "subject attributes occur once",
		Citation: citeFSB795, Severity: check.Warn, Unconfirmed: true,
		Message:     "Атрибуты владельца повторяются: %s; используется первое значение",
		PassMessage: "Атрибуты владельца не повторяются",
	}
	// RuleGOSTKey: public key is a valid GOST R 34.10-2012 key on a known curve.
	RuleGOSTKey = check.Rule{
		ID: "CERT-GOST-KEY", Title: "public key is a valid GOST R 34.10-2012 key on a known curve",
		Citation: citeGOSTKey, Severity: check.Fail,
		Message:     "%s",
		PassMessage: "Открытый ключ ГОСТ Р 34.10-2012 корректен",
	}
	// RuleGOSTSigAlg: signed with GOST R 34.10-2012 + Streebog, parameters absent or NULL.
	RuleGOSTSigAlg = check.Rule{
		ID: "CERT-GOST-SIGALG", Title: "signed with GOST R 34.10-2012 + Streebog, parameters absent or NULL",
		Citation: citeGOSTKey, Severity: check.Fail,
		Message:     "Сертификат подписан не по ГОСТ Р 34.10-2012: %s",
		PassMessage: "Подпись сертификата выполнена по ГОСТ Р 34.10-2012",
	}
	// RuleSubjectSignTool: subjectSignTool (1.2.643.100.111) present, 1..200 characters.
	RuleSubjectSignTool = check.Rule{
		ID: "CERT-SUBJECT-SIGN-TOOL", Title: "subjectSignTool (1.2.643.100.111) present, 1..200 characters",
		Citation: citeLaw17 + "; " + citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указано средство электронной подписи владельца (расширение subjectSignTool): %s",
		PassMessage: "Средство электронной подписи владельца указано",
	}
	// RuleIssuerSignTool: issuerSignTool (1.2.643.100.112) present with four fields.
	RuleIssuerSignTool = check.Rule{
		ID: "CERT-ISSUER-SIGN-TOOL", Title: "issuerSignTool (1.2.643.100.112) present with four fields",
		Citation: citeLaw17 + "; " + citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указаны средства удостоверяющего центра и реквизиты их сертификатов соответствия (расширение issuerSignTool): %s",
		PassMessage: "Средства удостоверяющего центра указаны",
	}
	// RuleIdentificationKind: identificationKind (1.2.643.100.114) present, 0..3.
	RuleIdentificationKind = check.Rule{
		ID: "CERT-IDENTIFICATION-KIND", Title: "identificationKind (1.2.643.100.114) present, 0..3",
		Citation: citeFSB795 + "; " + citeRFC9215 + "; 63-ФЗ, ст. 18", Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указан способ идентификации владельца (расширение identificationKind): %s",
		PassMessage: "Способ идентификации владельца указан",
	}
	// RulePolicyClass: certificatePolicies name a signature-tool class КС1…КА1.
	RulePolicyClass = check.Rule{
		ID: "CERT-POLICY-CLASS", Title: "certificatePolicies name a signature-tool class КС1…КА1",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "В сертификате не указан класс средства электронной подписи (КС1, КС2, КС3, КВ1, КВ2, КА1)",
		PassMessage: "Класс средства электронной подписи указан",
	}
	// RuleKeyUsage: keyUsage allows signing (end entity) or certificate signing (CA).
	RuleKeyUsage = check.Rule{
		ID: "CERT-KEY-USAGE", Title: "keyUsage allows signing (end entity) or certificate signing (CA)",
		Citation: citeKeyUsage, Severity: check.Fail,
		Message:     "Назначение ключа не соответствует сертификату: %s",
		PassMessage: "Назначение ключа соответствует сертификату",
	}
	// RuleValidity: certificate valid at the validation time.
	RuleValidity = check.Rule{
		ID: "CERT-VALIDITY", Title: "certificate valid at the validation time",
		Citation: citeValidity, Severity: check.Fail,
		Message:     "Сертификат %s: срок действия с %s по %s, проверка на %s",
		PassMessage: "Сертификат действует на момент проверки",
	}
	// RulePKUP: private key usable at the validation time (privateKeyUsagePeriod).
	RulePKUP = check.Rule{
		ID: "CERT-PKUP", Title: "private key usable at the validation time (privateKeyUsagePeriod)",
		Citation: citePKUP, Severity: check.Fail,
		Message:     "Закрытый ключ %s",
		PassMessage: "Срок действия закрытого ключа не истёк",
	}
	// RuleLegacyEmployee: no legacy employee certificate with organisation data from a commercial CA.
	RuleLegacyEmployee = check.Rule{
		ID: "CERT-LEGACY-EMPLOYEE", Title: "no legacy employee certificate with organisation data from a commercial CA",
		Citation: citeLaw457, Severity: check.Fail,
		Message:     "%s. С 01.09.2024 сотрудники подписывают документы сертификатом физического лица и машиночитаемой доверенностью",
		PassMessage: "Сертификат не является сертификатом сотрудника прежнего образца",
	}
	// RuleIPIssuer: entrepreneur certificate issued by the УЦ ФНС (or another accepted issuer).
	RuleIPIssuer = check.Rule{
		ID: "CERT-IP-ISSUER", Title: "entrepreneur certificate issued by the УЦ ФНС (or another accepted issuer)",
		Citation: citeLaw172, Severity: check.Fail,
		Message:     "Сертификат индивидуального предпринимателя выдан УЦ «%s»; с 2022 года такие сертификаты выдаёт УЦ ФНС России%s",
		PassMessage: "Сертификат индивидуального предпринимателя выдан допустимым удостоверяющим центром",
	}
	// RuleExtensionsDecode: known extensions and names decode.
	RuleExtensionsDecode = check.Rule{
		ID: "CERT-EXTENSIONS-DECODE", Title: "known extensions and names decode",
		Citation: citeExtensions, Severity: check.Fail,
		Message:     "Сертификат содержит повреждённые сведения: %s",
		PassMessage: "Расширения сертификата читаются",
	}
)

// profile is the input of one evaluation.
type profile struct {
	c    *Certificate
	at   time.Time
	opts *Options
	cl   Classification
}

// endEntity reports whether the certificate is not a CA certificate.
func (p *profile) endEntity() bool { return !p.c.IsCA }

// profileRule pairs a rule with its evaluation.
type profileRule struct {
	rule *check.Rule
	eval func(*profile) check.Result
}

// profileRules is the evaluation order.
var profileRules = []profileRule{
	{&RuleKind, evalKind},
	{&RuleRequiredUL, func(p *profile) check.Result { return evalRequired(p, KindLegalEntity, &RuleRequiredUL) }},
	{&RuleRequiredIP, func(p *profile) check.Result { return evalRequired(p, KindEntrepreneur, &RuleRequiredIP) }},
	{&RuleRequiredFL, func(p *profile) check.Result { return evalRequired(p, KindPerson, &RuleRequiredFL) }},
	{&RuleULHead, evalULHead},
	{&RuleINNLEForm, evalINNLEForm},
	{&RuleSNILSPresent, evalSNILSPresent},
	{&RuleSNILSChecksum, func(p *profile) check.Result { return evalIdentifier(&RuleSNILSChecksum, p.c.Subject.SNILS) }},
	{&RuleINNChecksum, func(p *profile) check.Result { return evalIdentifier(&RuleINNChecksum, p.c.Subject.INN) }},
	{&RuleINNLEChecksum, func(p *profile) check.Result { return evalIdentifier(&RuleINNLEChecksum, p.c.Subject.INNLE) }},
	{&RuleOGRNChecksum, func(p *profile) check.Result { return evalIdentifier(&RuleOGRNChecksum, p.c.Subject.OGRN) }},
	{&RuleOGRNIPChecksum, func(p *profile) check.Result { return evalIdentifier(&RuleOGRNIPChecksum, p.c.Subject.OGRNIP) }},
	{&RuleAttrTypes, evalAttrTypes},
	{&RuleSubjectRepeated, evalSubjectRepeated},
	{&RuleGOSTKey, evalGOSTKey},
	{&RuleGOSTSigAlg, evalGOSTSigAlg},
	{&RuleSubjectSignTool, evalSubjectSignTool},
	{&RuleIssuerSignTool, evalIssuerSignTool},
	{&RuleIdentificationKind, evalIdentificationKind},
	{&RulePolicyClass, evalPolicyClass},
	{&RuleKeyUsage, evalKeyUsage},
	{&RuleValidity, evalValidity},
	{&RulePKUP, evalPKUP},
	{&RuleLegacyEmployee, evalLegacyEmployee},
	{&RuleIPIssuer, evalIPIssuer},
	{&RuleExtensionsDecode, evalExtensionsDecode},
}

// registry holds the profile rules; registration panics on a bad or
// duplicate declaration, so the first test run (or program start) catches
// it.
var registry = Registry()

// ProfileRules returns the qualified-profile rules in evaluation order.
func ProfileRules() []check.Rule {
	out := make([]check.Rule, len(profileRules))
	for i, r := range profileRules {
		out[i] = *r.rule
	}
	return out
}

// Registry returns a new registry holding the package's rules, profile and
// chain rules (listed by ID
// through its Rules method), for documentation and for callers that merge
// rule sets; changing it does not affect the package.
func Registry() *check.Registry {
	var g check.Registry
	g.Register(ProfileRules()...)
	g.Register(ChainRules()...)
	return &g
}

// CheckProfile evaluates every qualified-profile rule on c at the validation
// time at (a signing time or "now") and returns one result per rule, in the
// order of ProfileRules. No rule stops the others; rules that do not apply
// (to a kind of owner, to CA certificates, to an absent extension) report
// Skip. opts may be nil.
func CheckProfile(c *Certificate, at time.Time, opts *Options) check.Results {
	p := &profile{c: c, at: at, opts: opts, cl: c.Classify(opts)}
	out := make(check.Results, 0, len(profileRules))
	for _, r := range profileRules {
		out = append(out, r.eval(p))
	}
	return out
}

func evalKind(p *profile) check.Result {
	if p.cl.Kind == KindUnknown {
		return RuleKind.Violated(p.cl.ReasonEN)
	}
	r := RuleKind.Passed(p.cl.Kind.String() + ": " + p.cl.ReasonEN)
	r.Message = "Владелец сертификата — " + p.cl.Kind.RussianLong() + " (" + p.cl.Kind.Russian() + "): " + p.cl.Reason
	return r
}

// missingAttrs lists the Russian names of the required attributes that are
// absent for the kind.
func missingAttrs(c *Certificate, k Kind) []string {
	s := &c.Subject
	var miss []string
	need := func(ok bool, what string) {
		if !ok {
			miss = append(miss, what)
		}
	}
	switch k {
	case KindLegalEntity:
		need(s.Organization != "" || s.CommonName != "", "наименование организации (O)")
		need(s.OGRN.Present, "ОГРН")
		need(s.INNLE.Present, "ИНН юридического лица (INNLE)")
		need(s.Region.Raw != "" || s.Locality != "" || s.Street != "", "место нахождения (ST, L)")
		need(s.Country != "", "страна (C)")
	case KindEntrepreneur:
		need(s.CommonName != "", "фамилия, имя, отчество (CN)")
		need(s.Surname != "", "фамилия (SN)")
		need(s.GivenNames != "", "имя и отчество (G)")
		need(s.OGRNIP.Present, "ОГРНИП")
		need(s.INN.Present, "ИНН (INN)")
	case KindPerson:
		need(s.CommonName != "", "фамилия, имя, отчество (CN)")
		need(s.Surname != "", "фамилия (SN)")
		need(s.GivenNames != "", "имя и отчество (G)")
	}
	return miss
}

func evalRequired(p *profile, k Kind, rule *check.Rule) check.Result {
	if p.cl.Kind != k {
		return rule.Skipped("owner is " + p.cl.Kind.String())
	}
	if miss := missingAttrs(p.c, k); len(miss) > 0 {
		return rule.Violated("missing: "+strings.Join(miss, "; "), strings.Join(miss, ", "))
	}
	return rule.Passed("")
}

func evalULHead(p *profile) check.Result {
	switch {
	case p.cl.Kind != KindLegalEntity:
		return RuleULHead.Skipped("owner is " + p.cl.Kind.String())
	case !p.endEntity():
		return RuleULHead.Skipped("CA certificate")
	}
	s := &p.c.Subject
	if s.Surname == "" || s.GivenNames == "" {
		return RuleULHead.Violated("SN or G missing")
	}
	return RuleULHead.Passed(s.PersonName())
}

func evalINNLEForm(p *profile) check.Result {
	s := &p.c.Subject
	if p.cl.Kind != KindLegalEntity {
		return RuleINNLEForm.Skipped("owner is " + p.cl.Kind.String())
	}
	if !s.INNLE.Present {
		return RuleINNLEForm.Skipped("no entity INN; see CERT-REQUIRED-ATTRS-UL")
	}
	if !s.INNLE.Legacy && s.LegacyINN.Present && s.LegacyINN.Value != s.INNLE.Value {
		return RuleINNLEForm.Violated("INNLE and legacy INN differ",
			fmt.Sprintf("ИНН юридического лица указан дважды с разными значениями: INNLE = %s, INN = %s", s.INNLE.Value, s.LegacyINN.Raw))
	}
	if s.INNLE.Legacy && !p.c.NotBefore.Before(innleRequired) {
		return RuleINNLEForm.Violated("legacy INN form in a certificate issued "+p.c.NotBefore.Format(time.DateOnly),
			fmt.Sprintf("Сертификат выдан %s, но ИНН юридического лица указан в прежней форме INN = 00 + 10 цифр; с 01.09.2021 он указывается в атрибуте INNLE (1.2.643.100.4)", ruDate(p.c.NotBefore)))
	}
	if s.INNLE.Legacy {
		return RuleINNLEForm.Passed("legacy INN form, certificate issued before 2021-09-01")
	}
	return RuleINNLEForm.Passed("INNLE attribute")
}

func evalSNILSPresent(p *profile) check.Result {
	if p.cl.Kind != KindPerson && p.cl.Kind != KindEntrepreneur {
		return RuleSNILSPresent.Skipped("owner is " + p.cl.Kind.String())
	}
	if !p.c.Subject.SNILS.Present {
		return RuleSNILSPresent.Violated("no SNILS attribute (1.2.643.100.3)")
	}
	return RuleSNILSPresent.Passed("")
}

func evalIdentifier(rule *check.Rule, id Identifier) check.Result {
	if !id.Present {
		return rule.Skipped("attribute absent")
	}
	if id.Err != nil {
		return rule.Violated(id.Err.Error(), lowerFirst(id.MessageRU()))
	}
	detail := id.Value
	if id.Legacy {
		detail += " (legacy INN form)"
	}
	return rule.Passed(detail)
}

func evalAttrTypes(p *profile) check.Result {
	var bad, badEN []string
	for _, a := range p.c.Subject.Attributes {
		for _, k := range knownAttributes {
			if !k.oid.Equal(a.Type) {
				continue
			}
			identifierOrCE := k.tag != asn1.TagUTF8String
			if identifierOrCE && a.Tag != k.tag {
				bad = append(bad, fmt.Sprintf("%s — %s вместо %s", a.Name, stringTypeName(a.Tag), stringTypeName(k.tag)))
				badEN = append(badEN, fmt.Sprintf("%s is %s, want %s", a.Name, stringTypeName(a.Tag), stringTypeName(k.tag)))
			}
		}
	}
	if len(bad) > 0 {
		return RuleAttrTypes.Violated(strings.Join(badEN, "; "), strings.Join(bad, "; "))
	}
	return RuleAttrTypes.Passed("")
}

func evalSubjectRepeated(p *profile) check.Result {
	var rep []string
	for _, n := range p.c.Subject.Repeated {
		if n != "OU" {
			rep = append(rep, n)
		}
	}
	if len(rep) > 0 {
		return RuleSubjectRepeated.Violated("repeated: "+strings.Join(rep, ", "), strings.Join(rep, ", "))
	}
	return RuleSubjectRepeated.Passed("")
}

func evalGOSTKey(p *profile) check.Result {
	k := &p.c.PublicKey
	if k.Err != nil {
		return RuleGOSTKey.Violated(k.Err.Error(), check.MessageRU(k.Err, "Открытый ключ сертификата повреждён"))
	}
	return RuleGOSTKey.Passed(fmt.Sprintf("%s, %s (%s)", k.AlgorithmName(), k.curve.Name, k.ParamSet))
}

func evalGOSTSigAlg(p *profile) check.Result {
	a := p.c.SignatureAlgorithm
	switch {
	case a.Bits == 0:
		return RuleGOSTSigAlg.Violated("signature algorithm "+a.OID.String(), "алгоритм "+a.String())
	case !a.ParametersOK():
		return RuleGOSTSigAlg.Violated(fmt.Sprintf("parameters %X, want absent or NULL", a.Parameters),
			"параметры алгоритма подписи должны отсутствовать или быть NULL")
	case len(p.c.X509.Signature) != a.Bits/4:
		return RuleGOSTSigAlg.Violated(fmt.Sprintf("signature of %d bytes, want %d", len(p.c.X509.Signature), a.Bits/4),
			fmt.Sprintf("длина подписи %d байт вместо %d", len(p.c.X509.Signature), a.Bits/4))
	}
	return RuleGOSTSigAlg.Passed(a.String())
}

func evalSubjectSignTool(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidSubjectSignTool); err != nil {
		return RuleSubjectSignTool.Violated(err.Error(), "расширение повреждено")
	}
	if !c.HasSubjectSignTool {
		return RuleSubjectSignTool.Violated("extension absent", "расширение отсутствует")
	}
	if n := utf8.RuneCountInString(c.SubjectSignTool); n < 1 || n > 200 {
		return RuleSubjectSignTool.Violated(fmt.Sprintf("%d characters, want 1..200", n), fmt.Sprintf("длина %d символов вместо 1–200", n))
	}
	return RuleSubjectSignTool.Passed(c.SubjectSignTool)
}

func evalIssuerSignTool(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidIssuerSignTool); err != nil {
		return RuleIssuerSignTool.Violated(err.Error(), "расширение повреждено")
	}
	t := c.IssuerSignTool
	if t == nil {
		return RuleIssuerSignTool.Violated("extension absent", "расширение отсутствует")
	}
	fields := []struct {
		v, name string
		max     int
	}{
		{t.SignTool, "средство ЭП УЦ", 200},
		{t.CATool, "средство УЦ", 200},
		{t.SignToolCert, "заключение на средство ЭП", 100},
		{t.CAToolCert, "заключение на средство УЦ", 100},
	}
	var bad []string
	for _, f := range fields {
		if n := utf8.RuneCountInString(f.v); n < 1 || n > f.max {
			bad = append(bad, fmt.Sprintf("%s: длина %d вместо 1–%d", f.name, n, f.max))
		}
	}
	if len(bad) > 0 {
		return RuleIssuerSignTool.Violated("field lengths", strings.Join(bad, "; "))
	}
	return RuleIssuerSignTool.Passed(t.SignTool + "; " + t.CATool)
}

func evalIdentificationKind(p *profile) check.Result {
	c := p.c
	if !p.endEntity() {
		return RuleIdentificationKind.Skipped("CA certificate")
	}
	if err := c.extensionError(oidIdentificationKind); err != nil {
		return RuleIdentificationKind.Violated(err.Error(), "расширение повреждено")
	}
	if !c.HasIdentificationKind {
		return RuleIdentificationKind.Violated("extension absent", "расширение отсутствует")
	}
	if !c.IdentificationKind.Valid() {
		return RuleIdentificationKind.Violated(c.IdentificationKind.String(), fmt.Sprintf("недопустимое значение %d", int(c.IdentificationKind)))
	}
	r := RuleIdentificationKind.Passed(c.IdentificationKind.String())
	r.Message = "Владелец идентифицирован " + c.IdentificationKind.Russian()
	return r
}

func evalPolicyClass(p *profile) check.Result {
	if err := p.c.extensionError(oidExtCertificatePolicies); err != nil {
		return RulePolicyClass.Violated(err.Error())
	}
	cls := p.c.Policies.Classes
	if len(cls) == 0 {
		return RulePolicyClass.Violated("no 1.2.643.100.113.x policy")
	}
	names := make([]string, len(cls))
	for i, c := range cls {
		names[i] = c.String()
	}
	return RulePolicyClass.Passed(strings.Join(names, ", "))
}

func evalKeyUsage(p *profile) check.Result {
	c := p.c
	if !c.HasKeyUsage {
		return RuleKeyUsage.Violated("keyUsage absent", "расширение keyUsage отсутствует")
	}
	if c.IsCA {
		if c.KeyUsage&x509.KeyUsageCertSign == 0 {
			return RuleKeyUsage.Violated("CA without keyCertSign", "у сертификата удостоверяющего центра нет права подписи сертификатов (keyCertSign)")
		}
		return RuleKeyUsage.Passed("keyCertSign")
	}
	if c.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return RuleKeyUsage.Violated("no digitalSignature", "нет права электронной подписи (digitalSignature)")
	}
	if c.KeyUsage&x509.KeyUsageContentCommitment == 0 {
		return RuleKeyUsage.Warned("digitalSignature without nonRepudiation",
			"Назначение ключа не включает неотрекаемость (nonRepudiation), которая есть во всех квалифицированных сертификатах; подпись возможна")
	}
	return RuleKeyUsage.Passed("digitalSignature, nonRepudiation")
}

func evalValidity(p *profile) check.Result {
	c := p.c
	switch {
	case p.at.Before(c.NotBefore):
		return RuleValidity.Violated("not yet valid", "ещё не действует", ruDate(c.NotBefore), ruDate(c.NotAfter), ruDate(p.at))
	case p.at.After(c.NotAfter):
		return RuleValidity.Violated("expired", "истёк", ruDate(c.NotBefore), ruDate(c.NotAfter), ruDate(p.at))
	}
	return RuleValidity.Passed(c.NotBefore.Format(time.RFC3339) + " .. " + c.NotAfter.Format(time.RFC3339))
}

func evalPKUP(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidExtPrivateKeyUsage); err != nil {
		return RulePKUP.Violated(err.Error(), "не проверен: расширение privateKeyUsagePeriod повреждено")
	}
	k := c.PrivateKeyUsagePeriod
	if k == nil {
		return RulePKUP.Skipped("no privateKeyUsagePeriod extension")
	}
	switch {
	case !k.NotBefore.IsZero() && p.at.Before(k.NotBefore):
		return RulePKUP.Violated("private key not yet usable", "ещё нельзя использовать: срок его действия начинается "+ruDate(k.NotBefore))
	case !k.NotAfter.IsZero() && p.at.After(k.NotAfter):
		return RulePKUP.Violated("private key usage period over", "нельзя использовать: срок его действия истёк "+ruDate(k.NotAfter))
	}
	return RulePKUP.Passed("")
}

func evalLegacyEmployee(p *profile) check.Result {
	switch {
	case p.cl.Kind != KindLegalEntity:
		return RuleLegacyEmployee.Skipped("owner is " + p.cl.Kind.String())
	case !p.endEntity():
		return RuleLegacyEmployee.Skipped("CA certificate")
	case !p.cl.HasPerson:
		return RuleLegacyEmployee.Skipped("entity certificate names no person")
	case !p.cl.LegacyEmployee:
		return RuleLegacyEmployee.Passed("issued by an accepted head issuer")
	}
	reason := capitalizeFirst(p.cl.LegacyEmployeeReason)
	if p.at.Before(employeeCertEnd) {
		return RuleLegacyEmployee.Warned(p.cl.LegacyEmployeeReasonEN, reason+". На дату проверки такой сертификат ещё мог применяться")
	}
	return RuleLegacyEmployee.Violated(p.cl.LegacyEmployeeReasonEN, reason)
}

func evalIPIssuer(p *profile) check.Result {
	c := p.c
	switch {
	case p.cl.Kind != KindEntrepreneur:
		return RuleIPIssuer.Skipped("owner is " + p.cl.Kind.String())
	case !p.endEntity():
		return RuleIPIssuer.Skipped("CA certificate")
	}
	if i, ok := p.opts.headIssuer(c); ok {
		return RuleIPIssuer.Passed("issuer " + i.Name)
	}
	issuer := c.Issuer.Organization
	if issuer == "" {
		issuer = c.Issuer.CommonName
	}
	if c.NotBefore.Before(headOnlyFromFNS) && p.at.Before(commercialHeadEnd) {
		return RuleIPIssuer.Warned("commercial CA, issued before 2022, usable until 2022-12-31",
			fmt.Sprintf("Сертификат индивидуального предпринимателя выдан УЦ «%s» до 2022 года; такие сертификаты действовали до 31.12.2022", issuer))
	}
	tail := ""
	if c.NotBefore.Before(headOnlyFromFNS) {
		tail = "; выданные ранее сертификаты коммерческих УЦ действовали до 31.12.2022"
	}
	return RuleIPIssuer.Violated("issuer "+c.Issuer.String()+" is not an accepted head issuer", issuer, tail)
}

func evalExtensionsDecode(p *profile) check.Result {
	var bad, badEN []string
	for _, e := range p.c.ExtensionErrors {
		if e.OID != nil && (e.OID.Equal(oidSubjectSignTool) || e.OID.Equal(oidIssuerSignTool) ||
			e.OID.Equal(oidIdentificationKind) || e.OID.Equal(oidExtPrivateKeyUsage) || e.OID.Equal(oidExtCertificatePolicies)) {
			continue // reported by their own rules
		}
		bad = append(bad, e.Name)
		badEN = append(badEN, e.Error())
	}
	if len(bad) > 0 {
		return RuleExtensionsDecode.Violated(strings.Join(badEN, "; "), strings.Join(bad, ", "))
	}
	return RuleExtensionsDecode.Passed("")
}

// ruDate formats a time as a Moscow date "02.01.2006".
func ruDate(t time.Time) string { return t.In(moscow).Format("02.01.2006") }

func capitalizeFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
