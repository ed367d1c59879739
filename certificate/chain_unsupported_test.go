package certificate_test

import (
	"bytes"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
)

// withAlgorithm returns the SubjectPublicKeyInfo of key with its algorithm
// identifier replaced by alg (the point kept).
func withAlgorithm(t testing.TB, key *certificate.GOSTPrivateKey, alg func(b *cryptobyte.Builder)) []byte {
	t.Helper()
	spki, err := key.Public().(*certificate.GOSTPublicKey).MarshalPKIX()
	if err != nil {
		t.Fatal(err)
	}
	s := cryptobyte.String(spki)
	var info cryptobyte.String
	var bits []byte
	if !s.ReadASN1(&info, cbasn1.SEQUENCE) || !info.SkipASN1(cbasn1.SEQUENCE) || !info.ReadASN1BitStringAsBytes(&bits) {
		t.Fatal("cannot read the key")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, alg)
		b.AddASN1BitString(bits)
	})
	return b.BytesOrPanic()
}

// TestVerifyUnsupportedAlgorithm: a chain whose issuer key or signature
// algorithm this package cannot use is indeterminate (UNSUPPORTED_ALGORITHM),
// not a bad signature.
func TestVerifyUnsupportedAlgorithm(t *testing.T) {
	t.Parallel()
	p := testChainPKI(t)
	leaf := p.ee[certtest.PresetLegalEntityHead]
	// A CA certificate of the same subject and key identifier as p.ca whose
	// key is labelled with another algorithm.
	caWith := func(alg func(b *cryptobyte.Builder)) *certificate.Certificate {
		tm := certtest.NewTemplate(certtest.PresetCA, mrand.New(mrand.NewPCG(12, 12)), testFrom.AddDate(-1, 0, 0))
		tm.Subject = certtest.NameSpec{}
		for _, a := range p.ca.Subject.Attributes {
			tm.Subject.Extra = append(tm.Subject.Extra, certtest.AttributeSpec{Type: a.Type, Value: a.Value, Tag: a.Tag})
		}
		tm.SubjectKeyID = p.ca.SubjectKeyID
		tm.SubjectPublicKeyInfo = withAlgorithm(t, p.caKey, alg)
		c, err := certtest.Create(tm, p.root, p.rootKey, p.caKey.Public(), mrand.NewChaCha8([32]byte{12}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ca2001 := caWith(func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.Gost2001Key.OID())
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(p.ca.PublicKey.ParamSet)
			b.AddASN1ObjectIdentifier(oid.Gost94Digest.OID())
		})
	})
	// An algorithm crypto/x509 does not know either (so it keeps the key
	// unparsed).
	caOther := caWith(func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier([]int{1, 3, 6, 1, 4, 1, 99999, 1}) })
	caUnknownCurve := caWith(func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.Gost2012Key256.OID())
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier([]int{1, 2, 643, 7, 1, 2, 1, 1, 99}) })
	})
	// The leaf with a signature algorithm of the same length that is not
	// GOST R 34.10-2012 (1.2.643.7.1.1.3.9).
	sig256 := []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x02}
	oddDER := bytes.ReplaceAll(bytes.Clone(leaf.Raw), sig256, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x09})
	oddSig, err := certificate.ParseOne(oddDER)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		cert      *certificate.Certificate
		ca        *certificate.Certificate
		wantCause error
		wantAlg   string
	}{
		{"GOST R 34.10-2001 CA key", leaf, ca2001, certificate.ErrUnknownKeyAlgorithm, "ГОСТ Р 34.10-2001 (стандарт отменён)"},
		{"unknown CA key algorithm", leaf, caOther, certificate.ErrUnknownKeyAlgorithm, "с идентификатором 1.3.6.1.4.1.99999.1"},
		{"unknown parameter set", leaf, caUnknownCurve, certificate.ErrUnknownCurve, "неизвестным набором параметров 1.2.643.7.1.2.1.1.99"},
		{"unknown signature algorithm", oddSig, p.ca, certificate.ErrSignatureAlgorithm, "1.2.643.7.1.1.3.9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := certificate.Verify(tc.cert, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(tc.ca)}, At: testAt})
			var ce *certificate.ChainError
			if !errors.As(r.Err, &ce) || !errors.Is(r.Err, certificate.ErrChainSignature) || !errors.Is(r.Err, tc.wantCause) || ce.Link != 0 {
				t.Fatalf("err %v", r.Err)
			}
			res, _ := r.Results.Find("CHAIN-SIGNATURE")
			if res.Status != check.Indeterminate || res.SubIndication != check.UnsupportedAlgorithm || res.Outcome != "unsupported-algorithm" ||
				!strings.Contains(res.Message, tc.wantAlg) || strings.Contains(res.Message, "не соответствует ключу") || ce.Message != res.Message {
				t.Errorf("CHAIN-SIGNATURE %s/%s %q: %s", res.Status, res.SubIndication, res.Outcome, res.Message)
			}
			if r.Results.Failed() {
				t.Errorf("a result fails: %v", r.Results)
			}
		})
	}
	// A real bad signature stays a violation.
	r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.forged)}, At: testAt})
	if res, _ := r.Results.Find("CHAIN-SIGNATURE"); res.Status != check.Fail || !strings.Contains(res.Message, "не соответствует ключу") {
		t.Errorf("forged issuer: %v", res)
	}
}
