package signature_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/internal/oracle"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// opensslDigest names the openssl dgst option of a hash OID.
var opensslDigest = map[string]string{
	oid.Streebog256.String(): "-md_gost12_256",
	oid.Streebog512.String(): "-md_gost12_512",
	oid.SHA256.String():      "-sha256",
}

// TestOpenSSLStampedData: for every token of every long-term stage, OpenSSL
// reads the token's message imprint (`openssl ts -reply -token_in -text`)
// and hashes StampedData (`openssl dgst`), and the two agree; `openssl cms
// -verify` accepts the extended signature over the content and the token's
// own signature.
func TestOpenSSLStampedData(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	p, err := newLTPKI()
	if err != nil {
		t.Fatal(err)
	}
	values := sigtest.LongTermValues{
		Certificates: [][]byte{p.ee.Raw, p.ca.Raw, p.root.Raw},
		CRLs:         [][]byte{p.crl.Raw},
		OCSP:         [][]byte{basicOCSP(p.ca.RawSubject, p.ee.SerialNumber, ltFrom)},
	}
	imprintRE := regexp.MustCompile(`(?s)Message data:\n(.*?)\nSerial number`)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	content := write("content.xml", ltContent)
	checked := map[signature.TokenKind]int{}
	for _, attached := range []bool{false, true} {
		for _, st := range buildStages(t, p, attached, values) {
			name := fmt.Sprintf("%s-%v", strings.ReplaceAll(st.name, " ", "_"), attached)
			sig := write(name+".p7s", st.der)
			args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-noverify", "-out", os.DevNull}
			if !attached {
				args = append(args, "-content", content)
			}
			o.Run(t, nil, args...)
			sd, err := signature.Parse(st.der)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := sd.Signers[0].LongTermData()
			for i, tok := range d.Tokens {
				in, err := sd.StampedData(sd.Signers[0], tok, ltContent)
				if err != nil {
					t.Fatal(err)
				}
				tokFile := write(fmt.Sprintf("%s-%d.tst", name, i), tok.DER)
				inFile := write(fmt.Sprintf("%s-%d.in", name, i), in)
				o.Run(t, nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", tokFile, "-noverify", "-out", os.DevNull)
				text := string(o.Run(t, nil, "ts", "-reply", "-in", tokFile, "-token_in", "-text"))
				m := imprintRE.FindStringSubmatch(text)
				if m == nil {
					t.Fatalf("%s %s: no message data in %s", name, tok.Kind, text)
				}
				imprint := hexDump(m[1])
				alg, _, err := imprintOf(tok.DER)
				if err != nil {
					t.Fatal(err)
				}
				out := string(o.Run(t, nil, "dgst", opensslDigest[alg.String()], "-hex", "-r", inFile))
				got, _ := hex.DecodeString(strings.Fields(out)[0])
				if len(imprint) == 0 || !bytes.Equal(got, imprint) {
					t.Errorf("%s %s: openssl imprint %X, openssl hash of StampedData %X", name, tok.Kind, imprint, got)
				}
				checked[tok.Kind]++
			}
		}
	}
	t.Logf("tokens checked with openssl: %v", checked)
}

// hexDump decodes the bytes of an OpenSSL BIO_dump ("0000 - e0 05 …-d7 41
// …   ASCII"): at most 16 hex pairs after the offset on each line.
func hexDump(text string) []byte {
	var out []byte
	for _, line := range strings.Split(text, "\n") {
		_, rest, ok := strings.Cut(line, " - ")
		if !ok {
			continue
		}
		if len(rest) > 47 {
			rest = rest[:47]
		}
		for _, f := range strings.Fields(strings.ReplaceAll(rest, "-", " ")) {
			b, err := hex.DecodeString(f)
			if err != nil || len(b) != 1 {
				break
			}
			out = append(out, b...)
		}
	}
	return out
}
