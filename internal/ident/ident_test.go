package ident

import (
	"errors"
	"strings"
	"testing"
)

// Non-ASCII digits and other tricky characters used across the tests.
const (
	fullwidth7   = "\uff17" // ７
	arabicIndic7 = "\u0667" // ٧
	devanagari7  = "\u096d" // ७
	nbsp         = "\u00a0" // no-break space
	longDigits   = "1234567890123456789012345678901234567890123456789012345678901234567890"
	invalidUTF8  = "770708389\xff"
	bom          = "\ufeff"
	zeroWidthSp  = "\u200b"
	cyrillicO    = "\u041e" // О, looks like 0
	latinLetterO = "O"
)

// wantErr checks that err is an *Error of the given class and reason, that
// exactly one of ErrFormat/ErrChecksum matches and that both messages are
// non-empty.
func wantErr(t *testing.T, err error, kind error, reason Reason) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want %v / %v", kind, reason)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not *Error", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("errors.Is(%v, %v) = false", err, kind)
	}
	other := ErrChecksum
	if kind == ErrChecksum {
		other = ErrFormat
	}
	if errors.Is(err, other) {
		t.Errorf("errors.Is(%v, %v) = true, want false", err, other)
	}
	if e.Reason != reason {
		t.Errorf("reason = %v, want %v (error %v)", e.Reason, reason, err)
	}
	if e.Error() == "" || e.MessageRU() == "" {
		t.Errorf("empty message: %q / %q", e.Error(), e.MessageRU())
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		parse  func(string) error
		in     string
		wantRU string
		wantEN string // substring
	}{
		{"inn length", errOf(ParseINN), "770708389", "ИНН должен состоять из 10 или 12 цифр", `ident: INN "770708389": must be 10 or 12 digits (got 9)`},
		{"inn le length", errOf(ParseINNLE), "500100732259", "ИНН юридического лица должен состоять из 10 цифр", "must be 10 digits"},
		{"inn person length", errOf(ParseINNPerson), "7707083893", "ИНН физического лица должен состоять из 12 цифр", "must be 12 digits"},
		{"inn empty", errOf(ParseINN), "", "Не указан ИНН", `INN "": empty`},
		{"inn non-digit", errOf(ParseINN), "77070838" + fullwidth7 + "3", "ИНН должен состоять только из цифр", `'７' (U+FF17) at byte 8`},
		{"inn invalid utf8", errOf(ParseINN), invalidUTF8, "ИНН должен состоять только из цифр", "invalid UTF-8 byte 0xff at byte 9"},
		{"inn 00", errOf(ParseINN), "007710474375", "ИНН не может начинаться с 00", "use INNFromCertificateAttribute"},
		{"inn checksum", errOf(ParseINN), "7707083894", "Неверное контрольное число ИНН", "digit 10 is 4, want 3"},
		{"inn12 checksum 12", errOf(ParseINN), "500100732258", "Неверное контрольное число ИНН", "digit 12 is 8, want 9"},
		{"ogrn length", errOf(ParseOGRN), "102770013219", "ОГРН должен состоять из 13 цифр", "must be 13 digits"},
		{"ogrn checksum", errOf(ParseOGRN), "1027700132196", "Неверное контрольное число ОГРН", "digit 13 is 6, want 5"},
		{"ogrnip length", errOf(ParseOGRNIP), "30450011600015", "ОГРНИП должен состоять из 15 цифр", "must be 15 digits"},
		{"ogrnip checksum", errOf(ParseOGRNIP), "304500116000158", "Неверное контрольное число ОГРНИП", "want 7"},
		{"snils layout", errOf(ParseSNILS), "112 233 445 95", "СНИЛС должен иметь вид XXX-XXX-XXX YY или состоять из 11 цифр", "or 11 digits"},
		{"snils checksum", errOf(ParseSNILS), "112-233-445 96", "Неверное контрольное число СНИЛС", "control number is 96, want 95"},
		{"snils mchd bare", errOf(ParseSNILSMCHD), "11223344595", "В доверенности СНИЛС должен иметь вид XXX-XXX-XXX YY или XXX-XXX-XXX-YY", "11 bare digits are the certificate form"},
		{"snils mchd space", errOf(ParseSNILSMCHD), " 112-233-445 95", "В доверенности СНИЛС должен иметь вид XXX-XXX-XXX YY или XXX-XXX-XXX-YY", "surrounding whitespace"},
		{"snils empty", errOf(ParseSNILS), "  ", "Не указан СНИЛС", "empty"},
		{"kpp length", errOf(ParseKPP), "77070100", "КПП должен состоять из 9 символов", "must be 9 characters"},
		{"kpp layout", errOf(ParseKPP), "7707aa001", "КПП должен состоять из 4 цифр, 2 цифр или заглавных латинских букв и 3 цифр", "'a' (U+0061) at byte 4"},
		{"kpp 00", errOf(ParseKPP), "007701001", "КПП не может начинаться с 00", "must not start with 00"},
		{"cert legacy checksum", errOf(INNFromCertificateAttribute), "007710474376", "Неверное контрольное число ИНН юридического лица", "legacy certificate form"},
		{"long input quoted", errOf(ParseINN), strings.Repeat("ж", 100), "ИНН должен состоять только из цифр", `…(200 bytes)`},
		{"long input cut on rune", errOf(ParseINN), "1" + strings.Repeat("ж", 100), "ИНН должен состоять только из цифр", `ж"…(201 bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not *Error", err)
			}
			if got := e.MessageRU(); got != tt.wantRU {
				t.Errorf("MessageRU() = %q, want %q", got, tt.wantRU)
			}
			if got := e.Error(); !strings.Contains(got, tt.wantEN) {
				t.Errorf("Error() = %q, want it to contain %q", got, tt.wantEN)
			}
			if e.Input != tt.in {
				t.Errorf("Input = %q, want %q", e.Input, tt.in)
			}
		})
	}
}

// errOf adapts a parser to return only its error.
func errOf[T any](parse func(string) (T, error)) func(string) error {
	return func(s string) error {
		_, err := parse(s)
		return err
	}
}

func TestErrorZeroAndNil(t *testing.T) {
	t.Parallel()
	var nilErr *Error
	if nilErr.Error() == "" || nilErr.MessageRU() == "" || nilErr.Unwrap() != nil {
		t.Error("nil *Error methods misbehave")
	}
	zero := &Error{}
	if zero.Error() == "" || zero.MessageRU() != "Идентификатор указан неверно" {
		t.Errorf("zero *Error: %q / %q", zero.Error(), zero.MessageRU())
	}
	if errors.Is(zero, ErrFormat) || errors.Is(zero, ErrChecksum) {
		t.Error("zero *Error matches a class")
	}
	custom := &Error{Identifier: IdentifierSNILS, Kind: ErrChecksum}
	if got := custom.MessageRU(); got != "Неверное контрольное число СНИЛС" {
		t.Errorf("custom MessageRU = %q", got)
	}
	if !errors.Is(custom, ErrChecksum) {
		t.Error("custom error does not match ErrChecksum")
	}
}

func TestStringers(t *testing.T) {
	t.Parallel()
	for id := IdentifierUnknown; id <= IdentifierKPP+1; id++ {
		if id.String() == "" || id.NameRU() == "" || id.lengthEN() == "" || id.lengthRU() == "" {
			t.Errorf("identifier %d has an empty name", id)
		}
	}
	for r := ReasonUnknown; r <= ReasonPrefix+1; r++ {
		if r.String() == "" {
			t.Errorf("reason %d has an empty name", r)
		}
		e := &Error{Identifier: IdentifierINN, Kind: ErrFormat, Reason: r}
		if e.Error() == "" || e.MessageRU() == "" {
			t.Errorf("reason %d: empty message", r)
		}
	}
	for k, want := range map[INNKind]string{INNKindNone: "none", INNLegalEntity: "legal entity", INNPerson: "person"} {
		if k.String() != want {
			t.Errorf("INNKind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
}

func TestZeroValues(t *testing.T) {
	t.Parallel()
	if !(INN{}).IsZero() || (INN{}).String() != "" || (INN{}).Kind() != INNKindNone {
		t.Error("zero INN")
	}
	if !(OGRN{}).IsZero() || (OGRN{}).String() != "" {
		t.Error("zero OGRN")
	}
	if !(OGRNIP{}).IsZero() || (OGRNIP{}).String() != "" {
		t.Error("zero OGRNIP")
	}
	var s SNILS
	if !s.IsZero() || s.String() != "" || s.Digits() != "" || s.Formatted() != "" || s.ChecksumApplies() {
		t.Error("zero SNILS")
	}
	if !(KPP{}).IsZero() || (KPP{}).String() != "" {
		t.Error("zero KPP")
	}
}
