package access_test

import (
	"context"
	"testing"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/check"
)

// BenchmarkBuild: Build and Marshal of a grant (the bytes to sign).
func BenchmarkBuild(b *testing.B) {
	w := getWorld(b)
	in := w.grantInput("5a5a5a5a-0000-4000-8000-000000000001")
	b.ReportAllocs()
	for b.Loop() {
		r, err := access.Build(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify: Verify of a signed grant with every fact given
// (registration, ЕСИА account, register, registry, GOST chain).
func BenchmarkVerify(b *testing.B) {
	w := getWorld(b)
	r := build(b, w.grantInput("5a5a5a5a-0000-4000-8000-000000000001"))
	data, err := r.ExportForSigning()
	if err != nil {
		b.Fatal(err)
	}
	in := access.Received{Stored: data, Signature: sign(b, data, w.set.EmployeeFL)}
	opts := w.options(&access.Memory{})
	ctx := context.Background()
	if res := access.Verify(ctx, in, opts); res.Indication != check.IndicationPassed {
		b.Fatalf("%s: %v", res.Indication, res.Checks.With(check.Fail))
	}
	b.ReportAllocs()
	for b.Loop() {
		access.Verify(ctx, in, opts)
	}
}
