package certificate

import (
	"bytes"
	"encoding/asn1"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The CRL parser reads times, OIDs, integers and headers itself on its hot
// path; cryptobyte, which crypto/x509 used for the same fields, is the
// oracle for each of them.

// timeCandidates yields strings near the valid time forms: every month and
// day from 00 to 32 around leap and century years, and random damage.
func timeCandidates(rng *mrand.Rand) []string {
	var out []string
	for _, y := range []int{1950, 1968, 1999, 2000, 2023, 2024, 2049, 2050, 2100, 2400, 0, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				g := fmt.Sprintf("%04d%02d%02d235959Z", y, m, d)
				out = append(out, g, g[2:])
			}
		}
	}
	for _, s := range []string{"240101240000Z", "240101236000Z", "240101235960Z", "2401012359Z", "240101235959+0300",
		"20240101235959.5Z", "20240101235959", "240101235959", "2401012359-2400", "20240101235959+2400"} {
		out = append(out, s)
	}
	const alphabet = "0123456789Z+-.,: z"
	for range 200000 {
		b := []byte("20240229120000Z")
		if rng.IntN(2) == 0 {
			b = b[2:]
		}
		for range 1 + rng.IntN(2) {
			b[rng.IntN(len(b))] = alphabet[rng.IntN(len(alphabet))]
		}
		if rng.IntN(8) == 0 {
			b = b[:rng.IntN(len(b))]
		}
		out = append(out, string(b))
	}
	return out
}

func TestDERTimeMatchesCryptobyte(t *testing.T) {
	t.Parallel()
	rng := mrand.New(mrand.NewPCG(1, 2))
	fast := 0
	for _, s := range timeCandidates(rng) {
		for _, tag := range []byte{tagUTCTime, tagGeneralizedTime} {
			el := append([]byte{tag, byte(len(s))}, s...)
			in := cryptobyte.String(el)
			var want time.Time
			var ok bool
			if tag == tagUTCTime {
				ok = in.ReadASN1UTCTime(&want)
			} else {
				ok = in.ReadASN1GeneralizedTime(&want)
			}
			got, gok := derTime(el, tag, el[2:])
			if gok != ok || ok && (!got.Equal(want) || got.Location().String() != want.Location().String()) {
				t.Fatalf("%s %q: %v %v, cryptobyte %v %v", timeTypeName(tag), s, got, gok, want, ok)
			}
			if validTime(el, tag, el[2:]) != ok {
				t.Fatalf("validTime %q", s)
			}
			if _, _, _, _, _, _, f := fastTime(tag, el[2:]); f {
				fast++
			}
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d inputs took the fast path", fast)
	}
}

func TestValidOIDMatchesCryptobyte(t *testing.T) {
	t.Parallel()
	rng := mrand.New(mrand.NewPCG(3, 4))
	for range 300000 {
		b := make([]byte, rng.IntN(8))
		for k := range b {
			switch rng.IntN(4) {
			case 0:
				b[k] = 0x80
			case 1:
				b[k] = 0xff
			default:
				b[k] = byte(rng.UintN(256))
			}
		}
		el := append([]byte{tagOID, byte(len(b))}, b...)
		in := cryptobyte.String(el)
		var o asn1.ObjectIdentifier
		if want := in.ReadASN1ObjectIdentifier(&o); validOID(b) != want {
			t.Fatalf("% X: validOID %v, cryptobyte %v", b, !want, want)
		}
	}
}

func TestSerialContentMatchesDER(t *testing.T) {
	t.Parallel()
	rng := mrand.New(mrand.NewPCG(5, 6))
	var ns []*big.Int
	for _, v := range []int64{0, 1, -1, 127, 128, -128, -129, 255, 256, -256, -257, 1 << 40, -(1 << 40)} {
		ns = append(ns, big.NewInt(v))
	}
	for range 20000 {
		b := make([]byte, 1+rng.IntN(80))
		for k := range b {
			b[k] = byte(rng.UintN(256))
			if rng.IntN(4) == 0 {
				b[k] = []byte{0, 0xff, 0x80, 0x7f}[rng.IntN(4)]
			}
		}
		n := new(big.Int).SetBytes(b)
		if rng.IntN(2) == 0 {
			n.Neg(n)
		}
		ns = append(ns, n)
	}
	for _, n := range ns {
		var b cryptobyte.Builder
		b.AddASN1BigInt(n)
		s := cryptobyte.String(b.BytesOrPanic())
		var want cryptobyte.String
		s.ReadASN1(&want, cbasn1.INTEGER)
		var buf [maxStackSerial]byte
		got := serialContent(n, &buf)
		if !bytes.Equal(got, want) || !validInteger(got) || serialOf(got).Cmp(n) != 0 {
			t.Fatalf("%v: % X, DER % X", n, got, []byte(want))
		}
	}
}

func TestHeaderMatchesCryptobyte(t *testing.T) {
	t.Parallel()
	rng := mrand.New(mrand.NewPCG(7, 8))
	for range 300000 {
		b := make([]byte, rng.IntN(10))
		for k := range b {
			b[k] = byte(rng.UintN(256))
			if k == 1 && rng.IntN(2) == 0 {
				b[k] = 0x80 | byte(rng.IntN(6))
			}
		}
		tag, body, next, ok := header(b, 0, len(b))
		in := cryptobyte.String(b)
		var content cryptobyte.String
		var wantTag cbasn1.Tag
		want := in.ReadAnyASN1(&content, &wantTag)
		if ok != want || ok && (tag != byte(wantTag) || !bytes.Equal(b[body:next], content) || next != len(b)-len(in)) {
			t.Fatalf("% X: %v %d %d, cryptobyte %v", b, ok, body, next, want)
		}
	}
}

// TestInGroup: inGroup agrees with comparing groupKey, on keys of the right
// length that differ in the subject, the separator or the key.
func TestInGroup(t *testing.T) {
	t.Parallel()
	c := &Certificate{RawSubject: []byte{0x30, 3, 1, 2, 3}, RawSubjectPublicKeyInfo: []byte{0x30, 2, 9, 9}}
	g := groupKey(c)
	for _, tc := range []struct {
		name string
		g    string
	}{
		{"same", g},
		{"empty", ""},
		{"subject differs", string([]byte{0x30, 3, 1, 2, 4}) + "\x00" + string(c.RawSubjectPublicKeyInfo)},
		{"no separator", string(c.RawSubject) + "\x01" + string(c.RawSubjectPublicKeyInfo)},
		{"key differs", string(c.RawSubject) + "\x00" + string([]byte{0x30, 2, 9, 8})},
		{"boundary moved", string([]byte{0x30, 3, 1, 2}) + "\x00\x03" + string(c.RawSubjectPublicKeyInfo)},
		{"longer", g + "x"},
	} {
		if got, want := inGroup(c, tc.g), groupKey(c) == tc.g; got != want {
			t.Errorf("%s: inGroup = %v, want %v", tc.name, got, want)
		}
	}
}
