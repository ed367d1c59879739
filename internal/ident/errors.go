package ident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrFormat is the class of errors for input that does not have the shape of
// the identifier: empty, wrong length, characters that are not ASCII digits, a
// forbidden "00" prefix, a wrong СНИЛС or КПП layout. Test with errors.Is.
var ErrFormat = errors.New("ident: invalid format")

// ErrChecksum is the class of errors for input that has the right shape but a
// wrong control digit. Test with errors.Is.
var ErrChecksum = errors.New("ident: wrong check digit")

// Identifier names the identifier an *Error is about.
type Identifier uint8

// The identifiers reported in *Error.
const (
	// IdentifierUnknown is the zero Identifier; the package never reports it.
	IdentifierUnknown Identifier = iota
	// IdentifierINN is an ИНН of either length (ParseINN, INNFromCertificateAttribute).
	IdentifierINN
	// IdentifierINNLE is the 10-digit ИНН of a legal entity (ParseINNLE).
	IdentifierINNLE
	// IdentifierINNPerson is the 12-digit ИНН of a person or an individual
	// entrepreneur (ParseINNPerson).
	IdentifierINNPerson
	// IdentifierOGRN is the 13-digit ОГРН.
	IdentifierOGRN
	// IdentifierOGRNIP is the 15-digit ОГРНИП.
	IdentifierOGRNIP
	// IdentifierSNILS is the СНИЛС.
	IdentifierSNILS
	// IdentifierKPP is the КПП.
	IdentifierKPP
)

// String returns the English name of the identifier, e.g. "INN", "SNILS".
func (id Identifier) String() string {
	switch id {
	case IdentifierINN:
		return "INN"
	case IdentifierINNLE:
		return "legal-entity INN"
	case IdentifierINNPerson:
		return "personal INN"
	case IdentifierOGRN:
		return "OGRN"
	case IdentifierOGRNIP:
		return "OGRNIP"
	case IdentifierSNILS:
		return "SNILS"
	case IdentifierKPP:
		return "KPP"
	}
	return "identifier"
}

// NameRU returns the Russian name of the identifier, e.g. "ИНН",
// "ИНН юридического лица", "СНИЛС".
func (id Identifier) NameRU() string {
	switch id {
	case IdentifierINN:
		return "ИНН"
	case IdentifierINNLE:
		return "ИНН юридического лица"
	case IdentifierINNPerson:
		return "ИНН физического лица"
	case IdentifierOGRN:
		return "ОГРН"
	case IdentifierOGRNIP:
		return "ОГРНИП"
	case IdentifierSNILS:
		return "СНИЛС"
	case IdentifierKPP:
		return "КПП"
	}
	return "идентификатор"
}

// lengthEN and lengthRU describe the required length for length errors.
func (id Identifier) lengthEN() string {
	switch id {
	case IdentifierINN:
		return "10 or 12 digits"
	case IdentifierINNLE:
		return "10 digits"
	case IdentifierINNPerson:
		return "12 digits"
	case IdentifierOGRN:
		return "13 digits"
	case IdentifierOGRNIP:
		return "15 digits"
	case IdentifierSNILS:
		return "11 digits"
	case IdentifierKPP:
		return "9 characters"
	}
	return "of the right length"
}

func (id Identifier) lengthRU() string {
	switch id {
	case IdentifierINN:
		return "10 или 12 цифр"
	case IdentifierINNLE:
		return "10 цифр"
	case IdentifierINNPerson:
		return "12 цифр"
	case IdentifierOGRN:
		return "13 цифр"
	case IdentifierOGRNIP:
		return "15 цифр"
	case IdentifierSNILS:
		return "11 цифр"
	case IdentifierKPP:
		return "9 символов"
	}
	return "допустимого числа символов"
}

// Reason says precisely what is wrong with the input of an *Error.
type Reason uint8

// The reasons reported in *Error. All but ReasonChecksum are format errors.
const (
	// ReasonUnknown is the zero Reason; the package never reports it.
	ReasonUnknown Reason = iota
	// ReasonEmpty: the input is empty (for ParseSNILS: empty after trimming).
	ReasonEmpty
	// ReasonNonDigit: the input contains a character that is not an ASCII digit.
	ReasonNonDigit
	// ReasonLength: the input has the wrong number of characters.
	ReasonLength
	// ReasonLeadingZeros: the input starts with "00", which the XSD forbids
	// for ИНН and КПП.
	ReasonLeadingZeros
	// ReasonLayout: the СНИЛС is none of "DDD-DDD-DDD DD", "DDD-DDD-DDD-DD"
	// and 11 digits, or the КПП does not match 4 digits, 2 of [0-9A-Z],
	// 3 digits.
	ReasonLayout
	// ReasonLayoutMCHD: the СНИЛС is not in one of the two forms an МЧД
	// allows ("DDD-DDD-DDD DD", "DDD-DDD-DDD-DD"); see ParseSNILSMCHD.
	ReasonLayoutMCHD
	// ReasonChecksum: a control digit is wrong. The only checksum reason.
	ReasonChecksum
	// ReasonPrefix: a Complete* generator got a prefix that is too long or
	// not made of ASCII digits.
	ReasonPrefix
)

// String returns a short English description of the reason.
func (r Reason) String() string {
	switch r {
	case ReasonEmpty:
		return "empty"
	case ReasonNonDigit:
		return "non-digit character"
	case ReasonLength:
		return "wrong length"
	case ReasonLeadingZeros:
		return "starts with 00"
	case ReasonLayout:
		return "wrong layout"
	case ReasonLayoutMCHD:
		return "layout not allowed in an MCHD"
	case ReasonChecksum:
		return "wrong check digit"
	case ReasonPrefix:
		return "invalid generator prefix"
	}
	return "invalid"
}

// Error is the error returned by every function of the package. Kind is
// ErrFormat or ErrChecksum, so errors.Is(err, ErrFormat) and
// errors.Is(err, ErrChecksum) tell the two classes apart; errors.As gives
// access to the details.
type Error struct {
	// Identifier is the identifier being parsed.
	Identifier Identifier
	// Kind is ErrFormat or ErrChecksum; Unwrap returns it.
	Kind error
	// Reason says what exactly is wrong.
	Reason Reason
	// Input is the text as passed to the parser (or the prefix passed to a
	// generator). Error quotes at most 64 bytes of it.
	Input string

	detail string // optional English detail for Error
}

// Error returns an English message for logs and developers, e.g.
//
//	ident: INN "770708389": must be 10 or 12 digits (got 9)
func (e *Error) Error() string {
	if e == nil {
		return "ident: <nil>"
	}
	var b strings.Builder
	b.WriteString("ident: ")
	b.WriteString(e.Identifier.String())
	b.WriteByte(' ')
	b.WriteString(quoteInput(e.Input))
	b.WriteString(": ")
	b.WriteString(e.reasonEN())
	if e.detail != "" {
		b.WriteString(" (")
		b.WriteString(e.detail)
		b.WriteByte(')')
	}
	return b.String()
}

func (e *Error) reasonEN() string {
	switch e.Reason {
	case ReasonEmpty:
		return "empty"
	case ReasonNonDigit:
		return "must contain only ASCII digits 0-9"
	case ReasonLength:
		return "must be " + e.Identifier.lengthEN()
	case ReasonLeadingZeros:
		return "must not start with 00"
	case ReasonLayout:
		if e.Identifier == IdentifierKPP {
			return "must be 4 digits, 2 digits or uppercase Latin letters, 3 digits"
		}
		if e.Identifier == IdentifierSNILS {
			return `must be "DDD-DDD-DDD DD", "DDD-DDD-DDD-DD" or 11 digits`
		}
		return "wrong layout"
	case ReasonLayoutMCHD:
		return `must be "DDD-DDD-DDD DD" or "DDD-DDD-DDD-DD" in an MCHD`
	case ReasonChecksum:
		return "wrong check digit"
	case ReasonPrefix:
		return "generator prefix must be ASCII digits and shorter than the number"
	}
	if e.Kind == ErrChecksum {
		return "wrong check digit"
	}
	return "invalid"
}

// MessageRU returns a Russian message for end users that does not repeat the
// input, e.g. «ИНН должен состоять из 10 или 12 цифр» or «Неверное
// контрольное число СНИЛС».
func (e *Error) MessageRU() string {
	if e == nil {
		return "Идентификатор указан неверно"
	}
	name := e.Identifier.NameRU()
	switch e.Reason {
	case ReasonEmpty:
		return "Не указан " + name
	case ReasonNonDigit:
		return capitalize(name) + " должен состоять только из цифр"
	case ReasonLength:
		return capitalize(name) + " должен состоять из " + e.Identifier.lengthRU()
	case ReasonLeadingZeros:
		return capitalize(name) + " не может начинаться с 00"
	case ReasonLayout:
		switch e.Identifier {
		case IdentifierSNILS:
			return "СНИЛС должен иметь вид XXX-XXX-XXX YY или состоять из 11 цифр"
		case IdentifierKPP:
			return "КПП должен состоять из 4 цифр, 2 цифр или заглавных латинских букв и 3 цифр"
		}
	case ReasonLayoutMCHD:
		return "В доверенности СНИЛС должен иметь вид XXX-XXX-XXX YY или XXX-XXX-XXX-YY"
	case ReasonChecksum:
		return "Неверное контрольное число " + name
	case ReasonPrefix:
		return "Неверный префикс для генерации: " + name
	}
	if e.Kind == ErrChecksum {
		return "Неверное контрольное число " + name
	}
	return capitalize(name) + " указан неверно"
}

// Unwrap returns e.Kind (ErrFormat or ErrChecksum).
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Kind
}

// capitalize upper-cases the first letter of the lower-case fallback name.
func capitalize(s string) string {
	if strings.HasPrefix(s, "идентификатор") {
		return "Идентификатор" + strings.TrimPrefix(s, "идентификатор")
	}
	return s
}

// maxQuoted is how many bytes of the input Error quotes.
const maxQuoted = 64

// quoteInput quotes at most maxQuoted bytes of s, cut on a rune boundary.
func quoteInput(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > maxQuoted-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

func formatErr(id Identifier, r Reason, input, detail string) *Error {
	return &Error{Identifier: id, Kind: ErrFormat, Reason: r, Input: input, detail: detail}
}

func checksumErr(id Identifier, input, detail string) *Error {
	return &Error{Identifier: id, Kind: ErrChecksum, Reason: ReasonChecksum, Input: input, detail: detail}
}

// firstNonDigit returns the byte offset of the first byte of s that is not an
// ASCII digit, or -1.
func firstNonDigit(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return i
		}
	}
	return -1
}

// describeAt describes the character at byte offset i of s for error details.
func describeAt(s string, i int) string {
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("invalid UTF-8 byte 0x%02x at byte %d", s[i], i)
	}
	return fmt.Sprintf("%q (U+%04X) at byte %d", r, r, i)
}

// parseDigits is the common front end of the all-digit identifiers: it rejects
// empty input, non-digits and lengths not in lengths.
func parseDigits(id Identifier, s string, lengths ...int) *Error {
	if s == "" {
		return formatErr(id, ReasonEmpty, s, "")
	}
	if i := firstNonDigit(s); i >= 0 {
		return formatErr(id, ReasonNonDigit, s, describeAt(s, i))
	}
	for _, n := range lengths {
		if len(s) == n {
			return nil
		}
	}
	return formatErr(id, ReasonLength, s, "got "+strconv.Itoa(len(s)))
}

// mismatch formats the detail of a checksum error.
func mismatch(pos int, want, got byte) string {
	return fmt.Sprintf("digit %d is %c, want %c", pos, got, want)
}
