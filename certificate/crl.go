package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"math/big"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/internal/armor"
)

// MaxCRLSize is the largest CRL ParseCRL accepts (DER or PEM): 64 MiB. The
// CRLs of large CAs (УЦ ФНС) run to tens of megabytes.
const MaxCRLSize = 64 << 20

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

// CRL is a parsed certificate revocation list. The entries stay in Raw:
// Len, Entry and All decode them on demand and Lookup and Revoked find one
// by serial number in constant time through an index built by ParseCRL (a
// few bytes per entry), so a list of a million entries costs little more
// than its encoding. A CRL is not modified after parsing and is safe for
// concurrent use.
type CRL struct {
	// Raw is the DER encoding. The other byte slices of CRL point into it.
	Raw []byte
	// RawTBSCertList is the signed part, TBSCertList (with its header).
	RawTBSCertList []byte
	// RawIssuer is the DER issuer Name.
	RawIssuer []byte
	// Signature is the signatureValue: the bits of the BIT STRING.
	Signature []byte
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
	// FingerprintSHA1 is the SHA-1 of Raw in upper-case hex.
	FingerprintSHA1 string

	index serialIndex
	// issuerText is Issuer.String(), made once by the parser for the
	// detail of every revocation check against the list.
	issuerText string
}

// issuerString returns Issuer.String(), made once when the list was parsed.
func (c *CRL) issuerString() string {
	if c.issuerText != "" {
		return c.issuerText
	}
	return c.Issuer.String()
}

// crlLabels are the PEM labels of revocation lists.
var crlLabels = []string{"X509 CRL", "CRL"}

// ParseCRL reads one CRL — DER, PEM ("X509 CRL" block) or base64, as text
// in UTF-8 or UTF-16 — strictly: DER only, v2 only, no trailing data (after
// the list or inside any of its structures), no duplicate extensions,
// matching inner and outer signature algorithms, valid times, serial numbers
// and reason codes in every entry, within MaxCRLSize. data is not retained
// (CRL.Raw is a copy). Errors are *ParseError values (Format "CRL") wrapping
// ErrEmpty, ErrTooLarge, ErrFormat or ErrMalformed.
func ParseCRL(data []byte) (*CRL, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: crlLabels, MaxSize: MaxCRLSize, Single: true})
	if err != nil {
		return nil, transportError(err, "CRL")
	}
	return parseCRL(dec.Blocks[0].Bytes)
}

// ReadCRL reads one CRL from r, as ParseCRL does. A DER list is parsed in
// the buffer it is read into, so the peak memory is about the size of the
// list plus its index (ParseCRL of bytes already read needs a second copy);
// a file is read into a buffer of its size. Reading stops after MaxCRLSize
// bytes (ErrTooLarge). An error of r is returned as it is.
func ReadCRL(r io.Reader) (*CRL, error) {
	data, err := readBounded(r, MaxCRLSize)
	if err != nil {
		return nil, err
	}
	if len(data) > 0 && data[0] == tagSequence && len(data) <= MaxCRLSize {
		return parseCRL(data)
	}
	return ParseCRL(data)
}

// readBounded reads r to its end, at most limit+1 bytes, in a buffer sized
// from Stat when r has it.
func readBounded(r io.Reader, limit int) ([]byte, error) {
	size := min(512, limit+1)
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() >= 0 && fi.Size() <= int64(limit) {
			size = int(fi.Size()) + 1
		}
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			next := make([]byte, len(buf), min(2*cap(buf), limit+1))
			copy(next, buf)
			buf = next
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF || len(buf) > limit {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
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

// Len returns the number of entries, duplicates included.
func (c *CRL) Len() int {
	if c == nil {
		return 0
	}
	return len(c.index.entries)
}

// Entry decodes entry i (0 ≤ i < Len(), in encoding order; it panics
// otherwise). SerialNumber is a new big.Int.
func (c *CRL) Entry(i int) RevokedEntry {
	off := int(c.index.entries[i])
	e := c.decodeEntry(off)
	e.SerialNumber = serialOf(entrySerial(c.Raw, off))
	return e
}

// All yields the entries in encoding order, duplicates included, each with
// a new SerialNumber.
func (c *CRL) All() iter.Seq[RevokedEntry] {
	return func(yield func(RevokedEntry) bool) {
		for i := range c.Len() {
			if !yield(c.Entry(i)) {
				return
			}
		}
	}
}

// Lookup returns the entry of serial — the first one when the list names
// it more than once — without allocating (for serials of up to 63 octets;
// RFC 5280 allows 20). The entry's SerialNumber is serial itself, not a
// copy. Lookup is safe for concurrent use.
func (c *CRL) Lookup(serial *big.Int) (RevokedEntry, bool) {
	if c == nil || serial == nil {
		return RevokedEntry{}, false
	}
	var buf [maxStackSerial]byte
	off, ok := c.index.find(c.Raw, serialContent(serial, &buf))
	if !ok {
		return RevokedEntry{}, false
	}
	e := c.decodeEntry(off)
	e.SerialNumber = serial
	return e, true
}

// Revoked returns the entry for serial if the CRL lists it with a
// revocation time not after at (a zero at ignores the time). The entry and
// its SerialNumber are the caller's to keep; nothing is allocated when the
// serial is not revoked.
func (c *CRL) Revoked(serial *big.Int, at time.Time) (*RevokedEntry, bool) {
	e, ok := c.Lookup(serial)
	if !ok || !at.IsZero() && e.RevocationTime.After(at) {
		return nil, false
	}
	out := new(RevokedEntry)
	*out = e
	out.SerialNumber = new(big.Int).Set(serial)
	return out, true
}

// decodeEntry reads the time and reason of the entry at off (checked by
// ParseCRL).
func (c *CRL) decodeEntry(off int) RevokedEntry {
	var e RevokedEntry
	raw := c.Raw
	_, b, end, ok := header(raw, off, len(raw))
	if !ok {
		return e
	}
	_, _, se, ok := header(raw, b, end)
	if !ok {
		return e
	}
	tag, tb, te, ok := header(raw, se, end)
	if !ok {
		return e
	}
	e.RevocationTime, _ = derTime(raw[se:te], tag, raw[tb:te])
	if te >= end {
		return e
	}
	_, xb, xe, ok := header(raw, te, end)
	for j := xb; ok && j < xe; {
		var eb, ee, ob, oe int
		if _, eb, ee, ok = header(raw, j, xe); !ok {
			break
		}
		if _, ob, oe, ok = header(raw, eb, ee); !ok {
			break
		}
		if bytes.Equal(raw[ob:oe], derExtReasonCode) {
			k := oe
			if k < ee && raw[k] == tagBoolean {
				k += 3
			}
			if _, vb, ve, vok := header(raw, k, ee); vok {
				e.Reason, e.HasReason = readReason(raw[vb:ve])
			}
			break
		}
		j = ee
	}
	return e
}

// serialOf decodes INTEGER content.
func serialOf(content []byte) *big.Int {
	n := new(big.Int).SetBytes(content)
	if len(content) > 0 && content[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(content))))
	}
	return n
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
	if issuer == nil || !sameName(c.RawIssuer, issuer.RawSubject) {
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
	return checkGOSTSignature(c.SignatureAlgorithm, key, c.RawTBSCertList, c.Signature)
}

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
