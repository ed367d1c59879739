package application

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Variant is one of the three ways to upload documents for the «Регистратор»
// power (the ЕГИСЗ instruction «Алгоритм регистрации…», step 2.1). The zero
// value is not a valid variant.
type Variant int

// The variants, in the order the instruction lists them.
const (
	// VariantHead: the head of the organisation or an individual
	// entrepreneur uploads the certificate of a legal entity (ЮЛ) or of an
	// individual entrepreneur (ИП).
	VariantHead Variant = iota + 1
	// VariantRepresentative: a person authorised by a machine-readable power
	// of attorney (МЧД) signed by the head uploads the МЧД, its detached
	// signature and his or her own certificate of a natural person (ФЛ).
	VariantRepresentative
	// VariantManaging: the head of a managing organisation (which acts for
	// the organisation without a power of attorney according to ЕГРЮЛ)
	// uploads the МЧД, its detached signature and a legal-entity (ЮЛ)
	// certificate.
	VariantManaging
)

// Variants lists every valid variant in order.
var Variants = []Variant{VariantHead, VariantRepresentative, VariantManaging}

// Document is a kind of file a variant requires.
type Document int

// The documents of the upload variants.
const (
	// DocCertificateEntity is the certificate of a legal entity (ЮЛ) or of an
	// individual entrepreneur (ИП).
	DocCertificateEntity Document = iota + 1
	// DocCertificateLegalEntity is the certificate of a legal entity (ЮЛ).
	DocCertificateLegalEntity
	// DocCertificatePerson is the certificate of a natural person (ФЛ).
	DocCertificatePerson
	// DocMCHD is the machine-readable power of attorney (МЧД), XML.
	DocMCHD
	// DocMCHDSignature is the detached signature of the МЧД.
	DocMCHDSignature
)

// String returns the English name of the document.
func (d Document) String() string {
	switch d {
	case DocCertificateEntity:
		return "legal-entity or entrepreneur certificate"
	case DocCertificateLegalEntity:
		return "legal-entity certificate"
	case DocCertificatePerson:
		return "natural-person certificate"
	case DocMCHD:
		return "machine-readable power of attorney"
	case DocMCHDSignature:
		return "detached signature of the power of attorney"
	}
	return fmt.Sprintf("Document(%d)", int(d))
}

// Russian returns the Russian name of the document.
func (d Document) Russian() string {
	switch d {
	case DocCertificateEntity:
		return "сертификат ключа проверки ЭП юридического лица или индивидуального предпринимателя"
	case DocCertificateLegalEntity:
		return "сертификат ключа проверки ЭП юридического лица"
	case DocCertificatePerson:
		return "сертификат ключа проверки ЭП физического лица"
	case DocMCHD:
		return "машиночитаемая доверенность (МЧД)"
	case DocMCHDSignature:
		return "файл открепленной подписи МЧД"
	}
	return d.String()
}

// Valid reports whether v is one of the three variants.
func (v Variant) Valid() bool { return v >= VariantHead && v <= VariantManaging }

// Code returns the stable code used in JSON and XML: "head",
// "representative" or "managing"; "" for an invalid variant.
func (v Variant) Code() string {
	switch v {
	case VariantHead:
		return "head"
	case VariantRepresentative:
		return "representative"
	case VariantManaging:
		return "managing"
	}
	return ""
}

// String returns the code, or "Variant(n)" for an invalid variant.
func (v Variant) String() string {
	if c := v.Code(); c != "" {
		return c
	}
	return fmt.Sprintf("Variant(%d)", int(v))
}

// English returns a short English description.
func (v Variant) English() string {
	switch v {
	case VariantHead:
		return "head of the organisation or individual entrepreneur"
	case VariantRepresentative:
		return "representative with a machine-readable power of attorney"
	case VariantManaging:
		return "head of the managing organisation"
	}
	return v.String()
}

// Russian returns the Russian name of the variant as the personal cabinet
// shows it.
func (v Variant) Russian() string {
	switch v {
	case VariantHead:
		return "Руководитель организации / индивидуальный предприниматель"
	case VariantRepresentative:
		return "Уполномоченное лицо организации по МЧД"
	case VariantManaging:
		return "Руководитель управляющей организации"
	}
	return v.String()
}

// Documents returns the documents the variant requires, in upload order.
func (v Variant) Documents() []Document {
	switch v {
	case VariantHead:
		return []Document{DocCertificateEntity}
	case VariantRepresentative:
		return []Document{DocMCHD, DocMCHDSignature, DocCertificatePerson}
	case VariantManaging:
		return []Document{DocMCHD, DocMCHDSignature, DocCertificateLegalEntity}
	}
	return nil
}

// NeedsMCHD reports whether the variant uploads a power of attorney.
func (v Variant) NeedsMCHD() bool {
	return v == VariantRepresentative || v == VariantManaging
}

// ParseVariant reads a variant from its code ("head", "representative",
// "managing"), case-insensitively and ignoring surrounding spaces.
func ParseVariant(s string) (Variant, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "head":
		return VariantHead, nil
	case "representative":
		return VariantRepresentative, nil
	case "managing":
		return VariantManaging, nil
	}
	return 0, fmt.Errorf("application: unknown variant %q (want head, representative or managing)", s)
}

// MarshalText encodes the variant as its code; an invalid variant is an
// error.
func (v Variant) MarshalText() ([]byte, error) {
	if !v.Valid() {
		return nil, fmt.Errorf("application: invalid variant %d", int(v))
	}
	return []byte(v.Code()), nil
}

// UnmarshalText decodes a variant code.
func (v *Variant) UnmarshalText(b []byte) error {
	p, err := ParseVariant(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// MarshalJSON encodes the variant as a JSON string ("head", …).
func (v Variant) MarshalJSON() ([]byte, error) {
	b, err := v.MarshalText()
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(b))
}

// UnmarshalJSON decodes a JSON string ("head", …).
func (v *Variant) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("application: variant: %w", err)
	}
	return v.UnmarshalText([]byte(s))
}
