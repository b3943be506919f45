package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"
)

// TestTriggerSaysWhatItJoined: an immediate request answers at once with
// the job that does its work. A waiting sync that does as much absorbs
// it; one doing less (a historical sync asked while a backfill waits)
// gets a follow-up queued behind it, never dropped, and the follow-up
// runs after it.
func TestTriggerSaysWhatItJoined(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		waiting    uniqueArgs
		asked      uniqueArgs
		outcome    Outcome
		runs       []string
		noteLeader bool
	}{
		{name: "same work joins", waiting: uniqueArgs{Key: "c1", Note: "pull"}, asked: uniqueArgs{Key: "c1", Note: "manual"},
			outcome: Joined, runs: []string{"pull"}},
		{name: "more history is queued behind", waiting: uniqueArgs{Key: "c1", Note: "backfill"},
			asked: uniqueArgs{Key: "c1", Note: "historical", Days: 90}, outcome: Queued, runs: []string{"backfill", "historical"}},
		{name: "a longer waiting sync covers a shorter one", waiting: uniqueArgs{Key: "c1", Note: "historical", Days: 90},
			asked: uniqueArgs{Key: "c1", Note: "historical 30", Days: 30}, outcome: Joined, runs: []string{"historical"}},
	}
	for name := range engines {
		for _, tc := range cases {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				r, w := uniqueRig(t, name, nil)
				later := *unique
				later.ScheduledAt = time.Now().Add(time.Hour)
				require.NoError(t, r.Insert(ctx, tc.waiting, &later))
				tk, err := r.Trigger(ctx, tc.asked, unique)
				require.NoError(t, err)
				require.Equal(t, tc.outcome, tk.Outcome)
				require.NotZero(t, tk.JobID)
				require.NoError(t, r.Start(ctx))
				for _, want := range tc.runs {
					require.Equal(t, want, next(t, ctx, w.started, "the joined work never ran: "+want))
				}
			})
		}
	}
}

// TestTriggerQueuesBehindARunningSync: a request meeting a running sync
// is queued behind it and answered so, at once (nothing polls the
// running job); the follow-up runs only once the running one ended.
func TestTriggerQueuesBehindARunningSync(t *testing.T) {
	t.Parallel()
	for name := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var states []rivertype.JobState
			r, w := uniqueRig(t, name, func(s rivertype.JobState) { states = append(states, s) })
			require.NoError(t, r.Start(ctx))
			require.NoError(t, r.Insert(ctx, uniqueArgs{Key: "c1", Note: "cancel"}, unique))
			require.Equal(t, "cancel", next(t, ctx, w.started, "the first job never started"))
			tk, err := r.Trigger(ctx, uniqueArgs{Key: "c1", Note: "reconnect"}, unique)
			require.NoError(t, err)
			require.Equal(t, Queued, tk.Outcome)
			require.NotZero(t, tk.Behind)
			require.Equal(t, []rivertype.JobState{rivertype.JobStateRunning}, states)
			// The follow-up is held back (snoozed) several times while the
			// job it follows runs, and its worker never starts.
			require.Eventually(t, func() bool { return snoozes(t, r, tk.JobID) >= 3 }, 20*time.Second, 5*time.Millisecond)
			select {
			case got := <-w.started:
				t.Fatalf("%s started while the job it follows runs", got)
			default:
			}
			close(w.release)
			require.Equal(t, "reconnect", next(t, ctx, w.started, "the follow-up never ran"))
		})
	}
}

// snoozes reads how many times River put job id off.
func snoozes(t *testing.T, r Runner, id int64) int {
	t.Helper()
	var (
		j   *rivertype.JobRow
		err error
	)
	switch c := r.(type) {
	case client[*sql.Tx]:
		j, err = c.c.JobGet(t.Context(), id)
	case client[pgx.Tx]:
		j, err = c.c.JobGet(t.Context(), id)
	}
	require.NoError(t, err)
	var md struct {
		Snoozes int `json:"snoozes"`
	}
	_ = json.Unmarshal(j.Metadata, &md)
	return md.Snoozes
}
