package mchdtest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/egisz-lk/registrar/internal/ident"
	"github.com/egisz-lk/registrar/mchd"
)

// Synthetic returns a Spec of the given shape filled with SYNTHETIC data
// (random identifiers with valid control digits, made-up names) from r, valid
// from issue to expiry. The same seed gives the same spec.
func Synthetic(r *rand.Rand, shape mchd.Shape, issue, expiry mchd.Date) Spec {
	person := func(last, first, middle, position string) Person {
		return Person{
			INN:      ident.RandomINN12(r).String(),
			SNILS:    ident.RandomSNILS(r).String(),
			Position: position,
			Details: Details{
				Name:      mchd.FullName{Last: last, First: first, Middle: middle},
				BirthDate: mchd.Date{Year: 1960 + r.IntN(40), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)},
			},
		}
	}
	org := func(name string) Org {
		return Org{
			Name: name,
			INN:  ident.RandomINN10(r).String(),
			KPP:  ident.RandomKPP(r).String(),
			OGRN: ident.RandomOGRN(r).String(),
		}
	}
	s := Spec{
		Shape:          shape,
		Number:         randomGUID(r),
		InternalNumber: fmt.Sprintf("СИНТ-%d", r.IntN(10000)),
		IssueDate:      issue,
		ExpiryDate:     expiry,
		Representative: person("ПЕТРОВА", "АННА", "СЕРГЕЕВНА", ""),
	}
	s.Representative.Details.Identity = &Identity{
		KindCode: "21", Number: "00 00 000000", IssuedOn: mchd.Date{Year: 2010, Month: 1, Day: 1},
		IssuedBy: "ТЕСТОВЫЙ ОРГАН", IssuerCode: "000-000",
	}
	switch shape {
	case mchd.ShapeHead:
		s.Organisation = org(`ГБУЗ "ТЕСТОВАЯ БОЛЬНИЦА" (СИНТЕТИКА)`)
		s.Organisation.Region = "77"
		s.Organisation.Address = "г. Москва, ул. Тестовая, д. 1"
		s.Head = person("ИВАНОВ", "ИВАН", "ИВАНОВИЧ", "ГЛАВНЫЙ ВРАЧ")
	case mchd.ShapeManagingOrganisation:
		s.Organisation = org(`ООО "ТЕСТОВАЯ КЛИНИКА" (СИНТЕТИКА)`)
		s.ManagingOrg = Managing{
			Org:     org(`АО "ТЕСТОВАЯ УПРАВЛЯЮЩАЯ КОМПАНИЯ" (СИНТЕТИКА)`),
			Persons: []Person{person("СИДОРОВ", "ПЁТР", "", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР")},
		}
	case mchd.ShapeEntrepreneur:
		s.Entrepreneur = Entrepreneur{
			OGRNIP:  ident.RandomOGRNIP(r).String(),
			INN:     ident.RandomINN12(r).String(),
			SNILS:   ident.RandomSNILS(r).String(),
			Details: Details{Name: mchd.FullName{Last: "КУЗНЕЦОВА", First: "МАРИЯ", Middle: "ПЕТРОВНА"}},
		}
	}
	return s
}

func randomGUID(r *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
