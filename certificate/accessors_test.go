package certificate_test

import (
	"encoding/asn1"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/oid"
)

func TestAccessors(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	c := p.ee[certtest.PresetLegalEntityHead]
	if present, critical := c.HasExtension(certificate.OIDExtKeyUsage); !present || !critical {
		t.Error("keyUsage not found as critical")
	}
	if present, _ := c.HasExtension(asn1.ObjectIdentifier{1, 2, 3}); present {
		t.Error("unknown extension found")
	}
	if !c.ValidAt(testAt) || c.ValidAt(testFrom.Add(-time.Second)) || !c.ValidAt(c.NotAfter) {
		t.Error("ValidAt")
	}
	if !c.Policies.Has(certificate.PolicyKS1) || c.Policies.Has(certificate.PolicyKA1) || c.Policies.AnyPolicy {
		t.Errorf("policies %+v", c.Policies)
	}
	if c.SelfIssued() || !p.root.SelfIssued() {
		t.Error("SelfIssued")
	}
	per := certificate.Period{NotBefore: testFrom}
	if !per.Contains(testAt) || per.Contains(testFrom.Add(-time.Second)) {
		t.Error("open-ended period")
	}
	if c.Subject.Region.String() != "77 Москва" || c.Subject.OGRN.String() != c.Subject.OGRN.Value {
		t.Error("String methods")
	}
	if !strings.Contains(c.Issuer.String(), "CN=Тестовый УЦ для руководителей") {
		t.Errorf("issuer %q", c.Issuer.String())
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	for k, want := range map[certificate.IdentificationKind]string{
		certificate.IdentificationPersonal: "personal", certificate.IdentificationRemoteCert: "remote_cert",
		certificate.IdentificationRemotePassport: "remote_passport", certificate.IdentificationRemoteSystem: "remote_system", 9: "unknown(9)",
	} {
		if k.String() != want || k.Russian() == "" || k.Valid() != (k != 9) {
			t.Errorf("%d: %q %q", k, k.String(), k.Russian())
		}
	}
	for c, want := range map[certificate.PolicyClass]string{certificate.PolicyKS1: "КС1", certificate.PolicyKS2: "КС2", certificate.PolicyKS3: "КС3", certificate.PolicyKV1: "КВ1", certificate.PolicyKV2: "КВ2", certificate.PolicyKA1: "КА1"} {
		if c.String() != want || c.OID().String() != "1.2.643.100.113."+string(rune('0'+int(c))) {
			t.Errorf("%d: %q %s", c, c.String(), c.OID())
		}
		if got, ok := certificate.PolicyClassByOID(c.OID()); !ok || got != c {
			t.Errorf("policyClass(%s)", c.OID())
		}
	}
	if _, ok := certificate.PolicyClassByOID(asn1.ObjectIdentifier{1, 2, 643, 100, 113, 7}); ok {
		t.Error("class 7 accepted")
	}
	for _, pr := range []certtest.Preset{certtest.PresetRoot, certtest.PresetCA, certtest.PresetLegalEntityHead, certtest.PresetEntrepreneur, certtest.PresetPerson, 99} {
		if pr.String() == "" {
			t.Error("preset name")
		}
	}
	for _, o := range []asn1.ObjectIdentifier{certificate.OIDExtKeyUsage, certificate.OIDExtPrivateKeyUsage, certificate.OIDExtBasicConstraints, certificate.OIDExtCertificatePolicies,
		certificate.OIDExtAuthorityKeyID, certificate.OIDExtSubjectKeyID, certificate.OIDExtExtendedKeyUsage, certificate.OIDExtCRLDistribution, certificate.OIDExtAuthorityInfoAccess,
		certificate.OIDSubjectSignTool, certificate.OIDIssuerSignTool, certificate.OIDIdentificationKind} {
		if certificate.ExtensionName(o) == "unknown extension" {
			t.Errorf("%s unnamed", o)
		}
	}
	a := certificate.SignatureAlgorithm{OID: oid.Gost2001Sign.OID()}
	if a.String() != "GOST R 34.10-2001 with GOST R 34.11-94" {
		t.Error(a.String())
	}
}

// TestSignatureAlgorithmFailures covers the parameter and length checks of
// CERT-GOST-SIGALG, which a well-formed builder certificate never hits.
func TestSignatureAlgorithmFailures(t *testing.T) {
	t.Parallel()
	p := testPKI(t)
	base := *p.ee[certtest.PresetPerson]
	withParams := base
	withParams.SignatureAlgorithm.Parameters = []byte{0x04, 0x00}
	shortSig := base
	shortSig.Signature = base.Signature[:10]
	for name, c := range map[string]*certificate.Certificate{"parameters": &withParams, "length": &shortSig} {
		r, ok := certificate.CheckProfile(c, testAt, nil).Find("CERT-GOST-SIGALG")
		if !ok || r.Status != check.Fail {
			t.Errorf("%s: %s", name, r)
		}
	}
	if err := withParams.CheckSignatureFrom(p.ca); err == nil {
		t.Error("CheckSignature accepted bad parameters")
	}
}
