package signature

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// tsaSpec says how a test TSA certificate differs from the right one.
type tsaSpec struct {
	name      string
	notBefore time.Time
	mutate    func(*certtest.Template)
}

var (
	tsaMu    sync.Mutex
	tsaCache = map[string]*sigtest.TSA{}
)

// testTSA returns a TSA whose certificate the test CA issued, valid for 15
// months from spec.notBefore (default: six months before testFrom).
func testTSA(t testing.TB, p *testPKI, spec tsaSpec) *sigtest.TSA {
	t.Helper()
	tsaMu.Lock()
	defer tsaMu.Unlock()
	key := spec.name + "/" + p.ee.FingerprintSHA1
	if tsa, ok := tsaCache[key]; ok {
		return tsa
	}
	rnd := mrand.NewChaCha8([32]byte{9, byte(len(spec.name))})
	k, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		t.Fatal(err)
	}
	from := spec.notBefore
	if from.IsZero() {
		from = testFrom.AddDate(0, -6, 0)
	}
	tmpl := certtest.NewTemplate(certtest.PresetTSA, mrand.New(mrand.NewPCG(3, uint64(len(spec.name)))), from)
	if spec.mutate != nil {
		spec.mutate(tmpl)
	}
	cert, err := certtest.Create(tmpl, p.ca, p.caKey, k.Public(), rnd)
	if err != nil {
		t.Fatal(err)
	}
	tsa, err := sigtest.NewTSA(cert, k)
	if err != nil {
		t.Fatal(err)
	}
	tsa.Rand = mrand.NewChaCha8([32]byte{10})
	tsaCache[key] = tsa
	return tsa
}

func stamp(t testing.TB, tsa *sigtest.TSA, data []byte, at time.Time, h sigtest.Hash) []byte {
	t.Helper()
	tok, err := tsa.Stamp(data, at, h)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func mustParseTimestamp(t testing.TB, b []byte) *Timestamp {
	t.Helper()
	ts, err := ParseTimestamp(b)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// timeStampResp wraps a token in a TimeStampResp with the given status.
func timeStampResp(status int64, token []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(status)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("ok")) })
			})
		})
		if token != nil {
			b.AddBytes(token)
		}
	})
	return b.BytesOrPanic()
}

func TestParseTimestamp(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	tsa := testTSA(t, p, tsaSpec{name: "good"})
	gen := time.Date(2025, 6, 1, 12, 0, 0, 250_000_000, time.UTC)
	tok := stamp(t, tsa, testContent, gen, sigtest.Streebog256)

	ts := mustParseTimestamp(t, tok)
	want := sigtest.Streebog256.Sum(testContent)
	switch {
	case ts.Info.Version != 1 || !ts.Info.GenTime.Equal(gen) || ts.Info.Accuracy != time.Second:
		t.Fatalf("%+v", ts.Info)
	case !oid.Streebog256.Equal(ts.Info.MessageImprint.HashAlgorithm.OID) || !bytes.Equal(ts.Info.MessageImprint.HashedMessage, want):
		t.Fatalf("imprint %+v", ts.Info.MessageImprint)
	case ts.Info.SerialNumber.Sign() <= 0 || ts.Info.Policy.String() != "2.999.3161.1" || ts.Info.Nonce != nil || ts.Info.TSA != nil:
		t.Fatalf("%+v", ts.Info)
	case !bytes.Equal(ts.Raw, tok) || len(ts.Token.Signers) != 1 || len(ts.Token.Certificates) != 1:
		t.Fatal("token not kept")
	}
	// The same token inside a granted TimeStampResp, and as PEM.
	for _, in := range [][]byte{timeStampResp(0, tok), timeStampResp(1, tok),
		pem.EncodeToMemory(&pem.Block{Type: "TIMESTAMP", Bytes: tok})} {
		if got := mustParseTimestamp(t, in); !bytes.Equal(got.Raw, tok) {
			t.Fatal("token not taken from the response")
		}
	}
	sig := signT(t, p, testContent, SignOptions{})
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"rejected", timeStampResp(2, nil), ErrNotTimestamp},
		{"granted-without-token", timeStampResp(0, nil), ErrNotTimestamp},
		{"signature-not-token", sig, ErrNotTimestamp},
		{"truncated", tok[:len(tok)-10], ErrTruncated},
		{"zero-padding", append(append([]byte{}, tok...), 0, 0), ErrTrailingData},
		{"empty", nil, ErrEmpty},
		{"empty-sequence", []byte{0x30, 0x00}, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseTimestamp(tc.in)
			var pe *ParseError
			if !errors.Is(err, tc.want) || !errors.As(err, &pe) || pe.MessageRU() == "" {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestParseGenTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"20250601120000Z", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{"20250601120000.5Z", time.Date(2025, 6, 1, 12, 0, 0, 500_000_000, time.UTC), true},
		{"20250601120000.123456789Z", time.Date(2025, 6, 1, 12, 0, 0, 123456789, time.UTC), true},
		{"20250601120000.50Z", time.Time{}, false}, // trailing zero
		{"20250601120000.Z", time.Time{}, false},
		{"20250601120000", time.Time{}, false},
		{"20250601120000+0300", time.Time{}, false},
		{"2025060112000aZ", time.Time{}, false},
		{"20251301120000Z", time.Time{}, false},
		{"20250601120000.1234567891Z", time.Time{}, false}, // finer than a nanosecond
	}
	for _, tc := range tests {
		got, err := parseGenTime(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("%s: %v %v", tc.in, got, err)
		}
	}
}

// TestTimestampVerify: a token verifies against the bytes it covers and
// against nothing else; each way a token or its TSA can be wrong is its
// own outcome.
func TestTimestampVerify(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	good := testTSA(t, p, tsaSpec{name: "good"})
	gen := testAt.Add(-time.Hour)
	data := []byte("signature value")
	eku := func(critical bool, ids ...oid.ID) func(*certtest.Template) {
		return func(tm *certtest.Template) {
			tm.ExtKeyUsage, tm.ExtKeyUsageCritical = nil, critical
			for _, id := range ids {
				tm.ExtKeyUsage = append(tm.ExtKeyUsage, id.OID())
			}
		}
	}
	type tcase struct {
		name     string
		token    func() []byte
		covered  []byte
		opts     func(*VerifyOptions)
		edit     func(*Timestamp)
		outcome  string // SIG-TIMESTAMP outcome, "" for the default pass/violation
		status   check.Status
		verified bool
	}
	tokenBy := func(tsa *sigtest.TSA, at time.Time, h sigtest.Hash) func() []byte {
		return func() []byte { return stamp(t, tsa, data, at, h) }
	}
	tamper := func(find, repl string) func() []byte {
		return func() []byte {
			tok := stamp(t, good, data, gen, sigtest.Streebog256)
			i := bytes.Index(tok, []byte(find))
			if i < 0 {
				t.Fatalf("%q not in the token", find)
			}
			copy(tok[i:], repl)
			return tok
		}
	}
	noCert, err := sigtest.NewTSA(good.Cert, good.Key)
	if err != nil {
		t.Fatal(err)
	}
	noCert.OmitCertificate = true
	tests := []tcase{
		{name: "streebog-256", token: tokenBy(good, gen, sigtest.Streebog256), status: check.Pass, verified: true},
		{name: "streebog-512", token: tokenBy(good, gen, sigtest.Streebog512), status: check.Pass, verified: true},
		{name: "sha-256", token: tokenBy(good, gen, sigtest.SHA256), status: check.Pass, verified: true},
		{name: "other-bytes", token: tokenBy(good, gen, sigtest.Streebog256), covered: []byte("other value"),
			outcome: "imprint-mismatch", status: check.Fail},
		{name: "tampered-tstinfo", token: tamper(gen.Format("20060102150405"), gen.Add(time.Second).Format("20060102150405")),
			outcome: "content-digest", status: check.Fail},
		{name: "unsupported-hash", token: tokenBy(good, gen, sigtest.Streebog256),
			edit:    func(ts *Timestamp) { ts.Info.MessageImprint.HashAlgorithm.OID = oid.SHA1.OID() },
			outcome: "unsupported-hash", status: check.Indeterminate},
		{name: "bad-signature", token: func() []byte {
			tok := stamp(t, good, data, gen, sigtest.Streebog256)
			tok[len(tok)-3] ^= 0x40
			return tok
		}, outcome: "", status: check.Fail},
		{name: "tsa-certificate-missing", token: func() []byte { return stamp(t, noCert, data, gen, sigtest.Streebog256) },
			outcome: "tsa-certificate-missing", status: check.Indeterminate},
		{name: "tsa-certificate-supplied", token: func() []byte { return stamp(t, noCert, data, gen, sigtest.Streebog256) },
			opts: func(o *VerifyOptions) { o.Certificates = []*certificate.Certificate{good.Cert} }, status: check.Pass, verified: true},
		{name: "eku-not-critical", token: tokenBy(testTSA(t, p, tsaSpec{name: "eku-nc", mutate: eku(false, oid.ExtKeyUsageTimeStamping)}), gen, sigtest.Streebog256),
			outcome: "tsa-eku-not-critical", status: check.Fail},
		{name: "eku-extra-purpose", token: tokenBy(testTSA(t, p, tsaSpec{name: "eku-2", mutate: eku(true, oid.ExtKeyUsageTimeStamping, oid.ExtKeyUsageClientAuth)}), gen, sigtest.Streebog256),
			outcome: "tsa-eku", status: check.Fail},
		{name: "eku-absent", token: tokenBy(testTSA(t, p, tsaSpec{name: "eku-0", mutate: func(tm *certtest.Template) { tm.ExtKeyUsage = nil }}), gen, sigtest.Streebog256),
			outcome: "tsa-eku-absent", status: check.Fail},
		{name: "gentime-outside-tsa-validity", token: tokenBy(good, testFrom.AddDate(6, 0, 0), sigtest.Streebog256),
			opts:    func(o *VerifyOptions) { o.At = testFrom.AddDate(7, 0, 0) },
			outcome: "tsa-time", status: check.Fail},
		{name: "gentime-after-validation-time", token: tokenBy(good, testAt.Add(time.Hour), sigtest.Streebog256),
			outcome: "future", status: check.Warn},
		{name: "chain-not-checked", token: tokenBy(good, gen, sigtest.Streebog256),
			opts:    func(o *VerifyOptions) { o.ValidateCertificate = nil },
			outcome: "tsa-chain-not-checked", status: check.Indeterminate},
		{name: "chain-fails", token: tokenBy(good, gen, sigtest.Streebog256),
			opts: func(o *VerifyOptions) {
				o.ValidateCertificate = func(Validation) check.Results {
					return check.Results{stubChain.Violated("revoked", "отозван")}
				}
			}, status: check.Pass},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, err := ParseTimestamp(tc.token())
			if err != nil {
				t.Fatal(err)
			}
			if tc.edit != nil {
				tc.edit(ts)
			}
			opts := fixedOpts()
			if tc.opts != nil {
				tc.opts(&opts)
			}
			covered := data
			if tc.covered != nil {
				covered = tc.covered
			}
			res := ts.Verify(covered, opts)
			r, ok := res.Checks.Find("SIG-TIMESTAMP")
			if !ok || r.Status != tc.status || r.Outcome != tc.outcome || res.Verified != tc.verified {
				t.Fatalf("%v verified=%v, want %s/%q verified=%v", r, res.Verified, tc.status, tc.outcome, tc.verified)
			}
			if u := registry.Unknown(res.Checks); len(u) > 0 && u[0] != "TEST-CHAIN: not registered" {
				t.Fatal(u)
			}
			if tc.verified && (res.TSA == "" || res.Certificate == nil || !res.GenTime.Equal(gen)) {
				t.Fatalf("%+v", res)
			}
		})
	}
}

// stampedSignature is a CAdES-T signature made at testAt by p.ee, with a
// signature timestamp at gen.
func stampedSignature(t testing.TB, p *testPKI, tsa *sigtest.TSA, gen time.Time) []byte {
	t.Helper()
	sig := signT(t, p, testContent, SignOptions{})
	out, err := tsa.StampSignature(sig, 0, gen, sigtest.Streebog256)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCAdESTProofOfExistence: a verified signature timestamp is a proof of
// existence; the signer certificate is validated at its time, whatever has
// happened to it since.
func TestCAdESTProofOfExistence(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	tsa := testTSA(t, p, tsaSpec{name: "good"})
	late := testTSA(t, p, tsaSpec{name: "late", notBefore: testFrom.AddDate(1, 0, 0)})
	gen := testAt.Add(10 * time.Minute)
	expired := testFrom.AddDate(3, 0, 0) // the signer certificate ended after 15 months

	type want struct {
		verdict   check.Status
		validity  check.Status
		outcome   string
		sub       check.SubIndication
		source    TimeSource
		best      time.Time
		timestamp check.Status // SIG-TIMESTAMP of timestamp 1, "" when none
	}
	tests := []struct {
		name string
		sig  func() []byte
		at   time.Time
		want want
	}{
		{"valid-now", func() []byte { return stampedSignature(t, p, tsa, gen) }, testAt.AddDate(0, 1, 0),
			want{check.Pass, check.Pass, "at-timestamp", "", SourceSignatureTimestamp, gen, check.Pass}},
		{"expired-after-timestamp", func() []byte { return stampedSignature(t, p, tsa, gen) }, expired,
			want{check.Pass, check.Pass, "at-timestamp", "", SourceSignatureTimestamp, gen, check.Pass}},
		{"expired-no-timestamp", func() []byte { return signT(t, p, testContent, SignOptions{}) }, expired,
			want{check.Indeterminate, check.Indeterminate, "out-of-bounds", check.OutOfBoundsNoPOE, SourceValidationTime, time.Time{}, ""}},
		{"expired-timestamp-over-other-bytes", func() []byte {
			sig := signT(t, p, testContent, SignOptions{})
			out, err := sigtest.AddSignatureTimestampToken(sig, 0, stamp(t, tsa, []byte("not the signature"), gen, sigtest.Streebog256))
			if err != nil {
				t.Fatal(err)
			}
			return out
		}, expired, want{check.Fail, check.Indeterminate, "out-of-bounds", check.OutOfBoundsNoPOE, SourceValidationTime, time.Time{}, check.Fail}},
		{"timestamp-after-expiry", func() []byte { return stampedSignature(t, p, late, testFrom.AddDate(1, 4, 0)) }, expired,
			want{check.Indeterminate, check.Indeterminate, "timestamp-after-expiry", check.OutOfBoundsNoPOE, SourceSignatureTimestamp, testFrom.AddDate(1, 4, 0), check.Pass}},
		{"timestamp-before-issuance", func() []byte { return stampedSignature(t, p, tsa, testFrom.Add(-time.Hour)) }, testAt,
			want{check.Fail, check.Fail, "", "", SourceSignatureTimestamp, testFrom.Add(-time.Hour), check.Pass}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var signerAt, tsaAt []time.Time
			opts := VerifyOptions{At: tc.at, ValidateCertificate: func(v Validation) check.Results {
				c, at := v.Certificate, v.At
				if bytes.Equal(c.Raw, p.ee.Raw) {
					signerAt = append(signerAt, at)
				} else {
					tsaAt = append(tsaAt, at)
				}
				return check.Results{stubChain.Passed("stub")}
			}}
			sd := mustParse(t, tc.sig())
			r := sd.Verify(testContent, opts)
			s := r.Signers[0]
			c, _ := s.Checks.Find("SIG-CERT-VALIDITY")
			w := tc.want
			if r.Verdict != w.verdict || c.Status != w.validity || c.Outcome != w.outcome || c.SubIndication != w.sub ||
				s.ValidationTimeSource != w.source || !s.BestSignatureTime.Equal(w.best) {
				t.Fatalf("got %s, %v, source %s, best %v\n%s", r.Verdict, c, s.ValidationTimeSource, s.BestSignatureTime, r)
			}
			if want := tc.at; w.source == SourceSignatureTimestamp {
				want = w.best
				if !s.ValidationTime.Equal(want) || len(signerAt) != 1 || !signerAt[0].Equal(want) {
					t.Fatalf("signer validated at %v (%v), want %v", s.ValidationTime, signerAt, want)
				}
			}
			if w.timestamp == "" {
				if len(s.Timestamps) != 0 {
					t.Fatal(s.Timestamps)
				}
				return
			}
			// The timestamp's results are in its own scope; the TSA chain
			// was validated at the validation time At.
			ts, ok := r.All().Lookup("SIG-TIMESTAMP", check.Scope{Signer: 1, Timestamp: 1})
			if !ok || ts.Status != w.timestamp || len(s.Timestamps) != 1 || s.Timestamps[0].Kind != TokenSignature ||
				s.Timestamps[0].Checks[0].Scope != (check.Scope{Signer: 1, Timestamp: 1}) {
				t.Fatalf("%v\n%s", ts, r)
			}
			if _, ok := r.All().Lookup("TEST-CHAIN", check.Scope{Signer: 1, Timestamp: 1}); !ok || len(tsaAt) != 1 || !tsaAt[0].Equal(tc.at) {
				t.Fatalf("TSA chain at %v, want %v", tsaAt, tc.at)
			}
			if u := registry.Unknown(r.All()); len(u) > 0 && !strings.HasPrefix(u[0], "TEST-CHAIN") {
				t.Fatal(u)
			}
		})
	}
}

// TestCAdESTSignerUntouched: adding a timestamp keeps the signed part of
// the SignerInfo byte for byte, and the signature still verifies.
func TestCAdESTSignerUntouched(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	tsa := testTSA(t, p, tsaSpec{name: "good"})
	sig := signT(t, p, testContent, SignOptions{Chain: []*certificate.Certificate{p.ca}})
	once, err := tsa.StampSignature(sig, 0, testAt, sigtest.Streebog256)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := tsa.StampSignature(once, 0, testAt.Add(time.Minute), sigtest.Streebog512)
	if err != nil {
		t.Fatal(err)
	}
	before, after := mustParse(t, sig).Signers[0], mustParse(t, twice).Signers[0]
	if !bytes.Equal(before.RawSignedAttrs, after.RawSignedAttrs) || !bytes.Equal(before.Signature, after.Signature) ||
		len(after.UnsignedAttrs) != 2 {
		t.Fatal("signed part changed")
	}
	r := mustParse(t, twice).Verify(testContent, fixedOpts())
	s := r.Signers[0]
	if r.Verdict != check.Pass || len(s.Timestamps) != 2 || !s.BestSignatureTime.Equal(testAt) || !s.Timestamps[1].Verified {
		t.Fatalf("%s", r)
	}
	if st, _ := s.Checks.Find("SIG-UNSIGNED-ATTRS"); st.Status != check.Pass {
		t.Fatal(st)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"best_signature_time":"2025-06-01T12:00:00Z"`, `"validation_time_source":"signature-timestamp"`,
		`"kind":"signature-time-stamp"`, `"verified":true`, `"tsa":`} {
		if !bytes.Contains(b, []byte(k)) {
			t.Errorf("JSON lacks %s: %s", k, b)
		}
	}
	if _, err := sigtest.AddSignatureTimestampToken(sig, 1, []byte{0x30, 0}); err == nil {
		t.Fatal("no signer 1, no error")
	}
	if _, err := sigtest.AddSignatureTimestampToken(toBER(t, sig, nil), 0, []byte{0x30, 0}); !errors.Is(err, sigtest.ErrBuild) {
		t.Fatalf("BER accepted: %v", err)
	}
}

// TestUnsignedAttributes: attributes nobody reads are reported; the
// CAdES-C, X and A attributes are recognised.
func TestUnsignedAttributes(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	sig := signT(t, p, testContent, SignOptions{})
	null := []byte{0x05, 0x00}
	tests := []struct {
		name    string
		types   []oid.ID
		status  check.Status
		message string
		verdict check.Status
	}{
		// Recognised, but their NULL values are not validation data: that
		// is SIG-VALIDATION-DATA's warning, and each token SIG-TIMESTAMP's
		// failure.
		{"cades-xl-a", []oid.ID{oid.CertificateRefs, oid.RevocationRefs, oid.CertValues, oid.RevocationValues, oid.EscTimeStamp,
			oid.CertCRLTimestamp, oid.ArchiveTimestamp, oid.ArchiveTimestampV2, oid.ArchiveTimestampV3, oid.LongTermValidation}, check.Pass, "", check.Warn},
		{"counter-signature", []oid.ID{"1.2.840.113549.1.9.6"}, check.Warn, "1.2.840.113549.1.9.6", check.Warn},
		{"mixed", []oid.ID{oid.CertValues, "1.2.3.4"}, check.Warn, "1.2.3.4", check.Warn},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := sig
			for _, id := range tc.types {
				var err error
				if out, err = sigtest.AddUnsignedAttributes(out, 0, sigtest.Attribute(id.OID(), null)); err != nil {
					t.Fatal(err)
				}
			}
			r := mustParse(t, out).Verify(testContent, fixedOpts())
			c, _ := r.Signers[0].Checks.Find("SIG-UNSIGNED-ATTRS")
			if c.Status != tc.status || !strings.Contains(c.Message, tc.message) || r.Verdict != tc.verdict {
				t.Fatalf("%v\n%s", c, r)
			}
		})
	}
}

// TestZeroPadding: zero bytes after the CMS (a signature copied out of a
// PDF /Contents) are dropped with a warning; any other trailing byte is an
// error.
func TestZeroPadding(t *testing.T) {
	t.Parallel()
	p := pki256(t)
	sig := signT(t, p, testContent, SignOptions{})
	ber := toBER(t, sig, [][]byte{mustParse(t, sig).Signers[0].RawSignedAttrs})
	for _, base := range [][]byte{sig, ber} {
		padded := append(append([]byte{}, base...), make([]byte, 300)...)
		sd := mustParse(t, padded)
		r := sd.Verify(testContent, fixedOpts())
		c, ok := r.Checks.Find("SIG-PADDING")
		if sd.TrailingZeros != 300 || !ok || c.Status != check.Warn || !strings.Contains(c.Message, "300") || r.Verdict != check.Warn {
			t.Fatalf("%d %v\n%s", sd.TrailingZeros, c, r)
		}
		if _, ok := mustParse(t, base).Verify(testContent, fixedOpts()).Checks.Find("SIG-PADDING"); ok {
			t.Fatal("SIG-PADDING without padding")
		}
		for _, tail := range [][]byte{{0, 0, 1}, {1}, {0x30, 0}, {0xff, 0, 0}} {
			if _, err := Parse(append(append([]byte{}, base...), tail...)); !errors.Is(err, ErrTrailingData) {
				t.Fatalf("tail %x: %v", tail, err)
			}
		}
	}
}
