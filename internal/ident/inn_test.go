package ident

import "testing"

func TestParseINN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		kind   INNKind
		err    error
		reason Reason
	}{
		{"known-good ЮЛ", "7707083893", INNLegalEntity, nil, 0},
		{"known-good ФЛ", "500100732259", INNPerson, nil, 0},
		{"ЮЛ sum mod 11 = 10 gives 0", "7707083950", INNLegalEntity, nil, 0},
		{"ФЛ 11th sum mod 11 = 10 gives 0", "500100732403", INNPerson, nil, 0},
		{"ФЛ 12th sum mod 11 = 10 gives 0", "500100732570", INNPerson, nil, 0},
		{"legacy Минкомсвязь INN attr", "007710474375", 0, ErrFormat, ReasonLeadingZeros},
		{"ЮЛ starting 00", "0077104743", 0, ErrFormat, ReasonLeadingZeros},

		{"ЮЛ wrong check digit", "7707083894", 0, ErrChecksum, ReasonChecksum},
		{"ЮЛ transposed digits", "7770083893", 0, ErrChecksum, ReasonChecksum},
		{"ФЛ 11th right, 12th wrong", "500100732258", 0, ErrChecksum, ReasonChecksum},
		{"ФЛ 11th wrong, 12th consistent with it", "500100732241", 0, ErrChecksum, ReasonChecksum},
		{"ФЛ 11th wrong, 12th as original", "500100732249", 0, ErrChecksum, ReasonChecksum},
		{"ФЛ both wrong", "500100732200", 0, ErrChecksum, ReasonChecksum},
		{"10 digits of 12-digit number", "5001007322", 0, ErrChecksum, ReasonChecksum},

		{"empty", "", 0, ErrFormat, ReasonEmpty},
		{"9 digits", "770708389", 0, ErrFormat, ReasonLength},
		{"11 digits", "77070838930", 0, ErrFormat, ReasonLength},
		{"13 digits", "5001007322590", 0, ErrFormat, ReasonLength},
		{"too long", longDigits, 0, ErrFormat, ReasonLength},
		{"leading space", " 7707083893", 0, ErrFormat, ReasonNonDigit},
		{"trailing newline", "7707083893\n", 0, ErrFormat, ReasonNonDigit},
		{"nbsp", "7707083893" + nbsp, 0, ErrFormat, ReasonNonDigit},
		{"BOM", bom + "7707083893", 0, ErrFormat, ReasonNonDigit},
		{"zero-width space", "77070" + zeroWidthSp + "83893", 0, ErrFormat, ReasonNonDigit},
		{"fullwidth digit", "770708389" + fullwidth7, 0, ErrFormat, ReasonNonDigit},
		{"all fullwidth", "７７０７０８３８９３", 0, ErrFormat, ReasonNonDigit},
		{"Arabic-Indic digits", "٧٧٠٧٠٨٣٨٩٣", 0, ErrFormat, ReasonNonDigit},
		{"Arabic-Indic digit", "77070838" + arabicIndic7 + "3", 0, ErrFormat, ReasonNonDigit},
		{"Devanagari digit", devanagari7 + "707083893", 0, ErrFormat, ReasonNonDigit},
		{"Cyrillic О for 0", "77" + cyrillicO + "7083893", 0, ErrFormat, ReasonNonDigit},
		{"Latin O for 0", "77" + latinLetterO + "7083893", 0, ErrFormat, ReasonNonDigit},
		{"sign", "+707083893", 0, ErrFormat, ReasonNonDigit},
		{"hyphenated", "7707-083893", 0, ErrFormat, ReasonNonDigit},
		{"invalid UTF-8", invalidUTF8, 0, ErrFormat, ReasonNonDigit},
		{"NUL", "770708389\x00", 0, ErrFormat, ReasonNonDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseINN(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				if !got.IsZero() {
					t.Errorf("value %v returned with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseINN(%q): %v", tt.in, err)
			}
			if got.String() != tt.in || got.Kind() != tt.kind || got.IsZero() {
				t.Errorf("ParseINN(%q) = %q kind %v", tt.in, got, got.Kind())
			}
			// The kind-specific parser of the right kind agrees; the other
			// one reports a length error.
			right, wrong := ParseINNLE, ParseINNPerson
			if tt.kind == INNPerson {
				right, wrong = wrong, right
			}
			if v, err := right(tt.in); err != nil || v != got {
				t.Errorf("kind-specific parser: %v, %v", v, err)
			}
			_, err = wrong(tt.in)
			wantErr(t, err, ErrFormat, ReasonLength)
		})
	}
}

func TestParseINNKindSpecific(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		parse  func(string) (INN, error)
		in     string
		id     Identifier
		err    error
		reason Reason
	}{
		{"LE ok", ParseINNLE, "7707083893", IdentifierINNLE, nil, 0},
		{"LE checksum", ParseINNLE, "7707083892", IdentifierINNLE, ErrChecksum, ReasonChecksum},
		{"LE 12 digits", ParseINNLE, "500100732259", IdentifierINNLE, ErrFormat, ReasonLength},
		{"LE 00", ParseINNLE, "0077104743", IdentifierINNLE, ErrFormat, ReasonLeadingZeros},
		{"LE empty", ParseINNLE, "", IdentifierINNLE, ErrFormat, ReasonEmpty},
		{"LE fullwidth", ParseINNLE, "７７０７０８３８９３", IdentifierINNLE, ErrFormat, ReasonNonDigit},
		{"person ok", ParseINNPerson, "500100732259", IdentifierINNPerson, nil, 0},
		{"person 12th wrong", ParseINNPerson, "500100732258", IdentifierINNPerson, ErrChecksum, ReasonChecksum},
		{"person 11th wrong", ParseINNPerson, "500100732241", IdentifierINNPerson, ErrChecksum, ReasonChecksum},
		{"person 10 digits", ParseINNPerson, "7707083893", IdentifierINNPerson, ErrFormat, ReasonLength},
		{"person 00", ParseINNPerson, "007710474375", IdentifierINNPerson, ErrFormat, ReasonLeadingZeros},
		{"person too long", ParseINNPerson, longDigits, IdentifierINNPerson, ErrFormat, ReasonLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.parse(tt.in)
			if tt.err == nil {
				if err != nil || got.String() != tt.in {
					t.Fatalf("got %v, %v", got, err)
				}
				return
			}
			wantErr(t, err, tt.err, tt.reason)
			if e := err.(*Error); e.Identifier != tt.id {
				t.Errorf("identifier = %v, want %v", e.Identifier, tt.id)
			}
		})
	}
}

func TestINNFromCertificateAttribute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   string
		kind   INNKind
		err    error
		reason Reason
	}{
		{"legacy ЮЛ (Минкомсвязь root)", "007710474375", "7710474375", INNLegalEntity, nil, 0},
		{"legacy ЮЛ known-good", "007707083893", "7707083893", INNLegalEntity, nil, 0},
		{"person", "500100732259", "500100732259", INNPerson, nil, 0},
		{"INNLE attribute, 10 digits", "7707083893", "7707083893", INNLegalEntity, nil, 0},
		{"legacy with wrong check digit", "007707083894", "", 0, ErrChecksum, ReasonChecksum},
		{"legacy, inner ИНН starts 00", "000077104743", "", 0, ErrFormat, ReasonLeadingZeros},
		{"person 12th wrong", "500100732258", "", 0, ErrChecksum, ReasonChecksum},
		{"11 digits", "00771047437", "", 0, ErrFormat, ReasonLength},
		{"14 digits", "00500100732259", "", 0, ErrFormat, ReasonLength},
		{"empty", "", "", 0, ErrFormat, ReasonEmpty},
		{"NumericString space", "00 7710474375", "", 0, ErrFormat, ReasonNonDigit},
		{"fullwidth", "００７７１０４７４３７５", "", 0, ErrFormat, ReasonNonDigit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := INNFromCertificateAttribute(tt.in)
			if tt.err != nil {
				wantErr(t, err, tt.err, tt.reason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want || got.Kind() != tt.kind {
				t.Errorf("got %q kind %v, want %q kind %v", got, got.Kind(), tt.want, tt.kind)
			}
			if again, err := ParseINN(got.String()); err != nil || again != got {
				t.Errorf("ParseINN(String()) = %v, %v", again, err)
			}
		})
	}
}
