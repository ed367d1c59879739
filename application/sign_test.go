package application

import (
	"encoding/base64"
	"encoding/pem"
	"errors"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/signature"
)

type testPKI struct {
	person, other       *certificate.Certificate
	personKey, otherKey *certificate.GOSTPrivateKey
}

var (
	pkiOnce sync.Once
	pki     *testPKI
	pkiErr  error
	pkiFrom = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
)

func buildPKI(t testing.TB) *testPKI {
	t.Helper()
	pkiOnce.Do(func() {
		rnd := mrand.NewChaCha8([32]byte{42})
		ids := mrand.New(mrand.NewPCG(7, 7))
		p := &testPKI{}
		step := func(f func() error) {
			if pkiErr == nil {
				pkiErr = f()
			}
		}
		var rootKey, caKey *certificate.GOSTPrivateKey
		var root, ca *certificate.Certificate
		step(func() (err error) { rootKey, err = certtest.GenerateKey("CryptoPro-A", rnd); return })
		step(func() (err error) { caKey, err = certtest.GenerateKey("CryptoPro-A", rnd); return })
		step(func() (err error) { p.personKey, err = certtest.GenerateKey("CryptoPro-A", rnd); return })
		step(func() (err error) { p.otherKey, err = certtest.GenerateKey("CryptoPro-A", rnd); return })
		step(func() (err error) {
			root, err = certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, pkiFrom.AddDate(-1, 0, 0)), nil, rootKey, rootKey.Public(), rnd)
			return
		})
		step(func() (err error) {
			ca, err = certtest.Create(certtest.NewTemplate(certtest.PresetCA, ids, pkiFrom.AddDate(-1, 0, 0)), root, rootKey, caKey.Public(), rnd)
			return
		})
		step(func() (err error) {
			p.person, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, pkiFrom), ca, caKey, p.personKey.Public(), rnd)
			return
		})
		step(func() (err error) {
			p.other, err = certtest.Create(certtest.NewTemplate(certtest.PresetPerson, ids, pkiFrom), ca, caKey, p.otherKey.Public(), rnd)
			return
		})
		pki = p
	})
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pki
}

// signedApp returns a saved application whose applicant owns p.person.
func signedApp(t *testing.T, p *testPKI) *Application {
	t.Helper()
	in := testInput(VariantRepresentative)
	in.Applicant.Surname = p.person.Subject.Surname
	in.Applicant.GivenName = p.person.Subject.FirstName()
	in.Applicant.Patronymic = p.person.Subject.Patronymic()
	in.Applicant.SNILS = p.person.Subject.SNILS.Value
	in.Applicant.INN = p.person.Subject.INN.Value
	in.Documents.Certificate = FactsOf(p.person)
	in.Now = fixedClock(pkiFrom.AddDate(0, 3, 0))
	a := mustBuild(t, in)
	mustSave(t, a)
	return a
}

func chainOK(signature.Validation) check.Results {
	return check.Results{stubChain.Passed("test stub")}
}

func sign(t *testing.T, content []byte, c *certificate.Certificate, k *certificate.GOSTPrivateKey, pemOut bool) []byte {
	t.Helper()
	sig, err := signature.Sign(content, c, k, signature.SignOptions{Time: pkiFrom.AddDate(0, 3, 0), Rand: mrand.NewChaCha8([32]byte{9}), PEM: pemOut})
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, x := range u {
		b[2*i], b[2*i+1] = byte(x), byte(x>>8)
	}
	return b
}

func TestAttachSignature(t *testing.T) {
	t.Parallel()
	p := buildPKI(t)
	if FactsOf(p.person).SerialNumber == "" || FactsOf(nil).SerialNumber != "" {
		t.Fatal("FactsOf")
	}
	tests := []struct {
		name    string
		sig     func(content []byte) []byte
		opts    AttachOptions
		failIDs []string
	}{
		{"DER", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) }, AttachOptions{ValidateCertificate: chainOK}, nil},
		{"PEM", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, true) }, AttachOptions{ValidateCertificate: chainOK}, nil},
		{"base64", func(c []byte) []byte {
			return []byte(base64.StdEncoding.EncodeToString(sign(t, c, p.person, p.personKey, false)))
		}, AttachOptions{ValidateCertificate: chainOK}, nil},
		{"no CRL, revocation waived", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainNoCRL, AllowUnchecked: []check.Waiver{check.WaiveRevocation}}, nil},
		{"no CRL", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainNoCRL}, nil},
		{"no chain validation", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{}, nil},
		{"no CRL, other fact waived", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainNoCRL, AllowUnchecked: []check.Waiver{check.WaiveRegistry}}, nil},
		{"other person", func(c []byte) []byte { return sign(t, c, p.other, p.otherKey, false) }, AttachOptions{ValidateCertificate: chainOK},
			[]string{"APP-SIGNER-SNILS"}},
		{"UCS-2 browser pitfall", func(c []byte) []byte { return sign(t, utf16le(string(c)), p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainOK}, []string{"APP-SIGNATURE", "APP-SIGNATURE-ENCODING"}},
		{"other content", func(c []byte) []byte { return sign(t, append(c, ' '), p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainOK}, []string{"APP-SIGNATURE"}},
		{"expired certificate", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: chainOK, At: pkiFrom.AddDate(3, 0, 0)}, []string{"APP-SIGNATURE"}},
		{"chain hook fails", func(c []byte) []byte { return sign(t, c, p.person, p.personKey, false) },
			AttachOptions{ValidateCertificate: func(signature.Validation) check.Results {
				return check.Results{stubChain.Violated("revoked", "сертификат отозван")}
			}}, []string{"APP-SIGNATURE"}},
		{"garbage", func([]byte) []byte { return []byte("not a signature") }, AttachOptions{}, []string{"APP-SIGNATURE"}},
	}
	// Nothing failed in these, but a fact was left unchecked.
	undecided := map[string]bool{"no CRL": true, "no chain validation": true, "no CRL, other fact waived": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := signedApp(t, p)
			content, err := a.ExportForSigning()
			if err != nil {
				t.Fatal(err)
			}
			rs, err := a.AttachSignature(tt.sig(content), tt.opts)
			var failed []string
			for _, r := range rs {
				if r.Status == check.Fail && strings.HasPrefix(r.ID, "APP-") {
					failed = append(failed, r.ID)
				}
			}
			if strings.Join(failed, ",") != strings.Join(tt.failIDs, ",") {
				t.Errorf("failed %v, want %v\n%v", failed, tt.failIDs, rs)
			}
			if undecided[tt.name] {
				if !errors.Is(err, ErrSignatureUndecided) || errors.Is(err, ErrSignatureRejected) ||
					a.Lifecycle.State != StateSaved || a.Signature != nil {
					t.Errorf("undecided: error %v, state %v", err, a.Lifecycle.State)
				}
				if r, _ := rs.Find("APP-SIGNATURE"); r.Status != check.Indeterminate {
					t.Errorf("APP-SIGNATURE %v", r)
				}
				return
			}
			if tt.failIDs == nil {
				if err != nil || a.Lifecycle.State != StateSigned || len(a.Signature) == 0 {
					t.Fatalf("not signed: %v, %v", err, a.Lifecycle.State)
				}
				again, _ := a.ExportForSigning()
				if string(again) != string(content) {
					t.Error("exported bytes changed after signing")
				}
				return
			}
			if !errors.Is(err, ErrSignatureRejected) || a.Lifecycle.State != StateSaved || a.Signature != nil {
				t.Errorf("error %v, state %v", err, a.Lifecycle.State)
			}
			if tt.name == "UCS-2 browser pitfall" {
				r, _ := rs.Find("APP-SIGNATURE-ENCODING")
				if !strings.Contains(r.Message, "UTF-16LE") || !strings.Contains(r.Message, "CADESCOM_BASE64_TO_BINARY") {
					t.Errorf("explanation: %s", r.Message)
				}
			}
		})
	}
	// PEM armour of the signature is accepted as the brief requires.
	if b, _ := pem.Decode(sign(t, []byte("x"), p.person, p.personKey, true)); b == nil {
		t.Error("PEM")
	}
}

// stubChain is the rule of the test stubs that stand in for chain
// validation.
var stubChain = check.Rule{ID: "TEST-CHAIN", Title: "test stub", Citation: "test", Severity: check.Fail,
	Message: "Цепочка не проверена заглушкой: %s", PassMessage: "Цепочка проверена заглушкой",
	Outcomes: []check.Outcome{{Code: "no-crl", Status: check.Indeterminate, SubIndication: check.NoRevocationData,
		Message: "Отзыв не проверен заглушкой: %s", Waiver: check.WaiveRevocation}}}

// chainNoCRL stands in for a chain validation that lacked revocation data.
func chainNoCRL(signature.Validation) check.Results {
	return check.Results{stubChain.Outcome("no-crl", "нет списка отзыва")}
}
