package signature

import (
	"bytes"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/oid"
)

// Timestamp is an RFC 3161 TimeStampToken: a SignedData whose encapsulated
// content is a TSTInfo, signed by a time-stamping authority (TSA).
type Timestamp struct {
	// Raw is the DER of the TimeStampToken (the ContentInfo), normalised
	// from BER when it was received so.
	Raw []byte
	// Token is the token's SignedData; Token.Content is the DER of Info
	// and Token.Signers holds the TSA's one SignerInfo.
	Token *SignedData
	// Info is the decoded TSTInfo.
	Info TSTInfo
}

// MessageImprint is the hash a TSA stamped (RFC 3161 §2.4.1).
type MessageImprint struct {
	// HashAlgorithm is the hash algorithm.
	HashAlgorithm AlgorithmIdentifier
	// HashedMessage is the hash value.
	HashedMessage []byte
}

// TSTInfo is the content of a TimeStampToken (RFC 3161 §2.4.2).
type TSTInfo struct {
	// Version is 1, the only version RFC 3161 defines.
	Version int
	// Policy is the TSA policy under which the token was issued.
	Policy asn1.ObjectIdentifier
	// MessageImprint is the stamped hash.
	MessageImprint MessageImprint
	// SerialNumber is the TSA's serial number of the token (any INTEGER
	// is accepted: some TSAs write negative ones).
	SerialNumber *big.Int
	// GenTime is the time the token was made, in UTC, with the fraction of
	// a second the TSA wrote.
	GenTime time.Time
	// Accuracy is the accuracy of GenTime; 0 when the field is absent.
	Accuracy time.Duration
	// Ordering is the ordering flag.
	Ordering bool
	// Nonce is the requester's nonce, nil when absent.
	Nonce *big.Int
	// TSA is the DER of the tsa GeneralName, nil when absent.
	TSA []byte
}

// tsLabels are the PEM labels a timestamp token or response may carry.
var tsLabels = []string{"TIMESTAMP", "TIME STAMP TOKEN", "TIMESTAMP TOKEN", "TIMESTAMP RESPONSE", "TSP", "CMS", "PKCS7"}

// Limits of a TSTInfo, beyond the bounds of the BER normaliser.
const (
	maxAccuracySeconds = 1 << 20
	maxNonceBytes      = 64
)

// ParseTimestamp reads an RFC 3161 TimeStampToken, or a TimeStampResp
// whose status is granted (0) or grantedWithMods (1), in which case the
// token it carries is returned. The transport is that of Parse (DER, BER,
// PEM, base64). It is strict: the token's eContentType must be
// id-ct-TSTInfo with the TSTInfo present and in DER, the token must have
// exactly one signer (RFC 3161 §2.4.2), every TSTInfo field is checked and
// nothing may follow any element. Errors are *ParseError; a structure that
// is CMS but not a timestamp is ErrNotTimestamp.
func ParseTimestamp(data []byte) (*Timestamp, error) {
	bin, _, err := decodeTransportLabels(data, tsLabels)
	if err != nil {
		return nil, err
	}
	der, origins, err := normalize(bin)
	if err != nil {
		return nil, err
	}
	p := &parser{der: der, bin: bin, origins: origins}
	return p.timestampOrResponse(cryptobyte.String(der))
}

// parseTimestampDER reads a TimeStampToken that is already DER (an
// attribute value of a parsed signature).
func parseTimestampDER(der []byte) (*Timestamp, error) {
	norm, origins, err := normalize(der)
	if err != nil {
		return nil, err
	}
	p := &parser{der: norm, bin: der, origins: origins}
	return p.timestamp(cryptobyte.String(norm))
}

// timestampOrResponse reads a TimeStampToken or a TimeStampResp filling s.
func (p *parser) timestampOrResponse(s cryptobyte.String) (*Timestamp, error) {
	probe := s
	var outer cryptobyte.String
	if !probe.ReadASN1(&outer, cbasn1.SEQUENCE) {
		return nil, p.fail(s, "TimeStampToken", "not a SEQUENCE")
	}
	if !outer.PeekASN1Tag(cbasn1.SEQUENCE) {
		return p.timestamp(s)
	}
	// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken
	// TimeStampToken OPTIONAL } (RFC 3161 §2.4.2).
	var info cryptobyte.String
	start := outer
	outer.ReadASN1(&info, cbasn1.SEQUENCE)
	var status int
	if !info.ReadASN1Integer(&status) {
		return nil, p.fail(start, "PKIStatusInfo.status", "missing or malformed INTEGER")
	}
	if info.PeekASN1Tag(cbasn1.SEQUENCE) {
		var text cryptobyte.String
		info.ReadASN1(&text, cbasn1.SEQUENCE)
		for !text.Empty() {
			var line cryptobyte.String
			if !text.ReadASN1(&line, cbasn1.UTF8String) {
				return nil, p.fail(start, "PKIStatusInfo.statusString", "not a SEQUENCE OF UTF8String")
			}
		}
	}
	if info.PeekASN1Tag(cbasn1.BIT_STRING) {
		var fail asn1.BitString
		if !info.ReadASN1BitString(&fail) {
			return nil, p.fail(start, "PKIStatusInfo.failInfo", "malformed BIT STRING")
		}
	}
	if !info.Empty() {
		return nil, p.fail(start, "PKIStatusInfo", "unexpected fields")
	}
	if status != 0 && status != 1 {
		return nil, perr(ErrNotTimestamp, p.off(start), "TimeStampResp.status", "status %d: the TSA did not grant a token", status)
	}
	if outer.Empty() {
		return nil, perr(ErrNotTimestamp, p.off(outer), "TimeStampResp.timeStampToken", "status %d without a token", status)
	}
	return p.timestamp(outer)
}

// timestamp reads the TimeStampToken filling s.
func (p *parser) timestamp(s cryptobyte.String) (*Timestamp, error) {
	sd, err := p.contentInfo(s)
	if err != nil {
		return nil, err
	}
	switch {
	case !oid.TSTInfo.Equal(sd.ContentType):
		return nil, perr(ErrNotTimestamp, -1, "eContentType", "%s, want id-ct-TSTInfo", sd.ContentType)
	case sd.Detached:
		return nil, perr(ErrMalformed, -1, "eContent", "the TSTInfo is absent")
	case len(sd.Signers) != 1:
		return nil, perr(ErrMalformed, -1, "signerInfos", "%d signers, RFC 3161 §2.4.2 allows only the TSA's", len(sd.Signers))
	}
	info, err := parseTSTInfo(sd.Content, sd.contentOff)
	if err != nil {
		return nil, err
	}
	return &Timestamp{Raw: bytes.Clone(sd.DER), Token: sd, Info: *info}, nil
}

// parseTSTInfo decodes the DER TSTInfo in b, found at offset base of the
// token.
func parseTSTInfo(b []byte, base int) (*TSTInfo, error) {
	fail := func(s cryptobyte.String, field, format string, args ...any) error {
		return perr(ErrMalformed, base+len(b)-len(s), "TSTInfo."+field, format, args...)
	}
	if len(b) == 0 {
		return nil, perr(ErrMalformed, base, "TSTInfo", "empty")
	}
	if norm, err := NormalizeBER(b); err != nil || !bytes.Equal(norm, b) {
		return nil, perr(ErrMalformed, base, "TSTInfo", "not DER (RFC 3161 §2.4.2)")
	}
	in := cryptobyte.String(b)
	var s cryptobyte.String
	if !in.ReadASN1(&s, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, fail(in, "", "not a single SEQUENCE")
	}
	t := &TSTInfo{SerialNumber: new(big.Int)}
	if !s.ReadASN1Integer(&t.Version) || t.Version != 1 {
		return nil, fail(s, "version", "want INTEGER 1")
	}
	if !s.ReadASN1ObjectIdentifier(&t.Policy) {
		return nil, fail(s, "policy", "missing or malformed OID")
	}
	var mi, alg cryptobyte.String
	if !s.ReadASN1(&mi, cbasn1.SEQUENCE) || !mi.ReadASN1(&alg, cbasn1.SEQUENCE) {
		return nil, fail(s, "messageImprint", "want SEQUENCE { AlgorithmIdentifier, OCTET STRING }")
	}
	if !alg.ReadASN1ObjectIdentifier(&t.MessageImprint.HashAlgorithm.OID) {
		return nil, fail(s, "messageImprint.hashAlgorithm", "malformed OID")
	}
	if !alg.Empty() {
		var params cryptobyte.String
		if !alg.ReadAnyASN1Element(&params, nil) || !alg.Empty() {
			return nil, fail(s, "messageImprint.hashAlgorithm", "malformed parameters")
		}
		t.MessageImprint.HashAlgorithm.Parameters = bytes.Clone(params)
	}
	var hashed cryptobyte.String
	if !mi.ReadASN1(&hashed, cbasn1.OCTET_STRING) || !mi.Empty() || len(hashed) == 0 {
		return nil, fail(s, "messageImprint.hashedMessage", "missing, empty or followed by other fields")
	}
	t.MessageImprint.HashedMessage = bytes.Clone(hashed)
	if !s.ReadASN1Integer(t.SerialNumber) {
		return nil, fail(s, "serialNumber", "missing or malformed INTEGER")
	}
	var gt cryptobyte.String
	if !s.ReadASN1(&gt, cbasn1.GeneralizedTime) {
		return nil, fail(s, "genTime", "missing GeneralizedTime")
	}
	var err error
	if t.GenTime, err = parseGenTime(string(gt)); err != nil {
		return nil, fail(s, "genTime", "%v", err)
	}
	if s.PeekASN1Tag(cbasn1.SEQUENCE) {
		var acc cryptobyte.String
		s.ReadASN1(&acc, cbasn1.SEQUENCE)
		if t.Accuracy, err = parseAccuracy(acc); err != nil {
			return nil, fail(s, "accuracy", "%v", err)
		}
	}
	if s.PeekASN1Tag(cbasn1.BOOLEAN) && !s.ReadASN1Boolean(&t.Ordering) {
		return nil, fail(s, "ordering", "malformed BOOLEAN")
	}
	if s.PeekASN1Tag(cbasn1.INTEGER) {
		var raw cryptobyte.String
		t.Nonce = new(big.Int)
		if probe := s; !probe.ReadASN1(&raw, cbasn1.INTEGER) || len(raw) > maxNonceBytes || !s.ReadASN1Integer(t.Nonce) {
			return nil, fail(s, "nonce", "malformed or longer than %d bytes", maxNonceBytes)
		}
	}
	if tag := cbasn1.Tag(0).Constructed().ContextSpecific(); s.PeekASN1Tag(tag) {
		var name, gn cryptobyte.String
		s.ReadASN1(&name, tag)
		if !name.ReadAnyASN1Element(&gn, nil) || !name.Empty() {
			return nil, fail(s, "tsa", "want one GeneralName")
		}
		t.TSA = bytes.Clone(gn)
	}
	if tag := cbasn1.Tag(1).Constructed().ContextSpecific(); s.PeekASN1Tag(tag) {
		var exts cryptobyte.String
		s.ReadASN1(&exts, tag)
		for !exts.Empty() {
			var ext, id cryptobyte.String
			if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&id, cbasn1.OBJECT_IDENTIFIER) {
				return nil, fail(s, "extensions", "malformed Extension")
			}
		}
	}
	if !s.Empty() {
		return nil, perr(ErrTrailingData, base+len(b)-len(s), "TSTInfo", "unexpected fields at the end")
	}
	return t, nil
}

// parseGenTime reads a GeneralizedTime of RFC 3161 §2.4.2:
// YYYYMMDDhhmmss[.s...]Z, the fraction without trailing zeros.
func parseGenTime(v string) (time.Time, error) {
	bad := fmt.Errorf("%q is not YYYYMMDDhhmmss[.fraction]Z", v)
	if len(v) < 15 || v[len(v)-1] != 'Z' {
		return time.Time{}, bad
	}
	for _, c := range v[:14] {
		if c < '0' || c > '9' {
			return time.Time{}, bad
		}
	}
	frac := v[14 : len(v)-1]
	if frac != "" {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' || frac[len(frac)-1] == '0' {
			return time.Time{}, bad
		}
		for _, c := range frac[1:] {
			if c < '0' || c > '9' {
				return time.Time{}, bad
			}
		}
	}
	t, err := time.Parse("20060102150405", v[:14])
	if err != nil {
		return time.Time{}, bad
	}
	if frac != "" {
		ns := 0
		for i, c := range frac[1:] {
			if i < 9 {
				ns = ns*10 + int(c-'0')
			}
		}
		for i := len(frac) - 1; i < 9; i++ {
			ns *= 10
		}
		t = t.Add(time.Duration(ns))
	}
	return t, nil
}

// parseAccuracy reads Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL,
// millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999)
// OPTIONAL }.
func parseAccuracy(s cryptobyte.String) (time.Duration, error) {
	var d time.Duration
	if s.PeekASN1Tag(cbasn1.INTEGER) {
		var sec int64
		if !s.ReadASN1Integer(&sec) || sec < 0 || sec > maxAccuracySeconds {
			return 0, fmt.Errorf("seconds not in 0..%d", maxAccuracySeconds)
		}
		d += time.Duration(sec) * time.Second
	}
	for i, unit := range []time.Duration{time.Millisecond, time.Microsecond} {
		tag := cbasn1.Tag(i).ContextSpecific()
		if !s.PeekASN1Tag(tag) {
			continue
		}
		var v int64
		var raw cryptobyte.String
		if !s.ReadASN1(&raw, tag) {
			return 0, fmt.Errorf("malformed [%d]", i)
		}
		// [0]/[1] IMPLICIT INTEGER: re-read the contents as an INTEGER.
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.INTEGER, func(b *cryptobyte.Builder) { b.AddBytes(raw) })
		encoded, err := b.Bytes()
		enc := cryptobyte.String(encoded)
		if err != nil || !enc.ReadASN1Integer(&v) || v < 1 || v > 999 {
			return 0, fmt.Errorf("[%d] not an INTEGER in 1..999", i)
		}
		d += time.Duration(v) * unit
	}
	if !s.Empty() {
		return 0, fmt.Errorf("unexpected fields")
	}
	return d, nil
}
