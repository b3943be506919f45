package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/wearhouse/wearhouse/internal/store"
)

// Outcome is what an immediate request joined.
type Outcome string

// Outcomes of Trigger.
const (
	// Enqueued: a new job was inserted and runs as soon as a worker is free.
	Enqueued Outcome = "enqueued"
	// Joined: a job waiting to run already does what was asked; it was
	// brought forward if it was scheduled later.
	Joined Outcome = "joined"
	// Queued: a job of the same key is running (or waiting but does less
	// than asked); a follow-up runs once it has ended.
	Queued Outcome = "queued"
)

// Ticket answers an immediate request: which job will do the work and,
// when it waits for another, which one.
type Ticket struct {
	Outcome Outcome
	// JobID is the job that does the requested work.
	JobID int64
	// Behind is the job it waits for (Queued only).
	Behind int64
}

// Follower is a job's args that can be queued behind a job of the same
// unique key: Behind returns the args of the follow-up, unique per
// followed job, and Covers reports whether a waiting duplicate (its
// encoded args) already does everything these args ask.
type Follower interface {
	river.JobArgs
	Behind(jobID int64) river.JobArgs
	Covers(encoded []byte) bool
}

func (c client[TTx]) InsertNow(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := c.Trigger(ctx, args, opts)
	return err
}

func (c client[TTx]) Trigger(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (Ticket, error) {
	return c.trigger(ctx, args, opts, ops[TTx]{
		insert: func(a river.JobArgs, o *river.InsertOpts) (*rivertype.JobInsertResult, error) {
			return c.c.Insert(ctx, a, o)
		},
		retry: func(id int64) (*rivertype.JobRow, error) { return c.c.JobRetry(ctx, id) },
	})
}

func (c client[TTx]) TriggerTx(ctx context.Context, stx store.Tx, args river.JobArgs, opts *river.InsertOpts) (Ticket, error) {
	tx, err := unwrap[TTx](stx)
	if err != nil {
		return Ticket{}, err
	}
	return c.trigger(ctx, args, opts, ops[TTx]{
		insert: func(a river.JobArgs, o *river.InsertOpts) (*rivertype.JobInsertResult, error) {
			return c.c.InsertTx(ctx, tx, a, o)
		},
		retry: func(id int64) (*rivertype.JobRow, error) { return c.c.JobRetryTx(ctx, tx, id) },
	})
}

// ops are the two calls Trigger makes, in or outside a transaction.
type ops[TTx any] struct {
	insert func(river.JobArgs, *river.InsertOpts) (*rivertype.JobInsertResult, error)
	retry  func(int64) (*rivertype.JobRow, error)
}

func (c client[TTx]) trigger(_ context.Context, args river.JobArgs, opts *river.InsertOpts, op ops[TTx]) (Ticket, error) {
	now := *opts
	now.ScheduledAt = time.Time{}
	res, err := op.insert(args, &now)
	if err != nil {
		return Ticket{}, fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	j := res.Job
	if !res.UniqueSkippedAsDuplicate {
		return Ticket{Outcome: Enqueued, JobID: j.ID}, nil
	}
	if c.absorbed != nil {
		c.absorbed(j.State)
	}
	f, followable := args.(Follower)
	covered := !followable || f.Covers(j.EncodedArgs)
	switch j.State {
	case rivertype.JobStateScheduled, rivertype.JobStateRetryable:
		if _, err := op.retry(j.ID); err != nil {
			return Ticket{}, fmt.Errorf("jobs: bring %s forward: %w", args.Kind(), err)
		}
	case rivertype.JobStateRunning:
		covered = !followable
	}
	if covered {
		return Ticket{Outcome: Joined, JobID: j.ID}, nil
	}
	behind := f.Behind(j.ID)
	fres, err := op.insert(behind, &now)
	if err != nil {
		return Ticket{}, fmt.Errorf("jobs: queue %s behind job %d: %w", args.Kind(), j.ID, err)
	}
	return Ticket{Outcome: Queued, JobID: fres.Job.ID, Behind: j.ID}, nil
}

// followMiddleware holds a follow-up back while the job it follows has
// not ended: it snoozes without running the worker. The wait is in the
// job, never in the request that queued it.
type followMiddleware struct {
	river.MiddlewareDefaults
	poll time.Duration
	get  func(ctx context.Context, id int64) (*rivertype.JobRow, error)
}

// followsField is the args field naming the followed job.
type followsField struct {
	Follows int64 `json:"follows"`
}

func (m *followMiddleware) Work(ctx context.Context, job *rivertype.JobRow, inner func(context.Context) error) error {
	var f followsField
	if json.Unmarshal(job.EncodedArgs, &f) != nil || f.Follows == 0 || m.get == nil {
		return inner(ctx)
	}
	lead, err := m.get(ctx, f.Follows)
	switch {
	case errors.Is(err, river.ErrNotFound):
		return inner(ctx)
	case err != nil:
		return fmt.Errorf("jobs: followed job %d: %w", f.Follows, err)
	}
	if live(lead.State) {
		return river.JobSnooze(m.poll)
	}
	return inner(ctx)
}

// live reports whether a job in state s may still run.
func live(s rivertype.JobState) bool {
	switch s {
	case rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
		return false
	}
	return true
}
