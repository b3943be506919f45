package oauthflow

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// tokenServer is a token endpoint with rotating refresh tokens that
// counts refresh calls; reject makes it refuse every refresh.
type tokenServer struct {
	mu       sync.Mutex
	current  string
	n        int
	refreshs atomic.Int64
	reject   atomic.Bool
	gate     chan struct{}
}

func (ts *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v2/user/profile/basic" {
		_ = json.NewEncoder(w).Encode(map[string]any{"user_id": 4242, "email": "p@example.com"})
		return
	}
	_ = r.ParseForm()
	if r.PostForm.Get("grant_type") == "refresh_token" {
		ts.refreshs.Add(1)
		if ts.gate != nil {
			<-ts.gate
		}
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if r.PostForm.Get("grant_type") == "refresh_token" && (ts.reject.Load() || r.PostForm.Get("refresh_token") != ts.current) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	ts.n++
	ts.current = fmt.Sprintf("refresh-%d", ts.n)
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("access-%d", ts.n), "refresh_token": ts.current, "expires_in": 3600})
}

type bundle struct {
	st       store.Store
	svc      *Service
	tokens   *tokenServer
	reg      *provider.Registry
	user     domain.User
	connects atomic.Int64
	now      atomic.Pointer[time.Time]
}

func setup(t *testing.T, st store.Store) *bundle {
	t.Helper()
	b := &bundle{st: st, tokens: &tokenServer{}}
	now := time.Now().UTC()
	b.now.Store(&now)
	srv := httptest.NewServer(b.tokens)
	t.Cleanup(srv.Close)
	reg, err := provider.NewRegistry(whoop.New(whoop.Options{APIURL: srv.URL, AuthURL: "https://auth.example/authorize", TokenURL: srv.URL + "/token",
		ClientID: "cid", ClientSecret: "csecret"}))
	require.NoError(t, err)
	b.reg = reg
	b.svc = b.service(t)
	b.user, err = st.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	return b
}

func (b *bundle) service(t *testing.T) *Service {
	t.Helper()
	svc, err := New(Options{Store: b.st, Registry: b.reg, BaseURL: "https://wh.example", RedirectAllowlist: []string{"https://app.example/done"},
		LinkKey: []byte("k"), Now: func() time.Time { return *b.now.Load() },
		OnConnect: func(context.Context, domain.Connection) error { b.connects.Add(1); return nil }})
	require.NoError(t, err)
	return svc
}

func (b *bundle) advance(d time.Duration) {
	n := b.now.Load().Add(d)
	b.now.Store(&n)
}

func (b *bundle) connection(t *testing.T, expires time.Time) domain.Connection {
	t.Helper()
	b.tokens.mu.Lock()
	b.tokens.current = "refresh-0"
	b.tokens.mu.Unlock()
	c, err := b.st.UpsertConnection(t.Context(), domain.Connection{UserID: b.user.ID, Provider: domain.ProviderWHOOP, ProviderUserID: "4242",
		AccessToken: "access-0", RefreshToken: "refresh-0", TokenExpiresAt: expires})
	require.NoError(t, err)
	return c
}

func TestAuthorizeAndCallback(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t))
	ctx := t.Context()
	for _, bad := range []string{"https://evil.example/", "https://app.example/done.evil.net", "javascript:alert(1)", "/relative"} {
		_, err := b.svc.Authorize(ctx, domain.ProviderWHOOP, b.user.ID, bad)
		require.ErrorIs(t, err, ErrRedirectNotAllowed, bad)
	}
	_, err := b.svc.Authorize(ctx, domain.ProviderOura, b.user.ID, "")
	require.ErrorIs(t, err, provider.ErrUnknownProvider)

	res, err := b.svc.Authorize(ctx, domain.ProviderWHOOP, b.user.ID, "https://app.example/done?x=1")
	require.NoError(t, err)
	u, err := url.Parse(res.AuthorizationURL)
	require.NoError(t, err)
	require.Equal(t, "cid", u.Query().Get("client_id"))
	require.Equal(t, res.State, u.Query().Get("state"))
	require.Equal(t, "https://wh.example/api/v1/oauth/whoop/callback", u.Query().Get("redirect_uri"))
	require.Contains(t, u.Query().Get("scope"), "offline")
	require.GreaterOrEqual(t, len(res.State), 8)

	cb, err := b.svc.Callback(ctx, domain.ProviderWHOOP, CallbackParams{Code: "code", State: res.State})
	require.NoError(t, err)
	require.Equal(t, "success", cb.Status)
	ru, err := url.Parse(cb.RedirectURL)
	require.NoError(t, err)
	require.Equal(t, url.Values{"x": {"1"}, "provider": {"whoop"}, "user_id": {b.user.ID}, "status": {"success"}}, ru.Query())
	c, err := b.st.Connection(ctx, b.user.ID, domain.ProviderWHOOP)
	require.NoError(t, err)
	require.Equal(t, "4242", c.ProviderUserID)
	require.Equal(t, "refresh-1", c.RefreshToken)
	require.Equal(t, int64(1), b.connects.Load())

	_, err = b.svc.Callback(ctx, domain.ProviderWHOOP, CallbackParams{Code: "code", State: res.State})
	require.ErrorIs(t, err, ErrStateInvalid, "state is single-use")

	res, err = b.svc.Authorize(ctx, domain.ProviderWHOOP, b.user.ID, "https://app.example/done")
	require.NoError(t, err)
	b.advance(StateTTL + time.Second)
	_, err = b.svc.Callback(ctx, domain.ProviderWHOOP, CallbackParams{Code: "code", State: res.State})
	require.ErrorIs(t, err, ErrStateInvalid, "state expires")

	res, err = b.svc.Authorize(ctx, domain.ProviderWHOOP, b.user.ID, "https://app.example/done")
	require.NoError(t, err)
	cb, err = b.svc.Callback(ctx, domain.ProviderWHOOP, CallbackParams{State: res.State, Error: "access_denied"})
	require.NoError(t, err)
	require.Equal(t, "error", cb.Status)
	require.Contains(t, cb.RedirectURL, "error=access_denied")
}

func TestConnectLink(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t))
	scope := LinkScope{UserID: b.user.ID, Provider: domain.ProviderWHOOP, RedirectURI: "https://app.example/done"}
	tok, exp := b.svc.MintConnectLink(scope, time.Hour)
	require.True(t, exp.After(*b.now.Load()))
	require.NoError(t, b.svc.VerifyConnectLink(tok, scope))
	with := func(f func(*LinkScope)) LinkScope { s := scope; f(&s); return s }
	tests := []struct {
		name  string
		token string
		scope LinkScope
		want  error
	}{
		{"OtherUser", tok, with(func(s *LinkScope) { s.UserID = "someone-else" }), ErrLinkInvalid},
		{"Tampered", tok + "x", scope, ErrLinkInvalid},
		{"Garbage", "garbage", scope, ErrLinkInvalid},
		{"OtherProvider", tok, with(func(s *LinkScope) { s.Provider = domain.ProviderOura }), ErrLinkProvider},
		{"OtherRedirect", tok, with(func(s *LinkScope) { s.RedirectURI = "https://app.example/done/other" }), ErrLinkRedirect},
		{"NoRedirect", tok, with(func(s *LinkScope) { s.RedirectURI = "" }), ErrLinkRedirect},
		// A link signed before links carried provider and redirect is
		// refused, not honoured for every provider and redirect.
		{"Outdated", b.legacyLink(b.user.ID, *b.now.Load()), scope, ErrLinkOutdated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.ErrorIs(t, b.svc.VerifyConnectLink(tt.token, tt.scope), tt.want)
		})
	}
	anyProvider, _ := b.svc.MintConnectLink(LinkScope{UserID: b.user.ID}, time.Hour)
	require.NoError(t, b.svc.VerifyConnectLink(anyProvider, LinkScope{UserID: b.user.ID, Provider: domain.ProviderOura}), "minted without a provider")
	require.ErrorIs(t, b.svc.VerifyConnectLink(anyProvider, scope), ErrLinkRedirect, "minted without a redirect")

	other := setup(t, storetest.NewSQLite(t))
	other.svc.o.LinkKey = []byte("other")
	require.ErrorIs(t, other.svc.VerifyConnectLink(tok, scope), ErrLinkInvalid, "signed with another key")
	t.Cleanup(func() {
		b.advance(time.Hour + time.Second)
		require.ErrorIs(t, b.svc.VerifyConnectLink(tok, scope), ErrLinkInvalid, "expired")
	})
}

// legacyLink signs a link as wearhouse did before links were bound: user
// and expiry only.
func (b *bundle) legacyLink(userID string, now time.Time) string {
	payload, _ := json.Marshal(map[string]any{"u": userID, "e": now.Add(time.Hour).Unix()})
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(b.svc.sign(p))
}

// TestConcurrentRefreshIsSingleFlight: 50 refresh attempts on one
// connection, split over two Service instances (two replicas sharing the
// store), make one provider call and revoke nothing.
func TestConcurrentRefreshIsSingleFlight(t *testing.T) {
	t.Parallel()
	engines := map[string]func(t *testing.T) store.Store{
		"SQLite":   func(t *testing.T) store.Store { return storetest.NewSQLite(t) },
		"Postgres": func(t *testing.T) store.Store { return storetest.NewPostgres(t) },
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, open(t))
			b.tokens.gate = make(chan struct{})
			replicas := []*Service{b.svc, b.service(t)}
			c := b.connection(t, b.now.Load().Add(time.Hour))
			var wg sync.WaitGroup
			results := make(chan domain.Connection, 50)
			for i := range 50 {
				wg.Go(func() {
					got, err := replicas[i%2].Refresh(t.Context(), c)
					require.NoError(t, err)
					results <- got
				})
			}
			// Hold the one provider call until every attempt has started.
			require.Eventually(t, func() bool { return b.tokens.refreshs.Load() >= 1 }, 10*time.Second, time.Millisecond)
			close(b.tokens.gate)
			wg.Wait()
			close(results)
			require.Equal(t, int64(1), b.tokens.refreshs.Load())
			for got := range results {
				require.Equal(t, "access-1", got.AccessToken)
			}
			stored, err := b.st.ConnectionByID(t.Context(), c.ID)
			require.NoError(t, err)
			require.Equal(t, domain.ConnectionActive, stored.Status)
			require.Equal(t, "refresh-1", stored.RefreshToken)
		})
	}
}

func TestTokenRefreshesNearExpiryAndRevokesOnRejection(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t))
	ctx := t.Context()
	c := b.connection(t, b.now.Load().Add(time.Hour))
	got, err := b.svc.Token(ctx, c)
	require.NoError(t, err)
	require.Equal(t, "access-0", got.AccessToken, "not near expiry")
	require.Zero(t, b.tokens.refreshs.Load())

	b.advance(57 * time.Minute)
	got, err = b.svc.Token(ctx, got)
	require.NoError(t, err)
	require.Equal(t, "access-1", got.AccessToken, "refreshed within the skew")

	b.tokens.reject.Store(true)
	_, err = b.svc.Refresh(ctx, got)
	require.ErrorIs(t, err, ErrRevoked)
	stored, err := b.st.ConnectionByID(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionRevoked, stored.Status)
	require.Contains(t, stored.StatusReason, "refresh_rejected")
}

// TestInspectConnectLink: a hosted page learns the user and provider of a
// genuine, current link, and nothing from a forged, outdated or expired
// one.
func TestInspectConnectLink(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t))
	tok, exp := b.svc.MintConnectLink(LinkScope{UserID: b.user.ID, Provider: domain.ProviderOura}, time.Hour)
	info, err := b.svc.InspectConnectLink(tok)
	require.NoError(t, err)
	require.Equal(t, LinkInfo{UserID: b.user.ID, Provider: domain.ProviderOura, Expires: exp.UTC()}, info)
	for name, bad := range map[string]string{"Tampered": tamper(tok), "Garbage": "garbage", "NoSignature": "abc."} {
		_, err := b.svc.InspectConnectLink(bad)
		require.ErrorIs(t, err, ErrLinkInvalid, name)
	}
	_, err = b.svc.InspectConnectLink(b.legacyLink(b.user.ID, *b.now.Load()))
	require.ErrorIs(t, err, ErrLinkOutdated)
	b.advance(time.Hour + time.Second)
	_, err = b.svc.InspectConnectLink(tok)
	require.ErrorIs(t, err, ErrLinkInvalid, "expired")
}

// tamper changes one character inside the link's signature. A character in
// the middle carries six bits of it (the last one may only carry padding
// bits), so the decoded signature always differs.
func tamper(tok string) string {
	i := len(tok) - 5
	c := byte('A')
	if tok[i] == c {
		c = 'B'
	}
	return tok[:i] + string(c) + tok[i+1:]
}
