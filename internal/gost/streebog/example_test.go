package streebog_test

import (
	"crypto/hmac"
	"fmt"
	"io"
	"strings"

	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// The RFC 6986 example M1. The result is printed in byte-string form, as
// `openssl dgst -md_gost12_256` prints it (the RFC prints the reversed
// number 00557be5...).
func ExampleSum256() {
	sum := streebog.Sum256([]byte("012345678901234567890123456789012345678901234567890123456789012"))
	fmt.Printf("%x\n", sum)
	// Output: 9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500
}

// Streaming: any sequence of writes gives the same result as one write.
func ExampleNew512() {
	h := streebog.New512()
	io.Copy(h, strings.NewReader("0123456789012345678901234567890"))
	io.WriteString(h, "12345678901234567890123456789012")
	fmt.Printf("%x\n", h.Sum(nil))
	// Output: 1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48
}

// HMAC-Streebog-256 (RFC 7836, section 4.1.1) through crypto/hmac.
func ExampleNew256_hmac() {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	mac := hmac.New(streebog.New256, key)
	mac.Write([]byte{0x01, 0x26, 0xbd, 0xb8, 0x78, 0x00, 0xaf, 0x21, 0x43, 0x41, 0x45, 0x65, 0x63, 0x78, 0x01, 0x00})
	fmt.Printf("%x\n", mac.Sum(nil))
	// Output: a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9
}
