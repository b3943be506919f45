package simulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// fakeProvider proves the registration seam: it counts notifications.
type fakeProvider struct{ notified *atomic.Int64 }

func (f fakeProvider) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
}
func (f fakeProvider) Notify(_ context.Context, ch []truth.Change) error {
	f.notified.Add(int64(len(ch)))
	return nil
}
func (f fakeProvider) Credentials() simulator.Credentials {
	return simulator.Credentials{ClientID: "fake"}
}
func (f fakeProvider) URLs(base string) simulator.URLs { return simulator.URLs{API: base} }
func (f fakeProvider) Close()                          {}

func TestClusterServesWHOOPAndAdvances(t *testing.T) {
	t.Parallel()
	var hooks atomic.Int64
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hooks.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(recv.Close)
	var notified atomic.Int64
	factories := simulator.DefaultFactories()
	factories["fake"] = func(simulator.ProviderConfig) (simulator.Provider, error) { return fakeProvider{&notified}, nil }
	clock := simkit.NewFakeClock(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
	c, err := simulator.Start(t.Context(), simulator.Options{
		Providers: []string{"whoop", "fake"}, Users: 2, Days: 5, Seed: 3, Clock: clock,
		WebhookURLs: map[string]string{"whoop": recv.URL}, Factories: factories,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close(context.Background())) })
	require.Equal(t, clock.Now(), c.World.Now(), "the world caught up with the clock")

	ep, ok := c.Endpoint("whoop")
	require.True(t, ok)
	require.NotEmpty(t, ep.ClientSecret)
	token := connect(t, ep)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, ep.API+"/v2/user/profile/basic", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var prof struct {
		UserID int64 `json:"user_id"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&prof))
	require.NoError(t, resp.Body.Close())
	require.Equal(t, c.World.Person(1).WhoopUserID, prof.UserID)

	n, err := c.Advance(t.Context(), 24*time.Hour)
	require.NoError(t, err)
	require.Positive(t, n)
	require.Equal(t, int64(n), notified.Load(), "every provider sees every change")
	require.Positive(t, hooks.Load(), "connected users get WHOOP webhooks")

	// The admin endpoint advances the shared world, not just WHOOP's view.
	resp, err = http.Post(ep.BaseURL+"/_sim/advance?by=12h", "application/json", nil)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, clock.Now(), c.World.Now())
	require.Equal(t, time.Date(2025, 6, 2, 20, 0, 0, 0, time.UTC), clock.Now())
	require.Greater(t, notified.Load(), int64(n))
}

// connect runs the OAuth dance against the cluster's URLs for person 1.
func connect(t *testing.T, ep simulator.Endpoint) string {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {ep.ClientID}, "redirect_uri": {"https://app.example/cb"},
		"scope": {"offline read:profile"}, "state": {"0123456789"}, "sim_user": {"1"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(ep.Authorize + "?" + q.Encode())
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {"https://app.example/cb"},
		"client_id": {ep.ClientID}, "client_secret": {ep.ClientSecret}}
	resp, err = http.Post(ep.Token, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(body, &tok))
	return tok.AccessToken
}

func TestClusterRejectsUnknownProvider(t *testing.T) {
	t.Parallel()
	_, err := simulator.Start(t.Context(), simulator.Options{Providers: []string{"garmin"}, Users: 1, Days: 2,
		Clock: simkit.NewFakeClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))})
	require.ErrorContains(t, err, "unknown provider")
}
