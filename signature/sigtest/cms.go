package sigtest

import (
	"bytes"
	"fmt"

	"github.com/egisz-lk/registrar/internal/oid"
)

// SignatureValue returns the octets of the signature field of signer n
// (from 0) of the DER CMS sig: what a signature timestamp covers (ETSI EN
// 319 122-1 §5.3).
func SignatureValue(sig []byte, n int) ([]byte, error) {
	c, err := splitCMS(sig)
	if err != nil {
		return nil, err
	}
	fields, _, err := c.signer(n)
	if err != nil {
		return nil, err
	}
	v, err := signatureValue(fields)
	if err != nil {
		return nil, fmt.Errorf("signer %d: %w", n, err)
	}
	return bytes.Clone(v), nil
}

// AddSignatureTimestampToken returns a copy of the DER CMS sig in which
// signer n (from 0) carries token as an id-aa-signatureTimeStampToken
// unsigned attribute (CAdES-T), after its other unsigned attributes. Every
// byte of the SignerInfo before its unsignedAttrs and every other element
// is copied unchanged; only the lengths of the enclosing elements change.
// token is added as given, so that tests can attach a damaged one;
// AddSignatureTimestamp makes the token itself.
func AddSignatureTimestampToken(sig []byte, n int, token []byte) ([]byte, error) {
	return AddUnsignedAttributes(sig, n, Attribute(oid.SignatureTimeStampToken.OID(), token))
}
