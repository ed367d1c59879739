package application_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/egisz-lk/registrar/application"
)

// A caller supplies the production calendar of a year the embedded one
// does not cover (here a provisional 2028) and joins it with the default.
func ExampleProductionCalendar_With() {
	file := []byte(`# Производственный календарь на 2028 год (до постановления о переносе)
year 2028 provisional ТК РФ, ст. 112
off 2028-01-03 2028-01-04 2028-01-05 2028-01-06 2028-01-07
off 2028-02-23 2028-03-08 2028-05-01 2028-05-09 2028-06-12 2028-11-06
`)
	submitted := time.Date(2027, 12, 30, 10, 0, 0, 0, time.FixedZone("MSK", 3*60*60))
	_, err := application.ReviewDeadline(submitted, application.RussianCalendar())
	fmt.Println(errors.Is(err, application.ErrCalendarNotCovered))

	extra, err := application.ParseCalendar(file)
	if err != nil {
		panic(err)
	}
	cal := application.RussianCalendar().With(extra)
	due, err := application.ReviewDeadline(submitted, cal)
	if err != nil {
		panic(err)
	}
	fmt.Println(cal.Years(), due.Format("2006-01-02 15:04:05 MST"))
	// Output:
	// true
	// [2024 2025 2026 2027 2028] 2028-01-11 23:59:59 MSK
}

// In a report the deadline is a check: a year the calendar does not cover
// makes it indeterminate instead of stopping the report.
func ExampleCheckReviewDeadline() {
	submitted := time.Date(2027, 12, 30, 10, 0, 0, 0, time.FixedZone("MSK", 3*60*60))
	_, r := application.CheckReviewDeadline(submitted, time.Time{}, application.RussianCalendar())
	fmt.Println(r.ID, r.Status, r.SubIndication, r.Outcome)
	// Output:
	// APP-REVIEW-DEADLINE indeterminate MISSING_INPUT calendar-not-covered
}
