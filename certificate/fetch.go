package certificate

import "context"

// Fetcher downloads CRLs for Verify. Verify uses it only when
// Trust.Fetcher is set; the package never touches the network otherwise.
// Package certificate/trust has an HTTP implementation with a cache.
type Fetcher interface {
	// FetchCRL returns the CRL published at url, parsed (ParseCRL).
	FetchCRL(ctx context.Context, url string) (*CRL, error)
}
