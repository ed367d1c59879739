package armor

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// PEM armour (RFC 7468).
const (
	pemBegin    = "-----BEGIN"
	pemEnd      = "-----END"
	pemDashes   = "-----"
	maxLabelLen = 64
	// minPEMBlock is the shortest valid block.
	minPEMBlock = "-----BEGIN A-----\nMA==\n-----END A-----"
)

// pemBlock is the block being read.
type pemBlock struct {
	label string
	begin int // text offset of the BEGIN line
	body  int // text offset of the first line after it
	index int
}

func (b pemBlock) String() string { return fmt.Sprintf("block %d (%s)", b.index+1, b.label) }

// decodePEM reads PEM text line by line. Every BEGIN line yields a block or
// an error: unlike encoding/pem, nothing malformed is skipped.
func (t *text) decodePEM(opts Options) (*Decoded, error) {
	// Allocate once (append's growth would allocate several times the
	// final size): every block has a BEGIN line and takes at least
	// minPEMBlock bytes, and no body is longer than the text.
	n := 1
	if !opts.Single {
		n = min(bytes.Count(t.b, []byte(pemBegin)), len(t.b)/len(minPEMBlock))
	}
	var (
		blocks = make([]Block, 0, n)
		clean  = make([]byte, 0, len(t.b)) // base64 of the current block, whitespace removed
		cur    pemBlock                    // the block being read, if in
		in     bool
	)
	nextLF, nextCR := -1, -1
	for pos := 0; pos < len(t.b); {
		// One line: t.b[pos:end], ended by LF, CRLF or CR; next starts the
		// following line.
		// The next LF and CR at or after pos are remembered, so that a
		// text with one kind of line end is scanned once, not once per
		// line.
		if nextLF < pos {
			nextLF = nextIndex(t.b, pos, '\n')
		}
		if nextCR < pos {
			nextCR = nextIndex(t.b, pos, '\r')
		}
		end := min(nextLF, nextCR)
		next := end
		if next < len(t.b) {
			next++
			if t.b[end] == '\r' && next < len(t.b) && t.b[next] == '\n' {
				next++
			}
		}
		start := pos
		for start < end && (t.b[start] == ' ' || t.b[start] == '\t') {
			start++
		}
		stop := end
		for stop > start && (t.b[stop-1] == ' ' || t.b[stop-1] == '\t') {
			stop--
		}
		line := t.b[start:stop]
		pos = next

		if !in {
			switch {
			case bytes.Contains(line, []byte(pemBegin)):
				raw, ok := armorLabel(line, pemBegin)
				if !ok {
					return nil, t.fail(ErrPEM, "PEM", start, ruPEMArmour,
						"malformed BEGIN line %s: want -----BEGIN LABEL----- on a line of its own, LABEL of at most %d printable ASCII characters",
						quoteLine(line), maxLabelLen)
				}
				// An accepted label is shared with opts.Labels, not allocated.
				i := slices.IndexFunc(opts.Labels, func(w string) bool { return w == string(raw) })
				cur, in = pemBlock{label: string(raw), begin: start, body: next, index: len(blocks)}, true
				if i >= 0 {
					cur.label = opts.Labels[i]
				}
				if len(opts.Labels) > 0 && i < 0 {
					return nil, t.labelError(cur, opts.Labels)
				}
				if opts.Single && cur.index > 0 {
					return nil, t.fail(ErrSeveral, "PEM", start, ruSeveral,
						"a second PEM block (%s) where exactly one is wanted", cur.label)
				}
				clean = clean[:0]
			case bytes.Contains(line, []byte(pemEnd)):
				return nil, t.fail(ErrPEM, "PEM", start, ruPEMArmour,
					"END line %s without a BEGIN line before it", quoteLine(line))
			}
			continue // text outside blocks is ignored
		}

		// A body line has no '-': only a line with one can be a BEGIN or
		// an END line.
		dash := bytes.IndexByte(line, '-') >= 0
		switch {
		case dash && bytes.Contains(line, []byte(pemBegin)):
			return nil, t.fail(ErrPEM, "PEM", cur.begin, ruPEMNoEnd,
				"%s lacks its END line: another BEGIN line follows at offset %d", cur, t.off(start))
		case dash && bytes.Contains(line, []byte(pemEnd)):
			label, ok := armorLabel(line, pemEnd)
			if !ok {
				return nil, t.fail(ErrPEM, "PEM", start, ruPEMArmour,
					"%s: malformed END line %s", cur, quoteLine(line))
			}
			if string(label) != cur.label {
				return nil, t.fail(ErrPEM, "PEM", start, ruPEMArmour,
					"%s ends with END %s instead of END %s", cur, label, cur.label)
			}
			if len(clean) == 0 {
				return nil, t.fail(ErrPEM, "PEM", cur.begin, ruPEMEmpty, "%s is empty", cur)
			}
			der, err := strictBase64(clean, false)
			if err != nil {
				i := cur.body
				var ce base64.CorruptInputError
				if errors.As(err, &ce) {
					i = t.skipSpaceTo(cur.body, start, int(ce))
				}
				return nil, t.fail(ErrPEM, "PEM", i, ruPEMBody,
					"%s has a corrupt body: %s", cur, base64Problem)
			}
			if der[0] != tagSequence {
				return nil, t.fail(ErrPEM, "PEM", cur.begin, ruPEMNotSequence,
					"%s does not hold an ASN.1 SEQUENCE (first byte 0x%02x, want 0x30)", cur, der[0])
			}
			blocks = append(blocks, Block{Bytes: der, Label: cur.label, Index: cur.index})
			in = false
		case len(clean) == 0 && bytes.IndexByte(line, ':') >= 0:
			return nil, t.fail(ErrPEM, "PEM", start, ruPEMHeaders,
				"%s has headers (%s): encrypted or annotated PEM is not accepted", cur, quoteLine(line))
		default:
			// Usually the whole line is base64: one copy.
			plain := true
			for _, c := range line {
				if base64Class[c] != classBase64 {
					plain = false
					break
				}
			}
			if plain {
				clean = append(clean, line...)
				continue
			}
			for i, c := range line {
				switch base64Class[c] {
				case classSpace:
				case classBase64:
					clean = append(clean, c)
				default:
					return nil, t.fail(ErrPEM, "PEM", start+i, ruPEMBody,
						"%s has a corrupt body: %s %s is not base64", cur, t.unit(), showByte(c))
				}
			}
		}
	}
	if in {
		return nil, t.fail(ErrPEM, "PEM", cur.begin, ruPEMNoEnd,
			"%s lacks its END line: the text ends first", cur)
	}
	return &Decoded{Blocks: blocks, Format: t.format("PEM")}, nil
}

// armorLabel returns the label of the BEGIN or END line "-----BEGIN LABEL-----"
// (kind is pemBegin or pemEnd), whitespace already trimmed.
func armorLabel(line []byte, kind string) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(line, []byte(kind+" "))
	if !ok {
		return nil, false
	}
	label, ok := bytes.CutSuffix(rest, []byte(pemDashes))
	if !ok || !validLabel(label) {
		return nil, false
	}
	return label, true
}

// validLabel reports whether l is a non-empty RFC 7468 label of at most
// maxLabelLen characters: printable ASCII words separated by one space or
// hyphen.
func validLabel(l []byte) bool {
	if len(l) == 0 || len(l) > maxLabelLen {
		return false
	}
	sep := true // a separator may not start the label
	for _, c := range l {
		switch {
		case c == ' ' || c == '-':
			if sep {
				return false
			}
			sep = true
		case c > ' ' && c < 0x7F:
			sep = false
		default:
			return false
		}
	}
	return !sep
}

// quoteLine quotes a line for an English message, shortened to 80 bytes.
func quoteLine(line []byte) string {
	const maxQuote = 80
	if len(line) > maxQuote {
		return fmt.Sprintf("%q…", line[:maxQuote])
	}
	return fmt.Sprintf("%q", line)
}

// labelError is the ErrLabel error for block b, with a hint for the common
// wrong uploads.
func (t *text) labelError(b pemBlock, want []string) *Error {
	quoted := make([]string, len(want))
	for i, w := range want {
		quoted[i] = fmt.Sprintf("%q", w)
	}
	e := t.fail(ErrLabel, "PEM", b.begin, "", "block %d is %q; want %s", b.index+1, b.label, strings.Join(quoted, ", "))
	e.Label = b.label
	h := labelHintFor(b.label, want)
	if h.en != "" {
		e.Detail += " (" + h.en + ")"
	}
	e.ru = labelRU(b.label, want, h)
	return e
}

// labelHint explains a common wrong upload in English and Russian.
type labelHint struct {
	en, ru string
	// replace: ru is the whole Russian message, not an addition.
	replace bool
}

// labelHintFor returns the hint for an unexpected label, or the zero hint. A
// hint is given only if no wanted label is of the same kind (a caller that
// reads keys is not told never to upload one).
func labelHintFor(label string, want []string) labelHint {
	kind := func(s string) bool {
		return slices.ContainsFunc(want, func(w string) bool { return strings.Contains(w, s) })
	}
	switch {
	case strings.Contains(label, "PRIVATE KEY") && !kind("PRIVATE KEY"):
		return labelHint{
			en:      "this is a private key: never upload it",
			ru:      "Загружен закрытый ключ, а не сертификат или подпись: никогда не передавайте закрытый ключ",
			replace: true,
		}
	case strings.Contains(label, "REQUEST") && !kind("REQUEST"):
		return labelHint{
			en: "this is a certificate request, not a certificate",
			ru: "это запрос на сертификат, а не сертификат",
		}
	case strings.Contains(label, "CRL") && !kind("CRL"):
		return labelHint{
			en: "this is a certificate revocation list",
			ru: "это список отзыва сертификатов",
		}
	case label == "TRUSTED CERTIFICATE":
		return labelHint{
			en: "OpenSSL trusted-certificate format: export with 'openssl x509' instead",
			ru: "это формат OpenSSL TRUSTED CERTIFICATE, сохраните сертификат командой «openssl x509»",
		}
	}
	return labelHint{}
}

// labelRU is the Russian message for an unexpected label.
func labelRU(label string, want []string, h labelHint) string {
	if h.replace {
		return h.ru
	}
	var b strings.Builder
	b.WriteString("Файл PEM содержит блок «" + label + "», а ожидается ")
	for i, w := range want {
		switch {
		case i == 0:
		case i == len(want)-1:
			b.WriteString(" или ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("«" + w + "»")
	}
	if h.ru != "" {
		b.WriteString(": " + h.ru)
	}
	return b.String()
}

// nextIndex returns the index of the first c in b at or after from, or
// len(b).
func nextIndex(b []byte, from int, c byte) int {
	if i := bytes.IndexByte(b[from:], c); i >= 0 {
		return from + i
	}
	return len(b)
}
