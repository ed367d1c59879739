package armor

import (
	"bytes"
	"fmt"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// text is the input as single-byte text: the input itself, the input after a
// UTF-8 BOM, or UTF-16 converted to ASCII. Offsets into b map back to the
// input with off.
type text struct {
	b        []byte // the text
	base     int    // input bytes before the text (the BOM)
	stride   int    // input bytes per text byte: 1, or 2 for UTF-16
	encoding string // "" for plain text, "UTF-8 BOM", "UTF-16LE", …
}

// newText detects the text encoding of data, which is not empty and does not
// start with 0x30, and returns it as single-byte text.
func newText(data []byte) (*text, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return &text{b: data[len(bomUTF8):], base: len(bomUTF8), stride: 1, encoding: "UTF-8 BOM"}, nil
	case bytes.HasPrefix(data, bomUTF16LE):
		return fromUTF16(data, len(bomUTF16LE), false, "UTF-16LE")
	case bytes.HasPrefix(data, bomUTF16BE):
		return fromUTF16(data, len(bomUTF16BE), true, "UTF-16BE")
	case asciiUTF16(data, false):
		return fromUTF16(data, 0, false, "UTF-16LE, no BOM")
	case asciiUTF16(data, true):
		return fromUTF16(data, 0, true, "UTF-16BE, no BOM")
	}
	return &text{b: data, stride: 1}, nil
}

// asciiUTF16 reports whether data looks like UTF-16 without a BOM: an even,
// non-zero number of bytes, every character non-NUL ASCII. Anything less
// certain is read as single-byte text (where a NUL byte is an error).
func asciiUTF16(data []byte, bigEndian bool) bool {
	if len(data) == 0 || len(data)%2 != 0 {
		return false
	}
	for i := 0; i < len(data); i += 2 {
		hi, lo := data[i+1], data[i]
		if bigEndian {
			hi, lo = lo, hi
		}
		if hi != 0 || lo == 0 || lo >= 0x80 {
			return false
		}
	}
	return true
}

// fromUTF16 converts the UTF-16 text data[base:] to ASCII.
func fromUTF16(data []byte, base int, bigEndian bool, encoding string) (*text, error) {
	t := &text{base: base, stride: 2, encoding: encoding}
	p := data[base:]
	if len(p)%2 != 0 {
		return nil, &Error{Class: ErrUnrecognized, Format: encoding, Offset: len(data) - 1,
			Detail: fmt.Sprintf("%s text has an odd number of bytes (%d after the BOM)", encoding, len(p)),
			ru:     ruUTF16Odd}
	}
	t.b = make([]byte, len(p)/2)
	for i := range t.b {
		u := uint16(p[2*i]) | uint16(p[2*i+1])<<8
		if bigEndian {
			u = uint16(p[2*i])<<8 | uint16(p[2*i+1])
		}
		if u >= 0x80 {
			return nil, &Error{Class: ErrUnrecognized, Format: encoding, Offset: t.off(i),
				Detail: fmt.Sprintf("character U+%04X is not ASCII: PEM and base64 are ASCII text", u),
				ru:     ruUTF16NonASCII}
		}
		t.b[i] = byte(u)
	}
	return t, nil
}

// off returns the input offset of text offset i.
func (t *text) off(i int) int { return t.base + t.stride*i }

// format returns the transport name with the text encoding, if any.
func (t *text) format(transport string) string {
	if t.encoding == "" {
		return transport
	}
	return transport + " (" + t.encoding + ")"
}

// unit names a text element in English messages: a byte, or for UTF-16 a
// character.
func (t *text) unit() string {
	if t.stride == 2 {
		return "character"
	}
	return "byte"
}

// describeBOM says, for ErrEmpty details, that a BOM was seen (the Format
// of the error names the encoding).
func (t *text) describeBOM() string {
	if t.base > 0 {
		return " after a byte-order mark"
	}
	return ""
}

// fail returns an *Error of the given class at text offset i (-1: unknown)
// while reading transport ("" while the transport is not yet known).
func (t *text) fail(class error, transport string, i int, ru, format string, args ...any) *Error {
	e := &Error{Class: class, Format: t.encoding, Offset: -1, Detail: fmt.Sprintf(format, args...), ru: ru}
	if transport != "" {
		e.Format = t.format(transport)
	}
	if i >= 0 {
		e.Offset = t.off(i)
	}
	return e
}

// skipSpaceTo returns the text offset of the k-th (0-based) non-whitespace
// byte of t.b[start:end], or end when there are fewer: it maps a position in
// base64 with the whitespace removed back to the text.
func (t *text) skipSpaceTo(start, end, k int) int {
	for i := start; i < end; i++ {
		if isSpace(t.b[i]) {
			continue
		}
		if k == 0 {
			return i
		}
		k--
	}
	return end
}
