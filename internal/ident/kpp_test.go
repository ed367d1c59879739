package ident

import "testing"

func TestParseKPP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		err    error
		reason Reason
	}{
		{"ordinary", "770701001", nil, 0},
		{"largest taxpayer", "997750001", nil, 0},
		{"letters in 5-6", "7707AB001", nil, 0},
		{"letter and digit in 5-6", "77070Z001", nil, 0},
		{"second pair 00", "770001001", nil, 0},

		{"starts with 00", "000701001", ErrFormat, ReasonLeadingZeros},
		{"empty", "", ErrFormat, ReasonEmpty},
		{"8 chars", "77070100", ErrFormat, ReasonLength},
		{"10 chars", "7707010010", ErrFormat, ReasonLength},
		{"too long", longDigits, ErrFormat, ReasonLength},
		{"lowercase letters", "7707ab001", ErrFormat, ReasonLayout},
		{"letter in region", "A70701001", ErrFormat, ReasonLayout},
		{"letter in 3-4", "77A701001", ErrFormat, ReasonLayout},
		{"letter in 7-9", "77070100A", ErrFormat, ReasonLayout},
		{"Cyrillic letter in 5-6", "7707" + cyrillicO + "1001", ErrFormat, ReasonLayout},
		{"fullwidth digit", "77070100" + fullwidth7, ErrFormat, ReasonLayout},
		{"Arabic-Indic digit", arabicIndic7 + "70701001", ErrFormat, ReasonLayout},
		{"space", "770701001 ", ErrFormat, ReasonLength},
		{"inner space", "7707 1001", ErrFormat, ReasonLayout},
		{"invalid UTF-8", "77070100\xff", ErrFormat, ReasonLayout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseKPP(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				if !got.IsZero() {
					t.Error("value returned with an error")
				}
				return
			}
			if err != nil || got.String() != tt.in || got.IsZero() {
				t.Fatalf("ParseKPP(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}
