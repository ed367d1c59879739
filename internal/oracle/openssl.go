// Package oracle gives tests access to independent implementations that the
// project's own code is checked against: the OpenSSL command line with the
// GOST engine (Debian package libengine-gost-openssl) and libxml2's xmllint
// (XML canonicalisation).
//
// A test that needs an oracle calls [OpenSSL] or [XMLLintTool]. Where the
// tool (or the engine) is missing the test is skipped, unless the environment variable
// REGISTRAR_REQUIRE_OPENSSL is set to 1 (CI sets it), in which case it fails:
// an interop test must never pass silently on a machine that cannot run it.
package oracle

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// RequireEnv is the environment variable that turns a missing oracle from a
// skip into a failure.
const RequireEnv = "REGISTRAR_REQUIRE_OPENSSL"

// m1Digest is Streebog-256 of the RFC 6986 example M1 in byte order, used to
// prove that the engine is really loaded.
const (
	m1       = "012345678901234567890123456789012345678901234567890123456789012"
	m1Digest = "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"
)

// Timeout bounds every single openssl invocation.
const Timeout = 60 * time.Second

// Tool runs the openssl command with the GOST engine loaded.
type Tool struct {
	bin  string
	conf string
}

var (
	probeOnce sync.Once
	probed    *Tool
	probeErr  error
)

// OpenSSL returns the oracle or skips the test (fails it when
// REGISTRAR_REQUIRE_OPENSSL=1) if openssl or its GOST engine is unavailable.
func OpenSSL(tb testing.TB) *Tool {
	tb.Helper()
	probeOnce.Do(func() { probed, probeErr = probe() })
	if probeErr != nil {
		if os.Getenv(RequireEnv) == "1" {
			tb.Fatalf("OpenSSL GOST oracle required (%s=1) but unavailable: %v", RequireEnv, probeErr)
		}
		tb.Skipf("OpenSSL GOST oracle unavailable (%v); set %s=1 to make this a failure", probeErr, RequireEnv)
	}
	return probed
}

var enginesDirRE = regexp.MustCompile(`ENGINESDIR: "([^"]*)"`)

func findEngine(bin string) (string, error) {
	if p := os.Getenv("GOST_ENGINE"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	var candidates []string
	if out, err := exec.Command(bin, "version", "-e").Output(); err == nil {
		if m := enginesDirRE.FindSubmatch(out); m != nil {
			candidates = append(candidates, filepath.Join(string(m[1]), "gost.so"))
		}
	}
	globbed, _ := filepath.Glob("/usr/lib/*/engines-3/gost.so")
	candidates = append(candidates, globbed...)
	candidates = append(candidates, "/usr/lib64/engines-3/gost.so", "/usr/local/lib/engines-3/gost.so")
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", errors.New("gost.so not found (apt-get install libengine-gost-openssl)")
}

func probe() (*Tool, error) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		return nil, fmt.Errorf("openssl not on PATH: %w", err)
	}
	engine, err := findEngine(bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "registrar-openssl-")
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "gost.cnf")
	cnf := strings.Join([]string{
		"openssl_conf = openssl_init",
		"[openssl_init]",
		"engines = engine_section",
		"oid_section = ru_oids",
		"[ru_oids]",
		"INNLE = 1.2.643.100.4",
		"[engine_section]",
		"gost = gost_section",
		"[gost_section]",
		"engine_id = gost",
		"dynamic_path = " + engine,
		"default_algorithms = ALL",
		"",
	}, "\n")
	if err := os.WriteFile(conf, []byte(cnf), 0o600); err != nil {
		return nil, err
	}
	o := &Tool{bin: bin, conf: conf}
	out, err := o.Exec([]byte(m1), "dgst", "-md_gost12_256", "-r")
	if err != nil {
		return nil, fmt.Errorf("engine self-test: %w", err)
	}
	if got := strings.Fields(string(out)); len(got) == 0 || got[0] != m1Digest {
		return nil, fmt.Errorf("engine self-test: Streebog-256(M1) = %q, engine not active", strings.TrimSpace(string(out)))
	}
	return o, nil
}

// Config is the path of the OpenSSL configuration file that loads the engine.
func (o *Tool) Config() string { return o.conf }

// Exec runs openssl with args, feeding stdin, and returns its standard output.
// A non-zero exit status is an error carrying the standard error text.
func (o *Tool) Exec(stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command(o.bin, args...)
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+o.conf)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return stdout.Bytes(), fmt.Errorf("openssl %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return stdout.Bytes(), nil
	case <-time.After(Timeout):
		_ = cmd.Process.Kill()
		<-done
		return nil, fmt.Errorf("openssl %s: timed out after %s", strings.Join(args, " "), Timeout)
	}
}

// Run is Exec that fails the test on error.
func (o *Tool) Run(tb testing.TB, stdin []byte, args ...string) []byte {
	tb.Helper()
	out, err := o.Exec(stdin, args...)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
