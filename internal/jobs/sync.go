package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// SyncArgs asks for one sync of a connection: a backfill, an incremental
// pull or a manual run. Only the connection id makes jobs unique, so a
// connection never syncs twice at once and schedules coalesce.
type SyncArgs struct {
	ConnectionID string `json:"connection_id" river:"unique"`
	// Source is backfill, pull or manual (recorded on the sync run).
	Source string `json:"source"`
	// Days, when set, re-fetches that many days of history regardless of
	// the cursors (historical sync); 0 follows the cursors.
	Days int `json:"days,omitempty"`
}

// Kind implements river.JobArgs.
func (SyncArgs) Kind() string { return "sync" }

// WebhookArgs asks for the targeted fetch one inbound webhook announced.
type WebhookArgs struct {
	Provider       string `json:"provider" river:"unique"`
	ProviderUserID string `json:"provider_user_id" river:"unique"`
	DataType       string `json:"data_type" river:"unique"`
	ID             string `json:"id" river:"unique"`
	Deleted        bool   `json:"deleted" river:"unique"`
	EventType      string `json:"event_type"`
}

// Kind implements river.JobArgs.
func (WebhookArgs) Kind() string { return "webhook_fetch" }

// PlanArgs is the periodic planning tick that enqueues due pulls.
type PlanArgs struct{}

// Kind implements river.JobArgs.
func (PlanArgs) Kind() string { return "plan_syncs" }

// Attempt is which run of a job this is.
type Attempt struct {
	// Number counts from 1.
	Number int
	// AskedAt is when the job was inserted.
	AskedAt time.Time
}

// Retry reports whether an earlier attempt ran.
func (a Attempt) Retry() bool { return a.Number > 1 }

// Handler does the work behind the sync jobs (internal/syncer).
type Handler interface {
	Sync(ctx context.Context, a SyncArgs, at Attempt) error
	Webhook(ctx context.Context, a WebhookArgs) error
	Plan(ctx context.Context) error
}

// snoozeError and cancelError let handlers steer River without importing
// it: Snooze reschedules the job (a 429's Retry-After), Cancel stops
// retrying (a revoked connection).
type snoozeError struct{ d time.Duration }

func (e *snoozeError) Error() string { return fmt.Sprintf("jobs: snooze %s", e.d) }

type cancelError struct{ err error }

func (e *cancelError) Error() string { return "jobs: cancel: " + e.err.Error() }
func (e *cancelError) Unwrap() error { return e.err }

// Snooze returns an error that reschedules the job after d without
// counting a failed attempt.
func Snooze(d time.Duration) error { return &snoozeError{d: max(d, time.Second)} }

// Cancel returns an error that stops the job for good.
func Cancel(err error) error { return &cancelError{err: err} }

// translate maps handler errors to River's controls.
func translate(err error) error {
	if se, ok := errors.AsType[*snoozeError](err); ok {
		return river.JobSnooze(se.d)
	}
	if ce, ok := errors.AsType[*cancelError](err); ok {
		return river.JobCancel(ce.err)
	}
	return err
}

type syncWorker struct {
	river.WorkerDefaults[SyncArgs]
	h Handler
}

func (w *syncWorker) Work(ctx context.Context, j *river.Job[SyncArgs]) error {
	return translate(w.h.Sync(ctx, j.Args, Attempt{Number: j.Attempt, AskedAt: j.CreatedAt}))
}

// Timeout allows a long backfill: rate limits make it slow by design.
func (w *syncWorker) Timeout(*river.Job[SyncArgs]) time.Duration { return 30 * time.Minute }

type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	h Handler
}

func (w *webhookWorker) Work(ctx context.Context, j *river.Job[WebhookArgs]) error {
	return translate(w.h.Webhook(ctx, j.Args))
}

type planWorker struct {
	river.WorkerDefaults[PlanArgs]
	h Handler
}

func (w *planWorker) Work(ctx context.Context, _ *river.Job[PlanArgs]) error {
	return translate(w.h.Plan(ctx))
}

// SyncWorkers registers the sync engine's workers on a new Workers set.
func SyncWorkers(h Handler) *river.Workers {
	ws := river.NewWorkers()
	river.AddWorker(ws, &syncWorker{h: h})
	river.AddWorker(ws, &webhookWorker{h: h})
	river.AddWorker(ws, &planWorker{h: h})
	return ws
}

// PlanEvery is the periodic planning job, run every interval (and once
// at start).
func PlanEvery(interval time.Duration) []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return PlanArgs{}, &river.InsertOpts{Queue: QueueDefault} },
		&river.PeriodicJobOpts{RunOnStart: true})}
}

// uniqueWhileLive keeps one job per unique key among jobs not yet
// finished; finished ones do not block a new run.
var uniqueWhileLive = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateRetryable, rivertype.JobStateScheduled,
}}

// Enqueuer inserts the sync engine's jobs on a Runner.
type Enqueuer struct {
	R Runner
}

// Sync enqueues a sync on the sync queue, at the given time (zero: now).
// A sync of the same connection already waiting or running absorbs it;
// an immediate one still runs from now on (Runner.InsertNow).
func (e Enqueuer) Sync(ctx context.Context, a SyncArgs, at time.Time) error {
	opts := &river.InsertOpts{Queue: QueueSync, UniqueOpts: uniqueWhileLive, MaxAttempts: 10}
	if at.IsZero() {
		return e.R.InsertNow(ctx, a, opts)
	}
	opts.ScheduledAt = at
	return e.R.Insert(ctx, a, opts)
}

// Webhook enqueues a targeted fetch on the webhook queue, which has its
// own workers so backfills never delay it.
func (e Enqueuer) Webhook(ctx context.Context, a WebhookArgs) error {
	return e.R.Insert(ctx, a, &river.InsertOpts{Queue: QueueWebhook, UniqueOpts: uniqueWhileLive, MaxAttempts: 10, Priority: 1})
}
