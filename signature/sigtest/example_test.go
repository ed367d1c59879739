package sigtest_test

import (
	"bytes"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// pki is a root, a TSA and a signer it issued.
type pki struct {
	root, tsaCert, signer *certificate.Certificate
	tsaKey, signerKey     *certificate.GOSTPrivateKey
}

func newPKI() (*pki, error) {
	rnd := mrand.NewChaCha8([32]byte{5})
	ids := mrand.New(mrand.NewPCG(5, 5))
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rootKey, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		return nil, err
	}
	p := &pki{}
	if p.tsaKey, err = certtest.GenerateKey("CryptoPro-A", rnd); err != nil {
		return nil, err
	}
	if p.signerKey, err = certtest.GenerateKey("CryptoPro-XchA", rnd); err != nil {
		return nil, err
	}
	if p.root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd); err != nil {
		return nil, err
	}
	if p.tsaCert, err = certtest.Create(certtest.NewTemplate(certtest.PresetTSA, ids, from), p.root, rootKey, p.tsaKey.Public(), rnd); err != nil {
		return nil, err
	}
	p.signer, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), p.root, rootKey, p.signerKey.Public(), rnd)
	return p, err
}

// Make a CAdES-T signature: sign, then have the test TSA stamp the
// signature value. Verify takes the timestamp as proof that the signature
// existed at its genTime, and validates the signer certificate then, even
// after the certificate has expired.
func ExampleTSA_StampSignature() {
	p, err := newPKI()
	if err != nil {
		panic(err)
	}
	tsa, _ := sigtest.NewTSA(p.tsaCert, p.tsaKey)
	file := []byte("<doc>СЭМД</doc>")
	signedAt := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	bes, _ := signature.Sign(file, p.signer, p.signerKey, signature.SignOptions{Time: signedAt})
	cadesT, err := tsa.StampSignature(bes, 0, signedAt.Add(time.Minute), sigtest.Streebog256)
	if err != nil {
		panic(err)
	}
	sd, _ := signature.Parse(cadesT)
	// Two years later the signer certificate (15 months) has expired. The
	// TSA certificate is validated at At too: a stub stands in for the
	// chain check here.
	res := sd.Verify(file, signature.VerifyOptions{
		At:                  signedAt.AddDate(2, 0, 0),
		ValidateCertificate: func(signature.Validation) check.Results { return nil },
	})
	s := res.Signers[0]
	validity, _ := s.Checks.Find("SIG-CERT-VALIDITY")
	fmt.Println("timestamps:", len(s.Timestamps), "verified:", s.Timestamps[0].Verified)
	fmt.Println("validated at:", s.ValidationTime, "from", s.ValidationTimeSource)
	fmt.Println(validity.ID, validity.Status, validity.Outcome)
	// Output:
	// timestamps: 1 verified: true
	// validated at: 2025-06-01 12:01:00 +0000 UTC from signature-timestamp
	// SIG-CERT-VALIDITY pass at-timestamp
}

func TestBuilders(t *testing.T) {
	t.Parallel()
	p, err := newPKI()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sigtest.NewTSA(p.tsaCert, p.signerKey); err == nil {
		t.Fatal("a key that does not match the certificate was accepted")
	}
	tsa, err := sigtest.NewTSA(p.tsaCert, p.tsaKey)
	if err != nil {
		t.Fatal(err)
	}
	if present, critical := p.tsaCert.HasExtension(oid.ExtExtendedKeyUsage.OID()); !present || !critical ||
		len(p.tsaCert.ExtKeyUsage) != 1 || !oid.ExtKeyUsageTimeStamping.Equal(p.tsaCert.ExtKeyUsage[0]) {
		t.Fatal("PresetTSA: extKeyUsage is not a critical id-kp-timeStamping")
	}
	sig, err := signature.Sign([]byte("x"), p.signer, p.signerKey, signature.SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	value, err := sigtest.SignatureValue(sig, 0)
	if err != nil || !bytes.Equal(value, mustParse(t, sig).Signers[0].Signature) {
		t.Fatalf("SignatureValue: %v", err)
	}
	gen := time.Date(2025, 2, 3, 4, 5, 6, 7_000_000, time.UTC)
	for _, h := range []sigtest.Hash{sigtest.Streebog256, sigtest.Streebog512, sigtest.SHA256} {
		tok, err := tsa.Stamp(value, gen, h)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := signature.ParseTimestamp(tok)
		if err != nil {
			t.Fatal(err)
		}
		if !ts.Info.GenTime.Equal(gen) || !bytes.Equal(ts.Info.MessageImprint.HashedMessage, h.Sum(value)) ||
			ts.Info.MessageImprint.HashAlgorithm.OID.String() != h.OID().String() {
			t.Fatalf("%d: %+v", h, ts.Info)
		}
	}
	// Serial numbers increase.
	a, _ := tsa.Stamp(value, gen, sigtest.Streebog256)
	b, _ := tsa.Stamp(value, gen, sigtest.Streebog256)
	ta, tb := mustParseTS(t, a), mustParseTS(t, b)
	if tb.Info.SerialNumber.Cmp(ta.Info.SerialNumber) <= 0 {
		t.Fatal("serial numbers do not increase")
	}
	for _, bad := range [][]byte{nil, {0x30, 0x00}, append(append([]byte{}, sig...), 0)} {
		if _, err := sigtest.AddSignatureTimestampToken(bad, 0, a); !errors.Is(err, sigtest.ErrBuild) {
			t.Errorf("%x: %v", bad, err)
		}
	}
}

func mustParse(t *testing.T, b []byte) *signature.SignedData {
	t.Helper()
	sd, err := signature.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return sd
}

func mustParseTS(t *testing.T, b []byte) *signature.Timestamp {
	t.Helper()
	ts, err := signature.ParseTimestamp(b)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}
