// Package jobs runs wearhouse's durable background work on River, on
// whichever engine the store uses: riversqlite on the SQLite writer pool,
// riverpgxv5 on the Postgres pool. It is the only package that imports
// River; everything else sees the small Runner interface.
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
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
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
	// Insert enqueues a job outside any transaction.
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	// InsertNow enqueues a unique job that must run from now on, even if
	// a duplicate absorbs it: a duplicate waiting for a later time is
	// brought forward (a reconnect must not wait for the next scheduled
	// pull), and a running duplicate that then ends without completing
	// (cancelled because the connection was revoked a moment before the
	// reconnect) is followed by a new job. opts.ScheduledAt is ignored.
	InsertNow(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
}

// Options configures a Runner.
type Options struct {
	Workers *river.Workers
	Logger  *slog.Logger
	// Concurrency per queue; zero uses defaults sized for a 2-core box.
	SyncWorkers    int
	WebhookWorkers int
	// Periodic jobs (the scheduler's planning tick, subscription repair).
	Periodic []*river.PeriodicJob
	// SoftStop is how long Stop lets running jobs finish before it cancels
	// their contexts; zero means DefaultSoftStop. A job cut short is
	// put back to run again after the restart, instead of
	// staying "running" until River's rescuer frees it an hour later.
	SoftStop time.Duration
	// TestOnly shortens River's fetch polling so tests finish quickly.
	TestOnly bool
}

// DefaultSoftStop fits inside the server's 15-second shutdown with room
// for the HTTP drain and for the cancelled jobs to record themselves.
const DefaultSoftStop = 8 * time.Second

func (o Options) config() *river.Config {
	sync, hook := o.SyncWorkers, o.WebhookWorkers
	if sync <= 0 {
		sync = 4
	}
	if hook <= 0 {
		hook = 4
	}
	cfg := &river.Config{
		Logger:       o.Logger,
		Workers:      o.Workers,
		PeriodicJobs: o.Periodic,
		Queues: map[string]river.QueueConfig{
			QueueDefault: {MaxWorkers: 2},
			QueueSync:    {MaxWorkers: sync},
			QueueWebhook: {MaxWorkers: hook},
		},
		// Finished jobs are kept a while for inspection, then removed;
		// River v0.47 on SQLite needs finite retention (see the stack notes).
		SoftStopTimeout:             cmp.Or(o.SoftStop, DefaultSoftStop),
		CompletedJobRetentionPeriod: 24 * time.Hour,
		CancelledJobRetentionPeriod: 7 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
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
	// absorbed, when set (tests), hears that InsertNow met a duplicate.
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

// followWait bounds how long InsertNow watches a running duplicate: a
// cancelled job is recorded within milliseconds, while a job still
// running after this is a real sync that will read the new state itself.
const followWait = 3 * time.Second

func (c client[TTx]) InsertNow(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	now := *opts
	now.ScheduledAt = time.Time{}
	res, err := c.c.Insert(ctx, args, &now)
	if err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	if !res.UniqueSkippedAsDuplicate {
		return nil
	}
	if c.absorbed != nil {
		c.absorbed(res.Job.State)
	}
	switch j := res.Job; j.State {
	case rivertype.JobStateScheduled, rivertype.JobStateRetryable:
		if _, err := c.c.JobRetry(ctx, j.ID); err != nil {
			return fmt.Errorf("jobs: bring %s forward: %w", args.Kind(), err)
		}
	case rivertype.JobStateRunning:
		return c.follow(ctx, j.ID, args, &now)
	}
	return nil
}

// follow waits for a running job to leave the running state and, if it
// did not complete, inserts args again.
func (c client[TTx]) follow(ctx context.Context, id int64, args river.JobArgs, opts *river.InsertOpts) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(followWait)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		state, err := c.jobState(ctx, id)
		if err != nil {
			return fmt.Errorf("jobs: follow %s: %w", args.Kind(), err)
		}
		switch state {
		case rivertype.JobStateRunning:
			continue
		case rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
			return c.Insert(ctx, args, opts)
		}
		return nil // completed, or retrying: it runs again from now on
	}
	return nil
}

// jobState reads a job's current state.
func (c client[TTx]) jobState(ctx context.Context, id int64) (rivertype.JobState, error) {
	j, err := c.c.JobGet(ctx, id)
	if err != nil {
		return "", err
	}
	return j.State, nil
}

// NewSQLite builds a Runner on the SQLite writer pool (River's SQLite
// driver wants the single-connection pool to avoid SQLITE_BUSY).
func NewSQLite(db *sql.DB, o Options) (Runner, error) {
	c, err := river.NewClient(riversqlite.New(db), o.config())
	if err != nil {
		return nil, fmt.Errorf("jobs: sqlite client: %w", err)
	}
	return client[*sql.Tx]{c: c}, nil
}

// NewPostgres builds a Runner on the Postgres pool; River coordinates
// several replicas through it (SKIP LOCKED, leader election).
func NewPostgres(pool *pgxpool.Pool, o Options) (Runner, error) {
	c, err := river.NewClient(riverpgxv5.New(pool), o.config())
	if err != nil {
		return nil, fmt.Errorf("jobs: postgres client: %w", err)
	}
	return client[pgx.Tx]{c: c}, nil
}
