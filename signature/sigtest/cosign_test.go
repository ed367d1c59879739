package sigtest_test

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oracle"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// coPKI is a root and three people it certified: two with 256-bit keys,
// one with a 512-bit key (so the digest algorithms differ).
type coPKI struct {
	root   *certificate.Certificate
	people []*certificate.Certificate
	keys   []*certificate.GOSTPrivateKey
}

var coFrom = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func newCoPKI(t *testing.T) *coPKI {
	t.Helper()
	rnd := mrand.NewChaCha8([32]byte{11})
	ids := mrand.New(mrand.NewPCG(11, 11))
	rootKey, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		t.Fatal(err)
	}
	p := &coPKI{}
	if p.root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, coFrom), nil, rootKey, rootKey.Public(), rnd); err != nil {
		t.Fatal(err)
	}
	for _, curve := range []string{"CryptoPro-A", "CryptoPro-XchA", "tc26-512-A"} {
		k, err := certtest.GenerateKey(curve, rnd)
		if err != nil {
			t.Fatal(err)
		}
		c, err := certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, coFrom), p.root, rootKey, k.Public(), rnd)
		if err != nil {
			t.Fatal(err)
		}
		p.people, p.keys = append(p.people, c), append(p.keys, k)
	}
	return p
}

func (p *coPKI) sign(t *testing.T, n int, content []byte, opts signature.SignOptions) []byte {
	t.Helper()
	opts.Time, opts.Rand = coFrom.Add(time.Hour), mrand.NewChaCha8([32]byte{byte(n)})
	sig, err := signature.Sign(content, p.people[n], p.keys[n], opts)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func (p *coPKI) verify(sig, content []byte) (*signature.Result, error) {
	sd, err := signature.Parse(sig)
	if err != nil {
		return nil, err
	}
	return sd.Verify(content, signature.VerifyOptions{At: coFrom.Add(2 * time.Hour), ValidateCertificate: signature.ChainValidator(certificate.Trust{
		Roots: certificate.NewPool(p.root)})}), nil
}

func TestCoSign(t *testing.T) {
	t.Parallel()
	p := newCoPKI(t)
	content := []byte("<Application>заявка</Application>")
	s0, s1, s2 := p.sign(t, 0, content, signature.SignOptions{}), p.sign(t, 1, content, signature.SignOptions{}), p.sign(t, 2, content, signature.SignOptions{})
	joined, err := sigtest.CoSign(s0, s1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		sigs    [][]byte
		content []byte
		signers []int // the people, in SignerInfo order
		digests int   // distinct digest algorithms
		failed  []int // signers (from 1) whose SIG-MESSAGE-DIGEST fails
	}{
		{"two", [][]byte{s0, s1}, content, []int{0, 1}, 1, nil},
		{"order kept", [][]byte{s1, s0}, content, []int{1, 0}, 1, nil},
		{"three, two digests", [][]byte{s0, s1, s2}, content, []int{0, 1, 2}, 2, nil},
		{"a co-signature co-signed again", [][]byte{joined, s2}, content, []int{0, 1, 2}, 2, nil},
		{"one signed other content", [][]byte{s0, p.sign(t, 1, append(bytes.Clone(content), ' '), signature.SignOptions{})}, content, []int{0, 1}, 1, []int{2}},
		{"the same signer twice", [][]byte{s0, s0}, content, []int{0, 0}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sig, err := sigtest.CoSign(tt.sigs...)
			if err != nil {
				t.Fatal(err)
			}
			sd, err := signature.Parse(sig)
			if err != nil {
				t.Fatal(err)
			}
			if len(sd.Signers) != len(tt.signers) || len(sd.DigestAlgorithms) != tt.digests || !sd.Detached {
				t.Fatalf("%d signers, %d digest algorithms, detached %v", len(sd.Signers), len(sd.DigestAlgorithms), sd.Detached)
			}
			if want := len(tt.signers); tt.name == "the same signer twice" {
				want = 1
				if len(sd.Certificates) != want {
					t.Errorf("%d certificates, want %d (no repeats)", len(sd.Certificates), want)
				}
			} else if len(sd.Certificates) != want {
				t.Errorf("%d certificates, want %d", len(sd.Certificates), want)
			}
			res, err := p.verify(sig, tt.content)
			if err != nil {
				t.Fatal(err)
			}
			for i, who := range tt.signers {
				s := res.Signers[i]
				if s.Certificate == nil || s.Certificate.SerialNumber.Cmp(p.people[who].SerialNumber) != 0 {
					t.Fatalf("signer %d is not person %d", i+1, who)
				}
				r, _ := s.Checks.Find("SIG-VALUE")
				if r.Status != check.Pass {
					t.Errorf("signer %d: SIG-VALUE %s", i+1, r)
				}
				md, _ := s.Checks.Find("SIG-MESSAGE-DIGEST")
				bad := false
				for _, f := range tt.failed {
					bad = bad || f == i+1
				}
				if (md.Status == check.Fail) != bad {
					t.Errorf("signer %d: %s", i+1, md)
				}
			}
			if ind, _ := res.All().Indication(); (ind == check.IndicationFailed) != (tt.failed != nil) {
				t.Errorf("indication %s\n%s", ind, res)
			}
		})
	}
	attached := p.sign(t, 1, content, signature.SignOptions{Attached: true})
	for name, sigs := range map[string][][]byte{
		"one":                  {s0},
		"none":                 nil,
		"detached + attached":  {s0, attached},
		"garbage":              {s0, []byte("junk")},
		"other attached bytes": {attached, p.sign(t, 0, []byte("другое"), signature.SignOptions{Attached: true})},
	} {
		if _, err := sigtest.CoSign(sigs...); !errors.Is(err, sigtest.ErrBuild) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Two attached signatures of the same content join too.
	both, err := sigtest.CoSign(attached, p.sign(t, 0, content, signature.SignOptions{Attached: true}))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := p.verify(both, nil); err != nil || len(res.Signers) != 2 || !res.Valid() {
		t.Fatalf("attached co-signature: %v\n%s", err, res)
	}
}

// TestCoSignOpenSSL: OpenSSL verifies every SignerInfo of a co-signature
// and rejects it when one signer's value is damaged.
func TestCoSignOpenSSL(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	p := newCoPKI(t)
	dir := t.TempDir()
	content := []byte("<Application>заявка</Application>")
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	root := write("root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw}))
	file := write("content.xml", content)
	sig, err := sigtest.CoSign(p.sign(t, 0, content, signature.SignOptions{}), p.sign(t, 2, content, signature.SignOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	attime := fmt.Sprint(coFrom.Add(2 * time.Hour).Unix())
	verify := func(sig []byte) error {
		_, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", write("co.sig", sig), "-content", file,
			"-CAfile", root, "-attime", attime, "-purpose", "any", "-out", os.DevNull)
		return err
	}
	if err := verify(sig); err != nil {
		t.Fatalf("openssl rejected the co-signature: %v", err)
	}
	out := o.Run(t, nil, "cms", "-cmsout", "-print", "-inform", "DER", "-in", write("co.sig", sig))
	if n := bytes.Count(out, []byte("signatureAlgorithm:")); n != 2 {
		t.Errorf("openssl sees %d signer infos, want 2\n%s", n, out)
	}
	// Damage the second signer's signature value: openssl and the library
	// reject it.
	value, err := sigtest.SignatureValue(sig, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(sig, value)
	bad := bytes.Clone(sig)
	bad[at+len(value)/2] ^= 1
	if err := verify(bad); err == nil {
		t.Error("openssl accepted a co-signature with a damaged second signer")
	}
	if res, err := p.verify(bad, content); err != nil || res.Valid() {
		t.Errorf("the library accepted it: %v", err)
	}
}
