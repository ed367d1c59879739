package ident

import (
	"math/big"
	"testing"
)

func TestParseOGRN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		err    error
		reason Reason
	}{
		{"known-good", "1027700132195", nil, 0},
		{"mod 11 = 10 gives 0", "1027700132240", nil, 0},
		{"wrong check digit", "1027700132196", ErrChecksum, ReasonChecksum},
		{"mod 11 = 10, check digit 1 (no mod 10)", "1027700132241", ErrChecksum, ReasonChecksum},
		{"ОГРНИП given", "304500116000157", ErrFormat, ReasonLength},
		{"12 digits", "102770013219", ErrFormat, ReasonLength},
		{"14 digits", "10277001321950", ErrFormat, ReasonLength},
		{"too long", longDigits, ErrFormat, ReasonLength},
		{"empty", "", ErrFormat, ReasonEmpty},
		{"space", "1027700132195 ", ErrFormat, ReasonNonDigit},
		{"fullwidth", "102770013219" + fullwidth7, ErrFormat, ReasonNonDigit},
		{"Arabic-Indic", arabicIndic7 + "027700132195", ErrFormat, ReasonNonDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOGRN(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				if !got.IsZero() {
					t.Error("value returned with an error")
				}
				return
			}
			if err != nil || got.String() != tt.in || got.IsZero() {
				t.Fatalf("ParseOGRN(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

func TestParseOGRNIP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		err    error
		reason Reason
	}{
		{"known-good", "304500116000157", nil, 0},
		{"mod 13 = 10 gives 0", "304500116000180", nil, 0},
		{"wrong check digit", "304500116000158", ErrChecksum, ReasonChecksum},
		{"mod 13 = 10, check digit 10 impossible, 1 wrong", "304500116000181", ErrChecksum, ReasonChecksum},
		{"mod 11 used instead of 13", "304500116000152", ErrChecksum, ReasonChecksum},
		{"ОГРН given", "1027700132195", ErrFormat, ReasonLength},
		{"14 digits", "30450011600015", ErrFormat, ReasonLength},
		{"16 digits", "3045001160001570", ErrFormat, ReasonLength},
		{"too long", longDigits, ErrFormat, ReasonLength},
		{"empty", "", ErrFormat, ReasonEmpty},
		{"fullwidth", "30450011600015" + fullwidth7, ErrFormat, ReasonNonDigit},
		{"Devanagari", devanagari7 + "04500116000157", ErrFormat, ReasonNonDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOGRNIP(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				if !got.IsZero() {
					t.Error("value returned with an error")
				}
				return
			}
			if err != nil || got.String() != tt.in || got.IsZero() {
				t.Fatalf("ParseOGRNIP(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

// TestDecimalModLarge checks the incremental modulus against math/big on the
// largest bodies (all nines), where a naive int conversion of more digits
// would overflow.
func TestDecimalModLarge(t *testing.T) {
	t.Parallel()
	for _, d := range []string{"999999999999", "99999999999999", longDigits, "0", ""} {
		for _, m := range []uint64{11, 13, 101} {
			want := new(big.Int)
			if d != "" {
				want.SetString(d, 10)
			}
			want.Mod(want, new(big.Int).SetUint64(m))
			if got := decimalMod(d, m); got != want.Uint64() {
				t.Errorf("decimalMod(%q, %d) = %d, want %d", d, m, got, want)
			}
		}
	}
	if _, err := CompleteOGRNIP("99999999999999"); err != nil {
		t.Errorf("all-nines ОГРНИП: %v", err)
	}
}
