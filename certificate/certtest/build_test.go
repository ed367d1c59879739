package certtest

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/internal/oracle"
)

func TestCreateDeterministic(t *testing.T) {
	t.Parallel()
	a, err := buildPKI("CryptoPro-A", "CryptoPro-XchA", 3)
	if err != nil {
		t.Fatal(err)
	}
	b, err := buildPKI("CryptoPro-A", "CryptoPro-XchA", 3)
	if err != nil {
		t.Fatal(err)
	}
	c, err := buildPKI("CryptoPro-A", "CryptoPro-XchA", 4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.ee[PresetPerson].Raw, b.ee[PresetPerson].Raw) || !bytes.Equal(a.root.Raw, b.root.Raw) {
		t.Error("same seed, different certificates")
	}
	if bytes.Equal(a.ee[PresetPerson].Raw, c.ee[PresetPerson].Raw) {
		t.Error("different seeds, same certificate")
	}
}

// TestCreateSignatures checks every builder certificate's signature by hand
// (Streebog of RawTBSCertificate, issuer key) and with CheckSignatureFrom,
// for 256- and 512-bit hierarchies.
func TestCreateSignatures(t *testing.T) {
	t.Parallel()
	for _, curves := range [][2]string{
		{"CryptoPro-A", "CryptoPro-XchA"},
		{"tc26-512-A", "tc26-256-A"},
		{"tc26-256-B", "tc26-512-C"},
	} {
		t.Run(curves[0]+"+"+curves[1], func(t *testing.T) {
			t.Parallel()
			p, err := buildPKI(curves[0], curves[1], 5)
			if err != nil {
				t.Fatal(err)
			}
			check := func(c, issuer *certificate.Certificate) {
				t.Helper()
				key, _ := issuer.GOSTKey()
				var digest []byte
				if key.Bits() == 512 {
					d := streebog.Sum512(c.RawTBSCertificate)
					digest = d[:]
				} else {
					d := streebog.Sum256(c.RawTBSCertificate)
					digest = d[:]
				}
				if err := key.VerifyDigest(digest, c.Signature); err != nil {
					t.Errorf("%s: %v", c.Subject.CommonName, err)
				}
				if err := c.CheckSignatureFrom(issuer); err != nil {
					t.Errorf("%s: CheckSignatureFrom: %v", c.Subject.CommonName, err)
				}
				if want := key.Bits(); c.SignatureAlgorithm.Bits != want {
					t.Errorf("%s: signature algorithm %v with a %d-bit issuer", c.Subject.CommonName, c.SignatureAlgorithm, want)
				}
			}
			check(p.root, p.root)
			check(p.ca, p.root)
			for _, c := range p.ee {
				check(c, p.ca)
				if c.PublicKey.CurveName() != curves[1] {
					t.Errorf("subject curve %s", c.PublicKey.CurveName())
				}
				// A signature by another key fails.
				if err := c.CheckSignatureFrom(p.root); !errors.Is(err, certificate.ErrBadSignature) && !errors.Is(err, certificate.ErrSignatureAlgorithm) {
					t.Errorf("wrong issuer: %v", err)
				}
			}
		})
	}
}

func TestCreateFields(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	c := p.ee[PresetLegalEntityHead]
	if c.Version != 3 || c.SerialNumber.Sign() <= 0 || c.SerialNumber.BitLen() != 127 {
		t.Errorf("version %d serial %v", c.Version, c.SerialNumber)
	}
	if !bytes.Equal(c.RawIssuer, p.ca.RawSubject) {
		t.Error("issuer name is not the CA's subject, byte for byte")
	}
	a := c.AuthorityKeyID
	if a == nil || !bytes.Equal(a.KeyID, p.ca.SubjectKeyID) || a.SerialNumber.Cmp(p.ca.SerialNumber) != 0 ||
		len(a.IssuerNames) != 1 || !bytes.Equal(a.IssuerNames[0].Raw, p.ca.RawIssuer) {
		t.Errorf("AKI %+v", a)
	}
	key, err := c.GOSTKey()
	if err != nil {
		t.Fatal(err)
	}
	if id, err := keyID(key); err != nil || !bytes.Equal(c.SubjectKeyID, id) {
		t.Error("SKI is not the method-1 key identifier")
	}
	if p.root.AuthorityKeyID != nil || p.root.MaxPathLen != -1 || !p.root.IsCA {
		t.Errorf("root: AKI %v pathlen %d", p.root.AuthorityKeyID, p.root.MaxPathLen)
	}
	if p.ca.MaxPathLen != 0 || !p.ca.IsCA {
		t.Errorf("CA pathlen %d", p.ca.MaxPathLen)
	}
	if !c.HasKeyUsage || !c.KeyUsageCritical || c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment|x509.KeyUsageKeyEncipherment|x509.KeyUsageDataEncipherment {
		t.Errorf("key usage %b critical %v", c.KeyUsage, c.KeyUsageCritical)
	}
	if len(c.ExtKeyUsage) != 2 || !oid.ExtKeyUsageClientAuth.Equal(c.ExtKeyUsage[0]) {
		t.Errorf("EKU %v", c.ExtKeyUsage)
	}
	if c.PrivateKeyUsagePeriod == nil || !c.PrivateKeyUsagePeriod.NotBefore.Equal(testFrom) {
		t.Errorf("PKUP %+v", c.PrivateKeyUsagePeriod)
	}
	if len(c.CRLDistributionPoints) != 1 || len(c.IssuingCertificateURLs) != 1 {
		t.Errorf("CDP %v AIA %v", c.CRLDistributionPoints, c.IssuingCertificateURLs)
	}
	if !c.HasIdentificationKind || c.IdentificationKind != certificate.IdentificationPersonal || c.IssuerSignTool == nil || !c.HasSubjectSignTool {
		t.Error("Russian extensions missing")
	}
	// ASN.1 types of the attributes.
	want := map[string]int{"C": asn1.TagPrintableString, "E": 0, "CN": asn1.TagUTF8String, "OGRN": asn1.TagNumericString,
		"INNLE": asn1.TagNumericString, "INN": asn1.TagNumericString, "SNILS": asn1.TagNumericString, "G": asn1.TagUTF8String}
	for _, a := range c.Subject.Attributes {
		if w, ok := want[a.Name]; ok && w != 0 && a.Tag != w {
			t.Errorf("%s tag %d, want %d", a.Name, a.Tag, w)
		}
	}
	if ip := p.ee[PresetEntrepreneur]; ip.Subject.Attributes[len(ip.Subject.Attributes)-1].Tag != asn1.TagNumericString {
		t.Error("identifier tag")
	}
	for _, a := range p.ee[PresetEntrepreneur].Subject.Attributes {
		if a.Name == "E" && a.Tag != asn1.TagIA5String {
			t.Errorf("E tag %d", a.Tag)
		}
	}
}

func TestCreateOptions(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	ids := mrand.New(mrand.NewPCG(1, 1))
	rnd := mrand.NewChaCha8([32]byte{2})
	tm := NewTemplate(PresetPerson, ids, time.Date(2049, 6, 1, 0, 0, 0, 0, time.UTC))
	tm.NotAfter = time.Date(2051, 6, 1, 0, 0, 0, 0, time.UTC)
	tm.OmitSubjectKeyID = true
	tm.AuthorityKeyIDFull = false
	tm.KeyUsageNonCritical = true
	tm.SerialNumber = nil
	tm.OCSPServers = []string{"http://ocsp.example.test"}
	c, err := Create(tm, p.ca, p.caKey, p.eeK.Public(), rnd)
	if err != nil {
		t.Fatal(err)
	}
	if !c.NotAfter.Equal(tm.NotAfter) || !c.NotBefore.Equal(tm.NotBefore) {
		t.Errorf("validity %v..%v", c.NotBefore, c.NotAfter)
	}
	if c.SubjectKeyID != nil || c.KeyUsageCritical || c.AuthorityKeyID.SerialNumber != nil || len(c.OCSPServers) != 1 {
		t.Errorf("options ignored: SKI %X critical %v AKI %+v OCSP %v", c.SubjectKeyID, c.KeyUsageCritical, c.AuthorityKeyID, c.OCSPServers)
	}
	// Errors.
	other, _ := GenerateKey(p.caKey.CurveName(), rnd)
	if _, err := Create(tm, p.ca, other, p.eeK.Public(), rnd); err == nil {
		t.Error("issuer key mismatch accepted")
	}
	if _, err := Create(tm, nil, other, p.eeK.Public(), rnd); err == nil {
		t.Error("self-signed with a foreign key accepted")
	}
	if _, err := Create(nil, nil, other, p.eeK.Public(), rnd); err == nil {
		t.Error("nil template accepted")
	}
	tm.SerialNumber = bigInt(-5)
	if _, err := Create(tm, p.ca, p.caKey, p.eeK.Public(), rnd); err == nil {
		t.Error("negative serial accepted")
	}
}

func TestKeyUsageBits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ku   x509.KeyUsage
		want []byte
	}{
		{x509.KeyUsageDigitalSignature, []byte{7, 0x80}},
		{x509.KeyUsageCertSign | x509.KeyUsageCRLSign, []byte{1, 0x06}},
		{x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment, []byte{4, 0xf0}},
		{x509.KeyUsageDecipherOnly, []byte{7, 0x00, 0x80}},
		{0, []byte{0}},
	}
	for _, tc := range tests {
		if got := keyUsageBits(tc.ku); !bytes.Equal(got, tc.want) {
			t.Errorf("%b: %X, want %X", tc.ku, got, tc.want)
		}
	}
}

// TestOpenSSLInterop: OpenSSL with the GOST engine reads builder
// certificates, verifies a three-level chain and makes a PKCS#7 bundle
// that Parse reads.
func TestOpenSSLInterop(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	for _, curves := range [][2]string{{"CryptoPro-A", "CryptoPro-XchA"}, {"tc26-512-A", "tc26-256-A"}} {
		t.Run(curves[0]+"+"+curves[1], func(t *testing.T) {
			t.Parallel()
			p, err := buildPKI(curves[0], curves[1], 11)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			write := func(name string, data []byte) string {
				f := filepath.Join(dir, name)
				if err := os.WriteFile(f, data, 0o600); err != nil {
					t.Fatal(err)
				}
				return f
			}
			rootF := write("root.pem", pemCert(p.root))
			caF := write("ca.pem", pemCert(p.ca))
			head := p.ee[PresetLegalEntityHead]
			text := string(o.Run(t, pemCert(head), "x509", "-noout", "-text", "-nameopt", "utf8,sep_comma_plus"))
			for _, want := range []string{
				"GOST R 34.10-2012", "OGRN=" + head.Subject.OGRN.Value, "SNILS=" + head.Subject.SNILS.Value,
				"INN=" + head.Subject.INN.Value, "Signing Tool of Subject", "Signing Tool of Issuer",
				"Class of Signing Tool KC1", "Private Key Usage Period", "DirName:",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("openssl x509 -text lacks %q", want)
				}
			}
			at := strconv.FormatInt(testAt.Unix(), 10)
			for pr, c := range p.ee {
				leafF := write(fmt.Sprintf("leaf%d.pem", pr), pemCert(c))
				out := o.Run(t, nil, "verify", "-attime", at, "-CAfile", rootF, "-untrusted", caF, leafF)
				if !strings.Contains(string(out), ": OK") {
					t.Errorf("%v: openssl verify: %s", pr, out)
				}
			}
			// Outside the validity the chain is refused (the oracle really
			// checks).
			if _, err := o.Exec(nil, "verify", "-attime", strconv.FormatInt(testFrom.AddDate(3, 0, 0).Unix(), 10), "-CAfile", rootF, "-untrusted", caF, filepath.Join(dir, "leaf2.pem")); err == nil {
				t.Error("openssl accepted an expired chain")
			}
			// A bundle made by OpenSSL, DER and PEM.
			for _, form := range []string{"DER", "PEM"} {
				bundle := o.Run(t, nil, "crl2pkcs7", "-nocrl", "-certfile", caF, "-certfile", rootF, "-outform", form)
				certs, err := certificate.Parse(bundle)
				if err != nil {
					t.Fatalf("openssl %s bundle: %v", form, err)
				}
				if len(certs) != 2 || !bytes.Equal(certs[0].Raw, p.ca.Raw) || !bytes.Equal(certs[1].Raw, p.root.Raw) {
					t.Errorf("openssl %s bundle: %d certificates", form, len(certs))
				}
			}
		})
	}
}
