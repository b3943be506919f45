package bench

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestLoadAndServe checks the benchmark dataset loads and every benchmark
// route answers 200 on it (so `wearhouse bench api` cannot rot).
func TestLoadAndServe(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	ds, err := Load(context.Background(), st, LoadOptions{Users: 3, Days: 8, Distinct: 2, HRUsers: 1, Seed: 7})
	require.NoError(t, err)
	require.Len(t, ds.Users, 3)
	require.Positive(t, ds.Records)
	require.Greater(t, ds.Samples, int64(6*86400))
	key, rec := apikey.Generate("b", time.Now())
	_, err = st.CreateAPIKey(context.Background(), rec)
	require.NoError(t, err)
	srv, err := api.New(api.Options{Store: st, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/", srv)
	mux.HandleFunc("GET /bench/trivial", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "{}") })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	res, err := Run(context.Background(), HTTPOptions{BaseURL: ts.URL, APIKey: key, Clients: 2, Duration: 50 * time.Millisecond, Seed: 1},
		Targets(ds))
	require.NoError(t, err)
	for _, r := range res {
		require.Zero(t, r.Errors, r.Name)
		require.Positive(t, r.Requests, r.Name)
	}
}

// BenchmarkRoutes profiles the routes of `wearhouse bench api` in process
// (no HTTP client or network) on a year of data for a few users, one with
// 1 Hz heart rate:
// go test -run '^$' -bench 'Routes/sleep' -cpuprofile cpu.out ./internal/bench/
func BenchmarkRoutes(b *testing.B) {
	st := storetest.NewSQLite(b)
	ds, err := Load(context.Background(), st, LoadOptions{Users: 4, Days: 365, Distinct: 2, HRUsers: 1, Seed: 7})
	require.NoError(b, err)
	key, rec := apikey.Generate("b", time.Now())
	_, err = st.CreateAPIKey(context.Background(), rec)
	require.NoError(b, err)
	srv, err := api.New(api.Options{Store: st, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(b, err)
	for _, target := range Targets(ds)[1:] {
		b.Run(target.Name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, target.Path(r), nil)
				req.Header.Set("X-Open-Wearables-API-Key", key)
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
