package signature

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/signature/sigtest"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{"1f 80", "30 81", "30 80 30 80 30 80 30 80", "24 80 04 01 aa 00 00", "30 80 00 00", "04 80 00 00", "30 84 06 40 00 00"} {
		f.Add(unhex(s))
	}
	p := pki256(f)
	der := signT(f, p, testContent, SignOptions{Attached: true})
	f.Add(der)
	f.Add(toBER(f, der, [][]byte{mustParse(f, der).Signers[0].RawSignedAttrs}))
	f.Add(signT(f, p, testContent, SignOptions{PEM: true, NoSignedAttributes: true, SubjectKeyID: true}))
	for _, n := range []string{"signed_a111.pem", "signed_a121.pem"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "data", "tc26_cms", n)); err == nil {
			f.Add(b)
		}
	}
}

func FuzzNormalizeBER(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		// The DER fast path agrees with the tree: what it takes as DER the
		// tree leaves unchanged.
		if isDER(data) {
			if tree, _, err := normalizeTree(data); err != nil || !bytes.Equal(tree, data) {
				t.Fatalf("fast path took as DER what the tree %s", map[bool]string{true: "rejects", false: "changes"}[err != nil])
			}
		}
		out, err := NormalizeBER(data)
		if err != nil {
			return
		}
		// Only an empty constructed BIT STRING (2 bytes) grows, to 03 01 00.
		if len(out) > len(data)*3/2+1 {
			t.Fatalf("DER output of %d bytes for %d input bytes", len(out), len(data))
		}
		// DER is a fixed point.
		again, err := NormalizeBER(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("normalised output not stable: %v", err)
		}
	})
}

func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := Parse(data)
		if err != nil {
			return
		}
		if len(sd.Signers) == 0 {
			t.Fatal("parsed without signers")
		}
		r := sd.Verify(testContent, VerifyOptions{})
		if r.Verdict == "" {
			t.Fatal("no verdict")
		}
	})
}

// FuzzParseTimestamp: ParseTimestamp never panics or hangs, and whatever
// it accepts can be verified without panicking.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"30 03 02 01 00", "30 80 30 03 02 01 00 00 00", "30 05 30 03 02 01 02", "30 0b 06 09 2a 86 48 86 f7 0d 01 07 02"} {
		f.Add(unhex(s))
	}
	p := pki256(f)
	tsa, err := sigtest.NewTSA(testTSA(f, p, tsaSpec{name: "good"}).Cert, testTSA(f, p, tsaSpec{name: "good"}).Key)
	if err != nil {
		f.Fatal(err)
	}
	tsa.OmitCertificate = true
	tok := stamp(f, tsa, testContent, testAt.Add(123*time.Millisecond), sigtest.Streebog256)
	f.Add(tok)
	f.Add(timeStampResp(0, tok))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ParseTimestamp(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T is not a *ParseError", err)
			}
			return
		}
		if ts.Token == nil || len(ts.Token.Signers) != 1 || ts.Info.Version != 1 {
			t.Fatal("accepted a token that is not one")
		}
		r := ts.Verify(testContent, VerifyOptions{At: testAt})
		if len(r.Checks) == 0 || r.Verified {
			t.Fatalf("verdict %v without a validator", r.Checks)
		}
	})
}
