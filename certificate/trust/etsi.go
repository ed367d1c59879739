package trust

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// etsiNS is the namespace of the XML trusted lists of ETSI TS 102 231 and
// TS 119 612 (which kept it).
const etsiNS = "http://uri.etsi.org/02231/v2#"

// ErrEuropeanList is matched (errors.Is) by the error of ParseList,
// LoadList and Load for an ETSI TS 119 612 / TS 102 231 trusted list
// (TrustServiceStatusList): the European format of trusted lists, not the
// Минцифры list of accredited CAs.
var ErrEuropeanList = errors.New("trust: an ETSI TS 119 612 trusted list (TrustServiceStatusList, the European format), not the Минцифры list of accredited CAs")

// EuropeanListError is the error for an ETSI trusted list; it matches
// ErrEuropeanList and says in Russian what the file is.
type EuropeanListError struct {
	// File names the file for messages ("" when unknown).
	File string
}

// Error names the file and the error class in English.
func (e *EuropeanListError) Error() string {
	if e.File != "" {
		return e.File + ": " + ErrEuropeanList.Error()
	}
	return ErrEuropeanList.Error()
}

// Is reports whether target is ErrEuropeanList.
func (e *EuropeanListError) Is(target error) bool { return target == ErrEuropeanList }

// MessageRU returns the Russian message for the end user.
func (e *EuropeanListError) MessageRU() string {
	what := "Файл"
	if e.File != "" {
		what = "Файл «" + e.File + "»"
	}
	return what + " — доверенный список в европейском формате ETSI TS 119 612 (TrustServiceStatusList), " +
		"а не перечень аккредитованных удостоверяющих центров Минцифры России; для проверки российских " +
		"квалифицированных сертификатов нужен перечень Минцифры (АккредитованныеУдостоверяющиеЦентры) " +
		"или корневые сертификаты"
}

// IsEuropeanList reports whether data is an XML document whose root element
// is the TrustServiceStatusList of ETSI TS 119 612 / TS 102 231 (namespace
// http://uri.etsi.org/02231/v2#). It reads at most the first few tokens.
// Such a list is not the Минцифры list: IsList is false for it.
func IsEuropeanList(data []byte) bool {
	se, ok := rootElement(data, true)
	return ok && se.Name.Space == etsiNS && se.Name.Local == "TrustServiceStatusList"
}

// rootElement returns the first start element of data within the first
// tokens, its namespace resolved when resolve is set.
func rootElement(data []byte, resolve bool) (xml.StartElement, bool) {
	body := bytes.TrimSpace(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}))
	if len(body) == 0 || body[0] != '<' {
		return xml.StartElement{}, false
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 64 {
		var tok xml.Token
		var err error
		if resolve {
			tok, err = dec.Token()
		} else {
			tok, err = dec.RawToken()
		}
		if err != nil {
			return xml.StartElement{}, false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, true
		}
	}
	return xml.StartElement{}, false
}
