package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// runBenchSync measures sync throughput: users × days of history from
// every simulated provider over real HTTP, rate limits off, into a fresh
// store, reporting documents/s and records/s per provider and in total.
func runBenchSync(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench sync", env)
	dbURL := fs.String("database-url", "", "postgres://… URL to benchmark PostgreSQL in a schema of that database (default: SQLite)")
	schema := fs.String("schema", "", "with -database-url: keep the data in this new schema after the run (default: a scratch schema dropped at exit)")
	dir := fs.String("dir", "", "SQLite: keep the data in this new directory after the run (default: a temporary directory removed at exit)")
	users := fs.Int("users", 200, "users, each connected to every provider")
	days := fs.Int("days", 90, "days of history per user and provider")
	seed := fs.Int64("seed", 1, "ground-truth seed")
	workers := fs.Int("workers", 4, "backfills running at once")
	only := fs.String("providers", "", "comma-separated providers to sync from (default: all of "+providerList()+")")
	verify := fs.Bool("verify", false, "afterwards, check the store holds exactly the documents each simulator serves")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run (simulators included) to this file, for go tool pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *users <= 0 || *days <= 0 || *workers <= 0 {
		return fmt.Errorf("%w: -users, -days and -workers must be positive", errUsage)
	}
	provs, err := parseProviders(*only)
	if err != nil {
		return err
	}
	st, cleanup, err := openBenchStore(ctx, benchStoreOptions{URL: *dbURL, Schema: *schema, Dir: *dir})
	if err != nil {
		return err
	}
	defer cleanup()
	if _, n, err := st.ListUsers(ctx, store.UserQuery{Page: 1, Limit: 1}); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%w: the store already holds %d users; -schema and -dir must name a new one", errUsage, n)
	}
	fmt.Fprintf(env.Stdout, "sync: %d users × %d days from %s, store %s, %d workers, rate limits off\n", *users, *days,
		joinProviders(provs), st.Engine(), *workers)
	fmt.Fprintf(env.Stdout, throughputFormat, "provider", "wall", "documents", "documents/s", "records", "records/s", "samples", "events")
	if *profile != "" {
		stop, err := startCPUProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := syncertest.SyncBench(ctx, syncertest.SyncBenchOptions{Store: st, Users: *users, Days: *days, Seed: *seed,
		Workers: *workers, Providers: provs, Verify: *verify, Progress: func(t syncertest.SyncThroughput) {
			throughputRow(env.Stdout, t)
		}})
	if err != nil {
		return err
	}
	throughputRow(env.Stdout, res.Total)
	if *verify {
		fmt.Fprintln(env.Stdout, "verified: the store holds exactly the documents the simulators serve")
	}
	return nil
}

// throughputFormat lays out the table; rows print as each provider ends,
// so the widths are fixed rather than measured.
const throughputFormat = "%-9s %9s %10s %12s %11s %10s %11s %8s\n"

// throughputRow writes one provider's (or the total's) line.
func throughputRow(w io.Writer, t syncertest.SyncThroughput) {
	fmt.Fprintf(w, throughputFormat, t.Provider, t.Wall.Round(10*time.Millisecond), fmt.Sprint(t.Documents),
		fmt.Sprintf("%.0f", t.DocumentsPerSecond()), fmt.Sprint(t.Records), fmt.Sprintf("%.0f", t.RecordsPerSecond()),
		fmt.Sprint(t.Samples), fmt.Sprint(t.Events))
}

// parseProviders reads -providers: empty is all of them.
func parseProviders(s string) ([]domain.Provider, error) {
	if s == "" {
		return syncertest.SyncBenchProviders(), nil
	}
	var out []domain.Provider
	for name := range strings.SplitSeq(s, ",") {
		p := domain.Provider(strings.TrimSpace(name))
		if !slices.Contains(syncertest.SyncBenchProviders(), p) {
			return nil, fmt.Errorf("%w: -providers takes a comma-separated list of %s", errUsage, providerList())
		}
		out = append(out, p)
	}
	return out, nil
}

func providerList() string { return joinProviders(syncertest.SyncBenchProviders()) }

func joinProviders(ps []domain.Provider) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}
