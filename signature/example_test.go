package signature_test

import (
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// exampleSigner makes a self-signed test certificate and its key.
func exampleSigner() (*certificate.Certificate, *certificate.GOSTPrivateKey) {
	rnd := mrand.NewChaCha8([32]byte{42})
	key, _ := certtest.GenerateKey("CryptoPro-XchA", rnd)
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := certtest.NewTemplate(certtest.PresetPerson, mrand.New(mrand.NewPCG(1, 2)), from)
	cert, err := certtest.Create(tmpl, nil, key, key.Public(), rnd)
	if err != nil {
		panic(err)
	}
	return cert, key
}

// Sign a file with a detached CAdES-BES signature and verify it.
func Example() {
	cert, key := exampleSigner()
	file := []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?><doc>СЭМД</doc>")
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

	sig, err := signature.Sign(file, cert, key, signature.SignOptions{Time: at, Rand: mrand.NewChaCha8([32]byte{1})})
	if err != nil {
		panic(err)
	}
	sd, err := signature.Parse(sig)
	if err != nil {
		panic(err)
	}
	res := sd.Verify(file, signature.VerifyOptions{
		UseSigningTime: true,
		// Chain validation is delegated to package certificate; here the
		// self-signed certificate is the trust anchor.
		ValidateCertificate: signature.ChainValidator(certificate.Trust{Roots: certificate.NewPool(cert)}),
	})
	fmt.Println("verdict:", res.Verdict)
	for _, c := range res.Signers[0].Checks {
		fmt.Println(c.ID, c.Status)
	}
	// Output:
	// verdict: pass
	// SIG-STRUCTURE pass
	// SIG-SIGNER-CERT pass
	// SIG-ALGORITHMS pass
	// SIG-CONTENT-TYPE pass
	// SIG-MESSAGE-DIGEST pass
	// SIG-BROWSER-ENCODING skip
	// SIG-VALUE pass
	// SIG-ATTRS-DER-ORDER pass
	// SIG-SIGNING-CERTIFICATE pass
	// SIG-SIGNING-TIME pass
	// SIG-CADES-BES pass
	// SIG-CERT-VALIDITY pass
	// SIG-CERT-CHAIN skip
	// SIG-UNSIGNED-ATTRS skip
	// SIG-VALIDATION-DATA skip
	// CHAIN-TRUSTED-ROOT pass
	// CHAIN-SIGNATURE skip
	// CHAIN-VALIDITY pass
	// CHAIN-CA-CONSTRAINTS skip
	// CHAIN-PATH-LENGTH skip
	// CHAIN-KEY-USAGE skip
	// CHAIN-REVOCATION skip
	// CHAIN-ACCREDITATION skip
}

// A file signed in the browser with the CryptoPro plug-in's default
// CADESCOM_STRING_TO_UCS2LE encoding: the signature covers the UTF-16LE
// text, not the uploaded bytes, and Verify says so.
func ExampleBrowserEncodingMismatch() {
	cert, key := exampleSigner()
	file := []byte("<doc>Выписка</doc>")
	// What the plug-in hashed: the JavaScript string as UTF-16LE.
	var ucs2 []byte
	for _, r := range string(file) {
		ucs2 = append(ucs2, byte(r), byte(r>>8))
	}
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	sig, _ := signature.Sign(ucs2, cert, key, signature.SignOptions{Time: at})
	sd, _ := signature.Parse(sig)
	res := sd.Verify(file, signature.VerifyOptions{UseSigningTime: true})
	c, _ := res.Signers[0].Checks.Find("SIG-BROWSER-ENCODING")
	fmt.Println(res.Verdict, c.ID, c.Status)
	// Output: fail SIG-BROWSER-ENCODING fail
}

// Read an RFC 3161 timestamp token (or a TimeStampResp) and check it
// against the bytes it must cover. The token here comes from the test TSA
// of package sigtest; a real one comes from a TSA or from the
// signatureTimeStampToken attribute of a CAdES-T signature.
func ExampleParseTimestamp() {
	rnd := mrand.NewChaCha8([32]byte{3})
	key, _ := certtest.GenerateKey("CryptoPro-A", rnd)
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tsaCert, err := certtest.Create(certtest.NewTemplate(certtest.PresetTSA, mrand.New(mrand.NewPCG(5, 6)), from), nil, key, key.Public(), rnd)
	if err != nil {
		panic(err)
	}
	tsa, _ := sigtest.NewTSA(tsaCert, key)
	tsa.Rand = rnd
	data := []byte("the value of a signature")
	token, _ := tsa.Stamp(data, time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC), sigtest.Streebog256)

	ts, err := signature.ParseTimestamp(token)
	if err != nil {
		panic(err)
	}
	fmt.Println("genTime:", ts.Info.GenTime)
	fmt.Println("imprint algorithm:", ts.Info.MessageImprint.HashAlgorithm.OID)
	opts := signature.VerifyOptions{
		At:                  time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		ValidateCertificate: signature.ChainValidator(certificate.Trust{Roots: certificate.NewPool(tsaCert)}),
	}
	res := ts.Verify(data, opts)
	c, _ := res.Checks.Find("SIG-TIMESTAMP")
	fmt.Println(c.ID, c.Status, "verified:", res.Verified)
	c, _ = ts.Verify([]byte("other bytes"), opts).Checks.Find("SIG-TIMESTAMP")
	fmt.Println(c.ID, c.Status, c.Outcome)
	// Output:
	// genTime: 2025-06-01 09:30:00 +0000 UTC
	// imprint algorithm: 1.2.643.7.1.1.2.2
	// SIG-TIMESTAMP pass verified: true
	// SIG-TIMESTAMP fail imprint-mismatch
}
