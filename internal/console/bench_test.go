package console_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/bench"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/console/consoletest"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/store"
)

// benchPages measures each page's server time: one GET per iteration
// over loopback HTTP with a signed-in client, the page read to its end.
// The target is under 50 ms per page (docs/console.md).
func benchPages(b *testing.B, base string, c *http.Client, pages map[string]string) {
	for name, path := range pages {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				getOK(b, c, base+path)
			}
		})
	}
}

// chartCalls are the API requests a user's page makes for its charts,
// with the window ending at until (the page's data-until).
func chartCalls(userID string, until time.Time, winner string) []string {
	ts := func(d time.Duration) string { return until.Add(-d).UTC().Format(time.RFC3339) }
	day := func(d time.Duration) string { return until.Add(-d).UTC().Format(time.DateOnly) }
	end, u := until.UTC().Format(time.RFC3339), "/api/v1/users/"+userID
	return []string{
		u + "/events/sleep?start_date=" + ts(72*time.Hour) + "&end_date=" + end + "&limit=30",
		u + "/timeseries?types=heart_rate&resolution=1min&filter_by_priority=true&limit=2000&start_time=" + ts(24*time.Hour) + "&end_time=" + end,
		u + "/timeseries?types=heart_rate&resolution=5min&limit=10000&" + hr30Source(winner) + "&start_time=" + ts(30*24*time.Hour) + "&end_time=" + end,
		u + "/summaries/activity?limit=100&sort_order=asc&start_date=" + day(30*24*time.Hour) + "&end_date=" + day(0),
		u + "/summaries/recovery?limit=100&sort_order=asc&start_date=" + day(30*24*time.Hour) + "&end_date=" + day(0),
		u + "/timeseries?types=weight&resolution=1day&filter_by_priority=true&limit=200&start_time=" + ts(90*24*time.Hour) + "&end_time=" + end,
		u + "/timeseries?types=body_fat_percentage&resolution=1day&filter_by_priority=true&limit=200&start_time=" + ts(90*24*time.Hour) + "&end_time=" + end,
	}
}

// hr30Source is how the 30-day chart picks its source: the last day's
// winner, or priorities when the day had none.
func hr30Source(winner string) string {
	if winner == "" {
		return "filter_by_priority=true"
	}
	return "provider=" + winner
}

// chartNames name chartCalls' requests in the benchmark.
var chartNames = [...]string{"sleep", "hr_day", "hr_30d", "activity", "recovery", "weight", "body_fat"}

// benchCharts measures the API time of a user's page's charts: every
// chart request of one page view per iteration, with the session.
func benchCharts(b *testing.B, base string, c *http.Client, userID string) {
	_, page := consoletest.Get(b, c, base+"/console/users/"+userID)
	i := strings.Index(page, `data-until="`) + len(`data-until="`)
	until, err := time.Parse(time.RFC3339, page[i:i+20])
	require.NoError(b, err)
	calls := chartCalls(userID, until, dayWinner(b, c, base+chartCalls(userID, until, "")[1]))
	for i, path := range calls {
		b.Run("chart_"+chartNames[i], func(b *testing.B) {
			for b.Loop() {
				getOK(b, c, base+path)
			}
		})
	}
	b.Run("user_charts", func(b *testing.B) {
		for b.Loop() {
			for _, path := range calls {
				getOK(b, c, base+path)
			}
		}
	})
}

// dayWinner is the provider most of a day of heart rate came from, as
// the page's script picks it for the 30-day chart.
func dayWinner(b *testing.B, c *http.Client, u string) string {
	res, err := c.Get(u)
	require.NoError(b, err)
	defer res.Body.Close()
	var page struct {
		Data []struct {
			Source struct{ Provider string }
		}
	}
	require.NoError(b, json.NewDecoder(res.Body).Decode(&page))
	n := map[string]int{}
	best := ""
	for _, s := range page.Data {
		n[s.Source.Provider]++
		if n[s.Source.Provider] > n[best] {
			best = s.Source.Provider
		}
	}
	return best
}

// getOK reads u to its end and fails on anything but 200.
func getOK(b *testing.B, c *http.Client, u string) {
	res, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", u, res.StatusCode)
	}
}

// pageSet names every page for the benchmark, with the hosted connect
// page of a fresh link.
func pageSet(userID, connectToken string) map[string]string {
	return map[string]string{
		"overview": "/console/", "users": "/console/users", "users_search": "/console/users?q=demo&status=active",
		"user": "/console/users/" + userID, "syncs": "/console/syncs", "api_keys": "/console/api-keys",
		"priorities": "/console/priorities", "providers": "/console/providers", "webhooks": "/console/webhooks",
		"connect": "/connect/" + connectToken, "connect_result": "/connect/done?provider=oura&status=error&error=access_denied",
	}
}

// connectToken mints a connect link through the API.
func connectToken(b *testing.B, base, key, userID string) string {
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/users/"+userID+"/connect-link", strings.NewReader(`{"ttl_seconds":86400}`))
	require.NoError(b, err)
	req.Header.Set("X-Open-Wearables-API-Key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(b, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	require.Equal(b, http.StatusCreated, res.StatusCode, string(body))
	s := string(body)
	i := strings.Index(s, `"token":"`) + len(`"token":"`)
	return s[i : i+strings.IndexByte(s[i:], '"')]
}

// BenchmarkPagesDemo: every page on the demo's data (3 users, 30 days of
// WHOOP, Oura and Withings synced through the simulators).
func BenchmarkPagesDemo(b *testing.B) {
	info := startDemo(b, 3, 30)
	c := consoletest.Client(b)
	consoletest.SignIn(b, c, info.BaseURL, info.AdminUsername, info.AdminPassword)
	benchPages(b, info.BaseURL, c, pageSet(info.UserIDs[0], connectToken(b, info.BaseURL, info.APIKey, info.UserIDs[0])))
	benchCharts(b, info.BaseURL, c, info.UserIDs[0])
}

// BenchmarkPages1000Users: every page on the API benchmark's 1,000-user
// dataset (bench.Load), each user with a connection per provider.
func BenchmarkPages1000Users(b *testing.B) {
	ctx := context.Background()
	ts := httptest.NewUnstartedServer(nil)
	ts.Start()
	b.Cleanup(ts.Close)
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(b.TempDir(), "w.db")
	cfg.BaseURL, cfg.LogLevel = ts.URL, "error"
	for name, pc := range cfg.Providers {
		// Configured (the connect page offers them); never called.
		pc.ClientID, pc.ClientSecret = "bench-"+name, "bench-secret"
		cfg.Providers[name] = pc
	}
	log := slog.New(slog.DiscardHandler)
	st, err := server.OpenStore(ctx, cfg, log)
	require.NoError(b, err)
	b.Cleanup(func() { _ = st.Close() })
	ds, err := bench.Load(ctx, st, bench.LoadOptions{Users: 1000, Days: 7, Distinct: 4, HRUsers: 1, Seed: 7})
	require.NoError(b, err)
	now := time.Now()
	for i, id := range ds.Users {
		for _, p := range []domain.Provider{domain.ProviderWHOOP, domain.ProviderOura, domain.ProviderWithings} {
			cn, err := st.UpsertConnection(ctx, domain.Connection{UserID: id, Provider: p, ProviderUserID: string(p) + "-" + id,
				AccessToken: "a", RefreshToken: "r", TokenExpiresAt: now.Add(time.Hour)})
			require.NoError(b, err)
			if i%10 == 0 {
				_, err = st.CreateSyncRun(ctx, domain.SyncRun{UserID: id, ConnectionID: cn.ID, Provider: p, Source: "pull", StartedAt: now})
				require.NoError(b, err)
			}
		}
	}
	key, rec := apikey.Generate("bench", now)
	_, err = st.CreateAPIKey(ctx, rec)
	require.NoError(b, err)
	db := store.Console(st)
	_, err = db.CreateAdmin(ctx, domain.Admin{Username: "ops", PasswordHash: console.HashPassword(pw), Role: domain.AdminRoleAdmin})
	require.NoError(b, err)
	srv, err := server.New(cfg, st, log)
	require.NoError(b, err)
	ts.Config.Handler = srv.Handler()
	c := consoletest.Client(b)
	consoletest.SignIn(b, c, ts.URL, "ops", pw)
	benchPages(b, ts.URL, c, pageSet(ds.HRUsers[0], connectToken(b, ts.URL, key, ds.Users[0])))
	benchCharts(b, ts.URL, c, ds.HRUsers[0])
}
