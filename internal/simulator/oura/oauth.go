package oura

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// SimUserParam is a simulator-only authorize parameter choosing who "logs
// in": a person index or an Oura user id. Without it each authorization
// picks the next person in turn, so connecting N times connects N
// different people (the same convention as the WHOOP simulator).
const SimUserParam = "sim_user"

// SimDenyParam, set to any value, makes the simulated user decline
// consent, so clients can test the error=access_denied redirect.
const SimDenyParam = "sim_deny"

// authorize implements GET /oauth/authorize (cloud.ouraring.com in
// production): there is no login page; the chosen person approves at once
// and is redirected back with code and state. Errors about the client or
// redirect URI are shown, not redirected (RFC 6749 §4.1.2.1).
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.cfg.ClientID {
		writeError(w, r, http.StatusBadRequest, "invalid_client: unknown client_id")
		return
	}
	redirect := q.Get("redirect_uri")
	target, err := url.Parse(redirect)
	if redirect == "" || err != nil || !target.IsAbs() ||
		(len(s.cfg.RedirectURIs) > 0 && !slices.Contains(s.cfg.RedirectURIs, redirect)) {
		writeError(w, r, http.StatusBadRequest, "invalid_redirect_uri: redirect_uri is not registered for this client")
		return
	}
	back := target.Query()
	if state := q.Get("state"); state != "" {
		back.Set("state", state)
	}
	fail := func(code, desc string) {
		back.Set("error", code)
		back.Set("error_description", desc)
		target.RawQuery = back.Encode()
		http.Redirect(w, r, target.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	for _, sc := range scopes {
		if !slices.Contains(Scopes(), sc) && sc != "spo2" {
			fail("invalid_scope", "unknown scope "+sc)
			return
		}
	}
	if q.Has(SimDenyParam) {
		fail("access_denied", "the user declined")
		return
	}
	p, ok := s.chooseUser(q.Get(SimUserParam))
	if !ok {
		fail("access_denied", "no such simulated user")
		return
	}
	back.Set("code", s.oauth.IssueCode(simkit.Grant{
		ClientID: s.cfg.ClientID, Subject: p.OuraUserID, Scopes: scopes, RedirectURI: redirect, Refreshable: true,
	}))
	target.RawQuery = back.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// chooseUser resolves sim_user or picks the next person in turn.
func (s *Server) chooseUser(v string) (*truth.Person, bool) {
	people := s.env.world.People()
	if v == "" {
		s.mu.Lock()
		i := s.nextUser % len(people)
		s.nextUser++
		s.mu.Unlock()
		return people[i], true
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < len(people) {
		return people[n], true
	}
	return s.env.world.PersonByOuraID(v)
}

// token implements POST /oauth/token for the authorization_code and
// refresh_token grants, with client credentials in the form (as the seed's
// examples send them) or in HTTP Basic auth. Every token is refreshable;
// a refresh returns a new refresh token and the old one stops working.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		simkit.WriteJSON(w, http.StatusBadRequest, OAuthError{"invalid_request", err.Error()})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.cfg.ClientID || secret != s.cfg.ClientSecret {
		simkit.WriteJSON(w, http.StatusUnauthorized, OAuthError{"invalid_client", "client authentication failed"})
		return
	}
	var tok simkit.Token
	var err error
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		tok, err = s.oauth.ExchangeCode(id, r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"))
	case "refresh_token":
		tok, err = s.oauth.Refresh(id, r.PostForm.Get("refresh_token"))
	default:
		simkit.WriteJSON(w, http.StatusBadRequest, OAuthError{"unsupported_grant_type", "grant_type must be authorization_code or refresh_token"})
		return
	}
	if err != nil {
		status, code := http.StatusBadRequest, "invalid_grant"
		if errors.Is(err, simkit.ErrInvalidClient) {
			status, code = http.StatusUnauthorized, "invalid_client"
		}
		simkit.WriteJSON(w, status, OAuthError{code, err.Error()})
		return
	}
	s.setConnected(tok.Subject, true)
	w.Header().Set("Cache-Control", "no-store")
	simkit.WriteJSON(w, http.StatusOK, TokenResponse{
		AccessToken: tok.AccessToken, TokenType: "bearer", ExpiresIn: tok.ExpiresIn(),
		RefreshToken: tok.RefreshToken, Scope: strings.Join(tok.Scopes, " "),
	})
}

// revoke implements /oauth/revoke?access_token=… (GET, or POST with the
// token in the query or form): the user's grant to the app ends, every
// access and refresh token of it stops working, and no more webhooks are
// sent for the user. Unknown tokens are answered 200 too (RFC 7009 §2.2).
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	raw := cmp.Or(r.Form.Get("access_token"), r.Form.Get("token"))
	if raw == "" {
		writeError(w, r, http.StatusBadRequest, "access_token is required")
		return
	}
	if tok, err := s.oauth.Authenticate(raw); err == nil {
		s.oauth.RevokeSubject(tok.ClientID, tok.Subject)
		s.setConnected(tok.Subject, false)
	}
	w.WriteHeader(http.StatusOK)
}

// IssueToken grants person i the given scopes (all scopes when none are
// given) without the browser dance, for tests and the demo.
func (s *Server) IssueToken(i int, scopes ...string) (simkit.Token, error) {
	if len(scopes) == 0 {
		scopes = Scopes()
	}
	p := s.env.world.Person(i)
	g := simkit.Grant{ClientID: s.cfg.ClientID, Subject: p.OuraUserID, Scopes: scopes, Refreshable: true}
	tok, err := s.oauth.ExchangeCode(s.cfg.ClientID, s.oauth.IssueCode(g), "")
	if err != nil {
		return simkit.Token{}, fmt.Errorf("oura: issue token: %w", err)
	}
	s.setConnected(p.OuraUserID, true)
	return tok, nil
}

// PersonalAccessToken returns person p's personal access token: fixed for
// a seed, never expiring, carrying every scope, and outside any app (no
// webhooks; its own rate-limit bucket).
func (s *Server) PersonalAccessToken(p *truth.Person) string {
	return fmt.Sprintf("PAT%016X", hashOf(s.env.seed, "pat", p.OuraUserID))
}

// personalToken resolves a personal access token.
func (s *Server) personalToken(raw string) (*truth.Person, bool) {
	p, ok := s.pats[raw]
	return p, ok
}

func (s *Server) setConnected(userID string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.connected[userID] = true
		return
	}
	delete(s.connected, userID)
}

func (s *Server) isConnected(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected[userID]
}
