package streebog

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/internal/oracle"
)

// TestOpenSSLDifferential hashes inputs of many lengths (random data, plus
// the carry-provoking inputs and the test vectors) with OpenSSL's GOST
// engine and compares the results with Sum256 and Sum512. All inputs go to
// one `openssl dgst` process per hash size.
func TestOpenSSLDifferential(t *testing.T) {
	t.Parallel()
	o := oracle.OpenSSL(t)

	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))

	var inputs [][]byte
	for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 1000, 4095, 4096, 65537, 1 << 20} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		inputs = append(inputs, b)
	}
	inputs = append(inputs, carryInputs()...)
	for _, v := range vectors {
		inputs = append(inputs, mustHex(t, v.msgHex))
	}

	dir := t.TempDir()
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = filepath.Join(dir, fmt.Sprintf("in%03d.bin", i))
		if err := os.WriteFile(files[i], in, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	for _, alg := range []struct {
		flag string
		sum  func([]byte) []byte
	}{
		{"-md_gost12_256", func(b []byte) []byte { s := Sum256(b); return s[:] }},
		{"-md_gost12_512", func(b []byte) []byte { s := Sum512(b); return s[:] }},
	} {
		args := append([]string{"dgst", alg.flag, "-r"}, files...)
		// The exit status of openssl is not reliable; the parsed output
		// is checked instead (every file must have a line).
		out, err := o.Exec(nil, args...)
		got, perr := parseDgstR(string(out))
		if perr != nil || len(got) != len(files) {
			t.Fatalf("openssl dgst %s: %d results for %d files (exec error: %v, parse error: %v)\noutput:\n%s",
				alg.flag, len(got), len(files), err, perr, out)
		}
		for i, f := range files {
			want, ok := got[f]
			if !ok {
				t.Errorf("%s: no openssl result for %s", alg.flag, f)
				continue
			}
			if ours := hex.EncodeToString(alg.sum(inputs[i])); ours != want {
				t.Errorf("%s len %d (seed %d): ours %s, openssl %s", alg.flag, len(inputs[i]), seed, ours, want)
			}
		}
	}
}

// parseDgstR parses `openssl dgst -r` output: one "<hex digest> *<file>"
// line per file.
func parseDgstR(out string) (map[string]string, error) {
	res := make(map[string]string)
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			continue
		}
		digest, file, ok := strings.Cut(line, " *")
		if !ok {
			return res, fmt.Errorf("unexpected line %q", line)
		}
		if _, err := hex.DecodeString(digest); err != nil {
			return res, fmt.Errorf("line %q: %v", line, err)
		}
		res[file] = strings.ToLower(digest)
	}
	return res, nil
}
