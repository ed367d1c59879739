// Command registrar checks, builds and verifies the documents an organisation
// uploads to ЛК ЕГИСЗ to obtain the «Регистратор» power.
//
// Usage:
//
//	registrar <command> [flags]
//
// Commands:
//
//	check        check an upload (certificate, МЧД and its signature) for a variant
//	verify       verify a detached or attached CMS signature
//	inspect      recognise files and print their key facts
//	application  build, verify or print an application
//	access       build, verify or print a request to grant (revoke) access
//	rules        list every rule the library can report
//	demo         run every step on a generated synthetic PKI and documents
//
// Flags may come before, between or after the positional arguments; every
// command accepts --help. Exit codes: 0 accepted / valid, 1 rejected /
// invalid, 2 usage error or unreadable input, 3 indeterminate (a fact the
// verdict depends on could not be checked). With --json the output is one
// JSON document with stable field names (verdict, variant, checks[] with id,
// status, subindication, outcome, message, detail, citation, scope, waiver,
// waived). See the README, section "Command-line program".
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by all commands.
const (
	exitOK       = 0 // accepted / valid
	exitRejected = 1 // rejected / invalid
	exitUsage    = 2 // usage error or unreadable input
	// exitIndeterminate: nothing failed, but a fact the verdict depends on
	// could not be checked (verify; the other commands follow).
	exitIndeterminate = 3
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"check", "check an upload (certificate, МЧД and its signature) for a variant", runCheck},
		{"verify", "verify a detached or attached CMS signature", runVerify},
		{"inspect", "recognise files (certificate, CRL, МЧД, signature, application, …) and print their key facts", runInspect},
		{"application", "build, verify or print an application (subcommands build, verify, print)", runApplication},
		{"access", "build, verify or print a Регистратор's request to grant (revoke) access (subcommands build, verify, print)", runAccess},
		{"rules", "list every rule the library can report (stable IDs, citations, Russian messages)", runRules},
		{"demo", "run every step on a generated synthetic PKI and documents", runDemo},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	runners := map[string]runFunc{}
	for _, c := range commands() {
		runners[c.name] = c.run
	}
	return dispatch("registrar", "command", runners, usage, args, stdout, stderr)
}

// runFunc runs one command with its arguments and returns the exit code.
type runFunc func(args []string, stdout, stderr io.Writer) int

// dispatch runs the (sub)command named by args[0]: usage on stdout for a
// help request, a usage error for a missing or unknown name.
func dispatch(prog, what string, runners map[string]runFunc, usage func(io.Writer), args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(stdout)
		return exitOK
	}
	if r, ok := runners[args[0]]; ok {
		return r(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "%s: unknown %s %q\n\n", prog, what, args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: registrar <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit codes: 0 accepted/valid, 1 rejected/invalid, 2 usage error or unreadable input, "+
		"3 indeterminate (a fact could not be checked; --allow-unchecked names facts to accept unchecked).")
	fmt.Fprintln(w, "Run 'registrar <command> --help' for the flags of a command; start with 'registrar demo'.")
}
