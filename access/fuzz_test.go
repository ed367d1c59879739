package access_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/egisz-lk/registrar/access"
)

// FuzzUnmarshal: Unmarshal never panics; an error matches ErrXML; an
// accepted document marshals to a document that is read back to the same
// content, and its content checks and print form run.
func FuzzUnmarshal(f *testing.F) {
	small := fuzzSeed
	f.Add(small)
	f.Add(bytes.Replace(small, []byte("<Action>grant"), []byte("<Action>revoke"), 1))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`))
	f.Add([]byte(`<AccessRequest xmlns="urn:egisz-lk:registrar:access:1" version="1"/>`))
	f.Add([]byte("\xEF\xBB\xBF<a/>"))
	f.Fuzz(fuzzUnmarshal)
}

// fuzzSeed is a minimal valid request.
var fuzzSeed = []byte(`<?xml version="1.0" encoding="UTF-8"?>
<AccessRequest xmlns="urn:egisz-lk:registrar:access:1" version="1">
  <ID>5a5a5a5a-0000-4000-8000-000000000001</ID>
  <Action>grant</Action>
  <Created>2026-12-01T09:00:00Z</Created>
  <Organisation>
    <Name>О</Name>
    <INN>9900000017</INN>
    <OGRN>1999900000010</OGRN>
  </Organisation>
  <Registrar>
    <ApplicationID>9e9e9e9e-0000-4000-8000-000000000001</ApplicationID>
    <Variant>head</Variant>
    <Surname>Р</Surname>
    <GivenName>Р</GivenName>
    <SNILS>18472936109</SNILS>
  </Registrar>
  <Employee>
    <Surname>О</Surname>
    <GivenName>О</GivenName>
    <SNILS>15783422995</SNILS>
    <Email>o@e.test</Email>
    <Position>О</Position>
  </Employee>
  <Power code="OPERATOR">Оператор</Power>
  <Subsystems>
    <Subsystem code="FRMR">Ф</Subsystem>
  </Subsystems>
  <ValidFrom>2026-12-01</ValidFrom>
</AccessRequest>
`)

func fuzzUnmarshal(t *testing.T, data []byte) {
	r, err := access.Unmarshal(data)
	if err != nil {
		if !errors.Is(err, access.ErrXML) {
			t.Fatalf("error %v does not match ErrXML", err)
		}
		return
	}
	x, err := r.Marshal()
	if err != nil {
		t.Fatalf("accepted content does not marshal: %v", err)
	}
	back, err := access.Unmarshal(x)
	if err != nil {
		t.Fatalf("own output refused: %v\n%s", err, x)
	}
	if !back.Equal(r) {
		t.Fatal("round trip changed the content")
	}
	_ = r.ContentChecks(nil)
	if _, err := r.PrintHTML(); err != nil {
		t.Fatal(err)
	}
}

// TestFuzzSeedAccepted: the fuzz target's main seed is a valid request, so
// the fuzzer starts from documents that reach the content checks.
func TestFuzzSeedAccepted(t *testing.T) {
	t.Parallel()
	if _, err := access.Unmarshal(fuzzSeed); err != nil {
		t.Fatal(err)
	}
}
