package certificate

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"
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
//     PEM.
//
// Each certificate is checked strictly (DER only, no trailing bytes, no
// negative serial number, no duplicate extension) before crypto/x509 parses
// it. Errors are *ParseError values wrapping one of the Err* classes. A
// certificate whose public key is not a usable GOST key is still returned:
// see PublicKey.Err.
func Parse(data []byte) ([]*Certificate, error) {
	if len(data) > MaxInputSize {
		return nil, &ParseError{Err: ErrInputTooLarge, Index: -1, Offset: -1,
			Detail: fmt.Sprintf("%d bytes, limit %d", len(data), MaxInputSize)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{Err: ErrEmpty, Index: -1, Offset: -1}
	}
	var p parser
	if err := p.any(data); err != nil {
		return nil, err
	}
	if len(p.certs) == 0 {
		return nil, &ParseError{Err: ErrNoCertificates, Format: p.format, Index: -1, Offset: -1}
	}
	return p.certs, nil
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

// parser accumulates certificates across PEM blocks and bundles.
type parser struct {
	certs  []*Certificate
	format string
}

// any detects the transport of data and reads it.
func (p *parser) any(data []byte) error {
	if data[0] == tagSequence {
		p.format = "DER"
		return p.der(data, "DER")
	}
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	if bytes.Contains(text, []byte("-----BEGIN")) {
		p.format = "PEM"
		return p.pem(text)
	}
	p.format = "base64"
	der, err := decodeBase64(text)
	if err != nil {
		return err
	}
	if len(der) == 0 || der[0] != tagSequence {
		return &ParseError{Err: ErrUnrecognized, Index: -1, Offset: -1,
			Detail: "input is not DER (does not start with 0x30), has no PEM armour and does not decode from base64 to DER"}
	}
	return p.der(der, "base64")
}

// der reads a DER certificate or a DER PKCS#7 bundle.
func (p *parser) der(der []byte, format string) error {
	if isContentInfo(der) {
		raws, derr := scanPKCS7(der, 0)
		if derr != nil {
			return p.fail(derr, format+" PKCS#7", -1)
		}
		for _, rc := range raws {
			if err := p.one(rc.der, rc.off, format+" PKCS#7"); err != nil {
				return err
			}
		}
		return nil
	}
	return p.one(der, 0, format)
}

// one parses one DER certificate found at offset off of the current DER.
func (p *parser) one(der []byte, off int, format string) error {
	index := len(p.certs)
	if index >= MaxCertificates {
		return &ParseError{Err: ErrTooManyCertificates, Format: format, Index: index, Offset: off,
			Detail: fmt.Sprintf("limit %d", MaxCertificates)}
	}
	if len(der) > MaxCertificateSize {
		return &ParseError{Err: ErrCertificateTooLarge, Format: format, Index: index, Offset: off,
			Detail: fmt.Sprintf("%d bytes, limit %d", len(der), MaxCertificateSize)}
	}
	// Own copy: the certificate must not keep a large input alive nor change
	// when the caller reuses its buffer.
	der = bytes.Clone(der)
	layout, derr := scanCertificate(der, 0)
	if derr != nil {
		derr.off += off
		return p.fail(derr, format, index)
	}
	x, err := x509.ParseCertificate(der)
	if err != nil {
		return &ParseError{Err: ErrMalformed, Format: format, Index: index, Offset: off,
			Detail: "crypto/x509 rejected the certificate", Cause: err}
	}
	p.certs = append(p.certs, newCertificate(x, layout))
	return nil
}

func (p *parser) fail(e *derError, format string, index int) error {
	return &ParseError{Err: e.class, Format: format, Index: index, Offset: e.off, Detail: e.detail}
}

// pem reads PEM text. Go's pem.Decode skips a malformed block and goes on
// with the next one, which would silently lose a certificate; so the number
// of "-----BEGIN" lines must equal the number of blocks decoded.
func (p *parser) pem(text []byte) error {
	begins := bytes.Count(text, []byte("-----BEGIN"))
	rest := text
	blocks := 0
	for {
		block, r := pem.Decode(rest)
		if block == nil {
			break
		}
		blocks++
		rest = r
		if len(block.Headers) > 0 {
			return &ParseError{Err: ErrPEM, Format: "PEM", Index: -1, Offset: -1,
				Detail: fmt.Sprintf("block %d (%s) has headers; certificates are never encrypted", blocks, block.Type)}
		}
		if len(block.Bytes) == 0 {
			return &ParseError{Err: ErrPEM, Format: "PEM", Index: -1, Offset: -1,
				Detail: fmt.Sprintf("block %d (%s) is empty", blocks, block.Type)}
		}
		switch block.Type {
		case "CERTIFICATE", "X509 CERTIFICATE":
			if err := p.one(block.Bytes, 0, fmt.Sprintf("PEM block %d", blocks)); err != nil {
				return err
			}
		case "PKCS7", "CMS":
			if err := p.der(block.Bytes, fmt.Sprintf("PEM block %d", blocks)); err != nil {
				return err
			}
		default:
			return &ParseError{Err: ErrPEMType, Format: "PEM", Index: -1, Offset: -1, PEMType: block.Type,
				Detail: fmt.Sprintf("block %d is %q; want CERTIFICATE or PKCS7%s", blocks, block.Type, pemTypeHint(block.Type))}
		}
	}
	if blocks != begins {
		return &ParseError{Err: ErrPEM, Format: "PEM", Index: -1, Offset: -1,
			Detail: fmt.Sprintf("%d BEGIN lines but %d well-formed blocks: a block lacks its END line or has a corrupt base64 body", begins, blocks)}
	}
	return nil
}

// pemTypeHint explains common wrong uploads.
func pemTypeHint(t string) string {
	switch {
	case strings.Contains(t, "PRIVATE KEY"):
		return " (this is a private key: never upload it)"
	case strings.Contains(t, "REQUEST"):
		return " (this is a certificate request, not a certificate)"
	case strings.Contains(t, "CRL"):
		return " (this is a revocation list)"
	case t == "TRUSTED CERTIFICATE":
		return " (OpenSSL trusted-certificate format: export with 'openssl x509' instead)"
	}
	return ""
}

// decodeBase64 decodes base64 text with any line breaks and surrounding
// whitespace, padded or not.
func decodeBase64(text []byte) ([]byte, error) {
	clean := make([]byte, 0, len(text))
	for i, c := range text {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			clean = append(clean, c)
		default:
			return nil, &ParseError{Err: ErrUnrecognized, Index: -1, Offset: -1,
				Detail: fmt.Sprintf("byte 0x%02x at offset %d: input is not DER (does not start with 0x30), not PEM and not base64", c, i)}
		}
	}
	if len(clean) == 0 {
		return nil, &ParseError{Err: ErrEmpty, Index: -1, Offset: -1}
	}
	enc := base64.StdEncoding
	if len(clean)%4 != 0 && !bytes.Contains(clean, []byte("=")) {
		enc = base64.RawStdEncoding
	}
	der, err := enc.Strict().DecodeString(string(clean))
	if err != nil {
		return nil, &ParseError{Err: ErrBase64, Format: "base64", Index: -1, Offset: -1, Cause: err}
	}
	return der, nil
}
