// Package config is what the example programs (the command-line program
// examples/registrar and the web server examples/registrar-web) share to
// configure the library from flags: the trust inputs (--trust, --ca, --crl,
// --ocsp, --tsl-signer, --tsl-head-ogrn, --require-crl), the outside
// sources (--registry-file or --registry-url, --egrul-file), the accepted
// head issuers, --allow-unchecked and --at, and the JSON of a verified
// signed application. Every decision stays the library's: this package
// only reads files and flags into its options.
package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// MaxFileSize bounds every file read from a flag (the library's own limits
// are lower for most inputs; this only keeps a wrong path from filling
// memory).
const MaxFileSize = 64 << 20

// List is a repeatable string flag.
type List []string

// String joins the values with commas.
func (l *List) String() string {
	if l == nil || len(*l) == 0 {
		return ""
	}
	return strings.Join(*l, ",")
}

// Set appends a value.
func (l *List) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// ReadFile reads a file named by a flag; errors name the flag.
func ReadFile(flagName, path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flagName, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("--%s: %s is a directory", flagName, path)
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("--%s: %s: %d bytes, at most %d", flagName, path, fi.Size(), MaxFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flagName, err)
	}
	return data, nil
}

// ParseAt reads --at (RFC 3339); empty means now, and the second result
// then is false.
func ParseAt(s string) (time.Time, bool, error) {
	if s == "" {
		return time.Now(), false, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("--at %q: want RFC 3339, e.g. 2026-11-23T12:00:00+03:00", s)
	}
	return t, true, nil
}

// Key joins the values that make a configuration into one map key.
func Key(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		fmt.Fprintf(&b, "%q\x00", fmt.Sprint(p))
	}
	return b.String()
}

// WriteJSON writes v indented, without HTML escaping: the JSON the
// programs print and serve.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
