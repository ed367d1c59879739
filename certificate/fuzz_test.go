package certificate_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
)

// FuzzParse feeds arbitrary input to Parse: it must never panic, and what it
// accepts must re-parse identically and survive classification and the
// profile rules.
func FuzzParse(f *testing.F) {
	p := testPKI(f)
	leaf := p.ee[certtest.PresetLegalEntityHead].Raw
	seeds := [][]byte{
		leaf, p.ca.Raw, p.root.Raw, p.ee[certtest.PresetEntrepreneur].Raw, p.ee[certtest.PresetPerson].Raw,
		pemCert(p.ee[certtest.PresetPerson]),
		buildPKCS7(p.ca.Raw, p.root.Raw),
		[]byte(base64.StdEncoding.EncodeToString(leaf)),
		leaf[:len(leaf)/2], leaf[:7], append(bytes.Clone(leaf), 0),
		{0x30, 0x80}, {0x30, 0x81}, {0x1f, 0x80}, {},
		[]byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	for _, sub := range []string{"certs", "vectors"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "reference", "data", sub, "*.pem"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		certs, err := certificate.Parse(data)
		bundle, skipped, berr := certificate.ParseBundle(data)
		for _, e := range skipped {
			_ = e.Error() + e.MessageRU()
		}
		if berr == nil && len(bundle)+len(skipped) == 0 {
			t.Fatal("ParseBundle: nothing and no error")
		}
		if err == nil && (berr != nil || len(skipped) != 0 || len(bundle) != len(certs)) {
			t.Fatalf("ParseBundle disagrees with Parse: %d/%d certs, %d skipped, %v", len(bundle), len(certs), len(skipped), berr)
		}
		if err != nil {
			if certs != nil {
				t.Fatal("certificates returned with an error")
			}
			_ = err.Error()
			return
		}
		if len(certs) == 0 {
			t.Fatal("no certificates and no error")
		}
		for _, c := range certs {
			again, err := certificate.ParseOne(c.Raw)
			if err != nil {
				t.Fatalf("accepted certificate does not re-parse: %v", err)
			}
			if !bytes.Equal(again.Raw, c.Raw) || again.FingerprintSHA1 != c.FingerprintSHA1 {
				t.Fatal("re-parse differs")
			}
			_ = c.Classify(nil)
			_ = c.Subject.String() + c.Issuer.String() + c.PublicKey.CurveName()
			if rs := certificate.CheckProfile(c, testAt, nil); len(rs) != len(certificate.CheckProfile(nil, testAt, nil)) {
				t.Fatalf("%d results", len(rs))
			}
		}
	})
}

// FuzzParseCRL: ParseCRL never panics; an accepted CRL re-parses from its
// Raw, answers queries (Lookup finds the first entry of each listed serial)
// and was accepted by crypto/x509 too, with the same entries and fields
// (crypto/x509 parsed CRLs here before; ParseCRL may refuse more, never
// less).
func FuzzParseCRL(f *testing.F) {
	p := testPKI(f)
	good, err := certtest.CreateCRL(&certtest.CRLTemplate{Number: bigInt(3), ThisUpdate: testAt, NextUpdate: testAt.AddDate(0, 0, 7),
		Revoked: []certificate.RevokedEntry{{SerialNumber: bigInt(5), RevocationTime: testAt, Reason: certificate.ReasonKeyCompromise, HasReason: true}}},
		p.ca, p.caKey, mrandReader(1))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good.Raw)
	f.Add(good.Raw[:len(good.Raw)/2])
	f.Add([]byte("-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n"))
	// Unsigned edge cases: both signs of one magnitude, a duplicate, both
	// time types and an offset, several entry extensions.
	tm := utcT("250101100000Z")
	f.Add(newRawCRL(entry(-5, tm, reasonExt(1)), entry(5, genT("20500101000000Z"), reasonExt(-1)), entry(5, utcT("2401011200+0300")),
		entry(0x80, tm, rawExt{oid: []byte{0x55, 0x1d, 0x18}, value: genT("20240101000000Z")}, reasonExt(300))).der())
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "reference", "data", "vectors", "*crl*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := certificate.ParseCRL(data)
		if err != nil {
			if c != nil {
				t.Fatal("CRL returned with an error")
			}
			return
		}
		again, err := certificate.ParseCRL(c.Raw)
		if err != nil || !bytes.Equal(again.Raw, c.Raw) || again.Len() != c.Len() {
			t.Fatalf("re-parse: %v", err)
		}
		x509Agrees(t, c.Raw)
		i := 0
		for e := range c.All() {
			if !sameEntry(e, c.Entry(i)) {
				t.Fatalf("All and Entry(%d) differ", i)
			}
			i++
		}
		_ = c.CheckSignatureFrom(p.ca)
		_ = c.CurrentAt(testAt)
	})
}

// FuzzLoadTrustedList: ParseList never panics on arbitrary XML and what it
// accepts yields consistent pools. The seeds are small lists (one or two
// CAs, a few kilobytes, one of them signed) built from the committed
// fixture certificates and keys, so that no key is generated under the
// fuzzer's instrumentation. Run with -fuzzminimizetime=5s: minimising an
// XML input of kilobytes takes the default minute otherwise.
func FuzzLoadTrustedList(f *testing.F) {
	for _, seed := range smallTrustedLists(f) {
		f.Add(seed)
	}
	f.Add([]byte("<АккредитованныеУдостоверяющиеЦентры><Версия>1</Версия></АккредитованныеУдостоверяющиеЦентры>"))
	f.Add([]byte(`<!DOCTYPE a><АккредитованныеУдостоверяющиеЦентры/>`))
	f.Add([]byte("<АккредитованныеУдостоверяющиеЦентры><УдостоверяющийЦентр><КлючиУполномоченныхЛиц><Ключ><Сертификаты><ДанныеСертификата><Данные>AAAA</Данные></ДанныеСертификата></Сертификаты></Ключ></КлючиУполномоченныхЛиц></УдостоверяющийЦентр></АккредитованныеУдостоверяющиеЦентры>"))
	f.Add([]byte(`<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := trust.ParseList(data, nil)
		if err != nil {
			if l != nil {
				t.Fatal("list returned with an error")
			}
			return
		}
		n := 0
		for _, ca := range l.CAs {
			_, _, _ = ca.StatusAt(testAt)
			for _, k := range ca.Keys {
				n += len(k.Certificates)
			}
		}
		if l.Roots.Len()+l.Intermediates.Len() > n {
			t.Fatalf("%d pooled certificates from %d entries", l.Roots.Len()+l.Intermediates.Len(), n)
		}
		// Nothing is pinned, so nothing verifies.
		if l.Signature.Verified() || l.Roots.Source().Signature != l.Signature.Status {
			t.Fatalf("signature %s, source %s", l.Signature.Status, l.Roots.Source().Signature)
		}
		if r := l.CheckSignature(); r.ID != "TSL-SIGNATURE" || !r.Status.Valid() || r.Status == check.Pass {
			t.Fatalf("%+v", r)
		}
	})
}

// smallTrustedLists returns a list of one CA (the fixtures' root), one of
// two CAs, and the one of one CA signed with the fixtures' list signer.
func smallTrustedLists(f *testing.F) [][]byte {
	dir := filepath.Join("..", "testdata", "fixtures", "pki")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	cert := func(name string) *certificate.Certificate {
		c, err := certificate.ParseOne(read(name))
		if err != nil {
			f.Fatal(err)
		}
		return c
	}
	root, ca, signer := cert("root.pem"), cert("ca-fns.pem"), cert("trusted-list-signer.pem")
	key, err := certificate.ParsePrivateKey(read("../keys/trusted-list-signer.key"))
	if err != nil {
		f.Fatal(err)
	}
	active := trust.StatusChange{Status: trust.Active, From: testFrom}
	one := certtest.TrustedCASpec{Name: "ГУЦ", OGRN: root.Subject.OGRN.Value, Status: active,
		Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{root}}}}
	two := certtest.TrustedCASpec{Name: "УЦ", OGRN: ca.Subject.OGRN.Value, Status: active, KeysDirectly: true,
		History: []trust.StatusChange{active}, Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/a.crl"}, Certificates: []*certificate.Certificate{ca}}}}
	return [][]byte{
		certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "1", Date: testAt, CAs: []certtest.TrustedCASpec{one}}),
		certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "2", Date: testAt, CAs: []certtest.TrustedCASpec{one, two}}),
		certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: "3", Date: testAt, CAs: []certtest.TrustedCASpec{one},
			Signer: signer, SignerKey: key, DSPrefix: "ds", Rand: mrandReader(3)}),
	}
}

func mrandReader(seed byte) io.Reader { return mrand.NewChaCha8([32]byte{seed}) }

// FuzzParsePrivateKey: ParsePrivateKey never panics, and a key it accepts
// signs a digest that its public key verifies.
func FuzzParsePrivateKey(f *testing.F) {
	for i, curve := range []string{"tc26-256-A", "tc26-512-A"} {
		k, err := certtest.GenerateKey(curve, mrandReader(byte(i)))
		if err != nil {
			f.Fatal(err)
		}
		der, err := certtest.MarshalPrivateKey(k)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(der)
		f.Add(der[:len(der)-1])
		f.Add([]byte("-----BEGIN PRIVATE KEY-----\n" + base64.StdEncoding.EncodeToString(der) + "\n-----END PRIVATE KEY-----\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := certificate.ParsePrivateKey(data)
		if err != nil {
			if k != nil {
				t.Fatal("key returned with an error")
			}
			return
		}
		pub, ok := k.Public().(*certificate.GOSTPublicKey)
		if !ok {
			t.Fatalf("public key of type %T", k.Public())
		}
		digest := bytes.Repeat([]byte{0x5a}, pub.Bits()/8)
		sig, err := k.Sign(mrandReader(9), digest, nil)
		if err != nil {
			t.Fatalf("a parsed key does not sign: %v", err)
		}
		if err := pub.VerifyDigest(digest, sig); err != nil {
			t.Fatalf("a parsed key's signature does not verify: %v", err)
		}
	})
}

// FuzzParseOCSPResponse: ParseOCSPResponse never panics; an accepted
// response re-parses from its Raw (the BasicOCSPResponse) and answers the
// status and responder queries without panicking.
func FuzzParseOCSPResponse(f *testing.F) {
	fx := testOCSP(f)
	full := ocspDER(f, &certtest.OCSPTemplate{ResponderByKey: true, Responses: []certtest.OCSPEntry{
		good(fx.leaf, fx.ca),
		{Certificate: fx.ca, Issuer: fx.root, Status: certificate.OCSPRevoked, RevocationTime: testAt, Reason: certificate.ReasonSuperseded, HasReason: true, ThisUpdate: testAt},
	}}, fx.ca, fx.caKey)
	basic := mustOCSP(f, full).Raw
	f.Add(full)
	f.Add(basic)
	f.Add(full[:len(full)/2])
	f.Add([]byte{0x30, 0x03, 0x0a, 0x01, 0x03})
	f.Add([]byte("-----BEGIN OCSP RESPONSE-----\n-----END OCSP RESPONSE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := certificate.ParseOCSPResponse(data)
		if err != nil {
			if r != nil {
				t.Fatal("response returned with an error")
			}
			var pe *certificate.ParseError
			if !errors.As(err, &pe) || pe.MessageRU() == "" {
				t.Fatalf("%T without a Russian message", err)
			}
			return
		}
		again, err := certificate.ParseOCSPResponse(r.Raw)
		if err != nil || !bytes.Equal(again.Raw, r.Raw) || len(again.Responses) != len(r.Responses) || len(r.Responses) == 0 {
			t.Fatalf("re-parse: %v", err)
		}
		_ = r.ResponseFor(fx.leaf, fx.ca)
		_, _ = r.Responder(fx.ca, fx.responder)
		for _, sr := range r.Responses {
			_ = sr.Status.String()
		}
	})
}
