package signature_test

import (
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/signature"
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
