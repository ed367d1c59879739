package certificate_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"io/fs"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

// The decoder of Parse against the way this package parsed certificates
// before (the structural scan, crypto/x509.ParseCertificate, the profile):
// on every certificate at hand, on mutations of them and under the fuzzer,
// both must accept and refuse the same input — except where the decoder
// is documented stricter (conformance.go: trailing tbsCertificate fields
// out of the order and versions of RFC 5280 §4.1) — and decode the same
// fields.

// agree fails t unless the decoder and the reference agree on der. It
// reports whether the certificate was accepted.
func agree(t testing.TB, der []byte, what string) bool {
	t.Helper()
	own, ref, ownErr, refErr := certificate.ParseBoth(der)
	switch {
	case ownErr == nil && refErr == nil:
		if d := certificate.DiffCertificates(own, ref); d != "" {
			t.Fatalf("%s: decoded fields differ: %s", what, d)
		}
		return true
	case ownErr != nil && refErr != nil:
	case ownErr == nil:
		t.Fatalf("%s: the decoder accepts what crypto/x509 refused: %v", what, refErr)
	case canonicalTrailer(der):
		t.Fatalf("%s: the decoder refuses what crypto/x509 accepted: %v", what, ownErr)
	}
	return false
}

// canonicalTrailer reports whether the fields after subjectPublicKeyInfo
// follow RFC 5280 §4.1: issuerUniqueID [1] and subjectUniqueID [2]
// (primitive, from version 2), extensions [3] (version 3), in this order,
// each at most once. It is written apart from the decoder on purpose.
func canonicalTrailer(der []byte) bool {
	s := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !s.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return true
	}
	version := int64(0)
	var v cryptobyte.String
	var present bool
	if !tbs.ReadOptionalASN1(&v, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return true
	}
	if present && !v.ReadASN1Int64WithTag(&version, cbasn1.INTEGER) {
		return true
	}
	var skip cryptobyte.String
	for range 6 { // serialNumber … subjectPublicKeyInfo
		if !tbs.ReadAnyASN1Element(&skip, nil) {
			return true
		}
	}
	order := []cbasn1.Tag{cbasn1.Tag(1).ContextSpecific(), cbasn1.Tag(2).ContextSpecific(), cbasn1.Tag(3).Constructed().ContextSpecific()}
	allowed := map[int64]int{0: 0, 1: 2, 2: 3}[version]
	next := 0
	for !tbs.Empty() {
		var tag cbasn1.Tag
		if !tbs.ReadAnyASN1Element(&skip, &tag) {
			return true
		}
		i := 0
		for i < len(order) && order[i] != tag {
			i++
		}
		if i < next || i >= allowed {
			return false
		}
		next = i + 1
	}
	return true
}

// corpusCertificates returns the DER certificates this repository holds or
// builds: the fixtures, the GOST test vectors, generated test PKIs of each
// preset and the team's reference certificates when present.
func corpusCertificates(t testing.TB) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	for _, dir := range []string{
		filepath.Join("..", "testdata", "fixtures"),
		filepath.Join("..", "internal", "gost", "gost3410", "testdata"),
		filepath.Join("..", "..", "shared", "reference", "data", "certs"),
		filepath.Join("..", "..", "shared", "reference", "data", "vectors"),
	} {
		collectFiles(dir, out)
	}
	p := testPKI(t)
	out["pki/root"], out["pki/ca"] = p.root.Raw, p.ca.Raw
	for pr, c := range p.ee {
		out["pki/"+pr.String()] = c.Raw
	}
	rnd := mrand.NewChaCha8([32]byte{7})
	ids := mrand.New(mrand.NewPCG(7, 7))
	key, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range []certtest.Preset{certtest.PresetTSA, certtest.PresetOCSPResponder} {
		c, err := certtest.Create(certtest.NewTemplate(pr, ids, testFrom), p.ca, p.caKey, key.Public(), rnd)
		if err != nil {
			t.Fatal(err)
		}
		out["pki/"+pr.String()] = c.Raw
	}
	return out
}

// collectFiles adds the certificates found in the files under dir (PEM,
// DER, base64, certificates inside CMS); a missing dir adds nothing.
func collectFiles(dir string, out map[string][]byte) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 8<<20 {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for i, der := range certificatesIn(b) {
			out[path+"#"+string(rune('0'+i%10))+strings.Repeat("+", i/10)] = der
		}
		return nil
	})
}

// certificatesIn finds DER certificates in b: PEM blocks, raw DER or
// base64, and every element shaped like a certificate anywhere inside.
func certificatesIn(b []byte) [][]byte {
	var ders [][]byte
	if bytes.Contains(b, []byte("-----BEGIN")) {
		for rest := b; ; {
			var blk *pem.Block
			if blk, rest = pem.Decode(rest); blk == nil {
				break
			}
			ders = append(ders, blk.Bytes)
		}
	} else if len(b) > 0 && b[0] == 0x30 {
		ders = append(ders, b)
	} else if dec, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), "")); err == nil {
		ders = append(ders, dec)
	}
	var certs [][]byte
	for _, der := range ders {
		certs = findCertificates(der, certs, 0)
	}
	return certs
}

// findCertificates appends the elements of der shaped like a certificate
// (SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }), looking inside the
// others.
func findCertificates(der []byte, out [][]byte, depth int) [][]byte {
	if depth > 12 {
		return out
	}
	s := cryptobyte.String(der)
	for !s.Empty() {
		var el, body cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1Element(&el, &tag) {
			return out
		}
		if tag&0x20 == 0 {
			if tag == cbasn1.OCTET_STRING && el.ReadAnyASN1(&body, nil) {
				out = findCertificates(body, out, depth+1)
			}
			continue
		}
		c := el
		var tbs, alg, sig cryptobyte.String
		if tag == cbasn1.SEQUENCE && c.ReadASN1(&body, cbasn1.SEQUENCE) &&
			body.ReadASN1(&tbs, cbasn1.SEQUENCE) && body.ReadASN1(&alg, cbasn1.SEQUENCE) &&
			body.ReadASN1(&sig, cbasn1.BIT_STRING) && body.Empty() {
			out = append(out, el)
			continue
		}
		c = el
		if c.ReadAnyASN1(&body, nil) {
			out = findCertificates(body, out, depth+1)
		}
	}
	return out
}

func TestDecoderMatchesX509Corpus(t *testing.T) {
	t.Parallel()
	certs := corpusCertificates(t)
	if len(certs) < 10 {
		t.Fatalf("only %d certificates in the corpus", len(certs))
	}
	accepted := 0
	for name, der := range certs {
		if agree(t, der, name) {
			accepted++
		}
	}
	t.Logf("%d certificates, %d accepted by both", len(certs), accepted)
}

// TestDecoderMatchesX509RealWorld runs over the local real-world corpus
// (/tmp/rw, real people's certificates: never committed), when present.
func TestDecoderMatchesX509RealWorld(t *testing.T) {
	t.Parallel()
	const dir = "/tmp/rw"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no real-world corpus at", dir)
	}
	certs := make(map[string][]byte)
	collectFiles(dir, certs)
	accepted := 0
	for name, der := range certs {
		if agree(t, der, name) {
			accepted++
		}
	}
	t.Logf("%d certificates, %d accepted by both", len(certs), accepted)
}

// TestDecoderMatchesX509Mutations: truncations, bit flips and re-encoded
// lengths of generated certificates.
func TestDecoderMatchesX509Mutations(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	seeds := [][]byte{p.ee[certtest.PresetLegalEntityHead].Raw, p.ca.Raw, p.root.Raw, p.ee[certtest.PresetEntrepreneur].Raw}
	rnd := mrand.New(mrand.NewPCG(1, 2))
	stride := 1
	if testing.Short() {
		stride = 5
	}
	total, accepted := 0, 0
	check := func(der []byte, what string) {
		total++
		if agree(t, der, what) {
			accepted++
		}
	}
	for si, seed := range seeds {
		for n := 0; n < len(seed); n += stride * 3 {
			check(seed[:n], "truncated")
		}
		for i := 0; i < len(seed); i += stride {
			m := bytes.Clone(seed)
			m[i] ^= 1 << rnd.IntN(8)
			check(m, "bit flip")
			m = bytes.Clone(seed)
			m[i] = byte(rnd.IntN(256))
			check(m, "byte replaced")
		}
		for k := 0; ; k++ {
			m, ok := reencode(seed, k, si%2 == 0)
			if !ok {
				break
			}
			check(m, "re-encoded length")
		}
	}
	t.Logf("%d mutations, %d accepted by both", total, accepted)
}

// reencode rewrites the DER tree of der with the length of its k-th
// element (in document order) in a non-minimal long form, or indefinite
// when indefinite, every enclosing length adjusted; false when der has
// fewer elements or does not parse.
func reencode(der []byte, k int, indefinite bool) ([]byte, bool) {
	n := 0
	out, ok := rewrite(der, &n, k, indefinite, 0)
	return out, ok && n > k
}

func rewrite(der []byte, n *int, k int, indefinite bool, depth int) ([]byte, bool) {
	var out []byte
	s := cryptobyte.String(der)
	for !s.Empty() {
		var body cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1(&body, &tag) {
			return nil, false
		}
		me := *n
		*n++
		content := []byte(body)
		if tag&0x20 != 0 && depth < 8 {
			var ok bool
			if content, ok = rewrite(body, n, k, indefinite, depth+1); !ok {
				return nil, false
			}
		}
		out = append(out, byte(tag))
		switch {
		case me == k && indefinite && tag&0x20 != 0:
			out = append(out, 0x80)
			out = append(out, content...)
			out = append(out, 0, 0)
			continue
		case me == k:
			out = append(out, 0x84, byte(len(content)>>24), byte(len(content)>>16), byte(len(content)>>8), byte(len(content)))
		default:
			out = appendLength(out, len(content))
		}
		out = append(out, content...)
	}
	return out, true
}

// appendLength appends a DER length.
func appendLength(b []byte, n int) []byte {
	switch {
	case n < 0x80:
		return append(b, byte(n))
	case n < 0x100:
		return append(b, 0x81, byte(n))
	case n < 0x10000:
		return append(b, 0x82, byte(n>>8), byte(n))
	}
	return append(b, 0x83, byte(n>>16), byte(n>>8), byte(n))
}

// FuzzParseCertificate compares the decoder with the reference (the
// structural scan and crypto/x509) on arbitrary DER.
func FuzzParseCertificate(f *testing.F) {
	p := testPKI(f)
	leaf := p.ee[certtest.PresetPerson].Raw
	for _, s := range [][]byte{leaf, p.root.Raw, leaf[:len(leaf)/3], {0x30, 0x03, 0x30, 0x01, 0x02}, {}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		agree(t, der, "input")
	})
}
