package armor

import (
	"bytes"
)

// tagSequence is the first byte of every object this package returns: the
// identifier octet of an ASN.1 SEQUENCE (universal, constructed, 16).
const tagSequence = 0x30

// Options says what the caller accepts. The zero value accepts any PEM
// label, any size and any number of blocks.
type Options struct {
	// Labels are the accepted PEM labels, compared exactly (e.g.
	// "CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS"). A PEM block with
	// another label is ErrLabel. Nil or empty means any label.
	Labels []string
	// MaxSize is the largest input, in bytes, Decode accepts; a larger input
	// is ErrTooLarge before any other work. 0 or less means no limit.
	MaxSize int
	// Single asks for exactly one block: PEM text with several blocks is
	// ErrSeveral. DER and base64 input always hold one block.
	Single bool
}

// Block is one binary object found in the input.
type Block struct {
	// Bytes is the object: non-empty, starting with 0x30 (SEQUENCE), not
	// otherwise checked. It is a fresh copy that does not alias the input.
	Bytes []byte
	// Label is the PEM label ("CERTIFICATE", "CMS", …); "" for DER and
	// base64 input.
	Label string
	// Index is the 0-based position of the block in the input.
	Index int
}

// Decoded is the result of Decode.
type Decoded struct {
	// Blocks are the objects in input order; at least one.
	Blocks []Block
	// Format names the transport: "DER", "PEM" or "base64", followed by the
	// text encoding in parentheses when it is not plain ASCII/UTF-8:
	// "PEM (UTF-8 BOM)", "base64 (UTF-16LE)", "PEM (UTF-16BE, no BOM)", ….
	Format string
}

// Decode returns the binary objects in data, which is DER/BER, PEM or bare
// base64, possibly as UTF-8 with a BOM or as UTF-16 (see the package
// documentation for the exact rules). It fails with an *Error; it never
// returns a partial result.
func Decode(data []byte, opts Options) (*Decoded, error) {
	if opts.MaxSize > 0 && len(data) > opts.MaxSize {
		return nil, errTooLarge(len(data), opts.MaxSize)
	}
	if len(data) == 0 {
		return nil, &Error{Class: ErrEmpty, Offset: -1, Detail: "no bytes", ru: ruEmpty}
	}
	if data[0] == tagSequence {
		return &Decoded{Blocks: []Block{{Bytes: bytes.Clone(data)}}, Format: "DER"}, nil
	}
	t, err := newText(data)
	if err != nil {
		return nil, err
	}
	if isBlank(t.b) {
		return nil, &Error{Class: ErrEmpty, Format: t.encoding, Offset: -1,
			Detail: "only whitespace" + t.describeBOM(), ru: ruEmpty}
	}
	if i := bytes.IndexByte(t.b, 0); i >= 0 {
		return nil, t.fail(ErrUnrecognized, "", i, ruUnrecognized,
			"a NUL %s: binary data that is not DER (does not start with 0x30), or not text", t.unit())
	}
	if bytes.Contains(t.b, []byte(pemBegin)) {
		return t.decodePEM(opts)
	}
	return t.decodeBase64()
}

// isSpace reports whether c is whitespace between and around base64 and PEM
// lines.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// isBlank reports whether b is empty or only whitespace.
func isBlank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// isBase64 reports whether c belongs to the standard base64 alphabet
// (padding excluded).
func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// Classes of bytes in a PEM body line.
const (
	classOther  = iota
	classSpace  // space or tab: skipped
	classBase64 // the alphabet or '=': kept
)

// base64Class classifies every byte for the PEM body loop: one lookup per
// byte.
var base64Class = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == ' ' || c == '\t':
			t[c] = classSpace
		case isBase64(byte(c)) || c == '=':
			t[c] = classBase64
		}
	}
	return t
}()
