package certificate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/egisz-lk/registrar/internal/armor"
)

// Classes of parse errors of certificates and CRLs. A *ParseError wraps
// exactly one of them, so a caller tells the problems apart with errors.Is;
// errors.As gives the *ParseError with the position, the details and a
// Russian message.
var (
	// ErrEmpty: the input is empty or only whitespace.
	ErrEmpty = errors.New("certificate: empty input")
	// ErrTooLarge: the input exceeds MaxInputSize (MaxCRLSize for a CRL),
	// one certificate exceeds MaxCertificateSize, or the input holds more
	// than MaxCertificates.
	ErrTooLarge = errors.New("certificate: input too large")
	// ErrFormat: the transport is not DER, PEM or base64 (as UTF-8, UTF-8
	// with a BOM or UTF-16), the PEM armour or the base64 is malformed, or a
	// PEM block has another label (ParseError.PEMType).
	ErrFormat = errors.New("certificate: unrecognised input format")
	// ErrMalformed: the structure is not a valid DER X.509 certificate, CRL,
	// certs-only PKCS#7 bundle or OCSP response: truncated, trailing bytes,
	// BER where DER is required, a negative serial number, a duplicate
	// extension, a PKCS#7 structure with content or signers, an OCSP
	// response whose status is not successful; Detail says which.
	ErrMalformed = errors.New("certificate: malformed structure")
	// ErrNoCertificates: the input is well formed but holds no certificate.
	ErrNoCertificates = errors.New("certificate: no certificates")
	// ErrNotOne: ParseOne found more than one certificate.
	ErrNotOne = errors.New("certificate: expected exactly one certificate")
)

// Reasons refine ErrMalformed and ErrTooLarge for the Russian message.
var (
	reasonTruncated    = errors.New("truncated DER")
	reasonTrailing     = errors.New("trailing data")
	reasonBER          = errors.New("BER encoding where DER is required")
	reasonNegative     = errors.New("negative serial number")
	reasonDuplicateExt = errors.New("duplicate extension")
	reasonPKCS7        = errors.New("unsupported PKCS#7 structure")
	reasonStructure    = errors.New("malformed structure")
	reasonTooMany      = errors.New("too many certificates")
	reasonCertTooLarge = errors.New("certificate too large")
	reasonOCSPStatus   = errors.New("OCSP response status is not successful")
)

// classOf maps a reason to its class.
func classOf(reason error) error {
	switch reason {
	case reasonTooMany, reasonCertTooLarge:
		return ErrTooLarge
	}
	return ErrMalformed
}

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

// ParseError reports why a certificate or CRL input could not be parsed.
// Err is one of the parse classes of this package (ErrEmpty, ErrTooLarge,
// ErrFormat, ErrMalformed, ErrNoCertificates, ErrNotOne).
type ParseError struct {
	// Err is the class of the problem.
	Err error
	// Format is what was being read: "DER", "PEM", "base64" (with the text
	// encoding, e.g. "base64 (UTF-16LE)"), "PKCS#7", "CRL" or "OCSP".
	Format string
	// Index is the 0-based position of the certificate in the input (for
	// Format "OCSP": among the certificates embedded in the response) the
	// problem is about, or -1 when it concerns the input as a whole.
	Index int
	// Offset is the byte offset of the problem in the DER being read (after
	// PEM or base64 decoding), or -1 when unknown.
	Offset int
	// Detail is an English explanation for developers and logs.
	Detail string
	// Cause is the underlying error (for example from the transport
	// decoder), if any.
	Cause error
	// PEMType is the label of the offending PEM block, when the problem is
	// a block that is not a certificate (or not a CRL).
	PEMType string

	// Rejected describes a certificate whose structure could be read but
	// which is refused (nil otherwise).
	Rejected *Rejected

	reason     error // refines Err for the Russian message
	ocspStatus int   // the responseStatus, with reasonOCSPStatus
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
	if e.reason != nil {
		b.WriteString(": " + e.reason.Error())
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
	what := "сертификат"
	switch {
	case e.Format == "CRL":
		what = "список отзыва"
	case e.Format == "OCSP" && e.Index < 0:
		what = "ответ OCSP"
	}
	msg := e.messageRU(what)
	switch {
	case e.Index >= 0 && e.Format == "OCSP":
		msg = fmt.Sprintf("Ответ OCSP, вложенный сертификат № %d: %s", e.Index+1, lowerFirst(msg))
	case e.Index >= 0:
		msg = fmt.Sprintf("Сертификат № %d: %s", e.Index+1, lowerFirst(msg))
	}
	return msg
}

// messageRU is the Russian text of the class and reason.
func (e *ParseError) messageRU(what string) string {
	var ae *armor.Error
	switch {
	case e.PEMType != "":
		msg := "Файл PEM содержит блок «" + e.PEMType + "», а не " + what
		if strings.Contains(e.PEMType, "PRIVATE KEY") {
			msg += " (это закрытый ключ: его нельзя никому передавать)"
		}
		return msg
	case e.Err == ErrFormat && errors.As(e.Cause, &ae):
		return ae.MessageRU()
	}
	switch e.reason {
	case reasonTooMany:
		return fmt.Sprintf("В файле больше %d сертификатов", MaxCertificates)
	case reasonCertTooLarge:
		return fmt.Sprintf("Сертификат слишком велик (больше %d МиБ)", MaxCertificateSize>>20)
	case reasonTruncated:
		return capitalise(what) + " обрезан: файл закончился раньше, чем структура"
	case reasonTrailing:
		return "После структуры (" + what + ") в файле есть лишние данные"
	case reasonBER:
		return capitalise(what) + " закодирован в BER, а требуется DER"
	case reasonNegative:
		return "Серийный номер сертификата отрицателен, что запрещено RFC 5280"
	case reasonDuplicateExt:
		return "Расширение повторяется (" + what + ")"
	case reasonPKCS7:
		return "Файл PKCS#7 не является набором сертификатов"
	case reasonOCSPStatus:
		return "Ответ OCSP не содержит сведений о статусе сертификата: " + ocspStatusRU(e.ocspStatus)
	case reasonBoolean:
		return capitalise(what) + " не принят: логическое значение закодировано не по правилам DER" + legacyKeyRU(e.Rejected)
	case reasonNameValue:
		return capitalise(what) + " не принят: значение атрибута имени не является строкой" + legacyKeyRU(e.Rejected)
	}
	if e.Rejected != nil {
		return capitalise(what) + " не принят: структура не соответствует X.509" + legacyKeyRU(e.Rejected)
	}
	switch e.Err {
	case ErrEmpty:
		return "Файл пуст"
	case ErrTooLarge:
		return "Файл слишком велик"
	case ErrFormat:
		return "Файл не распознан: ожидается " + what + " в DER, PEM или base64"
	case ErrMalformed:
		return "Структура повреждена: " + what + " не удалось прочитать"
	case ErrNoCertificates:
		return "В файле нет сертификатов"
	case ErrNotOne:
		return "Ожидался один сертификат, а в файле их несколько"
	}
	return "Файл не удалось прочитать (" + what + ")"
}

// legacyKeyRU adds the withdrawn algorithm of a rejected certificate's key
// to a message.
func legacyKeyRU(r *Rejected) string {
	if r != nil && r.KeyAlgorithm == "GOST R 34.10-2001" {
		return " (это сертификат с ключом ГОСТ Р 34.10-2001 — алгоритм отменён с 2019 года)"
	}
	return ""
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
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
