package certificate

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"testing"

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
		r := parseRegion(tc.raw)
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
		n := Name{GivenNames: tc.g}
		if n.FirstName() != tc.first || n.Patronymic() != tc.patronymic {
			t.Errorf("%q: %q / %q", tc.g, n.FirstName(), n.Patronymic())
		}
	}
	n := Name{Surname: "Тестов", GivenNames: "Тест Тестович"}
	if n.PersonName() != "Тестов Тест Тестович" || !n.HasPerson() || n.HasEntity() {
		t.Errorf("PersonName %q", n.PersonName())
	}
}

// nameOf encodes spec and parses it back.
func nameOf(t *testing.T, spec NameSpec) Name {
	t.Helper()
	der, err := encodeName(&spec)
	if err != nil {
		t.Fatal(err)
	}
	n, err := parseName(der)
	if err != nil {
		t.Fatal(err)
	}
	return n
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
		spec  NameSpec
		get   func(*Name) Identifier
		state IdentifierState
		value string
	}{
		{"OGRN", NameSpec{OGRN: ogrn}, func(n *Name) Identifier { return n.OGRN }, IdentifierValid, ogrn},
		{"OGRN checksum", NameSpec{OGRN: bad(ogrn)}, func(n *Name) Identifier { return n.OGRN }, IdentifierBadChecksum, bad(ogrn)},
		{"OGRN short", NameSpec{OGRN: ogrn[1:]}, func(n *Name) Identifier { return n.OGRN }, IdentifierBadFormat, ogrn[1:]},
		{"OGRNIP", NameSpec{OGRNIP: ogrnip}, func(n *Name) Identifier { return n.OGRNIP }, IdentifierValid, ogrnip},
		{"OGRNIP checksum", NameSpec{OGRNIP: bad(ogrnip)}, func(n *Name) Identifier { return n.OGRNIP }, IdentifierBadChecksum, bad(ogrnip)},
		{"INNLE", NameSpec{INNLE: innle}, func(n *Name) Identifier { return n.INNLE }, IdentifierValid, innle},
		{"INNLE checksum", NameSpec{INNLE: bad(innle)}, func(n *Name) Identifier { return n.INNLE }, IdentifierBadChecksum, bad(innle)},
		{"INN person", NameSpec{INN: inn12}, func(n *Name) Identifier { return n.INN }, IdentifierValid, inn12},
		{"INN person checksum", NameSpec{INN: bad(inn12)}, func(n *Name) Identifier { return n.INN }, IdentifierBadChecksum, bad(inn12)},
		{"INN 10 digits in INN attribute", NameSpec{INN: innle}, func(n *Name) Identifier { return n.INN }, IdentifierBadFormat, innle},
		{"legacy INN as INNLE", NameSpec{INN: "00" + innle}, func(n *Name) Identifier { return n.INNLE }, IdentifierValid, innle},
		{"legacy INN bad checksum", NameSpec{INN: "00" + bad(innle)}, func(n *Name) Identifier { return n.INNLE }, IdentifierBadChecksum, bad(innle)},
		{"legacy INN is not a person INN", NameSpec{INN: "00" + innle}, func(n *Name) Identifier { return n.INN }, IdentifierAbsent, ""},
		{"SNILS", NameSpec{SNILS: snils}, func(n *Name) Identifier { return n.SNILS }, IdentifierValid, snils},
		{"SNILS checksum", NameSpec{SNILS: bad(snils)}, func(n *Name) Identifier { return n.SNILS }, IdentifierBadChecksum, bad(snils)},
		{"SNILS absent", NameSpec{CommonName: "x"}, func(n *Name) Identifier { return n.SNILS }, IdentifierAbsent, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := nameOf(t, tc.spec)
			id := tc.get(&n)
			if id.State() != tc.state || id.Value != tc.value {
				t.Fatalf("state %v value %q (err %v), want %v %q", id.State(), id.Value, id.Err, tc.state, tc.value)
			}
			switch tc.state {
			case IdentifierValid:
				if !id.Valid() || id.MessageRU() != "" || id.Tag != asn1.TagNumericString {
					t.Errorf("%+v", id)
				}
			case IdentifierBadChecksum:
				if !errors.Is(id.Err, ErrIdentifierChecksum) || id.MessageRU() == "" {
					t.Errorf("%+v", id)
				}
			case IdentifierBadFormat:
				if !errors.Is(id.Err, ErrIdentifierFormat) || id.MessageRU() == "" {
					t.Errorf("%+v", id)
				}
			}
			if id.State().Russian() == "" || id.State().String() == "" {
				t.Error("state names")
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
	n := nameOf(t, NameSpec{INNLE: innle.String(), INN: "00" + innle.String()})
	if n.INNLE.Legacy || !n.LegacyINN.Present || n.INNLE.Value != innle.String() {
		t.Errorf("INNLE %+v legacy %+v", n.INNLE, n.LegacyINN)
	}
}

func TestNameAttributes(t *testing.T) {
	t.Parallel()
	n := nameOf(t, NameSpec{
		Country: "RU", Region: "77 Москва", CommonName: "Тест", Email: "a@example.test",
		Extra: []AttributeSpec{
			{oidCommonName, "Второй", asn1.TagUTF8String},
			{asn1.ObjectIdentifier{1, 2, 3, 4}, "x", asn1.TagPrintableString},
			{oidOrganizationalUnit, "\x04\x1e\x04\x42", 30 /* BMPString "От" */},
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
		got, err := decodeDirectoryString(tc.tag, tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("tag %d %X: %q, %v", tc.tag, tc.in, got, err)
		}
	}
}
