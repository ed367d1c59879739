package signature

import (
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/internal/armor"
)

// Classes of parse errors. A *ParseError wraps exactly one of them: tell the
// problems apart with errors.Is, and get the offset and details with
// errors.As.
var (
	// ErrEmpty: the input is empty or only whitespace.
	ErrEmpty = errors.New("signature: empty input")
	// ErrTooLarge: the input exceeds MaxInputSize or holds more than
	// MaxElements elements.
	ErrTooLarge = errors.New("signature: input too large")
	// ErrTooDeep: BER nesting exceeds MaxDepth.
	ErrTooDeep = errors.New("signature: nesting too deep")
	// ErrFormat: the input is neither DER/BER, PEM nor base64.
	ErrFormat = errors.New("signature: unrecognised input format")
	// ErrPEM: malformed PEM armour or an unexpected PEM block type.
	ErrPEM = errors.New("signature: malformed PEM")
	// ErrBase64: base64 text that does not decode.
	ErrBase64 = errors.New("signature: malformed base64")
	// ErrTruncated: an element's declared length runs past the input.
	ErrTruncated = errors.New("signature: truncated input")
	// ErrTrailingData: bytes follow the end of the structure.
	ErrTrailingData = errors.New("signature: trailing data")
	// ErrBER: an encoding error in BER (indefinite length on a primitive
	// element).
	ErrBER = errors.New("signature: invalid BER")
	// ErrMalformed: the ASN.1 structure is not a valid CMS SignedData.
	ErrMalformed = errors.New("signature: malformed CMS structure")
	// ErrNotSignedData: the ContentInfo content type is not id-signedData.
	ErrNotSignedData = errors.New("signature: content type is not signedData")
	// ErrNoSigners: the SignedData has no SignerInfo; there is nothing to
	// verify, which is never a valid signature.
	ErrNoSigners = errors.New("signature: no signers")
	// ErrNotTimestamp: a SignedData that is not an RFC 3161 TimeStampToken
	// (another eContentType), or a TimeStampResp without a granted token.
	ErrNotTimestamp = errors.New("signature: not a timestamp token")
)

// ParseError reports why Parse or NormalizeBER rejected an input.
type ParseError struct {
	// Err is the class (ErrTruncated, ErrNotSignedData, …).
	Err error
	// Offset is the byte offset of the problem in the decoded binary input
	// (after PEM/base64 decoding; for structural errors after BER→DER
	// normalisation), -1 if not applicable.
	Offset int
	// Field names the CMS field being read, when known.
	Field string
	// Detail says more, in English.
	Detail string
	// Cause is an underlying error (from a base64 decoder), if any.
	Cause error
}

// Error implements error.
func (e *ParseError) Error() string {
	s := e.Err.Error()
	if e.Field != "" {
		s += ": " + e.Field
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf(" at offset %d", e.Offset)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the class and the cause, for errors.Is and errors.As.
func (e *ParseError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU explains the error in Russian for the end user.
func (e *ParseError) MessageRU() string {
	switch {
	case errors.Is(e.Err, ErrEmpty):
		return "Файл подписи пуст"
	case errors.Is(e.Err, ErrTooLarge):
		return "Файл подписи слишком велик"
	case errors.Is(e.Err, ErrTooDeep):
		return "Файл подписи имеет недопустимую глубину вложенности структур"
	case errors.Is(e.Err, ErrFormat), errors.Is(e.Err, ErrPEM), errors.Is(e.Err, ErrBase64):
		var ae *armor.Error
		if errors.As(e.Cause, &ae) && (ae.Format != "" || errors.Is(ae, armor.ErrLabel)) {
			// The transport decoder names what it found (UTF-16, a private
			// key, …).
			return ae.MessageRU()
		}
		return "Файл не является подписью CMS (ожидается DER, BER, PEM или base64)"
	case errors.Is(e.Err, ErrTruncated):
		return "Файл подписи обрезан или повреждён"
	case errors.Is(e.Err, ErrTrailingData):
		return "После подписи в файле есть лишние данные"
	case errors.Is(e.Err, ErrNotSignedData):
		return "Файл не является подписанными данными CMS (SignedData)"
	case errors.Is(e.Err, ErrNoSigners):
		return "В файле подписи нет ни одной подписи"
	case errors.Is(e.Err, ErrNotTimestamp):
		return "Файл не является штампом времени (RFC 3161) или служба штампов времени отказала в его выдаче"
	}
	return "Структура файла подписи повреждена"
}

func perr(class error, off int, field, format string, args ...any) *ParseError {
	return &ParseError{Err: class, Offset: off, Field: field, Detail: fmt.Sprintf(format, args...)}
}
