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
		At:            at,
		Roots:         certificate.NewPool(root),
		Intermediates: certificate.NewPool(ca),
		CRLs:          []*certificate.CRL{crl, rootCRL},
	})
	fmt.Println("OK:", res.OK(), "links:", len(res.Chain))
	for _, r := range res.Results {
		fmt.Println(r.ID, r.Status)
	}

	// Without the intermediate the chain does not reach the root.
	res = certificate.Verify(user, certificate.VerifyOptions{At: at, Roots: certificate.NewPool(root)})
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

// ExampleLoadTrustedList reads a trusted list (here a synthetic one made by
// certtest.BuildTrustedList) and verifies against its anchors and accredited CAs.
func ExampleLoadTrustedList() {
	rnd := mrand.NewChaCha8([32]byte{8})
	ids := mrand.New(mrand.NewPCG(8, 8))
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), ca, caKey, caKey.Public(), rnd)

	active := certificate.StatusChange{Status: certificate.StatusActive, From: from}
	xml := certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "16326", Date: from, CAs: []certtest.TrustedCASpec{
		{Name: "Минцифры России", OGRN: certificate.MinDigitalOGRN, Status: active,
			Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{root}}}},
		{Name: "Тестовый УЦ", OGRN: ca.Subject.OGRN.Value, Status: active,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-ca.crl"}, Certificates: []*certificate.Certificate{ca}}}},
	}})

	list, err := certificate.ParseTrustedList(xml, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("версия", list.Version, "УЦ:", len(list.CAs), "корневых:", list.Roots.Len(), "промежуточных:", list.Intermediates.Len())
	res := certificate.Verify(user, list.VerifyOptions(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)))
	acc, _ := res.Results.Find("CHAIN-ACCREDITATION")
	fmt.Println(res.OK(), res.TrustedListVersion, acc.Status)
	// Output:
	// версия 16326 УЦ: 2 корневых: 1 промежуточных: 1
	// true 16326 pass
}
