package gost3410

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"testing"
)

func mustBig(t testing.TB, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		t.Fatalf("bad hex %q", s)
	}
	return v
}

func mustHexBytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// digestOfE returns the digest bytes whose little-endian value is e: the
// byte reversal of e's fixed-width big-endian encoding.
func digestOfE(e *big.Int, n int) []byte {
	b := make([]byte, n)
	e.FillBytes(b)
	reverse(b)
	return b
}

// The worked examples of GOST R 34.10-2012 appendix A (RFC 7091 §7).
var standardExamples = []struct {
	name, curve           string
	d, qx, qy, e, k, r, s string
}{
	{
		name: "A.1", curve: "GostR3410-2001-TestParamSet",
		d:  "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28",
		qx: "7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B",
		qy: "26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA",
		e:  "2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5",
		k:  "77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3",
		r:  "41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493",
		s:  "01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40",
	},
	{
		name: "A.2", curve: "tc26-512-Test",
		d:  "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4",
		qx: "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
		qy: "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
		e:  "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
		k:  "0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F365886748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1",
		r:  "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
		s:  "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A",
	},
}

func TestStandardExamples(t *testing.T) {
	t.Parallel()
	for _, tc := range standardExamples {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := CurveByName(tc.curve)
			if err != nil {
				t.Fatal(err)
			}
			n := c.PointSize()
			key, err := NewPrivateKey(c, mustBig(t, tc.d).Bytes())
			if err != nil {
				t.Fatal(err)
			}
			x, y := key.PublicKey().Point()
			if x.Cmp(mustBig(t, tc.qx)) != 0 || y.Cmp(mustBig(t, tc.qy)) != 0 {
				t.Fatalf("Q = (%X, %X), want (%s, %s)", x, y, tc.qx, tc.qy)
			}
			digest := digestOfE(mustBig(t, tc.e), n)
			nonce := make([]byte, n)
			mustBig(t, tc.k).FillBytes(nonce)
			sig, err := signWithK(key, nonce, digest)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]byte, 2*n)
			mustBig(t, tc.s).FillBytes(want[:n])
			mustBig(t, tc.r).FillBytes(want[n:])
			if !bytes.Equal(sig, want) {
				t.Fatalf("signature\n got %X\nwant %X", sig, want)
			}
			pub := key.PublicKey()
			if err := pub.VerifyDigest(digest, sig); err != nil {
				t.Fatalf("VerifyDigest: %v", err)
			}
			// Independent public key from the published coordinates.
			raw := make([]byte, 2*n)
			mustBig(t, tc.qx).FillBytes(raw[:n])
			mustBig(t, tc.qy).FillBytes(raw[n:])
			reverse(raw[:n])
			reverse(raw[n:])
			pub2, err := NewPublicKey(c, raw)
			if err != nil {
				t.Fatal(err)
			}
			if !pub2.Equal(pub) {
				t.Fatal("published Q differs from d·P")
			}
			if err := pub2.VerifyDigest(digest, sig); err != nil {
				t.Fatalf("VerifyDigest with published Q: %v", err)
			}
			if err := pub2.Precompute().VerifyDigest(digest, sig); err != nil {
				t.Fatalf("precomputed VerifyDigest with published Q: %v", err)
			}
			// Flipping any byte of the signature or the digest must fail.
			for i := range sig {
				bad := bytes.Clone(sig)
				bad[i] ^= 0x01
				if err := pub.VerifyDigest(digest, bad); err == nil {
					t.Fatalf("signature with byte %d flipped verified", i)
				}
			}
			for i := range digest {
				bad := bytes.Clone(digest)
				bad[i] ^= 0x80
				if err := pub.VerifyDigest(bad, sig); !errors.Is(err, ErrVerification) {
					t.Fatalf("digest with byte %d flipped: %v", i, err)
				}
			}
		})
	}
}
