package mchd_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/egisz-lk/registrar/mchd"
	"github.com/egisz-lk/registrar/mchd/mchdtest"
)

func ExampleParseStatusFile() {
	// An offline copy of the registry: number → status. Numbers are GUIDs
	// compared whatever their case; a number not listed is unknown (the copy
	// may be partial), "not_found" rejects.
	registry, err := mchd.ParseStatusFile([]byte(`{
	  "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active",
	  "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D": "suspended"
	}`))
	if err != nil {
		panic(err)
	}
	for _, n := range []string{
		"6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B",
		"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
		"11111111-2222-4333-8444-555555555555",
	} {
		rep, err := registry.Status(context.Background(), mchd.StatusQuery{Number: n})
		if errors.Is(err, mchd.ErrNotListed) {
			fmt.Println(n, "not listed")
			continue
		}
		fmt.Println(n, rep.Status, "—", rep.Status.Russian())
	}

	// Strict validation names the entry at fault.
	_, err = mchd.ParseStatusFile([]byte(`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "valid"}`))
	var fe *mchd.StatusFileError
	if errors.As(err, &fe) {
		fmt.Println(fe.Entry, errors.Is(err, mchd.ErrStatusFileEntry))
	}
	// Output:
	// 6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B active — активна
	// 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d suspended — действие приостановлено
	// 11111111-2222-4333-8444-555555555555 not listed
	// 6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b true
}

func ExampleCheckStatus() {
	spec := mchdtest.Synthetic(rand.New(rand.NewPCG(3, 4)), mchd.ShapeHead, mchd.MustDate("2025-01-01"), mchd.MustDate("2026-01-01"))
	xml, _ := mchdtest.Build(spec)
	doc, _ := mchd.Parse(xml, mchd.ParseOptions{})
	registry, _ := mchd.ParseStatusFile([]byte(`{"` + doc.Number() + `": "revoked"}`))

	r := mchd.CheckStatus(context.Background(), registry, doc)
	fmt.Println(r.Status, "—", r.Message)
	// Without a checker the status is not checked: undecided, never passed.
	r = mchd.CheckStatus(context.Background(), nil, doc)
	fmt.Println(r.Status, r.SubIndication, r.Outcome, r.Waiver)
	// Output:
	// fail — Статус доверенности в реестре ФНС: отменена
	// indeterminate MISSING_INPUT not-checked registry
}

func ExampleNewCachedStatus() {
	// Any StatusChecker can be cached: here an offline status file; in
	// production an HTTPStatus in front of the registry service.
	registry, _ := mchd.ParseStatusFile([]byte(`{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b": "active"}`))
	cache := mchd.NewCachedStatus(registry, mchd.CacheOptions{
		TTL:         10 * time.Minute, // a revocation is seen at most 10 minutes late
		NotFoundTTL: time.Minute,      // a new МЧД is found at most a minute late
		Timeout:     5 * time.Second,  // per question to the registry
		MaxEntries:  1000,
	})
	q := mchd.StatusQuery{Number: "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b"}
	for range 3 {
		rep, err := cache.Status(context.Background(), q)
		fmt.Println(rep.Status, rep.Cached, err)
	}
	s := cache.Stats()
	fmt.Printf("hits %d, questions %d, kept %d\n", s.Hits, s.Misses, s.Entries)
	// Output:
	// active false <nil>
	// active true <nil>
	// active true <nil>
	// hits 2, questions 1, kept 1
}

func ExampleHTTPStatus() {
	// A stand-in for the check service (a local test server): it answers
	// {"status": …} for the number in its query.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("guid") {
		case "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b":
			fmt.Fprint(w, `{"status": "Активна", "checked_at": "2026-03-01T12:00:00+03:00"}`)
		case "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d":
			fmt.Fprint(w, `{"status": "revoked"}`)
		default:
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	registry := &mchd.HTTPStatus{
		URL:     srv.URL + "/check?guid={number}",
		Headers: http.Header{"Authorization": {"Bearer <token>"}},
		Timeout: 5 * time.Second,
	}
	for _, n := range []string{"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "11111111-2222-4333-8444-555555555555"} {
		rep, err := registry.Status(context.Background(), mchd.StatusQuery{Number: n})
		fmt.Println(rep.Status, errors.Is(err, mchd.ErrRegistryUnavailable))
	}
	// Output:
	// active false
	// revoked false
	// unavailable true
}
