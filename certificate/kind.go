package certificate

import (
	"fmt"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"
)

// Kind is the type of certificate owner.
type Kind int

// The kinds of owner (63-ФЗ ст. 14, 17.2; Приказ ФСБ России № 795).
const (
	// KindUnknown: the subject has none of the identifiers that classify it.
	KindUnknown Kind = iota
	// KindLegalEntity: юридическое лицо (ЮЛ).
	KindLegalEntity
	// KindEntrepreneur: индивидуальный предприниматель (ИП).
	KindEntrepreneur
	// KindPerson: физическое лицо (ФЛ).
	KindPerson
)

// String returns the kind in English: "legal entity", "individual
// entrepreneur", "person", "unknown".
func (k Kind) String() string {
	switch k {
	case KindLegalEntity:
		return "legal entity"
	case KindEntrepreneur:
		return "individual entrepreneur"
	case KindPerson:
		return "person"
	}
	return "unknown"
}

// Russian returns the Russian abbreviation: "ЮЛ", "ИП", "ФЛ", or
// "не определён".
func (k Kind) Russian() string {
	switch k {
	case KindLegalEntity:
		return "ЮЛ"
	case KindEntrepreneur:
		return "ИП"
	case KindPerson:
		return "ФЛ"
	}
	return "не определён"
}

// RussianLong returns the full Russian name of the kind.
func (k Kind) RussianLong() string {
	switch k {
	case KindLegalEntity:
		return "юридическое лицо"
	case KindEntrepreneur:
		return "индивидуальный предприниматель"
	case KindPerson:
		return "физическое лицо"
	}
	return "тип владельца не определён"
}

// Issuer identifies a CA organisation by its ОГРН and/or ИНН ЮЛ, as they
// appear in the issuer name of the certificates it issues.
type Issuer struct {
	// Name is a label for messages ("ФНС России").
	Name string
	// OGRN of the CA organisation; empty to match by INNLE only.
	OGRN string
	// INNLE (10-digit ИНН) of the CA organisation; empty to match by OGRN
	// only.
	INNLE string
}

// Matches reports whether the issuer name n belongs to this organisation:
// every identifier set in i must equal the corresponding valid identifier of
// n, and at least one must be set.
func (i Issuer) Matches(n *Name) bool {
	if i.OGRN == "" && i.INNLE == "" {
		return false
	}
	if i.OGRN != "" && (!n.OGRN.Valid() || n.OGRN.Value != i.OGRN) {
		return false
	}
	if i.INNLE != "" && (!n.INNLE.Valid() || n.INNLE.Value != i.INNLE) {
		return false
	}
	return true
}

// DefaultHeadIssuers returns the CA organisations that issue qualified
// certificates to heads of legal entities and to individual entrepreneurs
// since 2022 (63-ФЗ ст. 17.2): the УЦ ФНС
// России, the Федеральное казначейство (heads of state bodies) and the Банк
// России (heads of credit and payment organisations).
//
// The ФНС identifiers were read from its CA certificates; the Казначейство
// and Банк России identifiers are their published ОГРН/ИНН and not yet
// checked against their CA certificates. Whether the Казначейство also covers
// state and municipal institutions is unconfirmed, which is why the list is
// an option: add the trusted partners or local CAs you accept.
func DefaultHeadIssuers() []Issuer {
	return []Issuer{
		{Name: "ФНС России", OGRN: "1047707030513", INNLE: "7707329152"},
		{Name: "Федеральное казначейство", OGRN: "1047797019830", INNLE: "7710568760"},
		{Name: "Банк России", OGRN: "1037700013020", INNLE: "7702235133"},
	}
}

// Options configure classification and the profile checks. The zero value
// (or a nil *Options) uses the defaults.
type Options struct {
	// HeadIssuers are the CAs accepted for certificates of heads of legal
	// entities and of individual entrepreneurs. nil means
	// DefaultHeadIssuers(); an empty non-nil slice accepts none.
	HeadIssuers []Issuer
	// TimeUnproven says that the time CheckProfile checks at is not a
	// proven time of what the certificate is checked for (a signature
	// without a proof of existence, checked at the validation time): a
	// certificate or private key outside its period then is indeterminate
	// (OUT_OF_BOUNDS_NO_POE), not a failure, because the signature may
	// have been made while they were valid (ETSI EN 319 102-1 §5.2.6).
	TimeUnproven bool
}

// timeUnproven reports Options.TimeUnproven.
func (o *Options) timeUnproven() bool { return o != nil && o.TimeUnproven }

func (o *Options) headIssuers() []Issuer {
	if o == nil || o.HeadIssuers == nil {
		return DefaultHeadIssuers()
	}
	return o.HeadIssuers
}

// headIssuer returns the accepted issuer that issued c, if any.
func (o *Options) headIssuer(c *Certificate) (Issuer, bool) {
	for _, i := range o.headIssuers() {
		if i.Matches(&c.Issuer) {
			return i, true
		}
	}
	return Issuer{}, false
}

// Dates of the post-2022 rules (63-ФЗ ст. 17.2, 17.3 in the wording of
// 476-ФЗ of 27.12.2019 and its later amendments).
var (
	// headOnlyFromFNS: from this date heads of ЮЛ and ИП receive qualified
	// certificates only from the УЦ ФНС (or Казначейство / Банк России).
	headOnlyFromFNS = time.Date(2022, 1, 1, 0, 0, 0, 0, msk.Zone)
	// commercialHeadEnd: ЮЛ/ИП certificates from commercial CAs (issued up to
	// 31.12.2021) were usable until 31.12.2022 inclusive.
	commercialHeadEnd = time.Date(2023, 1, 1, 0, 0, 0, 0, msk.Zone)
	// employeeCertEnd: employee certificates with organisation data were
	// valid until 31.08.2024 inclusive (457-ФЗ).
	employeeCertEnd = time.Date(2024, 9, 1, 0, 0, 0, 0, msk.Zone)
	// innleRequired: Приказ ФСБ № 31 in force; entity ИНН in INNLE.
	innleRequired = time.Date(2021, 9, 1, 0, 0, 0, 0, msk.Zone)
)

// Classification is the result of Classify.
type Classification struct {
	// Kind of the owner.
	Kind Kind
	// Reason explains the kind in Russian.
	Reason string
	// ReasonEN explains the kind in English.
	ReasonEN string
	// HasPerson reports whether an entity certificate also names a person
	// (the head acting without power of attorney, or an employee).
	HasPerson bool
	// LegacyEmployee flags an entity certificate naming a person that was
	// not issued by one of the accepted head issuers: a pre-2024 "employee"
	// certificate of a commercial CA (or a pre-2022 head certificate from a
	// commercial CA). Such certificates are no longer valid after 31.08.2024.
	LegacyEmployee bool
	// LegacyEmployeeReason explains the flag in Russian ("" when not set).
	LegacyEmployeeReason string
	// LegacyEmployeeReasonEN explains the flag in English.
	LegacyEmployeeReasonEN string
}

// Classify determines the kind of owner from the subject
// (Приказ ФСБ России № 795: the attributes each kind of owner carries):
//
//  1. OGRNIP present → ИП;
//  2. else INNLE, OGRN or a legacy INN ("00" + 10 digits) present → ЮЛ;
//  3. else SNILS and/or a 12-digit INN present → ФЛ;
//  4. else unknown.
//
// Presence decides, not validity: a wrong checksum is reported by the
// profile rules, not by a different kind. opts may be nil.
func (c *Certificate) Classify(opts *Options) Classification {
	s := &c.Subject
	var cl Classification
	switch {
	case s.OGRNIP.Present:
		cl.Kind = KindEntrepreneur
		cl.Reason = "в сертификате указан ОГРНИП"
		cl.ReasonEN = "the subject has an OGRNIP"
	case s.HasEntity():
		cl.Kind = KindLegalEntity
		var ru, en []string
		if s.INNLE.Present && !s.INNLE.Legacy {
			ru, en = append(ru, "ИНН ЮЛ (INNLE)"), append(en, "INNLE")
		}
		if s.OGRN.Present {
			ru, en = append(ru, "ОГРН"), append(en, "OGRN")
		}
		if s.LegacyINN.Present {
			ru, en = append(ru, "ИНН ЮЛ в прежней форме INN = 00 + 10 цифр"), append(en, `legacy INN "00" + 10 digits`)
		}
		cl.Reason = "в сертификате указаны " + strings.Join(ru, ", ")
		cl.ReasonEN = "the subject has " + strings.Join(en, ", ")
		cl.HasPerson = s.Surname != "" || s.GivenNames != "" || s.SNILS.Present || s.INN.Present
	case s.SNILS.Present || s.INN.Present:
		cl.Kind = KindPerson
		switch {
		case s.SNILS.Present && s.INN.Present:
			cl.Reason, cl.ReasonEN = "в сертификате указаны СНИЛС и ИНН физического лица, нет ОГРН и ОГРНИП", "the subject has a SNILS and a personal INN and no OGRN/OGRNIP"
		case s.SNILS.Present:
			cl.Reason, cl.ReasonEN = "в сертификате указан СНИЛС, нет ОГРН и ОГРНИП", "the subject has a SNILS and no OGRN/OGRNIP"
		default:
			cl.Reason, cl.ReasonEN = "в сертификате указан ИНН физического лица, нет ОГРН и ОГРНИП", "the subject has a personal INN and no OGRN/OGRNIP"
		}
	default:
		cl.Reason = "в сертификате нет ни ОГРН, ни ОГРНИП, ни ИНН, ни СНИЛС"
		cl.ReasonEN = "the subject has none of OGRN, OGRNIP, INN, INNLE, SNILS"
	}
	if cl.Kind == KindLegalEntity && cl.HasPerson && !c.IsCA {
		if _, ok := opts.headIssuer(c); !ok {
			cl.LegacyEmployee = true
			issuer := c.Issuer.Organization
			if issuer == "" {
				issuer = c.Issuer.CommonName
			}
			cl.LegacyEmployeeReason = fmt.Sprintf("сертификат юридического лица с данными физического лица выдан УЦ «%s», а не УЦ ФНС России, Федерального казначейства или Банка России: это сертификат сотрудника прежнего образца, действовавший не позднее 31.08.2024", issuer)
			cl.LegacyEmployeeReasonEN = fmt.Sprintf("entity certificate naming a person issued by %q, not by an accepted head issuer: a legacy employee certificate, valid at most until 2024-08-31", issuer)
		}
	}
	return cl
}
