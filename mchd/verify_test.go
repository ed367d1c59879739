package mchd_test

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	mrand "math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/beevik/etree"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
	"github.com/egisz-lk/registrar/signature"
)

// certFrom is the start of validity of the test certificates; inside (the
// check time of the package tests) lies within it and within the МЧД term.
var certFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// signedPKI is a deterministic test PKI (root → CA → end entities) and the
// МЧД of each shape with identities matching the certificates.
type signedPKI struct {
	root, ca *certificate.Certificate
	caKey    *certificate.GOSTPrivateKey
	opts     *certificate.Options // the test CA accepted as a head issuer

	// One МЧД per shape and the certificate (with key) of its rightful
	// signer.
	docs  map[mchd.Shape][]byte
	certs map[mchd.Shape]*certificate.Certificate
	keys  map[mchd.Shape]*certificate.GOSTPrivateKey
	specs map[mchd.Shape]mchdtest.Spec

	rnd *mrand.ChaCha8
	ids *mrand.Rand
}

var (
	pkiOnce sync.Once
	pki     *signedPKI
	pkiErr  error
)

// testPKI builds the PKI once.
func testPKI(t testing.TB) *signedPKI {
	t.Helper()
	pkiOnce.Do(func() { pki, pkiErr = newSignedPKI() })
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pki
}

func newSignedPKI() (*signedPKI, error) {
	p := &signedPKI{
		rnd:  mrand.NewChaCha8([32]byte{'m', 'c', 'h', 'd'}),
		ids:  mrand.New(mrand.NewPCG(2025, 3)),
		docs: map[mchd.Shape][]byte{}, certs: map[mchd.Shape]*certificate.Certificate{},
		keys: map[mchd.Shape]*certificate.GOSTPrivateKey{}, specs: map[mchd.Shape]mchdtest.Spec{},
	}
	rootKey, err := certtest.GenerateKey("CryptoPro-A", p.rnd)
	if err != nil {
		return nil, err
	}
	if p.caKey, err = certtest.GenerateKey("CryptoPro-A", p.rnd); err != nil {
		return nil, err
	}
	if p.root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, p.ids, certFrom.AddDate(-1, 0, 0)),
		nil, rootKey, rootKey.Public(), p.rnd); err != nil {
		return nil, err
	}
	if p.ca, err = certtest.Create(certtest.NewTemplate(certtest.PresetCA, p.ids, certFrom.AddDate(-1, 0, 0)),
		p.root, rootKey, p.caKey.Public(), p.rnd); err != nil {
		return nil, err
	}
	p.opts = &certificate.Options{HeadIssuers: []certificate.Issuer{
		{Name: "Тестовый УЦ", OGRN: p.ca.Subject.OGRN.Value, INNLE: p.ca.Subject.INNLE.Value}}}

	for i, sh := range []mchd.Shape{mchd.ShapeHead, mchd.ShapeManagingOrganisation, mchd.ShapeEntrepreneur} {
		s := spec(uint64(500+i), sh)
		doc, err := mchdtest.Build(s)
		if err != nil {
			return nil, err
		}
		cert, key, err := p.issue(subjectFor(s, nil))
		if err != nil {
			return nil, err
		}
		p.docs[sh], p.certs[sh], p.keys[sh], p.specs[sh] = doc, cert, key, s
	}
	return p, nil
}

// subject describes the certificate to issue.
type subject struct {
	preset certtest.Preset
	name   certtest.NameSpec
}

// subjectFor returns the certificate subject of the rightful signer of s;
// edit, when set, changes it.
func subjectFor(s mchdtest.Spec, edit func(*subject)) subject {
	var sub subject
	digits := func(snils string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, snils)
	}
	switch s.Shape {
	case mchd.ShapeHead:
		// Mixed case on purpose: names compare case-insensitively.
		sub = subject{certtest.PresetLegalEntityHead, certtest.NameSpec{
			Organization: s.Organisation.Name, CommonName: s.Organisation.Name, Title: "Главный врач",
			Surname: "Иванов", GivenNames: "Иван Иванович",
			INNLE: s.Organisation.INN, OGRN: s.Organisation.OGRN, INN: s.Head.INN, SNILS: digits(s.Head.SNILS)}}
	case mchd.ShapeManagingOrganisation:
		m := s.ManagingOrg
		h := m.Persons[0]
		// "Петр" against "ПЁТР": Ё = Е.
		sub = subject{certtest.PresetLegalEntityHead, certtest.NameSpec{
			Organization: m.Org.Name, CommonName: m.Org.Name, Title: "Генеральный директор",
			Surname: "Сидоров", GivenNames: "Петр",
			INNLE: m.Org.INN, OGRN: m.Org.OGRN, INN: h.INN, SNILS: digits(h.SNILS)}}
	case mchd.ShapeEntrepreneur:
		e := s.Entrepreneur
		sub = subject{certtest.PresetEntrepreneur, certtest.NameSpec{
			CommonName: "Кузнецова Мария Петровна", Surname: "Кузнецова", GivenNames: "Мария Петровна",
			OGRNIP: e.OGRNIP, INN: e.INN, SNILS: digits(e.SNILS)}}
	}
	if edit != nil {
		edit(&sub)
	}
	return sub
}

// issue makes an end-entity certificate with a fresh key.
func (p *signedPKI) issue(sub subject) (*certificate.Certificate, *certificate.GOSTPrivateKey, error) {
	key, err := certtest.GenerateKey("CryptoPro-XchA", p.rnd)
	if err != nil {
		return nil, nil, err
	}
	tpl := certtest.NewTemplate(sub.preset, p.ids, certFrom)
	n := &tpl.Subject
	n.Organization, n.CommonName, n.Title = sub.name.Organization, sub.name.CommonName, sub.name.Title
	n.Surname, n.GivenNames = sub.name.Surname, sub.name.GivenNames
	n.INNLE, n.OGRN, n.OGRNIP, n.INN, n.SNILS = sub.name.INNLE, sub.name.OGRN, sub.name.OGRNIP, sub.name.INN, sub.name.SNILS
	cert, err := certtest.Create(tpl, p.ca, p.caKey, key.Public(), p.rnd)
	return cert, key, err
}

func (p *signedPKI) mustIssue(t testing.TB, sub subject) (*certificate.Certificate, *certificate.GOSTPrivateKey) {
	t.Helper()
	issueMu.Lock() // p.rnd and p.ids are not safe for concurrent use
	defer issueMu.Unlock()
	c, k, err := p.issue(sub)
	if err != nil {
		t.Fatal(err)
	}
	return c, k
}

var issueMu sync.Mutex

// signDoc signs content detached with cert/key at inside.
func signDoc(t testing.TB, content []byte, cert *certificate.Certificate, key crypto.Signer, pem bool) []byte {
	t.Helper()
	sig, err := signature.Sign(content, cert, key, signature.SignOptions{
		Time: inside.Add(-time.Hour), Rand: mrand.NewChaCha8([32]byte{9}), PEM: pem})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// chainStub stands for the caller's chain validation: it accepts
// certificates issued by the test CA.
func (p *signedPKI) chainStub(calls *int) signature.CertificateValidator {
	return func(v signature.Validation) check.Results {
		c := v.Certificate
		if calls != nil {
			*calls++
		}
		if err := c.CheckSignatureFrom(p.ca); err != nil {
			return check.Results{certChainRule().Violated(err.Error(), "сертификат выдан не тестовым УЦ")}
		}
		return check.Results{certChainRule().Passed("test CA")}
	}
}

func (p *signedPKI) verifyOpts() mchd.VerifySignedOptions {
	return mchd.VerifySignedOptions{
		At:                  inside,
		ValidateCertificate: p.chainStub(nil),
		Certificate:         p.opts,
	}
}

func utf16LEBytes(b []byte) []byte {
	u := utf16.Encode([]rune(string(b)))
	out := make([]byte, 2*len(u))
	for i, c := range u {
		out[2*i], out[2*i+1] = byte(c), byte(c>>8)
	}
	return out
}

func status(t testing.TB, rs check.Results, id string) check.Status {
	t.Helper()
	return mustFind(t, rs, id).Status
}

func TestVerifySignedShapes(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	for _, sh := range []mchd.Shape{mchd.ShapeHead, mchd.ShapeManagingOrganisation, mchd.ShapeEntrepreneur} {
		for _, enc := range []string{"der", "pem", "base64"} {
			t.Run(map[mchd.Shape]string{mchd.ShapeHead: "head", mchd.ShapeManagingOrganisation: "managing", mchd.ShapeEntrepreneur: "ip"}[sh]+"/"+enc, func(t *testing.T) {
				t.Parallel()
				doc := p.docs[sh]
				sig := signDoc(t, doc, p.certs[sh], p.keys[sh], enc == "pem")
				if enc == "base64" {
					sig = []byte(base64.StdEncoding.EncodeToString(sig))
				}
				rep := mchd.VerifySigned(doc, sig, p.verifyOpts())
				if rep.Verdict == check.Fail {
					t.Fatalf("verdict fail:\n%s", rep.Text())
				}
				for _, id := range []string{"MCHD-PARSE", "SIG-PARSE", "MCHD-SCHEMA", "SIG-VALUE",
					"SIG-MESSAGE-DIGEST", "TEST-CHAIN", "MCHD-SIGNER-CERT", "MCHD-SIGNER-KIND",
					"MCHD-SIGNER-ORG", "MCHD-SIGNER-PERSON", "CERT-KIND"} {
					if st := status(t, rep.Checks, id); st != check.Pass {
						t.Errorf("%s: %s\n%s", id, st, rep.Text())
					}
				}
				if rep.SignerCertificate() == nil || rep.Document == nil || rep.Number != p.specs[sh].Number {
					t.Error("report lacks document or signer")
				}
			})
		}
	}
}

func TestVerifySignedFailures(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	head := p.docs[mchd.ShapeHead]
	hs := p.specs[mchd.ShapeHead]
	r := mrand.New(mrand.NewPCG(77, 77))
	otherSNILS, otherINN := ident.RandomSNILS(r).Digits(), ident.RandomINN12(r).String()
	otherINNLE := ident.RandomINN10(r).String()

	wrongPerson, wrongPersonKey := p.mustIssue(t, subjectFor(hs, func(s *subject) {
		s.name.SNILS, s.name.INN, s.name.Surname, s.name.GivenNames = otherSNILS, otherINN, "Другой", "Человек Иванович"
	}))
	wrongOrg, wrongOrgKey := p.mustIssue(t, subjectFor(hs, func(s *subject) { s.name.INNLE = otherINNLE }))
	flCert, flKey := p.mustIssue(t, subjectFor(hs, func(s *subject) {
		s.preset = certtest.PresetPerson
		s.name.INNLE, s.name.OGRN, s.name.Organization, s.name.Title = "", "", "", ""
		s.name.CommonName = "Иванов Иван Иванович"
	}))
	noIDs, noIDsKey := p.mustIssue(t, subjectFor(hs, func(s *subject) { s.name.SNILS, s.name.INN = "", "" }))
	ipAsHead, ipAsHeadKey := p.certs[mchd.ShapeEntrepreneur], p.keys[mchd.ShapeEntrepreneur]

	good := signDoc(t, head, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false)
	tampered := bytes.Replace(head, []byte("ГЛАВНЫЙ ВРАЧ"), []byte("ГЛАВНЫЙ ВРАЧЬ"), 1)
	et := etree.NewDocument()
	if err := et.ReadFromBytes(head); err != nil {
		t.Fatal(err)
	}
	// Same infoset, other bytes: what an application that re-serialises
	// the tree before signing produces.
	et.WriteSettings.CanonicalEndTags = true
	reser, err := et.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(reser, head) {
		t.Fatal("etree round trip kept the bytes; the fixture needs a different copy")
	}

	cases := []struct {
		name    string
		xml     []byte
		sig     []byte
		fail    []string            // results that must fail
		warn    []string            // results that must warn
		contain map[string][]string // result ID → fragments of its message
	}{
		{"wrong person", head, signDoc(t, head, wrongPerson, wrongPersonKey, false),
			[]string{"MCHD-SIGNER-PERSON"}, nil,
			map[string][]string{"MCHD-SIGNER-PERSON": {"СНИЛС в сертификате " + otherSNILS, "ИНН в сертификате"}}},
		{"wrong organisation", head, signDoc(t, head, wrongOrg, wrongOrgKey, false),
			[]string{"MCHD-SIGNER-ORG"}, nil,
			map[string][]string{"MCHD-SIGNER-ORG": {"ИНН ЮЛ в сертификате " + otherINNLE}}},
		{"ФЛ certificate", head, signDoc(t, head, flCert, flKey, false),
			[]string{"MCHD-SIGNER-KIND"}, []string{"MCHD-SIGNER-ORG"},
			map[string][]string{"MCHD-SIGNER-KIND": {"сертификатом ФЛ", "требуется сертификат ЮЛ"}}},
		{"ИП certificate for an organisation", head, signDoc(t, head, ipAsHead, ipAsHeadKey, false),
			[]string{"MCHD-SIGNER-KIND", "MCHD-SIGNER-PERSON"}, nil, nil},
		{"no person identifiers: weak name match", head, signDoc(t, head, noIDs, noIDsKey, false),
			nil, []string{"MCHD-SIGNER-PERSON"},
			map[string][]string{"MCHD-SIGNER-PERSON": {"только по фамилии", "СНИЛС отсутствует в сертификате"}}},
		{"XML tampered after signing", tampered, good,
			[]string{"SIG-MESSAGE-DIGEST"}, nil, nil},
		{"signature over a re-serialised copy", head, signDoc(t, reser, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false),
			[]string{"SIG-MESSAGE-DIGEST"}, nil, nil},
		{"UCS-2 browser signature", head, signDoc(t, utf16LEBytes(head), p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false),
			[]string{"SIG-BROWSER-ENCODING"}, nil,
			map[string][]string{"SIG-BROWSER-ENCODING": {"UTF-16"}}},
		{"signature of another document", head, signDoc(t, p.docs[mchd.ShapeManagingOrganisation], p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false),
			[]string{"SIG-MESSAGE-DIGEST"}, nil, nil},
		{"garbage signature", head, []byte("not a signature"),
			[]string{"SIG-PARSE", "MCHD-SIGNER-CERT"}, nil, nil},
		{"garbage document", []byte("<x/>"), good,
			[]string{"MCHD-PARSE", "SIG-MESSAGE-DIGEST"}, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rep := mchd.VerifySigned(tc.xml, tc.sig, p.verifyOpts())
			if rep.Verdict != check.Fail && len(tc.fail) > 0 {
				t.Errorf("verdict %s, want fail", rep.Verdict)
			}
			all := rep.Checks
			for _, id := range tc.fail {
				if st := status(t, all, id); st != check.Fail {
					t.Errorf("%s = %s, want fail\n%s", id, st, rep.Text())
				}
			}
			for _, id := range tc.warn {
				if st := status(t, all, id); st != check.Warn {
					t.Errorf("%s = %s, want warn\n%s", id, st, rep.Text())
				}
			}
			for id, frags := range tc.contain {
				res := mustFind(t, all, id)
				for _, f := range frags {
					if !strings.Contains(res.Message, f) {
						t.Errorf("%s: %q not in %q", id, f, res.Message)
					}
				}
			}
		})
	}
}

func TestVerifySignedMissingIdentifier(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	// The document omits the head's ИНН: СНИЛС still binds, with a warning
	// naming the missing ИНН.
	doc := delA(t, p.docs[mchd.ShapeHead], "ИННФЛ")
	rep := mchd.VerifySigned(doc, signDoc(t, doc, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false), p.verifyOpts())
	r := mustFind(t, rep.Checks, "MCHD-SIGNER-PERSON")
	if r.Status != check.Warn || !strings.Contains(r.Message, "ИНН не указан в доверенности") || !strings.Contains(r.Message, "по СНИЛС") {
		t.Errorf("%s", r)
	}
	// No ОГРН in the document: ИНН ЮЛ binds, warning.
	doc = delA(t, p.docs[mchd.ShapeHead], "ОГРН")
	rep = mchd.VerifySigned(doc, signDoc(t, doc, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false), p.verifyOpts())
	if r := mustFind(t, rep.Checks, "MCHD-SIGNER-ORG"); r.Status != check.Warn || !strings.Contains(r.Message, "ОГРН не указан") {
		t.Errorf("%s", r)
	}
}

func TestVerifySignedScenarios(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	rt := []byte(retrustXML)
	rep := mchd.VerifySigned(rt, signDoc(t, rt, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false), p.verifyOpts())
	if r := mustFind(t, rep.Checks, "MCHD-SIGNER-SCENARIO"); r.Status != check.Warn || !strings.Contains(r.Message, "передоверия") {
		t.Errorf("%s", r)
	}
	if st := status(t, rep.Checks, "MCHD-SIGNER-PERSON"); st != check.Skip {
		t.Errorf("person: %s", st)
	}
}

func TestVerifySignedOptionsPassThrough(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	doc := p.docs[mchd.ShapeHead]
	sig := signDoc(t, doc, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false)
	calls := 0
	opts := p.verifyOpts()
	opts.ValidateCertificate = p.chainStub(&calls)
	mchd.VerifySigned(doc, sig, opts)
	if calls != 1 {
		t.Errorf("chain hook called %d times", calls)
	}
	// Without a hook the chain is reported as not checked.
	opts.ValidateCertificate = nil
	if st := status(t, mchd.VerifySigned(doc, sig, opts).Checks, "SIG-CERT-CHAIN"); st != check.Indeterminate {
		t.Errorf("chain without hook: %s", st)
	}
	// Validation after the МЧД term: MCHD-IN-FORCE fails; long after the
	// certificate: SIG-CERT-VALIDITY is indeterminate (no timestamp proves
	// the signature was made while the certificate was valid).
	opts = p.verifyOpts()
	opts.At = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	rep := mchd.VerifySigned(doc, sig, opts)
	if status(t, rep.Checks, "MCHD-IN-FORCE") != check.Fail || status(t, rep.Checks, "SIG-CERT-VALIDITY") != check.Indeterminate {
		t.Errorf("time not passed through:\n%s", rep.Text())
	}
	// With UseSigningTime the signer's certificate is validated when it
	// signed; the term of the document still at At.
	opts.UseSigningTime = true
	rep = mchd.VerifySigned(doc, sig, opts)
	if status(t, rep.Checks, "SIG-CERT-VALIDITY") != check.Pass || status(t, rep.Checks, "MCHD-IN-FORCE") != check.Fail {
		t.Errorf("signing time:\n%s", rep.Text())
	}
}

func TestSignedReportJSONAndText(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	doc := p.docs[mchd.ShapeManagingOrganisation]
	rep := mchd.VerifySigned(doc, signDoc(t, doc, p.certs[mchd.ShapeManagingOrganisation], p.keys[mchd.ShapeManagingOrganisation], false), p.verifyOpts())
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Number  string        `json:"number"`
		Verdict check.Status  `json:"verdict"`
		Checks  check.Results `json:"checks"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Verdict != rep.Verdict || back.Number != rep.Number || len(back.Checks) != len(rep.Checks) || back.Checks[0].Scope.Document != check.DocMCHD {
		t.Errorf("JSON round trip: %s", b)
	}
	txt := rep.Text()
	for _, want := range []string{"Проверка подписанной доверенности", "Подписант:", "Подпись доверенности, подписант 1", "MCHD-SIGNER-PERSON"} {
		if !strings.Contains(txt, want) {
			t.Errorf("%q not in text:\n%s", want, txt)
		}
	}
	// A report without anything parsed still serialises lists as [].
	empty := mchd.VerifySigned(nil, nil, mchd.VerifySignedOptions{})
	b, _ = json.Marshal(empty)
	if !strings.Contains(string(b), `"checks":[`) || empty.Verdict != check.Fail {
		t.Errorf("empty report: %s", b)
	}
}

// certChainRule is the rule of the test's stand-in for chain validation.
func certChainRule() *check.Rule { return &stubChain }

var stubChain = check.Rule{ID: "TEST-CHAIN", Title: "test stub", Citation: "test", Severity: check.Fail,
	Message: "Цепочка не проверена заглушкой: %s", PassMessage: "Цепочка проверена заглушкой"}

// TestAppendSigned: AppendSigned appends exactly VerifySigned's results
// (waivers included) after what dst held, leaves that untouched, and its
// report's Checks are the appended part.
func TestAppendSigned(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	doc := p.docs[mchd.ShapeHead]
	sig := signDoc(t, doc, p.certs[mchd.ShapeHead], p.keys[mchd.ShapeHead], false)
	tampered := bytes.Replace(doc, []byte("ГЛАВНЫЙ ВРАЧ"), []byte("ГЛАВНЫЙ ВРАЧЬ"), 1)
	waived := p.verifyOpts()
	waived.AllowUnchecked = check.Waivers()
	for _, tc := range []struct {
		name     string
		xml, sig []byte
		opts     mchd.VerifySignedOptions
	}{
		{"valid", doc, sig, p.verifyOpts()},
		{"tampered", tampered, sig, p.verifyOpts()},
		{"no signature", doc, nil, p.verifyOpts()},
		{"waivers", doc, sig, waived},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := mchd.VerifySigned(tc.xml, tc.sig, tc.opts)
			before := check.Results{{ID: "EARLIER", Status: check.Pass}}
			for _, dst := range []check.Results{slices.Clone(before), slices.Grow(slices.Clone(before), 200)} {
				got, rep := mchd.AppendSigned(dst, tc.xml, tc.sig, tc.opts)
				if !slices.Equal(got[:1], before) {
					t.Fatalf("the results already in dst changed: %v", got[:1])
				}
				if !reflect.DeepEqual(got[1:], want.Checks) || !reflect.DeepEqual(rep.Checks, want.Checks) {
					t.Fatalf("appended\n%v\nwant\n%v", got[1:], want.Checks)
				}
				if rep.Verdict != want.Verdict || rep.Number != want.Number {
					t.Errorf("verdict %s, number %q; VerifySigned %s, %q", rep.Verdict, rep.Number, want.Verdict, want.Number)
				}
				_ = append(got, check.Result{ID: "LATER"})
				if !reflect.DeepEqual(rep.Checks, want.Checks) {
					t.Fatal("appending after the report changed its Checks")
				}
			}
		})
	}
}
