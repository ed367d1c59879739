package oid

import (
	"encoding/asn1"
	"reflect"
	"testing"
)

// table lists every constant, so that a typo in one is caught here and not
// by a certificate that fails to parse.
var table = []ID{
	Gost2012Key256, Gost2012Key512, Streebog256, Streebog512, SignWithDigest256, SignWithDigest512,
	Gost2001Key, Gost2001Sign, Gost94Digest, SHA256, SHA1,
	OCSPBasic, OCSPNonce, OCSPCRLID, OCSPNoCheck, OCSPArchiveCutoff, RIOCSPResponse,
	ExtKeyUsageTimeStamping, ExtKeyUsageOCSPSigning,
	Data, SignedData, ContentType, MessageDigest, SigningTime, SigningCertificate, SigningCertificateV2,
	TSTInfo, SignatureTimeStampToken, CertificateRefs, RevocationRefs, CertValues, RevocationValues, EscTimeStamp,
	CertCRLTimestamp, ArchiveTimestamp, ArchiveTimestampV2, ArchiveTimestampV3, ATSHashIndex,
	SignaturePolicyID, ATSHashIndexV2, ATSHashIndexV3, LongTermValidation, SHA384, SHA512,
	CommonName, Surname, Country, Locality, Region, Street, Organization, OrganizationalUnit, Title, GivenName,
	EmailAddress, OGRN, SNILS, INNLE, OGRNIP, INN,
	SubjectSignTool, IssuerSignTool, PolicyClassPrefix, IdentificationKind,
	ExtSubjectKeyID, ExtKeyUsage, ExtPrivateKeyUsage, ExtBasicConstraints, ExtCRLNumber, ExtReasonCode,
	ExtCRLDistribution, ExtCertificatePolicies, AnyPolicy, ExtAuthorityKeyID, ExtExtendedKeyUsage,
	ExtAuthorityInfoAccess, ExtKeyUsageClientAuth, ExtKeyUsageEmailProtect, AccessOCSP, AccessCAIssuers,
	ExtSubjectAltName, ExtNameConstraints, ExtPolicyMappings, ExtPolicyConstraints, ExtInhibitAnyPolicy,
	PublicKeyRSA, PublicKeyDSA, PublicKeyECDSA, PublicKeyEd25519, CurveP224, CurveP256, CurveP384, CurveP521,
}

func TestTableRoundTrip(t *testing.T) {
	t.Parallel()
	seen := map[ID]bool{}
	for _, id := range table {
		if seen[id] {
			t.Errorf("%s listed twice", id)
		}
		seen[id] = true
		o := id.OID()
		// encoding/asn1 is the oracle: the value must marshal, parse back
		// and print as the constant.
		der, err := asn1.Marshal(o)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		var back asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(der, &back); err != nil || back.String() != string(id) {
			t.Errorf("%s: round trip %v %v", id, back, err)
		}
		if !id.Equal(o) || !id.Equal(back) {
			t.Errorf("%s does not equal its own OID", id)
		}
		// der is tag 0x06, a one-byte length and the content octets.
		if got := id.DER(); len(der) < 2 || !reflect.DeepEqual(got, der[2:]) {
			t.Errorf("%s: DER %X, encoding/asn1 % X", id, got, der)
		}
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   ID
		o    asn1.ObjectIdentifier
		want bool
	}{
		{Streebog256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}, true},
		{Streebog256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}, false},
		{Streebog256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2}, false},
		{Streebog256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2, 0}, false},
		{Streebog256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 22}, false},
		{AnyPolicy, asn1.ObjectIdentifier{2, 5, 29, 32}, false},
		{ExtCertificatePolicies, asn1.ObjectIdentifier{2, 5, 29, 32, 0}, false},
		{SHA256, nil, false},
		{"", nil, false},
		{"1.2", asn1.ObjectIdentifier{1, -2}, false},
		{"1.99999999999999999999", asn1.ObjectIdentifier{1, 0}, false},
	}
	for _, tt := range tests {
		if got := tt.id.Equal(tt.o); got != tt.want {
			t.Errorf("%q.Equal(%v) = %v, want %v", tt.id, tt.o, got, tt.want)
		}
	}
}

func TestOIDIsAFreshCopy(t *testing.T) {
	t.Parallel()
	a := Streebog256.OID()
	a[0] = 9
	if b := Streebog256.OID(); !reflect.DeepEqual(b, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}) {
		t.Errorf("OID shares storage: %v", b)
	}
}

func TestOIDPanicsOnMalformed(t *testing.T) {
	t.Parallel()
	for _, id := range []ID{"", "1..2", "1.2.", "a.b", ".1"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%q.OID() did not panic", id)
				}
			}()
			_ = id.OID()
		}()
	}
}

func TestBits(t *testing.T) {
	t.Parallel()
	if DigestBits(Streebog256.OID()) != 256 || DigestBits(Streebog512.OID()) != 512 || DigestBits(SHA256.OID()) != 0 {
		t.Error("DigestBits")
	}
	if SignatureBits(SignWithDigest256.OID()) != 256 || SignatureBits(Gost2012Key512.OID()) != 512 || SignatureBits(Streebog256.OID()) != 0 {
		t.Error("SignatureBits")
	}
	if !Gost2001(Gost2001Key.OID()) || !Gost2001(Gost94Digest.OID()) || Gost2001(Gost2012Key256.OID()) {
		t.Error("Gost2001")
	}
}

func BenchmarkEqual(b *testing.B) {
	o := Streebog512.OID()
	b.ReportAllocs()
	for b.Loop() {
		if Streebog256.Equal(o) || !Streebog512.Equal(o) {
			b.Fatal("wrong")
		}
	}
}

func TestDER(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		id   ID
		want []byte
	}{
		{"2.999.3", []byte{0x88, 0x37, 0x03}},
		{"1.2.268435455", []byte{0x2a, 0xff, 0xff, 0xff, 0x7f}},
		{"0.0", []byte{0x00}},
	} {
		if got := tt.id.DER(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: % X, want % X", tt.id, got, tt.want)
		}
	}
}

func TestAppendContent(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		o    asn1.ObjectIdentifier
		want []byte // nil: refused
	}{
		{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}, []byte{0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02}},
		{asn1.ObjectIdentifier{2, 999, 3}, []byte{0x88, 0x37, 0x03}},
		{asn1.ObjectIdentifier{1}, nil},
		{asn1.ObjectIdentifier{3, 1}, nil},
		{asn1.ObjectIdentifier{1, 40}, nil},
		{asn1.ObjectIdentifier{1, 2, -1}, nil},
	} {
		prefix := []byte{0xAA}
		got, ok := AppendContent(prefix, tt.o)
		if tt.want == nil {
			if ok || len(got) != 1 {
				t.Errorf("%v: accepted as % X", tt.o, got)
			}
			continue
		}
		if !ok || !reflect.DeepEqual(got, append([]byte{0xAA}, tt.want...)) {
			t.Errorf("%v: % X %v, want AA % X", tt.o, got, ok, tt.want)
		}
		der, err := asn1.Marshal(tt.o)
		if err != nil || !reflect.DeepEqual(der[2:], tt.want) {
			t.Errorf("%v: encoding/asn1 gives % X (%v)", tt.o, der, err)
		}
	}
}
