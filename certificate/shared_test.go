package certificate_test

import (
	"encoding/hex"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/internal/gost/gost3410"
)

// The public CA certificates of the reference data (qualified-certificates.md
// §8): subject, issuer, serial, validity, SKI and SHA-1 prefixes.
var sharedCAs = []struct {
	file          string
	subjectCN     string
	issuerCN      string
	selfSigned    bool
	serialPrefix  string
	from, to      string
	skiPrefix     string
	sha1Prefix    string
	legacyINN     bool
	pathLen       int
	identKind     bool
	signedBy      string
	policyClasses string
}{
	{"minkomsvyaz_guc_root_2018.pem", "Минкомсвязь России", "Минкомсвязь России", true, "4E6D478B", "2018-07-06", "2036-07-01", "C254F1B4", "4BC6DC14", true, -1, false, "minkomsvyaz_guc_root_2018.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"minkomsvyaz_guc_root_2021.pem", "Минкомсвязь России", "Минкомсвязь России", true, "EACA32CE", "2021-07-02", "2039-07-02", "19778FBB", "AFF05C9E", true, -1, false, "minkomsvyaz_guc_root_2021.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"mincifry_guc_root_2022.pem", "Минцифры России", "Минцифры России", true, "951FA347", "2022-01-08", "2040-01-08", "C91358B1", "2F0CB09B", false, -1, true, "mincifry_guc_root_2022.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"mincifry_2022_cross_by_minkomsvyaz2021.pem", "Минцифры России", "Минкомсвязь России", false, "F8C9C4040000000005F2", "2022-01-08", "2037-01-08", "C91358B1", "1D131217", false, -1, true, "minkomsvyaz_guc_root_2021.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"mincifry_root_2025.pem", "Минцифры России", "Минцифры России", true, "77A658B5", "2025-12-17", "2043-12-17", "1474433F", "9EC1A7DD", false, -1, true, "mincifry_root_2025.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"mincifry_root_2026.pem", "Минцифры России", "Минцифры России", true, "18C34DF5", "2026-02-02", "2044-02-02", "C145C00D", "2FDEDE3B", false, -1, true, "mincifry_root_2026.pem", "КС1 КС2 КС3 КВ1 КВ2"},
	{"fns_ca_2022_02.pem", "Федеральная налоговая служба", "Минцифры России", false, "67A077B10000000006E8", "2022-11-15", "2037-11-15", "E91F0744", "08A4C134", false, 0, true, "mincifry_guc_root_2022.pem", "КС1 КС2 КС3"},
	{"fns_ca_2023.pem", "Федеральная налоговая служба", "Минцифры России", false, "4268C57A000000000833", "2023-07-21", "2038-07-21", "D156FB38", "24A2CD23", false, 0, true, "mincifry_guc_root_2022.pem", "КС1 КС2 КС3"},
}

func TestSharedCACertificates(t *testing.T) {
	t.Parallel()
	sharedData(t, "certs")
	load := func(t *testing.T, name string) *certificate.Certificate {
		t.Helper()
		c, err := certificate.ParseOne(readShared(t, "certs", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return c
	}
	for _, tc := range sharedCAs {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			c := load(t, tc.file)
			if c.Subject.CommonName != tc.subjectCN || c.Issuer.CommonName != tc.issuerCN {
				t.Errorf("subject/issuer CN = %q / %q", c.Subject.CommonName, c.Issuer.CommonName)
			}
			if c.SelfIssued() != tc.selfSigned {
				t.Errorf("SelfIssued = %v", c.SelfIssued())
			}
			if got := strings.ToUpper(c.SerialNumber.Text(16)); !strings.HasPrefix(got, tc.serialPrefix) {
				t.Errorf("serial %s, want prefix %s", got, tc.serialPrefix)
			}
			if got := c.NotBefore.Format(time.DateOnly); got != tc.from {
				t.Errorf("NotBefore %s, want %s", got, tc.from)
			}
			if got := c.NotAfter.Format(time.DateOnly); got != tc.to {
				t.Errorf("NotAfter %s, want %s", got, tc.to)
			}
			if got := strings.ToUpper(hex.EncodeToString(c.SubjectKeyID)); !strings.HasPrefix(got, tc.skiPrefix) {
				t.Errorf("SKI %s, want prefix %s", got, tc.skiPrefix)
			}
			if !strings.HasPrefix(c.FingerprintSHA1, tc.sha1Prefix) || len(c.FingerprintSHA1) != 40 {
				t.Errorf("SHA-1 %s, want prefix %s", c.FingerprintSHA1, tc.sha1Prefix)
			}
			if len(c.FingerprintStreebog256()) != 64 || strings.ToUpper(c.FingerprintStreebog256()) != c.FingerprintStreebog256() {
				t.Errorf("Streebog fingerprint %q", c.FingerprintStreebog256())
			}
			// Subject: an organisation with ОГРН and ИНН ЮЛ, region code 77.
			s := &c.Subject
			if !s.OGRN.Valid() || !s.INNLE.Valid() {
				t.Errorf("OGRN %v (%v), INNLE %v (%v)", s.OGRN, s.OGRN.Err, s.INNLE, s.INNLE.Err)
			}
			if s.Region.Code != "77" || s.Region.Name != "Москва" || s.Country != "RU" {
				t.Errorf("region %+v country %q", s.Region, s.Country)
			}
			if s.LegacyINN.Present != tc.legacyINN || s.INNLE.Legacy != tc.legacyINN {
				t.Errorf("legacy INN %+v, INNLE %+v", s.LegacyINN, s.INNLE)
			}
			if tc.legacyINN && (s.LegacyINN.Raw != "007710474375" || s.INNLE.Value != "7710474375" || s.INN.Present) {
				t.Errorf("legacy INN: raw %q INNLE %q INN %+v", s.LegacyINN.Raw, s.INNLE.Value, s.INN)
			}
			cl := c.Classify(nil)
			if cl.Kind != certificate.KindLegalEntity || cl.LegacyEmployee || cl.HasPerson {
				t.Errorf("classification %+v", cl)
			}
			if !c.IsCA || c.MaxPathLen != tc.pathLen {
				t.Errorf("IsCA %v MaxPathLen %d", c.IsCA, c.MaxPathLen)
			}
			if c.KeyUsage&(1<<5) == 0 { // keyCertSign
				t.Errorf("KeyUsage %b", c.KeyUsage)
			}
			k := c.PublicKey
			if k.Err != nil || k.Bits != 256 || k.CurveName() != "CryptoPro-A" || k.ParamSet.String() != "1.2.643.2.2.35.1" {
				t.Errorf("key %+v, curve %s", k, k.CurveName())
			}
			if c.SignatureAlgorithm.Bits != 256 || !c.SignatureAlgorithm.ParametersOK() {
				t.Errorf("signature algorithm %+v", c.SignatureAlgorithm)
			}
			var classes []string
			for _, p := range c.Policies.Classes {
				classes = append(classes, p.String())
			}
			if got := strings.Join(classes, " "); got != tc.policyClasses {
				t.Errorf("policy classes %q, want %q", got, tc.policyClasses)
			}
			if !c.HasSubjectSignTool || !strings.Contains(c.SubjectSignTool, "КриптоПро HSM") {
				t.Errorf("subjectSignTool %q", c.SubjectSignTool)
			}
			ist := c.IssuerSignTool
			if ist == nil || !strings.Contains(ist.CATool, "Головной удостоверяющий центр") || ist.SignTool == "" || ist.SignToolCert == "" || ist.CAToolCert == "" {
				t.Errorf("issuerSignTool %+v", ist)
			}
			if c.HasIdentificationKind != tc.identKind {
				t.Errorf("identificationKind present = %v", c.HasIdentificationKind)
			}
			if len(c.ExtensionErrors) != 0 {
				t.Errorf("extension errors: %v", c.ExtensionErrors)
			}
			if err := c.CheckSignatureFrom(load(t, tc.signedBy)); err != nil {
				t.Errorf("signature by %s: %v", tc.signedBy, err)
			}
			// The profile of a real CA certificate has no failures.
			at := c.NotBefore.Add(24 * time.Hour)
			for _, r := range certificate.CheckProfile(c, at, nil) {
				if r.Status == "fail" {
					t.Errorf("profile: %s", r)
				}
			}
		})
	}
}

func TestSharedFNSAuthorityKeyID(t *testing.T) {
	t.Parallel()
	c, err := certificate.ParseOne(readShared(t, "certs", "fns_ca_2023.pem"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := certificate.ParseOne(readShared(t, "certs", "mincifry_guc_root_2022.pem"))
	if err != nil {
		t.Fatal(err)
	}
	a := c.AuthorityKeyID
	if a == nil {
		t.Fatal("no AKI")
	}
	if hex.EncodeToString(a.KeyID) != hex.EncodeToString(root.SubjectKeyID) {
		t.Errorf("AKI keyid %X, root SKI %X", a.KeyID, root.SubjectKeyID)
	}
	if a.SerialNumber == nil || a.SerialNumber.Cmp(root.SerialNumber) != 0 {
		t.Errorf("AKI serial %v, root serial %v", a.SerialNumber, root.SerialNumber)
	}
	if len(a.IssuerNames) != 1 || string(a.IssuerNames[0].Raw) != string(root.RawIssuer) {
		t.Errorf("AKI DirName %v", a.IssuerNames)
	}
	if len(c.CRLDistributionPoints) != 3 || len(c.IssuingCertificateURLs) != 1 {
		t.Errorf("CDP %v AIA %v", c.CRLDistributionPoints, c.IssuingCertificateURLs)
	}
	if !c.HasIdentificationKind || !c.IdentificationKind.Valid() {
		t.Errorf("identificationKind %v", c.IdentificationKind)
	}
}

// TestSharedVectors parses the RFC 9215 and TC26 example certificates, checks
// their curves, that the key is d·P for the published private key d and
// that the self-signature verifies.
func TestSharedVectors(t *testing.T) {
	t.Parallel()
	sharedData(t, "vectors")
	d256 := "7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28"
	tests := []struct {
		name, curve, d string
		bits           int
		email          bool
	}{
		{"rfc9215_256_testparamset_cert", "GostR3410-2001-TestParamSet", d256, 256, false},
		{"rfc9215_256_tc26A_cert", "tc26-256-A", d256, 256, false},
		{"rfc9215_512_testparamset_cert", "tc26-512-Test", "", 512, false},
		{"tk26iok_256_xchA_cert", "CryptoPro-XchA", "BFCF1D623E5CDD3032A7C6EABB4A923C46E43D640FFEAAF2C3ED39A8FA399924", 256, true},
		{"tk26iok_512_paramsetB_cert", "tc26-512-B", "3FC01CDCD4EC5F972EB482774C41E66DB7F380528DFE9E67992BA05AEE462435757530E641077CE587B976C8EEB48C48FD33FD175F0C7DE6A44E014E6BCB074B", 512, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			der, err := certificate.ParseOne(readShared(t, "vectors", tc.name+".der"))
			if err != nil {
				t.Fatal(err)
			}
			pemC, err := certificate.ParseOne(readShared(t, "vectors", tc.name+".pem"))
			if err != nil {
				t.Fatal(err)
			}
			if der.FingerprintSHA1 != pemC.FingerprintSHA1 {
				t.Error("DER and PEM differ")
			}
			c := der
			if c.PublicKey.Err != nil || c.PublicKey.CurveName() != tc.curve || c.PublicKey.Bits != tc.bits {
				t.Fatalf("key %s %d: %v", c.PublicKey.CurveName(), c.PublicKey.Bits, c.PublicKey.Err)
			}
			if c.SignatureAlgorithm.Bits != tc.bits {
				t.Errorf("signature algorithm %v", c.SignatureAlgorithm)
			}
			if err := c.CheckSignatureFrom(c); err != nil {
				t.Errorf("self-signature: %v", err)
			}
			if tc.d != "" {
				// The RFC 9215 tc26-256-A example reuses the TestParamSet d,
				// which exceeds that curve's q: d mod q gives the same point.
				d, _ := new(big.Int).SetString(tc.d, 16)
				curve := mustCurve(t, c.PublicKey.CurveName())
				d.Mod(d, curve.Params().Q)
				priv, err := gost3410.NewPrivateKey(curve, d.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				if key, _ := c.GOSTKey(); !key.Equal(priv.PublicKey()) {
					t.Error("certificate key is not d·P of the published d")
				}
			}
			if (c.Subject.Email != "") != tc.email {
				t.Errorf("email %q", c.Subject.Email)
			}
			if c.Classify(nil).Kind != certificate.KindUnknown {
				t.Errorf("kind %v, want unknown for CN=Example", c.Classify(nil).Kind)
			}
			r, _ := certificate.CheckProfile(c, c.NotBefore.Add(time.Hour), nil).Find("CERT-KIND")
			if r.Status != "fail" {
				t.Errorf("CERT-KIND %s", r)
			}
		})
	}
}

// TestSharedAllPEMs parses every certificate file of the reference data.
func TestSharedAllPEMs(t *testing.T) {
	t.Parallel()
	var files []string
	for _, sub := range []string{"certs", "vectors", "tc26_cms"} {
		m, _ := filepath.Glob(filepath.Join(sharedData(t, sub), "*cert*.pem"))
		files = append(files, m...)
	}
	m, _ := filepath.Glob(filepath.Join(sharedData(t, "certs"), "*.pem"))
	files = append(files, m...)
	if len(files) < 10 {
		t.Fatalf("only %d files", len(files))
	}
	for _, f := range files {
		if _, err := certificate.ParseOne(readShared(t, filepath.Base(filepath.Dir(f)), filepath.Base(f))); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
