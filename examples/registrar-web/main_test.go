package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixturesDir is the committed copy of the fixture set.
var fixturesDir = filepath.Join("..", "..", "testdata", "fixtures")

func fx(rel string) string { return filepath.Join(fixturesDir, filepath.FromSlash(rel)) }

// TestRun starts the program as a user does (--demo, and the trust flags
// of the CLI on the committed fixtures), asks it for a page and the
// OpenAPI document and stops it.
func TestRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"demo", []string{"--demo", "--db", memoryDB}},
		{"trust flags", []string{"--trust", fx("pki/trusted-list.xml"), "--tsl-head-ogrn", "1373668222168", "--tsl-signer", fx("pki/trusted-list-signer.pem"),
			"--crl", fx("pki/root.crl"), "--crl", fx("pki/ca-fns.crl"), "--crl", fx("pki/ca-commercial.crl"),
			"--registry-file", fx("mchd/registry.json"), "--egrul-file", fx("egrul/records.json"),
			"--head-issuer", "5508956438403:1547745672", "--at", "2026-11-23T12:00:00+03:00", "--db", filepath.Join(t.TempDir(), "r.db")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			ready := make(chan string, 1)
			done := make(chan int, 1)
			var stdout, stderr bytes.Buffer
			go func() { done <- run(ctx, append(tc.args, "--addr", "127.0.0.1:0", "--quiet"), &stdout, &stderr, ready) }()
			var base string
			select {
			case base = <-ready:
			case code := <-done:
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			for _, path := range []string{"", "api/v1/openapi.json"} {
				resp, err := http.Get(base + path)
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("GET /%s: %v %v", path, resp, err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			// The API checks on the configuration of the flags.
			b, ct := multipartBody(t, append(representative(t), fixture(t, "applicant", "applicant/employee.json"))...)
			resp, err := http.Post(base+"api/v1/check", ct, b)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), `"verdict": "accepted"`) {
				t.Errorf("check: %s", body)
			}
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("exit %d\n%s", code, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("did not stop")
			}
			if !strings.Contains(stdout.String(), base) {
				t.Errorf("the URL is not printed: %q", stdout.String())
			}
		})
	}
}

// TestRunUsage: bad flags exit 2 with a message.
func TestRunUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--nope"}, "nope"},
		{"plug-in URL", []string{"--plugin-url", "javascript:alert(1)"}, "--plugin-url"},
		{"at", []string{"--at", "yesterday"}, "--at"},
		{"missing trust file", []string{"--trust", fx("none.pem")}, "--trust"},
		{"both registries", []string{"--registry-file", fx("mchd/registry.json"), "--registry-url", "https://r/{number}"}, "not both"},
		{"arguments", []string{"serve"}, "unexpected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tc.args, &stdout, &stderr, nil); code != 2 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
		})
	}
}

// TestRunPersists: an application created through the API is there after
// the server is stopped and started again on the same --db file, and a
// deleted draft is gone for good.
func TestRunPersists(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "apps.db")
	start := func() (base string, stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan int, 1)
		var stdout, stderr bytes.Buffer
		go func() {
			done <- run(ctx, []string{"--demo", "--db", db, "--addr", "127.0.0.1:0", "--quiet"}, &stdout, &stderr, ready)
		}()
		select {
		case base = <-ready:
		case code := <-done:
			t.Fatalf("exit %d\n%s", code, stderr.String())
		}
		return base, func() {
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
		}
	}
	get := func(base, id string) int {
		resp, err := http.Get(base + "api/v1/applications/" + id)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	base, stop := start()
	ids := make([]string, 2)
	for i := range ids {
		b, ct := multipartBody(t, append(representative(t), fixture(t, "applicant", "applicant/employee.json"),
			text("region", "77"), text("position", "Медицинский регистратор"))...)
		resp, err := http.Post(base+"api/v1/applications", ct, b)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %v %v", resp.StatusCode, m, err)
		}
		resp.Body.Close()
		ids[i] = m["id"].(string)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"api/v1/applications/"+ids[1], nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()
	stop()

	base, stop = start()
	defer stop()
	if code := get(base, ids[0]); code != http.StatusOK {
		t.Errorf("after a restart GET of the kept application: %d", code)
	}
	if code := get(base, ids[1]); code != http.StatusNotFound {
		t.Errorf("after a restart GET of the deleted draft: %d", code)
	}
}
