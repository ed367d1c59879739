package certtest

import (
	"bytes"
	"crypto/x509"
	"errors"
	mrand "math/rand/v2"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/oid"
)

func TestServicePresets(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	tests := []struct {
		preset      Preset
		eku         oid.ID
		ekuCritical bool
		noCheck     bool
		years       int
	}{
		{PresetTSA, oid.ExtKeyUsageTimeStamping, true, false, 5},
		{PresetOCSPResponder, oid.ExtKeyUsageOCSPSigning, false, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.preset.String(), func(t *testing.T) {
			t.Parallel()
			tm := NewTemplate(tc.preset, mrand.New(mrand.NewPCG(5, 5)), testFrom)
			c, err := Create(tm, p.ca, p.caKey, p.eeK.Public(), mrand.NewChaCha8([32]byte{5}))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.ExtKeyUsage) != 1 || !tc.eku.Equal(c.ExtKeyUsage[0]) {
				t.Errorf("extKeyUsage %v, want only %s", c.ExtKeyUsage, tc.eku)
			}
			if present, critical := c.HasExtension(oid.ExtExtendedKeyUsage.OID()); !present || critical != tc.ekuCritical {
				t.Errorf("extKeyUsage present %v critical %v", present, critical)
			}
			if present, _ := c.HasExtension(oid.OCSPNoCheck.OID()); present != tc.noCheck {
				t.Errorf("ocsp-nocheck present = %v", present)
			}
			if c.KeyUsage != x509.KeyUsageDigitalSignature || c.IsCA || c.HasBasicConstraints {
				t.Errorf("keyUsage %v, CA %v", c.KeyUsage, c.IsCA)
			}
			if !c.NotAfter.Equal(testFrom.AddDate(tc.years, 0, 0)) {
				t.Errorf("NotAfter %v", c.NotAfter)
			}
			if err := c.CheckSignatureFrom(p.ca); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSubjectPublicKeyInfoOverride(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	spki := []byte{0x30, 0x1c, 0x30, 0x08, 0x06, 0x06, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x13, // GOST R 34.10-2001
		0x03, 0x10, 0x00, 0x04, 0x0d, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
	tm := NewTemplate(PresetCA, mrand.New(mrand.NewPCG(6, 6)), testFrom)
	tm.SubjectPublicKeyInfo = spki
	c, err := Create(tm, p.root, p.rootKey, p.caKey.Public(), mrand.NewChaCha8([32]byte{6}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.RawSubjectPublicKeyInfo, spki) || !errors.Is(c.PublicKey.Err, certificate.ErrUnknownKeyAlgorithm) {
		t.Fatalf("SPKI %X, key error %v", c.RawSubjectPublicKeyInfo, c.PublicKey.Err)
	}
	if ca, _ := Create(NewTemplate(PresetCA, mrand.New(mrand.NewPCG(6, 6)), testFrom), p.root, p.rootKey, p.caKey.Public(), mrand.NewChaCha8([32]byte{6})); !bytes.Equal(ca.SubjectKeyID, c.SubjectKeyID) {
		t.Error("the subject key identifier should still come from the subject key")
	}
}

func TestCreateOCSPResponse(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	leaf := p.ee[PresetPerson]
	this := testAt.Add(-time.Hour)
	tm := &OCSPTemplate{ProducedAt: testAt, CertIDHash: CertIDStreebog256, ResponderByKey: true, Nonce: []byte{9, 9},
		Responses: []OCSPEntry{
			{Certificate: leaf, Issuer: p.ca, Status: certificate.OCSPRevoked, RevocationTime: this.Add(-time.Hour), Reason: certificate.ReasonKeyCompromise, HasReason: true, ThisUpdate: this, NextUpdate: this.AddDate(0, 0, 1)},
			{Certificate: p.ca, Issuer: p.root, Status: certificate.OCSPGood, ThisUpdate: this},
		}}
	der, err := CreateOCSPResponse(tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{7}))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := CreateOCSPResponse(tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{7}))
	if !bytes.Equal(der, again) {
		t.Error("not deterministic for a seeded reader")
	}
	r, err := certificate.ParseOCSPResponse(der)
	if err != nil {
		t.Fatal(err)
	}
	if r.ResponderKeyHash == nil || r.RawResponderName != nil || !r.ProducedAt.Equal(testAt) {
		t.Errorf("responder %X / %X, producedAt %v", r.ResponderKeyHash, r.RawResponderName, r.ProducedAt)
	}
	sr := r.ResponseFor(leaf, p.ca)
	if sr == nil || sr.Status != certificate.OCSPRevoked || sr.Reason != certificate.ReasonKeyCompromise || !sr.RevocationTime.Equal(this.Add(-time.Hour)) ||
		!sr.NextUpdate.Equal(this.AddDate(0, 0, 1)) || !oid.Streebog256.Equal(sr.CertID.HashAlgorithm) {
		t.Fatalf("single response %+v", sr)
	}
	if sr := r.ResponseFor(p.ca, p.root); sr == nil || sr.Status != certificate.OCSPGood || !sr.NextUpdate.IsZero() {
		t.Errorf("CA single response %+v", sr)
	}
	if who, err := r.Responder(p.ca); err != nil || who != p.ca {
		t.Errorf("Responder: %v", err)
	}

	for name, bad := range map[string]func() ([]byte, error){
		"no responses": func() ([]byte, error) {
			return CreateOCSPResponse(&OCSPTemplate{ProducedAt: testAt}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{}))
		},
		"key of another certificate": func() ([]byte, error) {
			return CreateOCSPResponse(tm, p.root, p.caKey, mrand.NewChaCha8([32]byte{}))
		},
		"undefined hash": func() ([]byte, error) {
			return CreateOCSPResponse(&OCSPTemplate{CertIDHash: 9, Responses: tm.Responses}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{}))
		},
		"entry without issuer": func() ([]byte, error) {
			return CreateOCSPResponse(&OCSPTemplate{Responses: []OCSPEntry{{Certificate: leaf}}}, p.ca, p.caKey, mrand.NewChaCha8([32]byte{}))
		},
	} {
		if out, err := bad(); err == nil || out != nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := CreateOCSPResponse(tm, p.ca, nil, mrand.NewChaCha8([32]byte{})); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("nil key: %v", err)
	}
}
