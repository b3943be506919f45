package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Queue inserts the sync engine's jobs; it is the syncer's and the API's
// Enqueuer.
type Queue struct {
	R Runner
}

func syncOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: QueueSync, UniqueOpts: uniqueWhileLive, MaxAttempts: 10}
}

func webhookOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: QueueWebhook, UniqueOpts: uniqueWhileLive, MaxAttempts: 10, Priority: 1}
}

// EnqueueSync enqueues a sync at the given time (zero: now, as
// TriggerSync). A sync of the same connection already waiting or running
// absorbs a scheduled one.
func (q Queue) EnqueueSync(ctx context.Context, connectionID, source string, days int, at time.Time) error {
	a := SyncArgs{ConnectionID: connectionID, Source: source, Days: days}
	if at.IsZero() {
		_, err := q.R.Trigger(ctx, a, syncOpts())
		return err
	}
	opts := syncOpts()
	opts.ScheduledAt = at
	return q.R.Insert(ctx, a, opts)
}

// TriggerSync asks for a sync from now on and says which job does it.
func (q Queue) TriggerSync(ctx context.Context, connectionID, source string, days int) (Ticket, error) {
	return q.R.Trigger(ctx, SyncArgs{ConnectionID: connectionID, Source: source, Days: days}, syncOpts())
}

// TriggerSyncTx is TriggerSync inside a store transaction, so the sync
// commits with the writes that call for it (a connection's upsert).
func (q Queue) TriggerSyncTx(ctx context.Context, tx store.Tx, connectionID, source string, days int) (Ticket, error) {
	return q.R.TriggerTx(ctx, tx, SyncArgs{ConnectionID: connectionID, Source: source, Days: days}, syncOpts())
}

func webhookArgs(p domain.Provider, t provider.Target) WebhookArgs {
	return WebhookArgs{Provider: string(p), ProviderUserID: t.ProviderUserID, DataType: t.DataType,
		ID: t.ID, Deleted: t.Deleted, EventType: t.EventType}
}

// EnqueueWebhook enqueues a targeted fetch on the webhook queue, which has
// its own workers so backfills never delay it.
func (q Queue) EnqueueWebhook(ctx context.Context, p domain.Provider, t provider.Target) error {
	return q.R.Insert(ctx, webhookArgs(p, t), webhookOpts())
}

// EnqueueWebhooks enqueues every target of one webhook in one insert.
func (q Queue) EnqueueWebhooks(ctx context.Context, p domain.Provider, ts []provider.Target) error {
	params := make([]river.InsertManyParams, 0, len(ts))
	for _, t := range ts {
		params = append(params, river.InsertManyParams{Args: webhookArgs(p, t), InsertOpts: webhookOpts()})
	}
	return q.R.InsertMany(ctx, params)
}
