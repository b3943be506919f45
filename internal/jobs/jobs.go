// Package jobs runs wearhouse's durable background work on River, on
// whichever engine the store uses: riversqlite on the SQLite writer pool,
// riverpgxv5 on the Postgres pool. It is the only package that imports
// River; everything else sees the small Runner interface.
package jobs

import (
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
	// TestOnly shortens River's fetch polling so tests finish quickly.
	TestOnly bool
}

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

type client[TTx any] struct{ c *river.Client[TTx] }

func (c client[TTx]) Start(ctx context.Context) error { return c.c.Start(ctx) }
func (c client[TTx]) Stop(ctx context.Context) error  { return c.c.Stop(ctx) }
func (c client[TTx]) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := c.c.Insert(ctx, args, opts)
	if err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// NewSQLite builds a Runner on the SQLite writer pool (River's SQLite
// driver wants the single-connection pool to avoid SQLITE_BUSY).
func NewSQLite(db *sql.DB, o Options) (Runner, error) {
	c, err := river.NewClient(riversqlite.New(db), o.config())
	if err != nil {
		return nil, fmt.Errorf("jobs: sqlite client: %w", err)
	}
	return client[*sql.Tx]{c}, nil
}

// NewPostgres builds a Runner on the Postgres pool; River coordinates
// several replicas through it (SKIP LOCKED, leader election).
func NewPostgres(pool *pgxpool.Pool, o Options) (Runner, error) {
	c, err := river.NewClient(riverpgxv5.New(pool), o.config())
	if err != nil {
		return nil, fmt.Errorf("jobs: postgres client: %w", err)
	}
	return client[pgx.Tx]{c}, nil
}
