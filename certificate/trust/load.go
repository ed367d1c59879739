package trust

import (
	"errors"
	"fmt"

	"github.com/egisz-lk/registrar/certificate"
)

// File is one file of a trust configuration: a name for messages (a path)
// and its content.
type File struct {
	Name string
	Data []byte
}

// Files are the files a trust configuration is made of.
type Files struct {
	// Anchors are the trust anchors: files of root certificates (any
	// number per file: DER, PEM, base64, a PKCS#7 bundle) or one trusted
	// list XML, whose head-CA certificates become the anchors and whose
	// other certificates the intermediates.
	Anchors []File
	// CAs are intermediate CA certificates: untrusted, they only help build
	// chains.
	CAs []File
	// CRLs are revocation lists: a DER or base64 CRL, or any number of PEM
	// blocks per file.
	CRLs []File
	// OCSP are OCSP responses the caller has (an OCSPResponse or a bare
	// BasicOCSPResponse per file, DER, PEM or base64); like CRLs they count
	// only when an authorised responder signed them.
	OCSP []File
	// List configures the trusted list (the head CA pinned, size limit).
	List ListOptions
}

// Errors of Load.
var (
	// ErrConfig is matched (errors.Is) by every error of Load: a trust file
	// that cannot be used is a configuration error, not a verdict on a
	// document.
	ErrConfig = errors.New("trust: unusable trust configuration")
	// ErrNoHeadCA: the trusted list has no self-signed certificate of the
	// pinned head CA (ListOptions.HeadCAOGRN), so it would give no anchor.
	ErrNoHeadCA = errors.New("trust: no anchor of the pinned head CA in the trusted list")
)

// Loaded is what Load read besides the trust configuration itself.
type Loaded struct {
	// List is the trusted list among the anchors, nil when there is none.
	List *List
	// Skipped are the certificates of the anchor and CA files that could
	// not be used (a legacy GOST R 34.10-2001 CA with a non-DER BOOLEAN, a
	// name attribute that is not a string…); the other certificates of
	// the same files were loaded.
	Skipped []Skipped
}

// Skipped is one certificate Load left out.
type Skipped struct {
	// File is the name of the file it was in.
	File string
	// Err says which certificate of the file (Index) and why; Err.Rejected
	// describes it when its structure could be read.
	Err *certificate.ParseError
}

// Load builds the trust configuration from files: it tells a trusted list
// from certificates by its root element, merges the anchors and the
// intermediates (a CA certificate given as a file joins the list's
// intermediates without accreditation data, so Verify reports a chain
// through it as not accredited), and reads every CRL. It fails with an
// error naming the file when one cannot be used: no certificate, an ETSI
// trusted list (a *EuropeanListError), a second trusted list, a trusted list
// without an anchor for the pinned head CA, a malformed CRL or OCSP
// response. A file of
// certificates in which some cannot be parsed (real CA bundles hold such
// legacy certificates) is not an error: the others are loaded and each
// one left out is listed in Loaded.Skipped. The list's signature is
// checked against files.List.Signers; its status is in Loaded.List and in
// the pools, never an error.
func Load(files Files) (certificate.Trust, *Loaded, error) {
	var t certificate.Trust
	var list *List
	loaded := &Loaded{}
	bundle := func(f File) ([]*certificate.Certificate, error) {
		certs, skipped, err := certificate.ParseBundle(f.Data)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrConfig, f.Name, err)
		}
		for _, e := range skipped {
			loaded.Skipped = append(loaded.Skipped, Skipped{File: f.Name, Err: e})
		}
		return certs, nil
	}
	var roots, cas []*certificate.Certificate
	for _, f := range files.Anchors {
		if IsEuropeanList(f.Data) {
			return t, nil, fmt.Errorf("%w: %w", ErrConfig, &EuropeanListError{File: f.Name})
		}
		if IsList(f.Data) {
			if list != nil {
				return t, nil, fmt.Errorf("%w: %s: only one trusted list can be used", ErrConfig, f.Name)
			}
			l, err := ParseList(f.Data, &files.List)
			if err != nil {
				return t, nil, fmt.Errorf("%w: %s: %w", ErrConfig, f.Name, err)
			}
			if l.Roots.Len() == 0 {
				head := files.List.HeadCAOGRN
				if head == "" {
					head = MinDigitalOGRN
				}
				return t, nil, fmt.Errorf("%w: %w: %s: the trusted list has no self-signed certificate of the head CA with ОГРН %s",
					ErrConfig, ErrNoHeadCA, f.Name, head)
			}
			list = l
			continue
		}
		certs, err := bundle(f)
		if err != nil {
			return t, nil, err
		}
		roots = append(roots, certs...)
	}
	for _, f := range files.CAs {
		certs, err := bundle(f)
		if err != nil {
			return t, nil, err
		}
		cas = append(cas, certs...)
	}
	switch {
	case list == nil:
		if len(roots) > 0 {
			t.Roots = certificate.NewPool(roots...)
		}
		if len(cas) > 0 {
			t.Intermediates = certificate.NewPool(cas...)
		}
	default:
		t.Roots = merge(list.Roots, roots)
		t.Intermediates = merge(list.Intermediates, cas)
	}
	for _, f := range files.CRLs {
		crls, err := certificate.ParseCRLs(f.Data)
		if err != nil {
			return t, nil, fmt.Errorf("%w: %s: %w", ErrConfig, f.Name, err)
		}
		t.CRLs = append(t.CRLs, crls...)
	}
	for _, f := range files.OCSP {
		r, err := certificate.ParseOCSPResponse(f.Data)
		if err != nil {
			return t, nil, fmt.Errorf("%w: %s: %w", ErrConfig, f.Name, err)
		}
		t.OCSP = append(t.OCSP, r)
	}
	loaded.List = list
	return t, loaded, nil
}

// merge adds certificates without accreditation data to a pool of the
// list.
func merge(p *certificate.Pool, extra []*certificate.Certificate) *certificate.Pool {
	if len(extra) == 0 {
		return p
	}
	certs := append(p.Certificates(), extra...)
	acc := make([]certificate.Accreditation, len(certs))
	for i, c := range certs {
		acc[i] = p.Accreditation(c)
	}
	return certificate.NewAccreditedPool(*p.Source(), certs, acc)
}

// IsList reports whether data is an XML document whose root element is the
// Минцифры trusted list (АккредитованныеУдостоверяющиеЦентры). It reads at
// most the first few tokens. It is false for an ETSI trusted list (see
// IsEuropeanList).
func IsList(data []byte) bool {
	se, ok := rootElement(data, false)
	return ok && se.Name.Local == tslRoot
}
