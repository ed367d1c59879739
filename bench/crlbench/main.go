// Command crlbench is the Go side of the CRL row of bench/compare.sh: it
// writes a synthetic GOST-signed CRL of many entries (the list of
// BenchmarkParseCRL/1M, certtest.CreateLargeCRL) and parses a CRL file the
// way a service loading its trust would, so that the whole process can be
// timed against `openssl crl -inform DER -noout -in FILE`.
//
//	crlbench gen [-n 1000000] FILE   write the synthetic CRL (DER)
//	crlbench parse FILE              certificate.ReadCRL(FILE); print the entry count
//
// It is a benchmark tool, not part of the library.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "crlbench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: crlbench gen [-n N] FILE | crlbench parse FILE")
	}
	switch args[0] {
	case "gen":
		fs := flag.NewFlagSet("gen", flag.ContinueOnError)
		n := fs.Int("n", 1_000_000, "number of entries")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New("gen: one output FILE")
		}
		return gen(*n, fs.Arg(0))
	case "parse":
		if len(args) != 2 {
			return errors.New("parse: one FILE")
		}
		return parse(args[1])
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// gen writes the CRL of a test CA (fixed seeds: the same file every time).
func gen(n int, path string) error {
	rnd := mrand.NewChaCha8([32]byte{11})
	ids := mrand.New(mrand.NewPCG(11, 11))
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	key, err := certtest.GenerateKey("CryptoPro-A", rnd)
	if err != nil {
		return err
	}
	ca, err := certtest.Create(certtest.NewTemplate(certtest.PresetRoot, ids, at.AddDate(-1, 0, 0)), nil, key, key.Public(), rnd)
	if err != nil {
		return err
	}
	der, err := certtest.CreateLargeCRL(&certtest.LargeCRL{Entries: n, ThisUpdate: at, NextUpdate: at.AddDate(0, 0, 7), Number: big.NewInt(1)}, ca, key, rnd)
	if err != nil {
		return err
	}
	return os.WriteFile(path, der, 0o644)
}

func parse(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	c, err := certificate.ReadCRL(f)
	if err != nil {
		return err
	}
	fmt.Println("entries", c.Len())
	return nil
}
