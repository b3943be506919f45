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

// BenchmarkSleepPage profiles one route on a realistic dataset:
// go test -run '^$' -bench SleepPage -cpuprofile cpu.out ./internal/bench/
func BenchmarkSleepPage(b *testing.B) {
	st := storetest.NewSQLite(b)
	ds, err := Load(context.Background(), st, LoadOptions{Users: 4, Days: 60, Distinct: 2, Seed: 7})
	require.NoError(b, err)
	key, rec := apikey.Generate("b", time.Now())
	_, err = st.CreateAPIKey(context.Background(), rec)
	require.NoError(b, err)
	srv, err := api.New(api.Options{Store: st, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(b, err)
	target := Targets(ds)[1]
	r := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, target.Path(r), nil)
		req.Header.Set("X-Open-Wearables-API-Key", key)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// TestFind checks a loaded dataset is recognised by the options that
// wrote it, and that other options neither reuse it nor load over it.
func TestFind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := LoadOptions{Users: 3, Days: 4, Distinct: 2, HRUsers: 1, Seed: 7}
	st := storetest.NewSQLite(t)
	_, ok, err := Find(ctx, st, opts)
	require.NoError(t, err)
	require.False(t, ok, "an empty store holds no dataset")
	loaded, err := Load(ctx, st, opts)
	require.NoError(t, err)
	tests := []struct {
		name  string
		opts  LoadOptions
		other bool
	}{
		{name: "Same", opts: opts},
		{name: "OtherDays", opts: LoadOptions{Users: 3, Days: 5, Distinct: 2, HRUsers: 1, Seed: 7}, other: true},
		{name: "OtherSeed", opts: LoadOptions{Users: 3, Days: 4, Distinct: 2, HRUsers: 1, Seed: 8}, other: true},
		{name: "OtherUsers", opts: LoadOptions{Users: 4, Days: 4, Distinct: 2, HRUsers: 1, Seed: 7}, other: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			found, ok, err := Find(ctx, st, tc.opts)
			if tc.other {
				require.ErrorIs(t, err, ErrOtherDataset)
				require.False(t, ok)
				return
			}
			require.NoError(t, err)
			require.True(t, ok)
			require.True(t, found.Reused)
			require.Equal(t, loaded.Users, found.Users)
			require.Equal(t, loaded.HRUsers, found.HRUsers)
			require.Equal(t, loaded.Start, found.Start)
			require.Equal(t, loaded.End, found.End)
		})
	}
}
