package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/bench"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
)

// runBenchAPI loads a dataset generated from the simulator's ground truth
// and measures the read API under concurrent load, beside a trivial
// handler on the same server (the HTTP stack's own ceiling).
func runBenchAPI(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench api", env)
	dbURL := fs.String("database-url", "", "postgres://… URL to benchmark PostgreSQL in a schema of that database (default: SQLite)")
	schema := fs.String("schema", "", "with -database-url: keep the dataset in this schema and reuse it on later runs (default: a scratch schema dropped at exit)")
	dir := fs.String("dir", "", "SQLite: keep the dataset in this directory and reuse it on later runs (default: a temporary directory removed at exit)")
	users := fs.Int("users", 1000, "users in the dataset")
	days := fs.Int("days", 365, "days of history per user")
	distinct := fs.Int("distinct", 50, "distinct generated people (users beyond reuse their data under new ids)")
	hrUsers := fs.Int("hr-users", 10, "users with a full 1 Hz heart-rate series")
	clients := fs.Int("clients", 32, "concurrent clients")
	dur := fs.Duration("duration", 10*time.Second, "load duration per route")
	seed := fs.Int64("seed", 1, "ground-truth seed")
	routes := fs.String("routes", "", "measure only routes whose name contains this text (the trivial handler always runs)")
	profile := fs.String("profile", "", "write a CPU profile per route, and mutex and block profiles, into this directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, cleanup, err := openBenchStore(ctx, benchStoreOptions{URL: *dbURL, Schema: *schema, Dir: *dir})
	if err != nil {
		return err
	}
	defer cleanup()
	lo := bench.LoadOptions{Users: *users, Days: *days, Distinct: *distinct, HRUsers: *hrUsers, Seed: *seed, Progress: progress(env.Stderr)}
	ds, err := benchDataset(ctx, env, st, lo)
	if err != nil {
		return err
	}
	key, rec := apikey.Generate("bench", time.Now())
	if _, err := st.CreateAPIKey(ctx, rec); err != nil {
		return err
	}
	srv, err := api.New(api.Options{Store: st, Logger: slog.New(slog.DiscardHandler), Providers: catalog.Default()})
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
	ho := bench.HTTPOptions{BaseURL: "http://" + ln.Addr().String(), APIKey: key, Clients: *clients, Duration: *dur, Seed: uint64(*seed)}
	if *profile != "" {
		stop, err := startProfiles(*profile, &ho)
		if err != nil {
			return err
		}
		defer stop()
	}
	results, err := bench.Run(ctx, ho, selectTargets(bench.Targets(ds), *routes))
	if err != nil {
		return err
	}
	printResults(env.Stdout, st.Engine(), *clients, results)
	return nil
}

// benchDataset reuses the dataset a kept store already holds, or loads it.
func benchDataset(ctx context.Context, env Env, st store.Store, lo bench.LoadOptions) (bench.Dataset, error) {
	ds, ok, err := bench.Find(ctx, st, lo)
	if err != nil {
		return bench.Dataset{}, fmt.Errorf("%w (remove it or choose another -dir/-schema)", err)
	}
	if ok {
		fmt.Fprintf(env.Stderr, "reusing the dataset of %d users × %d days in %s\n", len(ds.Users), lo.Days, st.Engine())
		return ds, nil
	}
	fmt.Fprintf(env.Stderr, "loading %d users × %d days (%d distinct, %d with 1 Hz HR) into %s…\n", lo.Users, lo.Days, lo.Distinct, lo.HRUsers, st.Engine())
	if ds, err = bench.Load(ctx, st, lo); err != nil {
		return bench.Dataset{}, err
	}
	fmt.Fprintf(env.Stderr, "\nloaded %d records and %d samples in %s\n", ds.Records, ds.Samples, ds.Duration.Round(time.Second))
	return ds, nil
}

// selectTargets keeps the trivial handler and the routes whose name
// contains filter.
func selectTargets(ts []bench.Target, filter string) []bench.Target {
	if filter == "" {
		return ts
	}
	out := ts[:1]
	for _, t := range ts[1:] {
		if strings.Contains(t.Name, filter) {
			out = append(out, t)
		}
	}
	return out
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
