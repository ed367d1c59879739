package signature

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/internal/oid"
)

// Policy chooses which signature profile is required.
type Policy int

const (
	// PolicyCMS (the default) accepts any RFC 5652 signature whose value
	// verifies, including one without signed attributes (as some real
	// signing services make): SIG-CADES-BES is then a warning that the
	// CAdES-BES profile is not met.
	PolicyCMS Policy = iota
	// PolicyCAdESBES requires the CAdES-BES profile: signed attributes with
	// contentType and messageDigest (and signingCertificateV2 with
	// RequireSigningCertificate); SIG-CADES-BES then fails when it is not
	// met.
	PolicyCAdESBES
)

// CertificateValidator validates the signer certificate (chain to a trust
// anchor, revocation, usage) at time at; extra are the certificates embedded
// in the signature and supplied in VerifyOptions.Certificates, which may be
// used as intermediates but never as trust anchors. It returns the results
// of its checks; they are added to the signer's results as they are.
type CertificateValidator func(v Validation) check.Results

// Validation is what Verify asks a CertificateValidator to validate: the
// certificate of a signer or of a TSA, the time to validate it at, and the
// validation material that came with the signature.
type Validation struct {
	// Certificate is the certificate to validate.
	Certificate *certificate.Certificate
	// At is the time to validate it at: the signer's best proven time, or
	// the validation time for a TSA (or the time of a later timestamp that
	// proves the TSA's token existed while its certificate was valid).
	At time.Time
	// Intermediates are the other certificates embedded in the signature
	// (SignedData certificates, certificate-values, the certificates of
	// timestamp tokens) and supplied in VerifyOptions.Certificates: candidate
	// intermediates, never trust anchors.
	Intermediates []*certificate.Certificate
	// Revocation is the revocation data that came with the signature: the
	// CRLs and OCSP responses of SignedData's crls field and of the
	// signer's revocation-values (CAdES-X Long). A validator uses it beside
	// its own (certificate.VerifyOptions.Revocation).
	Revocation certificate.RevocationData
	// RevocationAt is the time the revocation status must be known for;
	// zero means At. For a TSA certificate it is the token's genTime: the
	// token is evidence only if the TSA certificate was not revoked when
	// it was made, which revocation data issued after genTime — the data a
	// CAdES-X Long signature carries — can tell.
	RevocationAt time.Time
}

// VerifyOptions configures Verify. The zero value verifies under the plain
// CMS policy (CAdES-BES gaps are warnings) at the current time and reports
// the certificate chain as not checked (indeterminate).
type VerifyOptions struct {
	// At is the validation time (the "current time" of ETSI EN 319 102-1);
	// zero means the clock. TSA certificates are validated at At.
	At time.Time
	// UseSigningTime validates the signer certificate at the signer's
	// signingTime attribute instead of At when the signer has one and no
	// verified signature timestamp gives a proof of existence. signingTime
	// is a claim of the signer, not evidence: use it only when the caller
	// accepts that claim.
	UseSigningTime bool
	// Certificates are additional candidates for the signer certificate
	// (and intermediates passed to ValidateCertificate).
	Certificates []*certificate.Certificate
	// Policy is the required profile (PolicyCMS by default).
	Policy Policy
	// RequireSigningCertificate makes a missing signingCertificateV2 a
	// failure instead of a warning under PolicyCAdESBES.
	RequireSigningCertificate bool
	// AllowUnchecked are the facts the caller accepts unchecked (for
	// example check.WaiveRevocation): a check left undecided only for want
	// of such a fact is a warning instead of indeterminate.
	AllowUnchecked []check.Waiver
	// ValidateCertificate is the integration point for chain validation
	// (ChainValidator wraps certificate.Verify; a custom function may be
	// used instead). It is called for each signer certificate at the
	// signer's validation time and for each TSA certificate at At. When
	// nil, SIG-CERT-CHAIN is indeterminate (the chain was not checked) and
	// no timestamp is verified far enough to prove anything.
	ValidateCertificate CertificateValidator
}

// TimeSource says why a signer's certificate was validated at the time it
// was.
type TimeSource string

// The sources of a signer's validation time.
const (
	// SourceValidationTime: VerifyOptions.At (or the clock); no proof of
	// existence and no accepted claim placed the signature earlier.
	SourceValidationTime TimeSource = "validation-time"
	// SourceSignatureTimestamp: the genTime of the earliest verified
	// timestamp over the signature (a signature, CAdES-C or archive
	// timestamp), a proof of existence of the signature (ETSI EN 319 102-1
	// §5.6.2.1, the best signature time).
	SourceSignatureTimestamp TimeSource = "signature-timestamp"
	// SourceSigningTimeClaim: the signer's signingTime attribute, because
	// VerifyOptions.UseSigningTime accepts that claim.
	SourceSigningTimeClaim TimeSource = "signing-time-claim"
)

// SignerResult is the verdict on one signer.
type SignerResult struct {
	// Index is the signer's position in the SignedData, from 0.
	Index int `json:"index"`
	// Signer is the parsed SignerInfo.
	Signer *SignerInfo `json:"-"`
	// Certificate is the signer certificate, nil when not found.
	Certificate *certificate.Certificate `json:"-"`
	// SigningTime is the claimed signing time (zero when absent).
	SigningTime    time.Time `json:"signing_time,omitzero"`
	HasSigningTime bool      `json:"has_signing_time"`
	// Level is the CAdES level of the signer's attributes (see
	// SignerInfo.Level).
	Level Level `json:"level"`
	// Timestamps are the signer's timestamp tokens in the order found,
	// verified or not; entry k has the scope {Signer: Index+1,
	// Timestamp: k+1}.
	Timestamps []TimestampResult `json:"timestamps,omitempty"`
	// BestSignatureTime is the earliest genTime of a verified timestamp
	// over the signature (of any kind: each covers the signature value):
	// the signature provably existed then. Zero when there is none.
	BestSignatureTime time.Time `json:"best_signature_time,omitzero"`
	// ValidationTime is the time the signer certificate (validity and
	// chain) was validated at, and ValidationTimeSource why: the best
	// signature time when there is one, else the signingTime claim with
	// UseSigningTime, else VerifyOptions.At.
	ValidationTime       time.Time  `json:"validation_time"`
	ValidationTimeSource TimeSource `json:"validation_time_source"`
	// Encoding is set when messageDigest is not the hash of the content
	// but of another rendering of it made by the CryptoPro browser plug-in
	// (EncodingUTF16LE, EncodingUTF16LEBOM, EncodingBase64); "" otherwise.
	Encoding string `json:"encoding,omitempty"`
	// Checks are the results of every check, in a fixed order, each with
	// the scope {Signer: Index+1}, those about a timestamp with its
	// Timestamp number too.
	Checks check.Results `json:"checks"`
	// Verdict is the worst status of Checks.
	Verdict check.Status `json:"verdict"`
	// Indication is the signer's answer (ETSI EN 319 102-1): passed,
	// failed, or indeterminate with SubIndication saying why (for example
	// OUT_OF_BOUNDS_NO_POE for an expired certificate without a timestamp).
	Indication    check.Indication    `json:"indication"`
	SubIndication check.SubIndication `json:"subindication,omitempty"`
}

// Scope is the scope of the signer's results.
func (s *SignerResult) Scope() check.Scope { return check.Scope{Signer: s.Index + 1} }

// Result is the verdict of Verify.
type Result struct {
	// Checks are the document-level results (content, embedded
	// certificates), with a zero scope.
	Checks check.Results
	// Signers has one entry per SignerInfo.
	Signers []SignerResult
	// Verdict is the worst status over all checks: Fail means the signature
	// must be rejected.
	Verdict check.Status
	// Indication is the answer over all checks (ETSI EN 319 102-1): passed,
	// failed, or indeterminate with SubIndication saying why.
	Indication    check.Indication
	SubIndication check.SubIndication
}

// Valid reports whether nothing failed (warnings and indeterminate results
// allowed; see Verdict).
func (r *Result) Valid() bool { return r.Verdict != check.Fail }

// All returns the document-level results followed by each signer's
// results; a signer's results carry the scope {Signer: n}, so IDs repeat
// across signers and are never rewritten.
func (r *Result) All() check.Results {
	n := len(r.Checks)
	for _, s := range r.Signers {
		n += len(s.Checks)
	}
	out := make(check.Results, 0, n)
	out = append(out, r.Checks...)
	for _, s := range r.Signers {
		out = append(out, s.Checks...)
	}
	return out
}

// String renders the result for logs.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "signature: %s\n", r.Verdict)
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	for _, s := range r.Signers {
		name := "certificate not found"
		if s.Certificate != nil {
			name = s.Certificate.Subject.String()
		}
		fmt.Fprintf(&b, " signer %d (%s): %s\n", s.Index+1, name, s.Verdict)
		for _, c := range s.Checks {
			fmt.Fprintf(&b, "  %s\n", c)
		}
	}
	return b.String()
}

// ParseResult parses data like Parse and reports the outcome as the
// SIG-PARSE check, the one rule every entry point uses for a signature file
// that cannot be read.
func ParseResult(data []byte) (*SignedData, check.Result) {
	sd, err := Parse(data)
	if err != nil {
		return nil, ruleParse.Violated(err.Error(), check.MessageRU(err, "структура файла повреждена"))
	}
	return sd, ruleParse.Passed(fmt.Sprintf("%s, %d signer(s), detached=%v", sd.Format, len(sd.Signers), sd.Detached))
}

// Verify checks every signer of the SignedData and reports each check. For
// a detached signature content is the signed file exactly as uploaded (nil
// means not supplied, which fails); for an attached one eContent is used and
// a non-nil content must equal it. All checks run for every signer; none
// stops the others. The signature value is always verified with the signer's
// key, over the signed attributes exactly as received (tag 0xA0 replaced by
// 0x31) or, without signed attributes, over the content: a matching
// messageDigest alone never makes a signature valid.
func (sd *SignedData) Verify(content []byte, opts VerifyOptions) *Result {
	res := &Result{}
	now := opts.At
	if now.IsZero() {
		now = time.Now()
	}
	// Content.
	data, contentOK := content, true
	switch {
	case !sd.Detached && content != nil && !bytes.Equal(content, sd.Content):
		res.Checks = append(res.Checks, ruleContent.Outcome("differs", "supplied content differs from eContent"))
		data = sd.Content
	case !sd.Detached:
		data = sd.Content
		res.Checks = append(res.Checks, ruleContent.Passed(fmt.Sprintf("attached, %d bytes", len(data))))
	case content == nil:
		contentOK = false
		res.Checks = append(res.Checks, ruleContent.Violated("detached signature without content"))
	default:
		res.Checks = append(res.Checks, ruleContent.Passed(fmt.Sprintf("detached, %d bytes supplied", len(content))))
	}
	if sd.TrailingZeros > 0 {
		res.Checks = append(res.Checks, rulePadding.Violated(fmt.Sprintf("%d zero bytes after the ContentInfo dropped", sd.TrailingZeros), sd.TrailingZeros))
	}
	if len(sd.CertificateErrors) > 0 {
		msgs := make([]string, len(sd.CertificateErrors))
		for i, e := range sd.CertificateErrors {
			msgs[i] = e.Error()
		}
		res.Checks = append(res.Checks, ruleEmbeddedCerts.Violated(strings.Join(msgs, "; "), len(sd.CertificateErrors)))
	} else {
		res.Checks = append(res.Checks, ruleEmbeddedCerts.Passed(fmt.Sprintf("%d certificate(s)", len(sd.Certificates))))
	}
	if len(sd.Signers) == 0 {
		res.Checks = append(res.Checks, ruleStructure.Outcome("no-signers", "no signers"))
	}
	pool := append(append([]*certificate.Certificate{}, sd.Certificates...), opts.Certificates...)
	for _, si := range sd.Signers {
		res.Signers = append(res.Signers, sd.verifySigner(si, data, contentOK, pool, &opts, now))
	}
	res.Verdict, res.Indication, res.SubIndication = verdictOf(res.Checks, res.Signers)
	if res.Verdict == check.Skip {
		res.Verdict, res.Indication = check.Fail, check.IndicationFailed
	}
	return res
}

// findSigner looks the signer certificate up by issuer and serial number or
// by subject key identifier.
func findSigner(si *SignerInfo, pool []*certificate.Certificate) *certificate.Certificate {
	for _, c := range pool {
		if si.SubjectKeyID != nil {
			if c.SubjectKeyID != nil && bytes.Equal(c.SubjectKeyID, si.SubjectKeyID) {
				return c
			}
			continue
		}
		if si.SerialNumber != nil && c.SerialNumber != nil && c.SerialNumber.Cmp(si.SerialNumber) == 0 &&
			bytes.Equal(c.RawIssuer, si.Issuer) {
			return c
		}
	}
	return nil
}

func streebogSum(bits int, data []byte) []byte {
	if bits == 512 {
		d := streebog.Sum512(data)
		return d[:]
	}
	d := streebog.Sum256(data)
	return d[:]
}

// signerCtx is the input of the signer rules: one SignerInfo with what
// Verify found out about it before deciding.
type signerCtx struct {
	sd        *SignedData
	si        *SignerInfo
	content   []byte
	contentOK bool
	hasAttrs  bool
	opts      *VerifyOptions
	now       time.Time  // the reference "now" (VerifyOptions.At or the clock)
	at        time.Time  // the validation time of the certificate
	atSource  TimeSource // why at was chosen

	cert    *certificate.Certificate
	key     *certificate.GOSTPublicKey // nil when the certificate has no usable key
	keyErr  error
	dBits   int // Streebog size of the digest algorithm, 0 when not Streebog
	sBits   int // GOST key size of the signature algorithm, 0 when not GOST
	keyBits int

	// withdrawn reports GOST R 34.10-2001 / 34.11-94 algorithms (or key):
	// SIG-ALGORITHMS says so once, and the rules that would only repeat it
	// are skipped.
	withdrawn bool

	digest   []byte // Streebog of the content (when computed)
	encoding string // browser-encoding mismatch found
	pool     []*certificate.Certificate
}

// signerTable decides the signer rules, in reporting order.
var signerTable = check.Table[*signerCtx]{
	{Rule: &ruleStructure, Evaluate: evalStructure},
	{Rule: &ruleSignerCert, Applies: supported, Evaluate: evalSignerCert},
	{Rule: &ruleAlgorithms, Evaluate: evalAlgorithms},
	{Rule: &ruleContentType, Evaluate: evalContentType},
	{Rule: &ruleMessageDigest, Applies: all(supported, needAttrs), Evaluate: evalMessageDigest},
	{Rule: &ruleBrowserEncoding, Applies: all(supported, applyBrowserEncoding), Evaluate: evalBrowserEncoding},
	{Rule: &ruleValue, Applies: supported, Evaluate: evalValue},
	{Rule: &ruleAttrsDEROrder, Applies: needAttrs, Evaluate: evalAttrsDEROrder},
	{Rule: &ruleSigningCertificate, Applies: all(supported, applySigningCertificate), Evaluate: evalSigningCertificate},
	{Rule: &ruleSigningTime, Applies: applySigningTime, Evaluate: evalSigningTime},
	{Rule: &ruleCAdESBES, Evaluate: evalCAdESBES},
	{Rule: &ruleCertValidity, Applies: all(supported, needCert), Evaluate: evalCertValidity},
	{Rule: &ruleCertChain, Applies: all(supported, needCert), Evaluate: evalCertChain},
	{Rule: &ruleUnsignedAttrs, Applies: applyUnsignedAttrs, Evaluate: evalUnsignedAttrs},
}

// newSignerCtx gathers what the rules need about one SignerInfo: its
// certificate and key, the algorithm sizes and the content digest. The
// validation time is now until the caller chooses another.
func newSignerCtx(sd *SignedData, si *SignerInfo, content []byte, contentOK bool, pool []*certificate.Certificate, opts *VerifyOptions, now time.Time) *signerCtx {
	c := &signerCtx{sd: sd, si: si, content: content, contentOK: contentOK, hasAttrs: si.RawSignedAttrs != nil,
		opts: opts, now: now, at: now, atSource: SourceValidationTime, pool: pool,
		dBits: oid.DigestBits(si.DigestAlgorithm.OID), sBits: oid.SignatureBits(si.SignatureAlgorithm.OID)}
	c.cert = findSigner(si, pool)
	if c.cert != nil {
		c.key, c.keyErr = c.cert.GOSTKey()
		if c.keyErr == nil {
			c.keyBits = c.key.Bits()
		} else {
			c.key = nil
		}
	}
	c.withdrawn = oid.Gost2001(si.DigestAlgorithm.OID) || oid.Gost2001(si.SignatureAlgorithm.OID) ||
		(c.cert != nil && oid.Gost2001Key.Equal(c.cert.PublicKey.Algorithm))
	if c.hasAttrs && si.MessageDigest != nil && c.dBits != 0 && contentOK {
		c.digest = streebogSum(c.dBits, content)
	}
	return c
}

// verdictOf is the verdict of the signature's own results and every
// signer's, in that order (check.Verdict).
func verdictOf(checks check.Results, signers []SignerResult) (check.Status, check.Indication, check.SubIndication) {
	lists := make([]check.Results, 1, 1+len(signers))
	lists[0] = checks
	for i := range signers {
		lists = append(lists, signers[i].Checks)
	}
	return check.Verdict(lists...)
}

// chainRules is room for the results a ChainValidator returns (one per
// chain rule of package certificate).
const chainRules = 10

// validate runs the certificate validator on cert at time at, with the
// other certificates of pool as candidate intermediates and rev as the
// revocation data that came with the signature; nil without a validator.
func validate(opts *VerifyOptions, cert *certificate.Certificate, at, revAt time.Time, pool []*certificate.Certificate, rev certificate.RevocationData) check.Results {
	if cert == nil || opts.ValidateCertificate == nil {
		return nil
	}
	extra := make([]*certificate.Certificate, 0, len(pool))
	for _, x := range pool {
		if x != cert {
			extra = append(extra, x)
		}
	}
	return opts.ValidateCertificate(Validation{Certificate: cert, At: at, RevocationAt: revAt, Intermediates: extra, Revocation: rev})
}

func (sd *SignedData) verifySigner(si *SignerInfo, content []byte, contentOK bool, pool []*certificate.Certificate, opts *VerifyOptions, now time.Time) SignerResult {
	c := newSignerCtx(sd, si, content, contentOK, pool, opts, now)
	if c.digest != nil && !bytes.Equal(c.digest, si.MessageDigest) {
		c.encoding, _ = BrowserEncodingMismatch(content, si.MessageDigest, c.dBits)
	}
	sr := SignerResult{Index: si.Index, Signer: si, Certificate: c.cert, SigningTime: si.SigningTime,
		HasSigningTime: si.HasSigningTime, Encoding: c.encoding}
	// The validation material the signature carries, then its
	// timestamps: a verified one is a proof of existence of the signature
	// and so chooses the validation time.
	vd := sd.validationData(si)
	sr.Level = si.Level()
	pool = append(pool[:len(pool):len(pool)], vd.certs...)
	var tsChecks check.Results
	sr.Timestamps, tsChecks = sd.verifyTokens(si, vd, content, pool, opts, now)
	for _, tr := range sr.Timestamps {
		if tr.Verified && (sr.BestSignatureTime.IsZero() || tr.GenTime.Before(sr.BestSignatureTime)) {
			sr.BestSignatureTime = tr.GenTime
		}
	}
	switch {
	case !sr.BestSignatureTime.IsZero():
		c.at, c.atSource = sr.BestSignatureTime, SourceSignatureTimestamp
	case opts.UseSigningTime && si.HasSigningTime:
		c.at, c.atSource = si.SigningTime, SourceSigningTimeClaim
	}
	sr.ValidationTime, sr.ValidationTimeSource = c.at, c.atSource
	// One allocation for the signer's results (its table, the validation
	// data, a chain's rules, the timestamps), placed in its scope. The
	// table runs first: it may withdraw the certificate.
	rs := make(check.Results, 0, len(signerTable)+1+chainRules+len(tsChecks))
	rs = signerTable.Append(rs, c)
	rs = append(rs, evalValidationData(vd))
	if !c.withdrawn {
		rs = append(rs, validate(opts, c.cert, c.at, time.Time{}, pool, vd.rev)...)
	}
	rs = append(rs, tsChecks...)
	scope := sr.Scope()
	for i := range rs {
		rs[i].Scope = rs[i].Scope.Within(scope)
	}
	sr.Checks = rs.Waive(opts.AllowUnchecked)
	sr.Verdict = sr.Checks.Worst()
	sr.Indication, sr.SubIndication = sr.Checks.Indication()
	return sr
}

// supported skips a rule that would only repeat SIG-ALGORITHMS's verdict
// on a withdrawn algorithm.
func supported(c *signerCtx) string {
	if c.withdrawn {
		return "withdrawn GOST R 34.10-2001 / 34.11-94 algorithms: see SIG-ALGORITHMS"
	}
	return ""
}

// all applies a rule when every condition does; the first reason not to
// is the reason.
func all(conds ...func(*signerCtx) string) func(*signerCtx) string {
	return func(c *signerCtx) string {
		for _, f := range conds {
			if why := f(c); why != "" {
				return why
			}
		}
		return ""
	}
}

func needAttrs(c *signerCtx) string {
	if !c.hasAttrs {
		return "no signed attributes: the signature covers the content directly"
	}
	return ""
}

func needCert(c *signerCtx) string {
	if c.cert == nil {
		return "signer certificate not found"
	}
	return ""
}

func evalStructure(c *signerCtx) check.Result {
	si := c.si
	var problems []string
	switch {
	case si.SubjectKeyID != nil && si.Version != 3:
		problems = append(problems, fmt.Sprintf("SignerInfo version %d with subjectKeyIdentifier, want 3", si.Version))
	case si.SubjectKeyID == nil && si.Version != 1:
		problems = append(problems, fmt.Sprintf("SignerInfo version %d with issuerAndSerialNumber, want 1", si.Version))
	}
	if si.SubjectKeyID != nil && c.sd.Version < 3 {
		problems = append(problems, fmt.Sprintf("SignedData version %d with a subjectKeyIdentifier signer, want 3", c.sd.Version))
	}
	problems = append(problems, si.AttrProblems...)
	if si.SignedAttrsReceivedBER {
		problems = append(problems, "signed attributes received with indefinite lengths (not DER)")
	}
	if len(problems) > 0 {
		s := strings.Join(problems, "; ")
		return ruleStructure.Violated(s, s)
	}
	return ruleStructure.Passed("")
}

func evalSignerCert(c *signerCtx) check.Result {
	switch {
	case c.cert == nil:
		return ruleSignerCert.Violated(c.si.describe(), c.si.describe())
	case c.keyErr != nil:
		return ruleSignerCert.Outcome("not-gost", c.keyErr.Error())
	}
	return ruleSignerCert.Passed(c.cert.Subject.String())
}

func evalAlgorithms(c *signerCtx) check.Result {
	si := c.si
	if c.withdrawn {
		return ruleAlgorithms.Outcome("withdrawn", fmt.Sprintf("digest %s, signature %s", si.DigestAlgorithm.OID, si.SignatureAlgorithm.OID))
	}
	var problems []string
	if c.dBits == 0 {
		problems = append(problems, "digest algorithm "+si.DigestAlgorithm.OID.String()+" is not Streebog")
	} else if !si.DigestAlgorithm.ParametersOK() {
		problems = append(problems, "digest algorithm parameters are neither absent nor NULL")
	}
	if c.sBits == 0 {
		problems = append(problems, "signature algorithm "+si.SignatureAlgorithm.OID.String()+" is not GOST R 34.10-2012")
	} else if !si.SignatureAlgorithm.ParametersOK() {
		problems = append(problems, "signature algorithm parameters are neither absent nor NULL")
	}
	if c.dBits != 0 && c.sBits != 0 && c.dBits != c.sBits {
		problems = append(problems, fmt.Sprintf("%d-bit digest with a %d-bit signature algorithm", c.dBits, c.sBits))
	}
	if c.key != nil {
		if c.sBits != 0 && c.sBits != c.keyBits {
			problems = append(problems, fmt.Sprintf("%d-bit signature algorithm with a %d-bit key", c.sBits, c.keyBits))
		}
		if c.dBits != 0 && c.dBits != c.keyBits {
			problems = append(problems, fmt.Sprintf("Streebog-%d with a %d-bit key", c.dBits, c.keyBits))
		}
	}
	listed := false
	for _, a := range c.sd.DigestAlgorithms {
		if a.OID.Equal(si.DigestAlgorithm.OID) {
			listed = true
		}
	}
	switch {
	case len(problems) > 0:
		s := strings.Join(problems, "; ")
		return ruleAlgorithms.Violated(s, s)
	case !listed:
		return ruleAlgorithms.Outcome("digest-not-listed", "digest algorithm not listed in SignedData.digestAlgorithms")
	}
	return ruleAlgorithms.Passed(fmt.Sprintf("Streebog-%d, GOST R 34.10-2012 %d-bit", c.dBits, c.sBits))
}

func evalContentType(c *signerCtx) check.Result {
	sd, si := c.sd, c.si
	switch {
	case !oid.Data.Equal(sd.ContentType):
		return ruleContentType.Violated("eContentType "+sd.ContentType.String(), sd.ContentType.String())
	case !c.hasAttrs:
		return ruleContentType.Passed("eContentType id-data, no signed attributes")
	case si.ContentType == nil:
		return ruleContentType.Outcome("missing", "contentType attribute missing")
	case !si.ContentType.Equal(sd.ContentType):
		return ruleContentType.Outcome("differs", "contentType "+si.ContentType.String()+" differs from eContentType")
	}
	return ruleContentType.Passed("id-data")
}

func evalMessageDigest(c *signerCtx) check.Result {
	si := c.si
	switch {
	case si.MessageDigest == nil:
		return ruleMessageDigest.Outcome("missing", "messageDigest attribute missing or malformed")
	case c.dBits == 0:
		return ruleMessageDigest.Outcome("unsupported-digest", "unsupported digest algorithm")
	case !c.contentOK:
		return ruleMessageDigest.Outcome("no-content", "content not available")
	case !bytes.Equal(c.digest, si.MessageDigest):
		return ruleMessageDigest.Violated(fmt.Sprintf("messageDigest %X, Streebog-%d of content %X", si.MessageDigest, c.dBits, c.digest))
	}
	return ruleMessageDigest.Passed(fmt.Sprintf("Streebog-%d %X", c.dBits, c.digest))
}

func applyBrowserEncoding(c *signerCtx) string {
	switch {
	case !c.hasAttrs:
		return "no signed attributes"
	case c.si.MessageDigest == nil:
		return "no messageDigest"
	case c.dBits == 0:
		return "unsupported digest algorithm"
	case !c.contentOK:
		return "content not available"
	case bytes.Equal(c.digest, c.si.MessageDigest):
		return "messageDigest matches the file bytes"
	case c.encoding == "":
		return "no alternative encoding of the content matches"
	}
	return ""
}

func evalBrowserEncoding(c *signerCtx) check.Result {
	return ruleBrowserEncoding.Violated("messageDigest matches "+c.encoding, russianEncoding(c.encoding))
}

func evalValue(c *signerCtx) check.Result {
	switch {
	case c.key == nil:
		return ruleValue.Outcome("no-certificate", "no usable signer key")
	case !c.hasAttrs && !c.contentOK:
		return ruleValue.Outcome("no-content", "no signed attributes and no content")
	}
	signed := c.content
	if c.hasAttrs {
		signed = make([]byte, len(c.si.RawSignedAttrs))
		copy(signed, c.si.RawSignedAttrs)
		signed[0] = 0x31
	}
	if err := c.key.VerifyDigest(streebogSum(c.keyBits, signed), c.si.Signature); err != nil {
		if !c.hasAttrs {
			return ruleValue.Outcome("over-content", err.Error())
		}
		return ruleValue.Violated(err.Error())
	}
	return ruleValue.Passed(fmt.Sprintf("GOST R 34.10-2012 %d-bit", c.keyBits))
}

func evalAttrsDEROrder(c *signerCtx) check.Result {
	switch why := attrsDERProblem(c.si); why {
	case "":
		return ruleAttrsDEROrder.Passed("")
	case derUnsorted:
		return ruleAttrsDEROrder.Outcome("unsorted", why)
	default:
		return ruleAttrsDEROrder.Violated(why)
	}
}

// essCertIDs returns the ESSCertID entries that bind the signer
// certificate: signingCertificateV2 when present, else signingCertificate
// (v1, SHA-1); nil when neither parsed.
func essCertIDs(si *SignerInfo) []ESSCertIDv2 {
	if len(si.SigningCertificateV2) > 0 {
		return si.SigningCertificateV2
	}
	return si.SigningCertificateV1
}

func applySigningCertificate(c *signerCtx) string {
	if essCertIDs(c.si) == nil {
		if !c.hasAttrs {
			return "no signed attributes"
		}
		return ""
	}
	if c.cert == nil {
		return "signer certificate not found"
	}
	return ""
}

// evalSigningCertificate evaluates SIG-SIGNING-CERTIFICATE: the first
// ESSCertID of signingCertificateV2, or of signingCertificate when only
// that is present, must identify the certificate.
func evalSigningCertificate(c *signerCtx) check.Result {
	si, cert, r := c.si, c.cert, &ruleSigningCertificate
	ids := essCertIDs(si)
	if ids == nil {
		if c.opts.RequireSigningCertificate {
			return r.Outcome("absent-required", "signingCertificateV2 absent")
		}
		return r.Outcome("absent", "signingCertificateV2 absent")
	}
	id := ids[0]
	var got []byte
	switch {
	case oid.SHA1.Equal(id.HashAlgorithm.OID):
		s := sha1.Sum(cert.Raw)
		got = s[:]
	case oid.Streebog256.Equal(id.HashAlgorithm.OID):
		got = streebogSum(256, cert.Raw)
	case oid.Streebog512.Equal(id.HashAlgorithm.OID):
		got = streebogSum(512, cert.Raw)
	case oid.SHA256.Equal(id.HashAlgorithm.OID):
		s := sha256.Sum256(cert.Raw)
		got = s[:]
	default:
		return r.Outcome("unknown-hash", "hash algorithm "+id.HashAlgorithm.OID.String(), id.HashAlgorithm.OID.String())
	}
	if !id.HashAlgorithm.ParametersOK() {
		return r.Outcome("hash-parameters", "hashAlgorithm parameters")
	}
	if !bytes.Equal(got, id.CertHash) {
		return r.Violated(fmt.Sprintf("certHash %X, certificate hash %X", id.CertHash, got))
	}
	if id.HasIssuerSerial {
		if id.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			return r.Outcome("serial-differs", "issuerSerial.serialNumber differs")
		}
		found := false
		for _, n := range id.IssuerNames {
			if bytes.Equal(n, cert.RawIssuer) {
				found = true
			}
		}
		if !found {
			return r.Outcome("issuer-differs", "issuerSerial.issuer differs")
		}
	}
	if id.HashAlgorithmDefaulted {
		return r.Outcome("sha256-default", "hashAlgorithm absent: RFC 5035 default SHA-256 used")
	}
	return r.Passed("certHash matches")
}

func applySigningTime(c *signerCtx) string {
	switch {
	case !c.si.HasSigningTime:
		return "no signingTime attribute"
	case c.cert == nil:
		return "signer certificate not found"
	}
	return ""
}

func evalSigningTime(c *signerCtx) check.Result {
	st, cert := c.si.SigningTime, c.cert
	switch {
	case !cert.ValidAt(st):
		return ruleSigningTime.Violated(fmt.Sprintf("signingTime %s, validity %s – %s", st.UTC().Format(time.RFC3339),
			cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339)),
			msk.DateTimeSeconds(st), msk.DateTimeSeconds(cert.NotBefore), msk.DateTimeSeconds(cert.NotAfter))
	case st.After(c.now.Add(5 * time.Minute)):
		return ruleSigningTime.Outcome("future", "signingTime in the future", msk.DateTimeSeconds(st))
	}
	return ruleSigningTime.Passed(st.UTC().Format(time.RFC3339))
}

func evalCAdESBES(c *signerCtx) check.Result {
	si := c.si
	var miss []string
	if !c.hasAttrs {
		miss = append(miss, "нет подписанных атрибутов")
	} else {
		if si.ContentType == nil {
			miss = append(miss, "нет атрибута contentType")
		}
		if si.MessageDigest == nil {
			miss = append(miss, "нет атрибута messageDigest")
		}
		if si.SigningCertificateV2 == nil && !si.HasSigningCertificateV1 && c.opts.RequireSigningCertificate {
			miss = append(miss, "нет атрибута signingCertificateV2")
		}
	}
	if len(miss) > 0 {
		list := strings.Join(miss, "; ")
		if c.opts.Policy == PolicyCAdESBES {
			return ruleCAdESBES.Violated(list, list)
		}
		return ruleCAdESBES.Outcome("not-met", list+" (plain CMS policy)", list)
	}
	return ruleCAdESBES.Passed("")
}

// evalCertValidity decides SIG-CERT-VALIDITY at the validation time the
// signer's evidence allows (ETSI EN 319 102-1 §5.6.2.1): a certificate
// valid at the genTime of a verified signature timestamp passes even if it
// has expired since; without such a proof a validation time outside the
// validity is indeterminate (OUT_OF_BOUNDS_NO_POE), and a signature that
// existed before the certificate was issued fails.
func evalCertValidity(c *signerCtx) check.Result {
	cert, at := c.cert, c.at
	when := func(t time.Time) []any {
		return []any{msk.DateTimeSeconds(t), msk.DateTimeSeconds(cert.NotBefore), msk.DateTimeSeconds(cert.NotAfter)}
	}
	b := make([]byte, 0, 128) // one allocation: the string
	b = append(append(b, c.atSource...), ' ')
	b = at.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, ", validity "...)
	b = cert.NotBefore.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, " – "...)
	detail := string(cert.NotAfter.UTC().AppendFormat(b, time.RFC3339))
	switch {
	case c.atSource == SourceSignatureTimestamp && at.Before(cert.NotBefore):
		return ruleCertValidity.Violated(detail, when(at)...)
	case c.atSource == SourceSignatureTimestamp && !cert.ValidAt(at):
		return ruleCertValidity.Outcome("timestamp-after-expiry", detail, when(at)...)
	case c.atSource == SourceSignatureTimestamp:
		return ruleCertValidity.Outcome("at-timestamp", detail, when(at)...)
	case !cert.ValidAt(at):
		return ruleCertValidity.Outcome("out-of-bounds", detail, when(at)...)
	case c.atSource == SourceSigningTimeClaim:
		return ruleCertValidity.Outcome("at-signing-time", detail, when(at)...)
	}
	return ruleCertValidity.Passed(detail)
}

// understoodUnsigned reports whether an unsigned attribute is one the
// library reads: the signature timestamp (verified here) and the CAdES-C,
// X, X-L and A attributes.
func understoodUnsigned(t asn1.ObjectIdentifier) bool {
	for _, id := range []oid.ID{oid.SignatureTimeStampToken, oid.CertificateRefs, oid.RevocationRefs, oid.CertValues,
		oid.RevocationValues, oid.EscTimeStamp, oid.CertCRLTimestamp, oid.ArchiveTimestamp, oid.ArchiveTimestampV2,
		oid.ArchiveTimestampV3, oid.LongTermValidation} {
		if id.Equal(t) {
			return true
		}
	}
	return false
}

func applyUnsignedAttrs(c *signerCtx) string {
	if len(c.si.UnsignedAttrs) == 0 {
		return "no unsigned attributes"
	}
	return ""
}

// evalUnsignedAttrs lists the unsigned attributes nobody checked.
func evalUnsignedAttrs(c *signerCtx) check.Result {
	var unknown []string
	for _, a := range c.si.UnsignedAttrs {
		if !understoodUnsigned(a.Type) {
			unknown = append(unknown, a.Type.String())
		}
	}
	if len(unknown) > 0 {
		list := strings.Join(unknown, ", ")
		return ruleUnsignedAttrs.Violated("not understood: "+list, list)
	}
	return ruleUnsignedAttrs.Passed(fmt.Sprintf("%d understood", len(c.si.UnsignedAttrs)))
}

// evalCertChain reports whether the chain is validated: by the validator,
// whose own results (CHAIN-*) follow, or not at all.
func evalCertChain(c *signerCtx) check.Result {
	if c.opts.ValidateCertificate == nil {
		return ruleCertChain.Outcome("not-checked", "no certificate validator configured")
	}
	return ruleCertChain.Skipped("validated by the certificate validator: see its results")
}

// attrsDERProblem says why the received signed attributes are not DER, or "".
func attrsDERProblem(si *SignerInfo) string {
	// Re-encode canonically only to compare; the signature is never checked
	// over this.
	var want bytes.Buffer
	body := 0
	for _, a := range si.SignedAttrs {
		body += len(a.Raw)
	}
	want.WriteByte(0xa0)
	want.Write(appendLength(nil, body))
	for _, a := range si.SignedAttrs {
		want.Write(a.Raw)
	}
	if !bytes.Equal(want.Bytes(), si.RawSignedAttrs) {
		return "non-minimal lengths or BER encoding"
	}
	for i := 1; i < len(si.SignedAttrs); i++ {
		if bytes.Compare(si.SignedAttrs[i-1].Raw, si.SignedAttrs[i].Raw) > 0 {
			return derUnsorted
		}
	}
	return ""
}

const derUnsorted = "SET OF not sorted"

func russianEncoding(what string) string {
	switch what {
	case EncodingUTF16LE:
		return "текстом файла в кодировке UTF-16LE (UCS-2)"
	case EncodingUTF16LEBOM:
		return "текстом файла в кодировке UTF-16LE (UCS-2) с меткой BOM"
	case EncodingBase64:
		return "base64-представлением файла"
	}
	return what
}

// Names of the alternative encodings BrowserEncodingMismatch recognises.
const (
	EncodingUTF16LE    = "UTF-16LE text"
	EncodingUTF16LEBOM = "UTF-16LE text with BOM"
	EncodingBase64     = "base64 text"
)

// BrowserEncodingMismatch implements the CryptoPro browser plug-in
// diagnostic: it reports whether digest is the
// Streebog-bits hash not of content but of its UTF-16LE rendering (content
// decoded as UTF-8 text, as CADESCOM_STRING_TO_UCS2LE signs it) or of its
// base64 text, and which one (EncodingUTF16LE, EncodingUTF16LEBOM,
// EncodingBase64).
func BrowserEncodingMismatch(content, digest []byte, bits int) (string, bool) {
	if bits != 256 && bits != 512 {
		return "", false
	}
	if utf8.Valid(content) {
		text := bytes.TrimPrefix(content, []byte{0xef, 0xbb, 0xbf})
		u := utf16LE(string(text))
		if bytes.Equal(streebogSum(bits, u), digest) {
			return EncodingUTF16LE, true
		}
		if bytes.Equal(streebogSum(bits, append([]byte{0xff, 0xfe}, u...)), digest) {
			return EncodingUTF16LEBOM, true
		}
	}
	b64 := []byte(base64.StdEncoding.EncodeToString(content))
	if bytes.Equal(streebogSum(bits, b64), digest) {
		return EncodingBase64, true
	}
	return "", false
}

func utf16LE(s string) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 2*len(units))
	for i, u := range units {
		out[2*i] = byte(u)
		out[2*i+1] = byte(u >> 8)
	}
	return out
}
