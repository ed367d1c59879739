package oracle

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// XMLLint runs the xmllint command of libxml2, the oracle for XML
// canonicalisation (W3C Canonical XML 1.0 and Exclusive XML
// Canonicalization 1.0).
type XMLLint struct {
	bin string
}

var (
	xmllintOnce sync.Once
	xmllint     *XMLLint
	xmllintErr  error
)

// XMLLintTool returns the xmllint oracle or skips the test (fails it when
// REGISTRAR_REQUIRE_OPENSSL=1, the one switch for every oracle) if xmllint
// is not installed.
func XMLLintTool(tb testing.TB) *XMLLint {
	tb.Helper()
	xmllintOnce.Do(func() {
		bin, err := exec.LookPath("xmllint")
		if err != nil {
			xmllintErr = fmt.Errorf("xmllint not on PATH (apt-get install libxml2-utils): %w", err)
			return
		}
		xmllint = &XMLLint{bin: bin}
	})
	if xmllintErr != nil {
		if os.Getenv(RequireEnv) == "1" {
			tb.Fatalf("xmllint oracle required (%s=1) but unavailable: %v", RequireEnv, xmllintErr)
		}
		tb.Skipf("xmllint oracle unavailable (%v); set %s=1 to make this a failure", xmllintErr, RequireEnv)
	}
	return xmllint
}

// ExcC14N returns `xmllint --exc-c14n` of the document: its exclusive
// canonical form. xmllint keeps comments (the WithComments variant).
func (x *XMLLint) ExcC14N(doc []byte) ([]byte, error) { return x.run(doc, "--exc-c14n") }

// C14N returns `xmllint --c14n` of the document: its inclusive canonical
// form (Canonical XML 1.0), comments kept.
func (x *XMLLint) C14N(doc []byte) ([]byte, error) { return x.run(doc, "--c14n") }

// run writes doc to a temporary file (xmllint canonicalises files only)
// and runs xmllint with the flag.
func (x *XMLLint) run(doc []byte, flag string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "registrar-xmllint-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "in.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(x.bin, "--nonet", flag, path)
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
			return nil, fmt.Errorf("xmllint %s: %w: %s", flag, err, strings.TrimSpace(stderr.String()))
		}
		return stdout.Bytes(), nil
	case <-time.After(Timeout):
		_ = cmd.Process.Kill()
		<-done
		return nil, fmt.Errorf("xmllint %s: timed out after %s", flag, Timeout)
	}
}
