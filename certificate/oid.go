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

// knownAttributes maps attribute oids to short names and the ASN.1 string
// type the profile prescribes (0 means any directory string).
var knownAttributes = []struct {
	oid   asn1.ObjectIdentifier
	short string
	tag   int
}{
	{oidCommonName, "CN", asn1.TagUTF8String},
	{oidSurname, "SN", asn1.TagUTF8String},
	{oidGivenName, "G", asn1.TagUTF8String},
	{oidTitle, "T", asn1.TagUTF8String},
	{oidOrganization, "O", asn1.TagUTF8String},
	{oidOrganizationalUnit, "OU", asn1.TagUTF8String},
	{oidCountry, "C", asn1.TagPrintableString},
	{oidRegion, "ST", asn1.TagUTF8String},
	{oidLocality, "L", asn1.TagUTF8String},
	{oidStreet, "street", asn1.TagUTF8String},
	{oidEmailAddress, "E", asn1.TagIA5String},
	{oidOGRN, "OGRN", asn1.TagNumericString},
	{oidSNILS, "SNILS", asn1.TagNumericString},
	{oidINNLE, "INNLE", asn1.TagNumericString},
	{oidOGRNIP, "OGRNIP", asn1.TagNumericString},
	{oidINN, "INN", asn1.TagNumericString},
}
