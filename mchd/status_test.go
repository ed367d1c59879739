package mchd_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/egisz-lk/registrar/mchd"
)

func TestRegistryStatusNames(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, s := range mchd.RegistryStatuses() {
		ru := s.Russian()
		if !s.Valid() || ru == string(s) || seen[ru] {
			t.Errorf("%s: valid %v, Russian %q", s, s.Valid(), ru)
		}
		seen[ru] = true
		if s.Answered() == (s == mchd.StatusUnavailable) {
			t.Errorf("%s: Answered %v", s, s.Answered())
		}
	}
	for _, s := range []mchd.RegistryStatus{"", "ACTIVE", "valid", "Active "} {
		if s.Valid() || s.Answered() || s.Russian() != string(s) {
			t.Errorf("%q accepted", s)
		}
	}
	if len(mchd.RegistryStatuses()) != 9 {
		t.Errorf("%d statuses", len(mchd.RegistryStatuses()))
	}
}

func TestStanding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rep  mchd.StatusReport
		err  error
		want mchd.RegistryStanding
	}{
		{mchd.StatusReport{Status: mchd.StatusActive}, nil, mchd.StandingActive},
		{mchd.StatusReport{Status: mchd.StatusCreated}, nil, mchd.StandingPending},
		{mchd.StatusReport{Status: mchd.StatusProcessing}, nil, mchd.StandingPending},
		{mchd.StatusReport{Status: mchd.StatusRevoked}, nil, mchd.StandingInvalid},
		{mchd.StatusReport{Status: mchd.StatusSuspended}, nil, mchd.StandingInvalid},
		{mchd.StatusReport{Status: mchd.StatusExpired}, nil, mchd.StandingInvalid},
		{mchd.StatusReport{Status: mchd.StatusRejected}, nil, mchd.StandingInvalid},
		{mchd.StatusReport{Status: mchd.StatusNotFound}, nil, mchd.StandingInvalid},
		{mchd.StatusReport{Status: "frozen"}, nil, mchd.StandingUnknownAnswer},
		{mchd.StatusReport{Status: mchd.StatusUnavailable}, nil, mchd.StandingUnavailable},
		{mchd.StatusReport{}, nil, mchd.StandingUnavailable},
		{mchd.StatusReport{Status: mchd.StatusActive}, errors.New("timeout"), mchd.StandingUnavailable},
		{mchd.StatusReport{}, fmt.Errorf("copy: %w", mchd.ErrNotListed), mchd.StandingNotListed},
	} {
		if got := mchd.Standing(tc.rep, tc.err); got != tc.want {
			t.Errorf("Standing(%q, %v) = %d, want %d", tc.rep.Status, tc.err, got, tc.want)
		}
	}
}
