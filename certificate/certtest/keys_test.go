package certtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/oracle"
)

func TestKeyAPI(t *testing.T) {
	t.Parallel()
	for _, curve := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-A", "tc26-512-C"} {
		k, err := GenerateKey(curve, nil)
		if err != nil {
			t.Fatal(err)
		}
		der, err := MarshalPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{der, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})} {
			k2, err := certificate.ParsePrivateKey(in)
			if err != nil || !k2.Equal(k) {
				t.Fatalf("%s: round trip: %v", curve, err)
			}
		}
	}
	if _, err := GenerateKey("P-256", nil); err == nil {
		t.Error("unknown curve accepted")
	}
	if _, err := certificate.ParsePrivateKey(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte{1}})); err == nil {
		t.Error("EC PRIVATE KEY accepted")
	}
	if _, err := MarshalPrivateKey(nil); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Error(err)
	}
	if len(CurveNames()) < 10 {
		t.Error("curve names")
	}
	p := testPKI(t)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tm := NewTemplate(PresetPerson, nil, testFrom)
	if _, err := Create(tm, p.ca, ec, p.eeK.Public(), rand.Reader); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("ECDSA issuer key: %v", err)
	}
	if _, err := Create(tm, p.ca, p.caKey, &ec.PublicKey, rand.Reader); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("ECDSA subject key: %v", err)
	}
	// A private key as subject key stands for its public half.
	if _, err := Create(tm, p.ca, p.caKey, p.eeK, rand.Reader); err != nil {
		t.Error(err)
	}
}

// TestKeyRoundTripOpenSSL: a key written by MarshalPrivateKey signs a
// certificate request openssl accepts.
func TestKeyRoundTripOpenSSL(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	for _, curve := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-A", "tc26-512-C"} {
		k, err := GenerateKey(curve, nil)
		if err != nil {
			t.Fatal(err)
		}
		der, err := MarshalPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		out := o.Run(t, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), "pkey", "-pubout")
		spki, err := MarshalPublicKey(k.Public().(*certificate.GOSTPublicKey))
		if err != nil {
			t.Fatal(err)
		}
		block, _ := pem.Decode(out)
		if block == nil || string(block.Bytes) != string(spki) {
			t.Errorf("%s: openssl public key differs from ours", curve)
		}
	}
}
