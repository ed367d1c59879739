package certificate

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/armor"
)

// MaxCRLSize is the largest CRL ParseCRL accepts (DER or PEM): 64 MiB. The
// CRLs of large CAs (УЦ ФНС) run to tens of megabytes.
const MaxCRLSize = 64 << 20

// OID of the CRL-entry extension used here.
var oidExtReasonCode = asn1.ObjectIdentifier{2, 5, 29, 21}

// RevocationReason is the CRLReason of RFC 5280 §5.3.1.
type RevocationReason int

// The reason codes (7 is not used).
const (
	ReasonUnspecified          RevocationReason = 0
	ReasonKeyCompromise        RevocationReason = 1
	ReasonCACompromise         RevocationReason = 2
	ReasonAffiliationChanged   RevocationReason = 3
	ReasonSuperseded           RevocationReason = 4
	ReasonCessationOfOperation RevocationReason = 5
	ReasonCertificateHold      RevocationReason = 6
	ReasonRemoveFromCRL        RevocationReason = 8
	ReasonPrivilegeWithdrawn   RevocationReason = 9
	ReasonAACompromise         RevocationReason = 10
)

// String returns the RFC 5280 name of the reason.
func (r RevocationReason) String() string {
	switch r {
	case ReasonUnspecified:
		return "unspecified"
	case ReasonKeyCompromise:
		return "keyCompromise"
	case ReasonCACompromise:
		return "cACompromise"
	case ReasonAffiliationChanged:
		return "affiliationChanged"
	case ReasonSuperseded:
		return "superseded"
	case ReasonCessationOfOperation:
		return "cessationOfOperation"
	case ReasonCertificateHold:
		return "certificateHold"
	case ReasonRemoveFromCRL:
		return "removeFromCRL"
	case ReasonPrivilegeWithdrawn:
		return "privilegeWithdrawn"
	case ReasonAACompromise:
		return "aACompromise"
	}
	return fmt.Sprintf("reason(%d)", int(r))
}

// Russian describes the reason in Russian.
func (r RevocationReason) Russian() string {
	switch r {
	case ReasonUnspecified:
		return "причина не указана"
	case ReasonKeyCompromise:
		return "компрометация ключа"
	case ReasonCACompromise:
		return "компрометация ключа УЦ"
	case ReasonAffiliationChanged:
		return "изменились сведения о владельце"
	case ReasonSuperseded:
		return "сертификат заменён"
	case ReasonCessationOfOperation:
		return "прекращение деятельности"
	case ReasonCertificateHold:
		return "действие приостановлено"
	case ReasonRemoveFromCRL:
		return "исключение из списка отзыва"
	case ReasonPrivilegeWithdrawn:
		return "полномочия отозваны"
	case ReasonAACompromise:
		return "компрометация ключа службы атрибутов"
	}
	return fmt.Sprintf("код причины %d", int(r))
}

// RevokedEntry is one entry of a CRL.
type RevokedEntry struct {
	// SerialNumber of the revoked certificate.
	SerialNumber *big.Int
	// RevocationTime is the entry's revocationDate.
	RevocationTime time.Time
	// Reason is the reasonCode (ReasonUnspecified when absent).
	Reason RevocationReason
	// HasReason reports whether the reasonCode extension is present.
	HasReason bool
}

// CRL is a parsed certificate revocation list. It is not modified after
// ParseCRL and is safe for concurrent reads.
type CRL struct {
	// X509 is the list as parsed by crypto/x509 (raw TBS, signature, raw
	// issuer, extensions).
	X509 *x509.RevocationList
	// Raw is the DER encoding.
	Raw []byte
	// Issuer is the CA's name.
	Issuer Name
	// ThisUpdate and NextUpdate bound the list's currency; NextUpdate is
	// zero when absent.
	ThisUpdate, NextUpdate time.Time
	// Number is the cRLNumber, nil if absent.
	Number *big.Int
	// AuthorityKeyID is the keyIdentifier of authorityKeyIdentifier, nil if
	// absent.
	AuthorityKeyID []byte
	// SignatureAlgorithm the CA signed the list with.
	SignatureAlgorithm SignatureAlgorithm
	// Entries lists the revoked certificates in encoding order.
	Entries []RevokedEntry
	// FingerprintSHA1 is the SHA-1 of Raw in upper-case hex.
	FingerprintSHA1 string

	bySerial map[string]int
}

// crlLabels are the PEM labels of revocation lists.
var crlLabels = []string{"X509 CRL", "CRL"}

// ParseCRL reads one CRL — DER, PEM ("X509 CRL" block) or base64, as text
// in UTF-8 or UTF-16 — strictly: DER only, no trailing data, no duplicate
// extensions, matching inner and outer signature algorithms, within
// MaxCRLSize. Errors are *ParseError values (Format "CRL") wrapping
// ErrEmpty, ErrTooLarge, ErrFormat or ErrMalformed.
func ParseCRL(data []byte) (*CRL, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: crlLabels, MaxSize: MaxCRLSize, Single: true})
	if err != nil {
		return nil, transportError(err, "CRL")
	}
	return parseCRL(dec.Blocks[0].Bytes)
}

// ParseCRLs reads every CRL of data: one DER or base64 CRL, or any number
// of PEM blocks (a file holding the CRLs of several CAs). The first CRL
// that fails stops it, with an error naming its position.
func ParseCRLs(data []byte) ([]*CRL, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: crlLabels, MaxSize: MaxCRLSize})
	if err != nil {
		return nil, transportError(err, "CRL")
	}
	out := make([]*CRL, 0, len(dec.Blocks))
	for _, b := range dec.Blocks {
		c, err := parseCRL(b.Bytes)
		if err != nil {
			var pe *ParseError
			if len(dec.Blocks) > 1 && errors.As(err, &pe) {
				pe.Detail = fmt.Sprintf("PEM block %d: %s", b.Index+1, pe.Detail)
			}
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseCRL parses one DER CRL (data is already the decoder's own copy).
func parseCRL(data []byte) (*CRL, error) {
	if err := checkDER(data); err != nil {
		return nil, err
	}
	alg, err := crlOuterAlgorithm(data)
	if err != nil {
		return nil, err
	}
	rl, err := x509.ParseRevocationList(data)
	if err != nil {
		return nil, crlError(reasonStructure, "crypto/x509 rejected the CRL", err)
	}
	c := &CRL{
		X509: rl, Raw: rl.Raw, ThisUpdate: rl.ThisUpdate, NextUpdate: rl.NextUpdate,
		Number: rl.Number, AuthorityKeyID: rl.AuthorityKeyId, SignatureAlgorithm: alg,
		bySerial: make(map[string]int, len(rl.RevokedCertificateEntries)),
	}
	if c.Issuer, err = parseName(rl.RawIssuer); err != nil {
		return nil, crlError(reasonStructure, "issuer name", err)
	}
	if err := noDuplicateExtensions(rl.Extensions, "CRL"); err != nil {
		return nil, err
	}
	c.Entries = make([]RevokedEntry, 0, len(rl.RevokedCertificateEntries))
	for i, e := range rl.RevokedCertificateEntries {
		if err := noDuplicateExtensions(e.Extensions, fmt.Sprintf("CRL entry %d", i+1)); err != nil {
			return nil, err
		}
		if e.SerialNumber == nil {
			return nil, crlError(reasonStructure, fmt.Sprintf("entry %d has no serial number", i+1), nil)
		}
		re := RevokedEntry{SerialNumber: e.SerialNumber, RevocationTime: e.RevocationTime, Reason: RevocationReason(e.ReasonCode)}
		for _, x := range e.Extensions {
			if x.Id.Equal(oidExtReasonCode) {
				re.HasReason = true
			}
		}
		key := string(e.SerialNumber.Bytes())
		if _, dup := c.bySerial[key]; !dup {
			c.bySerial[key] = len(c.Entries)
		}
		c.Entries = append(c.Entries, re)
	}
	sum := sha1.Sum(c.Raw)
	c.FingerprintSHA1 = strings.ToUpper(hex.EncodeToString(sum[:]))
	return c, nil
}

// crlError is a *ParseError of a CRL.
func crlError(reason error, detail string, cause error) *ParseError {
	return &ParseError{Err: classOf(reason), reason: reason, Format: "CRL", Index: -1, Offset: -1, Detail: detail, Cause: cause}
}

// checkDER checks that data is exactly one DER element (definite lengths,
// no trailing bytes).
func checkDER(data []byte) error {
	e, rest, derr := readElement(data, 0, true)
	if derr != nil {
		pe := crlError(derr.reason, derr.detail, nil)
		pe.Offset = derr.off
		return pe
	}
	if e.tag != tagSequence {
		return crlError(reasonStructure, "not a SEQUENCE", nil)
	}
	if len(rest) > 0 {
		pe := crlError(reasonTrailing, fmt.Sprintf("%d bytes of trailing data", len(rest)), nil)
		pe.Offset = len(data) - len(rest)
		return pe
	}
	return nil
}

// crlOuterAlgorithm returns the outer signature algorithm of a CertificateList
// after checking it equals the one inside TBSCertList.
func crlOuterAlgorithm(der []byte) (SignatureAlgorithm, error) {
	s := cryptobyte.String(der)
	var list, tbs, outer cryptobyte.String
	if !s.ReadASN1(&list, cbasn1.SEQUENCE) || !list.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!list.ReadASN1Element(&outer, cbasn1.SEQUENCE) {
		return SignatureAlgorithm{}, crlError(reasonStructure, "not a CertificateList", nil)
	}
	if tbs.PeekASN1Tag(cbasn1.INTEGER) {
		var v int64
		if !tbs.ReadASN1Integer(&v) || v != 1 {
			return SignatureAlgorithm{}, crlError(reasonStructure, "version must be v2 (1) when present", nil)
		}
	}
	var inner cryptobyte.String
	if !tbs.ReadASN1Element(&inner, cbasn1.SEQUENCE) {
		return SignatureAlgorithm{}, crlError(reasonStructure, "TBSCertList has no signature algorithm", nil)
	}
	if !bytes.Equal(inner, outer) {
		return SignatureAlgorithm{}, crlError(reasonStructure, "signature algorithm in TBSCertList differs from the outer one", nil)
	}
	alg, err := parseSignatureAlgorithm(outer)
	if err != nil {
		return alg, crlError(reasonStructure, "signature algorithm", err)
	}
	return alg, nil
}

func noDuplicateExtensions(exts []pkixExtension, where string) error {
	for i := range exts {
		for j := i + 1; j < len(exts); j++ {
			if exts[i].Id.Equal(exts[j].Id) {
				return crlError(reasonDuplicateExt, fmt.Sprintf("%s extension %s occurs twice", where, exts[i].Id), nil)
			}
		}
	}
	return nil
}

// Revoked returns the entry for serial if the CRL lists it with a
// revocation time not after at (a zero at ignores the time).
func (c *CRL) Revoked(serial *big.Int, at time.Time) (*RevokedEntry, bool) {
	if c == nil || serial == nil {
		return nil, false
	}
	i, ok := c.bySerial[string(serial.Bytes())]
	if !ok || c.Entries[i].SerialNumber.Cmp(serial) != 0 {
		return nil, false
	}
	e := c.Entries[i]
	if !at.IsZero() && e.RevocationTime.After(at) {
		return nil, false
	}
	return &e, true
}

// CurrentAt reports whether at lies within ThisUpdate…NextUpdate (a CRL
// without NextUpdate is current from ThisUpdate on).
func (c *CRL) CurrentAt(at time.Time) bool {
	if at.Before(c.ThisUpdate) {
		return false
	}
	return c.NextUpdate.IsZero() || !at.After(c.NextUpdate)
}

// IssuedBy reports whether the CRL names issuer as its CA: same issuer name
// and, when both are present, authority key identifier = subject key
// identifier. It does not check the signature.
func (c *CRL) IssuedBy(issuer *Certificate) bool {
	if issuer == nil || !sameName(c.X509.RawIssuer, issuer.RawSubject) {
		return false
	}
	return c.AuthorityKeyID == nil || issuer.SubjectKeyID == nil || bytes.Equal(c.AuthorityKeyID, issuer.SubjectKeyID)
}

// CheckSignatureFrom verifies the CRL's GOST signature (Streebog of
// TBSCertList, hash size from the signature OID, which must agree with the
// key size) with the key of issuer, after checking IssuedBy. Errors match
// ErrSignatureAlgorithm or ErrBadSignature (also when the CRL names another
// CA).
func (c *CRL) CheckSignatureFrom(issuer *Certificate) error {
	if !c.IssuedBy(issuer) {
		return fmt.Errorf("%w: the CRL is issued by %q, not by %q", ErrBadSignature, c.Issuer.String(), issuer.Subject.String())
	}
	key, err := issuer.GOSTKey()
	if err != nil {
		return fmt.Errorf("certificate: CRL issuer key: %w", err)
	}
	return checkGOSTSignature(c.SignatureAlgorithm, key, c.X509.RawTBSRevocationList, c.X509.Signature)
}

// pkixExtension is the crypto/x509 extension type.
type pkixExtension = pkix.Extension

// sameName reports whether two DER names are the same name: byte-equal, or
// equal after decoding (attribute types and values in order, values
// compared case-insensitively with surrounding spaces trimmed), which
// tolerates different string types for the same text.
func sameName(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	na, err1 := parseName(a)
	nb, err2 := parseName(b)
	if err1 != nil || err2 != nil || len(na.Attributes) != len(nb.Attributes) || len(na.Attributes) == 0 {
		return false
	}
	for i := range na.Attributes {
		x, y := na.Attributes[i], nb.Attributes[i]
		if !x.Type.Equal(y.Type) || !strings.EqualFold(strings.Join(strings.Fields(x.Value), " "), strings.Join(strings.Fields(y.Value), " ")) {
			return false
		}
	}
	return true
}
