package application_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/internal/fixtures"
)

// A service builds one Checker from its configuration — here the synthetic
// trust, registry and ЕГРЮЛ of the fixtures — and checks uploads from many
// goroutines; the CRLs and CA links were verified once, when it was built.
func ExampleChecker() {
	s, opts := exampleSetup()
	egrul, err := application.ParseEGRULFile(s.Files()["egrul/records.json"])
	if err != nil {
		panic(err)
	}
	opts.EGRUL = egrul
	checker := application.NewChecker(opts)
	stats, _ := checker.Stats()
	fmt.Printf("CRLs verified once: %d\n", stats.CRLs)

	uploads := []application.Upload{
		{Variant: application.VariantHead, Certificate: s.HeadUL.Cert.Raw},
		{Variant: application.VariantRepresentative, Certificate: s.EmployeeFL.Cert.Raw,
			MCHD: s.Representative.XML, MCHDSignature: s.Representative.Sig},
		{Variant: application.VariantManaging, Certificate: s.ManagingHeadUL.Cert.Raw,
			MCHD: s.Managing.XML, MCHDSignature: s.Managing.Sig},
	}
	people := []fixtures.Person{s.Head, s.Employee, s.ManagingHead}
	verdicts := make([]application.Verdict, len(uploads))
	var wg sync.WaitGroup
	for i := range uploads {
		wg.Go(func() {
			verdicts[i] = checker.Check(context.Background(), uploads[i], applicantOf(people[i])).Verdict
		})
	}
	wg.Wait()
	for i, v := range verdicts {
		fmt.Println(uploads[i].Variant, v)
	}
	// Output:
	// CRLs verified once: 3
	// head accepted
	// representative accepted
	// managing accepted
}

// rewriteHost sends every request to one local server (the example's
// stand-in for the CAs' CRL distribution points).
type rewriteHost struct{ to string }

func (r rewriteHost) RoundTrip(req *http.Request) (*http.Response, error) {
	u := *req.URL
	u.Scheme, u.Host = "http", r.to
	out := req.Clone(req.Context())
	out.URL = &u
	return http.DefaultTransport.RoundTrip(out)
}

// refreshLoop refreshes the Checker's CRLs until ctx is done, each time
// when NextRefresh says; a failed round keeps the last good state and is
// retried at the next time.
func refreshLoop(ctx context.Context, c *application.Checker) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(c.NextRefresh(time.Now()))):
		}
		if _, err := c.Refresh(ctx); err != nil {
			log.Printf("CRL refresh: %v", err)
		}
	}
}

// A background refresher: the trust's fetcher (trust.HTTPFetcher) downloads
// the CRLs from the addresses the trusted list gives, Refresh swaps the new
// state in atomically (keeping the last good CRL of a CA whose download
// fails), and NextRefresh says when to come back — before the earliest
// nextUpdate, with jitter.
func ExampleChecker_Refresh() {
	s, opts := exampleSetup()
	files := s.Files()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files["pki/"+path.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	opts.Trust.Fetcher = &trust.HTTPFetcher{Client: &http.Client{Transport: rewriteHost{host}}}
	checker := application.NewChecker(opts)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go refreshLoop(ctx, checker) // what a service runs in the background

	// One round by hand, to show what it does:
	rep, err := checker.Refresh(context.Background())
	fmt.Printf("addresses %d, fetched %d, failed %d, error %v\n", rep.Addresses, len(rep.Fetched), len(rep.Failed), err)
	fmt.Println("next refresh before nextUpdate:", checker.NextRefresh(fixtures.At).Before(fixtures.CRLNextUpdate))
	// Output:
	// addresses 3, fetched 3, failed 0, error <nil>
	// next refresh before nextUpdate: true
}
