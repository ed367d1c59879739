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
