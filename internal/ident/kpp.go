package ident

import (
	"strconv"
	"unicode/utf8"
)

// KPP is a КПП with a valid format: 9 characters — 2 digits (not "00"),
// 2 digits, 2 characters of [0-9A-Z], 3 digits. A КПП has no control digit,
// so only the format is checked. The zero value is not a valid КПП. KPP values
// are comparable with ==.
type KPP struct {
	s string
}

// String returns the 9 characters of the КПП ("" for the zero value).
func (k KPP) String() string { return k.s }

// IsZero reports whether k is the zero value.
func (k KPP) IsZero() bool { return k.s == "" }

// ParseKPP parses a КПП and checks its format. Letters must be uppercase Latin
// A-Z and are allowed only in positions 5 and 6.
func ParseKPP(s string) (KPP, error) {
	if s == "" {
		return KPP{}, formatErr(IdentifierKPP, ReasonEmpty, s, "")
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return KPP{}, formatErr(IdentifierKPP, ReasonLayout, s, describeAt(s, i))
		}
	}
	if len(s) != 9 {
		return KPP{}, formatErr(IdentifierKPP, ReasonLength, s, "got "+strconv.Itoa(len(s)))
	}
	for i := 0; i < 9; i++ {
		c := s[i]
		digit := c >= '0' && c <= '9'
		if digit || (i == 4 || i == 5) && c >= 'A' && c <= 'Z' {
			continue
		}
		return KPP{}, formatErr(IdentifierKPP, ReasonLayout, s, describeAt(s, i))
	}
	if s[0] == '0' && s[1] == '0' {
		return KPP{}, formatErr(IdentifierKPP, ReasonLeadingZeros, s, "")
	}
	return KPP{s: s}, nil
}
