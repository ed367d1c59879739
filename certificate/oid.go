package certificate

import (
	"encoding/asn1"

	"github.com/egisz-lk/registrar/internal/oid"
)

// Object identifiers this package reads, as asn1.ObjectIdentifier values
// made once from the module's one table, internal/oid (where their sources
// are cited).
var (
	// Subject attributes.
	oidCommonName         = oid.CommonName.OID()
	oidSurname            = oid.Surname.OID()
	oidCountry            = oid.Country.OID()
	oidLocality           = oid.Locality.OID()
	oidRegion             = oid.Region.OID()
	oidStreet             = oid.Street.OID()
	oidOrganization       = oid.Organization.OID()
	oidOrganizationalUnit = oid.OrganizationalUnit.OID()
	oidTitle              = oid.Title.OID()
	oidGivenName          = oid.GivenName.OID()
	oidEmailAddress       = oid.EmailAddress.OID()
	oidOGRN               = oid.OGRN.OID()
	oidSNILS              = oid.SNILS.OID()
	oidINNLE              = oid.INNLE.OID()
	oidOGRNIP             = oid.OGRNIP.OID()
	oidINN                = oid.INN.OID()

	// Russian certificate extensions.
	oidSubjectSignTool    = oid.SubjectSignTool.OID()
	oidIssuerSignTool     = oid.IssuerSignTool.OID()
	oidIdentificationKind = oid.IdentificationKind.OID()

	// Standard extensions read from their raw form.
	oidExtKeyUsage             = oid.ExtKeyUsage.OID()
	oidExtPrivateKeyUsage      = oid.ExtPrivateKeyUsage.OID()
	oidExtBasicConstraints     = oid.ExtBasicConstraints.OID()
	oidExtCertificatePolicies  = oid.ExtCertificatePolicies.OID()
	oidExtAuthorityKeyID       = oid.ExtAuthorityKeyID.OID()
	oidExtSubjectKeyID         = oid.ExtSubjectKeyID.OID()
	oidExtExtendedKeyUsage     = oid.ExtExtendedKeyUsage.OID()
	oidExtCRLDistribution      = oid.ExtCRLDistribution.OID()
	oidExtAuthorityInfoAccess  = oid.ExtAuthorityInfoAccess.OID()
	oidOCSPNoCheck             = oid.OCSPNoCheck.OID()
	oidAnyPolicy               = oid.AnyPolicy.OID()
	oidPolicyClassPrefix       = oid.PolicyClassPrefix.OID()
	oidExtKeyUsageClientAuth   = oid.ExtKeyUsageClientAuth.OID()
	oidExtKeyUsageEmailProtect = oid.ExtKeyUsageEmailProtect.OID()

	// GOST algorithms (RFC 9215 / TC26).
	oidGost2012Key256      = oid.Gost2012Key256.OID()
	oidGost2012Key512      = oid.Gost2012Key512.OID()
	oidStreebog256         = oid.Streebog256.OID()
	oidStreebog512         = oid.Streebog512.OID()
	oidSignGost2012With256 = oid.SignWithDigest256.OID()
	oidSignGost2012With512 = oid.SignWithDigest512.OID()
	// The withdrawn GOST R 34.10-2001 algorithms, recognised only to name
	// them in messages.
	oidGost2001Key  = oid.Gost2001Key.OID()
	oidGost2001Sign = oid.Gost2001Sign.OID()
)

// oidPKCS7SignedData and oidPKCS7Data are the CMS content types of a
// certs-only bundle.
var (
	oidPKCS7SignedData = oid.SignedData.OID()
	oidPKCS7Data       = oid.Data.OID()
)

// attributeName returns the short name used in OpenSSL-style output for the
// attributes this package knows, or the dotted OID.
func attributeName(oid asn1.ObjectIdentifier) string {
	for _, a := range knownAttributes {
		if a.oid.Equal(oid) {
			return a.short
		}
	}
	return oid.String()
}

// attributeNameDER is attributeName for the content octets b of the type,
// k = knownAttribute(b).
func attributeNameDER(b []byte, k int) string {
	if k >= 0 {
		return knownAttributes[k].short
	}
	return oidString(b)
}

// knownAttribute returns the index in knownAttributes of the attribute
// type with content octets b, or -1.
func knownAttribute(b []byte) int {
	for i := range knownAttributes {
		if string(b) == knownAttributes[i].der {
			return i
		}
	}
	return -1
}

// Indexes of knownAttributes.
const (
	attrCN = iota
	attrSN
	attrG
	attrT
	attrO
	attrOU
	attrC
	attrST
	attrL
	attrStreet
	attrE
	attrOGRN
	attrSNILS
	attrINNLE
	attrOGRNIP
	attrINN
)

// knownAttributes maps attribute oids to short names and the ASN.1 string
// type the profile prescribes (0 means any directory string); der is the
// encoded type. The order is that of the attr* indexes.
var knownAttributes = []struct {
	oid   asn1.ObjectIdentifier
	der   string
	short string
	tag   int
}{
	attrCN:     {oidCommonName, string(oid.CommonName.DER()), "CN", asn1.TagUTF8String},
	attrSN:     {oidSurname, string(oid.Surname.DER()), "SN", asn1.TagUTF8String},
	attrG:      {oidGivenName, string(oid.GivenName.DER()), "G", asn1.TagUTF8String},
	attrT:      {oidTitle, string(oid.Title.DER()), "T", asn1.TagUTF8String},
	attrO:      {oidOrganization, string(oid.Organization.DER()), "O", asn1.TagUTF8String},
	attrOU:     {oidOrganizationalUnit, string(oid.OrganizationalUnit.DER()), "OU", asn1.TagUTF8String},
	attrC:      {oidCountry, string(oid.Country.DER()), "C", asn1.TagPrintableString},
	attrST:     {oidRegion, string(oid.Region.DER()), "ST", asn1.TagUTF8String},
	attrL:      {oidLocality, string(oid.Locality.DER()), "L", asn1.TagUTF8String},
	attrStreet: {oidStreet, string(oid.Street.DER()), "street", asn1.TagUTF8String},
	attrE:      {oidEmailAddress, string(oid.EmailAddress.DER()), "E", asn1.TagIA5String},
	attrOGRN:   {oidOGRN, string(oid.OGRN.DER()), "OGRN", asn1.TagNumericString},
	attrSNILS:  {oidSNILS, string(oid.SNILS.DER()), "SNILS", asn1.TagNumericString},
	attrINNLE:  {oidINNLE, string(oid.INNLE.DER()), "INNLE", asn1.TagNumericString},
	attrOGRNIP: {oidOGRNIP, string(oid.OGRNIP.DER()), "OGRNIP", asn1.TagNumericString},
	attrINN:    {oidINN, string(oid.INN.DER()), "INN", asn1.TagNumericString},
}

// extKind names the extensions decode reads, found by comparing the
// encoded extnID with derOf.
type extKind uint8

const (
	extUnknown extKind = iota
	extSubjectKeyID
	extKeyUsage
	extPrivateKeyUsage
	extSubjectAltName
	extBasicConstraints
	extNameConstraints
	extCRLDistribution
	extCertificatePolicies
	extPolicyMappings
	extAuthorityKeyID
	extPolicyConstraints
	extExtendedKeyUsage
	extInhibitAnyPolicy
	extAuthorityInfoAccess
	extSubjectSignTool
	extIssuerSignTool
	extIdentificationKind
)

// extKinds maps the content octets of known extnIDs to their kind.
var extKinds = []struct {
	der  string
	kind extKind
}{
	{string(oid.ExtSubjectKeyID.DER()), extSubjectKeyID},
	{string(oid.ExtKeyUsage.DER()), extKeyUsage},
	{string(oid.ExtPrivateKeyUsage.DER()), extPrivateKeyUsage},
	{string(oid.ExtSubjectAltName.DER()), extSubjectAltName},
	{string(oid.ExtBasicConstraints.DER()), extBasicConstraints},
	{string(oid.ExtNameConstraints.DER()), extNameConstraints},
	{string(oid.ExtCRLDistribution.DER()), extCRLDistribution},
	{string(oid.ExtCertificatePolicies.DER()), extCertificatePolicies},
	{string(oid.ExtPolicyMappings.DER()), extPolicyMappings},
	{string(oid.ExtAuthorityKeyID.DER()), extAuthorityKeyID},
	{string(oid.ExtPolicyConstraints.DER()), extPolicyConstraints},
	{string(oid.ExtExtendedKeyUsage.DER()), extExtendedKeyUsage},
	{string(oid.ExtInhibitAnyPolicy.DER()), extInhibitAnyPolicy},
	{string(oid.ExtAuthorityInfoAccess.DER()), extAuthorityInfoAccess},
	{string(oid.SubjectSignTool.DER()), extSubjectSignTool},
	{string(oid.IssuerSignTool.DER()), extIssuerSignTool},
	{string(oid.IdentificationKind.DER()), extIdentificationKind},
}

// extKindOf returns the kind of the extnID with content octets b.
func extKindOf(b []byte) extKind {
	for _, k := range extKinds {
		if string(b) == k.der {
			return k.kind
		}
	}
	return extUnknown
}

// Encoded identifiers decode compares with.
var (
	derAnyPolicy       = string(oid.AnyPolicy.DER())
	derAccessOCSP      = string(oid.AccessOCSP.DER())
	derAccessCAIssuers = string(oid.AccessCAIssuers.DER())
	derKeyRSA          = string(oid.PublicKeyRSA.DER())
	derKeyDSA          = string(oid.PublicKeyDSA.DER())
	derKeyECDSA        = string(oid.PublicKeyECDSA.DER())
	derKeyEd25519      = string(oid.PublicKeyEd25519.DER())
	derCurveP224       = string(oid.CurveP224.DER())
	derCurveP256       = string(oid.CurveP256.DER())
	derCurveP384       = string(oid.CurveP384.DER())
	derCurveP521       = string(oid.CurveP521.DER())
	derBasicConstraint = string(oid.ExtBasicConstraints.DER())
)

// oidArcs checks the content octets of an OBJECT IDENTIFIER as
// golang.org/x/crypto/cryptobyte and encoding/asn1 do — not empty, every
// subidentifier in the fewest octets (no leading 0x80), at most 5 of
// them, below 2^31, the last one complete — and returns the number of
// arcs.
func oidArcs(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 1 // the first subidentifier holds two arcs
	for len(b) > 0 {
		var ok bool
		if _, b, ok = base128(b); !ok {
			return 0, false
		}
		n++
	}
	return n, true
}

// base128 reads one subidentifier from the front of b.
func base128(b []byte) (v int, rest []byte, ok bool) {
	for i := 0; i < len(b); i++ {
		if i == 5 || v >= 1<<(31-7) || (i == 0 && b[0] == 0x80) {
			return 0, nil, false
		}
		v = v<<7 | int(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
	}
	return 0, nil, false
}

// decodeOID decodes the content octets of an OBJECT IDENTIFIER checked
// like oidArcs into dst when it has room (a fresh slice otherwise).
func decodeOID(b []byte, dst []int) (asn1.ObjectIdentifier, bool) {
	n, ok := oidArcs(b)
	if !ok {
		return nil, false
	}
	if cap(dst) < n {
		dst = make([]int, n)
	}
	dst = dst[:n:n]
	v, b, _ := base128(b)
	if v < 80 {
		dst[0], dst[1] = v/40, v%40
	} else {
		dst[0], dst[1] = 2, v-80
	}
	for i := 2; len(b) > 0; i++ {
		dst[i], b, _ = base128(b)
	}
	return dst, true
}
