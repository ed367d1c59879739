package main

import (
	"sync"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/examples/internal/config"
)

// proc is what a registrar process builds once and reuses: each trust
// configuration it is given, loaded and prepared (CRLs and CA links
// verified once: certificate.Trust.Prepare), and an application.Checker per
// configuration. A command-line run makes one of each; the demo, which runs
// many commands in one process, loads and verifies its trust once.
var proc struct {
	mu       sync.Mutex
	trusts   map[string]certificate.Trust
	checkers map[string]*application.Checker
}

// cachedTrust returns the prepared trust loaded under key, or loads,
// prepares and keeps it.
func cachedTrust(key string, load func() (certificate.Trust, error)) (certificate.Trust, error) {
	proc.mu.Lock()
	defer proc.mu.Unlock()
	if t, ok := proc.trusts[key]; ok {
		return t, nil
	}
	t, err := load()
	if err != nil {
		return certificate.Trust{}, err
	}
	t, _ = t.Prepare()
	if proc.trusts == nil {
		proc.trusts = map[string]certificate.Trust{}
	}
	proc.trusts[key] = t
	return t, nil
}

// checkerFor returns the process's Checker of opts; key identifies opts
// (the flags they came from).
func checkerFor(key string, opts application.CheckOptions) *application.Checker {
	proc.mu.Lock()
	defer proc.mu.Unlock()
	if c, ok := proc.checkers[key]; ok {
		return c
	}
	c := application.NewChecker(opts)
	if proc.checkers == nil {
		proc.checkers = map[string]*application.Checker{}
	}
	proc.checkers[key] = c
	return c
}

// configKey joins the values that make a configuration.
var configKey = config.Key
