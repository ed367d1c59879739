package trust

import (
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
)

// citeTSLSignature names the norms of the list's signature: the list of
// accredited CAs the authorised federal body keeps, and the XML signature
// syntax it is signed with.
const citeTSLSignature = "63-ФЗ «Об электронной подписи», ст. 16 (перечень аккредитованных удостоверяющих центров); " +
	"W3C XML Signature Syntax and Processing (enveloped signature); W3C Exclusive XML Canonicalization 1.0; " +
	"Р 1323565.1.033-2020 (алгоритмы ГОСТ в XMLDSig)"

// ruleTSLSignature is the check of the list's own signature.
var ruleTSLSignature = check.Rule{
	ID: "TSL-SIGNATURE", Title: "the trusted list carries a valid XMLDSig of a pinned signer",
	Citation: citeTSLSignature, Severity: check.Fail,
	Message:     "Подпись перечня аккредитованных УЦ (%s) неверна: перечень изменён после подписания (хэш подписанного содержимого не совпадает)",
	PassMessage: "Подпись перечня аккредитованных УЦ (%s) верна; подписант «%s» входит в число доверенных подписантов перечня",
	Outcomes: []check.Outcome{
		{Code: "bad-signature", Status: check.Fail,
			Message: "Подпись перечня аккредитованных УЦ (%s) неверна: значение подписи не соответствует ключу подписанта «%s»"},
		{Code: "structure", Status: check.Fail,
			Message: "Подпись перечня аккредитованных УЦ (%s) не принята: это не единственная подпись всего перечня (вложенная подпись XMLDSig со ссылкой URI=\"\") или она составлена с ошибками"},
		{Code: "unsigned", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
			Message: "Перечень аккредитованных УЦ (%s) не подписан: подлинность перечня не подтверждена"},
		{Code: "no-pinned-signer", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
			Message: "Подпись перечня аккредитованных УЦ (%s) не проверена: не задан ни один доверенный подписант перечня"},
		{Code: "signer-not-pinned", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
			Message: "Подпись перечня аккредитованных УЦ (%s) не проверена: подписант «%s» не входит в число заданных доверенных подписантов перечня"},
		{Code: "unsupported-algorithm", Status: check.Indeterminate, SubIndication: check.UnsupportedAlgorithm, Waiver: check.WaiveTrustedListSignature,
			Message: "Подпись перечня аккредитованных УЦ (%s) не проверена: алгоритм %s не поддерживается"},
		{Code: "withdrawn-algorithm", Status: check.Indeterminate, SubIndication: check.UnsupportedAlgorithm, Waiver: check.WaiveTrustedListSignature,
			Message: "Подпись перечня аккредитованных УЦ (%s) не проверена: алгоритм %s (ГОСТ Р 34.10-2001 / ГОСТ Р 34.11-94) выведен из употребления"},
	},
}

// rules is the list Rules copies.
var rules = []*check.Rule{&ruleTSLSignature}

// Rules returns copies of the rules of the package: TSL-SIGNATURE.
func Rules() []check.Rule {
	out := make([]check.Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Clone()
	}
	return out
}

// CheckSignature reports the list's signature as a TSL-SIGNATURE result
// scoped to the trusted list: pass when it verified with a pinned signer,
// fail when it is invalid (the list was changed after signing, the
// signature value does not verify, or the signature does not cover exactly
// the whole list), indeterminate when the list is unsigned, no signer is
// pinned or the signer is not pinned (SignatureNotVerified), or an
// algorithm is not supported or withdrawn (UnsupportedAlgorithm).
func (l *List) CheckSignature() check.Result {
	s := &l.Signature
	ref := "версия " + l.Version
	if !l.Date.IsZero() {
		ref += " от " + msk.Date(l.Date)
	}
	detail := ""
	if s.Err != nil {
		detail = s.Err.Error()
	}
	var r check.Result
	switch {
	case s.Status == "" || s.Status == certificate.SourceUnsigned:
		r = ruleTSLSignature.Outcome("unsigned", "the list carries no ds:Signature", ref)
	case s.Verified():
		r = ruleTSLSignature.Passed("verified with "+s.Signer.Subject.String()+" ("+s.Method+")", ref, signerName(s.Signer))
	case s.code == "":
		r = ruleTSLSignature.Violated(detail, ref)
	case s.code == "structure" || s.code == "no-pinned-signer":
		r = ruleTSLSignature.Outcome(s.code, detail, ref)
	default:
		r = ruleTSLSignature.Outcome(s.code, detail, ref, s.arg)
	}
	r.Scope = check.Scope{Document: check.DocTrustedList}
	return r
}
