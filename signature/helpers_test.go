package signature

import (
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
)

var (
	testFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	testAt   = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

// testPKI is a deterministic root → CA → end-entity PKI.
type testPKI struct {
	root, ca, ee   *certificate.Certificate
	rootKey, caKey *certificate.GOSTPrivateKey
	eeKey          *certificate.GOSTPrivateKey
	other          *certificate.Certificate // another end entity, other key
	otherKey       *certificate.GOSTPrivateKey
}

var (
	pkiMu    sync.Mutex
	pkiCache = map[string]*testPKI{}
)

func buildPKI(t testing.TB, eeCurve string) *testPKI {
	t.Helper()
	pkiMu.Lock()
	defer pkiMu.Unlock()
	if p, ok := pkiCache[eeCurve]; ok {
		return p
	}
	rnd := mrand.NewChaCha8([32]byte{1, byte(len(eeCurve))})
	ids := mrand.New(mrand.NewPCG(1, 42))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := &testPKI{}
	var err error
	p.rootKey, err = certtest.GenerateKey("CryptoPro-A", rnd)
	must(err)
	p.caKey, err = certtest.GenerateKey("CryptoPro-A", rnd)
	must(err)
	p.eeKey, err = certtest.GenerateKey(eeCurve, rnd)
	must(err)
	p.otherKey, err = certtest.GenerateKey(eeCurve, rnd)
	must(err)
	p.root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, testFrom.AddDate(-1, 0, 0)), nil, p.rootKey, p.rootKey.Public(), rnd)
	must(err)
	p.ca, err = certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, testFrom.AddDate(-1, 0, 0)), p.root, p.rootKey, p.caKey.Public(), rnd)
	must(err)
	p.ee, err = certtest.Create(certtest.NewTemplate(certtest.PresetLegalEntityHead, ids, testFrom), p.ca, p.caKey, p.eeKey.Public(), rnd)
	must(err)
	p.other, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, testFrom), p.ca, p.caKey, p.otherKey.Public(), rnd)
	must(err)
	pkiCache[eeCurve] = p
	return p
}

func pki256(t testing.TB) *testPKI { return buildPKI(t, "CryptoPro-XchA") }
func pki512(t testing.TB) *testPKI { return buildPKI(t, "tc26-512-A") }

// fixedOpts verifies at testAt with chain validation delegated to a stub
// that passes.
func fixedOpts() VerifyOptions {
	return VerifyOptions{
		At: testAt,
		ValidateCertificate: func(Validation) check.Results {
			return check.Results{stubChain.Passed("test stub")}
		},
	}
}

// stubChain is the rule of the test stubs that stand in for chain
// validation.
var stubChain = check.Rule{ID: "TEST-CHAIN", Title: "test stub", Citation: "test", Severity: check.Fail,
	Message: "Цепочка не проверена заглушкой: %s", PassMessage: "Цепочка проверена заглушкой"}

func signT(t testing.TB, p *testPKI, content []byte, opts SignOptions) []byte {
	t.Helper()
	if opts.Time.IsZero() {
		opts.Time = testAt
	}
	if opts.Rand == nil {
		opts.Rand = mrand.NewChaCha8([32]byte{7})
	}
	out, err := Sign(content, p.ee, p.eeKey, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustParse(t testing.TB, b []byte) *SignedData {
	t.Helper()
	sd, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return sd
}

func status(t testing.TB, r *Result, signer int, id string) check.Status {
	t.Helper()
	c, ok := r.Signers[signer].Checks.Find(id)
	if !ok {
		t.Fatalf("no %s in %v", id, r)
	}
	return c.Status
}

func readTC26(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "data", "tc26_cms", name))
	if err != nil {
		t.Skipf("TC26 data not available: %v", err)
	}
	return b
}

var testContent = []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Документ Ид=\"1\">Тестовый документ ЕГИСЗ</Документ>\n")

// certChainRule is SIG-CERT-CHAIN, looked up by its ID: the rule of the
// results a certificate validator (VerifyOptions.ValidateCertificate)
// returns.
func certChainRule() *check.Rule {
	r, ok := check.NewRegistry(Rules()...).Lookup("SIG-CERT-CHAIN")
	if !ok {
		panic("no rule SIG-CERT-CHAIN")
	}
	return &r
}
