package msk

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 12, 31, 21, 5, 9, 0, time.UTC) // 1 January 2026, 00:05:09 in Moscow
	if got := Date(at); got != "01.01.2026" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(at); got != "01.01.2026 00:05 МСК" {
		t.Errorf("DateTime = %q", got)
	}
	if got := DateTimeSeconds(at); got != "01.01.2026 00:05:09 МСК" {
		t.Errorf("DateTimeSeconds = %q", got)
	}
	if m := Midnight(2026, time.January, 1); !m.Equal(time.Date(2025, 12, 31, 21, 0, 0, 0, time.UTC)) {
		t.Errorf("Midnight = %v", m.UTC())
	}
}

// TestZoneAgreesWithTZDatabase uses the system's time-zone database as the
// oracle for the dates this module handles (after the 2014 change).
func TestZoneAgreesWithTZDatabase(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Skipf("no time-zone database: %v", err)
	}
	for at := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2031; at = at.Add(97 * 24 * time.Hour) {
		_, want := at.In(loc).Zone()
		if _, got := at.In(Zone).Zone(); got != want {
			t.Fatalf("%v: offset %d, tz database %d", at, got, want)
		}
	}
}
