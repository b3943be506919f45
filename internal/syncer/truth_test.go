package syncer_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
)

// floatTol is the documented float precision: values are stored as
// received, so only JSON round trips and kJ→kcal division may differ.
const floatTol = 1e-9

func near(t *testing.T, want float64, got *float64, what string) {
	t.Helper()
	require.NotNil(t, got, what)
	require.InDelta(t, want, *got, floatTol, what)
}

// requireMatchesTruth checks what the store holds for one connection
// against the simulated person's truth for records starting in
// [from, to): the same records (no gap, no duplicate, no deleted one),
// exact counts, times, durations and stage minutes, floats within
// floatTol.
func requireMatchesTruth(t *testing.T, st store.Store, c domain.Connection, p *truth.Person, from, to time.Time) {
	t.Helper()
	ctx := t.Context()
	wide := store.EventQuery{UserID: c.UserID, Start: from.Add(-72 * time.Hour), End: to.Add(72 * time.Hour), Page: store.Page{Limit: 100000}}

	// Sleeps.
	q := wide
	q.Category = domain.CategorySleep
	evs, err := st.ListEvents(ctx, q)
	require.NoError(t, err)
	got := index(t, evs, from, to)
	want := p.Sleeps(from, to)
	require.Len(t, got, len(want), "sleep count")
	for _, s := range want {
		e, ok := got[s.ID]
		require.True(t, ok, "sleep %s missing", s.ID)
		require.True(t, e.StartTime.Equal(s.Start) && e.EndTime.Equal(s.End), "sleep %s times", s.ID)
		d := e.Sleep
		require.Equal(t, s.Nap, d.IsNap)
		require.Equal(t, string(s.State), *d.ProviderScoreState, "sleep %s state", s.ID)
		if s.State != truth.Scored {
			require.Nil(t, d.TimeInBedSeconds)
			continue
		}
		require.Equal(t, s.InBed().Milliseconds()/1000, *d.TimeInBedSeconds)
		for _, st := range []struct {
			want time.Duration
			got  *int64
		}{{s.LightTime, d.LightSeconds}, {s.DeepTime, d.DeepSeconds}, {s.REMTime, d.REMSeconds}, {s.AwakeTime, d.AwakeSeconds}} {
			require.Equal(t, st.want.Milliseconds()/1000, *st.got, "sleep %s stage seconds", s.ID)
			require.Equal(t, int64(st.want/time.Minute), *st.got/60, "sleep %s stage minutes", s.ID)
		}
		require.Equal(t, s.CycleCount, *d.SleepCycleCount)
		require.Equal(t, s.Disturbances, *d.DisturbanceCount)
		near(t, s.EfficiencyPct, d.EfficiencyPercent, "efficiency")
		near(t, s.PerformancePct, d.PerformancePercent, "performance")
		near(t, s.RespiratoryRate, d.AvgRespiratoryRate, "respiratory rate")
	}

	// Workouts.
	q = wide
	q.Category = domain.CategoryWorkout
	evs, err = st.ListEvents(ctx, q)
	require.NoError(t, err)
	got = index(t, evs, from, to)
	works := p.Workouts(from, to)
	require.Len(t, got, len(works), "workout count")
	for _, w := range works {
		e, ok := got[w.ID]
		require.True(t, ok, "workout %s missing", w.ID)
		require.True(t, e.StartTime.Equal(w.Start) && e.EndTime.Equal(w.End))
		require.Equal(t, w.Sport.WhoopName, *e.Workout.Name)
		if w.State != truth.Scored {
			require.Nil(t, e.Workout.Strain)
			continue
		}
		near(t, w.Strain, e.Workout.Strain, "strain")
		near(t, w.EnergyKJ/4.184, e.Workout.EnergyKcal, "kcal")
		near(t, w.DistanceM, e.Workout.DistanceMeters, "distance")
		near(t, w.AltitudeGainM, e.Workout.ElevationGainMeters, "altitude gain")
		require.Len(t, e.Workout.HRZones, 6)
		for i, z := range w.Zones {
			require.Equal(t, z.Milliseconds()/1000, e.Workout.HRZones[i].Seconds)
		}
	}

	// Cycles.
	sums, err := st.ListDailySummaries(ctx, store.SummaryQuery{UserID: c.UserID, Kind: domain.SummaryCycle, StartDate: "1970-01-01", EndDate: "2999-01-01"})
	require.NoError(t, err)
	byID := map[string]domain.DailySummary{}
	for _, s := range sums {
		require.NotContains(t, byID, s.ProviderRecordID, "duplicate cycle")
		if !s.StartTime.Before(from) && s.StartTime.Before(to) {
			byID[s.ProviderRecordID] = s
		}
	}
	cycles := p.Cycles(from, to)
	require.Len(t, byID, len(cycles), "cycle count")
	for _, cy := range cycles {
		s, ok := byID[strconv.FormatInt(cy.ID, 10)]
		require.True(t, ok, "cycle %d missing", cy.ID)
		require.Equal(t, cy.Open, s.EndTime == nil, "open cycle has no end")
		if cy.State == truth.Scored {
			require.InDelta(t, cy.Strain, s.Metrics[domain.MetricStrain], floatTol)
			require.InDelta(t, cy.EnergyKJ/4.184, s.Metrics[domain.MetricTotalEnergyKcal], floatTol)
		}
	}

	// Recoveries: scores and the samples of scored ones.
	scores, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Category: domain.ScoreRecovery, Limit: 100000})
	require.NoError(t, err)
	recs := p.Recoveries(from, to)
	byRec := map[string]domain.HealthScore{}
	for _, h := range scores {
		require.NotContains(t, byRec, h.ProviderRecordID, "duplicate recovery")
		byRec[h.ProviderRecordID] = h
	}
	scored := 0
	for _, r := range recs {
		h, ok := byRec[r.SleepID]
		require.True(t, ok, "recovery of sleep %s missing", r.SleepID)
		if r.State == truth.Scored {
			scored++
			near(t, float64(r.Score), h.Value, "recovery score")
			near(t, r.HRVRMSSD, h.Components["hrv_rmssd_milli"].Value, "rmssd")
		} else {
			require.Nil(t, h.Value)
		}
	}
	// Every recovery names a stored sleep of its data source: the link
	// the health-score route serves as event_record_id.
	keys := make([]store.EventKey, 0, len(scores))
	for _, h := range scores {
		keys = append(keys, store.EventKey{DataSourceID: h.DataSourceID, Category: domain.CategorySleep, ProviderRecordID: h.ProviderRecordID})
	}
	linked, err := st.EventIDsByProviderIDs(ctx, c.UserID, keys)
	require.NoError(t, err)
	require.Len(t, linked, len(scores), "every recovery links its sleep")
	hrv, ok := domain.SeriesTypeByCode("heart_rate_variability_rmssd")
	require.True(t, ok)
	series, err := st.ReadSamples(ctx, store.SampleQuery{UserID: c.UserID, TypeIDs: []int{hrv.ID}, Start: from.Add(-72 * time.Hour), End: to.Add(72 * time.Hour)})
	require.NoError(t, err)
	n := 0
	for _, s := range series {
		n += len(s.Samples)
	}
	require.GreaterOrEqual(t, n, scored, "one RMSSD sample per scored recovery")
}

// index maps events starting in [from, to) by provider id, failing on
// duplicates anywhere.
func index(t *testing.T, evs []domain.Event, from, to time.Time) map[string]domain.Event {
	t.Helper()
	seen := map[string]bool{}
	out := map[string]domain.Event{}
	for _, e := range evs {
		require.False(t, seen[e.ProviderRecordID], "duplicate %s %s", e.Category, e.ProviderRecordID)
		seen[e.ProviderRecordID] = true
		if !e.StartTime.Before(from) && e.StartTime.Before(to) {
			out[e.ProviderRecordID] = e
		}
	}
	return out
}
