package signature

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/gost/streebog"
)

// TimeMode chooses the time at which the signer certificate is validated.
type TimeMode int

const (
	// TimeNow validates at VerifyOptions.Now() (time.Now when nil).
	TimeNow TimeMode = iota
	// TimeSigning validates at the signingTime attribute, or now when the
	// signer has none. signingTime is a claim of the signer, not evidence.
	TimeSigning
	// TimeFixed validates at VerifyOptions.At.
	TimeFixed
)

// Policy chooses which signature profile is required.
type Policy int

const (
	// PolicyCAdESBES (the default) requires signed attributes with
	// contentType and messageDigest, and warns when signingCertificateV2 is
	// absent.
	PolicyCAdESBES Policy = iota
	// PolicyCMS accepts any RFC 5652 signature, including signatures without
	// signed attributes.
	PolicyCMS
)

// CertificateValidator validates the signer certificate (chain to a trust
// anchor, revocation, usage) at time at; extra are the certificates embedded
// in the signature and supplied in VerifyOptions.Certificates, which may be
// used as intermediates but never as trust anchors. It returns the results
// of its checks; they are added to the signer's results as they are.
type CertificateValidator func(cert *certificate.Certificate, at time.Time, extra []*certificate.Certificate) check.Results

// VerifyOptions configures Verify. The zero value verifies under the
// CAdES-BES policy at the current time and reports the certificate chain as
// not checked.
type VerifyOptions struct {
	// Certificates are additional candidates for the signer certificate
	// (and intermediates passed to ValidateCertificate).
	Certificates []*certificate.Certificate
	// Time chooses the validation time; At is used with TimeFixed.
	Time TimeMode
	At   time.Time
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Policy is the required profile (PolicyCAdESBES by default).
	Policy Policy
	// RequireSigningCertificate makes a missing signingCertificateV2 a
	// failure instead of a warning under PolicyCAdESBES.
	RequireSigningCertificate bool
	// ValidateCertificate is the integration point for chain validation
	// (ChainValidator wraps certificate.Verify; a custom function may be
	// used instead). When nil, the
	// SIG-CERT-CHAIN check is a warning saying the chain was not checked.
	ValidateCertificate CertificateValidator
}

func (o *VerifyOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// SignerResult is the verdict on one signer.
type SignerResult struct {
	// Index is the signer's position in the SignedData.
	Index int
	// Signer is the parsed SignerInfo.
	Signer *SignerInfo
	// Certificate is the signer certificate, nil when not found.
	Certificate *certificate.Certificate
	// SigningTime is the claimed signing time (zero when absent).
	SigningTime    time.Time
	HasSigningTime bool
	// ValidationTime is the time the certificate was validated at.
	ValidationTime time.Time
	// Checks are the results of every check, in a fixed order.
	Checks check.Results
	// Verdict is the worst status of Checks.
	Verdict check.Status
}

// Result is the verdict of Verify.
type Result struct {
	// Checks are the document-level results (content, embedded
	// certificates).
	Checks check.Results
	// Signers has one entry per SignerInfo.
	Signers []SignerResult
	// Verdict is the worst status over all checks: Fail means the signature
	// must be rejected.
	Verdict check.Status
}

// Valid reports whether nothing failed (warnings are allowed).
func (r *Result) Valid() bool { return r.Verdict != check.Fail }

// All returns the document-level results followed by each signer's results
// with IDs prefixed "SIGNER1-", "SIGNER2-", … so that they stay unique.
func (r *Result) All() check.Results {
	out := append(check.Results{}, r.Checks...)
	for _, s := range r.Signers {
		out = append(out, s.Checks.WithPrefix(fmt.Sprintf("SIGNER%d", s.Index+1))...)
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
	// Content.
	data, contentOK := content, true
	switch {
	case !sd.Detached && content != nil && !bytes.Equal(content, sd.Content):
		res.Checks = append(res.Checks, RuleContent.Violated("supplied content differs from eContent",
			"переданный файл отличается от данных, вложенных в подпись"))
		data = sd.Content
	case !sd.Detached:
		data = sd.Content
		res.Checks = append(res.Checks, RuleContent.Passed(fmt.Sprintf("attached, %d bytes", len(data))))
	case content == nil:
		contentOK = false
		res.Checks = append(res.Checks, RuleContent.Violated("detached signature without content",
			"подпись отсоединённая, а подписанный файл не передан"))
	default:
		res.Checks = append(res.Checks, RuleContent.Passed(fmt.Sprintf("detached, %d bytes supplied", len(content))))
	}
	if len(sd.CertificateErrors) > 0 {
		msgs := make([]string, len(sd.CertificateErrors))
		for i, e := range sd.CertificateErrors {
			msgs[i] = e.Error()
		}
		res.Checks = append(res.Checks, RuleEmbeddedCerts.Violated(strings.Join(msgs, "; "),
			fmt.Sprintf("%d шт.", len(sd.CertificateErrors))))
	}
	if len(sd.Signers) == 0 {
		res.Checks = append(res.Checks, RuleStructure.Violated("no signers", "в подписи нет ни одного подписанта"))
	}
	pool := append(append([]*certificate.Certificate{}, sd.Certificates...), opts.Certificates...)
	for _, si := range sd.Signers {
		res.Signers = append(res.Signers, sd.verifySigner(si, data, contentOK, pool, &opts))
	}
	all := res.Checks
	for _, s := range res.Signers {
		all = append(all, s.Checks...)
	}
	res.Verdict = all.Worst()
	if res.Verdict == check.Skip {
		res.Verdict = check.Fail
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
			bytes.Equal(c.X509.RawIssuer, si.Issuer) {
			return c
		}
	}
	return nil
}

// digestBits returns 256 or 512 for a Streebog OID, 0 otherwise.
func digestBits(a AlgorithmIdentifier) int {
	switch {
	case a.OID.Equal(OIDStreebog256):
		return 256
	case a.OID.Equal(OIDStreebog512):
		return 512
	}
	return 0
}

// signatureBits returns 256 or 512 for the accepted signature OIDs.
func signatureBits(a AlgorithmIdentifier) int {
	switch {
	case a.OID.Equal(OIDGost2012Key256), a.OID.Equal(OIDSignGost2012With256):
		return 256
	case a.OID.Equal(OIDGost2012Key512), a.OID.Equal(OIDSignGost2012With512):
		return 512
	}
	return 0
}

func streebogSum(bits int, data []byte) []byte {
	if bits == 512 {
		d := streebog.Sum512(data)
		return d[:]
	}
	d := streebog.Sum256(data)
	return d[:]
}

func (sd *SignedData) verifySigner(si *SignerInfo, content []byte, contentOK bool, pool []*certificate.Certificate, opts *VerifyOptions) SignerResult {
	sr := SignerResult{Index: si.Index, Signer: si, SigningTime: si.SigningTime, HasSigningTime: si.HasSigningTime}
	add := func(r check.Result) { sr.Checks = append(sr.Checks, r) }
	hasAttrs := si.RawSignedAttrs != nil

	// SIG-STRUCTURE.
	var problems []string
	switch {
	case si.SubjectKeyID != nil && si.Version != 3:
		problems = append(problems, fmt.Sprintf("SignerInfo version %d with subjectKeyIdentifier, want 3", si.Version))
	case si.SubjectKeyID == nil && si.Version != 1:
		problems = append(problems, fmt.Sprintf("SignerInfo version %d with issuerAndSerialNumber, want 1", si.Version))
	}
	if si.SubjectKeyID != nil && sd.Version < 3 {
		problems = append(problems, fmt.Sprintf("SignedData version %d with a subjectKeyIdentifier signer, want 3", sd.Version))
	}
	problems = append(problems, si.AttrProblems...)
	if si.SignedAttrsReceivedBER {
		problems = append(problems, "signed attributes received with indefinite lengths (not DER)")
	}
	if len(problems) > 0 {
		add(RuleStructure.Violated(strings.Join(problems, "; "), strings.Join(problems, "; ")))
	} else {
		add(RuleStructure.Passed(""))
	}

	// SIG-SIGNER-CERT.
	cert := findSigner(si, pool)
	sr.Certificate = cert
	keyOK := false
	if cert == nil {
		add(RuleSignerCert.Violated(si.describe(), "сертификат ("+si.describe()+") не вложен в подпись и не передан"))
	} else if _, err := cert.GOSTKey(); err != nil {
		add(RuleSignerCert.Violated(err.Error(), "ключ сертификата не является ключом ГОСТ Р 34.10-2012"))
	} else {
		keyOK = true
		add(RuleSignerCert.Passed(cert.Subject.String()))
	}

	// SIG-ALGORITHMS.
	dBits, sBits := digestBits(si.DigestAlgorithm), signatureBits(si.SignatureAlgorithm)
	var algProblems []string
	if dBits == 0 {
		algProblems = append(algProblems, "digest algorithm "+si.DigestAlgorithm.OID.String()+" is not Streebog")
	} else if !si.DigestAlgorithm.ParametersOK() {
		algProblems = append(algProblems, "digest algorithm parameters are neither absent nor NULL")
	}
	if sBits == 0 {
		algProblems = append(algProblems, "signature algorithm "+si.SignatureAlgorithm.OID.String()+" is not GOST R 34.10-2012")
	} else if !si.SignatureAlgorithm.ParametersOK() {
		algProblems = append(algProblems, "signature algorithm parameters are neither absent nor NULL")
	}
	if dBits != 0 && sBits != 0 && dBits != sBits {
		algProblems = append(algProblems, fmt.Sprintf("%d-bit digest with a %d-bit signature algorithm", dBits, sBits))
	}
	keyBits := 0
	if keyOK {
		key, _ := cert.GOSTKey()
		keyBits = key.Bits()
		if sBits != 0 && sBits != keyBits {
			algProblems = append(algProblems, fmt.Sprintf("%d-bit signature algorithm with a %d-bit key", sBits, keyBits))
		}
		if dBits != 0 && dBits != keyBits {
			algProblems = append(algProblems, fmt.Sprintf("Streebog-%d with a %d-bit key", dBits, keyBits))
		}
	}
	listed := false
	for _, a := range sd.DigestAlgorithms {
		if a.OID.Equal(si.DigestAlgorithm.OID) {
			listed = true
		}
	}
	if len(algProblems) > 0 {
		add(RuleAlgorithms.Violated(strings.Join(algProblems, "; "), strings.Join(algProblems, "; ")))
	} else if !listed {
		add(RuleAlgorithms.Warned("digest algorithm not listed in SignedData.digestAlgorithms",
			"Алгоритм хэширования подписанта не указан в списке digestAlgorithms SignedData"))
	} else {
		add(RuleAlgorithms.Passed(fmt.Sprintf("Streebog-%d, GOST R 34.10-2012 %d-bit", dBits, sBits)))
	}

	// SIG-CONTENT-TYPE.
	switch {
	case !sd.ContentType.Equal(OIDData):
		add(RuleContentType.Violated("eContentType "+sd.ContentType.String(), "тип вложенных данных "+sd.ContentType.String()+", ожидается id-data"))
	case !hasAttrs:
		add(RuleContentType.Passed("eContentType id-data, no signed attributes"))
	case si.ContentType == nil:
		add(RuleContentType.Violated("contentType attribute missing", "атрибут contentType отсутствует"))
	case !si.ContentType.Equal(sd.ContentType):
		add(RuleContentType.Violated("contentType "+si.ContentType.String()+" differs from eContentType",
			"атрибут contentType не совпадает с типом вложенных данных"))
	default:
		add(RuleContentType.Passed("id-data"))
	}

	// SIG-MESSAGE-DIGEST and SIG-BROWSER-ENCODING.
	switch {
	case !hasAttrs:
		add(RuleMessageDigest.Skipped("no signed attributes: the signature covers the content directly"))
		add(RuleBrowserEncoding.Skipped("no signed attributes"))
	case si.MessageDigest == nil:
		add(RuleMessageDigest.Violated("messageDigest attribute missing or malformed", "атрибут messageDigest отсутствует или повреждён"))
		add(RuleBrowserEncoding.Skipped("no messageDigest"))
	case dBits == 0:
		add(RuleMessageDigest.Violated("unsupported digest algorithm", "алгоритм хэширования не поддерживается"))
		add(RuleBrowserEncoding.Skipped("unsupported digest algorithm"))
	case !contentOK:
		add(RuleMessageDigest.Violated("content not available", "подписанный файл не передан"))
		add(RuleBrowserEncoding.Skipped("content not available"))
	default:
		got := streebogSum(dBits, content)
		if bytes.Equal(got, si.MessageDigest) {
			add(RuleMessageDigest.Passed(fmt.Sprintf("Streebog-%d %X", dBits, got)))
			add(RuleBrowserEncoding.Skipped("messageDigest matches the file bytes"))
		} else {
			add(RuleMessageDigest.Violated(fmt.Sprintf("messageDigest %X, Streebog-%d of content %X", si.MessageDigest, dBits, got),
				"файл изменён после подписания или подписан другой файл"))
			if what, ok := BrowserEncodingMismatch(content, si.MessageDigest, dBits); ok {
				add(RuleBrowserEncoding.Violated("messageDigest matches "+what, russianEncoding(what)))
			} else {
				add(RuleBrowserEncoding.Skipped("no alternative encoding of the content matches"))
			}
		}
	}

	// SIG-VALUE.
	switch {
	case !keyOK:
		add(RuleValue.Violated("no usable signer key", "сертификат подписанта не найден"))
	case !hasAttrs && !contentOK:
		add(RuleValue.Violated("no signed attributes and no content", "подписанный файл не передан"))
	default:
		key, _ := cert.GOSTKey()
		var signed []byte
		if hasAttrs {
			signed = make([]byte, len(si.RawSignedAttrs))
			copy(signed, si.RawSignedAttrs)
			signed[0] = 0x31
		} else {
			signed = content
		}
		digest := streebogSum(keyBits, signed)
		if err := key.VerifyDigest(digest, si.Signature); err != nil {
			what := "над подписанными атрибутами"
			if !hasAttrs {
				what = "над содержимым файла"
			}
			add(RuleValue.Violated(err.Error(), "значение подписи не соответствует ключу сертификата "+what))
		} else {
			add(RuleValue.Passed(fmt.Sprintf("GOST R 34.10-2012 %d-bit", keyBits)))
		}
	}

	// SIG-ATTRS-DER-ORDER.
	if !hasAttrs {
		add(RuleAttrsDEROrder.Skipped("no signed attributes"))
	} else if why := attrsDERProblem(si); why != "" {
		add(RuleAttrsDEROrder.Violated(why, russianDER(why)))
	} else {
		add(RuleAttrsDEROrder.Passed(""))
	}

	// SIG-SIGNING-CERTIFICATE.
	add(checkSigningCertificate(si, cert, opts))

	// SIG-SIGNING-TIME.
	switch {
	case !si.HasSigningTime:
		add(RuleSigningTime.Skipped("no signingTime attribute"))
	case cert == nil:
		add(RuleSigningTime.Skipped("signer certificate not found"))
	case !cert.ValidAt(si.SigningTime):
		add(RuleSigningTime.Violated(fmt.Sprintf("signingTime %s, validity %s – %s", si.SigningTime.UTC().Format(time.RFC3339),
			cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339)),
			fmt.Sprintf("время подписания %s, сертификат действует с %s по %s", fmtTime(si.SigningTime), fmtTime(cert.NotBefore), fmtTime(cert.NotAfter))))
	case si.SigningTime.After(opts.now().Add(5 * time.Minute)):
		add(RuleSigningTime.Warned("signingTime in the future", "Время подписания указано в будущем: "+fmtTime(si.SigningTime)))
	default:
		add(RuleSigningTime.Passed(si.SigningTime.UTC().Format(time.RFC3339)))
	}

	// SIG-CADES-BES.
	if opts.Policy == PolicyCMS {
		add(RuleCAdESBES.Skipped("plain CMS policy"))
	} else {
		var miss []string
		if !hasAttrs {
			miss = append(miss, "нет подписанных атрибутов")
		} else {
			if si.ContentType == nil {
				miss = append(miss, "нет атрибута contentType")
			}
			if si.MessageDigest == nil {
				miss = append(miss, "нет атрибута messageDigest")
			}
			if si.SigningCertificateV2 == nil && !si.HasSigningCertificateV1 && opts.RequireSigningCertificate {
				miss = append(miss, "нет атрибута signingCertificateV2")
			}
		}
		if len(miss) > 0 {
			add(RuleCAdESBES.Violated(strings.Join(miss, "; "), strings.Join(miss, "; ")))
		} else {
			add(RuleCAdESBES.Passed(""))
		}
	}

	// Validation time, SIG-CERT-VALIDITY and SIG-CERT-CHAIN.
	at := opts.now()
	switch opts.Time {
	case TimeSigning:
		if si.HasSigningTime {
			at = si.SigningTime
		}
	case TimeFixed:
		at = opts.At
	}
	sr.ValidationTime = at
	switch {
	case cert == nil:
		add(RuleCertValidity.Skipped("signer certificate not found"))
		add(RuleCertChain.Skipped("signer certificate not found"))
	default:
		if cert.ValidAt(at) {
			add(RuleCertValidity.Passed(at.UTC().Format(time.RFC3339)))
		} else {
			add(RuleCertValidity.Violated(fmt.Sprintf("validation time %s, validity %s – %s", at.UTC().Format(time.RFC3339),
				cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339)),
				fmt.Sprintf("момент проверки %s, срок действия с %s по %s", fmtTime(at), fmtTime(cert.NotBefore), fmtTime(cert.NotAfter))))
		}
		if opts.ValidateCertificate == nil {
			add(RuleCertChain.Warned("no certificate validator configured", "Цепочка сертификата не проверена"))
		} else {
			extra := make([]*certificate.Certificate, 0, len(pool))
			for _, c := range pool {
				if c != cert {
					extra = append(extra, c)
				}
			}
			rs := opts.ValidateCertificate(cert, at, extra)
			if len(rs) == 0 {
				add(RuleCertChain.Warned("certificate validator returned no results", "Цепочка сертификата не проверена"))
			}
			sr.Checks = append(sr.Checks, rs...)
		}
	}
	sr.Verdict = sr.Checks.Worst()
	return sr
}

func fmtTime(t time.Time) string {
	return t.In(time.FixedZone("MSK", 3*3600)).Format("02.01.2006 15:04:05 MSK")
}

// checkSigningCertificate evaluates SIG-SIGNING-CERTIFICATE.
func checkSigningCertificate(si *SignerInfo, cert *certificate.Certificate, opts *VerifyOptions) check.Result {
	r := RuleSigningCertificate
	if si.SigningCertificateV2 == nil {
		switch {
		case si.RawSignedAttrs == nil:
			return r.Skipped("no signed attributes")
		case opts.Policy == PolicyCMS:
			return r.Skipped("signingCertificateV2 absent; not required by the plain CMS policy")
		case opts.RequireSigningCertificate:
			return r.Violated("signingCertificateV2 absent", "атрибут отсутствует, а политика CAdES-BES его требует")
		}
		return r.Warned("signingCertificateV2 absent", "Атрибут signingCertificateV2 отсутствует: подпись не связана с конкретным сертификатом (требование CAdES-BES)")
	}
	if cert == nil {
		return r.Skipped("signer certificate not found")
	}
	id := si.SigningCertificateV2[0]
	var got []byte
	switch {
	case id.HashAlgorithm.OID.Equal(OIDStreebog256):
		got = streebogSum(256, cert.Raw)
	case id.HashAlgorithm.OID.Equal(OIDStreebog512):
		got = streebogSum(512, cert.Raw)
	case id.HashAlgorithm.OID.Equal(OIDSHA256):
		s := sha256.Sum256(cert.Raw)
		got = s[:]
	default:
		return r.Violated("hash algorithm "+id.HashAlgorithm.OID.String(), "неизвестный алгоритм хэширования "+id.HashAlgorithm.OID.String())
	}
	if !id.HashAlgorithm.ParametersOK() {
		return r.Violated("hashAlgorithm parameters", "параметры алгоритма хэширования не пусты и не NULL")
	}
	if !bytes.Equal(got, id.CertHash) {
		return r.Violated(fmt.Sprintf("certHash %X, certificate hash %X", id.CertHash, got), "хэш сертификата certHash не совпадает с хэшем сертификата подписанта")
	}
	if id.HasIssuerSerial {
		if id.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			return r.Violated("issuerSerial.serialNumber differs", "серийный номер в issuerSerial не совпадает с номером сертификата")
		}
		found := false
		for _, n := range id.IssuerNames {
			if bytes.Equal(n, cert.X509.RawIssuer) {
				found = true
			}
		}
		if !found {
			return r.Violated("issuerSerial.issuer differs", "издатель в issuerSerial не совпадает с издателем сертификата")
		}
	}
	if id.HashAlgorithmDefaulted {
		return r.Warned("hashAlgorithm absent: RFC 5035 default SHA-256 used",
			"В signingCertificateV2 не указан алгоритм хэширования, поэтому по RFC 5035 использован SHA-256, а не ГОСТ Р 34.11-2012")
	}
	return r.Passed("certHash matches")
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
			return "SET OF not sorted"
		}
	}
	return ""
}

func russianDER(why string) string {
	if why == "SET OF not sorted" {
		return "атрибуты не упорядочены"
	}
	return "неминимальная длина или BER"
}

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
// diagnostic (gost-and-cms.md §10): it reports whether digest is the
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
