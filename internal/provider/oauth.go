package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// defaultTokenLifetime is assumed when a token answer has no expires_in:
// RFC 6749 leaves it optional and an hour is the common lifetime.
const defaultTokenLifetime = time.Hour

// config is the golang.org/x/oauth2 view of the settings.
func (s OAuthSettings) config(clientSecret, redirectURI string) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if s.BasicAuth {
		style = oauth2.AuthStyleInHeader
	}
	scopes := s.Scopes
	if s.ScopeSeparator != "" && s.ScopeSeparator != " " && len(scopes) > 0 {
		// x/oauth2 joins scopes with spaces; a provider wanting another
		// separator gets them pre-joined as one.
		scopes = []string{strings.Join(scopes, s.ScopeSeparator)}
	}
	return &oauth2.Config{ClientID: s.ClientID, ClientSecret: clientSecret, RedirectURL: redirectURI, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: s.AuthURL, TokenURL: s.TokenURL, AuthStyle: style}}
}

// AuthCodeURL builds the authorization URL a user is sent to. challenge is
// the PKCE S256 challenge ("" when the provider has no PKCE).
func (s OAuthSettings) AuthCodeURL(state, redirectURI, challenge string) string {
	var opts []oauth2.AuthCodeOption
	if challenge != "" {
		opts = append(opts, oauth2.SetAuthURLParam("code_challenge", challenge), oauth2.SetAuthURLParam("code_challenge_method", "S256"))
	}
	return s.config("", redirectURI).AuthCodeURL(state, opts...)
}

// OAuth2 is a standard OAuth 2 token endpoint client (RFC 6749 §4.1.3 and
// §6) of one provider application, over golang.org/x/oauth2 and the
// provider's Client (timeouts, user agent, typed errors). Token calls are
// not budgeted: providers limit their data APIs, not their token
// endpoints, and a refresh must never wait behind a backfill.
type OAuth2 struct {
	Settings     OAuthSettings
	ClientSecret string
	Client       *Client
	// RefreshParams are added to refresh requests (WHOOP wants
	// scope=offline to issue the next refresh token).
	RefreshParams url.Values
}

// Exchange trades an authorization code for tokens. verifier is the PKCE
// code verifier ("" without PKCE).
func (o OAuth2) Exchange(ctx context.Context, code, redirectURI, verifier string) (Token, error) {
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	sent := o.Client.now()
	t, err := o.Settings.config(o.ClientSecret, redirectURI).Exchange(o.Client.tokenContext(ctx, nil), code, opts...)
	if err != nil {
		return Token{}, o.Client.tokenError(ctx, err, "authorization_code")
	}
	return fromOAuth2(t, sent), nil
}

// Refresh trades a refresh token for new tokens. An answer without a
// refresh token keeps the old one (x/oauth2 does so), so a missing field
// never erases a working token.
func (o OAuth2) Refresh(ctx context.Context, refreshToken string) (Token, error) {
	if refreshToken == "" {
		return Token{}, fmt.Errorf("provider: no refresh token: %w", ErrGrantRejected)
	}
	sent := o.Client.now()
	ctx2 := o.Client.tokenContext(ctx, o.RefreshParams)
	t, err := o.Settings.config(o.ClientSecret, "").TokenSource(ctx2, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return Token{}, o.Client.tokenError(ctx, err, "refresh_token")
	}
	return fromOAuth2(t, sent), nil
}

// fromOAuth2 converts x/oauth2's token. Expiry counts from sent on the
// client's clock, not x/oauth2's wall clock, so simulated clocks agree.
func fromOAuth2(t *oauth2.Token, sent time.Time) Token {
	ttl := time.Duration(t.ExpiresIn) * time.Second
	if ttl <= 0 {
		ttl = defaultTokenLifetime
	}
	scope, _ := t.Extra("scope").(string)
	return Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresAt: sent.Add(ttl), Scope: scope}
}

// tokenContext carries the HTTP client x/oauth2 uses: the provider
// client's, sending our user agent and asking for JSON, with extra form
// parameters added to the request body.
func (c *Client) tokenContext(ctx context.Context, extra url.Values) context.Context {
	base := c.http.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc := *c.http
	hc.Transport = &tokenTransport{base: base, agent: c.agent, extra: extra}
	return context.WithValue(ctx, oauth2.HTTPClient, &hc)
}

// tokenTransport decorates token requests. x/oauth2 has no way to add
// parameters to a refresh request, hence the body rewrite.
type tokenTransport struct {
	base  http.RoundTripper
	agent string
	extra url.Values
}

// RoundTrip sets the headers and adds the extra form parameters.
func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", t.agent)
	req.Header.Set("Accept", "application/json")
	if len(t.extra) > 0 && req.Body != nil {
		raw, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("provider: read token request: %w", err)
		}
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, fmt.Errorf("provider: token request form: %w", err)
		}
		for k, v := range t.extra {
			form[k] = v
		}
		enc := form.Encode()
		req.Body, req.ContentLength = io.NopCloser(strings.NewReader(enc)), int64(len(enc))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader([]byte(enc))), nil }
	}
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return jsonLabelled(res)
}

// jsonLabelled labels a JSON body sent as text/plain as JSON: x/oauth2
// reads text/plain answers as form-encoded, and servers that write JSON
// without a Content-Type get text/plain from Go's sniffing.
func jsonLabelled(res *http.Response) (*http.Response, error) {
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		return res, nil
	}
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	_ = res.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("provider: read token answer: %w", err)
	}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		res.Header.Set("Content-Type", "application/json")
	}
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res, nil
}

// tokenError classifies a token endpoint's refusal. Only invalid_grant
// (RFC 6749 §5.2: the code or refresh token is invalid, expired or
// revoked) kills the grant; invalid_client and friends are our
// configuration (ErrRejected, no connection is revoked for them); a 400
// or 401 without one of RFC 6749's error codes is treated as a glitch and
// retried, because revoking a healthy connection on a proxy's stray 401
// is the worse mistake. Other statuses map as for any call (429 pauses the
// budget). Secrets travel only in the request body or Basic header and
// never appear in errors.
func (c *Client) tokenError(ctx context.Context, err error, grant string) error {
	re, ok := errors.AsType[*oauth2.RetrieveError](err)
	if !ok {
		if ctx.Err() != nil {
			return fmt.Errorf("provider: token request %s: %w", grant, ctx.Err())
		}
		if _, network := errors.AsType[*url.Error](err); network {
			return fmt.Errorf("provider: token request %s: %w: %w", grant, ErrTransient, err)
		}
		return fmt.Errorf("provider: token request %s: %w", grant, Malformed("token response", err))
	}
	status := re.Response.StatusCode
	if status == http.StatusBadRequest || status == http.StatusUnauthorized || (status >= 200 && status < 300) {
		switch re.ErrorCode {
		case "invalid_grant":
			return fmt.Errorf("provider: token endpoint refused %s (invalid_grant): %w", grant, ErrGrantRejected)
		case "invalid_request", "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope":
			return fmt.Errorf("provider: token endpoint refused %s (%s): %w", grant, re.ErrorCode, ErrRejected)
		default:
			return fmt.Errorf("provider: token endpoint answered %d without a standard OAuth error: %w", status, ErrTransient)
		}
	}
	return c.statusError(ctx, re.Response.Request, re.Response, re.Body)
}
