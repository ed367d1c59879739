package application

import "github.com/egisz-lk/registrar/check"

// Citations of the norms and documents the rules of this package enforce.
const (
	// citeAlgorithm is the ЕГИСЗ instruction the registration follows.
	citeAlgorithm = "Инструкция ЕГИСЗ «Алгоритм регистрации…» (ЛК ЕГИСЗ, полномочие «Регистратор»)"
	// citeESIA is the government decree on ЕСИА (confirmed with the search
	// tool: Постановление Правительства РФ от 28.11.2011 № 977).
	citeESIA = "Постановление Правительства РФ от 28.11.2011 № 977 (ЕСИА)"
	// citeIdent covers the control digits of СНИЛС and ИНН.
	citeIdent = "Контрольные числа СНИЛС и ИНН (алгоритмы ПФР и ФНС России; internal/ident)"
)

// Rules of the applicant (the ЕСИА account) and of the editable fields.
var (
	// RuleESIAConfirmed: only a confirmed ЕСИА account may apply.
	RuleESIAConfirmed = check.Rule{
		ID: "APP-ESIA-CONFIRMED", Title: "the ESIA account is confirmed",
		Citation: citeAlgorithm + ", шаг 1; " + citeESIA, Severity: check.Fail,
		Message: "Для входа в ЛК ЕГИСЗ и подачи заявки нужна подтверждённая учётная запись на Госуслугах (ЕСИА); " +
			"сейчас уровень учётной записи — %s. Подтвердите личность (в центре обслуживания, через онлайн-банк " +
			"или квалифицированной электронной подписью) и войдите заново",
		PassMessage: "Учётная запись ЕСИА подтверждена",
	}
	// RuleApplicantName: the account has a surname and a given name.
	RuleApplicantName = check.Rule{
		ID: "APP-APPLICANT-NAME", Title: "the ESIA account has surname and given name",
		Citation: citeAlgorithm + ", шаг 2.3", Severity: check.Fail,
		Message:     "В учётной записи ЕСИА не указаны фамилия или имя: %s",
		PassMessage: "Фамилия и имя заявителя указаны",
	}
	// RuleApplicantSNILS: the account СНИЛС is present and correct.
	RuleApplicantSNILS = check.Rule{
		ID: "APP-APPLICANT-SNILS", Title: "the ESIA account SNILS is present and has valid control digits",
		Citation: citeAlgorithm + ", шаг 2.3; " + citeIdent, Severity: check.Fail,
		Message:     "СНИЛС в учётной записи ЕСИА отсутствует или указан неверно: %s",
		PassMessage: "СНИЛС заявителя указан верно",
	}
	// RuleApplicantINN: the account ИНН, when known, is a correct 12-digit
	// personal ИНН.
	RuleApplicantINN = check.Rule{
		ID: "APP-APPLICANT-INN", Title: "the ESIA account INN, when present, is a valid personal INN",
		Citation: citeAlgorithm + ", шаг 2.3; " + citeIdent, Severity: check.Fail,
		Message:     "ИНН в учётной записи ЕСИА указан неверно: %s",
		PassMessage: "ИНН заявителя указан верно или не указан",
	}
	// RuleEmail: the contact e-mail is well formed.
	RuleEmail = check.Rule{
		ID: "APP-EMAIL", Title: "contact e-mail is well formed",
		Citation:    citeAlgorithm + ", шаги 1.3 и 2.3 (контактные данные; решение направляется на электронную почту, шаг 2.4)",
		Severity:    check.Fail,
		Message:     "Адрес электронной почты указан неверно: %s. На него придёт решение по заявке",
		PassMessage: "Адрес электронной почты указан верно",
	}
	// RulePhone: the contact phone is a Russian number.
	RulePhone = check.Rule{
		ID: "APP-PHONE", Title: "contact phone is +7 followed by 10 digits",
		Citation: citeAlgorithm + ", шаги 1.3 и 2.3 (контактные данные)", Severity: check.Fail,
		Message:     "Номер телефона указан неверно: %s. Укажите номер в формате +7XXXXXXXXXX",
		PassMessage: "Номер телефона указан верно",
	}
	// RuleRegion: the region is a subject of the Russian Federation.
	RuleRegion = check.Rule{
		ID: "APP-REGION", Title: "region is a code of a subject of the Russian Federation",
		Citation: citeAlgorithm + ", шаг 2.3; коды субъектов РФ — Приказ ФНС России от 20.05.2022 № ЕД-7-21/420@ " +
			"(в ред. от 28.10.2022 № ЕД-7-21/988@)",
		Severity:    check.Fail,
		Message:     "Регион указан неверно: %s. Выберите субъект Российской Федерации из списка",
		PassMessage: "Регион указан",
	}
	// RulePosition: the position is filled in.
	RulePosition = check.Rule{
		ID: "APP-POSITION", Title: "position is 1 to 255 printable characters",
		Citation: citeAlgorithm + ", шаг 2.3", Severity: check.Fail,
		Message:     "Должность указана неверно: %s",
		PassMessage: "Должность указана",
	}
	// RulePersonMatch: the certificate owner is the applicant.
	RulePersonMatch = check.Rule{
		ID: "APP-PERSON-MATCH", Title: "certificate owner (SNILS, name) is the ESIA applicant",
		Citation:    citeAlgorithm + ", шаги 2.1–2.3 (заявка формируется из загруженных файлов и сведений учётной записи)",
		Severity:    check.Fail,
		Message:     "Владелец сертификата не совпадает с пользователем, вошедшим в ЛК ЕГИСЗ: %s",
		PassMessage: "Владелец сертификата — заявитель",
	}
	// RuleSignerSNILS: the application is signed by the applicant.
	RuleSignerSNILS = check.Rule{
		ID: "APP-SIGNER-SNILS", Title: "the application signer's SNILS equals the applicant's",
		Citation: citeAlgorithm + ", шаг 2.4", Severity: check.Fail,
		Message:     "Заявку подписал не заявитель: %s. Подпишите заявку своей электронной подписью",
		PassMessage: "Заявка подписана заявителем",
	}
	// RuleSignature: the detached signature of the application verifies.
	RuleSignature = check.Rule{
		ID: "APP-SIGNATURE", Title: "the detached signature verifies over the exported application",
		Citation: citeAlgorithm + ", шаг 2.4; 63-ФЗ «Об электронной подписи», ст. 11", Severity: check.Fail,
		Message:     "Подпись заявки не прошла проверку: %s",
		PassMessage: "Подпись заявки верна",
	}
	// RuleBrowserEncoding: the application was signed as UTF-16LE text.
	RuleBrowserEncoding = check.Rule{
		ID: "APP-SIGNATURE-ENCODING", Title: "the application was signed as bytes, not as browser text",
		Citation: citeAlgorithm + ", шаг 2.4; КриптоПро ЭЦП Browser plug-in, ContentEncoding", Severity: check.Fail,
		Message: "Подписан не файл заявки, а его текст в другой кодировке (%s). Так бывает, когда XML заявки " +
			"подписывают в браузере через КриптоПро ЭЦП Browser plug-in, передавая его как строку: плагин по умолчанию " +
			"переводит строку в UTF-16LE (UCS-2) и подписывает эти байты, а ЛК ЕГИСЗ проверяет подпись над файлом " +
			"в UTF-8. Выгрузите XML заявки заново, передайте его в плагин в base64 с ContentEncoding = " +
			"CADESCOM_BASE64_TO_BINARY или подпишите сам файл (например, в КриптоАРМ) и загрузите новую подпись",
		PassMessage: "Подписаны байты файла заявки",
	}
)

// Rules of the cross-document check (Check).
var (
	// RuleVariant: the upload names one of the three variants.
	RuleVariant = check.Rule{
		ID: "APP-VARIANT", Title: "the upload variant is head, representative or managing",
		Citation: citeAlgorithm + ", шаг 2.1", Severity: check.Fail,
		Message: "Не выбран вариант загрузки документов. Выберите один из трёх вариантов: руководитель организации / " +
			"индивидуальный предприниматель, уполномоченное лицо по МЧД или руководитель управляющей организации",
		PassMessage: "Вариант загрузки документов выбран",
	}
	// RuleDocuments: every file the variant needs was uploaded.
	RuleDocuments = check.Rule{
		ID: "APP-DOCUMENTS", Title: "every document the variant requires is uploaded",
		Citation: citeAlgorithm + ", шаги 2.1–2.2", Severity: check.Fail,
		Message:     "Загружены не все документы, нужные для выбранного варианта. Не хватает: %s",
		PassMessage: "Загружены все документы выбранного варианта",
	}
	// RuleCertificateParse: the certificate file holds one readable
	// end-entity certificate.
	RuleCertificateParse = check.Rule{
		ID: "APP-CERT-PARSE", Title: "the certificate file holds exactly one readable end-entity certificate",
		Citation: citeAlgorithm + ", шаг 2.2; RFC 5280", Severity: check.Fail,
		Message: "Файл сертификата не читается: %s. Загрузите сертификат ключа проверки электронной подписи " +
			"(файл .cer/.crt в кодировке DER или Base64)",
		PassMessage: "Сертификат прочитан",
	}
	// RuleCertificateKind: the certificate is of the kind the variant
	// needs (ЮЛ/ИП, ФЛ, ЮЛ).
	RuleCertificateKind = check.Rule{
		ID: "APP-CERT-KIND", Title: "the certificate kind fits the variant (head: ЮЛ or ИП; representative: ФЛ; managing: ЮЛ)",
		Citation: citeAlgorithm + ", шаг 2.1; 63-ФЗ, ст. 17.2", Severity: check.Fail,
		Message:     "Сертификат не подходит для варианта загрузки: это сертификат %s; для варианта «%s» нужен сертификат %s",
		PassMessage: "Вид сертификата соответствует варианту загрузки",
	}
	// RuleMCHDShape: the power of attorney was issued the way the variant
	// needs: by the organisation through its head (ЕИОФЛ) or by an
	// entrepreneur for the representative variant, through the managing
	// organisation (ЕИОУК) for the managing variant.
	RuleMCHDShape = check.Rule{
		ID: "APP-MCHD-SHAPE", Title: "the МЧД principal fits the variant (representative: ЕИОФЛ or ИП; managing: ЕИОУК)",
		Citation: citeAlgorithm + ", шаг 2.1; ГК РФ, ст. 185.1", Severity: check.Fail,
		Message:     "Доверенность не подходит для варианта загрузки: %s; для варианта «%s» %s",
		PassMessage: "Доверитель в МЧД соответствует варианту загрузки",
	}
	// RuleManagingCertificate: the ЮЛ certificate of the managing variant
	// belongs to the managing organisation named in the МЧД.
	RuleManagingCertificate = check.Rule{
		ID: "APP-MANAGING-CERT", Title: "the ЮЛ certificate is of the managing organisation named in the МЧД (СвЮЛЕИО)",
		Citation: citeAlgorithm + ", шаг 2.1; 63-ФЗ, ст. 17.2", Severity: check.Fail,
		Message:     "Сертификат выдан не управляющей организации, указанной в доверенности: %s",
		PassMessage: "Сертификат выдан управляющей организации, указанной в доверенности",
	}
	// RuleEGRULManaged: ЕГРЮЛ confirms that the managing organisation acts
	// for the principal without a power of attorney.
	RuleEGRULManaged = check.Rule{
		ID: "APP-EGRUL-MANAGED", Title: "ЕГРЮЛ: the managing organisation acts for the principal without a power of attorney",
		Citation:    citeAlgorithm + ", шаг 2.1 («согласно ЕГРЮЛ»); 129-ФЗ «О государственной регистрации юридических лиц», ст. 5",
		Severity:    check.Fail,
		Message:     "Сведения ЕГРЮЛ не подтверждают управляющую организацию: %s",
		PassMessage: "По ЕГРЮЛ управляющая организация действует от имени организации без доверенности",
	}
)

var registry check.Registry

func init() {
	registry.Register(RuleESIAConfirmed, RuleApplicantName, RuleApplicantSNILS, RuleApplicantINN,
		RuleEmail, RulePhone, RuleRegion, RulePosition, RulePersonMatch,
		RuleSignerSNILS, RuleSignature, RuleBrowserEncoding,
		RuleVariant, RuleDocuments, RuleCertificateParse, RuleCertificateKind, RuleMCHDShape,
		RuleManagingCertificate, RuleEGRULManaged)
}

// Rules returns every rule declared by this package, sorted by ID.
func Rules() []check.Rule { return registry.Rules() }
