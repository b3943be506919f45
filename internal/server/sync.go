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
}

// budget returns one provider application's rate budget: in-process on
// SQLite (one process owns the file), shared through the database on
// Postgres so every replica counts against the same limit.
func budget(st store.Store, name string, limits []provider.Limit, log *slog.Logger) provider.Budget {
	if x, err := store.AsSyncExtra(st); err == nil && st.Engine() == string(config.EnginePostgres) {
		return syncer.NewSharedBudget(x, name, limits, time.Now, log)
	}
	return provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits})
}

// newSyncWiring builds the engine on st; the runner is started by Run.
func newSyncWiring(cfg config.Config, st store.Store, key []byte, log *slog.Logger, now func() time.Time) (*syncWiring, error) {
	reg, err := providers(cfg, st, log)
	if err != nil {
		return nil, err
	}
	handler := &syncer.JobHandler{}
	opts := jobs.Options{Workers: jobs.SyncWorkers(handler), Logger: log, Periodic: jobs.PlanEvery(syncer.PlanPeriod(cfg.SyncInterval))}
	var runner jobs.Runner
	switch db := any(st).(type) {
	case interface{ Pool() *pgxpool.Pool }:
		runner, err = jobs.NewPostgres(db.Pool(), opts)
	case interface{ DB() *sql.DB }:
		runner, err = jobs.NewSQLite(db.DB(), opts)
	default:
		return nil, fmt.Errorf("server: no job runner for store %T", st)
	}
	if err != nil {
		return nil, err
	}
	enq := syncer.QueueEnqueuer{E: jobs.Enqueuer{R: runner}}
	var sy *syncer.Syncer
	connect, err := oauthflow.New(oauthflow.Options{Store: st, Registry: reg, BaseURL: cfg.BaseURL, RedirectAllowlist: cfg.RedirectAllowlist,
		LinkKey: derive(key, "connect-link"), Logger: log, Now: now,
		OnConnect: func(ctx context.Context, c domain.Connection) error {
			if err := sy.OnConnect(ctx, c); err != nil {
				return err
			}
			providerOnConnect(ctx, reg, c, log)
			return nil
		}})
	if err != nil {
		return nil, err
	}
	sy, err = syncer.New(syncer.Options{Store: st, Registry: reg, Tokens: connect, Enqueue: enq, BackfillDays: cfg.BackfillDays,
		SyncInterval: cfg.SyncInterval, Logger: log, Now: now})
	if err != nil {
		return nil, err
	}
	handler.S = sy
	return &syncWiring{runner: runner,
		services: api.SyncServices{Registry: reg, Connect: connect, Syncer: sy, Enqueue: enq, Challenges: challenges(reg),
			OuraSubscriptions: subscriptionsReport(reg, domain.ProviderOura)}}, nil
}
