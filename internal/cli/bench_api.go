package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/bench"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// runBenchAPI loads a dataset generated from the simulator's ground truth
// and measures the read API under concurrent load, beside a trivial
// handler on the same server (the HTTP stack's own ceiling).
func runBenchAPI(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench api", env)
	dbURL := fs.String("database-url", "", "postgres://… URL of a scratch database/schema (default: a temporary SQLite file)")
	users := fs.Int("users", 1000, "users in the dataset")
	days := fs.Int("days", 365, "days of history per user")
	distinct := fs.Int("distinct", 50, "distinct generated people (users beyond reuse their data under new ids)")
	hrUsers := fs.Int("hr-users", 10, "users with a full 1 Hz heart-rate series")
	clients := fs.Int("clients", 32, "concurrent clients")
	dur := fs.Duration("duration", 10*time.Second, "load duration per route")
	seed := fs.Int64("seed", 1, "ground-truth seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, cleanup, err := benchStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Fprintf(env.Stderr, "loading %d users × %d days (%d distinct, %d with 1 Hz HR) into %s…\n", *users, *days, *distinct, *hrUsers, st.Engine())
	ds, err := bench.Load(ctx, st, bench.LoadOptions{Users: *users, Days: *days, Distinct: *distinct, HRUsers: *hrUsers, Seed: *seed,
		Progress: progress(env.Stderr)})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "\nloaded %d records and %d samples in %s\n", ds.Records, ds.Samples, ds.Duration.Round(time.Second))
	key, rec := apikey.Generate("bench", time.Now())
	if _, err := st.CreateAPIKey(ctx, rec); err != nil {
		return err
	}
	srv, err := api.New(api.Options{Store: st, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", srv)
	mux.HandleFunc("GET /bench/trivial", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	results, err := bench.Run(ctx, bench.HTTPOptions{BaseURL: "http://" + ln.Addr().String(), APIKey: key, Clients: *clients,
		Duration: *dur, Seed: uint64(*seed)}, apiTargets(ds))
	if err != nil {
		return err
	}
	printResults(env.Stdout, st.Engine(), *clients, results)
	return nil
}

func apiTargets(ds bench.Dataset) []bench.Target {
	day := func(r *rand.Rand, from time.Time, n int) time.Time {
		return from.Add(time.Duration(r.IntN(n)) * 24 * time.Hour)
	}
	user := func(r *rand.Rand, ids []string) string { return ids[r.IntN(len(ids))] }
	date := func(t time.Time) string { return t.Format(time.DateOnly) }
	last30 := ds.End.Add(-30 * 24 * time.Hour)
	return []bench.Target{
		{Name: "trivial handler", Path: func(*rand.Rand) string { return "/bench/trivial" }},
		{Name: "sleep page (30 days, limit 50)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/events/sleep?start_date=" + date(last30) + "&end_date=" + date(ds.End) + "&limit=50"
		}},
		{Name: "workout page (90 days, limit 50)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/events/workouts?start_date=" + date(ds.End.Add(-90*24*time.Hour)) + "&end_date=" + date(ds.End) + "&limit=50"
		}},
		{Name: "activity summaries (1 year)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/summaries/activity?start_date=" + date(ds.End.AddDate(-1, 0, 0)) + "&end_date=" + date(ds.End) + "&limit=400"
		}},
		{Name: "heart rate, 1 day raw 1 Hz", Path: func(r *rand.Rand) string {
			d := day(r, ds.Start.Add(24*time.Hour), int(ds.End.Sub(ds.Start).Hours()/24)-2)
			return "/api/v1/users/" + user(r, ds.HRUsers) + "/timeseries?types=heart_rate&start_time=" + date(d) + "&end_time=" + date(d.Add(24*time.Hour)) + "&limit=86400"
		}},
		{Name: "heart rate, 30 days at 5min", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/timeseries?types=heart_rate&resolution=5min&start_time=" + date(last30) + "&end_time=" + date(ds.End) + "&limit=8640"
		}},
	}
}

func printResults(w io.Writer, engine string, clients int, rs []bench.Result) {
	fmt.Fprintf(w, "\n%s, %d concurrent clients\n\n", engine, clients)
	fmt.Fprintln(w, "| route | requests | errors | p50 | p99 | req/s | of trivial | bytes/resp |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	base := rs[0].RPS
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.0f | %.1f %% | %d |\n", r.Name, r.Requests, r.Errors,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.RPS, 100*r.RPS/base, r.BytesPerOp)
	}
}

func progress(w io.Writer) func(done, total int) {
	return func(done, total int) {
		if done == total || done%max(1, total/20) == 0 {
			fmt.Fprintf(w, "\r  %d/%d users", done, total)
		}
	}
}

// benchStore opens a scratch store: a temporary SQLite file, or the given
// Postgres URL (point it at a scratch database or a search_path schema).
func benchStore(ctx context.Context, url string) (store.Store, func(), error) {
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	if err != nil {
		return nil, nil, err
	}
	if url != "" {
		s, err := postgres.Open(ctx, postgres.Options{URL: url, Box: box})
		if err != nil {
			return nil, nil, err
		}
		if err := s.Migrate(ctx); err != nil {
			_ = s.Close()
			return nil, nil, err
		}
		return s, func() { _ = s.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "wearhouse-bench-")
	if err != nil {
		return nil, nil, err
	}
	s, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "bench.db"), Box: box})
	if err == nil {
		err = s.Migrate(ctx)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, err
	}
	return s, func() { _ = s.Close(); _ = os.RemoveAll(dir) }, nil
}
