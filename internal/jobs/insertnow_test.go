package jobs

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"
)

type uniqueArgs struct {
	Key     string `json:"key" river:"unique"`
	Note    string `json:"note"`
	Days    int    `json:"days,omitempty"`
	Follows int64  `json:"follows,omitempty" river:"unique"`
}

func (uniqueArgs) Kind() string { return "test_unique" }

// Behind and Covers make uniqueArgs a Follower, as SyncArgs is.
func (a uniqueArgs) Behind(id int64) river.JobArgs { a.Follows = id; return a }
func (a uniqueArgs) Covers(encoded []byte) bool {
	return SyncArgs{Days: a.Days}.Covers(encoded)
}

// uniqueWorker reports each job's note; a job noted "cancel" first waits
// for release and then cancels itself, as a sync of a connection revoked
// under it does.
type uniqueWorker struct {
	river.WorkerDefaults[uniqueArgs]
	started chan string
	release chan struct{}
}

func (w *uniqueWorker) Work(ctx context.Context, j *river.Job[uniqueArgs]) error {
	w.started <- j.Args.Note
	if j.Args.Note != "cancel" {
		return nil
	}
	select {
	case <-w.release:
	case <-ctx.Done():
	}
	return river.JobCancel(context.Canceled)
}

// uniqueRig starts a Runner on one engine with a uniqueWorker; onAbsorbed
// hears every duplicate InsertNow meets.
func uniqueRig(t *testing.T, engine string, onAbsorbed func(rivertype.JobState)) (Runner, *uniqueWorker) {
	t.Helper()
	w := &uniqueWorker{started: make(chan string, 4), release: make(chan struct{})}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	r := engines[engine](t, Options{Workers: workers, TestOnly: true, FollowPoll: 20 * time.Millisecond})
	switch c := r.(type) {
	case client[*sql.Tx]:
		c.absorbed = onAbsorbed
		r = c
	case client[pgx.Tx]:
		c.absorbed = onAbsorbed
		r = c
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = r.Stop(stop)
	})
	return r, w
}

func next(t *testing.T, ctx context.Context, c <-chan string, what string) string {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-ctx.Done():
		t.Fatal(what)
		return ""
	}
}

var unique = &river.InsertOpts{Queue: QueueSync, UniqueOpts: uniqueWhileLive}

// TestInsertNowBringsScheduledDuplicateForward: a job scheduled an hour
// ahead absorbs an immediate insert of the same unique key (one sync per
// connection) and is then worked now, not in an hour.
func TestInsertNowBringsScheduledDuplicateForward(t *testing.T) {
	t.Parallel()
	for name := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var seen []rivertype.JobState
			r, w := uniqueRig(t, name, func(s rivertype.JobState) { seen = append(seen, s) })
			later := *unique
			later.ScheduledAt = time.Now().Add(time.Hour)
			require.NoError(t, r.Insert(ctx, uniqueArgs{Key: "c1", Note: "scheduled pull"}, &later))
			require.NoError(t, r.Start(ctx))
			require.NoError(t, r.InsertNow(ctx, uniqueArgs{Key: "c1", Note: "reconnect"}, unique))
			require.Equal(t, "scheduled pull", next(t, ctx, w.started, "the absorbed insert still waits for the scheduled time"))
			require.Equal(t, []rivertype.JobState{rivertype.JobStateScheduled}, seen)
		})
	}
}

// TestInsertNowFollowsARunningDuplicateThatIsCancelled: a sync running
// when the connection is reconnected absorbs the reconnect's insert and
// then cancels itself (it saw the connection revoked just before); a new
// job still runs.
func TestInsertNowFollowsARunningDuplicateThatIsCancelled(t *testing.T) {
	t.Parallel()
	for name := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var r Runner
			var w *uniqueWorker
			absorbed := 0
			r, w = uniqueRig(t, name, func(s rivertype.JobState) {
				absorbed++
				require.Equal(t, rivertype.JobStateRunning, s)
				close(w.release) // the running job ends only after absorbing
			})
			require.NoError(t, r.Start(ctx))
			require.NoError(t, r.Insert(ctx, uniqueArgs{Key: "c1", Note: "cancel"}, unique))
			require.Equal(t, "cancel", next(t, ctx, w.started, "the first job never started"))
			require.NoError(t, r.InsertNow(ctx, uniqueArgs{Key: "c1", Note: "reconnect"}, unique))
			require.Equal(t, 1, absorbed)
			require.Equal(t, "reconnect", next(t, ctx, w.started, "the reconnect's job was lost with the cancelled one"))
		})
	}
}

type blockArgs struct{}

func (blockArgs) Kind() string { return "test_block" }

// blockWorker runs until its context is cancelled.
type blockWorker struct {
	river.WorkerDefaults[blockArgs]
	started chan int64
}

func (w *blockWorker) Work(ctx context.Context, j *river.Job[blockArgs]) error {
	w.started <- j.ID
	<-ctx.Done()
	return ctx.Err()
}

// TestStopCancelsJobsThatOutliveTheSoftStop: a job still running when
// the process stops is cancelled after the soft stop and put back to
// run, so the next start runs it again at once rather than after
// River's one-hour rescue of a job left "running".
func TestStopCancelsJobsThatOutliveTheSoftStop(t *testing.T) {
	t.Parallel()
	for name := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			w := &blockWorker{started: make(chan int64, 1)}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			r := engines[name](t, Options{Workers: workers, TestOnly: true, SoftStop: 50 * time.Millisecond})
			require.NoError(t, r.Start(ctx))
			require.NoError(t, r.Insert(ctx, blockArgs{}, &river.InsertOpts{Queue: QueueSync}))
			var id int64
			select {
			case id = <-w.started:
			case <-ctx.Done():
				t.Fatal("the job never started")
			}
			require.NoError(t, r.Stop(ctx), "stop returns once the cancelled job has finished")
			state, err := r.(interface {
				jobState(context.Context, int64) (rivertype.JobState, error)
			}).jobState(ctx, id)
			require.NoError(t, err)
			require.Contains(t, []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateRetryable}, state,
				"the job waits to run again, not marked running")
		})
	}
}
