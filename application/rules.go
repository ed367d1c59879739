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
	citeIdent = "Контрольные числа СНИЛС (алгоритм ПФР) и ИНН (алгоритм ФНС России)"
)

// Rules of the applicant (the ЕСИА account) and of the editable fields. The
// rules are unexported so that no caller can change a verdict; Rules
// returns copies.
var (
	ruleESIAConfirmed = check.Rule{
		ID: "APP-ESIA-CONFIRMED", Title: "the ESIA account is confirmed",
		Citation: citeAlgorithm + ", шаг 1; " + citeESIA, Severity: check.Fail,
		Message: "Для входа в ЛК ЕГИСЗ и подачи заявки нужна подтверждённая учётная запись на Госуслугах (ЕСИА); " +
			"сейчас уровень учётной записи — %s. Подтвердите личность (в центре обслуживания, через онлайн-банк " +
			"или квалифицированной электронной подписью) и войдите заново",
		PassMessage: "Учётная запись ЕСИА подтверждена",
		Outcomes: []check.Outcome{
			{Code: "identifiers-only", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveApplicant,
				Message: "Уровень учётной записи ЕСИА не проверен: передан только СНИЛС заявителя, без данных учётной записи"},
			{Code: "no-account", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveApplicant,
				Message: "Данные учётной записи ЕСИА заявителя не переданы: не проверено, что заявитель вошёл с подтверждённой учётной записью " +
					"и что сертификат принадлежит ему"},
		},
	}
	ruleApplicantName = check.Rule{
		ID: "APP-APPLICANT-NAME", Title: "the ESIA account has surname and given name",
		Citation: citeAlgorithm + ", шаг 2.3", Severity: check.Fail,
		Message:     "В учётной записи ЕСИА не указаны фамилия и имя",
		PassMessage: "Фамилия и имя заявителя указаны",
		Outcomes: []check.Outcome{
			{Code: "no-surname", Status: check.Fail, Message: "В учётной записи ЕСИА не указана фамилия"},
			{Code: "no-given-name", Status: check.Fail, Message: "В учётной записи ЕСИА не указано имя"},
		},
	}
	ruleApplicantSNILS = check.Rule{
		ID: "APP-APPLICANT-SNILS", Title: "the ESIA account SNILS is present and has valid control digits",
		Citation: citeAlgorithm + ", шаг 2.3; " + citeIdent, Severity: check.Fail,
		Message:     "СНИЛС в учётной записи ЕСИА указан неверно: %s",
		PassMessage: "СНИЛС заявителя указан верно",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "СНИЛС в учётной записи ЕСИА не указан"},
		},
	}
	ruleApplicantINN = check.Rule{
		ID: "APP-APPLICANT-INN", Title: "the ESIA account INN, when present, is a valid personal INN",
		Citation: citeAlgorithm + ", шаг 2.3; " + citeIdent, Severity: check.Fail,
		Message:     "ИНН в учётной записи ЕСИА указан неверно: %s",
		PassMessage: "ИНН заявителя указан верно или не указан",
	}
	ruleEmail = check.Rule{
		ID: "APP-EMAIL", Title: "contact e-mail is well formed",
		Citation:    citeAlgorithm + ", шаги 1.3 и 2.3 (контактные данные; решение направляется на электронную почту, шаг 2.4)",
		Severity:    check.Fail,
		Message:     "Адрес электронной почты указан неверно: ожидается адрес вида имя@домен.ru. На него придёт решение по заявке",
		PassMessage: "Адрес электронной почты указан верно",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "Адрес электронной почты не указан. На него придёт решение по заявке"},
		},
	}
	rulePhone = check.Rule{
		ID: "APP-PHONE", Title: "contact phone is +7 followed by 10 digits",
		Citation: citeAlgorithm + ", шаги 1.3 и 2.3 (контактные данные)", Severity: check.Fail,
		Message:     "Номер телефона указан неверно: «%s». Укажите номер в формате +7XXXXXXXXXX",
		PassMessage: "Номер телефона указан верно",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "Номер телефона не указан. Укажите номер в формате +7XXXXXXXXXX"},
		},
	}
	ruleRegion = check.Rule{
		ID: "APP-REGION", Title: "region is a code of a subject of the Russian Federation",
		Citation: citeAlgorithm + ", шаг 2.3; коды субъектов РФ — Приказ ФНС России от 20.05.2022 № ЕД-7-21/420@ " +
			"(в ред. от 28.10.2022 № ЕД-7-21/988@)",
		Severity:    check.Fail,
		Message:     "Регион указан неверно: код «%s» не входит в список субъектов РФ. Выберите субъект Российской Федерации из списка",
		PassMessage: "Регион указан",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "Регион не выбран. Выберите субъект Российской Федерации из списка"},
		},
	}
	rulePosition = check.Rule{
		ID: "APP-POSITION", Title: "position is 1 to 255 printable characters",
		Citation: citeAlgorithm + ", шаг 2.3", Severity: check.Fail,
		Message:     "Должность указана неверно: %s",
		PassMessage: "Должность указана",
		Outcomes: []check.Outcome{
			{Code: "absent", Status: check.Fail, Message: "Должность не указана"},
		},
	}
	rulePersonMatch = check.Rule{
		ID: "APP-PERSON-MATCH", Title: "certificate owner (SNILS, name) is the ESIA applicant",
		Citation:    citeAlgorithm + ", шаги 2.1–2.3 (заявка формируется из загруженных файлов и сведений учётной записи)",
		Severity:    check.Fail,
		Message:     "Владелец сертификата не совпадает с пользователем, вошедшим в ЛК ЕГИСЗ: %s",
		PassMessage: "Владелец сертификата — заявитель",
		Outcomes: []check.Outcome{
			{Code: "name-only", Status: check.Warn, Message: "Совпадение владельца сертификата с заявителем подтверждено только по ФИО: %s"},
			{Code: "name-differs", Status: check.Warn,
				Message: "СНИЛС совпадает, но ФИО различаются: %s. Если ФИО менялись, обновите сведения в ЕСИА или получите новый сертификат"},
			{Code: "snils-only", Status: check.Pass, Message: "Владелец сертификата — заявитель (по СНИЛС; ФИО заявителя не переданы)"},
		},
	}
	ruleSignerSNILS = check.Rule{
		ID: "APP-SIGNER-SNILS", Title: "the application signer's SNILS equals the applicant's",
		Citation: citeAlgorithm + ", шаг 2.4", Severity: check.Fail,
		Message: "Заявку подписал не заявитель: СНИЛС в сертификате подписанта — %s, у заявителя — %s. " +
			"Подпишите заявку своей электронной подписью",
		PassMessage: "Заявка подписана заявителем",
		Outcomes: []check.Outcome{
			{Code: "applicant-snils", Status: check.Fail, Message: "Подписант заявки не проверен: СНИЛС заявителя неизвестен"},
			{Code: "no-signers", Status: check.Fail, Message: "Заявку подписал не заявитель: в подписи нет подписантов"},
			{Code: "no-certificate", Status: check.Fail, Message: "Заявку подписал не заявитель: сертификат подписанта не найден"},
			{Code: "no-snils", Status: check.Fail,
				Message: "Заявку подписал не заявитель: в сертификате подписанта нет СНИЛС или он указан неверно. Подпишите заявку своей электронной подписью"},
		},
	}
	ruleSignature = check.Rule{
		ID: "APP-SIGNATURE", Title: "the detached signature verifies over the exported application",
		Citation: citeAlgorithm + ", шаг 2.4; 63-ФЗ «Об электронной подписи», ст. 11", Severity: check.Fail,
		Message:     "Подпись заявки не прошла проверку: %s",
		PassMessage: "Подпись заявки верна",
		Outcomes: []check.Outcome{
			{Code: "unreadable", Status: check.Fail, Message: "Подпись заявки не прошла проверку: файл подписи не удалось прочитать"},
			{Code: "certificate-not-valid", Status: check.Fail, Message: "Подпись заявки не принята: сертификат подписанта не действует " +
				"на момент проверки, а штампа времени, доказывающего, что заявка подписана в срок его действия, нет"},
			{Code: "waived", Status: check.Warn,
				Message: "Подпись заявки верна; без проверки по решению проверяющей стороны приняты: %s"},
		},
	}
	ruleBrowserEncoding = check.Rule{
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
	ruleVariant = check.Rule{
		ID: "APP-VARIANT", Title: "the upload variant is head, representative or managing",
		Citation: citeAlgorithm + ", шаг 2.1", Severity: check.Fail,
		Message: "Не выбран вариант загрузки документов. Выберите один из трёх вариантов: руководитель организации / " +
			"индивидуальный предприниматель, уполномоченное лицо по МЧД или руководитель управляющей организации",
		PassMessage: "Вариант загрузки документов выбран",
	}
	ruleDocuments = check.Rule{
		ID: "APP-DOCUMENTS", Title: "every document the variant requires is uploaded",
		Citation: citeAlgorithm + ", шаги 2.1–2.2", Severity: check.Fail,
		Message:     "Загружены не все документы, нужные для выбранного варианта. Не хватает: %s",
		PassMessage: "Загружены все документы выбранного варианта",
		Outcomes: []check.Outcome{
			{Code: "mchd-ignored", Status: check.Warn, Message: "Для варианта «%s» доверенность не нужна; загруженная МЧД не учитывается"},
		},
	}
	ruleCertificateParse = check.Rule{
		ID: "APP-CERT-PARSE", Title: "the certificate file holds exactly one readable end-entity certificate",
		Citation: citeAlgorithm + ", шаг 2.2; RFC 5280", Severity: check.Fail,
		Message: "Файл сертификата не читается: %s. Загрузите сертификат ключа проверки электронной подписи " +
			"(файл .cer/.crt в кодировке DER или Base64)",
		PassMessage: "Сертификат прочитан",
		Outcomes: []check.Outcome{
			{Code: "not-one", Status: check.Fail,
				Message: "Файл сертификата не подходит: в файле %d сертификатов владельцев, нужен ровно один. Загрузите сертификат ключа проверки электронной подписи"},
		},
	}
	ruleCertificateKind = check.Rule{
		ID: "APP-CERT-KIND", Title: "the certificate kind fits the variant (head: ЮЛ or ИП; representative: ФЛ; managing: ЮЛ)",
		Citation: citeAlgorithm + ", шаг 2.1; 63-ФЗ, ст. 17.2", Severity: check.Fail,
		Message:     "Сертификат не подходит для варианта загрузки: это сертификат %s; для варианта «%s» нужен сертификат %s",
		PassMessage: "Вид сертификата соответствует варианту загрузки",
		Outcomes: []check.Outcome{
			{Code: "head-with-ul", Status: check.Fail,
				Message: "Сертификат не подходит для варианта загрузки: это сертификат %s; для варианта «%s» нужен сертификат %s. " +
					"Уполномоченное лицо загружает свой сертификат физического лица; руководитель организации выбирает вариант «%s»"},
			{Code: "fl-for-head", Status: check.Fail,
				Message: "Сертификат не подходит для варианта загрузки: это сертификат %s; для варианта «%s» нужен сертификат %s. " +
					"С сертификатом физического лица выберите вариант «%s» и загрузите МЧД"},
			{Code: "fl-for-managing", Status: check.Fail,
				Message: "Сертификат не подходит для варианта загрузки: это сертификат %s; для варианта «%s» нужен сертификат %s. " +
					"Для этого варианта нужен сертификат юридического лица — управляющей организации"},
		},
	}
	ruleMCHDShape = check.Rule{
		ID: "APP-MCHD-SHAPE", Title: "the МЧД principal fits the variant (representative: ЕИОФЛ or ИП; managing: ЕИОУК)",
		Citation: citeAlgorithm + ", шаг 2.1; ГК РФ, ст. 185.1", Severity: check.Fail,
		Message: "Доверенность не подходит для варианта загрузки: %s; для варианта «%s» " +
			"нужна доверенность организации (ЕИОФЛ=1) или индивидуального предпринимателя",
		PassMessage: "Доверитель в МЧД соответствует варианту загрузки",
		Outcomes: []check.Outcome{
			{Code: "retrust", Status: check.Fail,
				Message: "Доверенность не подходит для варианта загрузки: доверенность выдана в порядке передоверия; для варианта «%s» нужна доверенность, выданная самой организацией"},
			{Code: "managing-in-representative", Status: check.Fail,
				Message: "Доверенность не подходит для варианта загрузки: %s; для варианта «%s» доверенность подписывает руководитель управляющей организации — выберите вариант «%s»"},
			{Code: "not-managing", Status: check.Fail,
				Message: "Доверенность не подходит для варианта загрузки: %s; для варианта «%s» нужна доверенность организации, от имени которой действует управляющая организация (ЕИОУК=1)"},
		},
	}
	ruleManagingCertificate = check.Rule{
		ID: "APP-MANAGING-CERT", Title: "the ЮЛ certificate is of the managing organisation named in the МЧД (СвЮЛЕИО)",
		Citation: citeAlgorithm + ", шаг 2.1; 63-ФЗ, ст. 17.2", Severity: check.Fail,
		Message: "Сертификат выдан не управляющей организации, указанной в доверенности: различаются %s " +
			"(в доверенности — управляющая организация, в сертификате — организация владельца)",
		PassMessage: "Сертификат выдан управляющей организации, указанной в доверенности",
		Outcomes: []check.Outcome{
			{Code: "not-comparable", Status: check.Fail,
				Message: "Сертификат выдан не управляющей организации, указанной в доверенности: нет общих идентификаторов (ИНН ЮЛ, ОГРН) для сопоставления"},
			{Code: "partial", Status: check.Warn,
				Message: "Организация в сертификате совпадает с управляющей организацией по %s, но не указаны: %s"},
		},
	}
	ruleEGRULManaged = check.Rule{
		ID: "APP-EGRUL-MANAGED", Title: "ЕГРЮЛ: the managing organisation acts for the principal without a power of attorney",
		Citation:    citeAlgorithm + ", шаг 2.1 («согласно ЕГРЮЛ»); " + citeEGRUL,
		Severity:    check.Fail,
		Message:     "Сведения ЕГРЮЛ не подтверждают управляющую организацию: по ЕГРЮЛ %s (в доверенности и в ЕГРЮЛ)",
		PassMessage: "По ЕГРЮЛ управляющая организация действует от имени организации без доверенности",
		Outcomes: []check.Outcome{
			{Code: "insufficient", Status: check.Fail,
				Message: "Сведения ЕГРЮЛ не подтверждают управляющую организацию: сведений ЕГРЮЛ недостаточно, чтобы сопоставить организацию и управляющую организацию"},
			{Code: "no-record", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveEGRUL,
				Message: "Сведения ЕГРЮЛ об управляющей организации не переданы: то, что %s действует от имени %s без доверенности, не проверено"},
			// The outcomes below are decided by checkEGRULManaged (egrul_check.go).
			{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveEGRUL,
				Message: "Сведения ЕГРЮЛ об организации получить не удалось: то, что %s действует от имени %s без доверенности, не проверено. " +
					"Повторите проверку позже"},
			{Code: "person-executive", Status: check.Fail,
				Message: "Сведения ЕГРЮЛ не подтверждают управляющую организацию: по ЕГРЮЛ от имени организации без доверенности действует " +
					"физическое лицо (%s), а не управляющая организация; доверенность с ЕИОУК=1 в этом случае не подходит"},
			{Code: "head-confirmed", Status: check.Pass,
				Message: "По ЕГРЮЛ управляющая организация действует от имени организации без доверенности, а её руководитель (%s) — владелец сертификата"},
			{Code: "head-differs", Status: check.Fail,
				Message: "По ЕГРЮЛ управляющую организацию возглавляет %s, а не владелец сертификата: %s"},
			{Code: "head-name-differs", Status: check.Warn,
				Message: "Владелец сертификата — руководитель управляющей организации по ЕГРЮЛ (совпадают %s), но ФИО различаются: " +
					"в сертификате %s, в ЕГРЮЛ %s. Если ФИО менялись, убедитесь, что изменения внесены в ЕГРЮЛ"},
			{Code: "head-name-only", Status: check.Warn,
				Message: "По ЕГРЮЛ управляющую организацию возглавляет %s; с владельцем сертификата совпадают только ФИО (%s)"},
			{Code: "mchd-head-differs", Status: check.Warn,
				Message: "По ЕГРЮЛ управляющую организацию возглавляет %s, а в доверенности руководителем управляющей организации указан %s (%s). " +
					"Если руководитель сменился после выдачи доверенности, убедитесь, что она не отозвана"},
		},
	}
)

var registry = check.NewRegistry(
	ruleESIAConfirmed, ruleApplicantName, ruleApplicantSNILS, ruleApplicantINN, ruleEmail, rulePhone, ruleRegion, rulePosition,
	rulePersonMatch, ruleSignerSNILS, ruleSignature, ruleBrowserEncoding,
	ruleVariant, ruleDocuments, ruleCertificateParse, ruleCertificateKind, ruleMCHDShape, ruleManagingCertificate, ruleEGRULManaged,
	ruleEGRULHead, ruleEGRULStatus,
	ruleXML, ruleApplicantMatch, ruleXMLUnchanged, ruleCoSigners, ruleReviewDeadline)

// Rules returns copies of every rule declared by this package, sorted by
// ID.
func Rules() []check.Rule { return registry.Rules() }
