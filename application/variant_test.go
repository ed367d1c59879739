package application

import (
	"encoding/json"
	"testing"
)

func TestVariant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Variant
		docs int
		mchd bool
	}{
		{"head", VariantHead, 1, false},
		{" Representative ", VariantRepresentative, 3, true},
		{"MANAGING", VariantManaging, 3, true},
	}
	for _, tt := range tests {
		v, err := ParseVariant(tt.in)
		if err != nil || v != tt.want {
			t.Errorf("ParseVariant(%q) = %v, %v", tt.in, v, err)
		}
		if len(v.Documents()) != tt.docs || v.NeedsMCHD() != tt.mchd || v.Russian() == v.String() || v.English() == v.String() {
			t.Errorf("%v: documents %v, mchd %v", v, v.Documents(), v.NeedsMCHD())
		}
		for _, d := range v.Documents() {
			if d.Russian() == d.String() {
				t.Errorf("%v: no Russian name", d)
			}
		}
		b, err := json.Marshal(v)
		if err != nil || string(b) != `"`+v.Code()+`"` {
			t.Errorf("json %s, %v", b, err)
		}
		var back Variant
		if err := json.Unmarshal(b, &back); err != nil || back != v {
			t.Errorf("json back %v, %v", back, err)
		}
	}
	if VariantRepresentative.Documents()[2] != DocCertificatePerson || VariantManaging.Documents()[2] != DocCertificateLegalEntity {
		t.Error("wrong certificate kinds")
	}
	for _, bad := range []string{"", "boss", "head1"} {
		if _, err := ParseVariant(bad); err == nil {
			t.Errorf("ParseVariant(%q) accepted", bad)
		}
	}
	if _, err := json.Marshal(Variant(0)); err == nil {
		t.Error("zero variant marshalled")
	}
	var v Variant
	if err := json.Unmarshal([]byte(`1`), &v); err == nil {
		t.Error("number accepted")
	}
	if Variant(9).String() != "Variant(9)" || Variant(9).Valid() {
		t.Error("invalid variant")
	}
}
