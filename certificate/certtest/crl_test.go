package certtest

import (
	"crypto/x509"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
)

// TestCreateLargeCRL: the list parses (with ParseCRL and crypto/x509), its
// signature verifies and entry i is LargeCRLEntry(i); serials past the end
// are not listed.
func TestCreateLargeCRL(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	for _, tc := range []struct {
		name string
		tm   LargeCRL
	}{
		{"3000", LargeCRL{Entries: 3000, ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7), Number: big.NewInt(99)}},
		{"empty", LargeCRL{ThisUpdate: testAt}},
		{"GeneralizedTime", LargeCRL{Entries: 200, ThisUpdate: time.Date(2051, 1, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			der, err := CreateLargeCRL(&tc.tm, p.ca, p.caKey, mrand.NewChaCha8([32]byte{3}))
			if err != nil {
				t.Fatal(err)
			}
			c, err := certificate.ParseCRL(der)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.CheckSignatureFrom(p.ca); err != nil {
				t.Fatal(err)
			}
			rl, err := x509.ParseRevocationList(der)
			if err != nil || len(rl.RevokedCertificateEntries) != tc.tm.Entries || c.Len() != tc.tm.Entries {
				t.Fatalf("crypto/x509: %v, %d entries; ParseCRL %d", err, len(rl.RevokedCertificateEntries), c.Len())
			}
			if !c.ThisUpdate.Equal(tc.tm.ThisUpdate) || !c.NextUpdate.Equal(tc.tm.NextUpdate) || (tc.tm.Number == nil) != (c.Number == nil) {
				t.Errorf("fields %v %v %v", c.ThisUpdate, c.NextUpdate, c.Number)
			}
			pad := 0
			for i, x := range rl.RevokedCertificateEntries {
				want := LargeCRLEntry(&tc.tm, i)
				got := c.Entry(i)
				if got.SerialNumber.Cmp(want.SerialNumber) != 0 || x.SerialNumber.Cmp(want.SerialNumber) != 0 ||
					!got.RevocationTime.Equal(want.RevocationTime) || !x.RevocationTime.Equal(want.RevocationTime) ||
					got.Reason != want.Reason || got.HasReason != want.HasReason || x.ReasonCode != int(want.Reason) {
					t.Fatalf("entry %d: %+v, crypto/x509 %v %v %d, want %+v", i, got, x.SerialNumber, x.RevocationTime, x.ReasonCode, want)
				}
				if want.SerialNumber.BitLen() == 128 {
					pad++
				}
			}
			if tc.tm.Entries > 100 && (pad < tc.tm.Entries/4 || pad > 3*tc.tm.Entries/4) {
				t.Errorf("%d of %d serials have the top bit set", pad, tc.tm.Entries)
			}
			for i := tc.tm.Entries; i < tc.tm.Entries+100; i++ {
				if _, ok := c.Lookup(LargeCRLSerial(i)); ok {
					t.Fatalf("serial %d listed", i)
				}
			}
		})
	}
	if _, err := CreateLargeCRL(&LargeCRL{Entries: 1}, p.ca, p.rootKey, mrand.NewChaCha8([32]byte{3})); err == nil {
		t.Error("mismatched key accepted")
	}
	if _, err := CreateLargeCRL(&LargeCRL{Entries: 1}, p.ca, nil, mrand.NewChaCha8([32]byte{3})); !errors.Is(err, certificate.ErrNotGOSTKey) {
		t.Errorf("nil key: %v", err)
	}
}
