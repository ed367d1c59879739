package certificate_test

import (
	"encoding/asn1"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/internal/ident"
)

func TestParseRegion(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, code, name string }{
		{"77 Москва", "77", "Москва"},
		{"50 Московская область", "50", "Московская область"},
		{" 02 Республика Башкортостан ", "02", "Республика Башкортостан"},
		{"77", "77", ""},
		{"Москва", "", "Москва"},
		{"77Москва", "", "77Москва"},
		{"1234 x", "", "1234 x"},
		{"", "", ""},
	}
	for _, tc := range tests {
		r := certificate.ParseRegion(tc.raw)
		if r.Code != tc.code || r.Name != tc.name || r.Raw != tc.raw {
			t.Errorf("parseRegion(%q) = %+v, want code %q name %q", tc.raw, r, tc.code, tc.name)
		}
	}
}

func TestGivenNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ g, first, patronymic string }{
		{"Иван Иванович", "Иван", "Иванович"},
		{"Иван", "Иван", ""},
		{"Мамед Али оглы", "Мамед", "Али оглы"},
		{"  Анна   Сергеевна ", "Анна", "Сергеевна"},
		{"", "", ""},
	}
	for _, tc := range tests {
		n := certificate.Name{GivenNames: tc.g}
		if n.FirstName() != tc.first || n.Patronymic() != tc.patronymic {
			t.Errorf("%q: %q / %q", tc.g, n.FirstName(), n.Patronymic())
		}
	}
	n := certificate.Name{Surname: "Тестов", GivenNames: "Тест Тестович"}
	if n.PersonName() != "Тестов Тест Тестович" || !n.HasPerson() || n.HasEntity() {
		t.Errorf("PersonName %q", n.PersonName())
	}
}

// nameOf encodes spec as the subject of a certificate and parses it back.
func nameOf(t *testing.T, spec certtest.NameSpec) certificate.Name {
	t.Helper()
	p := testPKI(t)
	tmpl := &certtest.Template{Subject: spec, NotBefore: testFrom, NotAfter: testFrom.AddDate(1, 0, 0), MaxPathLen: -1}
	c, err := certtest.Create(tmpl, p.ca, p.caKey, p.eeK.Public(), mrand.NewChaCha8([32]byte{9}))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.ExtensionErrors {
		if e.Name == "subject" {
			t.Fatal(e.Err)
		}
	}
	return c.Subject
}

func TestIdentifiers(t *testing.T) {
	t.Parallel()
	// Synthetic numbers with valid control digits (internal/ident), and
	// the same numbers with the last digit changed.
	must := func(s fmt.Stringer, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		return s.String()
	}
	ogrn := must(ident.CompleteOGRN("123456789012"))
	ogrnip := must(ident.CompleteOGRNIP("31234567890123"))
	innle := must(ident.CompleteINN10("123456789"))
	inn12 := must(ident.CompleteINN12("1234567890"))
	sn, err := ident.CompleteSNILS("123456789")
	if err != nil {
		t.Fatal(err)
	}
	snils := sn.Digits()
	bad := func(s string) string {
		last := s[len(s)-1]
		return s[:len(s)-1] + string('0'+(last-'0'+1)%10)
	}
	tests := []struct {
		name  string
		spec  certtest.NameSpec
		get   func(*certificate.Name) certificate.Identifier
		state string
		value string
	}{
		{"OGRN", certtest.NameSpec{OGRN: ogrn}, func(n *certificate.Name) certificate.Identifier { return n.OGRN }, "valid", ogrn},
		{"OGRN checksum", certtest.NameSpec{OGRN: bad(ogrn)}, func(n *certificate.Name) certificate.Identifier { return n.OGRN }, "checksum", bad(ogrn)},
		{"OGRN short", certtest.NameSpec{OGRN: ogrn[1:]}, func(n *certificate.Name) certificate.Identifier { return n.OGRN }, "format", ogrn[1:]},
		{"OGRNIP", certtest.NameSpec{OGRNIP: ogrnip}, func(n *certificate.Name) certificate.Identifier { return n.OGRNIP }, "valid", ogrnip},
		{"OGRNIP checksum", certtest.NameSpec{OGRNIP: bad(ogrnip)}, func(n *certificate.Name) certificate.Identifier { return n.OGRNIP }, "checksum", bad(ogrnip)},
		{"INNLE", certtest.NameSpec{INNLE: innle}, func(n *certificate.Name) certificate.Identifier { return n.INNLE }, "valid", innle},
		{"INNLE checksum", certtest.NameSpec{INNLE: bad(innle)}, func(n *certificate.Name) certificate.Identifier { return n.INNLE }, "checksum", bad(innle)},
		{"INN person", certtest.NameSpec{INN: inn12}, func(n *certificate.Name) certificate.Identifier { return n.INN }, "valid", inn12},
		{"INN person checksum", certtest.NameSpec{INN: bad(inn12)}, func(n *certificate.Name) certificate.Identifier { return n.INN }, "checksum", bad(inn12)},
		{"INN 10 digits in INN attribute", certtest.NameSpec{INN: innle}, func(n *certificate.Name) certificate.Identifier { return n.INN }, "format", innle},
		{"legacy INN as INNLE", certtest.NameSpec{INN: "00" + innle}, func(n *certificate.Name) certificate.Identifier { return n.INNLE }, "valid", innle},
		{"legacy INN bad checksum", certtest.NameSpec{INN: "00" + bad(innle)}, func(n *certificate.Name) certificate.Identifier { return n.INNLE }, "checksum", bad(innle)},
		{"legacy INN is not a person INN", certtest.NameSpec{INN: "00" + innle}, func(n *certificate.Name) certificate.Identifier { return n.INN }, "absent", ""},
		{"SNILS", certtest.NameSpec{SNILS: snils}, func(n *certificate.Name) certificate.Identifier { return n.SNILS }, "valid", snils},
		{"SNILS checksum", certtest.NameSpec{SNILS: bad(snils)}, func(n *certificate.Name) certificate.Identifier { return n.SNILS }, "checksum", bad(snils)},
		{"SNILS absent", certtest.NameSpec{CommonName: "x"}, func(n *certificate.Name) certificate.Identifier { return n.SNILS }, "absent", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := nameOf(t, tc.spec)
			id := tc.get(&n)
			if stateOf(id) != tc.state || id.Value != tc.value {
				t.Fatalf("state %v value %q (err %v), want %v %q", stateOf(id), id.Value, id.Err, tc.state, tc.value)
			}
			switch tc.state {
			case "valid":
				if !id.Valid() || id.MessageRU() != "" || id.Tag != asn1.TagNumericString {
					t.Errorf("%+v", id)
				}
			case "checksum":
				if !errors.Is(id.Err, certificate.ErrIdentifierChecksum) || id.MessageRU() == "" {
					t.Errorf("%+v", id)
				}
			case "format":
				if !errors.Is(id.Err, certificate.ErrIdentifierFormat) || id.MessageRU() == "" {
					t.Errorf("%+v", id)
				}
			}
		})
	}
}

func TestLegacyAndNewINNTogether(t *testing.T) {
	t.Parallel()
	innle, err := ident.CompleteINN10("123456789")
	if err != nil {
		t.Fatal(err)
	}
	n := nameOf(t, certtest.NameSpec{INNLE: innle.String(), INN: "00" + innle.String()})
	if n.INNLE.Legacy || !n.LegacyINN.Present || n.INNLE.Value != innle.String() {
		t.Errorf("INNLE %+v legacy %+v", n.INNLE, n.LegacyINN)
	}
}

func TestNameAttributes(t *testing.T) {
	t.Parallel()
	n := nameOf(t, certtest.NameSpec{
		Country: "RU", Region: "77 Москва", CommonName: "Тест", Email: "a@example.test",
		Extra: []certtest.AttributeSpec{
			{Type: certificate.OIDCommonName, Value: "Второй", Tag: asn1.TagUTF8String},
			{Type: asn1.ObjectIdentifier{1, 2, 3, 4}, Value: "x", Tag: asn1.TagPrintableString},
			{Type: certificate.OIDOrganizationalUnit, Value: "\x04\x1e\x04\x42", Tag: 30 /* BMPString "От" */},
		},
	})
	if n.CommonName != "Тест" || len(n.Repeated) != 1 || n.Repeated[0] != "CN" {
		t.Errorf("CN %q repeated %v", n.CommonName, n.Repeated)
	}
	if got, want := n.String(), "C=RU, ST=77 Москва, CN=Тест, E=a@example.test, CN=Второй, 1.2.3.4=x, OU=От"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if n.OrganizationalUnit != "От" {
		t.Errorf("OU %q", n.OrganizationalUnit)
	}
	if n.Attributes[0].Tag != asn1.TagPrintableString || n.Attributes[3].Tag != asn1.TagIA5String {
		t.Errorf("tags %+v", n.Attributes)
	}
}

func TestDecodeDirectoryString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tag  int
		in   []byte
		want string
		ok   bool
	}{
		{asn1.TagUTF8String, []byte("Москва"), "Москва", true},
		{asn1.TagUTF8String, []byte{0xff}, "", false},
		{asn1.TagPrintableString, []byte("RU"), "RU", true},
		{asn1.TagIA5String, []byte{0xc3}, "", false},
		{asn1.TagT61String, []byte{0xe9}, "é", true},
		{30, []byte{0x04, 0x1c, 0x04, 0x3e}, "Мо", true},
		{30, []byte{0x04}, "", false},
		{28, []byte{0, 0, 0x04, 0x1c}, "М", true},
		{28, []byte{0, 0}, "", false},
		{asn1.TagOctetString, []byte{1, 2}, "#0102", true},
	}
	for _, tc := range tests {
		got, err := certificate.DecodeDirectoryString(tc.tag, tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("tag %d %X: %q, %v", tc.tag, tc.in, got, err)
		}
	}
}

// stateOf summarises an identifier: absent, valid, a bad checksum or a bad
// format.
func stateOf(id certificate.Identifier) string {
	switch {
	case !id.Present:
		return "absent"
	case id.Err == nil:
		return "valid"
	case errors.Is(id.Err, certificate.ErrIdentifierChecksum):
		return "checksum"
	}
	return "format"
}
