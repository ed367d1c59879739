package config

import (
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
)

// VerifyJSON is the JSON of a verified signed application (registrar
// application verify --json, and the web server's signature endpoint).
type VerifyJSON struct {
	// Verdict is valid, invalid or indeterminate; SubIndication says why
	// for indeterminate.
	Verdict       string              `json:"verdict"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
	// Message is the verdict in Russian: who signed, what failed, or which
	// facts are missing and how to provide them.
	Message     string                       `json:"message"`
	Application *AppFacts                    `json:"application,omitempty"`
	Signers     []application.ReceivedSigner `json:"signers"`
	// Unchecked are the facts accepted unchecked (--allow-unchecked) that
	// changed a result.
	Unchecked []check.Waiver `json:"unchecked,omitempty"`
	Checks    check.Results  `json:"checks"`
}

// AppFacts are the facts of the verified application in VerifyJSON.
type AppFacts struct {
	ID           string `json:"id"`
	Variant      string `json:"variant"`
	Applicant    string `json:"applicant"`
	SNILS        string `json:"snils"`
	Organisation string `json:"organisation"`
}

// VerifyApplication runs the checks of a signed application
// (application.VerifyReceived) and shapes its JSON.
func VerifyApplication(in application.Received, opts application.AttachOptions) VerifyJSON {
	res := application.VerifyReceived(in, opts)
	out := VerifyJSON{Checks: res.Checks, SubIndication: res.SubIndication, Message: res.Russian(),
		Signers: res.Signers, Unchecked: res.Waived}
	if out.Signers == nil {
		out.Signers = []application.ReceivedSigner{}
	}
	out.Verdict = map[check.Indication]string{check.IndicationPassed: "valid", check.IndicationIndeterminate: "indeterminate"}[res.Indication]
	if out.Verdict == "" {
		out.Verdict = "invalid"
	}
	if app := res.Application; app != nil {
		a := app.Applicant
		out.Application = &AppFacts{ID: app.ID, Variant: app.Variant.Code(), SNILS: a.SNILS,
			Applicant: a.FullName(), Organisation: app.Organisation.String()}
	}
	return out
}
