package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// providerNames are the catalogued providers' names, in catalogue order.
func providerNames() []string {
	var out []string
	for _, n := range catalog.Default().Names() {
		out = append(out, string(n))
	}
	return out
}

// runBenchBackfill measures a backfill of one user against a provider's
// simulator over real HTTP, rate-limited on the wall clock as the
// provider is:
//
//   - requests ÷ minimum: provider requests made over the fewest the
//     provider's pagination allows for what was stored (syncertest's
//     MinimumRequests spells the rule out per provider);
//   - wall ÷ bound: elapsed time over the time the rate limit imposes on
//     the minimum number of requests at the limit's sustained rate
//     (minimum × window ÷ limit, for the shortest window).
func runBenchBackfill(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench backfill", env)
	names := providerNames()
	name := fs.String("provider", names[0], "provider to backfill from: "+strings.Join(names, "|"))
	dbURL := fs.String("database-url", "", "postgres://… URL of a scratch database/schema (default: a temporary SQLite file)")
	days := fs.Int("days", 90, "days of history to backfill")
	rpm := fs.Int("rate-per-minute", 0, "the app's rate limit per minute, enforced by the simulator and budgeted by the client (default: the provider's published limits)")
	seed := fs.Int64("seed", 1, "ground-truth seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, ok := catalog.Default().Get(domain.Provider(*name))
	if !ok {
		return fmt.Errorf("%w: -provider must be one of %s", errUsage, strings.Join(names, ", "))
	}
	limits := benchLimits(d.Limits, *rpm)
	st, cleanup, err := benchStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer cleanup()
	windows := make([]simkit.Window, len(limits))
	for i, l := range limits {
		windows[i] = simkit.Window{Limit: l.Requests, Length: l.Per}
	}
	r, err := syncertest.NewBackfiller(*name, syncertest.Options{Store: st, Users: 1, Days: *days + 5, Seed: *seed, RealClock: true, BackfillDays: *days,
		RateLimits: windows, Budget: provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits}), Timeout: 30 * time.Second})
	if err != nil {
		return err
	}
	defer r.Close()
	c, err := r.Connect(ctx, 0)
	if err != nil {
		return err
	}
	r.Counters().Reset()
	start := time.Now()
	run, err := r.Backfill(ctx, c)
	if err != nil {
		return err
	}
	wall := time.Since(start)
	made := r.Counters().Total()
	minimum, err := r.MinimumRequests(ctx, c)
	if err != nil {
		return err
	}
	l := limits[0]
	bound := time.Duration(float64(minimum.Requests) * float64(l.Per) / float64(l.Requests))
	fmt.Fprintf(env.Stdout, "%s backfill: %d days, %d documents, store %s, limit %s\n", *name, *days, minimum.Documents, st.Engine(), limitString(limits))
	fmt.Fprintf(env.Stdout, "requests       %d made, %d minimum  → ratio %.2f\n", made, minimum.Requests, float64(made)/float64(minimum.Requests))
	fmt.Fprintf(env.Stdout, "wall time      %s, rate-limit bound %s → ratio %.2f\n", wall.Round(time.Millisecond), bound.Round(time.Millisecond),
		wall.Seconds()/bound.Seconds())
	fmt.Fprintf(env.Stdout, "minimum by type %s\n", perType(minimum.PerType))
	fmt.Fprintf(env.Stdout, "made by route  %s\n", perRoute(r.Counters().Snapshot()))
	fmt.Fprintf(env.Stdout, "sync run       %s: fetched %d, stored %d, updated %d, deleted %d\n", run.Status, run.Fetched, run.Stored, run.Updated, run.Deleted)
	return nil
}

// benchLimits are the provider's published limits, shortest window
// first, or rpm per minute when given (WHOOP keeps its daily cap, which a
// single backfill never reaches).
func benchLimits(published []provider.Limit, rpm int) []provider.Limit {
	if rpm <= 0 {
		return published
	}
	out := []provider.Limit{{Requests: rpm, Per: time.Minute}}
	for _, l := range published {
		if l.Per > time.Hour {
			out = append(out, l)
		}
	}
	return out
}

// limitString renders limits as "100/1m0s, 10000/24h0m0s".
func limitString(limits []provider.Limit) string {
	parts := make([]string, len(limits))
	for i, l := range limits {
		parts[i] = fmt.Sprintf("%d/%s", l.Requests, l.Per)
	}
	return strings.Join(parts, ", ")
}

// perRoute renders the requests made per simulator route, with any
// status other than 200, in a stable order.
func perRoute(m map[string]simkit.RouteStats) string {
	counts := make(map[string]int, len(m))
	for route, st := range m {
		key := route
		for code, n := range st.Statuses {
			if code != 200 {
				key += fmt.Sprintf("(%d×%d)", n, code)
			}
		}
		counts[key] = st.Requests
	}
	return perType(counts)
}

// perType renders the per-type minimum in a stable order.
func perType(m map[string]int) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
