package application

import (
	"errors"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"
)

func TestCalendarCoversCurrentYear(t *testing.T) {
	t.Parallel()
	y := time.Now().In(msk.Zone).Year()
	if !RussianCalendar().Covers(y) {
		t.Fatalf("the production calendar does not cover %d: add the Government decree on the transfer of days off to calendar_ru.txt", y)
	}
	if info, _ := RussianCalendar().Year(y); info.Provisional {
		t.Logf("warning: the calendar for %d is provisional (%s)", y, info.Source)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, msk.Zone) }

func TestCalendarYears(t *testing.T) {
	t.Parallel()
	cal := RussianCalendar()
	// Working days per year in the official production calendars (five-day
	// week): 2024 — 248, 2025 — 247, 2026 — 247; 2027 is provisional.
	want := map[int]int{2024: 248, 2025: 247, 2026: 247, 2027: 249}
	for y, n := range want {
		got := 0
		for d := day(y, 1, 1); d.Year() == y; d = d.AddDate(0, 0, 1) {
			if cal.IsWorkingDay(d) {
				got++
			}
		}
		if got != n {
			t.Errorf("%d: %d working days, want %d", y, got, n)
		}
		info, ok := cal.Year(y)
		if !ok || info.Source == "" || info.Provisional != (y == 2027) {
			t.Errorf("%d: %+v", y, info)
		}
		// Art. 112 holidays are never working days.
		for _, h := range []struct {
			m time.Month
			d int
		}{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8}, {2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4}} {
			if cal.IsWorkingDay(day(y, h.m, h.d)) {
				t.Errorf("%d-%02d-%02d is a holiday", y, h.m, h.d)
			}
		}
	}
	for _, y := range []int{2023, 2028} {
		if cal.Covers(y) {
			t.Errorf("covers %d", y)
		}
	}
	// Transferred Saturdays.
	for _, d := range []time.Time{day(2024, 4, 27), day(2024, 11, 2), day(2024, 12, 28), day(2025, 11, 1)} {
		if !cal.IsWorkingDay(d) {
			t.Errorf("%v is a working Saturday", d)
		}
	}
	for _, d := range []time.Time{day(2025, 5, 2), day(2025, 5, 8), day(2025, 6, 13), day(2025, 11, 3), day(2026, 1, 9), day(2026, 12, 31), day(2026, 3, 9), day(2026, 5, 11)} {
		if cal.IsWorkingDay(d) {
			t.Errorf("%v is a day off", d)
		}
	}
	if !cal.IsWorkingDay(day(2025, 2, 24)) || !cal.IsWorkingDay(day(2025, 3, 10)) {
		t.Error("2025-02-24 and 2025-03-10 are working days (holidays moved to May and June)")
	}
}

func TestReviewDeadline(t *testing.T) {
	t.Parallel()
	cal := RussianCalendar()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, msk.Zone) }
	tests := []struct {
		name      string
		submitted time.Time
		due       time.Time // the date of the last day
	}{
		{"Monday → Thursday", at(2025, 6, 2, 10, 0), day(2025, 6, 5)},
		{"Monday late evening", at(2025, 6, 2, 23, 59), day(2025, 6, 5)},
		{"Friday → Wednesday", at(2025, 6, 6, 9, 0), day(2025, 6, 11)},
		{"Saturday → Wednesday", at(2025, 6, 7, 9, 0), day(2025, 6, 11)},
		{"around 12 June 2025", at(2025, 6, 10, 9, 0), day(2025, 6, 17)},
		{"UTC evening is next Moscow day", time.Date(2025, 6, 1, 22, 0, 0, 0, time.UTC), day(2025, 6, 5)},
		{"New Year 2025", at(2024, 12, 27, 15, 0), day(2025, 1, 10)},
		{"working Saturday 28 Dec 2024 counts", at(2024, 12, 26, 15, 0), day(2025, 1, 9)},
		{"New Year 2026", at(2025, 12, 30, 15, 0), day(2026, 1, 14)},
		{"New Year 2026 from 31 Dec", at(2025, 12, 31, 15, 0), day(2026, 1, 14)},
		{"May 2025", at(2025, 4, 30, 10, 0), day(2025, 5, 7)},
		{"May 2024 with working Saturday 27 Apr", at(2024, 4, 26, 10, 0), day(2024, 5, 3)},
		{"working Saturday 2 Nov 2024", at(2024, 10, 31, 10, 0), day(2024, 11, 5)},
		{"working Saturday 1 Nov 2025", at(2025, 10, 30, 10, 0), day(2025, 11, 5)},
		{"23 Feb 2026", at(2026, 2, 20, 10, 0), day(2026, 2, 26)},
		{"May 2027 provisional", at(2027, 4, 30, 10, 0), day(2027, 5, 6)},
	}
	for _, tt := range tests {
		got, err := ReviewDeadline(tt.submitted, cal)
		want := time.Date(tt.due.Year(), tt.due.Month(), tt.due.Day(), 23, 59, 59, 0, msk.Zone)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, want)
		}
	}
	if _, err := ReviewDeadline(time.Date(2027, 12, 30, 10, 0, 0, 0, msk.Zone), cal); !errors.Is(err, ErrCalendarNotCovered) {
		t.Errorf("2028: %v", err)
	}
	if _, err := ReviewDeadline(time.Now(), nil); err == nil {
		t.Error("nil calendar")
	}
	sub := at(2025, 6, 2, 10, 0)
	for _, c := range []struct {
		now  time.Time
		late bool
	}{{at(2025, 6, 5, 23, 59), false}, {at(2025, 6, 6, 0, 0), true}} {
		if late, err := Overdue(sub, c.now, cal); err != nil || late != c.late {
			t.Errorf("Overdue at %v: %v %v", c.now, late, err)
		}
	}
}

func TestParseCalendarErrors(t *testing.T) {
	t.Parallel()
	bad := []string{
		"",
		"off 2024-01-01",
		"year 2024 official",
		"year 2024 maybe src",
		"year 2024 official src\nyear 2024 official src",
		"year 2024 official src\noff 2024-01-06",
		"year 2024 official src\nwork 2024-01-09",
		"year 2024 official src\noff 2025-01-09",
		"year 2024 official src\noff 2024-13-01",
		"year 2024 official src\noff 2024-01-09 2024-01-09",
		"year 2024 official src\nholiday 2024-01-09",
	}
	for _, s := range bad {
		if _, err := ParseCalendar([]byte(s)); err == nil {
			t.Errorf("accepted %q", s)
		}
	}
	c, err := ParseCalendar([]byte("# x\nyear 2030 provisional test\noff 2030-01-01\nwork 2030-01-05\n"))
	if err != nil || c.IsWorkingDay(day(2030, 1, 1)) || !c.IsWorkingDay(day(2030, 1, 5)) || c.IsWorkingDay(day(2030, 1, 6)) {
		t.Errorf("%v", err)
	}
}
