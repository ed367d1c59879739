package mchd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of HTTPStatus.
const (
	// DefaultMaxStatusBody bounds the body of an answer: 64 KiB.
	DefaultMaxStatusBody = 64 << 10
	// DefaultMaxRedirects is how many redirects the default client follows.
	DefaultMaxRedirects = 3
)

// HTTPStatus is a StatusChecker that asks a registry check service over
// HTTP. ФНС publishes no API for the registry of МЧД, so the service and its
// address are configured: the ФНС site itself behind a gateway of the
// caller's, an operator's service, or a proxy that speaks the format below.
// It never decides "active" by default: any failure (a network error, a
// timeout, a status other than 2xx, a body too large, not JSON, without a
// status or with one it does not know, about another number) is
// StatusUnavailable with an error wrapping ErrRegistryUnavailable, which
// CheckStatus reports as indeterminate (TRY_LATER). Put it behind a
// CachedStatus to keep answers and spare the service during an outage.
//
// The request is a GET of URL with the placeholders filled. The answer is a
// JSON object (at most MaxBody bytes, no duplicate keys):
//
//	{
//	  "status": "active",
//	  "number": "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b",
//	  "checked_at": "2026-03-01T12:00:00+03:00",
//	  "detail": "free text for logs"
//	}
//
// Only "status" is required: a RegistryStatus name in any case (active,
// ACTIVE, not_found…) or the registry's Russian words: «Активна»
// («Действует»), «Зарегистрирована», «Действие истекло» («Истекла»),
// «Отменена» («Отозвана»), «Приостановлена» («Действие приостановлено»),
// «Ожидание подтверждения», «Отказ в регистрации», «Не найдена»
// («Доверенность не найдена»), «Недоступен» — case, ё/е and surrounding
// spaces do not matter. StatusField may point the status into a nested
// object ("data.status"); the optional fields are then read next to it.
// "number", when present, must be the queried НомДовер (compared as a
// GUID, either case); "checked_at" (RFC 3339) becomes CheckedAt, otherwise
// the time of the answer.
type HTTPStatus struct {
	// URL is the address template, http or https. {number} (required) is
	// replaced by НомДовер exactly as written (the registry lookup is
	// case-sensitive), {principal_inn} and {representative_inn} by the ИНН
	// of the query (empty when unknown); each is escaped for its place, in
	// the path or in the query. Example:
	// "https://registry.example/poa/{number}/status" or
	// "https://registry.example/check?guid={number}&inn={principal_inn}".
	URL string
	// Headers are added to every request (authorisation, for example).
	// Accept defaults to application/json.
	Headers http.Header
	// Client sends the requests; nil means a client with
	// http.DefaultTransport that follows at most DefaultMaxRedirects
	// redirects and never from https to http.
	Client *http.Client
	// Timeout bounds each request, body included; 0 or negative means
	// DefaultRegistryTimeout.
	Timeout time.Duration
	// MaxBody bounds the body of an answer; 0 or negative means
	// DefaultMaxStatusBody.
	MaxBody int64
	// StatusField is the path of the status in the answer, object keys
	// separated by dots; "" means "status".
	StatusField string
	// NotFoundOn404 makes an HTTP 404 answer mean StatusNotFound, for a
	// service that answers so (the ФНС site does). Off by default: a 404
	// from a mistyped URL would otherwise fail every power of attorney.
	NotFoundOn404 bool
	// Now stamps the answers without checked_at; nil means time.Now.
	Now func() time.Time
}

// Placeholders of HTTPStatus.URL.
const (
	placeholderNumber            = "{number}"
	placeholderPrincipalINN      = "{principal_inn}"
	placeholderRepresentativeINN = "{representative_inn}"
)

var defaultRegistryClient = &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
	if len(via) > DefaultMaxRedirects {
		return fmt.Errorf("more than %d redirects", DefaultMaxRedirects)
	}
	if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return errors.New("redirect from https to " + req.URL.Scheme)
	}
	return nil
}}

// Status implements StatusChecker.
func (h *HTTPStatus) Status(ctx context.Context, q StatusQuery) (StatusReport, error) {
	rep, err := h.status(ctx, q)
	if err != nil {
		err = fmt.Errorf("%w: %w", ErrRegistryUnavailable, err)
		return StatusReport{Status: StatusUnavailable, CheckedAt: h.now(), Detail: clip(err.Error(), maxCachedDetail)}, err
	}
	return rep, nil
}

func (h *HTTPStatus) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *HTTPStatus) status(ctx context.Context, q StatusQuery) (StatusReport, error) {
	u, err := h.address(q)
	if err != nil {
		return StatusReport{}, err
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = DefaultRegistryTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return StatusReport{}, err
	}
	for k, vs := range h.Headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	client := h.Client
	if client == nil {
		client = defaultRegistryClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return StatusReport{}, err
	}
	defer resp.Body.Close()
	limit := h.MaxBody
	if limit <= 0 {
		limit = DefaultMaxStatusBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return StatusReport{}, fmt.Errorf("reading the answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound && h.NotFoundOn404:
		return StatusReport{Status: StatusNotFound, CheckedAt: h.now(), Detail: "HTTP 404"}, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return StatusReport{}, fmt.Errorf("HTTP %s", resp.Status)
	case int64(len(body)) > limit:
		return StatusReport{}, fmt.Errorf("answer longer than %d bytes", limit)
	}
	return h.parse(body, q)
}

// address fills the URL template for q.
func (h *HTTPStatus) address(q StatusQuery) (string, error) {
	if !strings.Contains(h.URL, placeholderNumber) {
		return "", errors.New("URL template has no " + placeholderNumber)
	}
	queryAt := strings.IndexByte(h.URL, '?')
	var b strings.Builder
	rest := h.URL
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		pos := len(h.URL) - len(rest) + i
		var val string
		switch {
		case strings.HasPrefix(rest[i:], placeholderNumber):
			val = q.Number
		case strings.HasPrefix(rest[i:], placeholderPrincipalINN):
			val = q.PrincipalINN
		case strings.HasPrefix(rest[i:], placeholderRepresentativeINN):
			val = q.RepresentativeINN
		default:
			return "", fmt.Errorf("URL template: unknown placeholder at %d", pos)
		}
		if queryAt >= 0 && pos > queryAt {
			b.WriteString(url.QueryEscape(val))
		} else {
			b.WriteString(url.PathEscape(val))
		}
		rest = rest[i+strings.IndexByte(rest[i:], '}')+1:]
	}
	u, err := url.Parse(b.String())
	if err != nil {
		return "", fmt.Errorf("URL template: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", errors.New("URL template: want an http or https address with a host")
	}
	return u.String(), nil
}

// parse reads the JSON answer.
func (h *HTTPStatus) parse(body []byte, q StatusQuery) (StatusReport, error) {
	if err := checkJSONObject(body); err != nil {
		return StatusReport{}, fmt.Errorf("malformed answer: %w", err)
	}
	var root map[string]any
	if err := json.Unmarshal(body, &root); err != nil {
		return StatusReport{}, fmt.Errorf("malformed answer: %w", err)
	}
	field := h.StatusField
	if field == "" {
		field = "status"
	}
	obj := root
	path := strings.Split(field, ".")
	for _, k := range path[:len(path)-1] {
		next, ok := obj[k].(map[string]any)
		if !ok {
			return StatusReport{}, fmt.Errorf("answer without object %q", k)
		}
		obj = next
	}
	name := path[len(path)-1]
	raw, ok := obj[name].(string)
	if !ok {
		return StatusReport{}, fmt.Errorf("answer without a string %q", field)
	}
	st, ok := statusFromWord(raw)
	if !ok {
		return StatusReport{}, fmt.Errorf("unknown status %.64q", raw)
	}
	if st == StatusUnavailable {
		return StatusReport{}, errors.New("the service says the registry is unavailable")
	}
	rep := StatusReport{Status: st, CheckedAt: h.now()}
	if v, present := obj["number"]; present {
		n, _ := v.(string)
		if !sameNumber(n, q.Number) {
			return StatusReport{}, fmt.Errorf("answer about number %.64q, asked %.64q", n, q.Number)
		}
	}
	if v, present := obj["checked_at"]; present {
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return StatusReport{}, fmt.Errorf("bad checked_at %.64q", s)
		}
		rep.CheckedAt = t
	}
	if d, ok := obj["detail"].(string); ok {
		rep.Detail = clip(d, maxCachedDetail)
	}
	return rep, nil
}

// sameNumber compares two numbers as GUIDs (either case), or exactly when
// they are not GUIDs.
func sameNumber(a, b string) bool {
	ga, okA := parseGUID(a)
	gb, okB := parseGUID(b)
	if okA && okB {
		return ga == gb
	}
	return a == b
}

// statusWords maps the normalised words of an answer to statuses.
var statusWords = func() map[string]RegistryStatus {
	m := map[string]RegistryStatus{}
	for _, s := range RegistryStatuses() {
		m[string(s)] = s
	}
	for w, s := range map[string]RegistryStatus{
		"активна": StatusActive, "действует": StatusActive,
		"зарегистрирована":        StatusCreated,
		"действие истекло":        StatusExpired,
		"истекла":                 StatusExpired,
		"срок действия истек":     StatusExpired,
		"отменена":                StatusRevoked,
		"отозвана":                StatusRevoked,
		"приостановлена":          StatusSuspended,
		"действие приостановлено": StatusSuspended,
		"ожидание подтверждения":  StatusProcessing,
		"отказ в регистрации":     StatusRejected,
		"не найдена":              StatusNotFound,
		"доверенность не найдена": StatusNotFound,
		"недоступен":              StatusUnavailable,
		"реестр недоступен":       StatusUnavailable,
		"notfound":                StatusNotFound,
		"not found":               StatusNotFound,
	} {
		m[w] = s
	}
	return m
}()

// statusFromWord reads a status name or Russian word: case, ё/е, spaces
// around and between words and a final full stop do not matter.
func statusFromWord(w string) (RegistryStatus, bool) {
	if len(w) > 64 {
		return "", false
	}
	w = strings.ToLower(strings.Join(strings.Fields(w), " "))
	w = strings.TrimSuffix(strings.ReplaceAll(w, "ё", "е"), ".")
	s, ok := statusWords[w]
	return s, ok
}

// checkJSONObject requires data to be one JSON object, nothing after it,
// no object with a repeated key (whose value encoding/json would silently
// take from the last one).
func checkJSONObject(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		keys     map[string]bool
		inObject bool
		wantKey  bool
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		if len(stack) == 0 && tok != json.Delim('{') {
			return errors.New("not a JSON object")
		}
		top := len(stack) - 1
		if k, isKey := tok.(string); isKey && top >= 0 && stack[top].inObject && stack[top].wantKey {
			if stack[top].keys[k] {
				return fmt.Errorf("key %.64q repeated", k)
			}
			stack[top].keys[k] = true
			stack[top].wantKey = false
			continue
		}
		if top >= 0 && stack[top].inObject {
			stack[top].wantKey = true // this token is a value (or its start)
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, inObject: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				if _, err := dec.Token(); err != io.EOF {
					return errors.New("data after the object")
				}
				return nil
			}
		}
	}
}
