// Command gen writes the synthetic fixture set of the registrar module
// (package internal/fixtures) into a folder:
//
//	go run ./testdata/gen [-out testdata/fixtures]
//
// The output is deterministic; a test of internal/fixtures checks that the
// committed testdata/fixtures equals it byte for byte.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/egisz-lk/registrar/internal/fixtures"
)

func main() {
	out := flag.String("out", defaultOut(), "folder to write the fixture set into")
	flag.Parse()
	start := time.Now()
	set, err := fixtures.Generate(fixtures.DefaultOptions())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := set.WriteDir(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	size := 0
	for _, b := range set.Files() {
		size += len(b)
	}
	fmt.Printf("gen: wrote %d files (%d bytes) to %s in %s\n", len(set.Files()), size, *out, time.Since(start).Round(time.Millisecond))
}

// defaultOut is testdata/fixtures of the module: next to this source file
// when the source is available (go run), else relative to the working
// directory.
func defaultOut() string {
	if _, file, _, ok := runtime.Caller(0); ok {
		if _, err := os.Stat(file); err == nil {
			return filepath.Join(filepath.Dir(file), "..", "fixtures")
		}
	}
	return filepath.Join("testdata", "fixtures")
}
