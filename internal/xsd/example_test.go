package xsd_test

import (
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/internal/xsd"
)

func Example() {
	schema, err := xsd.Compile([]byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="ИНН">
    <xs:simpleType>
      <xs:restriction base="xs:string"><xs:pattern value="[0-9]{10}"/></xs:restriction>
    </xs:simpleType>
  </xs:element>
</xs:schema>`), xsd.Config{Name: "inn.xsd"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer schema.Close() // compile once, share, close at shutdown

	for _, doc := range []string{
		"<ИНН>7743321818</ИНН>",
		"<?xml version=\"1.0\"?>\n<ИНН>12345</ИНН>",
		"<ИНН>7743321818",
		`<!DOCTYPE ИНН [<!ENTITY x SYSTEM "file:///etc/passwd">]><ИНН>&x;</ИНН>`,
	} {
		err := schema.Validate([]byte(doc))
		var invalid *xsd.ValidationError
		var malformed *xsd.SyntaxError
		switch {
		case err == nil:
			fmt.Println("valid")
		case errors.As(err, &invalid):
			for _, e := range invalid.Errors {
				fmt.Printf("invalid: line %d, element %s: %s\n", e.Line, e.Element, e.Message)
			}
		case errors.Is(err, xsd.ErrDoctype):
			fmt.Println("refused: DOCTYPE")
		case errors.As(err, &malformed):
			fmt.Printf("not well-formed: line %d, column %d: %s\n", malformed.Line, malformed.Column, malformed.Errors[0].Message)
		default:
			fmt.Println(err)
		}
	}
	// Output:
	// valid
	// invalid: line 2, element ИНН: Element 'ИНН': [facet 'pattern'] The value '12345' is not accepted by the pattern '[0-9]{10}'.
	// not well-formed: line 1, column 16: Premature end of data in tag ИНН line 1
	// refused: DOCTYPE
}

// ValidateTree gives Validate's answer the slower way, through a libxml2
// tree: here the same diagnostic, on the same element and line.
func ExampleSchema_ValidateTree() {
	schema, err := xsd.Compile([]byte(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Заявка"><xs:complexType><xs:sequence>
    <xs:element name="ИНН" type="xs:int"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`), xsd.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer schema.Close()
	doc := []byte("<Заявка>\n  <ИНН>x</ИНН>\n</Заявка>")
	for _, validate := range []func([]byte) error{schema.Validate, schema.ValidateTree} {
		var invalid *xsd.ValidationError
		if errors.As(validate(doc), &invalid) {
			e := invalid.Errors[0]
			fmt.Printf("line %d, %s: %s\n", e.Line, e.Path, e.Message)
		}
	}
	// Output:
	// line 2, /Заявка/ИНН: Element 'ИНН': 'x' is not a valid value of the atomic type 'xs:int'.
	// line 2, /Заявка/ИНН: Element 'ИНН': 'x' is not a valid value of the atomic type 'xs:int'.
}
