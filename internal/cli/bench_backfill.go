package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/rig"
)

// runBenchBackfill measures a WHOOP backfill of one user against the
// simulator over real HTTP, rate-limited on the wall clock as WHOOP is:
//
//   - requests ÷ minimum: provider requests made over the fewest the
//     pagination allows (one per snapshot, ceil(n/25) per collection);
//   - wall ÷ bound: elapsed time over the time the rate limit imposes on
//     the minimum number of requests at the limit's sustained rate
//     (minimum × window ÷ limit).
func runBenchBackfill(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench backfill", env)
	dbURL := fs.String("database-url", "", "postgres://… URL of a scratch database/schema (default: a temporary SQLite file)")
	days := fs.Int("days", 90, "days of history to backfill")
	rpm := fs.Int("rate-per-minute", 100, "the app's rate limit, enforced by the simulator and budgeted by the client")
	seed := fs.Int64("seed", 1, "ground-truth seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, cleanup, err := benchStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer cleanup()
	limits := []provider.Limit{{Requests: *rpm, Per: time.Minute}, {Requests: 10_000, Per: 24 * time.Hour}}
	r, err := rig.New(rig.Options{Store: st, Users: 1, Days: *days + 5, Seed: *seed, RealClock: true, BackfillDays: *days,
		RateLimits: []simkit.Window{{Limit: *rpm, Length: time.Minute}, {Limit: 10_000, Length: 24 * time.Hour}},
		Budget:     provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits}), Timeout: 30 * time.Second})
	if err != nil {
		return err
	}
	defer r.Close()
	c, err := r.Connect(ctx, 0)
	if err != nil {
		return err
	}
	r.Sim.Kit().Counters.Reset()
	start := time.Now()
	run, err := backfill(ctx, r.Syncer, c)
	if err != nil {
		return err
	}
	wall := time.Since(start)
	made := r.Sim.Kit().Counters.Total()
	minimum, docs, err := minimumRequests(ctx, st, c)
	if err != nil {
		return err
	}
	bound := time.Duration(float64(minimum) * float64(time.Minute) / float64(*rpm))
	fmt.Fprintf(env.Stdout, "WHOOP backfill: %d days, %d documents, store %s, limit %d/min\n", *days, docs, st.Engine(), *rpm)
	fmt.Fprintf(env.Stdout, "requests       %d made, %d minimum  → ratio %.2f\n", made, minimum, float64(made)/float64(minimum))
	fmt.Fprintf(env.Stdout, "wall time      %s, rate-limit bound %s → ratio %.2f\n", wall.Round(time.Millisecond), bound.Round(time.Millisecond),
		wall.Seconds()/bound.Seconds())
	fmt.Fprintf(env.Stdout, "sync run       %s: fetched %d, stored %d, updated %d, deleted %d\n", run.Status, run.Fetched, run.Stored, run.Updated, run.Deleted)
	return nil
}

// backfill runs the backfill as the job would, sleeping through rate
// limits where River would snooze the job.
func backfill(ctx context.Context, s *syncer.Syncer, c domain.Connection) (domain.SyncRun, error) {
	for {
		run, err := s.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
		if err == nil {
			return run, nil
		}
		d, limited := provider.RetryAfter(err)
		if !limited && !errors.Is(err, provider.ErrTransient) {
			return run, err
		}
		t := time.NewTimer(max(d, 100*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return run, ctx.Err()
		case <-t.C:
		}
	}
}

// minimumRequests is the fewest requests WHOOP's pagination allows for
// what was stored: one per snapshot and ceil(n/25) per collection.
func minimumRequests(ctx context.Context, st store.Store, c domain.Connection) (int, int, error) {
	minimum, docs := 2, 2
	for _, dt := range []string{"cycle", "sleep", "recovery", "workout"} {
		ds, err := st.ListRawDocuments(ctx, store.RawQuery{UserID: c.UserID, Provider: domain.ProviderWHOOP, DataType: dt, Page: store.Page{Limit: 1_000_000}})
		if err != nil {
			return 0, 0, err
		}
		docs += len(ds)
		minimum += max(1, (len(ds)+24)/25)
	}
	return minimum, docs, nil
}
