package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/egisz-lk/registrar/application"
)

// Account is a person signed in through ЕСИА.
type Account struct {
	// ID is the ЕСИА user ID (oid): the owner of the person's
	// applications.
	ID string
	// Applicant is what ЕСИА says about the person.
	Applicant application.Applicant
}

// ESIA signs a person in through ЕСИА (Госуслуги), as a natural person
// (step 1.1–1.2). A deployment implements it with the real ЕСИА flow
// (OAuth 2.0 / OpenID Connect with a signed client secret); the demo
// offers the fixture accounts to choose from.
type ESIA interface {
	// Begin starts a sign-in: it sends the browser to ЕСИА (the demo shows
	// its accounts). state must come back to /login/callback unchanged.
	Begin(w http.ResponseWriter, r *http.Request, state string)
	// Finish completes the sign-in on the request to /login/callback and
	// returns the account and the state that came back with it.
	Finish(ctx context.Context, r *http.Request) (Account, string, error)
}

// errNoAccount is the error of a callback without a chosen account.
var errNoAccount = errors.New("esia: no account")

// session is a signed-in person.
type session struct {
	Account Account
	// CSRF is the token every form of the session carries.
	CSRF    string
	expires time.Time
}

// sessions are kept in memory, bounded in number and lifetime.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	now func() time.Time
}

const (
	sessionCookie = "registrar_session"
	stateCookie   = "registrar_login"
	sessionTTL    = 8 * time.Hour
	maxSessions   = 10000
)

func newSessions(now func() time.Time) *sessions {
	return &sessions{m: map[string]*session{}, now: now}
}

func (ss *sessions) create(a Account) (string, *session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	if len(ss.m) >= maxSessions {
		for id, s := range ss.m {
			if now.After(s.expires) {
				delete(ss.m, id)
			}
		}
		for id := range ss.m { // still full: drop any one
			if len(ss.m) < maxSessions {
				break
			}
			delete(ss.m, id)
		}
	}
	id := token(32)
	s := &session{Account: a, CSRF: token(32), expires: now.Add(sessionTTL)}
	ss.m[id] = s
	return id, s
}

func (ss *sessions) get(id string) *session {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return nil
	}
	if ss.now().After(s.expires) {
		delete(ss.m, id)
		return nil
	}
	return s
}

func (ss *sessions) drop(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}

// session returns the request's session, or nil.
func (s *server) session(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	return s.sessions.get(c.Value)
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int, same http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: same})
}

// validCSRF reports whether the form's token is the session's.
func validCSRF(sess *session, got string) bool {
	return sess != nil && got != "" && subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(got)) == 1
}

// demoESIA offers the fixture accounts: a sign-in without a password, for
// the demo only.
type demoESIA struct {
	accounts []demoAccount
	render   func(w http.ResponseWriter, r *http.Request, status int, page string, data any)
}

type demoAccount struct {
	Key   string
	Label string
	Account
}

// Begin shows the accounts to choose from.
func (d *demoESIA) Begin(w http.ResponseWriter, r *http.Request, state string) {
	d.render(w, r, http.StatusOK, "login", map[string]any{"State": state, "Accounts": d.accounts})
}

// Finish reads the chosen account.
func (d *demoESIA) Finish(ctx context.Context, r *http.Request) (Account, string, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, 4<<10)
	key, state := r.PostFormValue("account"), r.PostFormValue("state")
	for _, a := range d.accounts {
		if a.Key == key {
			return a.Account, state, nil
		}
	}
	return Account{}, state, errNoAccount
}
