package trust

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/egisz-lk/registrar/certificate"
)

// ErrFetch: a CRL download failed (status, size, timeout, not a CRL).
var ErrFetch = errors.New("trust: CRL download failed")

// HTTPFetcher is a certificate.Fetcher over HTTP(S) with a timeout, a size limit and an
// in-memory cache keyed by URL: a cached CRL is reused until its nextUpdate
// (or for MinTTL when it has none or is already stale). It is safe for
// concurrent use; the zero value is usable.
type HTTPFetcher struct {
	// Client is the HTTP client; nil means a client with Timeout.
	Client *http.Client
	// Timeout bounds one download; 0 means 30 s.
	Timeout time.Duration
	// MaxSize bounds one CRL; 0 means certificate.MaxCRLSize.
	MaxSize int64
	// MinTTL is how long a CRL without a usable nextUpdate stays cached;
	// 0 means 5 minutes.
	MinTTL time.Duration
	// Now returns the current time for cache expiry; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]cachedCRL
}

type cachedCRL struct {
	crl     *certificate.CRL
	expires time.Time
}

func (f *HTTPFetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// FetchCRL downloads and parses the CRL at url, or returns the cached one.
func (f *HTTPFetcher) FetchCRL(ctx context.Context, url string) (*certificate.CRL, error) {
	c, err := f.get(ctx, url)
	if err != nil {
		return nil, err
	}
	return c.crl, nil
}

// Len returns the number of cached CRLs (for tests and metrics).
func (f *HTTPFetcher) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.cache)
}

func (f *HTTPFetcher) get(ctx context.Context, url string) (cachedCRL, error) {
	now := f.now()
	f.mu.Lock()
	if c, ok := f.cache[url]; ok && now.Before(c.expires) {
		f.mu.Unlock()
		return c, nil
	}
	f.mu.Unlock()

	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return cachedCRL{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		return cachedCRL{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return cachedCRL{}, fmt.Errorf("%w: %s: HTTP %d", ErrFetch, url, resp.StatusCode)
	}
	limit := f.MaxSize
	if limit <= 0 || limit > certificate.MaxCRLSize {
		limit = certificate.MaxCRLSize
	}
	if resp.ContentLength > limit {
		return cachedCRL{}, fmt.Errorf("%w: %s: %d bytes, limit %d", ErrFetch, url, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return cachedCRL{}, fmt.Errorf("%w: %s: %w", ErrFetch, url, err)
	}
	if int64(len(data)) > limit {
		return cachedCRL{}, fmt.Errorf("%w: %s: more than %d bytes", ErrFetch, url, limit)
	}
	crl, err := certificate.ParseCRL(data)
	if err != nil {
		return cachedCRL{}, fmt.Errorf("%w: %s: %w", ErrFetch, url, err)
	}
	ttl := f.MinTTL
	if ttl <= 0 {
		ttl = 5 * time.Minute
	}
	expires := now.Add(ttl)
	if !crl.NextUpdate.IsZero() && crl.NextUpdate.After(expires) {
		expires = crl.NextUpdate
	}
	c := cachedCRL{crl: crl, expires: expires}
	f.mu.Lock()
	if f.cache == nil {
		f.cache = make(map[string]cachedCRL)
	}
	f.cache[url] = c
	f.mu.Unlock()
	return c, nil
}
