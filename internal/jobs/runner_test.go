package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

type pingArgs struct {
	N int `json:"n"`
}

func (pingArgs) Kind() string { return "test_ping" }

type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	done chan int
}

func (w *pingWorker) Work(_ context.Context, j *river.Job[pingArgs]) error {
	w.done <- j.Args.N
	return nil
}

// engines opens a Runner on each engine (Postgres when configured).
var engines = map[string]func(t *testing.T, o Options) Runner{
	"SQLite": func(t *testing.T, o Options) Runner {
		r, err := NewSQLite(storetest.NewSQLite(t).DB(), o)
		require.NoError(t, err)
		return r
	},
	"Postgres": func(t *testing.T, o Options) Runner {
		r, err := NewPostgres(storetest.NewPostgres(t).Pool(), o)
		require.NoError(t, err)
		return r
	},
}

// TestRunnerWorksJobsOnBothEngines proves River runs on the store's own
// database with either engine: a job inserted is worked.
func TestRunnerWorksJobsOnBothEngines(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := &pingWorker{done: make(chan int, 3)}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			r := open(t, Options{Workers: workers, TestOnly: true})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			require.NoError(t, r.Start(ctx))
			t.Cleanup(func() { _ = r.Stop(context.Background()) })
			for i := 1; i <= 3; i++ {
				require.NoError(t, r.Insert(ctx, pingArgs{N: i}, &river.InsertOpts{Queue: QueueSync}))
			}
			got := map[int]bool{}
			for len(got) < 3 {
				select {
				case n := <-w.done:
					got[n] = true
				case <-ctx.Done():
					t.Fatalf("jobs not worked: got %v", got)
				}
			}
			require.NoError(t, r.Stop(ctx))
			require.NoError(t, r.Stop(ctx), "stopping twice is harmless")
		})
	}
}
