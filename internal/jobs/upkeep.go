package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Upkeep is periodic maintenance a part of the process declares (a
// provider's webhook subscriptions, a personal token's connection): run
// at start and every Every as a River periodic job, so it is enqueued by
// the leader only, retried with backoff when it fails, and recorded like
// any job.
type Upkeep struct {
	// Name identifies it in the job's args and in logs.
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// UpkeepArgs is one run of the upkeep named Name.
type UpkeepArgs struct {
	Name string `json:"name" river:"unique"`
}

// Kind implements river.JobArgs.
func (UpkeepArgs) Kind() string { return "upkeep" }

// upkeepTimeout bounds one run (a repair walks every connection of a
// provider, within its rate budget).
const upkeepTimeout = 10 * time.Minute

type upkeepWorker struct {
	river.WorkerDefaults[UpkeepArgs]
	runs map[string]func(context.Context) error
}

func (w *upkeepWorker) Work(ctx context.Context, j *river.Job[UpkeepArgs]) error {
	run, ok := w.runs[j.Args.Name]
	if !ok {
		// Enqueued by a process that had this upkeep; this one has not.
		return river.JobCancel(fmt.Errorf("jobs: no upkeep %q in this process", j.Args.Name))
	}
	return run(ctx)
}

func (w *upkeepWorker) Timeout(*river.Job[UpkeepArgs]) time.Duration { return upkeepTimeout }

// AddUpkeep registers the upkeep worker on ws and returns the periodic
// jobs that schedule each upkeep.
func AddUpkeep(ws *river.Workers, us []Upkeep) []*river.PeriodicJob {
	w := &upkeepWorker{runs: map[string]func(context.Context) error{}}
	river.AddWorker(ws, w)
	out := make([]*river.PeriodicJob, 0, len(us))
	for _, u := range us {
		w.runs[u.Name] = u.Run
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(u.Every),
			func() (river.JobArgs, *river.InsertOpts) {
				return UpkeepArgs{Name: u.Name}, &river.InsertOpts{Queue: QueueDefault, UniqueOpts: uniqueWhileLive, MaxAttempts: 8}
			}, &river.PeriodicJobOpts{RunOnStart: true}))
	}
	return out
}
