package application

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/signature"
)

// TestVerifyReceived runs the second signing way end to end on the
// fixtures: check → build → save → export → sign elsewhere → verify the
// received file and signature.
func TestVerifyReceived(t *testing.T) {
	t.Parallel()
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
	sign := func(c fixtures.Credential, content []byte) []byte {
		sig, err := signature.Sign(content, c.Cert, c.Key, signature.SignOptions{Time: fixtures.At})
		require.NoError(t, err)
		return sig
	}
	chain, err := s.VerifyOptions(fixtures.At)
	require.NoError(t, err)
	opts := AttachOptions{ValidateCertificate: signature.ChainValidator(chain.Trust), At: fixtures.At}
	good := sign(s.EmployeeFL, x)
	namesake := user
	namesake.SNILS = s.Namesake.SNILSFormatted()
	edited := bytes.Replace(x, []byte("Специалист по кадрам"), []byte("Главный специалист"), 1)
	for _, tc := range []struct {
		name      string
		data, sig []byte
		user      Applicant
		fails     []string
	}{
		{"valid", x, good, user, nil},
		{"another ESIA user", x, good, namesake, []string{"APP-APPLICANT-MATCH"}},
		{"signed by the head", x, sign(s.HeadUL, x), user, []string{"APP-SIGNER-SNILS"}},
		{"edited after signing", edited, good, user, []string{"APP-SIGNATURE"}},
		{"not canonical", append(append([]byte(nil), x...), '\n'), good, user, []string{"APP-XML"}},
		{"not an application", []byte("<a/>"), good, user, []string{"APP-XML"}},
		{"garbage signature", x, []byte("MIIB"), user, []string{"APP-SIGNATURE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, rs := VerifyReceived(tc.data, tc.sig, tc.user, opts)
			failed := map[string]bool{}
			for _, r := range rs {
				if r.Status == check.Fail {
					failed[r.ID] = true
				}
			}
			for _, id := range tc.fails {
				assert.True(t, failed[id], "%s did not fail: %v", id, rs)
			}
			if len(tc.fails) > 0 {
				assert.True(t, rs.Failed(), "accepted")
				return
			}
			require.False(t, rs.Failed(), "rejected: %v", rs)
			require.NotNil(t, app)
			assert.Equal(t, StateSigned, app.Lifecycle.State)
			x, _ := rs.Find("APP-XML")
			assert.Equal(t, check.Pass, x.Status)
		})
	}
}
