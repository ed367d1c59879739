package certificate

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"
)

// Pool is a set of certificates indexed by subject key identifier and by
// subject name, used as trust anchors (Trust.Roots) or as intermediates. A
// Pool is immutable once built (NewPool, NewAccreditedPool, LoadTrust) and
// safe for concurrent use. Identical certificates are kept once.
type Pool struct {
	entries   []*poolEntry
	bySKI     map[string][]int
	bySubject map[string][]int
	byRaw     map[string]int
	// source is the trust source the pool was built from, if any.
	source *TrustSource
}

// Accreditation is what a trust source — the Минцифры trusted list (package
// certificate/trust) — says about the CA that operates a CA
// certificate's key. Verify requires every CA below the anchor of a chain
// built from accredited pools to be accredited at the validation time, and
// fetches CRLs from the addresses the source gives.
type Accreditation interface {
	// CA returns the name and the ОГРН of the CA.
	CA() (name, ogrn string)
	// StatusAt returns the accreditation status in effect at t as the
	// source words it ("Действует"), whether it is an active accreditation,
	// and since when; known is false when no status is in effect at t.
	StatusAt(t time.Time) (status string, active bool, since time.Time, known bool)
	// CRLURLs lists where the CA publishes the CRLs of this key.
	CRLURLs() []string
}

// TrustSource names the trust source a pool was built from: reports say
// which trusted list (version, date) a verdict relied on, and whether the
// list's own signature was verified.
type TrustSource struct {
	// Name describes the source ("перечень аккредитованных УЦ").
	Name string
	// Version and Date identify the snapshot.
	Version string
	Date    time.Time
	// Signature is what the loader found of the source's own signature.
	// Verify reports CHAIN-ACCREDITATION indeterminate for a chain whose
	// anchor or accreditation data came from a source whose signature is
	// not SourceVerified, and failed for SourceInvalid.
	Signature SourceSignature
}

// SourceSignature is the state of a trust source's own signature: the
// enveloped XMLDSig of the Минцифры trusted list, as package
// certificate/trust found it. The zero value means the source does not say,
// which Verify treats as a signature that was not checked.
type SourceSignature string

// The states of a trust source's signature.
const (
	// SourceVerified: the signature verified with a signer the caller
	// pinned.
	SourceVerified SourceSignature = "verified"
	// SourceUnsigned: the source carries no signature.
	SourceUnsigned SourceSignature = "unsigned"
	// SourceSignerNotPinned: the signature was not checked against a
	// pinned signer: none was pinned, or the list's signer is not one of
	// them.
	SourceSignerNotPinned SourceSignature = "signer-not-pinned"
	// SourceUnsupportedAlgorithm: the signature uses an algorithm that is
	// not supported or was withdrawn (GOST R 34.10-2001, GOST R 34.11-94).
	SourceUnsupportedAlgorithm SourceSignature = "unsupported-algorithm"
	// SourceInvalid: the signature does not verify: the source was
	// changed after signing, or the signature is malformed or does not
	// cover the whole source.
	SourceInvalid SourceSignature = "invalid"
)

// poolEntry is one certificate with what the trust source says about it.
type poolEntry struct {
	cert *Certificate
	acc  Accreditation // nil outside a trust source
	// group identifies (subject, SPKI): certificates of the same key and
	// subject are equivalent issuers.
	group string
	// verified remembers the issuer groups whose key verified this
	// certificate's signature.
	verified sync.Map
	// transient marks the entries of the pool Verify builds from a
	// document's certificates (VerifyOptions.Extra): they live for one call.
	transient bool
	// key is the certificate's key precomputed (GOSTPublicKey.Precompute)
	// for the certificates a prepared Trust verifies with it, built on
	// first use; nil when the certificate has no usable GOST key.
	keyOnce sync.Once
	key     *GOSTPublicKey
}

// issuerKey returns the entry's key precomputed, or nil.
func (e *poolEntry) issuerKey() *GOSTPublicKey {
	e.keyOnce.Do(func() {
		if k, err := e.cert.GOSTKey(); err == nil {
			e.key = k.Precompute()
		}
	})
	return e.key
}

// NewAccreditedPool returns a pool of certs from the trust source src;
// acc[i], when not nil, is what the source says about the CA of certs[i].
// Package certificate/trust builds its pools with it.
func NewAccreditedPool(src TrustSource, certs []*Certificate, acc []Accreditation) *Pool {
	p := newPool(len(certs))
	p.source = &src
	for i, c := range certs {
		if c == nil {
			continue
		}
		e := &poolEntry{cert: c}
		if i < len(acc) {
			e.acc = acc[i]
		}
		p.add(e)
	}
	return p
}

// NewPool returns a pool of the certificates (nil ones are skipped).
func NewPool(certs ...*Certificate) *Pool {
	p := newPool(len(certs))
	for _, c := range certs {
		if c != nil {
			p.add(&poolEntry{cert: c})
		}
	}
	return p
}

func newPool(n int) *Pool {
	return &Pool{bySKI: make(map[string][]int, n), bySubject: make(map[string][]int, n), byRaw: make(map[string]int, n)}
}

// add inserts an entry unless the same certificate is already present.
func (p *Pool) add(e *poolEntry) {
	if _, dup := p.byRaw[string(e.cert.Raw)]; dup {
		return
	}
	e.group = groupKey(e.cert)
	i := len(p.entries)
	p.entries = append(p.entries, e)
	p.byRaw[string(e.cert.Raw)] = i
	if ski := e.cert.SubjectKeyID; len(ski) > 0 {
		p.bySKI[string(ski)] = append(p.bySKI[string(ski)], i)
	}
	p.bySubject[string(e.cert.RawSubject)] = append(p.bySubject[string(e.cert.RawSubject)], i)
}

// groupKey is subject name ‖ SubjectPublicKeyInfo.
func groupKey(c *Certificate) string {
	return string(c.RawSubject) + "\x00" + string(c.RawSubjectPublicKeyInfo)
}

// inGroup reports whether groupKey(c) is g, without building the key.
func inGroup(c *Certificate, g string) bool {
	s, k := c.RawSubject, c.RawSubjectPublicKeyInfo
	return len(g) == len(s)+1+len(k) && g[len(s)] == 0 && g[:len(s)] == string(s) && g[len(s)+1:] == string(k)
}

// Len returns the number of certificates.
func (p *Pool) Len() int {
	if p == nil {
		return 0
	}
	return len(p.entries)
}

// Certificates returns the certificates in insertion order.
func (p *Pool) Certificates() []*Certificate {
	if p == nil {
		return nil
	}
	out := make([]*Certificate, len(p.entries))
	for i, e := range p.entries {
		out[i] = e.cert
	}
	return out
}

// Contains reports whether the pool holds this exact certificate.
func (p *Pool) Contains(c *Certificate) bool {
	if p == nil || c == nil {
		return false
	}
	_, ok := p.byRaw[string(c.Raw)]
	return ok
}

// Source returns the trust source the pool was built from, nil for a pool
// of plain certificates.
func (p *Pool) Source() *TrustSource {
	if p == nil {
		return nil
	}
	return p.source
}

// Accreditation returns what the trust source of the pool says about the
// CA operating c's key (nil when the pool has no source or does not hold
// c).
func (p *Pool) Accreditation(c *Certificate) Accreditation {
	if e := p.entry(c); e != nil {
		return e.acc
	}
	return nil
}

func (p *Pool) entry(c *Certificate) *poolEntry {
	if p == nil || c == nil {
		return nil
	}
	if i, ok := p.byRaw[string(c.Raw)]; ok {
		return p.entries[i]
	}
	return nil
}

// issuers returns the pool entries that may have issued c: by authority key
// identifier ↔ subject key identifier first, then by subject name = c's
// issuer name; each entry once.
func (p *Pool) issuers(c *Certificate, out []*poolEntry) []*poolEntry {
	if p == nil {
		return out
	}
	// The entries of this pool found so far: a handful, searched in place
	// rather than kept in a map.
	start := len(out)
	if a := c.AuthorityKeyID; a != nil && len(a.KeyID) > 0 {
		for _, i := range p.bySKI[string(a.KeyID)] {
			if e := p.entries[i]; !slices.Contains(out[start:], e) {
				out = append(out, e)
			}
		}
	}
	for _, i := range p.bySubject[string(c.RawIssuer)] {
		if e := p.entries[i]; !slices.Contains(out[start:], e) {
			out = append(out, e)
		}
	}
	return out
}

// validAtText renders a validity period for messages.
func validityRU(c *Certificate) string {
	return fmt.Sprintf("с %s по %s", msk.DateTime(c.NotBefore), msk.DateTime(c.NotAfter))
}

// keyEqual reports whether two certificates certify the same public key.
func keyEqual(a, b *Certificate) bool {
	return bytes.Equal(a.RawSubjectPublicKeyInfo, b.RawSubjectPublicKeyInfo)
}

// responders appends to out the certificates of the pool the ResponderID of
// an OCSP response names: by subject name, or by a subject key identifier
// equal to the key hash (the SHA-1 of the key, as most CAs compute it).
func (p *Pool) responders(r *OCSPResponse, out []*Certificate) []*Certificate {
	if p == nil {
		return out
	}
	var idx []int
	if r.RawResponderName != nil {
		idx = p.bySubject[string(r.RawResponderName)]
	} else {
		idx = p.bySKI[string(r.ResponderKeyHash)]
	}
	for _, i := range idx {
		out = append(out, p.entries[i].cert)
	}
	return out
}
