package withings_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

const redirectURI = "https://app.example.com/callback"

// authorize follows the authorize page and returns the redirect's query.
func authorize(t *testing.T, b *testBundle, params url.Values) (int, url.Values) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, b.srv.URL+withings.RouteAuthorize+"?"+params.Encode(), nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return resp.StatusCode, loc.Query()
}

// authParams are a valid authorize request.
func authParams(b *testBundle, extra ...string) url.Values {
	v := form("response_type", "code", "client_id", b.sim.ClientID(), "state", "xyz-state",
		"scope", "user.info,user.metrics,user.activity", "redirect_uri", redirectURI)
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// requestToken posts action=requesttoken and returns the raw answer.
func requestToken(t *testing.T, b *testBundle, kv ...string) []byte {
	t.Helper()
	f := form("action", "requesttoken", "client_id", b.sim.ClientID(), "client_secret", b.sim.ClientSecret())
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return b.post(t, withings.RouteToken, "", f)
}

func TestAuthorize(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	tests := []struct {
		name   string
		params url.Values
		status int
		err    string
	}{
		{name: "Approves", params: authParams(b), status: http.StatusFound},
		{name: "UnknownClient", params: authParams(b, "client_id", "nope"), status: http.StatusBadRequest},
		{name: "MissingRedirect", params: authParams(b, "redirect_uri", ""), status: http.StatusBadRequest},
		{name: "ResponseType", params: authParams(b, "response_type", "token"), status: http.StatusFound, err: "unsupported_response_type"},
		{name: "MissingState", params: authParams(b, "state", ""), status: http.StatusFound, err: "invalid_request"},
		{name: "SpaceSeparatedScopes", params: authParams(b, "scope", "user.info user.metrics"), status: http.StatusFound, err: "invalid_scope"},
		{name: "UnknownUser", params: authParams(b, withings.SimUserParam, "999"), status: http.StatusFound, err: "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, q := authorize(t, b, tt.params)
			require.Equal(t, tt.status, code)
			if code != http.StatusFound {
				return
			}
			require.Equal(t, tt.err, q.Get("error"))
			if tt.err == "" {
				require.NotEmpty(t, q.Get("code"))
				require.Equal(t, "xyz-state", q.Get("state"))
			}
		})
	}
}

// TestTokenLifecycle walks the whole flow on the fake clock: code
// exchange, 3-hour access tokens, rotating refresh tokens.
func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	_, q := authorize(t, b, authParams(b, withings.SimUserParam, "1"))
	raw := requestToken(t, b, "grant_type", "authorization_code", "code", q.Get("code"), "redirect_uri", redirectURI)
	var tok withings.Response[withings.TokenBody]
	decodeStrict(t, raw, &tok)
	require.Equal(t, 0, tok.Status)
	require.Equal(t, b.world.Person(1).WithingsUserID, tok.Body.UserID)
	require.Equal(t, 10800, tok.Body.ExpiresIn)
	require.Equal(t, "user.info,user.metrics,user.activity", tok.Body.Scope)
	require.Equal(t, "Bearer", tok.Body.TokenType)

	// The code is single use.
	raw = requestToken(t, b, "grant_type", "authorization_code", "code", q.Get("code"), "redirect_uri", redirectURI)
	require.Equal(t, withings.StatusInvalidParams, status(t, raw))

	devices := form("action", "getdevice")
	require.Equal(t, 0, status(t, b.post(t, withings.RouteUser, tok.Body.AccessToken, devices)))

	// Refreshing rotates: the old refresh token stops working at once.
	raw = requestToken(t, b, "grant_type", "refresh_token", "refresh_token", tok.Body.RefreshToken)
	var next withings.Response[withings.TokenBody]
	decodeStrict(t, raw, &next)
	require.Equal(t, 0, next.Status)
	require.NotEqual(t, tok.Body.RefreshToken, next.Body.RefreshToken)
	raw = requestToken(t, b, "grant_type", "refresh_token", "refresh_token", tok.Body.RefreshToken)
	require.Equal(t, withings.StatusInvalidParams, status(t, raw))

	// Access tokens last three hours.
	b.clock.Advance(3*time.Hour - time.Second)
	require.Equal(t, 0, status(t, b.post(t, withings.RouteUser, next.Body.AccessToken, devices)))
	b.clock.Advance(time.Second)
	require.Equal(t, withings.StatusInvalidToken, status(t, b.post(t, withings.RouteUser, next.Body.AccessToken, devices)))

	// The refresh token outlives the access token.
	raw = requestToken(t, b, "grant_type", "refresh_token", "refresh_token", next.Body.RefreshToken)
	require.Equal(t, 0, status(t, raw))
}

func TestCodeExpiresAfter30Seconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		wait   time.Duration
		status int
	}{
		{name: "Within", wait: 30 * time.Second, status: 0},
		{name: "After", wait: 31 * time.Second, status: withings.StatusInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOpts{users: 1, days: 2})
			_, q := authorize(t, b, authParams(b))
			b.clock.Advance(tt.wait)
			raw := requestToken(t, b, "grant_type", "authorization_code", "code", q.Get("code"), "redirect_uri", redirectURI)
			require.Equal(t, tt.status, status(t, raw))
		})
	}
}

func TestTokenErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 2})
	tests := []struct {
		name   string
		form   []string
		status int
	}{
		{name: "WrongSecret", form: []string{"client_secret", "nope", "grant_type", "refresh_token", "refresh_token", "x"}, status: withings.StatusInvalidParams},
		{name: "WrongAction", form: []string{"action", "getaccesstoken"}, status: withings.StatusNotImplemented},
		{name: "GrantType", form: []string{"grant_type", "password"}, status: withings.StatusInvalidParams},
		{name: "UnknownRefresh", form: []string{"grant_type", "refresh_token", "refresh_token", "nope"}, status: withings.StatusInvalidParams},
		{name: "MissingRedirect", form: []string{"grant_type", "authorization_code", "code", "x"}, status: withings.StatusInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.status, status(t, requestToken(t, b, tt.form...)))
		})
	}
}

func TestAPIAuthErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 2})
	metricsOnly := b.token(t, 0, withings.ScopeMetrics)
	tests := []struct {
		name   string
		path   string
		token  string
		form   url.Values
		status int
	}{
		{name: "NoToken", path: withings.RouteUser, form: form("action", "getdevice"), status: withings.StatusInvalidToken},
		{name: "BadToken", path: withings.RouteUser, token: "nope", form: form("action", "getdevice"), status: withings.StatusInvalidToken},
		{name: "UnknownAction", path: withings.RouteUser, token: metricsOnly, form: form("action", "nope"), status: withings.StatusNotImplemented},
		{name: "MissingScope", path: withings.RouteSleep, token: metricsOnly, form: form("action", "getsummary", "lastupdate", "0"), status: withings.StatusScope},
		{name: "TokenParam", path: withings.RouteMeasure, form: form("action", "getmeas", "access_token", metricsOnly), status: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.status, status(t, b.post(t, tt.path, tt.token, tt.form)))
		})
	}
}
