package whoop

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// SimUserParam is a simulator-only authorize parameter choosing who
// "logs in": a person index or a WHOOP user id. Without it, each
// authorization picks the next person in turn, so connecting N times
// connects N different people.
const SimUserParam = "sim_user"

// authorize implements GET /oauth/oauth2/auth: there is no login page; the
// chosen person approves at once and is redirected back with code and
// state. Errors about the client or redirect URI are shown, not
// redirected, as RFC 6749 §4.1.2.1 requires.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.cfg.ClientID {
		writeError(w, r, http.StatusBadRequest, "unknown client_id")
		return
	}
	redirect := q.Get("redirect_uri")
	target, err := url.Parse(redirect)
	if redirect == "" || err != nil || !target.IsAbs() ||
		(len(s.cfg.RedirectURIs) > 0 && !slices.Contains(s.cfg.RedirectURIs, redirect)) {
		writeError(w, r, http.StatusBadRequest, "redirect_uri is not registered for this client")
		return
	}
	back := target.Query()
	state := q.Get("state")
	if state != "" {
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
	if s.cfg.MinStateLength > 0 && len(state) < s.cfg.MinStateLength {
		fail("invalid_state", "state must be at least "+strconv.Itoa(s.cfg.MinStateLength)+" characters")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	for _, sc := range scopes {
		if !slices.Contains(AllScopes(), sc) {
			fail("invalid_scope", "unknown scope "+sc)
			return
		}
	}
	p, ok := s.chooseUser(q.Get(SimUserParam))
	if !ok {
		fail("access_denied", "no such simulated user")
		return
	}
	code := s.oauth.IssueCode(simkit.Grant{
		ClientID: s.cfg.ClientID, Subject: strconv.FormatInt(p, 10), Scopes: scopes,
		RedirectURI: redirect, Refreshable: slices.Contains(scopes, ScopeOffline),
	})
	back.Set("code", code)
	back.Set("scope", strings.Join(scopes, " "))
	target.RawQuery = back.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// chooseUser resolves sim_user or picks the next person in turn.
func (s *Server) chooseUser(v string) (int64, bool) {
	people := s.world.People()
	if v == "" {
		s.mu.Lock()
		i := s.nextUser % len(people)
		s.nextUser++
		s.mu.Unlock()
		return people[i].WhoopUserID, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false
	}
	if n >= 0 && n < int64(len(people)) {
		return people[n].WhoopUserID, true
	}
	p, ok := s.world.PersonByWhoopID(n)
	if !ok {
		return 0, false
	}
	return p.WhoopUserID, true
}

// oauthError is the RFC 6749 §5.2 error body.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// token implements POST /oauth/oauth2/token for the authorization_code and
// refresh_token grants, with client credentials in the form
// (client_secret_post) or in HTTP Basic auth.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		simkit.WriteJSON(w, http.StatusBadRequest, oauthError{"invalid_request", err.Error()})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.cfg.ClientID || secret != s.cfg.ClientSecret {
		simkit.WriteJSON(w, http.StatusUnauthorized, oauthError{"invalid_client", "client authentication failed"})
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
		simkit.WriteJSON(w, http.StatusBadRequest, oauthError{"unsupported_grant_type", "grant_type must be authorization_code or refresh_token"})
		return
	}
	if err != nil {
		status, code := http.StatusBadRequest, "invalid_grant"
		if errors.Is(err, simkit.ErrInvalidClient) {
			status, code = http.StatusUnauthorized, "invalid_client"
		}
		simkit.WriteJSON(w, status, oauthError{code, err.Error()})
		return
	}
	userID, _ := strconv.ParseInt(tok.Subject, 10, 64)
	s.setConnected(userID, true)
	w.Header().Set("Cache-Control", "no-store")
	simkit.WriteJSON(w, http.StatusOK, TokenResponse{
		AccessToken: tok.AccessToken, ExpiresIn: tok.ExpiresIn(), RefreshToken: tok.RefreshToken,
		Scope: strings.Join(tok.Scopes, " "), TokenType: "bearer",
	})
}
