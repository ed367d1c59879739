package trust

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strings"

	"github.com/beevik/etree"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// XMLDSig names: the namespace, the enveloped-signature transform, and the
// GOST algorithms of XMLDSig (draft-smirnov-xmldsig, Р 1323565.1.033-2020).
const (
	dsNS         = "http://www.w3.org/2000/09/xmldsig#"
	excC14NNS    = "http://www.w3.org/2001/10/xml-exc-c14n#"
	algEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

	// GOST R 34.10-2012 with a 256-bit key over Streebog-256, with a
	// 512-bit key over Streebog-512 (SignatureMethod).
	algGOST2012256 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256"
	algGOST2012512 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-512"
	// GOST R 34.11-2012, 256 and 512 bits (DigestMethod).
	algStreebog256 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256"
	algStreebog512 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-512"
)

// withdrawnAlgorithms are the URIs of GOST R 34.10-2001 and GOST R 34.11-94
// in XMLDSig (the xmldsig-more names of RFC 6931 and CryptoPro's cpxmlsec
// names): recognised and reported as withdrawn, never verified.
var withdrawnAlgorithms = map[string]bool{
	"http://www.w3.org/2001/04/xmldsig-more#gostr34102001-gostr3411":     true,
	"http://www.w3.org/2001/04/xmldsig-more#gostr3411":                   true,
	"urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102001-gostr3411": true,
	"urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr3411":               true,
}

// Errors of the list's signature (ListSignature.Err; errors.Is).
var (
	// ErrSignatureInvalid: the XMLDSig does not verify: the digest of the
	// list or the signature value does not match.
	ErrSignatureInvalid = errors.New("trust: trusted list signature invalid")
	// ErrSignatureStructure: the XMLDSig is not one enveloped signature of
	// the whole list (a second Signature, a Signature that is not a child
	// of the root, a Reference to something other than URI="", a
	// malformed element): signature wrapping is refused.
	ErrSignatureStructure = errors.New("trust: trusted list signature does not cover exactly the whole list")
	// ErrUnsupportedAlgorithm: the XMLDSig names an algorithm or a
	// transform that is not supported.
	ErrUnsupportedAlgorithm = errors.New("trust: unsupported XMLDSig algorithm")
	// ErrWithdrawnAlgorithm: the XMLDSig uses GOST R 34.10-2001 or GOST R
	// 34.11-94, withdrawn from use for electronic signatures.
	ErrWithdrawnAlgorithm = errors.New("trust: withdrawn XMLDSig algorithm (GOST R 34.10-2001 / GOST R 34.11-94)")
	// ErrSignerNotPinned: the signature was not checked against a pinned
	// signer (ListOptions.Signers is empty, or the list's signer is not
	// one of them).
	ErrSignerNotPinned = errors.New("trust: trusted list signer not pinned")
)

// ListSignature is what LoadList found of the list's enveloped XMLDSig.
type ListSignature struct {
	// Status is the outcome, also carried by the pools' TrustSource.
	Status certificate.SourceSignature
	// Signer is the pinned certificate whose key verified the signature;
	// when the signer is not pinned, the first KeyInfo certificate. Nil for
	// an unsigned list.
	Signer *certificate.Certificate
	// Method, DigestMethod and Canonicalization are the SignatureMethod,
	// the Reference's DigestMethod and the CanonicalizationMethod of the
	// SignedInfo as written.
	Method, DigestMethod, Canonicalization string
	// Err says why Status is not SourceVerified (nil for a verified or an
	// unsigned list); it wraps one of ErrSignatureInvalid,
	// ErrSignatureStructure, ErrUnsupportedAlgorithm, ErrWithdrawnAlgorithm
	// and ErrSignerNotPinned.
	Err error

	// code is the TSL-SIGNATURE outcome ("" for the default violation or
	// the pass) and arg the value its template names.
	code, arg string
}

// Verified reports whether the signature verified with a pinned signer.
func (s *ListSignature) Verified() bool { return s.Status == certificate.SourceVerified }

// sigParts are the elements of the one Signature.
type sigParts struct {
	sig, signedInfo, reference *etree.Element
	c14n, refC14N              c14nMethod
	method, digestMethod       string
	c14nAlg                    string
	digestValue, sigValue      []byte
	keyInfo                    []*certificate.Certificate
}

// verifySignature checks the enveloped XMLDSig of the list data (already
// accepted by the list parser: well formed, no DOCTYPE, bounded depth)
// against the pinned signers.
func verifySignature(data []byte, signers []*certificate.Certificate) ListSignature {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(normalizeAttrWhitespace(data)); err != nil {
		return invalid(ErrSignatureStructure, "structure", "the list does not parse as a tree: %v", err)
	}
	root := doc.Root()
	if root == nil {
		return invalid(ErrSignatureStructure, "structure", "no root element")
	}
	var sigs []*etree.Element
	collectSignatures(root, &sigs)
	if len(sigs) == 0 {
		return ListSignature{Status: certificate.SourceUnsigned}
	}
	p, res, ok := signatureParts(root, sigs)
	if !ok {
		return res
	}
	out := ListSignature{Method: p.method, DigestMethod: p.digestMethod, Canonicalization: p.c14nAlg}
	fail := func(r ListSignature) ListSignature {
		r.Method, r.DigestMethod, r.Canonicalization = out.Method, out.DigestMethod, out.Canonicalization
		return r
	}
	// The algorithms, before any computation.
	sigHash, sigBits, r, ok := signatureAlgorithm(p.method)
	if !ok {
		return fail(r)
	}
	digHash, _, r, ok := digestAlgorithm(p.digestMethod)
	if !ok {
		return fail(r)
	}
	if len(p.digestValue) != digHash().Size() {
		return fail(invalid(ErrSignatureStructure, "structure", "DigestValue of %d bytes for %s", len(p.digestValue), p.digestMethod))
	}
	// The signed octets of SignedInfo, in the tree as it is.
	signedInfo, err := canonicalSubtree(p.signedInfo, p.c14n)
	if err != nil {
		return fail(invalid(ErrSignatureStructure, "structure", "SignedInfo: %v", err))
	}
	// The enveloped-signature transform, then the list's canonical form.
	root.RemoveChild(p.sig)
	body, err := canonicalDocument(doc, p.refC14N)
	if err != nil {
		return fail(invalid(ErrSignatureStructure, "structure", "list: %v", err))
	}
	h := digHash()
	h.Write(body)
	if !bytes.Equal(h.Sum(nil), p.digestValue) {
		return fail(invalid(ErrSignatureInvalid, "", "the digest of the list (%s over %d canonical bytes) differs from DigestValue: the list was changed after signing", p.digestMethod, len(body)))
	}
	h = sigHash()
	h.Write(signedInfo)
	digest := h.Sum(nil)
	verifies := func(c *certificate.Certificate) bool {
		k, err := c.GOSTKey()
		return err == nil && k.Bits() == sigBits && len(p.sigValue) == 2*sigBits/8 && k.VerifyDigest(digest, p.sigValue) == nil
	}
	pinned := func(c *certificate.Certificate) bool {
		for _, s := range signers {
			if s != nil && bytes.Equal(s.Raw, c.Raw) {
				return true
			}
		}
		return false
	}
	verified := func(c *certificate.Certificate) ListSignature {
		out.Status, out.Signer = certificate.SourceVerified, c
		return out
	}
	notPinned := func(c *certificate.Certificate, detail string) ListSignature {
		out.Status, out.Signer = certificate.SourceSignerNotPinned, c
		out.code, out.arg = "signer-not-pinned", "без сертификата в подписи"
		if c != nil {
			out.arg = signerName(c)
		}
		if len(signers) == 0 {
			out.code, out.arg = "no-pinned-signer", ""
		}
		out.Err = fmt.Errorf("%w: %s", ErrSignerNotPinned, detail)
		return out
	}
	for _, c := range p.keyInfo {
		if pinned(c) {
			if verifies(c) {
				return verified(c)
			}
			out.Status, out.Signer = certificate.SourceInvalid, c
			out.code, out.arg = "bad-signature", signerName(c)
			out.Err = fmt.Errorf("%w: SignatureValue does not verify with the key of the pinned signer %s", ErrSignatureInvalid, c.Subject.String())
			return out
		}
	}
	for _, c := range signers {
		if c != nil && verifies(c) {
			return verified(c)
		}
	}
	if len(p.keyInfo) == 0 {
		return notPinned(nil, "no KeyInfo certificate and no pinned signer's key verifies the signature")
	}
	if c := p.keyInfo[0]; verifies(c) {
		return notPinned(c, "the KeyInfo certificate "+c.Subject.String()+" verifies the signature but is not pinned")
	}
	out.Status, out.Signer = certificate.SourceInvalid, p.keyInfo[0]
	out.code, out.arg = "bad-signature", signerName(p.keyInfo[0])
	out.Err = fmt.Errorf("%w: SignatureValue does not verify with the key of the KeyInfo certificate %s", ErrSignatureInvalid, p.keyInfo[0].Subject.String())
	return out
}

// signerName names a signer certificate in messages.
func signerName(c *certificate.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

// invalid returns the status of a signature that was found invalid (err
// ErrSignatureInvalid or ErrSignatureStructure) with the TSL-SIGNATURE
// outcome code.
func invalid(class error, code, format string, args ...any) ListSignature {
	return ListSignature{Status: certificate.SourceInvalid, code: code, Err: fmt.Errorf("%w: "+format, append([]any{class}, args...)...)}
}

// unsupported returns the status of a signature naming an algorithm that
// is withdrawn or not supported.
func unsupported(what, uri string) ListSignature {
	if withdrawnAlgorithms[uri] {
		return ListSignature{Status: certificate.SourceUnsupportedAlgorithm, code: "withdrawn-algorithm", arg: uri,
			Err: fmt.Errorf("%w: %s %s", ErrWithdrawnAlgorithm, what, uri)}
	}
	return ListSignature{Status: certificate.SourceUnsupportedAlgorithm, code: "unsupported-algorithm", arg: uri,
		Err: fmt.Errorf("%w: %s %q", ErrUnsupportedAlgorithm, what, uri)}
}

// signatureAlgorithm returns the hash and the key size of a SignatureMethod.
func signatureAlgorithm(uri string) (func() hash.Hash, int, ListSignature, bool) {
	switch uri {
	case algGOST2012256:
		return streebog.New256, 256, ListSignature{}, true
	case algGOST2012512:
		return streebog.New512, 512, ListSignature{}, true
	}
	return nil, 0, unsupported("SignatureMethod", uri), false
}

// digestAlgorithm returns the hash of a DigestMethod.
func digestAlgorithm(uri string) (func() hash.Hash, int, ListSignature, bool) {
	switch uri {
	case algStreebog256:
		return streebog.New256, 256, ListSignature{}, true
	case algStreebog512:
		return streebog.New512, 512, ListSignature{}, true
	}
	return nil, 0, unsupported("DigestMethod", uri), false
}

// collectSignatures appends every ds:Signature element of the tree.
func collectSignatures(el *etree.Element, out *[]*etree.Element) {
	if el.Tag == "Signature" && el.NamespaceURI() == dsNS {
		*out = append(*out, el)
	}
	for _, c := range el.ChildElements() {
		collectSignatures(c, out)
	}
}

// isDS reports whether el is the XMLDSig element named local.
func isDS(el *etree.Element, local string) bool {
	return el.Tag == local && el.NamespaceURI() == dsNS
}

// signatureParts checks that sigs is one Signature, a child of the root,
// shaped as an enveloped signature of the whole document, and reads it.
func signatureParts(root *etree.Element, sigs []*etree.Element) (*sigParts, ListSignature, bool) {
	bad := func(format string, args ...any) (*sigParts, ListSignature, bool) {
		return nil, invalid(ErrSignatureStructure, "structure", format, args...), false
	}
	if len(sigs) > 1 {
		return bad("%d Signature elements; the list must carry exactly one", len(sigs))
	}
	sig := sigs[0]
	if sig.Parent() != root {
		return bad("the Signature is inside <%s>, not a child of the root element", sig.Parent().FullTag())
	}
	p := &sigParts{sig: sig}
	kids := sig.ChildElements()
	if len(kids) < 2 || !isDS(kids[0], "SignedInfo") || !isDS(kids[1], "SignatureValue") {
		return bad("Signature must begin with SignedInfo and SignatureValue")
	}
	p.signedInfo = kids[0]
	for i, k := range kids[2:] {
		switch {
		case i == 0 && isDS(k, "KeyInfo"):
			certs, err := keyInfoCertificates(k)
			if err != nil {
				return bad("KeyInfo: %v", err)
			}
			p.keyInfo = certs
		case isDS(k, "Object"):
		default:
			return bad("unexpected <%s> in Signature", k.FullTag())
		}
	}
	v, err := base64Text(kids[1])
	if err != nil {
		return bad("SignatureValue: %v", err)
	}
	p.sigValue = v
	// SignedInfo: CanonicalizationMethod, SignatureMethod, one Reference.
	si := p.signedInfo.ChildElements()
	if len(si) != 3 || !isDS(si[0], "CanonicalizationMethod") || !isDS(si[1], "SignatureMethod") || !isDS(si[2], "Reference") {
		var names []string
		for _, e := range si {
			names = append(names, e.FullTag())
		}
		return bad("SignedInfo must hold CanonicalizationMethod, SignatureMethod and exactly one Reference, holds %s", strings.Join(names, ", "))
	}
	p.c14nAlg = si[0].SelectAttrValue("Algorithm", "")
	m, ok := c14nOf(si[0], p.c14nAlg)
	if !ok {
		return nil, unsupported("CanonicalizationMethod", p.c14nAlg), false
	}
	p.c14n = m
	p.method = si[1].SelectAttrValue("Algorithm", "")
	if len(si[1].ChildElements()) > 0 {
		return bad("SignatureMethod has child elements (HMACOutputLength and the like are refused)")
	}
	ref := si[2]
	p.reference = ref
	if uri := ref.SelectAttr("URI"); uri == nil || uri.Value != "" {
		got := "no URI"
		if uri != nil {
			got = "URI=" + fmt.Sprintf("%q", uri.Value)
		}
		return bad("the Reference has %s; the list's signature must reference the whole document with URI=\"\"", got)
	}
	rk := ref.ChildElements()
	i := 0
	enveloped := false
	p.refC14N = c14nMethod{} // XMLDSig's default: inclusive Canonical XML 1.0
	if len(rk) > 0 && isDS(rk[0], "Transforms") {
		ts := rk[0].ChildElements()
		if len(ts) == 0 || len(ts) > 2 {
			return bad("the Reference has %d transforms; want the enveloped-signature transform and at most one canonicalisation", len(ts))
		}
		seenC14N := false
		for _, t := range ts {
			if !isDS(t, "Transform") {
				return bad("unexpected <%s> in Transforms", t.FullTag())
			}
			alg := t.SelectAttrValue("Algorithm", "")
			switch {
			case alg == algEnveloped && !enveloped:
				enveloped = true
			case (alg == algExcC14N || alg == algC14N10) && !seenC14N:
				m, ok := c14nOf(t, alg)
				if !ok {
					return nil, unsupported("Transform", alg), false
				}
				p.refC14N, seenC14N = m, true
			case alg == algEnveloped || alg == algExcC14N || alg == algC14N10:
				return bad("transform %s repeated", alg)
			default:
				return nil, unsupported("Transform", alg), false
			}
		}
		i = 1
	}
	if !enveloped {
		return bad("the Reference lacks the enveloped-signature transform")
	}
	if len(rk) != i+2 || !isDS(rk[i], "DigestMethod") || !isDS(rk[i+1], "DigestValue") {
		return bad("the Reference must hold Transforms, DigestMethod and DigestValue")
	}
	p.digestMethod = rk[i].SelectAttrValue("Algorithm", "")
	if p.digestValue, err = base64Text(rk[i+1]); err != nil {
		return bad("DigestValue: %v", err)
	}
	return p, ListSignature{}, true
}

// c14nOf reads a canonicalisation algorithm element (CanonicalizationMethod
// or Transform): exclusive canonicalisation may carry InclusiveNamespaces
// with a PrefixList, inclusive Canonical XML 1.0 nothing.
func c14nOf(el *etree.Element, alg string) (c14nMethod, bool) {
	kids := el.ChildElements()
	switch alg {
	case algC14N10:
		return c14nMethod{}, len(kids) == 0
	case algExcC14N:
		m := c14nMethod{exclusive: true}
		if len(kids) == 0 {
			return m, true
		}
		if len(kids) == 1 && kids[0].Tag == "InclusiveNamespaces" && kids[0].NamespaceURI() == excC14NNS {
			m.prefixList = kids[0].SelectAttrValue("PrefixList", "")
			return m, true
		}
	}
	return c14nMethod{}, false
}

// keyInfoCertificates returns the certificates of KeyInfo/X509Data/
// X509Certificate in document order; other key information is ignored.
func keyInfoCertificates(keyInfo *etree.Element) ([]*certificate.Certificate, error) {
	var out []*certificate.Certificate
	for _, d := range keyInfo.ChildElements() {
		if !isDS(d, "X509Data") {
			continue
		}
		for _, x := range d.ChildElements() {
			if !isDS(x, "X509Certificate") {
				continue
			}
			der, err := base64Text(x)
			if err != nil {
				return nil, fmt.Errorf("X509Certificate: %w", err)
			}
			c, err := certificate.ParseOne(der)
			if err != nil {
				return nil, fmt.Errorf("X509Certificate: %w", err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// base64Text decodes the base64 text of a leaf element (XML white space
// allowed anywhere in it).
func base64Text(el *etree.Element) ([]byte, error) {
	var b strings.Builder
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			b.WriteString(t.Data)
		case *etree.Element:
			return nil, fmt.Errorf("<%s> has child elements", el.FullTag())
		}
	}
	text := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, b.String())
	if text == "" {
		return nil, fmt.Errorf("<%s> is empty", el.FullTag())
	}
	v, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("<%s> is not base64: %w", el.FullTag(), err)
	}
	return v, nil
}
