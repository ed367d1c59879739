package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/check"
)

// ui writes text for people: aligned columns, ANSI colour only when the
// output is a terminal and NO_COLOR is not set.
type ui struct {
	w     io.Writer
	color bool
}

func newUI(w io.Writer) *ui { return &ui{w: w, color: colorEnabled(w)} }

// colorEnabled reports whether w is a terminal that should get colour.
func colorEnabled(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

func (u *ui) paint(code, s string) string {
	if !u.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (u *ui) printf(format string, a ...any) { fmt.Fprintf(u.w, format, a...) }

// title prints a bold heading line.
func (u *ui) title(s string) { u.printf("%s\n", u.paint(ansiBold, s)) }

// field is one "label  value" line of a header block.
type field struct{ label, value string }

// fields prints label/value pairs with the values aligned.
func (u *ui) fields(fs []field) {
	w := 0
	for _, f := range fs {
		w = max(w, utf8.RuneCountInString(f.label))
	}
	for _, f := range fs {
		if f.value == "" {
			continue
		}
		u.printf("  %s%s  %s\n", f.label, pad(f.label, w), f.value)
	}
}

// pad returns the spaces that widen s to w runes.
func pad(s string, w int) string {
	n := w - utf8.RuneCountInString(s)
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

// verdict renders an outcome in colour: good is green, otherwise red.
func (u *ui) verdict(good bool, ru, en string) string {
	s := strings.ToUpper(ru) + " (" + en + ")"
	if good {
		return u.paint(ansiGreen+ansiBold, s)
	}
	return u.paint(ansiRed+ansiBold, s)
}

// mark renders a status tag.
func (u *ui) mark(s check.Status) string {
	switch s {
	case check.Fail:
		return u.paint(ansiRed, "✗")
	case check.Warn:
		return u.paint(ansiYellow, "!")
	case check.Indeterminate:
		return u.paint(ansiYellow, "?")
	case check.Pass:
		return u.paint(ansiGreen, "✓")
	}
	return u.paint(ansiDim, "–")
}

// results prints check results grouped by status (failures first, then
// checks that could not be decided, warnings, passed checks); skipped
// checks are counted, and so are passed checks unless verbose. All but the
// passed ones show their technical detail on a second line.
func (u *ui) results(rs check.Results, verbose bool) {
	w := 0
	for _, r := range rs {
		if r.Status != check.Skip {
			w = max(w, len(r.ID))
		}
	}
	for _, sec := range []struct {
		st    check.Status
		title string
	}{{check.Fail, "Ошибки / failed"}, {check.Indeterminate, "Не удалось проверить / indeterminate"},
		{check.Warn, "Предупреждения / warnings"}, {check.Pass, "Пройдено / passed"}} {
		n := rs.Count(sec.st)
		if n == 0 {
			continue
		}
		if sec.st == check.Pass && !verbose {
			u.printf("\n%s: %d (--verbose: список / list them)\n", u.paint(ansiBold, sec.title), n)
			continue
		}
		u.printf("\n%s (%d):\n", u.paint(ansiBold, sec.title), n)
		for _, r := range rs {
			if r.Status != sec.st {
				continue
			}
			u.printf("  %s %s%s  %s\n", u.mark(r.Status), r.ID, pad(r.ID, w), r.Message)
			if r.Detail != "" && r.Status != check.Pass {
				u.printf("    %s  %s\n", strings.Repeat(" ", w), u.paint(ansiDim, r.Detail))
			}
		}
	}
	if n := rs.Count(check.Skip); n > 0 {
		u.printf("\nНе применялось / skipped: %d\n", n)
	}
}

// firstFailure returns the first failed result, if any.
func firstFailure(rs check.Results) (check.Result, bool) {
	for _, r := range rs {
		if r.Status == check.Fail {
			return r, true
		}
	}
	return check.Result{}, false
}
