package certificate

import (
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
)

// ErrUntrustedSource: the trusted list a chain's anchor or accreditation
// data came from has an invalid signature (CHAIN-ACCREDITATION
// source-invalid).
var ErrUntrustedSource = errors.New("certificate: trusted list signature invalid")

// sources returns the trust sources a complete path relied on: the source
// of the anchor when the anchor came from it (a list's head-CA root, not a
// certificate file merged into its pool), and the source of the
// intermediates whose accreditation data it gave.
func (v *verifier) sources(path []node) []*TrustSource {
	var out []*TrustSource
	add := func(s *TrustSource) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		if s != nil {
			out = append(out, s)
		}
	}
	if a := path[len(path)-1].root; a != nil && a.acc != nil {
		add(v.opts.Roots.Source())
	}
	for k := 1; k < len(path)-1; k++ {
		n := path[k]
		if n.entry != nil && n.entry.acc != nil || v.opts.Intermediates.Accreditation(n.cert) != nil {
			add(v.opts.Intermediates.Source())
		}
	}
	return out
}

// sourceResult is the CHAIN-ACCREDITATION result about the signature of
// src: an empty result when it was verified, indeterminate when it was not,
// failed with a *ChainError when it is invalid.
func sourceResult(src *TrustSource, path []node) (check.Result, *ChainError) {
	code := ""
	switch src.Signature {
	case SourceVerified:
		return check.Result{}, nil
	case SourceInvalid:
		code = "source-invalid"
	case SourceUnsigned:
		code = "source-unsigned"
	case SourceSignerNotPinned:
		code = "source-signer-not-pinned"
	case SourceUnsupportedAlgorithm:
		code = "source-unsupported-algorithm"
	default:
		code = "source-not-checked"
	}
	ref := "версия " + src.Version
	if !src.Date.IsZero() {
		ref += " от " + msk.Date(src.Date)
	}
	detail := fmt.Sprintf("trusted list version %s: signature %q", src.Version, string(src.Signature))
	r := ruleChainAccreditation.Outcome(code, detail, ref)
	if r.Status != check.Fail {
		return r, nil
	}
	link := len(path) - 1
	return r, &ChainError{Err: ErrUntrustedSource, RuleID: r.ID, Link: link, Certificate: path[link].cert, Detail: detail}
}
