package mchd_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/mchd"
)

func Example() {
	// Build a synthetic МЧД (synthetic identities from a seeded source),
	// then parse and validate it as an uploaded file would be.
	r := rand.New(rand.NewPCG(1, 2))
	spec := mchd.SyntheticSpec(r, mchd.ShapeHead, mchd.MustDate("2025-01-01"), mchd.MustDate("2026-01-01"))
	data, err := mchd.Build(spec)
	if err != nil {
		panic(err)
	}
	doc, err := mchd.Parse(data, mchd.ParseOptions{})
	if err != nil {
		panic(err)
	}
	results := mchd.Validate(doc, mchd.ValidateOptions{
		At:       time.Date(2025, 6, 1, 9, 0, 0, 0, mchd.Moscow),
		FileName: doc.FileID + ".xml",
	})
	fmt.Println("principal:", doc.Principal().RussianOrg.Org.Name)
	fmt.Println("head:", doc.Head().Details.Name)
	fmt.Println("representative:", doc.Representatives()[0].Person.Details.Name)
	m, _ := doc.FindPower(mchd.DefaultPowerCode)
	fmt.Println("power found in:", m.Field)
	fmt.Println("failed:", results.Failed(), "warnings:", results.Count(check.Warn))
	// Output:
	// principal: ГБУЗ "ТЕСТОВАЯ БОЛЬНИЦА" (СИНТЕТИКА)
	// head: ИВАНОВ ИВАН ИВАНОВИЧ
	// representative: ПЕТРОВА АННА СЕРГЕЕВНА
	// power found in: КодПолн
	// failed: false warnings: 0
}

func ExampleParse_legacy() {
	_, err := mchd.Parse([]byte(`<?xml version="1.0" encoding="UTF-8"?><Доверенность ВерсФорм="002"/>`), mchd.ParseOptions{})
	var pe *mchd.ParseError
	if errorsAs(err, &pe) {
		fmt.Println(pe.MessageRU)
	}
	// Output:
	// МЧД в формате 002 (или 001) не поддерживается для регистрации в ЛК ЕГИСЗ; оформите доверенность в едином формате 003 (EMCHD_1)
}

func ExampleBuild() {
	r := rand.New(rand.NewPCG(7, 7))
	spec := mchd.SyntheticSpec(r, mchd.ShapeEntrepreneur, mchd.MustDate("2025-03-01"), mchd.MustDate("2026-02-28"))
	data, err := mchd.Build(spec)
	if err != nil {
		panic(err)
	}
	doc, _ := mchd.Parse(data, mchd.ParseOptions{})
	fmt.Println(string(data[:38]))
	fmt.Println(doc.FileID == "ON_EMCHD_20250301_"+spec.Number, doc.Principal().Type)
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// true 3
}

func errorsAs(err error, target **mchd.ParseError) bool {
	pe, ok := err.(*mchd.ParseError)
	if ok {
		*target = pe
	}
	return ok
}
