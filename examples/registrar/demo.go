package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/egisz-lk/registrar/internal/gost/gost3410"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/ident"
)

// demoSeed makes the demo reproducible: the same keys and signatures on every run.
const demoSeed = 20261123

// runDemo shows, on synthetic data, what the library does today. It grows with
// the library: certificates, МЧД and applications join it as they land.
func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", "demo", stderr)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	d := &demo{w: stdout}
	d.hashing()
	d.signatures()
	d.identifiers()
	fmt.Fprintln(stdout)
	if d.failures > 0 {
		fmt.Fprintf(stdout, "Итог / result: %d проверок не прошли / checks did not behave as expected\n", d.failures)
		return exitRejected
	}
	fmt.Fprintln(stdout, "Итог / result: все проверки отработали как ожидалось / every check behaved as expected")
	return exitOK
}

type demo struct {
	w        io.Writer
	failures int
}

func (d *demo) section(ru, en string) {
	fmt.Fprintf(d.w, "\n== %s / %s\n", ru, en)
}

// expect prints one line and counts a failure when ok is false.
func (d *demo) expect(ok bool, format string, a ...any) {
	mark := "ok  "
	if !ok {
		mark = "FAIL"
		d.failures++
	}
	fmt.Fprintf(d.w, "  [%s] %s\n", mark, fmt.Sprintf(format, a...))
}

// sampleDocument stands in for an uploaded file (an МЧД or an application).
var sampleDocument = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<Заявка>Синтетический документ для демонстрации</Заявка>` + "\n")

func (d *demo) hashing() {
	d.section("Хеш ГОСТ Р 34.11-2012 (Стрибог)", "GOST R 34.11-2012 (Streebog) digest")
	h256 := streebog.Sum256(sampleDocument)
	h512 := streebog.Sum512(sampleDocument)
	fmt.Fprintf(d.w, "  документ / document: %d байт / bytes\n", len(sampleDocument))
	fmt.Fprintf(d.w, "  Стрибог-256: %x\n", h256)
	fmt.Fprintf(d.w, "  Стрибог-512: %x\n", h512)
	const m1 = "012345678901234567890123456789012345678901234567890123456789012"
	const m1Want = "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"
	got := streebog.Sum256([]byte(m1))
	d.expect(fmt.Sprintf("%x", got) == m1Want, "контрольный пример M1 из RFC 6986 / RFC 6986 example M1")
}

func (d *demo) signatures() {
	d.section("Подпись ГОСТ Р 34.10-2012", "GOST R 34.10-2012 signatures")
	rng := rand.NewChaCha8(seed32(demoSeed))
	for _, name := range []string{"CryptoPro-A", "tc26-256-A", "tc26-512-A", "tc26-512-C"} {
		curve, err := gost3410.CurveByName(name)
		if err != nil {
			d.expect(false, "%s: %v", name, err)
			continue
		}
		key, err := gost3410.GenerateKey(curve, rng)
		if err != nil {
			d.expect(false, "%s: key generation: %v", name, err)
			continue
		}
		var digest []byte
		if curve.PointSize() == 32 {
			h := streebog.Sum256(sampleDocument)
			digest = h[:]
		} else {
			h := streebog.Sum512(sampleDocument)
			digest = h[:]
		}
		sig, err := key.Sign(rng, digest, nil)
		if err != nil {
			d.expect(false, "%s: signing: %v", name, err)
			continue
		}
		pub := key.PublicKey()
		d.expect(pub.VerifyDigest(digest, sig) == nil,
			"%-12s подпись верна / signature valid (%d-bit key)", name, 8*curve.PointSize())
		tampered := append([]byte(nil), sig...)
		tampered[len(tampered)-1] ^= 1
		err = pub.VerifyDigest(digest, tampered)
		d.expect(err != nil, "%-12s искажённая подпись отклонена / tampered signature rejected: %v", name, err)
	}
}

func (d *demo) identifiers() {
	d.section("Реквизиты", "Russian identifiers")
	// Synthetic numbers with valid check digits, and the same numbers with one
	// digit changed.
	cases := []struct {
		label string
		value string
		parse func(string) error
		valid bool
	}{
		{"ИНН ЮЛ", "7707083893", func(s string) error { _, err := ident.ParseINN(s); return err }, true},
		{"ИНН ЮЛ", "7707083894", func(s string) error { _, err := ident.ParseINN(s); return err }, false},
		{"ОГРН", "1027700132195", func(s string) error { _, err := ident.ParseOGRN(s); return err }, true},
		{"СНИЛС", "112-233-445 95", func(s string) error { _, err := ident.ParseSNILS(s); return err }, true},
		{"СНИЛС", "112-233-445 96", func(s string) error { _, err := ident.ParseSNILS(s); return err }, false},
	}
	for _, c := range cases {
		err := c.parse(c.value)
		verdict := "верен / valid"
		if err != nil {
			verdict = "отклонён / rejected: " + messageRU(err)
		}
		d.expect((err == nil) == c.valid, "%-7s %-15s %s", c.label, c.value, verdict)
	}
}

// messageRU returns the Russian end-user message of an identifier error.
func messageRU(err error) string {
	var ie *ident.Error
	if errors.As(err, &ie) {
		return ie.MessageRU()
	}
	return err.Error()
}

func seed32(n uint64) [32]byte {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(n >> (8 * i))
	}
	return s
}
