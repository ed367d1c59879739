package application

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
	"github.com/egisz-lk/registrar/signature/sigtest"
)

// receivedFx is the application of the employee (representative variant)
// exported for signing, and the options to verify it.
type receivedFx struct {
	s      *fixtures.Set
	user   Applicant
	stored []byte
	opts   AttachOptions // chain with the fixtures' CRLs
}

var (
	receivedOnce sync.Once
	receivedVal  *receivedFx
)

func receivedFixture(t *testing.T) *receivedFx {
	t.Helper()
	receivedOnce.Do(func() {
		s := fx(t)
		r := runCase(t, acceptedCases[2]) // the employee with the head's МЧД
		user := *fxApplicant(t, s, "employee")
		in, err := r.Input(user, Fields{RegionCode: "23", Position: "Специалист по кадрам"})
		require.NoError(t, err)
		in.Now = fixedClock(fixtures.At)
		app, err := Build(in)
		require.NoError(t, err)
		_, err = app.Save()
		require.NoError(t, err)
		x, err := app.ExportForSigning()
		require.NoError(t, err)
		chain, err := s.VerifyOptions(fixtures.At)
		require.NoError(t, err)
		receivedVal = &receivedFx{s: s, user: user, stored: x,
			opts: AttachOptions{ValidateCertificate: signature.ChainValidator(chain.Trust), At: fixtures.At}}
	})
	if receivedVal == nil {
		t.Fatal("fixture failed")
	}
	return receivedVal
}

func (f *receivedFx) sign(t *testing.T, c fixtures.Credential, content []byte) []byte {
	t.Helper()
	sig, err := signature.Sign(content, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
	require.NoError(t, err)
	return sig
}

func coSign(t *testing.T, sigs ...[]byte) []byte {
	t.Helper()
	sig, err := sigtest.CoSign(sigs...)
	require.NoError(t, err)
	return sig
}

// TestVerifyReceived runs the second signing way end to end on the
// fixtures: check → build → save → export → sign elsewhere (alone or with
// a co-signer) → verify the received signature, and the received file when
// one comes back, against the stored application.
func TestVerifyReceived(t *testing.T) {
	t.Parallel()
	f := receivedFixture(t)
	s, x := f.s, f.stored
	good := f.sign(t, s.EmployeeFL, x)
	head := f.sign(t, s.HeadUL, x)
	edited := bytes.Replace(x, []byte("Специалист по кадрам"), []byte("Главный специалист"), 1)
	namesake := f.user
	namesake.SNILS = s.Namesake.SNILSFormatted()
	noCRL := f.opts
	chain, err := s.VerifyOptions(fixtures.At)
	require.NoError(t, err)
	chain.Trust.CRLs = nil
	noCRL.ValidateCertificate = signature.ChainValidator(chain.Trust)
	waiveRevocation := noCRL
	waiveRevocation.AllowUnchecked = []check.Waiver{check.WaiveRevocation}
	waiveOther := noCRL
	waiveOther.AllowUnchecked = []check.Waiver{check.WaiveRegistry, check.WaiveEGRUL}
	noChain := f.opts
	noChain.ValidateCertificate = nil

	type want struct {
		indication check.Indication
		sub        check.SubIndication
		// results by ID: "status" or "status/outcome".
		results map[string]string
		// text the message of a result contains, by ID.
		says map[string]string
		// signers: true for the applicant, in order (nil: not checked).
		signers []bool
		// text Russian() contains.
		russian []string
	}
	for _, tc := range []struct {
		name string
		in   Received
		opts AttachOptions
		want want
	}{
		{"signed by the applicant", Received{Stored: x, Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationPassed, signers: []bool{true},
			results: map[string]string{"APP-XML": "pass", "APP-XML-UNCHANGED": "skip/not-given", "APP-SIGNATURE": "pass",
				"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "pass", "APP-APPLICANT-MATCH": "pass"},
			russian: []string{"Заявка подписана заявителем, подпись верна"}}},
		{"the received file is the stored one", Received{Stored: x, XML: bytes.Clone(x), Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationPassed, signers: []bool{true},
			results: map[string]string{"APP-XML-UNCHANGED": "pass"}}},
		{"edited after export and re-signed", Received{Stored: x, XML: edited, Signature: f.sign(t, s.EmployeeFL, edited), Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{true},
			results: map[string]string{"APP-XML-UNCHANGED": "fail/re-signed", "APP-SIGNATURE": "fail", "SIG-MESSAGE-DIGEST": "fail"},
			says:    map[string]string{"APP-XML-UNCHANGED": "изменено: должность"},
			russian: []string{"Подпись заявки не принята", "выгрузите её заново и подпишите"}}},
		{"edited after export, the signature of the stored file", Received{Stored: x, XML: edited, Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{true},
			results: map[string]string{"APP-XML-UNCHANGED": "fail", "APP-SIGNATURE": "pass"},
			says:    map[string]string{"APP-XML-UNCHANGED": "Файл заявки изменён после выгрузки (изменено: должность)"}}},
		{"the signature of other bytes", Received{Stored: x, Signature: f.sign(t, s.EmployeeFL, edited), Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{true},
			results: map[string]string{"APP-XML-UNCHANGED": "skip/not-given", "APP-SIGNATURE": "fail", "SIG-MESSAGE-DIGEST": "fail"},
			russian: []string{"Подпись заявки не принята: Подпись заявки не прошла проверку: Хэш подписанных данных"}}},
		{"reformatted after export", Received{Stored: x, XML: append(bytes.Clone(x), '\n'), Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-XML-UNCHANGED": "fail", "APP-SIGNATURE": "pass"},
			says:       map[string]string{"APP-XML-UNCHANGED": "только оформление файла"}}},
		{"another file received", Received{Stored: x, XML: []byte("<a/>"), Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-XML-UNCHANGED": "fail/not-an-application"}}},
		{"co-signed by the head", Received{Stored: x, XML: x, Signature: coSign(t, good, head), Applicant: f.user}, f.opts, want{
			indication: check.IndicationPassed, signers: []bool{true, false},
			results: map[string]string{"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "warn", "APP-SIGNATURE": "pass"},
			says:    map[string]string{"APP-CO-SIGNERS": s.Head.Surname + " " + s.Head.GivenName + " " + s.Head.Patronymic + " (СНИЛС " + s.Head.SNILS},
			russian: []string{"заявку также подписали: " + s.Head.Surname}}},
		{"co-signed, the head first", Received{Stored: x, Signature: coSign(t, head, good), Applicant: f.user}, f.opts, want{
			indication: check.IndicationPassed, signers: []bool{false, true},
			results: map[string]string{"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "warn"}}},
		{"co-signed, the head signed other bytes", Received{Stored: x, Signature: coSign(t, good, f.sign(t, s.HeadUL, edited)), Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{true, false},
			results: map[string]string{"APP-SIGNER-SNILS": "pass", "APP-CO-SIGNERS": "warn", "APP-SIGNATURE": "fail"}}},
		{"signed by the head alone", Received{Stored: x, Signature: head, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{false},
			results: map[string]string{"APP-SIGNER-SNILS": "fail", "APP-CO-SIGNERS": "skip", "APP-SIGNATURE": "pass"},
			says:    map[string]string{"APP-SIGNER-SNILS": "Заявку подписал не заявитель: СНИЛС в сертификате подписанта — " + s.Head.SNILS}}},
		{"signed by two, neither the applicant", Received{Stored: x, Signature: coSign(t, head, f.sign(t, s.IP, x)), Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed, signers: []bool{false, false},
			results: map[string]string{"APP-SIGNER-SNILS": "fail"},
			says:    map[string]string{"APP-SIGNER-SNILS": s.Head.SNILS + ", " + s.Entrepreneur.SNILS}}},
		{"another ESIA user", Received{Stored: x, Signature: good, Applicant: namesake}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-APPLICANT-MATCH": "fail"}}},
		{"no stored application", Received{XML: x, Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationIndeterminate, sub: check.MissingInput,
			results: map[string]string{"APP-XML": "indeterminate/no-stored", "APP-XML-UNCHANGED": "skip"}, signers: []bool{},
			russian: []string{"Не установлено: 1) Не передана выгруженная заявка"}}},
		{"the stored file is not canonical", Received{Stored: append(bytes.Clone(x), '\n'), Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-XML": "fail/not-canonical"}}},
		{"the stored file is not an application", Received{Stored: []byte("<a/>"), Signature: good, Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-XML": "fail", "APP-APPLICANT-MATCH": "skip"}}},
		{"garbage signature", Received{Stored: x, Signature: []byte("MIIB"), Applicant: f.user}, f.opts, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-SIGNATURE": "fail/unreadable", "SIG-PARSE": "fail", "APP-SIGNER-SNILS": "skip"}, signers: []bool{}}},
		{"revocation unknown", Received{Stored: x, Signature: good, Applicant: f.user}, noCRL, want{
			indication: check.IndicationIndeterminate, sub: check.NoRevocationData, signers: []bool{true},
			results: map[string]string{"APP-SIGNATURE": "indeterminate", "APP-SIGNER-SNILS": "pass"},
			russian: []string{"не удалось проверить до конца", check.WaiveRevocation.Russian(), check.WaiveRevocation.Hint(), "«revocation»"}}},
		{"revocation accepted unchecked", Received{Stored: x, Signature: good, Applicant: f.user}, waiveRevocation, want{
			indication: check.IndicationPassed, signers: []bool{true},
			results: map[string]string{"APP-SIGNATURE": "warn/waived"},
			says:    map[string]string{"APP-SIGNATURE": check.WaiveRevocation.Russian()},
			russian: []string{"без проверки по решению проверяющей стороны приняты: " + check.WaiveRevocation.Russian()}}},
		{"other facts waived", Received{Stored: x, Signature: good, Applicant: f.user}, waiveOther, want{
			indication: check.IndicationIndeterminate, sub: check.NoRevocationData,
			results: map[string]string{"APP-SIGNATURE": "indeterminate"}}},
		{"a waiver does not rescue a failure", Received{Stored: x, Signature: head, Applicant: f.user}, waiveRevocation, want{
			indication: check.IndicationFailed,
			results:    map[string]string{"APP-SIGNER-SNILS": "fail", "APP-SIGNATURE": "warn/waived"}}},
		{"no chain validation", Received{Stored: x, Signature: good, Applicant: f.user}, noChain, want{
			indication: check.IndicationIndeterminate, sub: check.MissingInput,
			results: map[string]string{"SIG-CERT-CHAIN": "indeterminate"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := VerifyReceived(tc.in, tc.opts)
			assert.Equal(t, tc.want.indication, res.Indication, "%v", res.Checks)
			assert.Equal(t, tc.want.sub, res.SubIndication)
			for id, w := range tc.want.results {
				r, ok := res.Checks.Find(id)
				require.True(t, ok, "%s missing", id)
				got := string(r.Status)
				if strings.Contains(w, "/") {
					got += "/" + r.Outcome
				}
				assert.Equal(t, w, got, "%s: %s", id, r)
			}
			for id, text := range tc.want.says {
				r, _ := res.Checks.Find(id)
				assert.Contains(t, r.Message, text, id)
			}
			signers := []bool{}
			for i, s := range res.Signers {
				signers = append(signers, s.Applicant)
				assert.Equal(t, i+1, s.Index)
				assert.NotEmpty(t, s.Name)
			}
			if tc.want.signers != nil {
				assert.Equal(t, tc.want.signers, signers)
			}
			text := res.Russian()
			for _, w := range tc.want.russian {
				assert.Contains(t, text, w)
			}
			// Only a passed application is signed.
			if app := res.Application; app != nil {
				if res.Indication == check.IndicationPassed {
					assert.Equal(t, StateSigned, app.Lifecycle.State)
					assert.NotEmpty(t, app.Signature)
				} else {
					assert.NotEqual(t, StateSigned, app.Lifecycle.State)
					assert.Nil(t, app.Signature)
				}
			}
			if res.Indication != check.IndicationPassed {
				assert.NotContains(t, text, "подпись верна")
			}
		})
	}
}
