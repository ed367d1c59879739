package gost3410_test

import (
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// Verify the self-signature of the RFC 9215 example certificate: the
// certificate's key verifies Streebog-256 of the TBSCertificate against the
// signatureValue (s‖r).
func Example_verifyCertificate() {
	der, err := os.ReadFile("testdata/rfc9215_256_tc26A_cert.der")
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pub, err := gost3410.ParsePKIXPublicKey(cert.RawSubjectPublicKeyInfo)
	if err != nil {
		panic(err)
	}
	digest := streebog.Sum256(cert.RawTBSCertificate)
	fmt.Println(pub.Curve().Name, pub.VerifyDigest(digest[:], cert.Signature))
	// Output: tc26-256-A <nil>
}

// Generate a key for a test PKI from a deterministic source, sign a digest
// and export the keys in the formats OpenSSL's GOST engine reads.
func ExampleGenerateKey() {
	c, err := gost3410.CurveByName("CryptoPro-A")
	if err != nil {
		panic(err)
	}
	key, err := gost3410.GenerateKey(c, nil) // nil: crypto/rand
	if err != nil {
		panic(err)
	}
	digest := streebog.Sum256([]byte("message"))
	sig, err := key.Sign(nil, digest[:], nil)
	if err != nil {
		panic(err)
	}
	pkcs8, _ := gost3410.MarshalPKCS8PrivateKey(key)
	spki, _ := gost3410.MarshalPKIXPublicKey(key.PublicKey())
	fmt.Println(len(sig), len(pkcs8), len(spki), key.PublicKey().VerifyDigest(digest[:], sig))
	// Output: 64 72 104 <nil>
}

// The standard's worked example A.1: the public key from its published
// coordinates, and the published signature over the integer e (given as a
// number; the digest bytes are its little-endian encoding).
func ExampleNewPublicKey() {
	c, _ := gost3410.CurveByName("GostR3410-2001-TestParamSet")
	le := func(s string) []byte {
		b, _ := hex.DecodeString(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return b
	}
	raw := append(le("7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B"),
		le("26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA")...)
	pub, err := gost3410.NewPublicKey(c, raw)
	if err != nil {
		panic(err)
	}
	digest := le("2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5")
	sig, _ := hex.DecodeString("01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40" +
		"41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493")
	fmt.Println(pub.VerifyDigest(digest, sig))
	digest[0] ^= 1
	fmt.Println(pub.VerifyDigest(digest, sig))
	// Output:
	// <nil>
	// gost3410: verification failed
}

func ExampleCurves() {
	for _, c := range gost3410.Curves() {
		fmt.Println(c.Name, c.OID, c.PointSize())
	}
	// Output:
	// GostR3410-2001-TestParamSet 1.2.643.2.2.35.0 32
	// CryptoPro-A 1.2.643.2.2.35.1 32
	// CryptoPro-B 1.2.643.2.2.35.2 32
	// CryptoPro-C 1.2.643.2.2.35.3 32
	// CryptoPro-XchA 1.2.643.2.2.36.0 32
	// CryptoPro-XchB 1.2.643.2.2.36.1 32
	// tc26-256-A 1.2.643.7.1.2.1.1.1 32
	// tc26-256-B 1.2.643.7.1.2.1.1.2 32
	// tc26-256-C 1.2.643.7.1.2.1.1.3 32
	// tc26-256-D 1.2.643.7.1.2.1.1.4 32
	// tc26-512-Test 1.2.643.7.1.2.1.2.0 64
	// tc26-512-A 1.2.643.7.1.2.1.2.1 64
	// tc26-512-B 1.2.643.7.1.2.1.2.2 64
	// tc26-512-C 1.2.643.7.1.2.1.2.3 64
}

func ExamplePrivateKey_Sign() {
	c, _ := gost3410.CurveByName("tc26-256-A")
	key, err := gost3410.GenerateKey(c, nil)
	if err != nil {
		panic(err)
	}
	digest := streebog.Sum256([]byte("message")) // raw Streebog-256 bytes
	sig, err := key.Sign(nil, digest[:], nil)    // s‖r
	if err != nil {
		panic(err)
	}
	fmt.Println(len(sig), key.PublicKey().VerifyDigest(digest[:], sig))
	// Output: 64 <nil>
}
