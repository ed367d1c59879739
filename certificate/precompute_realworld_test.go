package certificate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
)

// TestPrecomputeRealWorld verifies every certificate of the local corpus of
// real accredited-CA certificates (/tmp/rw, never committed) with the key of
// each CA of the corpus whose subject is its issuer, once with the plain key
// and once with the precomputed one: the results must agree, and the
// verified links must be many (real CryptoPro keys, not only generated
// ones).
func TestPrecomputeRealWorld(t *testing.T) {
	t.Parallel()
	dir := "/tmp/rw/corpus/gost-russian-ca/certs"
	files, _ := filepath.Glob(filepath.Join(dir, "*.pem"))
	if len(files) == 0 {
		t.Skip("no real-world CA corpus at", dir)
	}
	var certs []*certificate.Certificate
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if c, err := certificate.ParseOne(b); err == nil {
			certs = append(certs, c)
		}
	}
	bySubject := map[string][]*certificate.Certificate{}
	for _, c := range certs {
		bySubject[string(c.RawSubject)] = append(bySubject[string(c.RawSubject)], c)
	}
	pre := map[*certificate.Certificate]*certificate.GOSTPublicKey{}
	verified, failed := 0, 0
	for _, c := range certs {
		for _, issuer := range bySubject[string(c.RawIssuer)] {
			k, err := issuer.GOSTKey()
			if err != nil {
				continue
			}
			if pre[issuer] == nil {
				pre[issuer] = k.Precompute()
			}
			plain := c.CheckSignature(k)
			fast := c.CheckSignature(pre[issuer])
			if (plain == nil) != (fast == nil) {
				t.Fatalf("%s issued by %s: plain %v, precomputed %v", c.Subject.String(), issuer.Subject.String(), plain, fast)
			}
			if plain == nil {
				verified++
			} else {
				failed++
			}
		}
	}
	t.Logf("%d certificates, %d links verified and %d refused alike by both keys", len(certs), verified, failed)
	if verified < 100 {
		t.Fatalf("only %d links verified: the corpus is not what this test expects", verified)
	}
}
