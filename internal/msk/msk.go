// Package msk is the module's one Moscow time zone and the date formats
// shown to people. Legal dates (the term of a power of attorney, the
// cut-over dates of 63-ФЗ, the review deadline) are Moscow dates; Moscow
// time is UTC+3 without daylight saving since 26.10.2014.
package msk

import "time"

// Zone is Moscow time, a fixed UTC+3 zone.
var Zone = time.FixedZone("MSK", 3*60*60)

// Midnight returns 00:00 Moscow time of the given day.
func Midnight(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, Zone)
}

// Date formats t as a Moscow date, "02.01.2006".
func Date(t time.Time) string { return t.In(Zone).Format("02.01.2006") }

// DateTime formats t as Moscow date and time to the minute,
// "02.01.2006 15:04 МСК".
func DateTime(t time.Time) string { return t.In(Zone).Format("02.01.2006 15:04") + " МСК" }

// DateTimeSeconds formats t as Moscow date and time to the second,
// "02.01.2006 15:04:05 МСК".
func DateTimeSeconds(t time.Time) string { return t.In(Zone).Format("02.01.2006 15:04:05") + " МСК" }
