package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoadCheck sends 50 concurrent POST /api/v1/check with the fixture
// uploads of the three variants through a real HTTP server and checks
// every answer; it reports the peak heap seen while they ran (no timing
// assertions).
func TestLoadCheck(t *testing.T) {
	s, _ := newTest(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	type upload struct {
		body []byte
		ct   string
	}
	var uploads []upload
	for _, parts := range [][]part{
		append(representative(t), fixture(t, "applicant", "applicant/employee.json")),
		{text("variant", "head"), fixture(t, "certificate", "certs/head-ul.pem"), fixture(t, "applicant", "applicant/head.json")},
		{text("variant", "managing"), fixture(t, "certificate", "certs/managing-head-ul.pem"), fixture(t, "mchd", "mchd/managing.xml"),
			fixture(t, "mchd_signature", "mchd/managing.xml.sig"), fixture(t, "applicant", "applicant/managing-head.json")},
	} {
		b, ct := multipartBody(t, parts...)
		uploads = append(uploads, upload{b.Bytes(), ct})
	}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()

	const n = 50
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan string, n)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := uploads[i%len(uploads)]
			resp, err := client.Post(ts.URL+"/api/v1/check", u.ct, bytes.NewReader(u.body))
			if err != nil {
				errs <- err.Error()
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			var rep struct {
				Verdict string `json:"verdict"`
				Checks  []any  `json:"checks"`
			}
			if resp.StatusCode != 200 || json.Unmarshal(body, &rep) != nil || rep.Verdict != "accepted" || len(rep.Checks) == 0 {
				errs <- resp.Status + " " + string(body[:min(len(body), 200)])
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-sampled
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	t.Logf("%d concurrent checks in %s; heap before %.1f MB, peak %.1f MB", n, elapsed.Round(time.Millisecond),
		float64(before.HeapAlloc)/(1<<20), float64(peak.Load())/(1<<20))
}
