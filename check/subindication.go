package check

// SubIndication is the stable code of the reason an Indeterminate result
// could not be decided, in the spirit of the sub-indications of ETSI EN 319
// 102-1 (§5.1.3). Programs branch on it; people read [SubIndication.Russian].
type SubIndication string

// The sub-indications. Each names the missing fact and, in its Russian
// description, how to provide it.
const (
	// MissingInput: an input the check needs was not given to the call
	// (the ЕСИА account, the ЕГРЮЛ record, a certificate validator, the
	// signed content).
	MissingInput SubIndication = "MISSING_INPUT"
	// NoRevocationData: no CRL or OCSP response is available for a
	// certificate of the chain (none supplied, embedded or fetched).
	NoRevocationData SubIndication = "NO_REVOCATION_DATA"
	// RevocationDataStale: revocation data exists but does not cover the
	// validation time (a CRL or OCSP response past its nextUpdate, or
	// issued before the time it must speak for).
	RevocationDataStale SubIndication = "REVOCATION_DATA_STALE"
	// TryLater: an external source (the ФНС registry, a CRL distribution
	// point) was unavailable; the same check may succeed later.
	TryLater SubIndication = "TRY_LATER"
	// UnsupportedAlgorithm: a signature or key uses an algorithm the
	// library cannot verify (for example a withdrawn GOST R 34.10-2001 CA
	// key), so nothing was proven either way.
	UnsupportedAlgorithm SubIndication = "UNSUPPORTED_ALGORITHM"
	// NoPOE: no proof of existence (a verified timestamp) places the
	// signature before an event that matters (a revocation, the end of a
	// certificate's validity).
	NoPOE SubIndication = "NO_POE"
	// OutOfBoundsNoPOE: the validation time is outside a certificate's
	// validity and no proof of existence shows the signature was made while
	// it was valid.
	OutOfBoundsNoPOE SubIndication = "OUT_OF_BOUNDS_NO_POE"
	// NoCertificateChainFound: no chain to a trust anchor could be built
	// because certificates are missing (an issuer not supplied), as
	// opposed to a chain that was built and found invalid.
	NoCertificateChainFound SubIndication = "NO_CERTIFICATE_CHAIN_FOUND"
	// NoSigningCertificateFound: the signer's certificate is neither in the
	// signature nor supplied.
	NoSigningCertificateFound SubIndication = "NO_SIGNING_CERTIFICATE_FOUND"
	// SignatureNotVerified: the signature of a trust source (the trusted
	// list) could not be verified, so its content is unauthenticated.
	SignatureNotVerified SubIndication = "SIGNATURE_NOT_VERIFIED"
)

// SubIndications returns every defined sub-indication.
func SubIndications() []SubIndication {
	return []SubIndication{MissingInput, NoRevocationData, RevocationDataStale, TryLater, UnsupportedAlgorithm,
		NoPOE, OutOfBoundsNoPOE, NoCertificateChainFound, NoSigningCertificateFound, SignatureNotVerified}
}

// Valid reports whether s is one of the defined sub-indications.
func (s SubIndication) Valid() bool {
	_, ok := subRU[s]
	return ok
}

// Russian describes the sub-indication for the end user: what is missing
// and how to provide it.
func (s SubIndication) Russian() string {
	if m, ok := subRU[s]; ok {
		return m
	}
	return string(s)
}

var subRU = map[SubIndication]string{
	MissingInput:              "не переданы сведения, нужные для проверки",
	NoRevocationData:          "нет сведений об отзыве сертификата (списка отзыва или ответа OCSP) — передайте актуальный список отзыва удостоверяющего центра",
	RevocationDataStale:       "сведения об отзыве устарели и не относятся ко времени проверки — передайте актуальный список отзыва",
	TryLater:                  "внешний источник сведений недоступен — повторите проверку позже",
	UnsupportedAlgorithm:      "использован алгоритм, который не поддерживается (например, отменённый ГОСТ Р 34.10-2001)",
	NoPOE:                     "нет доказательства существования подписи (штампа времени) на нужный момент",
	OutOfBoundsNoPOE:          "срок действия сертификата на момент проверки истёк или не наступил, а штампа времени, доказывающего подписание в срок, нет",
	NoCertificateChainFound:   "не удалось построить цепочку сертификатов до доверенного корня: не хватает сертификатов удостоверяющих центров",
	NoSigningCertificateFound: "сертификат подписанта не найден в подписи и не передан",
	SignatureNotVerified:      "подпись источника сведений не проверена",
}
