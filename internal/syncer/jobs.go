package syncer

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// JobHandler adapts the Syncer to internal/jobs: it runs the jobs and
// turns outcomes into River's own controls — a finished slice or a rate
// limit snoozes the job (the slice continues from the last stored page,
// the rate limit after the provider's Retry-After), an inactive
// (revoked) connection cancels it, anything else is retried with River's
// backoff.
type JobHandler struct{ S *Syncer }

var _ jobs.Handler = JobHandler{}

// Sync runs one slice of a SyncArgs job (see slice.go).
func (h JobHandler) Sync(ctx context.Context, a jobs.SyncArgs, at jobs.Attempt) error {
	err := h.S.syncSlice(ctx, a, at)
	if errors.Is(err, ErrYield) {
		return river.JobSnooze(0)
	}
	return h.control(ctx, a.ConnectionID, err)
}

// Webhook runs a WebhookArgs job. Its runs have ids derived from the
// job and attempt, so an attempt after a dead one closes the run the dead
// one left in progress.
func (h JobHandler) Webhook(ctx context.Context, a jobs.WebhookArgs, at jobs.Attempt) error {
	_, err := h.S.handleWebhook(ctx, domain.Provider(a.Provider), provider.Target{ProviderUserID: a.ProviderUserID,
		DataType: a.DataType, ID: a.ID, Deleted: a.Deleted, EventType: a.EventType}, &at)
	return h.control(ctx, "", err)
}

// Plan runs the planning tick.
func (h JobHandler) Plan(ctx context.Context) error { return h.S.Plan(ctx) }

func (h JobHandler) control(ctx context.Context, connectionID string, err error) error {
	if err == nil {
		return nil
	}
	if d, ok := provider.RetryAfter(err); ok {
		return river.JobSnooze(max(d, time.Second))
	}
	if errors.Is(err, ErrInactive) || errors.Is(err, provider.ErrRejected) {
		return river.JobCancel(err)
	}
	if connectionID != "" {
		// A refresh the provider rejected revoked the connection: retrying
		// cannot help until the user reconnects.
		if c, cerr := h.S.o.Store.ConnectionByID(ctx, connectionID); cerr == nil && c.Status != domain.ConnectionActive {
			return river.JobCancel(err)
		}
	}
	return err
}
