package trust_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
)

// FuzzVerifyTrustedListSignature mutates small signed lists: the XMLDSig
// check never panics, always ends in a registered TSL-SIGNATURE outcome,
// and whenever a mutated list still verifies, what the list says (its
// version, date, CAs and certificates) is exactly what one of the signed
// seeds says: a verified signature never covers other content. The seeds
// are lists of no CA and of one CA signed with the committed fixtures' list
// signer (no key is generated under the fuzzer's instrumentation), one to
// four kilobytes. Run with -fuzzminimizetime=5s: minimising an XML input
// of kilobytes takes the default minute otherwise.
func FuzzVerifyTrustedListSignature(f *testing.F) {
	dir := filepath.Join("..", "..", "testdata", "fixtures")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	signer, err := certificate.ParseOne(read("pki/trusted-list-signer.pem"))
	if err != nil {
		f.Fatal(err)
	}
	key, err := certificate.ParsePrivateKey(read("keys/trusted-list-signer.key"))
	if err != nil {
		f.Fatal(err)
	}
	root, err := certificate.ParseOne(read("pki/root.pem"))
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	build := func(version string, cas ...certtest.TrustedCASpec) []byte {
		return certtest.BuildTrustedList(&certtest.TrustedListSpec{Version: version, Date: from, CAs: cas,
			Signer: signer, SignerKey: key, DSPrefix: "ds", Rand: mrand.NewChaCha8([32]byte{7})})
	}
	head := certtest.TrustedCASpec{Name: "ГУЦ", OGRN: root.Subject.OGRN.Value, Status: trust.StatusChange{Status: trust.Active, From: from},
		Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{root}}}}
	// The signer's certificate is in KeyInfo or, dropped (it is outside
	// SignedInfo), found among the pinned signers.
	noKeyInfo := regexp.MustCompile(`<ds:KeyInfo>[\s\S]*</ds:KeyInfo>`)
	seeds := [][]byte{
		noKeyInfo.ReplaceAll(build("1"), nil), // about 1 KB
		build("2"),
		noKeyInfo.ReplaceAll(build("3", head), nil),
	}
	opts := &trust.ListOptions{Signers: []*certificate.Certificate{signer}}
	signed := map[[32]byte]bool{}
	for _, seed := range seeds {
		l, err := trust.ParseList(seed, opts)
		if err != nil || !l.Signature.Verified() {
			f.Fatalf("seed does not verify: %v %v", err, l.Signature.Err)
		}
		signed[listContent(l)] = true
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := trust.ParseList(data, opts)
		if err != nil {
			return
		}
		r := l.CheckSignature()
		if r.ID != "TSL-SIGNATURE" || !r.Status.Valid() || r.Status == check.Indeterminate && !r.SubIndication.Valid() {
			t.Fatalf("%+v", r)
		}
		if l.Roots.Source().Signature != l.Signature.Status {
			t.Fatalf("pool source %s, list %s", l.Roots.Source().Signature, l.Signature.Status)
		}
		if l.Signature.Verified() != (r.Status == check.Pass) {
			t.Fatalf("status %s, result %s", l.Signature.Status, r.Status)
		}
		if l.Signature.Verified() && !signed[listContent(l)] {
			t.Fatalf("a verified list says something no signed list says: %s", l.Version)
		}
	})
}

// listContent digests what a list says.
func listContent(l *trust.List) [32]byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%q %d\n", l.Version, l.Date.Unix())
	for _, ca := range l.CAs {
		fmt.Fprintf(&b, "%q %q %q %q %q %v %v %d\n", ca.Name, ca.ShortName, ca.INN, ca.OGRN, ca.RegistryNumber, ca.Status, ca.History, len(ca.Keys))
		for _, k := range ca.Keys {
			fmt.Fprintf(&b, "%x %q\n", k.KeyID, k.CRLURLs)
			for _, c := range k.Certificates {
				b.Write(c.Raw)
			}
		}
	}
	for _, r := range l.Rejected {
		fmt.Fprintf(&b, "%q %q %q\n", r.CA, r.KeyID, r.Thumbprint)
	}
	return sha256.Sum256(b.Bytes())
}
