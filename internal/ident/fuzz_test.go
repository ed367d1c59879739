package ident

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The fuzz targets compare every parser with a deliberately different
// reference implementation (regular expressions for the shape, math/big and
// the closed form s mod 101 mod 100 for the checksums), check that accepted
// values round-trip and that every error is a well-formed *Error.

// seeds are valid values, near misses and edge cases shared by the targets.
var seeds = []string{
	"", " ", "0", "7707083893", "500100732259", "007710474375", "7707083894",
	"500100732258", "500100732241", "1027700132195", "1027700132240",
	"304500116000157", "304500116000180", "112-233-445 95", "112-233-445-95",
	"11223344595", " 112-233-445 95\n", "001-001-998 00", "001-001-999 65",
	"001-508-815 00", "298-795-994 00", "770701001", "7707AB001", "000701001",
	"77070838" + fullwidth7 + "3", "٧٧٠٧٠٨٣٨٩٣", invalidUTF8, longDigits,
}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
}

var (
	refINN    = regexp.MustCompile(`^(?:[0-9]{10}|[0-9]{12})$`)
	refOGRN   = regexp.MustCompile(`^[0-9]{13}$`)
	refOGRNIP = regexp.MustCompile(`^[0-9]{15}$`)
	refSNILS  = regexp.MustCompile(`^[0-9]{3}-[0-9]{3}-[0-9]{3}[ -][0-9]{2}$`)
	refBare   = regexp.MustCompile(`^[0-9]{11}$`)
	refKPP    = regexp.MustCompile(`^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$`)
	refDigits = regexp.MustCompile(`^[0-9]*$`)
)

// refWeighted returns Σ dᵢ·wᵢ mod 11 mod 10 == d[len(w)].
func refWeighted(d string, w ...int) bool {
	s := 0
	for i, wi := range w {
		s += int(d[i]-'0') * wi
	}
	return s%11%10 == int(d[len(w)]-'0')
}

// refINNValid is the reference ИНН check on input matching refINN.
func refINNValid(d string) bool {
	if strings.HasPrefix(d, "00") {
		return false
	}
	if len(d) == 10 {
		return refWeighted(d, 2, 4, 10, 3, 5, 9, 4, 6, 8)
	}
	return refWeighted(d, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8) &&
		refWeighted(d, 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
}

// refBigCheck reports whether the last digit of d equals the number before it
// mod m mod 10, using math/big.
func refBigCheck(d string, m int64) bool {
	n, _ := new(big.Int).SetString(d[:len(d)-1], 10)
	r := new(big.Int).Mod(n, big.NewInt(m)).Int64() % 10
	return r == int64(d[len(d)-1]-'0')
}

// refSNILSValid is the reference СНИЛС check on 11 digits, using the closed
// form s mod 101 mod 100 of the control number.
func refSNILSValid(d string) bool {
	n, _ := new(big.Int).SetString(d[:9], 10)
	if n.Cmp(big.NewInt(1001998)) <= 0 {
		return true
	}
	s := 0
	for i := 0; i < 9; i++ {
		s += int(d[i]-'0') * (9 - i)
	}
	c := s % 101 % 100
	return c == int(d[9]-'0')*10+int(d[10]-'0')
}

// checkResult compares a parser's result with the reference verdict: shapeOK
// says the input has the right shape, sumOK that its checksum holds.
func checkResult(t *testing.T, name, in string, err error, shapeOK, sumOK bool) {
	t.Helper()
	switch {
	case shapeOK && sumOK:
		if err != nil {
			t.Fatalf("%s(%q): unexpected error %v", name, in, err)
		}
		return
	case err == nil:
		t.Fatalf("%s(%q) accepted; reference: shape %v, checksum %v", name, in, shapeOK, sumOK)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s(%q): error %T is not *Error", name, in, err)
	}
	if e.Error() == "" || e.MessageRU() == "" || e.Input != in {
		t.Fatalf("%s(%q): malformed error %#v", name, in, e)
	}
	want, other := ErrFormat, ErrChecksum
	if shapeOK {
		want, other = ErrChecksum, ErrFormat
	}
	if !errors.Is(err, want) || errors.Is(err, other) {
		t.Fatalf("%s(%q): error %v, want class %v", name, in, err, want)
	}
}

func FuzzParseINN(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		shape := refINN.MatchString(s) && !strings.HasPrefix(s, "00")
		sum := shape && refINNValid(s)

		v, err := ParseINN(s)
		checkResult(t, "ParseINN", s, err, shape, sum)
		if err == nil && (v.String() != s || !reparses(ParseINN, v)) {
			t.Fatalf("ParseINN(%q) = %q does not round-trip", s, v)
		}

		le, err := ParseINNLE(s)
		checkResult(t, "ParseINNLE", s, err, shape && len(s) == 10, sum)
		if err == nil && (le != v || le.Kind() != INNLegalEntity) {
			t.Fatalf("ParseINNLE(%q) = %q, ParseINN = %q", s, le, v)
		}

		p, err := ParseINNPerson(s)
		checkResult(t, "ParseINNPerson", s, err, shape && len(s) == 12, sum)
		if err == nil && (p != v || p.Kind() != INNPerson) {
			t.Fatalf("ParseINNPerson(%q) = %q, ParseINN = %q", s, p, v)
		}
	})
}

func FuzzINNFromCertificateAttribute(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		inner := s
		if len(s) == 12 && strings.HasPrefix(s, "00") {
			inner = s[2:]
		}
		shape := refINN.MatchString(s) && !strings.HasPrefix(inner, "00")
		sum := shape && refINNValid(inner)

		v, err := INNFromCertificateAttribute(s)
		checkResult(t, "INNFromCertificateAttribute", s, err, shape, sum)
		if err != nil {
			return
		}
		if v.String() != inner || !reparses(ParseINN, v) {
			t.Fatalf("INNFromCertificateAttribute(%q) = %q", s, v)
		}
		if again, err := INNFromCertificateAttribute(v.String()); err != nil || again != v {
			t.Fatalf("INNFromCertificateAttribute(%q) = %q, %v; want %q", v, again, err, v)
		}
	})
}

func FuzzParseOGRN(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		shape := refOGRN.MatchString(s)
		v, err := ParseOGRN(s)
		checkResult(t, "ParseOGRN", s, err, shape, shape && refBigCheck(s, 11))
		if err == nil && (v.String() != s || !reparses(ParseOGRN, v)) {
			t.Fatalf("ParseOGRN(%q) = %q does not round-trip", s, v)
		}
	})
}

func FuzzParseOGRNIP(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		shape := refOGRNIP.MatchString(s)
		v, err := ParseOGRNIP(s)
		checkResult(t, "ParseOGRNIP", s, err, shape, shape && refBigCheck(s, 13))
		if err == nil && (v.String() != s || !reparses(ParseOGRNIP, v)) {
			t.Fatalf("ParseOGRNIP(%q) = %q does not round-trip", s, v)
		}
	})
}

func FuzzParseSNILS(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		digits := func(x string) string { return strings.NewReplacer("-", "", " ", "").Replace(x) }

		// Lenient: trimmed, three layouts.
		tr := strings.TrimSpace(s)
		shape := refSNILS.MatchString(tr) || refBare.MatchString(tr)
		v, err := ParseSNILS(s)
		checkResult(t, "ParseSNILS", s, err, shape, shape && refSNILSValid(digits(tr)))
		if err == nil {
			if v.Digits() != digits(tr) || !reparses(ParseSNILS, v) || !reparses(ParseSNILSMCHD, v) {
				t.Fatalf("ParseSNILS(%q) = %q / %q does not round-trip", s, v, v.Digits())
			}
			if d, err := ParseSNILS(v.Digits()); err != nil || d != v {
				t.Fatalf("ParseSNILS(Digits()) = %q, %v; want %q", d, err, v)
			}
			n, _ := new(big.Int).SetString(v.Digits()[:9], 10)
			if v.ChecksumApplies() != (n.Cmp(big.NewInt(1001998)) > 0) {
				t.Fatalf("ParseSNILS(%q).ChecksumApplies() = %v", s, v.ChecksumApplies())
			}
		}

		// Strict: exactly the two МЧД layouts.
		shape = refSNILS.MatchString(s)
		m, err := ParseSNILSMCHD(s)
		checkResult(t, "ParseSNILSMCHD", s, err, shape, shape && refSNILSValid(digits(s)))
		if err == nil && m != v {
			t.Fatalf("ParseSNILSMCHD(%q) = %q, ParseSNILS = %q", s, m, v)
		}
	})
}

func FuzzParseKPP(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		ok := refKPP.MatchString(s) && !strings.HasPrefix(s, "00")
		v, err := ParseKPP(s)
		checkResult(t, "ParseKPP", s, err, ok, ok)
		if err == nil && (v.String() != s || !reparses(ParseKPP, v)) {
			t.Fatalf("ParseKPP(%q) = %q does not round-trip", s, v)
		}
	})
}

// FuzzGenerators checks that the generators only produce values the parsers
// accept, and that Complete* succeeds exactly when the prefix is usable.
func FuzzGenerators(f *testing.F) {
	f.Add(uint64(1), uint64(2), "77")
	f.Add(uint64(0), uint64(0), "")
	f.Add(uint64(3), uint64(4), "99999999999999")
	f.Add(uint64(5), uint64(6), "001001998")
	f.Add(uint64(7), uint64(8), "７")
	f.Fuzz(func(t *testing.T, s1, s2 uint64, prefix string) {
		r := rand.New(rand.NewPCG(s1, s2))
		checkGenerated(t, r)

		digitsOK := refDigits.MatchString(prefix)
		padded := func(n int) string { return prefix + strings.Repeat("0", max(n-len(prefix), 0)) }
		check := func(name string, got string, err error, n int, want bool, parse func(string) error) {
			t.Helper()
			if want != (err == nil) {
				t.Fatalf("%s(%q) = %q, %v; want success %v", name, prefix, got, err, want)
			}
			if err != nil {
				if !errors.Is(err, ErrFormat) {
					t.Fatalf("%s(%q): error %v is not a format error", name, prefix, err)
				}
				return
			}
			if got[:n] != padded(n) && strings.ReplaceAll(got, "-", "")[:n] != padded(n) {
				t.Fatalf("%s(%q) = %q does not start with the padded prefix", name, prefix, got)
			}
			if err := parse(got); err != nil {
				t.Fatalf("%s(%q) = %q rejected: %v", name, prefix, got, err)
			}
		}
		noZeros := func(n int) bool { return !strings.HasPrefix(padded(n), "00") }

		v10, err := CompleteINN10(prefix)
		check("CompleteINN10", v10.String(), err, 9, digitsOK && len(prefix) <= 9 && noZeros(9), errOf(ParseINNLE))
		v12, err := CompleteINN12(prefix)
		check("CompleteINN12", v12.String(), err, 10, digitsOK && len(prefix) <= 10 && noZeros(10), errOf(ParseINNPerson))
		o, err := CompleteOGRN(prefix)
		check("CompleteOGRN", o.String(), err, 12, digitsOK && len(prefix) <= 12, errOf(ParseOGRN))
		oi, err := CompleteOGRNIP(prefix)
		check("CompleteOGRNIP", oi.String(), err, 14, digitsOK && len(prefix) <= 14, errOf(ParseOGRNIP))
		sn, err := CompleteSNILS(prefix)
		check("CompleteSNILS", sn.String(), err, 9, digitsOK && len(prefix) <= 9, errOf(ParseSNILSMCHD))
	})
}
