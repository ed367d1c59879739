package certtest

import "encoding/asn1"

// Object identifiers of the names and extensions the builders write. The
// GOST algorithm identifiers come from internal/oid; these X.509 ones are
// not (yet) in that table.
var (
	// Name attributes.
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

	// Standard certificate and CRL extensions.
	oidExtKeyUsage            = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidExtPrivateKeyUsage     = asn1.ObjectIdentifier{2, 5, 29, 16}
	oidExtBasicConstraints    = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidExtCRLNumber           = asn1.ObjectIdentifier{2, 5, 29, 20}
	oidExtReasonCode          = asn1.ObjectIdentifier{2, 5, 29, 21}
	oidExtCertificatePolicies = asn1.ObjectIdentifier{2, 5, 29, 32}
	oidExtAuthorityKeyID      = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtSubjectKeyID        = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidExtExtendedKeyUsage    = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidExtCRLDistribution     = asn1.ObjectIdentifier{2, 5, 29, 31}
	oidExtAuthorityInfoAccess = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}

	// Extended key usages and access methods of authorityInfoAccess.
	oidExtKeyUsageClientAuth   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	oidExtKeyUsageEmailProtect = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}
	oidAccessOCSP              = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1}
	oidAccessCAIssuers         = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 2}
)
