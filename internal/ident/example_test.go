package ident_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/egisz-lk/registrar/internal/ident"
)

func ExampleParseINN() {
	inn, err := ident.ParseINN("7707083893")
	fmt.Println(inn, inn.Kind(), err)

	_, err = ident.ParseINN("500100732258") // 12th digit wrong
	fmt.Println(errors.Is(err, ident.ErrChecksum), errors.Is(err, ident.ErrFormat))

	var e *ident.Error
	if errors.As(err, &e) {
		fmt.Println(e.MessageRU())
	}
	// Output:
	// 7707083893 legal entity <nil>
	// true false
	// Неверное контрольное число ИНН
}

func ExampleParseINNPerson() {
	_, err := ident.ParseINNPerson("7707083893")
	var e *ident.Error
	errors.As(err, &e)
	fmt.Println(e.MessageRU())
	fmt.Println(err)
	// Output:
	// ИНН физического лица должен состоять из 12 цифр
	// ident: personal INN "7707083893": must be 12 digits (got 10)
}

func ExampleINNFromCertificateAttribute() {
	for _, attr := range []string{"007710474375", "500100732259"} {
		inn, err := ident.INNFromCertificateAttribute(attr)
		fmt.Println(inn, inn.Kind(), err)
	}
	// Output:
	// 7710474375 legal entity <nil>
	// 500100732259 person <nil>
}

func ExampleParseOGRN() {
	ogrn, err := ident.ParseOGRN("1027700132195")
	fmt.Println(ogrn, err)
	ogrnip, err := ident.ParseOGRNIP("304500116000157")
	fmt.Println(ogrnip, err)
	// Output:
	// 1027700132195 <nil>
	// 304500116000157 <nil>
}

func ExampleParseSNILS() {
	// A certificate stores bare digits; the МЧД writes "DDD-DDD-DDD DD".
	fromCert, _ := ident.ParseSNILS("11223344595")
	fromMCHD, _ := ident.ParseSNILSMCHD("112-233-445 95")
	fmt.Println(fromCert == fromMCHD, fromCert.Digits(), fromCert.String(), fromCert.ChecksumApplies())

	// Numbers not above 001-001-998 carry no control number.
	old, err := ident.ParseSNILS("001-001-998 00")
	fmt.Println(old.ChecksumApplies(), err)
	// Output:
	// true 11223344595 112-233-445 95 true
	// false <nil>
}

func ExampleParseSNILSMCHD() {
	_, err := ident.ParseSNILSMCHD("11223344595")
	var e *ident.Error
	errors.As(err, &e)
	fmt.Println(errors.Is(err, ident.ErrFormat))
	fmt.Println(e.MessageRU())
	// Output:
	// true
	// В доверенности СНИЛС должен иметь вид XXX-XXX-XXX YY или XXX-XXX-XXX-YY
}

func ExampleParseKPP() {
	kpp, err := ident.ParseKPP("7707AB001")
	fmt.Println(kpp, err)
	_, err = ident.ParseKPP("000701001")
	fmt.Println(err)
	// Output:
	// 7707AB001 <nil>
	// ident: KPP "000701001": must not start with 00
}

func ExampleError_MessageRU() {
	_, err := ident.ParseSNILS("112-233-445 96")
	var e *ident.Error
	if errors.As(err, &e) {
		fmt.Println(e.MessageRU())
	}
	// Output:
	// Неверное контрольное число СНИЛС
}

func ExampleCompleteINN10() {
	// Synthetic test data only.
	inn, err := ident.CompleteINN10("770708389")
	fmt.Println(inn, err)
	snils, err := ident.CompleteSNILS("112233445")
	fmt.Println(snils, err)
	// Output:
	// 7707083893 <nil>
	// 112-233-445 95 <nil>
}

func ExampleRandomINN12() {
	// Synthetic test data only; a fixed seed gives reproducible fixtures.
	r := rand.New(rand.NewPCG(2024, 1))
	inn := ident.RandomINN12(r)
	_, err := ident.ParseINNPerson(inn.String())
	fmt.Println(len(inn.String()), err)
	// Output:
	// 12 <nil>
}
