package application

import (
	"bytes"
	"encoding/xml"
	"html"
	"os"
	"strings"
	"testing"
)

// TestPrintHTMLHasEveryXMLValue checks that the print form shows the same
// data as the XML: every text and attribute value of the XML appears in the
// HTML (after unescaping).
func TestPrintHTMLHasEveryXMLValue(t *testing.T) {
	t.Parallel()
	for _, v := range Variants {
		a := mustBuild(t, testInput(v))
		x, err := a.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		h, err := a.PrintHTML()
		if err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(string(h))
		if !strings.Contains(page, "Печатная форма заявки") || !bytes.Contains(h, []byte("&amp; Co &lt;test&gt;")) {
			t.Error("title or escaping")
		}
		if !strings.Contains(page, "Не проверены и приняты по явному разрешению: статус отзыва сертификатов.") ||
			!strings.Contains(page, `<span class="waived">принято без проверки: статус отзыва сертификатов (revocation)</span>`) {
			t.Error("the waived revocation check is not marked")
		}
		dec := xml.NewDecoder(bytes.NewReader(x))
		n := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			var values []string
			switch tk := tok.(type) {
			case xml.CharData:
				values = append(values, strings.TrimSpace(string(tk)))
			case xml.StartElement:
				for _, at := range tk.Attr {
					if at.Name.Local != "xmlns" && at.Name.Local != "version" {
						values = append(values, at.Value)
					}
				}
			}
			for _, val := range values {
				if val == "" {
					continue
				}
				n++
				if !strings.Contains(page, val) {
					t.Errorf("%s: value %q of the XML is not in the print form", v, val)
				}
			}
		}
		if n < 30 {
			t.Errorf("only %d values checked", n)
		}
		if v == VariantRepresentative && os.Getenv("PRINT_HTML") != "" {
			_ = os.WriteFile(os.Getenv("PRINT_HTML"), h, 0o644)
		}
	}
}
