package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
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
		Duration: *dur, Seed: uint64(*seed)}, bench.Targets(ds))
	if err != nil {
		return err
	}
	printResults(env.Stdout, st.Engine(), *clients, results)
	return nil
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
