package jobs

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// rescueLock keys the advisory lock that lets one process at a time take
// jobs over on PostgreSQL ("wh-lease"); SQLite's single writer already
// serializes it.
const rescueLock int64 = 0x77682d6c65617365

// leaseExpired is the error recorded on a job taken over from a dead
// process; syncer counts these to close the dead attempt's run.
const leaseExpired = "lease expired: the process working this job stopped"

// Run starts the client, keeps leases until ctx ends, then stops.
func (c client[TTx]) Run(ctx context.Context) error {
	if c.o.SoleOwner {
		// Nobody else works this database: whatever is running was left
		// by a killed process.
		n, err := c.rescue(ctx, true)
		switch {
		case ctx.Err() != nil:
			return nil // stopped while starting
		case err != nil:
			return err
		case n > 0:
			c.logger().InfoContext(ctx, "jobs left running by a stopped process made available", slog.Int("jobs", n))
		}
	}
	// Jobs run on a context that outlives ctx: River drains them in Stop.
	if err := c.c.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	err := c.keepLeases(ctx)
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(c.o.SoftStop, DefaultSoftStop)+5*time.Second)
	defer cancel()
	if serr := c.c.Stop(stop); serr != nil && err == nil {
		err = fmt.Errorf("jobs: stop: %w", serr)
	}
	return err
}

// keepLeases takes over expired jobs every LeaseCheck until ctx ends or
// the client stops by itself.
func (c client[TTx]) keepLeases(ctx context.Context) error {
	t := time.NewTicker(cmp.Or(c.o.LeaseCheck, time.Second))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-c.c.Stopped():
			return errors.New("jobs: the job client stopped")
		case <-t.C:
		}
		n, err := c.rescue(ctx, false)
		switch {
		case err != nil && ctx.Err() == nil:
			c.logger().WarnContext(ctx, "checking job leases failed", slog.Any("error", err))
		case n > 0:
			c.logger().InfoContext(ctx, "jobs of a stopped process taken over", slog.Int("jobs", n))
		}
	}
}

func (c client[TTx]) logger() *slog.Logger {
	if c.o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.o.Logger
}

// rescue makes running jobs whose lease expired — started and last
// beating before the lease (all running jobs, with all) — available again, recording why on the job. It
// uses River's own rescue queries, under a lock so replicas never take
// the same job twice. It returns how many jobs it freed.
func (c client[TTx]) rescue(ctx context.Context, all bool) (int, error) {
	if c.o.Lease <= 0 {
		return 0, nil
	}
	now := time.Now()
	horizon := now.Add(-c.o.Lease)
	if all {
		horizon = now.Add(time.Second)
	}
	tx, err := c.c.Driver().GetExecutor().Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("jobs: leases: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.PGAdvisoryXactLock(ctx, rescueLock); err != nil && !errors.Is(err, riverdriver.ErrNotImplemented) {
		return 0, fmt.Errorf("jobs: leases: lock: %w", err)
	}
	stuck, err := tx.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: 1000, StuckHorizon: horizon, Schema: c.c.Schema()})
	if err != nil {
		return 0, fmt.Errorf("jobs: leases: %w", err)
	}
	p := riverdriver.JobRescueManyParams{Schema: c.c.Schema(), StuckHorizon: horizon}
	for _, j := range stuck {
		if c.live.has(j.ID) || !all && beatSince(j.Metadata, horizon) {
			continue // alive: this process works it, or it beat within its lease
		}
		e, err := json.Marshal(rivertype.AttemptError{At: now.UTC(), Attempt: max(j.Attempt, 0), Error: leaseExpired})
		if err != nil {
			return 0, err
		}
		state, finalized := rivertype.JobStateAvailable, (*time.Time)(nil)
		if j.Attempt >= j.MaxAttempts {
			state, finalized = rivertype.JobStateDiscarded, &now
		}
		p.ID = append(p.ID, j.ID)
		p.Error = append(p.Error, e)
		p.FinalizedAt = append(p.FinalizedAt, finalized)
		p.ScheduledAt = append(p.ScheduledAt, now.UTC())
		p.State = append(p.State, string(state))
	}
	if len(p.ID) == 0 {
		return 0, nil
	}
	if _, err := tx.JobRescueMany(ctx, &p); err != nil {
		return 0, fmt.Errorf("jobs: leases: rescue: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("jobs: leases: commit: %w", err)
	}
	return len(p.ID), nil
}

// TakenOver counts the attempts of a job that ended because their process
// died (their lease expired), from the job's recorded errors.
func TakenOver(errs []rivertype.AttemptError) int {
	n := 0
	for _, e := range errs {
		if e.Error == leaseExpired {
			n++
		}
	}
	return n
}

// heartbeat renews a running job's lease: every interval it records the
// time on the job (its output, which the job's own recorded output
// replaces when the attempt ends), so any process can tell a live job
// from one whose process died, however long its attempt.
type heartbeat struct {
	river.MiddlewareDefaults
	every time.Duration
	beat  func(ctx context.Context, id int64, at time.Time) error
	live  *liveJobs
}

// liveJobs is the set of jobs this process is working. A process never
// takes over its own jobs: their beats may lag behind a long write (the
// one SQLite writer connection, a busy machine) while the job is alive,
// and taking it over would run it twice at once. A job stays in the set
// for a grace period after its attempt returns, while River records the
// outcome (it completes jobs in batches).
type liveJobs struct {
	grace time.Duration
	mu    sync.Mutex
	ids   map[int64]int       // attempts working each job
	ended map[int64]time.Time // attempts that returned, until when they count as live
}

func newLiveJobs(grace time.Duration) *liveJobs {
	return &liveJobs{grace: grace, ids: map[int64]int{}, ended: map[int64]time.Time{}}
}

func (l *liveJobs) add(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids[id]++
	now := time.Now()
	for id, until := range l.ended {
		if now.After(until) {
			delete(l.ended, id)
		}
	}
}

func (l *liveJobs) remove(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ids[id]--; l.ids[id] <= 0 {
		delete(l.ids, id)
	}
	l.ended[id] = time.Now().Add(l.grace)
}

func (l *liveJobs) has(id int64) bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ids[id] > 0 || time.Now().Before(l.ended[id])
}

// beatOutput is the output a heartbeat records.
type beatOutput struct {
	Beat time.Time `json:"beat"`
}

func (h *heartbeat) Work(ctx context.Context, job *rivertype.JobRow, inner func(context.Context) error) error {
	if h.live != nil {
		h.live.add(job.ID)
		defer h.live.remove(job.ID)
	}
	if h.beat == nil || h.every <= 0 {
		return inner(ctx)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(h.every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case at := <-t.C:
				// A missed beat is retried on the next tick; the lease
				// spans several.
				_ = h.beat(context.WithoutCancel(ctx), job.ID, at.UTC())
			}
		}
	}()
	defer func() { close(stop); <-done }()
	return inner(ctx)
}

// beatSince reports whether a job's metadata holds a heartbeat after t.
func beatSince(metadata []byte, t time.Time) bool {
	var md struct {
		Output beatOutput `json:"output"`
	}
	return json.Unmarshal(metadata, &md) == nil && md.Output.Beat.After(t)
}
