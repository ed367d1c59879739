package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/egisz-lk/registrar/internal/armor"
)

// Limits applied by Parse. An input or certificate over a limit is rejected
// before it is decoded further.
const (
	// MaxInputSize is the largest input Parse accepts: 50 MiB.
	MaxInputSize = 50 << 20
	// MaxCertificateSize is the largest single DER certificate: 1 MiB.
	MaxCertificateSize = 1 << 20
	// MaxCertificates is the largest number of certificates in one input.
	MaxCertificates = 10000
)

// Parse reads every certificate in data, which may be:
//
//   - one DER certificate;
//   - PEM with any number of CERTIFICATE blocks (and PKCS7 blocks holding
//     certs-only bundles); explanatory text around the blocks is ignored,
//     any other block type is an error naming the type;
//   - base64 of a DER certificate or bundle, on one line or wrapped, with LF
//     or CRLF line ends (the CryptoAPI "Base-64 encoded X.509" export);
//   - a PKCS#7 / CMS certs-only SignedData bundle (.p7b), DER, base64 or
//     PEM;
//
// and text (PEM, base64) may be UTF-8 with or without a BOM or UTF-16 with
// a BOM, as Windows tools write it. Each certificate is checked strictly
// (DER only, no trailing bytes, no negative serial number, no duplicate
// extension) and is accepted only if crypto/x509 would accept it too:
// this package decodes certificates itself but applies the rules of
// crypto/x509. Errors are *ParseError values wrapping one of the parse
// classes. A certificate whose public key is not
// a usable GOST key is still returned: see PublicKey.Err.
func Parse(data []byte) ([]*Certificate, error) {
	certs, _, err := parse(data, false)
	return certs, err
}

// ParseBundle reads the certificates of a bundle — a CA file, a .p7b, a PEM
// file with many blocks — like Parse, except that a certificate that cannot
// be parsed does not abort the others: it is returned in skipped, a
// *ParseError with its Index (the certificate's position in the input,
// from 0) and, when its outer structure could be read, a description of
// what it is in Rejected. err is not nil when the input as a whole cannot
// be read (transport, size, a broken bundle structure) or holds no
// certificate at all: nothing parsed and nothing even shaped like a
// certificate (a CRL, a signature, garbage).
func ParseBundle(data []byte) (certs []*Certificate, skipped []*ParseError, err error) {
	return parse(data, true)
}

// parse is Parse, or ParseBundle when lenient.
func parse(data []byte, lenient bool) ([]*Certificate, []*ParseError, error) {
	dec, err := armor.Decode(data, armor.Options{Labels: certLabels, MaxSize: MaxInputSize})
	if err != nil {
		return nil, nil, transportError(err, "")
	}
	p := parser{lenient: lenient}
	for _, b := range dec.Blocks {
		format := source{format: dec.Format}
		if b.Label != "" {
			format.pemBlock = b.Index + 1
		}
		p.block = b.Bytes
		switch b.Label {
		case "CERTIFICATE", "X509 CERTIFICATE":
			err = p.one(b.Bytes, 0, format)
		default:
			err = p.der(b.Bytes, format)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if p.n == 0 {
		return nil, nil, &ParseError{Err: ErrNoCertificates, Format: dec.Format, Index: -1, Offset: -1}
	}
	if len(p.certs) == 0 && !slices.ContainsFunc(p.skipped, func(e *ParseError) bool { return e.Rejected != nil }) {
		// Nothing in the input was even shaped like a certificate (a CRL,
		// a signature, garbage): that is the error of the whole input.
		return nil, nil, p.skipped[0]
	}
	return p.certs, p.skipped, nil
}

// certLabels are the PEM labels of certificates and certificate bundles.
var certLabels = []string{"CERTIFICATE", "X509 CERTIFICATE", "PKCS7", "CMS"}

// transportError turns an error of the transport decoder into a
// *ParseError; format names what was being read ("" for certificates,
// "CRL").
func transportError(err error, format string) error {
	var ae *armor.Error
	if !errors.As(err, &ae) {
		return &ParseError{Err: ErrFormat, Format: format, Index: -1, Offset: -1, Cause: err}
	}
	pe := &ParseError{Err: ErrFormat, Format: format, Index: -1, Offset: -1, Detail: ae.Detail, Cause: ae}
	if pe.Format == "" {
		pe.Format = ae.Format
	}
	switch {
	case errors.Is(err, armor.ErrEmpty):
		pe.Err = ErrEmpty
	case errors.Is(err, armor.ErrTooLarge):
		pe.Err = ErrTooLarge
	case errors.Is(err, armor.ErrLabel):
		pe.PEMType = ae.Label
	}
	return pe
}

// ParseOne is Parse for an input that must hold exactly one certificate; a
// bundle or a PEM file with several certificates is an ErrNotOne error.
func ParseOne(data []byte) (*Certificate, error) {
	certs, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if len(certs) != 1 {
		return nil, &ParseError{Err: ErrNotOne, Index: -1, Offset: -1,
			Detail: fmt.Sprintf("found %d certificates", len(certs))}
	}
	return certs[0], nil
}

// parser accumulates certificates across PEM blocks and bundles. A
// lenient parser keeps going after a certificate that does not parse and
// records it in skipped; a strict one stops at the first.
type parser struct {
	lenient bool
	// block is the transport block being read: a fresh copy made by
	// armor.Decode that nothing else holds.
	block   []byte
	n       int // certificates seen, parsed or not
	certs   []*Certificate
	skipped []*ParseError
}

// der reads a DER certificate or a DER PKCS#7 bundle.
func (p *parser) der(der []byte, format source) error {
	if isContentInfo(der) {
		raws, derr := scanPKCS7(der, 0)
		if derr != nil {
			format.pkcs7 = true
			return p.fail(derr, format, -1)
		}
		format.pkcs7 = true
		for _, rc := range raws {
			if err := p.one(rc.der, rc.off, format); err != nil {
				return err
			}
		}
		return nil
	}
	return p.one(der, 0, format)
}

// one parses one DER certificate found at offset off of the current DER.
// A lenient parser records a certificate that does not parse and goes on;
// the limits stop both.
func (p *parser) one(der []byte, off int, format source) error {
	index := p.n
	if index >= MaxCertificates {
		return &ParseError{Err: ErrTooLarge, reason: reasonTooMany, Format: format.String(), Index: index, Offset: off,
			Detail: fmt.Sprintf("more than %d certificates", MaxCertificates)}
	}
	if len(der) > MaxCertificateSize {
		return &ParseError{Err: ErrTooLarge, reason: reasonCertTooLarge, Format: format.String(), Index: index, Offset: off,
			Detail: fmt.Sprintf("certificate of %d bytes, limit %d", len(der), MaxCertificateSize)}
	}
	p.n++
	// Own copy: the certificate must not keep a large input alive nor change
	// when the caller reuses its buffer. A certificate that is the whole
	// transport block already has one.
	if len(der) != len(p.block) || len(der) == 0 || &der[0] != &p.block[0] {
		der = bytes.Clone(der)
	}
	c, layout, derr := parseCertificateDER(der, 0)
	if derr != nil {
		derr.off += off
		pe := p.fail(derr, format, index)
		if layout != nil {
			// The structure was read but the certificate is refused:
			// say what it is.
			rejected, reason, detail := explainRejection(layout)
			pe.Rejected = rejected
			if reason != nil {
				pe.reason, pe.Detail = reason, detail
			}
		}
		return p.skip(pe)
	}
	p.certs = append(p.certs, c)
	return nil
}

// skip records a certificate that did not parse (lenient) or returns the
// error (strict).
func (p *parser) skip(e *ParseError) error {
	if !p.lenient {
		return e
	}
	p.skipped = append(p.skipped, e)
	return nil
}

func (p *parser) fail(e *derError, format source, index int) *ParseError {
	return &ParseError{Err: classOf(e.reason), reason: e.reason, Format: format.String(), Index: index, Offset: e.off, Detail: e.detail}
}

// source names where a certificate was read, for errors: the transport
// format, the PEM block (from 1; 0 when not PEM) and whether inside a
// PKCS#7 bundle. It is formatted only when an error needs it.
type source struct {
	format   string
	pemBlock int
	pkcs7    bool
}

// String is the Format of a ParseError: "DER", "PEM block 2 PKCS#7", ….
func (s source) String() string {
	f := s.format
	if s.pemBlock > 0 {
		f = "PEM block " + strconv.Itoa(s.pemBlock)
	}
	if s.pkcs7 {
		f += " PKCS#7"
	}
	return f
}
