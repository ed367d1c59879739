package certificate

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// IdentificationKind is the value of the identificationKind extension
// (1.2.643.100.114): how the CA identified the owner when issuing the
// certificate.
type IdentificationKind int

// The identification kinds of RFC 9215 / Приказ ФСБ России № 795.
const (
	// IdentificationPersonal (0): in person.
	IdentificationPersonal IdentificationKind = 0
	// IdentificationRemoteCert (1): remotely, with a valid qualified
	// certificate.
	IdentificationRemoteCert IdentificationKind = 1
	// IdentificationRemotePassport (2): remotely, with a biometric passport.
	IdentificationRemotePassport IdentificationKind = 2
	// IdentificationRemoteSystem (3): remotely, through state information
	// systems (ЕСИА + ЕБС).
	IdentificationRemoteSystem IdentificationKind = 3
)

// Valid reports whether k is one of the four defined values.
func (k IdentificationKind) Valid() bool { return k >= 0 && k <= 3 }

// String returns the ASN.1 name: "personal", "remote_cert",
// "remote_passport", "remote_system", or "unknown(N)".
func (k IdentificationKind) String() string {
	switch k {
	case IdentificationPersonal:
		return "personal"
	case IdentificationRemoteCert:
		return "remote_cert"
	case IdentificationRemotePassport:
		return "remote_passport"
	case IdentificationRemoteSystem:
		return "remote_system"
	}
	return fmt.Sprintf("unknown(%d)", int(k))
}

// Russian describes the kind in Russian.
func (k IdentificationKind) Russian() string {
	switch k {
	case IdentificationPersonal:
		return "при личном присутствии"
	case IdentificationRemoteCert:
		return "дистанционно, с использованием действующего квалифицированного сертификата"
	case IdentificationRemotePassport:
		return "дистанционно, с использованием загранпаспорта с биометрией"
	case IdentificationRemoteSystem:
		return "дистанционно, через государственные информационные системы (ЕСИА и ЕБС)"
	}
	return fmt.Sprintf("неизвестный способ (%d)", int(k))
}

// IssuerSignTool is the issuerSignTool extension (1.2.643.100.112): the
// names of the CA's signature tool and CA tool and their conformity
// documents.
type IssuerSignTool struct {
	// SignTool is the name of the CA's signature tool (СКЗИ).
	SignTool string
	// CATool is the name of the CA tool (средство УЦ).
	CATool string
	// SignToolCert is the conformity document of SignTool.
	SignToolCert string
	// CAToolCert is the conformity document of CATool.
	CAToolCert string
}

// PolicyClass is a class of the owner's signature tool, certified as a
// certificate policy 1.2.643.100.113.N.
type PolicyClass int

// The classes КС1…КА1 (1.2.643.100.113.1–6).
const (
	PolicyKS1 PolicyClass = 1 // КС1
	PolicyKS2 PolicyClass = 2 // КС2
	PolicyKS3 PolicyClass = 3 // КС3
	PolicyKV1 PolicyClass = 4 // КВ1
	PolicyKV2 PolicyClass = 5 // КВ2
	PolicyKA1 PolicyClass = 6 // КА1
)

// String returns the Russian class name: "КС1" … "КА1".
func (c PolicyClass) String() string {
	switch c {
	case PolicyKS1:
		return "КС1"
	case PolicyKS2:
		return "КС2"
	case PolicyKS3:
		return "КС3"
	case PolicyKV1:
		return "КВ1"
	case PolicyKV2:
		return "КВ2"
	case PolicyKA1:
		return "КА1"
	}
	return fmt.Sprintf("PolicyClass(%d)", int(c))
}

// OID returns 1.2.643.100.113.N.
func (c PolicyClass) OID() asn1.ObjectIdentifier {
	return append(append(asn1.ObjectIdentifier{}, oidPolicyClassPrefix...), int(c))
}

// Policies is the certificatePolicies extension.
type Policies struct {
	// Classes are the signature-tool classes found, in order.
	Classes []PolicyClass
	// OIDs are all policy OIDs, in order, including the classes.
	OIDs []asn1.ObjectIdentifier
	// AnyPolicy reports whether anyPolicy (2.5.29.32.0) is present.
	AnyPolicy bool
}

// Has reports whether the class is among the policies.
func (p Policies) Has(c PolicyClass) bool {
	for _, x := range p.Classes {
		if x == c {
			return true
		}
	}
	return false
}

// policyClass returns the class of a 1.2.643.100.113.N OID.
func policyClass(oid asn1.ObjectIdentifier) (PolicyClass, bool) {
	if len(oid) != len(oidPolicyClassPrefix)+1 || !oid[:len(oidPolicyClassPrefix)].Equal(oidPolicyClassPrefix) {
		return 0, false
	}
	c := PolicyClass(oid[len(oid)-1])
	return c, c >= PolicyKS1 && c <= PolicyKA1
}

// Period is a time interval whose ends may be open (zero time).
type Period struct {
	// NotBefore is the start, or the zero time when not given.
	NotBefore time.Time
	// NotAfter is the end, or the zero time when not given.
	NotAfter time.Time
}

// Contains reports whether t is inside the period (ends included).
func (p Period) Contains(t time.Time) bool {
	if !p.NotBefore.IsZero() && t.Before(p.NotBefore) {
		return false
	}
	if !p.NotAfter.IsZero() && t.After(p.NotAfter) {
		return false
	}
	return true
}

// AuthorityKeyID is the authorityKeyIdentifier extension in full: besides
// the key identifier (all crypto/x509 exposes) Russian CAs put the issuer's
// issuer name and the serial number of the issuer's certificate.
type AuthorityKeyID struct {
	// KeyID is the keyIdentifier, or nil.
	KeyID []byte
	// IssuerNames are the directoryName entries of authorityCertIssuer.
	IssuerNames []Name
	// SerialNumber is authorityCertSerialNumber, or nil.
	SerialNumber *big.Int
}

// ExtensionError records a known extension that is present but could not be
// decoded. Parse does not fail on it; the rule for the extension reports it.
type ExtensionError struct {
	// OID of the extension.
	OID asn1.ObjectIdentifier
	// Name of the extension ("issuerSignTool", …).
	Name string
	// Err says what is wrong.
	Err error
}

// Error returns an English message.
func (e ExtensionError) Error() string {
	return fmt.Sprintf("extension %s (%s): %v", e.Name, e.OID, e.Err)
}

// parseIdentificationKind decodes 1.2.643.100.114: an INTEGER.
func parseIdentificationKind(b []byte) (IdentificationKind, error) {
	s := cryptobyte.String(b)
	var v int64
	if !s.ReadASN1Integer(&v) || !s.Empty() {
		return 0, errors.New("not a DER INTEGER")
	}
	if v < -1<<31 || v > 1<<31-1 {
		return 0, errors.New("value out of range")
	}
	return IdentificationKind(v), nil
}

// parsePrivateKeyUsagePeriod decodes 2.5.29.16 (RFC 3280 §4.2.1.4):
// SEQUENCE { notBefore [0] IMPLICIT GeneralizedTime OPTIONAL,
// notAfter [1] IMPLICIT GeneralizedTime OPTIONAL }.
func parsePrivateKeyUsagePeriod(b []byte) (*Period, error) {
	s := cryptobyte.String(b)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var p Period
	var present bool
	for i, dst := range []*time.Time{&p.NotBefore, &p.NotAfter} {
		var v cryptobyte.String
		if !seq.ReadOptionalASN1(&v, &present, cbasn1.Tag(i).ContextSpecific()) {
			return nil, errors.New("malformed time")
		}
		if !present {
			continue
		}
		t, err := parseGeneralizedTime(string(v))
		if err != nil {
			return nil, err
		}
		*dst = t
	}
	if !seq.Empty() {
		return nil, errors.New("trailing data")
	}
	if p.NotBefore.IsZero() && p.NotAfter.IsZero() {
		return nil, errors.New("neither notBefore nor notAfter present")
	}
	return &p, nil
}

// parseGeneralizedTime parses the DER form YYYYMMDDHHMMSS[.fff]Z.
func parseGeneralizedTime(s string) (time.Time, error) {
	t, err := time.Parse("20060102150405.999999999Z", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("GeneralizedTime %q: want YYYYMMDDHHMMSSZ", s)
	}
	return t, nil
}
