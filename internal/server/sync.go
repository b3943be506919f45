package server

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// syncWiring is the connect-and-sync engine of one process: providers,
// token service, syncer and the River runner that executes their jobs.
type syncWiring struct {
	services api.SyncServices
	runner   jobs.Runner
	ouraSubs *oura.Subscriptions
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

// configuredLimits is WEARHOUSE_<PROVIDER>_RATE_LIMIT when set (Validate
// has checked it), else the provider's published limits.
func configuredLimits(pc config.ProviderConfig, published []provider.Limit) []provider.Limit {
	windows, err := config.ParseRateLimit(pc.RateLimit)
	if err != nil || len(windows) == 0 {
		return published
	}
	out := make([]provider.Limit, len(windows))
	for i, w := range windows {
		out[i] = provider.Limit{Requests: w.Requests, Per: w.Per}
	}
	return out
}

// providers builds the registry from configuration. Providers without
// credentials are registered too (listed as not enabled).
func providers(cfg config.Config, st store.Store, log *slog.Logger) (*provider.Registry, *provider.Client, error) {
	client := func(name string, limits []provider.Limit) *provider.Client {
		limits = configuredLimits(cfg.Providers[name], limits)
		return provider.NewClient(provider.ClientOptions{Budget: budget(st, name, limits, log), UserAgent: "wearhouse"})
	}
	wc := cfg.Providers["whoop"]
	w := whoop.New(whoop.Options{APIURL: wc.APIURL, AuthURL: wc.AuthURL, TokenURL: wc.TokenURL, ClientID: wc.ClientID,
		ClientSecret: wc.ClientSecret, Scopes: strings.Fields(wc.Scopes), Client: client("whoop", whoop.Limits())})
	oc := cfg.Providers["oura"]
	ouraClient := client("oura", oura.Limits())
	o := oura.New(oura.Options{APIURL: oc.APIURL, AuthURL: oc.AuthURL, TokenURL: oc.TokenURL, ClientID: oc.ClientID,
		ClientSecret: oc.ClientSecret, Scopes: strings.Fields(oc.Scopes), PersonalToken: cfg.OuraPersonalToken,
		Client: ouraClient})
	nc := cfg.Providers["withings"]
	n := withings.New(withings.Options{APIURL: nc.APIURL, AuthURL: nc.AuthURL, TokenURL: nc.TokenURL, ClientID: nc.ClientID,
		ClientSecret: nc.ClientSecret, Scopes: strings.Split(nc.Scopes, ","), BaseURL: cfg.BaseURL,
		Client: client("withings", withings.Limits())})
	reg, err := provider.NewRegistry(w, o, n)
	return reg, ouraClient, err
}

// newSyncWiring builds the engine on st; the runner is started by Run.
func newSyncWiring(cfg config.Config, st store.Store, key []byte, log *slog.Logger, o options, upkeeps []jobs.Upkeep) (*syncWiring, error) {
	reg, ouraClient, err := providers(cfg, st, log)
	if err != nil {
		return nil, err
	}
	handler := &syncer.JobHandler{}
	timing := o.jobs.Timing
	if timing.Slice <= 0 || timing.Lease <= 0 {
		timing = jobs.DefaultTiming
	}
	workers := jobs.SyncWorkersTimed(handler, timing)
	periodic := append(jobs.PlanEvery(syncer.PlanPeriod(cfg.SyncInterval)), jobs.AddUpkeep(workers, upkeeps)...)
	opts := jobs.Options{Workers: workers, Logger: log, Periodic: periodic, Lease: timing.Lease, Beat: timing.Beat,
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
	linkKey, err := derive(key, purposeConnectLink)
	if err != nil {
		return nil, err
	}
	var sy *syncer.Syncer
	connect, err := oauthflow.New(oauthflow.Options{Store: st, Registry: reg, BaseURL: cfg.BaseURL, RedirectAllowlist: cfg.RedirectAllowlist,
		LinkKey: linkKey, Logger: log, Now: o.now,
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
		SyncInterval: cfg.SyncInterval, Logger: log, Now: o.now})
	if err != nil {
		return nil, err
	}
	handler.S = sy
	subs := ouraSubscriptions(cfg, ouraClient)
	return &syncWiring{runner: runner, ouraSubs: subs,
		services: api.SyncServices{Registry: reg, Connect: connect, Syncer: sy, Enqueue: queue, Challenges: challenges(subs),
			OuraSubscriptions: ouraSubscriptionsReport(subs)}}, nil
}
