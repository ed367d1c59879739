// Package submit decides on a detached signature a person submits now over
// the exact stored bytes of a document of this library (an application, an
// access request): one decision for the rules APP-SIGNATURE and
// ACC-SIGNATURE, and one for attaching the signature (Attachable).
package submit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/signature"
)

// SignatureResult gives rule's result for a detached signature verified
// over the exact stored bytes of a document the signer is submitting now
// (an application, an access request): res is the verification and
// sigResults its results after the waivers (res.All().Waive). A failure
// fails the rule with the failed checks' messages; a signer certificate
// outside its validity is refused (outcome "certificate-not-valid": the
// document is signed now, so no proof of existence can save it); another
// undecided fact leaves the rule undecided with its sub-indication; a
// waived fact passes with outcome "waived"; otherwise the rule passes.
// rule must declare the outcomes "certificate-not-valid" and "waived".
func SignatureResult(rule *check.Rule, res *signature.Result, sigResults check.Results) check.Result {
	indication, sub := sigResults.Indication()
	switch r, bad := certificateNotValid(res); {
	case indication != check.IndicationFailed && bad:
		return rule.Outcome("certificate-not-valid", r.Detail)
	case indication == check.IndicationFailed:
		var failed []string
		for _, r := range sigResults {
			if r.Status == check.Fail && !slices.Contains(failed, r.Message) {
				failed = append(failed, r.Message)
			}
		}
		return rule.Violated(string(res.Verdict), strings.Join(failed, "; "))
	case indication == check.IndicationIndeterminate:
		var ids []string
		for _, r := range sigResults.With(check.Indeterminate) {
			ids = append(ids, r.ID+"@"+r.Scope.String())
		}
		return rule.Undecided(sub, "undecided: "+strings.Join(ids, ", "))
	case len(sigResults.Waived()) > 0:
		var facts []string
		for _, w := range sigResults.Waived() {
			facts = append(facts, w.Russian())
		}
		return rule.Outcome("waived", fmt.Sprintf("%d signer(s), waived %v", len(res.Signers), sigResults.Waived()),
			strings.Join(facts, ", "))
	}
	return rule.Passed(fmt.Sprintf("%d signer(s), verdict %s", len(res.Signers), res.Verdict))
}

// certificateNotValid returns a signer's SIG-CERT-VALIDITY result that is
// indeterminate (the certificate not valid at the validation time and no
// signature timestamp proving it was signed in time).
func certificateNotValid(res *signature.Result) (check.Result, bool) {
	for _, s := range res.Signers {
		if r, ok := s.Checks.Find("SIG-CERT-VALIDITY"); ok && r.Status == check.Indeterminate {
			return r, true
		}
	}
	return check.Result{}, false
}

// Attachable says whether a document may take a submitted signature whose
// checks, waivers applied, are rs: nil when their indication is passed; an
// error wrapping rejected and naming the failed checks when one failed; an
// error wrapping undecided with the sub-indication otherwise. The sentinels
// are the document package's own.
func Attachable(rs check.Results, rejected, undecided error) error {
	if rs.Failed() {
		var ids []string
		for _, r := range rs.With(check.Fail) {
			ids = append(ids, r.ID)
		}
		return fmt.Errorf("%w: %s", rejected, strings.Join(ids, ", "))
	}
	if ind, sub := rs.Indication(); ind != check.IndicationPassed {
		return fmt.Errorf("%w: %s", undecided, sub)
	}
	return nil
}
