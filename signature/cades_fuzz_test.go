package signature

import (
	"errors"
	"testing"

	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// fuzzAttrTypes are the unsigned attribute types FuzzLongTermAttribute
// feeds its value to (the selector byte picks one).
var fuzzAttrTypes = []oid.ID{
	oid.CertificateRefs, oid.RevocationRefs, oid.CertValues, oid.RevocationValues,
	oid.SignatureTimeStampToken, oid.EscTimeStamp, oid.ArchiveTimestampV3, oid.ATSHashIndexV3,
}

// FuzzLongTermAttribute feeds one value to the reader of each CAdES unsigned
// attribute and to the ats-hash-index and TSTInfo readers: no panic, no
// hang, errors are *ParseError values and what is returned is consistent.
func FuzzLongTermAttribute(f *testing.F) {
	for _, s := range []string{
		"30 00",
		"30 06 30 04 04 02 aa bb",                      // refs: one sha1Hash OtherCertID
		"30 0a 30 08 30 06 30 04 04 02 aa bb",          // refs: otherHash SEQUENCE
		"30 05 30 03 a1 01 30",                         // revocation refs: truncated ocspids
		"30 09 30 07 a1 05 30 03 30 01 30",             // revocation refs: empty OcspResponsesID
		"30 04 a0 02 30 00",                            // revocation values: empty crlVals
		"30 08 a2 06 30 04 06 01 2a 05",                // revocation values: malformed other
		"30 0c 30 04 06 02 2a 03 30 00 30 00 30 00",    // hash index with algorithm
		"30 06 30 00 30 00 30 00",                      // hash index, defaulted algorithm
		"30 0d 06 09 2a 86 48 86 f7 0d 01 07 02 a0 00", // ContentInfo shell
	} {
		for sel := range fuzzAttrTypes {
			f.Add(byte(sel), unhex(s))
		}
	}
	f.Fuzz(func(t *testing.T, sel byte, value []byte) {
		typ := fuzzAttrTypes[int(sel)%len(fuzzAttrTypes)]
		si := &SignerInfo{RawSignedAttrs: []byte{0xa0, 0}, UnsignedAttrs: []Attribute{{Type: typ.OID(), Values: [][]byte{value}}}}
		d, err := si.LongTermData()
		if d == nil {
			t.Fatal("nil result")
		}
		if err != nil && !errors.Is(err, ErrMalformed) && len(d.CertificateErrors)+len(d.CRLErrors) == 0 {
			t.Fatalf("error of an unexpected class: %v", err)
		}
		if len(d.Tokens) > 1 {
			t.Fatalf("%d tokens from one value", len(d.Tokens))
		}
		for _, tok := range d.Tokens {
			if tok.Attr != 0 || tok.Kind != tokenKind(typ.OID()) {
				t.Fatalf("token %+v", tok)
			}
		}
		for v := 1; v <= 3; v++ {
			if hi, err := parseATSHashIndex(value, v); err == nil {
				if hi.HashAlgorithm.OID == nil || hi.Defaulted && v != 1 {
					t.Fatalf("hash index %+v", hi)
				}
			}
		}
		if ti, err := readTokenInfo(value); err == nil && ti.hashAlg.OID == nil {
			t.Fatal("token info without hash algorithm")
		}
		if attrName(typ.OID()) == "" {
			t.Fatal("unnamed attribute")
		}
	})
}

// FuzzLongTermCMS parses a whole CMS and runs every long-term function on
// each signer and token: no panic, no hang.
func FuzzLongTermCMS(f *testing.F) {
	p := pki256(f)
	bes := signT(f, p, testContent, SignOptions{OmitCertificate: true})
	shell := unhex("30 0d 06 09 2a 86 48 86 f7 0d 01 07 02 a0 00")
	refs := sigtest.Attribute(oid.CertificateRefs.OID(), unhex("30 06 30 04 04 02 aa bb"))
	for _, attrs := range [][][]byte{
		nil,
		{sigtest.Attribute(oid.SignatureTimeStampToken.OID(), shell)},
		{refs, sigtest.Attribute(oid.RevocationRefs.OID(), unhex("30 02 30 00")), sigtest.Attribute(oid.EscTimeStamp.OID(), shell)},
		{sigtest.Attribute(oid.ArchiveTimestampV2.OID(), shell)},
	} {
		der, err := sigtest.AddUnsignedAttributes(bes, 0, attrs...)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := Parse(data)
		if err != nil {
			return
		}
		for _, si := range sd.Signers {
			d, _ := si.LongTermData()
			for _, tok := range d.Tokens {
				in, err := sd.StampedData(si, tok, testContent)
				if err == nil && tok.Kind == TokenSignature && string(in) != string(si.Signature) {
					t.Fatal("signature-time-stamp input is not the signature value")
				}
				if tok.HashIndex != nil {
					_ = sd.CheckHashIndex(si, tok.HashIndex)
				}
			}
		}
	})
}
