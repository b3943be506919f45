package syncer_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/providertest"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestRetrySkipsWhatAnEarlierAttemptFinished: a backfill dies after its
// cycles are all stored and inside its sleeps. The retry (DoneSince = when
// the sync was asked for) does not touch cycles again — not even their
// lookback — finishes the rest, and the result equals the truth. Without
// DoneSince the same retry re-reads the cycles' lookback.
func TestRetrySkipsWhatAnEarlierAttemptFinished(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		doneSince  bool
		cycleReads func(t require.TestingT, n int)
	}{
		{"retry skips finished types", true, func(t require.TestingT, n int) { require.Zero(t, n, "cycles finished in the first attempt") }},
		{"plain resume re-reads the lookback", false, func(t require.TestingT, n int) { require.Positive(t, n) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path, box := filepath.Join(t.TempDir(), "wearhouse.db"), storetest.NewBox(t)
			st := storetest.OpenSQLite(t, path, box)
			kill := &providertest.KillBudget{At: 9} // profile, body, 4 cycle pages, then inside sleeps
			b := setup(t, st, syncertest.Options{Seed: 16, DeleteRate: -1, Budget: kill})
			c, err := b.rig.Connect(t.Context(), 1)
			require.NoError(t, err)
			asked := time.Now().Add(-time.Second)
			ctx, cancel := context.WithCancel(t.Context())
			kill.Cancel = cancel
			_, err = b.rig.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
			require.ErrorIs(t, err, context.Canceled)
			_, err = st.Cursor(t.Context(), c.ID, "cycle")
			require.NoError(t, err, "the first attempt finished the cycles")

			require.NoError(t, b.rig.Reopen(syncertest.Options{Store: st, Enqueue: b.queue, Budget: provider.Unlimited{}, BackfillDays: backfillDays}))
			counters := b.rig.Sim.Kit().Counters
			counters.Reset()
			req := syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill}
			if tc.doneSince {
				req.DoneSince = asked
			}
			run, err := b.rig.Syncer.Sync(t.Context(), req)
			require.NoError(t, err)
			require.Equal(t, domain.SyncSuccess, run.Status)
			tc.cycleReads(t, counters.Count(simwhoop.RouteCycles))
			require.Positive(t, counters.Count(simwhoop.RouteSleeps), "the unfinished sleeps resume")
			p, err := b.rig.Person(c)
			require.NoError(t, err)
			from, to := b.window()
			requireMatchesTruth(t, st, c, p, from, to)
		})
	}
}
