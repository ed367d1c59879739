package certtest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/internal/msk"
)

// TrustedListSpec describes a synthetic trusted list for BuildTrustedList
// (test PKIs; the structure of the Минцифры XML trusted list of accredited CAs).
type TrustedListSpec struct {
	// Version is written as Версия, Date as Дата (RFC 3339).
	Version string
	Date    time.Time
	// CAs are written in order.
	CAs []TrustedCASpec
}

// TrustedCASpec is one УдостоверяющийЦентр of a TrustedListSpec.
type TrustedCASpec struct {
	Name, ShortName, INN, OGRN, RegistryNumber string
	// Status is the current status with its ДействуетС.
	Status trust.StatusChange
	// History is written as ИсторияСтатусовАккредитации.
	History []trust.StatusChange
	// Keys are the CA keys.
	Keys []TrustedKeySpec
	// KeysDirectly places КлючиУполномоченныхЛиц directly under
	// УдостоверяющийЦентр instead of under ПрограммноАппаратныйКомплекс.
	KeysDirectly bool
}

// TrustedKeySpec is one Ключ of a TrustedCASpec.
type TrustedKeySpec struct {
	// KeyID is ИдентификаторКлюча; nil uses the first certificate's SKI.
	KeyID []byte
	// CRLURLs are АдресаСписковОтзыва.
	CRLURLs []string
	// Certificates are written as ДанныеСертификата.
	Certificates []*certificate.Certificate
}

// BuildTrustedList writes the XML of a synthetic trusted list, unsigned.
func BuildTrustedList(spec *TrustedListSpec) []byte {
	var b bytes.Buffer
	esc := func(s string) {
		_ = xml.EscapeText(&b, []byte(s))
	}
	el := func(indent, name, value string) {
		b.WriteString(indent + "<" + name + ">")
		esc(value)
		b.WriteString("</" + name + ">\n")
	}
	ts := func(t time.Time) string { return t.In(msk.Zone).Format(time.RFC3339) }
	status := func(indent string, s trust.StatusChange) {
		b.WriteString(indent + "<СтатусАккредитации>\n")
		el(indent+"  ", "Статус", string(s.Status))
		el(indent+"  ", "ДействуетС", ts(s.From))
		b.WriteString(indent + "</СтатусАккредитации>\n")
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<АккредитованныеУдостоверяющиеЦентры xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="scheme.xsd">` + "\n")
	el("  ", "Версия", spec.Version)
	el("  ", "Дата", ts(spec.Date))
	for _, ca := range spec.CAs {
		b.WriteString("  <УдостоверяющийЦентр>\n")
		el("    ", "Название", ca.Name)
		el("    ", "ЭлектроннаяПочта", "ca@example.test")
		el("    ", "КраткоеНазвание", ca.ShortName)
		el("    ", "АдресСИнформациейПоУЦ", "http://pki.example.test/")
		b.WriteString("    <Адрес><Страна>RU</Страна><Регион><Код>77</Код><Название>г. Москва</Название></Регион></Адрес>\n")
		el("    ", "ИНН", ca.INN)
		el("    ", "ОГРН", ca.OGRN)
		el("    ", "РеестровыйНомер", ca.RegistryNumber)
		status("    ", ca.Status)
		if len(ca.History) > 0 {
			b.WriteString("    <ИсторияСтатусовАккредитации>\n")
			for _, h := range ca.History {
				status("      ", h)
			}
			b.WriteString("    </ИсторияСтатусовАккредитации>\n")
		}
		keys := func(indent string) {
			b.WriteString(indent + "<КлючиУполномоченныхЛиц>\n")
			for _, k := range ca.Keys {
				b.WriteString(indent + "  <Ключ>\n")
				id := k.KeyID
				if id == nil && len(k.Certificates) > 0 {
					id = k.Certificates[0].SubjectKeyID
				}
				el(indent+"    ", "ИдентификаторКлюча", strings.ToLower(hex.EncodeToString(id)))
				b.WriteString(indent + "    <АдресаСписковОтзыва>\n")
				for _, u := range k.CRLURLs {
					el(indent+"      ", "Адрес", u)
				}
				b.WriteString(indent + "    </АдресаСписковОтзыва>\n")
				b.WriteString(indent + "    <Сертификаты>\n")
				for _, c := range k.Certificates {
					in := indent + "        "
					b.WriteString(indent + "      <ДанныеСертификата>\n")
					el(in, "Отпечаток", c.FingerprintSHA1)
					el(in, "КемВыдан", c.Issuer.String())
					el(in, "КомуВыдан", c.Subject.String())
					el(in, "СерийныйНомер", strings.ToUpper(c.SerialNumber.Text(16)))
					el(in, "ПериодДействияС", ts(c.NotBefore))
					el(in, "ПериодДействияДо", ts(c.NotAfter))
					el(in, "Данные", base64.StdEncoding.EncodeToString(c.Raw))
					b.WriteString(indent + "      </ДанныеСертификата>\n")
				}
				b.WriteString(indent + "    </Сертификаты>\n")
				b.WriteString(indent + "  </Ключ>\n")
			}
			b.WriteString(indent + "</КлючиУполномоченныхЛиц>\n")
		}
		if ca.KeysDirectly {
			keys("    ")
		} else {
			b.WriteString("    <ПрограммноАппаратныеКомплексы>\n      <ПрограммноАппаратныйКомплекс>\n")
			el("        ", "Псевдоним", ca.ShortName)
			el("        ", "КлассСредствЭП", "КС1, КС2")
			keys("        ")
			b.WriteString("      </ПрограммноАппаратныйКомплекс>\n    </ПрограммноАппаратныеКомплексы>\n")
		}
		b.WriteString("  </УдостоверяющийЦентр>\n")
	}
	b.WriteString("</АккредитованныеУдостоверяющиеЦентры>\n")
	return b.Bytes()
}
