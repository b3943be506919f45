package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// testSyncRunHistory: one run by id, its data types accumulating counts
// and widening their covered window, and the run filters of the history.
func testSyncRunHistory(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	d0 := baseTime()
	backfill, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, Provider: domain.ProviderWHOOP, Source: "backfill", StartedAt: d0})
	require.NoError(t, err)
	pull, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, Provider: domain.ProviderWHOOP, Source: "pull", StartedAt: d0.Add(time.Hour)})
	require.NoError(t, err)

	got, err := s.SyncRun(f.ctx, backfill.ID)
	require.NoError(t, err)
	require.Equal(t, backfill.ID, got.ID)
	require.Equal(t, "backfill", got.Source)
	_, err = s.SyncRun(f.ctx, uuid.NewString())
	require.ErrorIs(t, err, store.ErrNotFound)

	at := func(tm time.Time) *time.Time { return &tm }
	put := func(d domain.SyncRunDataType) {
		t.Helper()
		require.NoError(t, s.PutSyncRunDataType(f.ctx, d))
	}
	// Started, then two slices' worth of a window, then another type.
	put(domain.SyncRunDataType{RunID: backfill.ID, DataType: "sleep", Position: 1, Status: domain.SyncRunning, Attempts: 1})
	put(domain.SyncRunDataType{RunID: backfill.ID, DataType: "sleep", Position: 1, Status: domain.SyncRunning, Fetched: 5, Stored: 4,
		CoveredStart: at(d0.AddDate(0, 0, -10)), CoveredEnd: at(d0.AddDate(0, 0, -5))})
	put(domain.SyncRunDataType{RunID: backfill.ID, DataType: "sleep", Position: 1, Status: domain.SyncSuccess, Fetched: 3, Stored: 1, Updated: 2,
		Deleted: 1, CoveredStart: at(d0.AddDate(0, 0, -5)), CoveredEnd: at(d0)})
	put(domain.SyncRunDataType{RunID: backfill.ID, DataType: "profile", Position: 0, Status: domain.SyncFailed, Attempts: 1, Error: "502"})
	put(domain.SyncRunDataType{RunID: pull.ID, DataType: "sleep", Position: 1, Status: domain.SyncRunning, Attempts: 1})
	require.Error(t, s.PutSyncRunDataType(f.ctx, domain.SyncRunDataType{RunID: backfill.ID, DataType: "sleep"}), "a status is required")

	types, err := s.SyncRunDataTypes(f.ctx, []string{backfill.ID})
	require.NoError(t, err)
	require.Len(t, types, 2)
	require.Equal(t, "profile", types[0].DataType, "in the provider's order")
	require.Equal(t, domain.SyncFailed, types[0].Status)
	require.Equal(t, "502", types[0].Error)
	require.Nil(t, types[0].CoveredStart)
	sleep := types[1]
	require.Equal(t, domain.SyncSuccess, sleep.Status)
	require.Equal(t, []int{1, 8, 5, 2, 1}, []int{sleep.Attempts, sleep.Fetched, sleep.Stored, sleep.Updated, sleep.Deleted})
	require.Equal(t, d0.AddDate(0, 0, -10), sleep.CoveredStart.UTC())
	require.Equal(t, d0, sleep.CoveredEnd.UTC())
	both, err := s.SyncRunDataTypes(f.ctx, []string{backfill.ID, pull.ID})
	require.NoError(t, err)
	require.Len(t, both, 3)
	none, err := s.SyncRunDataTypes(f.ctx, nil)
	require.NoError(t, err)
	require.Empty(t, none)

	ids := func(q store.SyncRunQuery) []string {
		t.Helper()
		q.UserID = f.user.ID
		runs, err := s.ListSyncRuns(f.ctx, q)
		require.NoError(t, err)
		var out []string
		for _, r := range runs {
			out = append(out, r.ID)
		}
		return out
	}
	require.Equal(t, []string{pull.ID, backfill.ID}, ids(store.SyncRunQuery{}))
	require.Equal(t, []string{pull.ID}, ids(store.SyncRunQuery{Since: at(d0.Add(time.Minute))}))
	require.Equal(t, []string{backfill.ID}, ids(store.SyncRunQuery{Sources: []string{"backfill"}}))
	require.Equal(t, []string{pull.ID}, ids(store.SyncRunQuery{ExceptSources: []string{"backfill"}}))

	// Deleting the user removes the runs and their data types.
	_, err = s.DeleteUser(f.ctx, f.user.ID)
	require.NoError(t, err)
	types, err = s.SyncRunDataTypes(f.ctx, []string{backfill.ID, pull.ID})
	require.NoError(t, err)
	require.Empty(t, types)
}

// testDataTimeline: samples per day from block headers and events per
// start day, by provider, with the day bounds and provider filter.
func testDataTimeline(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring")
	d0 := baseTime()
	d1 := d0.Add(24 * time.Hour)
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, hrSamples(d0.Add(23*time.Hour), 7200, time.Second)) // d0 23:00 – d1 00:59
	require.NoError(t, err)
	_, err = s.WriteSamples(f.ctx, f.user.ID, ring.ID, typeSteps, []timeseries.Sample{{T: d1.Add(time.Hour).UnixMilli(), V: 10}})
	require.NoError(t, err)
	run := f.workout("w1", "running", d0.Add(23*time.Hour+30*time.Minute), time.Hour) // starts d0, ends d1
	yoga := f.workout("w2", "yoga", d1.Add(8*time.Hour), time.Hour)
	yoga.DataSourceID = ring.ID
	gone := f.workout("w3", "running", d1.Add(9*time.Hour), time.Hour)
	_, err = s.UpsertEvents(f.ctx, []domain.Event{run, yoga, gone, f.sleep("s1", d1.Add(time.Hour), 6*time.Hour)})
	require.NoError(t, err)
	_, err = s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategoryWorkout, []string{"w3"})
	require.NoError(t, err)
	g := newFixture(t, s) // another user's data is never counted
	_, err = s.WriteSamples(f.ctx, g.user.ID, g.ds.ID, typeHeartRate, hrSamples(d0, 60, time.Second))
	require.NoError(t, err)

	rows := func(q store.TimelineQuery) []string {
		t.Helper()
		q.UserID = f.user.ID
		tl, err := s.DataTimeline(f.ctx, q)
		require.NoError(t, err)
		var out []string
		for _, c := range tl.Series {
			out = append(out, fmt.Sprintf("%s %s series/%d n=%d", c.Day.Format(time.DateOnly), c.Provider, c.TypeID, c.Count))
		}
		for _, c := range tl.Events {
			out = append(out, fmt.Sprintf("%s %s %s/%s n=%d", c.Day.Format(time.DateOnly), c.Provider, c.Category, c.Type, c.Count))
		}
		return out
	}
	day0, day1 := d0.Format(time.DateOnly), d1.Format(time.DateOnly)
	all := []string{
		fmt.Sprintf("%s whoop series/%d n=3600", day0, typeHeartRate),
		fmt.Sprintf("%s oura series/%d n=1", day1, typeSteps),
		fmt.Sprintf("%s whoop series/%d n=3600", day1, typeHeartRate),
		day0 + " whoop workout/running n=1",
		day1 + " oura workout/yoga n=1",
		day1 + " whoop sleep/sleep_session n=1",
	}
	require.Equal(t, all, rows(store.TimelineQuery{}))
	at := func(tm time.Time) *time.Time { return &tm }
	require.Equal(t, all, rows(store.TimelineQuery{Start: at(d0.Add(23 * time.Hour)), End: at(d1.Add(time.Minute))}),
		"a bound inside a day counts the whole day")
	require.Equal(t, []string{all[0], all[3]}, rows(store.TimelineQuery{End: at(d1)}))
	require.Equal(t, []string{all[1], all[4]}, rows(store.TimelineQuery{Provider: domain.ProviderOura}))
	tl, err := s.DataTimeline(f.ctx, store.TimelineQuery{UserID: uuid.NewString()})
	require.NoError(t, err)
	require.Empty(t, tl.Series)
	require.Empty(t, tl.Events)
}

// testRawDocumentsUpdatedSince: the modification-time filter of the
// vendor workout route.
func testRawDocumentsUpdatedSince(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	_, err := s.PutRawDocument(f.ctx, f.raw("d1", ptr(baseTime()), `{"id":"d1"}`))
	require.NoError(t, err)
	docs, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	up := docs[0].UpdatedAt
	for _, tt := range []struct {
		since time.Time
		n     int
	}{{up, 1}, {up.Add(-time.Hour), 1}, {up.Add(time.Millisecond), 0}} {
		docs, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, UpdatedSince: &tt.since})
		require.NoError(t, err)
		require.Len(t, docs, tt.n, tt.since)
	}
}
