package streebog

import (
	"bytes"
	"crypto/hmac"
	"encoding"
	"encoding/hex"
	"hash"
	"math/rand/v2"
	"strings"
	"testing"
)

// Vectors from RFC 6986, section 10, in byte-string form (the reverse of the
// numbers the RFC prints; what `openssl dgst -md_gost12_256` prints).
const (
	m1Hex = "303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132"
	m2Hex = "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb"

	// habr144Hex is the 144-byte input from https://habr.com/ru/post/450024/
	// (also in pygost's test_habr144) whose Σ update carries out of several
	// 64-bit limbs; implementations with a broken 512-bit addition fail it.
	habr144Hex = "d0cf11e0a1b11ae1000000000000000000000000000000003e000300feff0900" +
		"060000000000000000000000010000000100000000000000001000002400000001000000feffffff0000000000000000" +
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
)

type vector struct {
	name   string
	msgHex string
	sum256 string
	sum512 string // empty when not known
}

var vectors = []vector{
	{
		name:   "RFC6986-M1",
		msgHex: m1Hex,
		sum256: "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
		sum512: "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48",
	},
	{
		name:   "RFC6986-M2",
		msgHex: m2Hex,
		sum256: "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50",
		sum512: "1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28",
	},
	{
		name:   "habr144",
		msgHex: habr144Hex,
		sum256: "c766085540caaa8953bfcf7a1ba220619cee50d65dc242f82f23ba4b180b18e0",
	},
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func TestVectorInputs(t *testing.T) {
	t.Parallel()
	if got := string(mustHex(t, m1Hex)); got != "012345678901234567890123456789012345678901234567890123456789012" {
		t.Errorf("M1 = %q", got)
	}
	if n := len(mustHex(t, m2Hex)); n != 72 {
		t.Errorf("len(M2) = %d, want 72", n)
	}
	if n := len(mustHex(t, habr144Hex)); n != 144 {
		t.Errorf("len(habr144) = %d, want 144", n)
	}
}

func TestVectors(t *testing.T) {
	t.Parallel()
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			msg := mustHex(t, v.msgHex)

			s256 := Sum256(msg)
			if got := hex.EncodeToString(s256[:]); got != v.sum256 {
				t.Errorf("Sum256 = %s, want %s", got, v.sum256)
			}
			if got := hex.EncodeToString(streamed(New256(), msg, 1)); got != v.sum256 {
				t.Errorf("New256 byte by byte = %s, want %s", got, v.sum256)
			}
			if got := hex.EncodeToString(streamed(New256(), msg, len(msg)+1)); got != v.sum256 {
				t.Errorf("New256 one write = %s, want %s", got, v.sum256)
			}
			if v.sum512 == "" {
				return
			}
			s512 := Sum512(msg)
			if got := hex.EncodeToString(s512[:]); got != v.sum512 {
				t.Errorf("Sum512 = %s, want %s", got, v.sum512)
			}
			if got := hex.EncodeToString(streamed(New512(), msg, 7)); got != v.sum512 {
				t.Errorf("New512 7-byte writes = %s, want %s", got, v.sum512)
			}
		})
	}
}

// streamed writes msg to h in chunks of the given size and returns the sum.
func streamed(h hash.Hash, msg []byte, chunk int) []byte {
	for len(msg) > 0 {
		n := min(chunk, len(msg))
		h.Write(msg[:n])
		msg = msg[n:]
	}
	return h.Sum(nil)
}

// TestHMAC checks HMAC-Streebog against RFC 7836, sections 4.1.1 and 4.1.2.
func TestHMAC(t *testing.T) {
	t.Parallel()
	key := mustHex(t, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	msg := mustHex(t, "0126bdb87800af214341456563780100")
	tests := []struct {
		name string
		h    func() hash.Hash
		want string
	}{
		{"HMAC-Streebog-256", New256, "a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9"},
		{"HMAC-Streebog-512", New512, "a59bab22ecae19c65fbde6e5f4e9f5d8549d31f037f9df9b905500e171923a773d5f1530f2ed7e964cb2eedc29e9ad2f3afe93b2814f79f5000ffc0366c251e6"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mac := hmac.New(tc.h, key)
			mac.Write(msg)
			if got := hex.EncodeToString(mac.Sum(nil)); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			// Reuse after Reset must give the same value.
			mac.Reset()
			mac.Write(msg[:5])
			mac.Write(msg[5:])
			if got := hex.EncodeToString(mac.Sum(nil)); got != tc.want {
				t.Errorf("after Reset got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestCarry exercises the 512-bit additions of Σ with inputs whose blocks are
// all-ones or nearly so, comparing the fast implementation with the
// reference one (the OpenSSL differential test covers the same inputs
// against an independent implementation).
func TestCarry(t *testing.T) {
	t.Parallel()
	for _, in := range carryInputs() {
		if got, want := Sum256(in), refSum256(in); got != want {
			t.Errorf("Sum256(%x...) (len %d) = %x, reference %x", in[:min(8, len(in))], len(in), got, want)
		}
		if got, want := Sum512(in), refSum512(in); got != want {
			t.Errorf("Sum512(%x...) (len %d) = %x, reference %x", in[:min(8, len(in))], len(in), got, want)
		}
	}
}

// carryInputs returns messages built to make Σ (and N) additions carry
// across 64-bit limbs and across the whole 512-bit width.
func carryInputs() [][]byte {
	ff := bytes.Repeat([]byte{0xff}, 4*BlockSize)
	var out [][]byte
	for _, n := range []int{63, 64, 65, 127, 128, 129, 191, 192, 256} {
		out = append(out, ff[:n])
	}
	// Blocks whose words are 0xff...ff except for one low byte, so that
	// carries ripple through every limb boundary.
	x := bytes.Repeat([]byte{0xff}, 3*BlockSize)
	x[0], x[BlockSize] = 0x01, 0x02
	out = append(out, x)
	for i := 0; i < BlockSize; i += 8 {
		y := bytes.Repeat([]byte{0xff}, 2*BlockSize)
		y[i] = 0xfe
		out = append(out, y)
	}
	return out
}

func TestChunkedWrites(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	msg := make([]byte, 1000)
	for i := range msg {
		msg[i] = byte(rng.Uint32())
	}
	want256 := Sum256(msg)
	want512 := Sum512(msg)
	chunkings := []struct {
		name  string
		sizes []int // cycled through until the message is consumed
	}{
		{"1", []int{1}},
		{"2", []int{2}},
		{"3", []int{3}},
		{"7", []int{7}},
		{"31", []int{31}},
		{"32", []int{32}},
		{"33", []int{33}},
		{"63", []int{63}},
		{"64", []int{64}},
		{"65", []int{65}},
		{"127", []int{127}},
		{"128", []int{128}},
		{"129", []int{129}},
		{"500", []int{500}},
		{"all", []int{len(msg)}},
		{"zero-lengths", []int{0, 5, 0, 0, 60, 0}},
		{"mixed", []int{1, 63, 64, 2, 126, 200, 3}},
		{"block-misaligned", []int{65, 1, 62, 130}},
	}
	for _, c := range chunkings {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				h    hash.Hash
				want []byte
			}{{New256(), want256[:]}, {New512(), want512[:]}} {
				rest := msg
				for i := 0; len(rest) > 0; i++ {
					n := min(c.sizes[i%len(c.sizes)], len(rest))
					w, err := tc.h.Write(rest[:n])
					if w != n || err != nil {
						t.Fatalf("Write = %d, %v; want %d, nil", w, err, n)
					}
					rest = rest[n:]
				}
				if got := tc.h.Sum(nil); !bytes.Equal(got, tc.want) {
					t.Errorf("Size %d: got %x, want %x", tc.h.Size(), got, tc.want)
				}
			}
		})
	}
}

func TestSumIdempotentAndAppends(t *testing.T) {
	t.Parallel()
	for _, newHash := range []func() hash.Hash{New256, New512} {
		h := newHash()
		h.Write([]byte("abc"))
		first := h.Sum(nil)
		second := h.Sum(nil)
		if !bytes.Equal(first, second) {
			t.Fatalf("Sum changed the state: %x then %x", first, second)
		}
		prefix := []byte("prefix")
		got := h.Sum(prefix)
		if !bytes.Equal(got[:len(prefix)], prefix) || !bytes.Equal(got[len(prefix):], first) {
			t.Errorf("Sum(prefix) = %x, want prefix || %x", got, first)
		}
		// Writing after Sum continues the same message.
		h.Write([]byte("def"))
		h2 := newHash()
		h2.Write([]byte("abcdef"))
		if a, b := h.Sum(nil), h2.Sum(nil); !bytes.Equal(a, b) {
			t.Errorf("write after Sum: %x, want %x", a, b)
		}
		if h.Size() != len(first) {
			t.Errorf("Size() = %d, Sum length %d", h.Size(), len(first))
		}
		if h.BlockSize() != BlockSize {
			t.Errorf("BlockSize() = %d", h.BlockSize())
		}
	}
}

func TestReset(t *testing.T) {
	t.Parallel()
	for _, newHash := range []func() hash.Hash{New256, New512} {
		fresh := newHash().Sum(nil)
		h := newHash()
		h.Write(bytes.Repeat([]byte{0xa5}, 200))
		h.Reset()
		if got := h.Sum(nil); !bytes.Equal(got, fresh) {
			t.Errorf("Sum after Reset = %x, want %x", got, fresh)
		}
		h.Write(mustHex(t, m1Hex))
		h.Reset()
		h.Write([]byte("x"))
		want := newHash()
		want.Write([]byte("x"))
		if a, b := h.Sum(nil), want.Sum(nil); !bytes.Equal(a, b) {
			t.Errorf("Reset then write = %x, want %x", a, b)
		}
	}
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	// Values checked with `openssl dgst -md_gost12_256/-md_gost12_512` on
	// an empty file.
	const (
		empty256 = "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"
		empty512 = "8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a"
	)
	s256, s512 := Sum256(nil), Sum512(nil)
	if got := hex.EncodeToString(s256[:]); got != empty256 {
		t.Errorf("Sum256(empty) = %s, want %s", got, empty256)
	}
	if got := hex.EncodeToString(s512[:]); got != empty512 {
		t.Errorf("Sum512(empty) = %s, want %s", got, empty512)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	msg := bytes.Repeat([]byte("Streebog state marshalling "), 20)
	for _, newHash := range []func() hash.Hash{New256, New512} {
		want := newHash()
		want.Write(msg)
		wantSum := want.Sum(nil)
		for _, split := range []int{0, 1, 63, 64, 65, 100, 128, 300, len(msg)} {
			h := newHash()
			h.Write(msg[:split])
			state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if len(state) != marshaledSize {
				t.Fatalf("state length %d, want %d", len(state), marshaledSize)
			}
			h.Write([]byte("garbage that must be forgotten"))
			restored := newHash()
			restored.Write([]byte("other garbage"))
			if err := restored.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
				t.Fatalf("UnmarshalBinary: %v", err)
			}
			restored.Write(msg[split:])
			if got := restored.Sum(nil); !bytes.Equal(got, wantSum) {
				t.Errorf("size %d split %d: got %x, want %x", newHash().Size(), split, got, wantSum)
			}
			again, _ := restored.(encoding.BinaryMarshaler).MarshalBinary()
			other := newHash()
			other.Write(msg)
			otherState, _ := other.(encoding.BinaryMarshaler).MarshalBinary()
			if !bytes.Equal(again, otherState) {
				t.Errorf("size %d split %d: re-marshalled state differs", newHash().Size(), split)
			}
		}
	}
}

func TestUnmarshalRejects(t *testing.T) {
	t.Parallel()
	h256 := New256()
	h256.Write([]byte("hello"))
	good256, _ := h256.(encoding.BinaryMarshaler).MarshalBinary()
	h512 := New512()
	good512, _ := h512.(encoding.BinaryMarshaler).MarshalBinary()

	badVersion := bytes.Clone(good256)
	badVersion[magicLen-1] = 2
	badBuffer := bytes.Clone(good256)
	badBuffer[len(badBuffer)-1] = BlockSize
	tests := []struct {
		name  string
		state []byte
		into  func() hash.Hash
	}{
		{"nil", nil, New256},
		{"short magic", []byte("stbg"), New256},
		{"512 state into 256", good512, New256},
		{"256 state into 512", good256, New512},
		{"truncated", good256[:len(good256)-1], New256},
		{"extended", append(bytes.Clone(good256), 0), New256},
		{"version 2", badVersion, New256},
		{"buffer length 64", badBuffer, New256},
		{"other magic", append([]byte("sha\x03"), make([]byte, marshaledSize)...), New256},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := tc.into()
			h.Write([]byte("keep"))
			before := h.Sum(nil)
			if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(tc.state); err == nil {
				t.Fatal("UnmarshalBinary accepted a bad state")
			}
			if after := h.Sum(nil); !bytes.Equal(before, after) {
				t.Error("failed UnmarshalBinary changed the state")
			}
		})
	}
}

func TestClone(t *testing.T) {
	t.Parallel()
	h := New512()
	h.Write([]byte("shared prefix"))
	c, err := h.(hash.Cloner).Clone()
	if err != nil {
		t.Fatal(err)
	}
	clone := c.(hash.Hash)
	h.Write([]byte(" A"))
	clone.Write([]byte(" B"))
	wantA, wantB := Sum512([]byte("shared prefix A")), Sum512([]byte("shared prefix B"))
	if got := h.Sum(nil); !bytes.Equal(got, wantA[:]) {
		t.Errorf("original = %x, want %x", got, wantA)
	}
	if got := clone.Sum(nil); !bytes.Equal(got, wantB[:]) {
		t.Errorf("clone = %x, want %x", got, wantB)
	}
}

func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in full runs only")
	}
	msg := make([]byte, 4*BlockSize+17)
	out := make([]byte, 0, Size512)
	for _, newHash := range []func() hash.Hash{New256, New512} {
		h := newHash()
		if n := testing.AllocsPerRun(100, func() {
			h.Reset()
			h.Write(msg[:5])
			h.Write(msg[5:])
			out = h.Sum(out[:0])
		}); n != 0 {
			t.Errorf("size %d: %v allocations per Reset/Write/Sum, want 0", h.Size(), n)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		_ = Sum256(msg)
		_ = Sum512(msg)
	}); n != 0 {
		t.Errorf("%v allocations per Sum256+Sum512, want 0", n)
	}
}

// TestLPSTable checks the precomputed table against a direct evaluation of
// L(P(S(a))) through the reference implementation, one input byte at a time.
func TestLPSTable(t *testing.T) {
	t.Parallel()
	if computeLPSTable() != lpsTable {
		t.Fatal("lpsTable differs from computeLPSTable()")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var a [8]uint64
		for i := range a {
			a[i] = rng.Uint64()
		}
		r0, r1, r2, r3, r4, r5, r6, r7 := lps(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
		got := [8]uint64{r0, r1, r2, r3, r4, r5, r6, r7}
		if want := refLPSWords(a); got != want {
			t.Fatalf("lps(%x) = %x, reference %x", a, got, want)
		}
	}
}

func TestConstants(t *testing.T) {
	t.Parallel()
	seen := make(map[byte]bool)
	for _, v := range pi {
		seen[v] = true
	}
	if len(seen) != 256 {
		t.Errorf("pi is not a permutation (%d distinct values)", len(seen))
	}
	for i, s := range iterationConstants {
		if len(s) != 128 || strings.Trim(s, "0123456789abcdef") != "" {
			t.Errorf("C_%d is not 128 hex digits", i+1)
		}
		b := mustHex(t, s)
		// The words are the number read from its least significant end.
		for w := range 8 {
			var x uint64
			for k := range 8 {
				x = x<<8 | uint64(b[64-8*w-8+k])
			}
			if roundC[i][w] != x {
				t.Errorf("roundC[%d][%d] = %#x, want %#x", i, w, roundC[i][w], x)
			}
		}
	}
}

func TestReferenceRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := range n {
		msg := make([]byte, rng.IntN(400))
		if i%10 == 0 {
			msg = make([]byte, i/10)
		}
		for j := range msg {
			msg[j] = byte(rng.Uint32())
		}
		if got, want := Sum256(msg), refSum256(msg); got != want {
			t.Fatalf("Sum256(%x) = %x, reference %x", msg, got, want)
		}
		if got, want := Sum512(msg), refSum512(msg); got != want {
			t.Fatalf("Sum512(%x) = %x, reference %x", msg, got, want)
		}
	}
}

// TestReferenceVectors makes sure the oracle itself is right.
func TestReferenceVectors(t *testing.T) {
	t.Parallel()
	for _, v := range vectors {
		msg := mustHex(t, v.msgHex)
		s := refSum256(msg)
		if got := hex.EncodeToString(s[:]); got != v.sum256 {
			t.Errorf("%s: refSum256 = %s, want %s", v.name, got, v.sum256)
		}
		if v.sum512 != "" {
			s := refSum512(msg)
			if got := hex.EncodeToString(s[:]); got != v.sum512 {
				t.Errorf("%s: refSum512 = %s, want %s", v.name, got, v.sum512)
			}
		}
	}
}

func benchmarkHash(b *testing.B, newHash func() hash.Hash) {
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	h := newHash()
	out := make([]byte, 0, Size512)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		h.Write(buf)
		out = h.Sum(out[:0])
	}
}

// BenchmarkStreebog256 hashes 1 MiB with Streebog-256.
func BenchmarkStreebog256(b *testing.B) { benchmarkHash(b, New256) }

// BenchmarkStreebog512 hashes 1 MiB with Streebog-512.
func BenchmarkStreebog512(b *testing.B) { benchmarkHash(b, New512) }

// BenchmarkSum256Small measures the per-message overhead on a short input
// (about the size of CMS signed attributes).
func BenchmarkSum256Small(b *testing.B) {
	buf := make([]byte, 300)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sum256(buf)
	}
}
