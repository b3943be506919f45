package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// withingsServer is a process wired to a Withings simulator, its
// WEARHOUSE_BASE_URL served by its own handler (so the simulator's HEAD
// probe reaches the webhook route), with one connected user.
type withingsServer struct {
	srv    *Server
	sim    *simwithings.Server
	simURL string
	token  string
	conn   domain.Connection
}

func newWithingsServer(t *testing.T, baseURL bool) *withingsServer {
	t.Helper()
	ctx := t.Context()
	world, err := truth.Generate(truth.Options{Seed: 3, Users: 1, Days: 2})
	require.NoError(t, err)
	clock := simkit.NewFakeClock(world.Now())
	sim, err := simwithings.New(simwithings.Config{World: world, Clock: clock, RateLimits: []simkit.Window{}})
	require.NoError(t, err)
	simSrv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sim.Close(); simSrv.Close() })
	var front atomic.Pointer[Server]
	self := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { front.Load().Handler().ServeHTTP(w, r) }))
	t.Cleanup(self.Close)

	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
	cfg.BaseURL = ""
	if baseURL {
		cfg.BaseURL = self.URL
	}
	cfg.Providers["withings"] = config.ProviderConfig{APIURL: simSrv.URL, AuthURL: simSrv.URL + simwithings.RouteAuthorize,
		TokenURL: simSrv.URL + simwithings.RouteToken, ClientID: sim.ClientID(), ClientSecret: sim.ClientSecret(),
		Scopes: strings.Join(withings.Scopes(), ","), RateLimit: "100000/1m"}
	log := slog.New(slog.DiscardHandler)
	st, err := OpenStore(ctx, cfg, log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	srv, err := New(cfg, st, log, WithClock(clock.Now))
	require.NoError(t, err)
	front.Store(srv)

	u, err := st.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	tok, err := sim.IssueToken(0)
	require.NoError(t, err)
	c, err := st.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderWithings,
		ProviderUserID: strconv.FormatInt(world.Person(0).WithingsUserID, 10), Scope: strings.Join(withings.Scopes(), ","),
		Status: domain.ConnectionActive, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenExpiresAt: tok.ExpiresAt})
	require.NoError(t, err)
	return &withingsServer{srv: srv, sim: sim, simURL: simSrv.URL, token: tok.AccessToken, conn: c}
}

// revoke removes one category's subscription at the simulator, as a user
// or Withings itself would.
func (w *withingsServer) revoke(t *testing.T, appli int) {
	t.Helper()
	p, ok := w.srv.withingsProvider()
	require.True(t, ok)
	form := url.Values{"action": {"revoke"}, "callbackurl": {p.CallbackURL(w.conn.ProviderUserID)}, "appli": {strconv.Itoa(appli)}}
	req, err := http.NewRequest(http.MethodPost, w.simURL+simwithings.RouteNotify, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+w.token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
}

// applis lists the simulator's subscribed categories, sorted.
func (w *withingsServer) applis() []int {
	var out []int
	for _, s := range w.sim.Subscriptions() {
		out = append(out, s.Appli)
	}
	slices.Sort(out)
	return out
}

// TestWithingsRepairLoop runs the scheduled repair with a controlled
// timer: the run at start subscribes the connection's user to every
// category; a category then removed at the simulator is back after the
// next tick; cancelling ends the loop.
func TestWithingsRepairLoop(t *testing.T) {
	t.Parallel()
	w := newWithingsServer(t, true)
	all := slices.Sorted(slices.Values(withings.DefaultApplis()))
	ctx, cancel := context.WithCancel(t.Context())
	ran, ticks, done := make(chan time.Duration), make(chan time.Time), make(chan struct{})
	go func() {
		defer close(done)
		w.srv.keepWithingsSubscriptions(ctx, func(d time.Duration) <-chan time.Time {
			ran <- d
			return ticks
		})
	}()
	waitRun := func() {
		t.Helper()
		select {
		case d := <-ran:
			require.Equal(t, withings.RepairInterval, d)
		case <-done:
			t.Fatal("the repair loop ended")
		}
	}
	waitRun()
	require.Equal(t, all, w.applis(), "the run at start subscribed every category")

	w.revoke(t, withings.AppliSleep)
	require.NotContains(t, w.applis(), withings.AppliSleep)
	ticks <- time.Now()
	waitRun()
	require.Equal(t, all, w.applis(), "the scheduled run restored the removed category")
	for _, s := range w.sim.Subscriptions() {
		require.True(t, strings.HasSuffix(strings.Split(s.CallbackURL, "?")[0], withings.WebhookPath))
	}

	cancel()
	<-done
}

// TestWithingsRepairNeedsBaseURL: without a base URL Withings cannot
// call back, so the loop does nothing and returns.
func TestWithingsRepairNeedsBaseURL(t *testing.T) {
	t.Parallel()
	w := newWithingsServer(t, false)
	w.srv.keepWithingsSubscriptions(t.Context(), func(time.Duration) <-chan time.Time {
		t.Error("no run expected")
		return nil
	})
	require.Empty(t, w.applis())
}
