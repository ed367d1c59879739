package application

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egisz-lk/registrar/certificate"
	"github.com/egisz-lk/registrar/certificate/trust"
	"github.com/egisz-lk/registrar/signature"
)

// Checker checks uploads and signed applications for a long-lived service:
// it is built once from the configuration shared by every upload (the
// trust — anchors, CA certificates or a trusted list, CRLs and OCSP
// responses —, the ФНС registry, ЕГРЮЛ, the МЧД schema, the certificate
// options, the required power and the waivers) and prepares it once: every
// CRL's signature is verified with its CA's key and the CRLs are indexed,
// every link between CA certificates is verified (certificate.Trust.Prepare).
// Each Check then does only what belongs to the upload: the uploaded
// certificate, the МЧД, its signature and the signer's certificate.
//
// A Checker is safe for concurrent use by many goroutines. Update replaces
// the configuration and Refresh the CRLs atomically while checks run: a
// check uses the configuration that was current when it started, never a
// half-built one.
type Checker struct {
	state atomic.Pointer[checkerState]
	// mu serialises Update and Refresh (checks never wait for it).
	mu sync.Mutex
}

// checkerState is one prepared configuration.
type checkerState struct {
	opts     CheckOptions // Trust prepared; Context unused
	stats    certificate.PrepareStats
	prepared time.Time
}

// NewChecker prepares opts (see Checker) and returns a Checker using it.
// opts.Context is ignored (each call takes its own); a zero opts.At means
// that each check validates at the current time.
func NewChecker(opts CheckOptions) *Checker {
	c := &Checker{}
	c.state.Store(newCheckerState(opts))
	return c
}

func newCheckerState(opts CheckOptions) *checkerState {
	opts.Context = nil
	st := &checkerState{prepared: time.Now()}
	opts.Trust, st.stats = opts.Trust.Prepare()
	st.opts = opts
	return st
}

// Update prepares opts and makes it the configuration of later checks; the
// checks already running finish with the previous one. It returns what the
// preparation verified.
func (c *Checker) Update(opts CheckOptions) certificate.PrepareStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := newCheckerState(opts)
	c.state.Store(st)
	return st.stats
}

// Options returns the current configuration (its Trust is prepared).
func (c *Checker) Options() CheckOptions { return c.state.Load().opts }

// Stats returns what the preparation of the current configuration
// verified, and when it was prepared.
func (c *Checker) Stats() (certificate.PrepareStats, time.Time) {
	st := c.state.Load()
	return st.stats, st.prepared
}

// Check is Check with the Checker's configuration; ctx bounds the registry,
// ЕГРЮЛ and CRL fetching (nil means context.Background()).
func (c *Checker) Check(ctx context.Context, u Upload, a *Applicant) *Report {
	opts := c.state.Load().opts
	opts.Context = ctx
	return Check(u, a, opts)
}

// AttachOptions returns the options of AttachSignature and VerifyReceived
// for the current configuration: the chain validated against the prepared
// trust, the validation time and the waivers.
func (c *Checker) AttachOptions() AttachOptions {
	opts := c.state.Load().opts
	return AttachOptions{ValidateCertificate: signature.ChainValidator(opts.Trust), At: opts.At,
		AllowUnchecked: opts.AllowUnchecked}
}

// SignatureOptions returns the options of signature verification (a
// detached or attached CMS, as the CLI verify command does it) for the
// current configuration.
func (c *Checker) SignatureOptions() signature.VerifyOptions {
	opts := c.state.Load().opts
	return signature.VerifyOptions{ValidateCertificate: signature.ChainValidator(opts.Trust), At: opts.At,
		AllowUnchecked: opts.AllowUnchecked}
}

// VerifyReceived is VerifyReceived with AttachOptions.
func (c *Checker) VerifyReceived(in Received) *ReceivedResult {
	return VerifyReceived(in, c.AttachOptions())
}

// ErrNoFetcher is returned by Refresh when the configuration's Trust has no
// Fetcher.
var ErrNoFetcher = errors.New("application: the trust has no CRL fetcher")

// Refresh downloads the CRLs of the configuration's CAs with its
// Trust.Fetcher (trust.RefreshCRLs: the addresses the trusted list gives,
// the distribution points of the CA certificates), prepares the result and
// makes it current. A CRL that cannot be downloaded or read keeps its last
// good version, and nothing changes when no download succeeds; the error
// then says why. The report lists what was fetched and what failed.
func (c *Checker) Refresh(ctx context.Context) (trust.RefreshReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	opts := c.state.Load().opts
	if opts.Trust.Fetcher == nil {
		return trust.RefreshReport{}, ErrNoFetcher
	}
	t, rep, err := trust.RefreshCRLs(ctx, opts.Trust, opts.Trust.Fetcher)
	if err != nil {
		return rep, err
	}
	opts.Trust = t
	c.state.Store(newCheckerState(opts))
	return rep, nil
}

// Refresh intervals.
const (
	// MinRefreshInterval is the shortest wait NextRefresh gives (a CRL
	// already past its nextUpdate, a failed refresh).
	MinRefreshInterval = time.Minute
	// MaxRefreshInterval is the longest.
	MaxRefreshInterval = 24 * time.Hour
)

// NextRefresh returns when to call Refresh next: before the earliest
// nextUpdate of the current CRLs, by a random 5–15 % of the time left (so
// that many services do not download at the same moment), within
// MinRefreshInterval and MaxRefreshInterval of now.
func (c *Checker) NextRefresh(now time.Time) time.Time {
	var earliest time.Time
	for _, crl := range c.state.Load().opts.Trust.CRLs {
		if crl != nil && !crl.NextUpdate.IsZero() && (earliest.IsZero() || crl.NextUpdate.Before(earliest)) {
			earliest = crl.NextUpdate
		}
	}
	wait := MaxRefreshInterval
	if !earliest.IsZero() {
		left := earliest.Sub(now)
		wait = left - time.Duration(float64(left)*(0.05+0.10*rand.Float64()))
	}
	return now.Add(min(max(wait, MinRefreshInterval), MaxRefreshInterval))
}
