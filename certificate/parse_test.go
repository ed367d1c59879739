package certificate_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/oid"
)

// wrap64 splits s into lines of 64 characters joined by sep.
func wrap64(s, sep string) string {
	var b strings.Builder
	for len(s) > 64 {
		b.WriteString(s[:64] + sep)
		s = s[64:]
	}
	b.WriteString(s)
	return b.String()
}

func TestParseFormats(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	leaf, ca, root := p.ee[certtest.PresetLegalEntityHead], p.ca, p.root
	b64 := base64.StdEncoding.EncodeToString(leaf.Raw)
	bundle := buildPKCS7(leaf.Raw, ca.Raw, root.Raw)
	pemOf := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }
	tests := []struct {
		name  string
		input []byte
		want  []*certificate.Certificate
	}{
		{"DER", leaf.Raw, []*certificate.Certificate{leaf}},
		{"PEM", pemCert(leaf), []*certificate.Certificate{leaf}},
		{"PEM chain with text", bytes.Join([][]byte{[]byte("Subject: test\n"), pemCert(leaf), []byte("issuer follows\r\n"), pemCert(ca), pemCert(root)}, nil), []*certificate.Certificate{leaf, ca, root}},
		{"PEM CRLF", bytes.ReplaceAll(pemCert(leaf), []byte("\n"), []byte("\r\n")), []*certificate.Certificate{leaf}},
		{"PEM with BOM", append([]byte("\xef\xbb\xbf"), pemCert(leaf)...), []*certificate.Certificate{leaf}},
		{"PEM X509 CERTIFICATE", pemOf("X509 CERTIFICATE", leaf.Raw), []*certificate.Certificate{leaf}},
		{"base64 one line", []byte(b64), []*certificate.Certificate{leaf}},
		{"base64 one line with newline", []byte(b64 + "\n"), []*certificate.Certificate{leaf}},
		{"base64 LF", []byte(wrap64(b64, "\n")), []*certificate.Certificate{leaf}},
		{"base64 CRLF (CryptoAPI)", []byte(wrap64(b64, "\r\n") + "\r\n"), []*certificate.Certificate{leaf}},
		{"base64 unpadded", []byte(strings.TrimRight(b64, "=")), []*certificate.Certificate{leaf}},
		{"PKCS#7 DER", bundle, []*certificate.Certificate{leaf, ca, root}},
		{"PKCS#7 PEM", pemOf("PKCS7", bundle), []*certificate.Certificate{leaf, ca, root}},
		{"PKCS#7 base64", []byte(wrap64(base64.StdEncoding.EncodeToString(bundle), "\r\n")), []*certificate.Certificate{leaf, ca, root}},
		{"PKCS#7 PEM + certificate", append(pemOf("PKCS7", buildPKCS7(ca.Raw)), pemCert(leaf)...), []*certificate.Certificate{ca, leaf}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := certificate.Parse(tc.input)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d certificates, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if !bytes.Equal(got[i].Raw, tc.want[i].Raw) {
					t.Errorf("certificate %d differs", i)
				}
			}
		})
	}
}

func TestParseOwnsItsBytes(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	buf := bytes.Clone(p.root.Raw)
	c, err := certificate.ParseOne(buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 0
	}
	if !bytes.Equal(c.Raw, p.root.Raw) || c.Subject.CommonName != p.root.Subject.CommonName {
		t.Error("certificate changed when the input buffer was reused")
	}
}

func TestParseOne(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	if _, err := certificate.ParseOne(append(pemCert(p.ca), pemCert(p.root)...)); !errors.Is(err, certificate.ErrNotOne) {
		t.Errorf("two certificates: %v, want ErrNotOne", err)
	}
	if _, err := certificate.ParseOne(buildPKCS7()); !errors.Is(err, certificate.ErrNoCertificates) {
		t.Errorf("empty bundle: %v, want ErrNoCertificates", err)
	}
}

// negativeSerial rewrites the first serial byte of a builder certificate
// (always 0x4X) to 0xC0, making the serial negative.
func negativeSerial(t *testing.T, c *certificate.Certificate) []byte {
	t.Helper()
	der := bytes.Clone(c.Raw)
	off, err := certificate.SerialOffset(der)
	if err != nil {
		t.Fatal(err)
	}
	der[off] = 0xc0
	return der
}

// ecdsaCertificate is a certificate with an ECDSA P-256 key made by
// crypto/x509.
func ecdsaCertificate(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(5),
		Subject:      pkix.Name{CommonName: "not GOST"},
		NotBefore:    testFrom, NotAfter: testFrom.AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	leaf := p.ee[certtest.PresetPerson]
	raw := leaf.Raw
	dupSKI := p.issueDER(t, certtest.PresetPerson, func(tm *certtest.Template) {
		tm.ExtraExtensions = []certtest.Extension{{OID: certificate.OIDExtSubjectKeyID, Value: []byte{4, 2, 1, 2}}}
	})
	longLen := append([]byte{0x30, 0x81, 0x05}, 1, 2, 3, 4, 5) // non-minimal length
	indefinite := append([]byte{0x30, 0x80}, raw[2:]...)
	signed := buildPKCS7(raw)
	big := bytes.Repeat([]byte{'A'}, certificate.MaxInputSize+1)
	hugeCert := make([]byte, 0, certificate.MaxCertificateSize+16)
	hugeCert = append(hugeCert, 0x30, 0x83, 0x10, 0x00, 0x10)
	hugeCert = append(hugeCert, make([]byte, 0x100010)...)

	tests := []struct {
		name  string
		input []byte
		want  error
		text  string // substring of the error message
	}{
		{"empty", nil, certificate.ErrEmpty, ""},
		{"whitespace", []byte(" \r\n\t"), certificate.ErrEmpty, ""},
		{"garbage binary", []byte{0x01, 0x02, 0xff, 0x00}, certificate.ErrFormat, ""},
		{"garbage text", []byte("hello, world!"), certificate.ErrFormat, ""},
		{"base64 of non-DER", []byte(base64.StdEncoding.EncodeToString([]byte("hello"))), certificate.ErrFormat, ""},
		{"bad base64", []byte("MIIB===A"), certificate.ErrFormat, ""},
		{"truncated 1 byte", raw[:1], certificate.ErrMalformed, ""},
		{"truncated header", raw[:3], certificate.ErrMalformed, ""},
		{"truncated 10", raw[:10], certificate.ErrMalformed, ""},
		{"truncated half", raw[:len(raw)/2], certificate.ErrMalformed, ""},
		{"truncated last byte", raw[:len(raw)-1], certificate.ErrMalformed, ""},
		{"trailing data", append(bytes.Clone(raw), 0, 0), certificate.ErrMalformed, "2 bytes"},
		{"two DER certificates", append(bytes.Clone(raw), p.ca.Raw...), certificate.ErrMalformed, ""},
		{"non-minimal length", longLen, certificate.ErrMalformed, ""},
		{"indefinite length", indefinite, certificate.ErrMalformed, "indefinite"},
		{"not a certificate", []byte{0x30, 0x03, 0x02, 0x01, 0x01}, certificate.ErrMalformed, ""},
		{"wrong PEM type", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}), certificate.ErrFormat, "PRIVATE KEY"},
		{"wrong PEM type after a good one", append(pemCert(leaf), pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: []byte{1}})...), certificate.ErrFormat, "X509 CRL"},
		{"PEM without END", []byte("-----BEGIN CERTIFICATE-----\n" + base64.StdEncoding.EncodeToString(raw) + "\n"), certificate.ErrFormat, ""},
		{"corrupt PEM block before a good one", append([]byte("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"), pemCert(leaf)...), certificate.ErrFormat, ""},
		{"PEM headers", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: raw}), certificate.ErrFormat, ""},
		{"PEM truncated DER", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: raw[:100]}), certificate.ErrMalformed, ""},
		{"negative serial", negativeSerial(t, leaf), certificate.ErrMalformed, "Go 1.23"},
		{"duplicate extension", dupSKI, certificate.ErrMalformed, "2.5.29.14"},
		{"input too large", big, certificate.ErrTooLarge, ""},
		{"certificate too large", hugeCert, certificate.ErrTooLarge, ""},
		{"PKCS#7 truncated", signed[:len(signed)-3], certificate.ErrMalformed, ""},
		{"PKCS#7 wrong content type", replaceOnce(t, signed, []byte{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}, []byte{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x05}), certificate.ErrMalformed, "not signedData"},
		{"PKCS#7 holding garbage", buildPKCS7([]byte{0x30, 0x03, 0x02, 0x01, 0x05}), certificate.ErrMalformed, ""},
		{"PKCS#7 attribute certificate", buildPKCS7([]byte{0xa1, 0x00}), certificate.ErrMalformed, "not an X.509"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			certs, err := certificate.Parse(tc.input)
			if err == nil {
				t.Fatalf("parsed %d certificates, want error %v", len(certs), tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			var pe *certificate.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			if tc.text != "" && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not mention %q", err, tc.text)
			}
			if pe.PEMType != "" && !strings.Contains(pe.MessageRU(), "«"+pe.PEMType+"»") {
				t.Errorf("MessageRU %q does not name the block type", pe.MessageRU())
			}
			if pe.MessageRU() == "" || !strings.ContainsAny(pe.MessageRU(), "абвгдеёжзийклмнопрстуфхцчшщъыьэюя") {
				t.Errorf("MessageRU %q", pe.MessageRU())
			}
		})
	}
}

// TestParseTruncatedEverywhere cuts a certificate and a bundle at every
// offset: each prefix must be rejected, never parsed or panic.
func TestParseTruncatedEverywhere(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	for _, in := range [][]byte{p.ee[certtest.PresetLegalEntityHead].Raw, buildPKCS7(p.ca.Raw, p.root.Raw)} {
		for n := 1; n < len(in); n++ {
			if _, err := certificate.Parse(in[:n]); !errors.Is(err, certificate.ErrMalformed) {
				t.Fatalf("prefix of %d/%d bytes: %v, want ErrMalformed", n, len(in), err)
			}
		}
	}
}

func TestParsePKCS7NotCertsOnly(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	// A SignedData with one (dummy) signer and one with encapsulated content.
	build := func(content, signer bool) []byte {
		type encap struct {
			Type    asn1.ObjectIdentifier
			Content asn1.RawValue `asn1:"optional,explicit,tag:0"`
		}
		type signedData struct {
			Version int
			Digests asn1.RawValue
			Encap   encap
			Certs   asn1.RawValue `asn1:"optional,tag:0"`
			Signers asn1.RawValue
		}
		sd := signedData{Version: 1,
			Digests: asn1.RawValue{Class: 0, Tag: 17, IsCompound: true, Bytes: nil},
			Encap:   encap{Type: oid.Data.OID()},
			Certs:   asn1.RawValue{Class: 2, Tag: 0, IsCompound: true, Bytes: p.root.Raw},
			Signers: asn1.RawValue{Class: 0, Tag: 17, IsCompound: true},
		}
		if content {
			sd.Encap.Content = asn1.RawValue{Tag: 4, Bytes: []byte("document")}
		}
		if signer {
			sd.Signers.Bytes = []byte{0x30, 0x00}
		}
		inner, err := asn1.Marshal(sd)
		if err != nil {
			t.Fatal(err)
		}
		out, err := asn1.Marshal(struct {
			Type    asn1.ObjectIdentifier
			Content asn1.RawValue
		}{oid.SignedData.OID(), asn1.RawValue{Class: 2, Tag: 0, IsCompound: true, Bytes: inner}})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if c, err := certificate.Parse(build(false, false)); err != nil || len(c) != 1 {
		t.Fatalf("certs-only built with encoding/asn1: %v", err)
	}
	for _, tc := range []struct {
		content, signer bool
		text            string
	}{{true, false, "encapsulated content"}, {false, true, "1 signer"}} {
		_, err := certificate.Parse(build(tc.content, tc.signer))
		if !errors.Is(err, certificate.ErrMalformed) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("content=%v signer=%v: %v", tc.content, tc.signer, err)
		}
	}
}

func TestParseKeyProblems(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	leaf := p.ee[certtest.PresetPerson] // CryptoPro-XchA key: 1.2.643.2.2.36.0
	xchA := []byte{0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x24, 0x00}
	key256 := []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01}
	tests := []struct {
		name string
		der  []byte
		want error
		oid  string
	}{
		{"unknown curve OID", replaceOnce(t, leaf.Raw, xchA, []byte{0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x24, 0x09}), certificate.ErrUnknownCurve, "1.2.643.2.2.36.9"},
		{"unknown key algorithm", replaceOnce(t, leaf.Raw, key256, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x07}), certificate.ErrUnknownKeyAlgorithm, "1.2.643.7.1.1.1.7"},
		{"GOST 2001 key", replaceOnce(t, leaf.Raw, key256, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x13, 0x01, 0x01}), certificate.ErrUnknownKeyAlgorithm, ""},
		{"512-bit algorithm with a 256-bit curve", replaceOnce(t, leaf.Raw, key256, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x02}), certificate.ErrInvalidKey, ""},
		{"ECDSA", ecdsaCertificate(t), certificate.ErrUnknownKeyAlgorithm, "1.2.840.10045.2.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := certificate.ParseOne(tc.der)
			if err != nil {
				t.Fatalf("a key problem must not fail Parse: %v", err)
			}
			k, err := c.GOSTKey()
			if k != nil || !errors.Is(err, tc.want) {
				t.Fatalf("GOSTKey: %v, %v; want %v", k, err, tc.want)
			}
			var ke *certificate.KeyError
			if !errors.As(err, &ke) || ke.MessageRU() == "" {
				t.Errorf("not a *KeyError with a message: %v", err)
			}
			if tc.oid != "" && ke.OID != tc.oid {
				t.Errorf("OID %q, want %q", ke.OID, tc.oid)
			}
			if tc.want == certificate.ErrUnknownCurve && c.PublicKey.CurveName() != "unknown ("+tc.oid+")" {
				t.Errorf("CurveName %q", c.PublicKey.CurveName())
			}
			r, _ := certificate.CheckProfile(c, testAt, nil).Find("CERT-GOST-KEY")
			if r.Status != "fail" {
				t.Errorf("CERT-GOST-KEY: %s", r)
			}
		})
	}
}

func TestParseErrorRendering(t *testing.T) {
	t.Parallel()
	_, err := certificate.Parse([]byte{0x30, 0x05, 0x02})
	var pe *certificate.ParseError
	if !errors.As(err, &pe) {
		t.Fatal(err)
	}
	if pe.Format != "DER" || pe.Index != 0 || pe.Offset != 0 {
		t.Errorf("%+v", pe)
	}
	if s := err.Error(); !strings.Contains(s, "truncated") || !strings.Contains(s, "certificate #1") || !strings.Contains(s, "offset 0") {
		t.Errorf("Error() = %q", s)
	}
	if m := pe.MessageRU(); !strings.HasPrefix(m, "Сертификат № 1: сертификат обрезан") {
		t.Errorf("MessageRU() = %q", m)
	}
}
