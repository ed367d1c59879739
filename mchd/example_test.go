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
		At:       time.Date(2025, 6, 1, 9, 0, 0, 0, mchd.Moscow),
		FileName: doc.FileID + ".xml",
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
		fmt.Println(pe.MessageRU)
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
	now := time.Date(2025, 6, 2, 10, 0, 0, 0, mchd.Moscow)
	sig, _ := signature.Sign(xml, head, headKey, signature.SignOptions{Time: now.Add(-time.Hour), Rand: rnd})

	report := mchd.VerifySigned(xml, sig, mchd.VerifySignedOptions{
		Now: func() time.Time { return now },
		Signature: signature.VerifyOptions{
			// Plug real chain validation in here (trust anchors, CRLs).
			ValidateCertificate: func(c *certificate.Certificate, at time.Time, _ []*certificate.Certificate) check.Results {
				chain, _ := check.NewRegistry(signature.Rules()...).Lookup("SIG-CERT-CHAIN")
				if c.CheckSignatureFrom(ca) != nil {
					return check.Results{chain.Violated("unknown CA", "сертификат выдан неизвестным УЦ")}
				}
				return check.Results{chain.Passed("test CA")}
			},
		},
		// Accept the test CA as an issuer of head certificates.
		Certificate: &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "тестовый УЦ", OGRN: ca.Subject.OGRN.Value}}},
	})
	fmt.Println("verdict:", report.Verdict)
	for _, id := range []string{"MCHD-SCHEMA", "SIGNER1-SIG-VALUE", "MCHD-SIGNER-KIND", "MCHD-SIGNER-ORG", "MCHD-SIGNER-PERSON"} {
		r, _ := report.All().Find(id)
		fmt.Printf("%s: %s\n", id, r.Status)
	}

	// The same signature does not cover an edited copy of the file.
	edited := []byte(strings.Replace(string(xml), "ГЛАВНЫЙ ВРАЧ", "ДИРЕКТОР", 1))
	report = mchd.VerifySigned(edited, sig, mchd.VerifySignedOptions{Now: func() time.Time { return now }})
	r, _ := report.All().Find("SIGNER1-SIG-MESSAGE-DIGEST")
	fmt.Println("edited copy:", report.Verdict, r.Status)
	// Output:
	// verdict: pass
	// MCHD-SCHEMA: pass
	// SIGNER1-SIG-VALUE: pass
	// MCHD-SIGNER-KIND: pass
	// MCHD-SIGNER-ORG: pass
	// MCHD-SIGNER-PERSON: pass
	// edited copy: fail fail
}
