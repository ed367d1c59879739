package signature

import (
	"math/rand/v2"
	"testing"

	"github.com/egisz-lk/registrar/check"
)

// TestVerdictOf: the verdict of the signature's and the signers' results
// is that of their concatenation, for every mix of statuses.
func TestVerdictOf(t *testing.T) {
	t.Parallel()
	statuses := []check.Status{check.Skip, check.Pass, check.Warn, check.Indeterminate, check.Fail, check.Status("bogus")}
	subs := []check.SubIndication{check.NoPOE, check.TryLater, check.MissingInput}
	rng := rand.New(rand.NewPCG(1, 2))
	results := func() check.Results {
		rs := make(check.Results, rng.IntN(4))
		for i := range rs {
			rs[i] = check.Result{ID: "X", Status: statuses[rng.IntN(len(statuses))], SubIndication: subs[rng.IntN(len(subs))]}
		}
		return rs
	}
	for n := 0; n < 5000; n++ {
		own := results()
		signers := make([]SignerResult, rng.IntN(3))
		all := append(check.Results(nil), own...)
		for i := range signers {
			signers[i].Checks = results()
			all = append(all, signers[i].Checks...)
		}
		w, ind, sub := verdictOf(own, signers)
		wantInd, wantSub := all.Indication()
		if w != all.Worst() || ind != wantInd || sub != wantSub {
			t.Fatalf("own %v, signers %v: got %v %v %v, want %v %v %v", own, signers, w, ind, sub, all.Worst(), wantInd, wantSub)
		}
	}
}
