package jobs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// SyncArgs asks for one sync of a connection: a backfill, an incremental
// pull or a manual run. The connection id (and, for a follow-up, the job
// it follows) makes jobs unique, so a connection never syncs twice at
// once and schedules coalesce.
type SyncArgs struct {
	ConnectionID string `json:"connection_id" river:"unique"`
	// Source is backfill, pull or manual (recorded on the sync run).
	Source string `json:"source"`
	// Days, when set, re-fetches that many days of history regardless of
	// the cursors (historical sync); 0 follows the cursors.
	Days int `json:"days,omitempty"`
	// Follows is the job this one is queued behind (a request that met a
	// running sync, or a waiting one doing less); 0 for a plain sync.
	Follows int64 `json:"follows,omitempty" river:"unique"`
}

// Kind implements river.JobArgs.
func (SyncArgs) Kind() string { return "sync" }

// Behind implements Follower.
func (a SyncArgs) Behind(jobID int64) river.JobArgs {
	a.Follows = jobID
	return a
}

// Covers implements Follower: a waiting sync covers a request unless the
// request asks for more history than it.
func (a SyncArgs) Covers(encoded []byte) bool {
	var w SyncArgs
	if json.Unmarshal(encoded, &w) != nil {
		return false
	}
	return a.Days == 0 || w.Days >= a.Days
}

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

// Timing sets how jobs are sliced and leased. A sync runs in slices:
// each attempt stops at the first page boundary after Slice and snoozes
// to continue from the last stored page, so syncs of many connections
// take turns and a run's counts are recorded as it goes. Every running
// job beats every Beat; one that missed its beats for Lease belongs to a
// dead process and is taken over (see Options.Lease).
type Timing struct {
	Slice time.Duration
	Beat  time.Duration
	Lease time.Duration
}

// DefaultTiming: slices of 5 s (a snooze costs one fetch, ~0.1 s); a
// beat every 2 s, so a killed process's jobs resume within about 10 s
// while a slow database or a GC pause costs several beats before a live
// job is mistaken for a dead one.
var DefaultTiming = Timing{Slice: 5 * time.Second, Beat: 2 * time.Second, Lease: 10 * time.Second}

// Timeouts of the other kinds: a webhook fetch is a handful of requests;
// the planner one query and inserts.
const (
	webhookTimeout = 30 * time.Second
	planTimeout    = time.Minute
)

// Attempt is which run of a job this is.
type Attempt struct {
	// Number counts from 1; a snoozed slice does not count.
	Number int
	// AskedAt is when the job was inserted.
	AskedAt time.Time
	// JobID is the job's id, the same for every attempt.
	JobID int64
	// Generation counts earlier attempts that ended in an error or were
	// taken over from a dead process; slices of one generation continue
	// each other.
	Generation int
	// TakenOver reports that the previous attempt's process died.
	TakenOver bool
	// Continued reports that an earlier attempt or slice ran.
	Continued bool
	// SliceEnd is when the attempt should yield at the next page.
	SliceEnd time.Time
	// Saved is what the previous slice recorded with Save (JSON), if any.
	Saved json.RawMessage
	// Snoozes counts the times the job was put off (slices, rate limits).
	Snoozes int
}

// Retry reports whether an earlier attempt ran.
func (a Attempt) Retry() bool { return a.Number > 1 }

// Save records v (JSON) on the job for its next slice or attempt. It
// must be called from inside a worker.
func Save(ctx context.Context, v any) error { return river.RecordOutput(ctx, v) }

// Handler does the work behind the sync jobs (internal/syncer). Its
// errors steer River directly: river.JobSnooze to continue later,
// river.JobCancel to stop for good, anything else is retried.
type Handler interface {
	Sync(ctx context.Context, a SyncArgs, at Attempt) error
	Webhook(ctx context.Context, a WebhookArgs, at Attempt) error
	Plan(ctx context.Context) error
}

type syncWorker struct {
	river.WorkerDefaults[SyncArgs]
	h Handler
	t Timing
}

func (w *syncWorker) Work(ctx context.Context, j *river.Job[SyncArgs]) error {
	at := attemptOf(j.JobRow)
	at.SliceEnd = time.Now().Add(w.t.Slice)
	return w.h.Sync(ctx, j.Args, at)
}

// attemptOf reads which attempt of its job j is.
func attemptOf(j *rivertype.JobRow) Attempt {
	var md struct {
		Snoozes int             `json:"snoozes"`
		Output  json.RawMessage `json:"output"`
	}
	_ = json.Unmarshal(j.Metadata, &md) // River's own metadata; absent keys stay zero
	at := Attempt{Number: j.Attempt, AskedAt: j.CreatedAt, JobID: j.ID, Generation: len(j.Errors),
		Continued: j.Attempt > 1 || md.Snoozes > 0, Saved: md.Output, Snoozes: md.Snoozes}
	if n := len(j.Errors); n > 0 {
		at.TakenOver = TakenOver(j.Errors[n-1:]) == 1
	}
	return at
}

// Timeout allows a long slice: a page waits for the rate budget.
func (w *syncWorker) Timeout(*river.Job[SyncArgs]) time.Duration { return 30 * time.Minute }

type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	h Handler
}

func (w *webhookWorker) Work(ctx context.Context, j *river.Job[WebhookArgs]) error {
	return w.h.Webhook(ctx, j.Args, attemptOf(j.JobRow))
}

func (w *webhookWorker) Timeout(*river.Job[WebhookArgs]) time.Duration { return webhookTimeout }

type planWorker struct {
	river.WorkerDefaults[PlanArgs]
	h Handler
}

func (w *planWorker) Work(ctx context.Context, _ *river.Job[PlanArgs]) error { return w.h.Plan(ctx) }

func (w *planWorker) Timeout(*river.Job[PlanArgs]) time.Duration { return planTimeout }

// SyncWorkers registers the sync engine's workers, with DefaultTiming.
func SyncWorkers(h Handler) *river.Workers { return SyncWorkersTimed(h, DefaultTiming) }

// SyncWorkersTimed registers the sync engine's workers with t.
func SyncWorkersTimed(h Handler, t Timing) *river.Workers {
	ws := river.NewWorkers()
	river.AddWorker(ws, &syncWorker{h: h, t: t})
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
