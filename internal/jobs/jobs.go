// Package jobs runs wearhouse's durable background work on River, on
// whichever engine the store uses: riversqlite on the SQLite writer pool,
// riverpgxv5 on the Postgres pool. Workers return River's own controls
// (river.JobSnooze, river.JobCancel); this package adds what River's
// defaults do not give: a heartbeat on every running job and a short
// lease, so a killed process's jobs are taken over within seconds instead
// of River's one-hour rescue (lease.go); immediate inserts that are never
// absorbed by a later or running duplicate (trigger.go); and upkeep work
// run as periodic jobs (upkeep.go).
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/wearhouse/wearhouse/internal/logging"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Queue names. Webhook-triggered fetches run on their own queue so a long
// backfill never delays them.
const (
	QueueDefault = river.QueueDefault
	QueueWebhook = "webhook"
	QueueSync    = "sync"
)

// Runner is a started-or-stoppable River client on either engine.
type Runner interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	// Run starts the client, keeps the leases of its jobs until ctx
	// ends, then stops it (soft stop first). It returns early with an
	// error if the client stops by itself.
	Run(ctx context.Context) error
	// Insert enqueues a job outside any transaction.
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	// InsertMany enqueues several jobs in one statement.
	InsertMany(ctx context.Context, params []river.InsertManyParams) error
	// InsertNow is Trigger without the ticket.
	InsertNow(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	// Trigger enqueues a unique job that must run from now on, even if a
	// duplicate absorbs it: a duplicate waiting for a later time is
	// brought forward (a reconnect must not wait for the next scheduled
	// pull), and a running duplicate — or a waiting one that does less
	// than asked — gets a follow-up queued behind it (args implementing
	// Follower), which runs once it has ended, whatever its outcome.
	// opts.ScheduledAt is ignored. Nothing polls: the ticket says at once
	// what the request joined.
	Trigger(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (Ticket, error)
	// TriggerTx is Trigger inside a store transaction (store.Tx from
	// InTx): the job commits or rolls back with the caller's writes.
	TriggerTx(ctx context.Context, tx store.Tx, args river.JobArgs, opts *river.InsertOpts) (Ticket, error)
	// Jobs lists the jobs of a kind, newest first, for inspection.
	Jobs(ctx context.Context, kind string) ([]Job, error)
}

// Job is what Jobs reports about one job.
type Job struct {
	ID          int64
	State       rivertype.JobState
	Attempt     int
	AttemptedAt *time.Time
	// AttemptedBy lists the River client ids that worked it, last last.
	AttemptedBy []string
	Args        []byte
}

// Options configures a Runner.
type Options struct {
	Workers *river.Workers
	Logger  *slog.Logger
	// Metrics records each attempt's start delay (nil: none).
	Metrics *metrics.Metrics
	// ID names this process's River client (default River's host and
	// start time); it shows in each job's attempted_by.
	ID string
	// Concurrency per queue; zero uses defaults sized for a 2-core box.
	SyncWorkers    int
	WebhookWorkers int
	// OutboundWorkers is how many endpoints deliver at once (default 4).
	OutboundWorkers int
	// Periodic jobs (the scheduler's planning tick, upkeep).
	Periodic []*river.PeriodicJob
	// SoftStop is how long Stop lets running jobs finish before it cancels
	// their contexts; zero means DefaultSoftStop. A job cut short is
	// put back to run again after the restart.
	SoftStop time.Duration
	// Lease is how long a running job may go without a heartbeat before
	// it is taken to belong to a dead process and made available again;
	// zero leaves stuck jobs to River's own rescuer. Every job beats
	// every Beat while it runs (default Lease/4).
	Lease, Beat time.Duration
	// LeaseCheck is how often leases are checked (default 1 s).
	LeaseCheck time.Duration
	// SoleOwner says no other process works this database (SQLite): a
	// job found running at start was left by a killed process and is
	// made available at once, without waiting for its lease.
	SoleOwner bool
	// FollowPoll is how often a follow-up checks whether the job it is
	// queued behind has ended (default 2 s).
	FollowPoll time.Duration
	// TestOnly shortens River's fetch polling so tests finish quickly.
	TestOnly bool
}

// DefaultSoftStop fits inside the server's 15-second shutdown with room
// for the HTTP drain and for the cancelled jobs to record themselves.
const DefaultSoftStop = 8 * time.Second

// riverRescueAfter is River's own stuck-job rescue, kept as the backstop
// behind the leases: a few times the longest sync attempt. River still
// waits for a kind's own Timeout before rescuing it.
const riverRescueAfter = time.Minute

func (o Options) config(middleware []rivertype.Middleware) *river.Config {
	sync, hook := o.SyncWorkers, o.WebhookWorkers
	if sync <= 0 {
		sync = 4
	}
	if hook <= 0 {
		hook = 4
	}
	cfg := &river.Config{
		ID:           o.ID,
		Logger:       logging.Quieter(o.Logger), // River's INFO (job counts every 5 s, start, stop) at DEBUG
		Workers:      o.Workers,
		PeriodicJobs: o.Periodic,
		Middleware:   middleware,
		Queues: map[string]river.QueueConfig{
			QueueDefault:  {MaxWorkers: 2},
			QueueSync:     {MaxWorkers: sync},
			QueueWebhook:  {MaxWorkers: hook},
			QueueOutbound: {MaxWorkers: cmp.Or(o.OutboundWorkers, 4)},
		},
		// Finished jobs are kept a while for inspection, then removed;
		// River v0.47 on SQLite needs finite retention (see the stack notes).
		SoftStopTimeout:             cmp.Or(o.SoftStop, DefaultSoftStop),
		RescueStuckJobsAfter:        riverRescueAfter,
		CompletedJobRetentionPeriod: 24 * time.Hour,
		CancelledJobRetentionPeriod: 7 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
	}
	if o.Workers == nil {
		cfg.Queues = nil // insert-only client
	}
	if o.TestOnly {
		cfg.FetchCooldown = 5 * time.Millisecond
		cfg.FetchPollInterval = 20 * time.Millisecond
		cfg.TestOnly = true
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

type client[TTx any] struct {
	c *river.Client[TTx]
	o Options
	// live is the jobs this client is working, never taken over by it.
	live *liveJobs
	// absorbed, when set (tests), hears that Trigger met a duplicate.
	absorbed func(rivertype.JobState)
}

func (c client[TTx]) Start(ctx context.Context) error { return c.c.Start(ctx) }
func (c client[TTx]) Stop(ctx context.Context) error  { return c.c.Stop(ctx) }

func (c client[TTx]) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := c.c.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

func (c client[TTx]) InsertMany(ctx context.Context, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	if _, err := c.c.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("jobs: insert %d %s jobs: %w", len(params), params[0].Args.Kind(), err)
	}
	return nil
}

func (c client[TTx]) Jobs(ctx context.Context, kind string) ([]Job, error) {
	res, err := c.c.JobList(ctx, river.NewJobListParams().Kinds(kind).First(1000).OrderBy(river.JobListOrderByID, river.SortOrderDesc))
	if err != nil {
		return nil, fmt.Errorf("jobs: list %s: %w", kind, err)
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		out = append(out, Job{ID: j.ID, State: j.State, Attempt: j.Attempt, AttemptedAt: j.AttemptedAt,
			AttemptedBy: j.AttemptedBy, Args: j.EncodedArgs})
	}
	return out, nil
}

// unwrap returns the engine transaction behind a store.Tx.
func unwrap[TTx any](tx store.Tx) (TTx, error) {
	var zero TTx
	u, ok := tx.(interface{ Underlying() any })
	if !ok {
		return zero, fmt.Errorf("jobs: %T has no engine transaction", tx)
	}
	t, ok := u.Underlying().(TTx)
	if !ok {
		return zero, fmt.Errorf("jobs: transaction %T is not a %T", u.Underlying(), zero)
	}
	return t, nil
}

// newClient builds the River client with the follow-up middleware bound
// to it.
func newClient[TTx any](driver riverdriver.Driver[TTx], o Options) (client[TTx], error) {
	fw := &followMiddleware{poll: cmp.Or(o.FollowPoll, 2*time.Second)}
	live := newLiveJobs(max(o.Lease, time.Second))
	hb := &heartbeat{every: cmp.Or(o.Beat, o.Lease/4), live: live}
	c, err := river.NewClient(driver, o.config([]rivertype.Middleware{&delayMiddleware{m: o.Metrics}, fw, hb}))
	if err != nil {
		return client[TTx]{}, err
	}
	fw.get = func(ctx context.Context, id int64) (*rivertype.JobRow, error) { return c.JobGet(ctx, id) }
	if o.Lease > 0 {
		hb.beat = func(ctx context.Context, id int64, at time.Time) error {
			_, err := c.JobUpdate(ctx, id, &river.JobUpdateParams{Output: beatOutput{Beat: at}})
			return err
		}
	}
	return client[TTx]{c: c, o: o, live: live}, nil
}

// NewSQLite builds a Runner on the SQLite writer pool (River's SQLite
// driver wants the single-connection pool to avoid SQLITE_BUSY).
func NewSQLite(db *sql.DB, o Options) (Runner, error) {
	c, err := newClient(riversqlite.New(db), o)
	if err != nil {
		return nil, fmt.Errorf("jobs: sqlite client: %w", err)
	}
	return c, nil
}

// NewPostgres builds a Runner on the Postgres pool; River coordinates
// several replicas through it (SKIP LOCKED, leader election).
func NewPostgres(pool *pgxpool.Pool, o Options) (Runner, error) {
	c, err := newClient(riverpgxv5.New(pool), o)
	if err != nil {
		return nil, fmt.Errorf("jobs: postgres client: %w", err)
	}
	return c, nil
}

var _ Runner = client[pgx.Tx]{}

// jobState reads a job's current state.
func (c client[TTx]) jobState(ctx context.Context, id int64) (rivertype.JobState, error) {
	j, err := c.c.JobGet(ctx, id)
	if err != nil {
		return "", err
	}
	return j.State, nil
}
