package gost3410

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

var (
	oidSignWithDigest256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidSignWithDigest512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}
)

// signedTBS holds what is common to certificates, CRLs and CSRs.
type signedTBS struct {
	TBS       asn1.RawValue
	Algorithm pkix.AlgorithmIdentifier
	Signature asn1.BitString
}

// streebogOf hashes msg with Streebog of the size the signature algorithm
// names.
func streebogOf(t testing.TB, alg asn1.ObjectIdentifier, msg []byte) []byte {
	t.Helper()
	switch {
	case alg.Equal(oidSignWithDigest256):
		h := streebog.Sum256(msg)
		return h[:]
	case alg.Equal(oidSignWithDigest512):
		h := streebog.Sum512(msg)
		return h[:]
	}
	t.Fatalf("unexpected signature algorithm %v", alg)
	return nil
}

// checkSigned verifies a certificate, CRL or CSR signature with pub, using
// the TBS bytes and signature value that crypto/x509 extracted, and checks
// that corrupting the signature makes verification fail.
func checkSigned(t *testing.T, der, tbs, sig []byte, pub *PublicKey) {
	t.Helper()
	var st signedTBS
	if _, err := asn1.Unmarshal(der, &st); err != nil {
		t.Fatal(err)
	}
	digest := streebogOf(t, st.Algorithm.Algorithm, tbs)
	if err := pub.VerifyDigest(digest, sig); err != nil {
		t.Fatalf("signature does not verify: %v", err)
	}
	bad := append([]byte(nil), sig...)
	bad[len(bad)/2] ^= 1
	if err := pub.VerifyDigest(digest, bad); !errors.Is(err, ErrVerification) {
		t.Fatalf("corrupted signature: %v", err)
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Official X.509 vectors with their published private keys.
var vectorCerts = []struct {
	prefix string // file name prefix in testdata
	curve  string
	d      string // private key, hex
	crlCSR bool   // a CRL and a CSR come with the certificate
}{
	{"rfc9215_256_testparamset", "GostR3410-2001-TestParamSet", "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28", true},
	{"rfc9215_256_tc26A", "tc26-256-A", "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28", true},
	{"rfc9215_512_testparamset", "tc26-512-Test", "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4", true},
	{"tk26iok_256_xchA", "CryptoPro-XchA", "BFCF1D623E5CDD3032A7C6EABB4A923C46E43D640FFEAAF2C3ED39A8FA399924", false},
	{"tk26iok_512_paramsetB", "tc26-512-B", "3FC01CDCD4EC5F972EB482774C41E66DB7F380528DFE9E67992BA05AEE462435757530E641077CE587B976C8EEB48C48FD33FD175F0C7DE6A44E014E6BCB074B", false},
}

func TestVectorCertificates(t *testing.T) {
	t.Parallel()
	for _, tc := range vectorCerts {
		t.Run(tc.prefix, func(t *testing.T) {
			t.Parallel()
			der := readTestdata(t, tc.prefix+"_cert.der")
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParsePKIXPublicKey(cert.RawSubjectPublicKeyInfo)
			if err != nil {
				t.Fatal(err)
			}
			if pub.Curve().Name != tc.curve {
				t.Fatalf("curve %s, want %s", pub.Curve().Name, tc.curve)
			}
			// The encoder reproduces the published SubjectPublicKeyInfo exactly.
			spki, err := MarshalPKIXPublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			if string(spki) != string(cert.RawSubjectPublicKeyInfo) {
				t.Fatalf("MarshalPKIXPublicKey differs from the certificate:\n got %x\nwant %x", spki, cert.RawSubjectPublicKeyInfo)
			}
			// RFC 9215 reuses the 256-bit d on tc26-256-A, where it exceeds q;
			// the key is d mod q.
			d := new(big.Int).Mod(mustBig(t, tc.d), pub.Curve().Params().Q)
			key, err := NewPrivateKey(pub.Curve(), d.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if !key.PublicKey().Equal(pub) {
				t.Fatal("d·P differs from the certificate's public key")
			}
			checkSigned(t, der, cert.RawTBSCertificate, cert.Signature, pub)
			if !tc.crlCSR {
				return
			}
			crlDER := readTestdata(t, tc.prefix+"_crl.der")
			crl, err := x509.ParseRevocationList(crlDER)
			if err != nil {
				t.Fatal(err)
			}
			checkSigned(t, crlDER, crl.RawTBSRevocationList, crl.Signature, pub)
			csrDER := readTestdata(t, tc.prefix+"_csr.der")
			csr, err := x509.ParseCertificateRequest(csrDER)
			if err != nil {
				t.Fatal(err)
			}
			csrPub, err := ParsePKIXPublicKey(csr.RawSubjectPublicKeyInfo)
			if err != nil {
				t.Fatal(err)
			}
			if !csrPub.Equal(pub) {
				t.Fatal("CSR key differs from the certificate key")
			}
			checkSigned(t, csrDER, csr.RawTBSCertificateRequest, csr.Signature, csrPub)
		})
	}
}

// TestTC26CMSCertificates checks the TC26 CMS example certificates: the
// 256-bit root signs itself and the 256- and 512-bit end-entity certificates.
func TestTC26CMSCertificates(t *testing.T) {
	t.Parallel()
	rootDER := readTestdata(t, "tc26cms_root256_cert.der")
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		t.Fatal(err)
	}
	rootPub, err := ParsePKIXPublicKey(root.RawSubjectPublicKeyInfo)
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, rootDER, root.RawTBSCertificate, root.Signature, rootPub)
	for _, name := range []string{"sender256", "sender512", "recipient256", "recipient512"} {
		t.Run(name, func(t *testing.T) {
			der := readTestdata(t, "tc26cms_"+name+"_cert.der")
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParsePKIXPublicKey(cert.RawSubjectPublicKeyInfo)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: key on %s", name, pub.Curve().Name)
			checkSigned(t, der, cert.RawTBSCertificate, cert.Signature, rootPub)
		})
	}
}

// realCADir holds public Минцифры/ФНС CA certificates in the research notes
// beside the repository; the test is skipped where they are absent.
const realCADir = "../../../../shared/reference/data/certs"

// TestRealCACertificates verifies the self-signatures of the Минцифры root
// certificates and the signatures of certificates issued by them (CryptoPro-A
// keys in production), when the research notes are available.
func TestRealCACertificates(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(realCADir, "*.pem"))
	if len(files) == 0 {
		t.Skip("research notes with real CA certificates not found beside the repository")
	}
	var certs []*x509.Certificate
	var ders [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		blk, _ := pemDecode(b)
		cert, err := x509.ParseCertificate(blk)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		certs = append(certs, cert)
		ders = append(ders, blk)
	}
	verified := 0
	for i, cert := range certs {
		// Several roots share a subject DN: accept the certificate when one of
		// the candidate issuers verifies it, and require that one does.
		var candidates []int
		for j, issuer := range certs {
			if string(cert.RawIssuer) == string(issuer.RawSubject) {
				candidates = append(candidates, j)
			}
		}
		if len(candidates) == 0 {
			continue
		}
		var st signedTBS
		if _, err := asn1.Unmarshal(ders[i], &st); err != nil {
			t.Fatal(err)
		}
		digest := streebogOf(t, st.Algorithm.Algorithm, cert.RawTBSCertificate)
		ok := false
		for _, j := range candidates {
			pub, err := ParsePKIXPublicKey(certs[j].RawSubjectPublicKeyInfo)
			if err != nil {
				t.Fatalf("%s: %v", files[j], err)
			}
			if pub.VerifyDigest(digest, cert.Signature) == nil {
				t.Logf("%s signed by %s (%s)", filepath.Base(files[i]), filepath.Base(files[j]), pub.Curve().Name)
				checkSigned(t, ders[i], cert.RawTBSCertificate, cert.Signature, pub)
				ok = true
				verified++
				break
			}
		}
		if !ok {
			t.Errorf("%s: no certificate with its issuer's name verifies it", filepath.Base(files[i]))
		}
	}
	if verified < len(certs)/2 {
		t.Fatalf("only %d signatures found to verify among %d certificates", verified, len(certs))
	}
}
