package check

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Waiver names a fact that a caller may decide to accept unchecked. A
// result that is indeterminate because that fact could not be established
// (a declared outcome with the waiver) becomes a warning when the caller
// waives it, and says so; nothing else can be waived: a failure stays a
// failure.
type Waiver string

// The facts that can be waived.
const (
	// WaiveRevocation: the revocation status of a certificate (no CRL or
	// OCSP response covering the validation time, only stale data, a
	// source that could not be reached, a response from an unauthorised
	// responder).
	WaiveRevocation Waiver = "revocation"
	// WaiveRegistry: the status of a power of attorney in the ФНС registry
	// (not asked, or the registry did not answer).
	WaiveRegistry Waiver = "registry"
	// WaiveEGRUL: the ЕГРЮЛ record of the organisation (its single
	// executive body, its status).
	WaiveEGRUL Waiver = "egrul"
	// WaiveApplicant: the data of the applicant's ЕСИА account (surname,
	// name, СНИЛС, account level), for a check made before the applicant
	// logs in.
	WaiveApplicant Waiver = "applicant"
	// WaiveTrustedListSignature: the signature of the Минцифры trusted list
	// the trust anchors and accreditation come from.
	WaiveTrustedListSignature Waiver = "trusted-list-signature"
)

// Waivers returns every waiver, in a fixed order.
func Waivers() []Waiver {
	return []Waiver{WaiveRevocation, WaiveRegistry, WaiveEGRUL, WaiveApplicant, WaiveTrustedListSignature}
}

// Valid reports whether w is one of the waivers.
func (w Waiver) Valid() bool { return slices.Contains(Waivers(), w) }

// Russian names the fact for people.
func (w Waiver) Russian() string {
	switch w {
	case WaiveRevocation:
		return "статус отзыва сертификатов"
	case WaiveRegistry:
		return "статус доверенности в реестре ФНС"
	case WaiveEGRUL:
		return "сведения ЕГРЮЛ об организации"
	case WaiveApplicant:
		return "данные учётной записи ЕСИА заявителя"
	case WaiveTrustedListSignature:
		return "подпись перечня аккредитованных УЦ"
	}
	return string(w)
}

// Hint says in Russian how to provide the fact.
func (w Waiver) Hint() string {
	switch w {
	case WaiveRevocation:
		return "передайте актуальные списки отзыва (CRL) или ответы OCSP удостоверяющих центров цепочки либо разрешите их загрузку"
	case WaiveRegistry:
		return "проверьте статус доверенности в реестре ФНС (сервис проверки МЧД) или передайте выгрузку реестра"
	case WaiveEGRUL:
		return "передайте сведения ЕГРЮЛ об организации: кто её единоличный исполнительный орган"
	case WaiveApplicant:
		return "войдите в личный кабинет через ЕСИА: нужны фамилия, имя, СНИЛС и уровень учётной записи"
	case WaiveTrustedListSignature:
		return "укажите сертификат, которым подписан перечень аккредитованных УЦ Минцифры"
	}
	return ""
}

// ErrUnknownWaiver is returned by ParseWaivers for a name that is not a
// waiver.
var ErrUnknownWaiver = errors.New("check: unknown waiver")

// ParseWaivers reads a comma-separated list of waiver names (spaces
// around names are ignored, an empty list gives none). An unknown name is
// an error wrapping ErrUnknownWaiver that lists the known ones.
func ParseWaivers(list string) ([]Waiver, error) {
	var out []Waiver
	for _, part := range strings.Split(list, ",") {
		name := Waiver(strings.TrimSpace(part))
		if name == "" {
			continue
		}
		if !name.Valid() {
			names := make([]string, 0, len(Waivers()))
			for _, w := range Waivers() {
				names = append(names, string(w))
			}
			return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownWaiver, name, strings.Join(names, ", "))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// Waive returns a copy of the results in which every indeterminate result
// whose fact is among ws (Result.Waiver) is a warning marked Waived, its
// message saying that the fact was not checked and was accepted by the
// caller. Other results are unchanged.
func (rs Results) Waive(ws []Waiver) Results {
	if len(ws) == 0 || rs == nil {
		return rs
	}
	out := make(Results, len(rs))
	for i, r := range rs {
		if r.Status == Indeterminate && r.Waiver != "" && slices.Contains(ws, r.Waiver) {
			r.Status = Warn
			r.Waived = true
			r.Message += " — не проверено; принято без проверки по решению проверяющей стороны (" + string(r.Waiver) + ")"
		}
		out[i] = r
	}
	return out
}

// Waived returns the waivers that changed at least one result, in the
// order of Waivers.
func (rs Results) Waived() []Waiver {
	var out []Waiver
	for _, w := range Waivers() {
		if slices.ContainsFunc(rs, func(r Result) bool { return r.Waived && r.Waiver == w }) {
			out = append(out, w)
		}
	}
	return out
}
