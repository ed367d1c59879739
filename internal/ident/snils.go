package ident

import "strings"

// snilsMaxUnchecked is the largest СНИЛС body (first 9 digits) that carries no
// control number: 001-001-998. The checksum is defined only above it.
const snilsMaxUnchecked = 1001998

// SNILS is a valid СНИЛС: 9 digits of the number and 2 control digits. For
// numbers above 001-001-998 the control number has been checked; for lower
// numbers the control digits are not defined and ChecksumApplies is false.
// The zero value is not a valid СНИЛС. SNILS values are comparable with ==,
// whatever form they were parsed from.
type SNILS struct {
	d string // 11 ASCII digits
}

// Digits returns the СНИЛС as 11 bare digits, the form certificates use
// (NumericString(11)); "" for the zero value.
func (n SNILS) Digits() string { return n.d }

// String returns the СНИЛС as "DDD-DDD-DDD DD", the form an МЧД uses; ""
// for the zero value.
func (n SNILS) String() string {
	if len(n.d) != 11 {
		return ""
	}
	return n.d[0:3] + "-" + n.d[3:6] + "-" + n.d[6:9] + " " + n.d[9:11]
}

// Formatted is the same as String: "DDD-DDD-DDD DD".
func (n SNILS) Formatted() string { return n.String() }

// ChecksumApplies reports whether the number is above 001-001-998, so that its
// control digits were checked. It is false for lower numbers, which are
// accepted with any control digits, and for the zero value.
func (n SNILS) ChecksumApplies() bool {
	return len(n.d) == 11 && snilsChecked(n.d)
}

// snilsChecked reports whether the СНИЛС with digits d (at least 9 ASCII
// digits) is above 001-001-998, i.e. has a defined control number.
func snilsChecked(d string) bool {
	var v uint64
	for i := 0; i < 9; i++ {
		v = v*10 + uint64(d[i]-'0')
	}
	return v > snilsMaxUnchecked
}

// IsZero reports whether n is the zero value.
func (n SNILS) IsZero() bool { return n.d == "" }

// snilsControl returns the control number of a 9-digit СНИЛС body:
// s = Σ dᵢ·(10−i) (weights 9…1); s < 100 → s; s = 100 or 101 → 0;
// s > 101 → s mod 101, and a result of 100 (or 101) → 0.
func snilsControl(body string) int {
	s := 0
	for i := 0; i < 9; i++ {
		s += int(body[i]-'0') * (9 - i)
	}
	if s > 101 {
		s %= 101
	}
	if s == 100 || s == 101 {
		s = 0
	}
	return s
}

// snilsDigits returns the 11 digits of t if t has one of the accepted layouts:
// "DDD-DDD-DDD DD", "DDD-DDD-DDD-DD" and, if bare is set, 11 digits.
func snilsDigits(t string, bare bool) (string, bool) {
	switch len(t) {
	case 11:
		if bare && firstNonDigit(t) < 0 {
			return t, true
		}
	case 14:
		if t[3] != '-' || t[7] != '-' || (t[11] != ' ' && t[11] != '-') {
			return "", false
		}
		d := t[0:3] + t[4:7] + t[8:11] + t[12:14]
		if firstNonDigit(d) < 0 {
			return d, true
		}
	}
	return "", false
}

// ParseSNILS parses a СНИЛС in any of the forms it is met in:
// "DDD-DDD-DDD DD" (МЧД), "DDD-DDD-DDD-DD" (МЧД) and 11 bare digits
// (certificates). Surrounding whitespace is ignored. The control number is
// checked for numbers above 001-001-998; lower numbers are accepted with
// ChecksumApplies false.
func ParseSNILS(s string) (SNILS, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return SNILS{}, formatErr(IdentifierSNILS, ReasonEmpty, s, "")
	}
	d, ok := snilsDigits(t, true)
	if !ok {
		return SNILS{}, formatErr(IdentifierSNILS, ReasonLayout, s, "")
	}
	return checkSNILS(d, s)
}

// ParseSNILSMCHD parses a СНИЛС as the МЧД XSD allows it: exactly
// "DDD-DDD-DDD DD" or "DDD-DDD-DDD-DD". Bare digits and surrounding
// whitespace are format errors (ReasonLayoutMCHD). The control number is
// checked as in ParseSNILS.
func ParseSNILSMCHD(s string) (SNILS, error) {
	if s == "" {
		return SNILS{}, formatErr(IdentifierSNILS, ReasonEmpty, s, "")
	}
	d, ok := snilsDigits(s, false)
	if !ok {
		detail := ""
		if _, bareOK := snilsDigits(s, true); bareOK {
			detail = "11 bare digits are the certificate form, not allowed in an MCHD"
		} else if t := strings.TrimSpace(s); t != s {
			if _, trimmedOK := snilsDigits(t, false); trimmedOK {
				detail = "surrounding whitespace"
			}
		}
		return SNILS{}, formatErr(IdentifierSNILS, ReasonLayoutMCHD, s, detail)
	}
	return checkSNILS(d, s)
}

// checkSNILS checks the control number of the 11 digits d.
func checkSNILS(d, input string) (SNILS, error) {
	if !snilsChecked(d) {
		return SNILS{d: d}, nil
	}
	want := snilsControl(d[:9])
	got := int(d[9]-'0')*10 + int(d[10]-'0')
	if want != got {
		return SNILS{}, checksumErr(IdentifierSNILS, input,
			"control number is "+d[9:11]+", want "+string([]byte{byte(want/10) + '0', byte(want%10) + '0'}))
	}
	return SNILS{d: d}, nil
}
