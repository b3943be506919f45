package provider

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// tokenServer answers token requests with status and body, recording the
// last request's form and Basic credentials.
type tokenServer struct {
	status      int
	contentType string
	body        string
	form        url.Values
	user, pass  string
	accept      string
}

func (s *tokenServer) start(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		s.form, s.accept = r.PostForm, r.Header.Get("Accept")
		s.user, s.pass, _ = r.BasicAuth()
		if s.contentType != "" {
			w.Header().Set("Content-Type", s.contentType)
		}
		w.WriteHeader(s.status)
		_, _ = w.Write([]byte(s.body))
	}))
	t.Cleanup(ts.Close)
	return ts
}

// TestOAuth2TokenAnswers checks the token endpoint client over
// golang.org/x/oauth2: what a success yields (expiry on the client's
// clock, scope, the old refresh token kept) and how refusals map to the
// sentinels the token lifecycle acts on.
func TestOAuth2TokenAnswers(t *testing.T) {
	t.Parallel()
	sent := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        Token
		is          error
	}{
		{name: "JSON", status: 200, contentType: "application/json",
			body: `{"access_token":"a","refresh_token":"r2","expires_in":7200,"scope":"read offline","token_type":"bearer"}`,
			want: Token{AccessToken: "a", RefreshToken: "r2", ExpiresAt: sent.Add(2 * time.Hour), Scope: "read offline"}},
		{name: "UnlabelledJSONKeepsRefreshToken", status: 200, body: `{"access_token":"a","expires_in":"60"}`,
			want: Token{AccessToken: "a", RefreshToken: "r1", ExpiresAt: sent.Add(time.Minute)}},
		{name: "NoExpiryMeansAnHour", status: 200, contentType: "application/json", body: `{"access_token":"a","refresh_token":"r2"}`,
			want: Token{AccessToken: "a", RefreshToken: "r2", ExpiresAt: sent.Add(time.Hour)}},
		{name: "NoAccessToken", status: 200, contentType: "application/json", body: `{"refresh_token":"r2"}`, is: ErrMalformed},
		{name: "InvalidGrant", status: 400, contentType: "application/json", body: `{"error":"invalid_grant"}`, is: ErrGrantRejected},
		{name: "InvalidClient", status: 401, contentType: "application/json", body: `{"error":"invalid_client"}`, is: ErrRejected},
		{name: "StrayUnauthorized", status: 401, contentType: "text/html", body: `<html>proxy</html>`, is: ErrTransient},
		{name: "ServerError", status: 503, body: `busy`, is: ErrTransient},
		{name: "RateLimited", status: 429, body: `{}`, is: ErrRateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := &tokenServer{status: tt.status, contentType: tt.contentType, body: tt.body}
			ts := srv.start(t)
			o := OAuth2{Settings: OAuthSettings{TokenURL: ts.URL, ClientID: "id"}, ClientSecret: "secret",
				Client: NewClient(ClientOptions{Now: func() time.Time { return sent }})}
			got, err := o.Refresh(t.Context(), "r1")
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
				require.NotContains(t, err.Error(), "secret")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"r1"}, "client_id": {"id"},
				"client_secret": {"secret"}}, srv.form, "client_secret_post")
			require.Equal(t, "application/json", srv.accept)
		})
	}
}

// TestOAuth2Requests checks the requests themselves: the code exchange
// with PKCE and Basic credentials, and extra refresh parameters.
func TestOAuth2Requests(t *testing.T) {
	t.Parallel()
	srv := &tokenServer{status: 200, contentType: "application/json", body: `{"access_token":"a","refresh_token":"r"}`}
	ts := srv.start(t)
	o := OAuth2{Settings: OAuthSettings{TokenURL: ts.URL, ClientID: "id", BasicAuth: true}, ClientSecret: "s&cret",
		Client: NewClient(ClientOptions{}), RefreshParams: url.Values{"scope": {"offline"}}}
	_, err := o.Exchange(t.Context(), "code-1", "https://w.example/cb", "verifier-1")
	require.NoError(t, err)
	require.Equal(t, url.Values{"grant_type": {"authorization_code"}, "code": {"code-1"}, "redirect_uri": {"https://w.example/cb"},
		"code_verifier": {"verifier-1"}}, srv.form)
	require.Equal(t, "id", srv.user)
	require.Equal(t, url.QueryEscape("s&cret"), srv.pass)

	_, err = o.Refresh(t.Context(), "r")
	require.NoError(t, err)
	require.Equal(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"r"}, "scope": {"offline"}}, srv.form)
	_, err = o.Refresh(t.Context(), "")
	require.ErrorIs(t, err, ErrGrantRejected, "no refresh token: the grant cannot be renewed")
}

// TestAuthCodeURL checks the authorize URL: scopes joined by the
// provider's separator, PKCE, and an authorize URL with its own query.
func TestAuthCodeURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		settings  OAuthSettings
		challenge string
		want      string
	}{
		{name: "Spaces", settings: OAuthSettings{AuthURL: "https://p.example/auth", ClientID: "id", Scopes: []string{"a", "b"}},
			want: "https://p.example/auth?client_id=id&redirect_uri=https%3A%2F%2Fw.example%2Fcb&response_type=code&scope=a+b&state=st"},
		{name: "Commas", settings: OAuthSettings{AuthURL: "https://p.example/auth?x=1", ClientID: "id", Scopes: []string{"a", "b"}, ScopeSeparator: ","},
			want: "https://p.example/auth?x=1&client_id=id&redirect_uri=https%3A%2F%2Fw.example%2Fcb&response_type=code&scope=a%2Cb&state=st"},
		{name: "PKCE", settings: OAuthSettings{AuthURL: "https://p.example/auth", ClientID: "id"}, challenge: "ch",
			want: "https://p.example/auth?client_id=id&code_challenge=ch&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fw.example%2Fcb&response_type=code&state=st"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.settings.AuthCodeURL("st", "https://w.example/cb", tt.challenge))
		})
	}
}
