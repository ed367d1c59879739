package oracle

import (
	"strings"
	"testing"
)

func TestOpenSSLStreebogM1(t *testing.T) {
	o := OpenSSL(t)
	out := o.Run(t, []byte(m1), "dgst", "-md_gost12_512", "-r")
	const want = "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"
	if got := strings.Fields(string(out))[0]; got != want {
		t.Fatalf("Streebog-512(M1) = %s, want %s", got, want)
	}
}

func TestOpenSSLExecError(t *testing.T) {
	o := OpenSSL(t)
	if _, err := o.Exec(nil, "dgst", "-no-such-digest"); err == nil {
		t.Fatal("expected an error from an unknown openssl command")
	}
}

func TestXMLLintCanonicalForm(t *testing.T) {
	x := XMLLintTool(t)
	out, err := x.ExcC14N([]byte(`<a xmlns:u="urn:unused" b='1'><c/></a>`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<a b="1"><c></c></a>`; string(out) != want {
		t.Fatalf("exc-c14n = %q, want %q", out, want)
	}
	if _, err := x.C14N([]byte("<a>")); err == nil {
		t.Fatal("expected an error for a malformed document")
	}
}
