package application

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
)

// FuzzParseEGRULFile: ParseEGRULFile never panics; an error is one
// *EGRULFileError of exactly one class with an offset inside the input and
// a Russian message; an accepted file's records are valid, survive a round
// trip through JSON and are found by their ИНН and ОГРН.
func FuzzParseEGRULFile(f *testing.F) {
	r := rand.New(rand.NewPCG(14, 14))
	head := synthRecord(r, false)
	head.Organisation.Name, head.Head.Surname, head.Head.GivenName, head.Head.Position = "О", "Ф", "И", ""
	head.Head.Patronymic = ""
	mgr := synthRecord(r, true)
	mgr.Organisation.Name, mgr.ManagingOrganisation.Name, mgr.ManagingOrganisation.Head = "О", "У", nil
	mgr.Status = EGRULLiquidating
	for _, seed := range [][]byte{
		mustJSON(f, head),
		mustJSON(f, []EGRULRecord{head, mgr}),
		[]byte(`[]`),
		[]byte(`{"organisation":{"name":"x","inn":"1","ogrn":"2"},"status":"unknown"}`),
		[]byte(`[{"head":{"snils":"1"},"head":{}}]`),
		[]byte("\xEF\xBB\xBF[null]"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseEGRULFile(data)
		if err != nil {
			var fe *EGRULFileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not an *EGRULFileError", err, err)
			}
			n := 0
			for _, class := range []error{ErrEGRULTooLarge, ErrEGRULSyntax, ErrEGRULFormat, ErrEGRULInvalid} {
				if errors.Is(err, class) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("error %v has %d classes", err, n)
			}
			if fe.Offset > int64(len(data)) || fe.MessageRU() == "" || file.Records != nil {
				t.Fatalf("error %v: offset %d of %d bytes, message %q, records %v", err, fe.Offset, len(data), fe.MessageRU(), file.Records)
			}
			return
		}
		if len(file.Records) == 0 || len(file.Records) > MaxEGRULRecords {
			t.Fatalf("%d records", len(file.Records))
		}
		for i := range file.Records {
			rec := &file.Records[i]
			if err := rec.Validate(); err != nil {
				t.Fatalf("record %d accepted but invalid: %v", i, err)
			}
			got, err := file.Record(context.Background(), EGRULQuery{INN: rec.Organisation.INN, OGRN: rec.Organisation.OGRN})
			if err != nil || got == nil || !reflect.DeepEqual(*got, *rec) {
				t.Fatalf("record %d not found by its identifiers: %v", i, err)
			}
		}
		b, err := json.Marshal(file.Records)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseEGRULFile(b)
		if err != nil || !reflect.DeepEqual(again.Records, file.Records) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
