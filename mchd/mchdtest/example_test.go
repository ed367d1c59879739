package mchdtest_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

// ExampleBuild builds a synthetic МЧД of an individual entrepreneur and
// reads it back with mchd.Parse, as an uploaded file would be.
func ExampleBuild() {
	r := rand.New(rand.NewPCG(7, 7))
	spec := mchdtest.Synthetic(r, mchd.ShapeEntrepreneur, mchd.MustDate("2025-03-01"), mchd.MustDate("2026-02-28"))
	data, err := mchdtest.Build(spec)
	if err != nil {
		panic(err)
	}
	doc, err := mchd.Parse(data, mchd.ParseOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(data[:38]))
	fmt.Println(doc.FileID == "ON_EMCHD_20250301_"+spec.Number, doc.Principal().Type)
	fmt.Println(doc.FileID == spec.FileID())
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// true 3
	// true
}

// ExampleSynthetic makes a synthetic МЧД of an organisation whose head acts
// without a power of attorney and checks it with the rules of package mchd.
func ExampleSynthetic() {
	r := rand.New(rand.NewPCG(1, 2))
	spec := mchdtest.Synthetic(r, mchd.ShapeHead, mchd.MustDate("2025-01-01"), mchd.MustDate("2026-01-01"))
	fmt.Println(spec.Organisation.Name)
	fmt.Println(spec.Head.Position, "—", spec.Head.Details.Name)
	fmt.Println("representative:", spec.Representative.Details.Name)

	data, err := mchdtest.Build(spec)
	if err != nil {
		panic(err)
	}
	doc, err := mchd.Parse(data, mchd.ParseOptions{})
	if err != nil {
		panic(err)
	}
	results := mchd.Validate(doc, mchd.ValidateOptions{
		At:              time.Date(2025, 6, 1, 9, 0, 0, 0, time.FixedZone("MSK", 3*60*60)),
		DocumentOptions: mchd.DocumentOptions{FileName: spec.FileID() + ".xml"},
	})
	fmt.Println("failed:", results.Failed(), "warnings:", results.Count(check.Warn))
	// Output:
	// ГБУЗ "ТЕСТОВАЯ БОЛЬНИЦА" (СИНТЕТИКА)
	// ГЛАВНЫЙ ВРАЧ — ИВАНОВ ИВАН ИВАНОВИЧ
	// representative: ПЕТРОВА АННА СЕРГЕЕВНА
	// failed: false warnings: 0
}
