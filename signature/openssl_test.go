package signature

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/internal/oracle"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func certPEM(certs ...*certificate.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// TestOpenSSLVerifiesOurSignatures: signatures made by Sign verify with
// `openssl cms -verify` against the test root, and tampered ones do not.
func TestOpenSSLVerifiesOurSignatures(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	for _, bits := range []int{256, 512} {
		t.Run(strconv.Itoa(bits), func(t *testing.T) {
			t.Parallel()
			p := pki256(t)
			if bits == 512 {
				p = pki512(t)
			}
			dir := t.TempDir()
			root := writeFile(t, dir, "root.pem", certPEM(p.root))
			content := writeFile(t, dir, "content.xml", testContent)
			attime := strconv.FormatInt(testAt.Unix(), 10)
			cases := []struct {
				name string
				opts SignOptions
				args []string
			}{
				{"detached", SignOptions{Chain: []*certificate.Certificate{p.ca}}, []string{"-inform", "DER", "-content", content}},
				{"attached", SignOptions{Attached: true, Chain: []*certificate.Certificate{p.ca}}, []string{"-inform", "DER"}},
				{"keyid-pem", SignOptions{SubjectKeyID: true, PEM: true, Chain: []*certificate.Certificate{p.ca}}, []string{"-inform", "PEM", "-content", content}},
				{"noattr-null", SignOptions{NoSignedAttributes: true, NullParams: true, SignWithDigestOID: true, Chain: []*certificate.Certificate{p.ca}}, []string{"-inform", "DER", "-content", content}},
			}
			for _, tc := range cases {
				sig := writeFile(t, dir, tc.name+".sig", signT(t, p, testContent, tc.opts))
				args := append([]string{"cms", "-verify", "-binary", "-in", sig, "-CAfile", root, "-attime", attime, "-purpose", "any", "-out", filepath.Join(dir, tc.name+".out")}, tc.args...)
				o.Run(t, nil, args...)
				got, err := os.ReadFile(filepath.Join(dir, tc.name+".out"))
				if err != nil || string(got) != string(testContent) {
					t.Fatalf("%s: openssl output %q, %v", tc.name, got, err)
				}
			}
			// Tampered content and signature are rejected by openssl too.
			bad := append([]byte{}, testContent...)
			bad[10] ^= 1
			badContent := writeFile(t, dir, "bad.xml", bad)
			det := writeFile(t, dir, "det.sig", signT(t, p, testContent, SignOptions{Chain: []*certificate.Certificate{p.ca}}))
			if _, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", det, "-content", badContent, "-CAfile", root, "-attime", attime, "-purpose", "any", "-out", os.DevNull); err == nil {
				t.Fatal("openssl accepted tampered content")
			}
			sigBytes := signT(t, p, testContent, SignOptions{Chain: []*certificate.Certificate{p.ca}})
			sigBytes[len(sigBytes)-5] ^= 1
			badSig := writeFile(t, dir, "badsig.sig", sigBytes)
			if _, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", badSig, "-content", content, "-CAfile", root, "-attime", attime, "-purpose", "any", "-out", os.DevNull); err == nil {
				t.Fatal("openssl accepted a damaged signature value")
			}
			if r := mustParse(t, sigBytes).Verify(testContent, fixedOpts()); r.Valid() {
				t.Fatal("we accepted a damaged signature value")
			}
		})
	}
}

// opensslSigner is a key and self-signed certificate made by openssl.
type opensslSigner struct {
	key, cert string
	parsed    *certificate.Certificate
}

func opensslKey(t *testing.T, o *oracle.Tool, dir, alg, paramset, md string, serial int) opensslSigner {
	t.Helper()
	s := opensslSigner{key: filepath.Join(dir, fmt.Sprintf("key%d.pem", serial)), cert: filepath.Join(dir, fmt.Sprintf("cert%d.pem", serial))}
	o.Run(t, nil, "genpkey", "-algorithm", alg, "-pkeyopt", "paramset:"+paramset, "-out", s.key)
	o.Run(t, nil, "req", "-x509", "-new", "-key", s.key, "-subj", "/CN=OpenSSL GOST test/O=registrar", "-days", "30",
		"-"+md, "-set_serial", "4242", "-addext", "subjectKeyIdentifier=hash", "-out", s.cert)
	b, err := os.ReadFile(s.cert)
	if err != nil {
		t.Fatal(err)
	}
	if s.parsed, err = certificate.ParseOne(b); err != nil {
		t.Fatal(err)
	}
	return s
}

// selfSignedOpts accepts openssl's self-signed test certificates: the chain
// is out of scope here and is skipped through the hook.
func selfSignedOpts() VerifyOptions {
	return VerifyOptions{Policy: PolicyCMS, ValidateCertificate: func(Validation) check.Results {
		return check.Results{stubChain.Skipped("self-signed openssl test certificate")}
	}}
}

// TestOpenSSLSignaturesVerify: signatures made by openssl on every GOST
// parameter set, in every layout it writes, verify with Verify; tampering,
// truncation and a swapped certificate are rejected by both.
func TestOpenSSLSignaturesVerify(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	type curve struct {
		alg, paramset, md string
		full              bool // run every variant
	}
	var curves []curve
	for _, ps := range []string{"A", "B", "C", "XA", "XB", "TCA", "TCB", "TCC", "TCD"} {
		curves = append(curves, curve{"gost2012_256", ps, "md_gost12_256", ps == "A" || ps == "TCA"})
	}
	for _, ps := range []string{"A", "B", "C"} {
		curves = append(curves, curve{"gost2012_512", ps, "md_gost12_512", ps == "A" || ps == "C"})
	}
	for _, c := range curves {
		t.Run(c.alg+"-"+c.paramset, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s := opensslKey(t, o, dir, c.alg, c.paramset, c.md, 1)
			content := writeFile(t, dir, "content.xml", testContent)
			type variant struct {
				name     string
				args     []string
				attached bool
			}
			variants := []variant{
				{"detached-der", []string{"-outform", "DER"}, false},
				{"attached-stream-ber", []string{"-nodetach", "-stream", "-outform", "DER"}, true},
			}
			if c.full {
				variants = append(variants,
					variant{"attached-der", []string{"-nodetach", "-outform", "DER"}, true},
					variant{"detached-pem", []string{"-outform", "PEM"}, false},
					variant{"noattr", []string{"-noattr", "-outform", "DER"}, false},
					variant{"keyid", []string{"-keyid", "-outform", "DER"}, false},
					variant{"cades-stream-pem", []string{"-cades", "-stream", "-nodetach", "-outform", "PEM"}, true},
				)
			}
			for _, v := range variants {
				out := filepath.Join(dir, v.name+".sig")
				args := append([]string{"cms", "-sign", "-binary", "-in", content, "-signer", s.cert, "-inkey", s.key, "-out", out}, v.args...)
				o.Run(t, nil, args...)
				raw, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				sd, err := Parse(raw)
				if err != nil {
					t.Fatalf("%s: %v", v.name, err)
				}
				if sd.Detached == v.attached {
					t.Fatalf("%s: Detached = %v", v.name, sd.Detached)
				}
				var supplied []byte
				if !v.attached {
					supplied = testContent
				}
				r := sd.Verify(supplied, selfSignedOpts())
				if !r.Valid() || status(t, r, 0, "SIG-VALUE") != check.Pass {
					t.Fatalf("%s (%s):\n%s", v.name, sd.Format, r)
				}
				if v.name == "cades-stream-pem" && status(t, r, 0, "SIG-SIGNING-CERTIFICATE") != check.Pass {
					t.Fatalf("%s: signingCertificateV2 not checked:\n%s", v.name, r)
				}
				// Tampered content.
				bad := append([]byte{}, testContent...)
				bad[3] ^= 1
				if v.attached {
					sd.Content = bad
					bad = nil
				}
				if r := sd.Verify(bad, selfSignedOpts()); r.Valid() {
					t.Fatalf("%s: tampered content accepted:\n%s", v.name, r)
				}
			}
			if !c.full {
				return
			}
			// Tampered signature value: rejected by both.
			raw, _ := os.ReadFile(filepath.Join(dir, "detached-der.sig"))
			bad := append([]byte{}, raw...)
			bad[len(bad)-3] ^= 0x10
			badPath := writeFile(t, dir, "bad.sig", bad)
			if _, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", badPath, "-content", content, "-noverify", "-out", os.DevNull); err == nil {
				t.Fatal("openssl accepted a damaged signature")
			}
			if r := mustParse(t, bad).Verify(testContent, selfSignedOpts()); r.Valid() || status(t, r, 0, "SIG-VALUE") != check.Fail {
				t.Fatalf("damaged signature accepted:\n%s", r)
			}
			// Truncated file: rejected by both.
			trunc := writeFile(t, dir, "trunc.sig", raw[:len(raw)/2])
			if _, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", trunc, "-content", content, "-noverify", "-out", os.DevNull); err == nil {
				t.Fatal("openssl accepted a truncated signature")
			}
			if _, err := Parse(raw[:len(raw)/2]); err == nil {
				t.Fatal("truncated signature parsed")
			}
			// Swapped certificate: same issuer and serial, another key.
			other := opensslKey(t, o, dir, c.alg, c.paramset, c.md, 2)
			nocerts := filepath.Join(dir, "nocerts.sig")
			o.Run(t, nil, "cms", "-sign", "-binary", "-in", content, "-signer", s.cert, "-inkey", s.key, "-nocerts", "-outform", "DER", "-out", nocerts)
			if _, err := o.Exec(nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", nocerts, "-content", content, "-certfile", other.cert, "-noverify", "-out", os.DevNull); err == nil {
				t.Fatal("openssl accepted a swapped certificate")
			}
			nb, _ := os.ReadFile(nocerts)
			opts := selfSignedOpts()
			opts.Certificates = []*certificate.Certificate{other.parsed}
			if r := mustParse(t, nb).Verify(testContent, opts); r.Valid() || status(t, r, 0, "SIG-VALUE") != check.Fail {
				t.Fatalf("swapped certificate accepted:\n%s", r)
			}
			opts.Certificates = []*certificate.Certificate{s.parsed}
			if r := mustParse(t, nb).Verify(testContent, opts); !r.Valid() {
				t.Fatalf("external certificate not used:\n%s", r)
			}
		})
	}
}

// TestOpenSSLTimestampOracle: `openssl ts -verify` and Timestamp.Verify
// agree on tokens from the test TSA — valid ones over each hash, and ones
// over other bytes, with a tampered TSTInfo or signature, or from a TSA
// whose extKeyUsage is not critical, is not exclusively timeStamping or
// is absent — and `openssl cms -verify` still accepts a CAdES-T
// signature (it ignores the unsigned attribute; Verify checks it).
func TestOpenSSLTimestampOracle(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	p := pki256(t)
	dir := t.TempDir()
	root := writeFile(t, dir, "root.pem", certPEM(p.root))
	attime := strconv.FormatInt(testAt.Unix(), 10)
	data := []byte("the signature value a TSA stamps")
	dataPath := writeFile(t, dir, "data.bin", data)
	gen := testAt.Add(-time.Hour)
	good := testTSA(t, p, tsaSpec{name: "good"})
	ekuTSA := func(name string, critical bool, ids ...oid.ID) *sigtest.TSA {
		return testTSA(t, p, tsaSpec{name: name, mutate: func(tm *certtest.Template) {
			tm.ExtKeyUsage, tm.ExtKeyUsageCritical = nil, critical
			for _, id := range ids {
				tm.ExtKeyUsage = append(tm.ExtKeyUsage, id.OID())
			}
		}})
	}
	tamper := func(tok []byte, find, repl string) []byte {
		i := bytes.Index(tok, []byte(find))
		if i < 0 {
			t.Fatalf("%q not in the token", find)
		}
		copy(tok[i:], repl)
		return tok
	}
	tests := []struct {
		name  string
		tsa   *sigtest.TSA
		token func(tsa *sigtest.TSA) []byte
		valid bool
	}{
		{"streebog-256", good, func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.Streebog256) }, true},
		{"streebog-512", good, func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.Streebog512) }, true},
		{"sha-256", good, func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.SHA256) }, true},
		{"other-bytes", good, func(a *sigtest.TSA) []byte { return stamp(t, a, []byte("other"), gen, sigtest.Streebog256) }, false},
		{"tampered-tstinfo", good, func(a *sigtest.TSA) []byte {
			return tamper(stamp(t, a, data, gen, sigtest.Streebog256), gen.Format("20060102150405"), gen.Add(time.Second).Format("20060102150405"))
		}, false},
		{"tampered-signature", good, func(a *sigtest.TSA) []byte {
			tok := stamp(t, a, data, gen, sigtest.Streebog256)
			tok[len(tok)-5] ^= 0x01
			return tok
		}, false},
		{"eku-not-critical", ekuTSA("eku-nc", false, oid.ExtKeyUsageTimeStamping), func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.Streebog256) }, false},
		{"eku-extra-purpose", ekuTSA("eku-2", true, oid.ExtKeyUsageTimeStamping, oid.ExtKeyUsageClientAuth), func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.Streebog256) }, false},
		{"eku-absent", ekuTSA("eku-0", false), func(a *sigtest.TSA) []byte { return stamp(t, a, data, gen, sigtest.Streebog256) }, false},
	}
	opts := VerifyOptions{At: testAt, ValidateCertificate: ChainValidator(certificate.Trust{Roots: certificate.NewPool(p.root)})}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok := tc.token(tc.tsa)
			tokPath := writeFile(t, dir, tc.name+".tsr", tok)
			untrusted := writeFile(t, dir, tc.name+".chain.pem", certPEM(tc.tsa.Cert, p.ca))
			out, err := o.Exec(nil, "ts", "-verify", "-in", tokPath, "-token_in", "-data", dataPath, "-CAfile", root,
				"-untrusted", untrusted, "-attime", attime)
			opensslOK := err == nil && bytes.Contains(out, []byte("Verification: OK"))

			res := mustParseTimestampOrNil(tok).verify(data, opts)
			r, _ := res.Checks.Find("SIG-TIMESTAMP")
			// The chain has no CRLs, so ChainValidator reports revocation
			// as indeterminate: the oracle (which checks no revocation)
			// is compared with SIG-TIMESTAMP itself.
			ours := r.Status == check.Pass
			if ours != tc.valid || opensslOK != tc.valid {
				t.Fatalf("want valid=%v; openssl %v (%s %v); ours %v: %v", tc.valid, opensslOK, out, err, ours, r)
			}
		})
	}

	// openssl cms -verify accepts a CAdES-T signature made by adding a
	// timestamp to a CAdES-BES one.
	sig, err := good.StampSignature(signT(t, p, testContent, SignOptions{Chain: []*certificate.Certificate{p.ca}}), 0,
		testAt.Add(time.Minute), sigtest.Streebog256)
	if err == nil {
		sig, err = sigtest.AddSignatureTimestampToken(sig, 0, stamp(t, good, []byte("unrelated"), testAt, sigtest.Streebog256))
	}
	if err != nil {
		t.Fatal(err)
	}
	content := writeFile(t, dir, "content.xml", testContent)
	sigPath := writeFile(t, dir, "cades-t.sig", sig)
	o.Run(t, nil, "cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-content", content, "-CAfile", root,
		"-attime", attime, "-purpose", "any", "-out", os.DevNull)
	// The chains were checked by openssl: the stub validator passes them.
	r := mustParse(t, sig).Verify(testContent, fixedOpts())
	s := r.Signers[0]
	if len(s.Timestamps) != 2 || s.Timestamps[1].Verified || s.ValidationTimeSource != SourceSignatureTimestamp {
		t.Fatalf("%s", r)
	}
	if c, _ := r.All().Lookup("SIG-TIMESTAMP", check.Scope{Signer: 1, Timestamp: 2}); c.Outcome != "imprint-mismatch" {
		t.Fatalf("%v", c)
	}
}

// mustParseTimestampOrNil parses a token, keeping the parse error for
// verification (a damaged token is then unreadable, not a test failure).
func mustParseTimestampOrNil(b []byte) tokenUnderTest {
	ts, err := ParseTimestamp(b)
	return tokenUnderTest{ts, err}
}

type tokenUnderTest struct {
	ts  *Timestamp
	err error
}

func (u tokenUnderTest) verify(data []byte, opts VerifyOptions) *TimestampResult {
	return verifyTimestamp(u.ts, u.err, data, nil, &opts, opts.At, certificate.RevocationData{})
}
