package certificate_test

import (
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
)

// examplePKI builds a small synthetic PKI: a root, a CA and a certificate of
// an individual entrepreneur, returned as PEM like a user upload.
func examplePKI() (pemData []byte, ca *certificate.Certificate) {
	rnd := mrand.NewChaCha8([32]byte{42})
	ids := mrand.New(mrand.NewPCG(42, 42))
	rootKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	caKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	userKey, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	root, _ := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, from), nil, rootKey, rootKey.Public(), rnd)
	ca, _ = certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, from), root, rootKey, caKey.Public(), rnd)
	user, _ := certtest.Create(certtest.NewTemplate(certtest.PresetEntrepreneur, ids, from), ca, caKey, userKey.Public(), rnd)
	return []byte("-----BEGIN CERTIFICATE-----\n" + wrap(user.Raw) + "-----END CERTIFICATE-----\n"), ca
}

func Example_parseAndClassify() {
	upload, _ := examplePKI()
	cert, err := certificate.ParseOne(upload)
	if err != nil {
		fmt.Println(err)
		return
	}
	cl := cert.Classify(nil)
	fmt.Println(cl.Kind.Russian(), "—", cl.Reason)
	fmt.Println(cert.Subject.Surname, cert.Subject.FirstName(), cert.Subject.Patronymic())
	fmt.Println("ОГРНИП:", cert.Subject.OGRNIP.Value, cert.Subject.OGRNIP.Valid(), "СНИЛС верен:", cert.Subject.SNILS.Valid())
	fmt.Println("ключ:", cert.PublicKey.AlgorithmName(), cert.PublicKey.CurveName())
	// Output:
	// ИП — в сертификате указан ОГРНИП
	// Пробная Анна Сергеевна
	// ОГРНИП: 303853166717556 true СНИЛС верен: true
	// ключ: GOST R 34.10-2012 256-bit CryptoPro-A
}

func ExampleCheckProfile() {
	upload, ca := examplePKI()
	cert, _ := certificate.ParseOne(upload)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

	// With the default options the synthetic CA is not the УЦ ФНС, so the
	// entrepreneur certificate fails CERT-IP-ISSUER.
	for _, r := range certificate.CheckProfile(cert, at, nil) {
		if r.Status == check.Fail || r.Status == check.Warn {
			fmt.Println(r.ID, r.Status)
		}
	}
	// Accepting the test CA as a head issuer makes the profile pass.
	opts := &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "Тестовый УЦ", OGRN: ca.Subject.OGRN.Value}}}
	fmt.Println(certificate.CheckProfile(cert, at, opts).Worst())
	// Output:
	// CERT-IP-ISSUER fail
	// pass
}

func ExampleAppendProfile() {
	upload, ca := examplePKI()
	cert, _ := certificate.ParseOne(upload)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	opts := &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "Тестовый УЦ", OGRN: ca.Subject.OGRN.Value}}}

	// Gather the results of several checks in one slice: the profile's are
	// appended after what is there.
	rs := check.Results{{ID: "MY-UPLOAD", Status: check.Pass}}
	rs = certificate.AppendProfile(rs, cert, at, opts)
	fmt.Println(rs[0].ID, len(rs) == 1+len(certificate.CheckProfile(cert, at, opts)), rs.Worst())
	// Output:
	// MY-UPLOAD true pass
}

func wrap(der []byte) string {
	s := base64Std(der)
	out := ""
	for len(s) > 64 {
		out += s[:64] + "\n"
		s = s[64:]
	}
	return out + s + "\n"
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// A CA's key prepared once verifies every certificate the CA issued faster;
// a prepared Trust does this for the CAs of its pools by itself.
func ExampleGOSTPublicKey_Precompute() {
	upload, ca := examplePKI()
	cert, _ := certificate.ParseOne(upload)
	key, err := ca.GOSTKey()
	if err != nil {
		fmt.Println(err)
		return
	}
	fast := key.Precompute() // once per CA key; safe for concurrent use
	fmt.Println("plain:", cert.CheckSignature(key) == nil)
	fmt.Println("precomputed:", cert.CheckSignature(fast) == nil)
	fmt.Println("same key:", fast.Equal(key))
	// Output:
	// plain: true
	// precomputed: true
	// same key: true
}
