package ident

// INNKind tells the two kinds of ИНН apart.
type INNKind uint8

// The kinds of ИНН.
const (
	// INNKindNone is the kind of the zero INN.
	INNKindNone INNKind = iota
	// INNLegalEntity is the 10-digit ИНН of a legal entity (ЮЛ, «ИННЮЛТип»).
	INNLegalEntity
	// INNPerson is the 12-digit ИНН of a natural person or an individual
	// entrepreneur (ФЛ, ИП, «ИННФЛТип»).
	INNPerson
)

// String returns "legal entity", "person" or "none".
func (k INNKind) String() string {
	switch k {
	case INNLegalEntity:
		return "legal entity"
	case INNPerson:
		return "person"
	}
	return "none"
}

// INN is a valid ИНН: 10 digits (legal entity) or 12 digits (person), not
// starting with "00", with correct control digits. The zero value is not a
// valid ИНН. INN values are comparable with ==.
type INN struct {
	s string
}

// String returns the ИНН as 10 or 12 digits ("" for the zero value).
func (n INN) String() string { return n.s }

// Kind reports whether the ИНН belongs to a legal entity (10 digits) or a
// person (12 digits); INNKindNone for the zero value.
func (n INN) Kind() INNKind {
	switch len(n.s) {
	case 10:
		return INNLegalEntity
	case 12:
		return INNPerson
	}
	return INNKindNone
}

// IsZero reports whether n is the zero value.
func (n INN) IsZero() bool { return n.s == "" }

// Weights of the ИНН control digits (the ФНС algorithm of the control
// number of an ИНН).
var (
	innWeights10 = [...]int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights11 = [...]int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = [...]int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// innControl computes Σ dᵢ·wᵢ mod 11 mod 10 over the first len(w) digits of d
// and returns it as an ASCII digit. d must hold at least len(w) ASCII digits.
func innControl(d string, w []int) byte {
	sum := 0
	for i, wi := range w {
		sum += int(d[i]-'0') * wi
	}
	return byte(sum%11%10) + '0'
}

// ParseINN parses an ИНН of either kind: 10 digits (legal entity) or 12 digits
// (person). It checks the length, that only ASCII digits are used, that the
// number does not start with "00" and the control digit(s). Use Kind to learn
// which kind it is.
//
// The legacy certificate form "00" + 10 digits is a format error here; use
// INNFromCertificateAttribute for certificate attributes.
func ParseINN(s string) (INN, error) {
	if err := parseDigits(IdentifierINN, s, 10, 12); err != nil {
		return INN{}, err
	}
	return checkINN(IdentifierINN, s, s)
}

// ParseINNLE parses the 10-digit ИНН of a legal entity («ИННЮЛТип»).
func ParseINNLE(s string) (INN, error) {
	if err := parseDigits(IdentifierINNLE, s, 10); err != nil {
		return INN{}, err
	}
	return checkINN(IdentifierINNLE, s, s)
}

// ParseINNPerson parses the 12-digit ИНН of a person or an individual
// entrepreneur («ИННФЛТип»).
func ParseINNPerson(s string) (INN, error) {
	if err := parseDigits(IdentifierINNPerson, s, 12); err != nil {
		return INN{}, err
	}
	return checkINN(IdentifierINNPerson, s, s)
}

// INNFromCertificateAttribute parses the value of a certificate's INN
// attribute (OID 1.2.643.3.131.1.1, NumericString(12)) or INNLE attribute
// (OID 1.2.643.100.4, NumericString(10)):
//
//   - 12 digits starting with "00" are the legacy form of a legal entity's
//     ИНН (certificates issued before 01.09.2021): the "00" is stripped and
//     the remaining 10 digits are checked as an ИНН of a legal entity;
//   - other 12 digits are the ИНН of a person;
//   - 10 digits are the ИНН of a legal entity.
//
// The returned INN's Kind tells which it is; its String is the ИНН without
// the legacy "00".
func INNFromCertificateAttribute(s string) (INN, error) {
	if err := parseDigits(IdentifierINN, s, 10, 12); err != nil {
		return INN{}, err
	}
	if len(s) == 12 && s[0] == '0' && s[1] == '0' {
		n, err := checkINN(IdentifierINNLE, s[2:], s)
		if e, ok := err.(*Error); ok {
			e.detail = joinDetail("legacy certificate form 00 + 10-digit INN", e.detail)
		}
		return n, err
	}
	return checkINN(IdentifierINN, s, s)
}

// checkINN checks the "00" prefix and the control digits of d, 10 or 12 ASCII
// digits; input is the text reported in errors.
func checkINN(id Identifier, d, input string) (INN, error) {
	if d[0] == '0' && d[1] == '0' {
		detail := ""
		if len(d) == 12 && id != IdentifierINNLE {
			detail = "a certificate's legacy 00 + 10-digit form? use INNFromCertificateAttribute"
		}
		return INN{}, formatErr(id, ReasonLeadingZeros, input, detail)
	}
	if len(d) == 10 {
		if c := innControl(d, innWeights10[:]); c != d[9] {
			return INN{}, checksumErr(id, input, mismatch(10, c, d[9]))
		}
		return INN{s: d}, nil
	}
	if c := innControl(d, innWeights11[:]); c != d[10] {
		return INN{}, checksumErr(id, input, mismatch(11, c, d[10]))
	}
	if c := innControl(d, innWeights12[:]); c != d[11] {
		return INN{}, checksumErr(id, input, mismatch(12, c, d[11]))
	}
	return INN{s: d}, nil
}

func joinDetail(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}
