package certificate_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/x509"
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
// structural scan and crypto/x509) on arbitrary DER. The seeds are small
// certificates made for it (a real one takes the fuzzer long to minimize).
func FuzzParseCertificate(f *testing.F) {
	for _, s := range smallCertificates() {
		f.Add(s)
		f.Add(s[:len(s)/2])
	}
	f.Add([]byte{0x30, 0x03, 0x30, 0x01, 0x02})
	f.Fuzz(func(t *testing.T, der []byte) {
		agree(t, der, "input")
	})
}

// smallCertificates returns tiny certificates crypto/x509 accepts: one
// with a name and a handful of extensions of each kind it checks, one
// version 1 with nothing but what is required.
func smallCertificates() [][]byte {
	oid := func(b *cryptobyte.Builder, arcs ...int) {
		b.AddASN1ObjectIdentifier(arcs)
	}
	ext := func(b *cryptobyte.Builder, id []int, critical bool, value func(*cryptobyte.Builder)) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			oid(b, id...)
			if critical {
				b.AddASN1Boolean(true)
			}
			b.AddASN1(cbasn1.OCTET_STRING, value)
		})
	}
	build := func(v3 bool) []byte {
		var b cryptobyte.Builder
		alg := func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { oid(b, 1, 2, 643, 7, 1, 1, 3, 2) })
		}
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				if v3 {
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
				}
				b.AddASN1Int64(5)
				alg(b)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							oid(b, 2, 5, 4, 3)
							b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("УЦ")) })
						})
					})
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.UTCTime, func(b *cryptobyte.Builder) { b.AddBytes([]byte("250101000000Z")) })
					b.AddASN1(cbasn1.GeneralizedTime, func(b *cryptobyte.Builder) { b.AddBytes([]byte("20500101000000Z")) })
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { oid(b, 1, 2, 643, 7, 1, 1, 1, 1) })
					b.AddASN1BitString([]byte{4, 0})
				})
				if !v3 {
					return
				}
				b.AddASN1(cbasn1.Tag(3).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						ext(b, []int{2, 5, 29, 19}, true, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Boolean(true); b.AddASN1Int64(0) })
						})
						ext(b, []int{2, 5, 29, 15}, true, func(b *cryptobyte.Builder) { b.AddASN1BitString([]byte{0x06}) })
						ext(b, []int{2, 5, 29, 17}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("a.b")) })
								b.AddASN1(cbasn1.Tag(7).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{1, 2, 3, 4}) })
							})
						})
						ext(b, []int{2, 5, 29, 31}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
										b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
											b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("http://c/l")) })
										})
									})
								})
							})
						})
						ext(b, []int{2, 5, 29, 32}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { oid(b, 1, 2, 643, 100, 113, 1) })
							})
						})
						ext(b, []int{2, 5, 29, 35}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte{1, 2}) })
							})
						})
						ext(b, []int{2, 5, 29, 37}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { oid(b, 1, 3, 6, 1, 5, 5, 7, 3, 2) })
						})
						ext(b, []int{1, 3, 6, 1, 5, 5, 7, 1, 1}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									oid(b, 1, 3, 6, 1, 5, 5, 7, 48, 1)
									b.AddASN1(cbasn1.Tag(6).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("http://o")) })
								})
							})
						})
						ext(b, []int{1, 2, 643, 100, 111}, false, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("СКЗИ")) })
						})
					})
				})
			})
			alg(b)
			b.AddASN1BitString([]byte{1, 2, 3, 4})
		})
		return b.BytesOrPanic()
	}
	return [][]byte{build(true), build(false)}
}

func TestSmallCertificatesAccepted(t *testing.T) {
	t.Parallel()
	for i, der := range smallCertificates() {
		if !agree(t, der, "small certificate") {
			t.Errorf("small certificate %d refused", i)
		}
	}
}

// tlv encodes one DER element (short or long length) of the parts.
func tlv(tag byte, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	return append(appendLength([]byte{tag}, len(body)), body...)
}

// tinyCertificate is a version 3 certificate with the subject attribute
// value (tag, bytes), the SubjectPublicKeyInfo content spki and the
// extensions given as Extension DER.
func tinyCertificate(attrTag byte, attr, spki []byte, exts ...[]byte) []byte {
	alg := tlv(0x30, tlv(0x06, []byte{0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x03, 0x02}))
	name := tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, []byte{0x55, 0x04, 0x03}), tlv(attrTag, attr))))
	validity := tlv(0x30, tlv(0x17, []byte("250101000000Z")), tlv(0x17, []byte("350101000000Z")))
	tbs := [][]byte{tlv(0xa0, tlv(0x02, []byte{2})), tlv(0x02, []byte{1}), alg, name, validity, name, tlv(0x30, spki)}
	if len(exts) > 0 {
		tbs = append(tbs, tlv(0xa3, tlv(0x30, exts...)))
	}
	return tlv(0x30, tlv(0x30, tbs...), alg, tlv(0x03, []byte{0, 1, 2}))
}

// TestDecoderMatchesX509Cases: values of each check crypto/x509 makes, on
// both sides of it.
func TestDecoderMatchesX509Cases(t *testing.T) {
	t.Parallel()
	oid := func(b ...byte) []byte { return tlv(0x06, b) }
	gostSPKI := bytes.Join([][]byte{tlv(0x30, oid(0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01)), tlv(0x03, []byte{0, 4, 0})}, nil)
	ext := func(id []byte, critical bool, value []byte) []byte {
		if critical {
			return tlv(0x30, tlv(0x06, id), tlv(0x01, []byte{0xff}), tlv(0x04, value))
		}
		return tlv(0x30, tlv(0x06, id), tlv(0x04, value))
	}
	id := func(n byte) []byte { return []byte{0x55, 0x1d, n} }
	aia := []byte{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01}
	ocsp := oid(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01)
	ia5 := func(tag byte, s string) []byte { return tlv(tag, []byte(s)) }
	subtree := func(base []byte) []byte { return tlv(0x30, tlv(0xa0, tlv(0x30, base))) }

	rsaKey, err := rsa.GenerateKey(crand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edKey, _, err := ed25519.GenerateKey(crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spkiOf := func(pub any) []byte {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		s := cryptobyte.String(der)
		var body cryptobyte.String
		s.ReadASN1(&body, cbasn1.SEQUENCE)
		return body
	}
	rsaOID := oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)
	ecOID := oid(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01)
	p256 := oid(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07)
	edOID := oid(0x2b, 0x65, 0x70)
	dsaOID := oid(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01)
	one := tlv(0x02, []byte{1})
	key := func(alg []byte, bits []byte) []byte {
		return bytes.Join([][]byte{tlv(0x30, alg), tlv(0x03, append([]byte{0}, bits...))}, nil)
	}

	var manyPolicies [][]byte
	for i := range 20 {
		manyPolicies = append(manyPolicies, tlv(0x30, oid(0x2a, byte(i))))
	}
	manyPolicies = append(manyPolicies, manyPolicies[17])

	cases := []struct {
		name string
		ok   bool // what crypto/x509 says
		der  []byte
	}{
		{"UTF8 name", true, tinyCertificate(0x0c, []byte("Иванов"), gostSPKI)},
		{"bad UTF8 name", false, tinyCertificate(0x0c, []byte{0xff}, gostSPKI)},
		{"PrintableString with *&", true, tinyCertificate(0x13, []byte("*.a&b"), gostSPKI)},
		{"PrintableString with @", false, tinyCertificate(0x13, []byte("a@b"), gostSPKI)},
		{"IA5 non-ASCII", false, tinyCertificate(0x16, []byte{0xd0, 0xb0}, gostSPKI)},
		{"NumericString letter", false, tinyCertificate(0x12, []byte("12a"), gostSPKI)},
		{"NumericString space", true, tinyCertificate(0x12, []byte("12 3"), gostSPKI)},
		{"BMPString", true, tinyCertificate(0x1e, []byte{0x04, 0x10, 0, 0}, gostSPKI)},
		{"BMPString surrogate", false, tinyCertificate(0x1e, []byte{0xd8, 0x00}, gostSPKI)},
		{"BMPString odd", false, tinyCertificate(0x1e, []byte{0x04}, gostSPKI)},
		{"T61String Latin-1", true, tinyCertificate(0x14, []byte{0xe9}, gostSPKI)},
		{"INTEGER value", false, tinyCertificate(0x02, []byte{1}, gostSPKI)},
		{"RSA key", true, tinyCertificate(0x0c, []byte("x"), spkiOf(&rsaKey.PublicKey))},
		{"RSA key without NULL", false, tinyCertificate(0x0c, []byte("x"), key(rsaOID, tlv(0x30, one, one)))},
		{"RSA negative modulus", false, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{rsaOID, {5, 0}}, nil), tlv(0x30, tlv(0x02, []byte{0x80}), one)))},
		{"RSA zero exponent", false, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{rsaOID, {5, 0}}, nil), tlv(0x30, one, tlv(0x02, []byte{0}))))},
		{"ECDSA key", true, tinyCertificate(0x0c, []byte("x"), spkiOf(&ecKey.PublicKey))},
		{"ECDSA off curve", false, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{ecOID, p256}, nil), append([]byte{4}, make([]byte, 64)...)))},
		{"ECDSA unknown curve", false, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{ecOID, oid(0x2b, 0x81, 0x04, 0x00, 0x0a)}, nil), []byte{4, 1, 2}))},
		{"Ed25519 key", true, tinyCertificate(0x0c, []byte("x"), spkiOf(edKey))},
		{"Ed25519 short", false, tinyCertificate(0x0c, []byte("x"), key(edOID, make([]byte, 31)))},
		{"DSA key", true, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{dsaOID, tlv(0x30, one, one, one)}, nil), one))},
		{"DSA zero", false, tinyCertificate(0x0c, []byte("x"), key(bytes.Join([][]byte{dsaOID, tlv(0x30, one, tlv(0x02, []byte{0}), one)}, nil), one))},
		{"SAN dNSName", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, ia5(0x82, "a.example"))))},
		{"SAN dNSName non-ASCII", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, ia5(0x82, "а"))))},
		{"SAN iPAddress 5", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, tlv(0x87, []byte{1, 2, 3, 4, 5}))))},
		{"SAN URI bad host", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, ia5(0x86, "http://a..b/"))))},
		{"SAN URI unparsable", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, ia5(0x86, "http://a b/"))))},
		{"SAN URN", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, ia5(0x86, "urn:x"))))},
		{"SAN directoryName", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(17), false, tlv(0x30, tlv(0xa4, tlv(0x30)))))},
		{"nameConstraints DNS", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x82, ".example.com"))))},
		{"nameConstraints empty", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, tlv(0x30)))},
		{"nameConstraints IP", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(tlv(0x87, []byte{10, 0, 0, 0, 255, 0, 0, 0}))))},
		{"nameConstraints IP mask", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(tlv(0x87, []byte{10, 0, 0, 0, 255, 0, 255, 0}))))},
		{"nameConstraints mailbox", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x81, "a.b@example.com"))))},
		{"nameConstraints quoted mailbox", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x81, `"a b"@x`))))},
		{"nameConstraints bad mailbox", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x81, "a..b@x"))))},
		{"nameConstraints mailbox domain", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x81, "a@x..y"))))},
		{"nameConstraints URI IP", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(30), true, subtree(ia5(0x86, "10.0.0.1"))))},
		{"CRL DP relative name", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(31), false, tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0xa1, tlv(0x30)))))))},
		{"CRL DP reasons only", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(31), false, tlv(0x30, tlv(0x30, tlv(0x81, []byte{0})))))},
		{"AKI critical", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(35), true, tlv(0x30, tlv(0x80, []byte{1}))))},
		{"SKI critical", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(14), true, tlv(0x04, []byte{1})))},
		{"SKI not OCTET STRING", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(14), false, tlv(0x02, []byte{1})))},
		{"policyConstraints", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(36), true, tlv(0x30, tlv(0x80, []byte{1}))))},
		{"policyConstraints non-minimal", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(36), true, tlv(0x30, tlv(0x81, []byte{0, 1}))))},
		{"policyMappings", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(33), false, tlv(0x30, tlv(0x30, oid(0x2a), oid(0x2b)))))},
		{"policyMappings one OID", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(33), false, tlv(0x30, tlv(0x30, oid(0x2a)))))},
		{"policies duplicate", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(32), false, tlv(0x30, tlv(0x30, oid(0x2a)), tlv(0x30, oid(0x2a)))))},
		{"policies duplicate, many", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(32), false, tlv(0x30, manyPolicies...)))},
		{"policies many", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(32), false, tlv(0x30, manyPolicies[:20]...)))},
		{"policies huge arc", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(32), false, tlv(0x30, tlv(0x30, oid(0x2a, 0x90, 0x80, 0x80, 0x80, 0x80, 0x01)))))},
		{"policies non-minimal arc", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(32), false, tlv(0x30, tlv(0x30, oid(0x2a, 0x80, 0x01)))))},
		{"inhibitAnyPolicy", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(54), true, tlv(0x02, []byte{0})))},
		{"inhibitAnyPolicy non-minimal", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(54), true, tlv(0x02, []byte{0, 0})))},
		{"AIA critical", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(aia, true, tlv(0x30, tlv(0x30, ocsp, ia5(0x86, "http://o")))))},
		{"AIA bad method", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(aia, false, tlv(0x30, tlv(0x30, oid(0x80), ia5(0x86, "http://o")))))},
		{"basicConstraints BOOLEAN 01", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(19), true, tlv(0x30, tlv(0x01, []byte{1}))))},
		{"basicConstraints negative path", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(19), true, tlv(0x30, tlv(0x01, []byte{0xff}), tlv(0x02, []byte{0xff}))))},
		{"keyUsage padding 8", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(15), true, tlv(0x03, []byte{8, 0})))},
		{"extKeyUsage not OID", false, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext(id(37), false, tlv(0x30, tlv(0x02, []byte{1}))))},
		{"unknown critical", true, tinyCertificate(0x0c, []byte("x"), gostSPKI, ext([]byte{0x2a, 0x03}, true, tlv(0x05)))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if _, err := x509.ParseCertificate(c.der); (err == nil) != c.ok {
				t.Fatalf("crypto/x509 says %v, the case expects ok=%v", err, c.ok)
			}
			if got := agree(t, c.der, c.name); got != c.ok {
				t.Fatalf("accepted = %v, want %v", got, c.ok)
			}
		})
	}
}
