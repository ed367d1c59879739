package certificate

import (
	"bytes"
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
// profile decoded. The byte slices (Raw and the parts of it, key
// identifiers) share the memory of Raw and must not be modified. A
// Certificate is not modified after Parse and is safe for concurrent reads.
type Certificate struct {
	// Raw is the DER encoding of the whole certificate.
	Raw []byte
	// RawTBSCertificate is the DER tbsCertificate: the signed part.
	RawTBSCertificate []byte
	// RawSubject and RawIssuer are the DER names (= Subject.Raw and
	// Issuer.Raw).
	RawSubject, RawIssuer []byte
	// RawSubjectPublicKeyInfo is the DER SubjectPublicKeyInfo.
	RawSubjectPublicKeyInfo []byte
	// Signature is the signatureValue: the content of the BIT STRING
	// (right-aligned when it has unused bits).
	Signature []byte
	// Version is the X.509 version as people number it: 1, 2 or 3.
	Version int
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

	// layout locates the parts of Raw; serial backs SerialNumber (one
	// allocation for the certificate instead of three).
	layout certLayout
	serial big.Int
}

// FingerprintStreebog256 returns the Streebog-256 hash of Raw in upper-case
// hex, byte order as output by the hash (computed on each call: it is not
// needed to check a certificate).
func (c *Certificate) FingerprintStreebog256() string {
	sb := streebog.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sb[:]))
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
	e, ok := c.layout.extension(oid)
	return ok, e.critical
}

// SelfIssued reports whether subject and issuer names are byte-identical
// (roots and self-issued CA certificates).
func (c *Certificate) SelfIssued() bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer)
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
	return checkGOSTSignature(c.SignatureAlgorithm, key, c.RawTBSCertificate, c.Signature)
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
