package certtest_test

import (
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
)

// ExampleCreate issues a self-signed root and, under it, the certificate of
// a natural person (ФЛ), then classifies the person's certificate and
// verifies its chain. The seeded sources make the certificates the same on
// every run.
func ExampleCreate() {
	rnd := mrand.NewChaCha8([32]byte{1}) // keys, serial numbers, nonces
	ids := mrand.New(mrand.NewPCG(1, 1)) // synthetic ИНН, СНИЛС, ОГРН
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	rootKey, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		panic(err)
	}
	root, err := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	if err != nil {
		panic(err)
	}
	userKey, err := certtest.GenerateKey("tc26-256-A", rnd)
	if err != nil {
		panic(err)
	}
	user, err := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), root, rootKey, userKey.Public(), rnd)
	if err != nil {
		panic(err)
	}

	fmt.Println(user.Subject.CommonName, "—", user.Classify(nil).Kind.Russian())
	fmt.Println("issuer:", user.Issuer.CommonName, "key:", user.PublicKey.CurveName())
	res := certificate.Verify(user, certificate.VerifyOptions{
		Trust: certificate.Trust{Roots: certificate.NewPool(root)},
		At:    time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
	})
	fmt.Println("chain OK:", res.OK(), "links:", len(res.Chain))
	// Output:
	// Примеров Пётр Петрович — ФЛ
	// issuer: Тестовый головной УЦ key: tc26-256-A
	// chain OK: true links: 2
}

// ExampleCreateCRL revokes an end-entity certificate in a CRL of its CA;
// chain verification with that CRL then fails with ErrRevoked.
func ExampleCreateCRL() {
	rnd := mrand.NewChaCha8([32]byte{2})
	ids := mrand.New(mrand.NewPCG(2, 2))
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	userKey, _ := certtest.GenerateKey("CryptoPro-XchA", rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), root, rootKey, userKey.Public(), rnd)

	crl, err := certtest.CreateCRL(&certtest.CRLTemplate{
		Number:     big.NewInt(1),
		ThisUpdate: at.AddDate(0, 0, -1),
		NextUpdate: at.AddDate(0, 0, 6),
		Revoked: []certificate.RevokedEntry{{
			SerialNumber: user.SerialNumber, RevocationTime: at.AddDate(0, 0, -2),
			Reason: certificate.ReasonKeyCompromise, HasReason: true,
		}},
	}, root, rootKey, rnd)
	if err != nil {
		panic(err)
	}
	fmt.Println("signed by the root:", crl.CheckSignatureFrom(root) == nil, "entries:", crl.Len())
	if e, ok := crl.Revoked(user.SerialNumber, at); ok {
		fmt.Println("revoked:", e.Reason, "—", e.Reason.Russian())
	}
	res := certificate.Verify(user, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(root), CRLs: []*certificate.CRL{crl}}, At: at})
	fmt.Println("chain:", errors.Is(res.Err, certificate.ErrRevoked))
	// Output:
	// signed by the root: true entries: 1
	// revoked: keyCompromise — компрометация ключа
	// chain: true
}

// ExampleCreateOCSPResponse has a delegated OCSP responder of a CA answer
// that a certificate is good, and verifies the certificate's chain with
// that answer as the revocation data that came with a document.
func ExampleCreateOCSPResponse() {
	rnd := mrand.NewChaCha8([32]byte{3})
	ids := mrand.New(mrand.NewPCG(3, 3))
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	ocspKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	responder, _ := certtest.Create(certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from), root, rootKey, ocspKey.Public(), rnd)
	userKey, _ := certtest.GenerateKey("CryptoPro-XchA", rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, from), root, rootKey, userKey.Public(), rnd)

	der, err := certtest.CreateOCSPResponse(&certtest.OCSPTemplate{
		ProducedAt:   at,
		CertIDHash:   certtest.CertIDStreebog256,
		Certificates: []*certificate.Certificate{responder},
		Responses:    []certtest.OCSPEntry{{Certificate: user, Issuer: root, Status: certificate.OCSPGood, ThisUpdate: at}},
	}, responder, ocspKey, rnd)
	if err != nil {
		panic(err)
	}
	resp, _ := certificate.ParseOCSPResponse(der)
	res := certificate.Verify(user, certificate.VerifyOptions{
		Trust:      certificate.Trust{Roots: certificate.NewPool(root)},
		Revocation: certificate.RevocationData{OCSP: []*certificate.OCSPResponse{resp}},
		At:         at,
	})
	rev, _ := res.Results.Find("CHAIN-REVOCATION")
	fmt.Println(rev.Status, "—", rev.Message)
	// Output:
	// pass — Сертификаты цепочки не отозваны (проверено по ответам служб OCSP)
}

// ExampleBuildTrustedList writes a synthetic Минцифры trusted list naming a
// head CA (its self-signed root is a trust anchor) and an accredited CA,
// signed with an enveloped GOST XMLDSig, and verifies a certificate of that
// CA against the list with its signer pinned.
func ExampleBuildTrustedList() {
	rnd := mrand.NewChaCha8([32]byte{3})
	ids := mrand.New(mrand.NewPCG(3, 3))
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)
	userKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetEntrepreneur, ids, from), ca, caKey, userKey.Public(), rnd)
	signerKey, _ := certtest.GenerateKey("tc26-256-A", rnd)
	signer, _ := certtest.Create(certtest.NewTemplate(certtest.PresetLegalEntityHead, ids, from), root, rootKey, signerKey.Public(), rnd)

	active := trust.StatusChange{Status: trust.Active, From: from}
	xml := certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "100", Date: from, CAs: []certtest.TrustedCASpec{
		{Name: "Минцифры России", OGRN: trust.MinDigitalOGRN, Status: active,
			Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{root}}}},
		{Name: "Тестовый УЦ", ShortName: "ТУЦ", OGRN: ca.Subject.OGRN.Value, Status: active,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-ca.crl"}, Certificates: []*certificate.Certificate{ca}}}},
	}, Signer: signer, SignerKey: signerKey, Rand: rnd})

	list, err := trust.ParseList(xml, &trust.ListOptions{Signers: []*certificate.Certificate{signer}})
	if err != nil {
		panic(err)
	}
	for _, c := range list.CAs {
		fmt.Println(c.Name, c.Status.Status, "head:", c.Head)
	}
	res := certificate.Verify(user, certificate.VerifyOptions{Trust: list.Trust(), At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	acc, _ := res.Results.Find("CHAIN-ACCREDITATION")
	fmt.Println("chain OK:", res.OK(), "list version:", res.Source.Version, "signature:", list.Signature.Status, "accreditation:", acc.Status)
	// Output:
	// Минцифры России Действует head: true
	// Тестовый УЦ Действует head: false
	// chain OK: true list version: 100 signature: verified accreditation: pass
}

// ExampleNewTemplate changes a preset before issuing: a template is a plain
// struct, so a test can drop or break any part of it.
func ExampleNewTemplate() {
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	tm := certtest.NewTemplate(certtest.PresetLegalEntityHead, mrand.New(mrand.NewPCG(4, 4)), from)
	fmt.Println(tm.Subject.Organization, "/", tm.Subject.Title)
	fmt.Println("valid until", tm.NotAfter.Format("2006-01-02"))
	tm.Subject.OGRN = "" // e.g. a ЮЛ certificate without ОГРН for a negative test

	rnd := mrand.NewChaCha8([32]byte{4})
	key, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	c, err := certtest.Create(tm, nil, key, key.Public(), rnd)
	if err != nil {
		panic(err)
	}
	r, _ := certificate.CheckProfile(c, from.AddDate(0, 1, 0), nil).Find("CERT-REQUIRED-ATTRS-UL")
	fmt.Println(r.ID, r.Status)
	// Output:
	// ООО «Тест-Медицина» / Главный врач
	// valid until 2026-04-10
	// CERT-REQUIRED-ATTRS-UL fail
}

// ExampleGenerateKey makes a reproducible 512-bit key and writes it as the
// PKCS#8 that OpenSSL's GOST engine and certificate.ParsePrivateKey read.
func ExampleGenerateKey() {
	key, err := certtest.GenerateKey("tc26-512-A", mrand.NewChaCha8([32]byte{5}))
	if err != nil {
		panic(err)
	}
	fmt.Println(key.CurveName(), key.Bits())
	der, err := certtest.MarshalPrivateKey(key)
	if err != nil {
		panic(err)
	}
	again, err := certificate.ParsePrivateKey(der)
	fmt.Println(err == nil && again.Equal(key))
	// Output:
	// tc26-512-A 512
	// true
}
