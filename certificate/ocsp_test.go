package certificate_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// ocspFixture adds OCSP responders to the chain test PKI.
type ocspFixture struct {
	*chainPKI
	leaf    *certificate.Certificate
	respKey *certificate.GOSTPrivateKey
	// responder is a delegated responder of p.ca (PresetOCSPResponder).
	responder *certificate.Certificate
	// noEKU is a certificate of respKey issued by p.ca without
	// id-kp-OCSPSigning.
	noEKU *certificate.Certificate
	// byRoot is a responder certificate of respKey with id-kp-OCSPSigning
	// issued by p.root, another CA than the leaf's.
	byRoot *certificate.Certificate
	// rootResponder is a delegated responder of p.root (for the CA link).
	rootResponder *certificate.Certificate
	// checked is a delegated responder of p.ca without
	// id-pkix-ocsp-nocheck.
	checked *certificate.Certificate
}

var (
	ocspOnce sync.Once
	ocspFix  *ocspFixture
	ocspErr  error
)

func testOCSP(t testing.TB) *ocspFixture {
	t.Helper()
	p := testChainPKI(t)
	ocspOnce.Do(func() { ocspFix, ocspErr = buildOCSPFixture(p) })
	if ocspErr != nil {
		t.Fatal(ocspErr)
	}
	return ocspFix
}

func buildOCSPFixture(p *chainPKI) (*ocspFixture, error) {
	f := &ocspFixture{chainPKI: p, leaf: p.ee[certtest.PresetLegalEntityHead]}
	rnd := mrand.NewChaCha8([32]byte{99})
	ids := mrand.New(mrand.NewPCG(99, 1))
	var err error
	if f.respKey, err = certtest.GenerateKey("CryptoPro-A", rnd); err != nil {
		return nil, err
	}
	from := testFrom.AddDate(0, -1, 0)
	if f.responder, err = certtest.Create(certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from), p.ca, p.caKey, f.respKey.Public(), rnd); err != nil {
		return nil, err
	}
	tm := certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from)
	tm.ExtKeyUsage = nil
	tm.Subject.CommonName = "Служба OCSP без назначения"
	if f.noEKU, err = certtest.Create(tm, p.ca, p.caKey, f.respKey.Public(), rnd); err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from)
	tm.Subject.CommonName = "Служба OCSP головного УЦ"
	if f.rootResponder, err = certtest.Create(tm, p.root, p.rootKey, f.respKey.Public(), rnd); err != nil {
		return nil, err
	}
	// Same subject as the CA's responder, issued by the root.
	tm = certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from)
	tm.Subject = certtest.NameSpec{}
	for _, a := range f.responder.Subject.Attributes {
		tm.Subject.Extra = append(tm.Subject.Extra, certtest.AttributeSpec{Type: a.Type, Value: a.Value, Tag: a.Tag})
	}
	if f.byRoot, err = certtest.Create(tm, p.root, p.rootKey, f.respKey.Public(), rnd); err != nil {
		return nil, err
	}
	tm = certtest.NewTemplate(certtest.PresetOCSPResponder, ids, from)
	tm.OCSPNoCheck = false
	tm.Subject.CommonName = "Служба OCSP с проверкой отзыва"
	if f.checked, err = certtest.Create(tm, p.ca, p.caKey, f.respKey.Public(), rnd); err != nil {
		return nil, err
	}
	return f, nil
}

// good returns an entry saying cert (issued by issuer) is good from
// testAt-1h for a week.
func good(cert, issuer *certificate.Certificate) certtest.OCSPEntry {
	return certtest.OCSPEntry{Certificate: cert, Issuer: issuer, Status: certificate.OCSPGood,
		ThisUpdate: testAt.Add(-time.Hour), NextUpdate: testAt.AddDate(0, 0, 7)}
}

// ocspDER signs a response of entries by signer with key, ProducedAt
// testAt-1h unless the template sets it.
func ocspDER(t testing.TB, tm *certtest.OCSPTemplate, signer *certificate.Certificate, key *certificate.GOSTPrivateKey) []byte {
	t.Helper()
	if tm.ProducedAt.IsZero() {
		tm.ProducedAt = testAt.Add(-time.Hour)
	}
	der, err := certtest.CreateOCSPResponse(tm, signer, key, mrand.NewChaCha8([32]byte{3}))
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func mustOCSP(t testing.TB, der []byte) *certificate.OCSPResponse {
	t.Helper()
	r, err := certificate.ParseOCSPResponse(der)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseOCSPResponse(t *testing.T) {
	t.Parallel()
	f := testOCSP(t)
	revokedAt := testAt.AddDate(0, 0, -3)
	full := ocspDER(t, &certtest.OCSPTemplate{Responses: []certtest.OCSPEntry{
		good(f.leaf, f.ca),
		{Certificate: f.ca, Issuer: f.root, Status: certificate.OCSPRevoked, RevocationTime: revokedAt, Reason: certificate.ReasonCACompromise, HasReason: true, ThisUpdate: testAt},
		{Certificate: f.ee[certtest.PresetPerson], Issuer: f.ca, Status: certificate.OCSPUnknown, ThisUpdate: testAt},
	}, Certificates: []*certificate.Certificate{f.responder}, Nonce: []byte{1, 2, 3, 4}}, f.responder, f.respKey)
	basic := mustOCSP(t, full).Raw
	status := func(code byte) []byte { return []byte{0x30, 0x03, 0x0a, 0x01, code} }
	// The embedded certificate's serial made negative: the error points at
	// the serial's tag in the whole input.
	serialOff, err := certificate.SerialOffset(f.responder.Raw)
	if err != nil {
		t.Fatal(err)
	}
	negSerial := bytes.Clone(full)
	negSerial[bytes.Index(full, f.responder.Raw)+serialOff] |= 0x80
	negSerialAt := bytes.Index(full, f.responder.Raw) + serialOff - 2
	oversized := make([]byte, certificate.MaxOCSPSize+1)
	oversized[0] = 0x30

	tests := []struct {
		name    string
		in      []byte
		wantErr error
		wantRU  string // part of MessageRU
		// wantOffset, when not 0, is the ParseError's Offset.
		wantOffset int
		check      func(t *testing.T, r *certificate.OCSPResponse)
	}{
		{name: "full response", in: full, check: func(t *testing.T, r *certificate.OCSPResponse) {
			if len(r.Responses) != 3 || len(r.Certificates) != 1 || !bytes.Equal(r.Certificates[0].Raw, f.responder.Raw) {
				t.Fatalf("%d responses, %d certificates", len(r.Responses), len(r.Certificates))
			}
			if !bytes.Equal(r.RawResponderName, f.responder.RawSubject) || r.ResponderKeyHash != nil {
				t.Errorf("responder ID %X / %X", r.RawResponderName, r.ResponderKeyHash)
			}
			if !r.ProducedAt.Equal(testAt.Add(-time.Hour)) || r.SignatureAlgorithm.Bits != 256 || len(r.Signature) != 64 {
				t.Errorf("producedAt %v, algorithm %v, signature %d bytes", r.ProducedAt, r.SignatureAlgorithm, len(r.Signature))
			}
			g, rv, u := r.Responses[0], r.Responses[1], r.Responses[2]
			if g.Status != certificate.OCSPGood || !g.ThisUpdate.Equal(testAt.Add(-time.Hour)) || !g.NextUpdate.Equal(testAt.AddDate(0, 0, 7)) ||
				g.CertID.SerialNumber.Cmp(f.leaf.SerialNumber) != 0 || len(g.CertID.IssuerNameHash) != 20 || g.CertID.HashAlgorithm.String() != "1.3.14.3.2.26" {
				t.Errorf("good %+v", g)
			}
			if rv.Status != certificate.OCSPRevoked || !rv.RevocationTime.Equal(revokedAt) || rv.Reason != certificate.ReasonCACompromise || !rv.NextUpdate.IsZero() {
				t.Errorf("revoked %+v", rv)
			}
			if u.Status != certificate.OCSPUnknown || u.Status.String() != "unknown" {
				t.Errorf("unknown %+v", u)
			}
			if !bytes.Contains(full, r.Raw) || !bytes.Contains(r.Raw, r.RawTBSResponseData) || r.Raw[0] != 0x30 {
				t.Error("Raw is not the BasicOCSPResponse inside the input")
			}
		}},
		{name: "bare BasicOCSPResponse", in: basic, check: func(t *testing.T, r *certificate.OCSPResponse) {
			if !bytes.Equal(r.Raw, basic) || len(r.Responses) != 3 {
				t.Errorf("raw %d bytes, %d responses", len(r.Raw), len(r.Responses))
			}
		}},
		{name: "PEM", in: pem.EncodeToMemory(&pem.Block{Type: "OCSP RESPONSE", Bytes: full})},
		{name: "base64", in: []byte(base64.StdEncoding.EncodeToString(basic))},
		{name: "tryLater", in: status(3), wantErr: certificate.ErrMalformed, wantRU: "tryLater"},
		{name: "unauthorized", in: status(6), wantErr: certificate.ErrMalformed, wantRU: "не уполномочена"},
		{name: "malformedRequest", in: status(1), wantErr: certificate.ErrMalformed, wantRU: "malformedRequest"},
		{name: "successful without bytes", in: status(0), wantErr: certificate.ErrMalformed, wantRU: "ответ OCSP не удалось прочитать"},
		{name: "truncated", in: full[:len(full)-10], wantErr: certificate.ErrMalformed, wantRU: "обрезан"},
		{name: "truncated basic", in: basic[:len(basic)/2], wantErr: certificate.ErrMalformed, wantRU: "обрезан"},
		{name: "trailing data", in: append(bytes.Clone(basic), 0x05, 0x00), wantErr: certificate.ErrMalformed, wantRU: "лишние данные"},
		{name: "trailing data inside", in: rewrap(t, full, append(bytes.Clone(basic), 0x05, 0x00)), wantErr: certificate.ErrMalformed, wantRU: "лишние данные"},
		{name: "oversized", in: oversized, wantErr: certificate.ErrTooLarge, wantRU: "велик"},
		{name: "empty", in: nil, wantErr: certificate.ErrEmpty},
		{name: "BER length", in: append([]byte{0x30, 0x80}, append(basic[2:], 0, 0)...), wantErr: certificate.ErrMalformed, wantRU: "BER"},
		{name: "certificate PEM", in: pemCert(f.leaf), wantErr: certificate.ErrFormat, wantRU: "CERTIFICATE"},
		{name: "a certificate", in: f.leaf.Raw, wantErr: certificate.ErrMalformed},
		{name: "other response type", in: replaceOnce(t, full, []byte{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01}, []byte{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x09}),
			wantErr: certificate.ErrMalformed},
		{name: "embedded certificate with a negative serial", in: negSerial, wantErr: certificate.ErrMalformed,
			wantRU: "Ответ OCSP, вложенный сертификат № 1: серийный номер", wantOffset: negSerialAt},
		{name: "embedded certificate cut short", in: replaceOnce(t, full, f.responder.Raw[:4], []byte{0x30, 0x82, 0xff, 0xff}), wantErr: certificate.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := certificate.ParseOCSPResponse(tc.in)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if tc.check != nil {
					tc.check(t, r)
				}
				return
			}
			if r != nil || !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %v, %v; want %v", r, err, tc.wantErr)
			}
			var pe *certificate.ParseError
			if !errors.As(err, &pe) || pe.Format != "OCSP" {
				t.Fatalf("%T %+v is not a *ParseError of format OCSP", err, err)
			}
			if ru := pe.MessageRU(); !strings.Contains(ru, tc.wantRU) || ru == "" {
				t.Errorf("MessageRU %q lacks %q", ru, tc.wantRU)
			}
			if tc.wantOffset != 0 && pe.Offset != tc.wantOffset {
				t.Errorf("offset %d, want %d (%v)", pe.Offset, tc.wantOffset, err)
			}
		})
	}
}

// rewrap puts basic as the responseBytes of an OCSPResponse like full.
func rewrap(t testing.TB, full, basic []byte) []byte {
	t.Helper()
	r := mustOCSP(t, full)
	head := bytes.Index(full, r.Raw)
	// responseBytes: 30 L 06 09 <oid> 04 L <basic>: rebuild with the new
	// length (all short enough for two-byte long lengths).
	if head < 0 || len(basic) < 256 || len(basic) > 0xffff-64 {
		t.Fatal("unexpected layout")
	}
	oidTLV := []byte{0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01}
	l2 := func(n int) []byte { return []byte{0x82, byte(n >> 8), byte(n)} }
	octet := append(append([]byte{0x04}, l2(len(basic))...), basic...)
	rb := append(append([]byte{0x30}, l2(len(oidTLV)+len(octet))...), append(oidTLV, octet...)...)
	wrap := append(append([]byte{0xa0}, l2(len(rb))...), rb...)
	body := append([]byte{0x0a, 0x01, 0x00}, wrap...)
	return append(append([]byte{0x30}, l2(len(body))...), body...)
}

func TestOCSPResponder(t *testing.T) {
	t.Parallel()
	f := testOCSP(t)
	entries := []certtest.OCSPEntry{good(f.leaf, f.ca)}
	tampered := ocspDER(t, &certtest.OCSPTemplate{Responses: entries}, f.ca, f.caKey)
	tampered[len(tampered)-5] ^= 0x40 // inside the signature value
	tests := []struct {
		name       string
		der        []byte
		candidates []*certificate.Certificate
		want       *certificate.Certificate
		wantErr    error
	}{
		{name: "issuer by name", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries}, f.ca, f.caKey), want: f.ca},
		{name: "issuer by key", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, ResponderByKey: true}, f.ca, f.caKey), want: f.ca},
		{name: "delegated, embedded", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, Certificates: []*certificate.Certificate{f.responder}}, f.responder, f.respKey), want: f.responder},
		{name: "delegated by key, candidate", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, ResponderByKey: true}, f.responder, f.respKey),
			candidates: []*certificate.Certificate{f.leaf, f.noEKU, f.responder}, want: f.responder},
		{name: "delegated without certificate", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries}, f.responder, f.respKey), wantErr: certificate.ErrUnauthorisedResponder},
		{name: "delegated without EKU", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, Certificates: []*certificate.Certificate{f.noEKU}}, f.noEKU, f.respKey),
			wantErr: certificate.ErrUnauthorisedResponder},
		{name: "responder of another CA", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, Certificates: []*certificate.Certificate{f.byRoot}}, f.byRoot, f.respKey),
			wantErr: certificate.ErrUnauthorisedResponder},
		{name: "responder of another CA by key", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries, ResponderByKey: true}, f.rootResponder, f.respKey),
			candidates: []*certificate.Certificate{f.rootResponder}, wantErr: certificate.ErrUnauthorisedResponder},
		{name: "bad signature", der: tampered, wantErr: certificate.ErrBadSignature},
		// A CA of the same name with another key signs.
		{name: "signed by another key", der: ocspDER(t, &certtest.OCSPTemplate{Responses: entries}, f.forged, mustSigner(t, f.chainPKI, "forged")),
			wantErr: certificate.ErrBadSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := mustOCSP(t, tc.der)
			got, err := r.Responder(f.ca, tc.candidates...)
			if tc.wantErr != nil {
				if got != nil || !errors.Is(err, tc.wantErr) {
					t.Fatalf("Responder: %v (found %v); want %v", err, got != nil, tc.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got.Raw, tc.want.Raw) {
				t.Fatalf("Responder: %v; want %s", err, tc.want.Subject.CommonName)
			}
			if err := r.CheckSignatureFrom(got); err != nil {
				t.Errorf("CheckSignatureFrom: %v", err)
			}
			if err := r.CheckSignatureFrom(f.root); !errors.Is(err, certificate.ErrBadSignature) {
				t.Errorf("CheckSignatureFrom(root) = %v", err)
			}
		})
	}
}

func TestOCSPCertIDHashes(t *testing.T) {
	t.Parallel()
	f := testOCSP(t)
	for _, tc := range []struct {
		h    certtest.CertIDHash
		oid  string
		size int
	}{
		{certtest.CertIDSHA1, "1.3.14.3.2.26", 20},
		{certtest.CertIDSHA256, "2.16.840.1.101.3.4.2.1", 32},
		{certtest.CertIDStreebog256, "1.2.643.7.1.1.2.2", 32},
		{certtest.CertIDStreebog512, "1.2.643.7.1.1.2.3", 64},
	} {
		t.Run(tc.oid, func(t *testing.T) {
			t.Parallel()
			r := mustOCSP(t, ocspDER(t, &certtest.OCSPTemplate{CertIDHash: tc.h, Responses: []certtest.OCSPEntry{good(f.leaf, f.ca), good(f.ca, f.root)}}, f.ca, f.caKey))
			id := r.Responses[0].CertID
			if id.HashAlgorithm.String() != tc.oid || len(id.IssuerNameHash) != tc.size || len(id.IssuerKeyHash) != tc.size {
				t.Fatalf("CertID %v", id)
			}
			if sr := r.ResponseFor(f.leaf, f.ca); sr != &r.Responses[0] {
				t.Errorf("leaf: %v", sr)
			}
			if sr := r.ResponseFor(f.ca, f.root); sr != &r.Responses[1] {
				t.Errorf("CA: %v", sr)
			}
			// The wrong issuer, a certificate of the same issuer with another
			// serial, and a forged issuer of the same name and another key.
			for _, miss := range [][2]*certificate.Certificate{{f.leaf, f.root}, {f.ee[certtest.PresetPerson], f.ca}, {f.leaf, f.forged}, {f.leaf, nil}} {
				if sr := r.ResponseFor(miss[0], miss[1]); sr != nil {
					t.Errorf("ResponseFor(%s, %v) matched", miss[0].Subject.CommonName, miss[1])
				}
			}
		})
	}
}

// BenchmarkVerifyOCSP: parse one 256-bit GOST OCSP response, find the
// authorised responder (the response's signature verified) and look up the
// status of a certificate: signed by the CA itself (one signature), and by
// a delegated responder whose certificate is embedded, as CryptoPro
// responders send it (two signatures: the responder's certificate and the
// response).
func BenchmarkVerifyOCSP(b *testing.B) {
	f := testOCSP(b)
	for _, bc := range []struct {
		name   string
		signer *certificate.Certificate
		key    *certificate.GOSTPrivateKey
		embed  []*certificate.Certificate
	}{
		{"issuer", f.ca, f.caKey, nil},
		{"delegated", f.responder, f.respKey, []*certificate.Certificate{f.responder}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			der := ocspDER(b, &certtest.OCSPTemplate{CertIDHash: certtest.CertIDStreebog256, ResponderByKey: true, Certificates: bc.embed,
				Responses: []certtest.OCSPEntry{good(f.leaf, f.ca)}}, bc.signer, bc.key)
			b.SetBytes(int64(len(der)))
			b.ReportAllocs()
			for b.Loop() {
				r, err := certificate.ParseOCSPResponse(der)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Responder(f.ca); err != nil {
					b.Fatal(err)
				}
				if sr := r.ResponseFor(f.leaf, f.ca); sr == nil || sr.Status != certificate.OCSPGood {
					b.Fatal("no good status")
				}
			}
		})
	}
}

func TestOCSPGeneralizedTime(t *testing.T) {
	t.Parallel()
	gt := func(s string) []byte { return append([]byte{0x18, byte(len(s))}, s...) }
	base := time.Date(2024, 7, 16, 13, 28, 4, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"20240716132804Z", base, true},
		{"20240716132804.5Z", base.Add(500 * time.Millisecond), true},
		{"20240716132804.123456789Z", base.Add(123456789), true},
		{"20240716132804.50Z", time.Time{}, false}, // trailing zero
		{"20240716132804.Z", time.Time{}, false},
		{"20240716132804.1234567891Z", time.Time{}, false},
		{"20240716132804+0300", time.Time{}, false}, // DER needs Z
		{"202407161328Z", time.Time{}, false},
		{"20241316132804Z", time.Time{}, false}, // month 13
		{"20240230132804Z", time.Time{}, false}, // 30 February
		{"2024071613280aZ", time.Time{}, false},
		{"20240716132804,5Z", time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := certificate.ReadGeneralizedTime(gt(tc.in))
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("%s: %v %v, want %v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := certificate.ReadGeneralizedTime([]byte{0x17, 0x0d, '2', '4', '0', '7', '1', '6', '1', '3', '2', '8', '0', '4', 'Z'}); ok {
		t.Error("UTCTime accepted")
	}
}
