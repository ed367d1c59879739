package armor

import (
	"errors"
	"fmt"
	"strings"
)

// Classes of errors. Every error of Decode is an *Error whose Class is one of
// them, so errors.Is(err, ErrPEM) tells the problems apart.
var (
	// ErrEmpty: the input is empty or only whitespace (after a BOM).
	ErrEmpty = errors.New("armor: empty input")
	// ErrTooLarge: the input is larger than Options.MaxSize.
	ErrTooLarge = errors.New("armor: input too large")
	// ErrUnrecognized: the input is neither DER, PEM nor base64: a byte
	// outside the base64 alphabet in text without PEM armour, a NUL byte in
	// text, base64 that does not decode to a SEQUENCE, a non-ASCII character
	// in UTF-16 text or UTF-16 with an odd number of bytes.
	ErrUnrecognized = errors.New("armor: unrecognised input format")
	// ErrBase64: bare base64 text (only alphabet characters and whitespace)
	// that does not decode: wrong length, misplaced or wrong padding,
	// non-zero trailing bits.
	ErrBase64 = errors.New("armor: malformed base64")
	// ErrPEM: malformed PEM: a malformed BEGIN or END line, a block without
	// its END line, headers (encrypted or annotated PEM), an empty block, a
	// corrupt base64 body, a block that does not hold a SEQUENCE.
	ErrPEM = errors.New("armor: malformed PEM")
	// ErrLabel: a PEM block has a label not in Options.Labels; Error.Label
	// holds it.
	ErrLabel = errors.New("armor: unexpected PEM label")
	// ErrSeveral: Options.Single is set and the PEM text holds more than one
	// block.
	ErrSeveral = errors.New("armor: several blocks where one is wanted")
)

// Error is the error of Decode.
type Error struct {
	// Class is one of the Err* sentinels; Unwrap returns it.
	Class error
	// Format is what was being read: the transport with the text encoding
	// as in Decoded.Format ("PEM (UTF-16LE)"), the text encoding alone
	// ("UTF-16BE") when the problem was found before the transport was
	// known, or "" for plain input.
	Format string
	// Offset is the byte offset of the problem in the input as passed to
	// Decode (BOM included; for UTF-16 the offset of the character): it is
	// len(input) when base64 ends too early (a missing padding character),
	// and -1 when the problem concerns the input as a whole.
	Offset int
	// Label is the offending PEM label for ErrLabel, else "".
	Label string
	// Detail is an English explanation for developers and logs.
	Detail string

	ru string // the Russian message; "" selects the class's default
}

// Error returns an English message: the class, where, and the detail, e.g.
// "armor: malformed PEM in PEM (UTF-16LE) at offset 42: block 1
// (CERTIFICATE) lacks its END line: the text ends first".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Class != nil {
		b.WriteString(e.Class.Error())
	} else {
		b.WriteString("armor: error")
	}
	if e.Format != "" {
		b.WriteString(" in " + e.Format)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " at offset %d", e.Offset)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Unwrap returns the class, for errors.Is.
func (e *Error) Unwrap() error { return e.Class }

// MessageRU returns a short Russian message for the end user. It does not
// name what the file should have held (a certificate, a signature, …)
// unless the wrong upload is recognised (a private key, a request, a CRL).
func (e *Error) MessageRU() string {
	if e.ru != "" {
		return e.ru
	}
	switch e.Class {
	case ErrEmpty:
		return ruEmpty
	case ErrTooLarge:
		return "Файл слишком велик"
	case ErrUnrecognized:
		if strings.Contains(e.Format, "UTF-16") {
			return ruUTF16NonASCII
		}
		return ruUnrecognized
	case ErrBase64:
		return ruBase64
	case ErrPEM:
		return "Файл PEM повреждён"
	case ErrLabel:
		if e.Label != "" {
			return "Файл PEM содержит блок «" + e.Label + "» неожиданного типа"
		}
		return "Файл PEM содержит блок неожиданного типа"
	case ErrSeveral:
		return ruSeveral
	}
	return ruUnrecognized
}

// Russian messages.
const (
	ruEmpty          = "Файл пуст"
	ruUnrecognized   = "Формат файла не распознан: ожидается DER, PEM или base64"
	ruUTF16Odd       = "Файл в кодировке UTF-16 повреждён: нечётное число байтов"
	ruUTF16NonASCII  = "Файл в кодировке UTF-16 содержит символы, недопустимые в PEM и base64"
	ruNotSequence    = "Данные base64 не являются структурой ASN.1 (DER)"
	ruBase64         = "Файл в кодировке base64 повреждён"
	ruPEMArmour      = "Файл PEM повреждён: неверная строка BEGIN или END"
	ruPEMNoEnd       = "Файл PEM обрезан: у блока нет строки END"
	ruPEMHeaders     = "Файл PEM зашифрован или содержит заголовки: нужен файл без шифрования и заголовков"
	ruPEMEmpty       = "Файл PEM содержит пустой блок"
	ruPEMBody        = "Файл PEM повреждён: содержимое блока не является корректным base64"
	ruPEMNotSequence = "Блок PEM не содержит структуры ASN.1 (DER)"
	ruSeveral        = "В файле несколько блоков PEM, а ожидается один"
)

// errTooLarge is the ErrTooLarge error for an input of size bytes.
func errTooLarge(size, limit int) *Error {
	return &Error{Class: ErrTooLarge, Offset: -1,
		Detail: fmt.Sprintf("%d bytes, limit %d", size, limit),
		ru:     "Файл слишком велик: допускается не более " + sizeRU(limit)}
}

// sizeRU writes a size in Russian after "не более" (genitive): "50 МиБ",
// "64 КиБ", "1 байта", "100 байт".
func sizeRU(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d МиБ", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d КиБ", n>>10)
	case n%10 == 1 && n%100 != 11:
		return fmt.Sprintf("%d байта", n)
	}
	return fmt.Sprintf("%d байт", n)
}
