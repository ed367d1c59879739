package certificate

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// Certificate is a parsed X.509 certificate with the Russian qualified
// profile decoded. crypto/x509 parses GOST certificates but cannot use their
// keys or signatures; X509 keeps what it found (Raw, RawTBSCertificate,
// RawSubject, RawIssuer, Signature, …) and the other fields add what it does
// not expose. A Certificate is not modified after Parse and is safe for
// concurrent reads.
type Certificate struct {
	// X509 is the certificate as parsed by crypto/x509. Its PublicKey is nil
	// and its PublicKeyAlgorithm and SignatureAlgorithm are Unknown for GOST.
	X509 *x509.Certificate

	// Raw is the DER encoding of the whole certificate (= X509.Raw).
	Raw []byte
	// SerialNumber is the certificate serial number (positive).
	SerialNumber *big.Int
	// Subject is the owner's name.
	Subject Name
	// Issuer is the issuing CA's name.
	Issuer Name
	// NotBefore and NotAfter bound the validity of the certificate.
	NotBefore, NotAfter time.Time
	// PrivateKeyUsagePeriod is the privateKeyUsagePeriod extension
	// (2.5.29.16): when the private key may be used to sign; nil if absent.
	PrivateKeyUsagePeriod *Period

	// KeyUsage is the keyUsage bit set (0 when the extension is absent).
	KeyUsage x509.KeyUsage
	// HasKeyUsage reports whether the keyUsage extension is present.
	HasKeyUsage bool
	// KeyUsageCritical reports whether keyUsage is marked critical.
	KeyUsageCritical bool
	// ExtKeyUsage lists every extKeyUsage OID in order.
	ExtKeyUsage []asn1.ObjectIdentifier
	// IsCA is the cA flag of basicConstraints.
	IsCA bool
	// MaxPathLen is the pathLenConstraint, -1 when none is set.
	MaxPathLen int
	// HasBasicConstraints reports whether basicConstraints is present.
	HasBasicConstraints bool

	// SubjectKeyID is the subjectKeyIdentifier, nil if absent.
	SubjectKeyID []byte
	// AuthorityKeyID is the full authorityKeyIdentifier, nil if absent.
	AuthorityKeyID *AuthorityKeyID
	// CRLDistributionPoints are the CRL URLs.
	CRLDistributionPoints []string
	// OCSPServers are the OCSP URLs of authorityInfoAccess.
	OCSPServers []string
	// IssuingCertificateURLs are the caIssuers URLs of authorityInfoAccess.
	IssuingCertificateURLs []string

	// SubjectSignTool is the subjectSignTool extension: the owner's
	// signature tool.
	SubjectSignTool string
	// HasSubjectSignTool reports whether subjectSignTool is present.
	HasSubjectSignTool bool
	// IssuerSignTool is the issuerSignTool extension, nil if absent.
	IssuerSignTool *IssuerSignTool
	// IdentificationKind is the identificationKind extension; meaningful
	// only when HasIdentificationKind.
	IdentificationKind IdentificationKind
	// HasIdentificationKind reports whether identificationKind is present.
	HasIdentificationKind bool
	// Policies is the certificatePolicies extension.
	Policies Policies

	// PublicKey is the subject public key and its state.
	PublicKey PublicKey
	// SignatureAlgorithm is the algorithm the issuer signed with.
	SignatureAlgorithm SignatureAlgorithm

	// FingerprintSHA1 is the SHA-1 thumbprint of Raw in upper-case hex (the
	// Windows "Отпечаток"); see also FingerprintStreebog256.
	FingerprintSHA1 string

	// ExtensionErrors lists known extensions that could not be decoded.
	ExtensionErrors []ExtensionError

	layout *certLayout
}

// newCertificate completes a certificate parsed by crypto/x509 with the
// Russian profile. It never fails: decoding problems of individual
// extensions are recorded in ExtensionErrors.
func newCertificate(x *x509.Certificate, l *certLayout) *Certificate {
	c := &Certificate{
		X509:                   x,
		Raw:                    x.Raw,
		SerialNumber:           x.SerialNumber,
		NotBefore:              x.NotBefore,
		NotAfter:               x.NotAfter,
		KeyUsage:               x.KeyUsage,
		IsCA:                   x.IsCA,
		HasBasicConstraints:    x.BasicConstraintsValid,
		MaxPathLen:             -1,
		SubjectKeyID:           x.SubjectKeyId,
		CRLDistributionPoints:  x.CRLDistributionPoints,
		OCSPServers:            x.OCSPServer,
		IssuingCertificateURLs: x.IssuingCertificateURL,
		layout:                 l,
	}
	if x.BasicConstraintsValid && (x.MaxPathLen > 0 || x.MaxPathLenZero) {
		c.MaxPathLen = x.MaxPathLen
	}
	// The names were accepted by crypto/x509; a failure here would be a bug
	// in parseName, recorded rather than hidden.
	var err error
	if c.Subject, err = parseName(x.RawSubject); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "subject", Err: err})
	}
	if c.Issuer, err = parseName(x.RawIssuer); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "issuer", Err: err})
	}
	c.PublicKey = parsePublicKey(x.RawSubjectPublicKeyInfo)
	if c.SignatureAlgorithm, err = parseSignatureAlgorithm(l.outerAlg.full); err != nil {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{Name: "signatureAlgorithm", Err: err})
	}
	sum := sha1.Sum(x.Raw)
	c.FingerprintSHA1 = strings.ToUpper(hex.EncodeToString(sum[:]))

	for _, e := range l.extensions {
		c.extension(e)
	}
	return c
}

// FingerprintStreebog256 returns the Streebog-256 hash of Raw in upper-case
// hex, byte order as output by the hash (computed on each call: it is not
// needed to check a certificate).
func (c *Certificate) FingerprintStreebog256() string {
	sb := streebog.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sb[:]))
}

// extension decodes one extension crypto/x509 does not expose fully.
func (c *Certificate) extension(e rawExtension) {
	bad := func(err error) {
		c.ExtensionErrors = append(c.ExtensionErrors, ExtensionError{OID: e.oid, Name: extensionName(e.oid), Err: err})
	}
	switch {
	case e.oid.Equal(oidExtKeyUsage):
		c.HasKeyUsage = true
		c.KeyUsageCritical = e.critical
	case e.oid.Equal(oidExtExtendedKeyUsage):
		v, err := parseOIDSequence(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.ExtKeyUsage = v
	case e.oid.Equal(oidExtCertificatePolicies):
		p, err := parsePolicies(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.Policies = p
	case e.oid.Equal(oidExtAuthorityKeyID):
		a, err := parseAuthorityKeyID(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.AuthorityKeyID = a
	case e.oid.Equal(oidExtPrivateKeyUsage):
		p, err := parsePrivateKeyUsagePeriod(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.PrivateKeyUsagePeriod = p
	case e.oid.Equal(oidSubjectSignTool):
		v, err := parseSubjectSignTool(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.SubjectSignTool, c.HasSubjectSignTool = v, true
	case e.oid.Equal(oidIssuerSignTool):
		v, err := parseIssuerSignTool(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.IssuerSignTool = v
	case e.oid.Equal(oidIdentificationKind):
		v, err := parseIdentificationKind(e.value)
		if err != nil {
			bad(err)
			return
		}
		c.IdentificationKind, c.HasIdentificationKind = v, true
	}
}

// extensionError returns the decoding error recorded for the extension.
func (c *Certificate) extensionError(oid asn1.ObjectIdentifier) error {
	for _, e := range c.ExtensionErrors {
		if e.OID != nil && e.OID.Equal(oid) {
			return e
		}
	}
	return nil
}

// HasExtension reports whether the certificate carries the extension, and
// whether it is critical.
func (c *Certificate) HasExtension(oid asn1.ObjectIdentifier) (present, critical bool) {
	if c.layout == nil {
		return false, false
	}
	e, ok := c.layout.extension(oid)
	return ok, e.critical
}

// SelfIssued reports whether subject and issuer names are byte-identical
// (roots and self-issued CA certificates).
func (c *Certificate) SelfIssued() bool {
	return bytes.Equal(c.X509.RawSubject, c.X509.RawIssuer)
}

// ValidAt reports whether t lies within NotBefore…NotAfter.
func (c *Certificate) ValidAt(t time.Time) bool {
	return !t.Before(c.NotBefore) && !t.After(c.NotAfter)
}

// GOSTKey returns the parsed GOST public key, or the *KeyError that says why
// there is none (errors.Is with ErrUnknownKeyAlgorithm, ErrUnknownCurve,
// ErrInvalidKey).
func (c *Certificate) GOSTKey() (*GOSTPublicKey, error) {
	if c.PublicKey.Err != nil {
		return nil, c.PublicKey.Err
	}
	return c.PublicKey.key, nil
}

// Errors of CheckSignatureFrom.
var (
	// ErrSignatureAlgorithm: the certificate is not signed with GOST R
	// 34.10-2012, its algorithm parameters are invalid, or the algorithm
	// does not match the issuer key size.
	ErrSignatureAlgorithm = errors.New("certificate: unsupported signature algorithm")
	// ErrBadSignature: the signature does not verify with the issuer key.
	ErrBadSignature = errors.New("certificate: signature verification failed")
)

// CheckSignatureFrom verifies that the certificate's signature was made by
// the key of parent (hash of RawTBSCertificate with Streebog of the
// algorithm's size, RFC 9215). It checks the signature only; CA
// flags, names and validity are the business of chain validation.
func (c *Certificate) CheckSignatureFrom(parent *Certificate) error {
	key, err := parent.GOSTKey()
	if err != nil {
		return fmt.Errorf("certificate: issuer key: %w", err)
	}
	return c.CheckSignature(key)
}

// CheckSignature verifies the certificate's signature with key.
func (c *Certificate) CheckSignature(key *GOSTPublicKey) error {
	return checkGOSTSignature(c.SignatureAlgorithm, key, c.X509.RawTBSCertificate, c.X509.Signature)
}

// checkGOSTSignature verifies a GOST R 34.10-2012 signature over tbs: the
// hash size comes from the algorithm and must agree with the key size.
func checkGOSTSignature(alg SignatureAlgorithm, key *GOSTPublicKey, tbs, sig []byte) error {
	if key.Bits() == 0 {
		return fmt.Errorf("%w: no key", ErrSignatureAlgorithm)
	}
	if alg.Bits == 0 || !alg.ParametersOK() {
		return fmt.Errorf("%w: %s", ErrSignatureAlgorithm, alg)
	}
	if key.Bits() != alg.Bits {
		return fmt.Errorf("%w: %d-bit signature algorithm with a %d-bit issuer key", ErrSignatureAlgorithm, alg.Bits, key.Bits())
	}
	if err := key.VerifyDigest(streebogOf(alg.Bits/8, tbs), sig); err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return nil
}

// streebogOf returns Streebog-512 of msg for 64-byte keys, Streebog-256
// otherwise.
func streebogOf(size int, msg []byte) []byte {
	if size == 64 {
		d := streebog.Sum512(msg)
		return d[:]
	}
	d := streebog.Sum256(msg)
	return d[:]
}

// parsePolicies decodes certificatePolicies: SEQUENCE OF PolicyInformation
// { policyIdentifier, policyQualifiers OPTIONAL }.
func parsePolicies(b []byte) (Policies, error) {
	var p Policies
	var infos []struct {
		ID         asn1.ObjectIdentifier
		Qualifiers asn1.RawValue `asn1:"optional"`
	}
	rest, err := asn1.Unmarshal(b, &infos)
	if err != nil {
		return p, err
	}
	if len(rest) > 0 {
		return p, errors.New("trailing data")
	}
	for _, in := range infos {
		p.OIDs = append(p.OIDs, in.ID)
		if in.ID.Equal(oidAnyPolicy) {
			p.AnyPolicy = true
		}
		if cl, ok := policyClass(in.ID); ok {
			p.Classes = append(p.Classes, cl)
		}
	}
	return p, nil
}
