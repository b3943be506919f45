package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AuthCodeURL builds the authorization URL a user is sent to. challenge is
// the PKCE S256 challenge ("" when the provider has no PKCE).
func (s OAuthSettings) AuthCodeURL(state, redirectURI, challenge string) string {
	q := url.Values{}
	q.Set("response_type", "code")
	q.Set("client_id", s.ClientID)
	q.Set("redirect_uri", redirectURI)
	q.Set("state", state)
	if len(s.Scopes) > 0 {
		sep := s.ScopeSeparator
		if sep == "" {
			sep = " "
		}
		q.Set("scope", strings.Join(s.Scopes, sep))
	}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	sep := "?"
	if strings.Contains(s.AuthURL, "?") {
		sep = "&"
	}
	return s.AuthURL + sep + q.Encode()
}

// TokenRequest is a form POST to a standard OAuth 2 token endpoint.
type TokenRequest struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	BasicAuth    bool
	Form         url.Values
}

// tokenResponse is RFC 6749 §5.1's successful answer.
type tokenResponse struct {
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	Scope        string          `json:"scope"`
	TokenType    string          `json:"token_type"`
}

// oauthError is RFC 6749 §5.2's error answer.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// PostToken sends a token request and parses the standard answer. A 400
// or 401 from a token endpoint (invalid_grant, invalid_client, …) is
// ErrGrantRejected: the grant is dead and retrying cannot help, unlike
// 429/5xx/timeouts, which stay transient. Secrets travel only in the
// request body or Basic header and never appear in errors.
func (c *Client) PostToken(ctx context.Context, tr TokenRequest) (Token, error) {
	form := url.Values{}
	for k, v := range tr.Form {
		form[k] = v
	}
	if !tr.BasicAuth {
		form.Set("client_id", tr.ClientID)
		form.Set("client_secret", tr.ClientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tr.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, fmt.Errorf("provider: build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if tr.BasicAuth {
		req.SetBasicAuth(url.QueryEscape(tr.ClientID), url.QueryEscape(tr.ClientSecret))
	}
	sent := c.now()
	body, err := c.Do(req, false)
	if err != nil {
		return Token{}, tokenError(err, form.Get("grant_type"))
	}
	return ParseToken(body, sent)
}

// tokenError classifies a token endpoint's refusal. Only invalid_grant
// (RFC 6749 §5.2: the code or refresh token is invalid, expired or
// revoked) kills the grant; invalid_client and friends are our
// configuration (ErrRejected, no connection is revoked for them); an
// answer without one of RFC 6749's error codes is treated as a glitch and
// retried, because revoking a healthy connection on a proxy's stray 401
// is the worse mistake.
func tokenError(err error, grant string) error {
	se, ok := errors.AsType[*StatusError](err)
	if !ok || (se.Status != http.StatusBadRequest && se.Status != http.StatusUnauthorized) {
		return err
	}
	var oe oauthError
	_ = json.Unmarshal([]byte(se.Body), &oe)
	switch oe.Error {
	case "invalid_grant":
		return fmt.Errorf("provider: token endpoint refused %s (invalid_grant): %w", grant, ErrGrantRejected)
	case "invalid_request", "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope":
		return fmt.Errorf("provider: token endpoint refused %s (%s): %w", grant, oe.Error, ErrRejected)
	default:
		return fmt.Errorf("provider: token endpoint answered %d without a standard OAuth error: %w", se.Status, ErrTransient)
	}
}

// ParseToken decodes a standard token answer; expires_in counts from sent.
func ParseToken(body []byte, sent time.Time) (Token, error) {
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		return Token{}, Malformed("token response", err)
	}
	if tr.AccessToken == "" {
		return Token{}, Malformed("token response", errors.New("no access_token"))
	}
	t := Token{AccessToken: tr.AccessToken, RefreshToken: tr.RefreshToken, Scope: tr.Scope}
	var secs float64
	if len(tr.ExpiresIn) > 0 {
		s := strings.Trim(string(tr.ExpiresIn), `"`)
		if _, err := fmt.Sscan(s, &secs); err != nil {
			return Token{}, Malformed("token response", fmt.Errorf("expires_in %q", s))
		}
	}
	if secs <= 0 {
		secs = 3600 // RFC 6749 leaves it optional; assume the common hour
	}
	t.ExpiresAt = sent.Add(time.Duration(secs * float64(time.Second)))
	return t, nil
}
