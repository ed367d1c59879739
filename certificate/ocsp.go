package certificate

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
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
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
)

// This file reads OCSP responses (RFC 6960) with cryptobyte rather than
// golang.org/x/crypto/ocsp, which cannot serve here: its ParseResponse checks
// the signature of an embedded responder certificate with crypto/x509, which
// has no GOST and so rejects every GOST response that carries one; it knows
// only SHA-1/SHA-2 CertID hashes, while CryptoPro responders write
// Streebog-256; it reads only a full OCSPResponse, not the bare
// BasicOCSPResponse that CAdES revocationValues hold; and it returns one
// single response, not the list.

// MaxOCSPSize is the largest OCSP response ParseOCSPResponse accepts (DER,
// PEM or base64): 1 MiB. Real responses are a few hundred bytes, a few
// kilobytes with the responder's certificate.
const MaxOCSPSize = 1 << 20

// maxOCSPCertificates bounds the certificates embedded in one response.
const maxOCSPCertificates = 64

// ocspLabels are the PEM labels of OCSP responses.
var ocspLabels = []string{"OCSP RESPONSE"}

// OCSPStatus is the certStatus of a single response (RFC 6960 §4.2.1).
type OCSPStatus int

// The certificate statuses an OCSP responder reports.
const (
	// OCSPGood: the responder knows of no revocation of the certificate.
	OCSPGood OCSPStatus = iota
	// OCSPRevoked: the certificate is revoked (RevocationTime, Reason).
	OCSPRevoked
	// OCSPUnknown: the responder does not know the certificate.
	OCSPUnknown
)

// String returns the RFC 6960 name of the status.
func (s OCSPStatus) String() string {
	switch s {
	case OCSPGood:
		return "good"
	case OCSPRevoked:
		return "revoked"
	case OCSPUnknown:
		return "unknown"
	}
	return fmt.Sprintf("OCSPStatus(%d)", int(s))
}

// OCSPCertID identifies the certificate a single response is about: the
// hashes of its issuer's name and key and its serial number (RFC 6960
// §4.1.1).
type OCSPCertID struct {
	// HashAlgorithm is the OID of the hash of the two hashes: SHA-1
	// (1.3.14.3.2.26), SHA-256, Streebog-256 (1.2.643.7.1.1.2.2) or
	// Streebog-512 are understood; a response with another one parses but
	// matches no certificate.
	HashAlgorithm asn1.ObjectIdentifier
	// IssuerNameHash is the hash of the DER issuer name.
	IssuerNameHash []byte
	// IssuerKeyHash is the hash of the issuer's subjectPublicKey BIT STRING
	// value.
	IssuerKeyHash []byte
	// SerialNumber of the certificate.
	SerialNumber *big.Int
}

// OCSPSingleResponse is the status of one certificate.
type OCSPSingleResponse struct {
	// CertID names the certificate.
	CertID OCSPCertID
	// Status is good, revoked or unknown.
	Status OCSPStatus
	// RevocationTime is when the certificate was revoked (OCSPRevoked
	// only).
	RevocationTime time.Time
	// Reason is the revocationReason (ReasonUnspecified when absent).
	Reason RevocationReason
	// ThisUpdate is when the status was known to be correct; NextUpdate,
	// zero when absent, when newer information will be available.
	ThisUpdate, NextUpdate time.Time

	hasReason bool
}

// OCSPResponse is a parsed BasicOCSPResponse (RFC 6960 §4.2.1). It is not
// modified after ParseOCSPResponse and is safe for concurrent reads.
type OCSPResponse struct {
	// Raw is the DER BasicOCSPResponse: the form CAdES revocationValues
	// hold, also when the input was a full OCSPResponse.
	Raw []byte
	// RawTBSResponseData is the signed part, tbsResponseData.
	RawTBSResponseData []byte
	// RawResponderName is the DER name of the responder when the response
	// identifies it by name (ResponderID byName), nil otherwise.
	RawResponderName []byte
	// ResponderKeyHash is the SHA-1 hash of the responder's public key
	// when the response identifies it by key (ResponderID byKey), nil
	// otherwise.
	ResponderKeyHash []byte
	// ProducedAt is when the responder signed the response.
	ProducedAt time.Time
	// Responses are the single responses in encoding order; at least one.
	Responses []OCSPSingleResponse
	// Certificates are the certificates the responder embedded (usually
	// its own), parsed like Parse does; they are not trusted by
	// themselves.
	Certificates []*Certificate
	// SignatureAlgorithm the responder signed with.
	SignatureAlgorithm SignatureAlgorithm
	// Signature is the signature value.
	Signature []byte

	responderName *Name // parsed RawResponderName
}

// ParseOCSPResponse reads one OCSP response — DER, PEM ("OCSP RESPONSE"
// block) or base64, as text in UTF-8 or UTF-16 — strictly: DER only, no
// trailing data, no duplicate extension, no critical extension it does not
// understand, within MaxOCSPSize. The input is either a full OCSPResponse,
// whose responseStatus must be successful and whose responseBytes must be
// id-pkix-ocsp-basic, or a bare BasicOCSPResponse as CAdES revocationValues
// hold it. Errors are *ParseError values (Format "OCSP") wrapping ErrEmpty,
// ErrTooLarge, ErrFormat or ErrMalformed; a response whose status is not
// successful (tryLater, …) is ErrMalformed with a Russian message naming
// the status. ParseOCSPResponse does not verify the signature: see
// CheckSignatureFrom and Responder.
func ParseOCSPResponse(data []byte) (*OCSPResponse, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: ocspLabels, MaxSize: MaxOCSPSize, Single: true})
	if err != nil {
		return nil, transportError(err, "OCSP")
	}
	return parseOCSP(dec.Blocks[0].Bytes)
}

// ocspError is a *ParseError of an OCSP response.
func ocspError(reason error, detail string, args ...any) *ParseError {
	if len(args) > 0 {
		detail = fmt.Sprintf(detail, args...)
	}
	return &ParseError{Err: classOf(reason), reason: reason, Format: "OCSP", Index: -1, Offset: -1, Detail: detail}
}

// The responseStatus values of RFC 6960 §4.2.1.
const (
	ocspSuccessful       = 0
	ocspMalformedRequest = 1
	ocspInternalError    = 2
	ocspTryLater         = 3
	ocspSigRequired      = 5
	ocspUnauthorized     = 6
)

// ocspStatusName names a responseStatus.
func ocspStatusName(s int) string {
	switch s {
	case ocspSuccessful:
		return "successful"
	case ocspMalformedRequest:
		return "malformedRequest"
	case ocspInternalError:
		return "internalError"
	case ocspTryLater:
		return "tryLater"
	case ocspSigRequired:
		return "sigRequired"
	case ocspUnauthorized:
		return "unauthorized"
	}
	return fmt.Sprintf("status %d", s)
}

// ocspStatusRU explains a responseStatus in Russian.
func ocspStatusRU(s int) string {
	switch s {
	case ocspMalformedRequest:
		return "запрос к службе составлен неверно (malformedRequest)"
	case ocspInternalError:
		return "внутренняя ошибка службы (internalError)"
	case ocspTryLater:
		return "служба временно не может ответить, нужно повторить запрос позже (tryLater)"
	case ocspSigRequired:
		return "служба требует подписанный запрос (sigRequired)"
	case ocspUnauthorized:
		return "служба не уполномочена отвечать на такой запрос (unauthorized)"
	}
	return fmt.Sprintf("неизвестный код ответа %d", s)
}

// parseOCSP parses one DER OCSPResponse or BasicOCSPResponse (data is the
// decoder's own copy).
func parseOCSP(data []byte) (*OCSPResponse, error) {
	if err := checkOneElement(data, "OCSP"); err != nil {
		return nil, err
	}
	s := cryptobyte.String(data)
	var body cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, ocspError(reasonStructure, "not a SEQUENCE")
	}
	if body.PeekASN1Tag(cbasn1.SEQUENCE) {
		return parseBasicOCSP(data, 0)
	}
	var status int
	if !body.ReadASN1Enum(&status) {
		return nil, ocspError(reasonStructure, "neither an OCSPResponse (responseStatus ENUMERATED) nor a BasicOCSPResponse")
	}
	if status != ocspSuccessful {
		pe := ocspError(reasonOCSPStatus, "responseStatus %s", ocspStatusName(status))
		pe.ocspStatus = status
		return nil, pe
	}
	var wrap, rb cryptobyte.String
	var typ asn1.ObjectIdentifier
	var basic cryptobyte.String
	if !body.ReadASN1(&wrap, cbasn1.Tag(0).Constructed().ContextSpecific()) || !body.Empty() ||
		!wrap.ReadASN1(&rb, cbasn1.SEQUENCE) || !wrap.Empty() {
		return nil, ocspError(reasonStructure, "successful OCSPResponse without responseBytes [0]")
	}
	if !rb.ReadASN1ObjectIdentifier(&typ) || !rb.ReadASN1(&basic, cbasn1.OCTET_STRING) || !rb.Empty() {
		return nil, ocspError(reasonStructure, "malformed ResponseBytes")
	}
	if !oid.OCSPBasic.Equal(typ) {
		return nil, ocspError(reasonStructure, "responseType %s is not id-pkix-ocsp-basic (%s)", typ, oid.OCSPBasic)
	}
	// basic is a sub-slice of data: the capacities tell where it starts.
	base := cap(data) - cap(basic)
	if err := checkOneElement(basic, "OCSP"); err != nil {
		if pe := (*ParseError)(nil); errors.As(err, &pe) && pe.Offset >= 0 {
			pe.Offset += base
		}
		return nil, err
	}
	return parseBasicOCSP(basic, base)
}

// checkOneElement checks that data is exactly one DER SEQUENCE (definite
// lengths, no trailing bytes); format is the ParseError's Format.
func checkOneElement(data []byte, format string) error {
	mk := func(reason error, off int, detail string) error {
		return &ParseError{Err: classOf(reason), reason: reason, Format: format, Index: -1, Offset: off, Detail: detail}
	}
	e, rest, derr := readElement(data, 0, true)
	if derr != nil {
		return mk(derr.reason, derr.off, derr.detail)
	}
	if e.tag != tagSequence {
		return mk(reasonStructure, 0, "not a SEQUENCE")
	}
	if len(rest) > 0 {
		return mk(reasonTrailing, len(data)-len(rest), fmt.Sprintf("%d bytes of trailing data", len(rest)))
	}
	return nil
}

// parseBasicOCSP parses a DER BasicOCSPResponse that fills der, which
// starts at offset base of the input.
func parseBasicOCSP(der []byte, base int) (*OCSPResponse, error) {
	r := &OCSPResponse{Raw: der}
	s := cryptobyte.String(der)
	var basic, tbsFull, algFull cryptobyte.String
	var sig asn1.BitString
	if !s.ReadASN1(&basic, cbasn1.SEQUENCE) || !s.Empty() ||
		!basic.ReadASN1Element(&tbsFull, cbasn1.SEQUENCE) || !basic.ReadASN1Element(&algFull, cbasn1.SEQUENCE) {
		return nil, ocspError(reasonStructure, "not a BasicOCSPResponse")
	}
	if !basic.ReadASN1BitString(&sig) || sig.BitLength%8 != 0 {
		return nil, ocspError(reasonStructure, "signature is not a BIT STRING of whole bytes")
	}
	r.RawTBSResponseData, r.Signature = tbsFull, sig.Bytes
	var err error
	if r.SignatureAlgorithm, err = parseSignatureAlgorithm(algFull); err != nil {
		pe := ocspError(reasonStructure, "signature algorithm")
		pe.Cause = err
		return nil, pe
	}
	if basic.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		if err := r.parseCertificates(&basic, base); err != nil {
			return nil, err
		}
	}
	if !basic.Empty() {
		return nil, ocspError(reasonStructure, "unexpected data after the signature and certificates")
	}
	if err := r.parseTBS(tbsFull); err != nil {
		return nil, err
	}
	return r, nil
}

// parseCertificates reads certs [0] EXPLICIT SEQUENCE OF Certificate;
// r.Raw starts at offset base of the input.
func (r *OCSPResponse) parseCertificates(basic *cryptobyte.String, base int) error {
	var wrap, seq cryptobyte.String
	if !basic.ReadASN1(&wrap, cbasn1.Tag(0).Constructed().ContextSpecific()) || !wrap.ReadASN1(&seq, cbasn1.SEQUENCE) || !wrap.Empty() {
		return ocspError(reasonStructure, "certs [0] is not a SEQUENCE OF Certificate")
	}
	var p parser
	for !seq.Empty() {
		var c cryptobyte.String
		if !seq.ReadASN1Element(&c, cbasn1.SEQUENCE) {
			return ocspError(reasonStructure, "certificate %d of certs is not a SEQUENCE", len(p.certs)+1)
		}
		if len(p.certs) >= maxOCSPCertificates {
			return ocspError(reasonStructure, "more than %d certificates embedded", maxOCSPCertificates)
		}
		// c is a sub-slice of r.Raw: the capacities tell where it starts.
		if err := p.one(c, base+cap(r.Raw)-cap(c), source{format: "OCSP"}); err != nil {
			return err
		}
	}
	r.Certificates = p.certs
	return nil
}

// parseTBS reads ResponseData.
func (r *OCSPResponse) parseTBS(full []byte) error {
	s := cryptobyte.String(full)
	var tbs cryptobyte.String
	if !s.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return ocspError(reasonStructure, "tbsResponseData is not a SEQUENCE")
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var wrap cryptobyte.String
		var v int64
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(0).Constructed().ContextSpecific()) || !wrap.ReadASN1Integer(&v) || !wrap.Empty() || v != 0 {
			return ocspError(reasonStructure, "version must be v1 (0) when present")
		}
	}
	switch {
	case tbs.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()):
		var wrap, name cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(1).Constructed().ContextSpecific()) || !wrap.ReadASN1Element(&name, cbasn1.SEQUENCE) || !wrap.Empty() {
			return ocspError(reasonStructure, "ResponderID byName is not a Name")
		}
		n, err := parseName(name)
		if err != nil {
			pe := ocspError(reasonStructure, "ResponderID byName")
			pe.Cause = err
			return pe
		}
		r.RawResponderName, r.responderName = name, &n
	case tbs.PeekASN1Tag(cbasn1.Tag(2).Constructed().ContextSpecific()):
		var wrap, hash cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(2).Constructed().ContextSpecific()) || !wrap.ReadASN1(&hash, cbasn1.OCTET_STRING) || !wrap.Empty() || len(hash) == 0 {
			return ocspError(reasonStructure, "ResponderID byKey is not a non-empty OCTET STRING")
		}
		r.ResponderKeyHash = hash
	default:
		return ocspError(reasonStructure, "missing ResponderID (byName [1] or byKey [2])")
	}
	if !readGeneralizedTime(&tbs, &r.ProducedAt) {
		return ocspError(reasonStructure, "producedAt is not a DER GeneralizedTime")
	}
	var list cryptobyte.String
	if !tbs.ReadASN1(&list, cbasn1.SEQUENCE) {
		return ocspError(reasonStructure, "responses is not a SEQUENCE")
	}
	for !list.Empty() {
		sr, err := parseSingleResponse(&list, len(r.Responses)+1)
		if err != nil {
			return err
		}
		r.Responses = append(r.Responses, sr)
	}
	if len(r.Responses) == 0 {
		return ocspError(reasonStructure, "no single response")
	}
	if tbs.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()) {
		var wrap cryptobyte.String
		if !tbs.ReadASN1(&wrap, cbasn1.Tag(1).Constructed().ContextSpecific()) {
			return ocspError(reasonStructure, "malformed responseExtensions")
		}
		if err := checkOCSPExtensions(wrap, "responseExtensions", func(o asn1.ObjectIdentifier) bool { return oid.OCSPNonce.Equal(o) }); err != nil {
			return err
		}
	}
	if !tbs.Empty() {
		return ocspError(reasonStructure, "unexpected data at the end of tbsResponseData")
	}
	return nil
}

// parseSingleResponse reads SingleResponse number n from list.
func parseSingleResponse(list *cryptobyte.String, n int) (OCSPSingleResponse, error) {
	var sr OCSPSingleResponse
	bad := func(what string) (OCSPSingleResponse, error) {
		return sr, ocspError(reasonStructure, "single response %d: %s", n, what)
	}
	var s, id, alg cryptobyte.String
	if !list.ReadASN1(&s, cbasn1.SEQUENCE) {
		return bad("not a SEQUENCE")
	}
	sr.CertID.SerialNumber = new(big.Int)
	var nameHash, keyHash cryptobyte.String
	if !s.ReadASN1(&id, cbasn1.SEQUENCE) || !id.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&sr.CertID.HashAlgorithm) ||
		!id.ReadASN1(&nameHash, cbasn1.OCTET_STRING) || !id.ReadASN1(&keyHash, cbasn1.OCTET_STRING) ||
		!id.ReadASN1Integer(sr.CertID.SerialNumber) || !id.Empty() {
		return bad("malformed CertID")
	}
	var null cryptobyte.String
	if !alg.Empty() && (!alg.ReadASN1(&null, cbasn1.NULL) || !null.Empty() || !alg.Empty()) {
		return bad("CertID hash algorithm parameters must be absent or NULL")
	}
	sr.CertID.IssuerNameHash, sr.CertID.IssuerKeyHash = nameHash, keyHash
	switch {
	case s.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()):
		var v cryptobyte.String
		if !s.ReadASN1(&v, cbasn1.Tag(0).ContextSpecific()) || !v.Empty() {
			return bad("good [0] must be an empty NULL")
		}
		sr.Status = OCSPGood
	case s.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()):
		var v cryptobyte.String
		if !s.ReadASN1(&v, cbasn1.Tag(1).Constructed().ContextSpecific()) || !readGeneralizedTime(&v, &sr.RevocationTime) {
			return bad("revoked [1] without a DER GeneralizedTime revocationTime")
		}
		if !v.Empty() {
			var wrap cryptobyte.String
			var reason int
			if !v.ReadASN1(&wrap, cbasn1.Tag(0).Constructed().ContextSpecific()) || !wrap.ReadASN1Enum(&reason) || !wrap.Empty() || !v.Empty() {
				return bad("malformed revocationReason")
			}
			if reason < 0 || reason > int(ReasonAACompromise) || reason == 7 {
				return bad(fmt.Sprintf("revocationReason %d is not a CRLReason", reason))
			}
			sr.Reason, sr.hasReason = RevocationReason(reason), true
		}
		sr.Status = OCSPRevoked
	case s.PeekASN1Tag(cbasn1.Tag(2).ContextSpecific()):
		var v cryptobyte.String
		if !s.ReadASN1(&v, cbasn1.Tag(2).ContextSpecific()) || !v.Empty() {
			return bad("unknown [2] must be an empty NULL")
		}
		sr.Status = OCSPUnknown
	default:
		return bad("certStatus is not good [0], revoked [1] or unknown [2]")
	}
	if !readGeneralizedTime(&s, &sr.ThisUpdate) {
		return bad("thisUpdate is not a DER GeneralizedTime")
	}
	if s.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		var wrap cryptobyte.String
		if !s.ReadASN1(&wrap, cbasn1.Tag(0).Constructed().ContextSpecific()) || !readGeneralizedTime(&wrap, &sr.NextUpdate) || !wrap.Empty() {
			return bad("nextUpdate [0] is not a DER GeneralizedTime")
		}
		if sr.NextUpdate.Before(sr.ThisUpdate) {
			return bad("nextUpdate before thisUpdate")
		}
	}
	if s.PeekASN1Tag(cbasn1.Tag(1).Constructed().ContextSpecific()) {
		var wrap cryptobyte.String
		if !s.ReadASN1(&wrap, cbasn1.Tag(1).Constructed().ContextSpecific()) {
			return bad("malformed singleExtensions")
		}
		known := func(o asn1.ObjectIdentifier) bool { return oid.OCSPCRLID.Equal(o) || oid.OCSPArchiveCutoff.Equal(o) }
		if err := checkOCSPExtensions(wrap, fmt.Sprintf("single response %d", n), known); err != nil {
			return sr, err
		}
	}
	if !s.Empty() {
		return bad("unexpected data at the end")
	}
	return sr, nil
}

// checkOCSPExtensions checks an Extensions SEQUENCE that fills wrap: well
// formed, each OID once, no critical extension that known does not accept.
func checkOCSPExtensions(wrap cryptobyte.String, where string, known func(asn1.ObjectIdentifier) bool) error {
	var seq cryptobyte.String
	if !wrap.ReadASN1(&seq, cbasn1.SEQUENCE) || !wrap.Empty() {
		return ocspError(reasonStructure, "%s: extensions are not a SEQUENCE", where)
	}
	seen := map[string]bool{}
	for !seq.Empty() {
		var ext cryptobyte.String
		var id asn1.ObjectIdentifier
		critical := false
		if !seq.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&id) {
			return ocspError(reasonStructure, "%s: malformed extension", where)
		}
		if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&critical) {
			return ocspError(reasonStructure, "%s: extension %s: invalid critical flag", where, id)
		}
		if !ext.SkipASN1(cbasn1.OCTET_STRING) || !ext.Empty() {
			return ocspError(reasonStructure, "%s: extension %s: malformed extnValue", where, id)
		}
		key := id.String()
		if seen[key] {
			return ocspError(reasonDuplicateExt, "%s: extension %s occurs twice", where, id)
		}
		seen[key] = true
		if critical && !known(id) {
			return ocspError(reasonStructure, "%s: critical extension %s is not understood (RFC 6960 §4.4)", where, id)
		}
	}
	return nil
}

// readGeneralizedTime reads a DER GeneralizedTime: YYYYMMDDHHMMSS, an
// optional fraction of a second without trailing zeros, and Z (X.690
// §11.7).
func readGeneralizedTime(s *cryptobyte.String, out *time.Time) bool {
	var v cryptobyte.String
	if !s.ReadASN1(&v, cbasn1.GeneralizedTime) {
		return false
	}
	t := string(v)
	if len(t) < 15 || t[len(t)-1] != 'Z' {
		return false
	}
	whole, frac := t[:14], t[14:len(t)-1]
	for i := 0; i < len(whole); i++ {
		if whole[i] < '0' || whole[i] > '9' {
			return false
		}
	}
	tm, err := time.ParseInLocation("20060102150405", whole, time.UTC)
	if err != nil {
		return false
	}
	if frac != "" {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 || frac[len(frac)-1] == '0' {
			return false
		}
		ns := 0
		for i := 1; i < 10; i++ {
			d := 0
			if i < len(frac) {
				c := frac[i]
				if c < '0' || c > '9' {
					return false
				}
				d = int(c - '0')
			}
			ns = ns*10 + d
		}
		tm = tm.Add(time.Duration(ns))
	}
	*out = tm
	return true
}

// certIDHash returns the hash function of a CertID hash algorithm, nil for
// one not understood.
func certIDHash(alg asn1.ObjectIdentifier) func([]byte) []byte {
	switch {
	case oid.SHA1.Equal(alg):
		return func(b []byte) []byte { h := sha1.Sum(b); return h[:] }
	case oid.SHA256.Equal(alg):
		return func(b []byte) []byte { h := sha256.Sum256(b); return h[:] }
	case oid.Streebog256.Equal(alg):
		return func(b []byte) []byte { h := streebog.Sum256(b); return h[:] }
	case oid.Streebog512.Equal(alg):
		return func(b []byte) []byte { h := streebog.Sum512(b); return h[:] }
	}
	return nil
}

// subjectKeyBits returns the value of the certificate's subjectPublicKey
// BIT STRING (without the unused-bits octet), whatever its algorithm.
func subjectKeyBits(c *Certificate) []byte {
	s := cryptobyte.String(c.RawSubjectPublicKeyInfo)
	var info cryptobyte.String
	var bits []byte
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.SkipASN1(cbasn1.SEQUENCE) || !info.ReadASN1BitStringAsBytes(&bits) {
		return nil
	}
	return bits
}

// ResponseFor returns the single response about cert, issued by issuer:
// same serial number, and issuerNameHash and issuerKeyHash equal to the
// hashes of cert's issuer name and issuer's public key under the CertID's
// hash algorithm (SHA-1, SHA-256, Streebog-256 or Streebog-512). It returns
// nil when the response says nothing about cert. It does not check the
// signature.
func (r *OCSPResponse) ResponseFor(cert, issuer *Certificate) *OCSPSingleResponse {
	if r == nil || cert == nil || issuer == nil || !sameName(cert.RawIssuer, issuer.RawSubject) {
		return nil
	}
	keyBits := subjectKeyBits(issuer)
	for i := range r.Responses {
		sr := &r.Responses[i]
		if sr.CertID.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			continue
		}
		h := certIDHash(sr.CertID.HashAlgorithm)
		if h == nil || keyBits == nil || !bytes.Equal(h(keyBits), sr.CertID.IssuerKeyHash) {
			continue
		}
		if bytes.Equal(h(cert.RawIssuer), sr.CertID.IssuerNameHash) ||
			bytes.Equal(h(issuer.RawSubject), sr.CertID.IssuerNameHash) {
			return sr
		}
	}
	return nil
}

// CheckSignatureFrom verifies the response's GOST signature (Streebog of
// tbsResponseData, hash size from the signature OID, which must agree with
// the key size) with the key of responder. It checks the signature only:
// whether responder may speak for a CA is Responder's business. Errors
// match ErrSignatureAlgorithm or ErrBadSignature, or the key classes when
// responder's key is not a usable GOST key.
func (r *OCSPResponse) CheckSignatureFrom(responder *Certificate) error {
	if responder == nil {
		return fmt.Errorf("%w: no responder certificate", ErrBadSignature)
	}
	key, err := responder.GOSTKey()
	if err != nil {
		return fmt.Errorf("certificate: OCSP responder key: %w", err)
	}
	return checkGOSTSignature(r.SignatureAlgorithm, key, r.RawTBSResponseData, r.Signature)
}

// ErrUnauthorisedResponder: an OCSP response is signed by a responder that
// is neither the issuing CA nor a certificate that CA issued for OCSP
// signing (id-kp-OCSPSigning), or its responder is not among the
// certificates available.
var ErrUnauthorisedResponder = errors.New("certificate: OCSP responder not authorised by the issuer")

// identifies reports whether the ResponderID names c: by name (the same
// name as c's subject) or by key (SHA-1 of c's subjectPublicKey, or c's
// subject key identifier).
func (r *OCSPResponse) identifies(c *Certificate) bool {
	if r.RawResponderName != nil {
		return sameName(r.RawResponderName, c.RawSubject)
	}
	if len(c.SubjectKeyID) > 0 && bytes.Equal(c.SubjectKeyID, r.ResponderKeyHash) {
		return true
	}
	bits := subjectKeyBits(c)
	h := sha1.Sum(bits)
	return bits != nil && bytes.Equal(h[:], r.ResponderKeyHash)
}

// Responder returns the certificate that signed the response with
// authority over the certificates issuer issued (RFC 6960 §4.2.2.2):
// issuer itself, or a delegated responder — a certificate embedded in the
// response or among candidates (for example the certificates of a CAdES
// signature) that the ResponderID names, that bears issuer's name as its
// issuer and is signed by issuer's key, that has extKeyUsage
// id-kp-OCSPSigning and is valid at ProducedAt. In either case the
// response's signature must verify with the responder's key. The
// responder's own revocation is not checked here (Verify checks it against
// the issuer's CRLs unless the certificate has id-pkix-ocsp-nocheck).
//
// The error matches ErrUnauthorisedResponder when no authorised
// responder the ResponderID names is found, and ErrBadSignature when one is
// found but the signature does not verify with its key.
func (r *OCSPResponse) Responder(issuer *Certificate, candidates ...*Certificate) (*Certificate, error) {
	if r == nil || issuer == nil {
		return nil, fmt.Errorf("%w: no response or no issuer", ErrUnauthorisedResponder)
	}
	var sigErr, authErr error
	if r.identifies(issuer) {
		err := r.CheckSignatureFrom(issuer)
		if err == nil {
			return issuer, nil
		}
		sigErr = err
	}
	for _, list := range [][]*Certificate{r.Certificates, candidates} {
		for _, c := range list {
			if c == nil || !r.identifies(c) {
				continue
			}
			if keyEqual(c, issuer) && sameName(c.RawSubject, issuer.RawSubject) {
				// Another certificate of the CA's own key: the CA itself.
				if err := r.CheckSignatureFrom(c); err != nil {
					sigErr = err
					continue
				}
				return c, nil
			}
			if err := delegatedBy(c, issuer, r.ProducedAt); err != nil {
				if authErr == nil {
					authErr = fmt.Errorf("%w: %s: %w", ErrUnauthorisedResponder, c.Subject.String(), err)
				}
				continue
			}
			if err := r.CheckSignatureFrom(c); err != nil {
				sigErr = err
				continue
			}
			return c, nil
		}
	}
	switch {
	case sigErr != nil:
		return nil, sigErr
	case authErr != nil:
		return nil, authErr
	}
	return nil, fmt.Errorf("%w: responder %s is not the CA %q and no certificate of it was found", ErrUnauthorisedResponder, r.responderText(), issuer.Subject.String())
}

// delegatedBy says why c is not a responder delegated by issuer, or nil.
func delegatedBy(c, issuer *Certificate, at time.Time) error {
	switch {
	case !sameName(c.RawIssuer, issuer.RawSubject):
		return fmt.Errorf("issued by %q, not by the CA %q", c.Issuer.String(), issuer.Subject.String())
	case !hasExtKeyUsage(c, oid.ExtKeyUsageOCSPSigning):
		return errors.New("no extKeyUsage id-kp-OCSPSigning")
	case !c.ValidAt(at):
		return fmt.Errorf("not valid at producedAt %s", at.Format(time.RFC3339))
	}
	if err := c.CheckSignatureFrom(issuer); err != nil {
		return fmt.Errorf("not signed by the CA's key: %w", err)
	}
	return nil
}

// hasExtKeyUsage reports whether c lists the extended key usage.
func hasExtKeyUsage(c *Certificate, usage oid.ID) bool {
	for _, u := range c.ExtKeyUsage {
		if usage.Equal(u) {
			return true
		}
	}
	return false
}

// responderText names the responder for logs: its name, or the key hash
// in hex.
func (r *OCSPResponse) responderText() string {
	if r.responderName != nil {
		return r.responderName.String()
	}
	return "key SHA-1 " + strings.ToUpper(hex.EncodeToString(r.ResponderKeyHash))
}

// responderRU names the responder for Russian messages.
func (r *OCSPResponse) responderRU() string {
	if r.responderName != nil {
		return displayNameOf(r.responderName)
	}
	return "ключ с хешем SHA-1 " + strings.ToUpper(hex.EncodeToString(r.ResponderKeyHash))
}

// current reports whether the single response speaks for the time at:
// thisUpdate ≤ at ≤ nextUpdate, or issued after at (thisUpdate ≥ at: it
// knows the status at at), or, without nextUpdate, at no later than
// ocspNoNextUpdateTolerance after thisUpdate and producedAt.
func (r *OCSPResponse) current(sr *OCSPSingleResponse, at time.Time) bool {
	if !at.After(sr.ThisUpdate) {
		return true
	}
	if !sr.NextUpdate.IsZero() {
		return !at.After(sr.NextUpdate)
	}
	last := sr.ThisUpdate
	if r.ProducedAt.After(last) {
		last = r.ProducedAt
	}
	return !at.After(last.Add(ocspNoNextUpdateTolerance))
}

// ocspNoNextUpdateTolerance is how long after its thisUpdate (or
// producedAt) a response without nextUpdate still speaks for the
// validation time. CryptoPro responders leave nextUpdate out: such a
// response says only what was true when it was made.
const ocspNoNextUpdateTolerance = 15 * time.Minute
