package signature_test

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

func TestLevel(t *testing.T) {
	t.Parallel()
	attrs := func(ids ...oid.ID) []signature.Attribute {
		var out []signature.Attribute
		for _, id := range ids {
			out = append(out, signature.Attribute{Type: id.OID()})
		}
		return out
	}
	signed := attrs(oid.ContentType, oid.MessageDigest, oid.SigningCertificateV2)
	policy := attrs(oid.ContentType, oid.MessageDigest, oid.SignaturePolicyID)
	ts, crefs, rrefs := oid.SignatureTimeStampToken, oid.CertificateRefs, oid.RevocationRefs
	cvals, rvals, esc, refsTS := oid.CertValues, oid.RevocationValues, oid.EscTimeStamp, oid.CertCRLTimestamp
	tests := []struct {
		name     string
		signed   []signature.Attribute
		unsigned []oid.ID
		want     signature.Level
	}{
		{"no signed attributes", nil, nil, signature.LevelCMS},
		{"no signed attributes, time-stamped", nil, []oid.ID{ts}, signature.LevelCMS},
		{"BES", signed, nil, signature.LevelBES},
		{"EPES", policy, nil, signature.LevelEPES},
		{"EPES with references but no time-stamp", policy, []oid.ID{crefs, rrefs}, signature.LevelEPES},
		{"BES with values but no time-stamp", signed, []oid.ID{cvals, rvals, esc}, signature.LevelBES},
		{"T", signed, []oid.ID{ts}, signature.LevelT},
		{"T over EPES", policy, []oid.ID{ts}, signature.LevelT},
		{"T with one reference kind", signed, []oid.ID{ts, crefs}, signature.LevelT},
		{"C", signed, []oid.ID{crefs, ts, rrefs}, signature.LevelC},
		{"X Type 1", signed, []oid.ID{ts, crefs, rrefs, esc}, signature.LevelXType1},
		{"X Type 2", signed, []oid.ID{ts, crefs, rrefs, refsTS}, signature.LevelXType2},
		{"X Long", signed, []oid.ID{ts, crefs, rrefs, cvals, rvals}, signature.LevelXLong},
		{"X Long without revocation values", signed, []oid.ID{ts, crefs, rrefs, cvals}, signature.LevelC},
		{"X Long Type 1", signed, []oid.ID{rrefs, rvals, crefs, esc, cvals, ts}, signature.LevelXLongType1},
		{"X Long Type 2", signed, []oid.ID{ts, crefs, rrefs, cvals, rvals, refsTS}, signature.LevelXLongType2},
		{"X Long with both stamps", signed, []oid.ID{ts, crefs, rrefs, cvals, rvals, refsTS, esc}, signature.LevelXLongType1},
		{"A v3 over X Long Type 1", signed, []oid.ID{ts, crefs, rrefs, cvals, rvals, esc, oid.ArchiveTimestampV3}, signature.LevelA},
		{"A v2 over T", signed, []oid.ID{ts, oid.ArchiveTimestampV2}, signature.LevelA},
		{"A v1", signed, []oid.ID{ts, oid.ArchiveTimestamp}, signature.LevelA},
		{"archive stamp without signature stamp", signed, []oid.ID{oid.ArchiveTimestampV3}, signature.LevelBES},
		{"unknown unsigned attribute", signed, []oid.ID{oid.ID("1.2.3.4")}, signature.LevelBES},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			si := &signature.SignerInfo{SignedAttrs: tt.signed, UnsignedAttrs: attrs(tt.unsigned...)}
			if tt.signed != nil {
				si.RawSignedAttrs = []byte{0xa0, 0x00}
			}
			if got := si.Level(); got != tt.want {
				t.Errorf("Level() = %q, want %q", got, tt.want)
			}
		})
	}
}

// stage is one step of a long-term build: the signature, its level and
// the kinds of its tokens.
type stage struct {
	name  string
	der   []byte
	level signature.Level
	kinds []signature.TokenKind
}

// buildStages extends a CAdES-BES signature step by step with the sigtest
// builders and the test stamper.
func buildStages(t *testing.T, p *ltPKI, attached bool, values sigtest.LongTermValues) []stage {
	t.Helper()
	bes, err := p.sign(attached)
	if err != nil {
		t.Fatal(err)
	}
	tsig, err := sigtest.AddSignatureTimestamp(bes, 0, nil, p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	xl, err := sigtest.AddXLongType1(tsig, 0, values, oid.Streebog512.OID(), p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	xl2, err := sigtest.AddXLongType2(tsig, 0, values, nil, p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := sigtest.AddArchiveTimestampV2(xl, 0, ltContent, nil, p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	a2twice, err := sigtest.AddArchiveTimestampV2(a2, 0, ltContent, oid.SHA256.OID(), p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	a3, err := sigtest.AddArchiveTimestampV3(xl, 0, ltContent, nil, p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	a3twice, err := sigtest.AddArchiveTimestampV3(a3, 0, ltContent, oid.Streebog512.OID(), p.stamp)
	if err != nil {
		t.Fatal(err)
	}
	T, C, R := signature.TokenSignature, signature.TokenCAdESC, signature.TokenRefs
	A2, A3 := signature.TokenArchiveV2, signature.TokenArchiveV3
	return []stage{
		{"BES", bes, signature.LevelBES, nil},
		{"T", tsig, signature.LevelT, []signature.TokenKind{T}},
		{"X Long Type 1", xl, signature.LevelXLongType1, []signature.TokenKind{T, C}},
		{"A v2", a2, signature.LevelA, []signature.TokenKind{T, C, A2}},
		{"X Long Type 2", xl2, signature.LevelXLongType2, []signature.TokenKind{T, R}},
		{"A v2 twice", a2twice, signature.LevelA, []signature.TokenKind{T, C, A2, A2}},
		{"A v3", a3, signature.LevelA, []signature.TokenKind{T, C, A3}},
		{"A v3 twice", a3twice, signature.LevelA, []signature.TokenKind{T, C, A3, A3}},
	}
}

func TestLongTermStages(t *testing.T) {
	t.Parallel()
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	ocsp := basicOCSP(p.ca.RawSubject, p.ee.SerialNumber, ltFrom.Add(2*time.Hour))
	values := sigtest.LongTermValues{
		Certificates: [][]byte{p.ee.Raw, p.ca.Raw, p.root.Raw},
		CRLs:         [][]byte{p.crl.Raw},
		OCSP:         [][]byte{ocsp},
	}
	for _, attached := range []bool{false, true} {
		for _, st := range buildStages(t, p, attached, values) {
			name := st.name + map[bool]string{false: " detached", true: " attached"}[attached]
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				sd, err := signature.Parse(st.der)
				if err != nil {
					t.Fatal(err)
				}
				si := sd.Signers[0]
				d, err := si.LongTermData()
				if err != nil {
					t.Fatalf("LongTermData: %v", err)
				}
				if d.Level != st.level || si.Level() != st.level {
					t.Errorf("level %q, want %q", d.Level, st.level)
				}
				var kinds []signature.TokenKind
				for _, tok := range d.Tokens {
					kinds = append(kinds, tok.Kind)
					in, err := sd.StampedData(si, tok, ltContent)
					if err != nil {
						t.Fatalf("%s: %v", tok.Kind, err)
					}
					ok, err := stampedOK(tok.DER, in)
					if err != nil || !ok {
						t.Errorf("%s (attribute %d): the imprint is not the hash of StampedData (%v)", tok.Kind, tok.Attr, err)
					}
					if tok.Kind == signature.TokenArchiveV3 {
						if tok.HashIndex == nil || tok.HashIndex.Version != 3 {
							t.Fatalf("archive-time-stamp-v3 hash index %+v", tok.HashIndex)
						}
						if err := sd.CheckHashIndex(si, tok.HashIndex); err != nil {
							t.Errorf("CheckHashIndex: %v", err)
						}
					}
				}
				if !equalKinds(kinds, st.kinds) {
					t.Errorf("tokens %v, want %v", kinds, st.kinds)
				}
				if st.level == signature.LevelBES || st.level == signature.LevelT {
					if d.Certificates != nil || d.CertificateRefs != nil || d.RevocationRefs != nil {
						t.Errorf("values or references at level %s", st.level)
					}
					return
				}
				checkValues(t, p, d, values)
				// The unsigned attributes do not touch the signature value.
				r := sd.Verify(ltContent, signature.VerifyOptions{At: ltFrom.Add(2 * time.Hour)})
				if c, _ := r.Signers[0].Checks.Find("SIG-VALUE"); c.Status != check.Pass {
					t.Errorf("SIG-VALUE %v after extension", c.Status)
				}
			})
		}
	}
}

// named returns the DER of the stage called name.
func named(t *testing.T, stages []stage, name string) []byte {
	t.Helper()
	for _, s := range stages {
		if s.name == name {
			return s.der
		}
	}
	t.Fatalf("no stage %q", name)
	return nil
}

func equalKinds(a, b []signature.TokenKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkValues compares what LongTermData read with what the builder wrote.
func checkValues(t *testing.T, p *ltPKI, d *signature.LongTermData, v sigtest.LongTermValues) {
	t.Helper()
	if len(d.Certificates) != len(v.Certificates) || len(d.CRLs) != 1 || len(d.OCSPResponses) != 1 {
		t.Fatalf("values: %d certificates, %d CRLs, %d OCSP", len(d.Certificates), len(d.CRLs), len(d.OCSPResponses))
	}
	for i, c := range d.Certificates {
		if !bytes.Equal(c.Raw, v.Certificates[i]) {
			t.Errorf("certificate-values[%d] differs", i)
		}
	}
	if !bytes.Equal(d.CRLs[0].Raw, v.CRLs[0]) || !bytes.Equal(d.OCSPResponses[0], v.OCSP[0]) {
		t.Errorf("revocation-values differ")
	}
	if len(d.CertificateRefs) != len(v.Certificates) {
		t.Fatalf("%d certificate references", len(d.CertificateRefs))
	}
	certs := []*certificate.Certificate{p.ee, p.ca, p.root}
	for i, r := range d.CertificateRefs {
		h := streebog.Sum256(v.Certificates[i])
		if !oid.Streebog256.Equal(r.Hash.Algorithm.OID) || r.Hash.SHA1Choice || !bytes.Equal(r.Hash.Value, h[:]) {
			t.Errorf("certificate ref %d: hash %s %X", i, r.Hash.Algorithm.OID, r.Hash.Value)
		}
		if !r.HasIssuerSerial || len(r.IssuerNames) != 1 || !bytes.Equal(r.IssuerNames[0], certs[i].RawIssuer) ||
			r.SerialNumber.Cmp(certs[i].SerialNumber) != 0 {
			t.Errorf("certificate ref %d: issuerSerial does not name the certificate", i)
		}
	}
	if len(d.RevocationRefs) != 1 || len(d.RevocationRefs[0].CRLs) != 1 || len(d.RevocationRefs[0].OCSP) != 1 {
		t.Fatalf("revocation refs %+v", d.RevocationRefs)
	}
	cr, or := d.RevocationRefs[0].CRLs[0], d.RevocationRefs[0].OCSP[0]
	ch, oh := streebog.Sum256(v.CRLs[0]), streebog.Sum256(v.OCSP[0])
	if !bytes.Equal(cr.Hash.Value, ch[:]) || !cr.HasIdentifier || !bytes.Equal(cr.Issuer, p.ca.RawSubject) || !cr.IssuedTime.Equal(ltFrom) {
		t.Errorf("CRL ref %+v", cr)
	}
	if or.Hash == nil || !bytes.Equal(or.Hash.Value, oh[:]) || !bytes.Equal(or.ResponderName, p.ca.RawSubject) ||
		!or.ProducedAt.Equal(ltFrom.Add(2*time.Hour)) || or.ResponderKey != nil {
		t.Errorf("OCSP ref %+v", or)
	}
}

// TestStampedDataSensitive changes each covered part of an X Long Type 1
// and an A v3 signature and checks that the stamped data changes with it.
func TestStampedDataSensitive(t *testing.T) {
	t.Parallel()
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	values := sigtest.LongTermValues{Certificates: [][]byte{p.ee.Raw, p.ca.Raw}, CRLs: [][]byte{p.crl.Raw}}
	stages := buildStages(t, p, false, values)
	tests := []struct {
		name    string
		stage   string
		kind    signature.TokenKind
		content []byte
		mutate  func(d []byte) []byte
	}{
		{"A v3: other content", "A v3", signature.TokenArchiveV3, []byte("другой документ"), nil},
		{"A v2: other content", "A v2", signature.TokenArchiveV2, []byte("другой документ"), nil},
		{"A v3: other signature value", "A v3", signature.TokenArchiveV3, ltContent, flipSignature},
		{"A v2: other signature value", "A v2", signature.TokenArchiveV2, ltContent, flipSignature},
		{"X Long Type 1: other signature value", "X Long Type 1", signature.TokenCAdESC, ltContent, flipSignature},
		{"X Long Type 2: other references", "X Long Type 2", signature.TokenRefs, ltContent, otherRefs},
		{"T: other signature value", "T", signature.TokenSignature, ltContent, flipSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			der := named(t, stages, tt.stage)
			if tt.mutate != nil {
				der = tt.mutate(der)
			}
			sd, err := signature.Parse(der)
			if err != nil {
				t.Fatal(err)
			}
			si := sd.Signers[0]
			d, _ := si.LongTermData()
			toks := d.TokensOf(tt.kind)
			if len(toks) != 1 {
				t.Fatalf("%d tokens of kind %s", len(toks), tt.kind)
			}
			in, err := sd.StampedData(si, toks[0], tt.content)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := stampedOK(toks[0].DER, in); err != nil || ok {
				t.Errorf("the token still matches after the change (%v)", err)
			}
		})
	}
}

// otherRefs changes the last byte of the first certificate reference hash,
// looked for after the signature value (the signed signingCertificateV2
// holds the same hash).
func otherRefs(der []byte) []byte {
	sd, err := signature.Parse(der)
	if err != nil {
		panic(err)
	}
	d, _ := sd.Signers[0].LongTermData()
	h := d.CertificateRefs[0].Hash.Value
	after := bytes.Index(der, sd.Signers[0].Signature) + len(sd.Signers[0].Signature)
	i := after + bytes.Index(der[after:], h)
	out := bytes.Clone(der)
	out[i+len(h)-1] ^= 1
	return out
}

// flipSignature changes the last byte of the first signer's signature
// value, found by its position just before the unsigned attributes.
func flipSignature(der []byte) []byte {
	sd, err := signature.Parse(der)
	if err != nil {
		panic(err)
	}
	sig := sd.Signers[0].Signature
	i := bytes.Index(der, sig)
	out := bytes.Clone(der)
	out[i+len(sig)-1] ^= 1
	return out
}

func TestStampedDataErrors(t *testing.T) {
	t.Parallel()
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	values := sigtest.LongTermValues{Certificates: [][]byte{p.ee.Raw}}
	stages := buildStages(t, p, false, values)
	xl := mustParseSD(t, named(t, stages, "X Long Type 1"))
	a2, a3 := mustParseSD(t, named(t, stages, "A v2")), mustParseSD(t, named(t, stages, "A v3"))
	other := mustParseSD(t, named(t, stages, "X Long Type 1"))
	tokens := func(sd *signature.SignedData) []signature.LongTermToken {
		d, _ := sd.Signers[0].LongTermData()
		return d.Tokens
	}
	// An escTimeStamp without the references it covers.
	bes := named(t, stages, "BES")
	lone, err := sigtest.AddUnsignedAttributes(bes, 0, sigtest.Attribute(oid.EscTimeStamp.OID(), tokens(xl)[1].DER))
	if err != nil {
		t.Fatal(err)
	}
	loneSD := mustParseSD(t, lone)
	// A v3 token without its ats-hash-index.
	bare, err := sigtest.AddUnsignedAttributes(named(t, stages, "X Long Type 1"), 0, sigtest.Attribute(oid.ArchiveTimestampV3.OID(), tokens(xl)[0].DER))
	if err != nil {
		t.Fatal(err)
	}
	bareSD := mustParseSD(t, bare)
	wrongKind := tokens(xl)[1]
	wrongKind.Kind = signature.TokenRefs
	outOfRange := tokens(xl)[0]
	outOfRange.Attr = 99
	tests := []struct {
		name    string
		sd      *signature.SignedData
		si      *signature.SignerInfo
		tok     signature.LongTermToken
		content []byte
		want    error
	}{
		{"detached v3 without content", a3, a3.Signers[0], tokens(a3)[2], nil, signature.ErrNoContent},
		{"detached v2 without content", a2, a2.Signers[0], tokens(a2)[2], nil, signature.ErrNoContent},
		{"signer of another SignedData", xl, other.Signers[0], tokens(xl)[0], ltContent, signature.ErrNotStamped},
		{"token kind does not match the attribute", xl, xl.Signers[0], wrongKind, ltContent, signature.ErrNotStamped},
		{"attribute index out of range", xl, xl.Signers[0], outOfRange, ltContent, signature.ErrNotStamped},
		{"escTimeStamp without references", loneSD, loneSD.Signers[0], tokens(loneSD)[0], ltContent, signature.ErrNotStamped},
		{"v3 token without hash index", bareSD, bareSD.Signers[0], tokens(bareSD)[2], ltContent, signature.ErrNotStamped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := tt.sd.StampedData(tt.si, tt.tok, tt.content); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func mustParseSD(t *testing.T, der []byte) *signature.SignedData {
	t.Helper()
	sd, err := signature.Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	return sd
}

// TestLongTermDataMalformed: a value that does not parse is reported and
// the others are still read.
func TestLongTermDataMalformed(t *testing.T) {
	t.Parallel()
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	bes, err := p.sign(false)
	if err != nil {
		t.Fatal(err)
	}
	good := sigtest.Attribute(oid.CertValues.OID(), seq(p.ca.Raw))
	notCert := seq([]byte{0x30, 0x03, 0x02, 0x01, 0x01})
	tests := []struct {
		name       string
		attr       []byte
		wantErrs   int
		wantCerts  int
		wantTokens int
	}{
		{"certificate-values not a SEQUENCE", sigtest.Attribute(oid.CertValues.OID(), []byte{0x04, 0x00}), 1, 1, 0},
		{"certificate-values with a bad certificate", sigtest.Attribute(oid.CertValues.OID(), seq(p.ee.Raw, []byte{0x30, 0x00})), 1, 2, 0},
		{"certificate-values with two values", sigtest.Attribute(oid.CertValues.OID(), seq(p.ee.Raw), seq(p.root.Raw)), 1, 3, 0},
		{"revocation-values with a bad CRL", sigtest.Attribute(oid.RevocationValues.OID(), seq(tagged(0, notCert))), 1, 1, 0},
		{"revocation-values with an untagged list", sigtest.Attribute(oid.RevocationValues.OID(), seq(notCert)), 1, 1, 0},
		{"revocation-values with other values", sigtest.Attribute(oid.RevocationValues.OID(), seq(tagged(2, seq([]byte{0x06, 0x02, 0x2a, 0x03}, []byte{0x05, 0x00})))), 0, 1, 0},
		{"complete-certificate-references truncated", sigtest.Attribute(oid.CertificateRefs.OID(), seq(seq([]byte{0x30, 0x00}))), 1, 1, 0},
		{"complete-revocation-references with a bad ocspids", sigtest.Attribute(oid.RevocationRefs.OID(), seq(seq(tagged(1, seq())))), 1, 1, 0},
		{"signature-time-stamp that is no ContentInfo", sigtest.Attribute(oid.SignatureTimeStampToken.OID(), []byte{0x04, 0x01, 0x00}), 1, 1, 0},
		{"signature-time-stamp without value", sigtest.Attribute(oid.SignatureTimeStampToken.OID()), 1, 1, 0},
		{"archive-time-stamp-v3 without hash index", sigtest.Attribute(oid.ArchiveTimestampV3.OID(), mustStamp(t, p)), 1, 1, 1},
		{"unknown attribute", sigtest.Attribute(asn1.ObjectIdentifier{1, 2, 3}, []byte{0x05, 0x00}), 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			der, err := sigtest.AddUnsignedAttributes(bes, 0, tt.attr, good)
			if err != nil {
				t.Fatal(err)
			}
			sd := mustParseSD(t, der)
			d, err := sd.Signers[0].LongTermData()
			n := 0
			if err != nil {
				n = len(err.(interface{ Unwrap() []error }).Unwrap())
			}
			if n != tt.wantErrs {
				t.Errorf("%d errors, want %d: %v", n, tt.wantErrs, err)
			}
			var pe *signature.ParseError
			if tt.wantErrs > 0 && !errors.Is(err, signature.ErrMalformed) && !errors.As(err, new(*certificate.ParseError)) {
				t.Errorf("error %v is neither ErrMalformed nor a certificate parse error", err)
			}
			if errors.As(err, &pe) && pe.MessageRU() == "" {
				t.Error("no Russian message")
			}
			if len(d.Certificates) != tt.wantCerts || len(d.Tokens) != tt.wantTokens {
				t.Errorf("%d certificates, %d tokens; want %d, %d", len(d.Certificates), len(d.Tokens), tt.wantCerts, tt.wantTokens)
			}
		})
	}
}

func mustStamp(t *testing.T, p *ltPKI) []byte {
	t.Helper()
	tok, err := p.stamp([]byte("x"), oid.Streebog256.OID())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// seq encodes SEQUENCE of the DER elements.
func seq(elems ...[]byte) []byte { return tlv(0x30, elems...) }

// tagged encodes [n] EXPLICIT (constructed context tag) around el.
func tagged(n byte, el []byte) []byte { return tlv(0xa0+n, el) }

func tlv(tag byte, elems ...[]byte) []byte {
	body := bytes.Join(elems, nil)
	l := len(body)
	switch {
	case l < 0x80:
		return append([]byte{tag, byte(l)}, body...)
	case l < 0x100:
		return append([]byte{tag, 0x81, byte(l)}, body...)
	case l < 0x10000:
		return append([]byte{tag, 0x82, byte(l >> 8), byte(l)}, body...)
	}
	return append([]byte{tag, 0x83, byte(l >> 16), byte(l >> 8), byte(l)}, body...)
}

func TestCheckHashIndex(t *testing.T) {
	t.Parallel()
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	values := sigtest.LongTermValues{Certificates: [][]byte{p.ee.Raw, p.ca.Raw}, CRLs: [][]byte{p.crl.Raw}}
	a3 := named(t, buildStages(t, p, true, values), "A v3")
	// Material added after the archive stamp is allowed: it is simply not
	// covered.
	later, err := sigtest.AddUnsignedAttributes(a3, 0, sigtest.Attribute(asn1.ObjectIdentifier{1, 2, 3}, []byte{0x05, 0x00}))
	if err != nil {
		t.Fatal(err)
	}
	bogus := &signature.ATSHashIndex{Version: 3, HashAlgorithm: signature.AlgorithmIdentifier{OID: oid.Streebog256.OID()},
		UnsignedAttrs: [][]byte{make([]byte, 32)}}
	unsupported := &signature.ATSHashIndex{Version: 3, HashAlgorithm: signature.AlgorithmIdentifier{OID: asn1.ObjectIdentifier{1, 2, 3}},
		Certificates: [][]byte{{1}}}
	index := func(der []byte) (*signature.SignedData, *signature.ATSHashIndex) {
		sd := mustParseSD(t, der)
		d, _ := sd.Signers[0].LongTermData()
		return sd, d.TokensOf(signature.TokenArchiveV3)[0].HashIndex
	}
	sdA3, hiA3 := index(a3)
	sdLater, hiLater := index(later)
	// The same index checked against a signature without the CRL.
	noCRL := mustParseSD(t, named(t, buildStages(t, p, true, sigtest.LongTermValues{Certificates: [][]byte{p.ee.Raw, p.ca.Raw}}), "A v3"))
	tests := []struct {
		name string
		sd   *signature.SignedData
		hi   *signature.ATSHashIndex
		want error
	}{
		{"as built", sdA3, hiA3, nil},
		{"attribute added later", sdLater, hiLater, nil},
		{"entry that matches nothing", sdA3, bogus, signature.ErrNotStamped},
		{"index of another signature", noCRL, hiA3, signature.ErrNotStamped},
		{"unsupported hash", sdA3, unsupported, signature.ErrUnsupportedHash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.sd.CheckHashIndex(tt.sd.Signers[0], tt.hi)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if len(hiA3.Certificates) != 2 || len(hiA3.CRLs) != 0 || len(hiA3.UnsignedAttrs) != 6 || !oid.Streebog256.Equal(hiA3.HashAlgorithm.OID) {
		t.Errorf("index lists: %d certificates, %d crls, %d attribute values, hash %s",
			len(hiA3.Certificates), len(hiA3.CRLs), len(hiA3.UnsignedAttrs), hiA3.HashAlgorithm.OID)
	}
}
