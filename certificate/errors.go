package certificate

import (
	"errors"
	"fmt"
	"strings"
)

// Classes of parse errors. A *ParseError wraps exactly one of them, so a
// caller tells the problems apart with errors.Is; errors.As gives the
// *ParseError with the position and details.
var (
	// ErrEmpty: the input is empty or only whitespace.
	ErrEmpty = errors.New("certificate: empty input")
	// ErrInputTooLarge: the input exceeds MaxInputSize.
	ErrInputTooLarge = errors.New("certificate: input too large")
	// ErrCertificateTooLarge: one certificate exceeds MaxCertificateSize.
	ErrCertificateTooLarge = errors.New("certificate: certificate too large")
	// ErrTooManyCertificates: the input holds more than MaxCertificates.
	ErrTooManyCertificates = errors.New("certificate: too many certificates")
	// ErrUnrecognized: the input is neither DER, PEM nor base64.
	ErrUnrecognized = errors.New("certificate: unrecognised input format")
	// ErrPEMType: a PEM block has a type other than CERTIFICATE or PKCS7.
	ErrPEMType = errors.New("certificate: unexpected PEM block type")
	// ErrPEM: PEM armour is malformed (missing END line, bad base64 body,
	// headers).
	ErrPEM = errors.New("certificate: malformed PEM")
	// ErrBase64: the base64 text does not decode.
	ErrBase64 = errors.New("certificate: malformed base64")
	// ErrTruncated: the DER ends before an element announced by its length.
	ErrTruncated = errors.New("certificate: truncated DER")
	// ErrTrailingData: bytes follow the end of a certificate or bundle.
	ErrTrailingData = errors.New("certificate: trailing data")
	// ErrBER: the input uses BER features DER forbids (indefinite length).
	ErrBER = errors.New("certificate: BER encoding where DER is required")
	// ErrMalformed: the structure is not a valid X.509 certificate.
	ErrMalformed = errors.New("certificate: malformed certificate")
	// ErrNegativeSerial: the serial number is negative, which RFC 5280
	// forbids and Go's crypto/x509 (since Go 1.23) refuses to parse.
	ErrNegativeSerial = errors.New("certificate: negative serial number")
	// ErrDuplicateExtension: an extension OID occurs more than once.
	ErrDuplicateExtension = errors.New("certificate: duplicate extension")
	// ErrPKCS7: a PKCS#7 bundle is malformed or is not a certs-only
	// SignedData (it has signers or content, or another content type).
	ErrPKCS7 = errors.New("certificate: unsupported PKCS#7 structure")
	// ErrNoCertificates: the input is well formed but holds no certificate.
	ErrNoCertificates = errors.New("certificate: no certificates")
	// ErrNotOne: ParseOne found more than one certificate.
	ErrNotOne = errors.New("certificate: expected exactly one certificate")
)

// Classes of public-key problems. They do not make Parse fail (the rest of the
// certificate is still useful and CheckProfile reports the key as a failed
// rule); they are stored in PublicKey.Err and returned by
// (*Certificate).GOSTKey.
var (
	// ErrUnknownKeyAlgorithm: the key is not a GOST R 34.10-2012 key.
	ErrUnknownKeyAlgorithm = errors.New("certificate: unknown public-key algorithm")
	// ErrUnknownCurve: the GOST key names a parameter set (curve) that is not
	// known.
	ErrUnknownCurve = errors.New("certificate: unknown GOST curve")
	// ErrInvalidKey: the GOST key is malformed or not a point of its curve.
	ErrInvalidKey = errors.New("certificate: invalid GOST public key")
)

// ParseError reports why an input could not be parsed. Err is one of the
// Err* classes of this package.
type ParseError struct {
	// Err is the class of the problem (ErrTruncated, ErrPEMType, …).
	Err error
	// Format is the transport being read: "DER", "PEM", "base64" or
	// "PKCS#7".
	Format string
	// Index is the 0-based position of the certificate in the input the
	// problem is about, or -1 when it concerns the input as a whole.
	Index int
	// Offset is the byte offset of the problem in the DER being read (after
	// PEM or base64 decoding), or -1 when unknown.
	Offset int
	// Detail is an English explanation for developers and logs.
	Detail string
	// Cause is the underlying error (for example from crypto/x509), if any.
	Cause error
	// PEMType is the type of the offending PEM block for ErrPEMType.
	PEMType string
}

// Error returns an English message naming the problem and its position.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	var where []string
	if e.Format != "" {
		where = append(where, e.Format)
	}
	if e.Index >= 0 {
		where = append(where, fmt.Sprintf("certificate #%d", e.Index+1))
	}
	if e.Offset >= 0 {
		where = append(where, fmt.Sprintf("offset %d", e.Offset))
	}
	if len(where) > 0 {
		b.WriteString(" (" + strings.Join(where, ", ") + ")")
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Unwrap returns the class and, when present, the underlying cause.
func (e *ParseError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU returns a Russian message for the end user.
func (e *ParseError) MessageRU() string {
	msg := messageRU(e.Err)
	if e.Err == ErrPEMType && e.PEMType != "" {
		msg = "Файл PEM содержит блок «" + e.PEMType + "», а не сертификат"
		if strings.Contains(e.PEMType, "PRIVATE KEY") {
			msg += " (это закрытый ключ: его нельзя никому передавать)"
		}
	}
	if e.Index >= 0 {
		msg = fmt.Sprintf("Сертификат № %d: %s", e.Index+1, lowerFirst(msg))
	}
	return msg
}

// messageRU is the Russian text for each error class.
func messageRU(err error) string {
	switch err {
	case ErrEmpty:
		return "Файл пуст"
	case ErrInputTooLarge:
		return fmt.Sprintf("Файл слишком велик (больше %d МиБ)", MaxInputSize>>20)
	case ErrCertificateTooLarge:
		return fmt.Sprintf("Сертификат слишком велик (больше %d МиБ)", MaxCertificateSize>>20)
	case ErrTooManyCertificates:
		return fmt.Sprintf("В файле больше %d сертификатов", MaxCertificates)
	case ErrUnrecognized:
		return "Файл не является сертификатом: ожидается DER, PEM или base64"
	case ErrPEMType:
		return "Файл PEM содержит блок другого типа, а не сертификат"
	case ErrPEM:
		return "Файл PEM повреждён"
	case ErrBase64:
		return "Файл в кодировке base64 повреждён"
	case ErrTruncated:
		return "Сертификат обрезан: файл закончился раньше, чем структура"
	case ErrTrailingData:
		return "После сертификата в файле есть лишние данные"
	case ErrBER:
		return "Сертификат закодирован в BER, а требуется DER"
	case ErrMalformed:
		return "Структура сертификата повреждена"
	case ErrNegativeSerial:
		return "Серийный номер сертификата отрицателен, что запрещено RFC 5280"
	case ErrDuplicateExtension:
		return "Расширение сертификата повторяется"
	case ErrPKCS7:
		return "Файл PKCS#7 не является набором сертификатов"
	case ErrNoCertificates:
		return "В файле нет сертификатов"
	case ErrNotOne:
		return "Ожидался один сертификат, а в файле их несколько"
	}
	return "Сертификат не удалось прочитать"
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// KeyError describes a problem with the subject public key. Err is
// ErrUnknownKeyAlgorithm, ErrUnknownCurve or ErrInvalidKey.
type KeyError struct {
	// Err is the class of the problem.
	Err error
	// OID is the algorithm or parameter-set OID the problem is about, as a
	// dotted string; empty when not applicable.
	OID string
	// Detail is an English explanation.
	Detail string
	// Cause is the underlying error, if any.
	Cause error
}

// Error returns an English message.
func (e *KeyError) Error() string {
	s := e.Err.Error()
	if e.OID != "" {
		s += " " + e.OID
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the class and, when present, the cause.
func (e *KeyError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU returns a Russian message for the end user.
func (e *KeyError) MessageRU() string {
	switch e.Err {
	case ErrUnknownKeyAlgorithm:
		if e.OID == oidGost2001Key.String() {
			return "Ключ ГОСТ Р 34.10-2001 больше не допускается; нужен ключ ГОСТ Р 34.10-2012"
		}
		return "Открытый ключ не является ключом ГОСТ Р 34.10-2012 (алгоритм " + e.OID + ")"
	case ErrUnknownCurve:
		return "Неизвестный набор параметров (кривая) ключа ГОСТ Р 34.10-2012: " + e.OID
	}
	return "Открытый ключ ГОСТ Р 34.10-2012 повреждён"
}
