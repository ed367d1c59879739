package ident

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// This file holds generators of SYNTHETIC identifiers for tests and fixtures:
// they produce numbers with correct control digits that may or may not belong
// to a real person or organisation. Do not use them for anything else.

// completeBody validates a generator prefix and pads it with zeros to n digits.
func completeBody(id Identifier, prefix string, n int) (string, error) {
	if i := firstNonDigit(prefix); i >= 0 {
		return "", formatErr(id, ReasonPrefix, prefix, describeAt(prefix, i))
	}
	if len(prefix) > n {
		return "", formatErr(id, ReasonPrefix, prefix,
			"prefix has "+strconv.Itoa(len(prefix))+" digits, at most "+strconv.Itoa(n)+" allowed")
	}
	return prefix + strings.Repeat("0", n-len(prefix)), nil
}

// CompleteINN10 returns a synthetic 10-digit ИНН of a legal entity for test
// data: prefix (at most 9 ASCII digits) is padded with zeros to 9 digits and
// the control digit is appended. For example CompleteINN10("770708389")
// returns 7707083893. It fails if the prefix is invalid or the result would
// start with "00".
func CompleteINN10(prefix string) (INN, error) {
	body, err := completeBody(IdentifierINNLE, prefix, 9)
	if err != nil {
		return INN{}, err
	}
	return ParseINNLE(body + string(innControl(body, innWeights10[:])))
}

// CompleteINN12 returns a synthetic 12-digit ИНН of a person for test data:
// prefix (at most 10 ASCII digits) is padded with zeros to 10 digits and both
// control digits are appended. It fails if the prefix is invalid or the result
// would start with "00".
func CompleteINN12(prefix string) (INN, error) {
	body, err := completeBody(IdentifierINNPerson, prefix, 10)
	if err != nil {
		return INN{}, err
	}
	body += string(innControl(body, innWeights11[:]))
	return ParseINNPerson(body + string(innControl(body, innWeights12[:])))
}

// CompleteOGRN returns a synthetic ОГРН for test data: prefix (at most 12
// ASCII digits) is padded with zeros to 12 digits and the control digit is
// appended.
func CompleteOGRN(prefix string) (OGRN, error) {
	body, err := completeBody(IdentifierOGRN, prefix, 12)
	if err != nil {
		return OGRN{}, err
	}
	return ParseOGRN(body + string(ogrnControl(body)))
}

// CompleteOGRNIP returns a synthetic ОГРНИП for test data: prefix (at most 14
// ASCII digits) is padded with zeros to 14 digits and the control digit is
// appended.
func CompleteOGRNIP(prefix string) (OGRNIP, error) {
	body, err := completeBody(IdentifierOGRNIP, prefix, 14)
	if err != nil {
		return OGRNIP{}, err
	}
	return ParseOGRNIP(body + string(ogrnipControl(body)))
}

// CompleteSNILS returns a synthetic СНИЛС for test data: prefix (at most 9
// ASCII digits) is padded with zeros to 9 digits and the control number is
// appended. For numbers not above 001-001-998, which have no control number,
// the same formula is used and the result has ChecksumApplies false.
func CompleteSNILS(prefix string) (SNILS, error) {
	body, err := completeBody(IdentifierSNILS, prefix, 9)
	if err != nil {
		return SNILS{}, err
	}
	c := snilsControl(body)
	return ParseSNILS(body + string([]byte{byte(c/10) + '0', byte(c%10) + '0'}))
}

// intN returns a uniform number in [0, n) from r, or from the global source
// (not reproducible) if r is nil.
func intN(r *rand.Rand, n int) int {
	if r == nil {
		return rand.IntN(n)
	}
	return r.IntN(n)
}

// randomDigits returns n uniform random ASCII digits.
func randomDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(intN(r, 10)) + '0'
	}
	return string(b)
}

// randomRegion returns two digits in 01..99, so the number does not start with
// "00".
func randomRegion(r *rand.Rand) string {
	v := 1 + intN(r, 99)
	return string([]byte{byte(v/10) + '0', byte(v%10) + '0'})
}

// orZero returns v, or the zero T if err is not nil. The generators below only
// build inputs that are valid by construction, so err is always nil.
func orZero[T any](v T, err error) T {
	if err != nil {
		var zero T
		return zero
	}
	return v
}

// RandomINN10 returns a synthetic random 10-digit ИНН of a legal entity for
// test data, drawn from r; use rand.New(rand.NewPCG(seed1, seed2)) for
// reproducible fixtures. A nil r uses the global, non-reproducible source.
func RandomINN10(r *rand.Rand) INN {
	return orZero(CompleteINN10(randomRegion(r) + randomDigits(r, 7)))
}

// RandomINN12 returns a synthetic random 12-digit ИНН of a person for test
// data, drawn from r (nil: the global source).
func RandomINN12(r *rand.Rand) INN {
	return orZero(CompleteINN12(randomRegion(r) + randomDigits(r, 8)))
}

// RandomOGRN returns a synthetic random ОГРН for test data, drawn from r (nil:
// the global source). The first digit is 1 or 5, as in real ОГРН of legal
// entities.
func RandomOGRN(r *rand.Rand) OGRN {
	first := "1"
	if intN(r, 2) == 1 {
		first = "5"
	}
	return orZero(CompleteOGRN(first + randomDigits(r, 11)))
}

// RandomOGRNIP returns a synthetic random ОГРНИП for test data, drawn from r
// (nil: the global source). The first digit is 3, as in real ОГРНИП.
func RandomOGRNIP(r *rand.Rand) OGRNIP {
	return orZero(CompleteOGRNIP("3" + randomDigits(r, 13)))
}

// RandomSNILS returns a synthetic random СНИЛС for test data, drawn from r
// (nil: the global source). The number is above 001-001-998, so its control
// number applies.
func RandomSNILS(r *rand.Rand) SNILS {
	v := snilsMaxUnchecked + 1 + intN(r, 999999999-snilsMaxUnchecked)
	s := strconv.Itoa(v)
	return orZero(CompleteSNILS(strings.Repeat("0", 9-len(s)) + s))
}

// RandomKPP returns a synthetic random КПП for test data, drawn from r (nil:
// the global source): a region 01..99, 2 digits, reason code "01", 3 digits.
func RandomKPP(r *rand.Rand) KPP {
	return orZero(ParseKPP(randomRegion(r) + randomDigits(r, 2) + "01" + randomDigits(r, 3)))
}
