package certificate

import (
	"errors"
	"time"

	"golang.org/x/crypto/cryptobyte"

	"github.com/egisz-lk/registrar/internal/msk"
)

// Test-only access to unexported identifiers for the external tests of
// package certificate_test (the standard export_test.go pattern): they live
// outside the package because they build their certificates with package
// certtest, which imports this one.

var (
	ParseRegion           = parseRegion
	PolicyClassByOID      = policyClass
	SerialHex             = serialHex
	RuDateTime            = msk.DateTime
	ExtensionName         = extensionName
	DecodeDirectoryString = decodeDirectoryString
)

// ReadGeneralizedTime reads one DER GeneralizedTime element, as the OCSP
// parser does.
func ReadGeneralizedTime(der []byte) (time.Time, bool) {
	s := cryptobyte.String(der)
	var t time.Time
	ok := readGeneralizedTime(&s, &t) && s.Empty()
	return t, ok
}

// SerialOffset returns the offset in der of the first content octet of the
// certificate's serial number.
func SerialOffset(der []byte) (int, error) {
	l, derr := scanCertificate(der, 0)
	if derr != nil {
		return 0, errors.New(derr.detail)
	}
	return l.serial.bodyOff(), nil
}

// OIDs of attributes and extensions the tests write or look up.
var (
	OIDCommonName             = oidCommonName
	OIDOrganizationalUnit     = oidOrganizationalUnit
	OIDOGRN                   = oidOGRN
	OIDSNILS                  = oidSNILS
	OIDSubjectSignTool        = oidSubjectSignTool
	OIDIssuerSignTool         = oidIssuerSignTool
	OIDIdentificationKind     = oidIdentificationKind
	OIDExtKeyUsage            = oidExtKeyUsage
	OIDExtPrivateKeyUsage     = oidExtPrivateKeyUsage
	OIDExtBasicConstraints    = oidExtBasicConstraints
	OIDExtCertificatePolicies = oidExtCertificatePolicies
	OIDExtAuthorityKeyID      = oidExtAuthorityKeyID
	OIDExtSubjectKeyID        = oidExtSubjectKeyID
	OIDExtExtendedKeyUsage    = oidExtExtendedKeyUsage
	OIDExtCRLDistribution     = oidExtCRLDistribution
	OIDExtAuthorityInfoAccess = oidExtAuthorityInfoAccess
	OIDAnyPolicy              = oidAnyPolicy
)

// LinkCacheLen returns the number of CA links a prepared Trust remembers
// besides its pools' (-1 when t is not prepared).
func LinkCacheLen(t Trust) int {
	if t.prep == nil {
		return -1
	}
	t.prep.links.mu.Lock()
	defer t.prep.links.mu.Unlock()
	return len(t.prep.links.ok)
}

// SetLinkCacheMax bounds the link cache of a prepared Trust (for tests of
// eviction).
func SetLinkCacheMax(t Trust, n int) { t.prep.links.max = n }

// SamePreparation reports whether a and b share one preparation.
func SamePreparation(a, b Trust) bool { return a.prep != nil && a.prep == b.prep }
