package mchd_test

import (
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
