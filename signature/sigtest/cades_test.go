package sigtest_test

import (
	"bytes"
	"encoding/asn1"
	"errors"
	mrand "math/rand/v2"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// besSignature makes a detached CAdES-BES signature with a throw-away key.
func besSignature(t *testing.T) []byte {
	t.Helper()
	rnd := mrand.NewChaCha8([32]byte{9})
	key, err := certtest.GenerateKey("CryptoPro-XchA", rnd)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cert, err := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, mrand.New(mrand.NewPCG(1, 2)), from), nil, key, key.Public(), rnd)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signature.Sign([]byte("документ"), cert, key, signature.SignOptions{Time: from.Add(time.Hour), Rand: rnd})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// recorder is a Stamper that returns a fixed token and records its calls.
type recorder struct {
	data [][]byte
	alg  []asn1.ObjectIdentifier
	err  error
}

func (r *recorder) stamp(data []byte, alg asn1.ObjectIdentifier) ([]byte, error) {
	r.data, r.alg = append(r.data, data), append(r.alg, alg)
	// Not a real token: the builders treat the token as opaque DER.
	return []byte{0x30, 0x03, 0x02, 0x01, byte(len(r.data))}, r.err
}

func TestAddUnsignedAttributes(t *testing.T) {
	t.Parallel()
	bes := besSignature(t)
	a := sigtest.Attribute(asn1.ObjectIdentifier{1, 2, 3}, []byte{0x05, 0x00})
	b := sigtest.Attribute(asn1.ObjectIdentifier{1, 2, 2}, []byte{0x02, 0x01, 0x07}, []byte{0x02, 0x01, 0x01})
	once, err := sigtest.AddUnsignedAttributes(bes, 0, a)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := sigtest.AddUnsignedAttributes(once, 0, b)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := signature.Parse(twice)
	if err != nil {
		t.Fatal(err)
	}
	got := sd.Signers[0].UnsignedAttrs
	// Appended in order, not sorted (b sorts before a in DER), values kept
	// in the order given.
	if len(got) != 2 || !bytes.Equal(got[0].Raw, a) || !bytes.Equal(got[1].Raw, b) || len(got[1].Values) != 2 ||
		!bytes.Equal(got[1].Values[0], []byte{0x02, 0x01, 0x07}) {
		t.Fatalf("unsigned attributes %+v", got)
	}
	// The rest of the signature is unchanged.
	orig, err := signature.Parse(bes)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sd.Signers[0].RawSignedAttrs, orig.Signers[0].RawSignedAttrs) || !bytes.Equal(sd.Signers[0].Signature, orig.Signers[0].Signature) ||
		len(sd.Certificates) != len(orig.Certificates) {
		t.Error("the signature changed beyond its unsigned attributes")
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	bes := besSignature(t)
	r := &recorder{}
	tsig, err := sigtest.AddSignatureTimestamp(bes, 0, nil, r.stamp)
	if err != nil {
		t.Fatal(err)
	}
	failing := &recorder{err: errors.New("TSA down")}
	tests := []struct {
		name  string
		build func() ([]byte, error)
	}{
		{"not a CMS", func() ([]byte, error) { return sigtest.AddUnsignedAttributes([]byte{0x30, 0x00}, 0) }},
		{"trailing data", func() ([]byte, error) { return sigtest.AddUnsignedAttributes(append(bes, 0), 0) }},
		{"no such signer", func() ([]byte, error) { return sigtest.AddUnsignedAttributes(bes, 1) }},
		{"X Long without signature time-stamp", func() ([]byte, error) {
			return sigtest.AddXLongType1(bes, 0, sigtest.LongTermValues{}, nil, r.stamp)
		}},
		{"unsupported hash", func() ([]byte, error) {
			return sigtest.AddSignatureTimestamp(bes, 0, oid.SHA1.OID(), r.stamp)
		}},
		{"stamper fails", func() ([]byte, error) { return sigtest.AddArchiveTimestampV2(tsig, 0, nil, nil, failing.stamp) }},
		{"certificate that is not one", func() ([]byte, error) {
			return sigtest.AddXLongType1(tsig, 0, sigtest.LongTermValues{Certificates: [][]byte{{0x30, 0x00}}}, nil, r.stamp)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := tt.build(); !errors.Is(err, sigtest.ErrBuild) {
				t.Errorf("err = %v, want ErrBuild", err)
			}
		})
	}
}

// TestStampedBytes checks what the builders hand to the stamper against
// the rules written out by hand for a signature with known parts.
func TestStampedBytes(t *testing.T) {
	t.Parallel()
	bes := besSignature(t)
	sd, err := signature.Parse(bes)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	tsig, err := sigtest.AddSignatureTimestamp(bes, 0, oid.SHA256.OID(), r.stamp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.data[0], sd.Signers[0].Signature) || !oid.SHA256.Equal(r.alg[0]) {
		t.Errorf("signature-time-stamp stamped %X with %s", r.data[0], r.alg[0])
	}
	if _, err := sigtest.AddXLongType2(tsig, 0, sigtest.LongTermValues{}, nil, r.stamp); err != nil {
		t.Fatal(err)
	}
	// No certificates, no revocation data: the references are an empty
	// SEQUENCE OF OtherCertID and one empty CrlOcspRef; the stamp covers
	// their attrType and attrValues.
	certRefs := []byte{0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x15, 0x31, 0x02, 0x30, 0x00}
	revRefs := []byte{0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x16, 0x31, 0x04, 0x30, 0x02, 0x30, 0x00}
	if want := append(append([]byte{}, certRefs...), revRefs...); !bytes.Equal(r.data[1], want) || !oid.Streebog256.Equal(r.alg[1]) {
		t.Errorf("time-stamped-certs-crls-references stamped %X with %s, want %X", r.data[1], r.alg[1], want)
	}
}
