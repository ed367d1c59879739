package submit

import (
	"errors"
	"testing"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/signature"
)

var testRule = check.Rule{
	ID: "TEST-SIGNATURE", Title: "test", Citation: "test", Severity: check.Fail,
	Message: "не прошла: %s", PassMessage: "верна",
	Outcomes: []check.Outcome{
		{Code: "certificate-not-valid", Status: check.Fail, Message: "сертификат не действует"},
		{Code: "waived", Status: check.Warn, Message: "приняты без проверки: %s"},
	},
}

func TestSignatureResult(t *testing.T) {
	t.Parallel()
	pass := check.Result{ID: "SIG-VALUE", Status: check.Pass}
	fail := check.Result{ID: "SIG-VALUE", Status: check.Fail, Message: "подпись неверна"}
	certUndecided := check.Result{ID: "SIG-CERT-VALIDITY", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE, Detail: "expired"}
	revUndecided := check.Result{ID: "CHAIN-REVOCATION", Status: check.Indeterminate, SubIndication: check.NoRevocationData}
	waived := check.Result{ID: "CHAIN-REVOCATION", Status: check.Warn, Waiver: check.WaiveRevocation, Waived: true}
	for _, tc := range []struct {
		name    string
		checks  check.Results
		status  check.Status
		outcome string
		sub     check.SubIndication
	}{
		{"valid", check.Results{pass}, check.Pass, "", ""},
		{"failed", check.Results{pass, fail}, check.Fail, "", ""},
		{"failed beats an expired certificate", check.Results{fail, certUndecided}, check.Fail, "", ""},
		{"expired certificate refused", check.Results{pass, certUndecided}, check.Fail, "certificate-not-valid", ""},
		{"other fact undecided", check.Results{pass, revUndecided}, check.Indeterminate, "", check.NoRevocationData},
		{"waived", check.Results{pass, waived}, check.Warn, "waived", ""},
	} {
		res := &signature.Result{Verdict: tc.checks.Worst(), Signers: []signature.SignerResult{{Checks: tc.checks}}}
		r := SignatureResult(&testRule, res, tc.checks)
		if r.ID != testRule.ID || r.Status != tc.status || r.Outcome != tc.outcome || r.SubIndication != tc.sub {
			t.Errorf("%s: %+v", tc.name, r)
		}
	}
}

func TestAttachable(t *testing.T) {
	t.Parallel()
	rejected, undecided := errors.New("rejected"), errors.New("undecided")
	pass := check.Result{ID: "A", Status: check.Pass}
	for _, tc := range []struct {
		name string
		rs   check.Results
		want error  // the sentinel, nil for none
		text string // the error's text
	}{
		{"passed", check.Results{pass}, nil, ""},
		{"failed", check.Results{pass, {ID: "B", Status: check.Fail}, {ID: "C", Status: check.Fail}}, rejected, "rejected: B, C"},
		{"undecided", check.Results{pass, {ID: "D", Status: check.Indeterminate, SubIndication: check.NoRevocationData}}, undecided, "undecided: " + string(check.NoRevocationData)},
		{"failed beats undecided", check.Results{{ID: "D", Status: check.Indeterminate}, {ID: "B", Status: check.Fail}}, rejected, "rejected: B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Attachable(tc.rs, rejected, undecided)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) || err.Error() != tc.text {
				t.Fatalf("error %v, want %q wrapping %v", err, tc.text, tc.want)
			}
		})
	}
}
