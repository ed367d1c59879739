package armor

import (
	"bytes"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// testDER builds a DER SEQUENCE { OID 1.2.643.7.1.1.1.1, OCTET STRING of n
// bytes } whose content depends on seed.
func testDER(n int, seed byte) []byte {
	content := make([]byte, n)
	for i := range content {
		content[i] = seed + byte(i*7)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1})
		b.AddASN1OctetString(content)
	})
	return b.BytesOrPanic()
}

var (
	// der1 is 115 bytes: its base64 ends with "==", so the unpadded form
	// differs from the padded one.
	der1 = testDER(101, 1)
	// der2 has a long-form length.
	der2 = testDER(200, 2)
	// der3 is 5 bytes: base64 "MAMCAQU=" ends with one "=".
	der3 = []byte{0x30, 0x03, 0x02, 0x01, 0x05}
)

func b64(der []byte) string { return base64.StdEncoding.EncodeToString(der) }

// wrap splits s into lines of width characters, each ended by eol.
func wrap(s string, width int, eol string) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + eol)
		s = s[width:]
	}
	if s != "" {
		b.WriteString(s + eol)
	}
	return b.String()
}

// pemOf armours der as a PEM block wrapped at width with line ends eol.
func pemOf(label string, der []byte, width int, eol string) string {
	return "-----BEGIN " + label + "-----" + eol + wrap(b64(der), width, eol) + "-----END " + label + "-----" + eol
}

// utf16Of encodes s as UTF-16, with or without a BOM.
func utf16Of(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func utf8BOM(s string) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, s...) }

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

var classes = []error{ErrEmpty, ErrTooLarge, ErrUnrecognized, ErrBase64, ErrPEM, ErrLabel, ErrSeveral}

// checkError asserts that err is a well-formed *Error of class and returns it.
func checkError(t *testing.T, err, class error, inputLen int) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", class)
	}
	if !errors.Is(err, class) {
		t.Fatalf("error %q is not %v", err, class)
	}
	for _, c := range classes {
		if c != class && errors.Is(err, c) {
			t.Errorf("error %q is also %v", err, c)
		}
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not *Error", err)
	}
	if e.Class != class {
		t.Errorf("Class %v, want %v", e.Class, class)
	}
	if e.Offset < -1 || e.Offset > inputLen {
		t.Errorf("Offset %d outside the input of %d bytes", e.Offset, inputLen)
	}
	if !strings.HasPrefix(e.Error(), "armor: ") {
		t.Errorf("Error() %q", e.Error())
	}
	if ru := e.MessageRU(); !hasCyrillic(ru) {
		t.Errorf("MessageRU %q is not Russian", ru)
	}
	if (e.Label != "") != (class == ErrLabel) {
		t.Errorf("Label %q for class %v", e.Label, class)
	}
	return e
}

// concat joins byte slices.
func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
