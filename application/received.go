package application

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/match"
)

// Rules of a signed application as the cabinet receives it back (step 2.4,
// second way: exported, signed elsewhere, the detached signature uploaded).
var (
	ruleXML = check.Rule{
		ID: "APP-XML", Title: "the application XML is valid and byte-identical to its canonical form",
		Citation: citeAlgorithm + ", шаг 2.4; схема заявки " + Namespace, Severity: check.Fail,
		Message:     "Файл заявки не прошёл проверку формата: %s",
		PassMessage: "Файл заявки соответствует схеме и совпадает с выгруженным",
		Outcomes: []check.Outcome{
			{Code: "not-canonical", Status: check.Fail,
				Message: "Файл заявки не прошёл проверку формата: файл отличается от канонического XML заявки (подписывается ровно то, что выгрузил кабинет); выгрузите заявку заново"},
		},
	}
	ruleApplicantMatch = check.Rule{
		ID: "APP-APPLICANT-MATCH", Title: "the applicant named in the application is the ESIA user",
		Citation:    citeAlgorithm + ", шаги 2.3–2.4 (заявка формируется из сведений учётной записи и подписывается заявителем)",
		Severity:    check.Fail,
		Message:     "Заявитель в заявке не совпадает с пользователем ЕСИА: %s",
		PassMessage: "Заявитель в заявке — пользователь ЕСИА (СНИЛС и ФИО совпадают)",
	}
)

// VerifyReceived checks a signed application as received: data must be an
// application XML that passes Unmarshal and equals, byte for byte, what
// Marshal writes for it (the signature covers exactly the exported bytes);
// the applicant it names must be user, the ЕСИА account that submits it
// (СНИЛС and full name); its fields must be complete (Save); and sig must be
// a valid detached signature of data by that applicant (AttachSignature with
// opts, whose Now is also the application's clock). Every step runs that can;
// the results come in that order: APP-XML, APP-APPLICANT-MATCH, the field
// rules that failed, then the results of AttachSignature. The application is
// returned in the signed state when nothing failed, nil when data is not an
// application.
func VerifyReceived(data, sig []byte, user Applicant, opts AttachOptions) (*Application, check.Results) {
	app, err := Unmarshal(data)
	if err != nil {
		why := strings.TrimPrefix(err.Error(), "application: ")
		return nil, check.Results{ruleXML.Violated(err.Error(), why), ruleApplicantMatch.Skipped("no application")}
	}
	var rs check.Results
	// data passed the schema in Unmarshal; its canonical form is only
	// compared with it, so the schema runs once.
	switch canon, err := app.marshal(false); {
	case err != nil:
		rs = append(rs, ruleXML.Violated(err.Error(), err.Error()))
	case !bytes.Equal(canon, data):
		rs = append(rs, ruleXML.Outcome("not-canonical", "the file differs from the canonical XML the signature must cover"))
	default:
		rs = append(rs, ruleXML.Passed(fmt.Sprintf("%d bytes, canonical", len(data))))
	}
	rs = append(rs, matchUser(app.Applicant, user))
	if !opts.At.IsZero() {
		at := opts.At
		app.SetClock(func() time.Time { return at })
	}
	if fs, err := app.Save(); err != nil {
		n := len(rs)
		for _, r := range fs {
			if r.Status == check.Fail {
				rs = append(rs, r)
			}
		}
		if len(rs) == n {
			rs = append(rs, ruleXML.Violated(err.Error(), err.Error()))
		}
		return app, rs
	}
	var srs check.Results
	if !CanTransition(app.Lifecycle.State, StateSigned) {
		err = &TransitionError{Action: "sign", From: app.Lifecycle.State, To: StateSigned}
	} else {
		// The signature covers exactly the received bytes, which equal the
		// canonical XML when APP-XML passed.
		srs, err = app.attach(data, sig, opts)
	}
	rs = append(rs, srs...)
	if err != nil && !errors.Is(err, ErrSignatureRejected) {
		rs = append(rs, ruleSignature.Violated(err.Error(), err.Error()))
	}
	return app, rs
}

// matchUser compares the applicant named in an application with the ЕСИА
// user: СНИЛС by digits and the full name (case-insensitive, ё = е).
func matchUser(p Person, user Applicant) check.Result {
	var diff []string
	us, err := ident.ParseSNILS(user.SNILS)
	switch {
	case err != nil:
		diff = append(diff, "СНИЛС пользователя ЕСИА не указан или неверен")
	case us.Digits() != p.SNILS:
		diff = append(diff, fmt.Sprintf("СНИЛС в заявке %s, у пользователя %s", p.SNILS, us.Digits()))
	}
	if match.Name(p.FullName()) != match.Name(user.FullName()) {
		diff = append(diff, fmt.Sprintf("ФИО в заявке «%s», у пользователя «%s»", p.FullName(), user.FullName()))
	}
	detail := fmt.Sprintf("application SNILS %s, ESIA SNILS %s", p.SNILS, us.Digits())
	if len(diff) > 0 {
		return ruleApplicantMatch.Violated(detail, strings.Join(diff, "; "))
	}
	return ruleApplicantMatch.Passed(detail)
}
