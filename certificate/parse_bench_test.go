package certificate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/egisz-lk/registrar/certificate"
)

// BenchmarkParseCertificate parses the fixture end-entity certificate
// (certs/employee-fl.pem, PEM) as an upload is parsed.
func BenchmarkParseCertificate(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "fixtures", "certs", "employee-fl.pem"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := certificate.ParseOne(data); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := certificate.ParseOne(data); err != nil {
			b.Fatal(err)
		}
	}
}
