package mchd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"
)

// MaxStatusFileSize is the largest status file ParseStatusFile accepts:
// 8 MiB, about 130 000 entries of the usual width.
const MaxStatusFileSize = 8 << 20

// The classes of status file errors. Every error returned by
// ParseStatusFile is a *StatusFileError wrapping ErrStatusFile and one
// class: ErrEmpty, ErrTooLarge, ErrStatusFileSyntax or ErrStatusFileEntry.
var (
	// ErrStatusFile is wrapped by every status file error.
	ErrStatusFile = errors.New("mchd: bad status file")
	// ErrStatusFileSyntax: not a single JSON object whose values are
	// strings.
	ErrStatusFileSyntax = errors.New("mchd: status file is not a JSON object of strings")
	// ErrStatusFileEntry: an entry whose number is not a GUID, whose
	// status is unknown, or whose number repeats another entry's.
	ErrStatusFileEntry = errors.New("mchd: bad status file entry")
)

// StatusFileError is the error returned by ParseStatusFile: a class, the
// entry concerned, a position, an English detail, the cause and a Russian
// message.
type StatusFileError struct {
	// Err is the class: ErrEmpty, ErrTooLarge, ErrStatusFileSyntax or
	// ErrStatusFileEntry.
	Err error
	// Entry is the key of the entry concerned as written in the file
	// (at most 64 bytes of it), or "" when the error concerns the file as a
	// whole.
	Entry string
	// Offset is the byte offset in the file just past the token concerned,
	// or -1 when unknown.
	Offset int64
	// Detail is an English explanation for logs.
	Detail string
	// Cause is the underlying error (from encoding/json), if any.
	Cause error

	ru string
}

// Error returns an English message naming the class, the entry, the offset
// and the detail.
func (e *StatusFileError) Error() string {
	s := e.Err.Error()
	if e.Entry != "" {
		s += fmt.Sprintf(" %q", e.Entry)
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (offset %d)", e.Offset)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns ErrStatusFile, the class and the cause, for errors.Is and
// errors.As.
func (e *StatusFileError) Unwrap() []error {
	out := []error{ErrStatusFile, e.Err}
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	return out
}

// MessageRU returns a Russian message for the person who supplied the file.
func (e *StatusFileError) MessageRU() string {
	if e.ru != "" {
		return e.ru
	}
	return "Файл статусов доверенностей не прочитан: ожидается JSON-объект «номер доверенности: статус»"
}

// StatusFile is a copy of the ФНС registry for offline use and tests, read
// by ParseStatusFile: each МЧД number (НомДовер, a GUID) with its status.
// Numbers are compared as GUIDs, whatever their case. A number absent from
// the file is not taken as absent from the registry (a copy may be partial
// or old): Status reports it as unknown with an error matching
// ErrNotListed, which CheckStatus makes undecided (not-listed, waiver
// registry); list it as "not_found" to reject it. It implements
// StatusChecker. The zero value is an empty copy that lists nothing.
type StatusFile struct {
	// AsOf is when the statuses in the file were taken from the registry;
	// it becomes StatusReport.CheckedAt. Zero when unknown.
	AsOf time.Time

	entries map[guid]RegistryStatus
}

// guid is a GUID as its 16 bytes, so that the case of the hex digits does
// not matter.
type guid [16]byte

// parseGUID reads the 8-4-4-4-12 hexadecimal form, either case.
func parseGUID(s string) (guid, bool) {
	var g guid
	if len(s) != 36 {
		return g, false
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return g, false
			}
			i++
		}
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return g, false
		}
		g[j] = hi<<4 | lo
		j++
	}
	return g, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// String returns the lower-case 8-4-4-4-12 form.
func (g guid) String() string {
	const hexdigits = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, x := range g {
		switch i {
		case 4, 6, 8, 10:
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hexdigits[x>>4], hexdigits[x&15]
		j += 2
	}
	return string(b[:])
}

// fileStatuses are the statuses a status file may give: every answer of
// the registry (RegistryStatus.Answered), not "unavailable".
func fileStatuses() string {
	var names []string
	for _, s := range RegistryStatuses() {
		if s.Answered() {
			names = append(names, string(s))
		}
	}
	return strings.Join(names, ", ")
}

// ParseStatusFile reads a status file: a JSON object whose keys are МЧД
// numbers (GUIDs, either case) and whose values are statuses, one of
// active, revoked, suspended, expired, not_found, created, processing,
// rejected (lower case, as written in RegistryStatus):
//
//	{
//	  "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active",
//	  "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D": "revoked"
//	}
//
// Validation is strict: the input must be at most MaxStatusFileSize bytes
// holding one JSON object (nothing after it) whose values are strings; a
// key that is not a GUID, a status not in the list (including
// "unavailable") and two keys naming the same GUID (even in different case)
// are errors naming the entry. An empty object is a valid, empty registry.
// Every error is a *StatusFileError.
func ParseStatusFile(data []byte) (StatusFile, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return StatusFile{}, &StatusFileError{Err: ErrEmpty, Offset: -1, Detail: "no data",
			ru: "Файл статусов доверенностей пуст"}
	case len(data) > MaxStatusFileSize:
		return StatusFile{}, &StatusFileError{Err: ErrTooLarge, Offset: -1,
			Detail: fmt.Sprintf("%d bytes, limit %d", len(data), MaxStatusFileSize),
			ru:     fmt.Sprintf("Файл статусов доверенностей слишком велик: больше %d МБ", MaxStatusFileSize>>20)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(detail string, cause error) *StatusFileError {
		return &StatusFileError{Err: ErrStatusFileSyntax, Offset: dec.InputOffset(), Detail: detail, Cause: cause}
	}
	tok, err := dec.Token()
	if err != nil {
		return StatusFile{}, syntax("not JSON", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return StatusFile{}, syntax("the file is not a JSON object", nil)
	}
	f := StatusFile{entries: map[guid]RegistryStatus{}}
	firstKey := map[guid]string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return StatusFile{}, syntax("bad key", err)
		}
		key, _ := tok.(string) // inside an object the decoder gives only string keys
		entry := func(detail, ru string) *StatusFileError {
			return &StatusFileError{Err: ErrStatusFileEntry, Entry: clip(key, 64), Offset: dec.InputOffset(),
				Detail: detail, ru: ru}
		}
		tok, err = dec.Token()
		if err != nil {
			return StatusFile{}, syntax(fmt.Sprintf("bad value of %.64q", key), err)
		}
		val, ok := tok.(string)
		if !ok {
			return StatusFile{}, entry(fmt.Sprintf("value %v is not a string", tok),
				fmt.Sprintf("Файл статусов доверенностей: у записи «%s» статус должен быть строкой", clip(key, 64)))
		}
		g, ok := parseGUID(key)
		if !ok {
			return StatusFile{}, entry("key is not a GUID",
				fmt.Sprintf("Файл статусов доверенностей: «%s» не является номером доверенности (GUID вида xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", clip(key, 64)))
		}
		st := RegistryStatus(val)
		if !st.Answered() {
			return StatusFile{}, entry(fmt.Sprintf("unknown status %.32q (want one of %s)", val, fileStatuses()),
				fmt.Sprintf("Файл статусов доверенностей: у доверенности %s неизвестный статус «%s»; допустимы: %s", key, clip(val, 32), fileStatuses()))
		}
		if prev, dup := firstKey[g]; dup {
			return StatusFile{}, entry(fmt.Sprintf("the same number as entry %q", prev),
				fmt.Sprintf("Файл статусов доверенностей: доверенность %s указана дважды (также как %s)", key, prev))
		}
		firstKey[g] = key
		f.entries[g] = st
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return StatusFile{}, syntax("unterminated object", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return StatusFile{}, syntax("data after the object", err)
	}
	return f, nil
}

// clip returns at most n bytes of s, cut at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// Len returns the number of entries.
func (f StatusFile) Len() int { return len(f.entries) }

// Lookup returns the status the file gives for number (compared as a GUID,
// whatever its case) and whether the file lists it ("" when not). A number
// that is not a GUID is never listed.
func (f StatusFile) Lookup(number string) (RegistryStatus, bool) {
	g, ok := parseGUID(number)
	if !ok {
		return "", false
	}
	st, ok := f.entries[g]
	return st, ok
}

// ErrNotListed is matched (errors.Is) by the error of StatusFile.Status for
// a number the file does not list.
var ErrNotListed = errors.New("mchd: the number is not in the registry copy")

// Status implements StatusChecker: the file's status for q.Number. For a
// number the file does not list it returns StatusUnavailable and an error
// matching ErrNotListed. The report's CheckedAt is f.AsOf. A done context
// gives StatusUnavailable and its error.
func (f StatusFile) Status(ctx context.Context, q StatusQuery) (StatusReport, error) {
	if err := ctx.Err(); err != nil {
		return StatusReport{Status: StatusUnavailable, Detail: "status file"}, err
	}
	st, ok := f.Lookup(q.Number)
	if !ok {
		return StatusReport{Status: StatusUnavailable, CheckedAt: f.AsOf, Detail: "status file"},
			fmt.Errorf("%w: %q", ErrNotListed, q.Number)
	}
	return StatusReport{Status: st, CheckedAt: f.AsOf, Detail: "status file"}, nil
}

// All yields the entries, numbers in lower case, in ascending order.
func (f StatusFile) All() iter.Seq2[string, RegistryStatus] {
	return func(yield func(string, RegistryStatus) bool) {
		keys := make([]guid, 0, len(f.entries))
		for g := range f.entries {
			keys = append(keys, g)
		}
		slices.SortFunc(keys, func(a, b guid) int { return bytes.Compare(a[:], b[:]) })
		for _, g := range keys {
			if !yield(g.String(), f.entries[g]) {
				return
			}
		}
	}
}

// MarshalJSON writes the file in the format ParseStatusFile reads, one
// entry a line, numbers in lower case and ascending order.
func (f StatusFile) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{")
	sep := "\n"
	for n, st := range f.All() {
		fmt.Fprintf(&b, "%s  %q: %q", sep, n, string(st))
		sep = ",\n"
	}
	if len(f.entries) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.Bytes(), nil
}
