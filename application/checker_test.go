package application

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"path"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/certtest"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/check"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

// checkerCases are uploads with the verdict every configuration of the
// concurrency test must give them.
func checkerCases(t testing.TB, s *fixtures.Set) []struct {
	u    Upload
	a    *Applicant
	want Verdict
} {
	t.Helper()
	revoked := repUpload(s)
	revoked.Certificate = pemOf(s.RevokedFL.Cert)
	tampered := repUpload(s)
	tampered.MCHD = s.TamperedXML
	return []struct {
		u    Upload
		a    *Applicant
		want Verdict
	}{
		{headUpload(s), fxApplicant(t, s, "head"), VerdictAccepted},
		{repUpload(s), fxApplicant(t, s, "employee"), VerdictAccepted},
		{managingUpload(s), fxApplicant(t, s, "managing-head"), VerdictAccepted},
		{revoked, fxApplicant(t, s, "employee"), VerdictRejected},
		{tampered, fxApplicant(t, s, "employee"), VerdictRejected},
		{repUpload(s), nil, VerdictIndeterminate},
	}
}

// TestCheckerConcurrent: 64 goroutines check uploads while the
// configuration is replaced 100 times (each time prepared anew, with the
// CRLs in another order); every verdict stays right. Run it with -race.
func TestCheckerConcurrent(t *testing.T) {
	t.Parallel()
	s := fx(t)
	base := fxOptions(t, s)
	cases := checkerCases(t, s)
	chk := NewChecker(base)
	var stop atomic.Bool
	var checks atomic.Int64
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := g; ; i++ {
				if stop.Load() && i >= g+len(cases) {
					return
				}
				c := cases[i%len(cases)]
				if r := chk.Check(context.Background(), c.u, c.a); r.Verdict != c.want {
					t.Errorf("case %d: %s, want %s\n%s", i%len(cases), r.Verdict, c.want, r.Text())
					return
				}
				checks.Add(1)
			}
		})
	}
	for i := range 100 {
		opts := base
		opts.Trust.CRLs = append([]*certificate.CRL(nil), base.Trust.CRLs...)
		k := i % len(opts.Trust.CRLs)
		opts.Trust.CRLs[0], opts.Trust.CRLs[k] = opts.Trust.CRLs[k], opts.Trust.CRLs[0]
		if st := chk.Update(opts); st.CRLs != 3 || st.BadCRLs != 0 {
			t.Fatalf("update %d: %+v", i, st)
		}
		time.Sleep(time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if checks.Load() < 64*int64(len(cases)) {
		t.Errorf("only %d checks", checks.Load())
	}
}

// TestCheckerSameVerdicts: the Checker gives the verdicts of Check, check
// by check.
func TestCheckerSameVerdicts(t *testing.T) {
	t.Parallel()
	s := fx(t)
	opts := fxOptions(t, s)
	chk := NewChecker(opts)
	if st, _ := chk.Stats(); st.CRLs != 3 || st.Links == 0 {
		t.Errorf("stats %+v", st)
	}
	if !chk.Options().Trust.Prepared() {
		t.Error("the configuration is not prepared")
	}
	for i, c := range checkerCases(t, s) {
		want := Check(c.u, c.a, opts)
		got := chk.Check(context.Background(), c.u, c.a)
		if got.Verdict != want.Verdict || len(got.Checks) != len(want.Checks) {
			t.Fatalf("case %d: %s, Check gives %s", i, got.Verdict, want.Verdict)
		}
		for j := range want.Checks {
			if fmt.Sprint(got.Checks[j]) != fmt.Sprint(want.Checks[j]) {
				t.Errorf("case %d: %v\nCheck gives %v", i, got.Checks[j], want.Checks[j])
			}
		}
	}
}

// crlFetcher serves CRLs by the last element of the URL; fail lists the
// names that fail.
type crlFetcher struct {
	crls  map[string]*certificate.CRL
	fail  map[string]bool
	calls atomic.Int64
}

func (f *crlFetcher) FetchCRL(_ context.Context, url string) (*certificate.CRL, error) {
	f.calls.Add(1)
	name := path.Base(url)
	if f.fail[name] {
		return nil, errors.New("503 Service Unavailable")
	}
	if c, ok := f.crls[name]; ok {
		return c, nil
	}
	return nil, errors.New("404 Not Found")
}

// TestCheckerRefresh: Refresh downloads the CAs' CRLs with the trust's
// fetcher; a newer CRL that revokes the employee's certificate rejects the
// next check; a failed download keeps the last good CRL; a CRL no CA of the
// trust signed is not used; nothing changes when every download fails.
func TestCheckerRefresh(t *testing.T) {
	t.Parallel()
	s := fx(t)
	opts := fxOptions(t, s)
	rnd := mrand.NewChaCha8([32]byte{15})
	newer := func(ca fixtures.Credential, n int64, revoked ...certificate.RevokedEntry) *certificate.CRL {
		c, err := certtest.CreateCRL(&certtest.CRLTemplate{Number: big.NewInt(n), ThisUpdate: fixtures.At.Add(-time.Hour),
			NextUpdate: fixtures.At.Add(48 * time.Hour), Revoked: revoked}, ca.Cert, ca.Key, rnd)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	revokeEmployee := certificate.RevokedEntry{SerialNumber: s.EmployeeFL.Cert.SerialNumber,
		RevocationTime: fixtures.At.Add(-2 * time.Hour), Reason: certificate.ReasonKeyCompromise, HasReason: true}
	commercial := newer(s.CACommercial, 113, revokeEmployee)
	// The root's address serves a newer list of the ФНС CA: it is taken
	// for that CA, whose own address fails.
	fnsViaRootURL := newer(s.CAFNS, 900)
	f := &crlFetcher{crls: map[string]*certificate.CRL{"ca-commercial.crl": commercial, "root.crl": fnsViaRootURL},
		fail: map[string]bool{"ca-fns.crl": true}}

	chk := NewChecker(opts)
	if _, err := chk.Refresh(context.Background()); !errors.Is(err, ErrNoFetcher) {
		t.Fatalf("without a fetcher: %v", err)
	}
	opts.Trust.Fetcher = f
	chk.Update(opts)
	rep := repUpload(s)
	employee := fxApplicant(t, s, "employee")
	if r := chk.Check(context.Background(), rep, employee); r.Verdict != VerdictAccepted {
		t.Fatalf("before: %s\n%s", r.Verdict, r.Text())
	}
	res, err := chk.Refresh(context.Background())
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	// Replaced: the commercial and the ФНС CA's lists; kept: the root's.
	if res.Addresses != 3 || len(res.Fetched) != 2 || len(res.Failed) != 1 || res.Replaced != 2 || res.Kept != 1 {
		t.Errorf("report %+v", res)
	}
	r := chk.Check(context.Background(), rep, employee)
	if x, _ := r.Checks.Find("CHAIN-REVOCATION"); r.Verdict != VerdictRejected || x.Status != check.Fail {
		t.Errorf("after the refresh: %s, %v", r.Verdict, x)
	}
	if got := chk.Options().Trust.CRLs; len(got) != 3 || !containsCRL(got, commercial) || !containsCRL(got, s.RootCRL) {
		t.Errorf("CRLs after the refresh: %d", len(got))
	}
	// Every download fails: the state stays.
	f.fail = map[string]bool{"ca-fns.crl": true, "root.crl": true, "ca-commercial.crl": true}
	if _, err := chk.Refresh(context.Background()); !errors.Is(err, trust.ErrRefreshFailed) {
		t.Errorf("all failing: %v", err)
	}
	if !containsCRL(chk.Options().Trust.CRLs, commercial) {
		t.Error("the last good CRL was dropped")
	}
	// A CRL whose signature no CA of the trust verifies is never used.
	raw := append([]byte(nil), newer(s.CACommercial, 999).Raw...)
	raw[len(raw)-1] ^= 1
	fake, err := certificate.ParseCRL(raw)
	if err != nil {
		t.Fatal(err)
	}
	f.crls["ca-commercial.crl"], f.fail = fake, map[string]bool{"ca-fns.crl": true, "root.crl": true}
	if res, err := chk.Refresh(context.Background()); !errors.Is(err, trust.ErrRefreshFailed) || len(res.Failed) != 3 {
		t.Errorf("forged CRL: %v %+v", err, res)
	}
	if containsCRL(chk.Options().Trust.CRLs, fake) {
		t.Error("a forged CRL was taken")
	}
}

func containsCRL(list []*certificate.CRL, c *certificate.CRL) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// TestCheckerNextRefresh: before the earliest nextUpdate by 5–15 % of the
// time left (20 h: 1–3 h before), within the bounds.
func TestCheckerNextRefresh(t *testing.T) {
	t.Parallel()
	s := fx(t)
	chk := NewChecker(fxOptions(t, s))
	now := fixtures.CRLNextUpdate.Add(-20 * time.Hour)
	for range 50 {
		next := chk.NextRefresh(now)
		if left := fixtures.CRLNextUpdate.Sub(next); left < time.Hour || left > 3*time.Hour+time.Second {
			t.Fatalf("next refresh %v, %v before nextUpdate", next, left)
		}
	}
	if next := chk.NextRefresh(fixtures.CRLNextUpdate.Add(time.Hour)); next.Sub(fixtures.CRLNextUpdate.Add(time.Hour)) != MinRefreshInterval {
		t.Errorf("stale CRLs: %v", next)
	}
	if next := chk.NextRefresh(fixtures.CRLNextUpdate.Add(-1000 * time.Hour)); next.Sub(fixtures.CRLNextUpdate.Add(-1000*time.Hour)) != MaxRefreshInterval {
		t.Errorf("far away: %v", next)
	}
}
