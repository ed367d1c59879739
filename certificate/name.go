package certificate

import (
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

// ErrIdentifierFormat and ErrIdentifierChecksum classify the Err of an
// Identifier: the value does not have the shape of the identifier (length,
// non-digits), or its shape is right but a control digit is wrong. Test with
// errors.Is.
var (
	ErrIdentifierFormat   = ident.ErrFormat
	ErrIdentifierChecksum = ident.ErrChecksum
)

// Identifier is one Russian identifier (ОГРН, ОГРНИП, ИНН, СНИЛС) taken from a
// certificate name, normalised, with the result of its format and checksum
// check (internal/ident).
type Identifier struct {
	// Present reports whether the attribute occurs in the name.
	Present bool
	// Raw is the attribute value exactly as encoded.
	Raw string
	// Value is the normalised identifier: its digits, and for an entity ИНН
	// taken from the legacy INN attribute ("00" + 10 digits) the 10 digits
	// without "00". When Err is not nil it is Raw with surrounding spaces
	// removed.
	Value string
	// Tag is the ASN.1 universal tag of the encoded value
	// (asn1.TagNumericString expected).
	Tag int
	// Legacy is set on the INNLE of an entity certificate issued before
	// 01.09.2021 whose ИНН ЮЛ was carried as INN = "00" + 10 digits.
	Legacy bool
	// Err is nil for a valid identifier, otherwise an error that matches
	// ErrIdentifierFormat or ErrIdentifierChecksum with errors.Is and has a
	// Russian message through interface{ MessageRU() string }.
	Err error
}

// String returns the normalised value ("" when absent).
func (i Identifier) String() string { return i.Value }

// Valid reports whether the identifier is present and correct.
func (i Identifier) Valid() bool { return i.Present && i.Err == nil }

// badChecksum reports whether the identifier is well formed but a control
// digit is wrong.
func (i Identifier) badChecksum() bool { return i.Err != nil && errors.Is(i.Err, ident.ErrChecksum) }

// MessageRU returns the Russian description of the identifier's problem, or
// "" when it is valid or absent.
func (i Identifier) MessageRU() string {
	if i.Err == nil {
		return ""
	}
	return check.MessageRU(i.Err, "Идентификатор указан неверно")
}

// Region is the stateOrProvinceName (ST) attribute, which in Russian
// certificates starts with the two-digit region code: "77 Москва".
type Region struct {
	// Raw is the attribute value as encoded.
	Raw string
	// Code is the leading region code ("77"), or "" if the value has none.
	Code string
	// Name is the rest of the value ("Москва"), or all of it without a code.
	Name string
}

// String returns the value as encoded.
func (r Region) String() string { return r.Raw }

// parseRegion splits "77 Москва" into code and name. A code is 1 to 3 ASCII
// digits followed by a space or the end of the value.
func parseRegion(raw string) Region {
	r := Region{Raw: raw}
	s := strings.TrimSpace(raw)
	n := 0
	for n < len(s) && n < 4 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n >= 1 && n <= 3 && (n == len(s) || s[n] == ' ') {
		r.Code = s[:n]
		r.Name = strings.TrimSpace(s[n:])
	} else {
		r.Name = s
	}
	return r
}

// Attribute is one attribute of a name as encoded, in order.
type Attribute struct {
	// Type is the attribute OID.
	Type asn1.ObjectIdentifier
	// Name is the short name ("CN", "OGRN", "INNLE", …) or the dotted OID.
	Name string
	// Value is the decoded string value.
	Value string
	// Tag is the ASN.1 universal tag of the value (UTF8String = 12, …).
	Tag int
}

// Name is a certificate subject or issuer read as a Russian qualified
// certificate name (Приказ ФСБ России № 795).
// Where an attribute occurs more than once the field holds the first value;
// Attributes keeps them all and Repeated names the repeated ones. Attribute
// order carries no meaning.
type Name struct {
	// CommonName (CN): full name of a person, or the organisation name in
	// ФНС entity certificates.
	CommonName string
	// Surname (SN).
	Surname string
	// GivenNames (G): first name and patronymic in one value; see FirstName
	// and Patronymic.
	GivenNames string
	// Title (T): position of the head of a legal entity.
	Title string
	// Organization (O).
	Organization string
	// OrganizationalUnit (OU).
	OrganizationalUnit string
	// Locality (L).
	Locality string
	// Region (ST) with its code.
	Region Region
	// Street (street).
	Street string
	// Country (C), "RU".
	Country string
	// Email (E, emailAddress).
	Email string

	// OGRN (ОГРН, 13 digits) of a legal entity.
	OGRN Identifier
	// OGRNIP (ОГРНИП, 15 digits) of an individual entrepreneur.
	OGRNIP Identifier
	// INN is the 12-digit ИНН of a person (attribute INN). A legacy INN
	// attribute "00" + 10 digits is an entity ИНН and is recorded in INNLE
	// (and LegacyINN), not here.
	INN Identifier
	// INNLE is the 10-digit ИНН of a legal entity: the INNLE attribute, or
	// when that is absent the legacy "00" + 10-digit INN (Legacy set).
	INNLE Identifier
	// LegacyINN is the INN attribute in its legacy entity form ("00" + 10
	// digits), kept as found; absent otherwise.
	LegacyINN Identifier
	// SNILS (СНИЛС, 11 digits) of a person.
	SNILS Identifier

	// Attributes lists every attribute in encoding order.
	Attributes []Attribute
	// Repeated lists the short names of attributes that occur more than once.
	Repeated []string
	// Raw is the DER encoding of the name.
	Raw []byte
}

// FirstName returns the first word of GivenNames: the first name.
func (n *Name) FirstName() string {
	f := strings.Fields(n.GivenNames)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Patronymic returns GivenNames without its first word: the patronymic (may
// be several words, e.g. "Мамед оглы", or empty).
func (n *Name) Patronymic() string {
	f := strings.Fields(n.GivenNames)
	if len(f) < 2 {
		return ""
	}
	return strings.Join(f[1:], " ")
}

// PersonName returns "Surname GivenNames" when either is present, else "".
func (n *Name) PersonName() string {
	return strings.TrimSpace(strings.TrimSpace(n.Surname) + " " + strings.TrimSpace(n.GivenNames))
}

// HasPerson reports whether the name carries data of a natural person:
// surname, given names, СНИЛС or a personal ИНН.
func (n *Name) HasPerson() bool {
	return n.Surname != "" || n.GivenNames != "" || n.SNILS.Present || n.INN.Present
}

// HasEntity reports whether the name carries data of a legal entity: ОГРН,
// ИНН ЮЛ (INNLE or legacy INN).
func (n *Name) HasEntity() bool {
	return n.OGRN.Present || n.INNLE.Present
}

// String renders the name on one line as "CN=…, O=…, OGRN=…" in encoding
// order, for logs and messages.
func (n *Name) String() string {
	size := 0
	for _, a := range n.Attributes {
		size += len(a.Name) + len(a.Value) + 3
	}
	var b strings.Builder
	b.Grow(size)
	for i, a := range n.Attributes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name)
		b.WriteByte('=')
		b.WriteString(a.Value)
	}
	return b.String()
}

// parseName reads a DER Name (RDNSequence). On an error the Name holds the
// attributes read before the problem.
func parseName(der []byte) (Name, error) {
	d := decoder{der: der, s: string(der)}
	n, _, err := d.name(der, false)
	return n, err
}

// name reads a DER Name. Its string values are substrings of d.s when der
// lies in d.der. err is a problem found by this package's reading (the
// Name then holds the attributes before it); with strict, why is set when
// crypto/x509 would refuse the name, which refuses the certificate.
func (d *decoder) name(der []byte, strict bool) (n Name, why string, err error) {
	n.Raw = der
	in := cryptobyte.String(der)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) || !in.Empty() {
		return n, "not a SEQUENCE", errors.New("name is not a DER SEQUENCE")
	}
	nattr, arcs := nameSize(rdns)
	d.reserve(arcs)
	var count attributeCounter
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			if err == nil {
				err = errors.New("relative distinguished name is not a SET")
			}
			return n, "a relative distinguished name is not a SET", err
		}
		if set.Empty() && err == nil {
			err = errors.New("empty relative distinguished name")
			if !strict {
				return n, "", err
			}
		}
		for !set.Empty() {
			var atv, typ, raw cryptobyte.String
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1(&typ, cbasn1.OBJECT_IDENTIFIER) ||
				!validOID(typ) || !atv.ReadAnyASN1(&raw, &tag) {
				if err == nil {
					err = errors.New("malformed attribute")
				}
				return n, "malformed attribute", err
			}
			k := knownAttribute(typ)
			if strict {
				if why := x509StringProblem(tag, raw); why != "" {
					return n, fmt.Sprintf("attribute %s: %s", attributeNameDER(typ, k), why), err
				}
			}
			if err != nil {
				continue // only looking for a refusal
			}
			if !atv.Empty() {
				err = errors.New("malformed attribute")
				if !strict {
					return n, "", err
				}
				continue
			}
			o, _ := d.oid(typ)
			value, verr := d.directoryString(int(tag), raw)
			if verr != nil {
				err = fmt.Errorf("attribute %s: %w", o, verr)
				if !strict {
					return n, "", err
				}
				continue
			}
			a := Attribute{Type: o, Name: attributeNameDER(typ, k), Value: value, Tag: int(tag)}
			if n.Attributes == nil {
				n.Attributes = make([]Attribute, 0, nattr)
			}
			n.Attributes = append(n.Attributes, a)
			switch count.add(a.Name) {
			case 1:
				n.set(k, a)
			case 2:
				n.Repeated = append(n.Repeated, a.Name)
			}
		}
	}
	if err == nil {
		n.finishINN()
	}
	return n, "", err
}

// nameSize counts the attributes of an RDNSequence and the arcs of their
// types, as far as they can be read.
func nameSize(rdns cryptobyte.String) (attrs, arcs int) {
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			break
		}
		for !set.Empty() {
			var atv, typ cryptobyte.String
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1(&typ, cbasn1.OBJECT_IDENTIFIER) {
				break
			}
			attrs++
			if n, ok := oidArcs(typ); ok {
				arcs += n
			}
		}
	}
	return attrs, arcs
}

// attributeCounter counts attributes by name: in place for the few kinds a
// name has, in a map for a hostile one with many.
type attributeCounter struct {
	names  [16]string
	counts [16]int
	n      int
	m      map[string]int
}

// add counts one more attribute called name and returns its count.
func (c *attributeCounter) add(name string) int {
	if c.m != nil {
		c.m[name]++
		return c.m[name]
	}
	for i := 0; i < c.n; i++ {
		if c.names[i] == name {
			c.counts[i]++
			return c.counts[i]
		}
	}
	if c.n == len(c.names) {
		c.m = make(map[string]int, 2*len(c.names))
		for i := 0; i < c.n; i++ {
			c.m[c.names[i]] = c.counts[i]
		}
		c.m[name] = 1
		return 1
	}
	c.names[c.n], c.counts[c.n] = name, 1
	c.n++
	return 1
}

// set stores the first value of the known attribute k (an index of
// knownAttributes, -1 for others).
func (n *Name) set(k int, a Attribute) {
	switch k {
	case attrCN:
		n.CommonName = a.Value
	case attrSN:
		n.Surname = a.Value
	case attrG:
		n.GivenNames = a.Value
	case attrT:
		n.Title = a.Value
	case attrO:
		n.Organization = a.Value
	case attrOU:
		n.OrganizationalUnit = a.Value
	case attrL:
		n.Locality = a.Value
	case attrST:
		n.Region = parseRegion(a.Value)
	case attrStreet:
		n.Street = a.Value
	case attrC:
		n.Country = a.Value
	case attrE:
		n.Email = a.Value
	case attrOGRN:
		n.OGRN = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseOGRN(s)
			return v.String(), err
		})
	case attrOGRNIP:
		n.OGRNIP = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseOGRNIP(s)
			return v.String(), err
		})
	case attrSNILS:
		n.SNILS = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseSNILS(s)
			return v.Digits(), err
		})
	case attrINNLE:
		n.INNLE = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseINNLE(s)
			return v.String(), err
		})
	case attrINN:
		if isLegacyINN(a.Value) {
			n.LegacyINN = newIdentifier(a, func(s string) (string, error) {
				v, err := ident.INNFromCertificateAttribute(s)
				return v.String(), err
			})
			n.LegacyINN.Legacy = true
			if n.LegacyINN.Err != nil {
				n.LegacyINN.Value = strings.TrimSpace(a.Value)[2:]
			}
			return
		}
		n.INN = newIdentifier(a, func(s string) (string, error) {
			v, err := ident.ParseINNPerson(s)
			return v.String(), err
		})
	}
}

// finishINN derives INNLE from a legacy INN when there is no INNLE
// attribute.
func (n *Name) finishINN() {
	if !n.INNLE.Present && n.LegacyINN.Present {
		n.INNLE = n.LegacyINN
	}
}

// isLegacyINN reports whether an INN attribute value is the legacy entity
// form: 12 digits starting with "00".
func isLegacyINN(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) != 12 || !strings.HasPrefix(v, "00") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// newIdentifier checks the attribute value with parse, which returns the
// normalised value.
func newIdentifier(a Attribute, parse func(string) (string, error)) Identifier {
	id := Identifier{Present: true, Raw: a.Value, Tag: a.Tag}
	v, err := parse(a.Value)
	if err != nil {
		id.Err = err
		id.Value = strings.TrimSpace(a.Value)
		return id
	}
	id.Value = v
	return id
}

// decodeDirectoryString decodes the string types met in names. Other types
// are rendered as "#" and the hex of their content, like RFC 4514.
func decodeDirectoryString(tag int, b []byte) (string, error) {
	return (&decoder{}).directoryString(tag, b)
}

// directoryString is decodeDirectoryString with the values that need no
// conversion taken from d.
func (d *decoder) directoryString(tag int, b []byte) (string, error) {
	switch tag {
	case asn1.TagUTF8String:
		if !utf8.Valid(b) {
			return "", errors.New("invalid UTF-8 in UTF8String")
		}
		return d.str(b), nil
	case asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString:
		for _, c := range b {
			if c >= utf8.RuneSelf {
				return "", fmt.Errorf("non-ASCII byte 0x%02x in %s", c, stringTypeName(tag))
			}
		}
		return d.str(b), nil
	case asn1.TagT61String:
		if ascii(b) {
			return d.str(b), nil
		}
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), nil
	case 30: // BMPString, UTF-16BE
		if len(b)%2 != 0 {
			return "", errors.New("odd length BMPString")
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u)), nil
	case 28: // UniversalString, UTF-32BE
		if len(b)%4 != 0 {
			return "", errors.New("bad length UniversalString")
		}
		r := make([]rune, len(b)/4)
		for i := range r {
			r[i] = rune(binary.BigEndian.Uint32(b[4*i:]))
		}
		return string(r), nil
	}
	return fmt.Sprintf("#%X", b), nil
}

// ascii reports whether b is 7-bit.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stringTypeName names an ASN.1 string tag.
func stringTypeName(tag int) string {
	switch tag {
	case asn1.TagUTF8String:
		return "UTF8String"
	case asn1.TagPrintableString:
		return "PrintableString"
	case asn1.TagIA5String:
		return "IA5String"
	case asn1.TagNumericString:
		return "NumericString"
	case asn1.TagT61String:
		return "TeletexString"
	case 30:
		return "BMPString"
	case 28:
		return "UniversalString"
	}
	return fmt.Sprintf("tag %d", tag)
}
