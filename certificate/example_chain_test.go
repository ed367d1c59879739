package certificate_test

import (
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// Example_verifyChain builds a test PKI with the public API, puts the root
// in a trust pool and verifies an end-entity certificate with a CRL.
func Example_verifyChain() {
	rnd := mrand.NewChaCha8([32]byte{7})
	ids := mrand.New(mrand.NewPCG(7, 7))
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	userKey, _ := certtest.GenerateKey("tc26-256-A", rnd)
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), ca, caKey, userKey.Public(), rnd)

	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	crl, _ := certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(1), ThisUpdate: at.AddDate(0, 0, -1), NextUpdate: at.AddDate(0, 0, 6)}, ca, caKey, rnd)
	rootCRL, _ := certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(1), ThisUpdate: at.AddDate(0, 0, -1), NextUpdate: at.AddDate(0, 1, 0)}, root, rootKey, rnd)

	res := certificate.Verify(user, certificate.VerifyOptions{
		Trust: certificate.Trust{Roots: certificate.NewPool(root), Intermediates: certificate.NewPool(ca), CRLs: []*certificate.CRL{crl, rootCRL}},
		At:    at,
	})
	fmt.Println("OK:", res.OK(), "links:", len(res.Chain))
	for _, r := range res.Results {
		fmt.Println(r.ID, r.Status)
	}

	// Without the intermediate the chain does not reach the root.
	res = certificate.Verify(user, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root)}, At: at})
	fmt.Println(res.Err != nil, res.Results[0].ID)
	// Output:
	// OK: true links: 3
	// CHAIN-TRUSTED-ROOT pass
	// CHAIN-SIGNATURE pass
	// CHAIN-VALIDITY pass
	// CHAIN-CA-CONSTRAINTS pass
	// CHAIN-PATH-LENGTH pass
	// CHAIN-KEY-USAGE pass
	// CHAIN-REVOCATION pass
	// CHAIN-ACCREDITATION skip
	// true CHAIN-TRUSTED-ROOT
}
