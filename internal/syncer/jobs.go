package syncer

import (
	"context"
	"errors"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// JobHandler adapts the Syncer to internal/jobs: it runs the jobs and
// turns outcomes into River's controls — a rate limit snoozes the job for
// the provider's Retry-After, an inactive (revoked) connection cancels it,
// anything else is retried with River's backoff.
type JobHandler struct{ S *Syncer }

var _ jobs.Handler = JobHandler{}

// Sync runs a SyncArgs job; a retry skips the data types an earlier
// attempt completed.
func (h JobHandler) Sync(ctx context.Context, a jobs.SyncArgs, at jobs.Attempt) error {
	req := Request{ConnectionID: a.ConnectionID, Source: a.Source, Days: a.Days}
	if at.Retry() {
		req.DoneSince = at.AskedAt
	}
	_, err := h.S.Sync(ctx, req)
	return h.control(ctx, a.ConnectionID, err)
}

// Webhook runs a WebhookArgs job.
func (h JobHandler) Webhook(ctx context.Context, a jobs.WebhookArgs) error {
	_, err := h.S.HandleWebhook(ctx, domain.Provider(a.Provider), provider.Target{ProviderUserID: a.ProviderUserID,
		DataType: a.DataType, ID: a.ID, Deleted: a.Deleted, EventType: a.EventType})
	return h.control(ctx, "", err)
}

// Plan runs the planning tick.
func (h JobHandler) Plan(ctx context.Context) error { return h.S.Plan(ctx) }

func (h JobHandler) control(ctx context.Context, connectionID string, err error) error {
	if err == nil {
		return nil
	}
	if d, ok := provider.RetryAfter(err); ok {
		return jobs.Snooze(d)
	}
	if errors.Is(err, ErrInactive) || errors.Is(err, provider.ErrRejected) {
		return jobs.Cancel(err)
	}
	if connectionID != "" {
		// A refresh the provider rejected revoked the connection: retrying
		// cannot help until the user reconnects.
		if c, cerr := h.S.o.Store.ConnectionByID(ctx, connectionID); cerr == nil && c.Status != domain.ConnectionActive {
			return jobs.Cancel(err)
		}
	}
	return err
}

// QueueEnqueuer adapts jobs.Enqueuer to the Syncer's Enqueuer.
type QueueEnqueuer struct{ E jobs.Enqueuer }

var _ Enqueuer = QueueEnqueuer{}

// EnqueueSync inserts a SyncArgs job.
func (q QueueEnqueuer) EnqueueSync(ctx context.Context, connectionID, source string, days int, at time.Time) error {
	return q.E.Sync(ctx, jobs.SyncArgs{ConnectionID: connectionID, Source: source, Days: days}, at)
}

// EnqueueWebhook inserts a WebhookArgs job.
func (q QueueEnqueuer) EnqueueWebhook(ctx context.Context, p domain.Provider, t provider.Target) error {
	return q.E.Webhook(ctx, jobs.WebhookArgs{Provider: string(p), ProviderUserID: t.ProviderUserID, DataType: t.DataType,
		ID: t.ID, Deleted: t.Deleted, EventType: t.EventType})
}
