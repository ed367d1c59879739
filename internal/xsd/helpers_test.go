package xsd

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// testXSD is a small schema with Cyrillic names and one facet of each kind
// the tests need: pattern (ИНН), length (КПП), enumeration (Вид), a
// 200-value enumeration (Код), maxLength (Примечание) and a fixed value
// (Версия).
var testXSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns="urn:registrar:test" targetNamespace="urn:registrar:test"
           elementFormDefault="qualified">
  <xs:element name="Заявка">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Организация" type="ОргТип" maxOccurs="unbounded"/>
        <xs:element name="Примечание" minOccurs="0">
          <xs:simpleType>
            <xs:restriction base="xs:string"><xs:maxLength value="100"/></xs:restriction>
          </xs:simpleType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="Версия" type="xs:string" use="required" fixed="1.0"/>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="ОргТип">
    <xs:attribute name="ИНН" type="ИННТип" use="required"/>
    <xs:attribute name="КПП" type="КППТип"/>
    <xs:attribute name="Вид" type="ВидТип"/>
    <xs:attribute name="Код" type="КодТип"/>
  </xs:complexType>
  <xs:simpleType name="ИННТип">
    <xs:restriction base="xs:string"><xs:pattern value="[0-9]{10}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="КППТип">
    <xs:restriction base="xs:string"><xs:length value="9"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="ВидТип">
    <xs:restriction base="xs:string">
      <xs:enumeration value="ЮЛ"/>
      <xs:enumeration value="ИП"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="КодТип">
    <xs:restriction base="xs:string">
` + enumeration(200) + `    </xs:restriction>
  </xs:simpleType>
</xs:schema>
`

func enumeration(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      <xs:enumeration value=\"Код-значение-%03d\"/>\n", i)
	}
	return b.String()
}

// validDoc conforms to testXSD.
const validDoc = `<?xml version="1.0" encoding="UTF-8"?>
<Заявка xmlns="urn:registrar:test" Версия="1.0">
  <Организация ИНН="7743321818" КПП="770101001" Вид="ЮЛ" Код="Код-значение-007"/>
  <Организация ИНН="7707083893"/>
  <Примечание>Проверка</Примечание>
</Заявка>
`

var (
	sharedOnce   sync.Once
	sharedSchema *Schema
	sharedErr    error
)

// testSchema returns testXSD compiled once for the whole test binary. It is
// never closed: tests that close schemas compile their own.
func testSchema(t testing.TB) *Schema {
	t.Helper()
	sharedOnce.Do(func() { sharedSchema, sharedErr = Compile([]byte(testXSD), Config{Name: "test.xsd"}) })
	if sharedErr != nil {
		t.Fatalf("compile test schema: %v", sharedErr)
	}
	return sharedSchema
}

// compile compiles a schema that is closed when the test ends.
func compile(t testing.TB, xsd string, cfg Config) *Schema {
	t.Helper()
	s, err := Compile([]byte(xsd), cfg)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// kind classifies a Validate result.
func kind(err error) string {
	var se *SyntaxError
	var ve *ValidationError
	switch {
	case err == nil:
		return "valid"
	case errors.As(err, &se):
		return "syntax"
	case errors.As(err, &ve):
		return "invalid"
	}
	return "other"
}

// diagnostics returns the structured list carried by err, if any.
func diagnostics(err error) []Error {
	var se *SyntaxError
	var ve *ValidationError
	var ce *SchemaError
	switch {
	case errors.As(err, &se):
		return se.Errors
	case errors.As(err, &ve):
		return ve.Errors
	case errors.As(err, &ce):
		return ce.Errors
	}
	return nil
}

func short(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
