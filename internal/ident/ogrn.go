package ident

// OGRN is a valid ОГРН: 13 ASCII digits whose last digit equals the first 12
// digits, read as an integer, mod 11 mod 10. The zero value is not a valid
// ОГРН. OGRN values are comparable with ==.
type OGRN struct {
	s string
}

// String returns the 13 digits of the ОГРН ("" for the zero value).
func (n OGRN) String() string { return n.s }

// IsZero reports whether n is the zero value.
func (n OGRN) IsZero() bool { return n.s == "" }

// OGRNIP is a valid ОГРНИП: 15 ASCII digits whose last digit equals the first
// 14 digits, read as an integer, mod 13 mod 10. The zero value is not a valid
// ОГРНИП. OGRNIP values are comparable with ==.
type OGRNIP struct {
	s string
}

// String returns the 15 digits of the ОГРНИП ("" for the zero value).
func (n OGRNIP) String() string { return n.s }

// IsZero reports whether n is the zero value.
func (n OGRNIP) IsZero() bool { return n.s == "" }

// decimalMod returns the ASCII digits d, read as a decimal integer, mod m. It
// works digit by digit, so the length of d is not limited by integer size.
func decimalMod(d string, m uint64) uint64 {
	var r uint64
	for i := 0; i < len(d); i++ {
		r = (r*10 + uint64(d[i]-'0')) % m
	}
	return r
}

// ogrnControl returns the control digit of an ОГРН body (12 digits) as ASCII.
func ogrnControl(body string) byte { return byte(decimalMod(body, 11)%10) + '0' }

// ogrnipControl returns the control digit of an ОГРНИП body (14 digits) as
// ASCII.
func ogrnipControl(body string) byte { return byte(decimalMod(body, 13)%10) + '0' }

// ParseOGRN parses a 13-digit ОГРН and checks its control digit. The first
// digit (the record kind) is not restricted.
func ParseOGRN(s string) (OGRN, error) {
	if err := parseDigits(IdentifierOGRN, s, 13); err != nil {
		return OGRN{}, err
	}
	if c := ogrnControl(s[:12]); c != s[12] {
		return OGRN{}, checksumErr(IdentifierOGRN, s, mismatch(13, c, s[12]))
	}
	return OGRN{s: s}, nil
}

// ParseOGRNIP parses a 15-digit ОГРНИП and checks its control digit. The first
// digit (the record kind) is not restricted.
func ParseOGRNIP(s string) (OGRNIP, error) {
	if err := parseDigits(IdentifierOGRNIP, s, 15); err != nil {
		return OGRNIP{}, err
	}
	if c := ogrnipControl(s[:14]); c != s[14] {
		return OGRNIP{}, checksumErr(IdentifierOGRNIP, s, mismatch(15, c, s[14]))
	}
	return OGRNIP{s: s}, nil
}
