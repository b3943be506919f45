package server

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// syncWiring is the connect-and-sync engine of one process: providers,
// token service, syncer and the River runner that executes their jobs.
type syncWiring struct {
	services api.SyncServices
	runner   jobs.Runner
	webhooks *webhookWiring
}

// budget returns one provider application's rate budget: in-process on
// SQLite (one process owns the file), shared through the database on
// Postgres so every replica counts against the same limit.
func budget(st store.Store, name string, limits []provider.Limit, log *slog.Logger) provider.Budget {
	if st.Engine() == string(config.EnginePostgres) {
		return syncer.NewSharedBudget(st, name, limits, time.Now, log)
	}
	return provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits})
}

// newSyncWiring builds the engine on st; the runner is started by Run.
func newSyncWiring(cfg config.Config, st store.Store, key []byte, log *slog.Logger, o options, m *metrics.Metrics,
	upkeeps func(*provider.Registry) []jobs.Upkeep) (*syncWiring, error) {
	reg, err := providers(cfg, st, key, log, m)
	if err != nil {
		return nil, err
	}
	handler := &syncer.JobHandler{}
	timing := o.jobs.Timing
	if timing.Slice <= 0 || timing.Lease <= 0 {
		timing = jobs.DefaultTiming
	}
	workers := jobs.SyncWorkersTimed(handler, timing)
	hooks, prune, err := newWebhooks(cfg, st, log, workers)
	if err != nil {
		return nil, err
	}
	periodic := append(jobs.PlanEvery(syncer.PlanPeriod(cfg.SyncInterval)), jobs.AddUpkeep(workers, append(upkeeps(reg), prune...))...)
	opts := jobs.Options{Workers: workers, Logger: log, Metrics: m, Periodic: periodic, Lease: timing.Lease, Beat: timing.Beat,
		LeaseCheck: o.jobs.LeaseCheck, FollowPoll: o.jobs.FollowPoll, ID: o.jobs.ClientID, TestOnly: o.jobs.Fast}
	var runner jobs.Runner
	switch db := any(st).(type) {
	case interface{ Pool() *pgxpool.Pool }:
		runner, err = jobs.NewPostgres(db.Pool(), opts)
	case interface{ DB() *sql.DB }:
		// One process owns a SQLite file: jobs found running at start
		// were left by a killed process.
		opts.SoleOwner = true
		runner, err = jobs.NewSQLite(db.DB(), opts)
	default:
		return nil, fmt.Errorf("server: no job runner for store %T", st)
	}
	if err != nil {
		return nil, err
	}
	queue := jobs.Queue{R: runner}
	hooks.bind(queue)
	linkKey, err := derive(key, purposeConnectLink)
	if err != nil {
		return nil, err
	}
	var sy *syncer.Syncer
	connect, err := oauthflow.New(oauthflow.Options{Store: st, Registry: reg, BaseURL: cfg.BaseURL, RedirectAllowlist: redirectAllowlist(cfg),
		LinkKey: linkKey, Logger: log, Metrics: m, Now: o.now,
		// The backfill commits with the connection (one transaction);
		// the provider's own hook calls out, so it runs after the commit.
		OnConnectTx: func(ctx context.Context, tx store.Tx, c domain.Connection) error { return sy.OnConnectTx(ctx, tx, c) },
		OnConnect: func(ctx context.Context, c domain.Connection) error {
			providerOnConnect(ctx, reg, c, log)
			return nil
		}})
	if err != nil {
		return nil, err
	}
	sy, err = syncer.New(syncer.Options{Store: st, Registry: reg, Tokens: connect, Enqueue: queue, BackfillDays: cfg.BackfillDays,
		SyncInterval: cfg.SyncInterval, Logger: log, Metrics: m, Now: o.now})
	if err != nil {
		return nil, err
	}
	handler.S = sy
	return &syncWiring{runner: runner, webhooks: hooks,
		services: api.SyncServices{Registry: reg, Connect: connect, Syncer: sy, Enqueue: queue, Challenges: challenges(reg),
			OuraSubscriptions: subscriptionsReport(reg, domain.ProviderOura)}}, nil
}
