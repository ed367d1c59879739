package main

import (
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/examples/internal/config"
)

// trustFlags are the trust inputs shared by check, verify and application:
// anchors, intermediates, CRLs (see config.Trust).
type trustFlags struct {
	cfg config.Trust
}

func (t *trustFlags) register(c *cmd) {
	t.cfg.Name, t.cfg.Stderr = c.name, c.stderr
	t.cfg.Register(c.fs)
}

// load reads the files into the trust configuration (package
// certificate/trust decides what each file is) and returns the chain
// options at time at. A file that cannot be read or used is an error (a
// usage error for the caller): trust inputs are configuration, not the
// documents under check.
func (t *trustFlags) load(at time.Time) (certificate.VerifyOptions, error) {
	tr, err := cachedTrust(t.key(), t.cfg.Read)
	if err != nil {
		return certificate.VerifyOptions{}, err
	}
	return certificate.VerifyOptions{Trust: tr, At: at}, nil
}

// key identifies the trust configuration by its flags.
func (t *trustFlags) key() string { return t.cfg.Key() }
