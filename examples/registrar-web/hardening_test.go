package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingReader yields n bytes of a multipart body: a head, then one file
// part of 'A's; it counts what was read.
type countingReader struct {
	head []byte
	n    int64
	read atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	done := c.read.Load()
	if done >= c.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), c.n-done)
	for i := range p[:k] {
		if off := done + int64(i); off < int64(len(c.head)) {
			p[i] = c.head[off]
		} else {
			p[i] = 'A'
		}
	}
	c.read.Add(k)
	return int(k), nil
}

// goodCheck asserts that the server still answers an accepted upload.
func goodCheck(t *testing.T, h http.Handler) {
	t.Helper()
	w := postParts(t, h, "/api/v1/check", append(representative(t), fixture(t, "applicant", "applicant/employee.json"))...)
	if w.Code != 200 || decodeJSON(t, w)["verdict"] != "accepted" {
		t.Errorf("a good request beside it: %d", w.Code)
	}
}

// TestHostileRequests: a malformed multipart, a 1 GB body, 1,000 parts,
// a request over the total limit: each is rejected with its code while
// good requests beside it are answered.
func TestHostileRequests(t *testing.T) {
	t.Parallel()
	// The request limit is lowered to 2 MB so that three files under the
	// file limit exceed it; the parts limit to 3, so that a form of
	// allowed fields exceeds it (a form of 1,000 parts is stopped at its
	// first unknown one).
	s, _ := newTest(t, func(o *options) { o.Limits = limits{File: 1 << 20, Request: 2 << 20, Parts: 8, Text: 4 << 10} })
	few, _ := newTest(t, func(o *options) { o.Limits.Parts = 3 })
	const boundary = "xyz"
	ct := "multipart/form-data; boundary=" + boundary
	head := []byte("--" + boundary + "\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"c.pem\"\r\n\r\n")
	var many bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&many, "--%s\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nx\r\n", boundary, i)
	}
	many.WriteString("--" + boundary + "--\r\n")
	var big bytes.Buffer // three files of 900 KB: each under the file limit, together over the request limit
	for _, name := range []string{"certificate", "mchd", "mchd_signature"} {
		fmt.Fprintf(&big, "--%s\r\nContent-Disposition: form-data; name=%q; filename=\"f\"\r\n\r\n%s\r\n", boundary, name, strings.Repeat("A", 900<<10))
	}
	big.WriteString("--" + boundary + "--\r\n")
	for _, tc := range []struct {
		name   string
		body   func() io.Reader
		ctype  string
		status int
		code   string
	}{
		{"malformed multipart", func() io.Reader { return strings.NewReader("--xyz\r\nno headers end") }, ct, 400, "malformed_request"},
		{"no boundary", func() io.Reader { return strings.NewReader("x") }, "multipart/form-data", 400, "malformed_request"},
		{"part without name", func() io.Reader {
			return strings.NewReader("--xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--xyz--\r\n")
		}, ct, 400, "malformed_request"},
		{"1,000 parts", func() io.Reader { return bytes.NewReader(many.Bytes()) }, ct, 400, "unknown_field"},
		{"over the parts limit", nil, "", 400, "too_many_parts"},
		{"over the request limit", func() io.Reader { return bytes.NewReader(big.Bytes()) }, ct, 413, "request_too_large"},
		{"1 GB file", func() io.Reader { return &countingReader{head: head, n: 1 << 30} }, ct, 413, "file_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); goodCheck(t, s) }()
			var body io.Reader
			h, ctype := http.Handler(s), tc.ctype
			if tc.body != nil {
				body = tc.body()
			} else {
				b, c := multipartBody(t, append(representative(t), fixture(t, "applicant", "applicant/employee.json"))...)
				body, h, ctype = b, few, c
			}
			w := do(t, h, "POST", "/api/v1/check", body, ctype)
			wg.Wait()
			if w.Code != tc.status || decodeJSON(t, w)["code"] != tc.code {
				t.Fatalf("status %d, want %d %s\n%s", w.Code, tc.status, tc.code, w.Body)
			}
			if c, ok := body.(*countingReader); ok && c.read.Load() > 2*s.Limits.Request {
				t.Errorf("read %d bytes of a 1 GB body", c.read.Load())
			}
		})
	}
}

// TestLimitsOnPages: the page upload has the same limits.
func TestLimitsOnPages(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	b := newBrowser(t, s)
	csrf := b.login("employee")
	p := b.postParts("/upload", text("csrf", csrf), text("variant", "head"), part{name: "certificate", file: "c", data: bytes.Repeat([]byte("A"), 2<<20)})
	if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "file_too_large") || !strings.Contains(p.body, "не больше 1 МБ") {
		t.Fatalf("big file: %d\n%s", p.status, p.body)
	}
}

// TestSlowClient: a client that sends its headers or its body too slowly
// is disconnected by the server's timeouts, while other clients are
// served.
func TestSlowClient(t *testing.T) {
	t.Parallel()
	s, _ := newTest(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := httpServer(ln.Addr().String(), s, log.New(io.Discard, "", 0))
	hs.ReadHeaderTimeout, hs.ReadTimeout = 300*time.Millisecond, 600*time.Millisecond
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	base := "http://" + ln.Addr().String()

	for _, tc := range []struct {
		name, send string
	}{
		{"slow headers", "POST /api/v1/check HTTP/1.1\r\nHost: x\r\n"},
		{"slow body", "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 100000\r\n\r\n--xyz\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			io.WriteString(c, tc.send)
			// Meanwhile another client is served.
			resp, err := http.Get(base + "/api/v1/openapi.json")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("another client: %v %v", resp, err)
			}
			resp.Body.Close()
			// The slow one is answered with an error or cut off, well
			// before it could finish.
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			r := bufio.NewReader(c)
			line, err := r.ReadString('\n')
			if err == nil && !strings.Contains(line, " 4") {
				t.Fatalf("slow client answered %q", line)
			}
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("the server kept the slow connection open")
			}
			io.Copy(io.Discard, r) // and the connection is closed
		})
	}
}

// TestUploadsNotLogged: the log has the method, path and status of each
// request, never the uploaded data.
func TestUploadsNotLogged(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	s, d := newTest(t, func(o *options) { o.Log = log.New(&buf, "", 0) })
	goodCheck(t, s)
	out := buf.String()
	if !strings.Contains(out, "POST /api/v1/check 200") {
		t.Fatalf("log %q", out)
	}
	e := d.set.Applicants["employee"]
	for _, secret := range []string{e.SNILS, e.Surname, "BEGIN CERTIFICATE", "Довер", e.Email} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
