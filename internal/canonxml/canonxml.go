// Package canonxml writes the canonical XML of the library's own formats —
// the application (package application) and the access request (package
// access): UTF-8, LF line ends, two-space indentation, elements in the
// order written, attributes as given, characters escaped so that the bytes
// read back the same; and it owns the rule for the free text those formats
// carry (ValidText) and for their times and dates (TimeLayout, CheckTime).
// Both formats are signed as bytes, so one writer keeps them byte-stable in
// the same way.
package canonxml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The layouts of times and dates in the formats: a time is UTC to the
// second, a date has no time of day.
const (
	TimeLayout = "2006-01-02T15:04:05Z"
	DateLayout = "2006-01-02"
)

// Writer builds one document; the zero value is ready. A document starts
// with Declaration.
type Writer struct {
	b     bytes.Buffer
	depth int
}

// Grow makes room for n more bytes.
func (w *Writer) Grow(n int) { w.b.Grow(n) }

// Declaration writes the XML declaration.
func (w *Writer) Declaration() { w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n") }

func (w *Writer) open() {
	for range w.depth {
		w.b.WriteString("  ")
	}
}

// Start opens element name with the attributes (name, value pairs).
func (w *Writer) Start(name string, attrs ...string) {
	w.open()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.attrs(attrs)
	w.b.WriteString(">\n")
	w.depth++
}

// End closes element name.
func (w *Writer) End(name string) {
	w.depth--
	w.open()
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// Empty writes <name attrs/>.
func (w *Writer) Empty(name string, attrs ...string) {
	w.open()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.attrs(attrs)
	w.b.WriteString("/>\n")
}

// Leaf writes <name attrs>text</name>; nothing when text is empty and
// optional.
func (w *Writer) Leaf(name, text string, optional bool, attrs ...string) {
	if optional && text == "" {
		return
	}
	w.open()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.attrs(attrs)
	w.b.WriteByte('>')
	escape(&w.b, text, false)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// Bytes returns the document written so far (not a copy).
func (w *Writer) Bytes() []byte { return w.b.Bytes() }

func (w *Writer) attrs(attrs []string) {
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		escape(&w.b, attrs[i+1], true)
		w.b.WriteByte('"')
	}
}

// escape writes s as character data (or an attribute value): markup
// characters as entities, and tab, LF and CR as character references so
// that no parser normalises them away.
func escape(b *bytes.Buffer, s string, attr bool) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			if attr {
				b.WriteString("&quot;")
			} else {
				b.WriteByte('"')
			}
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

// ValidText accepts 1..max characters of valid UTF-8 text without spaces at
// the ends, control characters, U+FFFE, U+FFFF or replacement characters:
// the free text (names, positions, numbers) the formats carry.
func ValidText(s string, max int) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("empty")
	case !utf8.ValidString(s):
		return errors.New("invalid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Errorf("%d characters, at most %d", n, max)
	}
	if s != strings.TrimSpace(s) {
		return errors.New("leading or trailing spaces")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' || r == utf8.RuneError {
			return fmt.Errorf("control or invalid character %U", r)
		}
	}
	return nil
}

// CheckTime appends to p why t cannot be written as a time of the formats
// (TimeLayout): not set, not UTC to the whole second, or a year that does
// not have four digits.
func CheckTime(p *[]string, what string, t time.Time) {
	switch {
	case t.IsZero():
		*p = append(*p, what+": not set")
	case t.Location() != time.UTC || t.Nanosecond() != 0:
		*p = append(*p, what+": not UTC whole seconds")
	case t.Year() < 1970 || t.Year() > 9999:
		*p = append(*p, what+": year out of range")
	}
}

// CheckDate is CheckTime for a date (DateLayout): also no time of day.
func CheckDate(p *[]string, what string, t time.Time) {
	CheckTime(p, what, t)
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
		*p = append(*p, what+": not a date")
	}
}
