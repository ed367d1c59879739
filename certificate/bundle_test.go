package certificate_test

import (
	"bytes"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// legacyBoolean re-encodes the cA BOOLEAN of a CA certificate's
// basicConstraints as 0x01, as 25 legacy CA certificates of the accredited
// set do (crypto/x509 refuses them). The signature no longer matches, which
// parsing does not look at.
func legacyBoolean(t *testing.T, der []byte) []byte {
	t.Helper()
	// basicConstraints extnValue: OCTET STRING { SEQUENCE { BOOLEAN TRUE ...
	i := bytes.Index(der, []byte{0x01, 0x01, 0xFF})
	if i < 0 {
		t.Fatal("no BOOLEAN TRUE in the certificate")
	}
	out := bytes.Clone(der)
	// The first BOOLEAN TRUE is basicConstraints' critical flag; the cA
	// flag follows inside the extension value.
	j := bytes.Index(out[i+3:], []byte{0x01, 0x01, 0xFF})
	if j < 0 {
		t.Fatal("no cA BOOLEAN")
	}
	out[i+3+j+2] = 0x01
	return out
}

func TestParseBundle(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	boolean := legacyBoolean(t, p.ca.Raw)
	// postalAddress (2.5.4.16) is a SEQUENCE of strings, not a string.
	nameValue := p.issueDER(t, certtest.PresetPerson, func(tm *certtest.Template) {
		tm.Subject.Extra = append(tm.Subject.Extra, certtest.AttributeSpec{Type: asn1.ObjectIdentifier{2, 5, 4, 16}, Value: "0", Tag: 0x30})
	})
	var bundle bytes.Buffer
	for _, der := range [][]byte{p.root.Raw, boolean, p.ca.Raw, nameValue, []byte{0x30, 0x03, 0x02, 0x01}, p.ee[certtest.PresetPerson].Raw} {
		pem.Encode(&bundle, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	}
	if _, err := certificate.Parse(bundle.Bytes()); !errors.Is(err, certificate.ErrMalformed) {
		t.Fatalf("Parse of the bundle: %v, want ErrMalformed", err)
	}
	certs, skipped, err := certificate.ParseBundle(bundle.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(certs) != 3 || !bytes.Equal(certs[0].Raw, p.root.Raw) || !bytes.Equal(certs[1].Raw, p.ca.Raw) || !bytes.Equal(certs[2].Raw, p.ee[certtest.PresetPerson].Raw) {
		t.Fatalf("parsed %d certificates", len(certs))
	}
	if len(skipped) != 3 {
		t.Fatalf("skipped %d, want 3: %v", len(skipped), skipped)
	}
	tests := []struct {
		index    int
		detail   string
		ru       string
		rejected bool
	}{
		{1, "basicConstraints cA BOOLEAN encoded as 0x01", "не по правилам DER", true},
		{3, "value of tag 0x30", "не является строкой", true},
		{4, "", "", false},
	}
	for i, tt := range tests {
		e := skipped[i]
		if e.Index != tt.index || !errors.Is(e, certificate.ErrMalformed) {
			t.Errorf("skipped[%d]: index %d, %v", i, e.Index, e)
		}
		if !strings.Contains(e.Error(), tt.detail) || !strings.Contains(e.MessageRU(), tt.ru) {
			t.Errorf("skipped[%d]: %v / %s", i, e, e.MessageRU())
		}
		if (e.Rejected != nil) != tt.rejected {
			t.Errorf("skipped[%d]: Rejected %+v", i, e.Rejected)
		}
	}
	r := skipped[0].Rejected
	if r.Subject != p.ca.Subject.String() || r.Issuer != p.root.Subject.String() || r.SerialNumber.Cmp(p.ca.SerialNumber) != 0 ||
		!r.NotAfter.Equal(p.ca.NotAfter) || !r.NotBefore.Equal(p.ca.NotBefore) || r.KeyAlgorithm != "GOST R 34.10-2012 256-bit" {
		t.Errorf("Rejected %+v", r)
	}
	if !strings.Contains(skipped[1].Rejected.Subject, "#") {
		t.Errorf("a non-string value is shown as #hex: %s", skipped[1].Rejected.Subject)
	}
}

func TestParseBundleWhole(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, certificate.ErrEmpty},
		{"not a certificate format", []byte("hello"), certificate.ErrFormat},
		{"only a rejected certificate is still a certificate", legacyBoolean(t, p.ca.Raw), nil},
		{"a DER structure that is no certificate", []byte{0x30, 0x03, 0x02, 0x01, 0x01}, certificate.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			certs, skipped, err := certificate.ParseBundle(tc.data)
			if !errors.Is(err, tc.want) || (tc.want == nil && (len(certs) != 0 || len(skipped) != 1)) {
				t.Errorf("%d certs, %d skipped, err %v", len(certs), len(skipped), err)
			}
		})
	}
}
