package certificate

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
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

// ParseBoth parses one DER certificate with the decoder of Parse and with
// the frozen reference of reference_test.go (the structural scan, then
// crypto/x509.ParseCertificate, then the profile).
func ParseBoth(der []byte) (own, ref *Certificate, ownErr, refErr error) {
	own, _, derr := parseCertificateDER(der, 0)
	if derr != nil {
		own, ownErr = nil, errors.New(derr.detail)
	}
	ref, _, refErr = refParse(der)
	return own, ref, ownErr, refErr
}

// DiffCertificates names the first field in which a and b differ, ""
// when they are the same: every exported field, times by instant and
// zone, big integers by value, ExtensionErrors by OID and name (the
// messages are the decoders' own).
func DiffCertificates(a, b *Certificate) string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	t := va.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		x, y := va.Field(i).Interface(), vb.Field(i).Interface()
		same := false
		switch x := x.(type) {
		case time.Time:
			y := y.(time.Time)
			nx, ox := x.Zone()
			ny, oy := y.Zone()
			same = x.Equal(y) && nx == ny && ox == oy
		case *big.Int:
			y := y.(*big.Int)
			same = (x == nil) == (y == nil) && (x == nil || x.Cmp(y) == 0)
		case []ExtensionError:
			y := y.([]ExtensionError)
			same = len(x) == len(y)
			for j := 0; same && j < len(x); j++ {
				same = x[j].Name == y[j].Name && x[j].OID.Equal(y[j].OID)
			}
		default:
			same = reflect.DeepEqual(x, y)
		}
		if !same {
			return fmt.Sprintf("%s: %#v ≠ %#v", f.Name, x, y)
		}
	}
	return ""
}
