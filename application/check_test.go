package application

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
	"github.com/egisz-lk/registrar/mchd"
)

var (
	fxOnce sync.Once
	fxSet  *fixtures.Set
	fxErr  error
)

// fx returns the synthetic fixture set (generated once per test binary).
func fx(t testing.TB) *fixtures.Set {
	t.Helper()
	fxOnce.Do(func() { fxSet, fxErr = fixtures.Generate(fixtures.DefaultOptions()) })
	if fxErr != nil {
		t.Fatal(fxErr)
	}
	return fxSet
}

// fxApplicant decodes applicant/<name>.json of the set, so that the test
// also covers the JSON contract of Applicant.
func fxApplicant(t testing.TB, s *fixtures.Set, name string) *Applicant {
	t.Helper()
	var a Applicant
	if err := json.Unmarshal(s.Files()["applicant/"+name+".json"], &a); err != nil {
		t.Fatal(err)
	}
	return &a
}

func fxOptions(t testing.TB, s *fixtures.Set) CheckOptions {
	t.Helper()
	vo, err := s.VerifyOptions(fixtures.At)
	if err != nil {
		t.Fatal(err)
	}
	egrul, err := ParseEGRULFile(s.Files()["egrul/records.json"])
	if err != nil {
		t.Fatal(err)
	}
	registry, err := mchd.ParseStatusFile(s.Files()["mchd/registry.json"])
	if err != nil {
		t.Fatal(err)
	}
	return CheckOptions{At: fixtures.At, Trust: vo.Trust, Certificate: s.CertificateOptions(), EGRUL: egrul, Registry: registry}
}

func pemOf(c *certificate.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

type checkCase struct {
	name      string
	upload    func(s *fixtures.Set) Upload
	applicant string // fixture stem; "" = nil applicant
	opts      func(s *fixtures.Set, o *CheckOptions)
	edit      func(s *fixtures.Set, a *Applicant)
	// fails lists IDs that must fail; every other check must not fail.
	fails []string
}

func headUpload(s *fixtures.Set) Upload {
	return Upload{Variant: VariantHead, Certificate: pemOf(s.HeadUL.Cert)}
}

func repUpload(s *fixtures.Set) Upload {
	return Upload{Variant: VariantRepresentative, Certificate: pemOf(s.EmployeeFL.Cert),
		MCHD: s.Representative.XML, MCHDSignature: s.Representative.Sig}
}

func managingUpload(s *fixtures.Set) Upload {
	return Upload{Variant: VariantManaging, Certificate: pemOf(s.ManagingHeadUL.Cert),
		MCHD: s.Managing.XML, MCHDSignature: s.Managing.Sig}
}

var acceptedCases = []checkCase{
	{name: "head/legal-entity", upload: headUpload, applicant: "head"},
	{name: "head/entrepreneur", applicant: "ip", upload: func(s *fixtures.Set) Upload {
		return Upload{Variant: VariantHead, Certificate: s.IP.Cert.Raw}
	}},
	{name: "representative/organisation", upload: repUpload, applicant: "employee"},
	{name: "representative/512-bit-key", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.Certificate = pemOf(s.EmployeeFL512.Cert)
		return u
	}},
	{name: "representative/entrepreneur-principal", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD, u.MCHDSignature = s.IPMCHD.XML, s.IPMCHD.Sig
		return u
	}},
	{name: "managing", upload: managingUpload, applicant: "managing-head"},
	// Only the СНИЛС: the account level cannot be checked, which a caller
	// that checks before login accepts unchecked.
	{name: "representative/snils-only", upload: repUpload, applicant: "employee", edit: func(_ *fixtures.Set, a *Applicant) {
		*a = Applicant{SNILS: a.SNILS}
	}, opts: func(_ *fixtures.Set, o *CheckOptions) { o.AllowUnchecked = []check.Waiver{check.WaiveApplicant} }},
}

var rejectedCases = []checkCase{
	{name: "no-variant", applicant: "head", upload: func(s *fixtures.Set) Upload {
		u := headUpload(s)
		u.Variant = 0
		return u
	}, fails: []string{"APP-VARIANT"}},
	{name: "head/standard-account", upload: headUpload, applicant: "head", edit: func(_ *fixtures.Set, a *Applicant) { a.Level = LevelStandard },
		fails: []string{"APP-ESIA-CONFIRMED"}},
	{name: "head/someone-else", upload: headUpload, applicant: "employee", fails: []string{"APP-PERSON-MATCH"}},
	{name: "head/person-certificate", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		return Upload{Variant: VariantHead, Certificate: pemOf(s.EmployeeFL.Cert)}
	}, fails: []string{"APP-CERT-KIND"}},
	{name: "head/expired", applicant: "head", upload: func(s *fixtures.Set) Upload {
		return Upload{Variant: VariantHead, Certificate: pemOf(s.ExpiredUL.Cert)}
	}, fails: []string{"CERT-VALIDITY", "CERT-PKUP", "CHAIN-VALIDITY"}},
	{name: "head/no-trust", upload: headUpload, applicant: "head", opts: func(_ *fixtures.Set, o *CheckOptions) {
		o.Trust = certificate.Trust{}
	}, fails: []string{"CHAIN-TRUSTED-ROOT"}},
	{name: "head/garbage-certificate", applicant: "head", upload: func(*fixtures.Set) Upload {
		return Upload{Variant: VariantHead, Certificate: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}
	}, fails: []string{"APP-CERT-PARSE"}},
	{name: "representative/missing-files", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		return Upload{Variant: VariantRepresentative, Certificate: pemOf(s.EmployeeFL.Cert)}
	}, fails: []string{"APP-DOCUMENTS", "MCHD-PARSE", "SIG-PARSE", "MCHD-SIGNER-CERT"}},
	{name: "representative/revoked", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.Certificate = pemOf(s.RevokedFL.Cert)
		return u
	}, fails: []string{"CHAIN-REVOCATION"}},
	{name: "representative/namesake", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.Certificate = pemOf(s.WrongSNILSFL.Cert)
		return u
	}, fails: []string{"APP-PERSON-MATCH", "MCHD-REPRESENTATIVE-CERT"}},
	{name: "representative/namesake-applicant", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.Certificate = pemOf(s.WrongSNILSFL.Cert)
		return u
	}, edit: func(s *fixtures.Set, a *Applicant) { a.SNILS = s.Namesake.SNILSFormatted() },
		fails: []string{"MCHD-REPRESENTATIVE-CERT"}},
	{name: "representative/head-is-not-the-representative", applicant: "head", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.Certificate = pemOf(s.HeadUL.Cert)
		return u
	}, fails: []string{"APP-CERT-KIND", "MCHD-REPRESENTATIVE-CERT"}},
	{name: "representative/no-power", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD, u.MCHDSignature = s.NoPower.XML, s.NoPower.Sig
		return u
	}, fails: []string{"MCHD-POWER"}},
	{name: "representative/text-only-power", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD, u.MCHDSignature = s.TextOnlyPower.XML, s.TextOnlyPower.Sig
		return u
	}, fails: []string{"MCHD-POWER"}},
	{name: "representative/expired-mchd", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD, u.MCHDSignature = s.Expired.XML, s.Expired.Sig
		return u
	}, fails: []string{"MCHD-IN-FORCE", "MCHD-REGISTRY-STATUS"}},
	{name: "representative/tampered", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD = s.TamperedXML
		return u
	}, fails: []string{"SIG-MESSAGE-DIGEST"}},
	{name: "representative/signed-by-the-employee", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHDSignature = s.WrongSignerSig
		return u
	}, fails: []string{"MCHD-SIGNER-KIND", "MCHD-SIGNER-PERSON"}},
	{name: "representative/ucs2-signature", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHDSignature = s.UCS2Sig
		return u
	}, fails: []string{"SIG-MESSAGE-DIGEST", "SIG-BROWSER-ENCODING"}},
	{name: "representative/managing-mchd", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := repUpload(s)
		u.MCHD, u.MCHDSignature = s.Managing.XML, s.Managing.Sig
		return u
	}, fails: []string{"APP-MCHD-SHAPE", "MCHD-REPRESENTATIVE-CERT"}},
	{name: "representative/another-power-required", upload: repUpload, applicant: "employee",
		opts:  func(_ *fixtures.Set, o *CheckOptions) { o.RequiredPower = "TEST_OTHER_99" },
		fails: []string{"MCHD-POWER"}},
	{name: "managing/head-certificate-of-another-organisation", applicant: "head", upload: func(s *fixtures.Set) Upload {
		u := managingUpload(s)
		u.Certificate = pemOf(s.HeadUL.Cert)
		return u
	}, fails: []string{"APP-MANAGING-CERT", "MCHD-REPRESENTATIVE-CERT", "APP-EGRUL-MANAGED"}},
	{name: "managing/representative-mchd", applicant: "managing-head", upload: func(s *fixtures.Set) Upload {
		u := managingUpload(s)
		u.MCHD, u.MCHDSignature = s.Representative.XML, s.Representative.Sig
		return u
	}, fails: []string{"APP-MCHD-SHAPE", "MCHD-REPRESENTATIVE-CERT"}},
	{name: "managing/egrul-says-otherwise", upload: managingUpload, applicant: "managing-head",
		opts: func(s *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.ManagedBy = nil, &ManagedBy{OrganisationINN: s.OrgB.INN, OrganisationOGRN: s.OrgB.OGRN,
				ManagingINN: s.OrgA.INN, ManagingOGRN: s.OrgA.OGRN, Status: EGRULActive}
		}, fails: []string{"APP-EGRUL-MANAGED"}},
	{name: "managing/egrul-names-only-the-managing-organisation", upload: managingUpload, applicant: "managing-head",
		opts: func(s *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.ManagedBy = nil, &ManagedBy{ManagingINN: s.OrgM.INN, ManagingOGRN: s.OrgM.OGRN, Status: EGRULActive}
		}, fails: []string{"APP-EGRUL-MANAGED"}},
	{name: "managing/fl-certificate", applicant: "employee", upload: func(s *fixtures.Set) Upload {
		u := managingUpload(s)
		u.Certificate = pemOf(s.EmployeeFL.Cert)
		return u
	}, fails: []string{"APP-CERT-KIND", "APP-MANAGING-CERT", "MCHD-REPRESENTATIVE-CERT", "APP-EGRUL-MANAGED"}},
}

func runCase(t *testing.T, tc checkCase) *Report {
	t.Helper()
	s := fx(t)
	opts := fxOptions(t, s)
	if tc.opts != nil {
		tc.opts(s, &opts)
	}
	var a *Applicant
	if tc.applicant != "" {
		a = fxApplicant(t, s, tc.applicant)
		if tc.edit != nil {
			tc.edit(s, a)
		}
	}
	return Check(tc.upload(s), a, opts)
}

func failedIDSet(r *Report) map[string]bool {
	m := map[string]bool{}
	for _, c := range r.Failed() {
		m[c.ID] = true
	}
	return m
}

func TestCheckAccepted(t *testing.T) {
	t.Parallel()
	for _, tc := range acceptedCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCase(t, tc)
			if !r.Accepted() {
				t.Fatalf("rejected:\n%s", r.Text())
			}
			if r.Organisation == nil || r.Organisation.INN == "" {
				t.Errorf("organisation not derived: %+v", r.Organisation)
			}
			if r.Checks.Count(check.Pass) < 30 {
				t.Errorf("only %d checks passed", r.Checks.Count(check.Pass))
			}
		})
	}
}

func TestCheckRejected(t *testing.T) {
	t.Parallel()
	for _, tc := range rejectedCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCase(t, tc)
			require.Equal(t, VerdictRejected, r.Verdict, r.Text())
			require.False(t, r.Accepted())
			var got []string
			for id := range failedIDSet(r) {
				got = append(got, id)
			}
			assert.ElementsMatch(t, tc.fails, got, "failed checks:\n%s", r.Text())
			assert.Contains(t, r.Text(), "документы не приняты")
		})
	}
}

// TestCheckWhichOrganisation pins the organisation of each variant: the
// МЧД's principal, not the certificate's organisation.
func TestCheckWhichOrganisation(t *testing.T) {
	t.Parallel()
	s := fx(t)
	for _, tc := range []struct {
		c    checkCase
		want fixtures.Organisation
	}{
		{acceptedCases[0], s.OrgA},
		{acceptedCases[2], s.OrgA},
		{acceptedCases[5], s.OrgB},
	} {
		r := runCase(t, tc.c)
		if r.Organisation == nil || r.Organisation.INN != tc.want.INN || r.Organisation.OGRN != tc.want.OGRN {
			t.Errorf("%s: organisation %+v, want %s", tc.c.name, r.Organisation, tc.want.INN)
		}
	}
	r := runCase(t, acceptedCases[1])
	if r.Organisation == nil || r.Organisation.OGRNIP != s.EntrepreneurOGRNIP || !r.Organisation.Entrepreneur() {
		t.Errorf("entrepreneur: %+v", r.Organisation)
	}
}

func TestCheckStableShape(t *testing.T) {
	t.Parallel()
	// The same variant yields the same checks (ID and scope) in the same
	// order whatever the files, and a rule is reported once per scope.
	byVariant := map[Variant][]string{}
	for _, tc := range append(append([]checkCase(nil), acceptedCases...), rejectedCases...) {
		r := runCase(t, tc)
		var keys []string
		seen := map[string]bool{}
		for _, c := range r.Checks {
			k := c.ID + "@" + c.Scope.String()
			if seen[k] {
				t.Errorf("%s: duplicate check %s", tc.name, k)
			}
			seen[k] = true
			if !c.Status.Valid() || c.Message == "" || c.Citation == "" {
				t.Errorf("%s: incomplete result %+v", tc.name, c)
			}
			// The signers' checks depend on the signature file; compare
			// the rest.
			if c.Scope.Signer == 0 {
				keys = append(keys, k)
			}
		}
		if !r.Variant.Valid() || r.Variant.NeedsMCHD() && r.MCHD == nil {
			continue // the МЧД part is shorter when the file is missing
		}
		stable := keys
		if prev, ok := byVariant[r.Variant]; ok && strings.Join(prev, ",") != strings.Join(stable, ",") {
			t.Errorf("%s: check list differs from another %s report:\n%v\n%v", tc.name, r.Variant, prev, stable)
		} else if !ok {
			byVariant[r.Variant] = stable
		}
	}
}

// TestCheckNilApplicant: without the ЕСИА account every variant is
// indeterminate (the applicant was not checked), and a caller that checks
// before login accepts that with the applicant waiver.
func TestCheckNilApplicant(t *testing.T) {
	t.Parallel()
	for _, c := range acceptedCases[:4] {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.applicant = ""
			r := runCase(t, c)
			if r.Verdict != VerdictIndeterminate || r.Accepted() {
				t.Fatalf("verdict %s:\n%s", r.Verdict, r.Text())
			}
			x, _ := r.Checks.Find("APP-ESIA-CONFIRMED")
			if x.Status != check.Indeterminate || x.Outcome != "no-account" || x.SubIndication != check.MissingInput || x.Waiver != check.WaiveApplicant {
				t.Errorf("APP-ESIA-CONFIRMED %s", x)
			}
			for _, id := range []string{"APP-APPLICANT-SNILS", "APP-PERSON-MATCH"} {
				if x, _ := r.Checks.Find(id); x.Status != check.Skip {
					t.Errorf("%s: %s, want skip", id, x.Status)
				}
			}
			text := r.Text()
			for _, want := range []string{"требуется дополнительная проверка", "Не удалось проверить (1)", "войдите в личный кабинет через ЕСИА", "applicant"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
			if _, err := r.Input(Applicant{}, Fields{}); !errors.Is(err, ErrNotAccepted) {
				t.Errorf("Input of an indeterminate report: %v", err)
			}
			c.opts = func(_ *fixtures.Set, o *CheckOptions) { o.AllowUnchecked = []check.Waiver{check.WaiveApplicant} }
			w := runCase(t, c)
			x, _ = w.Checks.Find("APP-ESIA-CONFIRMED")
			if !w.Accepted() || len(w.Waived) != 1 || w.Waived[0] != check.WaiveApplicant || x.Status != check.Warn || !x.Waived {
				t.Fatalf("waived: verdict %s, waived %v, %s\n%s", w.Verdict, w.Waived, x, w.Text())
			}
			if !strings.Contains(w.Text(), "Принято без проверки по решению проверяющей стороны: данные учётной записи ЕСИА заявителя") {
				t.Errorf("text does not list the waiver:\n%s", w.Text())
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	r := runCase(t, rejectedCases[2])
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "rejected", m["verdict"])
	assert.Equal(t, "head", m["variant"])
	org, ok := m["organisation"].(map[string]any)
	require.True(t, ok, "organisation: %v", m["organisation"])
	assert.Contains(t, org, "inn")
	assert.Contains(t, org, "ogrn")
	checks, _ := m["checks"].([]any)
	require.Len(t, checks, len(r.Checks))
	for _, c := range checks {
		c := c.(map[string]any)
		for _, k := range []string{"id", "status", "message", "citation"} {
			assert.Contains(t, c, k)
		}
		assert.Contains(t, []any{"pass", "warn", "fail", "skip"}, c["status"])
	}
}

func TestCheckToApplication(t *testing.T) {
	t.Parallel()
	s := fx(t)
	for _, tc := range acceptedCases[:6] {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCase(t, tc)
			a := fxApplicant(t, s, tc.applicant)
			in, err := r.Input(*a, Fields{RegionCode: "50", Position: "Главный врач"})
			if err != nil {
				t.Fatal(err)
			}
			in.Now = fixedClock(fixtures.At)
			app, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			x, err := app.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Unmarshal(x)
			if err != nil {
				t.Fatal(err)
			}
			if back.Organisation != *r.Organisation || back.Variant != tc.upload(s).Variant {
				t.Errorf("round trip: %+v", back.Content)
			}
			if tc.upload(s).Variant.NeedsMCHD() && (back.Documents.MCHD == nil || back.Documents.MCHD.Number == "" ||
				back.Documents.MCHD.Signer == nil) {
				t.Errorf("МЧД facts missing: %+v", back.Documents.MCHD)
			}
		})
	}
	r := runCase(t, rejectedCases[2])
	if _, err := r.Input(*fxApplicant(t, s, "employee"), Fields{}); !errors.Is(err, ErrNotAccepted) {
		t.Errorf("Input of a rejected report: %v", err)
	}
}

// TestCheckRegistryStatus: the МЧД's status in the ФНС registry decides the
// verdict: active accepts, revoked/suspended/expired/not_found reject, and
// a registry that was not given, did not answer or answered too late leaves
// it indeterminate unless the caller waives registry.
func TestCheckRegistryStatus(t *testing.T) {
	t.Parallel()
	s := fx(t)
	number := s.Representative.Spec.Number
	static := func(st mchd.RegistryStatus) mchd.StatusChecker { return mchd.StaticStatus{number: st} }
	file := func(name string) mchd.StatusChecker {
		f, err := mchd.ParseStatusFile(s.Files()[name])
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	answer := func(status string, delay time.Duration) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			fmt.Fprintf(w, `{"status": %q, "number": %q}`, status, number)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nothing listens on its address any more
	viaHTTP := func(srv string, timeout time.Duration) mchd.StatusChecker {
		return mchd.NewCachedStatus(&mchd.HTTPStatus{URL: srv + "/poa/{number}", Timeout: timeout}, mchd.CacheOptions{Timeout: timeout})
	}
	tests := []struct {
		name     string
		registry mchd.StatusChecker
		waive    bool
		verdict  Verdict
		outcome  string
	}{
		{"active", static(mchd.StatusActive), false, VerdictAccepted, ""},
		{"revoked", static(mchd.StatusRevoked), false, VerdictRejected, ""},
		{"suspended", static(mchd.StatusSuspended), false, VerdictRejected, ""},
		{"expired", static(mchd.StatusExpired), false, VerdictRejected, ""},
		{"not found", static(mchd.StatusNotFound), false, VerdictRejected, ""},
		{"revoked, waived", static(mchd.StatusRevoked), true, VerdictRejected, ""},
		{"unavailable", static(mchd.StatusUnavailable), false, VerdictIndeterminate, "unavailable"},
		{"no registry", nil, false, VerdictIndeterminate, "not-checked"},
		{"no registry, waived", nil, true, VerdictAccepted, "not-checked"},
		{"file", file("mchd/registry.json"), false, VerdictAccepted, ""},
		{"file: revoked", file("mchd/registry-revoked.json"), false, VerdictRejected, ""},
		{"file without the number", mchd.StatusFile{}, false, VerdictIndeterminate, "not-listed"},
		{"HTTP: active", viaHTTP(answer("active", 0).URL, 5*time.Second), false, VerdictAccepted, ""},
		{"HTTP: revoked", viaHTTP(answer("Отозвана", 0).URL, 5*time.Second), false, VerdictRejected, ""},
		{"HTTP: server down", viaHTTP(down.URL, 5*time.Second), false, VerdictIndeterminate, "unavailable"},
		{"HTTP: too slow", viaHTTP(answer("active", 10*time.Second).URL, 100*time.Millisecond), false, VerdictIndeterminate, "unavailable"},
		{"HTTP: garbage", viaHTTP(answer("всё хорошо", 0).URL, 5*time.Second), false, VerdictIndeterminate, "unavailable"},
		{"HTTP: server down, waived", viaHTTP(down.URL, 5*time.Second), true, VerdictAccepted, "unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := acceptedCases[2]
			c.opts = func(_ *fixtures.Set, o *CheckOptions) {
				o.Registry = tc.registry
				if tc.waive {
					o.AllowUnchecked = []check.Waiver{check.WaiveRegistry}
				}
			}
			r := runCase(t, c)
			x, _ := r.Checks.Find("MCHD-REGISTRY-STATUS")
			assert.Equal(t, tc.verdict, r.Verdict, x.String())
			assert.Equal(t, tc.outcome, x.Outcome, x.String())
			if tc.verdict == VerdictRejected {
				assert.Equal(t, check.Fail, x.Status, x.String())
			}
			if tc.waive && tc.verdict == VerdictAccepted {
				assert.True(t, x.Waived && x.Status == check.Warn, x.String())
			}
		})
	}
}

func TestCheckNoPanicOnJunk(t *testing.T) {
	t.Parallel()
	s := fx(t)
	junk := [][]byte{nil, {}, []byte("x"), []byte("<a/>"), s.Representative.Sig, s.Representative.XML, pemOf(s.Root.Cert)}
	for _, v := range append([]Variant{0, 9}, Variants...) {
		for _, c := range junk {
			for _, m := range junk {
				r := Check(Upload{Variant: v, Certificate: c, MCHD: m, MCHDSignature: m}, nil, fxOptions(t, s))
				if r.Accepted() {
					t.Errorf("variant %d accepted junk", v)
				}
			}
		}
	}
}

func TestCheckRulesDeclared(t *testing.T) {
	t.Parallel()
	for _, r := range Rules() {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// TestCheckAtDefaultsToNow: without At, the current time is the validation
// time of every part.
func TestCheckAtDefaultsToNow(t *testing.T) {
	t.Parallel()
	c := acceptedCases[2]
	c.opts = func(_ *fixtures.Set, o *CheckOptions) { o.At = time.Time{} }
	before := time.Now()
	r := runCase(t, c)
	if r.At.Before(before) || r.At.After(time.Now()) {
		t.Errorf("At = %v, want the time of the call", r.At)
	}
	if x, _ := r.Checks.Find("MCHD-IN-FORCE"); !strings.Contains(x.Detail, r.At.UTC().Format(time.RFC3339)) {
		t.Errorf("MCHD-IN-FORCE not evaluated at %v: %s", r.At, x.Detail)
	}
}

// egrulDown is an ЕГРЮЛ provider that cannot answer.
type egrulDown struct{}

func (egrulDown) Record(context.Context, EGRULQuery) (*EGRULRecord, error) {
	return nil, errors.New("connection refused")
}

// TestCheckEGRUL: the ЕГРЮЛ source as Check uses it for each variant.
func TestCheckEGRUL(t *testing.T) {
	t.Parallel()
	liquidated := func(s *fixtures.Set, o *CheckOptions) {
		f, err := ParseEGRULFile(s.Files()["egrul/liquidated.json"])
		if err != nil {
			panic(err)
		}
		o.EGRUL = f
	}
	type want struct {
		id, outcome string
		status      check.Status
	}
	tests := []struct {
		name    string
		upload  func(*fixtures.Set) Upload
		person  string
		opts    func(*fixtures.Set, *CheckOptions)
		verdict Verdict
		want    []want
	}{
		{"head", headUpload, "head", nil, VerdictAccepted,
			[]want{{"APP-EGRUL-HEAD", "", check.Pass}, {"APP-EGRUL-STATUS", "", check.Pass}}},
		{"head, no source", headUpload, "head", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = nil }, VerdictAccepted,
			[]want{{"APP-EGRUL-HEAD", "", check.Skip}, {"APP-EGRUL-STATUS", "", check.Skip}}},
		{"head, not in the source", headUpload, "head", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = EGRULFile{} },
			VerdictIndeterminate, []want{{"APP-EGRUL-HEAD", "no-record", check.Indeterminate}, {"APP-EGRUL-STATUS", "", check.Skip}}},
		{"head, not in the source, waived", headUpload, "head", func(_ *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.AllowUnchecked = EGRULFile{}, []check.Waiver{check.WaiveEGRUL}
		}, VerdictAccepted, []want{{"APP-EGRUL-HEAD", "no-record", check.Warn}}},
		{"head, source down", headUpload, "head", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = egrulDown{} },
			VerdictIndeterminate, []want{{"APP-EGRUL-HEAD", "unavailable", check.Indeterminate}}},
		{"head, liquidated", headUpload, "head", liquidated, VerdictRejected,
			[]want{{"APP-EGRUL-HEAD", "", check.Pass}, {"APP-EGRUL-STATUS", "", check.Fail}}},
		{"representative", repUpload, "employee", nil, VerdictAccepted, []want{{"APP-EGRUL-STATUS", "", check.Pass}}},
		{"representative, liquidated", repUpload, "employee", liquidated, VerdictRejected,
			[]want{{"APP-EGRUL-STATUS", "", check.Fail}}},
		{"representative, no source", repUpload, "employee", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = nil },
			VerdictAccepted, []want{{"APP-EGRUL-STATUS", "", check.Skip}}},
		{"managing", managingUpload, "managing-head", nil, VerdictAccepted,
			[]want{{"APP-EGRUL-MANAGED", "head-confirmed", check.Pass}, {"APP-EGRUL-STATUS", "", check.Pass}}},
		{"managing, no record", managingUpload, "managing-head", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = nil },
			VerdictIndeterminate, []want{{"APP-EGRUL-MANAGED", "no-record", check.Indeterminate}}},
		{"managing, no record, waived", managingUpload, "managing-head", func(_ *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.AllowUnchecked = nil, []check.Waiver{check.WaiveEGRUL}
		}, VerdictAccepted, []want{{"APP-EGRUL-MANAGED", "no-record", check.Warn}}},
		{"managing, no record, other waiver", managingUpload, "managing-head", func(_ *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.AllowUnchecked = nil, []check.Waiver{check.WaiveRevocation, check.WaiveRegistry}
		}, VerdictIndeterminate, []want{{"APP-EGRUL-MANAGED", "no-record", check.Indeterminate}}},
		{"managing, source down", managingUpload, "managing-head", func(_ *fixtures.Set, o *CheckOptions) { o.EGRUL = egrulDown{} },
			VerdictIndeterminate, []want{{"APP-EGRUL-MANAGED", "unavailable", check.Indeterminate}}},
		{"managing, short record without status", managingUpload, "managing-head", func(s *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.ManagedBy = nil, &ManagedBy{OrganisationOGRN: s.OrgB.OGRN, ManagingOGRN: s.OrgM.OGRN}
		}, VerdictIndeterminate, []want{{"APP-EGRUL-MANAGED", "", check.Pass}, {"APP-EGRUL-STATUS", "unknown", check.Indeterminate}}},
		{"managing, short record", managingUpload, "managing-head", func(s *fixtures.Set, o *CheckOptions) {
			o.EGRUL, o.ManagedBy = nil, &ManagedBy{OrganisationOGRN: s.OrgB.OGRN, ManagingOGRN: s.OrgM.OGRN, Status: EGRULActive}
		}, VerdictAccepted, []want{{"APP-EGRUL-MANAGED", "", check.Pass}, {"APP-EGRUL-STATUS", "", check.Pass}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCase(t, checkCase{upload: tt.upload, applicant: tt.person, opts: tt.opts})
			assert.Equal(t, tt.verdict, r.Verdict, r.Text())
			for _, w := range tt.want {
				got, ok := r.Checks.Find(w.id)
				if assert.True(t, ok, w.id) {
					assert.Equal(t, w.status, got.Status, got.String())
					assert.Equal(t, w.outcome, got.Outcome, got.String())
				}
			}
		})
	}
}

// TestCheckMissingFact: with complete inputs each variant is accepted;
// removing one fact from outside makes it indeterminate, waiving exactly
// that fact accepts it again, and waiving every other fact does not.
func TestCheckMissingFact(t *testing.T) {
	t.Parallel()
	// The applicant is removed from the case itself (below).
	remove := map[check.Waiver]func(o *CheckOptions){
		check.WaiveRevocation: func(o *CheckOptions) { o.Trust.CRLs = nil },
		check.WaiveRegistry:   func(o *CheckOptions) { o.Registry = nil },
		check.WaiveEGRUL:      func(o *CheckOptions) { o.EGRUL = nil },
		check.WaiveApplicant:  func(*CheckOptions) {},
	}
	variants := []struct {
		base  checkCase
		facts []check.Waiver
	}{
		{checkCase{name: "head", upload: headUpload, applicant: "head"},
			[]check.Waiver{check.WaiveRevocation, check.WaiveApplicant}},
		{checkCase{name: "representative", upload: repUpload, applicant: "employee"},
			[]check.Waiver{check.WaiveRevocation, check.WaiveRegistry, check.WaiveApplicant}},
		{checkCase{name: "managing", upload: managingUpload, applicant: "managing-head"},
			[]check.Waiver{check.WaiveRevocation, check.WaiveRegistry, check.WaiveEGRUL, check.WaiveApplicant}},
	}
	for _, v := range variants {
		t.Run(v.base.name, func(t *testing.T) {
			t.Parallel()
			if r := runCase(t, v.base); r.Verdict != VerdictAccepted {
				t.Fatalf("complete inputs: %s\n%s", r.Verdict, r.Text())
			}
			for _, fact := range v.facts {
				var others []check.Waiver
				for _, w := range check.Waivers() {
					if w != fact {
						others = append(others, w)
					}
				}
				for _, tc := range []struct {
					waive []check.Waiver
					want  Verdict
				}{{nil, VerdictIndeterminate}, {[]check.Waiver{fact}, VerdictAccepted}, {others, VerdictIndeterminate}} {
					c := v.base
					c.opts = func(_ *fixtures.Set, o *CheckOptions) {
						remove[fact](o)
						o.AllowUnchecked = tc.waive
					}
					if fact == check.WaiveApplicant {
						c.applicant = ""
					}
					r := runCase(t, c)
					if r.Verdict != tc.want {
						t.Errorf("without %s, waived %v: %s, want %s\n%s", fact, tc.waive, r.Verdict, tc.want, r.Text())
						continue
					}
					if tc.want == VerdictAccepted && !slices.Equal(r.Waived, []check.Waiver{fact}) {
						t.Errorf("without %s: waived %v", fact, r.Waived)
					}
					if tc.want == VerdictIndeterminate && !strings.Contains(r.Text(), fact.Hint()) {
						t.Errorf("without %s: the text does not say how to provide it:\n%s", fact, r.Text())
					}
				}
			}
		})
	}
}
