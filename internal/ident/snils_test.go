package ident

import "testing"

// snilsWeightedSum is Σ dᵢ·(10−i) over the first 9 digits, for checking that
// the edge-case fixtures below really hit the sums they claim.
func snilsWeightedSum(digits string) int {
	s := 0
	for i := 0; i < 9; i++ {
		s += int(digits[i]-'0') * (9 - i)
	}
	return s
}

func TestSNILSChecksumEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		sum     int // expected weighted sum; -1 to skip
		applies bool
	}{
		{"known-good", "112-233-445 95", -1, true},
		{"sum < 100 (99)", "001-326-678 99", 99, true},
		{"sum < 100 (50)", "021-021-231 50", 50, true},
		{"sum = 100 → 00", "001-508-815 00", 100, true},
		{"sum = 101 → 00", "001-437-544 00", 101, true},
		{"sum = 102 → 01", "061-221-174 01", 102, true},
		{"sum = 201, mod 101 = 100 → 00", "006-996-682 00", 201, true},
		{"sum = 302, mod 101 = 100 → 00", "298-795-994 00", 302, true},
		{"max sum 405 → 01", "999-999-999 01", 405, true},
		{"first checked number 001-001-999", "001-001-999 65", 65, true},
		{"001-001-998, no checksum, formula value", "001-001-998 64", 64, false},
		{"001-001-998, no checksum, any digits", "001-001-998 00", -1, false},
		{"001-001-998, no checksum, 99", "001-001-998 99", -1, false},
		{"small number", "000-000-001 42", -1, false},
		{"all zeros", "000-000-000 00", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSNILS(tt.in)
			if err != nil {
				t.Fatalf("ParseSNILS(%q): %v", tt.in, err)
			}
			if tt.sum >= 0 {
				if s := snilsWeightedSum(got.Digits()); s != tt.sum {
					t.Fatalf("fixture %q has weighted sum %d, want %d", tt.in, s, tt.sum)
				}
			}
			if got.ChecksumApplies() != tt.applies {
				t.Errorf("ChecksumApplies() = %v, want %v", got.ChecksumApplies(), tt.applies)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
			if !tt.applies {
				return
			}
			// Every other control number must be rejected as a checksum error.
			for c := 0; c < 100; c++ {
				cc := string([]byte{byte(c/10) + '0', byte(c%10) + '0'})
				if cc == tt.in[12:] {
					continue
				}
				_, err := ParseSNILS(tt.in[:12] + cc)
				wantErr(t, err, ErrChecksum, ReasonChecksum)
			}
		})
	}
}

func TestParseSNILS(t *testing.T) {
	t.Parallel()
	const want = "11223344595"
	tests := []struct {
		name      string
		in        string
		strictOK  bool // accepted by ParseSNILSMCHD as well
		err       error
		reason    Reason
		strictErr Reason // reason from ParseSNILSMCHD when it fails
	}{
		{"МЧД space form", "112-233-445 95", true, nil, 0, 0},
		{"МЧД hyphen form", "112-233-445-95", true, nil, 0, 0},
		{"certificate bare digits", "11223344595", false, nil, 0, ReasonLayoutMCHD},
		{"surrounding spaces", "  112-233-445 95 ", false, nil, 0, ReasonLayoutMCHD},
		{"surrounding tab/newline", "\t11223344595\n", false, nil, 0, ReasonLayoutMCHD},
		{"surrounding nbsp", nbsp + "112-233-445 95" + nbsp, false, nil, 0, ReasonLayoutMCHD},

		{"wrong control", "112-233-445 96", false, ErrChecksum, ReasonChecksum, 0},
		{"wrong control bare", "11223344596", false, ErrChecksum, ReasonChecksum, ReasonLayoutMCHD},
		{"transposed", "121-233-445 95", false, ErrChecksum, ReasonChecksum, 0},

		{"empty", "", false, ErrFormat, ReasonEmpty, ReasonEmpty},
		{"only spaces", "   ", false, ErrFormat, ReasonEmpty, ReasonLayoutMCHD},
		{"all spaces", "112 233 445 95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"no separators before check", "112-233-44595", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"two spaces", "112-233-445  95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"nbsp before check", "112-233-445" + nbsp + "95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"en dash", "112–233–445 95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"underscore", "112_233_445 95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"10 digits", "1122334459", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"12 digits", "112233445950", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"too long", longDigits, false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"fullwidth digit", "112-233-445 9" + fullwidth7, false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"Arabic-Indic digit bare", "1122334459" + arabicIndic7, false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"letter", "112-233-44a 95", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
		{"invalid UTF-8", "112-233-445 9\xff", false, ErrFormat, ReasonLayout, ReasonLayoutMCHD},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSNILS(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				if !got.IsZero() {
					t.Error("value returned with an error")
				}
			} else {
				if err != nil {
					t.Fatalf("ParseSNILS(%q): %v", tt.in, err)
				}
				if got.Digits() != want || got.String() != "112-233-445 95" ||
					got.Formatted() != got.String() || !got.ChecksumApplies() {
					t.Errorf("got digits %q string %q applies %v", got.Digits(), got.String(), got.ChecksumApplies())
				}
			}

			strict, err := ParseSNILSMCHD(tt.in)
			switch {
			case tt.strictOK:
				if err != nil || strict != got {
					t.Errorf("ParseSNILSMCHD(%q) = %v, %v; want %v", tt.in, strict, err, got)
				}
			case tt.strictErr != 0:
				wantErr(t, err, ErrFormat, tt.strictErr)
			default: // same error as the lenient parser
				wantErr(t, err, tt.err, tt.reason)
			}
		})
	}
}

func TestSNILSFormsEqual(t *testing.T) {
	t.Parallel()
	a, _ := ParseSNILS("112-233-445 95")
	b, _ := ParseSNILS("112-233-445-95")
	c, _ := ParseSNILS("11223344595")
	if a != b || b != c || a.IsZero() {
		t.Errorf("forms differ: %v %v %v", a, b, c)
	}
}
