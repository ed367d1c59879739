package signature

import (
	"bytes"
	"encoding/hex"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/internal/oid"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/check"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestNormalizeBER(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
		err            error
	}{
		{"der-unchanged", "30 03 02 01 05", "30 03 02 01 05", nil},
		{"indefinite-sequence", "30 80 04 03 01 02 03 00 00", "30 05 04 03 01 02 03", nil},
		{"chunked-octets", "24 80 04 01 aa 04 02 bb cc 00 00", "04 03 aa bb cc", nil},
		{"chunked-definite", "24 07 04 01 aa 04 02 bb cc", "04 03 aa bb cc", nil},
		{"nested-chunks", "24 80 24 80 04 01 aa 00 00 04 01 bb 00 00", "04 02 aa bb", nil},
		{"empty-chunked", "24 80 00 00", "04 00", nil},
		{"chunked-bits", "23 80 03 02 00 aa 03 02 04 b0 00 00", "03 03 04 aa b0", nil},
		{"explicit-chunked", "a0 80 24 80 04 01 aa 00 00 00 00", "a0 03 04 01 aa", nil},
		{"non-minimal-length", "04 81 01 aa", "04 01 aa", nil},
		{"non-minimal-length-zeros", "30 83 00 00 03 02 01 05", "30 03 02 01 05", nil},
		{"high-tag", "9f 81 01 01 07", "9f 81 01 01 07", nil},
		{"ghsa-1f80", "1f 80", "", ErrMalformed},
		{"high-tag-truncated", "1f 81", "", ErrTruncated},
		{"ghsa-3081", "30 81", "", ErrTruncated},
		{"ghsa-3080-chain", "30 80 30 80 30 80", "", ErrTruncated},
		{"no-eoc", "30 80 04 01 aa", "", ErrTruncated},
		{"primitive-indefinite", "04 80 aa 00 00", "", ErrBER},
		{"stray-eoc", "30 02 00 00", "", ErrMalformed},
		{"length-beyond-input", "30 05 02 01 05", "", ErrTruncated},
		{"declared-100MiB", "04 84 06 40 00 00 aa", "", ErrTruncated},
		{"nine-length-octets", "04 89 00 00 00 00 00 00 00 00 01 aa", "", ErrMalformed},
		{"reserved-length", "04 ff", "", ErrMalformed},
		{"trailing", "05 00 00", "", ErrTrailingData},
		{"bad-segment", "24 80 02 01 01 00 00", "", ErrMalformed},
		{"bits-unused-middle", "23 80 03 02 04 a0 03 02 00 b0 00 00", "", ErrMalformed},
		{"empty", "", "", ErrEmpty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := unhex(tc.in)
			got, err := NormalizeBER(in)
			if len(got) > 0 && &got[0] == &in[0] {
				t.Fatal("the result shares the input's bytes")
			}
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("got %X, %v; want %v", got, err, tc.err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, unhex(tc.want)) {
				t.Fatalf("got %X, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestNormalizeBERBombs(t *testing.T) {
	t.Parallel()
	deep := bytes.Repeat([]byte{0x30, 0x80}, 100000)
	if _, err := NormalizeBER(deep); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("indefinite nesting bomb: %v", err)
	}
	// Definite nesting 100 deep.
	inner := []byte{0x05, 0x00}
	for range 100 {
		inner = append([]byte{0x30, byte(0x82), byte(len(inner) >> 8), byte(len(inner))}, inner...)
	}
	if _, err := NormalizeBER(inner); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("definite nesting: %v", err)
	}
	chunks := append([]byte{0x24, 0x80}, bytes.Repeat([]byte{0x24, 0x80}, 70)...)
	if _, err := NormalizeBER(chunks); !errors.Is(err, ErrTooDeep) && !errors.Is(err, ErrTruncated) {
		t.Fatalf("chunk nesting: %v", err)
	}
	n := 2 * (MaxElements + 1)
	many := append([]byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, bytes.Repeat([]byte{0x05, 0x00}, MaxElements+1)...)
	if _, err := NormalizeBER(many); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("element bomb: %v", err)
	}
	if _, err := NormalizeBER(make([]byte, MaxInputSize+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("size: %v", err)
	}
}

// TestDeclaredLengthAllocatesNothing is not parallel: it reads the
// process-wide allocation counter, which other tests running at the same
// time would inflate.
func TestDeclaredLengthAllocatesNothing(t *testing.T) {
	// A 100 MiB declared length allocates nothing of that size.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		_, _ = Parse(unhex("30 84 06 40 00 00 06 09 2a 86 48 86 f7 0d 01 07 02"))
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Fatalf("allocated %d bytes for a declared 100 MiB", d)
	}
}

// toBER rewrites DER with indefinite lengths and chunked OCTET STRINGs,
// keeping the elements listed in keep verbatim.
func toBER(t testing.TB, der []byte, keep [][]byte) []byte {
	t.Helper()
	s := cryptobyte.String(der)
	var out []byte
	for !s.Empty() {
		var el, body cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1Element(&el, &tag) {
			t.Fatal("toBER: bad DER")
		}
		kept := false
		for _, k := range keep {
			if bytes.Equal(el, k) {
				kept = true
			}
		}
		hdr := cryptobyte.String(el)
		hdr.ReadAnyASN1(&body, &tag)
		switch {
		case kept:
			out = append(out, el...)
		case tag == cbasn1.OCTET_STRING && len(body) > 4:
			out = append(out, 0x24, 0x80)
			for i := 0; i < len(body); i += 7 {
				chunk := body[i:min(i+7, len(body))]
				out = append(out, 0x04, byte(len(chunk)))
				out = append(out, chunk...)
			}
			out = append(out, 0, 0)
		case el[0]&0x20 != 0:
			out = append(out, el[0], 0x80)
			out = append(out, toBER(t, body, keep)...)
			out = append(out, 0, 0)
		default:
			out = append(out, el...)
		}
	}
	return out
}

func TestBERSignatures(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	der := signT(t, p, testContent, SignOptions{Attached: true})
	sd := mustParse(t, der)
	keep := [][]byte{sd.Signers[0].RawSignedAttrs}
	for _, c := range sd.Certificates {
		keep = append(keep, c.Raw)
	}
	ber := toBER(t, der, keep)
	if got, err := NormalizeBER(ber); err != nil || !bytes.Equal(got, der) {
		t.Fatalf("NormalizeBER(toBER(der)) != der: %v", err)
	}
	bsd := mustParse(t, ber)
	if bsd.Format != "BER" {
		t.Fatal(bsd.Format)
	}
	if r := bsd.Verify(nil, fixedOpts()); r.Verdict != check.Pass {
		t.Fatalf("%s", r)
	}
	// Signed attributes re-encoded with indefinite lengths are not what
	// was signed: hashed as received they fail, never "repaired".
	ber2 := toBER(t, der, keep[1:])
	r := mustParse(t, ber2).Verify(nil, fixedOpts())
	if r.Valid() || status(t, r, 0, "SIG-VALUE") != check.Fail || status(t, r, 0, "SIG-STRUCTURE") != check.Fail {
		t.Fatalf("%s", r)
	}
}

func TestSignedAttributeEncodings(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	signWith := func(enc func([][]byte) []byte) *SignedData {
		out, err := sign(testContent, p.ee, p.eeKey, SignOptions{Time: testAt}, enc)
		if err != nil {
			t.Fatal(err)
		}
		return mustParse(t, out)
	}
	set := func(list [][]byte, longLen bool) []byte {
		body := bytes.Join(list, nil)
		out := []byte{0x31}
		if longLen {
			out = append(out, 0x83, 0, byte(len(body)>>8), byte(len(body)))
		} else {
			out = appendLength(out, len(body))
		}
		return append(out, body...)
	}
	isDigest := func(a []byte) bool { return bytes.Contains(a[:16], oidMessageDigestDER) }
	cases := []struct {
		name  string
		enc   func([][]byte) []byte
		want  map[string]check.Status
		valid bool
	}{
		{"unsorted", func(l [][]byte) []byte {
			derSet(l)
			l[0], l[len(l)-1] = l[len(l)-1], l[0]
			return set(l, false)
		}, map[string]check.Status{"SIG-VALUE": check.Pass, "SIG-ATTRS-DER-ORDER": check.Warn}, true},
		{"non-minimal-length", func(l [][]byte) []byte {
			derSet(l)
			return set(l, true)
		}, map[string]check.Status{"SIG-VALUE": check.Pass, "SIG-ATTRS-DER-ORDER": check.Warn}, true},
		{"two-message-digests", func(l [][]byte) []byte {
			for _, a := range l {
				if isDigest(a) {
					l = append(l, a)
					break
				}
			}
			return derSet(l)
		}, map[string]check.Status{"SIG-VALUE": check.Pass, "SIG-STRUCTURE": check.Fail}, false},
		{"missing-message-digest", func(l [][]byte) []byte {
			var keep [][]byte
			for _, a := range l {
				if !isDigest(a) {
					keep = append(keep, a)
				}
			}
			return derSet(keep)
		}, map[string]check.Status{"SIG-VALUE": check.Pass, "SIG-MESSAGE-DIGEST": check.Fail, "SIG-CADES-BES": check.Warn}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := signWith(tc.enc).Verify(testContent, fixedOpts())
			for id, want := range tc.want {
				if got := status(t, r, 0, id); got != want {
					t.Errorf("%s = %s, want %s", id, got, want)
				}
			}
			if r.Valid() != tc.valid {
				t.Fatalf("valid = %v:\n%s", r.Valid(), r)
			}
		})
	}
}

func TestUnknownAlgorithms(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	der := signT(t, p, testContent, SignOptions{})
	for _, tc := range []struct {
		name string
		mut  func(*SignerInfo)
	}{
		{"digest-sha256", func(si *SignerInfo) { si.DigestAlgorithm.OID = oid.SHA256.OID() }},
		{"digest-512-with-256-key", func(si *SignerInfo) { si.DigestAlgorithm.OID = oid.Streebog512.OID() }},
		{"signature-rsa", func(si *SignerInfo) { si.SignatureAlgorithm.OID = []int{1, 2, 840, 113549, 1, 1, 11} }},
		{"params-not-null", func(si *SignerInfo) { si.SignatureAlgorithm.Parameters = []byte{0x02, 0x01, 0x00} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sd := mustParse(t, der)
			tc.mut(sd.Signers[0])
			r := sd.Verify(testContent, fixedOpts())
			if r.Valid() || status(t, r, 0, "SIG-ALGORITHMS") != check.Fail {
				t.Fatalf("%s", r)
			}
		})
	}
}

// TestTruncationEveryOffset: every proper prefix of a valid signature (DER
// and BER) is rejected with an error, never a panic.
func TestTruncationEveryOffset(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	der := signT(t, p, testContent, SignOptions{Attached: true})
	sd := mustParse(t, der)
	ber := toBER(t, der, [][]byte{sd.Signers[0].RawSignedAttrs})
	for name, file := range map[string][]byte{"der": der, "ber": ber} {
		for n := 0; n < len(file); n++ {
			if _, err := Parse(file[:n]); err == nil {
				t.Fatalf("%s: prefix of %d/%d bytes parsed", name, n, len(file))
			}
		}
	}
}

// TestMutationsNeverPanic flips bytes of a valid signature at every offset;
// the result is an error or a verdict, and a changed signature never passes
// unless the change is outside what is signed (the unsigned certificate set
// still has to yield the same key).
func TestMutationsNeverPanic(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	der := signT(t, p, testContent, SignOptions{})
	for i := range der {
		m := append([]byte{}, der...)
		m[i] ^= 0x5a
		sd, err := Parse(m)
		if err != nil {
			continue
		}
		_ = sd.Verify(testContent, fixedOpts())
	}
}

// oidMessageDigestDER is the DER of the messageDigest attribute type OID.
var oidMessageDigestDER = unhex("06 09 2a 86 48 86 f7 0d 01 09 04")
