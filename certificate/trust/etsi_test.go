package trust_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/egisz-lk/registrar/certificate/trust"
)

const etsiList = `<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag">
<tsl:SchemeInformation><tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier></tsl:SchemeInformation>
</tsl:TrustServiceStatusList>`

func TestEuropeanList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		xml          string
		european, mc bool
	}{
		{"ETSI, prefixed", etsiList, true, false},
		{"ETSI, default namespace", "\ufeff<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\"/>", true, false},
		{"same name, another namespace", `<TrustServiceStatusList xmlns="urn:other"/>`, false, false},
		{"Минцифры list", "<АккредитованныеУдостоверяющиеЦентры/>", false, true},
		{"not XML", "-----BEGIN CERTIFICATE-----", false, false},
	} {
		if got := trust.IsEuropeanList([]byte(tc.xml)); got != tc.european {
			t.Errorf("%s: IsEuropeanList %v", tc.name, got)
		}
		if got := trust.IsList([]byte(tc.xml)); got != tc.mc {
			t.Errorf("%s: IsList %v", tc.name, got)
		}
	}
	_, err := trust.ParseList([]byte(etsiList), nil)
	var eu *trust.EuropeanListError
	if !errors.Is(err, trust.ErrEuropeanList) || !errors.As(err, &eu) || !strings.Contains(eu.MessageRU(), "европейском формате ETSI TS 119 612") {
		t.Fatalf("ParseList: %v", err)
	}
	_, _, err = trust.Load(trust.Files{Anchors: []trust.File{{Name: "eu.xml", Data: []byte(etsiList)}}})
	if !errors.Is(err, trust.ErrConfig) || !errors.As(err, &eu) || eu.File != "eu.xml" ||
		!strings.Contains(eu.MessageRU(), "«eu.xml»") || !strings.Contains(eu.MessageRU(), "не перечень аккредитованных удостоверяющих центров") {
		t.Fatalf("Load: %v", err)
	}
	if !strings.Contains(err.Error(), "eu.xml") {
		t.Errorf("error %q does not name the file", err)
	}
}
