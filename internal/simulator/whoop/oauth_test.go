package whoop_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

const redirectURI = "https://app.example/callback"

// authorize runs the authorize step and returns the redirect's query.
func (b *testBundle) authorize(t *testing.T, q url.Values) (int, url.Values) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(b.http.URL + "/oauth/oauth2/auth?" + q.Encode())
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, redirectURI, loc.Scheme+"://"+loc.Host+loc.Path)
	return resp.StatusCode, loc.Query()
}

// tokenRequest posts to the token endpoint, with Basic auth if basic.
func (b *testBundle) tokenRequest(t *testing.T, form url.Values, basic bool) (int, whoop.TokenResponse, string) {
	t.Helper()
	if basic {
		form.Del("client_id")
		form.Del("client_secret")
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.http.URL+"/oauth/oauth2/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(b.srv.ClientID(), b.srv.ClientSecret())
	}
	resp, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var tr whoop.TokenResponse
	if resp.StatusCode == http.StatusOK {
		strictDecode(t, body, &tr)
	} else {
		var e struct{ Error string }
		require.NoError(t, json.Unmarshal(body, &e))
		return resp.StatusCode, tr, e.Error
	}
	return resp.StatusCode, tr, ""
}

func authQuery(b *testBundle, scope, state string) url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {b.srv.ClientID()}, "redirect_uri": {redirectURI},
		"scope": {scope}, "state": {state}}
}

func TestOAuthFlowAndRotation(t *testing.T) {
	t.Parallel()
	for _, basic := range []bool{false, true} {
		t.Run(map[bool]string{false: "ClientSecretPost", true: "BasicAuth"}[basic], func(t *testing.T) {
			t.Parallel()
			b := setup(t, truth.Options{Seed: 2, Users: 2, Days: 3}, func(c *whoop.Config) { c.RedirectURIs = []string{redirectURI} })
			status, back := b.authorize(t, authQuery(b, "offline read:profile read:sleep", "state-123456"))
			require.Equal(t, http.StatusFound, status)
			require.Equal(t, "state-123456", back.Get("state"))
			code := back.Get("code")
			require.NotEmpty(t, code)

			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
				"client_id": {b.srv.ClientID()}, "client_secret": {b.srv.ClientSecret()}}
			status, tok, _ := b.tokenRequest(t, form, basic)
			require.Equal(t, http.StatusOK, status)
			require.Equal(t, 3600, tok.ExpiresIn)
			require.Equal(t, "bearer", tok.TokenType)
			require.NotEmpty(t, tok.RefreshToken, "offline scope gives a refresh token")
			status, _, errCode := b.tokenRequest(t, form, basic)
			require.Equal(t, http.StatusBadRequest, status, "codes are single use")
			require.Equal(t, "invalid_grant", errCode)

			var prof whoop.Profile
			b.getJSON(t, tok.AccessToken, "/v2/user/profile/basic", nil, &prof)
			require.Equal(t, b.world.Person(0).WhoopUserID, prof.UserID)
			st, _, _ := b.get(t, tok.AccessToken, "/v2/cycle", nil)
			require.Equal(t, http.StatusForbidden, st, "read:cycles was not granted")

			refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}, "scope": {"offline"},
				"client_id": {b.srv.ClientID()}, "client_secret": {b.srv.ClientSecret()}}
			status, next, _ := b.tokenRequest(t, refresh, basic)
			require.Equal(t, http.StatusOK, status)
			require.NotEqual(t, tok.RefreshToken, next.RefreshToken)
			status, _, errCode = b.tokenRequest(t, refresh, basic)
			require.Equal(t, http.StatusBadRequest, status, "the old refresh token stops working at once")
			require.Equal(t, "invalid_grant", errCode)

			b.clock.Advance(time.Hour)
			st, _, _ = b.get(t, next.AccessToken, "/v2/user/profile/basic", nil)
			require.Equal(t, http.StatusUnauthorized, st, "access tokens expire after 3600 s")
		})
	}
}

func TestOAuthErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Seed: 2, Users: 2, Days: 3}, func(c *whoop.Config) { c.RedirectURIs = []string{redirectURI} })
	tests := []struct {
		name    string
		mutate  func(url.Values)
		status  int
		errCode string
	}{
		{name: "ShortState", mutate: func(q url.Values) { q.Set("state", "abc") }, status: http.StatusFound, errCode: "invalid_state"},
		{name: "UnknownScope", mutate: func(q url.Values) { q.Set("scope", "read:everything") }, status: http.StatusFound, errCode: "invalid_scope"},
		{name: "ResponseType", mutate: func(q url.Values) { q.Set("response_type", "token") }, status: http.StatusFound, errCode: "unsupported_response_type"},
		{name: "UnregisteredRedirect", mutate: func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") }, status: http.StatusBadRequest},
		{name: "UnknownClient", mutate: func(q url.Values) { q.Set("client_id", "nope") }, status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := authQuery(b, "read:sleep", "state-123456")
			tt.mutate(q)
			status, back := b.authorize(t, q)
			require.Equal(t, tt.status, status)
			if tt.errCode != "" {
				require.Equal(t, tt.errCode, back.Get("error"))
				require.Empty(t, back.Get("code"))
			}
		})
	}
	t.Run("NoOfflineNoRefresh", func(t *testing.T) {
		t.Parallel()
		_, back := b.authorize(t, authQuery(b, "read:sleep", "state-123456"))
		status, tok, _ := b.tokenRequest(t, url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")},
			"client_id": {b.srv.ClientID()}, "client_secret": {b.srv.ClientSecret()}}, false)
		require.Equal(t, http.StatusOK, status)
		require.Empty(t, tok.RefreshToken)
	})
	t.Run("BadSecret", func(t *testing.T) {
		t.Parallel()
		status, _, errCode := b.tokenRequest(t, url.Values{"grant_type": {"authorization_code"}, "code": {"x"},
			"client_id": {b.srv.ClientID()}, "client_secret": {"wrong"}}, false)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "invalid_client", errCode)
	})
}

func TestRevokeAccess(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Seed: 2, Users: 1, Days: 3}, nil)
	tok := b.token(t, 0)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodDelete, b.api+"/v2/user/access", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := b.http.Client().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	status, _, _ := b.get(t, tok, "/v2/user/profile/basic", nil)
	require.Equal(t, http.StatusUnauthorized, status)
}
