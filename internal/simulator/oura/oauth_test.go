package oura

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testRedirect = "https://app.example.com/oura/callback"

// noRedirect is a client that shows redirects instead of following them.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// authorize runs GET /oauth/authorize and returns the redirect's query.
func (b *testBundle) authorize(t *testing.T, extra url.Values) url.Values {
	t.Helper()
	q := url.Values{"client_id": {b.srv.ClientID()}, "redirect_uri": {testRedirect}, "response_type": {"code"},
		"scope": {"daily heartrate personal"}, "state": {"xyz-state"}}
	for k, v := range extra {
		q[k] = v
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, b.url+"/oauth/authorize?"+q.Encode(), nil)
	require.NoError(t, err)
	resp, err := noRedirect().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(loc.String(), testRedirect))
	return loc.Query()
}

// tokenRequest posts a form to /oauth/token.
func (b *testBundle) tokenRequest(t *testing.T, form url.Values) (int, TokenResponse, OAuthError) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.url+"/oauth/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var ok TokenResponse
	var fail OAuthError
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(body, &ok))
	} else {
		require.NoError(t, json.Unmarshal(body, &fail))
	}
	return resp.StatusCode, ok, fail
}

func (b *testBundle) creds(form url.Values) url.Values {
	form.Set("client_id", b.srv.ClientID())
	form.Set("client_secret", b.srv.ClientSecret())
	return form
}

// TestOAuthFlow runs authorize → code → token → API → refresh, and checks
// that refresh tokens rotate (the old one stops working), codes are single
// use, access tokens expire with the fake clock and revoke ends it all.
func TestOAuthFlow(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	back := b.authorize(t, url.Values{SimUserParam: {"1"}})
	require.Equal(t, "xyz-state", back.Get("state"))
	code := back.Get("code")
	require.NotEmpty(t, code)

	exchange := b.creds(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}})
	status, tok, _ := b.tokenRequest(t, exchange)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "bearer", tok.TokenType)
	require.Equal(t, int(DefaultAccessTTL/time.Second), tok.ExpiresIn)
	require.NotEmpty(t, tok.RefreshToken)
	require.Equal(t, "daily heartrate personal", tok.Scope)

	status, _, fail := b.tokenRequest(t, exchange)
	require.Equal(t, http.StatusBadRequest, status, "a code works once")
	require.Equal(t, "invalid_grant", fail.Error)

	var info PersonalInfo
	b.mustGet(t, tok.AccessToken, "/v2/usercollection/personal_info", nil, &info)
	require.Equal(t, b.world.Person(1).OuraUserID, info.ID)
	require.Nil(t, info.Email, "email needs the email scope")
	require.NotNil(t, info.Age)

	refresh := func(rt string) (int, TokenResponse, OAuthError) {
		return b.tokenRequest(t, b.creds(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}))
	}
	status, tok2, _ := refresh(tok.RefreshToken)
	require.Equal(t, http.StatusOK, status)
	require.NotEqual(t, tok.RefreshToken, tok2.RefreshToken)
	status, _, fail = refresh(tok.RefreshToken)
	require.Equal(t, http.StatusBadRequest, status, "the rotated refresh token stops working")
	require.Equal(t, "invalid_grant", fail.Error)

	b.clock.Advance(DefaultAccessTTL)
	resp, _ := b.get(t, tok2.AccessToken, "/v2/usercollection/personal_info", nil, nil)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "access tokens expire")
	status, tok3, _ := refresh(tok2.RefreshToken)
	require.Equal(t, http.StatusOK, status, "refresh tokens outlive access tokens")
	b.mustGet(t, tok3.AccessToken, "/v2/usercollection/personal_info", nil, nil)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.url+"/oauth/revoke?access_token="+tok3.AccessToken, nil)
	require.NoError(t, err)
	rresp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = rresp.Body.Close()
	require.Equal(t, http.StatusOK, rresp.StatusCode)
	resp, _ = b.get(t, tok3.AccessToken, "/v2/usercollection/personal_info", nil, nil)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	status, _, _ = refresh(tok3.RefreshToken)
	require.Equal(t, http.StatusBadRequest, status, "revoking ends the grant's refresh token too")
	require.False(t, b.srv.isConnected(b.world.Person(1).OuraUserID))
}

// TestOAuthErrors covers the refusals of the authorize and token
// endpoints.
func TestOAuthErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{RedirectURIs: []string{testRedirect}})
	cases := []struct {
		name  string
		extra url.Values
		want  string
	}{
		{"UnknownScope", url.Values{"scope": {"daily everything"}}, "invalid_scope"},
		{"WrongResponseType", url.Values{"response_type": {"token"}}, "unsupported_response_type"},
		{"UserDeclines", url.Values{SimDenyParam: {"1"}}, "access_denied"},
		{"UnknownUser", url.Values{SimUserParam: {"nobody"}}, "access_denied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			back := b.authorize(t, c.extra)
			require.Equal(t, c.want, back.Get("error"))
			require.Equal(t, "xyz-state", back.Get("state"))
			require.Empty(t, back.Get("code"))
		})
	}
	t.Run("UnregisteredRedirect", func(t *testing.T) {
		t.Parallel()
		q := url.Values{"client_id": {b.srv.ClientID()}, "redirect_uri": {"https://evil.example.com/"}, "response_type": {"code"}}
		resp, _ := b.get(t, "", "/oauth/authorize", q, nil)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "never redirect to an unregistered URI")
	})
	t.Run("WrongSecret", func(t *testing.T) {
		t.Parallel()
		form := b.creds(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}})
		form.Set("client_secret", "wrong")
		status, _, fail := b.tokenRequest(t, form)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "invalid_client", fail.Error)
	})
	t.Run("UnknownGrant", func(t *testing.T) {
		t.Parallel()
		status, _, fail := b.tokenRequest(t, b.creds(url.Values{"grant_type": {"password"}}))
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "unsupported_grant_type", fail.Error)
	})
}

// TestOAuthRoundRobinUsers checks that authorizations without sim_user
// connect the people in turn.
func TestOAuthRoundRobinUsers(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	var subjects []string
	for range 3 {
		back := b.authorize(t, nil)
		_, tok, _ := b.tokenRequest(t, b.creds(url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")}, "redirect_uri": {testRedirect}}))
		var info PersonalInfo
		b.mustGet(t, tok.AccessToken, "/v2/usercollection/personal_info", nil, &info)
		subjects = append(subjects, info.ID)
	}
	p := b.world.People()
	require.Equal(t, []string{p[0].OuraUserID, p[1].OuraUserID, p[0].OuraUserID}, subjects)
}

// TestScopesAndTokens checks scope enforcement, personal access tokens and
// the sandbox, which serves the same made-up person to everyone.
func TestScopesAndTokens(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	tok, err := b.srv.IssueToken(0, ScopePersonal)
	require.NoError(t, err)
	cases := []struct {
		name, token, path string
		status            int
	}{
		{"MissingScope", tok.AccessToken, "/v2/usercollection/daily_sleep", http.StatusForbidden},
		{"PersonalInfoNeedsNoScope", tok.AccessToken, "/v2/usercollection/personal_info", http.StatusOK},
		{"SandboxNeedsNoScope", tok.AccessToken, "/v2/sandbox/usercollection/daily_sleep", http.StatusOK},
		{"PersonalTokenHasAll", b.pat(1), "/v2/usercollection/heartrate", http.StatusOK},
		{"NoToken", "", "/v2/usercollection/sleep", http.StatusUnauthorized},
		{"UnknownToken", "PAT0000", "/v2/usercollection/sleep", http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, body := b.get(t, c.token, c.path, everything(b.world), nil)
			require.Equal(t, c.status, resp.StatusCode, "%s", body)
		})
	}
	t.Run("SandboxIsTheSameForEveryone", func(t *testing.T) {
		t.Parallel()
		var a, c Page[DailySleep]
		b.mustGet(t, b.pat(0), "/v2/sandbox/usercollection/daily_sleep", everything(b.world), &a)
		b.mustGet(t, b.pat(1), "/v2/sandbox/usercollection/daily_sleep", everything(b.world), &c)
		require.NotEmpty(t, a.Data)
		require.Equal(t, a, c)
		var own Page[DailySleep]
		b.mustGet(t, b.pat(0), "/v2/usercollection/daily_sleep", everything(b.world), &own)
		require.NotEqual(t, own.Data[0].ID, a.Data[0].ID)
	})
}
