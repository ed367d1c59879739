package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/egisz-lk/registrar/examples/internal/config"
)

// cmd is one command's flag set with its usage text. Flags may be
// interspersed with positional arguments: Go's flag package stops at the
// first non-flag, so parse resumes after each positional argument.
type cmd struct {
	fs       *flag.FlagSet
	name     string // "check", "application build"
	synopsis string // after "registrar <name> "
	about    string // one or more paragraphs after the synopsis
	stdout   io.Writer
	stderr   io.Writer
	args     []string // positional arguments after parse
}

func newCmd(name, synopsis, about string, stdout, stderr io.Writer) *cmd {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &cmd{fs: fs, name: name, synopsis: synopsis, about: about, stdout: stdout, stderr: stderr}
}

// usage prints the synopsis, the description and every flag.
func (c *cmd) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: registrar %s %s\n", c.name, c.synopsis)
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(c.about, "\n"))
	}
	first := true
	c.fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nflags:")
			first = false
		}
		arg, text := flag.UnquoteUsage(f)
		if _, ok := f.Value.(*listFlag); ok {
			text += " (repeatable)"
		}
		head := "  --" + f.Name
		if arg != "" {
			head += " " + arg
		}
		fmt.Fprintln(w, head)
		fmt.Fprintf(w, "        %s", text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parse reads flags and positional arguments in any order ("--" ends the
// flags). maxArgs bounds the positional arguments (-1: no limit). It
// returns -1 to go on, or the exit code: 0 after --help (usage on stdout),
// 2 on a usage error (message on stderr).
func (c *cmd) parse(args []string, maxArgs int) int {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	rest := args
	for {
		err := c.fs.Parse(rest)
		if errors.Is(err, flag.ErrHelp) {
			c.usage(c.stdout)
			return exitOK
		}
		if err != nil {
			return c.fail("%v", err)
		}
		rest = c.fs.Args()
		if len(rest) == 0 {
			break
		}
		c.args = append(c.args, rest[0])
		rest = rest[1:]
	}
	c.args = append(c.args, tail...)
	if maxArgs >= 0 && len(c.args) > maxArgs {
		return c.fail("unexpected arguments: %s", strings.Join(c.args[maxArgs:], " "))
	}
	return -1
}

// fail reports a usage error and returns exitUsage.
func (c *cmd) fail(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "registrar %s: %s\n", c.name, fmt.Sprintf(format, a...))
	fmt.Fprintf(c.stderr, "Run 'registrar %s --help' for usage.\n", c.name)
	return exitUsage
}

// require reports the first empty required flag.
func (c *cmd) require(flags ...string) int {
	for _, name := range flags {
		if f := c.fs.Lookup(name); f != nil && f.Value.String() == "" {
			return c.fail("--%s is required", name)
		}
	}
	return -1
}

// listFlag is a repeatable string flag.
type listFlag = config.List

// readFile reads a file named by a flag; errors name the flag.
var readFile = config.ReadFile

// parseAt reads --at (RFC 3339); empty means now.
var parseAt = config.ParseAt

// writeJSON writes v indented, without HTML escaping.
var writeJSON = config.WriteJSON
