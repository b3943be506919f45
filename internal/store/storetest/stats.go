package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// seriesRows renders series stats as comparable strings, in the order
// DataStats promises (data source, then type).
func seriesRows(ss []store.SeriesStat) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s %s %d n=%d %s..%s", s.DataSourceID, s.Provider, s.TypeID, s.Count,
			s.First.UTC().Format(time.RFC3339), s.Last.UTC().Format(time.RFC3339)))
	}
	return out
}

// wantSeries renders expected stats the same way, sorted as DataStats
// sorts (ids are only known at run time).
func wantSeries(ss ...store.SeriesStat) []string {
	slices.SortFunc(ss, func(a, b store.SeriesStat) int {
		return cmp.Or(cmp.Compare(a.DataSourceID, b.DataSourceID), cmp.Compare(a.TypeID, b.TypeID))
	})
	return seriesRows(ss)
}

// eventRows renders event stats as comparable strings.
func eventRows(es []store.EventStat) []string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s %s %s/%s n=%d", e.DataSourceID, e.Provider, e.Category, e.Type, e.Count))
	}
	return out
}

// stats runs DataStats for the fixture's user over [start, end).
func (f fixture) stats(t *testing.T, start, end *time.Time) store.DataStats {
	t.Helper()
	st, err := f.s.DataStats(f.ctx, store.StatsQuery{UserID: f.user.ID, Start: start, End: end})
	require.NoError(t, err)
	return st
}

func testDataStatsSeries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring")
	d0 := baseTime()
	d1 := d0.Add(24 * time.Hour)
	write := func(ds domain.DataSource, typeID int, samples []timeseries.Sample) {
		t.Helper()
		_, err := s.WriteSamples(f.ctx, f.user.ID, ds.ID, typeID, samples)
		require.NoError(t, err)
	}
	write(f.ds, typeHeartRate, hrSamples(d0, 3600, time.Second))                  // d0 00:00:00–00:59:59
	write(f.ds, typeHeartRate, hrSamples(d1.Add(10*time.Hour), 100, time.Minute)) // d1 10:00–11:39
	write(ring, typeSteps, hrSamples(d1.Add(30*time.Minute), 24, time.Hour))      // d1 00:30–23:30
	// Another user's samples are never counted.
	g := newFixture(t, s)
	_, err := s.WriteSamples(f.ctx, g.user.ID, g.ds.ID, typeHeartRate, hrSamples(d0, 60, time.Second))
	require.NoError(t, err)

	hr := func(n int64, first, last time.Time) store.SeriesStat {
		return store.SeriesStat{DataSourceID: f.ds.ID, Provider: domain.ProviderWHOOP, TypeID: typeHeartRate, Count: n, First: first, Last: last}
	}
	steps := func(n int64, first, last time.Time) store.SeriesStat {
		return store.SeriesStat{DataSourceID: ring.ID, Provider: domain.ProviderOura, TypeID: typeSteps, Count: n, First: first, Last: last}
	}
	at := func(tm time.Time) *time.Time { return &tm }
	allHR := hr(3700, d0, d1.Add(11*time.Hour+39*time.Minute))
	allSteps := steps(24, d1.Add(30*time.Minute), d1.Add(23*time.Hour+30*time.Minute))
	tests := []struct {
		name       string
		start, end *time.Time
		want       []string
	}{
		{"AllTime", nil, nil, wantSeries(allHR, allSteps)},
		{"CoveringRange", at(d0), at(d1.Add(24 * time.Hour)), wantSeries(allHR, allSteps)},
		// Both HR blocks and the steps block straddle a bound: every
		// count comes from a decoded edge block.
		{"CutThroughBlocks", at(d0.Add(10 * time.Minute)), at(d1.Add(10*time.Hour + 30*time.Minute)), wantSeries(
			hr(3000+30, d0.Add(10*time.Minute), d1.Add(10*time.Hour+29*time.Minute)),
			steps(10, d1.Add(30*time.Minute), d1.Add(9*time.Hour+30*time.Minute)))},
		// Headers for the whole d1 blocks, the d0 block decoded.
		{"HeadersAndOneEdge", at(d0.Add(10 * time.Minute)), nil, wantSeries(
			hr(3000+100, d0.Add(10*time.Minute), allHR.Last), allSteps)},
		{"InsideOneBlock", at(d0.Add(10 * time.Second)), at(d0.Add(20 * time.Second)), wantSeries(
			hr(10, d0.Add(10*time.Second), d0.Add(19*time.Second)))},
		{"GapBetweenSamples", at(d0.Add(2 * time.Hour)), at(d1), nil},
		{"OpenStart", nil, at(d1), wantSeries(hr(3600, d0, d0.Add(59*time.Minute+59*time.Second)))},
		{"Inverted", at(d1), at(d0), nil},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, seriesRows(f.stats(t, tt.start, tt.end).Series), tt.name)
	}
	for _, id := range []string{uuid.NewString(), "not-a-uuid"} {
		st, err := s.DataStats(f.ctx, store.StatsQuery{UserID: id})
		require.NoError(t, err)
		require.Empty(t, st.Series, id)
		require.Empty(t, st.Events, id)
	}

	// Whole blocks are counted from their headers alone: a damaged
	// payload only matters where a range bound cuts through it.
	execRaw(t, s, "UPDATE series_blocks SET payload = ? WHERE data_source_id = ?", []byte{1, 0xff, 0xff, 0xff, 0x7f, 3}, ring.ID)
	require.Equal(t, wantSeries(allHR, allSteps), seriesRows(f.stats(t, nil, nil).Series))
	_, err = s.DataStats(f.ctx, store.StatsQuery{UserID: f.user.ID, Start: at(d1.Add(time.Hour))})
	require.ErrorIs(t, err, store.ErrCorruptBlock)
}

func testDataStatsEvents(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring")
	d0 := baseTime()
	d1 := d0.Add(24 * time.Hour)
	onRing := f.workout("w-ring", "running", d1.Add(12*time.Hour), time.Hour)
	onRing.DataSourceID = ring.ID
	_, err := s.UpsertEvents(f.ctx, []domain.Event{
		f.sleep("s-0", d0.Add(-8*time.Hour), 8*time.Hour), // ends exactly at d0
		f.sleep("s-1", d1.Add(-8*time.Hour), 8*time.Hour),
		f.workout("w-run", "running", d0.Add(12*time.Hour), 45*time.Minute),
		f.workout("w-ride", "cycling", d1.Add(12*time.Hour), time.Hour),
		f.workout("w-yoga", "yoga", d0.Add(18*time.Hour), time.Hour),
		onRing,
	})
	require.NoError(t, err)
	_, err = s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategoryWorkout, []string{"w-yoga"})
	require.NoError(t, err)
	g := newFixture(t, s)
	_, err = s.UpsertEvents(f.ctx, []domain.Event{g.sleep("theirs", d0, time.Hour)})
	require.NoError(t, err)

	mine := func(rows ...string) []string {
		for i, r := range rows {
			rows[i] = f.ds.ID + " whoop " + r
		}
		return rows
	}
	all := append(mine("sleep/sleep_session n=2", "workout/cycling n=1", "workout/running n=1"),
		ring.ID+" oura workout/running n=1")
	if ring.ID < f.ds.ID {
		all = append(all[3:], all[:3]...)
	}
	require.Equal(t, all, eventRows(f.stats(t, nil, nil).Events), "deleted events and other users' are not counted")
	// Selected by overlap with [start, end), as the event routes select.
	start, end := d0, d1
	require.Equal(t, mine("sleep/sleep_session n=1", "workout/running n=1"), eventRows(f.stats(t, &start, &end).Events))
	require.Empty(t, f.stats(t, &end, &start).Events, "an inverted range has nothing")
}

// testJobCounts checks that the job queue's table is readable on the
// engine once migrated (an empty queue counts nothing); the server's
// metrics test counts real jobs.
func testJobCounts(t *testing.T, s store.Store) {
	counts, err := s.JobCounts(t.Context())
	require.NoError(t, err)
	for _, c := range counts {
		require.Positive(t, c.Count, "%s %s", c.Kind, c.State)
	}
}
