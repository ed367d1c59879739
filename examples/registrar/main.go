// Command registrar checks, builds and verifies the documents an organisation
// uploads to ЛК ЕГИСЗ to obtain the «Регистратор» power.
//
// Usage:
//
//	registrar <command> [flags]
//
// Commands available now:
//
//	demo    run the built-in demonstration on synthetic data
//
// Every command accepts --help. Commands for checking uploads, verifying
// signatures and building applications are added as the library grows; see the
// README.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes shared by all commands.
const (
	exitOK       = 0 // accepted / valid
	exitRejected = 1 // rejected / invalid
	exitUsage    = 2 // usage error or unreadable input
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "run the built-in demonstration on synthetic data", runDemo},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "registrar: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: registrar <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'registrar <command> --help' for the flags of a command.")
}

// newFlagSet returns a flag set that prints its usage to stderr and reports
// parse errors through the returned error instead of exiting.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: registrar %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and maps the outcome to an exit code: -1 means
// continue, otherwise return the code.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "registrar %s: unexpected arguments: %v\n", fs.Name(), fs.Args())
		fs.Usage()
		return exitUsage
	}
	return -1
}
