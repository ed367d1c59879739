package signature

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/internal/oid"
)

// TimestampResult is the verdict on one timestamp token.
type TimestampResult struct {
	// Kind is the attribute the token was found in, which says what it
	// covers; empty for Timestamp.Verify.
	Kind TokenKind `json:"kind,omitempty"`
	// GenTime is the token's genTime; zero when it could not be read.
	GenTime time.Time `json:"gen_time,omitzero"`
	// TSA is the subject of the TSA certificate, "" when not found.
	TSA string `json:"tsa,omitempty"`
	// Verified reports that the token proves the covered data existed at
	// GenTime: SIG-TIMESTAMP passed and the TSA chain was validated with
	// nothing worse than a warning.
	Verified bool `json:"verified"`
	// Timestamp is the parsed token, nil when unreadable.
	Timestamp *Timestamp `json:"-"`
	// Certificate is the TSA certificate, nil when not found.
	Certificate *certificate.Certificate `json:"-"`
	// ValidatedAt is set when the TSA certificate did not validate at the
	// validation time but did at the genTime of a later timestamp that
	// covers this token (past certificate validation).
	ValidatedAt time.Time `json:"validated_at,omitzero"`
	// Checks are SIG-TIMESTAMP and the results of the certificate
	// validator for the TSA certificate (CHAIN-*). Verify scopes them
	// {Signer, Timestamp} and also lists them in SignerResult.Checks.
	Checks check.Results `json:"-"`

	pool []*certificate.Certificate // candidate intermediates of the TSA chain
	rev  certificate.RevocationData // revocation data for it
}

// Verify checks that the token covers data (its message imprint is the
// hash of data) and is a valid RFC 3161 token: the TSA's signature over the
// TSTInfo, verified like a signer's, an ESS signingCertificate(V2) that
// binds the TSA certificate, a TSA certificate with a critical
// extKeyUsage holding only id-kp-timeStamping, valid at genTime, and its
// chain validated by opts.ValidateCertificate at opts.At (the current
// time: a TSA whose certificate has expired since is not trusted without
// a later proof of existence). The TSA certificate is looked up in the
// token and in opts.Certificates. The results have a zero scope.
func (t *Timestamp) Verify(data []byte, opts VerifyOptions) *TimestampResult {
	now := opts.At
	if now.IsZero() {
		now = time.Now()
	}
	return verifyTimestamp(t, nil, data, opts.Certificates, &opts, now, certificate.RevocationData{})
}

// timestampHash hashes data with the imprint algorithm, or reports it
// unsupported.
func timestampHash(a AlgorithmIdentifier, data []byte) ([]byte, bool) {
	if !a.ParametersOK() {
		return nil, false
	}
	switch {
	case oid.Streebog256.Equal(a.OID):
		return streebogSum(256, data), true
	case oid.Streebog512.Equal(a.OID):
		return streebogSum(512, data), true
	case oid.SHA256.Equal(a.OID):
		s := sha256.Sum256(data)
		return s[:], true
	}
	return nil, false
}

// verifyTimestamp decides SIG-TIMESTAMP for the token ts (or its parse
// error) over covered, and runs the certificate validator on the TSA
// certificate at now. pool holds the certificates found outside the
// token.
func verifyTimestamp(ts *Timestamp, parseErr error, covered []byte, pool []*certificate.Certificate, opts *VerifyOptions, now time.Time, rev certificate.RevocationData) *TimestampResult {
	tr := &TimestampResult{Timestamp: ts}
	if parseErr != nil || ts == nil {
		if parseErr == nil {
			parseErr = fmt.Errorf("no token")
		}
		tr.Checks = check.Results{ruleTimestamp.Outcome("unreadable", parseErr.Error(), check.MessageRU(parseErr, "структура штампа повреждена"))}
		return tr
	}
	tr.GenTime = ts.Info.GenTime
	si := ts.Token.Signers[0]
	// The token may carry validation material for its TSA (certificates,
	// its own certificate-values and revocation-values).
	tv := ts.Token.validationData(si)
	tsPool := append(append(append([]*certificate.Certificate{}, ts.Token.Certificates...), tv.certs...), pool...)
	rev = certificate.RevocationData{CRLs: append(append([]*certificate.CRL{}, rev.CRLs...), tv.rev.CRLs...),
		OCSP: append(append([]*certificate.OCSPResponse{}, rev.OCSP...), tv.rev.OCSP...)}
	c := newSignerCtx(ts.Token, si, ts.Token.Content, true, tsPool, opts, now)
	c.at = ts.Info.GenTime
	tr.Certificate = c.cert
	if c.cert != nil {
		tr.TSA = c.cert.Subject.String()
	}
	res := decideTimestamp(ts, c, covered)
	tr.Checks = append(check.Results{res}, validate(opts, c.cert, now, ts.Info.GenTime, tsPool, rev)...)
	tr.Verified = res.Status == check.Pass && !tr.Checks.Worst().Worse(check.Warn)
	tr.pool, tr.rev = tsPool, rev
	return tr
}

// verifyTokens verifies every timestamp token of signer si (CAdES-T, -C,
// -X, -A), each against the bytes its kind covers (SignedData.StampedData),
// with its TSA chain validated at now. A token whose TSA chain does not
// validate at now is validated again at the genTime of a later verified
// CAdES-C or archive timestamp, which proves the token existed then (past
// certificate validation: a TSA certificate that has expired or been
// revoked since still counts if it was valid when a later timestamp
// covered the token). Results are scoped {Signer, Timestamp k}.
func (sd *SignedData) verifyTokens(si *SignerInfo, vd *validationData, content []byte, pool []*certificate.Certificate, opts *VerifyOptions, now time.Time) ([]TimestampResult, check.Results) {
	if vd.longTerm == nil || len(vd.longTerm.Tokens) == 0 {
		return nil, nil
	}
	toks := vd.longTerm.Tokens
	out := make([]TimestampResult, len(toks))
	for i, tok := range toks {
		ts, err := parseTimestampDER(tok.DER)
		var tr *TimestampResult
		if err == nil {
			covered, serr := sd.StampedData(si, tok, content)
			if serr != nil {
				tr = &TimestampResult{Timestamp: ts, GenTime: ts.Info.GenTime, Checks: check.Results{stampedDataProblem(tok.Kind, serr)}}
			} else {
				tr = verifyTimestamp(ts, nil, covered, pool, opts, now, vd.rev)
			}
		} else {
			tr = verifyTimestamp(nil, err, nil, pool, opts, now, vd.rev)
		}
		tr.Kind = tok.Kind
		out[i] = *tr
	}
	for i := len(out) - 1; i >= 0; i-- {
		tr := &out[i]
		if tr.Verified || tr.Certificate == nil || len(tr.Checks) == 0 || tr.Checks[0].Status != check.Pass {
			continue
		}
		for j := i + 1; j < len(out); j++ {
			later := &out[j]
			if !later.Verified || !coversEarlierTokens(later.Kind) || !later.GenTime.After(tr.GenTime) {
				continue
			}
			if again := validate(opts, tr.Certificate, later.GenTime, tr.GenTime, tr.pool, tr.rev); !again.Worst().Worse(check.Warn) {
				tr.Checks = append(tr.Checks[:1:1], again...)
				tr.Verified = true
				tr.ValidatedAt = later.GenTime
				break
			}
		}
	}
	// A token that could not be verified, without being wrong, is not
	// needed when another one proves the signature's time: it is then
	// reported as not used (a warning) instead of leaving the signature
	// undecided. A token that is wrong (a failure) stays a failure.
	verified := slices.ContainsFunc(out, func(t TimestampResult) bool { return t.Verified })
	for i := range out {
		tr := &out[i]
		if !verified || tr.Verified || tr.Checks.Worst() != check.Indeterminate {
			continue
		}
		var why []string
		for _, r := range tr.Checks {
			if r.Status == check.Indeterminate {
				why = append(why, r.ID+": "+r.Detail)
			}
		}
		reason := tr.Checks.With(check.Indeterminate)[0].Message
		tr.Checks = check.Results{ruleTimestamp.Outcome("not-used", strings.Join(why, "; "),
			tokenKindRU(tr.Kind), msk.DateTimeSeconds(tr.GenTime), lowerFirstRU(reason))}
	}
	var checks check.Results
	for i := range out {
		out[i].Checks = out[i].Checks.Within(check.Scope{Signer: si.Index + 1, Timestamp: i + 1})
		checks = append(checks, out[i].Checks...)
	}
	return out, checks
}

// tokenKindRU names a kind of timestamp for people.
func tokenKindRU(k TokenKind) string {
	switch k {
	case TokenSignature:
		return "штамп времени подписи"
	case TokenCAdESC:
		return "штамп времени CAdES-C"
	case TokenRefs:
		return "штамп времени ссылок на данные проверки"
	case TokenArchiveV1, TokenArchiveV2, TokenArchiveV3:
		return "архивный штамп времени"
	}
	return "штамп времени"
}

// lowerFirstRU lowers the first letter of a message quoted inside another.
func lowerFirstRU(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// coversEarlierTokens reports whether a token of kind k covers the
// timestamps that precede it: a CAdES-C timestamp covers the signature
// timestamps, an archive timestamp every attribute before it.
func coversEarlierTokens(k TokenKind) bool {
	switch k {
	case TokenCAdESC, TokenArchiveV1, TokenArchiveV2, TokenArchiveV3:
		return true
	}
	return false
}

// stampedDataProblem is SIG-TIMESTAMP for a token whose covered bytes
// could not be assembled.
func stampedDataProblem(kind TokenKind, err error) check.Result {
	r := &ruleTimestamp
	switch {
	case errors.Is(err, ErrNoContent):
		return r.Outcome("no-content", err.Error())
	case errors.Is(err, ErrUnsupportedHash):
		return r.Outcome("unsupported-hash", err.Error(), err.Error())
	}
	return r.Outcome("not-stamped", err.Error(), string(kind), err.Error())
}

// decideTimestamp evaluates SIG-TIMESTAMP: the first problem found decides
// it. The TSA's SignerInfo goes through the signer rules of verify.go
// (structure, certificate, algorithms, message digest, signature value,
// signingCertificate); their verdicts are mapped to the timestamp's
// outcomes.
func decideTimestamp(ts *Timestamp, c *signerCtx, covered []byte) check.Result {
	r := &ruleTimestamp
	imprint := ts.Info.MessageImprint
	got, ok := timestampHash(imprint.HashAlgorithm, covered)
	switch {
	case !ok:
		return r.Outcome("unsupported-hash", "imprint hash "+imprint.HashAlgorithm.OID.String(), imprint.HashAlgorithm.OID.String())
	case !bytes.Equal(got, imprint.HashedMessage):
		return r.Outcome("imprint-mismatch", fmt.Sprintf("imprint %X, hash of the covered data %X", imprint.HashedMessage, got))
	}
	si := c.si
	if st := evalStructure(c); st.Status != check.Pass {
		return r.Outcome("structure", "TSA SignerInfo: "+st.Detail, st.Detail)
	}
	switch {
	case !c.hasAttrs:
		const why = "TSA SignerInfo without signed attributes"
		return r.Outcome("structure", why, why)
	case si.ContentType == nil || !oid.TSTInfo.Equal(si.ContentType):
		const why = "contentType attribute is not id-ct-TSTInfo"
		return r.Outcome("structure", why, why)
	}
	if sc := evalSignerCert(c); sc.Status != check.Pass {
		if c.cert == nil {
			return r.Outcome("tsa-certificate-missing", "TSA certificate not found: "+sc.Detail)
		}
		return r.Outcome("unsupported-algorithm", "TSA certificate key: "+sc.Detail)
	}
	if al := evalAlgorithms(c); al.Status == check.Fail {
		if c.dBits == 0 || c.sBits == 0 {
			return r.Outcome("unsupported-algorithm", "TSA: "+al.Detail)
		}
		return r.Outcome("algorithms", "TSA: "+al.Detail)
	}
	if md := evalMessageDigest(c); md.Status != check.Pass {
		return r.Outcome("content-digest", "TSTInfo: "+md.Detail)
	}
	if v := evalValue(c); v.Status != check.Pass {
		return r.Violated("TSA signature: " + v.Detail)
	}
	if essCertIDs(si) == nil {
		return r.Outcome("ess-missing", "neither signingCertificate nor signingCertificateV2 (RFC 3161 §2.4.1, RFC 5816)")
	}
	ess := evalSigningCertificate(c)
	if ess.Outcome == "unknown-hash" && len(si.SigningCertificateV1) > 0 && len(si.SigningCertificateV2) > 0 {
		// Some TSAs hash the certificate in signingCertificateV2 with the
		// withdrawn GOST R 34.11-94 and add a SHA-1 signingCertificate:
		// the latter still binds the certificate.
		v1 := *si
		v1.SigningCertificateV2 = nil
		c1 := *c
		c1.si = &v1
		ess = evalSigningCertificate(&c1)
	}
	switch {
	case ess.Outcome == "unknown-hash":
		return r.Outcome("unsupported-algorithm", "TSA signingCertificateV2: "+ess.Detail)
	case ess.Status == check.Fail:
		return r.Outcome("ess-mismatch", "TSA "+ess.Detail)
	}
	cert := c.cert
	present, critical := cert.HasExtension(oid.ExtExtendedKeyUsage.OID())
	switch {
	case !present:
		return r.Outcome("tsa-eku-absent", "no extKeyUsage")
	case len(cert.ExtKeyUsage) != 1 || !oid.ExtKeyUsageTimeStamping.Equal(cert.ExtKeyUsage[0]):
		list := make([]string, len(cert.ExtKeyUsage))
		for i, o := range cert.ExtKeyUsage {
			list[i] = o.String()
		}
		return r.Outcome("tsa-eku", "extKeyUsage "+strings.Join(list, ", "), strings.Join(list, ", "))
	case !critical:
		return r.Outcome("tsa-eku-not-critical", "extKeyUsage not critical (RFC 3161 §2.3)")
	}
	gt := ts.Info.GenTime
	if !cert.ValidAt(gt) {
		return r.Outcome("tsa-time", fmt.Sprintf("genTime %s, TSA validity %s – %s", gt.UTC().Format(time.RFC3339),
			cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339)),
			msk.DateTimeSeconds(gt), msk.DateTimeSeconds(cert.NotBefore), msk.DateTimeSeconds(cert.NotAfter))
	}
	if gt.After(c.now.Add(5 * time.Minute)) {
		return r.Outcome("future", "genTime "+gt.UTC().Format(time.RFC3339Nano)+" after the validation time",
			msk.DateTimeSeconds(gt), msk.DateTimeSeconds(c.now))
	}
	if c.opts.ValidateCertificate == nil {
		return r.Outcome("tsa-chain-not-checked", "no certificate validator configured")
	}
	return r.Passed(fmt.Sprintf("genTime %s, serial %s, TSA %s", gt.UTC().Format(time.RFC3339Nano), ts.Info.SerialNumber, cert.Subject.String()),
		msk.DateTimeSeconds(gt), tsaName(cert))
}

// tsaName is the TSA's name for people: its commonName, or the whole
// subject.
func tsaName(c *certificate.Certificate) string {
	if cn := c.Subject.CommonName; cn != "" {
		return cn
	}
	return c.Subject.String()
}
