package certtest

import (
	"encoding/pem"
	"math/big"
	mrand "math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
)

func pemCert(c *certificate.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// testFrom is the start of validity of the test PKI; testAt is inside every
// certificate and private-key period.
var (
	testFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	testAt   = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

// pki is a deterministic three-level test PKI (the one the tests of package
// certificate build).
type pki struct {
	root, ca            *certificate.Certificate
	rootKey, caKey, eeK *certificate.GOSTPrivateKey
	ee                  map[Preset]*certificate.Certificate
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
	p := &pki{ee: make(map[Preset]*certificate.Certificate)}
	var err error
	if p.rootKey, err = GenerateKey(caCurve, rnd); err != nil {
		return nil, err
	}
	if p.caKey, err = GenerateKey(caCurve, rnd); err != nil {
		return nil, err
	}
	if p.eeK, err = GenerateKey(eeCurve, rnd); err != nil {
		return nil, err
	}
	if p.root, err = Create(NewTemplate(PresetRoot, ids, testFrom.AddDate(-1, 0, 0)), nil, p.rootKey, p.rootKey.Public(), rnd); err != nil {
		return nil, err
	}
	if p.ca, err = Create(NewTemplate(PresetCA, ids, testFrom.AddDate(-1, 0, 0)), p.root, p.rootKey, p.caKey.Public(), rnd); err != nil {
		return nil, err
	}
	for _, pr := range []Preset{PresetLegalEntityHead, PresetEntrepreneur, PresetPerson} {
		if p.ee[pr], err = Create(NewTemplate(pr, ids, testFrom), p.ca, p.caKey, p.eeK.Public(), rnd); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }
