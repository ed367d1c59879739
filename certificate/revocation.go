package certificate

import (
	"fmt"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
)

// revocation checks certificate c (link k) against the CRLs of its issuer.
func (v *verifier) revocation(c *Certificate, issuer node, k int) (check.Result, *ChainError) {
	crl, problem := v.crlFor(c, issuer)
	if crl == nil {
		detail := fmt.Sprintf("link %d: no CRL of %s supplied", k, issuer.cert.Subject.String())
		var r check.Result
		switch {
		case problem != nil && problem.badSignature:
			detail += "; CRL signature does not verify"
			r = ruleChainRevocation.Outcome("crl-bad-signature", detail, displayName(c), k, displayName(issuer.cert))
		case problem != nil:
			detail += "; download of " + problem.url + " failed"
			r = ruleChainRevocation.Outcome("crl-unavailable", detail, displayName(c), k, problem.url)
		default:
			r = ruleChainRevocation.Outcome("no-crl", detail, displayName(c), k, displayName(issuer.cert))
		}
		if v.opts.RevocationMode == RevocationRequire {
			r = ruleChainRevocation.Outcome("required", detail, displayName(c), k, displayName(issuer.cert))
			return r, &ChainError{Err: ErrRevocationUnchecked, RuleID: r.ID, Link: k, Certificate: c, Detail: detail}
		}
		return r, nil
	}
	if e, revoked := crl.Revoked(c.SerialNumber, v.at); revoked {
		r := ruleChainRevocation.Violated(fmt.Sprintf("link %d serial %s revoked %s reason %s (CRL of %s, thisUpdate %s)", k, serialHex(c),
			e.RevocationTime.Format("2006-01-02T15:04:05Z07:00"), e.Reason, crl.Issuer.String(), crl.ThisUpdate.Format("2006-01-02")),
			displayName(c), k, serialHex(c), msk.DateTime(e.RevocationTime), e.Reason.Russian())
		return r, &ChainError{Err: ErrRevoked, RuleID: r.ID, Link: k, Certificate: c, Revoked: e,
			Detail: fmt.Sprintf("serial %s revoked at %s, reason %s", serialHex(c), e.RevocationTime.Format("2006-01-02T15:04:05Z07:00"), e.Reason)}
	}
	if !crl.NextUpdate.IsZero() && v.at.After(crl.NextUpdate) {
		return ruleChainRevocation.Outcome("crl-stale", fmt.Sprintf("link %d: CRL nextUpdate %s before validation time", k, crl.NextUpdate.Format("2006-01-02T15:04:05Z07:00")),
			displayName(c), k, msk.DateTime(crl.NextUpdate)), nil
	}
	return ruleChainRevocation.Passed(fmt.Sprintf("link %d not in CRL of %s (thisUpdate %s)", k, crl.Issuer.String(), crl.ThisUpdate.Format("2006-01-02"))), nil
}

// crlProblem says why no usable CRL was found although some were considered.
type crlProblem struct {
	badSignature bool   // a CRL of the issuer did not verify
	url          string // a download that failed
}

// crlFor returns the newest CRL of issuer whose signature verifies with
// the issuer's key: supplied ones first, then fetched ones. stale explains
// why none was usable when CRLs were found but rejected.
func (v *verifier) crlFor(c *Certificate, issuer node) (best *CRL, problem *crlProblem) {
	group := groupKey(issuer.cert)
	consider := func(crl *CRL) {
		if crl == nil || !crl.IssuedBy(issuer.cert) {
			return
		}
		if v.crlOK == nil {
			v.crlOK = make(map[crlKey]bool, 2)
		}
		k := crlKey{crl, group}
		ok, seen := v.crlOK[k]
		if !seen {
			err := crl.CheckSignatureFrom(issuer.cert)
			ok = err == nil
			v.crlOK[k] = ok
			if err != nil && problem == nil {
				problem = &crlProblem{badSignature: true}
			}
		}
		if ok && (best == nil || crl.ThisUpdate.After(best.ThisUpdate)) {
			best = crl
		}
	}
	for _, crl := range v.opts.CRLs {
		consider(crl)
	}
	if best != nil || v.opts.Fetcher == nil {
		return best, problem
	}
	for _, url := range v.crlURLs(c, issuer) {
		crl, err := v.fetch(url)
		if err != nil {
			if problem == nil {
				problem = &crlProblem{url: url}
			}
			continue
		}
		consider(crl)
		if best != nil {
			break
		}
	}
	return best, problem
}

// crlURLs lists the CRL addresses for c: its CRL distribution points, then
// those the trusted list gives for the issuer's key.
func (v *verifier) crlURLs(c *Certificate, issuer node) []string {
	seen := map[string]bool{}
	var out []string
	add := func(urls []string) {
		for _, u := range urls {
			if !seen[u] && (len(u) > 7 && (u[:7] == "http://" || len(u) > 8 && u[:8] == "https://")) {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	add(c.CRLDistributionPoints)
	for _, e := range []*poolEntry{issuer.entry, issuer.root} {
		if e != nil && e.acc != nil {
			add(e.acc.CRLURLs())
		}
	}
	return out
}

// fetch downloads and parses one CRL (once per Verify call).
func (v *verifier) fetch(url string) (*CRL, error) {
	if crl, ok := v.fetched[url]; ok {
		if crl == nil {
			return nil, fmt.Errorf("certificate: %s failed earlier", url)
		}
		return crl, nil
	}
	if v.fetched == nil {
		v.fetched = make(map[string]*CRL, 2)
	}
	v.fetchedURLs = append(v.fetchedURLs, url)
	crl, err := v.opts.Fetcher.FetchCRL(v.ctx, url)
	if err != nil || crl == nil {
		v.fetched[url] = nil
		if err == nil {
			err = fmt.Errorf("certificate: %s: the fetcher returned no CRL", url)
		}
		return nil, err
	}
	v.fetched[url] = crl
	return crl, nil
}
