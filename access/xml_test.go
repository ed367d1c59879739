package access_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/ident"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden returns the requests of the golden files: a grant by a head
// Регистратор (synthetic registration of registertest) and a revocation
// by the representative of the fixtures, with an МЧД.
func golden(t testing.TB) map[string]*access.Request {
	t.Helper()
	w := getWorld(t)
	e := registertest.Employee(1)
	e.Patronymic = "Олегович"
	e.Position = `Оператор "ЭВМ" <1> & Co`
	grant, err := access.Build(access.Input{ID: registertest.ID(1), Number: "ЛК-2026/17", Action: access.ActionGrant,
		Registration: registertest.Registration(), Employee: e, Subsystems: []string{"SKL", "FRMR", "SKL", "RKF"},
		ValidFrom: registertest.At, ValidTo: registertest.At.AddDate(1, 0, -1), Now: func() time.Time { return registertest.At }})
	if err != nil {
		t.Fatal(err)
	}
	in := w.grantInput(registertest.ID(2))
	in.Action, in.Revokes = access.ActionRevoke, registertest.ID(1)
	revoke, err := access.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*access.Request{"grant": grant, "revoke": revoke}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for name, r := range golden(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := r.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "access-"+name+".xml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs (run with -update):\n%s", path, got)
			}
			// xmllint, an implementation of XML Schema nobody here wrote,
			// accepts the golden file against the embedded schema.
			xmllint, err := exec.LookPath("xmllint")
			if err != nil {
				t.Skip("xmllint not installed")
			}
			xsdPath := filepath.Join(t.TempDir(), "access-1.xsd")
			if err := os.WriteFile(xsdPath, access.Schema(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsdPath, path).CombinedOutput(); err != nil {
				t.Fatalf("xmllint: %v\n%s", err, out)
			}
		})
	}
}

func TestMarshalCanonical(t *testing.T) {
	t.Parallel()
	r := golden(t)["grant"]
	x, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(x, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<AccessRequest xmlns=\""+access.Namespace+`" version="1">`)) {
		t.Errorf("header: %q", x[:100])
	}
	if bytes.Contains(x, []byte("\r")) || bytes.HasPrefix(x, []byte{0xef, 0xbb, 0xbf}) {
		t.Error("CR or BOM in output")
	}
	for i := 0; i < 3; i++ {
		if y, _ := golden(t)["grant"].Marshal(); !bytes.Equal(x, y) {
			t.Fatal("Marshal is not deterministic")
		}
	}
	for _, want := range []string{"&lt;1&gt; &amp; Co", `<Power code="OPERATOR">Оператор</Power>`,
		`<Subsystem code="FRMR">Федеральный регистр медицинских работников</Subsystem>` + "\n    " + `<Subsystem code="RKF">`,
		"<ValidTo>2027-11-30</ValidTo>", "<Created>2026-12-01T09:00:00Z</Created>", "<Number>ЛК-2026/17</Number>"} {
		if !bytes.Contains(x, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
	if n := bytes.Count(x, []byte("<Subsystem ")); n != 3 {
		t.Errorf("%d subsystems, want 3 (SKL once)", n)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for name, r := range golden(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			x, err := r.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			back, err := access.Unmarshal(x)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back.Content, r.Content) {
				t.Errorf("round trip changed the content:\n%+v\n%+v", back.Content, r.Content)
			}
			if back.Lifecycle.State != application.StateDraft || !back.Equal(r) {
				t.Errorf("state %v, equal %v", back.Lifecycle.State, back.Equal(r))
			}
		})
	}
}

// TestUnmarshalRefuses: hostile and malformed documents are refused with
// ErrXML; what the rules decide is read.
func TestUnmarshalRefuses(t *testing.T) {
	t.Parallel()
	good, err := golden(t)["grant"].Marshal()
	if err != nil {
		t.Fatal(err)
	}
	rep := func(old, new string) []byte { return bytes.Replace(good, []byte(old), []byte(new), 1) }
	deep := rep("<Subsystems>", "<Subsystems>"+strings.Repeat("<a>", 40)+strings.Repeat("</a>", 40))
	badINN := func() string {
		inn, _ := ident.CompleteINN10("990000001")
		s := inn.String()
		return s[:9] + string('0'+(s[9]-'0'+1)%10)
	}()
	for name, doc := range map[string][]byte{
		"empty":            nil,
		"not XML":          []byte("{}"),
		"doctype":          rep(`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE AccessRequest [<!ENTITY x "y">]>`),
		"too big":          append(bytes.Clone(good), bytes.Repeat([]byte(" "), access.MaxXMLSize)...),
		"deep":             deep,
		"not UTF-8":        rep("Оператор", "\xff"),
		"other namespace":  rep(access.Namespace, "urn:egisz-lk:registrar:access:2"),
		"other version":    rep(`version="1"`, `version="2"`),
		"power misnamed":   rep(">Оператор</Power>", ">Регистратор</Power>"),
		"unsorted":         rep(`code="FRMR"`, `code="ZZZ"`),
		"bad org INN":      rep("<INN>"+registertest.Registration().Organisation.INN, "<INN>"+badINN),
		"bad action":       rep("<Action>grant", "<Action>revoke"),
		"unknown element":  rep("<ValidFrom>", "<Extra/><ValidFrom>"),
		"date as time":     rep("<ValidFrom>2026-12-01", "<ValidFrom>2026-12-01T00:00:00Z"),
		"bad date":         rep("<ValidFrom>2026-12-01", "<ValidFrom>2026-02-30"),
		"ends before":      rep("<ValidTo>2027-11-30", "<ValidTo>2025-11-30"),
		"trailing garbage": append(bytes.Clone(good), "<x/>"...),
	} {
		if _, err := access.Unmarshal(doc); !errors.Is(err, access.ErrXML) {
			t.Errorf("%s: Unmarshal = %v, want ErrXML", name, err)
		}
	}
	// What the rules refuse with a reason is read.
	for name, doc := range map[string][]byte{
		"employee SNILS control": rep("<SNILS>"+registertest.Employee(1).SNILS, "<SNILS>"+registertest.Employee(1).SNILS[:9]+"99"),
		"registrar power":        rep(`<Power code="OPERATOR">Оператор`, `<Power code="REGISTRAR">Регистратор`),
		"unknown subsystem":      rep(`<Subsystem code="SKL">Санаторно-курортное лечение`, `<Subsystem code="SKZ">Иное`),
	} {
		r, err := access.Unmarshal(doc)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if rs := r.ContentChecks(nil); !rs.Failed() {
			t.Errorf("%s: content checks pass: %v", name, rs)
		}
	}
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	cat, err := access.DefaultCatalogue().With(access.Subsystem{Code: "LK_X", Name: "Новая подсистема"},
		access.Subsystem{Code: "FRMR", Name: "ФРМР"})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := cat.Name("LK_X"); !ok || n != "Новая подсистема" {
		t.Fatal(n, ok)
	}
	if n, _ := cat.Name("FRMR"); n != "ФРМР" {
		t.Fatal(n)
	}
	if n, _ := access.DefaultCatalogue().Name("FRMR"); n != "Федеральный регистр медицинских работников" {
		t.Fatal("With changed the default catalogue")
	}
	if len(cat.Subsystems()) != len(access.DefaultCatalogue().Subsystems())+1 {
		t.Fatal("wrong size")
	}
	for _, bad := range []access.Subsystem{{Code: "x", Name: "a"}, {Code: "X", Name: ""}, {Code: "1A", Name: "a"},
		{Code: strings.Repeat("A", 33), Name: "a"}} {
		if _, err := cat.With(bad); err == nil {
			t.Errorf("With(%+v) accepted", bad)
		}
	}
	// A request for a subsystem of an extended catalogue is built with it
	// and fails ACC-SUBSYSTEMS against the default one.
	w := getWorld(t)
	in := w.grantInput("")
	in.Subsystems, in.Catalogue = []string{"LK_X"}, cat
	r, err := access.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := r.ContentChecks(nil).Find("ACC-SUBSYSTEMS"); res.Status != check.Fail {
		t.Fatalf("default catalogue: %v", res)
	}
	if res, _ := r.ContentChecks(cat).Find("ACC-SUBSYSTEMS"); res.Status != check.Pass {
		t.Fatalf("extended catalogue: %v", res)
	}
}

func TestPrintHTML(t *testing.T) {
	t.Parallel()
	for name, r := range golden(t) {
		h, err := r.PrintHTML()
		if err != nil {
			t.Fatal(err)
		}
		s := string(h)
		for _, want := range []string{r.ID, r.Employee.SNILS, r.Registrar.Person.SNILS, "Оператор", r.Subsystems[0].Name, "черновик"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: print form lacks %q", name, want)
			}
		}
		if strings.Contains(s, "<1>") || !strings.Contains(s, "&lt;1&gt;") && name == "grant" {
			t.Errorf("%s: text not escaped", name)
		}
		if name == "revoke" && (!strings.Contains(s, "Отзываемый доступ") || !strings.Contains(s, r.Registrar.MCHD.Number)) {
			t.Errorf("revoke: print form lacks the revocation or the МЧД")
		}
	}
	bad := golden(t)["grant"]
	bad.ID = "x"
	if _, err := bad.PrintHTML(); !errors.Is(err, access.ErrInvalidInput) {
		t.Fatalf("PrintHTML of invalid content: %v", err)
	}
}

func TestActionAndPower(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		code string
		want access.Action
		ok   bool
	}{{"grant", access.ActionGrant, true}, {"revoke", access.ActionRevoke, true}, {"Grant", 0, false}, {"", 0, false}} {
		a, err := access.ParseAction(c.code)
		if (err == nil) != c.ok || a != c.want || c.ok && (a.String() != c.code || a.Russian() == c.code) {
			t.Errorf("ParseAction(%q) = %v, %v", c.code, a, err)
		}
	}
	if s := access.Action(7).String(); s != "Action(7)" {
		t.Error(s)
	}
	if n, ok := access.PowerName(access.PowerOperator); !ok || n != "Оператор" {
		t.Error(n)
	}
	if n, ok := access.PowerName(application.PowerCode); !ok || n != "Регистратор" {
		t.Error(n)
	}
	if _, ok := access.PowerName("X"); ok {
		t.Error("unknown power named")
	}
}
