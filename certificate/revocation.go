package certificate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
)

// revocation checks certificate c (link k) against the OCSP responses and
// CRLs of its issuer. A revocation at or before the validation time from
// any usable source fails the link; otherwise a current good answer (OCSP)
// or a current CRL not listing c passes it; otherwise the link is
// indeterminate, saying why the data found was of no use.
func (v *verifier) revocation(c *Certificate, issuer node, k int) (check.Result, *ChainError) {
	o := v.ocspFor(c, issuer)
	// Downloads only when the supplied data decide nothing.
	crl, problem := v.crlFor(c, issuer, o.revoked == nil && o.good == nil)
	if f := o.revoked; f != nil {
		sr := f.sr
		e := &RevokedEntry{SerialNumber: c.SerialNumber, RevocationTime: sr.RevocationTime, Reason: sr.Reason, HasReason: sr.hasReason}
		detail := fmt.Sprintf("link %d serial %s revoked %s reason %s (OCSP response of %s produced %s)", k, serialHex(c),
			sr.RevocationTime.Format(time.RFC3339), sr.Reason, f.resp.responderText(), f.resp.ProducedAt.Format(time.RFC3339))
		r := ruleChainRevocation.Outcome("ocsp-revoked", detail, displayName(c), k, serialHex(c), msk.DateTime(sr.RevocationTime),
			sr.Reason.Russian(), displayName(f.responder), msk.DateTime(f.resp.ProducedAt))
		return r, &ChainError{Err: ErrRevoked, RuleID: r.ID, Link: k, Certificate: c, Revoked: e, Detail: detail}
	}
	if crl != nil {
		if e, revoked := crl.Revoked(c.SerialNumber, v.revAt); revoked {
			r := ruleChainRevocation.Violated(fmt.Sprintf("link %d serial %s revoked %s reason %s (CRL of %s, thisUpdate %s)", k, serialHex(c),
				e.RevocationTime.Format(time.RFC3339), e.Reason, crl.issuerString(), crl.ThisUpdate.Format("2006-01-02")),
				displayName(c), k, serialHex(c), msk.DateTime(e.RevocationTime), e.Reason.Russian())
			return r, &ChainError{Err: ErrRevoked, RuleID: r.ID, Link: k, Certificate: c, Revoked: e,
				Detail: fmt.Sprintf("serial %s revoked at %s, reason %s", serialHex(c), e.RevocationTime.Format(time.RFC3339), e.Reason)}
		}
	}
	if f := o.good; f != nil {
		return ruleChainRevocation.Outcome("ocsp-good", fmt.Sprintf("link %d %s per the OCSP response of %s produced %s (thisUpdate %s)", k, f.sr.Status,
			f.resp.responderText(), f.resp.ProducedAt.Format(time.RFC3339), f.sr.ThisUpdate.Format(time.RFC3339))), nil
	}
	if crl != nil {
		if !crl.NextUpdate.IsZero() && v.revAt.After(crl.NextUpdate) {
			return ruleChainRevocation.Outcome("crl-stale", fmt.Sprintf("link %d: CRL nextUpdate %s before validation time", k, crl.NextUpdate.Format(time.RFC3339)),
				displayName(c), k, msk.DateTime(crl.NextUpdate)), nil
		}
		issuer := crl.issuerString()
		var b strings.Builder // one allocation
		b.Grow(48 + len(issuer))
		b.WriteString("link ")
		b.WriteString(strconv.Itoa(k))
		b.WriteString(" not in CRL of ")
		b.WriteString(issuer)
		b.WriteString(" (thisUpdate ")
		var day [16]byte
		b.Write(crl.ThisUpdate.AppendFormat(day[:0], "2006-01-02"))
		b.WriteByte(')')
		return ruleChainRevocation.Passed(b.String()), nil
	}
	if f := o.stale; f != nil {
		return ruleChainRevocation.Outcome("ocsp-stale", fmt.Sprintf("link %d: OCSP response of %s thisUpdate %s nextUpdate %s produced %s does not cover %s", k,
			f.resp.responderText(), f.sr.ThisUpdate.Format(time.RFC3339), f.sr.NextUpdate.Format(time.RFC3339), f.resp.ProducedAt.Format(time.RFC3339), v.revAt.Format(time.RFC3339)),
			displayName(c), k, displayName(f.responder), msk.DateTime(f.resp.ProducedAt), msk.DateTime(v.revAt)), nil
	}
	detail := fmt.Sprintf("link %d: no usable CRL or OCSP response of %s", k, issuer.cert.Subject.String())
	var r check.Result
	switch {
	case o.unknown != nil:
		detail += "; OCSP status unknown from " + o.unknown.resp.responderText()
		r = ruleChainRevocation.Outcome("ocsp-unknown", detail, displayName(c), k, displayName(o.unknown.responder))
	case o.badSignature != nil:
		detail += "; OCSP response signature: " + o.badSignature.err.Error()
		r = ruleChainRevocation.Outcome("ocsp-bad-signature", detail, displayName(c), k, o.badSignature.resp.responderRU())
	case o.unauthorised != nil:
		detail += "; OCSP responder: " + o.unauthorised.err.Error()
		r = ruleChainRevocation.Outcome("ocsp-unauthorised", detail, displayName(c), k, o.unauthorised.resp.responderRU(), displayName(issuer.cert))
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

// ocspFinding is one OCSP single response about a link's certificate, with
// the responder that signed it (nil when it is not authorised) and the
// responder's error.
type ocspFinding struct {
	resp      *OCSPResponse
	sr        *OCSPSingleResponse
	responder *Certificate
	err       error
}

// ocspFindings sorts the OCSP responses about one certificate by what they
// are worth; each field holds the first such response (the newest for good
// and stale ones).
type ocspFindings struct {
	revoked, good, unknown, stale, badSignature, unauthorised *ocspFinding
}

// ocspKey caches the responder of a response for an issuer group.
type ocspKey struct {
	resp  *OCSPResponse
	group string
}

// ocspAuth is a cached responder lookup.
type ocspAuth struct {
	who *Certificate
	err error
}

// ocspFor evaluates the supplied OCSP responses (Trust's, then the
// document's) about c issued by issuer.
func (v *verifier) ocspFor(c *Certificate, issuer node) ocspFindings {
	var f ocspFindings
	newer := func(old *ocspFinding, sr *OCSPSingleResponse) bool {
		return old == nil || sr.ThisUpdate.After(old.sr.ThisUpdate)
	}
	for _, list := range [][]*OCSPResponse{v.opts.OCSP, v.opts.Revocation.OCSP} {
		for _, r := range list {
			sr := r.ResponseFor(c, issuer.cert)
			if sr == nil {
				continue
			}
			who, err := v.ocspResponder(r, issuer)
			x := &ocspFinding{resp: r, sr: sr, responder: who, err: err}
			switch {
			case err != nil && errors.Is(err, ErrUnauthorisedResponder):
				if f.unauthorised == nil {
					f.unauthorised = x
				}
			case err != nil:
				if f.badSignature == nil {
					f.badSignature = x
				}
			case sr.Status == OCSPRevoked && !sr.RevocationTime.After(v.revAt):
				// A revocation before the validation time stays true
				// however old the response is.
				if f.revoked == nil {
					f.revoked = x
				}
			case !r.current(sr, v.revAt):
				if newer(f.stale, sr) {
					f.stale = x
				}
			case sr.Status == OCSPUnknown:
				if f.unknown == nil {
					f.unknown = x
				}
			default: // good, or revoked after the validation time
				if newer(f.good, sr) {
					f.good = x
				}
			}
		}
	}
	return f
}

// ocspResponder returns the authorised responder of r for issuer (cached):
// candidates are the certificates embedded in r, the document's
// certificates (Extra) and those of the pools the ResponderID names. A
// delegated responder without id-pkix-ocsp-nocheck must not be revoked at
// producedAt in a verified CRL of the issuer.
func (v *verifier) ocspResponder(r *OCSPResponse, issuer node) (*Certificate, error) {
	k := ocspKey{r, issuer.groupKey()}
	if a, ok := v.ocspOK[k]; ok {
		return a.who, a.err
	}
	cands := append([]*Certificate(nil), v.opts.Extra...)
	cands = v.opts.Intermediates.responders(r, cands)
	cands = v.opts.Roots.responders(r, cands)
	who, err := r.Responder(issuer.cert, cands...)
	if err == nil && !keyEqual(who, issuer.cert) {
		if noCheck, _ := who.HasExtension(oidOCSPNoCheck); !noCheck {
			if e := v.revokedInCRL(who, issuer, r.ProducedAt); e != nil {
				who, err = nil, fmt.Errorf("%w: responder certificate %s (serial %s) revoked at %s", ErrUnauthorisedResponder,
					who.Subject.String(), serialHex(who), e.RevocationTime.Format(time.RFC3339))
			}
		}
	}
	if v.ocspOK == nil {
		v.ocspOK = make(map[ocspKey]ocspAuth, 2)
	}
	v.ocspOK[k] = ocspAuth{who, err}
	return who, err
}

// revokedInCRL returns the entry of c in a supplied CRL of issuer that
// verifies, if c is revoked at or before at.
func (v *verifier) revokedInCRL(c *Certificate, issuer node, at time.Time) *RevokedEntry {
	supplied := v.opts.CRLs
	if list, _, ok := v.opts.prep.preparedCRLs(v.opts.CRLs, issuer.groupKey()); ok {
		supplied = list // verified by Prepare
	}
	for _, list := range [][]*CRL{supplied, v.opts.Revocation.CRLs} {
		for _, crl := range list {
			if crl == nil || !v.crlVerified(crl, issuer) {
				continue
			}
			if e, ok := crl.Revoked(c.SerialNumber, at); ok {
				return e
			}
		}
	}
	return nil
}

// crlProblem says why no usable CRL was found although some were considered.
type crlProblem struct {
	badSignature bool   // a CRL of the issuer did not verify
	url          string // a download that failed
}

// crlVerified reports whether crl names issuer as its CA and issuer's key
// verifies it (cached per issuer group).
func (v *verifier) crlVerified(crl *CRL, issuer node) bool {
	if list, _, ok := v.opts.prep.preparedCRLs(v.opts.CRLs, issuer.groupKey()); ok && slices.Contains(list, crl) {
		return true
	}
	if !crl.IssuedBy(issuer.cert) {
		return false
	}
	if v.crlOK == nil {
		v.crlOK = make(map[crlKey]bool, 2)
	}
	k := crlKey{crl, issuer.groupKey()}
	ok, seen := v.crlOK[k]
	if !seen {
		ok = crl.CheckSignatureFrom(issuer.cert) == nil
		v.crlOK[k] = ok
	}
	return ok
}

// crlFor returns the newest CRL of issuer whose signature verifies with
// the issuer's key: supplied ones first (Trust's and the document's), then,
// when fetch is set, downloaded ones. problem explains why none was usable
// when CRLs were found but rejected.
func (v *verifier) crlFor(c *Certificate, issuer node, fetch bool) (best *CRL, problem *crlProblem) {
	consider := func(crl *CRL) {
		if crl == nil || !crl.IssuedBy(issuer.cert) {
			return
		}
		if !v.crlVerified(crl, issuer) {
			if problem == nil {
				problem = &crlProblem{badSignature: true}
			}
			return
		}
		if best == nil || crl.ThisUpdate.After(best.ThisUpdate) {
			best = crl
		}
	}
	supplied := v.opts.CRLs
	if list, bad, ok := v.opts.prep.preparedCRLs(v.opts.CRLs, issuer.groupKey()); ok {
		// Prepare verified them: the newest one of the issuer, if any.
		supplied = nil
		if len(list) > 0 {
			best = list[0]
		} else if bad {
			problem = &crlProblem{badSignature: true}
		}
	}
	for _, list := range [][]*CRL{supplied, v.opts.Revocation.CRLs} {
		for _, crl := range list {
			consider(crl)
		}
	}
	if best != nil || !fetch || v.opts.Fetcher == nil {
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
