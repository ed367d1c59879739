package application_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/check"
)

// ExampleParseEGRULFile reads a file of two SYNTHETIC ЕГРЮЛ records — a
// clinic headed by a person and a clinic run by a managing organisation —
// and looks them up by ИНН and by ОГРН, as a check of the upload would.
func ExampleParseEGRULFile() {
	data := []byte(`[
  {
    "organisation": {"name": "ООО «Клиника-Синтетика»", "inn": "9900000017", "ogrn": "1999900000010"},
    "status": "active",
    "head": {"surname": "Образцов", "given_name": "Олег", "patronymic": "Олегович",
             "snils": "900-000-001 82", "inn": "990000000115", "position": "Главный врач"}
  },
  {
    "organisation": {"name": "ООО «Клиника-Синтетика-2»", "inn": "9900000024", "ogrn": "1999900000021"},
    "status": "liquidating",
    "managing_organisation": {"name": "АО «УК-Синтетика»", "inn": "9900000017", "ogrn": "1999900000010",
      "head": {"surname": "Образцов", "given_name": "Олег", "snils": "900-000-001 82"}}
  }
]`)
	file, err := application.ParseEGRULFile(data)
	if err != nil {
		fmt.Println(check.MessageRU(err, ""))
		return
	}
	var src application.EGRUL = file
	for _, q := range []application.EGRULQuery{{INN: "9900000017"}, {OGRN: "1999900000021"}, {INN: "9900000031"}} {
		rec, err := src.Record(context.Background(), q)
		switch {
		case err != nil:
			fmt.Println(err)
		case rec == nil:
			fmt.Println(q.INN, "— нет записи")
		case rec.ManagingOrganisation != nil:
			fmt.Printf("%s — %s, управляющая организация %s\n", rec.Organisation.Name, rec.Status.Russian(), rec.ManagingOrganisation.Name)
		default:
			fmt.Printf("%s — %s, руководитель %s %s\n", rec.Organisation.Name, rec.Status.Russian(), rec.Head.Surname, rec.Head.Position)
		}
	}

	// A wrong control digit is refused with the record and field.
	_, err = application.ParseEGRULFile([]byte(`{"organisation": {"name": "ООО «Икс»", "inn": "9900000018", "ogrn": "1999900000010"},
  "head": {"surname": "Образцов", "given_name": "Олег", "snils": "900-000-001 82"}}`))
	fmt.Println(errors.Is(err, application.ErrEGRULInvalid), check.MessageRU(err, ""))
	// Output:
	// ООО «Клиника-Синтетика» — действующее, руководитель Образцов Главный врач
	// ООО «Клиника-Синтетика-2» — в стадии ликвидации, управляющая организация АО «УК-Синтетика»
	// 9900000031 — нет записи
	// true Запись 1: поле organisation.inn: неверное контрольное число ИНН юридического лица
}
