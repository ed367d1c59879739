package signature

import "github.com/egisz-lk/registrar/check"

// The rules Verify evaluates. Their IDs are stable; see Rules.
var (
	RuleStructure = check.Rule{
		ID: "SIG-STRUCTURE", Title: "SignerInfo and SignedData fields are consistent",
		Citation: "RFC 5652 §5.1, §5.3", Severity: check.Fail,
		Message:     "Структура подписи CMS некорректна: %s",
		PassMessage: "Структура подписи CMS корректна",
	}
	RuleContent = check.Rule{
		ID: "SIG-CONTENT", Title: "The signed content is available and consistent",
		Citation: "RFC 5652 §5.2", Severity: check.Fail,
		Message:     "Подписанные данные недоступны или не совпадают: %s",
		PassMessage: "Подписанные данные доступны",
	}
	RuleEmbeddedCerts = check.Rule{
		ID: "SIG-EMBEDDED-CERTS", Title: "Embedded certificates parse",
		Citation: "RFC 5652 §5.1", Severity: check.Warn,
		Message:     "Часть сертификатов, вложенных в подпись, не удалось разобрать: %s",
		PassMessage: "Вложенные сертификаты разобраны",
	}
	RuleSignerCert = check.Rule{
		ID: "SIG-SIGNER-CERT", Title: "The signer certificate is found and has a usable GOST key",
		Citation: "RFC 5652 §5.3, §5.6", Severity: check.Fail,
		Message:     "Сертификат подписанта не найден или непригоден: %s",
		PassMessage: "Сертификат подписанта найден",
	}
	RuleAlgorithms = check.Rule{
		ID: "SIG-ALGORITHMS", Title: "GOST R 34.10-2012 / 34.11-2012 algorithms consistent with the key",
		Citation: "ГОСТ Р 34.10-2012; ГОСТ Р 34.11-2012; RFC 9215; Приказ Минкомсвязи России № 472", Severity: check.Fail,
		Message:     "Алгоритмы подписи не соответствуют ГОСТ Р 34.10-2012 / ГОСТ Р 34.11-2012 или ключу подписанта: %s",
		PassMessage: "Алгоритмы подписи соответствуют ГОСТ Р 34.10-2012 и ГОСТ Р 34.11-2012",
	}
	RuleContentType = check.Rule{
		ID: "SIG-CONTENT-TYPE", Title: "contentType attribute is id-data and matches eContentType",
		Citation: "RFC 5652 §5.3, §11.1", Severity: check.Fail,
		Message:     "Неверный тип подписанных данных (contentType): %s",
		PassMessage: "Тип подписанных данных — id-data",
	}
	RuleMessageDigest = check.Rule{
		ID: "SIG-MESSAGE-DIGEST", Title: "messageDigest equals the Streebog hash of the content",
		Citation: "RFC 5652 §5.4, §11.2; ГОСТ Р 34.11-2012", Severity: check.Fail,
		Message:     "Хэш подписанных данных (messageDigest) не совпадает с хэшем файла: %s",
		PassMessage: "Хэш подписанных данных совпадает с хэшем файла",
	}
	RuleBrowserEncoding = check.Rule{
		ID: "SIG-BROWSER-ENCODING", Title: "Content signed in the wrong encoding by the CryptoPro browser plug-in",
		Citation: "RFC 5652 §5.4; КриптоПро ЭЦП Browser plug-in, CAdESCOM.CadesSignedData.ContentEncoding", Severity: check.Fail,
		Message: "Подпись сделана не над байтами файла, а над %s. Так бывает, когда файл подписывают в браузере " +
			"через КриптоПро ЭЦП Browser plug-in без указания кодировки: по умолчанию (CADESCOM_STRING_TO_UCS2LE) " +
			"подписывается строка в кодировке UTF-16LE, а не сам файл. Передайте в плагин содержимое файла в base64 " +
			"и установите ContentEncoding = CADESCOM_BASE64_TO_BINARY (1), затем подпишите файл заново",
	}
	RuleValue = check.Rule{
		ID: "SIG-VALUE", Title: "The signature value verifies with the signer key",
		Citation: "RFC 5652 §5.4, §5.6; ГОСТ Р 34.10-2012", Severity: check.Fail,
		Message:     "Электронная подпись неверна: %s",
		PassMessage: "Электронная подпись верна",
	}
	RuleAttrsDEROrder = check.Rule{
		ID: "SIG-ATTRS-DER-ORDER", Title: "Signed attributes are DER-encoded (SET OF sorted)",
		Citation: "RFC 5652 §5.3, §5.4; ITU-T X.690 §10, §11.6", Severity: check.Warn,
		Message: "Подписанные атрибуты закодированы не по правилам DER (%s); подпись проверена над полученными байтами, " +
			"но часть программ может её не принять",
		PassMessage: "Подписанные атрибуты закодированы по правилам DER",
	}
	RuleSigningCertificate = check.Rule{
		ID: "SIG-SIGNING-CERTIFICATE", Title: "signingCertificateV2 identifies the signer certificate",
		Citation: "RFC 5035 §3; ETSI TS 101 733 §5.7.3 (RFC 5126)", Severity: check.Fail,
		Message:     "Атрибут signingCertificateV2 не соответствует сертификату подписанта: %s",
		PassMessage: "Атрибут signingCertificateV2 указывает на сертификат подписанта",
	}
	RuleSigningTime = check.Rule{
		ID: "SIG-SIGNING-TIME", Title: "signingTime lies within the signer certificate validity",
		Citation: "RFC 5652 §11.3; 63-ФЗ, ст. 11", Severity: check.Fail,
		Message:     "Время подписания вне срока действия сертификата подписанта: %s",
		PassMessage: "Время подписания в пределах срока действия сертификата",
	}
	RuleCAdESBES = check.Rule{
		ID: "SIG-CADES-BES", Title: "The signature meets the CAdES-BES profile",
		Citation: "ETSI TS 101 733 §5.7, RFC 5126 §4.3.1; Приказ Минкомсвязи России № 472", Severity: check.Fail,
		Message:     "Подпись не соответствует формату CAdES-BES: %s",
		PassMessage: "Подпись соответствует формату CAdES-BES",
	}
	RuleCertValidity = check.Rule{
		ID: "SIG-CERT-VALIDITY", Title: "The signer certificate is valid at the validation time",
		Citation: "63-ФЗ, ст. 11; RFC 5280 §4.1.2.5", Severity: check.Fail,
		Message:     "Сертификат подписанта не действовал на момент проверки (%s)",
		PassMessage: "Сертификат подписанта действовал на момент проверки",
	}
	RuleCertChain = check.Rule{
		ID: "SIG-CERT-CHAIN", Title: "The signer certificate chains to a trusted root",
		Citation: "63-ФЗ, ст. 11; RFC 5280 §6", Severity: check.Fail,
		Message:     "Цепочка сертификата подписанта не построена до доверенного корня: %s",
		PassMessage: "Цепочка сертификата подписанта проверена",
	}
)

var registry check.Registry

func init() {
	registry.Register(RuleStructure, RuleContent, RuleEmbeddedCerts, RuleSignerCert, RuleAlgorithms,
		RuleContentType, RuleMessageDigest, RuleBrowserEncoding, RuleValue, RuleAttrsDEROrder,
		RuleSigningCertificate, RuleSigningTime, RuleCAdESBES, RuleCertValidity, RuleCertChain)
}

// Rules returns every rule Verify evaluates, sorted by ID.
func Rules() []check.Rule { return registry.Rules() }
