package armor

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
)

// decodeBase64 reads bare base64 text: whitespace anywhere, padding
// optional.
func (t *text) decodeBase64() (*Decoded, error) {
	clean := make([]byte, 0, len(t.b))
	first := -1
	for i, c := range t.b {
		switch {
		case isSpace(c):
		case isBase64(c) || c == '=':
			if first < 0 {
				first = i
			}
			clean = append(clean, c)
		default:
			return nil, t.fail(ErrUnrecognized, "", i, ruUnrecognized,
				"%s %s: the input is neither DER (first byte 0x30), PEM (no -----BEGIN line) nor base64",
				t.unit(), showByte(c))
		}
	}
	der, err := strictBase64(clean, true)
	if err != nil {
		i := -1
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			i = t.skipSpaceTo(0, len(t.b), int(ce))
		}
		return nil, t.fail(ErrBase64, "base64", i, ruBase64, "%s", base64Problem)
	}
	if der[0] != tagSequence {
		return nil, t.fail(ErrUnrecognized, "base64", first, ruNotSequence,
			"base64 text does not decode to an ASN.1 SEQUENCE (first byte 0x%02x, want 0x30)", der[0])
	}
	return &Decoded{Blocks: []Block{{Bytes: der}}, Format: t.format("base64")}, nil
}

// base64Problem explains a base64.CorruptInputError, whose own message
// gives an offset in the text with whitespace removed.
const base64Problem = "the base64 does not decode: wrong length, missing or misplaced padding, or non-zero trailing bits"

// showByte writes a byte for an English message: 0x2a '*'.
func showByte(c byte) string {
	if c > ' ' && c < 0x7F {
		return fmt.Sprintf("0x%02x '%c'", c, c)
	}
	return fmt.Sprintf("0x%02x", c)
}

// strictBase64 decodes standard base64 without whitespace, strictly (no
// non-zero trailing bits, correct padding). If unpadded is true, text without
// any '=' whose length is not a multiple of 4 is decoded as unpadded base64.
// The result is a fresh slice; it is never empty when err is nil and clean
// is not empty.
func strictBase64(clean []byte, unpadded bool) ([]byte, error) {
	enc := base64.StdEncoding
	if unpadded && len(clean)%4 != 0 && bytes.IndexByte(clean, '=') < 0 {
		enc = base64.RawStdEncoding
	}
	enc = enc.Strict()
	out := make([]byte, enc.DecodedLen(len(clean)))
	n, err := enc.Decode(out, clean)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		// Not reached for non-empty input (a lone "=" is incorrect padding),
		// but callers rely on a non-empty result.
		return nil, base64.CorruptInputError(0)
	}
	return out[:n:n], nil
}
