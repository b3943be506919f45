package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testEventListOverlap checks event lists and counts select exactly the
// events overlapping [Start, End) however long an event is: engines may
// bound their index scan by the user's longest event of the category,
// and that bound must never cut off an event that started long before
// Start, nor be confused by deleted rows, other categories or other
// users. Results are compared with a filter over every stored event.
func testEventListOverlap(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	other := newFixture(t, s)
	d := baseTime()
	var evs []domain.Event
	for i := range 40 {
		// Short sessions every six hours, two at the same instant.
		evs = append(evs, f.workout(fmt.Sprintf("w%02d", i), "walking", d.Add(time.Duration(i/2*6)*time.Hour), 45*time.Minute))
	}
	evs = append(evs,
		f.workout("ultra", "running", d.Add(-20*time.Hour), 52*time.Hour), // ends at d+32h
		f.workout("ends-at-start", "cycling", d.Add(-3*time.Hour), 3*time.Hour),
		f.workout("gone", "hiking", d.Add(-200*time.Hour), 400*time.Hour),
		f.sleep("long-sleep", d.Add(-500*time.Hour), 600*time.Hour),
	)
	_, err := s.UpsertEvents(f.ctx, evs)
	require.NoError(t, err)
	_, err = s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategoryWorkout, []string{"gone"})
	require.NoError(t, err)
	_, err = s.UpsertEvents(other.ctx, []domain.Event{other.workout("elsewhere", "rowing", d.Add(-900*time.Hour), 1000*time.Hour)})
	require.NoError(t, err)

	all, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout, Page: store.Page{Limit: 1000}})
	require.NoError(t, err)
	want := func(start, end time.Time, limit int) ([]string, int) {
		var ids []string
		for _, e := range slices.Backward(all) { // newest first
			if e.StartTime.Before(end) && e.EndTime.After(start) {
				ids = append(ids, e.ProviderRecordID)
			}
		}
		return ids[:min(len(ids), limit)], len(ids)
	}
	tests := []struct {
		name       string
		start, end time.Duration // from d
		limit      int
	}{
		{name: "InsideTheLongEvent", start: 30 * time.Hour, end: 31 * time.Hour, limit: 50},
		{name: "LongEventStartedDaysBefore", start: 24 * time.Hour, end: 48 * time.Hour, limit: 50},
		{name: "EndingAtStartIsExcluded", start: 0, end: time.Hour, limit: 50},
		{name: "BeforeEverything", start: -300 * time.Hour, end: -100 * time.Hour, limit: 50},
		{name: "AfterEverything", start: 200 * time.Hour, end: 300 * time.Hour, limit: 50},
		{name: "WholeRangeShortPage", start: -100 * time.Hour, end: 200 * time.Hour, limit: 7},
	}
	t.Run("Windows", func(t *testing.T) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				start, end := d.Add(tc.start), d.Add(tc.end)
				wantIDs, wantCount := want(start, end, tc.limit)
				q := store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout, Start: start, End: end,
					Page: store.Page{Limit: tc.limit, Desc: true}}
				got, err := s.ListEvents(f.ctx, q)
				require.NoError(t, err)
				gotIDs := []string{}
				for _, e := range got {
					gotIDs = append(gotIDs, e.ProviderRecordID)
				}
				require.Equal(t, append([]string{}, wantIDs...), gotIDs)
				n, err := s.CountEvents(f.ctx, q)
				require.NoError(t, err)
				require.Equal(t, wantCount, n)
			})
		}
	})

	// Hard-deleting the longest event shrinks the bound; what remains is
	// still found.
	ultra := slices.IndexFunc(all, func(e domain.Event) bool { return e.ProviderRecordID == "ultra" })
	require.NoError(t, s.DeleteEvent(f.ctx, f.user.ID, all[ultra].ID))
	got, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout,
		Start: d.Add(-2 * time.Hour), End: d.Add(-time.Hour), Page: store.Page{Limit: 10}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "ends-at-start", got[0].ProviderRecordID)
}
