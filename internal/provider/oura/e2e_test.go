package oura

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// TestConnectBackfillMatchesTruth runs the whole path on the shared
// engine, on both store engines: OAuth connect through oauthflow, a
// backfill through syncer into a real store, then the stored sleeps and
// workouts are compared with the ground truth and a second sync stores
// nothing.
func TestConnectBackfillMatchesTruth(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		const days = 20
		b := setup(t, truth.Options{Users: 1, Days: days}, simoura.Config{})
		e := newEngine(t, b, st, days+2)
		ctx := t.Context()
		c := e.connect(t, 0)
		require.Equal(t, 1, e.jobs.syncs, "connecting enqueues the backfill")
		person := b.world.Person(0)

		run := e.sync(t, c, syncer.SourceBackfill)
		require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
		require.Positive(t, run.Stored)
		dss, err := st.ListDataSources(ctx, c.UserID)
		require.NoError(t, err)
		require.Len(t, dss, 1)
		require.Equal(t, domain.DeviceRing, *dss[0].DeviceType, "Oura data comes from the ring")

		events := func(cat domain.EventCategory) map[time.Time]domain.Event {
			evs, err := st.ListEvents(ctx, store.EventQuery{UserID: c.UserID, Category: cat, Start: b.world.Start().AddDate(0, 0, -2),
				End: b.world.Now().AddDate(0, 0, 1), Page: store.Page{Limit: 1000}})
			require.NoError(t, err)
			out := map[time.Time]domain.Event{}
			for _, ev := range evs {
				out[ev.StartTime.UTC()] = ev
			}
			return out
		}
		sleeps := events(domain.CategorySleep)
		want := person.Sleeps(time.Time{}, time.Time{})
		require.Len(t, sleeps, len(want))
		for _, s := range want {
			ev, ok := sleeps[s.Start.UTC()]
			require.True(t, ok, "sleep %s not stored", s.ID)
			require.Equal(t, s.Nap, ev.Sleep.IsNap)
			require.Equal(t, int64(s.DeepTime.Seconds()), *ev.Sleep.DeepSeconds)
			checkHypnogram(t, s, ev.Sleep)
		}
		workouts := events(domain.CategoryWorkout)
		require.Len(t, workouts, len(person.Workouts(time.Time{}, time.Time{})))

		again := e.sync(t, c, syncer.SourcePull)
		require.Equal(t, domain.SyncSuccess, again.Status, again.Error)
		require.Zero(t, again.Stored, "a second sync of the same data stores nothing new")
		require.Zero(t, again.Updated)
	})
}
