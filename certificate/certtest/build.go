package certtest

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/internal/oid"
)

// This file builds GOST certificates for test PKIs. crypto/x509 cannot sign
// with GOST keys, so the TBSCertificate is written here with cryptobyte,
// hashed with Streebog-256/512 according to the issuer key and signed with
// the issuer's crypto.Signer. Nothing here is meant for production CAs.

// NameSpec describes a name to encode. Empty fields are omitted. The
// attributes are written one per RDN with the ASN.1 types of the Russian
// profile: UTF8String for names and addresses, PrintableString for C,
// IA5String for E and NumericString for the identifiers.
type NameSpec struct {
	Country            string // C, PrintableString
	Region             string // ST, e.g. "77 Москва"
	Locality           string // L
	Street             string // street
	Organization       string // O
	OrganizationalUnit string // OU
	Title              string // T
	CommonName         string // CN
	Surname            string // SN
	GivenNames         string // G: first name and patronymic
	Email              string // E, IA5String
	OGRN               string // 1.2.643.100.1
	OGRNIP             string // 1.2.643.100.5
	INNLE              string // 1.2.643.100.4
	INN                string // 1.2.643.3.131.1.1 (12 digits, or "00" + 10 legacy)
	SNILS              string // 1.2.643.100.3
	// Extra attributes are appended after the others as given, to build
	// unusual names in tests (repeated attributes, wrong string types).
	Extra []AttributeSpec
}

// AttributeSpec is one extra attribute of a NameSpec.
type AttributeSpec struct {
	// Type is the attribute OID.
	Type asn1.ObjectIdentifier
	// Value is the string value.
	Value string
	// Tag is the ASN.1 universal string tag (asn1.TagUTF8String, …).
	Tag int
}

// Extension is a raw extension added by Template.ExtraExtensions.
type Extension struct {
	// OID of the extension.
	OID asn1.ObjectIdentifier
	// Critical flag.
	Critical bool
	// Value is the DER content of extnValue.
	Value []byte
}

// Template describes a certificate for Create. The zero value of most fields
// omits the corresponding extension; the presets of NewTemplate fill in
// realistic values.
type Template struct {
	// SerialNumber; nil draws 16 random bytes (positive) from the rand
	// reader passed to Create.
	SerialNumber *big.Int
	// Subject name.
	Subject NameSpec
	// NotBefore and NotAfter bound the validity (UTCTime up to 2049,
	// GeneralizedTime after, as RFC 5280 requires).
	NotBefore, NotAfter time.Time
	// PrivateKeyUsagePeriod adds extension 2.5.29.16 when not nil.
	PrivateKeyUsagePeriod *certificate.Period

	// IsCA adds a critical basicConstraints with cA TRUE.
	IsCA bool
	// MaxPathLen ≥ 0 adds a pathLenConstraint to a CA (-1: none).
	MaxPathLen int
	// KeyUsage is written as a critical extension unless 0.
	KeyUsage x509.KeyUsage
	// KeyUsageNonCritical writes keyUsage non-critical (as on some real
	// CAs).
	KeyUsageNonCritical bool
	// ExtKeyUsage OIDs; none omits the extension.
	ExtKeyUsage []asn1.ObjectIdentifier
	// ExtKeyUsageCritical marks extKeyUsage critical (as RFC 3161 requires
	// of a time-stamping unit's certificate).
	ExtKeyUsageCritical bool
	// OCSPNoCheck adds id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): the
	// certificate of an OCSP responder need not be checked for revocation.
	OCSPNoCheck bool

	// SubjectKeyID; nil computes SHA-1 of the public key bits (RFC 5280
	// §4.2.1.2 method 1).
	SubjectKeyID []byte
	// OmitSubjectKeyID leaves subjectKeyIdentifier out.
	OmitSubjectKeyID bool
	// OmitAuthorityKeyID leaves authorityKeyIdentifier out; otherwise it
	// carries the issuer's key identifier.
	OmitAuthorityKeyID bool
	// AuthorityKeyIDFull adds to authorityKeyIdentifier the issuer's issuer
	// name (DirName) and the issuer certificate's serial number, as Russian
	// CAs do.
	AuthorityKeyIDFull bool

	// SubjectSignTool adds 1.2.643.100.111 when not empty.
	SubjectSignTool string
	// IssuerSignTool adds 1.2.643.100.112 when not nil.
	IssuerSignTool *certificate.IssuerSignTool
	// IdentificationKind adds 1.2.643.100.114 when not nil.
	IdentificationKind *certificate.IdentificationKind
	// Policies adds certificatePolicies with these OIDs (use
	// certificate.PolicyClass.OID for КС1…КА1).
	Policies []asn1.ObjectIdentifier
	// CRLDistributionPoints are written as fullName URIs.
	CRLDistributionPoints []string
	// OCSPServers are written to authorityInfoAccess (id-ad-ocsp).
	OCSPServers []string
	// IssuingCertificateURLs are written to authorityInfoAccess
	// (id-ad-caIssuers).
	IssuingCertificateURLs []string

	// ExtraExtensions are appended as given, after the others (duplicates
	// and malformed values are allowed: they are for negative tests).
	ExtraExtensions []Extension
	// SignatureParamsNULL writes NULL algorithm parameters (the OpenSSL
	// gost-engine style) instead of leaving them absent (CryptoPro style).
	SignatureParamsNULL bool
	// SubjectPublicKeyInfo, when not nil, is written as the DER
	// SubjectPublicKeyInfo instead of the subject key's own encoding, for
	// certificates with keys package certificate cannot use (a withdrawn
	// GOST R 34.10-2001 key, another algorithm). The subject key still
	// gives the default subject key identifier.
	SubjectPublicKeyInfo []byte
}

// Create builds and signs a certificate. issuer is the issuing CA's
// certificate, or nil for a self-signed certificate; issuerKey signs (for a
// self-signed certificate it must be the subject's own key) and must be a
// GOST key underneath — a *certificate.GOSTPrivateKey or any crypto.Signer
// whose Public is a *certificate.GOSTPublicKey, else the error matches
// certificate.ErrNotGOSTKey; subjectKey is the key certified
// (*certificate.GOSTPublicKey, or a *certificate.GOSTPrivateKey whose public
// half is used). rand supplies the serial number (when not set) and the
// signature nonces: a seeded reader (for example rand.NewChaCha8 of
// math/rand/v2) makes the result reproducible. The certificate returned has
// been through certificate.ParseOne.
func Create(t *Template, issuer *certificate.Certificate, issuerKey crypto.Signer, subjectKey crypto.PublicKey, rand io.Reader) (*certificate.Certificate, error) {
	der, err := CreateDER(t, issuer, issuerKey, subjectKey, rand)
	if err != nil {
		return nil, err
	}
	return certificate.ParseOne(der)
}

// CreateDER is Create without the final parse: it returns the DER
// certificate even when certificate.Parse rejects it (a duplicate extension
// from ExtraExtensions, a malformed name, …), for negative tests. The
// arguments are those of Create.
func CreateDER(t *Template, issuer *certificate.Certificate, issuerKey crypto.Signer, subjectKey crypto.PublicKey, rand io.Reader) ([]byte, error) {
	if t == nil || issuerKey == nil || subjectKey == nil || rand == nil {
		return nil, errors.New("certtest: Create needs a template, issuer key, subject key and random source")
	}
	issuerPub, err := gostSigner(issuerKey)
	if err != nil {
		return nil, err
	}
	subjectPub, err := gostPublic(subjectKey)
	if err != nil {
		return nil, fmt.Errorf("certtest: subject key: %w", err)
	}
	if issuer == nil && !issuerPub.Equal(subjectPub) {
		return nil, errors.New("certtest: a self-signed certificate must be signed with the subject's own key")
	}
	if issuer != nil && !issuerKeyIs(issuer, issuerPub) {
		return nil, errors.New("certtest: issuerKey does not match the issuer certificate's public key")
	}
	serial := t.SerialNumber
	if serial == nil {
		var b [16]byte
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			return nil, fmt.Errorf("certtest: serial number: %w", err)
		}
		b[0] &= 0x7f
		b[0] |= 0x40 // 16 significant bytes, positive
		serial = new(big.Int).SetBytes(b[:])
	}
	if serial.Sign() <= 0 {
		return nil, errors.New("certtest: serial number must be positive")
	}
	subject, err := encodeName(&t.Subject)
	if err != nil {
		return nil, err
	}
	spki, err := subjectPub.MarshalPKIX()
	if err != nil {
		return nil, err
	}
	if t.SubjectPublicKeyInfo != nil {
		spki = t.SubjectPublicKeyInfo
	}
	ski := t.SubjectKeyID
	if ski == nil {
		if ski, err = keyID(subjectPub); err != nil {
			return nil, err
		}
	}
	var issuerName, aki []byte
	if issuer == nil {
		issuerName = subject
		if !t.OmitAuthorityKeyID {
			aki = encodeAKI(ski, nil, nil)
		}
	} else {
		issuerName = issuer.RawSubject
		if !t.OmitAuthorityKeyID {
			id := issuer.SubjectKeyID
			if id == nil {
				if id, err = keyID(issuerPub); err != nil {
					return nil, err
				}
			}
			if t.AuthorityKeyIDFull {
				aki = encodeAKI(id, issuer.RawIssuer, issuer.SerialNumber)
			} else {
				aki = encodeAKI(id, nil, nil)
			}
		}
	}
	sigAlg := signatureAlgorithm(issuerPub)
	exts, err := t.extensions(ski, aki)
	if err != nil {
		return nil, err
	}

	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1Int64(2) // v3
		})
		b.AddASN1BigInt(serial)
		addAlgorithm(b, sigAlg, t.SignatureParamsNULL)
		b.AddBytes(issuerName)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addTime(b, t.NotBefore)
			addTime(b, t.NotAfter)
		})
		b.AddBytes(subject)
		b.AddBytes(spki)
		if len(exts) > 0 {
			b.AddASN1(cbasn1.Tag(3).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, e := range exts {
						addExtension(b, e)
					}
				})
			})
		}
	})
	tbs, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding TBSCertificate: %w", err)
	}
	sig, err := signDigestOf(issuerKey, issuerPub, tbs, rand)
	if err != nil {
		return nil, err
	}
	var cb cryptobyte.Builder
	cb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		addAlgorithm(b, sigAlg, t.SignatureParamsNULL)
		b.AddASN1BitString(sig)
	})
	der, err := cb.Bytes()
	if err != nil {
		return nil, fmt.Errorf("certtest: encoding certificate: %w", err)
	}
	return der, nil
}

// signatureAlgorithm returns the GOST R 34.10-2012 signature algorithm of
// the issuer key's size.
func signatureAlgorithm(issuerPub *certificate.GOSTPublicKey) asn1.ObjectIdentifier {
	if issuerPub.Bits() == 512 {
		return oid.SignWithDigest512.OID()
	}
	return oid.SignWithDigest256.OID()
}

// issuerKeyIs reports whether the issuer certificate's key is pub.
func issuerKeyIs(issuer *certificate.Certificate, pub *certificate.GOSTPublicKey) bool {
	k, err := issuer.GOSTKey()
	return err == nil && k.Equal(pub)
}

// addAlgorithm writes an AlgorithmIdentifier with absent or NULL
// parameters.
func addAlgorithm(b *cryptobyte.Builder, alg asn1.ObjectIdentifier, null bool) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(alg)
		if null {
			b.AddASN1NULL()
		}
	})
}

// addTime writes UTCTime for 1950–2049 and GeneralizedTime otherwise.
func addTime(b *cryptobyte.Builder, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() >= 1950 && t.Year() < 2050 {
		b.AddASN1UTCTime(t)
		return
	}
	b.AddASN1GeneralizedTime(t)
}

// addExtension writes one Extension.
func addExtension(b *cryptobyte.Builder, e Extension) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(e.OID)
		if e.Critical {
			b.AddASN1Boolean(true)
		}
		b.AddASN1OctetString(e.Value)
	})
}

// der runs a builder function and returns its bytes.
func der(f func(b *cryptobyte.Builder)) ([]byte, error) {
	var b cryptobyte.Builder
	f(&b)
	return b.Bytes()
}

// extensions encodes the template's extensions in a fixed order.
func (t *Template) extensions(ski, aki []byte) ([]Extension, error) {
	var out []Extension
	var firstErr error
	add := func(id asn1.ObjectIdentifier, critical bool, f func(b *cryptobyte.Builder)) {
		v, err := der(f)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("certtest: encoding extension %s: %w", id, err)
		}
		out = append(out, Extension{OID: id, Critical: critical, Value: v})
	}
	if t.IsCA {
		add(oid.ExtBasicConstraints.OID(), true, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Boolean(true)
				if t.MaxPathLen >= 0 {
					b.AddASN1Int64(int64(t.MaxPathLen))
				}
			})
		})
	}
	if t.KeyUsage != 0 {
		add(oid.ExtKeyUsage.OID(), !t.KeyUsageNonCritical, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.BIT_STRING, func(b *cryptobyte.Builder) { b.AddBytes(keyUsageBits(t.KeyUsage)) })
		})
	}
	if len(t.ExtKeyUsage) > 0 {
		add(oid.ExtExtendedKeyUsage.OID(), t.ExtKeyUsageCritical, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, o := range t.ExtKeyUsage {
					b.AddASN1ObjectIdentifier(o)
				}
			})
		})
	}
	if t.OCSPNoCheck {
		add(oid.OCSPNoCheck.OID(), false, func(b *cryptobyte.Builder) { b.AddASN1NULL() })
	}
	if !t.OmitSubjectKeyID {
		add(oid.ExtSubjectKeyID.OID(), false, func(b *cryptobyte.Builder) { b.AddASN1OctetString(ski) })
	}
	if aki != nil {
		out = append(out, Extension{OID: oid.ExtAuthorityKeyID.OID(), Value: aki})
	}
	if t.SubjectSignTool != "" {
		add(oid.SubjectSignTool.OID(), false, func(b *cryptobyte.Builder) { addUTF8(b, t.SubjectSignTool) })
	}
	if s := t.IssuerSignTool; s != nil {
		add(oid.IssuerSignTool.OID(), false, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				addUTF8(b, s.SignTool)
				addUTF8(b, s.CATool)
				addUTF8(b, s.SignToolCert)
				addUTF8(b, s.CAToolCert)
			})
		})
	}
	if t.IdentificationKind != nil {
		add(oid.IdentificationKind.OID(), false, func(b *cryptobyte.Builder) { b.AddASN1Int64(int64(*t.IdentificationKind)) })
	}
	if len(t.Policies) > 0 {
		add(oid.ExtCertificatePolicies.OID(), false, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, o := range t.Policies {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(o) })
				}
			})
		})
	}
	if len(t.CRLDistributionPoints) > 0 {
		add(oid.ExtCRLDistribution.OID(), false, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, u := range t.CRLDistributionPoints {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte(u)) })
							})
						})
					})
				}
			})
		})
	}
	if len(t.OCSPServers)+len(t.IssuingCertificateURLs) > 0 {
		add(oid.ExtAuthorityInfoAccess.OID(), false, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				access := func(method asn1.ObjectIdentifier, urls []string) {
					for _, u := range urls {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1ObjectIdentifier(method)
							b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte(u)) })
						})
					}
				}
				access(oid.AccessOCSP.OID(), t.OCSPServers)
				access(oid.AccessCAIssuers.OID(), t.IssuingCertificateURLs)
			})
		})
	}
	if p := t.PrivateKeyUsagePeriod; p != nil {
		add(oid.ExtPrivateKeyUsage.OID(), false, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for i, tm := range []time.Time{p.NotBefore, p.NotAfter} {
					if tm.IsZero() {
						continue
					}
					b.AddASN1(cbasn1.Tag(i).ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddBytes([]byte(tm.UTC().Format("20060102150405Z")))
					})
				}
			})
		})
	}
	out = append(out, t.ExtraExtensions...)
	return out, firstErr
}

// keyUsageBits encodes a KeyUsage as the content of a DER BIT STRING
// (unused-bits octet first), with no trailing zero bits.
func keyUsageBits(ku x509.KeyUsage) []byte {
	hi := -1
	for i := 0; i < 9; i++ {
		if ku&(1<<i) != 0 {
			hi = i
		}
	}
	if hi < 0 {
		return []byte{0}
	}
	n := hi/8 + 1
	out := make([]byte, 1+n)
	out[0] = byte(7 - hi%8)
	for i := 0; i <= hi; i++ {
		if ku&(1<<i) != 0 {
			out[1+i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

// encodeAKI writes an authorityKeyIdentifier value; rawIssuer and serial
// are included when not nil.
func encodeAKI(keyID, rawIssuer []byte, serial *big.Int) []byte {
	v, _ := der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(keyID) })
			if rawIssuer != nil && serial != nil {
				b.AddASN1(cbasn1.Tag(1).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.Tag(4).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { b.AddBytes(rawIssuer) })
				})
				// authorityCertSerialNumber [2] IMPLICIT INTEGER: the
				// INTEGER's content octets under tag 0x82.
				b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(integerContent(serial)) })
			}
		})
	})
	return v
}

// integerContent returns the content octets of n encoded as a DER INTEGER.
func integerContent(n *big.Int) []byte {
	intDER, _ := der(func(b *cryptobyte.Builder) { b.AddASN1BigInt(n) })
	s := cryptobyte.String(intDER)
	var content cryptobyte.String
	if !s.ReadASN1(&content, cbasn1.INTEGER) {
		return nil
	}
	return content
}

// addUTF8 writes s as a UTF8String.
func addUTF8(b *cryptobyte.Builder, s string) {
	b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(s)) })
}

// encodeName writes a NameSpec as a DER Name, one attribute per RDN.
func encodeName(n *NameSpec) ([]byte, error) {
	attrs := []AttributeSpec{
		{oid.Country.OID(), n.Country, asn1.TagPrintableString},
		{oid.Region.OID(), n.Region, asn1.TagUTF8String},
		{oid.Locality.OID(), n.Locality, asn1.TagUTF8String},
		{oid.Street.OID(), n.Street, asn1.TagUTF8String},
		{oid.Organization.OID(), n.Organization, asn1.TagUTF8String},
		{oid.OrganizationalUnit.OID(), n.OrganizationalUnit, asn1.TagUTF8String},
		{oid.Title.OID(), n.Title, asn1.TagUTF8String},
		{oid.CommonName.OID(), n.CommonName, asn1.TagUTF8String},
		{oid.Surname.OID(), n.Surname, asn1.TagUTF8String},
		{oid.GivenName.OID(), n.GivenNames, asn1.TagUTF8String},
		{oid.EmailAddress.OID(), n.Email, asn1.TagIA5String},
		{oid.OGRN.OID(), n.OGRN, asn1.TagNumericString},
		{oid.OGRNIP.OID(), n.OGRNIP, asn1.TagNumericString},
		{oid.INNLE.OID(), n.INNLE, asn1.TagNumericString},
		{oid.INN.OID(), n.INN, asn1.TagNumericString},
		{oid.SNILS.OID(), n.SNILS, asn1.TagNumericString},
	}
	attrs = append(attrs, n.Extra...)
	return der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, a := range attrs {
				if a.Value == "" {
					continue
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(a.Type)
						b.AddASN1(cbasn1.Tag(a.Tag), func(b *cryptobyte.Builder) { b.AddBytes([]byte(a.Value)) })
					})
				})
			}
		})
	})
}

// Preset selects one of the realistic templates of NewTemplate.
type Preset int

// The presets. All identities are synthetic: names are invented and the
// identifiers are random numbers with valid control digits (internal/ident).
const (
	// PresetRoot: self-signed head CA (ГУЦ-like): keyCertSign, cRLSign, no
	// path length, 15 years.
	PresetRoot Preset = iota
	// PresetCA: intermediate CA (УЦ ФНС-like): pathlen 0, digitalSignature,
	// keyCertSign, cRLSign, full AKI, CRL DP and AIA, 10 years.
	PresetCA
	// PresetLegalEntityHead: head of a legal entity (ЮЛ) as issued by the
	// УЦ ФНС: O = CN, T, SN, G, СНИЛС, ИНН, INNLE, ОГРН, address; 15 months
	// with privateKeyUsagePeriod.
	PresetLegalEntityHead
	// PresetEntrepreneur: individual entrepreneur (ИП): CN, SN, G, ОГРНИП,
	// СНИЛС, ИНН, E.
	PresetEntrepreneur
	// PresetPerson: natural person (ФЛ): CN, SN, G, СНИЛС, ИНН.
	PresetPerson
	// PresetTSA: a time-stamping unit (RFC 3161 §2.3): critical
	// extKeyUsage with id-kp-timeStamping only, keyUsage digitalSignature,
	// 5 years.
	PresetTSA
	// PresetOCSPResponder: a delegated OCSP responder (RFC 6960
	// §4.2.2.2): extKeyUsage id-kp-OCSPSigning, id-pkix-ocsp-nocheck,
	// keyUsage digitalSignature, 1 year.
	PresetOCSPResponder
)

// String names the preset.
func (p Preset) String() string {
	switch p {
	case PresetRoot:
		return "root"
	case PresetCA:
		return "CA"
	case PresetLegalEntityHead:
		return "legal-entity head"
	case PresetEntrepreneur:
		return "entrepreneur"
	case PresetPerson:
		return "person"
	case PresetTSA:
		return "TSA"
	case PresetOCSPResponder:
		return "OCSP responder"
	}
	return fmt.Sprintf("Preset(%d)", int(p))
}

// Synthetic tool names for test certificates (not real products).
var testIssuerSignTool = certificate.IssuerSignTool{
	SignTool:     "СКЗИ «Тест-CSP» версии 5.0",
	CATool:       "ПАК «Тестовый удостоверяющий центр» версии 2.0",
	SignToolCert: "Сертификат соответствия № ТЕСТ/124-0001 от 01.01.2024",
	CAToolCert:   "Сертификат соответствия № ТЕСТ/128-0002 от 01.01.2024",
}

// NewTemplate returns a realistic template of the preset, valid from
// notBefore, with synthetic identifiers drawn from ids (seed it for
// reproducible fixtures; nil uses a random source).
func NewTemplate(p Preset, ids *mrand.Rand, notBefore time.Time) *Template {
	personal := certificate.IdentificationPersonal
	t := &Template{
		NotBefore:       notBefore,
		MaxPathLen:      -1,
		SubjectSignTool: "СКЗИ «Тест-CSP» (версия 5.0)",
		IssuerSignTool:  &certificate.IssuerSignTool{},
		Policies:        []asn1.ObjectIdentifier{certificate.PolicyKS1.OID(), certificate.PolicyKS2.OID()},
	}
	*t.IssuerSignTool = testIssuerSignTool
	address := func(n *NameSpec) {
		n.Country = "RU"
		n.Region = "77 Москва"
		n.Locality = "г. Москва"
		n.Street = "ул. Тестовая, д. 1"
	}
	endEntity := func() {
		t.NotAfter = notBefore.AddDate(0, 15, 0)
		t.PrivateKeyUsagePeriod = &certificate.Period{NotBefore: notBefore, NotAfter: notBefore.AddDate(0, 15, 0)}
		t.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment
		t.ExtKeyUsage = []asn1.ObjectIdentifier{oid.ExtKeyUsageClientAuth.OID(), oid.ExtKeyUsageEmailProtect.OID()}
		t.IdentificationKind = &personal
		t.AuthorityKeyIDFull = true
		t.CRLDistributionPoints = []string{"http://pki.example.test/cdp/test-ca.crl"}
		t.IssuingCertificateURLs = []string{"http://pki.example.test/crt/test-ca.crt"}
	}
	switch p {
	case PresetRoot:
		t.Subject = NameSpec{CommonName: "Тестовый головной УЦ", Organization: "Тестовый головной УЦ",
			Email: "root@example.test", OGRN: ident.RandomOGRN(ids).String(), INNLE: ident.RandomINN10(ids).String()}
		address(&t.Subject)
		t.NotAfter = notBefore.AddDate(15, 0, 0)
		t.OmitAuthorityKeyID = true
		t.IsCA = true
		t.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		t.IdentificationKind = &personal
		t.Policies = append(t.Policies, certificate.PolicyKS3.OID(), certificate.PolicyKV1.OID(), certificate.PolicyKV2.OID())
	case PresetCA:
		t.Subject = NameSpec{CommonName: "Тестовый УЦ для руководителей", Organization: "Тестовый УЦ для руководителей",
			Email: "ca@example.test", OGRN: ident.RandomOGRN(ids).String(), INNLE: ident.RandomINN10(ids).String()}
		address(&t.Subject)
		t.NotAfter = notBefore.AddDate(10, 0, 0)
		t.IsCA = true
		t.MaxPathLen = 0
		t.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		t.AuthorityKeyIDFull = true
		remote := certificate.IdentificationRemoteCert
		t.IdentificationKind = &remote
		t.Policies = append(t.Policies, certificate.PolicyKS3.OID())
		t.CRLDistributionPoints = []string{"http://pki.example.test/cdp/test-root.crl"}
		t.IssuingCertificateURLs = []string{"http://pki.example.test/crt/test-root.crt"}
	case PresetLegalEntityHead:
		t.Subject = NameSpec{CommonName: "ООО «Тест-Медицина»", Organization: "ООО «Тест-Медицина»",
			Title: "Главный врач", Surname: "Тестов", GivenNames: "Тест Тестович",
			OGRN: ident.RandomOGRN(ids).String(), INNLE: ident.RandomINN10(ids).String(),
			INN: ident.RandomINN12(ids).String(), SNILS: ident.RandomSNILS(ids).Digits()}
		address(&t.Subject)
		endEntity()
	case PresetEntrepreneur:
		t.Subject = NameSpec{CommonName: "Пробная Анна Сергеевна", Surname: "Пробная", GivenNames: "Анна Сергеевна",
			Country: "RU", Email: "ip@example.test",
			OGRNIP: ident.RandomOGRNIP(ids).String(), INN: ident.RandomINN12(ids).String(), SNILS: ident.RandomSNILS(ids).Digits()}
		endEntity()
	case PresetPerson:
		t.Subject = NameSpec{CommonName: "Примеров Пётр Петрович", Surname: "Примеров", GivenNames: "Пётр Петрович",
			Country: "RU", Region: "50 Московская область", Locality: "г. Пример",
			INN: ident.RandomINN12(ids).String(), SNILS: ident.RandomSNILS(ids).Digits()}
		endEntity()
	case PresetTSA, PresetOCSPResponder:
		t.Subject = NameSpec{CommonName: "Служба штампов времени тестового УЦ", Organization: "Тестовый УЦ для руководителей",
			OGRN: ident.RandomOGRN(ids).String(), INNLE: ident.RandomINN10(ids).String()}
		address(&t.Subject)
		t.KeyUsage = x509.KeyUsageDigitalSignature
		t.AuthorityKeyIDFull = true
		t.CRLDistributionPoints = []string{"http://pki.example.test/cdp/test-ca.crl"}
		t.IssuingCertificateURLs = []string{"http://pki.example.test/crt/test-ca.crt"}
		if p == PresetTSA {
			t.NotAfter = notBefore.AddDate(5, 0, 0)
			t.ExtKeyUsage = []asn1.ObjectIdentifier{oid.ExtKeyUsageTimeStamping.OID()}
			t.ExtKeyUsageCritical = true
			break
		}
		t.Subject.CommonName = "Служба OCSP тестового УЦ"
		t.NotAfter = notBefore.AddDate(1, 0, 0)
		t.ExtKeyUsage = []asn1.ObjectIdentifier{oid.ExtKeyUsageOCSPSigning.OID()}
		t.OCSPNoCheck = true
		t.CRLDistributionPoints = nil
	}
	return t
}
