package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/egisz-lk/registrar/internal/msk"
)

// Pool is a set of certificates indexed by subject key identifier and by
// subject name, used as trust anchors (VerifyOptions.Roots) or as
// intermediates. A Pool is immutable once built (NewPool, LoadPool…,
// TrustedList) and safe for concurrent use. Identical certificates are kept
// once.
type Pool struct {
	entries   []*poolEntry
	bySKI     map[string][]int
	bySubject map[string][]int
	byRaw     map[string]int
	// list is the trusted list the pool was built from, if any.
	list *TrustedList
}

// poolEntry is one certificate with what the trusted list says about it.
type poolEntry struct {
	cert *Certificate
	ca   *TrustedCA  // nil outside a trusted list
	key  *TrustedKey // nil outside a trusted list
	// group identifies (subject, SPKI): certificates of the same key and
	// subject are equivalent issuers.
	group string
	// verified remembers the issuer groups whose key verified this
	// certificate's signature.
	verified sync.Map
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
	p.bySubject[string(e.cert.X509.RawSubject)] = append(p.bySubject[string(e.cert.X509.RawSubject)], i)
}

// groupKey is subject name ‖ SubjectPublicKeyInfo.
func groupKey(c *Certificate) string {
	return string(c.X509.RawSubject) + "\x00" + string(c.X509.RawSubjectPublicKeyInfo)
}

// ParsePool reads every certificate of data (anything Parse accepts: DER,
// PEM with several blocks, base64, PKCS#7) into a new pool.
func ParsePool(data []byte) (*Pool, error) {
	certs, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return NewPool(certs...), nil
}

// LoadPoolFiles reads certificate files (each may hold several
// certificates) into one pool; an unreadable or unparsable file is an error
// naming it.
func LoadPoolFiles(paths ...string) (*Pool, error) {
	var all []*Certificate
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		if fi.Size() > MaxInputSize {
			return nil, fmt.Errorf("certificate: %s: %w", path, &ParseError{Err: ErrInputTooLarge, Index: -1, Offset: -1})
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		certs, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("certificate: %s: %w", path, err)
		}
		all = append(all, certs...)
	}
	return NewPool(all...), nil
}

// LoadPoolDir reads every file with the extension .pem, .crt, .cer, .der or
// .p7b (case-insensitive) in dir, not recursively, into one pool.
func LoadPoolDir(dir string) (*Pool, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	var paths []string
	for _, de := range des {
		if de.IsDir() {
			continue
		}
		switch strings.ToLower(filepath.Ext(de.Name())) {
		case ".pem", ".crt", ".cer", ".der", ".p7b":
			paths = append(paths, filepath.Join(dir, de.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("certificate: %s: %w", dir, errors.New("no certificate files (.pem, .crt, .cer, .der, .p7b)"))
	}
	sort.Strings(paths)
	return LoadPoolFiles(paths...)
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

// BySubjectKeyID returns the certificates with this subject key identifier.
func (p *Pool) BySubjectKeyID(ski []byte) []*Certificate {
	if p == nil {
		return nil
	}
	var out []*Certificate
	for _, i := range p.bySKI[string(ski)] {
		out = append(out, p.entries[i].cert)
	}
	return out
}

// BySubject returns the certificates whose subject is the DER name raw.
func (p *Pool) BySubject(raw []byte) []*Certificate {
	if p == nil {
		return nil
	}
	var out []*Certificate
	for _, i := range p.bySubject[string(raw)] {
		out = append(out, p.entries[i].cert)
	}
	return out
}

// TrustedList returns the trusted list the pool was built from, nil for a
// pool built from files.
func (p *Pool) TrustedList() *TrustedList {
	if p == nil {
		return nil
	}
	return p.list
}

// Accreditation returns what the trusted list the pool came from says
// about the CA operating c's key (nil when the pool does not come from a
// trusted list or does not hold c).
func (p *Pool) Accreditation(c *Certificate) *TrustedCA {
	if e := p.entry(c); e != nil {
		return e.ca
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
func (p *Pool) issuers(c *Certificate, seen map[*poolEntry]bool, out []*poolEntry) []*poolEntry {
	if p == nil {
		return out
	}
	if a := c.AuthorityKeyID; a != nil && len(a.KeyID) > 0 {
		for _, i := range p.bySKI[string(a.KeyID)] {
			if e := p.entries[i]; !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	for _, i := range p.bySubject[string(c.X509.RawIssuer)] {
		if e := p.entries[i]; !seen[e] {
			seen[e] = true
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
	return bytes.Equal(a.X509.RawSubjectPublicKeyInfo, b.X509.RawSubjectPublicKeyInfo)
}
