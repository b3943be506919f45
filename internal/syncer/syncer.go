package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Sync sources, recorded on sync runs.
const (
	SourceBackfill = "backfill"
	SourcePull     = "pull"
	SourceWebhook  = "webhook"
	SourceManual   = "manual"
)

// Tokens hands out valid access tokens (internal/oauthflow.Service).
type Tokens = oauthflow.Tokens

// Enqueuer inserts jobs (internal/jobs.Queue).
type Enqueuer interface {
	EnqueueSync(ctx context.Context, connectionID, source string, days int, at time.Time) error
	EnqueueWebhook(ctx context.Context, p domain.Provider, t provider.Target) error
}

// Options configures New.
type Options struct {
	Store    store.Store
	Registry *provider.Registry
	Tokens   Tokens
	// Enqueue is needed by the planner, the connect hook and the webhook
	// receiver; inline syncs work without it.
	Enqueue Enqueuer
	// BackfillDays is how much history a first sync fetches.
	BackfillDays int
	// SyncInterval is how often each connection is pulled.
	SyncInterval time.Duration
	Now          func() time.Time
	Logger       *slog.Logger
	// Metrics counts finished runs and inbound webhooks (nil: none).
	Metrics *metrics.Metrics
}

// Syncer runs syncs. It is safe for concurrent use.
type Syncer struct {
	o     Options
	extra store.SyncExtra
}

// New builds a Syncer.
func New(o Options) (*Syncer, error) {
	if o.Store == nil || o.Registry == nil || o.Tokens == nil {
		return nil, errors.New("syncer: Store, Registry and Tokens are required")
	}
	x := store.SyncExtra(o.Store)
	if o.BackfillDays <= 0 {
		o.BackfillDays = 90
	}
	if o.SyncInterval <= 0 {
		o.SyncInterval = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Syncer{o: o, extra: x}, nil
}

// Counts are what a sync did, as sync runs report them.
type Counts struct {
	Fetched int
	Stored  int
	Updated int
	Deleted int
	Errors  []string
}

func (c *Counts) add(o Counts) {
	c.Fetched += o.Fetched
	c.Stored += o.Stored
	c.Updated += o.Updated
	c.Deleted += o.Deleted
	c.Errors = append(c.Errors, o.Errors...)
}

func (c *Counts) write(r domain.WriteResult) {
	c.Stored += r.Created
	c.Updated += r.Updated
	c.Deleted += r.Deleted
}

// Request is one sync of one connection.
type Request struct {
	ConnectionID string
	Source       string
	// Days > 0 re-fetches that many days regardless of cursors.
	Days int
	// DoneSince, on a retry, is when this sync was first asked for: a
	// windowed type whose cursor was advanced since then finished in an
	// earlier attempt and is not fetched again (not even its lookback),
	// so a retry under faults only does what is left. Skipping is always
	// safe: the cursor moved only after the data was stored, and the next
	// pull re-reads the lookback.
	DoneSince time.Time
}

// Sync runs every data type of the connection and records the run. The
// returned error is classified for the job: a rate limit carries its
// wait (provider.RetryAfter), a revoked connection is ErrRevoked-like
// (not retryable), anything else is retried.
func (s *Syncer) Sync(ctx context.Context, req Request) (domain.SyncRun, error) {
	c, err := s.o.Store.ConnectionByID(ctx, req.ConnectionID)
	if err != nil {
		return domain.SyncRun{}, fmt.Errorf("syncer: %w", err)
	}
	if c.Status != domain.ConnectionActive {
		return domain.SyncRun{}, fmt.Errorf("syncer: connection %s is %s: %w", c.ID, c.Status, ErrInactive)
	}
	prov, err := s.o.Registry.Get(c.Provider)
	if err != nil {
		return domain.SyncRun{}, fmt.Errorf("syncer: %w: %w", ErrInactive, err)
	}
	run, err := s.o.Store.CreateSyncRun(ctx, domain.SyncRun{UserID: c.UserID, ConnectionID: c.ID, Provider: c.Provider,
		Source: req.Source, Status: domain.SyncRunning, StartedAt: s.o.Now()})
	if err != nil {
		return domain.SyncRun{}, fmt.Errorf("syncer: start run: %w", err)
	}
	var counts Counts
	syncErr := s.syncAll(s.withRunTypes(withRun(ctx, run.ID), run.ID), &c, prov, req, &counts)
	if syncErr == nil {
		if err := s.o.Store.MarkConnectionSynced(ctx, c.ID, s.o.Now()); err != nil {
			syncErr = err
		}
	}
	return s.finish(ctx, run, counts, syncErr)
}

// syncAll syncs each data type in the provider's order; the first error
// stops the run (the next attempt resumes where this one stopped).
func (s *Syncer) syncAll(ctx context.Context, c *domain.Connection, prov provider.Provider, req Request, counts *Counts) error {
	ds, err := s.dataSource(ctx, *c, prov)
	if err != nil {
		return err
	}
	rec := runTypesFrom(ctx)
	for i, dt := range prov.DataTypes() {
		rec.start(ctx, i, dt.Name)
		err := s.withToken(ctx, c, func(token string) error {
			n, err := s.syncType(ctx, *c, ds, prov, dt, req, token)
			counts.add(n)
			rec.finish(ctx, i, dt.Name, n, err)
			return err
		})
		if err != nil {
			return fmt.Errorf("syncer: %s %s: %w", c.Provider, dt.Name, err)
		}
	}
	return nil
}

// withToken runs fn under the token protocol (oauthflow.WithToken).
func (s *Syncer) withToken(ctx context.Context, c *domain.Connection, fn func(token string) error) error {
	return oauthflow.WithToken(ctx, s.o.Tokens, c, fn)
}

// finish records the run's outcome.
func (s *Syncer) finish(ctx context.Context, run domain.SyncRun, n Counts, err error) (domain.SyncRun, error) {
	run.Fetched, run.Stored, run.Updated, run.Deleted = n.Fetched, n.Stored, n.Updated, n.Deleted
	run.Status = domain.SyncSuccess
	errs := n.Errors
	switch {
	case err == nil && len(errs) > 0:
		run.Status = domain.SyncPartial
	case err != nil:
		run.Status = domain.SyncFailed
		if _, limited := provider.RetryAfter(err); limited {
			run.Status = domain.SyncPartial // resumes after the snooze
		}
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		run.Error = joinErrors(errs)
	}
	now := s.o.Now()
	run.EndedAt = &now
	// Record the outcome even if the job's context is ending.
	if ferr := s.o.Store.FinishSyncRun(context.WithoutCancel(ctx), run); ferr != nil {
		s.o.Logger.WarnContext(ctx, "recording sync run failed", slog.String("run_id", run.ID), slog.Any("error", ferr))
	}
	s.o.Metrics.SyncRun(string(run.Provider), run.Source, string(run.Status))
	return run, err
}

func joinErrors(errs []string) string {
	const max = 2000
	out := ""
	for i, e := range errs {
		if i > 0 {
			out += "; "
		}
		out += e
		if len(out) > max {
			return out[:max] + "…"
		}
	}
	return out
}

// ErrInactive means the connection is revoked or its provider gone:
// there is nothing to retry until the user reconnects.
var ErrInactive = errors.New("syncer: connection inactive")

// dataSource returns the connection's data source (one per connection).
func (s *Syncer) dataSource(ctx context.Context, c domain.Connection, prov provider.Provider) (domain.DataSource, error) {
	name := string(c.Provider)
	ds := domain.DataSource{UserID: c.UserID, Provider: c.Provider, ConnectionID: &c.ID, Source: &name}
	if d, ok := prov.(interface{ DataSource() domain.DataSource }); ok {
		tpl := d.DataSource()
		ds.DeviceModel, ds.DeviceType, ds.OriginalSourceName = tpl.DeviceModel, tpl.DeviceType, tpl.OriginalSourceName
	}
	out, err := s.o.Store.EnsureDataSource(ctx, ds)
	if err != nil {
		return domain.DataSource{}, fmt.Errorf("syncer: data source: %w", err)
	}
	return out, nil
}
