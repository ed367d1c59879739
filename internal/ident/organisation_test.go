package ident

import (
	"strings"
	"testing"
)

func TestOrganisationProblems(t *testing.T) {
	t.Parallel()
	const (
		innLE, ogrn     = "7707083893", "1027700132195"
		kpp             = "773601001"
		innFL, ogrnip   = "500100732259", "304500116000157"
		badINN, badOGRN = "7707083894", "1027700132194"
	)
	for _, tc := range []struct {
		name                  string
		inn, kpp, ogrn, ogrip string
		want                  []string // parts of the problems, in order
	}{
		{"legal entity", innLE, kpp, ogrn, "", nil},
		{"legal entity without KPP", innLE, "", ogrn, "", nil},
		{"entrepreneur", innFL, "", "", ogrnip, nil},
		{"both", innLE, "", ogrn, ogrnip, []string{"both OGRN and OGRNIP"}},
		{"neither", innLE, "", "", "", []string{"neither"}},
		{"bad OGRN and INN", badINN, "", badOGRN, "", []string{"OGRN:", "INN:"}},
		{"bad KPP", innLE, "77360100", ogrn, "", []string{"KPP:"}},
		{"entrepreneur with KPP", innFL, kpp, "", ogrnip, []string{"no KPP"}},
		{"entrepreneur with a legal entity's INN", innLE, "", "", ogrnip, []string{"entrepreneur INN"}},
	} {
		got := OrganisationProblems(tc.inn, tc.kpp, tc.ogrn, tc.ogrip)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %q, want %d problems", tc.name, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: problem %d = %q, want %q in it", tc.name, i, got[i], w)
			}
		}
	}
}
