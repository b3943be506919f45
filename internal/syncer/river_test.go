package syncer_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestJobsEndToEnd runs the real job path on River (SQLite): connecting
// enqueues the backfill, a worker runs it, the simulator's signed webhooks
// become webhook-queue jobs that fetch what changed.
func TestJobsEndToEnd(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	handler := &syncer.JobHandler{}
	runner, err := jobs.NewSQLite(st.DB(), jobs.Options{Workers: jobs.SyncWorkers(handler), TestOnly: true, SyncWorkers: 2, WebhookWorkers: 2})
	require.NoError(t, err)
	enq := jobs.Queue{R: runner}
	var r *syncertest.Rig
	hooks := serve(t, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		_, err := r.Syncer.Receive(req.Context(), domain.ProviderWHOOP, req.Header, readAll(t, req))
		if errors.Is(err, provider.ErrBadSignature) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		require.NoError(t, err)
		w.WriteHeader(http.StatusAccepted)
	}))
	r, err = syncertest.New(syncertest.Options{Store: st, Users: 1, Days: 40, Seed: 31, RateLimits: []simkit.Window{}, Budget: provider.Unlimited{},
		BackfillDays: 30, Enqueue: enq, WebhookURL: hooks})
	require.NoError(t, err)
	t.Cleanup(r.Close)
	handler.S = r.Syncer
	require.NoError(t, runner.Start(t.Context()))
	t.Cleanup(func() { _ = runner.Stop(t.Context()) })

	c, err := r.Connect(t.Context(), 0)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		got, err := st.ConnectionByID(t.Context(), c.ID)
		return err == nil && got.LastSyncedAt != nil
	}, 30*time.Second, 20*time.Millisecond, "the backfill job ran")
	p, err := r.Person(c)
	require.NoError(t, err)
	now := r.Clock.Now()
	from := now.AddDate(0, 0, -30)
	requireMatchesTruth(t, st, c, p, from, now)

	events, err := r.Advance(t.Context(), 30*time.Hour)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	later := r.Clock.Now()
	want := p.Sleeps(from, later)
	require.Eventually(t, func() bool {
		runs, err := st.ListSyncRuns(t.Context(), storeRunQuery(c.UserID))
		if err != nil {
			return false
		}
		webhookRuns := 0
		for _, run := range runs {
			if run.Source == syncer.SourceWebhook && run.Status == domain.SyncSuccess {
				webhookRuns++
			}
		}
		return webhookRuns >= len(events)
	}, 30*time.Second, 20*time.Millisecond, "every webhook job ran")
	for _, s := range want {
		e, err := st.EventByProviderID(t.Context(), dataSourceOf(t, st, c), domain.CategorySleep, s.ID)
		require.NoError(t, err, "sleep %s arrived through its webhook", s.ID)
		require.Equal(t, string(s.State), *e.Sleep.ProviderScoreState)
	}
}
