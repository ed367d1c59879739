package certificate

import "encoding/asn1"

// Object identifiers of the Russian qualified-certificate profile (Приказ ФСБ
// России № 795, RFC 9215 module RuStrongCertsSyntax) and of the standard
// attributes and extensions this package reads.
var (
	// Subject attributes.
	oidCommonName         = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSurname            = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidCountry            = asn1.ObjectIdentifier{2, 5, 4, 6}
	oidLocality           = asn1.ObjectIdentifier{2, 5, 4, 7}
	oidRegion             = asn1.ObjectIdentifier{2, 5, 4, 8}
	oidStreet             = asn1.ObjectIdentifier{2, 5, 4, 9}
	oidOrganization       = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidOrganizationalUnit = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidTitle              = asn1.ObjectIdentifier{2, 5, 4, 12}
	oidGivenName          = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidEmailAddress       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	oidOGRN               = asn1.ObjectIdentifier{1, 2, 643, 100, 1}
	oidSNILS              = asn1.ObjectIdentifier{1, 2, 643, 100, 3}
	oidINNLE              = asn1.ObjectIdentifier{1, 2, 643, 100, 4}
	oidOGRNIP             = asn1.ObjectIdentifier{1, 2, 643, 100, 5}
	oidINN                = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}

	// Russian certificate extensions.
	oidSubjectSignTool    = asn1.ObjectIdentifier{1, 2, 643, 100, 111}
	oidIssuerSignTool     = asn1.ObjectIdentifier{1, 2, 643, 100, 112}
	oidIdentificationKind = asn1.ObjectIdentifier{1, 2, 643, 100, 114}

	// Standard extensions read from their raw form.
	oidExtKeyUsage             = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtPrivateKeyUsage      = asn1.ObjectIdentifier{2, 5, 29, 16}
	oidExtBasicConstraints     = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidExtCertificatePolicies  = asn1.ObjectIdentifier{2, 5, 29, 32}
	oidExtAuthorityKeyID       = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtSubjectKeyID         = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidExtExtendedKeyUsage     = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidExtCRLDistribution      = asn1.ObjectIdentifier{2, 5, 29, 31}
	oidExtAuthorityInfoAccess  = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	oidAnyPolicy               = asn1.ObjectIdentifier{2, 5, 29, 32, 0}
	oidPolicyClassPrefix       = asn1.ObjectIdentifier{1, 2, 643, 100, 113}
	oidExtKeyUsageClientAuth   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	oidExtKeyUsageEmailProtect = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}

	// GOST algorithms (RFC 9215 / TC26).
	oidGost2012Key256      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidGost2012Key512      = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	oidStreebog256         = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidStreebog512         = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	oidSignGost2012With256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidSignGost2012With512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}
	// The withdrawn GOST R 34.10-2001 algorithms, recognised only to name
	// them in messages.
	oidGost2001Key  = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	oidGost2001Sign = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 3}
)

// oidPKCS7SignedData and oidPKCS7Data are the CMS content types of a
// certs-only bundle.
var (
	oidPKCS7SignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidPKCS7Data       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
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
