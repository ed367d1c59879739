package signature

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
)

// Level is the CAdES form of one signer, decided by [SignerInfo.Level] from
// the attributes present (ETSI TS 101 733 §4.4, Annex B; RFC 5126 §4.4).
// Its value is the name people know the form by ("CAdES-X Long Type 1").
type Level string

// The CAdES forms, from the plainest to the archival one.
const (
	// LevelCMS: a CMS signature without signed attributes, which is no
	// CAdES form at all.
	LevelCMS Level = "CMS"
	// LevelBES: signed attributes present (CAdES-BES).
	LevelBES Level = "CAdES-BES"
	// LevelEPES: CAdES-BES with a signature-policy-identifier signed
	// attribute.
	LevelEPES Level = "CAdES-EPES"
	// LevelT: a signature-time-stamp unsigned attribute.
	LevelT Level = "CAdES-T"
	// LevelC: CAdES-T with complete-certificate-references and
	// complete-revocation-references.
	LevelC Level = "CAdES-C"
	// LevelXType1: CAdES-C with a CAdES-C-time-stamp (escTimeStamp) over
	// the signature, its time-stamp and the references.
	LevelXType1 Level = "CAdES-X Type 1"
	// LevelXType2: CAdES-C with time-stamped-certs-crls-references over the
	// references only.
	LevelXType2 Level = "CAdES-X Type 2"
	// LevelXLong: CAdES-C with certificate-values and revocation-values.
	LevelXLong Level = "CAdES-X Long"
	// LevelXLongType1: CAdES-X Long with a CAdES-C-time-stamp.
	LevelXLongType1 Level = "CAdES-X Long Type 1"
	// LevelXLongType2: CAdES-X Long with time-stamped-certs-crls-references.
	LevelXLongType2 Level = "CAdES-X Long Type 2"
	// LevelA: CAdES-T (or higher) with at least one archive time-stamp
	// (archive-time-stamp, -v2 or -v3).
	LevelA Level = "CAdES-A"
)

// Level decides the CAdES form of the signer from the attribute types
// present; nothing is verified. The rules, applied in order:
//
//   - no signed attributes: LevelCMS;
//   - no signature-time-stamp (1.2.840.113549.1.9.16.2.14): LevelEPES when
//     the signature-policy-identifier signed attribute (…2.15) is present,
//     else LevelBES;
//   - an archive time-stamp (…2.27, …2.48 or 0.4.0.1733.2.4): LevelA;
//   - complete-certificate-references (…2.21) or
//     complete-revocation-references (…2.22) missing: LevelT;
//   - certificate-values (…2.23) and revocation-values (…2.24) both present:
//     LevelXLongType1 with a CAdES-C-time-stamp (…2.25), else
//     LevelXLongType2 with time-stamped-certs-crls-references (…2.26), else
//     LevelXLong;
//   - otherwise LevelXType1, LevelXType2 or LevelC likewise.
//
// Each form builds on the one below it (TS 101 733 Annex B), so an attribute
// of a higher form without those of the lower ones does not raise the level:
// references without a signature time-stamp are still CAdES-BES. The EPES
// policy is visible only while nothing is above it: a CAdES-T signature
// with a policy is reported as LevelT.
func (si *SignerInfo) Level() Level {
	if si.RawSignedAttrs == nil {
		return LevelCMS
	}
	has := func(attrs []Attribute, ids ...oid.ID) bool {
		for _, a := range attrs {
			for _, id := range ids {
				if id.Equal(a.Type) {
					return true
				}
			}
		}
		return false
	}
	u := si.UnsignedAttrs
	if !has(u, oid.SignatureTimeStampToken) {
		if has(si.SignedAttrs, oid.SignaturePolicyID) {
			return LevelEPES
		}
		return LevelBES
	}
	if has(u, oid.ArchiveTimestamp, oid.ArchiveTimestampV2, oid.ArchiveTimestampV3) {
		return LevelA
	}
	if !has(u, oid.CertificateRefs) || !has(u, oid.RevocationRefs) {
		return LevelT
	}
	long := has(u, oid.CertValues) && has(u, oid.RevocationValues)
	type1, type2 := has(u, oid.EscTimeStamp), has(u, oid.CertCRLTimestamp)
	switch {
	case long && type1:
		return LevelXLongType1
	case long && type2:
		return LevelXLongType2
	case long:
		return LevelXLong
	case type1:
		return LevelXType1
	case type2:
		return LevelXType2
	}
	return LevelC
}

// TokenKind names the unsigned attribute a time-stamp token was found in.
type TokenKind string

// The kinds of time-stamp tokens among the unsigned attributes.
const (
	// TokenSignature: signature-time-stamp (1.2.840.113549.1.9.16.2.14),
	// over the signature value (CAdES-T).
	TokenSignature TokenKind = "signature-time-stamp"
	// TokenCAdESC: CAdES-C-time-stamp, id-aa-ets-escTimeStamp (…2.25), over
	// the signature, its time-stamps and the references (CAdES-X Type 1).
	TokenCAdESC TokenKind = "CAdES-C-time-stamp"
	// TokenRefs: time-stamped-certs-crls-references (…2.26), over the
	// references (CAdES-X Type 2).
	TokenRefs TokenKind = "time-stamped-certs-crls-references"
	// TokenArchiveV1: archive-time-stamp of TS 101 733 before v1.7.3
	// (…2.27).
	TokenArchiveV1 TokenKind = "archive-time-stamp"
	// TokenArchiveV2: archive-time-stamp, id-aa-ets-archiveTimestampV2
	// (…2.48).
	TokenArchiveV2 TokenKind = "archive-time-stamp-v2"
	// TokenArchiveV3: archive-time-stamp-v3 (0.4.0.1733.2.4), whose token
	// carries an ats-hash-index.
	TokenArchiveV3 TokenKind = "archive-time-stamp-v3"
)

// tokenKinds maps the attribute types holding time-stamp tokens to their
// kind.
var tokenKinds = []struct {
	id   oid.ID
	kind TokenKind
}{
	{oid.SignatureTimeStampToken, TokenSignature},
	{oid.EscTimeStamp, TokenCAdESC},
	{oid.CertCRLTimestamp, TokenRefs},
	{oid.ArchiveTimestamp, TokenArchiveV1},
	{oid.ArchiveTimestampV2, TokenArchiveV2},
	{oid.ArchiveTimestampV3, TokenArchiveV3},
}

// tokenKind returns the kind of time-stamp token an attribute of type t
// holds, or "".
func tokenKind(t asn1.ObjectIdentifier) TokenKind {
	for _, k := range tokenKinds {
		if k.id.Equal(t) {
			return k.kind
		}
	}
	return ""
}

// LongTermToken is one time-stamp token among a signer's unsigned
// attributes.
type LongTermToken struct {
	// Kind is the attribute the token was found in.
	Kind TokenKind
	// Attr is the index of that attribute in SignerInfo.UnsignedAttrs and
	// Value the index of the token among its values.
	Attr, Value int
	// DER is the TimeStampToken (a ContentInfo holding SignedData whose
	// eContent is the TSTInfo) as found in the attribute.
	DER []byte
	// HashIndex is the ats-hash-index of an archive-time-stamp-v3 token
	// (an unsigned attribute of the token's own signer); nil for other
	// kinds or when the token has none.
	HashIndex *ATSHashIndex
}

// ATSHashIndex is the value of an ats-hash-index attribute carried by an
// archive-time-stamp-v3 token: ATSHashIndex (0.4.0.1733.2.5, ETSI TS 101 733
// v2.2.1 §6.4.2), ATSHashIndexV2 (0.4.0.19122.1.4) or ATSHashIndexV3
// (0.4.0.19122.1.5, ETSI EN 319 122-1 §5.5.2). The three share one syntax:
//
//	SEQUENCE { hashIndAlgorithm AlgorithmIdentifier (DEFAULT id-sha256 in v1),
//	           certificatesHashIndex SEQUENCE OF OCTET STRING,
//	           crlsHashIndex SEQUENCE OF OCTET STRING,
//	           unsignedAttrs(Values)HashIndex SEQUENCE OF OCTET STRING }
type ATSHashIndex struct {
	// Version is 1, 2 or 3, after the attribute type.
	Version int
	// HashAlgorithm hashes every entry; Defaulted reports that the field
	// was absent (SHA-256, allowed only in version 1).
	HashAlgorithm AlgorithmIdentifier
	Defaulted     bool
	// Certificates, CRLs and UnsignedAttrs are the three lists of hashes.
	Certificates, CRLs, UnsignedAttrs [][]byte
	// DER is the value as found in the token: the input of the
	// archive-time-stamp-v3 message imprint.
	DER []byte
}

// OtherHash is a hash of a referenced object (OtherHash, ETSI TS 101 733
// §6.2.1): the bare sha1Hash choice or an algorithm and a value.
type OtherHash struct {
	// Algorithm is id-sha1 for the sha1Hash choice (SHA1Choice true).
	Algorithm  AlgorithmIdentifier
	SHA1Choice bool
	// Value is the hash.
	Value []byte
}

// CertificateRef is one OtherCertID of complete-certificate-references
// (ETSI TS 101 733 §6.2.1).
type CertificateRef struct {
	// Hash is otherCertHash, the hash of the certificate's DER.
	Hash OtherHash
	// HasIssuerSerial reports whether issuerSerial is present; IssuerNames
	// holds the DER of each directoryName of its issuer (other GeneralName
	// forms are counted in OtherIssuerNames).
	HasIssuerSerial  bool
	IssuerNames      [][]byte
	OtherIssuerNames int
	// SerialNumber is issuerSerial.serialNumber.
	SerialNumber *big.Int
}

// CRLRef is one CrlValidatedID of complete-revocation-references.
type CRLRef struct {
	// Hash is crlHash, the hash of the CRL's DER.
	Hash OtherHash
	// HasIdentifier reports whether crlIdentifier is present; Issuer is then
	// the DER of crlissuer, IssuedTime the crlIssuedTime and Number the
	// crlNumber (nil when absent).
	HasIdentifier bool
	Issuer        []byte
	IssuedTime    time.Time
	Number        *big.Int
}

// OCSPRef is one OcspResponsesID of complete-revocation-references.
type OCSPRef struct {
	// ResponderName is the DER Name of a byName responder ID; ResponderKey
	// the SHA-1 key hash of a byKey one. Exactly one is set.
	ResponderName []byte
	ResponderKey  []byte
	// ProducedAt is the response's producedAt.
	ProducedAt time.Time
	// Hash is ocspRepHash, the hash of the BasicOCSPResponse DER; nil when
	// absent.
	Hash *OtherHash
}

// OtherValue is a value of a form this package does not interpret
// (OtherRevRefs, OtherRevVals): its type and DER.
type OtherValue struct {
	// Type is the OBJECT IDENTIFIER naming the form.
	Type asn1.ObjectIdentifier
	// DER is the value that follows it, as found.
	DER []byte
}

// RevocationRef is one CrlOcspRef of complete-revocation-references: the
// revocation data used for one certificate of the path (ETSI TS 101 733
// §6.2.2).
type RevocationRef struct {
	// CRLs are the crlids entries, OCSP the ocspids entries.
	CRLs []CRLRef
	OCSP []OCSPRef
	// Other is otherRev, nil when absent.
	Other *OtherValue
}

// LongTermData is what a signer's unsigned attributes hold beyond CAdES-BES
// (ETSI TS 101 733 §6, ETSI EN 319 122-1 §5.4–5.5): time-stamp tokens,
// references to the validation data and the validation data itself. Values
// that do not parse are kept out of the lists and reported in the error of
// [SignerInfo.LongTermData]; one bad value never hides the others.
type LongTermData struct {
	// Level is SignerInfo.Level().
	Level Level
	// Tokens lists every time-stamp token in the order of the attributes.
	Tokens []LongTermToken
	// CertificateRefs is complete-certificate-references.
	CertificateRefs []CertificateRef
	// RevocationRefs is complete-revocation-references.
	RevocationRefs []RevocationRef
	// Certificates are the certificate-values that parsed;
	// CertificateErrors those that did not (each error names its
	// position).
	Certificates      []*certificate.Certificate
	CertificateErrors []error
	// CRLs are the crlVals of revocation-values that parsed; CRLErrors those
	// that did not.
	CRLs      []*certificate.CRL
	CRLErrors []error
	// OCSPResponses are the ocspVals of revocation-values: BasicOCSPResponse
	// DER, not interpreted here.
	OCSPResponses [][]byte
	// OtherRevocationValues are otherRevVals, kept as found.
	OtherRevocationValues []OtherValue
}

// TokensOf returns the tokens of one kind, in order.
func (d *LongTermData) TokensOf(kind TokenKind) []LongTermToken {
	var out []LongTermToken
	for _, t := range d.Tokens {
		if t.Kind == kind {
			out = append(out, t)
		}
	}
	return out
}

// attrName names a CAdES unsigned attribute for error messages.
func attrName(t asn1.ObjectIdentifier) string {
	if k := tokenKind(t); k != "" {
		return string(k)
	}
	switch {
	case oid.CertificateRefs.Equal(t):
		return "complete-certificate-references"
	case oid.RevocationRefs.Equal(t):
		return "complete-revocation-references"
	case oid.CertValues.Equal(t):
		return "certificate-values"
	case oid.RevocationValues.Equal(t):
		return "revocation-values"
	}
	return t.String()
}

// LongTermData reads the CAdES unsigned attributes of the signer:
// time-stamp tokens of every kind (kept as DER, in order; the
// ats-hash-index of archive-time-stamp-v3 tokens decoded),
// complete-certificate-references, complete-revocation-references,
// certificate-values (parsed with package certificate) and
// revocation-values (CRLs parsed, BasicOCSPResponses and other forms kept as
// DER). Other unsigned attributes are ignored.
//
// It never stops at the first problem: the result is always returned, and
// the error, when not nil, joins one *ParseError (class ErrMalformed, Field
// naming the attribute) per value that could not be read, the certificate
// and CRL errors included.
func (si *SignerInfo) LongTermData() (*LongTermData, error) {
	d := &LongTermData{Level: si.Level()}
	var errs []error
	for i, a := range si.UnsignedAttrs {
		field := fmt.Sprintf("signerInfos[%d].unsignedAttrs[%d] (%s)", si.Index, i, attrName(a.Type))
		bad := func(format string, args ...any) {
			errs = append(errs, perr(ErrMalformed, -1, field, format, args...))
		}
		kind := tokenKind(a.Type)
		if kind == "" && !oid.CertificateRefs.Equal(a.Type) && !oid.RevocationRefs.Equal(a.Type) &&
			!oid.CertValues.Equal(a.Type) && !oid.RevocationValues.Equal(a.Type) {
			continue
		}
		if len(a.Values) != 1 && kind == "" {
			bad("%d values, want exactly one", len(a.Values))
		}
		if len(a.Values) == 0 && kind != "" {
			bad("no value")
		}
		for j, v := range a.Values {
			switch {
			case kind != "":
				tok := LongTermToken{Kind: kind, Attr: i, Value: j, DER: v}
				if !isSignedDataContentInfo(v) {
					bad("value %d is not a ContentInfo holding SignedData", j)
					continue
				}
				if kind == TokenArchiveV3 {
					hi, err := tokenHashIndex(v)
					if err != nil {
						bad("value %d: %v", j, err)
					}
					tok.HashIndex = hi
				}
				d.Tokens = append(d.Tokens, tok)
			case oid.CertificateRefs.Equal(a.Type):
				refs, err := parseCertificateRefs(v)
				if err != nil {
					bad("%v", err)
				}
				d.CertificateRefs = append(d.CertificateRefs, refs...)
			case oid.RevocationRefs.Equal(a.Type):
				refs, err := parseRevocationRefs(v)
				if err != nil {
					bad("%v", err)
				}
				d.RevocationRefs = append(d.RevocationRefs, refs...)
			case oid.CertValues.Equal(a.Type):
				if err := d.certificateValues(v, field); err != nil {
					bad("%v", err)
				}
			case oid.RevocationValues.Equal(a.Type):
				if err := d.revocationValues(v, field); err != nil {
					bad("%v", err)
				}
			}
		}
	}
	errs = append(errs, d.CertificateErrors...)
	errs = append(errs, d.CRLErrors...)
	return d, errors.Join(errs...)
}

// isSignedDataContentInfo reports whether v starts like a ContentInfo
// holding SignedData.
func isSignedDataContentInfo(v []byte) bool {
	s := cryptobyte.String(v)
	var ci cryptobyte.String
	var ct asn1.ObjectIdentifier
	return s.ReadASN1(&ci, cbasn1.SEQUENCE) && s.Empty() && ci.ReadASN1ObjectIdentifier(&ct) &&
		oid.SignedData.Equal(ct) && ci.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific())
}

// certificateValues reads CertificateValues ::= SEQUENCE OF Certificate.
func (d *LongTermData) certificateValues(v []byte, field string) error {
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return fmt.Errorf("want SEQUENCE OF Certificate")
	}
	for n := 0; !seq.Empty(); n++ {
		var el cryptobyte.String
		if !seq.ReadASN1Element(&el, cbasn1.SEQUENCE) {
			return fmt.Errorf("entry %d is not a SEQUENCE", n)
		}
		c, err := certificate.ParseOne(el)
		if err != nil {
			d.CertificateErrors = append(d.CertificateErrors, fmt.Errorf("%s: certificate %d: %w", field, n, err))
			continue
		}
		d.Certificates = append(d.Certificates, c)
	}
	return nil
}

// revocationValues reads RevocationValues ::= SEQUENCE { crlVals [0]
// SEQUENCE OF CertificateList OPTIONAL, ocspVals [1] SEQUENCE OF
// BasicOCSPResponse OPTIONAL, otherRevVals [2] OtherRevVals OPTIONAL }
// (explicit tags).
func (d *LongTermData) revocationValues(v []byte, field string) error {
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return fmt.Errorf("want SEQUENCE { crlVals, ocspVals, otherRevVals }")
	}
	list := func(tag int) (cryptobyte.String, bool, error) {
		t := cbasn1.Tag(tag).Constructed().ContextSpecific()
		if !seq.PeekASN1Tag(t) {
			return nil, false, nil
		}
		var explicit, inner cryptobyte.String
		if !seq.ReadASN1(&explicit, t) || !explicit.ReadASN1(&inner, cbasn1.SEQUENCE) || !explicit.Empty() {
			return nil, false, fmt.Errorf("[%d] is not an explicitly tagged SEQUENCE OF", tag)
		}
		return inner, true, nil
	}
	crls, ok, err := list(0)
	if err != nil {
		return err
	}
	for n := 0; ok && !crls.Empty(); n++ {
		var el cryptobyte.String
		if !crls.ReadASN1Element(&el, cbasn1.SEQUENCE) {
			return fmt.Errorf("crlVals entry %d is not a SEQUENCE", n)
		}
		c, err := certificate.ParseCRL(el)
		if err != nil {
			d.CRLErrors = append(d.CRLErrors, fmt.Errorf("%s: CRL %d: %w", field, n, err))
			continue
		}
		d.CRLs = append(d.CRLs, c)
	}
	ocsp, ok, err := list(1)
	if err != nil {
		return err
	}
	for n := 0; ok && !ocsp.Empty(); n++ {
		var el cryptobyte.String
		if !ocsp.ReadASN1Element(&el, cbasn1.SEQUENCE) {
			return fmt.Errorf("ocspVals entry %d is not a SEQUENCE", n)
		}
		d.OCSPResponses = append(d.OCSPResponses, append([]byte{}, el...))
	}
	if t := cbasn1.Tag(2).Constructed().ContextSpecific(); seq.PeekASN1Tag(t) {
		var explicit cryptobyte.String
		seq.ReadASN1(&explicit, t)
		o, err := otherValue(explicit)
		if err != nil {
			return fmt.Errorf("otherRevVals: %v", err)
		}
		d.OtherRevocationValues = append(d.OtherRevocationValues, o)
	}
	if !seq.Empty() {
		return fmt.Errorf("unexpected fields after otherRevVals")
	}
	return nil
}

// otherValue reads SEQUENCE { type OBJECT IDENTIFIER, value ANY } filling
// s.
func otherValue(s cryptobyte.String) (OtherValue, error) {
	var seq, val cryptobyte.String
	var o OtherValue
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() || !seq.ReadASN1ObjectIdentifier(&o.Type) ||
		!seq.ReadAnyASN1Element(&val, nil) || !seq.Empty() {
		return o, fmt.Errorf("want SEQUENCE { OBJECT IDENTIFIER, ANY }")
	}
	o.DER = append([]byte{}, val...)
	return o, nil
}

// readAlgorithm reads an AlgorithmIdentifier.
func readAlgorithm(s *cryptobyte.String) (AlgorithmIdentifier, bool) {
	var seq cryptobyte.String
	var a AlgorithmIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.OID) {
		return a, false
	}
	if !seq.Empty() {
		var params cryptobyte.String
		if !seq.ReadAnyASN1Element(&params, nil) || !seq.Empty() {
			return a, false
		}
		a.Parameters = append([]byte{}, params...)
	}
	return a, true
}

// readOtherHash reads OtherHash ::= CHOICE { sha1Hash OCTET STRING,
// otherHash SEQUENCE { hashAlgorithm, hashValue OCTET STRING } }.
func readOtherHash(s *cryptobyte.String) (OtherHash, bool) {
	var h OtherHash
	var v cryptobyte.String
	if s.PeekASN1Tag(cbasn1.OCTET_STRING) {
		s.ReadASN1(&v, cbasn1.OCTET_STRING)
		h.Algorithm.OID, h.SHA1Choice, h.Value = oid.SHA1.OID(), true, append([]byte{}, v...)
		return h, true
	}
	var seq cryptobyte.String
	var ok bool
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return h, false
	}
	if h.Algorithm, ok = readAlgorithm(&seq); !ok || !seq.ReadASN1(&v, cbasn1.OCTET_STRING) || !seq.Empty() {
		return h, false
	}
	h.Value = append([]byte{}, v...)
	return h, true
}

// parseCertificateRefs reads CompleteCertificateRefs ::= SEQUENCE OF
// OtherCertID.
func parseCertificateRefs(v []byte) ([]CertificateRef, error) {
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, fmt.Errorf("want SEQUENCE OF OtherCertID")
	}
	var out []CertificateRef
	for n := 0; !seq.Empty(); n++ {
		var id cryptobyte.String
		var r CertificateRef
		var ok bool
		if !seq.ReadASN1(&id, cbasn1.SEQUENCE) {
			return out, fmt.Errorf("OtherCertID %d is not a SEQUENCE", n)
		}
		if r.Hash, ok = readOtherHash(&id); !ok {
			return out, fmt.Errorf("OtherCertID %d: malformed otherCertHash", n)
		}
		if !id.Empty() {
			var is, names cryptobyte.String
			if !id.ReadASN1(&is, cbasn1.SEQUENCE) || !id.Empty() || !is.ReadASN1(&names, cbasn1.SEQUENCE) {
				return out, fmt.Errorf("OtherCertID %d: malformed issuerSerial", n)
			}
			r.HasIssuerSerial = true
			for !names.Empty() {
				var gn cryptobyte.String
				var tag cbasn1.Tag
				if !names.ReadAnyASN1(&gn, &tag) {
					return out, fmt.Errorf("OtherCertID %d: malformed GeneralName", n)
				}
				if tag != cbasn1.Tag(4).Constructed().ContextSpecific() {
					r.OtherIssuerNames++
					continue
				}
				var name cryptobyte.String
				if !gn.ReadASN1Element(&name, cbasn1.SEQUENCE) || !gn.Empty() {
					return out, fmt.Errorf("OtherCertID %d: malformed directoryName", n)
				}
				r.IssuerNames = append(r.IssuerNames, append([]byte{}, name...))
			}
			r.SerialNumber = new(big.Int)
			if !is.ReadASN1Integer(r.SerialNumber) {
				return out, fmt.Errorf("OtherCertID %d: malformed serialNumber", n)
			}
			// issuerUID BIT STRING OPTIONAL is accepted, not kept.
			if !is.Empty() {
				var uid cryptobyte.String
				if !is.ReadASN1(&uid, cbasn1.BIT_STRING) || !is.Empty() {
					return out, fmt.Errorf("OtherCertID %d: unexpected fields in issuerSerial", n)
				}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// parseRevocationRefs reads CompleteRevocationRefs ::= SEQUENCE OF
// CrlOcspRef.
func parseRevocationRefs(v []byte) ([]RevocationRef, error) {
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, fmt.Errorf("want SEQUENCE OF CrlOcspRef")
	}
	var out []RevocationRef
	for n := 0; !seq.Empty(); n++ {
		var ref cryptobyte.String
		if !seq.ReadASN1(&ref, cbasn1.SEQUENCE) {
			return out, fmt.Errorf("CrlOcspRef %d is not a SEQUENCE", n)
		}
		r, err := parseCrlOcspRef(ref)
		if err != nil {
			return out, fmt.Errorf("CrlOcspRef %d: %v", n, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// parseCrlOcspRef reads CrlOcspRef ::= SEQUENCE { crlids [0] CRLListID
// OPTIONAL, ocspids [1] OcspListID OPTIONAL, otherRev [2] OtherRevRefs
// OPTIONAL } (explicit tags).
func parseCrlOcspRef(ref cryptobyte.String) (RevocationRef, error) {
	var r RevocationRef
	tag := func(n int) cbasn1.Tag { return cbasn1.Tag(n).Constructed().ContextSpecific() }
	if ref.PeekASN1Tag(tag(0)) {
		var explicit, list, crls cryptobyte.String
		if !ref.ReadASN1(&explicit, tag(0)) || !explicit.ReadASN1(&list, cbasn1.SEQUENCE) || !explicit.Empty() ||
			!list.ReadASN1(&crls, cbasn1.SEQUENCE) || !list.Empty() {
			return r, fmt.Errorf("malformed crlids")
		}
		for !crls.Empty() {
			var id cryptobyte.String
			var c CRLRef
			var ok bool
			if !crls.ReadASN1(&id, cbasn1.SEQUENCE) {
				return r, fmt.Errorf("CrlValidatedID is not a SEQUENCE")
			}
			if c.Hash, ok = readOtherHash(&id); !ok {
				return r, fmt.Errorf("CrlValidatedID: malformed crlHash")
			}
			if !id.Empty() {
				var ident, issuer cryptobyte.String
				if !id.ReadASN1(&ident, cbasn1.SEQUENCE) || !id.Empty() || !ident.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
					!ident.ReadASN1UTCTime(&c.IssuedTime) {
					return r, fmt.Errorf("CrlValidatedID: malformed crlIdentifier")
				}
				c.HasIdentifier, c.Issuer = true, append([]byte{}, issuer...)
				if !ident.Empty() {
					c.Number = new(big.Int)
					if !ident.ReadASN1Integer(c.Number) || !ident.Empty() {
						return r, fmt.Errorf("CrlValidatedID: malformed crlNumber")
					}
				}
			}
			r.CRLs = append(r.CRLs, c)
		}
	}
	if ref.PeekASN1Tag(tag(1)) {
		var explicit, list, resps cryptobyte.String
		if !ref.ReadASN1(&explicit, tag(1)) || !explicit.ReadASN1(&list, cbasn1.SEQUENCE) || !explicit.Empty() ||
			!list.ReadASN1(&resps, cbasn1.SEQUENCE) || !list.Empty() {
			return r, fmt.Errorf("malformed ocspids")
		}
		for !resps.Empty() {
			var id, ident cryptobyte.String
			var o OCSPRef
			if !resps.ReadASN1(&id, cbasn1.SEQUENCE) || !id.ReadASN1(&ident, cbasn1.SEQUENCE) {
				return r, fmt.Errorf("OcspResponsesID is not SEQUENCE { OcspIdentifier, ... }")
			}
			// ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
			// (explicit tags, RFC 6960).
			var rid cryptobyte.String
			switch {
			case ident.PeekASN1Tag(tag(1)):
				var name cryptobyte.String
				if !ident.ReadASN1(&rid, tag(1)) || !rid.ReadASN1Element(&name, cbasn1.SEQUENCE) || !rid.Empty() {
					return r, fmt.Errorf("OcspIdentifier: malformed byName")
				}
				o.ResponderName = append([]byte{}, name...)
			case ident.PeekASN1Tag(tag(2)):
				var key cryptobyte.String
				if !ident.ReadASN1(&rid, tag(2)) || !rid.ReadASN1(&key, cbasn1.OCTET_STRING) || !rid.Empty() {
					return r, fmt.Errorf("OcspIdentifier: malformed byKey")
				}
				o.ResponderKey = append([]byte{}, key...)
			default:
				return r, fmt.Errorf("OcspIdentifier: responder ID neither byName [1] nor byKey [2]")
			}
			if !ident.ReadASN1GeneralizedTime(&o.ProducedAt) || !ident.Empty() {
				return r, fmt.Errorf("OcspIdentifier: malformed producedAt")
			}
			if !id.Empty() {
				h, ok := readOtherHash(&id)
				if !ok || !id.Empty() {
					return r, fmt.Errorf("OcspResponsesID: malformed ocspRepHash")
				}
				o.Hash = &h
			}
			r.OCSP = append(r.OCSP, o)
		}
	}
	if ref.PeekASN1Tag(tag(2)) {
		var explicit cryptobyte.String
		ref.ReadASN1(&explicit, tag(2))
		o, err := otherValue(explicit)
		if err != nil {
			return r, fmt.Errorf("otherRev: %v", err)
		}
		r.Other = &o
	}
	if !ref.Empty() {
		return r, fmt.Errorf("unexpected fields")
	}
	return r, nil
}

// hashIndexTypes are the ats-hash-index attribute types by version.
var hashIndexTypes = []struct {
	id      oid.ID
	version int
}{{oid.ATSHashIndex, 1}, {oid.ATSHashIndexV2, 2}, {oid.ATSHashIndexV3, 3}}

// tokenHashIndex finds and decodes the one ats-hash-index unsigned attribute
// of the signer of an archive-time-stamp-v3 token.
func tokenHashIndex(token []byte) (*ATSHashIndex, error) {
	tsd, err := Parse(token)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	var found *ATSHashIndex
	for _, a := range tsd.Signers[0].UnsignedAttrs {
		for _, t := range hashIndexTypes {
			if !t.id.Equal(a.Type) {
				continue
			}
			if found != nil || len(a.Values) != 1 {
				return nil, fmt.Errorf("want exactly one ats-hash-index with one value")
			}
			if found, err = parseATSHashIndex(a.Values[0], t.version); err != nil {
				return nil, err
			}
		}
	}
	if found == nil {
		return nil, fmt.Errorf("the token carries no ats-hash-index")
	}
	return found, nil
}

// parseATSHashIndex decodes an ATSHashIndex value of the given version.
func parseATSHashIndex(v []byte, version int) (*ATSHashIndex, error) {
	s := cryptobyte.String(v)
	var seq cryptobyte.String
	h := &ATSHashIndex{Version: version, DER: append([]byte{}, v...)}
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return nil, fmt.Errorf("ats-hash-index: not a SEQUENCE")
	}
	// The algorithm and the three lists are all SEQUENCEs: the algorithm is
	// present when four elements are.
	probe := seq
	n := 0
	for !probe.Empty() {
		if !probe.SkipASN1(cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("ats-hash-index: fields are not SEQUENCEs")
		}
		n++
	}
	switch n {
	case 4:
		var ok bool
		if h.HashAlgorithm, ok = readAlgorithm(&seq); !ok {
			return nil, fmt.Errorf("ats-hash-index: malformed hashIndAlgorithm")
		}
	case 3:
		if version != 1 {
			return nil, fmt.Errorf("ats-hash-index v%d: hashIndAlgorithm missing", version)
		}
		h.HashAlgorithm.OID, h.Defaulted = oid.SHA256.OID(), true
	default:
		return nil, fmt.Errorf("ats-hash-index: %d fields, want 3 or 4", n)
	}
	for _, list := range []*[][]byte{&h.Certificates, &h.CRLs, &h.UnsignedAttrs} {
		var l cryptobyte.String
		seq.ReadASN1(&l, cbasn1.SEQUENCE)
		for !l.Empty() {
			var o cryptobyte.String
			if !l.ReadASN1(&o, cbasn1.OCTET_STRING) {
				return nil, fmt.Errorf("ats-hash-index: entry is not an OCTET STRING")
			}
			*list = append(*list, append([]byte{}, o...))
		}
	}
	return h, nil
}

// newHash returns the hash of a digest OID: Streebog-256/512, SHA-1,
// SHA-256, SHA-384 or SHA-512.
func newHash(o asn1.ObjectIdentifier) (hash.Hash, bool) {
	switch {
	case oid.Streebog256.Equal(o):
		return streebog.New256(), true
	case oid.Streebog512.Equal(o):
		return streebog.New512(), true
	case oid.SHA256.Equal(o):
		return sha256.New(), true
	case oid.SHA1.Equal(o):
		return sha1.New(), true
	case oid.SHA384.Equal(o):
		return sha512.New384(), true
	case oid.SHA512.Equal(o):
		return sha512.New(), true
	}
	return nil, false
}

// digest hashes the concatenation of parts with the algorithm o.
func digest(o asn1.ObjectIdentifier, parts ...[]byte) ([]byte, error) {
	h, ok := newHash(o)
	if !ok {
		return nil, fmt.Errorf("%w: hash algorithm %s", ErrUnsupportedHash, o)
	}
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil), nil
}

// Errors of the long-term functions.
var (
	// ErrUnsupportedHash: a hash algorithm other than Streebog-256/512,
	// SHA-1, SHA-256, SHA-384 and SHA-512.
	ErrUnsupportedHash = errors.New("signature: unsupported hash algorithm")
	// ErrNoContent: a detached signature's content is needed and was not
	// supplied.
	ErrNoContent = errors.New("signature: the detached content is needed")
	// ErrNotStamped: what a time-stamp covers is missing from the signer
	// (the referenced attributes, the token's hash index) or the token is
	// not one of the signer's.
	ErrNotStamped = errors.New("signature: the time-stamped data is incomplete")
)

// layout locates, in the DER of a SignedData, the elements the time-stamp
// inputs are made of.
type layout struct {
	eContentType []byte // the eContentType OID element
	encap        []byte // the encapContentInfo element
	certs, crls  []byte // the [0] certificates and [1] crls elements, nil when absent
	certList     [][]byte
	crlList      [][]byte
	signers      []signerLayout
}

// signerLayout holds the elements of one SignerInfo.
type signerLayout struct {
	fields   [][]byte // version, sid, digestAlgorithm, [signedAttrs], signatureAlgorithm, signature
	unsigned [][]byte // each Attribute element of unsignedAttrs
}

// locate walks sd.DER (normalised DER: the received bytes for DER input).
func (sd *SignedData) locate() (*layout, error) {
	fail := func(what string) (*layout, error) {
		return nil, perr(ErrMalformed, -1, "SignedData", "cannot locate %s", what)
	}
	s := cryptobyte.String(sd.DER)
	var ci, explicit, sdSeq cryptobyte.String
	if !s.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&explicit, cbasn1.Tag(0).Constructed().ContextSpecific()) || !explicit.ReadASN1(&sdSeq, cbasn1.SEQUENCE) {
		return fail("the SignedData")
	}
	l := &layout{}
	var encap cryptobyte.String
	if !sdSeq.SkipASN1(cbasn1.INTEGER) || !sdSeq.SkipASN1(cbasn1.SET) || !sdSeq.ReadASN1Element(&encap, cbasn1.SEQUENCE) {
		return fail("encapContentInfo")
	}
	l.encap = encap
	inner := encap
	var body cryptobyte.String
	var ct cryptobyte.String
	if !inner.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1Element(&ct, cbasn1.OBJECT_IDENTIFIER) {
		return fail("eContentType")
	}
	l.eContentType = ct
	for i, dst := range []*[]byte{&l.certs, &l.crls} {
		t := cbasn1.Tag(i).Constructed().ContextSpecific()
		if !sdSeq.PeekASN1Tag(t) {
			continue
		}
		var el cryptobyte.String
		if !sdSeq.ReadASN1Element(&el, t) {
			return fail("certificates or crls")
		}
		*dst = el
		list := el
		var items cryptobyte.String
		list.ReadASN1(&items, t)
		for !items.Empty() {
			var item cryptobyte.String
			if !items.ReadAnyASN1Element(&item, nil) {
				return fail("certificates or crls")
			}
			if i == 0 {
				l.certList = append(l.certList, item)
			} else {
				l.crlList = append(l.crlList, item)
			}
		}
	}
	var infos cryptobyte.String
	if !sdSeq.ReadASN1(&infos, cbasn1.SET) {
		return fail("signerInfos")
	}
	for !infos.Empty() {
		var info cryptobyte.String
		if !infos.ReadASN1(&info, cbasn1.SEQUENCE) {
			return fail("SignerInfo")
		}
		var sl signerLayout
		for !info.Empty() {
			var el cryptobyte.String
			var tag cbasn1.Tag
			if !info.ReadAnyASN1Element(&el, &tag) {
				return fail("SignerInfo fields")
			}
			if tag != tagUnsigned {
				sl.fields = append(sl.fields, el)
				continue
			}
			attrs := el
			var items cryptobyte.String
			attrs.ReadASN1(&items, tagUnsigned)
			for !items.Empty() {
				var a cryptobyte.String
				if !items.ReadASN1Element(&a, cbasn1.SEQUENCE) {
					return fail("unsigned attributes")
				}
				sl.unsigned = append(sl.unsigned, a)
			}
		}
		l.signers = append(l.signers, sl)
	}
	if len(l.signers) != len(sd.Signers) {
		return fail("every signer")
	}
	return l, nil
}

// signerOf returns the layout of si, which must be one of sd's signers.
func (sd *SignedData) signerOf(si *SignerInfo) (*layout, *signerLayout, error) {
	if si == nil || si.Index < 0 || si.Index >= len(sd.Signers) || sd.Signers[si.Index] != si {
		return nil, nil, fmt.Errorf("%w: the signer is not one of this SignedData's", ErrNotStamped)
	}
	l, err := sd.locate()
	if err != nil {
		return nil, nil, err
	}
	sl := &l.signers[si.Index]
	if len(sl.unsigned) != len(si.UnsignedAttrs) {
		return nil, nil, perr(ErrMalformed, -1, "unsignedAttrs", "cannot locate every unsigned attribute")
	}
	return l, sl, nil
}

// signerFields returns version, sid, digestAlgorithm, signedAttrs (as
// received), signatureAlgorithm and signature, concatenated.
func signerFields(si *SignerInfo, sl *signerLayout) []byte {
	var b []byte
	for _, f := range sl.fields {
		if len(f) > 0 && f[0] == byte(tagSignedAttr) && si.RawSignedAttrs != nil {
			f = si.RawSignedAttrs
		}
		b = append(b, f...)
	}
	return b
}

// attrContents returns the contents of an Attribute element: attrType and
// attrValues with their tags and lengths, without the outer SEQUENCE's.
func attrContents(el []byte) []byte {
	s := cryptobyte.String(el)
	var body cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil
	}
	return body
}
