package sigtest

import (
	"bytes"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// CoSign joins CMS signatures of the same content into one SignedData
// with every SignerInfo of each, in the order given: a co-signature
// (parallel signatures, RFC 5652 §5.1 — as a second signer adds his
// signature to a file already signed). sigs are DER ContentInfos holding
// SignedData, all detached or all attaching the same content (their
// encapContentInfo must be byte-identical). The result takes the highest
// version, the digest algorithms, certificates and CRLs of all of them
// without repeats (first occurrence first), and the SignerInfos of the
// first signature, then of the second, and so on; no signed byte changes,
// so each signer verifies as before. Fewer than two signatures, or ones
// that cannot be joined, are an error wrapping ErrBuild.
func CoSign(sigs ...[]byte) ([]byte, error) {
	if len(sigs) < 2 {
		return nil, fmt.Errorf("%w: co-signing needs at least two signatures, have %d", ErrBuild, len(sigs))
	}
	var (
		version     []byte
		encap       []byte
		digests     [][]byte
		certs, crls [][]byte
		signers     [][]byte
		contentType []byte
	)
	for n, sig := range sigs {
		c, err := splitCMS(sig)
		if err != nil {
			return nil, fmt.Errorf("signature %d: %w", n+1, err)
		}
		if cbasn1.Tag(c.head[0][0]) != cbasn1.INTEGER || cbasn1.Tag(c.head[1][0]) != cbasn1.SET || cbasn1.Tag(c.head[2][0]) != cbasn1.SEQUENCE {
			return nil, fmt.Errorf("%w: signature %d: malformed SignedData", ErrBuild, n+1)
		}
		if n == 0 {
			contentType, encap = c.contentType, c.head[2]
		} else if !bytes.Equal(encap, c.head[2]) {
			return nil, fmt.Errorf("%w: signature %d: encapContentInfo differs from the first signature's", ErrBuild, n+1)
		}
		if version == nil || compareVersion(c.head[0], version) > 0 {
			version = c.head[0]
		}
		digests = union(digests, items(c.head[1]))
		if f := c.field(cbasn1.Tag(0).Constructed().ContextSpecific()); f != nil {
			certs = union(certs, items(f))
		}
		if f := c.field(cbasn1.Tag(1).Constructed().ContextSpecific()); f != nil {
			crls = union(crls, items(f))
		}
		signers = append(signers, c.signers...)
	}
	out := &cms{contentType: contentType, signers: signers}
	out.head = append(out.head, version, wrap(cbasn1.SET, digests), encap)
	if len(certs) > 0 {
		out.head = append(out.head, wrap(cbasn1.Tag(0).Constructed().ContextSpecific(), certs))
	}
	if len(crls) > 0 {
		out.head = append(out.head, wrap(cbasn1.Tag(1).Constructed().ContextSpecific(), crls))
	}
	return out.bytes(), nil
}

// union appends to list the elements of add it does not hold yet.
func union(list, add [][]byte) [][]byte {
	for _, a := range add {
		if !containsBytes(list, a) {
			list = append(list, a)
		}
	}
	return list
}

func containsBytes(list [][]byte, b []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, b) {
			return true
		}
	}
	return false
}

// compareVersion compares two small DER INTEGER elements (CMS versions).
func compareVersion(a, b []byte) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return bytes.Compare(a, b)
}

// wrap encodes the elements inside one constructed element with tag.
func wrap(tag cbasn1.Tag, elems [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, e := range elems {
			b.AddBytes(e)
		}
	})
	return b.BytesOrPanic()
}
