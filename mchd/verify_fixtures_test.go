package mchd_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/signature"
)

// TestVerifySignedManagingWithoutHead: an ЕИОУК МЧД whose СВЮЛ names the
// managing organisation but none of its heads (the XSD requires one, but
// the binding runs even when the schema fails) used to panic indexing the
// empty list of persons. Now the signer cannot be bound (MCHD-SIGNER-SCENARIO
// warns with the reason, like every unbindable document) and the document
// rules fail it.
func TestVerifySignedManagingWithoutHead(t *testing.T) {
	t.Parallel()
	s, err := fixtures.Generate(fixtures.DefaultOptions())
	require.NoError(t, err)
	noHead := regexp.MustCompile(`(?s)(<СВЮЛ>.*?</СвЮЛЕИО>).*?(</СВЮЛ>)`)
	x := noHead.ReplaceAll(s.Managing.XML, []byte("$1$2"))
	require.False(t, bytes.Equal(x, s.Managing.XML), "the mutation did not apply")
	sig, err := signature.Sign(x, s.ManagingHeadUL.Cert, s.ManagingHeadUL.Key, signature.SignOptions{Time: fixtures.SigningTime})
	require.NoError(t, err)

	r := mchd.VerifySigned(x, sig, mchd.VerifySignedOptions{At: fixtures.At})
	signer := check.Scope{Document: check.DocMCHDSignature, Signer: 1}
	scenario, ok := r.Checks.Lookup("MCHD-SIGNER-SCENARIO", signer)
	require.True(t, ok)
	assert.Equal(t, check.Warn, scenario.Status)
	assert.True(t, strings.Contains(scenario.Message, "СВЮЛ/СвФЛ"), scenario.Message)
	person, _ := r.Checks.Lookup("MCHD-SIGNER-PERSON", signer)
	assert.Equal(t, check.Skip, person.Status)
	eio, _ := r.Checks.Lookup("MCHD-EIO-FLAGS", check.Scope{Document: check.DocMCHD})
	assert.Equal(t, check.Fail, eio.Status, eio.Message)
	assert.False(t, r.Valid())
}
