package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testEventDisplayOnly checks the API's narrow event read returns the
// same page, with the same shown fields, as the full read, and a sleep's
// stages in compact form.
func testEventDisplayOnly(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	t0 := baseTime()
	evs := []domain.Event{f.sleep("n1", t0, 8*time.Hour), f.sleep("n2", t0.Add(24*time.Hour), 7*time.Hour),
		f.workout("w1", "running", t0.Add(30*time.Hour), time.Hour)}
	_, err := s.UpsertEvents(f.ctx, evs)
	require.NoError(t, err)
	for _, c := range []domain.EventCategory{domain.CategorySleep, domain.CategoryWorkout} {
		q := store.EventQuery{UserID: f.user.ID, Category: c, Start: t0.Add(-time.Hour), End: t0.Add(72 * time.Hour),
			Page: store.Page{Limit: 10, Desc: true}}
		full, err := s.ListEvents(f.ctx, q)
		require.NoError(t, err)
		q.DisplayOnly = true
		shown, err := s.ListEvents(f.ctx, q)
		require.NoError(t, err)
		require.Len(t, shown, len(full))
		require.NotEmpty(t, full)
		for i, e := range full {
			want := e
			want.RecordMeta = domain.RecordMeta{ID: e.ID, UserID: e.UserID, DataSourceID: e.DataSourceID}
			if e.Sleep != nil {
				// The stages come compact: the same intervals, not built.
				sleep := *e.Sleep
				sleep.Stages, sleep.Hypnogram = nil, domain.EncodeHypnogram(e.Sleep.Stages)
				want.Sleep = &sleep
				got, err := shown[i].Sleep.Hypnogram.Intervals()
				require.NoError(t, err)
				require.Equal(t, e.Sleep.Stages, got)
			}
			require.Equal(t, want, shown[i], "%s %d", c, i)
		}
	}
}

// testSummaryMetricsOnly checks the narrow summary read: several kinds in
// one read, kind by kind and each by date, with what the routes show.
func testSummaryMetricsOnly(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	cycle := f.summary("2026-02-28", 0)
	cycle.Kind, cycle.ProviderRecordID, cycle.Metrics = domain.SummaryCycle, "cyc-1", map[string]float64{"total_energy_kcal": 2400.5, "strain": 11.2}
	rows := []domain.DailySummary{f.summary("2026-03-01", 10000), cycle, f.summary("2026-02-28", 9000), f.summary("2026-02-27", 8000)}
	_, err := s.UpsertDailySummaries(f.ctx, rows)
	require.NoError(t, err)

	got, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, MetricsOnly: true,
		Kinds: []domain.SummaryKind{domain.SummaryCycle, domain.SummaryActivity}, StartDate: "2026-02-28", EndDate: "2026-03-02"})
	require.NoError(t, err)
	want := []domain.DailySummary{
		{RecordMeta: domain.RecordMeta{DataSourceID: f.ds.ID}, Kind: domain.SummaryActivity, Date: "2026-02-28", ZoneOffset: -18000,
			Metrics: map[string]float64{"steps": 9000, "active_energy_kcal": 512.25}},
		{RecordMeta: domain.RecordMeta{DataSourceID: f.ds.ID}, Kind: domain.SummaryActivity, Date: "2026-03-01", ZoneOffset: -18000,
			Metrics: map[string]float64{"steps": 10000, "active_energy_kcal": 512.25}},
		{RecordMeta: domain.RecordMeta{DataSourceID: f.ds.ID}, Kind: domain.SummaryCycle, Date: "2026-02-28", ZoneOffset: -18000,
			Metrics: map[string]float64{"total_energy_kcal": 2400.5, "strain": 11.2}},
	}
	require.Equal(t, want, got)

	one, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, MetricsOnly: true, Kind: domain.SummaryActivity,
		StartDate: "2026-02-27", EndDate: "2026-02-28"})
	require.NoError(t, err)
	require.Len(t, one, 1)
	require.Equal(t, 8000.0, one[0].Metrics["steps"])

	_, err = s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, MetricsOnly: true, Kind: domain.SummaryActivity})
	require.Error(t, err, "the narrow read needs a date range")
}
