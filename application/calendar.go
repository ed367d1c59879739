package application

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
)

// Calendar tells working days from days off.
type Calendar interface {
	// IsWorkingDay reports whether the civil date of date (its year, month
	// and day in its own location) is a working day.
	IsWorkingDay(date time.Time) bool
	// Covers reports whether the calendar has data for the year; outside
	// the covered years IsWorkingDay only knows Saturdays and Sundays.
	Covers(year int) bool
}

// civil is a calendar date.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// YearInfo describes the data of one year of a ProductionCalendar.
type YearInfo struct {
	Year int
	// Provisional is set when the Government decree on the transfer of
	// days off for the year has not been confirmed: the data then follows
	// the Labour Code (art. 112) only.
	Provisional bool
	// Source names the decree or the norm the data comes from.
	Source string
}

// ProductionCalendar is the Russian production calendar for a five-day week:
// weekends, public holidays (Трудовой кодекс РФ, ст. 112) and the transfers
// of days off by Government decrees.
type ProductionCalendar struct {
	years map[int]YearInfo
	off   map[civil]bool // non-working Monday–Friday
	work  map[civil]bool // working Saturday or Sunday
}

//go:embed calendar_ru.txt
var calendarData []byte

var russian = mustParseCalendar(calendarData)

// RussianCalendar returns the embedded production calendar for 2024–2027:
//
//   - 2024: Постановление Правительства РФ от 10.08.2023 № 1314;
//   - 2025: Постановление Правительства РФ от 04.10.2024 № 1335;
//   - 2026: Постановление Правительства РФ от 24.09.2025 (transfers of
//     3 and 4 January to 9 January and 31 December; its number was not
//     confirmed) plus the automatic transfers of art. 112;
//   - 2027: provisional — Labour Code art. 112 holidays and automatic
//     transfers only, because the decree for 2027 could not be confirmed;
//     the transfers of 2 and 3 January are not applied.
//
// Replace it when a new decree is published (see calendar_ru.txt).
func RussianCalendar() *ProductionCalendar { return russian }

func mustParseCalendar(data []byte) *ProductionCalendar {
	c, err := ParseCalendar(data)
	if err != nil {
		panic(err)
	}
	return c
}

// MaxCalendarSize bounds the input of ParseCalendar (the embedded
// calendar of four years is about 4 KiB).
const MaxCalendarSize = 1 << 20

// ParseCalendar reads a production calendar in the format of the embedded
// one (see the package documentation, "Production calendar file"): UTF-8
// text of lines; "year YYYY official|provisional source…" opens a year,
// then "off" lines list its non-working Mondays–Fridays and "work" lines its
// working Saturdays and Sundays, dates as YYYY-MM-DD within that year; "#"
// starts a comment line and blank lines are ignored. A year may appear
// once; a date once; an off date must be a weekday and a work date a
// weekend day. Errors name the line. The input is at most MaxCalendarSize
// bytes.
func ParseCalendar(data []byte) (*ProductionCalendar, error) {
	if len(data) > MaxCalendarSize {
		return nil, fmt.Errorf("calendar: %d bytes, at most %d", len(data), MaxCalendarSize)
	}
	c := &ProductionCalendar{years: map[int]YearInfo{}, off: map[civil]bool{}, work: map[civil]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line, year := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		bad := func(format string, args ...any) error {
			return fmt.Errorf("calendar line %d: %s", line, fmt.Sprintf(format, args...))
		}
		switch f[0] {
		case "year":
			if len(f) < 4 {
				return nil, bad("want: year YYYY official|provisional source")
			}
			y, err := strconv.Atoi(f[1])
			if err != nil || y < 1990 || y > 2200 {
				return nil, bad("bad year %q", f[1])
			}
			if _, dup := c.years[y]; dup {
				return nil, bad("year %d repeated", y)
			}
			if f[2] != "official" && f[2] != "provisional" {
				return nil, bad("status %q, want official or provisional", f[2])
			}
			year = y
			c.years[y] = YearInfo{Year: y, Provisional: f[2] == "provisional", Source: strings.Join(f[3:], " ")}
		case "off", "work":
			if year == 0 {
				return nil, bad("%s before any year", f[0])
			}
			for _, s := range f[1:] {
				t, err := time.Parse("2006-01-02", s)
				if err != nil {
					return nil, bad("date %q: %v", s, err)
				}
				if t.Year() != year {
					return nil, bad("date %s outside year %d", s, year)
				}
				weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
				d := civilOf(t)
				if c.off[d] || c.work[d] {
					return nil, bad("date %s repeated", s)
				}
				if f[0] == "off" {
					if weekend {
						return nil, bad("off %s is a %s; list only weekdays", s, t.Weekday())
					}
					c.off[d] = true
				} else {
					if !weekend {
						return nil, bad("work %s is a %s; list only Saturdays and Sundays", s, t.Weekday())
					}
					c.work[d] = true
				}
			}
		default:
			return nil, bad("unknown keyword %q", f[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(c.years) == 0 {
		return nil, errors.New("calendar: no years")
	}
	return c, nil
}

// IsWorkingDay reports whether the civil date of date is a working day.
func (c *ProductionCalendar) IsWorkingDay(date time.Time) bool {
	d := civilOf(date)
	if c.off[d] {
		return false
	}
	if c.work[d] {
		return true
	}
	wd := date.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Covers reports whether the year is in the calendar (provisional or not).
func (c *ProductionCalendar) Covers(year int) bool {
	_, ok := c.years[year]
	return ok
}

// Years returns the covered years in ascending order.
func (c *ProductionCalendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// With returns a new calendar with the years of c and of other; a year
// both cover is taken from other whole (its days off and working days
// replace c's). It is how a caller extends the embedded calendar with a
// year it does not cover, or replaces a provisional year once the decree
// is published: RussianCalendar().With(parsed). Neither calendar changes.
func (c *ProductionCalendar) With(other *ProductionCalendar) *ProductionCalendar {
	out := &ProductionCalendar{years: map[int]YearInfo{}, off: map[civil]bool{}, work: map[civil]bool{}}
	for _, src := range []*ProductionCalendar{c, other} {
		if src == nil {
			continue
		}
		for y, info := range src.years {
			out.years[y] = info
			for d := range out.off {
				if d.y == y {
					delete(out.off, d)
				}
			}
			for d := range out.work {
				if d.y == y {
					delete(out.work, d)
				}
			}
		}
		for d := range src.off {
			out.off[d] = true
		}
		for d := range src.work {
			out.work[d] = true
		}
	}
	return out
}

// Year returns the description of a covered year.
func (c *ProductionCalendar) Year(year int) (YearInfo, bool) {
	y, ok := c.years[year]
	return y, ok
}

// ReviewWorkingDays is the review period of an application: «не позднее 3
// рабочих дней» (instruction, step 2.4).
const ReviewWorkingDays = 3

// ErrCalendarNotCovered is returned when a deadline would need a year the
// calendar has no data for.
var ErrCalendarNotCovered = errors.New("application: the production calendar does not cover the year")

// ReviewDeadline returns the end of the review period of an application
// submitted at the instant submitted: the last second (23:59:59 Moscow
// time) of the 3rd working day after the submission day. The submission
// day itself never counts, whatever the hour and even if it is a working
// day; counting starts with the next working day in Moscow time. For
// example, submitted on Monday → due by the end of Thursday; on Friday or
// Saturday → by the end of Wednesday (if no holidays intervene). Every year
// touched must be covered by cal (ErrCalendarNotCovered otherwise); where
// the deadline feeds a report, a print form or a lifecycle view, use
// CheckReviewDeadline, which makes a missing year an indeterminate check
// instead of an error.
func ReviewDeadline(submitted time.Time, cal Calendar) (time.Time, error) {
	d, _, err := workingDaysAfter(submitted, ReviewWorkingDays, cal)
	return d, err
}

var errNilCalendar = errors.New("application: nil calendar")

// workingDaysAfter returns the end of the n-th working day after t's
// Moscow day and, when cal does not cover a year it needs, that year.
func workingDaysAfter(t time.Time, n int, cal Calendar) (time.Time, int, error) {
	if cal == nil {
		return time.Time{}, 0, errNilCalendar
	}
	m := t.In(msk.Zone)
	day := time.Date(m.Year(), m.Month(), m.Day(), 12, 0, 0, 0, msk.Zone)
	for count := 0; count < n; {
		day = day.AddDate(0, 0, 1)
		if !cal.Covers(day.Year()) {
			return time.Time{}, day.Year(), fmt.Errorf("%w: %d", ErrCalendarNotCovered, day.Year())
		}
		if cal.IsWorkingDay(day) {
			count++
		}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, msk.Zone), 0, nil
}

// ruleReviewDeadline reports the review deadline of a submitted
// application where it is shown (report, print form, lifecycle).
var ruleReviewDeadline = check.Rule{
	ID: "APP-REVIEW-DEADLINE", Title: "the review deadline (3 working days after submission) is known and not passed",
	Citation: citeAlgorithm + ", шаг 2.4 (заявка рассматривается не позднее 3 рабочих дней); " +
		"Трудовой кодекс РФ, ст. 112; постановления Правительства РФ о переносе выходных дней",
	Severity:    check.Warn,
	Message:     "Срок рассмотрения заявки истёк: решение нужно было принять не позднее %s (заявка подана %s)",
	PassMessage: "Решение по заявке — не позднее %s (3 рабочих дня после дня подачи %s)",
	Outcomes: []check.Outcome{
		{Code: "calendar-not-covered", Status: check.Indeterminate, SubIndication: check.MissingInput,
			Message: "Срок рассмотрения заявки, поданной %s, не рассчитан: производственный календарь не охватывает %d год. " +
				"Передайте производственный календарь на %[2]d год — текстовый файл: строка «year %[2]d official» (или provisional) " +
				"с названием постановления о переносе выходных дней, затем строки «off» с нерабочими буднями и «work» с рабочими " +
				"субботами и воскресеньями, даты в виде ГГГГ-ММ-ДД"},
		{Code: "no-calendar", Status: check.Indeterminate, SubIndication: check.MissingInput,
			Message: "Срок рассмотрения заявки не рассчитан: не передан производственный календарь"},
		{Code: "not-submitted", Status: check.Skip, Message: "Заявка не подана: срок рассмотрения ещё не начался"},
	},
}

// CheckReviewDeadline is ReviewDeadline as a check, for a report, a print
// form or a lifecycle view, which must not stop when the calendar does not
// cover a year: APP-REVIEW-DEADLINE passes with the deadline; warns when
// decided (the time of the decision, or now while there is none) is after
// it — a zero decided skips that comparison; and is indeterminate
// (MISSING_INPUT, outcome calendar-not-covered, saying which year and how
// to supply a calendar; no-calendar for a nil cal) with a zero deadline
// when it cannot be computed.
func CheckReviewDeadline(submitted, decided time.Time, cal Calendar) (time.Time, check.Result) {
	due, year, err := workingDaysAfter(submitted, ReviewWorkingDays, cal)
	switch {
	case errors.Is(err, errNilCalendar):
		return time.Time{}, ruleReviewDeadline.Outcome("no-calendar", "nil calendar")
	case err != nil:
		return time.Time{}, ruleReviewDeadline.Outcome("calendar-not-covered", err.Error(), msk.DateTime(submitted), year)
	}
	detail := fmt.Sprintf("submitted %s, due %s", submitted.UTC().Format(time.RFC3339), due.UTC().Format(time.RFC3339))
	if !decided.IsZero() && decided.After(due) {
		return due, ruleReviewDeadline.Violated(detail+", decided or checked "+decided.UTC().Format(time.RFC3339),
			msk.DateTimeSeconds(due), msk.DateTime(submitted))
	}
	return due, ruleReviewDeadline.Passed(detail, msk.DateTimeSeconds(due), msk.DateTime(submitted))
}

// ReviewDeadlineCheck is CheckReviewDeadline for the application: skipped
// (outcome not-submitted) before it is submitted; after a decision
// (approved or rejected) the decision's time is compared with the
// deadline, before one now is (zero now: not compared).
func (a *Application) ReviewDeadlineCheck(now time.Time, cal Calendar) (time.Time, check.Result) {
	submitted, ok := a.SubmittedAt()
	if !ok {
		return time.Time{}, ruleReviewDeadline.Outcome("not-submitted", "state "+a.Lifecycle.State.String())
	}
	decided := now
	switch a.Lifecycle.State {
	case StateApproved, StateRejected:
		decided, _ = a.Lifecycle.At(a.Lifecycle.State)
	}
	return CheckReviewDeadline(submitted, decided, cal)
}

// Overdue reports whether a decision at now would be late for an
// application submitted at submitted.
func Overdue(submitted, now time.Time, cal Calendar) (bool, error) {
	d, err := ReviewDeadline(submitted, cal)
	if err != nil {
		return false, err
	}
	return now.After(d.Add(time.Second - 1)), nil
}
