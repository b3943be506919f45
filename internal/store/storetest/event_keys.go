package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testEventIDsByProviderIDs checks that events are found by their whole
// idempotency key only, never by a key mixing two events' parts, that
// tombstoned events and other users' events are not found, and that no
// keys is no query.
func testEventIDsByProviderIDs(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	other := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring 4")
	day := baseTime().Add(-48 * time.Hour)
	night := f.sleep("n1", day, 8*time.Hour)
	run := f.workout("w1", "running", day.Add(12*time.Hour), time.Hour)
	ringNight := f.sleep("n2", day.Add(24*time.Hour), 8*time.Hour)
	ringNight.DataSourceID = ring.ID
	gone := f.sleep("gone", day.Add(-24*time.Hour), 8*time.Hour)
	_, err := s.UpsertEvents(f.ctx, []domain.Event{night, run, ringNight, gone})
	require.NoError(t, err)
	_, err = s.UpsertEvents(f.ctx, []domain.Event{other.sleep("n1", day, 8*time.Hour)})
	require.NoError(t, err)
	_, err = s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategorySleep, []string{"gone"})
	require.NoError(t, err)

	id := func(ds string, c domain.EventCategory, prid string) string {
		t.Helper()
		e, err := s.EventByProviderID(f.ctx, ds, c, prid)
		require.NoError(t, err)
		return e.ID
	}
	k := func(ds string, c domain.EventCategory, prid string) store.EventKey {
		return store.EventKey{DataSourceID: ds, Category: c, ProviderRecordID: prid}
	}
	got, err := s.EventIDsByProviderIDs(f.ctx, f.user.ID, []store.EventKey{
		k(f.ds.ID, domain.CategorySleep, "n1"),
		k(f.ds.ID, domain.CategoryWorkout, "w1"),
		k(ring.ID, domain.CategorySleep, "n2"),
		k(f.ds.ID, domain.CategorySleep, "n1"),      // asked twice
		k(f.ds.ID, domain.CategorySleep, "w1"),      // a workout's id as a sleep
		k(ring.ID, domain.CategorySleep, "n1"),      // another source's id
		k(f.ds.ID, domain.CategorySleep, "gone"),    // tombstoned
		k(other.ds.ID, domain.CategorySleep, "n1"),  // another user's
		k(f.ds.ID, domain.CategorySleep, "missing"), // never stored
	})
	require.NoError(t, err)
	require.Equal(t, map[store.EventKey]string{
		k(f.ds.ID, domain.CategorySleep, "n1"):   id(f.ds.ID, domain.CategorySleep, "n1"),
		k(f.ds.ID, domain.CategoryWorkout, "w1"): id(f.ds.ID, domain.CategoryWorkout, "w1"),
		k(ring.ID, domain.CategorySleep, "n2"):   id(ring.ID, domain.CategorySleep, "n2"),
	}, got)

	none, err := s.EventIDsByProviderIDs(f.ctx, f.user.ID, nil)
	require.NoError(t, err)
	require.Empty(t, none)
}
