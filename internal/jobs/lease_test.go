package jobs

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"
)

type leaseArgs struct{}

func (leaseArgs) Kind() string { return "test_lease" }

// seenWorker reports each attempt with the errors recorded before it.
type seenWorker struct {
	river.WorkerDefaults[leaseArgs]
	started chan []rivertype.AttemptError
}

func (w *seenWorker) Work(_ context.Context, j *river.Job[leaseArgs]) error {
	w.started <- j.Errors
	return nil
}

// leftRunning writes the row a killed process leaves behind: a job
// running under a client that no longer exists, attempted age ago.
func leftRunning(t *testing.T, r Runner, age time.Duration) {
	t.Helper()
	at := time.Now().Add(-age).UTC()
	p := &riverdriver.JobInsertFullParams{Attempt: 1, AttemptedAt: &at, AttemptedBy: []string{"killed-process"},
		EncodedArgs: []byte(`{}`), Kind: leaseArgs{}.Kind(), MaxAttempts: 10, Metadata: []byte(`{}`), Priority: 1,
		Queue: QueueSync, ScheduledAt: &at, State: rivertype.JobStateRunning}
	var err error
	switch c := r.(type) {
	case client[*sql.Tx]:
		_, err = c.c.Driver().GetExecutor().JobInsertFull(t.Context(), p)
	case client[pgx.Tx]:
		_, err = c.c.Driver().GetExecutor().JobInsertFull(t.Context(), p)
	}
	require.NoError(t, err)
}

// TestALeaseTakesOverTheJobOfADeadProcess: a job left "running" by a
// killed process is taken over once its lease expires — seconds, not
// River's one-hour rescue — by any process, and the new attempt knows
// why; a job still inside its lease is left alone.
func TestALeaseTakesOverTheJobOfADeadProcess(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			w := &seenWorker{started: make(chan []rivertype.AttemptError, 2)}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			lease := 300 * time.Millisecond
			r := open(t, Options{Workers: workers, TestOnly: true, LeaseCheck: 20 * time.Millisecond, Lease: lease})
			leftRunning(t, r, 0)
			runCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			began := time.Now()
			go func() { done <- r.Run(runCtx) }()
			var errs []rivertype.AttemptError
			select {
			case errs = <-w.started:
			case <-ctx.Done():
				t.Fatal("the job of the dead process was never taken over")
			}
			took := time.Since(began)
			require.GreaterOrEqual(t, took, lease, "a job inside its lease is not taken")
			require.Less(t, took, lease+5*time.Second)
			require.Equal(t, 1, TakenOver(errs), "the attempt knows its predecessor died")
			stop()
			require.NoError(t, <-done)
		})
	}
}

// TestASoleOwnerFreesRunningJobsAtStart: on SQLite one process owns the
// file, so a job found running when it starts was left by a killed
// process and runs again at once, without waiting for its lease.
func TestASoleOwnerFreesRunningJobsAtStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := &seenWorker{started: make(chan []rivertype.AttemptError, 2)}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	r := engines["SQLite"](t, Options{Workers: workers, TestOnly: true, SoleOwner: true, Lease: time.Hour})
	leftRunning(t, r, 0)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- r.Run(runCtx) }()
	select {
	case errs := <-w.started:
		require.Equal(t, 1, TakenOver(errs))
	case <-ctx.Done():
		t.Fatal("the restarted process did not run the job left running")
	}
	stop()
	require.NoError(t, <-done)
}

type longArgs struct{}

func (longArgs) Kind() string { return "test_long" }

// longWorker runs for d; it counts its attempts.
type longWorker struct {
	river.WorkerDefaults[longArgs]
	d       time.Duration
	started chan int
	done    chan struct{}
}

func (w *longWorker) Work(ctx context.Context, j *river.Job[longArgs]) error {
	w.started <- j.Attempt
	t := time.NewTimer(w.d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	close(w.done)
	return nil
}

// TestALiveJobKeepsItsLease: a job running far longer than the lease is
// not taken over while its process lives: its heartbeat renews the lease.
func TestALiveJobKeepsItsLease(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			w := &longWorker{d: time.Second, started: make(chan int, 4), done: make(chan struct{})}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			r := open(t, Options{Workers: workers, TestOnly: true, LeaseCheck: 20 * time.Millisecond,
				Lease: 200 * time.Millisecond, Beat: 40 * time.Millisecond})
			runCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- r.Run(runCtx) }()
			require.NoError(t, r.Insert(ctx, longArgs{}, &river.InsertOpts{Queue: QueueSync}))
			require.Equal(t, 1, <-w.started)
			<-w.done
			select {
			case n := <-w.started:
				t.Fatalf("a live job was taken over (attempt %d)", n)
			default:
			}
			stop()
			require.NoError(t, <-done)
		})
	}
}

// TestAProcessNeverTakesOverItsOwnJob: a job whose beats lag behind its
// lease (a long write holds the one SQLite connection, the machine is
// busy) is still alive in its own process, which never takes it over —
// that would run it twice at once.
func TestAProcessNeverTakesOverItsOwnJob(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			w := &longWorker{d: time.Second, started: make(chan int, 4), done: make(chan struct{})}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			// A beat far rarer than the lease: every lease check sees the
			// job as silent.
			r := open(t, Options{Workers: workers, TestOnly: true, LeaseCheck: 20 * time.Millisecond,
				Lease: 100 * time.Millisecond, Beat: time.Hour})
			runCtx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- r.Run(runCtx) }()
			require.NoError(t, r.Insert(ctx, longArgs{}, &river.InsertOpts{Queue: QueueSync}))
			require.Equal(t, 1, <-w.started)
			<-w.done
			select {
			case n := <-w.started:
				t.Fatalf("the process took over its own live job (attempt %d)", n)
			default:
			}
			stop()
			require.NoError(t, <-done)
		})
	}
}
