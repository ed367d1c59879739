package application

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/check"
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

// calendar2028 is a provisional 2028: Labour Code holidays, 4 November (a
// Saturday) moved to Monday 6 November, and a working Saturday for the
// test.
const calendar2028 = `# test calendar
year 2028 provisional ТК РФ, ст. 112
off 2028-01-03 2028-01-04 2028-01-05 2028-01-06 2028-01-07
off 2028-02-23 2028-03-08 2028-05-01 2028-05-09 2028-06-12 2028-11-06
work 2028-01-15
`

func mustCalendar(t *testing.T, text string) *ProductionCalendar {
	t.Helper()
	c, err := ParseCalendar([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCalendarWith(t *testing.T) {
	t.Parallel()
	base := RussianCalendar()
	extra := mustCalendar(t, calendar2028)
	// An official 2027 replacing the provisional one: 31 December off,
	// 13 November (a Saturday) working.
	official2027 := mustCalendar(t, "year 2027 official test decree\noff 2027-01-01 2027-12-31\nwork 2027-11-13\n")
	tests := []struct {
		name    string
		cal     *ProductionCalendar
		years   []int
		working map[time.Time]bool
		info    map[int]bool // provisional by year
	}{
		{"embedded", base, []int{2024, 2025, 2026, 2027}, map[time.Time]bool{day(2027, 12, 31): true}, map[int]bool{2027: true}},
		{"extended with 2028", base.With(extra), []int{2024, 2025, 2026, 2027, 2028},
			map[time.Time]bool{day(2028, 1, 3): false, day(2028, 1, 10): true, day(2028, 11, 6): false, day(2028, 1, 15): true,
				day(2028, 1, 16): false, day(2025, 6, 13): false, day(2027, 12, 31): true},
			map[int]bool{2027: true, 2028: true}},
		{"2027 replaced", base.With(official2027), []int{2024, 2025, 2026, 2027},
			map[time.Time]bool{day(2027, 12, 31): false, day(2027, 11, 13): true, day(2027, 5, 3): true, day(2027, 1, 1): false},
			map[int]bool{2027: false}},
		{"nil other", base.With(nil), []int{2024, 2025, 2026, 2027}, map[time.Time]bool{day(2025, 6, 13): false}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.cal.Years(); !slices.Equal(got, tt.years) {
				t.Errorf("years %v, want %v", got, tt.years)
			}
			for d, want := range tt.working {
				if got := tt.cal.IsWorkingDay(d); got != want {
					t.Errorf("%s: working %v, want %v", d.Format(time.DateOnly), got, want)
				}
			}
			for y, prov := range tt.info {
				if info, ok := tt.cal.Year(y); !ok || info.Provisional != prov {
					t.Errorf("%d: %+v", y, info)
				}
			}
		})
	}
	// With changes neither calendar.
	if base.Covers(2028) || !base.IsWorkingDay(day(2027, 12, 31)) || extra.Covers(2027) {
		t.Error("With modified its inputs")
	}
}

func TestCheckReviewDeadline(t *testing.T) {
	t.Parallel()
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, msk.Zone) }
	extended := RussianCalendar().With(mustCalendar(t, calendar2028))
	tests := []struct {
		name      string
		submitted time.Time
		decided   time.Time
		cal       Calendar
		due       time.Time // zero: none
		status    check.Status
		outcome   string
		says      string
	}{
		{"in time", at(2025, 6, 2, 10), at(2025, 6, 5, 23), RussianCalendar(), at(2025, 6, 5, 23).Add(59*time.Minute + 59*time.Second),
			check.Pass, "", "Решение по заявке — не позднее 05.06.2025 23:59:59 МСК (3 рабочих дня после дня подачи 02.06.2025 10:00 МСК)"},
		{"not compared", at(2025, 6, 2, 10), time.Time{}, RussianCalendar(), at(2025, 6, 5, 23).Add(59*time.Minute + 59*time.Second), check.Pass, "", ""},
		{"overdue", at(2025, 6, 2, 10), at(2025, 6, 6, 0), RussianCalendar(), at(2025, 6, 5, 23).Add(59*time.Minute + 59*time.Second),
			check.Warn, "", "Срок рассмотрения заявки истёк: решение нужно было принять не позднее 05.06.2025 23:59:59 МСК"},
		{"2028 not covered", at(2027, 12, 30, 10), time.Time{}, RussianCalendar(), time.Time{}, check.Indeterminate, "calendar-not-covered",
			"производственный календарь не охватывает 2028 год. Передайте производственный календарь на 2028 год"},
		{"2028 supplied", at(2027, 12, 30, 10), time.Time{}, extended, at(2028, 1, 11, 23).Add(59*time.Minute + 59*time.Second), check.Pass, "", "11.01.2028"},
		{"no calendar", at(2025, 6, 2, 10), time.Time{}, nil, time.Time{}, check.Indeterminate, "no-calendar", "не передан производственный календарь"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			due, r := CheckReviewDeadline(tt.submitted, tt.decided, tt.cal)
			if !due.Equal(tt.due) || r.ID != "APP-REVIEW-DEADLINE" || r.Status != tt.status || r.Outcome != tt.outcome ||
				!strings.Contains(r.Message, tt.says) {
				t.Errorf("%v %v", due, r)
			}
			if r.Status == check.Indeterminate && r.SubIndication != check.MissingInput {
				t.Errorf("sub-indication %q", r.SubIndication)
			}
			if len(registry.Unknown(check.Results{r})) > 0 {
				t.Errorf("not registered: %v", registry.Unknown(check.Results{r}))
			}
		})
	}
}

func TestApplicationReviewDeadlineCheck(t *testing.T) {
	t.Parallel()
	submitted := time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC) // Monday 10:00 МСК
	due := time.Date(2025, 6, 5, 23, 59, 59, 0, msk.Zone)
	app := func(decide func(*Application) error, at time.Time) *Application {
		a := mustBuild(t, testInput(VariantHead))
		mustSave(t, a)
		a.Lifecycle.State = StateSigned // the signature itself is tested elsewhere
		a.SetClock(func() time.Time { return submitted })
		if err := a.Submit(); err != nil {
			t.Fatal(err)
		}
		if decide != nil {
			a.SetClock(func() time.Time { return at })
			if err := decide(a); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}
	draft := mustBuild(t, testInput(VariantHead))
	tests := []struct {
		name   string
		a      *Application
		now    time.Time
		status check.Status
		due    time.Time
	}{
		{"draft", draft, due, check.Skip, time.Time{}},
		{"submitted, in time", app(nil, time.Time{}), due, check.Pass, due},
		{"submitted, overdue", app(nil, time.Time{}), due.Add(time.Second), check.Warn, due},
		{"approved in time, checked later", app((*Application).Approve, due), due.AddDate(0, 1, 0), check.Pass, due},
		{"rejected late", app(func(a *Application) error { return a.Reject("test") }, due.Add(time.Minute)), due, check.Warn, due},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, r := tt.a.ReviewDeadlineCheck(tt.now, RussianCalendar())
			if r.Status != tt.status || !got.Equal(tt.due) {
				t.Errorf("%v %v", got, r)
			}
		})
	}
	// A calendar gap does not stop the lifecycle view.
	late := mustBuild(t, testInput(VariantHead))
	mustSave(t, late)
	late.Lifecycle.State = StateSigned
	late.SetClock(func() time.Time { return time.Date(2027, 12, 30, 9, 0, 0, 0, time.UTC) })
	if err := late.Submit(); err != nil {
		t.Fatal(err)
	}
	if _, err := late.Deadline(RussianCalendar()); !errors.Is(err, ErrCalendarNotCovered) {
		t.Errorf("Deadline: %v", err)
	}
	if _, r := late.ReviewDeadlineCheck(time.Time{}, RussianCalendar()); r.Status != check.Indeterminate || r.Outcome != "calendar-not-covered" {
		t.Errorf("%v", r)
	}
}

func TestParseCalendarSize(t *testing.T) {
	t.Parallel()
	big := append([]byte("year 2030 official x\n"), bytes.Repeat([]byte("# padding\n"), MaxCalendarSize/10)...)
	if _, err := ParseCalendar(big); err == nil {
		t.Error("accepted more than MaxCalendarSize bytes")
	}
	if _, err := ParseCalendar(big[:MaxCalendarSize]); err != nil {
		t.Errorf("MaxCalendarSize bytes: %v", err)
	}
}

func FuzzParseCalendar(f *testing.F) {
	f.Add([]byte(calendar2028))
	f.Add([]byte("year 2030 official x\noff 2030-01-01\nwork 2030-01-05\n"))
	f.Add([]byte("year 2024 official src\noff 2024-01-06"))
	f.Add([]byte("off 2024-01-01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCalendar(data)
		if err != nil {
			if c != nil {
				t.Fatal("a calendar with an error")
			}
			return
		}
		years := c.Years()
		if len(years) == 0 {
			t.Fatal("a calendar without years")
		}
		for _, y := range years {
			if !c.Covers(y) {
				t.Fatalf("%d listed but not covered", y)
			}
		}
		for d := range c.off {
			if c.IsWorkingDay(time.Date(d.y, d.m, d.d, 12, 0, 0, 0, msk.Zone)) || !c.Covers(d.y) {
				t.Fatalf("off %v", d)
			}
		}
		for d := range c.work {
			if !c.IsWorkingDay(time.Date(d.y, d.m, d.d, 12, 0, 0, 0, msk.Zone)) || !c.Covers(d.y) {
				t.Fatalf("work %v", d)
			}
		}
		// A deadline in the first covered year is computed or reports
		// the year it misses; the check never fails.
		first := time.Date(years[0], 6, 1, 10, 0, 0, 0, msk.Zone)
		if _, err := ReviewDeadline(first, c); err != nil && !errors.Is(err, ErrCalendarNotCovered) {
			t.Fatal(err)
		}
		if _, r := CheckReviewDeadline(first, time.Time{}, c); r.Status == check.Fail {
			t.Fatal(r)
		}
		merged := RussianCalendar().With(c)
		for _, y := range years {
			if !merged.Covers(y) {
				t.Fatalf("With lost %d", y)
			}
		}
	})
}
