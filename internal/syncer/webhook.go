package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ErrBadWebhook means an inbound webhook body could not be read; the
// provider should not retry it.
var ErrBadWebhook = errors.New("syncer: unreadable webhook")

// Receive is the provider-independent webhook receiver: it verifies the
// request with the provider's scheme, parses it into targets and enqueues
// one durable fetch job per target, then returns so the HTTP handler can
// acknowledge within the provider's deadline. The job queue is the record:
// a received webhook is never lost once Receive returns nil.
func (s *Syncer) Receive(ctx context.Context, p domain.Provider, h http.Header, body []byte) (int, error) {
	n, reason, err := s.receive(ctx, p, h, body)
	if err != nil {
		s.o.Metrics.WebhookRejected(string(p), reason)
		return 0, err
	}
	s.o.Metrics.WebhookReceived(string(p))
	return n, nil
}

// receive is Receive, naming why a webhook was refused (the metrics'
// reason label).
func (s *Syncer) receive(ctx context.Context, p domain.Provider, h http.Header, body []byte) (int, string, error) {
	prov, err := s.o.Registry.Get(p)
	if err != nil {
		return 0, "unknown_provider", err
	}
	if err := prov.VerifyWebhook(h, body, s.o.Now()); err != nil {
		s.o.Logger.WarnContext(ctx, "webhook rejected", slog.String("provider", string(p)), slog.Any("error", err))
		return 0, "signature", err
	}
	targets, err := prov.ParseWebhook(body)
	if err != nil {
		return 0, "unreadable", fmt.Errorf("%w: %w", ErrBadWebhook, err)
	}
	if s.o.Enqueue == nil {
		return 0, "enqueue", errors.New("syncer: no job queue to record webhooks")
	}
	if many, ok := s.o.Enqueue.(interface {
		EnqueueWebhooks(ctx context.Context, p domain.Provider, ts []provider.Target) error
	}); ok {
		if err := many.EnqueueWebhooks(ctx, p, targets); err != nil {
			return 0, "enqueue", fmt.Errorf("syncer: record webhook: %w", err)
		}
		return len(targets), "", nil
	}
	for _, t := range targets {
		if err := s.o.Enqueue.EnqueueWebhook(ctx, p, t); err != nil {
			return 0, "enqueue", fmt.Errorf("syncer: record webhook: %w", err)
		}
	}
	return len(targets), "", nil
}

// HandleWebhook runs one targeted fetch for every active connection of
// the provider user the webhook named, at priority in the rate budget.
func (s *Syncer) HandleWebhook(ctx context.Context, p domain.Provider, t provider.Target) (Counts, error) {
	return s.handleWebhook(ctx, p, t, nil)
}

// handleWebhook is HandleWebhook as attempt at of a job (nil outside
// one).
func (s *Syncer) handleWebhook(ctx context.Context, p domain.Provider, t provider.Target, at *jobs.Attempt) (Counts, error) {
	prov, err := s.o.Registry.Get(p)
	if err != nil {
		return Counts{}, fmt.Errorf("%w: %w", ErrInactive, err)
	}
	conns, err := s.o.Store.ConnectionsByProviderUser(ctx, p, t.ProviderUserID)
	if err != nil {
		return Counts{}, fmt.Errorf("syncer: webhook: %w", err)
	}
	ctx = provider.WithPriority(ctx)
	var total Counts
	for _, c := range conns {
		if c.Status != domain.ConnectionActive {
			continue
		}
		n, err := s.webhookOne(ctx, c, prov, t, at)
		total.add(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (s *Syncer) webhookOne(ctx context.Context, c domain.Connection, prov provider.Provider, t provider.Target, at *jobs.Attempt) (Counts, error) {
	run := domain.SyncRun{UserID: c.UserID, ConnectionID: c.ID, Provider: c.Provider,
		Source: SourceWebhook, Status: domain.SyncRunning, StartedAt: s.o.Now()}
	if at != nil {
		run.ID = webhookRunID(at.JobID, at.Generation, at.Snoozes, c.ID)
		if err := s.interruptEarlierFetches(ctx, c, *at, run.ID); err != nil {
			return Counts{}, err
		}
	}
	run, err := s.o.Store.CreateSyncRun(ctx, run)
	if err != nil {
		return Counts{}, fmt.Errorf("syncer: start run: %w", err)
	}
	var n Counts
	err = func() error {
		ds, err := s.dataSource(ctx, c, prov)
		if err != nil {
			return err
		}
		return s.withToken(ctx, &c, func(token string) error {
			pg, err := prov.FetchTarget(ctx, token, t)
			if err != nil {
				return err
			}
			if pg, err = s.expand(ctx, c, prov, token, pg); err != nil {
				return err
			}
			got, err := s.storePage(withRun(ctx, run.ID), c, ds, prov, pg, nil)
			n.add(got)
			return err
		})
	}()
	if err == nil {
		// A webhook fetch is a sync: last_synced_at says when the
		// connection's data was last brought up to date, whatever
		// brought it. (The planner reads it too, so a connection whose
		// webhooks keep it fresh is pulled less often.)
		err = s.o.Store.MarkConnectionSynced(ctx, c.ID, s.o.Now())
	}
	if errors.Is(err, context.Canceled) && at != nil {
		// Shut down under the fetch: the job runs again after the restart.
		s.interrupt(ctx, run, n, "the process stopped during this webhook fetch; it runs again in a new run")
		return n, err
	}
	_, err = s.finish(ctx, run, n, err)
	return n, err
}

// webhookRunID is the run id of a webhook job's fetch for one connection:
// one per attempt and snooze, known to every later attempt.
func webhookRunID(job int64, gen, snoozes int, connectionID string) string {
	return uuid.NewSHA1(runNamespace, []byte("webhook/"+strconv.FormatInt(job, 10)+"/"+strconv.Itoa(gen)+"/"+
		strconv.Itoa(snoozes)+"/"+connectionID)).String()
}

// interruptEarlierFetches closes the runs earlier attempts of the same
// webhook job left in progress for c: their process died (only one
// attempt of a job runs at a time).
func (s *Syncer) interruptEarlierFetches(ctx context.Context, c domain.Connection, at jobs.Attempt, keep string) error {
	if !at.Continued {
		return nil
	}
	runs, err := s.o.Store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: c.UserID, Status: domain.SyncRunning, Limit: 100})
	if err != nil {
		return fmt.Errorf("syncer: runs in progress: %w", err)
	}
	earlier := map[string]bool{}
	for g := 0; g <= at.Generation; g++ {
		for n := 0; n <= at.Snoozes; n++ {
			earlier[webhookRunID(at.JobID, g, n, c.ID)] = true
		}
	}
	for _, r := range runs {
		if r.ID != keep && r.ConnectionID == c.ID && earlier[r.ID] {
			s.interrupt(ctx, r, Counts{Fetched: r.Fetched, Stored: r.Stored, Updated: r.Updated, Deleted: r.Deleted},
				"the process running this webhook fetch stopped; it runs again in run "+keep)
		}
	}
	return nil
}
