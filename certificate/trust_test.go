package certificate_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
)

// tslFixture is a synthetic trusted list around the test PKI.
type tslFixture struct {
	p *chainPKI
	// closedCA is accredited until testAt-30d, then Прекращена;
	// closedLeaf is issued by it.
	closedCA, closedLeaf *certificate.Certificate
	xml                  []byte
	list                 *trust.List
	// signer signs xml and is pinned.
	signer *certificate.Certificate
}

var (
	tslOnce sync.Once
	tslFix  *tslFixture
	tslErr  error
)

func testTSL(t testing.TB) *tslFixture {
	t.Helper()
	p := testChainPKI(t)
	tslOnce.Do(func() { tslFix, tslErr = buildTSLFixture(p) })
	if tslErr != nil {
		t.Fatal(tslErr)
	}
	return tslFix
}

func buildTSLFixture(p *chainPKI) (*tslFixture, error) {
	f := &tslFixture{p: p}
	rnd := mrand.NewChaCha8([32]byte{88})
	ids := mrand.New(mrand.NewPCG(88, 1))
	tm := certtest.NewTemplate(certtest.PresetCA, ids, testFrom.AddDate(-1, 0, 0))
	tm.Subject.CommonName = "Прекращённый УЦ"
	var err error
	if f.closedCA, err = certtest.Create(tm, p.root, p.rootKey, p.caKey.Public(), rnd); err != nil {
		return nil, err
	}
	if f.closedLeaf, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, testFrom), f.closedCA, p.caKey, p.eeK.Public(), rnd); err != nil {
		return nil, err
	}
	active := trust.StatusChange{Status: trust.Active, From: testFrom.AddDate(-3, 0, 0)}
	spec := &certtest.TrustedListSpec{Version: "16400", Date: testAt.AddDate(0, 0, -1), CAs: []certtest.TrustedCASpec{
		{Name: "Минцифры России (тест)", ShortName: "ГУЦ", OGRN: trust.MinDigitalOGRN, INN: "7710474375", RegistryNumber: "1", Status: active,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-root.crl"}, Certificates: []*certificate.Certificate{p.root}}}},
		{Name: "Тестовый УЦ", OGRN: p.ca.Subject.OGRN.Value, INN: p.ca.Subject.INNLE.Value, RegistryNumber: "2", Status: active,
			History: []trust.StatusChange{{Status: trust.Active, From: testFrom.AddDate(-3, 0, 0)}},
			Keys:    []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-ca.crl"}, Certificates: []*certificate.Certificate{p.ca, p.ca2}}}},
		{Name: "Прекращённый УЦ", OGRN: "1027700000001", RegistryNumber: "3", KeysDirectly: true,
			Status:  trust.StatusChange{Status: trust.Terminated, From: testAt.AddDate(0, 0, -30)},
			History: []trust.StatusChange{{Status: trust.Active, From: testFrom.AddDate(-3, 0, 0)}, {Status: trust.Terminated, From: testAt.AddDate(0, 0, -30)}},
			Keys:    []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{f.closedCA, p.noCertSign}}}},
	}}
	// A wrong thumbprint for the last certificate (p.noCertSign); the list
	// is signed as it is.
	spec.CAs[2].Keys[0].Thumbprints = []string{"", strings.Repeat("AB", 20)}
	f.signer = p.ee[certtest.PresetLegalEntityHead]
	spec.Signer, spec.SignerKey, spec.Rand = f.signer, p.eeK, rnd
	f.xml = certtest.BuildTrustedList(spec)
	if f.list, err = trust.ParseList(f.xml, &trust.ListOptions{Signers: []*certificate.Certificate{f.signer}}); err != nil {
		return nil, err
	}
	if !f.list.Signature.Verified() {
		return nil, fmt.Errorf("test list signature %s: %v", f.list.Signature.Status, f.list.Signature.Err)
	}
	return f, nil
}

func TestLoadTrustedList(t *testing.T) {
	t.Parallel()
	f := testTSL(t)
	l := f.list
	if l.Version != "16400" || !l.Date.Equal(testAt.AddDate(0, 0, -1)) {
		t.Errorf("version %q date %v", l.Version, l.Date)
	}
	if len(l.CAs) != 3 || l.Roots.Len() != 1 || l.Intermediates.Len() != 3 {
		t.Fatalf("%d CAs, %d roots, %d intermediates", len(l.CAs), l.Roots.Len(), l.Intermediates.Len())
	}
	if len(l.Rejected) != 1 || !errors.Is(l.Rejected[0].Err, trust.ErrThumbprint) || l.Rejected[0].CA != "Прекращённый УЦ" {
		t.Fatalf("rejected %+v", l.Rejected)
	}
	ca := l.CA(f.p.ca.Subject.OGRN.Value)
	if ca == nil || len(ca.Keys) != 1 || len(ca.Keys[0].CRLURLs) != 1 || len(ca.Keys[0].Certificates) != 2 ||
		!bytes.Equal(ca.Keys[0].KeyID, f.p.ca.SubjectKeyID) || ca.Keys[0].Certificates[0].FingerprintSHA1 != f.p.ca.FingerprintSHA1 {
		t.Fatalf("CA entry %+v", ca)
	}
	closed := l.CA("1027700000001")
	if closed == nil || len(closed.Keys) != 1 {
		t.Fatal("keys placed directly under УдостоверяющийЦентр not read")
	}
	for _, tc := range []struct {
		at   time.Time
		want trust.Status
		ok   bool
	}{
		{testAt, trust.Terminated, true},
		{testAt.AddDate(0, -2, 0), trust.Active, true},
		{testFrom.AddDate(-4, 0, 0), "", false},
	} {
		st, _, ok := closed.StatusAt(tc.at)
		if st != tc.want || ok != tc.ok {
			t.Errorf("StatusAt(%v) = %q %v", tc.at, st, ok)
		}
	}
}

// TestTrustSourceSignature: chains on pools without a source (plain
// certificate files) do not report the source's signature; a source that
// does not state its signature (a pool built by hand) is reported as not
// checked; a verified one adds nothing.
func TestTrustSourceSignature(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	leaf := p.ee[certtest.PresetPerson]
	for _, tc := range []struct {
		name  string
		trust certificate.Trust
		want  check.Status
		code  string
	}{
		{"plain files", certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca)}, check.Skip, ""},
		{"source not stated", certificate.Trust{Roots: certificate.NewAccreditedPool(certificate.TrustSource{Version: "7"}, []*certificate.Certificate{p.root}, []certificate.Accreditation{accredited{}}),
			Intermediates: certificate.NewAccreditedPool(certificate.TrustSource{Version: "7"}, []*certificate.Certificate{p.ca}, []certificate.Accreditation{accredited{}})},
			check.Indeterminate, "source-not-checked"},
		{"source verified", certificate.Trust{Roots: certificate.NewAccreditedPool(certificate.TrustSource{Version: "7", Signature: certificate.SourceVerified}, []*certificate.Certificate{p.root}, []certificate.Accreditation{accredited{}}),
			Intermediates: certificate.NewAccreditedPool(certificate.TrustSource{Version: "7", Signature: certificate.SourceVerified}, []*certificate.Certificate{p.ca}, []certificate.Accreditation{accredited{}})},
			check.Pass, ""},
		{"only the anchor from an invalid source", certificate.Trust{Roots: certificate.NewAccreditedPool(certificate.TrustSource{Version: "7", Signature: certificate.SourceInvalid}, []*certificate.Certificate{p.root}, []certificate.Accreditation{accredited{}}),
			Intermediates: certificate.NewPool(p.ca)}, check.Fail, "source-invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := certificate.Verify(leaf, certificate.VerifyOptions{Trust: tc.trust, At: testAt})
			acc, ok := r.Results.Find("CHAIN-ACCREDITATION")
			if !ok || len(r.Results) != 8 {
				t.Fatalf("%d results", len(r.Results))
			}
			if tc.want == check.Fail {
				// The intermediate is not listed, so the accreditation
				// fails twice over; the source's verdict is among them.
				if acc.Status != check.Fail || !strings.Contains(acc.Message, "подпись которого неверна") {
					t.Errorf("%s/%s: %s", acc.Status, acc.Outcome, acc.Message)
				}
				return
			}
			if acc.Status != tc.want || acc.Outcome != tc.code {
				t.Errorf("%s/%s: %s", acc.Status, acc.Outcome, acc.Message)
			}
		})
	}
}

// accredited is an Accreditation that is always active.
type accredited struct{}

func (accredited) CA() (string, string) { return "УЦ", "1027700000000" }
func (accredited) StatusAt(time.Time) (string, bool, time.Time, bool) {
	return "Действует", true, time.Time{}, true
}
func (accredited) CRLURLs() []string { return nil }

func TestVerifyWithTrustedList(t *testing.T) {
	t.Parallel()
	f := testTSL(t)
	p := f.p
	tests := []struct {
		name    string
		cert    *certificate.Certificate
		at      time.Time
		wantErr error
		link    int
	}{
		{"active CA", p.ee[certtest.PresetPerson], testAt, nil, 0},
		{"terminated CA at T", f.closedLeaf, testAt, certificate.ErrNotAccredited, 1},
		{"terminated CA before termination", f.closedLeaf, testAt.AddDate(0, -2, 0), nil, 0},
		{"CA missing from the list", p.leafNotCA, testAt, certificate.ErrNoTrustedRoot, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := certificate.Verify(tc.cert, certificate.VerifyOptions{Trust: f.list.Trust(), At: tc.at})
			if r.Source == nil || r.Source.Version != "16400" || r.Source.Date.IsZero() {
				t.Errorf("list version %q date %v not recorded", r.Source.Version, r.Source.Date)
			}
			if tc.wantErr == nil {
				if r.Err != nil {
					t.Fatalf("%v\n%v", r.Err, r.Results)
				}
				if res, _ := r.Results.Find("CHAIN-ACCREDITATION"); res.Status != check.Pass {
					t.Errorf("accreditation %v", res)
				}
				return
			}
			if !errors.Is(r.Err, tc.wantErr) {
				t.Fatalf("err %v, want %v\n%v", r.Err, tc.wantErr, r.Results)
			}
			var ce *certificate.ChainError
			if errors.As(r.Err, &ce) && ce.Link != tc.link {
				t.Errorf("link %d", ce.Link)
			}
			if tc.wantErr == certificate.ErrNotAccredited && !strings.Contains(ce.Message, "Прекращена") {
				t.Errorf("message %q", ce.Message)
			}
		})
	}
	// A CA certificate supplied with the document but absent from the list.
	r := certificate.Verify(p.leafNotCA, certificate.VerifyOptions{Trust: certificate.Trust{Roots: f.list.Roots, Intermediates: f.list.Intermediates}, At: testAt, Extra: []*certificate.Certificate{p.notCA}})
	if !errors.Is(r.Err, certificate.ErrNotCA) || countStatus(r.Results, "CHAIN-ACCREDITATION", check.Fail) != 1 {
		t.Errorf("extra CA not in list: %v\n%v", r.Err, r.Results)
	}
}

func TestTrustedListBadInput(t *testing.T) {
	t.Parallel()
	f := testTSL(t)
	good := string(f.xml)
	tests := []struct {
		name string
		xml  string
		want error
	}{
		{"doctype", strings.Replace(good, "<АккредитованныеУдостоверяющиеЦентры", `<!DOCTYPE x [<!ENTITY a "b">]><АккредитованныеУдостоверяющиеЦентры`, 1), trust.ErrMalformed},
		{"entity", strings.Replace(good, "<Версия>16400", "<Версия>&a;", 1), trust.ErrMalformed},
		{"wrong root", "<root/>", trust.ErrMalformed},
		{"empty", "", trust.ErrMalformed},
		{"truncated", good[:len(good)/2], trust.ErrMalformed},
		{"two roots", good + good[strings.Index(good, "<Акк"):], trust.ErrMalformed},
		{"deep", "<АккредитованныеУдостоверяющиеЦентры>" + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) + "</АккредитованныеУдостоверяющиеЦентры>", trust.ErrMalformed},
		{"cp1251", `<?xml version="1.0" encoding="windows-1251"?><АккредитованныеУдостоверяющиеЦентры/>`, trust.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := trust.ParseList([]byte(tc.xml), nil); !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("unknown elements tolerated", func(t *testing.T) {
		t.Parallel()
		x := strings.Replace(good, "<Версия>", "<Новое><Вложенное a=\"1\">x</Вложенное></Новое><Версия>", 1)
		l, err := trust.ParseList([]byte(x), nil)
		if err != nil || l.Version != "16400" {
			t.Fatalf("%v", err)
		}
	})
	t.Run("oversized reader rejected early", func(t *testing.T) {
		t.Parallel()
		r := &countingReader{r: io.MultiReader(strings.NewReader("<АккредитованныеУдостоверяющиеЦентры>"), infiniteSpaces{})}
		_, err := trust.LoadList(r, nil)
		if !errors.Is(err, trust.ErrTooLarge) {
			t.Fatalf("err %v", err)
		}
		if r.n > trust.MaxListSize+1<<20 {
			t.Errorf("read %d bytes before rejecting", r.n)
		}
	})
	t.Run("oversized slice", func(t *testing.T) {
		t.Parallel()
		if _, err := trust.ParseList(make([]byte, 1001), &trust.ListOptions{MaxSize: 1000}); !errors.Is(err, trust.ErrTooLarge) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("other head CA", func(t *testing.T) {
		t.Parallel()
		l, err := trust.ParseList(f.xml, &trust.ListOptions{HeadCAOGRN: "1000000000000"})
		if err != nil || l.Roots.Len() != 0 {
			t.Fatalf("%v, %d roots", err, l.Roots.Len())
		}
	})
}

type infiniteSpaces struct{}

func (infiniteSpaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// Large synthetic list: 2 000+ CA certificates, built once per test binary.
type bigTSL struct {
	// xml is unsigned; signed is the same list signed by signer.
	xml, signed []byte
	signer      *certificate.Certificate
	list        *trust.List
	cas         []*certificate.Certificate
	keys        []*certificate.GOSTPrivateKey
	leaf        *certificate.Certificate
	index       int // the CA that issued leaf
	gen         time.Duration
}

var (
	bigOnce sync.Once
	bigFix  *bigTSL
	bigErr  error
)

const bigCAs = 2048

func testBigTSL(tb testing.TB) *bigTSL {
	tb.Helper()
	p := testPKI(tb)
	bigOnce.Do(func() { bigFix, bigErr = buildBigTSL(p) })
	if bigErr != nil {
		tb.Fatal(bigErr)
	}
	return bigFix
}

// buildBigTSL issues bigCAs CA certificates from the test root. Signing is
// the cost (one GOST signature each); the CAs share 8 keys and get distinct
// subject key identifiers so the index stays realistic.
func buildBigTSL(p *pki) (*bigTSL, error) {
	start := time.Now()
	b := &bigTSL{index: 1234}
	rnd := mrand.NewChaCha8([32]byte{99})
	ids := mrand.New(mrand.NewPCG(99, 1))
	for i := 0; i < 8; i++ {
		k, err := certtest.GenerateKey("CryptoPro-A", rnd)
		if err != nil {
			return nil, err
		}
		b.keys = append(b.keys, k)
	}
	spec := &certtest.TrustedListSpec{Version: "99999", Date: testAt, CAs: []certtest.TrustedCASpec{{Name: "ГУЦ", OGRN: trust.MinDigitalOGRN,
		Status: trust.StatusChange{Status: trust.Active, From: testFrom.AddDate(-5, 0, 0)},
		Keys:   []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{p.root}}}}}}
	base := certtest.NewTemplate(certtest.PresetCA, ids, testFrom.AddDate(-1, 0, 0))
	for i := 0; i < bigCAs; i++ {
		tm := *base
		tm.Subject.CommonName = fmt.Sprintf("Синтетический УЦ № %d", i)
		tm.Subject.Organization = tm.Subject.CommonName
		tm.SerialNumber = nil
		ski := make([]byte, 20)
		for j := range ski {
			ski[j] = byte(ids.Uint32())
		}
		tm.SubjectKeyID = ski
		c, err := certtest.Create(&tm, p.root, p.rootKey, b.keys[i%len(b.keys)].Public(), rnd)
		if err != nil {
			return nil, err
		}
		b.cas = append(b.cas, c)
		spec.CAs = append(spec.CAs, certtest.TrustedCASpec{Name: tm.Subject.CommonName, OGRN: fmt.Sprintf("10277%08d", i),
			Status: trust.StatusChange{Status: trust.Active, From: testFrom.AddDate(-2, 0, 0)}, KeysDirectly: i%2 == 0,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{fmt.Sprintf("http://pki.example.test/cdp/%d.crl", i)}, Certificates: []*certificate.Certificate{c}}}})
	}
	b.xml = certtest.BuildTrustedList(spec)
	b.signer = p.ee[certtest.PresetLegalEntityHead]
	spec.Signer, spec.SignerKey, spec.Rand = b.signer, p.eeK, rnd
	b.signed = certtest.BuildTrustedList(spec)
	var err error
	if b.list, err = trust.ParseList(b.xml, nil); err != nil {
		return nil, err
	}
	issuer := b.cas[b.index]
	if b.leaf, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, testFrom), issuer, b.keys[b.index%len(b.keys)], p.eeK.Public(), rnd); err != nil {
		return nil, err
	}
	b.gen = time.Since(start)
	return b, nil
}

// TestLargeTrustedList loads 2 000+ CAs and checks that a chain query finds
// the right issuer among CAs sharing keys and names patterns.
func TestLargeTrustedList(t *testing.T) {
	t.Parallel()
	b := testBigTSL(t)
	t.Logf("generated %d CA certificates and %d bytes of XML in %v", bigCAs, len(b.xml), b.gen)
	if b.list.Intermediates.Len() != bigCAs || b.list.Roots.Len() != 1 || len(b.list.Rejected) != 0 {
		t.Fatalf("%d intermediates, %d roots, %d rejected", b.list.Intermediates.Len(), b.list.Roots.Len(), len(b.list.Rejected))
	}
	r := certificate.Verify(b.leaf, certificate.VerifyOptions{Trust: b.list.Trust(), At: testAt})
	if r.Err != nil {
		t.Fatalf("%v\n%v", r.Err, r.Results)
	}
	if len(r.Chain) != 3 || !bytes.Equal(r.Chain[1].Raw, b.cas[b.index].Raw) {
		t.Fatalf("wrong issuer %s", r.Chain[1].Subject.CommonName)
	}
	if r.Source == nil || r.Source.Version != "99999" {
		t.Error("version not recorded")
	}
	start := time.Now()
	l, err := trust.ParseList(b.signed, &trust.ListOptions{Signers: []*certificate.Certificate{b.signer}})
	if err != nil || !l.Signature.Verified() || l.Intermediates.Len() != bigCAs {
		t.Fatalf("signed: %v %s %v", err, l.Signature.Status, l.Signature.Err)
	}
	t.Logf("signed list of %d bytes parsed and verified in %v", len(b.signed), time.Since(start))
}

func BenchmarkLoadTrustedList(b *testing.B) {
	big := testBigTSL(b)
	b.SetBytes(int64(len(big.xml)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := trust.ParseList(big.xml, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSignedTrustedList parses the big list with its XMLDSig
// verified (the tree, two canonical forms, Streebog over the list, one GOST
// verification).
func BenchmarkLoadSignedTrustedList(b *testing.B) {
	big := testBigTSL(b)
	opts := &trust.ListOptions{Signers: []*certificate.Certificate{big.signer}}
	b.SetBytes(int64(len(big.signed)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := trust.ParseList(big.signed, opts)
		if err != nil || !l.Signature.Verified() {
			b.Fatal(err, l.Signature.Err)
		}
	}
}

func BenchmarkVerifyChain(b *testing.B) {
	big := testBigTSL(b)
	opts := certificate.VerifyOptions{Trust: big.list.Trust(), At: testAt}
	b.ReportAllocs()
	for b.Loop() {
		if r := certificate.Verify(big.leaf, opts); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}

func BenchmarkVerifyChainSmallPool(b *testing.B) {
	p := testPKI(b)
	opts := certificate.VerifyOptions{Trust: certificate.Trust{Roots: certificate.NewPool(p.root), Intermediates: certificate.NewPool(p.ca)}, At: testAt}
	b.ReportAllocs()
	for b.Loop() {
		if r := certificate.Verify(p.ee[certtest.PresetPerson], opts); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}
