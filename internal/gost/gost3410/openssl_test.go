package gost3410

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/internal/oracle"
)

// opensslParamsets maps the GOST engine's genpkey parameter sets to curves.
var opensslParamsets = []struct{ alg, paramset, curve string }{
	{"gost2012_256", "A", "CryptoPro-A"},
	{"gost2012_256", "B", "CryptoPro-B"},
	{"gost2012_256", "C", "CryptoPro-C"},
	{"gost2012_256", "XA", "CryptoPro-XchA"},
	{"gost2012_256", "XB", "CryptoPro-XchB"},
	{"gost2012_256", "TCA", "tc26-256-A"},
	{"gost2012_256", "TCB", "tc26-256-B"},
	{"gost2012_256", "TCC", "tc26-256-C"},
	{"gost2012_256", "TCD", "tc26-256-D"},
	{"gost2012_512", "A", "tc26-512-A"},
	{"gost2012_512", "B", "tc26-512-B"},
	{"gost2012_512", "C", "tc26-512-C"},
}

func pemBlock(t *testing.T, data []byte, typ string) []byte {
	t.Helper()
	blk, _ := pem.Decode(data)
	if blk == nil || blk.Type != typ {
		t.Fatalf("no %s PEM block in %q", typ, data)
	}
	return blk.Bytes
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// opensslVerify asks openssl to verify sig over digest with the public key
// in pubFile. The exit status alone is not trusted: the printed verdict must
// agree with it.
func opensslVerify(t *testing.T, o *oracle.Tool, dir, pubFile string, digest, sig []byte) bool {
	t.Helper()
	sigFile := writeFile(t, dir, "verify.sig", sig)
	out, err := o.Exec(digest, "pkeyutl", "-verify", "-pubin", "-inkey", pubFile, "-sigfile", sigFile)
	okText := bytes.Contains(out, []byte("Signature Verified Successfully"))
	failText := bytes.Contains(out, []byte("Signature Verification Failure"))
	switch {
	case okText && err == nil && !failText:
		return true
	case !okText && err != nil && (failText || strings.Contains(err.Error(), "signature")):
		return false
	}
	t.Fatalf("openssl pkeyutl -verify: inconsistent result: output %q, error %v", out, err)
	return false
}

// TestOpenSSLInterop checks, for every parameter set of the GOST engine, that
// keys and signatures made by OpenSSL are understood here and vice versa.
func TestOpenSSLInterop(t *testing.T) {
	o := oracle.OpenSSL(t)
	for _, ps := range opensslParamsets {
		t.Run(ps.curve, func(t *testing.T) {
			t.Parallel()
			c, err := CurveByName(ps.curve)
			if err != nil {
				t.Fatal(err)
			}
			n := c.PointSize()
			dir := t.TempDir()
			rd := newDetReader("openssl " + ps.curve)
			digest := randBytes(rd, n)
			zeroDigest := make([]byte, n)

			// (a) OpenSSL's key: PKCS#8 and SPKI parse, agree, and re-encode
			// byte for byte; OpenSSL's signatures verify here.
			keyPEM := o.Run(t, nil, "genpkey", "-algorithm", ps.alg, "-pkeyopt", "paramset:"+ps.paramset)
			keyFile := writeFile(t, dir, "openssl.key", keyPEM)
			keyDER := pemBlock(t, keyPEM, "PRIVATE KEY")
			key, err := ParsePKCS8PrivateKey(keyDER)
			if err != nil {
				t.Fatalf("ParsePKCS8PrivateKey: %v", err)
			}
			if key.Curve() != c {
				t.Fatalf("curve %s, want %s", key.Curve().Name, c.Name)
			}
			if der, err := MarshalPKCS8PrivateKey(key); err != nil || !bytes.Equal(der, keyDER) {
				t.Fatalf("MarshalPKCS8PrivateKey differs from OpenSSL's:\n got %x\nwant %x (%v)", der, keyDER, err)
			}
			pubDER := pemBlock(t, o.Run(t, keyPEM, "pkey", "-pubout"), "PUBLIC KEY")
			pub, err := ParsePKIXPublicKey(pubDER)
			if err != nil {
				t.Fatalf("ParsePKIXPublicKey: %v", err)
			}
			if !pub.Equal(key.PublicKey()) {
				t.Fatal("OpenSSL's public key differs from d·P computed here")
			}
			if der, err := MarshalPKIXPublicKey(pub); err != nil || !bytes.Equal(der, pubDER) {
				t.Fatalf("MarshalPKIXPublicKey differs from OpenSSL's:\n got %x\nwant %x (%v)", der, pubDER, err)
			}
			pubFile := writeFile(t, dir, "openssl.pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
			for _, dg := range [][]byte{digest, zeroDigest} {
				sig := o.Run(t, dg, "pkeyutl", "-sign", "-inkey", keyFile)
				if err := pub.VerifyDigest(dg, sig); err != nil {
					t.Fatalf("OpenSSL signature over %x: %v", dg, err)
				}
				if err := pub.Precompute().VerifyDigest(dg, sig); err != nil {
					t.Fatalf("OpenSSL signature over %x, precomputed key: %v", dg, err)
				}
				if err := key.PublicKey().VerifyDigest(dg, sig); err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(dg, digest) {
					// (c) a mutated OpenSSL signature is rejected by both.
					bad := bytes.Clone(sig)
					bad[n+3] ^= 0x40
					if pub.VerifyDigest(dg, bad) == nil || pub.Precompute().VerifyDigest(dg, bad) == nil {
						t.Fatal("mutated OpenSSL signature verifies here")
					}
					if opensslVerify(t, o, dir, pubFile, dg, bad) {
						t.Fatal("mutated signature verifies in OpenSSL")
					}
				}
			}

			// (b) our key: OpenSSL derives the same public key from our
			// PKCS#8, verifies our signatures and signs with our key.
			ours, err := GenerateKey(c, rd)
			if err != nil {
				t.Fatal(err)
			}
			ourKeyDER, err := MarshalPKCS8PrivateKey(ours)
			if err != nil {
				t.Fatal(err)
			}
			ourKeyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ourKeyDER})
			ourKeyFile := writeFile(t, dir, "ours.key", ourKeyPEM)
			ourPubDER, err := MarshalPKIXPublicKey(ours.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			derived := pemBlock(t, o.Run(t, ourKeyPEM, "pkey", "-pubout"), "PUBLIC KEY")
			if !bytes.Equal(derived, ourPubDER) {
				t.Fatalf("OpenSSL derives another public key from our private key:\n got %x\nwant %x", derived, ourPubDER)
			}
			ourPubFile := writeFile(t, dir, "ours.pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ourPubDER}))
			for _, dg := range [][]byte{digest, zeroDigest} {
				sig, err := ours.Sign(rd, dg, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !opensslVerify(t, o, dir, ourPubFile, dg, sig) {
					t.Fatalf("OpenSSL rejects our signature over %x", dg)
				}
				if bytes.Equal(dg, digest) {
					bad := bytes.Clone(sig)
					bad[1] ^= 0x02
					if opensslVerify(t, o, dir, ourPubFile, dg, bad) {
						t.Fatal("OpenSSL accepts our mutated signature")
					}
					if ours.PublicKey().VerifyDigest(dg, bad) == nil {
						t.Fatal("mutated signature verifies here")
					}
				}
			}
			sig := o.Run(t, digest, "pkeyutl", "-sign", "-inkey", ourKeyFile)
			if err := ours.PublicKey().VerifyDigest(digest, sig); err != nil {
				t.Fatalf("OpenSSL signature with our key: %v", err)
			}
		})
	}
}
