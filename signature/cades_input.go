package signature

import (
	"encoding/asn1"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/internal/oid"
)

// tokenInfo is what the long-term functions need from a TSTInfo (RFC 3161
// §2.4.2): the message imprint and the time.
type tokenInfo struct {
	hashAlg AlgorithmIdentifier
	imprint []byte
	genTime time.Time
}

// readTokenInfo parses a TimeStampToken far enough to read its TSTInfo's
// messageImprint and genTime.
func readTokenInfo(token []byte) (*tokenInfo, error) {
	tsd, err := Parse(token)
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if !oid.TSTInfo.Equal(tsd.ContentType) || tsd.Content == nil {
		return nil, fmt.Errorf("token: eContent is not a TSTInfo")
	}
	s := cryptobyte.String(tsd.Content)
	var info, mi, h cryptobyte.String
	var version int
	var policy asn1.ObjectIdentifier
	ti := &tokenInfo{}
	var ok bool
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1Integer(&version) ||
		!info.ReadASN1ObjectIdentifier(&policy) || !info.ReadASN1(&mi, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("token: malformed TSTInfo")
	}
	if ti.hashAlg, ok = readAlgorithm(&mi); !ok || !mi.ReadASN1(&h, cbasn1.OCTET_STRING) || !mi.Empty() {
		return nil, fmt.Errorf("token: malformed messageImprint")
	}
	ti.imprint = append([]byte{}, h...)
	var gt cryptobyte.String
	if !info.SkipASN1(cbasn1.INTEGER) || !info.ReadASN1(&gt, cbasn1.GeneralizedTime) {
		return nil, fmt.Errorf("token: malformed serialNumber or genTime")
	}
	// RFC 3161 genTime may carry a fraction of a second, which
	// cryptobyte's DER reader refuses.
	t, err := time.Parse("20060102150405.999999999Z", string(gt))
	if err != nil {
		return nil, fmt.Errorf("token: malformed genTime %q", gt)
	}
	ti.genTime = t
	return ti, nil
}

// StampedData returns the bytes whose hash the time-stamp token tok of the
// signer si must carry as its messageImprint (with the token's own hash
// algorithm). tok is one of si.LongTermData().Tokens; content is the signed
// content of a detached signature (ignored when the content is attached,
// needed only for archive time-stamps). The rules per kind:
//
//   - TokenSignature (RFC 3161 Appendix A, ETSI TS 101 733 §6.1.1): the
//     octets of the signature value, without tag and length;
//   - TokenCAdESC (TS 101 733 §6.3.5): the signature value octets, then the
//     signature-time-stamp, complete-certificate-references and
//     complete-revocation-references attributes, each as attrType and
//     attrValues with their tags and lengths but without the Attribute
//     SEQUENCE's own (several signature time-stamps: all, in order);
//   - TokenRefs (TS 101 733 §6.3.6): the two reference attributes likewise;
//   - TokenArchiveV2 (TS 101 733 §6.4.1, RFC 5126 §6.4.1): the
//     encapContentInfo element, the content of a detached signature, the
//     certificates and crls elements when present, the SignerInfo fields
//     version to signature, and every unsigned attribute that precedes the
//     token's attribute, all in their encoding;
//   - TokenArchiveV1 (TS 101 733 before v1.7.3): as v2 without the detached
//     content, which that version did not cover;
//   - TokenArchiveV3 (ETSI EN 319 122-1 §5.5.3, TS 101 733 v2.2.1 §6.4.3):
//     the eContentType element, the hash of the content with the token's
//     hash algorithm, the SignerInfo fields version to signature, and the
//     token's ats-hash-index value.
//
// Elements are taken from sd.DER, which for BER input is the normalised
// encoding and not the received one (ETSI requires the received one); the
// signed attributes are always used as received. Errors wrap ErrNotStamped
// (an attribute the token covers is missing), ErrNoContent or
// ErrUnsupportedHash, or are *ParseError.
func (sd *SignedData) StampedData(si *SignerInfo, tok LongTermToken, content []byte) ([]byte, error) {
	l, sl, err := sd.signerOf(si)
	if err != nil {
		return nil, err
	}
	if tok.Attr < 0 || tok.Attr >= len(si.UnsignedAttrs) || tokenKind(si.UnsignedAttrs[tok.Attr].Type) != tok.Kind {
		return nil, fmt.Errorf("%w: token %s is not attribute %d of the signer", ErrNotStamped, tok.Kind, tok.Attr)
	}
	switch tok.Kind {
	case TokenSignature:
		return append([]byte{}, si.Signature...), nil
	case TokenCAdESC:
		refs, err := refsInput(si, sl, oid.SignatureTimeStampToken, oid.CertificateRefs, oid.RevocationRefs)
		if err != nil {
			return nil, err
		}
		return append(append([]byte{}, si.Signature...), refs...), nil
	case TokenRefs:
		return refsInput(si, sl, oid.CertificateRefs, oid.RevocationRefs)
	case TokenArchiveV1, TokenArchiveV2:
		return sd.archiveInput(l, si, sl, tok, content)
	case TokenArchiveV3:
		return sd.archiveV3Input(l, si, sl, tok, content)
	}
	return nil, fmt.Errorf("%w: unknown token kind %q", ErrNotStamped, tok.Kind)
}

// refsInput concatenates the contents (attrType and attrValues) of every
// unsigned attribute of each type in ids, type by type; each type must be
// present.
func refsInput(si *SignerInfo, sl *signerLayout, ids ...oid.ID) ([]byte, error) {
	var b []byte
	for _, id := range ids {
		found := false
		for i, a := range si.UnsignedAttrs {
			if id.Equal(a.Type) {
				b = append(b, attrContents(sl.unsigned[i])...)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: no %s attribute", ErrNotStamped, attrName(id.OID()))
		}
	}
	return b, nil
}

// signedContent returns the eContent or, for a detached signature, content.
func (sd *SignedData) signedContent(content []byte) ([]byte, error) {
	if !sd.Detached {
		return sd.Content, nil
	}
	if content == nil {
		return nil, ErrNoContent
	}
	return content, nil
}

// archiveInput is the input of archive-time-stamp (v1) and -v2.
func (sd *SignedData) archiveInput(l *layout, si *SignerInfo, sl *signerLayout, tok LongTermToken, content []byte) ([]byte, error) {
	b := append([]byte{}, l.encap...)
	if tok.Kind == TokenArchiveV2 && sd.Detached {
		if content == nil {
			return nil, ErrNoContent
		}
		b = append(b, content...)
	}
	b = append(b, l.certs...)
	b = append(b, l.crls...)
	b = append(b, signerFields(si, sl)...)
	for _, a := range sl.unsigned[:tok.Attr] {
		b = append(b, a...)
	}
	return b, nil
}

// archiveV3Input is the input of archive-time-stamp-v3.
func (sd *SignedData) archiveV3Input(l *layout, si *SignerInfo, sl *signerLayout, tok LongTermToken, content []byte) ([]byte, error) {
	hi := tok.HashIndex
	if hi == nil {
		var err error
		if hi, err = tokenHashIndex(tok.DER); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotStamped, err)
		}
	}
	ti, err := readTokenInfo(tok.DER)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotStamped, err)
	}
	data, err := sd.signedContent(content)
	if err != nil {
		return nil, err
	}
	h, err := digest(ti.hashAlg.OID, data)
	if err != nil {
		return nil, err
	}
	b := append([]byte{}, l.eContentType...)
	b = append(b, h...)
	b = append(b, signerFields(si, sl)...)
	return append(b, hi.DER...), nil
}

// CheckHashIndex reports whether every entry of the ats-hash-index hi names
// an element of sd and si (ETSI EN 319 122-1 §5.5.2: an entry that matches
// nothing makes the index invalid; elements added later are allowed and are
// simply not covered). Certificates and crls entries are hashes of the
// CertificateChoices and RevocationInfoChoice elements; unsigned attribute
// entries are hashes of each Attribute element in version 1 (TS 101 733
// v2.2.1 §6.4.2) and of attrType followed by one attrValues value in version
// 3 (EN 319 122-1 §5.5.2); version 2 is read like version 3, which no real
// sample has confirmed. The error lists the
// entries that match nothing and wraps ErrNotStamped, or ErrUnsupportedHash.
func (sd *SignedData) CheckHashIndex(si *SignerInfo, hi *ATSHashIndex) error {
	l, sl, err := sd.signerOf(si)
	if err != nil {
		return err
	}
	alg := hi.HashAlgorithm.OID
	set := func(elems [][]byte) (map[string]bool, error) {
		m := map[string]bool{}
		for _, e := range elems {
			h, err := digest(alg, e)
			if err != nil {
				return nil, err
			}
			m[string(h)] = true
		}
		return m, nil
	}
	var attrInputs [][]byte
	for _, a := range sl.unsigned {
		if hi.Version == 1 {
			attrInputs = append(attrInputs, a)
			continue
		}
		s := cryptobyte.String(attrContents(a))
		var typ, vals cryptobyte.String
		if !s.ReadASN1Element(&typ, cbasn1.OBJECT_IDENTIFIER) || !s.ReadASN1(&vals, cbasn1.SET) {
			return perr(ErrMalformed, -1, "unsignedAttrs", "malformed Attribute")
		}
		for !vals.Empty() {
			var v cryptobyte.String
			if !vals.ReadAnyASN1Element(&v, nil) {
				return perr(ErrMalformed, -1, "unsignedAttrs", "malformed attribute value")
			}
			attrInputs = append(attrInputs, append(append([]byte{}, typ...), v...))
		}
	}
	var missing []string
	for _, list := range []struct {
		name    string
		entries [][]byte
		elems   [][]byte
	}{{"certificatesHashIndex", hi.Certificates, l.certList}, {"crlsHashIndex", hi.CRLs, l.crlList},
		{"unsignedAttrsHashIndex", hi.UnsignedAttrs, attrInputs}} {
		have, err := set(list.elems)
		if err != nil {
			return err
		}
		for i, e := range list.entries {
			if !have[string(e)] {
				missing = append(missing, fmt.Sprintf("%s[%d]", list.name, i))
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: ats-hash-index entries match nothing: %v", ErrNotStamped, missing)
	}
	return nil
}
