package certtest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
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

	// Signer and SignerKey, when both are set, sign the list: an
	// enveloped XMLDSig, the last child of the root element, with one
	// Reference URI="" (the enveloped-signature transform and exclusive
	// canonicalisation), GOST R 34.10-2012 of the key's size over Streebog
	// of the same size, the signature value s‖r (as in CMS and as OpenSSL's
	// GOST engine writes it) and Signer in KeyInfo.
	Signer    *certificate.Certificate
	SignerKey *certificate.GOSTPrivateKey
	// DigestBits is the size of the Reference's Streebog digest, 256 or
	// 512; 0 means the size of SignerKey.
	DigestBits int
	// InclusiveC14N canonicalises with Canonical XML 1.0 instead of
	// exclusive canonicalisation (the SignedInfo and the Reference).
	InclusiveC14N bool
	// DSPrefix is the prefix of the XMLDSig elements ("ds"); empty
	// declares the XMLDSig namespace as the default namespace of Signature.
	DSPrefix string
	// Rand is the nonce source of the signature; nil means crypto/rand.
	// A seeded reader gives the same bytes every time.
	Rand io.Reader
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
	// Thumbprints, when an entry is not empty, replace the Отпечаток of
	// the certificate at the same index (a thumbprint that does not match,
	// for negative tests).
	Thumbprints []string
}

// BuildTrustedList writes the XML of a synthetic trusted list: unsigned, or
// signed when spec names a signer and its key. The root element is written
// in canonical form (XML canonicalisation leaves it unchanged), so its bytes
// are what the signature's digest covers. It panics when SignerKey cannot
// sign (a misuse of the builder).
func BuildTrustedList(spec *TrustedListSpec) []byte {
	var b bytes.Buffer
	esc := func(s string) {
		b.WriteString(canonicalText.Replace(s))
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
				for i, c := range k.Certificates {
					in := indent + "        "
					thumb := c.FingerprintSHA1
					if i < len(k.Thumbprints) && k.Thumbprints[i] != "" {
						thumb = k.Thumbprints[i]
					}
					b.WriteString(indent + "      <ДанныеСертификата>\n")
					el(in, "Отпечаток", thumb)
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
	const end = "</АккредитованныеУдостоверяющиеЦентры>"
	b.WriteString(end + "\n")
	if spec.Signer == nil || spec.SignerKey == nil {
		return b.Bytes()
	}
	out := b.Bytes()
	start := bytes.Index(out, []byte("<АккредитованныеУдостоверяющиеЦентры "))
	stop := bytes.LastIndex(out, []byte(end))
	sig, err := signTrustedList(spec, out[start:stop+len(end)])
	if err != nil {
		panic("certtest: BuildTrustedList: " + err.Error())
	}
	return append(append(append([]byte(nil), out[:stop]...), sig...), out[stop:]...)
}

// canonicalText escapes text as XML canonicalisation writes it.
var canonicalText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")

// XMLDSig names of signTrustedList.
const (
	dsNS          = "http://www.w3.org/2000/09/xmldsig#"
	dsExcC14N     = "http://www.w3.org/2001/10/xml-exc-c14n#"
	dsC14N        = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	dsEnveloped   = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	dsSig256      = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256"
	dsSig512      = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-512"
	dsDigest256   = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256"
	dsDigest512   = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-512"
	xsiNamespaceD = `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`
)

// signTrustedList returns the Signature element over body, the canonical
// root element of the list (the enveloped-signature transform removes the
// Signature, leaving exactly body). The SignedInfo is written in its own
// canonical form with every namespace declaration its canonical form
// carries, so the bytes signed are the bytes written.
func signTrustedList(spec *TrustedListSpec, body []byte) ([]byte, error) {
	pub, ok := spec.SignerKey.Public().(*certificate.GOSTPublicKey)
	if !ok || pub.Bits() == 0 {
		return nil, fmt.Errorf("signer key is not a GOST key")
	}
	sigAlg, sigHash := dsSig256, streebog.New256
	if pub.Bits() == 512 {
		sigAlg, sigHash = dsSig512, streebog.New512
	}
	bits := spec.DigestBits
	if bits == 0 {
		bits = pub.Bits()
	}
	digAlg, digHash := dsDigest256, streebog.New256
	switch bits {
	case 256:
	case 512:
		digAlg, digHash = dsDigest512, streebog.New512
	default:
		return nil, fmt.Errorf("DigestBits %d, want 256 or 512", bits)
	}
	sum := func(h hash.Hash, data []byte) []byte {
		h.Write(data)
		return h.Sum(nil)
	}
	c14n := dsExcC14N
	if spec.InclusiveC14N {
		c14n = dsC14N
	}
	pfx, decl := "", `xmlns="`+dsNS+`"`
	if spec.DSPrefix != "" {
		pfx, decl = spec.DSPrefix+":", `xmlns:`+spec.DSPrefix+`="`+dsNS+`"`
	}
	// The canonical SignedInfo: exclusive canonicalisation declares the
	// XMLDSig namespace only, inclusive every namespace in scope (the
	// root's xsi); declarations are ordered default first, then by prefix.
	siDecl := decl
	if spec.InclusiveC14N {
		if pfx == "" || spec.DSPrefix < "xsi" {
			siDecl = decl + " " + xsiNamespaceD
		} else {
			siDecl = xsiNamespaceD + " " + decl
		}
	}
	el := func(name, attrs, content string) string {
		if attrs != "" {
			attrs = " " + attrs
		}
		return "<" + pfx + name + attrs + ">" + content + "</" + pfx + name + ">"
	}
	alg := func(name, uri string) string { return el(name, `Algorithm="`+uri+`"`, "") }
	signedInfo := el("SignedInfo", siDecl,
		alg("CanonicalizationMethod", c14n)+
			alg("SignatureMethod", sigAlg)+
			el("Reference", `URI=""`,
				el("Transforms", "", alg("Transform", dsEnveloped)+alg("Transform", c14n))+
					alg("DigestMethod", digAlg)+
					el("DigestValue", "", base64.StdEncoding.EncodeToString(sum(digHash(), body)))))
	sig, err := spec.SignerKey.Sign(spec.Rand, sum(sigHash(), []byte(signedInfo)), nil)
	if err != nil {
		return nil, err
	}
	keyInfo := el("KeyInfo", "", el("X509Data", "", el("X509Certificate", "", base64.StdEncoding.EncodeToString(spec.Signer.Raw))))
	return []byte(el("Signature", decl, signedInfo+el("SignatureValue", "", base64.StdEncoding.EncodeToString(sig))+keyInfo)), nil
}
