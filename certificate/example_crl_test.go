package certificate_test

import (
	"bytes"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// ExampleCRL_Lookup reads a CRL with ReadCRL, looks serial numbers up in
// it and lists its entries.
func ExampleCRL_Lookup() {
	rnd := mrand.NewChaCha8([32]byte{3})
	ids := mrand.New(mrand.NewPCG(3, 3))
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, at.AddDate(-1, 0, 0)), nil, caKey, caKey.Public(), rnd)
	made, _ := certtest.CreateCRL(&certtest.CRLTemplate{ThisUpdate: at, NextUpdate: at.AddDate(0, 0, 7), Revoked: []certificate.RevokedEntry{
		{SerialNumber: big.NewInt(0x1234), RevocationTime: at.AddDate(0, 0, -3), Reason: certificate.ReasonKeyCompromise, HasReason: true},
		{SerialNumber: big.NewInt(0xABCD), RevocationTime: at.AddDate(0, 0, -1)},
	}}, ca, caKey, rnd)

	// A file or a download: ReadCRL parses DER in the buffer it reads into.
	crl, err := certificate.ReadCRL(bytes.NewReader(made.Raw))
	if err != nil {
		panic(err)
	}
	fmt.Println("entries:", crl.Len())
	if e, ok := crl.Lookup(big.NewInt(0x1234)); ok {
		fmt.Println("1234 revoked", e.RevocationTime.Format(time.DateOnly), e.Reason.Russian())
	}
	_, listed := crl.Lookup(big.NewInt(0x9999))
	fmt.Println("9999 listed:", listed)
	for e := range crl.All() {
		fmt.Printf("%X %s reason given: %v\n", e.SerialNumber, e.RevocationTime.Format(time.DateOnly), e.HasReason)
	}
	// Output:
	// entries: 2
	// 1234 revoked 2025-05-29 компрометация ключа
	// 9999 listed: false
	// 1234 2025-05-29 reason given: true
	// ABCD 2025-05-31 reason given: false
}
