package certificate

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/msk"
	"github.com/egisz-lk/registrar/internal/oid"
)

// Citations of the chain rules.
const (
	citeChainRFC   = "RFC 5280, разд. 6"
	citeLaw14      = "63-ФЗ «Об электронной подписи», ст. 14"
	citeTrustRoot  = "63-ФЗ, ст. 14 и ст. 17; RFC 5280, разд. 6.1"
	citeChainSig   = "RFC 5280, разд. 6.1.3 (a)(1); ГОСТ Р 34.10-2012"
	citeChainValid = "63-ФЗ, ст. 14 и ст. 17, ч. 2; RFC 5280, разд. 6.1.3 (a)(2)"
	citeChainCA    = "RFC 5280, разд. 4.2.1.9 и 6.1.4 (k); Приказ ФСБ России № 795"
	citeChainPath  = "RFC 5280, разд. 4.2.1.9 и 6.1.4 (l), (m)"
	citeChainKU    = "RFC 5280, разд. 4.2.1.3 и 6.1.4 (n); Приказ ФСБ России № 795"
	citeChainRev   = "63-ФЗ, ст. 14, ч. 6; RFC 5280, разд. 5 и 6.1.3 (a)(3)"
	citeChainAccr  = "63-ФЗ, ст. 16 и ст. 17 (сертификат выдан аккредитованным УЦ); перечень аккредитованных УЦ Минцифры"
)

// The chain rules, reported by Verify exactly once each (the results of
// several links merged into one result per rule). Messages name the link
// and the data that failed.
var (
	ruleChainTrustedRoot = check.Rule{
		ID: "CHAIN-TRUSTED-ROOT", Title: "chain reaches a trusted root",
		Citation: citeTrustRoot, Severity: check.Fail,
		Message:     "Цепочка не доходит до доверенного корневого сертификата: не найден сертификат издателя «%s»%s (звено %d цепочки, сертификат «%s»)",
		PassMessage: "Цепочка доходит до доверенного корневого сертификата",
		Outcomes: []check.Outcome{
			{Code: "no-anchors", Status: check.Fail, Message: "Цепочка не доходит до доверенного корневого сертификата: не задано ни одного доверенного корневого сертификата"},
			{Code: "untrusted-root", Status: check.Fail, Message: "Цепочка не доходит до доверенного корневого сертификата: самоподписанный сертификат «%s» не входит в число доверенных корневых"},
			{Code: "loop", Status: check.Fail, Message: "Цепочка не доходит до доверенного корневого сертификата: цепочка зациклилась на сертификате «%s»"},
			{Code: "too-long", Status: check.Fail, Message: "Цепочка не доходит до доверенного корневого сертификата: цепочка длиннее %d сертификатов"},
			{Code: "search-limit", Status: check.Fail, Message: "Цепочка не доходит до доверенного корневого сертификата: превышен предел перебора цепочек"},
		},
	}
	ruleChainSignature = check.Rule{
		ID: "CHAIN-SIGNATURE", Title: "every certificate is signed by its issuer",
		Citation: citeChainSig, Severity: check.Fail,
		Message:     "Подпись сертификата «%s» (звено %d цепочки) не проверяется ключом издателя: подпись не соответствует ключу сертификата «%s»",
		PassMessage: "Подписи всех сертификатов цепочки верны",
		Outcomes: []check.Outcome{
			{Code: "unsupported-algorithm", Status: check.Indeterminate, SubIndication: check.UnsupportedAlgorithm,
				Message: "Подпись сертификата «%s» (звено %d цепочки) не удалось проверить: алгоритм %s, которым сертификат подписан издателем «%s», не поддерживается"},
		},
	}
	ruleChainValidity = check.Rule{
		ID: "CHAIN-VALIDITY", Title: "every certificate is valid at the validation time",
		Citation: citeChainValid, Severity: check.Fail,
		Message:     "Сертификат «%s» (звено %d цепочки) истёк на %s: срок действия %s",
		PassMessage: "Все сертификаты цепочки действуют на момент проверки",
		Outcomes: []check.Outcome{
			{Code: "not-yet-valid", Status: check.Fail, Message: "Сертификат «%s» (звено %d цепочки) ещё не действует на %s: срок действия %s"},
			{Code: "out-of-bounds", Status: check.Indeterminate, SubIndication: check.OutOfBoundsNoPOE,
				Message: "Сертификат «%s» (звено %d цепочки) не действует на %s (срок действия %s), " +
					"а доказательства того, что подпись создана в срок его действия, нет"},
		},
	}
	ruleChainCAConstraints = check.Rule{
		ID: "CHAIN-CA-CONSTRAINTS", Title: "every issuer is a CA (basicConstraints cA TRUE)",
		Citation: citeChainCA, Severity: check.Fail,
		Message:     "Сертификат издателя «%s» (звено %d цепочки) не является сертификатом УЦ: в basicConstraints не указано cA = TRUE",
		PassMessage: "Все издатели в цепочке — удостоверяющие центры",
		Outcomes: []check.Outcome{
			{Code: "no-basic-constraints", Status: check.Fail, Message: "Сертификат издателя «%s» (звено %d цепочки) не является сертификатом УЦ: нет расширения basicConstraints"},
		},
	}
	ruleChainPathLength = check.Rule{
		ID: "CHAIN-PATH-LENGTH", Title: "path length constraints hold",
		Citation: citeChainPath, Severity: check.Fail,
		Message:     "Превышено ограничение длины цепочки сертификата УЦ «%s» (звено %d): допускается промежуточных УЦ ниже него — %d, в цепочке — %d",
		PassMessage: "Ограничения длины цепочки соблюдены",
	}
	ruleChainKeyUsage = check.Rule{
		ID: "CHAIN-KEY-USAGE", Title: "every issuer may sign certificates (keyCertSign)",
		Citation: citeChainKU, Severity: check.Fail,
		Message:     "Ключ УЦ «%s» (звено %d цепочки) не предназначен для подписи сертификатов: в keyUsage нет keyCertSign",
		PassMessage: "Ключи всех УЦ цепочки предназначены для подписи сертификатов",
	}
	ruleChainRevocation = check.Rule{
		ID: "CHAIN-REVOCATION", Title: "no certificate of the chain is revoked",
		Citation: citeChainRev, Severity: check.Fail,
		Message:     "Сертификат «%s» (звено %d цепочки, серийный номер %s) отозван %s, причина: %s",
		PassMessage: "Сертификаты цепочки не отозваны (проверено по спискам отзыва)",
		Outcomes: []check.Outcome{
			{Code: "no-crl", Status: check.Indeterminate, SubIndication: check.NoRevocationData, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: нет ни списка отзыва УЦ «%s», ни ответа OCSP"},
			{Code: "crl-bad-signature", Status: check.Indeterminate, SubIndication: check.NoRevocationData, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: подпись списка отзыва УЦ «%s» неверна"},
			{Code: "crl-unavailable", Status: check.Indeterminate, SubIndication: check.TryLater, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: список отзыва %s не получен"},
			{Code: "crl-stale", Status: check.Indeterminate, SubIndication: check.RevocationDataStale, Waiver: check.WaiveRevocation,
				Message: "Сертификат «%s» (звено %d цепочки) не найден в списке отзыва, но список устарел: следующее обновление было назначено на %s"},
			{Code: "required", Status: check.Fail,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен, а проверка отзыва обязательна: нет пригодного списка отзыва УЦ «%s» или ответа OCSP"},
			{Code: "ocsp-revoked", Status: check.Fail,
				Message: "Сертификат «%s» (звено %d цепочки, серийный номер %s) отозван %s, причина: %s (по ответу службы OCSP «%s» от %s)"},
			{Code: "ocsp-good", Status: check.Pass,
				Message: "Сертификаты цепочки не отозваны (проверено по ответам служб OCSP)"},
			{Code: "ocsp-unknown", Status: check.Indeterminate, SubIndication: check.NoRevocationData, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: служба OCSP «%s» ответила, что состояние сертификата ей неизвестно"},
			{Code: "ocsp-stale", Status: check.Indeterminate, SubIndication: check.RevocationDataStale, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: ответ службы OCSP «%s» от %s устарел к моменту проверки %s"},
			{Code: "ocsp-unauthorised", Status: check.Indeterminate, SubIndication: check.NoRevocationData, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: ответ OCSP подписан службой «%s», полномочия которой от УЦ «%s» не подтверждены"},
			{Code: "ocsp-bad-signature", Status: check.Indeterminate, SubIndication: check.NoRevocationData, Waiver: check.WaiveRevocation,
				Message: "Отзыв сертификата «%s» (звено %d цепочки) не проверен: подпись ответа службы OCSP «%s» неверна"},
		},
	}
	ruleChainAccreditation = check.Rule{
		ID: "CHAIN-ACCREDITATION", Title: "issuing CAs are accredited at the validation time",
		Citation: citeChainAccr, Severity: check.Fail,
		Message:     "Аккредитация УЦ «%s» (сертификат «%s», звено %d цепочки) на %s не действует: статус «%s» с %s",
		PassMessage: "Удостоверяющие центры цепочки аккредитованы на момент проверки",
		Outcomes: []check.Outcome{
			{Code: "not-listed", Status: check.Fail,
				Message: "Аккредитация УЦ «%s» (сертификат «%s», звено %d цепочки) на %s не действует: сертификат УЦ отсутствует в перечне аккредитованных удостоверяющих центров"},
			{Code: "status-unknown", Status: check.Fail,
				Message: "Аккредитация УЦ «%s» (сертификат «%s», звено %d цепочки) на %s не действует: статус аккредитации на эту дату неизвестен"},
			{Code: "source-invalid", Status: check.Fail,
				Message: "Корневой сертификат или сведения об аккредитации УЦ цепочки взяты из перечня аккредитованных УЦ (%s), подпись которого неверна: перечень изменён после подписания или подпись охватывает не весь перечень"},
			{Code: "source-unsigned", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
				Message: "Корневой сертификат или сведения об аккредитации УЦ цепочки взяты из перечня аккредитованных УЦ (%s), который не подписан: подлинность перечня не подтверждена"},
			{Code: "source-signer-not-pinned", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
				Message: "Корневой сертификат или сведения об аккредитации УЦ цепочки взяты из перечня аккредитованных УЦ (%s), подпись которого не проверена: подписант перечня не входит в число заданных доверенных подписантов"},
			{Code: "source-unsupported-algorithm", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
				Message: "Корневой сертификат или сведения об аккредитации УЦ цепочки взяты из перечня аккредитованных УЦ (%s), подпись которого не проверена: алгоритм подписи перечня не поддерживается или выведен из употребления"},
			{Code: "source-not-checked", Status: check.Indeterminate, SubIndication: check.SignatureNotVerified, Waiver: check.WaiveTrustedListSignature,
				Message: "Корневой сертификат или сведения об аккредитации УЦ цепочки взяты из перечня аккредитованных УЦ (%s), подпись которого не проверялась"},
		},
	}
)

// chainRules is the reporting order of Verify.
var chainRules = [...]*check.Rule{
	&ruleChainTrustedRoot, &ruleChainSignature, &ruleChainValidity, &ruleChainCAConstraints,
	&ruleChainPathLength, &ruleChainKeyUsage, &ruleChainRevocation, &ruleChainAccreditation,
}

// chainRuleList returns copies of the chain rules in reporting order.
func chainRuleList() []check.Rule {
	out := make([]check.Rule, len(chainRules))
	for i, r := range chainRules {
		out[i] = r.Clone()
	}
	return out
}

// Classes of chain failures; a *ChainError wraps exactly one (errors.Is).
var (
	// ErrNoTrustedRoot: no path from the certificate to an anchor of Roots
	// (issuer not found, or the only paths are loops or too long).
	ErrNoTrustedRoot = errors.New("certificate: chain does not reach a trusted root")
	// ErrChainSignature: a certificate's signature does not verify with the
	// key of any candidate issuer. Its Cause tells a bad signature
	// (ErrBadSignature) from an algorithm this package cannot verify
	// (ErrUnknownKeyAlgorithm, ErrUnknownCurve, ErrSignatureAlgorithm: a
	// GOST R 34.10-2001 CA key, for one), which makes CHAIN-SIGNATURE
	// indeterminate rather than failed.
	ErrChainSignature = errors.New("certificate: bad signature in chain")
	// ErrExpired: a certificate of the chain expired before the validation
	// time.
	ErrExpired = errors.New("certificate: certificate expired at validation time")
	// ErrNotYetValid: a certificate of the chain is not yet valid at the
	// validation time.
	ErrNotYetValid = errors.New("certificate: certificate not yet valid at validation time")
	// ErrNotCA: an issuer lacks basicConstraints cA TRUE.
	ErrNotCA = errors.New("certificate: issuer is not a CA")
	// ErrPathLength: a pathLenConstraint is exceeded.
	ErrPathLength = errors.New("certificate: path length constraint exceeded")
	// ErrKeyUsage: an issuer's keyUsage lacks keyCertSign.
	ErrKeyUsage = errors.New("certificate: issuer key not allowed to sign certificates")
	// ErrRevoked: a certificate of the chain is revoked at the validation
	// time.
	ErrRevoked = errors.New("certificate: certificate revoked")
	// ErrRevocationUnchecked: with RevocationRequire, a link has no usable
	// revocation data (CRL or OCSP response).
	ErrRevocationUnchecked = errors.New("certificate: revocation not checked")
	// ErrNotAccredited: a CA of the chain is not accredited at the
	// validation time (or is missing from the trusted list).
	ErrNotAccredited = errors.New("certificate: issuing CA not accredited")
)

// ChainError is the reason Verify rejects a certificate.
type ChainError struct {
	// Err is the class (ErrNoTrustedRoot, ErrExpired, …).
	Err error
	// RuleID is the ID of the rule that failed ("CHAIN-VALIDITY", …).
	RuleID string
	// Link is the 0-based position in the chain of the certificate the
	// problem is about (0 = the verified certificate).
	Link int
	// Certificate is that certificate.
	Certificate *Certificate
	// Message is the Russian message for the end user.
	Message string
	// Detail is an English explanation.
	Detail string
	// Revoked is the revocation entry for ErrRevoked, from a CRL or an
	// OCSP response.
	Revoked *RevokedEntry
	// Cause is an underlying error (for example the signature error).
	Cause error
}

// Error returns an English message.
func (e *ChainError) Error() string {
	s := fmt.Sprintf("%s (link %d)", e.Err.Error(), e.Link)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the class and the cause.
func (e *ChainError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

// MessageRU returns the Russian message.
func (e *ChainError) MessageRU() string { return e.Message }

// RevocationMode says what Verify does about links without usable
// revocation data.
type RevocationMode int

const (
	// RevocationIndeterminate reports a link without usable revocation data
	// as CHAIN-REVOCATION indeterminate («не удалось проверить»: no CRL or
	// OCSP response, a stale one, one that did not verify or could not be
	// downloaded, an OCSP response of an unauthorised responder or with
	// status unknown). The default.
	RevocationIndeterminate RevocationMode = iota
	// RevocationRequire makes a link without usable revocation data a
	// failure (ErrRevocationUnchecked); stale data stays indeterminate.
	RevocationRequire
)

// DefaultMaxChainLength is the longest chain Verify builds when
// VerifyOptions.MaxChainLength is 0.
const DefaultMaxChainLength = 8

// maxPaths bounds the complete paths evaluated by one Verify call.
const maxPaths = 32

// Trust is what a caller trusts and how revocation is learnt: the part of
// chain validation that is the same for every document a service checks.
// The zero value trusts nothing.
type Trust struct {
	// Roots are the trust anchors; only they are trusted. A pool from a
	// trust source (package certificate/trust) carries its CAs'
	// accreditation.
	Roots *Pool
	// Intermediates are CA certificates available for path building (the
	// trusted list's CA certificates, or files).
	Intermediates *Pool
	// CRLs are revocation lists to use; each is matched to its CA by name
	// and key identifier and its signature is verified.
	CRLs []*CRL
	// OCSP are OCSP responses to use; each single response is matched to
	// its certificate by CertID, and only a response signed by the CA or
	// by a responder the CA delegated (id-kp-OCSPSigning) counts.
	OCSP []*OCSPResponse
	// RevocationMode decides whether a link without usable revocation data
	// is indeterminate (default) or a failure.
	RevocationMode RevocationMode
	// Fetcher, when not nil, downloads CRLs for links without one from the
	// certificate's CRL distribution points and the trust source's CRL
	// addresses. Nil (the default) means no network access.
	Fetcher Fetcher
	// MaxChainLength bounds the number of certificates in a chain,
	// DefaultMaxChainLength when 0.
	MaxChainLength int

	// prep is what Prepare verified once (nil when not prepared).
	prep *prepared
}

// VerifyOptions are the inputs of Verify besides the certificate: the trust
// configuration, and what belongs to one verification.
type VerifyOptions struct {
	Trust
	// At is the validation time; zero means the current time.
	At time.Time
	// Extra are untrusted certificates found with the document (for
	// example embedded in a CMS signature). They may serve as
	// intermediates, never as anchors.
	Extra []*Certificate
	// Context bounds fetching; nil means context.Background().
	Context context.Context
	// Revocation is revocation data that came with the document (for
	// example a CAdES-X Long signature's revocationValues), used together
	// with Trust's CRLs and OCSP responses.
	Revocation RevocationData
	// OutOfBoundsIndeterminate makes a certificate of the chain that is
	// not valid at At (expired, not yet valid) an indeterminate
	// CHAIN-VALIDITY (OUT_OF_BOUNDS_NO_POE) instead of a failure. A
	// signature validator sets it when At is a time it has no proof of
	// existence for (ETSI EN 319 102-1 §5.2.6): with such a proof the
	// validation at an earlier time might pass.
	OutOfBoundsIndeterminate bool
	// RevocationAt is the time the revocation status must be known for;
	// zero means At. A caller validating a timestamp authority's
	// certificate at the current time may ask whether it was revoked
	// before the token's genTime (see signature.Validation).
	RevocationAt time.Time
}

// RevocationData is revocation data found with a document. Like Extra
// certificates it is not trusted by itself: a CRL counts only when the
// issuing CA's key verifies it, an OCSP response only when its responder is
// authorised by the CA.
type RevocationData struct {
	// CRLs are certificate revocation lists.
	CRLs []*CRL
	// OCSP are OCSP responses (BasicOCSPResponse, as in revocationValues).
	OCSP []*OCSPResponse
}

// ChainResult is what Verify found.
type ChainResult struct {
	// At is the validation time used.
	At time.Time
	// Chains are the valid chains found, each from the certificate to a
	// trust anchor. Empty when Err is not nil.
	Chains [][]*Certificate
	// Chain is the chain Results and Err describe: the first valid chain,
	// or the best candidate path when verification failed (it may stop
	// short of an anchor).
	Chain []*Certificate
	// Err is nil when a valid chain was found, otherwise a *ChainError
	// with the first problem of the best candidate path.
	Err error
	// Results holds exactly one result per chain rule, in rule order: the
	// results of the links merged (the worst status wins), and Skip for a
	// rule the failed path never reached.
	Results check.Results
	// Source is the trust source the pools came from (the trusted list's
	// version and date), nil without one.
	Source *TrustSource
	// Fetched lists the CRL URLs downloaded through the Fetcher.
	Fetched []string
}

// OK reports whether a valid chain was found (warnings allowed).
func (r *ChainResult) OK() bool { return r != nil && r.Err == nil }

// Verify builds the certification paths from cert to an anchor of
// opts.Roots at opts.At and checks each link (RFC 5280 §6 as it applies to
// the Russian PKI):
//
//   - issuers are looked up by authority key identifier ↔ subject key
//     identifier first, then by subject name; the issuer name must equal
//     the certificate's issuer name; several candidates (self-signed and
//     cross-certified variants of the same key, reissued CA certificates)
//     are each tried; certificates with the same subject and public key
//     are one issuer; loops and over-long paths are cut;
//   - the GOST signature of every link is verified with the issuer's key;
//   - every certificate, the anchor included, must be valid at At;
//   - every issuer must have basicConstraints cA TRUE, keyCertSign when it
//     has keyUsage, and its pathLenConstraint must hold;
//   - every non-anchor certificate is checked against the OCSP responses
//     and CRLs of its issuer that are supplied (Trust, Revocation) or
//     fetched: a revocation at or before At from any usable source fails
//     the link, otherwise a current good answer passes it (see
//     [OCSPResponse.Responder] for who may answer for a CA; a response
//     without nextUpdate speaks only for a few minutes after it was made,
//     and data issued after At also speaks for At);
//   - with a trusted-list pool, the CAs of the intermediate certificates
//     must be accredited (status Действует) at At.
//
// The AKI authorityCertIssuer/authorityCertSerialNumber pair is not
// enforced: certificates of the УЦ ФНС name the serial number of the
// self-signed Минцифры 2022 root, while the cross-certificate of the same
// key by Минкомсвязь 2021 has another serial, and both paths are valid
// (both are published by the Минцифры head CA). Only Roots are anchors: a root found in
// Extra or Intermediates is never trusted by itself.
//
// Verify never returns nil; with no valid chain, Err is a *ChainError.
func Verify(cert *Certificate, opts VerifyOptions) *ChainResult {
	v := newVerifier(opts)
	res := &ChainResult{At: v.at}
	if src := opts.Roots.Source(); src != nil {
		res.Source = src
	} else {
		res.Source = opts.Intermediates.Source()
	}
	if cert == nil {
		res.Err = &ChainError{Err: ErrNoTrustedRoot, RuleID: ruleChainTrustedRoot.ID, Message: "Сертификат не передан", Detail: "nil certificate"}
		res.Results = completeChain(nil, "no certificate")
		return res
	}
	if opts.Roots.Len() == 0 {
		v.deadEnd([]node{{cert: cert}}, "no trust anchors configured", "no-anchors")
	} else {
		v.build([]node{{cert: cert, root: opts.Roots.entry(cert)}})
	}
	res.Fetched = v.fetchedURLs
	if len(v.valid) > 0 {
		res.Chains = v.valid
		res.Chain = v.valid[0]
		res.Results = completeChain(v.validResults, "")
		return res
	}
	if v.best == nil {
		v.deadEnd([]node{{cert: cert}}, "path search limit reached", "search-limit")
	}
	b := v.best
	res.Chain = b.chain
	res.Results = completeChain(b.results, "not evaluated: the chain failed at an earlier step")
	res.Err = b.err
	return res
}

// node is one certificate of a path being built.
type node struct {
	cert  *Certificate
	entry *poolEntry // pool entry (nil for the leaf and Extra certificates)
	root  *poolEntry // anchor entry when the certificate is a trust anchor
}

// attempt is an evaluated path.
type attempt struct {
	chain   []*Certificate
	results check.Results
	err     *ChainError
	score   int
}

type sigKey struct {
	child *Certificate
	group string
}

type verifier struct {
	opts        VerifyOptions
	at          time.Time
	revAt       time.Time // the time revocation must be known for
	ctx         context.Context
	maxLen      int
	extra       *Pool
	sigs        map[sigKey]error
	crlOK       map[crlKey]bool
	ocspOK      map[ocspKey]ocspAuth
	fetched     map[string]*CRL
	fetchedURLs []string
	paths       int
	valid       [][]*Certificate
	// validResults are the results of the first valid chain.
	validResults check.Results
	best         *attempt
	tsl          bool
}

type crlKey struct {
	crl   *CRL
	group string
}

func newVerifier(opts VerifyOptions) *verifier {
	v := &verifier{opts: opts, at: opts.At, revAt: opts.RevocationAt, ctx: opts.Context, maxLen: opts.MaxChainLength}
	if v.at.IsZero() {
		v.at = time.Now()
	}
	if v.revAt.IsZero() {
		v.revAt = v.at
	}
	if v.ctx == nil {
		v.ctx = context.Background()
	}
	if v.maxLen <= 0 {
		v.maxLen = DefaultMaxChainLength
	}
	if len(opts.Extra) > 0 {
		v.extra = NewPool(opts.Extra...)
		for _, e := range v.extra.entries {
			e.transient = true
		}
	}
	v.tsl = opts.Roots.Source() != nil || opts.Intermediates.Source() != nil
	return v
}

// candidate is a possible issuer with the pools it was found in.
type candidate struct {
	entry *poolEntry // intermediate or extra entry, nil when only a root
	root  *poolEntry // root entry
	cert  *Certificate
}

// candidates returns the possible issuers of cur grouped by (subject,
// SPKI), groups in discovery order.
func (v *verifier) candidates(cur *Certificate) (groups []string, byGroup map[string][]candidate) {
	var buf [8]*poolEntry
	found := v.opts.Roots.issuers(cur, buf[:0])
	nRoots := len(found)
	found = v.opts.Intermediates.issuers(cur, found)
	found = v.extra.issuers(cur, found)
	if len(found) == 0 {
		return nil, nil
	}
	byGroup = make(map[string][]candidate, 2)
	for i, e := range found {
		if !sameName(e.cert.RawSubject, cur.RawIssuer) {
			continue
		}
		g := e.group
		list, seen := byGroup[g]
		if !seen {
			groups = append(groups, g)
		}
		// The same certificate in several pools: a root and an
		// intermediate at once. A group holds a few certificates: a
		// linear search, no copy of their bytes as map keys.
		if j := slices.IndexFunc(list, func(c candidate) bool { return bytes.Equal(c.cert.Raw, e.cert.Raw) }); j >= 0 {
			if i < nRoots {
				list[j].root = e
			} else if list[j].entry == nil {
				list[j].entry = e
			}
			continue
		}
		c := candidate{cert: e.cert}
		if i < nRoots {
			c.root = e
		} else {
			c.entry = e
		}
		byGroup[g] = append(list, c)
	}
	return groups, byGroup
}

// build extends path (leaf first) towards the anchors.
func (v *verifier) build(path []node) {
	if v.paths >= maxPaths || len(v.valid) >= maxPaths {
		return
	}
	cur := path[len(path)-1]
	if cur.root != nil {
		v.evaluate(path)
		// An anchor ends the path; equivalent continuations (a cross
		// certificate of the anchor's key) are tried by the caller.
		return
	}
	if len(path) >= v.maxLen {
		v.deadEnd(path, fmt.Sprintf("chain longer than %d certificates", v.maxLen), "too-long", v.maxLen)
		return
	}
	groups, byGroup := v.candidates(cur.cert)
	var sigErr error
	var sigCand *Certificate
	progressed := false
	for _, g := range groups {
		if onPath(path, g) {
			continue
		}
		cands := byGroup[g]
		if err := v.signature(cur, g, cands[0]); err != nil {
			// A candidate found by name whose key identifier differs from
			// the AKI is simply another key of the same CA, not evidence
			// of a bad signature.
			if sigErr == nil && keyIDMatches(cur.cert, cands[0].cert) {
				sigErr, sigCand = err, cands[0].cert
			}
			continue
		}
		progressed = true
		// Anchors first, then continuations through intermediates.
		for _, c := range cands {
			if c.root != nil {
				v.build(append(path[:len(path):len(path)], node{cert: c.cert, entry: c.entry, root: c.root}))
			}
		}
		if len(v.valid) > 0 {
			return
		}
		for _, c := range cands {
			if c.root == nil {
				v.build(append(path[:len(path):len(path)], node{cert: c.cert, entry: c.entry}))
			}
		}
		if len(v.valid) > 0 {
			return
		}
	}
	if progressed {
		return
	}
	link := len(path) - 1
	if alg, ok := unsupportedAlgorithm(sigErr, cur.cert, sigCand); ok {
		r := ruleChainSignature.Outcome("unsupported-algorithm", sigErr.Error(), displayName(cur.cert), link, alg, displayName(sigCand))
		v.record(path, &ChainError{Err: ErrChainSignature, RuleID: r.ID, Link: link, Certificate: cur.cert,
			Message: r.Message, Detail: "the issuer's key or the signature algorithm is not supported", Cause: sigErr}, r, len(path))
		return
	}
	if sigErr != nil {
		r := ruleChainSignature.Violated(sigErr.Error(), displayName(cur.cert), link, displayName(sigCand))
		v.record(path, &ChainError{Err: ErrChainSignature, RuleID: r.ID, Link: link, Certificate: cur.cert,
			Message: r.Message, Detail: "no candidate issuer's key verifies the signature", Cause: sigErr}, r, len(path))
		return
	}
	if cur.cert.SelfIssued() && cur.cert.PublicKey.key != nil && cur.cert.CheckSignature(cur.cert.PublicKey.key) == nil {
		v.deadEnd(path, "self-signed certificate not among the trust anchors", "untrusted-root", displayName(cur.cert))
		return
	}
	if len(groups) > 0 {
		v.deadEnd(path, "every candidate issuer is already on the path (loop)", "loop", displayName(cur.cert))
		return
	}
	keyText := ""
	if a := cur.cert.AuthorityKeyID; a != nil && len(a.KeyID) > 0 {
		keyText = " с идентификатором ключа " + strings.ToUpper(hex.EncodeToString(a.KeyID))
	}
	v.deadEnd(path, "issuer certificate not found", "", displayNameOf(&cur.cert.Issuer), keyText, link, displayName(cur.cert))
}

// unsupportedAlgorithm names, in Russian, the algorithm that kept err (the
// error of c.CheckSignatureFrom(issuer)) from verifying anything: the
// issuer's key algorithm or parameter set, or c's signature algorithm.
// ok is false for an error that is a verdict (a bad signature, a malformed
// key, a signature algorithm of the wrong size).
func unsupportedAlgorithm(err error, c, issuer *Certificate) (name string, ok bool) {
	switch {
	case err == nil || issuer == nil:
		return "", false
	case errors.Is(err, ErrUnknownKeyAlgorithm):
		return algorithmRU(issuer.PublicKey.Algorithm), true
	case errors.Is(err, ErrUnknownCurve):
		return "ГОСТ Р 34.10-2012 с неизвестным набором параметров " + issuer.PublicKey.ParamSet.String(), true
	case errors.Is(err, ErrSignatureAlgorithm) && c.SignatureAlgorithm.Bits == 0:
		return algorithmRU(c.SignatureAlgorithm.OID), true
	}
	return "", false
}

// algorithmRU names an algorithm OID this package does not verify.
func algorithmRU(o asn1.ObjectIdentifier) string {
	switch {
	case oid.Gost2001Key.Equal(o), oid.Gost2001Sign.Equal(o):
		return "ГОСТ Р 34.10-2001 (стандарт отменён)"
	case oid.Gost2001(o):
		return "ГОСТ Р 34.10-94 (стандарт отменён)"
	case len(o) == 0:
		return "без идентификатора"
	}
	return "с идентификатором " + o.String()
}

// keyIDMatches reports whether issuer's SKI agrees with c's AKI key
// identifier (true when either is absent).
func keyIDMatches(c, issuer *Certificate) bool {
	a := c.AuthorityKeyID
	if a == nil || len(a.KeyID) == 0 || len(issuer.SubjectKeyID) == 0 {
		return true
	}
	return bytes.Equal(a.KeyID, issuer.SubjectKeyID)
}

func onPath(path []node, group string) bool {
	for _, n := range path {
		if n.root != nil && n.root.group == group || n.entry != nil && n.entry.group == group || inGroup(n.cert, group) {
			return true
		}
	}
	return false
}

// signature verifies child's signature with the key of the group (cached).
func (v *verifier) signature(n node, group string, cand candidate) error {
	child, issuer := n.cert, cand.cert
	// Links between pool certificates are verified once per pool entry
	// and remembered (successes only): pools are immutable.
	if n.entry != nil && !n.entry.transient {
		if _, ok := n.entry.verified.Load(group); ok {
			return nil
		}
		err := child.CheckSignatureFrom(issuer)
		if err == nil {
			n.entry.verified.Store(group, true)
		}
		return err
	}
	if v.sigs == nil {
		v.sigs = make(map[sigKey]error, 4)
	}
	k := sigKey{child, group}
	if err, ok := v.sigs[k]; ok {
		return err
	}
	// A CA certificate that came with the document: a prepared Trust
	// remembers it across documents. End-entity links are always verified.
	var lk [32]byte
	links := v.opts.prep.linkCache()
	if links != nil && child.IsCA {
		lk = linkKey(group, child)
		if links.verified(lk) {
			v.sigs[k] = nil
			return nil
		}
	}
	err := v.checkLink(child, cand)
	if err == nil && links != nil && child.IsCA {
		links.remember(lk)
	}
	v.sigs[k] = err
	return err
}

// checkLink verifies child's signature with the key of the issuer cand.
// A prepared Trust verifies with the precomputed key of a CA of its pools.
func (v *verifier) checkLink(child *Certificate, cand candidate) error {
	if v.opts.prep != nil {
		e := cand.root
		if e == nil && cand.entry != nil && !cand.entry.transient {
			e = cand.entry
		}
		if e != nil {
			if k := e.issuerKey(); k != nil {
				return child.CheckSignature(k)
			}
		}
	}
	return child.CheckSignatureFrom(cand.cert)
}

// deadEnd records a path that reaches no anchor, with the
// CHAIN-TRUSTED-ROOT outcome saying why ("" for the default: issuer not
// found).
func (v *verifier) deadEnd(path []node, detail, outcome string, args ...any) {
	link := len(path) - 1
	var r check.Result
	if outcome == "" {
		r = ruleChainTrustedRoot.Violated(detail, args...)
	} else {
		r = ruleChainTrustedRoot.Outcome(outcome, detail, args...)
	}
	v.record(path, &ChainError{Err: ErrNoTrustedRoot, RuleID: r.ID, Link: link, Certificate: path[link].cert,
		Message: r.Message, Detail: detail}, r, len(path))
}

// record keeps an incomplete path if it got further than the best so far.
func (v *verifier) record(path []node, err *ChainError, r check.Result, score int) {
	if v.best != nil && v.best.score >= score {
		return
	}
	chain := make([]*Certificate, len(path))
	for i, n := range path {
		chain[i] = n.cert
	}
	v.best = &attempt{chain: chain, err: err, results: check.Results{r}, score: score}
}

// evaluate checks a complete path ending at an anchor.
func (v *verifier) evaluate(path []node) {
	v.paths++
	chain := make([]*Certificate, len(path))
	for i, n := range path {
		chain[i] = n.cert
	}
	rs := make(check.Results, 0, 16) // one result per chain rule
	var first *ChainError
	fails := 0
	fail := func(r check.Result, e *ChainError) {
		rs = append(rs, r)
		if r.Status == check.Fail {
			fails++
			if first == nil {
				e.Message = r.Message
				first = e
			}
		}
	}
	anchor := path[len(path)-1]
	rs = append(rs, ruleChainTrustedRoot.Passed("anchor: "+anchor.cert.Subject.String()))
	if len(chain) > 1 {
		rs = append(rs, ruleChainSignature.Passed(strconv.Itoa(len(chain)-1)+" signatures verified"))
	} else {
		rs = append(rs, ruleChainSignature.Skipped("the certificate is itself a trust anchor"))
	}
	n0 := len(rs)
	// Validity, every certificate including the anchor.
	for k, c := range chain {
		if c.ValidAt(v.at) {
			continue
		}
		detail := fmt.Sprintf("link %d valid %s..%s, at %s", k, c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339), v.at.Format(time.RFC3339))
		r, class := ruleChainValidity.Violated(detail, displayName(c), k, msk.DateTime(v.at), validityRU(c)), ErrExpired
		switch {
		case v.opts.OutOfBoundsIndeterminate:
			r = ruleChainValidity.Outcome("out-of-bounds", detail, displayName(c), k, msk.DateTime(v.at), validityRU(c))
		case v.at.Before(c.NotBefore):
			r, class = ruleChainValidity.Outcome("not-yet-valid", detail, displayName(c), k, msk.DateTime(v.at), validityRU(c)), ErrNotYetValid
		}
		fail(r, &ChainError{Err: class, RuleID: r.ID, Link: k, Certificate: c, Detail: fmt.Sprintf("valid %s..%s", c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339))})
	}
	if len(rs) == n0 {
		rs = append(rs, ruleChainValidity.Passed(""))
	}
	// Issuer constraints.
	var caRs, plRs, kuRs check.Results
	for k := 1; k < len(chain); k++ {
		c := chain[k]
		if !c.HasBasicConstraints || !c.IsCA {
			detail := fmt.Sprintf("link %d: basicConstraints present=%v cA=%v", k, c.HasBasicConstraints, c.IsCA)
			r := ruleChainCAConstraints.Violated(detail, displayName(c), k)
			if !c.HasBasicConstraints {
				r = ruleChainCAConstraints.Outcome("no-basic-constraints", detail, displayName(c), k)
			}
			caRs = append(caRs, r)
			fail(r, &ChainError{Err: ErrNotCA, RuleID: r.ID, Link: k, Certificate: c, Detail: "issuer lacks basicConstraints cA TRUE"})
		}
		if c.HasKeyUsage && c.KeyUsage&x509.KeyUsageCertSign == 0 {
			r := ruleChainKeyUsage.Violated(fmt.Sprintf("link %d keyUsage %#x", k, int(c.KeyUsage)), displayName(c), k)
			kuRs = append(kuRs, r)
			fail(r, &ChainError{Err: ErrKeyUsage, RuleID: r.ID, Link: k, Certificate: c, Detail: "issuer keyUsage lacks keyCertSign"})
		}
		if c.HasBasicConstraints && c.IsCA && c.MaxPathLen >= 0 {
			below := 0
			for j := 1; j < k; j++ {
				if !chain[j].SelfIssued() {
					below++
				}
			}
			if below > c.MaxPathLen {
				r := ruleChainPathLength.Violated(fmt.Sprintf("link %d pathLenConstraint %d, %d intermediate CAs below", k, c.MaxPathLen, below), displayName(c), k, c.MaxPathLen, below)
				plRs = append(plRs, r)
				fail(r, &ChainError{Err: ErrPathLength, RuleID: r.ID, Link: k, Certificate: c, Detail: fmt.Sprintf("pathLenConstraint %d, %d intermediates below", c.MaxPathLen, below)})
			}
		}
	}
	if len(chain) == 1 {
		rs = append(rs, ruleChainCAConstraints.Skipped("no issuer in the chain"), ruleChainPathLength.Skipped("no issuer in the chain"), ruleChainKeyUsage.Skipped("no issuer in the chain"))
	} else {
		if len(caRs) == 0 {
			rs = append(rs, ruleChainCAConstraints.Passed(""))
		}
		if len(plRs) == 0 {
			rs = append(rs, ruleChainPathLength.Passed(""))
		}
		if len(kuRs) == 0 {
			rs = append(rs, ruleChainKeyUsage.Passed(""))
		}
	}
	// Revocation of every non-anchor certificate.
	for k := 0; k < len(chain)-1; k++ {
		r, e := v.revocation(chain[k], path[k+1], k)
		if r.Status == check.Fail {
			fail(r, e)
		} else {
			rs = append(rs, r)
		}
	}
	if len(chain) == 1 {
		rs = append(rs, ruleChainRevocation.Skipped("a trust anchor is not checked for revocation"))
	}
	// Accreditation of the CAs below the anchor.
	accr := 0
	for k := 1; k < len(chain)-1; k++ {
		r, e := v.accreditation(path[k], k)
		if r.ID == "" {
			continue
		}
		accr++
		if r.Status == check.Fail {
			fail(r, e)
		} else {
			rs = append(rs, r)
		}
	}
	if accr == 0 {
		if v.tsl {
			rs = append(rs, ruleChainAccreditation.Passed("the certificate is issued directly by a trust anchor"))
		} else {
			rs = append(rs, ruleChainAccreditation.Skipped("no trusted list: accreditation not checked"))
		}
	}
	// The signature of the trusted list the anchor or the accreditation
	// data came from.
	for _, src := range v.sources(path) {
		if r, e := sourceResult(src, path); r.Status == check.Fail {
			fail(r, e)
		} else if r.ID != "" {
			rs = append(rs, r)
		}
	}
	if first == nil {
		v.valid = append(v.valid, chain)
		if len(v.valid) == 1 {
			v.validResults = rs
		}
		return
	}
	score := 1000 - fails
	if v.best == nil || v.best.score < score {
		v.best = &attempt{chain: chain, results: rs, err: first, score: score}
	}
}

// completeChain returns exactly one result per chain rule, in rule order:
// the results of rs for each rule merged (a rule reports once per link), or
// Skip with why for a rule rs has no result for.
func completeChain(rs check.Results, why string) check.Results {
	// Built beside rs, then written over it when it has room: rs is the
	// evaluation's own list, not needed afterwards.
	var buf [len(chainRules)]check.Result
	out := buf[:0]
	for _, rule := range chainRules {
		merged, found := check.Result{}, false
		for _, r := range rs {
			if r.ID != rule.ID {
				continue
			}
			if !found {
				merged, found = r, true
				continue
			}
			merged = mergeResults(merged, r)
		}
		if !found {
			if why == "" {
				why = "not evaluated"
			}
			merged = rule.Skipped(why)
		}
		out = append(out, merged)
	}
	if cap(rs) >= len(out) {
		return append(rs[:0], out...)
	}
	return slices.Clone(out)
}

// mergeResults folds two results of the same rule: the worse status wins;
// with equal statuses the distinct messages and details are joined.
func mergeResults(a, b check.Result) check.Result {
	switch {
	case b.Status.Worse(a.Status):
		return b
	case a.Status != b.Status:
		return a
	}
	a.Message = joinDistinct(a.Message, b.Message)
	a.Detail = joinDistinct(a.Detail, b.Detail)
	if a.Outcome != b.Outcome {
		a.Outcome = "" // several outcomes; the sub-indication of the first stays
	}
	if a.Waiver != b.Waiver {
		a.Waiver = "" // undecided for reasons that cannot be waived as one
	}
	return a
}

func joinDistinct(a, b string) string {
	switch {
	case b == "" || a == b:
		return a
	case a == "":
		return b
	}
	return a + "; " + b
}

// accreditation checks the CA of an intermediate certificate in the
// trusted list; an empty result when no trusted list is in use.
func (v *verifier) accreditation(n node, k int) (check.Result, *ChainError) {
	var acc Accreditation
	if n.entry != nil {
		acc = n.entry.acc
	}
	if acc == nil && v.tsl {
		// Maybe the same certificate is in a trust-source pool.
		if e := v.opts.Intermediates.entry(n.cert); e != nil {
			acc = e.acc
		}
	}
	if acc == nil {
		if !v.tsl {
			return check.Result{}, nil
		}
		r := ruleChainAccreditation.Outcome("not-listed", fmt.Sprintf("link %d not in the trusted list", k), displayNameOf(&n.cert.Subject), displayName(n.cert), k, msk.DateTime(v.at))
		return r, &ChainError{Err: ErrNotAccredited, RuleID: r.ID, Link: k, Certificate: n.cert, Detail: "CA certificate not in the trusted list"}
	}
	name, ogrn := acc.CA()
	st, active, since, known := acc.StatusAt(v.at)
	if known && active {
		var b strings.Builder // one allocation
		b.Grow(len(name) + len(st) + 20)
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(st)
		b.WriteString(" since ")
		var day [16]byte
		b.Write(since.AppendFormat(day[:0], "2006-01-02"))
		return ruleChainAccreditation.Passed(b.String()), nil
	}
	detail := fmt.Sprintf("link %d: CA %s (ОГРН %s) status %q", k, name, ogrn, st)
	r := ruleChainAccreditation.Outcome("status-unknown", detail, name, displayName(n.cert), k, msk.DateTime(v.at))
	if known {
		r = ruleChainAccreditation.Violated(detail, name, displayName(n.cert), k, msk.DateTime(v.at), st, msk.Date(since))
	}
	return r, &ChainError{Err: ErrNotAccredited, RuleID: r.ID, Link: k, Certificate: n.cert, Detail: fmt.Sprintf("CA %s status %q at validation time", name, st)}
}

// displayName names a certificate in messages: CN, else the whole subject.
func displayName(c *Certificate) string {
	if c == nil {
		return ""
	}
	return displayNameOf(&c.Subject)
}

func displayNameOf(n *Name) string {
	if n.CommonName != "" {
		return n.CommonName
	}
	if s := n.String(); s != "" {
		return s
	}
	return "без имени"
}

// serialHex renders a serial number in upper-case hex.
func serialHex(c *Certificate) string { return strings.ToUpper(c.SerialNumber.Text(16)) }
