package certificate

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// DefaultLinkCacheSize bounds the CA links a prepared Trust remembers
// besides those between its own pools (see Trust.Prepare).
const DefaultLinkCacheSize = 4096

// prepared is what Trust.Prepare verified once for every later Verify.
type prepared struct {
	// crls is the CRL list the index was built from (the index applies
	// only while Trust.CRLs is this very slice).
	crls []*CRL
	// byIssuer holds, per issuer group (subject and key, see groupKey),
	// the CRLs of t.CRLs that the group's key verified, newest first.
	byIssuer map[string][]*CRL
	// bad marks issuer groups with a CRL naming them that their key did
	// not verify.
	bad map[string]bool
	// links remembers the verification of CA certificates that are not in
	// the pools (found with documents) by (issuer group, certificate).
	links *linkCache
	// byName indexes the pools' certificates by canonical subject name.
	byName map[string][]*poolEntry
	// roots and intermediates are the pools the preparation is of.
	roots, intermediates *Pool
	stats                PrepareStats
}

// PrepareStats says what Trust.Prepare verified.
type PrepareStats struct {
	// CRLs is the number of CRLs whose signature verified with the key of
	// a CA of the pools; BadCRLs the number that named such a CA but did
	// not verify; Orphans the number whose CA is not in the pools (they
	// can still be used with a CA certificate that comes with a document).
	CRLs, BadCRLs, Orphans int
	// Links is the number of links between certificates of the pools that
	// verified; BadLinks the number that did not.
	Links, BadLinks int
}

// Prepare returns t with the work that every Verify would otherwise repeat
// done once, for a service that checks many documents against the same
// trust: the signature of each CRL in t.CRLs is verified with the key of
// its CA in t.Roots or t.Intermediates and the CRLs are indexed by CA, and
// every link between two certificates of the pools is verified (pool
// entries remember it). Verify with the returned Trust looks a CA's CRLs
// up instead of scanning and verifying them, and remembers the
// verification of CA certificates that come with documents (the CA
// certificates embedded in signatures) in a cache bounded by
// DefaultLinkCacheSize. End-entity certificates are always verified, with
// the key of their CA precomputed (GOSTPublicKey.Precompute) on its first
// use: about a third of the time of a plain verification, for 16–24 KiB
// per 256-bit CA key, at most one table per CA of the pools.
//
// The result is immutable and safe for concurrent use; the verdicts are
// those of the unprepared t. Changing t.CRLs afterwards (another slice)
// makes Verify fall back to scanning them. Preparing a prepared Trust
// whose pools and CRLs did not change returns it as it is. Preparing a Trust with many
// CAs takes one GOST verification per link and per CRL (about 0.1 ms
// each).
func (t Trust) Prepare() (Trust, PrepareStats) {
	if p := t.prep; p != nil && p.roots == t.Roots && p.intermediates == t.Intermediates && sameSlice(p.crls, t.CRLs) {
		return t, p.stats // already prepared
	}
	var st PrepareStats
	p := &prepared{crls: t.CRLs, byIssuer: map[string][]*CRL{}, bad: map[string]bool{}, links: newLinkCache(DefaultLinkCacheSize),
		roots: t.Roots, intermediates: t.Intermediates}
	byName := poolsByName(t)
	p.byName = byName
	for _, crl := range t.CRLs {
		if crl == nil {
			continue
		}
		found, ok := false, false
		seen := map[string]bool{}
		for _, e := range byName[nameKey(&crl.Issuer)] {
			if seen[e.group] || !crl.IssuedBy(e.cert) {
				continue
			}
			seen[e.group], found = true, true
			if crl.CheckSignatureFrom(e.cert) == nil {
				p.byIssuer[e.group] = append(p.byIssuer[e.group], crl)
				ok = true
			} else {
				p.bad[e.group] = true
			}
		}
		switch {
		case ok:
			st.CRLs++
		case found:
			st.BadCRLs++
		default:
			st.Orphans++
		}
	}
	for g, list := range p.byIssuer {
		sortNewestFirst(list)
		p.byIssuer[g] = list
	}
	// Links between pool certificates: remembered by the pool entries.
	for _, pool := range []*Pool{t.Roots, t.Intermediates} {
		if pool == nil {
			continue
		}
		for _, e := range pool.entries {
			if e.cert.SelfIssued() {
				continue
			}
			for _, issuer := range byName[nameKey(&e.cert.Issuer)] {
				if issuer == e || !keyIDMatches(e.cert, issuer.cert) {
					continue
				}
				if _, done := e.verified.Load(issuer.group); done {
					continue
				}
				if e.cert.CheckSignatureFrom(issuer.cert) == nil {
					e.verified.Store(issuer.group, true)
					st.Links++
				} else {
					st.BadLinks++
				}
			}
		}
	}
	p.stats = st
	t.prep = p
	return t, st
}

// sameSlice reports whether a and b are the same slice (same elements in
// the same memory).
func sameSlice(a, b []*CRL) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// poolsByName indexes the certificates of t's pools by canonical subject
// name.
func poolsByName(t Trust) map[string][]*poolEntry {
	byName := map[string][]*poolEntry{}
	for _, pool := range []*Pool{t.Roots, t.Intermediates} {
		if pool == nil {
			continue
		}
		for _, e := range pool.entries {
			k := nameKey(&e.cert.Subject)
			byName[k] = append(byName[k], e)
		}
	}
	return byName
}

// CRLIssuer returns the CA certificate of t.Roots or t.Intermediates whose
// key verifies crl, or an error matching ErrBadSignature that says why none
// does. A prepared Trust finds the candidates by name in its index.
func (t Trust) CRLIssuer(crl *CRL) (*Certificate, error) {
	if crl == nil {
		return nil, fmt.Errorf("%w: no CRL", ErrBadSignature)
	}
	byName := map[string][]*poolEntry(nil)
	if t.prep != nil {
		byName = t.prep.byName
	} else {
		byName = poolsByName(t)
	}
	var last error
	for _, e := range byName[nameKey(&crl.Issuer)] {
		if !crl.IssuedBy(e.cert) {
			continue
		}
		if last = crl.CheckSignatureFrom(e.cert); last == nil {
			return e.cert, nil
		}
	}
	if last != nil {
		return nil, last
	}
	return nil, fmt.Errorf("%w: no CA certificate of the trust is the issuer %q of the CRL", ErrBadSignature, crl.Issuer.String())
}

// Prepared reports whether t came from Prepare.
func (t Trust) Prepared() bool { return t.prep != nil }

// preparedCRLs returns the verified CRLs of the issuer group and whether a
// CRL naming it failed, when the prepared index applies to crls.
func (p *prepared) preparedCRLs(crls []*CRL, group string) (list []*CRL, bad, ok bool) {
	if p == nil || !sameSlice(crls, p.crls) {
		return nil, false, false
	}
	return p.byIssuer[group], p.bad[group], true
}

// groupKey returns the issuer group of the node's certificate.
func (n node) groupKey() string {
	switch {
	case n.entry != nil:
		return n.entry.group
	case n.root != nil:
		return n.root.group
	}
	return groupKey(n.cert)
}

// linkCache returns the cache of CA links, nil when not prepared.
func (p *prepared) linkCache() *linkCache {
	if p == nil {
		return nil
	}
	return p.links
}

func sortNewestFirst(list []*CRL) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].ThisUpdate.After(list[j-1].ThisUpdate); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// nameKey is a canonical form of a name for finding issuers: attribute
// types and values in order, values with spaces collapsed and case folded
// (the equivalence sameName applies; candidates are still checked with it).
func nameKey(n *Name) string {
	var b strings.Builder
	for _, a := range n.Attributes {
		b.WriteString(a.Type.String())
		b.WriteByte('=')
		for i, f := range strings.Fields(a.Value) {
			if i > 0 {
				b.WriteByte(' ')
			}
			for _, r := range f {
				b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
			}
		}
		b.WriteByte(0)
	}
	return b.String()
}

// linkCache remembers the CA certificates an issuer group's key verified,
// keyed by a hash of both; at most max entries, the oldest forgotten
// first. Failures are not kept (they are rare and carry their error).
type linkCache struct {
	mu    sync.Mutex
	max   int
	ok    map[[32]byte]struct{}
	order [][32]byte
	next  int
}

func newLinkCache(max int) *linkCache {
	return &linkCache{max: max, ok: make(map[[32]byte]struct{}, max)}
}

func linkKey(group string, c *Certificate) [32]byte {
	h := sha256.New()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(group)))
	h.Write(n[:])
	h.Write([]byte(group))
	h.Write(c.Raw)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

func (l *linkCache) verified(k [32]byte) bool {
	l.mu.Lock()
	_, ok := l.ok[k]
	l.mu.Unlock()
	return ok
}

func (l *linkCache) remember(k [32]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, dup := l.ok[k]; dup {
		return
	}
	if len(l.order) < l.max {
		l.order = append(l.order, k)
	} else {
		delete(l.ok, l.order[l.next])
		l.order[l.next] = k
		l.next = (l.next + 1) % l.max
	}
	l.ok[k] = struct{}{}
}
