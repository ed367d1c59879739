package trust

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/egisz-lk/registrar/certificate"
)

// ErrNoCRLAddresses is returned by RefreshCRLs when the trust names no
// address to download CRLs from.
var ErrNoCRLAddresses = errors.New("trust: no CRL addresses in the trust")

// ErrRefreshFailed is matched by the error of RefreshCRLs when no download
// succeeded.
var ErrRefreshFailed = errors.New("trust: no CRL could be refreshed")

// refreshWorkers bounds the concurrent downloads of RefreshCRLs.
const refreshWorkers = 8

// RefreshReport says what RefreshCRLs did.
type RefreshReport struct {
	// Addresses is the number of CRL addresses tried.
	Addresses int
	// Fetched lists the addresses whose CRL was downloaded, verified with
	// its CA's key and used, sorted.
	Fetched []string
	// Failed lists the addresses that gave nothing usable, sorted by URL.
	Failed []RefreshFailure
	// Replaced counts the CRLs replaced by a newer one of the same CA key,
	// Added the CRLs of CA keys that had none, Kept the CRLs left as they
	// were (their last good version).
	Replaced, Added, Kept int
}

// RefreshFailure is one address that gave nothing usable.
type RefreshFailure struct {
	URL string
	Err error
}

// CRLAddresses lists, sorted and without repetition, where the CAs of t
// publish CRLs: the addresses the trust source gives for each CA key of
// t.Roots and t.Intermediates, and the CRL distribution points of those
// CA certificates (which name their issuers' CRLs). Only http and https
// addresses are listed.
func CRLAddresses(t certificate.Trust) []string {
	seen := map[string]bool{}
	add := func(urls []string) {
		for _, u := range urls {
			if len(u) > 7 && (u[:7] == "http://" || len(u) > 8 && u[:8] == "https://") {
				seen[u] = true
			}
		}
	}
	for _, p := range []*certificate.Pool{t.Roots, t.Intermediates} {
		for _, c := range p.Certificates() {
			if acc := p.Accreditation(c); acc != nil {
				add(acc.CRLURLs())
			}
			add(c.CRLDistributionPoints)
		}
	}
	out := make([]string, 0, len(seen))
	for u := range seen {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// RefreshCRLs downloads the CRLs at CRLAddresses(t) with f and returns t
// with its CRLs brought up to date, prepared (certificate.Trust.Prepare). A
// downloaded CRL is used only when the key of a CA certificate of t's pools
// verifies it; it then replaces the CRL of the same CA key in t.CRLs if it
// is newer (thisUpdate). Every other CRL of t stays: a CA whose download
// fails keeps its last good CRL. When no download succeeds, t is returned
// unchanged with an error matching ErrRefreshFailed (ErrNoCRLAddresses
// without addresses); the report says what failed. t itself is never
// modified.
func RefreshCRLs(ctx context.Context, t certificate.Trust, f certificate.Fetcher) (certificate.Trust, RefreshReport, error) {
	urls := CRLAddresses(t)
	rep := RefreshReport{Addresses: len(urls)}
	if len(urls) == 0 {
		return t, rep, ErrNoCRLAddresses
	}
	type result struct {
		url string
		crl *certificate.CRL
		err error
	}
	results := make([]result, len(urls))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(refreshWorkers, len(urls)) {
		wg.Go(func() {
			for i := range next {
				crl, err := f.FetchCRL(ctx, urls[i])
				if err == nil && crl == nil {
					err = errors.New("the fetcher returned no CRL")
				}
				if err == nil {
					_, err = t.CRLIssuer(crl)
				}
				results[i] = result{urls[i], crl, err}
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()

	newest := map[string]*certificate.CRL{}
	for _, r := range results {
		if r.err != nil {
			rep.Failed = append(rep.Failed, RefreshFailure{URL: r.url, Err: r.err})
			continue
		}
		rep.Fetched = append(rep.Fetched, r.url)
		k := crlKey(r.crl)
		if old := newest[k]; old == nil || r.crl.ThisUpdate.After(old.ThisUpdate) {
			newest[k] = r.crl
		}
	}
	if len(rep.Fetched) == 0 {
		return t, rep, fmt.Errorf("%w: %d addresses, first error: %v", ErrRefreshFailed, len(urls), rep.Failed[0].Err)
	}
	crls := make([]*certificate.CRL, 0, len(t.CRLs)+len(newest))
	used := map[string]bool{}
	for _, old := range t.CRLs {
		if old == nil {
			continue
		}
		k := crlKey(old)
		switch n := newest[k]; {
		case n == nil:
			crls = append(crls, old)
			rep.Kept++
		case used[k]:
			// A second CRL of the same key is replaced by the same one.
		case n.ThisUpdate.After(old.ThisUpdate):
			crls = append(crls, n)
			used[k] = true
			rep.Replaced++
		default:
			crls = append(crls, old)
			used[k] = true
			rep.Kept++
		}
	}
	keys := make([]string, 0, len(newest))
	for k := range newest {
		if !used[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !hasKey(t.CRLs, k) {
			crls = append(crls, newest[k])
			rep.Added++
		}
	}
	t.CRLs = crls
	prepared, _ := t.Prepare()
	return prepared, rep, nil
}

// crlKey identifies the CA key a CRL belongs to: issuer name and authority
// key identifier.
func crlKey(crl *certificate.CRL) string {
	return crl.Issuer.String() + "\x00" + hex.EncodeToString(crl.AuthorityKeyID)
}

func hasKey(crls []*certificate.CRL, k string) bool {
	for _, c := range crls {
		if c != nil && crlKey(c) == k {
			return true
		}
	}
	return false
}
