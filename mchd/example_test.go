package mchd_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
	"github.com/egisz-lk/registrar/signature"
)

func Example() {
	// Build a synthetic МЧД (synthetic identities from a seeded source),
	// then parse and validate it as an uploaded file would be.
	r := rand.New(rand.NewPCG(1, 2))
	spec := mchdtest.Synthetic(r, mchd.ShapeHead, mchd.MustDate("2025-01-01"), mchd.MustDate("2026-01-01"))
	data, err := mchdtest.Build(spec)
	if err != nil {
		panic(err)
	}
	doc, err := mchd.Parse(data, mchd.ParseOptions{})
	if err != nil {
		panic(err)
	}
	results := mchd.Validate(doc, mchd.ValidateOptions{
		At:              time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("MSK", 3*60*60)),
		DocumentOptions: mchd.DocumentOptions{FileName: doc.FileID + ".xml"},
	})
	fmt.Println("principal:", doc.Principal().RussianOrg.Org.Name)
	fmt.Println("head:", doc.Head().Details.Name)
	fmt.Println("representative:", doc.Representatives()[0].Person.Details.Name)
	m, _ := doc.FindPower(mchd.DefaultPowerCode)
	fmt.Println("power found in:", m.Field)
	fmt.Println("failed:", results.Failed(), "warnings:", results.Count(check.Warn))
	// Output:
	// principal: ГБУЗ "ТЕСТОВАЯ БОЛЬНИЦА" (СИНТЕТИКА)
	// head: ИВАНОВ ИВАН ИВАНОВИЧ
	// representative: ПЕТРОВА АННА СЕРГЕЕВНА
	// power found in: КодПолн
	// failed: false warnings: 0
}

func ExampleParse_legacy() {
	_, err := mchd.Parse([]byte(`<?xml version="1.0" encoding="UTF-8"?><Доверенность ВерсФорм="002"/>`), mchd.ParseOptions{})
	var pe *mchd.ParseError
	if errorsAs(err, &pe) {
		fmt.Println(pe.MessageRU())
	}
	// Output:
	// МЧД в формате 002 (или 001) не поддерживается для регистрации в ЛК ЕГИСЗ; оформите доверенность в едином формате 003 (EMCHD_1)
}

func errorsAs(err error, target **mchd.ParseError) bool {
	pe, ok := err.(*mchd.ParseError)
	if ok {
		*target = pe
	}
	return ok
}

func ExampleVerifySigned() {
	// A synthetic test PKI: root → CA → the head's ЮЛ certificate whose
	// identifiers match the МЧД (synthetic data from seeded sources).
	rnd := rand.NewChaCha8([32]byte{42})
	ids := rand.New(rand.NewPCG(5, 5))
	from := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	ca, _ := certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)

	spec := mchdtest.Synthetic(ids, mchd.ShapeHead, mchd.MustDate("2025-01-01"), mchd.MustDate("2026-01-01"))
	xml, _ := mchdtest.Build(spec)

	tpl := certtest.NewTemplate(certtest.PresetLegalEntityHead, ids, from)
	tpl.Subject.Surname, tpl.Subject.GivenNames = "Иванов", "Иван Иванович"
	tpl.Subject.SNILS = strings.NewReplacer("-", "", " ", "").Replace(spec.Head.SNILS)
	tpl.Subject.INN, tpl.Subject.INNLE, tpl.Subject.OGRN = spec.Head.INN, spec.Organisation.INN, spec.Organisation.OGRN
	headKey, _ := certtest.GenerateKey("CryptoPro-XchA", rnd)
	head, _ := certtest.Create(tpl, ca, caKey, headKey.Public(), rnd)

	// The head signs the exact bytes of the file (detached CAdES-BES).
	now := time.Date(2025, 6, 2, 10, 0, 0, 0, time.FixedZone("MSK", 3*60*60))
	sig, _ := signature.Sign(xml, head, headKey, signature.SignOptions{Time: now.Add(-time.Hour), Rand: rnd})

	report := mchd.VerifySigned(xml, sig, mchd.VerifySignedOptions{
		At: now,
		// Real chain validation: the test root is the only trust anchor.
		ValidateCertificate: signature.ChainValidator(certificate.Trust{
			Roots: certificate.NewPool(root), Intermediates: certificate.NewPool(ca)}),
		// Accept the test CA as an issuer of head certificates.
		Certificate: &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "тестовый УЦ", OGRN: ca.Subject.OGRN.Value}}},
	})
	fmt.Println("verdict:", report.Verdict)
	signer := check.Scope{Document: check.DocMCHDSignature, Signer: 1}
	for _, c := range []struct {
		id    string
		scope check.Scope
	}{
		{"MCHD-SCHEMA", check.Scope{Document: check.DocMCHD}}, {"SIG-VALUE", signer}, {"CHAIN-TRUSTED-ROOT", signer},
		{"MCHD-SIGNER-KIND", signer}, {"MCHD-SIGNER-ORG", signer}, {"MCHD-SIGNER-PERSON", signer},
	} {
		r, _ := report.Checks.Lookup(c.id, c.scope)
		fmt.Printf("%s@%s: %s\n", c.id, c.scope, r.Status)
	}

	// The same signature does not cover an edited copy of the file.
	edited := []byte(strings.Replace(string(xml), "ГЛАВНЫЙ ВРАЧ", "ДИРЕКТОР", 1))
	report = mchd.VerifySigned(edited, sig, mchd.VerifySignedOptions{At: now})
	r, _ := report.Checks.Lookup("SIG-MESSAGE-DIGEST", signer)
	fmt.Println("edited copy:", report.Verdict, r.Status)
	// Output:
	// verdict: indeterminate
	// MCHD-SCHEMA@mchd: pass
	// SIG-VALUE@mchd-signature/signer 1: pass
	// CHAIN-TRUSTED-ROOT@mchd-signature/signer 1: pass
	// MCHD-SIGNER-KIND@mchd-signature/signer 1: pass
	// MCHD-SIGNER-ORG@mchd-signature/signer 1: pass
	// MCHD-SIGNER-PERSON@mchd-signature/signer 1: pass
	// edited copy: fail fail
}
