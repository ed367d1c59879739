package application

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"unicode"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/match"
)

// AccountLevel is the level of an ЕСИА (Госуслуги) account.
type AccountLevel int

// The account levels. Simplified: name, phone or e-mail; standard: passport
// and СНИЛС checked by the ПФР and МВД; confirmed: identity confirmed in
// person, through an online bank or with a qualified electronic signature.
const (
	LevelUnknown AccountLevel = iota
	LevelSimplified
	LevelStandard
	LevelConfirmed
)

// String returns the JSON code: "simplified", "standard", "confirmed"; ""
// for LevelUnknown.
func (l AccountLevel) String() string {
	switch l {
	case LevelSimplified:
		return "simplified"
	case LevelStandard:
		return "standard"
	case LevelConfirmed:
		return "confirmed"
	}
	return ""
}

// Russian returns the Russian name of the level.
func (l AccountLevel) Russian() string {
	switch l {
	case LevelSimplified:
		return "упрощённая"
	case LevelStandard:
		return "стандартная"
	case LevelConfirmed:
		return "подтверждённая"
	}
	return "не указан"
}

// ParseAccountLevel reads "simplified", "standard" or "confirmed".
func ParseAccountLevel(s string) (AccountLevel, error) {
	switch s {
	case "simplified":
		return LevelSimplified, nil
	case "standard":
		return LevelStandard, nil
	case "confirmed":
		return LevelConfirmed, nil
	}
	return LevelUnknown, fmt.Errorf("application: unknown ESIA account level %q (want simplified, standard or confirmed)", s)
}

// MarshalJSON encodes the level as its code; LevelUnknown is an error.
func (l AccountLevel) MarshalJSON() ([]byte, error) {
	if l.String() == "" {
		return nil, fmt.Errorf("application: invalid ESIA account level %d", int(l))
	}
	return json.Marshal(l.String())
}

// UnmarshalJSON decodes a level code.
func (l *AccountLevel) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("application: account level: %w", err)
	}
	v, err := ParseAccountLevel(s)
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Applicant is what the personal cabinet knows about the user from the ЕСИА
// account he or she logged in with (as a natural person).
type Applicant struct {
	// Surname, GivenName and Patronymic (may be empty) as in ЕСИА.
	Surname    string `json:"surname"`
	GivenName  string `json:"given_name"`
	Patronymic string `json:"patronymic"`
	// SNILS in any form ident.ParseSNILS accepts.
	SNILS string `json:"snils"`
	// INN is the 12-digit personal ИНН when ЕСИА knows it, else "".
	INN string `json:"inn"`
	// Email and Phone are the contacts of the account.
	Email string `json:"email"`
	Phone string `json:"phone"`
	// Level is the account level.
	Level AccountLevel `json:"account_level"`
}

// FullName returns "Surname GivenName Patronymic" without empty parts.
func (a Applicant) FullName() string {
	return joinNonEmpty(a.Surname, a.GivenName, a.Patronymic)
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// CheckApplicant evaluates the account: the level must be confirmed, the
// name present, the СНИЛС (and the ИНН when given) correct, the e-mail and
// the phone well formed. Every rule yields one result, in a fixed order.
func CheckApplicant(a Applicant) check.Results {
	var rs check.Results
	if a.Level == LevelConfirmed {
		rs = append(rs, ruleESIAConfirmed.Passed("confirmed"))
	} else {
		rs = append(rs, ruleESIAConfirmed.Violated("level "+levelCode(a.Level), a.Level.Russian()))
	}
	switch {
	case strings.TrimSpace(a.Surname) == "" && strings.TrimSpace(a.GivenName) == "":
		rs = append(rs, ruleApplicantName.Violated("no surname and given name"))
	case strings.TrimSpace(a.Surname) == "":
		rs = append(rs, ruleApplicantName.Outcome("no-surname", "no surname"))
	case strings.TrimSpace(a.GivenName) == "":
		rs = append(rs, ruleApplicantName.Outcome("no-given-name", "no given name"))
	default:
		rs = append(rs, ruleApplicantName.Passed(""))
	}
	rs = append(rs, checkSNILS(a.SNILS))
	rs = append(rs, checkPersonINN(a.INN))
	rs = append(rs, CheckEmail(a.Email), CheckPhone(a.Phone))
	return rs
}

func levelCode(l AccountLevel) string {
	if s := l.String(); s != "" {
		return s
	}
	return "unknown"
}

func checkSNILS(s string) check.Result {
	if strings.TrimSpace(s) == "" {
		return ruleApplicantSNILS.Outcome("absent", "empty")
	}
	n, err := ident.ParseSNILS(s)
	if err != nil {
		return ruleApplicantSNILS.Violated(err.Error(), lowerFirst(identMessage(err)))
	}
	return ruleApplicantSNILS.Passed(n.Digits())
}

func checkPersonINN(s string) check.Result {
	if s == "" {
		return ruleApplicantINN.Passed("not given")
	}
	n, err := ident.ParseINNPerson(s)
	if err != nil {
		return ruleApplicantINN.Violated(err.Error(), lowerFirst(identMessage(err)))
	}
	return ruleApplicantINN.Passed(n.String())
}

func identMessage(err error) string {
	return strings.TrimSuffix(check.MessageRU(err, ""), ".")
}

// MaxEmailLength is the longest accepted e-mail address (RFC 5321 path limit).
const MaxEmailLength = 254

// ValidEmail reports whether s is a bare e-mail address local@domain: no
// display name, no spaces or control characters, a dotted domain, at most
// MaxEmailLength bytes.
func ValidEmail(s string) error {
	if s == "" {
		return fmt.Errorf("empty")
	}
	if len(s) > MaxEmailLength {
		return fmt.Errorf("longer than %d bytes", MaxEmailLength)
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("contains spaces or control characters")
		}
	}
	if strings.Count(s, "@") != 1 || strings.ContainsAny(s, "\"()<>,;:\\[]") {
		return fmt.Errorf("not an address of the form name@domain")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return fmt.Errorf("not an address of the form name@domain")
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.HasPrefix(domain, "[") {
		return fmt.Errorf("domain %q is not a dotted host name", domain)
	}
	return nil
}

// CheckEmail evaluates the rule APP-EMAIL on s.
func CheckEmail(s string) check.Result {
	if err := ValidEmail(s); err != nil {
		if s == "" {
			return ruleEmail.Outcome("absent", err.Error())
		}
		return ruleEmail.Violated(err.Error())
	}
	return ruleEmail.Passed(s)
}

// NormalizePhone returns a Russian phone number as "+7" and 10 digits. It
// accepts "+7", "7" or "8" followed by 10 digits, with spaces, dashes, dots
// and parentheses anywhere, and rejects everything else.
func NormalizePhone(s string) (string, error) {
	var d strings.Builder
	plus := false
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u00a0':
		default:
			return "", fmt.Errorf("unexpected character %q", r)
		}
	}
	digits := d.String()
	switch {
	case len(digits) == 11 && digits[0] == '7':
	case len(digits) == 11 && digits[0] == '8' && !plus:
	default:
		return "", fmt.Errorf("want +7 and 10 digits, got %d digits", len(digits))
	}
	return "+7" + digits[1:], nil
}

// validPhone reports whether s is already normalised.
func validPhone(s string) bool {
	if len(s) != 12 || !strings.HasPrefix(s, "+7") {
		return false
	}
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CheckPhone evaluates the rule APP-PHONE on s (in any form NormalizePhone
// accepts).
func CheckPhone(s string) check.Result {
	if s == "" {
		return rulePhone.Outcome("absent", "empty")
	}
	n, err := NormalizePhone(s)
	if err != nil {
		return rulePhone.Violated(err.Error(), s)
	}
	return rulePhone.Passed(n)
}

// MatchPerson compares the applicant with the person named in a
// certificate (its Subject), with the module's one person matcher: the
// СНИЛС by digits, and the surname, first name and patronymic (the
// certificate's G attribute holds first name and patronymic)
// case-insensitively with Ё = Е. The result is the rule APP-PERSON-MATCH:
//
//   - fail when the СНИЛС differ, or when the certificate or the applicant
//     has no usable СНИЛС and the names differ;
//   - warn when only one of the two could be confirmed (no СНИЛС but the
//     names match; the same СНИЛС but another name, for example after a
//     change of surname);
//   - pass when both match.
func MatchPerson(a Applicant, n *certificate.Name) check.Result {
	if n == nil {
		return rulePersonMatch.Violated("no certificate name", "сведения о владельце сертификата отсутствуют")
	}
	appSNILS := ""
	if s, err := ident.ParseSNILS(a.SNILS); err == nil {
		appSNILS = s.Digits()
	}
	certSNILS := ""
	if n.SNILS.Valid() {
		certSNILS = n.SNILS.Value
	}
	o := match.ComparePerson(
		match.Person{Surname: a.Surname, GivenNames: match.GivenNames(a.GivenName, a.Patronymic), SNILS: appSNILS},
		match.Person{Surname: n.Surname, GivenNames: n.GivenNames, SNILS: certSNILS})
	snils := o.IDs[0]
	var reasons, details []string // Russian, English
	switch {
	case appSNILS == "":
		reasons, details = append(reasons, "СНИЛС заявителя не указан или неверен"), append(details, "applicant SNILS invalid")
	case !n.SNILS.Present:
		reasons, details = append(reasons, "в сертификате нет СНИЛС"), append(details, "certificate has no SNILS")
	case n.SNILS.Err != nil:
		reasons, details = append(reasons, "СНИЛС в сертификате указан неверно"), append(details, "certificate SNILS invalid")
	case snils.State == match.Conflict:
		reasons = append(reasons, fmt.Sprintf("СНИЛС в сертификате %s, у заявителя %s", certSNILS, appSNILS))
		details = append(details, "SNILS differ")
	}
	if !o.NameMatch {
		reasons = append(reasons, "в сертификате "+nameDiffs(o, n, a))
		details = append(details, "names differ")
	}
	detail, reason := strings.Join(details, "; "), strings.Join(reasons, "; ")
	switch {
	case snils.State == match.Conflict:
		return rulePersonMatch.Violated(detail, reason)
	case snils.State != match.Match && !o.NameMatch:
		return rulePersonMatch.Violated(detail, reason)
	case snils.State != match.Match:
		return rulePersonMatch.Outcome("name-only", detail, reason)
	case !o.NameMatch:
		return rulePersonMatch.Outcome("name-differs", detail, reason)
	}
	return rulePersonMatch.Passed("SNILS and name match")
}

// nameDiffs names the parts of the certificate's name that differ from the
// applicant's.
func nameDiffs(o match.PersonOutcome, n *certificate.Name, a Applicant) string {
	var diff []string
	if !o.NameKnown || o.SurnameDiffers {
		diff = append(diff, fmt.Sprintf("фамилия «%s» вместо «%s»", n.Surname, a.Surname))
	}
	if o.NameKnown && o.FirstDiffers || !o.NameKnown && match.Name(n.FirstName()) != match.Name(a.GivenName) {
		diff = append(diff, fmt.Sprintf("имя «%s» вместо «%s»", n.FirstName(), a.GivenName))
	}
	if o.NameKnown && o.MiddleDiffers || !o.NameKnown && match.Name(n.Patronymic()) != match.Name(a.Patronymic) {
		diff = append(diff, fmt.Sprintf("отчество «%s» вместо «%s»", n.Patronymic(), a.Patronymic))
	}
	return strings.Join(diff, ", ")
}

// lowerFirst lower-cases the first letter of a message used inside another.
func lowerFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToLower(r)) + s[i+len(string(r)):]
	}
	return s
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
