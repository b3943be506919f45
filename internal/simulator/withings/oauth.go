package withings

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// SimUserParam is a simulator-only authorize parameter choosing who "logs
// in": a person index or a Withings user id. Without it each authorization
// picks the next person in turn (mode=demo always picks the first), so
// connecting N times connects N different people.
const SimUserParam = "sim_user"

// authorize implements GET /oauth2_user/authorize2 on the account host:
// there is no login page; the chosen person approves at once and is
// redirected back with code and state. Problems with the client or the
// redirect URI are shown rather than redirected, so that an attacker
// cannot use the page as an open redirect.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.cfg.ClientID {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	target, err := url.Parse(redirect)
	if redirect == "" || err != nil || !target.IsAbs() ||
		(len(s.cfg.RedirectURIs) > 0 && !slices.Contains(s.cfg.RedirectURIs, redirect)) {
		http.Error(w, "redirect_uri is not a registered Callback Url of this application", http.StatusBadRequest)
		return
	}
	state := q.Get("state")
	back := target.Query()
	fail := func(code, desc string) {
		back.Set("error", code)
		back.Set("error_description", desc)
		if state != "" {
			back.Set("state", state)
		}
		target.RawQuery = back.Encode()
		http.Redirect(w, r, target.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	if state == "" {
		fail("invalid_request", "state is required")
		return
	}
	scopes, ok := parseScopes(q.Get("scope"))
	if !ok {
		fail("invalid_scope", "scope must be a comma-separated list of user.info, user.metrics, user.activity, user.sleepevents")
		return
	}
	user := q.Get(SimUserParam)
	if q.Get("mode") == "demo" && user == "" {
		user = "0"
	}
	id, ok := s.chooseUser(user)
	if !ok {
		fail("access_denied", "no such simulated user")
		return
	}
	code := s.oauth.IssueCode(simkit.Grant{
		ClientID: s.cfg.ClientID, Subject: strconv.FormatInt(id, 10), Scopes: scopes,
		RedirectURI: redirect, Refreshable: true,
	})
	back.Set("code", code)
	back.Set("state", state)
	target.RawQuery = back.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// parseScopes splits a comma-separated scope list, rejecting unknown
// scopes and an empty list.
func parseScopes(raw string) ([]string, bool) {
	var out []string
	for _, sc := range strings.Split(raw, ",") {
		sc = strings.TrimSpace(sc)
		if sc == "" {
			continue
		}
		if !slices.Contains(AllScopes(), sc) {
			return nil, false
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, len(out) > 0
}

// chooseUser resolves sim_user or picks the next person in turn.
func (s *Server) chooseUser(v string) (int64, bool) {
	people := s.world.People()
	if v == "" {
		s.mu.Lock()
		i := s.nextUser % len(people)
		s.nextUser++
		s.mu.Unlock()
		return people[i].WithingsUserID, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false
	}
	if n >= 0 && n < int64(len(people)) {
		return people[n].WithingsUserID, true
	}
	p, ok := s.world.PersonByWithingsID(n)
	if !ok {
		return 0, false
	}
	return p.WithingsUserID, true
}

// token implements POST /v2/oauth2 action=requesttoken for the
// authorization_code and refresh_token grants, with the client secret in
// the form body. Failures are envelopes with status 503 (invalid params),
// as Withings answers a bad code or refresh token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, fail(StatusInvalidParams, "Invalid Params: cannot parse the request"))
		return
	}
	f := r.Form
	if a := f.Get("action"); a != "requesttoken" {
		writeError(w, fail(StatusNotImplemented, "Not implemented: unknown action "+a))
		return
	}
	id := f.Get("client_id")
	if id != s.cfg.ClientID || f.Get("client_secret") != s.cfg.ClientSecret {
		writeError(w, fail(StatusInvalidParams, "Invalid Params: invalid client_id or client_secret"))
		return
	}
	if !s.limiter.Allow(id).Allowed {
		writeError(w, fail(StatusTooManyRequests, "Too many requests"))
		return
	}
	var tok simkit.Token
	var err error
	switch f.Get("grant_type") {
	case "authorization_code":
		if f.Get("code") == "" || f.Get("redirect_uri") == "" {
			writeError(w, fail(StatusInvalidParams, "Invalid Params: code and redirect_uri are required"))
			return
		}
		tok, err = s.oauth.ExchangeCode(id, f.Get("code"), f.Get("redirect_uri"))
	case "refresh_token":
		tok, err = s.oauth.Refresh(id, f.Get("refresh_token"))
	default:
		writeError(w, fail(StatusInvalidParams, "Invalid Params: grant_type must be authorization_code or refresh_token"))
		return
	}
	switch {
	case errors.Is(err, simkit.ErrInvalidClient):
		writeError(w, fail(StatusInvalidParams, "Invalid Params: the grant belongs to another client"))
		return
	case err != nil:
		writeError(w, fail(StatusInvalidParams, "Invalid Params: invalid code or refresh_token"))
		return
	}
	userID, _ := strconv.ParseInt(tok.Subject, 10, 64)
	writeOK(w, TokenBody{
		UserID: userID, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresIn: tok.ExpiresIn(), Scope: strings.Join(tok.Scopes, ","), CSRFToken: csrfToken(),
		TokenType: "Bearer",
	})
}

// csrfToken returns a random token like the seed's example.
func csrfToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}
