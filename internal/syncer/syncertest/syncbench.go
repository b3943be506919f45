package syncertest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SyncBenchProviders are the providers SyncBench syncs from by default,
// in the order it runs them.
func SyncBenchProviders() []domain.Provider {
	return []domain.Provider{domain.ProviderWHOOP, domain.ProviderOura, domain.ProviderWithings}
}

// SyncBenchOptions configures SyncBench.
type SyncBenchOptions struct {
	// Store receives everything; it should be empty.
	Store store.Store
	// Users is how many wearhouse users are created; each connects to
	// the same simulated person (by index) at every provider.
	Users int
	// Days of generated history per person; the backfill covers all of
	// it.
	Days int
	Seed int64
	// Workers is how many backfills run at once (default 4).
	Workers int
	// Providers to sync from, in order (default SyncBenchProviders()).
	Providers []domain.Provider
	// Verify compares, after the run, every connection's stored raw
	// documents with what the simulator serves for the whole world.
	Verify bool
	// Progress, when set, receives each provider's result as it ends.
	Progress func(SyncThroughput)
}

// SyncThroughput is what one provider's backfills (or all of them, in
// SyncBenchResult.Total) did and how fast.
type SyncThroughput struct {
	Provider domain.Provider
	// Connections backfilled.
	Connections int
	// Wall is the time the backfills took (connecting is not counted).
	Wall time.Duration
	// Documents the syncer fetched and stored (a document on two pages,
	// such as an Oura heart-rate day, counts twice: it is written twice).
	Documents int
	// Records is what the syncer reported written: events, daily
	// summaries, scores and series samples created or updated.
	Records int
	// Samples and Events are what the store holds afterwards for the
	// provider's data sources (live events; samples from block headers).
	Samples int64
	Events  int64
}

// DocumentsPerSecond is Documents over Wall.
func (t SyncThroughput) DocumentsPerSecond() float64 { return perSecond(t.Documents, t.Wall) }

// RecordsPerSecond is Records over Wall.
func (t SyncThroughput) RecordsPerSecond() float64 { return perSecond(t.Records, t.Wall) }

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// add accumulates o into t (wall times add up: providers run one after
// the other).
func (t *SyncThroughput) add(o SyncThroughput) {
	t.Connections += o.Connections
	t.Wall += o.Wall
	t.Documents += o.Documents
	t.Records += o.Records
	t.Samples += o.Samples
	t.Events += o.Events
}

// SyncBenchResult is one result per provider, in run order, and their
// total.
type SyncBenchResult struct {
	Providers []SyncThroughput
	Total     SyncThroughput
}

// syncRig is what SyncBench needs of a provider's rig.
type syncRig interface {
	ConnectUser(ctx context.Context, userID string, simUser int) (domain.Connection, error)
	Backfill(ctx context.Context, c domain.Connection) (domain.SyncRun, error)
	Close()
	engine() *Engine
	truthWorld() *truth.World
}

// engine is the wired engine of a rig (promoted through embedding).
func (e *Engine) engine() *Engine { return e }

// ErrLostDocuments is returned by a verified SyncBench when the store does
// not hold exactly the documents the simulator serves.
var ErrLostDocuments = errors.New("syncertest: stored documents differ from the simulator's")

// SyncBench measures sync throughput: o.Users wearhouse users each connect
// to every provider's simulator over real HTTP (rate limits off on both
// sides, simulated time frozen so every run stores the same data) and
// backfill o.Days of history into o.Store, o.Workers backfills at a time,
// one provider after another.
func SyncBench(ctx context.Context, o SyncBenchOptions) (SyncBenchResult, error) {
	if o.Store == nil || o.Users <= 0 || o.Days <= 0 {
		return SyncBenchResult{}, errors.New("syncertest: sync bench needs a store, users and days")
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if len(o.Providers) == 0 {
		o.Providers = SyncBenchProviders()
	}
	users := make([]string, o.Users)
	for i := range users {
		u, err := o.Store.CreateUser(ctx, domain.User{})
		if err != nil {
			return SyncBenchResult{}, fmt.Errorf("syncertest: create user: %w", err)
		}
		users[i] = u.ID
	}
	var res SyncBenchResult
	res.Total.Provider = "total"
	for _, p := range o.Providers {
		t, err := syncProvider(ctx, o, p, users)
		if err != nil {
			return res, err
		}
		if err := countStored(ctx, o.Store, users, &t); err != nil {
			return res, err
		}
		res.Providers = append(res.Providers, t)
		res.Total.add(t)
		if o.Progress != nil {
			o.Progress(t)
		}
	}
	return res, nil
}

// syncProvider connects every user to p's simulator, then times their
// backfills.
func syncProvider(ctx context.Context, o SyncBenchOptions, p domain.Provider, users []string) (SyncThroughput, error) {
	// One more backfill day than generated days: each person's data
	// starts with the sleep of the evening before the first day.
	ro := Options{Store: o.Store, Users: o.Users, Days: o.Days, Seed: o.Seed, DeleteRate: -1, RateLimits: []simkit.Window{},
		Budget: provider.Unlimited{}, BackfillDays: o.Days + 1, Timeout: time.Minute}
	b, err := NewBackfiller(string(p), ro)
	if err != nil {
		return SyncThroughput{}, err
	}
	r, ok := b.(syncRig)
	if !ok {
		b.Close()
		return SyncThroughput{}, fmt.Errorf("syncertest: the %s rig cannot connect existing users", p)
	}
	defer r.Close()
	conns := make([]domain.Connection, len(users))
	if err := each(ctx, o.Workers, len(users), func(ctx context.Context, i int) error {
		c, err := r.ConnectUser(ctx, users[i], i)
		conns[i] = c
		return err
	}); err != nil {
		return SyncThroughput{}, fmt.Errorf("syncertest: connect %s: %w", p, err)
	}
	runs := make([]domain.SyncRun, len(conns))
	start := time.Now()
	if err := each(ctx, o.Workers, len(conns), func(ctx context.Context, i int) error {
		run, err := r.Backfill(ctx, conns[i])
		if err == nil && run.Status != domain.SyncSuccess {
			err = fmt.Errorf("sync run ended %s: %s", run.Status, run.Error)
		}
		runs[i] = run
		return err
	}); err != nil {
		return SyncThroughput{}, fmt.Errorf("syncertest: backfill %s: %w", p, err)
	}
	t := SyncThroughput{Provider: p, Connections: len(conns), Wall: time.Since(start)}
	for _, run := range runs {
		t.Documents += run.Fetched
		t.Records += run.Stored + run.Updated
	}
	if o.Verify {
		if err := verify(ctx, r, conns); err != nil {
			return t, err
		}
	}
	return t, nil
}

// each runs fn for 0…n-1, at most workers at a time; the first error
// cancels the rest.
func each(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// countStored fills in the samples and events the store holds for t's
// provider, from each user's data statistics.
func countStored(ctx context.Context, st store.Store, users []string, t *SyncThroughput) error {
	for _, u := range users {
		ds, err := st.DataStats(ctx, store.StatsQuery{UserID: u})
		if err != nil {
			return fmt.Errorf("syncertest: data stats: %w", err)
		}
		for _, s := range ds.Series {
			if s.Provider == t.Provider {
				t.Samples += s.Count
			}
		}
		for _, e := range ds.Events {
			if e.Provider == t.Provider {
				t.Events += e.Count
			}
		}
	}
	return nil
}

// sortedKeys returns m's keys in order, for stable messages.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
