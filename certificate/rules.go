package certificate

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/internal/oid"
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

// The qualified-profile rules, evaluated by CheckProfile through
// profileTable. They are unexported so that no caller can change a verdict;
// Rules returns copies.
var (
	ruleKind = check.Rule{
		ID: "CERT-KIND", Title: "owner kind (ЮЛ, ИП, ФЛ) can be determined",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "Не удалось определить владельца сертификата: в нём нет ни ОГРН, ни ОГРНИП, ни ИНН, ни СНИЛС",
		PassMessage: "Владелец сертификата — %s (%s): %s",
	}
	ruleRequiredUL = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-UL", Title: "legal-entity certificate has name, location, OGRN, INNLE",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате юридического лица не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения о юридическом лице указаны",
	}
	ruleRequiredIP = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-IP", Title: "entrepreneur certificate has full name, OGRNIP, INN",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате индивидуального предпринимателя не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения об индивидуальном предпринимателе указаны",
	}
	ruleRequiredFL = check.Rule{
		ID: "CERT-REQUIRED-ATTRS-FL", Title: "person certificate has full name",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате физического лица не хватает обязательных сведений: %s",
		PassMessage: "Обязательные сведения о физическом лице указаны",
	}
	ruleULHead = check.Rule{
		ID: "CERT-UL-HEAD", Title: "legal-entity end-entity certificate names the person (head)",
		Citation: citeLaw17 + " (в ред. 476-ФЗ)", Severity: check.Warn, Unconfirmed: true,
		Message:     "В сертификате юридического лица не указаны фамилия и имя лица, действующего от имени организации без доверенности",
		PassMessage: "Указано лицо, действующее от имени организации",
	}
	ruleINNLEForm = check.Rule{
		ID: "CERT-INNLE-FORM", Title: "entity INN is in INNLE for certificates issued from 2021-09-01",
		Citation: citeFSB31, Severity: check.Fail, EffectiveDate: innleRequired,
		Message: "Сертификат выдан %s, но ИНН юридического лица указан в прежней форме INN = 00 + 10 цифр; " +
			"с 01.09.2021 он указывается в атрибуте INNLE (1.2.643.100.4)",
		PassMessage: "ИНН юридического лица указан в установленной форме",
		Outcomes: []check.Outcome{
			{Code: "differs", Status: check.Fail,
				Message: "ИНН юридического лица указан дважды с разными значениями: INNLE = %s, INN = %s"},
		},
	}
	ruleSNILSPresent = check.Rule{
		ID: "CERT-SNILS-PRESENT", Title: "person and entrepreneur certificates carry a SNILS",
		Citation: citeLaw17 + "; " + citeFSB795, Severity: check.Fail,
		Message:     "В сертификате не указан СНИЛС владельца",
		PassMessage: "СНИЛС указан",
	}
	ruleSNILSChecksum = identifierRule("CERT-SNILS-CHECKSUM", "SNILS is 11 digits with a correct control number",
		citeFSB795+"; "+citeRFC9215, "СНИЛС")
	ruleINNChecksum = identifierRule("CERT-INN-CHECKSUM", "personal INN is 12 digits with correct control digits",
		citeFSB795+"; "+citeRFC9215, "ИНН физического лица")
	ruleINNLEChecksum = identifierRule("CERT-INNLE-CHECKSUM", "entity INN is 10 digits with a correct control digit",
		citeFSB31+"; "+citeRFC9215, "ИНН юридического лица")
	ruleOGRNChecksum = identifierRule("CERT-OGRN-CHECKSUM", "OGRN is 13 digits with a correct control digit",
		citeFSB795+"; "+citeRFC9215, "ОГРН")
	ruleOGRNIPChecksum = identifierRule("CERT-OGRNIP-CHECKSUM", "OGRNIP is 15 digits with a correct control digit",
		citeFSB795+"; "+citeRFC9215, "ОГРНИП")
	ruleAttrTypes = check.Rule{
		ID: "CERT-ATTR-TYPES", Title: "identifiers are NumericString, C PrintableString, E IA5String",
		Citation: citeRFC9215 + "; RFC 5280, прил. A; " + citeFSB795, Severity: check.Warn,
		Message:     "Атрибуты сертификата закодированы типом, отличным от установленного: %s",
		PassMessage: "Атрибуты закодированы установленными типами",
	}
	ruleSubjectRepeated = check.Rule{
		ID: "CERT-SUBJECT-REPEATED", Title: "subject attributes occur once",
		Citation: citeFSB795, Severity: check.Warn, Unconfirmed: true,
		Message:     "Атрибуты владельца повторяются: %s; используется первое значение",
		PassMessage: "Атрибуты владельца не повторяются",
	}
	ruleGOSTKey = check.Rule{
		ID: "CERT-GOST-KEY", Title: "public key is a valid GOST R 34.10-2012 key on a known curve",
		Citation: citeGOSTKey, Severity: check.Fail,
		Message:     "Открытый ключ ГОСТ Р 34.10-2012 повреждён",
		PassMessage: "Открытый ключ ГОСТ Р 34.10-2012 корректен",
		Outcomes: []check.Outcome{
			{Code: "unknown-algorithm", Status: check.Fail, Message: "Открытый ключ сертификата не является ключом ГОСТ Р 34.10-2012 (алгоритм %s)"},
			{Code: "gost2001", Status: check.Fail,
				Message: "Ключ ГОСТ Р 34.10-2001 больше не допускается для электронной подписи; нужен сертификат с ключом ГОСТ Р 34.10-2012"},
			{Code: "unknown-curve", Status: check.Fail, Message: "Неизвестный набор параметров (кривая) ключа ГОСТ Р 34.10-2012: %s"},
		},
	}
	ruleGOSTSigAlg = check.Rule{
		ID: "CERT-GOST-SIGALG", Title: "signed with GOST R 34.10-2012 + Streebog, parameters absent or NULL",
		Citation: citeGOSTKey, Severity: check.Fail,
		Message:     "Сертификат подписан не по ГОСТ Р 34.10-2012: алгоритм %s",
		PassMessage: "Подпись сертификата выполнена по ГОСТ Р 34.10-2012",
		Outcomes: []check.Outcome{
			{Code: "parameters", Status: check.Fail,
				Message: "Сертификат подписан не по ГОСТ Р 34.10-2012: параметры алгоритма подписи должны отсутствовать или быть NULL"},
			{Code: "length", Status: check.Fail,
				Message: "Сертификат подписан не по ГОСТ Р 34.10-2012: длина подписи %d байт вместо %d"},
		},
	}
	ruleSubjectSignTool = check.Rule{
		ID: "CERT-SUBJECT-SIGN-TOOL", Title: "subjectSignTool (1.2.643.100.111) present, 1..200 characters",
		Citation: citeLaw17 + "; " + citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указано средство электронной подписи владельца: расширение subjectSignTool отсутствует",
		PassMessage: "Средство электронной подписи владельца указано",
		Outcomes: []check.Outcome{
			{Code: "damaged", Status: check.Warn, Message: "Не указано средство электронной подписи владельца: расширение subjectSignTool повреждено"},
			{Code: "length", Status: check.Warn, Message: "Средство электронной подписи владельца (subjectSignTool) указано неверно: длина %d символов вместо 1–200"},
		},
	}
	ruleIssuerSignTool = check.Rule{
		ID: "CERT-ISSUER-SIGN-TOOL", Title: "issuerSignTool (1.2.643.100.112) present with four fields",
		Citation: citeLaw17 + "; " + citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указаны средства удостоверяющего центра и реквизиты их сертификатов соответствия: расширение issuerSignTool отсутствует",
		PassMessage: "Средства удостоверяющего центра указаны",
		Outcomes: []check.Outcome{
			{Code: "damaged", Status: check.Warn, Message: "Не указаны средства удостоверяющего центра: расширение issuerSignTool повреждено"},
			{Code: "length", Status: check.Warn, Message: "Средства удостоверяющего центра (issuerSignTool) указаны неверно: длина полей вне допустимых пределов (%s)"},
		},
	}
	ruleIdentificationKind = check.Rule{
		ID: "CERT-IDENTIFICATION-KIND", Title: "identificationKind (1.2.643.100.114) present, 0..3",
		Citation: citeFSB795 + "; " + citeRFC9215 + "; 63-ФЗ, ст. 18", Severity: check.Warn, Unconfirmed: true,
		Message:     "Не указан способ идентификации владельца: расширение identificationKind отсутствует",
		PassMessage: "Владелец идентифицирован %s",
		Outcomes: []check.Outcome{
			{Code: "damaged", Status: check.Warn, Message: "Не указан способ идентификации владельца: расширение identificationKind повреждено"},
			{Code: "value", Status: check.Warn, Message: "Способ идентификации владельца (identificationKind) указан неверно: значение %d вместо 0–3"},
		},
	}
	rulePolicyClass = check.Rule{
		ID: "CERT-POLICY-CLASS", Title: "certificatePolicies name a signature-tool class КС1…КА1",
		Citation: citeFSB795 + "; " + citeRFC9215, Severity: check.Warn, Unconfirmed: true,
		Message:     "В сертификате не указан класс средства электронной подписи (КС1, КС2, КС3, КВ1, КВ2, КА1)",
		PassMessage: "Класс средства электронной подписи указан",
	}
	ruleKeyUsage = check.Rule{
		ID: "CERT-KEY-USAGE", Title: "keyUsage allows signing (end entity) or certificate signing (CA)",
		Citation: citeKeyUsage, Severity: check.Fail,
		Message:     "Назначение ключа не соответствует сертификату: нет права электронной подписи (digitalSignature)",
		PassMessage: "Назначение ключа соответствует сертификату",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "Назначение ключа не соответствует сертификату: расширение keyUsage отсутствует"},
			{Code: "ca-without-cert-sign", Status: check.Fail,
				Message: "Назначение ключа не соответствует сертификату: у сертификата удостоверяющего центра нет права подписи сертификатов (keyCertSign)"},
			{Code: "no-non-repudiation", Status: check.Warn,
				Message: "Назначение ключа не включает неотрекаемость (nonRepudiation), которая есть во всех квалифицированных сертификатах; подпись возможна"},
		},
	}
	ruleValidity = check.Rule{
		ID: "CERT-VALIDITY", Title: "certificate valid at the validation time",
		Citation: citeValidity, Severity: check.Fail,
		Message:     "Сертификат истёк: срок действия с %s по %s, проверка на %s",
		PassMessage: "Сертификат действует на момент проверки",
		Outcomes: []check.Outcome{
			{Code: "not-yet-valid", Status: check.Fail, Message: "Сертификат ещё не действует: срок действия с %s по %s, проверка на %s"},
			{Code: "out-of-bounds", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE,
				Message: "Сертификат не действует на %s (срок действия с %s по %s), а подтверждения, что подпись создана в срок его действия, нет"},
		},
	}
	rulePKUP = check.Rule{
		ID: "CERT-PKUP", Title: "private key usable at the validation time (privateKeyUsagePeriod)",
		Citation: citePKUP, Severity: check.Fail,
		Message:     "Закрытый ключ нельзя использовать: срок его действия истёк %s",
		PassMessage: "Срок действия закрытого ключа не истёк",
		Outcomes: []check.Outcome{
			{Code: "not-yet-usable", Status: check.Fail, Message: "Закрытый ключ ещё нельзя использовать: срок его действия начинается %s"},
			{Code: "damaged", Status: check.Fail, Message: "Срок действия закрытого ключа не проверен: расширение privateKeyUsagePeriod повреждено"},
			{Code: "out-of-bounds", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE,
				Message: "Закрытый ключ нельзя использовать на %s (срок его действия %s), а подтверждения, что подпись создана в этот срок, нет"},
		},
	}
	ruleLegacyEmployee = check.Rule{
		ID: "CERT-LEGACY-EMPLOYEE", Title: "no legacy employee certificate with organisation data from a commercial CA",
		Citation: citeLaw457, Severity: check.Fail, EffectiveDate: employeeCertEnd,
		Message: "Сертификат юридического лица с данными физического лица выдан УЦ «%s», а не УЦ ФНС России, " +
			"Федерального казначейства или Банка России: это сертификат сотрудника прежнего образца, действовавший не позднее " +
			"31.08.2024. С 01.09.2024 сотрудники подписывают документы сертификатом физического лица и машиночитаемой доверенностью",
		PassMessage: "Сертификат не является сертификатом сотрудника прежнего образца",
		Outcomes: []check.Outcome{
			{Code: "before-cut-over", Status: check.Warn,
				Message: "Сертификат юридического лица с данными физического лица выдан УЦ «%s», а не УЦ ФНС России, " +
					"Федерального казначейства или Банка России: это сертификат сотрудника прежнего образца. " +
					"На дату проверки такой сертификат ещё мог применяться (до 31.08.2024)"},
		},
	}
	ruleIPIssuer = check.Rule{
		ID: "CERT-IP-ISSUER", Title: "entrepreneur certificate issued by the УЦ ФНС (or another accepted issuer)",
		Citation: citeLaw172, Severity: check.Fail, EffectiveDate: headOnlyFromFNS,
		Message:     "Сертификат индивидуального предпринимателя выдан УЦ «%s»; с 2022 года такие сертификаты выдаёт УЦ ФНС России",
		PassMessage: "Сертификат индивидуального предпринимателя выдан допустимым удостоверяющим центром",
		Outcomes: []check.Outcome{
			{Code: "commercial-expired", Status: check.Fail,
				Message: "Сертификат индивидуального предпринимателя выдан УЦ «%s»; с 2022 года такие сертификаты выдаёт УЦ ФНС России, " +
					"а выданные ранее сертификаты коммерческих УЦ действовали до 31.12.2022"},
			{Code: "commercial-transition", Status: check.Warn,
				Message: "Сертификат индивидуального предпринимателя выдан УЦ «%s» до 2022 года; такие сертификаты действовали до 31.12.2022"},
		},
	}
	ruleExtensionsDecode = check.Rule{
		ID: "CERT-EXTENSIONS-DECODE", Title: "known extensions and names decode",
		Citation: citeExtensions, Severity: check.Fail,
		Message:     "Сертификат содержит повреждённые сведения: %s",
		PassMessage: "Расширения сертификата читаются",
	}
)

// identifierRule declares the control-digit rule of one identifier.
func identifierRule(id, title, citation, nameRU string) check.Rule {
	return check.Rule{
		ID: id, Title: title, Citation: citation, Severity: check.Fail,
		Message:     nameRU + " в сертификате указан неверно: неверное контрольное число (%s)",
		PassMessage: nameRU + " указан верно",
		Outcomes: []check.Outcome{
			{Code: "format", Status: check.Fail, Message: nameRU + " в сертификате указан неверно: «%s». %s"},
		},
	}
}

// profile is the input of one evaluation.
type profile struct {
	c    *Certificate
	at   time.Time
	opts *Options
	cl   Classification
}

// endEntity reports whether the certificate is not a CA certificate.
func (p *profile) endEntity() bool { return !p.c.IsCA }

// ownerIs returns an Applies function: the rule applies to certificates of
// the owner kinds given, end-entity only when ee.
func ownerIs(ee bool, kinds ...Kind) func(*profile) string {
	return func(p *profile) string {
		ok := len(kinds) == 0
		for _, k := range kinds {
			ok = ok || p.cl.Kind == k
		}
		switch {
		case !ok:
			return "owner is " + p.cl.Kind.String()
		case ee && !p.endEntity():
			return "CA certificate"
		}
		return ""
	}
}

// profileTable decides the qualified-profile rules, in reporting order.
var profileTable = check.Table[*profile]{
	{Rule: &ruleKind, Evaluate: evalKind},
	{Rule: &ruleRequiredUL, Applies: ownerIs(false, KindLegalEntity), Evaluate: func(p *profile) check.Result { return evalRequired(p, &ruleRequiredUL) }},
	{Rule: &ruleRequiredIP, Applies: ownerIs(false, KindEntrepreneur), Evaluate: func(p *profile) check.Result { return evalRequired(p, &ruleRequiredIP) }},
	{Rule: &ruleRequiredFL, Applies: ownerIs(false, KindPerson), Evaluate: func(p *profile) check.Result { return evalRequired(p, &ruleRequiredFL) }},
	{Rule: &ruleULHead, Applies: ownerIs(true, KindLegalEntity), Evaluate: evalULHead},
	{Rule: &ruleINNLEForm, Applies: applyINNLEForm, Evaluate: evalINNLEForm},
	{Rule: &ruleSNILSPresent, Applies: ownerIs(false, KindPerson, KindEntrepreneur), Evaluate: evalSNILSPresent},
	identifierCheck(&ruleSNILSChecksum, func(n *Name) Identifier { return n.SNILS }),
	identifierCheck(&ruleINNChecksum, func(n *Name) Identifier { return n.INN }),
	identifierCheck(&ruleINNLEChecksum, func(n *Name) Identifier { return n.INNLE }),
	identifierCheck(&ruleOGRNChecksum, func(n *Name) Identifier { return n.OGRN }),
	identifierCheck(&ruleOGRNIPChecksum, func(n *Name) Identifier { return n.OGRNIP }),
	{Rule: &ruleAttrTypes, Evaluate: evalAttrTypes},
	{Rule: &ruleSubjectRepeated, Evaluate: evalSubjectRepeated},
	{Rule: &ruleGOSTKey, Evaluate: evalGOSTKey},
	{Rule: &ruleGOSTSigAlg, Evaluate: evalGOSTSigAlg},
	{Rule: &ruleSubjectSignTool, Evaluate: evalSubjectSignTool},
	{Rule: &ruleIssuerSignTool, Evaluate: evalIssuerSignTool},
	{Rule: &ruleIdentificationKind, Applies: ownerIs(true), Evaluate: evalIdentificationKind},
	{Rule: &rulePolicyClass, Evaluate: evalPolicyClass},
	{Rule: &ruleKeyUsage, Evaluate: evalKeyUsage},
	{Rule: &ruleValidity, Evaluate: evalValidity},
	{Rule: &rulePKUP, Applies: applyPKUP, Evaluate: evalPKUP},
	{Rule: &ruleLegacyEmployee, Applies: applyLegacyEmployee, Evaluate: evalLegacyEmployee},
	{Rule: &ruleIPIssuer, Applies: ownerIs(true, KindEntrepreneur), Evaluate: evalIPIssuer},
	{Rule: &ruleExtensionsDecode, Evaluate: evalExtensionsDecode},
}

// Rules returns copies of every rule the package reports: the
// qualified-profile rules of CheckProfile, then the chain rules of Verify.
func Rules() []check.Rule {
	return append(profileTable.Rules(), chainRuleList()...)
}

// CheckProfile evaluates every qualified-profile rule on c at the validation
// time at (a signing time or "now") and returns exactly one result per rule,
// in a fixed order. No rule stops the others; rules that do not apply (to a
// kind of owner, to CA certificates, to an absent extension) report Skip, as
// does every rule for a nil certificate. opts may be nil.
func CheckProfile(c *Certificate, at time.Time, opts *Options) check.Results {
	return AppendProfile(nil, c, at, opts)
}

// AppendProfile is CheckProfile appending its results to dst: a caller
// gathering the results of several checks in one slice saves the copy.
func AppendProfile(dst check.Results, c *Certificate, at time.Time, opts *Options) check.Results {
	if c == nil {
		return append(dst, profileTable.Skip("no certificate")...)
	}
	if dst == nil {
		dst = make(check.Results, 0, len(profileTable))
	}
	return profileTable.Append(dst, &profile{c: c, at: at, opts: opts, cl: c.Classify(opts)})
}

func evalKind(p *profile) check.Result {
	if p.cl.Kind == KindUnknown {
		return ruleKind.Violated(p.cl.ReasonEN)
	}
	return ruleKind.Passed(p.cl.Kind.String()+": "+p.cl.ReasonEN, p.cl.Kind.RussianLong(), p.cl.Kind.Russian(), p.cl.Reason)
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

func evalRequired(p *profile, rule *check.Rule) check.Result {
	if miss := missingAttrs(p.c, p.cl.Kind); len(miss) > 0 {
		return rule.Violated("missing: "+strings.Join(miss, "; "), strings.Join(miss, ", "))
	}
	return rule.Passed("")
}

func evalULHead(p *profile) check.Result {
	s := &p.c.Subject
	if s.Surname == "" || s.GivenNames == "" {
		return ruleULHead.Violated("SN or G missing")
	}
	return ruleULHead.Passed(s.PersonName())
}

func applyINNLEForm(p *profile) string {
	if why := ownerIs(false, KindLegalEntity)(p); why != "" {
		return why
	}
	if !p.c.Subject.INNLE.Present {
		return "no entity INN; see CERT-REQUIRED-ATTRS-UL"
	}
	return ""
}

// evalINNLEForm compares the issue date with the rule's EffectiveDate:
// certificates issued before it may carry the legacy INN form.
func evalINNLEForm(p *profile) check.Result {
	s := &p.c.Subject
	if !s.INNLE.Legacy && s.LegacyINN.Present && s.LegacyINN.Value != s.INNLE.Value {
		return ruleINNLEForm.Outcome("differs", "INNLE and legacy INN differ", s.INNLE.Value, s.LegacyINN.Raw)
	}
	if s.INNLE.Legacy && !p.c.NotBefore.Before(ruleINNLEForm.EffectiveDate) {
		return ruleINNLEForm.Violated("legacy INN form in a certificate issued "+p.c.NotBefore.Format(time.DateOnly), msk.Date(p.c.NotBefore))
	}
	if s.INNLE.Legacy {
		return ruleINNLEForm.Passed("legacy INN form, certificate issued before 2021-09-01")
	}
	return ruleINNLEForm.Passed("INNLE attribute")
}

func evalSNILSPresent(p *profile) check.Result {
	if !p.c.Subject.SNILS.Present {
		return ruleSNILSPresent.Violated("no SNILS attribute (1.2.643.100.3)")
	}
	return ruleSNILSPresent.Passed("")
}

// identifierCheck checks the control digits of the identifier get picks
// from the subject; an absent identifier does not apply.
func identifierCheck(rule *check.Rule, get func(*Name) Identifier) check.Check[*profile] {
	return check.Check[*profile]{
		Rule: rule,
		Applies: func(p *profile) string {
			if !get(&p.c.Subject).Present {
				return "attribute absent"
			}
			return ""
		},
		Evaluate: func(p *profile) check.Result {
			id := get(&p.c.Subject)
			switch {
			case id.Err == nil && id.Legacy:
				return rule.Passed(id.Value + " (legacy INN form)")
			case id.Err == nil:
				return rule.Passed(id.Value)
			case id.badChecksum():
				return rule.Violated(id.Err.Error(), id.Raw)
			}
			return rule.Outcome("format", id.Err.Error(), id.Raw, id.MessageRU())
		},
	}
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
		return ruleAttrTypes.Violated(strings.Join(badEN, "; "), strings.Join(bad, "; "))
	}
	return ruleAttrTypes.Passed("")
}

func evalSubjectRepeated(p *profile) check.Result {
	var rep []string
	for _, n := range p.c.Subject.Repeated {
		if n != "OU" {
			rep = append(rep, n)
		}
	}
	if len(rep) > 0 {
		return ruleSubjectRepeated.Violated("repeated: "+strings.Join(rep, ", "), strings.Join(rep, ", "))
	}
	return ruleSubjectRepeated.Passed("")
}

func evalGOSTKey(p *profile) check.Result {
	k := &p.c.PublicKey
	var ke *KeyError
	switch {
	case k.Err == nil:
	case errors.As(k.Err, &ke) && ke.Err == ErrUnknownKeyAlgorithm && oid.Gost2001(parseDottedOID(ke.OID)):
		return ruleGOSTKey.Outcome("gost2001", k.Err.Error())
	case ke != nil && ke.Err == ErrUnknownKeyAlgorithm:
		return ruleGOSTKey.Outcome("unknown-algorithm", k.Err.Error(), ke.OID)
	case ke != nil && ke.Err == ErrUnknownCurve:
		return ruleGOSTKey.Outcome("unknown-curve", k.Err.Error(), ke.OID)
	default:
		return ruleGOSTKey.Violated(k.Err.Error())
	}
	return ruleGOSTKey.Passed(k.AlgorithmName() + ", " + k.CurveName() + " (" + k.ParamSet.String() + ")")
}

func evalGOSTSigAlg(p *profile) check.Result {
	a := p.c.SignatureAlgorithm
	switch {
	case a.Bits == 0:
		return ruleGOSTSigAlg.Violated("signature algorithm "+a.OID.String(), a.String())
	case !a.ParametersOK():
		return ruleGOSTSigAlg.Outcome("parameters", fmt.Sprintf("parameters %X, want absent or NULL", a.Parameters))
	case len(p.c.Signature) != a.Bits/4:
		return ruleGOSTSigAlg.Outcome("length", fmt.Sprintf("signature of %d bytes, want %d", len(p.c.Signature), a.Bits/4),
			len(p.c.Signature), a.Bits/4)
	}
	return ruleGOSTSigAlg.Passed(a.String())
}

func evalSubjectSignTool(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidSubjectSignTool); err != nil {
		return ruleSubjectSignTool.Outcome("damaged", err.Error())
	}
	if !c.HasSubjectSignTool {
		return ruleSubjectSignTool.Violated("extension absent")
	}
	if n := utf8.RuneCountInString(c.SubjectSignTool); n < 1 || n > 200 {
		return ruleSubjectSignTool.Outcome("length", fmt.Sprintf("%d characters, want 1..200", n), n)
	}
	return ruleSubjectSignTool.Passed(c.SubjectSignTool)
}

func evalIssuerSignTool(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidIssuerSignTool); err != nil {
		return ruleIssuerSignTool.Outcome("damaged", err.Error())
	}
	t := c.IssuerSignTool
	if t == nil {
		return ruleIssuerSignTool.Violated("extension absent")
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
	var bad, badEN []string
	for _, f := range fields {
		if n := utf8.RuneCountInString(f.v); n < 1 || n > f.max {
			bad = append(bad, fmt.Sprintf("%s: %d вместо 1–%d", f.name, n, f.max))
			badEN = append(badEN, fmt.Sprintf("%d characters, want 1..%d", n, f.max))
		}
	}
	if len(bad) > 0 {
		return ruleIssuerSignTool.Outcome("length", "field lengths: "+strings.Join(badEN, "; "), strings.Join(bad, "; "))
	}
	return ruleIssuerSignTool.Passed(t.SignTool + "; " + t.CATool)
}

func evalIdentificationKind(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidIdentificationKind); err != nil {
		return ruleIdentificationKind.Outcome("damaged", err.Error())
	}
	if !c.HasIdentificationKind {
		return ruleIdentificationKind.Violated("extension absent")
	}
	if !c.IdentificationKind.Valid() {
		return ruleIdentificationKind.Outcome("value", c.IdentificationKind.String(), int(c.IdentificationKind))
	}
	return ruleIdentificationKind.Passed(c.IdentificationKind.String(), c.IdentificationKind.Russian())
}

func evalPolicyClass(p *profile) check.Result {
	if err := p.c.extensionError(oidExtCertificatePolicies); err != nil {
		return rulePolicyClass.Violated(err.Error())
	}
	cls := p.c.Policies.Classes
	if len(cls) == 0 {
		return rulePolicyClass.Violated("no 1.2.643.100.113.x policy")
	}
	names := make([]string, len(cls))
	for i, c := range cls {
		names[i] = c.String()
	}
	return rulePolicyClass.Passed(strings.Join(names, ", "))
}

func evalKeyUsage(p *profile) check.Result {
	c := p.c
	if !c.HasKeyUsage {
		return ruleKeyUsage.Outcome("absent", "keyUsage absent")
	}
	if c.IsCA {
		if c.KeyUsage&x509.KeyUsageCertSign == 0 {
			return ruleKeyUsage.Outcome("ca-without-cert-sign", "CA without keyCertSign")
		}
		return ruleKeyUsage.Passed("keyCertSign")
	}
	if c.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return ruleKeyUsage.Violated("no digitalSignature")
	}
	if c.KeyUsage&x509.KeyUsageContentCommitment == 0 {
		return ruleKeyUsage.Outcome("no-non-repudiation", "digitalSignature without nonRepudiation")
	}
	return ruleKeyUsage.Passed("digitalSignature, nonRepudiation")
}

func evalValidity(p *profile) check.Result {
	c := p.c
	if !c.ValidAt(p.at) && p.opts.timeUnproven() {
		return ruleValidity.Outcome("out-of-bounds", "outside validity, time unproven", msk.Date(p.at), msk.Date(c.NotBefore), msk.Date(c.NotAfter))
	}
	switch {
	case p.at.Before(c.NotBefore):
		return ruleValidity.Outcome("not-yet-valid", "not yet valid", msk.Date(c.NotBefore), msk.Date(c.NotAfter), msk.Date(p.at))
	case p.at.After(c.NotAfter):
		return ruleValidity.Violated("expired", msk.Date(c.NotBefore), msk.Date(c.NotAfter), msk.Date(p.at))
	}
	b := make([]byte, 0, 64) // one allocation: the string
	b = c.NotBefore.AppendFormat(b, time.RFC3339)
	b = append(b, " .. "...)
	b = c.NotAfter.AppendFormat(b, time.RFC3339)
	return ruleValidity.Passed(string(b))
}

func applyPKUP(p *profile) string {
	if p.c.PrivateKeyUsagePeriod == nil && p.c.extensionError(oidExtPrivateKeyUsage) == nil {
		return "no privateKeyUsagePeriod extension"
	}
	return ""
}

func evalPKUP(p *profile) check.Result {
	c := p.c
	if err := c.extensionError(oidExtPrivateKeyUsage); err != nil {
		return rulePKUP.Outcome("damaged", err.Error())
	}
	k := c.PrivateKeyUsagePeriod
	outside := (!k.NotBefore.IsZero() && p.at.Before(k.NotBefore)) || (!k.NotAfter.IsZero() && p.at.After(k.NotAfter))
	if outside && p.opts.timeUnproven() {
		return rulePKUP.Outcome("out-of-bounds", "outside the private key usage period, time unproven", msk.Date(p.at),
			msk.Date(k.NotBefore)+" – "+msk.Date(k.NotAfter))
	}
	switch {
	case !k.NotBefore.IsZero() && p.at.Before(k.NotBefore):
		return rulePKUP.Outcome("not-yet-usable", "private key not yet usable", msk.Date(k.NotBefore))
	case !k.NotAfter.IsZero() && p.at.After(k.NotAfter):
		return rulePKUP.Violated("private key usage period over", msk.Date(k.NotAfter))
	}
	return rulePKUP.Passed("")
}

func applyLegacyEmployee(p *profile) string {
	if why := ownerIs(true, KindLegalEntity)(p); why != "" {
		return why
	}
	if !p.cl.HasPerson {
		return "entity certificate names no person"
	}
	return ""
}

// evalLegacyEmployee compares the validation time with the rule's
// EffectiveDate: before it, legacy employee certificates were still in use.
func evalLegacyEmployee(p *profile) check.Result {
	if !p.cl.LegacyEmployee {
		return ruleLegacyEmployee.Passed("issued by an accepted head issuer")
	}
	issuer := issuerLabel(p.c)
	if p.at.Before(ruleLegacyEmployee.EffectiveDate) {
		return ruleLegacyEmployee.Outcome("before-cut-over", p.cl.LegacyEmployeeReasonEN, issuer)
	}
	return ruleLegacyEmployee.Violated(p.cl.LegacyEmployeeReasonEN, issuer)
}

// issuerLabel names the issuing CA in messages: O, else CN.
func issuerLabel(c *Certificate) string {
	if c.Issuer.Organization != "" {
		return c.Issuer.Organization
	}
	return c.Issuer.CommonName
}

// evalIPIssuer compares the issue date with the rule's EffectiveDate: before
// it commercial CAs still issued certificates to entrepreneurs, usable until
// commercialHeadEnd.
func evalIPIssuer(p *profile) check.Result {
	c := p.c
	if i, ok := p.opts.headIssuer(c); ok {
		return ruleIPIssuer.Passed("issuer " + i.Name)
	}
	issuer := issuerLabel(c)
	detail := "issuer " + c.Issuer.String() + " is not an accepted head issuer"
	switch {
	case c.NotBefore.Before(ruleIPIssuer.EffectiveDate) && p.at.Before(commercialHeadEnd):
		return ruleIPIssuer.Outcome("commercial-transition", "commercial CA, issued before 2022, usable until 2022-12-31", issuer)
	case c.NotBefore.Before(ruleIPIssuer.EffectiveDate):
		return ruleIPIssuer.Outcome("commercial-expired", detail, issuer)
	}
	return ruleIPIssuer.Violated(detail, issuer)
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
		return ruleExtensionsDecode.Violated(strings.Join(badEN, "; "), strings.Join(bad, ", "))
	}
	return ruleExtensionsDecode.Passed("")
}

// parseDottedOID reads "1.2.643.2.2.19"; nil when malformed.
func parseDottedOID(s string) asn1.ObjectIdentifier {
	var o asn1.ObjectIdentifier
	for _, part := range strings.Split(s, ".") {
		n := 0
		if part == "" || len(part) > 9 {
			return nil
		}
		for _, c := range part {
			if c < '0' || c > '9' {
				return nil
			}
			n = n*10 + int(c-'0')
		}
		o = append(o, n)
	}
	return o
}
