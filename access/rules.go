package access

import "github.com/egisz-lk/registrar/check"

// Citations of the norms and documents the rules of this package enforce.
const (
	// citeAlgorithm is the ЕГИСЗ instruction; step 3 is the work of the
	// Регистратор after registration.
	citeAlgorithm = "Инструкция ЕГИСЗ «Алгоритм регистрации…» (ЛК ЕГИСЗ), шаг 3 (работа Регистратора с заявками на предоставление (отзыв) доступа и с реестром «Реестр пользователей ЕГИСЗ и их полномочий»)"
	// citeRegistration is the registration step that makes a Регистратор.
	citeRegistration = "Инструкция ЕГИСЗ «Алгоритм регистрации…» (ЛК ЕГИСЗ), шаги 2.1–2.4 (полномочие «Регистратор»)"
	// citeEGISZ is the regulation of ЕГИСЗ.
	citeEGISZ = "Постановление Правительства РФ от 09.02.2022 № 140 «О единой государственной информационной системе в сфере здравоохранения»"
	// citeSNILS covers the control number of СНИЛС.
	citeSNILS = "Контрольное число СНИЛС (алгоритм ПФР)"
	// citeESIA is the government decree on ЕСИА.
	citeESIA = "Постановление Правительства РФ от 28.11.2011 № 977 (ЕСИА)"
	// cite63 is the law on electronic signatures.
	cite63 = "63-ФЗ «Об электронной подписи», ст. 11"
	// citeMCHD is the law on the МЧД (a power of attorney in electronic form).
	citeMCHD = "ГК РФ, ст. 185.1, 186, 188; 63-ФЗ, ст. 17.3"
)

// Rules of the request's content: decided from the request alone (Build
// refuses a request that fails them; Verify reports them).
var (
	ruleEmployeeSNILS = check.Rule{
		ID: "ACC-EMPLOYEE-SNILS", Title: "the employee's SNILS has a valid control number",
		Citation: citeAlgorithm + "; " + citeSNILS, Severity: check.Fail,
		Message:     "СНИЛС сотрудника «%s» указан неверно: %s",
		PassMessage: "СНИЛС сотрудника указан верно",
	}
	rulePower = check.Rule{
		ID: "ACC-POWER", Title: "the power granted is «Оператор», never «Регистратор»",
		Citation: citeAlgorithm + " (Регистратор предоставляет полномочия «Оператору»); " + citeRegistration,
		Severity: check.Fail,
		Message: "Регистратор не может предоставить полномочие «Регистратор»: его получают только через регистрацию в ЛК ЕГИСЗ " +
			"(заявка с сертификатом руководителя или с МЧД на полномочие EGISZ_LK_01). Укажите полномочие «Оператор»",
		PassMessage: "Запрошено полномочие «Оператор»",
		Outcomes: []check.Outcome{
			{Code: "unknown", Status: check.Fail, Message: "Полномочие с кодом «%s» неизвестно; Регистратор предоставляет полномочие «Оператор» (%s)"},
		},
	}
	ruleSubsystems = check.Rule{
		ID: "ACC-SUBSYSTEMS", Title: "every subsystem is in the catalogue, under its name",
		Citation: citeAlgorithm + "; " + citeEGISZ, Severity: check.Fail,
		Message:     "Подсистемы ЕГИСЗ указаны неверно: %s",
		PassMessage: "Подсистемы ЕГИСЗ указаны по справочнику: %s",
	}
)

// Rules of the request in its context: the registration, the employee's
// ЕСИА account and the register of grants.
var (
	ruleRegistration = check.Rule{
		ID: "ACC-REGISTRATION-APPROVED", Title: "the Регистратор of the request was registered by an approved application",
		Citation: citeRegistration + "; " + citeAlgorithm, Severity: check.Fail,
		Message: "Заявку на доступ подал не Регистратор: заявка на регистрацию %s не одобрена (состояние «%s»). " +
			"Работать с заявками на доступ можно после положительного решения по заявке на полномочие «Регистратор»",
		PassMessage: "Регистратор зарегистрирован: заявка %s одобрена",
		Outcomes: []check.Outcome{
			{Code: "mismatch", Status: check.Fail,
				Message: "Сведения о Регистраторе в заявке на доступ не совпадают с одобренной заявкой на регистрацию: различаются %s"},
			{Code: "no-registration", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Заявка на регистрацию Регистратора %s не передана: то, что он зарегистрирован и заявка одобрена, не проверено. " +
					"Передайте заявку на регистрацию и её состояние"},
		},
	}
	ruleEmployeeESIA = check.Rule{
		ID: "ACC-EMPLOYEE-ESIA", Title: "the employee has a confirmed ESIA account with the same SNILS and name",
		Citation: citeAlgorithm + "; " + citeESIA, Severity: check.Fail,
		Message: "Учётная запись ЕСИА сотрудника не подтверждена (уровень — %s). Доступ к ЕГИСЗ предоставляется " +
			"пользователю с подтверждённой учётной записью на Госуслугах",
		PassMessage: "Учётная запись ЕСИА сотрудника подтверждена",
		Outcomes: []check.Outcome{
			{Code: "mismatch", Status: check.Fail,
				Message: "Сотрудник в заявке не совпадает с пользователем ЕСИА: %s"},
			{Code: "no-account", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Данные учётной записи ЕСИА сотрудника не переданы: не проверено, что учётная запись подтверждена и принадлежит ему. " +
					"Сотрудник должен войти в ЛК ЕГИСЗ через ЕСИА"},
		},
	}
	ruleRevoke = check.Rule{
		ID: "ACC-REVOKE-GRANT", Title: "a revocation names an existing active grant of the same employee, power and subsystems",
		Citation: citeAlgorithm, Severity: check.Fail,
		Message:     "Отозвать доступ нельзя: предоставление %s не найдено в реестре пользователей ЕГИСЗ",
		PassMessage: "Отзывается действующее предоставление %s",
		Outcomes: []check.Outcome{
			{Code: "not-active", Status: check.Fail, Message: "Отозвать доступ нельзя: предоставление %s уже не действует (%s)"},
			{Code: "mismatch", Status: check.Fail,
				Message: "Отзыв не соответствует предоставлению %s: различаются %s. Отзыв называет того же сотрудника, полномочие и подсистемы"},
			{Code: "no-register", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Реестр пользователей ЕГИСЗ и их полномочий не передан: то, что предоставление %s действует, не проверено"},
			{Code: "register-error", Status: check.Indeterminate, SubIndication: check.TryLater,
				Message: "Реестр пользователей ЕГИСЗ и их полномочий недоступен: предоставление %s не проверено; повторите проверку позже"},
		},
	}
	ruleDuplicate = check.Rule{
		ID: "ACC-DUPLICATE-GRANT", Title: "no active grant of the same power and subsystem to the employee",
		Citation: citeAlgorithm, Severity: check.Fail,
		Message: "Сотруднику уже предоставлено полномочие «%s» для подсистем: %s (предоставление %s). " +
			"Повторно предоставить тот же доступ нельзя; чтобы изменить доступ, отзовите действующее предоставление",
		PassMessage: "Такого действующего доступа у сотрудника нет",
		Outcomes: []check.Outcome{
			{Code: "no-register", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Реестр пользователей ЕГИСЗ и их полномочий не передан: то, что у сотрудника нет такого же действующего доступа, не проверено"},
			{Code: "register-error", Status: check.Indeterminate, SubIndication: check.TryLater,
				Message: "Реестр пользователей ЕГИСЗ и их полномочий недоступен: повторный доступ не проверен; повторите проверку позже"},
		},
	}
)

// Rules of the signed request: the signature, the signer and the
// Регистратор's power of attorney on the signing date.
var (
	ruleXML = check.Rule{
		ID: "ACC-XML", Title: "the stored request XML is valid and byte-identical to its canonical form",
		Citation: citeAlgorithm + "; схема заявки на доступ " + Namespace, Severity: check.Fail,
		Message:     "Файл заявки на доступ не прошёл проверку формата: %s",
		PassMessage: "Заявка на доступ соответствует схеме",
		Outcomes: []check.Outcome{
			{Code: "not-canonical", Status: check.Fail,
				Message: "Файл заявки на доступ отличается от канонического XML (подписывается ровно то, что выгрузил кабинет); выгрузите заявку заново"},
			{Code: "no-stored", Status: check.Indeterminate, SubIndication: check.MissingInput,
				Message: "Не передана выгруженная заявка на доступ: подпись не с чем сверить. Передайте файл заявки, сохранённый при выгрузке"},
		},
	}
	ruleSignature = check.Rule{
		ID: "ACC-SIGNATURE", Title: "the detached signature verifies over the exported request",
		Citation: citeAlgorithm + "; " + cite63, Severity: check.Fail,
		Message:     "Подпись заявки на доступ не прошла проверку: %s",
		PassMessage: "Подпись заявки на доступ верна",
		Outcomes: []check.Outcome{
			{Code: "unreadable", Status: check.Fail, Message: "Подпись заявки на доступ не прошла проверку: файл подписи не удалось прочитать"},
			{Code: "certificate-not-valid", Status: check.Fail, Message: "Подпись заявки на доступ не принята: сертификат подписанта не действует " +
				"на момент проверки, а штампа времени, доказывающего подписание в срок его действия, нет"},
			{Code: "waived", Status: check.Warn, Message: "Подпись заявки на доступ верна; без проверки по решению проверяющей стороны приняты: %s"},
		},
	}
	ruleSigner = check.Rule{
		ID: "ACC-SIGNER-REGISTRAR", Title: "a signer of the request is its Регистратор (SNILS match)",
		Citation: citeAlgorithm + "; " + cite63, Severity: check.Fail,
		Message: "Заявку на доступ подписал не Регистратор: СНИЛС в сертификате подписанта — %s, у Регистратора — %s. " +
			"Заявки на предоставление (отзыв) доступа подписывает Регистратор своей электронной подписью",
		PassMessage: "Заявка на доступ подписана Регистратором",
		Outcomes: []check.Outcome{
			{Code: "no-snils", Status: check.Fail,
				Message: "Заявку на доступ подписал не Регистратор: в сертификате подписанта нет СНИЛС или сертификат не найден"},
		},
	}
	ruleMCHD = check.Rule{
		ID: "ACC-REGISTRAR-MCHD", Title: "a representative Регистратор's МЧД grants EGISZ_LK_01 and is in force on the signing date",
		Citation: citeAlgorithm + "; " + citeRegistration + "; " + citeMCHD, Severity: check.Fail,
		Message: "Доверенность Регистратора № %s на дату подписания %s не действует: срок её действия — с %s по %s. " +
			"Оформите новую МЧД и пройдите регистрацию заново",
		PassMessage: "Доверенность Регистратора № %s с полномочием EGISZ_LK_01 действует на дату подписания %s",
		Outcomes: []check.Outcome{
			{Code: "no-power", Status: check.Fail,
				Message: "Доверенность Регистратора № %s не даёт полномочия EGISZ_LK_01 «Подача заявок на предоставление (отзыв) доступа к подсистемам (компонентам) ЕГИСЗ» (в ней — %s)"},
			{Code: "head", Status: check.Skip, Message: "Регистратор — руководитель организации: доверенность не нужна"},
		},
	}
	ruleMCHDStatus = check.Rule{
		ID: "ACC-REGISTRAR-MCHD-STATUS", Title: "a representative Регистратор's МЧД is active in the FNS registry",
		Citation: citeAlgorithm + "; " + citeMCHD, Severity: check.Fail,
		Message:     "Доверенность Регистратора № %s по данным реестра ФНС: %s. Заявки на доступ по ней подавать нельзя",
		PassMessage: "Доверенность Регистратора № %s действует по данным реестра ФНС",
		Outcomes: []check.Outcome{
			{Code: "pending", Status: check.Warn, Message: "Доверенность Регистратора № %s по данным реестра ФНС: %s; она пока не действует"},
			{Code: "not-checked", Status: check.Indeterminate, SubIndication: check.MissingInput, Waiver: check.WaiveRegistry,
				Message: "Статус доверенности Регистратора № %s в реестре ФНС не проверялся; проверьте его в сервисе ФНС «Проверка МЧД» или передайте выгрузку реестра"},
			{Code: "unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveRegistry,
				Message: "Статус доверенности Регистратора № %s в реестре ФНС не проверен: реестр недоступен; повторите проверку позже"},
			{Code: "unknown-answer", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveRegistry,
				Message: "Статус доверенности Регистратора № %s в реестре ФНС не проверен: неизвестный ответ реестра «%s»"},
			{Code: "head", Status: check.Skip, Message: "Регистратор — руководитель организации: доверенность не нужна"},
		},
	}
)

var registry = check.NewRegistry(
	ruleEmployeeSNILS, rulePower, ruleSubsystems,
	ruleRegistration, ruleEmployeeESIA, ruleRevoke, ruleDuplicate,
	ruleXML, ruleSignature, ruleSigner, ruleMCHD, ruleMCHDStatus)

// Rules returns copies of every rule declared by this package, sorted by
// ID.
func Rules() []check.Rule { return registry.Rules() }
