package syncer_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// engines runs a test on SQLite and, when configured, Postgres.
var engines = map[string]func(t *testing.T) store.Store{
	"SQLite":   func(t *testing.T) store.Store { return storetest.NewSQLite(t) },
	"Postgres": func(t *testing.T) store.Store { return storetest.NewPostgres(t) },
}

// queue is an in-memory Enqueuer: tests drain it by hand, so each step
// is deterministic.
type queue struct {
	mu       sync.Mutex
	webhooks []provider.Target
	syncs    []string
}

func (q *queue) EnqueueSync(_ context.Context, id, _ string, _ int, _ time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.syncs = append(q.syncs, id)
	return nil
}

func (q *queue) EnqueueWebhook(_ context.Context, _ domain.Provider, t provider.Target) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.webhooks = append(q.webhooks, t)
	return nil
}

func (q *queue) drainWebhooks() []provider.Target {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.webhooks
	q.webhooks = nil
	return out
}

type bundle struct {
	rig   *syncertest.Rig
	queue *queue
	hooks int
}

const backfillDays = 90

// setup builds a rig on st with a webhook receiver in front of the
// syncer, no simulator rate limits (tests that want them use faults) and
// an unlimited client budget.
func setup(t *testing.T, st store.Store, o syncertest.Options) *bundle {
	t.Helper()
	b := &bundle{queue: &queue{}}
	recv := newReceiver(t, b)
	o.Store, o.Enqueue, o.WebhookURL = st, b.queue, recv
	if o.Users == 0 {
		o.Users = 2
	}
	if o.Days == 0 {
		o.Days = 100
	}
	if o.RateLimits == nil {
		o.RateLimits = []simkit.Window{}
	}
	if o.Budget == nil {
		o.Budget = provider.Unlimited{}
	}
	o.BackfillDays = backfillDays
	r, err := syncertest.New(o)
	require.NoError(t, err)
	t.Cleanup(r.Close)
	b.rig = r
	return b
}

// sync runs one sync to completion, retrying what a job would retry.
func (b *bundle) sync(t *testing.T, c domain.Connection, source string) domain.SyncRun {
	t.Helper()
	for attempt := 0; ; attempt++ {
		run, err := b.rig.Syncer.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: source})
		if err == nil {
			return run
		}
		require.Less(t, attempt, 500, "sync never completed: %v", err)
		require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
	}
}

func (b *bundle) window() (time.Time, time.Time) {
	now := b.rig.Clock.Now()
	return now.AddDate(0, 0, -backfillDays), now
}

func TestBackfillMatchesTruth(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, open(t), syncertest.Options{Seed: 11})
			c, err := b.rig.Connect(t.Context(), 0)
			require.NoError(t, err)
			require.Equal(t, []string{c.ID}, b.queue.syncs, "connecting enqueues the backfill")
			run := b.sync(t, c, syncer.SourceBackfill)
			require.Equal(t, domain.SyncSuccess, run.Status)
			require.Positive(t, run.Fetched)
			require.Positive(t, run.Stored)
			p, err := b.rig.Person(c)
			require.NoError(t, err)
			from, to := b.window()
			requireMatchesTruth(t, b.rig.Store, c, p, from, to)

			// A second sync of the same data stores nothing new.
			again := b.sync(t, c, syncer.SourcePull)
			require.Zero(t, again.Stored)
			require.Zero(t, again.Updated)
			requireMatchesTruth(t, b.rig.Store, c, p, from, to)
		})
	}
}

func TestRescoringAndDeletesFlowThroughWebhooks(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t), syncertest.Options{Seed: 12, DeleteRate: 0.3})
	ctx := t.Context()
	c, err := b.rig.Connect(ctx, 0)
	require.NoError(t, err)
	b.sync(t, c, syncer.SourceBackfill)
	from, _ := b.window()
	p, err := b.rig.Person(c)
	require.NoError(t, err)

	// Two days pass: new sleeps and workouts appear, pending ones are
	// scored, some are deleted. Only webhooks bring them in.
	events, err := b.rig.Advance(ctx, 48*time.Hour)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	targets := b.queue.drainWebhooks()
	require.Len(t, targets, len(events), "every signed webhook was accepted")
	var deleted, updated int
	for _, tg := range targets {
		_, err := b.rig.Syncer.HandleWebhook(ctx, domain.ProviderWHOOP, tg)
		require.NoError(t, err)
		if tg.Deleted {
			deleted++
		} else {
			updated++
		}
	}
	require.Positive(t, updated)
	require.Positive(t, deleted, "the world deleted something in two days at this delete rate")
	synced, err := b.rig.Store.ConnectionByID(ctx, c.ID)
	require.NoError(t, err)
	require.NotNil(t, synced.LastSyncedAt)
	require.True(t, synced.LastSyncedAt.Equal(b.rig.Clock.Now()), "a webhook fetch updates last_synced_at (%s)", synced.LastSyncedAt)
	// Sleeps, workouts and recoveries now equal the truth without any
	// pull (cycles have no webhooks; the pull below brings them).
	now := b.rig.Clock.Now()
	for _, s := range p.Sleeps(from, now) {
		e, err := b.rig.Store.EventByProviderID(ctx, dsID(t, b, c), domain.CategorySleep, s.ID)
		require.NoError(t, err, "sleep %s", s.ID)
		require.Equal(t, string(s.State), *e.Sleep.ProviderScoreState)
	}
	for _, tg := range targets {
		if !tg.Deleted || tg.DataType != "workout" {
			continue
		}
		q := store.EventQuery{UserID: c.UserID, Category: domain.CategoryWorkout, Start: from, End: now.Add(time.Hour), WithDelete: true, Page: store.Page{Limit: 100000}}
		evs, err := b.rig.Store.ListEvents(ctx, q)
		require.NoError(t, err)
		for _, e := range evs {
			if e.ProviderRecordID == tg.ID {
				require.True(t, e.Deleted, "workout %s tombstoned", tg.ID)
			}
		}
	}
	b.sync(t, c, syncer.SourcePull)
	requireMatchesTruth(t, b.rig.Store, c, p, from, now)
	changes, err := b.rig.Store.Changes(ctx, 0, 1000000)
	require.NoError(t, err)
	kinds := map[domain.ChangeType]int{}
	for _, ch := range changes {
		kinds[ch.ChangeType]++
	}
	require.Positive(t, kinds[domain.ChangeDeleted], "deletes reach the outbox")
	require.Positive(t, kinds[domain.ChangeUpdated], "rescoring reaches the outbox")
}

func dsID(t *testing.T, b *bundle, c domain.Connection) string {
	t.Helper()
	dss, err := b.rig.Store.ListDataSources(t.Context(), c.UserID)
	require.NoError(t, err)
	require.Len(t, dss, 1)
	require.Equal(t, domain.DeviceBand, *dss[0].DeviceType, "WHOOP data comes from the band")
	return dss[0].ID
}

// newReceiver serves the provider-independent webhook receiver the way
// the API mounts it, so the simulator's signed webhooks go through real
// HTTP and verification.
func newReceiver(t *testing.T, b *bundle) string {
	t.Helper()
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := readAll(t, r)
		_, err := b.rig.Syncer.Receive(r.Context(), domain.ProviderWHOOP, r.Header, body)
		if errors.Is(err, provider.ErrBadSignature) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		b.hooks++
		w.WriteHeader(http.StatusAccepted)
	}))
}

// watchRuns is a client budget that, before each provider request, reads
// the user's runs in progress: what a client polling sync status sees
// while the sync runs.
type watchRuns struct {
	st     store.Store
	userID string
	mu     sync.Mutex
	seen   []domain.SyncRun
}

func (w *watchRuns) Take(ctx context.Context) error {
	runs, err := w.st.ListSyncRuns(ctx, store.SyncRunQuery{UserID: w.userID, Status: domain.SyncRunning})
	if err == nil && len(runs) == 1 {
		w.mu.Lock()
		w.seen = append(w.seen, runs[0])
		w.mu.Unlock()
	}
	return nil
}

func (w *watchRuns) Pause(context.Context, time.Duration) {}

// TestRunningSyncReportsProgress checks that a run in progress reports
// the documents already stored, page by page, and ends with the same
// totals it counted as it went.
func TestRunningSyncReportsProgress(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			w := &watchRuns{st: st}
			b := setup(t, st, syncertest.Options{Seed: 5, Users: 1, Days: 20, Budget: w})
			c, err := b.rig.Connect(t.Context(), 0)
			require.NoError(t, err)
			w.userID = c.UserID
			run := b.sync(t, c, syncer.SourceBackfill)
			require.Equal(t, domain.SyncSuccess, run.Status)
			w.mu.Lock()
			defer w.mu.Unlock()
			require.NotEmpty(t, w.seen)
			last := w.seen[len(w.seen)-1]
			require.Equal(t, run.ID, last.ID)
			require.Positive(t, last.Fetched, "a running run reports the pages already stored")
			require.Positive(t, last.Stored)
			require.LessOrEqual(t, last.Fetched, run.Fetched)
			prev := 0
			for _, r := range w.seen {
				require.GreaterOrEqual(t, r.Fetched, prev, "counts only grow")
				prev = r.Fetched
			}
			got, err := st.ListSyncRuns(t.Context(), store.SyncRunQuery{UserID: c.UserID})
			require.NoError(t, err)
			require.Equal(t, []int{run.Fetched, run.Stored, run.Updated, run.Deleted},
				[]int{got[0].Fetched, got[0].Stored, got[0].Updated, got[0].Deleted}, "the finished run keeps its totals")
		})
	}
}
