package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// QueueOutbound runs outgoing-webhook deliveries, apart from syncs so a
// slow receiver never holds a sync back and a backfill never delays a
// delivery.
const QueueOutbound = "outbound"

// DeliverArgs is a delivery pass of one outgoing-webhook endpoint. The
// job is unique per endpoint while it lives: one pass at a time per
// endpoint across every replica, which is what keeps a user's messages
// in order and never sends one twice at once.
type DeliverArgs struct {
	EndpointID string `json:"endpoint_id" river:"unique"`
}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "webhook_deliver" }

// Deliverer runs one delivery pass (delivery.Engine.Pass): it returns
// when the endpoint needs another pass (zero: only when new changes
// arrive).
type Deliverer interface {
	Pass(ctx context.Context, endpointID string) (time.Time, error)
}

// deliverTimeout bounds one pass: a slice plus attempts in flight.
const deliverTimeout = 2 * time.Minute

// deliverRetry is the wait after a pass that failed (the store was
// unreachable, say); the messages themselves keep their own schedule.
const deliverRetry = 5 * time.Second

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	d Deliverer
}

func (w *deliverWorker) Work(ctx context.Context, j *river.Job[DeliverArgs]) error {
	next, err := w.d.Pass(ctx, j.Args.EndpointID)
	switch {
	case err != nil && ctx.Err() == nil:
		return river.JobSnooze(deliverRetry)
	case err != nil:
		return err
	case next.IsZero():
		return nil
	}
	// Waiting for a retry keeps the job (and its uniqueness); a new
	// change brings it forward (Trigger).
	return river.JobSnooze(max(time.Until(next), 0))
}

func (w *deliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration { return deliverTimeout }

// AddDelivery registers the delivery worker on ws.
func AddDelivery(ws *river.Workers, d Deliverer) {
	river.AddWorker(ws, &deliverWorker{d: d})
}

func deliverOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: QueueOutbound, UniqueOpts: uniqueWhileLive, MaxAttempts: 25}
}

// TriggerDelivery starts the endpoint's delivery pass now, or brings a
// waiting one forward; a running pass absorbs it.
func (q Queue) TriggerDelivery(ctx context.Context, endpointID string) error {
	return q.R.InsertNow(ctx, DeliverArgs{EndpointID: endpointID}, deliverOpts())
}
