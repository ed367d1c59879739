//go:build ignore

// Command gen regenerates the size-specific files of package gost3410
// (fe256_arith.go, fe512_arith.go and the 512-bit twins of the hand-written
// 256-bit files). Run "go generate" in this directory.
package main

import (
	"log"
	"os"

	"github.com/egisz-lk/registrar/internal/gost/gost3410/internal/gen"
)

func main() {
	files, err := gen.Generate(".")
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range gen.Names(files) {
		if err := os.WriteFile(name, files[name], 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
