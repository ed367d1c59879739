package trust_test

import (
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
)

// ExampleParseList reads a signed trusted list (here a synthetic one made by
// certtest.BuildTrustedList), verifies its XMLDSig against the pinned
// signer, and verifies a certificate against its anchors and accredited CAs.
func ExampleParseList() {
	rnd := mrand.NewChaCha8([32]byte{8})
	ids := mrand.New(mrand.NewPCG(8, 8))
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	signerKey, _ := certtest.GenerateKey("tc26-256-A", rnd)
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), ca, caKey, caKey.Public(), rnd)
	// The certificate the list is signed with, pinned by the caller.
	signer, _ := certtest.Create(certtest.NewTemplate(certtest.PresetLegalEntityHead, ids, from), root, rootKey, signerKey.Public(), rnd)

	active := trust.StatusChange{Status: trust.Active, From: from}
	xml := certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "16326", Date: from, CAs: []certtest.TrustedCASpec{
		{Name: "Минцифры России", OGRN: trust.MinDigitalOGRN, Status: active,
			Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{root}}}},
		{Name: "Тестовый УЦ", OGRN: ca.Subject.OGRN.Value, Status: active,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-ca.crl"}, Certificates: []*certificate.Certificate{ca}}}},
	}, Signer: signer, SignerKey: signerKey, Rand: rnd})

	list, err := trust.ParseList(xml, &trust.ListOptions{Signers: []*certificate.Certificate{signer}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("версия", list.Version, "УЦ:", len(list.CAs), "корневых:", list.Roots.Len(), "промежуточных:", list.Intermediates.Len())
	fmt.Println(list.Signature.Status, list.CheckSignature().Status)
	res := certificate.Verify(user, certificate.VerifyOptions{Trust: list.Trust(), At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	acc, _ := res.Results.Find("CHAIN-ACCREDITATION")
	fmt.Println(res.OK(), res.Source.Version, acc.Status)

	// Without the pin the same list is not trusted blindly.
	list, _ = trust.ParseList(xml, nil)
	res = certificate.Verify(user, certificate.VerifyOptions{Trust: list.Trust(), At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	acc, _ = res.Results.Find("CHAIN-ACCREDITATION")
	fmt.Println(list.Signature.Status, acc.Status, acc.SubIndication)
	// Output:
	// версия 16326 УЦ: 2 корневых: 1 промежуточных: 1
	// verified pass
	// true 16326 pass
	// signer-not-pinned indeterminate SIGNATURE_NOT_VERIFIED
}

// ExampleIsEuropeanList tells an ETSI TS 119 612 trusted list from the
// Минцифры list; ParseList refuses it with a message saying what it is.
func ExampleIsEuropeanList() {
	eu := []byte(`<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"><SchemeInformation/></TrustServiceStatusList>`)
	fmt.Println(trust.IsEuropeanList(eu), trust.IsList(eu))
	_, err := trust.ParseList(eu, nil)
	var e *trust.EuropeanListError
	if errors.As(err, &e) {
		msg, _, _ := strings.Cut(e.MessageRU(), " (")
		fmt.Println(msg)
	}
	// Output:
	// true false
	// Файл — доверенный список в европейском формате ETSI TS 119 612
}
