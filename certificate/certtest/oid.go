package certtest

import "github.com/egisz-lk/registrar/internal/oid"

// Object identifiers of the names and extensions the builders write, made
// once from the module's one table, internal/oid.
var (
	// Name attributes.
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

	// Standard certificate and CRL extensions.
	oidExtKeyUsage            = oid.ExtKeyUsage.OID()
	oidExtPrivateKeyUsage     = oid.ExtPrivateKeyUsage.OID()
	oidExtBasicConstraints    = oid.ExtBasicConstraints.OID()
	oidExtCRLNumber           = oid.ExtCRLNumber.OID()
	oidExtReasonCode          = oid.ExtReasonCode.OID()
	oidExtCertificatePolicies = oid.ExtCertificatePolicies.OID()
	oidExtAuthorityKeyID      = oid.ExtAuthorityKeyID.OID()
	oidExtSubjectKeyID        = oid.ExtSubjectKeyID.OID()
	oidExtExtendedKeyUsage    = oid.ExtExtendedKeyUsage.OID()
	oidExtCRLDistribution     = oid.ExtCRLDistribution.OID()
	oidExtAuthorityInfoAccess = oid.ExtAuthorityInfoAccess.OID()

	// Extended key usages and access methods of authorityInfoAccess.
	oidExtKeyUsageClientAuth   = oid.ExtKeyUsageClientAuth.OID()
	oidExtKeyUsageEmailProtect = oid.ExtKeyUsageEmailProtect.OID()
	oidAccessOCSP              = oid.AccessOCSP.OID()
	oidAccessCAIssuers         = oid.AccessCAIssuers.OID()
)
