package trust_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/oracle"
)

var (
	sigFrom = time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	sigAt   = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
)

// sigPKI is a small PKI with a list signer: root (the head CA's anchor),
// ca (an accredited CA), user (issued by ca), signer and signer512 (list
// signers issued by root, 256- and 512-bit keys), other (a signer nobody
// pins) and forged (a self-signed root nobody listed).
type sigPKI struct {
	root, ca, user, signer, signer512, other, forged, forgedUser *certificate.Certificate
	signerKey, signer512Key, otherKey                            *certificate.GOSTPrivateKey
	forgedKey                                                    *certificate.GOSTPrivateKey
}

var (
	sigPKIOnce sync.Once
	sigPKIVal  *sigPKI
	sigPKIErr  error
)

func testSigPKI(t testing.TB) *sigPKI {
	t.Helper()
	sigPKIOnce.Do(func() { sigPKIVal, sigPKIErr = buildSigPKI() })
	if sigPKIErr != nil {
		t.Fatal(sigPKIErr)
	}
	return sigPKIVal
}

func buildSigPKI() (*sigPKI, error) {
	rnd := mrand.NewChaCha8([32]byte{61})
	ids := mrand.New(mrand.NewPCG(61, 61))
	p := &sigPKI{}
	key := func(curve string) *certificate.GOSTPrivateKey {
		k, err := certtest.GenerateKey(curve, rnd)
		if err != nil {
			panic(err)
		}
		return k
	}
	rootKey, caKey, userKey := key("CryptoPro-A"), key("CryptoPro-A"), key("CryptoPro-A")
	p.signerKey, p.signer512Key, p.otherKey, p.forgedKey = key("tc26-256-A"), key("tc26-512-A"), key("CryptoPro-A"), key("CryptoPro-A")
	var err error
	issue := func(preset certtest.Preset, cn string, issuer *certificate.Certificate, issuerKey, k *certificate.GOSTPrivateKey) *certificate.Certificate {
		if err != nil {
			return nil
		}
		tm := certtest.NewTemplate(preset, ids, sigFrom)
		if cn != "" {
			tm.Subject.CommonName = cn
		}
		var c *certificate.Certificate
		c, err = certtest.Create(tm, issuer, issuerKey, k.Public(), rnd)
		return c
	}
	p.root = issue(certtest.PresetRoot, "Тестовый ГУЦ", nil, rootKey, rootKey)
	p.ca = issue(certtest.PresetCA, "Тестовый УЦ", p.root, rootKey, caKey)
	p.user = issue(certtest.PresetPerson, "", p.ca, caKey, userKey)
	p.signer = issue(certtest.PresetLegalEntityHead, "Подписант перечня", p.root, rootKey, p.signerKey)
	p.signer512 = issue(certtest.PresetLegalEntityHead, "Подписант перечня 512", p.root, rootKey, p.signer512Key)
	p.other = issue(certtest.PresetLegalEntityHead, "Посторонний подписант", p.root, rootKey, p.otherKey)
	p.forged = issue(certtest.PresetRoot, "Тестовый ГУЦ", nil, p.forgedKey, p.forgedKey)
	p.forgedUser = issue(certtest.PresetPerson, "", p.forged, p.forgedKey, userKey)
	return p, err
}

// spec is a small list of the head CA (root) and one accredited CA.
func (p *sigPKI) spec() *certtest.TrustedListSpec {
	active := trust.StatusChange{Status: trust.Active, From: sigFrom}
	return &certtest.TrustedListSpec{Version: "16500", Date: sigFrom.AddDate(0, 1, 0), CAs: []certtest.TrustedCASpec{
		{Name: "Минцифры России", OGRN: trust.MinDigitalOGRN, INN: "7710474375", Status: active,
			Keys: []certtest.TrustedKeySpec{{Certificates: []*certificate.Certificate{p.root}}}},
		{Name: "Тестовый УЦ", OGRN: p.ca.Subject.OGRN.Value, INN: p.ca.Subject.INNLE.Value, Status: active,
			Keys: []certtest.TrustedKeySpec{{CRLURLs: []string{"http://pki.example.test/cdp/test-ca.crl"}, Certificates: []*certificate.Certificate{p.ca}}}},
	}, Signer: p.signer, SignerKey: p.signerKey, Rand: mrand.NewChaCha8([32]byte{62}), DSPrefix: "ds"}
}

// signed builds the list with edit applied to the spec.
func (p *sigPKI) signed(edit func(*certtest.TrustedListSpec)) []byte {
	s := p.spec()
	if edit != nil {
		edit(s)
	}
	return certtest.BuildTrustedList(s)
}

func parse(t *testing.T, xml []byte, signers ...*certificate.Certificate) *trust.List {
	t.Helper()
	l, err := trust.ParseList(xml, &trust.ListOptions{Signers: signers})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// accreditation returns CHAIN-ACCREDITATION of cert against the list.
func accreditation(t *testing.T, l *trust.List, cert *certificate.Certificate) (check.Result, *certificate.ChainResult) {
	t.Helper()
	res := certificate.Verify(cert, certificate.VerifyOptions{Trust: l.Trust(), At: sigAt})
	r, ok := res.Results.Find("CHAIN-ACCREDITATION")
	if !ok {
		t.Fatal("no CHAIN-ACCREDITATION")
	}
	return r, res
}

// TestSignedListVerifies: lists signed by the builder in each supported
// form verify with the pinned signer, and chains built on them pass.
func TestSignedListVerifies(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	for _, tc := range []struct {
		name   string
		edit   func(*certtest.TrustedListSpec)
		signer *certificate.Certificate
		method string
	}{
		{"exc-c14n, 256", nil, p.signer, "gostr34102012-gostr34112012-256"},
		{"default namespace", func(s *certtest.TrustedListSpec) { s.DSPrefix = "" }, p.signer, "gostr34102012-gostr34112012-256"},
		{"inclusive c14n", func(s *certtest.TrustedListSpec) { s.InclusiveC14N = true }, p.signer, "gostr34102012-gostr34112012-256"},
		{"inclusive c14n, default namespace", func(s *certtest.TrustedListSpec) { s.InclusiveC14N, s.DSPrefix = true, "" }, p.signer, "gostr34102012-gostr34112012-256"},
		{"512-bit digest", func(s *certtest.TrustedListSpec) { s.DigestBits = 512 }, p.signer, "gostr34102012-gostr34112012-256"},
		{"512-bit key", func(s *certtest.TrustedListSpec) { s.Signer, s.SignerKey = p.signer512, p.signer512Key }, p.signer512, "gostr34102012-gostr34112012-512"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := parse(t, p.signed(tc.edit), p.other, tc.signer)
			if !l.Signature.Verified() || l.Signature.Err != nil || !bytes.Equal(l.Signature.Signer.Raw, tc.signer.Raw) {
				t.Fatalf("status %s, err %v", l.Signature.Status, l.Signature.Err)
			}
			if !strings.HasSuffix(l.Signature.Method, tc.method) {
				t.Errorf("method %s", l.Signature.Method)
			}
			r := l.CheckSignature()
			if r.ID != "TSL-SIGNATURE" || r.Status != check.Pass || r.Scope.Document != check.DocTrustedList || !strings.Contains(r.Message, "16500") {
				t.Errorf("%+v", r)
			}
			acc, res := accreditation(t, l, p.user)
			if acc.Status != check.Pass || !res.OK() || res.Source.Signature != certificate.SourceVerified {
				t.Errorf("chain: %v %v", res.Err, acc)
			}
		})
	}
}

// TestListSignatureOutcomes: every way the list's signature can end, with
// its TSL-SIGNATURE outcome and what the chain reports.
func TestListSignatureOutcomes(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	good := p.signed(nil)
	unsigned := p.signed(func(s *certtest.TrustedListSpec) { s.Signer = nil })
	replace := func(doc []byte, old, new string) []byte {
		if !bytes.Contains(doc, []byte(old)) {
			t.Fatalf("%q not in the list", old)
		}
		return bytes.Replace(doc, []byte(old), []byte(new), 1)
	}
	sigRE := regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`)
	signature := sigRE.Find(good)
	without := sigRE.ReplaceAll(good, nil)
	// A forged root of the head CA, added after signing.
	forgedEntry := "<ДанныеСертификата><Отпечаток>" + p.forged.FingerprintSHA1 + "</Отпечаток><Данные>" +
		base64.StdEncoding.EncodeToString(p.forged.Raw) + "</Данные></ДанныеСертификата>\n"
	withForged := replace(good, "<ДанныеСертификата>", forgedEntry+"<ДанныеСертификата>")
	// The value in CryptoAPI's little-endian order instead of s‖r.
	sv := regexp.MustCompile(`<ds:SignatureValue>([^<]*)</ds:SignatureValue>`).FindSubmatch(good)
	raw, _ := base64.StdEncoding.DecodeString(string(sv[1]))
	reversed := make([]byte, len(raw))
	for i := range raw {
		reversed[i] = raw[len(raw)-1-i]
	}
	for _, tc := range []struct {
		name      string
		xml       []byte
		signers   []*certificate.Certificate
		status    certificate.SourceSignature
		class     error
		outcome   string
		result    check.Status
		sub       check.SubIndication
		chainCode string
		chain     check.Status
	}{
		{name: "unsigned", xml: unsigned, signers: []*certificate.Certificate{p.signer}, status: certificate.SourceUnsigned,
			outcome: "unsigned", result: check.Indeterminate, sub: check.SignatureNotVerified, chainCode: "source-unsigned", chain: check.Indeterminate},
		{name: "no signer pinned", xml: good, status: certificate.SourceSignerNotPinned, class: trust.ErrSignerNotPinned,
			outcome: "no-pinned-signer", result: check.Indeterminate, sub: check.SignatureNotVerified, chainCode: "source-signer-not-pinned", chain: check.Indeterminate},
		{name: "signer not pinned", xml: good, signers: []*certificate.Certificate{p.other}, status: certificate.SourceSignerNotPinned, class: trust.ErrSignerNotPinned,
			outcome: "signer-not-pinned", result: check.Indeterminate, sub: check.SignatureNotVerified, chainCode: "source-signer-not-pinned", chain: check.Indeterminate},
		{name: "signed by another key", xml: p.signed(func(s *certtest.TrustedListSpec) { s.Signer, s.SignerKey = p.other, p.otherKey }),
			signers: []*certificate.Certificate{p.signer}, status: certificate.SourceSignerNotPinned, class: trust.ErrSignerNotPinned,
			outcome: "signer-not-pinned", result: check.Indeterminate, sub: check.SignatureNotVerified, chainCode: "source-signer-not-pinned", chain: check.Indeterminate},
		{name: "one byte of an entry changed", xml: replace(good, "<ИНН>7710474375</ИНН>", "<ИНН>7710474376</ИНН>"), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureInvalid, result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "forged root inserted after signing", xml: withForged, signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureInvalid, result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "SignedInfo changed", xml: replace(good, `URI=""`, `URI="" Id="r1"`), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureInvalid, outcome: "bad-signature", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "signature value little-endian", xml: replace(good, string(sv[1]), base64.StdEncoding.EncodeToString(reversed)), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureInvalid, outcome: "bad-signature", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "withdrawn signature method", xml: replace(good, "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256", "http://www.w3.org/2001/04/xmldsig-more#gostr34102001-gostr3411"),
			signers: []*certificate.Certificate{p.signer}, status: certificate.SourceUnsupportedAlgorithm, class: trust.ErrWithdrawnAlgorithm,
			outcome: "withdrawn-algorithm", result: check.Indeterminate, sub: check.UnsupportedAlgorithm, chainCode: "source-unsupported-algorithm", chain: check.Indeterminate},
		{name: "withdrawn digest method", xml: replace(good, "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256", "http://www.w3.org/2001/04/xmldsig-more#gostr3411"),
			signers: []*certificate.Certificate{p.signer}, status: certificate.SourceUnsupportedAlgorithm, class: trust.ErrWithdrawnAlgorithm,
			outcome: "withdrawn-algorithm", result: check.Indeterminate, sub: check.UnsupportedAlgorithm, chainCode: "source-unsupported-algorithm", chain: check.Indeterminate},
		{name: "unsupported signature method", xml: replace(good, "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
			signers: []*certificate.Certificate{p.signer}, status: certificate.SourceUnsupportedAlgorithm, class: trust.ErrUnsupportedAlgorithm,
			outcome: "unsupported-algorithm", result: check.Indeterminate, sub: check.UnsupportedAlgorithm, chainCode: "source-unsupported-algorithm", chain: check.Indeterminate},
		{name: "XPath transform", xml: replace(good, `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform>`, `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(self::УдостоверяющийЦентр)</ds:XPath></ds:Transform>`),
			signers: []*certificate.Certificate{p.signer}, status: certificate.SourceUnsupportedAlgorithm, class: trust.ErrUnsupportedAlgorithm,
			outcome: "unsupported-algorithm", result: check.Indeterminate, sub: check.UnsupportedAlgorithm, chainCode: "source-unsupported-algorithm", chain: check.Indeterminate},
		// Signature wrapping.
		{name: "two signatures", xml: replace(good, "</ds:Signature>", "</ds:Signature>"+string(signature)), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "signature inside a CA", xml: replace(without, "</УдостоверяющийЦентр>", string(signature)+"</УдостоверяющийЦентр>"), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "reference to an element", xml: replace(good, `URI=""`, `URI="#list"`), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "two references", xml: replace(good, "</ds:Reference>", "</ds:Reference><ds:Reference URI=\"#x\"></ds:Reference>"), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "no enveloped transform", xml: replace(good, `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>`, ""), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "KeyInfo certificate broken", xml: replace(good, "<ds:X509Certificate>", "<ds:X509Certificate>AAAA"), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
		{name: "digest value truncated", xml: regexp.MustCompile(`<ds:DigestValue>[^<]{8}`).ReplaceAll(good, []byte("<ds:DigestValue>")), signers: []*certificate.Certificate{p.signer},
			status: certificate.SourceInvalid, class: trust.ErrSignatureStructure, outcome: "structure", result: check.Fail, chainCode: "source-invalid", chain: check.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, err := trust.ParseList(tc.xml, &trust.ListOptions{Signers: tc.signers})
			if err != nil {
				t.Fatal(err)
			}
			s := l.Signature
			if s.Status != tc.status || (tc.class == nil) != (s.Err == nil) || tc.class != nil && !errors.Is(s.Err, tc.class) {
				t.Fatalf("status %s, err %v; want %s, %v", s.Status, s.Err, tc.status, tc.class)
			}
			r := l.CheckSignature()
			if r.Status != tc.result || r.Outcome != tc.outcome || r.SubIndication != tc.sub || r.Scope.Document != check.DocTrustedList {
				t.Errorf("TSL-SIGNATURE %s/%s/%s: %s; want %s/%s/%s", r.Status, r.Outcome, r.SubIndication, r.Message, tc.result, tc.outcome, tc.sub)
			}
			if !strings.Contains(r.Message, "16500") || strings.Contains(r.Message, "%!") {
				t.Errorf("message %q", r.Message)
			}
			acc, res := accreditation(t, l, p.user)
			if acc.Status != tc.chain || acc.Outcome != tc.chainCode {
				t.Errorf("CHAIN-ACCREDITATION %s/%s: %s; want %s/%s", acc.Status, acc.Outcome, acc.Message, tc.chain, tc.chainCode)
			}
			if tc.chain == check.Fail && !errors.Is(res.Err, certificate.ErrUntrustedSource) {
				t.Errorf("chain error %v", res.Err)
			}
			if tc.chain != check.Fail && res.Err != nil {
				t.Errorf("chain error %v", res.Err)
			}
		})
	}
}

// TestForgedRootIsNotTrustedSilently: a root added to a list after signing
// anchors its chain, but the chain reports the list as forged; added to an
// unsigned list it is indeterminate, never a plain pass.
func TestForgedRootIsNotTrustedSilently(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	add := func(doc []byte) []byte {
		entry := "<ДанныеСертификата><Отпечаток>" + p.forged.FingerprintSHA1 + "</Отпечаток><Данные>" +
			base64.StdEncoding.EncodeToString(p.forged.Raw) + "</Данные></ДанныеСертификата>\n"
		return bytes.Replace(doc, []byte("<ДанныеСертификата>"), []byte(entry+"<ДанныеСертификата>"), 1)
	}
	for _, tc := range []struct {
		name string
		xml  []byte
		want check.Status
	}{
		{"signed", add(p.signed(nil)), check.Fail},
		{"unsigned", add(p.signed(func(s *certtest.TrustedListSpec) { s.Signer = nil })), check.Indeterminate},
	} {
		l := parse(t, tc.xml, p.signer)
		if l.Roots.Len() != 2 {
			t.Fatalf("%s: %d roots", tc.name, l.Roots.Len())
		}
		acc, res := accreditation(t, l, p.forgedUser)
		if acc.Status != tc.want || res.Results.Worst() != tc.want {
			t.Errorf("%s: %s, worst %s: %v", tc.name, acc.Status, res.Results.Worst(), res.Results)
		}
	}
}

// TestSignatureContentIsNotListContent: what the Signature element holds
// (a ds:Object) is never read as list content, though it does not break
// the signature.
func TestSignatureContentIsNotListContent(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	forgedCA := "<УдостоверяющийЦентр><Название>Поддельный УЦ</Название><ОГРН>" + trust.MinDigitalOGRN + "</ОГРН>" +
		"<КлючиУполномоченныхЛиц><Ключ><Сертификаты><ДанныеСертификата><Данные>" + base64.StdEncoding.EncodeToString(p.forged.Raw) +
		"</Данные></ДанныеСертификата></Сертификаты></Ключ></КлючиУполномоченныхЛиц></УдостоверяющийЦентр>"
	doc := bytes.Replace(p.signed(nil), []byte("</ds:KeyInfo>"), []byte("</ds:KeyInfo><ds:Object>"+forgedCA+"</ds:Object>"), 1)
	l := parse(t, doc, p.signer)
	if !l.Signature.Verified() {
		t.Fatalf("%s: %v", l.Signature.Status, l.Signature.Err)
	}
	if len(l.CAs) != 2 || l.Roots.Len() != 1 || l.Roots.Contains(p.forged) {
		t.Fatalf("%d CAs, %d roots", len(l.CAs), l.Roots.Len())
	}
	// A Signature of another namespace is skipped as well.
	doc = bytes.Replace(p.signed(func(s *certtest.TrustedListSpec) { s.Signer = nil }), []byte("</АккредитованныеУдостоверяющиеЦентры>"),
		[]byte(`<x:Signature xmlns:x="urn:x">`+forgedCA+"</x:Signature></АккредитованныеУдостоверяющиеЦентры>"), 1)
	if l = parse(t, doc); len(l.CAs) != 2 || l.Signature.Status != certificate.SourceUnsigned {
		t.Fatalf("%d CAs, %s", len(l.CAs), l.Signature.Status)
	}
}

// TestSecondRootLikeSubtree: the root element may not reappear inside the
// list (not even inside the Signature), and attributes may not repeat.
func TestSecondRootLikeSubtree(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	good := p.signed(nil)
	without := regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`).ReplaceAll(good, nil)
	body := without[bytes.Index(without, []byte("<АккредитованныеУдостоверяющиеЦентры")):]
	for name, doc := range map[string][]byte{
		"nested root": bytes.Replace(good, []byte("<Адрес>"), []byte("<Адрес><АккредитованныеУдостоверяющиеЦентры></АккредитованныеУдостоверяющиеЦентры>"), 1),
		// The signed list moved into an Object of its signature, changed
		// content outside (signature wrapping).
		"signed list inside the signature": bytes.Replace(bytes.Replace(good, []byte("<ИНН>7710474375</ИНН>"), []byte("<ИНН>7710474376</ИНН>"), 1),
			[]byte("</ds:KeyInfo>"), []byte("</ds:KeyInfo><ds:Object>"+string(body)+"</ds:Object>"), 1),
		"repeated attribute": bytes.Replace(good, []byte(`xsi:noNamespaceSchemaLocation="scheme.xsd"`),
			[]byte(`xsi:noNamespaceSchemaLocation="scheme.xsd" xsi:noNamespaceSchemaLocation="other.xsd"`), 1),
	} {
		if _, err := trust.ParseList(doc, nil); !errors.Is(err, trust.ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSignedListDigestAgainstXMLLint: the digest of the signed list equals
// Streebog of xmllint's exclusive canonical form of the list without its
// Signature (the enveloped transform), so the canonical bytes the
// verifier hashes are xmllint's.
func TestSignedListDigestAgainstXMLLint(t *testing.T) {
	t.Parallel()
	x := oracle.XMLLintTool(t)
	p := testSigPKI(t)
	for _, inclusive := range []bool{false, true} {
		doc := p.signed(func(s *certtest.TrustedListSpec) { s.InclusiveC14N = inclusive })
		if l := parse(t, doc, p.signer); !l.Signature.Verified() {
			t.Fatalf("%s: %v", l.Signature.Status, l.Signature.Err)
		}
		without := regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`).ReplaceAll(doc, nil)
		run := x.ExcC14N
		if inclusive {
			run = x.C14N
		}
		canon, err := run(without)
		if err != nil {
			t.Fatal(err)
		}
		sum := streebog.Sum256(canon)
		dv := regexp.MustCompile(`<ds:DigestValue>([^<]*)</ds:DigestValue>`).FindSubmatch(doc)
		if got := base64.StdEncoding.EncodeToString(sum[:]); got != string(dv[1]) {
			t.Errorf("inclusive=%v: Streebog(xmllint) %s, DigestValue %s", inclusive, got, dv[1])
		}
		// And the canonical SignedInfo the builder wrote is xmllint's.
		si := regexp.MustCompile(`<ds:SignedInfo[\s\S]*</ds:SignedInfo>`).Find(doc)
		if got, err := run(si); err != nil || !bytes.Equal(got, si) {
			t.Errorf("inclusive=%v: SignedInfo is not canonical: %v\n%s\n%s", inclusive, err, si, got)
		}
	}
}

// TestSignatureValueFromOpenSSL: a SignatureValue made by OpenSSL's GOST
// engine over the canonical SignedInfo (the raw signature xmlsec's OpenSSL
// back end writes into XMLDSig unchanged) verifies: the XMLDSig value is
// s‖r big-endian, as in CMS.
func TestSignatureValueFromOpenSSL(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)
	p := testSigPKI(t)
	doc := p.signed(nil)
	der, err := certtest.MarshalPrivateKey(p.signerKey)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "signer.key")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	si := regexp.MustCompile(`<ds:SignedInfo[\s\S]*</ds:SignedInfo>`).Find(doc)
	sig := o.Run(t, si, "dgst", "-md_gost12_256", "-sign", keyFile)
	if len(sig) != 64 {
		t.Fatalf("openssl signature of %d bytes", len(sig))
	}
	doc = regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`).ReplaceAll(doc,
		[]byte("<ds:SignatureValue>"+base64.StdEncoding.EncodeToString(sig)+"</ds:SignatureValue>"))
	if l := parse(t, doc, p.signer); !l.Signature.Verified() {
		t.Fatalf("%s: %v", l.Signature.Status, l.Signature.Err)
	}
}

// TestSignedListDeterministic: with a seeded Rand the builder writes the
// same bytes.
func TestSignedListDeterministic(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	if !bytes.Equal(p.signed(nil), p.signed(nil)) {
		t.Fatal("two builds differ")
	}
}

// TestLoadMergedAnchorUnaffected: through Load, a root given as a plain
// certificate file next to an unsigned list anchors its chains without the
// list's verdict, while chains through the list's own anchor carry it.
func TestLoadMergedAnchorUnaffected(t *testing.T) {
	t.Parallel()
	p := testSigPKI(t)
	tr, loaded, err := trust.Load(trust.Files{Anchors: []trust.File{
		{Name: "list.xml", Data: p.signed(func(s *certtest.TrustedListSpec) { s.Signer = nil })},
		{Name: "forged.pem", Data: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.forged.Raw})},
	}})
	if err != nil {
		t.Fatal(err)
	}
	list := loaded.List
	if list.Signature.Status != certificate.SourceUnsigned {
		t.Fatalf("status %s", list.Signature.Status)
	}
	for _, tc := range []struct {
		cert *certificate.Certificate
		want check.Status
		code string
	}{
		{p.forgedUser, check.Pass, ""},
		{p.user, check.Indeterminate, "source-unsigned"},
	} {
		res := certificate.Verify(tc.cert, certificate.VerifyOptions{Trust: tr, At: sigAt})
		acc, _ := res.Results.Find("CHAIN-ACCREDITATION")
		if res.Err != nil || acc.Status != tc.want || acc.Outcome != tc.code {
			t.Errorf("%s: %v %s/%s %s", tc.cert.Subject.CommonName, res.Err, acc.Status, acc.Outcome, acc.Message)
		}
	}
}
