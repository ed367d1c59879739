package armor

import (
	"bytes"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
)

// FuzzDecode checks that Decode never panics, returns only well-formed
// results and errors, never returns more bytes than it was given, and that
// its PEM output reads back the same.
func FuzzDecode(f *testing.F) {
	cert := pemOf("CERTIFICATE", der3, 64, "\n")
	for _, s := range []string{
		"", " \n", "0", "MA==", "MA", "MB==", "MAMCAQU=", "MAMC\r\nAQU=", "AgEF", "MA=A", "#",
		string(der3), "\x30\x80\x00\x00", "\x00", "\xff\xfe", "\xfe\xff", "\xef\xbb\xbf",
		cert, "note\r\n" + cert + "\r\n" + pemOf("CMS", der3, 4, "\r"),
		"-----BEGIN A-----\n", "-----BEGIN A-----\nMAMCAQU=\n", "-----BEGIN A-----\n-----END A-----\n",
		"-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\n\nMAMCAQU=\n-----END A-----\n",
		"-----BEGIN A-----\nMAMCAQU=\n-----END B-----\n", "-----END A-----\n-----BEGIN A-----",
		pemOf("PRIVATE KEY", der3, 64, "\n"), pemOf("X", []byte{2, 1, 5}, 64, "\n"),
		"-----BEGIN A--B-----\nMA==\n-----END A--B-----\n",
	} {
		f.Add([]byte(s), false, false)
	}
	f.Add(utf8BOM(cert), true, true)
	f.Add(utf16Of(cert, false, true), false, true)
	f.Add(utf16Of("MAMCAQU=", true, true), false, false)
	f.Add(utf16Of("MAMCAQU=", false, false), true, false)
	f.Add(utf16Of(cert+cert, true, false), true, true)
	f.Add(utf16Of("MA\u0400", false, true), false, false)
	f.Add(der1, false, false)

	f.Fuzz(func(t *testing.T, data []byte, single, labels bool) {
		opts := Options{Single: single, MaxSize: 1 << 20}
		if labels {
			opts.Labels = []string{"CERTIFICATE", "CMS", "A"}
		}
		in := bytes.Clone(data)
		d, err := Decode(in, opts)
		if !bytes.Equal(in, data) {
			t.Fatal("Decode modified its input")
		}
		if err != nil {
			if d != nil {
				t.Fatal("result and error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T", err)
			}
			n := 0
			for _, c := range classes {
				if errors.Is(err, c) {
					n++
				}
			}
			if n != 1 || e.Offset < -1 || e.Offset > len(data) || e.MessageRU() == "" || e.Error() == "" {
				t.Fatalf("malformed error %#v", e)
			}
			if (e.Label != "") != errors.Is(err, ErrLabel) {
				t.Fatalf("Label %q in %v", e.Label, err)
			}
			return
		}
		if len(d.Blocks) == 0 || (single && len(d.Blocks) != 1) {
			t.Fatalf("%d blocks", len(d.Blocks))
		}
		total := 0
		for i, b := range d.Blocks {
			if len(b.Bytes) == 0 || b.Bytes[0] != tagSequence || b.Index != i {
				t.Fatalf("block %d: index %d, % x", i, b.Index, b.Bytes)
			}
			if labels && b.Label != "" && b.Label != "CERTIFICATE" && b.Label != "CMS" && b.Label != "A" {
				t.Fatalf("label %q not accepted", b.Label)
			}
			if len(data) > 0 && len(b.Bytes) > 0 && &b.Bytes[0] == &in[0] {
				t.Fatal("block aliases the input")
			}
			total += len(b.Bytes)
		}
		if total > len(data) {
			t.Fatalf("%d bytes decoded from %d", total, len(data))
		}
		switch {
		case d.Format == "DER":
			if !bytes.Equal(d.Blocks[0].Bytes, data) {
				t.Fatal("DER block is not the input")
			}
		case strings.HasPrefix(d.Format, "PEM"):
			// Round trip through encoding/pem.
			var text []byte
			for _, b := range d.Blocks {
				text = append(text, pem.EncodeToMemory(&pem.Block{Type: b.Label, Bytes: b.Bytes})...)
			}
			again, err := Decode(text, Options{})
			if err != nil || len(again.Blocks) != len(d.Blocks) || again.Format != "PEM" {
				t.Fatalf("PEM round trip: %v", err)
			}
			for i, b := range again.Blocks {
				if !bytes.Equal(b.Bytes, d.Blocks[i].Bytes) || b.Label != d.Blocks[i].Label {
					t.Fatalf("PEM round trip: block %d differs", i)
				}
			}
		case strings.HasPrefix(d.Format, "base64"):
			if len(d.Blocks) != 1 || d.Blocks[0].Label != "" {
				t.Fatal("base64 with labels or several blocks")
			}
		default:
			t.Fatalf("format %q", d.Format)
		}
	})
}
