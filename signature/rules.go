package signature

import "github.com/egisz-lk/registrar/check"

// The rules of ParseResult, Verify and Timestamp.Verify. They are unexported so that no caller
// can change a verdict; Rules returns copies.
var (
	ruleParse = check.Rule{
		ID: "SIG-PARSE", Title: "the file is a readable CMS SignedData",
		Citation: "RFC 5652 §3, §5.1", Severity: check.Fail,
		Message:     "Файл подписи не удалось прочитать: %s",
		PassMessage: "Файл подписи прочитан",
	}
	ruleStructure = check.Rule{
		ID: "SIG-STRUCTURE", Title: "SignerInfo and SignedData fields are consistent",
		Citation: "RFC 5652 §5.1, §5.3", Severity: check.Fail,
		Message:     "Структура подписи CMS некорректна: %s",
		PassMessage: "Структура подписи CMS корректна",
		Outcomes: []check.Outcome{
			{Code: "no-signers", Status: check.Fail, Message: "Структура подписи CMS некорректна: в подписи нет ни одного подписанта"},
		},
	}
	ruleContent = check.Rule{
		ID: "SIG-CONTENT", Title: "The signed content is available and consistent",
		Citation: "RFC 5652 §5.2", Severity: check.Fail,
		Message:     "Подписанные данные недоступны: подпись отсоединённая, а подписанный файл не передан",
		PassMessage: "Подписанные данные доступны",
		Outcomes: []check.Outcome{
			{Code: "differs", Status: check.Fail, Message: "Подписанные данные не совпадают: переданный файл отличается от данных, вложенных в подпись"},
		},
	}
	ruleEmbeddedCerts = check.Rule{
		ID: "SIG-EMBEDDED-CERTS", Title: "Embedded certificates parse",
		Citation: "RFC 5652 §5.1", Severity: check.Warn,
		Message:     "Часть сертификатов, вложенных в подпись, не удалось разобрать: %d шт.",
		PassMessage: "Вложенные сертификаты разобраны",
	}
	ruleSignerCert = check.Rule{
		ID: "SIG-SIGNER-CERT", Title: "The signer certificate is found and has a usable GOST key",
		Citation: "RFC 5652 §5.3, §5.6", Severity: check.Fail,
		Message:     "Сертификат подписанта не найден: сертификат (%s) не вложен в подпись и не передан",
		PassMessage: "Сертификат подписанта найден",
		Outcomes: []check.Outcome{
			{Code: "not-gost", Status: check.Fail, Message: "Сертификат подписанта непригоден: его ключ не является ключом ГОСТ Р 34.10-2012"},
		},
	}
	ruleAlgorithms = check.Rule{
		ID: "SIG-ALGORITHMS", Title: "GOST R 34.10-2012 / 34.11-2012 algorithms consistent with the key",
		Citation: "ГОСТ Р 34.10-2012; ГОСТ Р 34.11-2012; RFC 9215; Приказ Минкомсвязи России № 472", Severity: check.Fail,
		Message:     "Алгоритмы подписи не соответствуют ГОСТ Р 34.10-2012 / ГОСТ Р 34.11-2012 или ключу подписанта: %s",
		PassMessage: "Алгоритмы подписи соответствуют ГОСТ Р 34.10-2012 и ГОСТ Р 34.11-2012",
		Outcomes: []check.Outcome{
			{Code: "digest-not-listed", Status: check.Warn, Message: "Алгоритм хэширования подписанта не указан в списке digestAlgorithms SignedData"},
			{Code: "withdrawn", Status: check.Fail, Message: "Подпись выполнена по отменённому стандарту ГОСТ Р 34.10-2001 " +
				"(хэш ГОСТ Р 34.11-94): с 1 января 2019 года он не применяется для электронной подписи, и такая подпись не проверяется. " +
				"Подпишите документ сертификатом по ГОСТ Р 34.10-2012"},
		},
	}
	ruleContentType = check.Rule{
		ID: "SIG-CONTENT-TYPE", Title: "contentType attribute is id-data and matches eContentType",
		Citation: "RFC 5652 §5.3, §11.1", Severity: check.Fail,
		Message:     "Неверный тип подписанных данных (contentType): тип вложенных данных %s, ожидается id-data",
		PassMessage: "Тип подписанных данных — id-data",
		Outcomes: []check.Outcome{
			{Code: "missing", Status: check.Fail, Message: "Неверный тип подписанных данных (contentType): атрибут contentType отсутствует"},
			{Code: "differs", Status: check.Fail, Message: "Неверный тип подписанных данных (contentType): атрибут contentType не совпадает с типом вложенных данных"},
		},
	}
	ruleMessageDigest = check.Rule{
		ID: "SIG-MESSAGE-DIGEST", Title: "messageDigest equals the Streebog hash of the content",
		Citation: "RFC 5652 §5.4, §11.2; ГОСТ Р 34.11-2012", Severity: check.Fail,
		Message:     "Хэш подписанных данных (messageDigest) не совпадает с хэшем файла: файл изменён после подписания или подписан другой файл",
		PassMessage: "Хэш подписанных данных совпадает с хэшем файла",
		Outcomes: []check.Outcome{
			{Code: "missing", Status: check.Fail, Message: "Хэш подписанных данных (messageDigest) не проверен: атрибут messageDigest отсутствует или повреждён"},
			{Code: "unsupported-digest", Status: check.Fail, Message: "Хэш подписанных данных (messageDigest) не проверен: алгоритм хэширования не поддерживается"},
			{Code: "no-content", Status: check.Fail, Message: "Хэш подписанных данных (messageDigest) не проверен: подписанный файл не передан"},
		},
	}
	ruleBrowserEncoding = check.Rule{
		ID: "SIG-BROWSER-ENCODING", Title: "Content signed in the wrong encoding by the CryptoPro browser plug-in",
		Citation: "RFC 5652 §5.4; КриптоПро ЭЦП Browser plug-in, CAdESCOM.CadesSignedData.ContentEncoding", Severity: check.Fail,
		Message: "Подпись сделана не над байтами файла, а над %s. Так бывает, когда файл подписывают в браузере " +
			"через КриптоПро ЭЦП Browser plug-in без указания кодировки: по умолчанию (CADESCOM_STRING_TO_UCS2LE) " +
			"подписывается строка в кодировке UTF-16LE, а не сам файл. Передайте в плагин содержимое файла в base64 " +
			"и установите ContentEncoding = CADESCOM_BASE64_TO_BINARY (1), затем подпишите файл заново",
	}
	ruleValue = check.Rule{
		ID: "SIG-VALUE", Title: "The signature value verifies with the signer key",
		Citation: "RFC 5652 §5.4, §5.6; ГОСТ Р 34.10-2012", Severity: check.Fail,
		Message:     "Электронная подпись неверна: значение подписи не соответствует ключу сертификата над подписанными атрибутами",
		PassMessage: "Электронная подпись верна",
		Outcomes: []check.Outcome{
			{Code: "over-content", Status: check.Fail, Message: "Электронная подпись неверна: значение подписи не соответствует ключу сертификата над содержимым файла"},
			{Code: "no-certificate", Status: check.Fail, Message: "Электронная подпись не проверена: сертификат подписанта не найден"},
			{Code: "no-content", Status: check.Fail, Message: "Электронная подпись не проверена: подписанный файл не передан"},
		},
	}
	ruleAttrsDEROrder = check.Rule{
		ID: "SIG-ATTRS-DER-ORDER", Title: "Signed attributes are DER-encoded (SET OF sorted)",
		Citation: "RFC 5652 §5.3, §5.4; ITU-T X.690 §10, §11.6", Severity: check.Warn,
		Message: "Подписанные атрибуты закодированы не по правилам DER (неминимальная длина или BER); подпись проверена над полученными байтами, " +
			"но часть программ может её не принять",
		PassMessage: "Подписанные атрибуты закодированы по правилам DER",
		Outcomes: []check.Outcome{
			{Code: "unsorted", Status: check.Warn, Message: "Подписанные атрибуты закодированы не по правилам DER (атрибуты не упорядочены); " +
				"подпись проверена над полученными байтами, но часть программ может её не принять"},
		},
	}
	ruleSigningCertificate = check.Rule{
		ID: "SIG-SIGNING-CERTIFICATE", Title: "signingCertificateV2 identifies the signer certificate",
		Citation: "RFC 5035 §3; ETSI TS 101 733 §5.7.3 (RFC 5126)", Severity: check.Fail,
		Message:     "Атрибут signingCertificateV2 не соответствует сертификату подписанта: хэш сертификата certHash не совпадает с хэшем сертификата подписанта",
		PassMessage: "Атрибут signingCertificateV2 указывает на сертификат подписанта",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Warn, Message: "Атрибут signingCertificateV2 отсутствует: подпись не связана с конкретным сертификатом (требование CAdES-BES)"},
			{Code: "absent-required", Status: check.Fail, Message: "Атрибут signingCertificateV2 отсутствует, а политика CAdES-BES его требует"},
			{Code: "unknown-hash", Status: check.Fail, Message: "Атрибут signingCertificateV2 не соответствует сертификату подписанта: неизвестный алгоритм хэширования %s"},
			{Code: "hash-parameters", Status: check.Fail, Message: "Атрибут signingCertificateV2 некорректен: параметры алгоритма хэширования не пусты и не NULL"},
			{Code: "serial-differs", Status: check.Fail, Message: "Атрибут signingCertificateV2 не соответствует сертификату подписанта: серийный номер в issuerSerial не совпадает с номером сертификата"},
			{Code: "issuer-differs", Status: check.Fail, Message: "Атрибут signingCertificateV2 не соответствует сертификату подписанта: издатель в issuerSerial не совпадает с издателем сертификата"},
			{Code: "sha256-default", Status: check.Warn, Message: "В signingCertificateV2 не указан алгоритм хэширования, поэтому по RFC 5035 использован SHA-256, а не ГОСТ Р 34.11-2012"},
		},
	}
	ruleSigningTime = check.Rule{
		ID: "SIG-SIGNING-TIME", Title: "signingTime lies within the signer certificate validity",
		Citation: "RFC 5652 §11.3; 63-ФЗ, ст. 11", Severity: check.Fail,
		Message:     "Время подписания вне срока действия сертификата подписанта: время подписания %s, сертификат действует с %s по %s",
		PassMessage: "Время подписания в пределах срока действия сертификата",
		Outcomes: []check.Outcome{
			{Code: "future", Status: check.Warn, Message: "Время подписания указано в будущем: %s"},
		},
	}
	ruleCAdESBES = check.Rule{
		ID: "SIG-CADES-BES", Title: "The signature meets the CAdES-BES profile",
		Citation: "ETSI TS 101 733 §5.7, RFC 5126 §4.3.1; Приказ Минкомсвязи России № 472", Severity: check.Fail,
		Message:     "Подпись не соответствует формату CAdES-BES, которого требует проверка: %s",
		PassMessage: "Подпись соответствует формату CAdES-BES",
		Outcomes: []check.Outcome{
			{Code: "not-met", Status: check.Warn, Message: "Подпись верна как подпись CMS, но не соответствует формату CAdES-BES: %s"},
		},
	}
	ruleCertValidity = check.Rule{
		ID: "SIG-CERT-VALIDITY", Title: "The signer certificate is valid at the best proven signature time",
		Citation: "63-ФЗ, ст. 11; RFC 5280 §4.1.2.5; ETSI EN 319 102-1 §5.6.2.1", Severity: check.Fail,
		Message: "Сертификат подписанта ещё не действовал, когда подпись уже существовала: штамп времени подписи %s, " +
			"срок действия сертификата с %s по %s",
		PassMessage: "Сертификат подписанта действовал на момент проверки",
		Outcomes: []check.Outcome{
			{Code: "at-timestamp", Status: check.Pass, Message: "Сертификат подписанта действовал на момент штампа времени подписи %s " +
				"(срок действия с %s по %s); проверка выполнена на время штампа"},
			{Code: "at-signing-time", Status: check.Pass, Message: "Сертификат подписанта действовал на заявленное подписантом время подписания %s " +
				"(срок действия с %s по %s); время подписания — заявление подписанта, а не доказательство"},
			{Code: "out-of-bounds", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE,
				Message: "Сертификат подписанта не действует на момент проверки %s (срок действия с %s по %s), " +
					"а штампа времени, доказывающего, что подпись создана в срок его действия, нет"},
			{Code: "timestamp-after-expiry", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE,
				Message: "Штамп времени подписи (%s) получен после окончания срока действия сертификата подписанта (с %s по %s): " +
					"доказательства, что подпись создана в срок его действия, нет"},
		},
	}
	ruleCertChain = check.Rule{
		ID: "SIG-CERT-CHAIN", Title: "The signer certificate chains to a trusted root",
		Citation: "63-ФЗ, ст. 11; RFC 5280 §6", Severity: check.Fail,
		Message:     "Цепочка сертификата подписанта не построена до доверенного корня",
		PassMessage: "Цепочка сертификата подписанта проверена",
		Outcomes: []check.Outcome{
			{Code: "not-checked", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Цепочка сертификата подписанта не проверена: не задана проверка цепочки (доверенные корневые сертификаты)"},
		},
	}
	rulePadding = check.Rule{
		ID: "SIG-PADDING", Title: "Zero bytes follow the CMS element (PDF /Contents padding)",
		Citation: "RFC 5652 §3; ISO 32000-1 §12.8.1", Severity: check.Warn,
		Message: "После подписи в файле %d нулевых байт (так бывает у подписи, извлечённой из PDF); " +
			"подпись проверена без них, но часть программ такой файл не примет",
	}
	ruleUnsignedAttrs = check.Rule{
		ID: "SIG-UNSIGNED-ATTRS", Title: "Every unsigned attribute is understood",
		Citation: "RFC 5652 §5.3; ETSI EN 319 122-1 §5.3, §5.5", Severity: check.Warn,
		Message:     "В подписи есть неподписанные атрибуты, которые не проверялись: %s",
		PassMessage: "Неподписанные атрибуты подписи распознаны",
	}
	ruleTimestamp = check.Rule{
		ID: "SIG-TIMESTAMP", Title: "The timestamp token verifies and covers what it must",
		Citation: "RFC 3161 §2.3, §2.4; RFC 5816; ETSI EN 319 122-1 §5.3; ETSI EN 319 102-1 §5.4", Severity: check.Fail,
		Message:     "Штамп времени недействителен: подпись службы штампов времени неверна",
		PassMessage: "Штамп времени действителен: выдан %s службой «%s»",
		Outcomes: []check.Outcome{
			{Code: "unreadable", Status: check.Fail, Message: "Штамп времени не удалось прочитать: %s"},
			{Code: "structure", Status: check.Fail, Message: "Структура штампа времени некорректна: %s"},
			{Code: "imprint-mismatch", Status: check.Fail, Message: "Штамп времени выдан не на эти данные: хэш в штампе не совпадает с хэшем заверяемых данных"},
			{Code: "not-stamped", Status: check.Fail, Message: "Штамп времени (%s) не проверен: в подписи нет данных, которые он должен заверять: %s"},
			{Code: "no-content", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Архивный штамп времени не проверен: он заверяет и подписанный файл, а подпись отсоединённая и файл не передан"},
			{Code: "unsupported-hash", Status: check.Indeterminate, SubIndication: check.UnsupportedAlgorithm,
				Message: "Штамп времени не проверен: алгоритм хэширования %s не поддерживается"},
			{Code: "unsupported-algorithm", Status: check.Indeterminate, SubIndication: check.UnsupportedAlgorithm,
				Message: "Штамп времени не проверен: алгоритм подписи службы штампов времени не поддерживается"},
			{Code: "algorithms", Status: check.Fail, Message: "Штамп времени недействителен: алгоритмы подписи службы штампов времени не согласованы с её ключом"},
			{Code: "content-digest", Status: check.Fail, Message: "Штамп времени повреждён: содержимое штампа изменено после подписания службой штампов времени"},
			{Code: "tsa-certificate-missing", Status: check.Indeterminate, SubIndication: check.NoSigningCertificateFound,
				Message: "Штамп времени не проверен: сертификат службы штампов времени не вложен ни в штамп, ни в подпись и не передан"},
			{Code: "ess-missing", Status: check.Fail, Message: "Штамп времени не связан с сертификатом службы: нет атрибута signingCertificate или signingCertificateV2"},
			{Code: "ess-mismatch", Status: check.Fail, Message: "Штамп времени недействителен: атрибут signingCertificate указывает не на сертификат службы штампов времени"},
			{Code: "tsa-eku", Status: check.Fail, Message: "Сертификат службы штампов времени непригоден: расширение extendedKeyUsage должно содержать только " +
				"назначение id-kp-timeStamping (1.3.6.1.5.5.7.3.8), а в сертификате: %s"},
			{Code: "tsa-eku-absent", Status: check.Fail, Message: "Сертификат службы штампов времени непригоден: в нём нет расширения extendedKeyUsage " +
				"с назначением id-kp-timeStamping (1.3.6.1.5.5.7.3.8)"},
			{Code: "tsa-eku-not-critical", Status: check.Fail, Message: "Сертификат службы штампов времени непригоден: расширение extendedKeyUsage должно быть критическим"},
			{Code: "tsa-time", Status: check.Fail, Message: "Штамп времени выдан вне срока действия сертификата службы штампов времени: " +
				"время штампа %s, сертификат действует с %s по %s"},
			{Code: "future", Status: check.Warn, Message: "Время штампа (%s) позже момента проверки (%s); штамп не учитывается как доказательство времени подписи"},
			{Code: "not-used", Status: check.Warn,
				Message: "Штамп времени не использован: %s от %s не проверен до конца, а время подписи подтверждено другим штампом (%s)"},
			{Code: "tsa-chain-not-checked", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Штамп времени не проверен до конца: не задана проверка цепочки сертификата службы штампов времени (доверенные корневые сертификаты)"},
		},
	}
)

var registry = check.NewRegistry(append([]check.Rule{ruleParse.Clone(), ruleContent.Clone(), ruleEmbeddedCerts.Clone(),
	rulePadding.Clone(), ruleTimestamp.Clone(), ruleValidationData.Clone()}, signerTable.Rules()...)...)

// Rules returns copies of every rule ParseResult, Verify and
// Timestamp.Verify evaluate, sorted by ID.
func Rules() []check.Rule { return registry.Rules() }
