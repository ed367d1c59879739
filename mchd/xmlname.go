package mchd

import "unicode/utf8"

//go:generate go run xmlname_gen.go

// The characters of XML names, as encoding/xml (and so the parser Parse
// replaced) accepts them: bitmaps of the Basic Multilingual Plane built from
// the generated ranges; no character outside it is a name character.
var nameStart, nameChar [1 << 16 / 64]uint64

func init() {
	fill := func(m *[1 << 16 / 64]uint64, ranges [][2]uint16) {
		for _, r := range ranges {
			for c := uint32(r[0]); c <= uint32(r[1]); c++ {
				m[c>>6] |= 1 << (c & 63)
			}
		}
	}
	fill(&nameStart, nameStartRanges[:])
	fill(&nameChar, nameCharRanges[:])
}

// nameByte marks the bytes that continue a name being read: the ASCII
// letters, digits, '_', ':', '.', '-' and every byte of a multi-byte UTF-8
// sequence (whose character isXMLName checks afterwards).
var nameByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return t
}()

// isXMLName reports whether s is an XML name: a name-start character, then
// name characters.
func isXMLName(s string) bool {
	if s == "" {
		return false
	}
	m := &nameStart
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		switch {
		case r < utf8.RuneSelf:
		case r >= 0xC2 && r < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r, n = (r&0x1F)<<6|rune(s[i+1]&0x3F), 2 // Cyrillic among others
		default:
			r, n = utf8.DecodeRuneInString(s[i:])
			if r > 0xFFFF || r == utf8.RuneError && n == 1 {
				return false
			}
		}
		if m[r>>6]&(1<<(r&63)) == 0 {
			return false
		}
		m = &nameChar
		i += n
	}
	return true
}
