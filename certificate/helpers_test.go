package certificate_test

import (
	"bytes"
	"encoding/pem"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/oid"
)

// sharedData returns the folder of public reference data
// (../../shared/reference/data relative to this package) or skips the test.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "reference", "data", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared reference data not available (%s): %v", dir, err)
	}
	return dir
}

// readShared reads one file of the shared reference data or skips.
func readShared(t testing.TB, sub, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedData(t, sub), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pemCert(c *certificate.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// testFrom is the start of validity of the test PKI; testAt is inside every
// certificate and private-key period.
var (
	testFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	testAt   = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

func mustCurve(t testing.TB, name string) *gost3410.Curve {
	t.Helper()
	c, err := gost3410.CurveByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pki is a deterministic three-level test PKI.
type pki struct {
	root, ca            *certificate.Certificate
	rootKey, caKey, eeK *certificate.GOSTPrivateKey
	ee                  map[certtest.Preset]*certificate.Certificate
	opts                *certificate.Options // accepts the test CA as head issuer
}

var (
	pki256Once sync.Once
	pki256     *pki
	pki256Err  error
)

// testPKI returns the shared 256-bit test PKI, built once.
func testPKI(t testing.TB) *pki {
	t.Helper()
	pki256Once.Do(func() { pki256, pki256Err = buildPKI("CryptoPro-A", "CryptoPro-XchA", 1) })
	if pki256Err != nil {
		t.Fatal(pki256Err)
	}
	return pki256
}

func buildPKI(caCurve, eeCurve string, seed uint64) (*pki, error) {
	rnd := mrand.NewChaCha8([32]byte{byte(seed)})
	ids := mrand.New(mrand.NewPCG(seed, 42))
	p := &pki{ee: make(map[certtest.Preset]*certificate.Certificate)}
	var err error
	if p.rootKey, err = certtest.GenerateKey(caCurve, rnd); err != nil {
		return nil, err
	}
	if p.caKey, err = certtest.GenerateKey(caCurve, rnd); err != nil {
		return nil, err
	}
	if p.eeK, err = certtest.GenerateKey(eeCurve, rnd); err != nil {
		return nil, err
	}
	if p.root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, testFrom.AddDate(-1, 0, 0)), nil, p.rootKey, p.rootKey.Public(), rnd); err != nil {
		return nil, err
	}
	if p.ca, err = certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, testFrom.AddDate(-1, 0, 0)), p.root, p.rootKey, p.caKey.Public(), rnd); err != nil {
		return nil, err
	}
	for _, pr := range []certtest.Preset{certtest.PresetLegalEntityHead, certtest.PresetEntrepreneur, certtest.PresetPerson} {
		if p.ee[pr], err = certtest.Create(certtest.NewTemplate(pr, ids, testFrom), p.ca, p.caKey, p.eeK.Public(), rnd); err != nil {
			return nil, err
		}
	}
	p.opts = &certificate.Options{HeadIssuers: []certificate.Issuer{{Name: "Тестовый УЦ", OGRN: p.ca.Subject.OGRN.Value, INNLE: p.ca.Subject.INNLE.Value}}}
	return p, nil
}

// issue creates an end-entity certificate of the preset from the test CA,
// after mutate has changed its template.
func (p *pki) issue(t testing.TB, pr certtest.Preset, mutate func(*certtest.Template)) *certificate.Certificate {
	t.Helper()
	ids := mrand.New(mrand.NewPCG(7, uint64(pr)))
	tmpl := certtest.NewTemplate(pr, ids, testFrom)
	if mutate != nil {
		mutate(tmpl)
	}
	c, err := certtest.Create(tmpl, p.ca, p.caKey, p.eeK.Public(), mrand.NewChaCha8([32]byte{9}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// issueDER is issue without Parse, for certificates Parse rejects.
func (p *pki) issueDER(t testing.TB, pr certtest.Preset, mutate func(*certtest.Template)) []byte {
	t.Helper()
	ids := mrand.New(mrand.NewPCG(7, uint64(pr)))
	tmpl := certtest.NewTemplate(pr, ids, testFrom)
	if mutate != nil {
		mutate(tmpl)
	}
	der, err := certtest.CreateDER(tmpl, p.ca, p.caKey, p.eeK.Public(), mrand.NewChaCha8([32]byte{9}))
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// buildPKCS7 wraps DER certificates in a certs-only SignedData.
func buildPKCS7(certs ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid.SignedData.OID())
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid.Data.OID()) })
				if len(certs) > 0 {
					b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
						for _, c := range certs {
							b.AddBytes(c)
						}
					})
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {})
			})
		})
	})
	return b.BytesOrPanic()
}

// replaceOnce replaces the single occurrence of old in b (which must occur
// exactly once) and returns a copy.
func replaceOnce(t testing.TB, b, old, repl []byte) []byte {
	t.Helper()
	if n := bytes.Count(b, old); n != 1 {
		t.Fatalf("pattern %X occurs %d times, want 1", old, n)
	}
	return bytes.Replace(b, old, repl, 1)
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }
