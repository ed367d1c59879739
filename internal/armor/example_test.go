package armor_test

import (
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/internal/armor"
)

func ExampleDecode() {
	// A certificate bundle as exported by hand: text around two PEM blocks.
	// (The blocks hold tiny SEQUENCEs; armor does not look inside them.)
	upload := []byte("Сертификат организации\r\n" +
		"-----BEGIN CERTIFICATE-----\r\nMAMCAQU=\r\n-----END CERTIFICATE-----\r\n" +
		"-----BEGIN PKCS7-----\r\nMAMCAQY=\r\n-----END PKCS7-----\r\n")
	opts := armor.Options{
		Labels:  []string{"CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS"},
		MaxSize: 50 << 20,
	}
	d, err := armor.Decode(upload, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Format)
	for _, b := range d.Blocks {
		fmt.Printf("%d %s % x\n", b.Index, b.Label, b.Bytes)
	}

	// Bare base64, as CryptoAPI exports it, in UTF-16LE with a BOM.
	utf16 := []byte{0xFF, 0xFE}
	for _, c := range []byte("MAMC\r\nAQU=\r\n") {
		utf16 = append(utf16, c, 0)
	}
	d, err = armor.Decode(utf16, opts)
	fmt.Println(d.Format, err)

	// A private key uploaded by mistake.
	_, err = armor.Decode([]byte("-----BEGIN PRIVATE KEY-----\nMAMCAQU=\n-----END PRIVATE KEY-----\n"), opts)
	var e *armor.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, armor.ErrLabel), e.Label)
		fmt.Println(e.MessageRU())
	}
	// Output:
	// PEM
	// 0 CERTIFICATE 30 03 02 01 05
	// 1 PKCS7 30 03 02 01 06
	// base64 (UTF-16LE) <nil>
	// true PRIVATE KEY
	// Загружен закрытый ключ, а не сертификат или подпись: никогда не передавайте закрытый ключ
}
