package main

import (
	"bytes"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/egisz-lk/registrar/certificate"
)

// trustedListRoot is the root element of the Минцифры trusted list.
const trustedListRoot = "АккредитованныеУдостоверяющиеЦентры"

// trustFlags are the trust inputs shared by check, verify and application:
// anchors, intermediates, CRLs.
type trustFlags struct {
	trust, ca, crl listFlag
	tslHeadOGRN    string
	requireCRL     bool
}

func (t *trustFlags) register(c *cmd) {
	c.fs.Var(&t.trust, "trust", "trust anchors: root certificates (PEM/DER, several per `FILE`) or a trusted-list XML "+
		"(АккредитованныеУдостоверяющиеЦентры); without --trust no chain can be trusted")
	c.fs.Var(&t.ca, "ca", "intermediate CA certificates (PEM/DER, several per `FILE`)")
	c.fs.Var(&t.crl, "crl", "certificate revocation list (DER or PEM, several PEM blocks per `FILE`)")
	c.fs.StringVar(&t.tslHeadOGRN, "tsl-head-ogrn", certificate.MinDigitalOGRN,
		"`OGRN` of the head CA whose self-signed certificates in a trusted-list XML become anchors "+
			"(the fixtures' list: 1373668222168)")
	c.fs.BoolVar(&t.requireCRL, "require-crl", false, "fail (instead of warn) when a certificate's revocation cannot be checked")
}

// load reads the files and returns the chain options at time at. A file
// that cannot be read or parsed is an error (a usage error for the
// caller): trust inputs are configuration, not the documents under check.
func (t *trustFlags) load(at time.Time) (certificate.VerifyOptions, error) {
	o := certificate.VerifyOptions{At: at}
	var list *certificate.TrustedList
	var roots []*certificate.Certificate
	for _, path := range t.trust {
		data, err := readFile("trust", path)
		if err != nil {
			return o, err
		}
		if root, ok := rootElement(data); ok && root.Local == trustedListRoot {
			if list != nil {
				return o, fmt.Errorf("--trust %s: only one trusted list can be used", path)
			}
			list, err = certificate.ParseTrustedList(data, &certificate.TrustedListOptions{HeadCAOGRN: t.tslHeadOGRN})
			if err != nil {
				return o, fmt.Errorf("--trust %s: %w", path, err)
			}
			if list.Roots.Len() == 0 {
				return o, fmt.Errorf("--trust %s: the trusted list has no self-signed certificate of the head CA with ОГРН %s "+
					"(set --tsl-head-ogrn)", path, t.tslHeadOGRN)
			}
			continue
		}
		certs, err := certificate.Parse(data)
		if err != nil {
			return o, fmt.Errorf("--trust %s: %w", path, err)
		}
		roots = append(roots, certs...)
	}
	var cas []*certificate.Certificate
	for _, path := range t.ca {
		data, err := readFile("ca", path)
		if err != nil {
			return o, err
		}
		certs, err := certificate.Parse(data)
		if err != nil {
			return o, fmt.Errorf("--ca %s: %w", path, err)
		}
		cas = append(cas, certs...)
	}
	switch {
	case list != nil && len(roots) == 0:
		o.Roots = list.Roots
	case list != nil:
		o.Roots = certificate.NewPool(append(list.Roots.Certificates(), roots...)...)
	case len(roots) > 0:
		o.Roots = certificate.NewPool(roots...)
	}
	if list != nil {
		// The list's intermediates carry the accreditation data; further
		// CA files join as untrusted candidates.
		o.Intermediates = list.Intermediates
		o.Extra = cas
	} else if len(cas) > 0 {
		o.Intermediates = certificate.NewPool(cas...)
	}
	for _, path := range t.crl {
		data, err := readFile("crl", path)
		if err != nil {
			return o, err
		}
		crls, err := parseCRLs(data)
		if err != nil {
			return o, fmt.Errorf("--crl %s: %w", path, err)
		}
		o.CRLs = append(o.CRLs, crls...)
	}
	if t.requireCRL {
		o.RevocationMode = certificate.RevocationRequire
	}
	return o, nil
}

// parseCRLs reads one DER CRL or any number of PEM "X509 CRL" blocks.
func parseCRLs(data []byte) ([]*certificate.CRL, error) {
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte("-----BEGIN ")) {
		c, err := certificate.ParseCRL(data)
		if err != nil {
			return nil, err
		}
		return []*certificate.CRL{c}, nil
	}
	var out []*certificate.CRL
	rest := trimmed
	for {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = r
		c, err := certificate.ParseCRL(pem.EncodeToMemory(block))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no PEM block")
	}
	return out, nil
}

// rootElement returns the name of the first element of an XML document.
func rootElement(data []byte) (xml.Name, bool) {
	body := bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '<' {
		return xml.Name{}, false
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 64 {
		tok, err := dec.Token()
		if err != nil {
			return xml.Name{}, false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, true
		}
	}
	return xml.Name{}, false
}
