package withings_test

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// e2eDays is the simulated history; the backfill reaches two days
// further back so that it covers all of it.
const e2eDays = 20

// newRig builds a Withings rig on st over a small world with paging
// exercised (7 records a page), no simulator rate limits and an
// unlimited client budget unless o says otherwise.
func newRig(t *testing.T, o syncertest.Options) *syncertest.WithingsRig {
	t.Helper()
	o.Users = max(o.Users, 1)
	o.Days = e2eDays
	o.BackfillDays = e2eDays + 2
	if o.Seed == 0 {
		o.Seed = 7
	}
	if o.PageSize == 0 {
		o.PageSize = 7
	}
	if o.RateLimits == nil {
		o.RateLimits = []simkit.Window{}
	}
	if o.Budget == nil {
		o.Budget = provider.Unlimited{}
	}
	r, err := syncertest.NewWithings(o)
	require.NoError(t, err)
	t.Cleanup(r.Close)
	return r
}

// syncToEnd runs one sync to completion, retrying what a job would retry
// (River snoozes rate limits and retries transient failures).
func syncToEnd(t *testing.T, sy *syncer.Syncer, c domain.Connection, source string) domain.SyncRun {
	t.Helper()
	for attempt := 0; ; attempt++ {
		run, err := sy.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: source})
		if err == nil {
			return run
		}
		require.Less(t, attempt, 500, "sync never completed: %v", err)
		require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
	}
}

// queue is an in-memory job queue: tests drain it by hand, so each step
// is deterministic.
type queue struct {
	mu       sync.Mutex
	webhooks []provider.Target
}

func (q *queue) EnqueueSync(context.Context, string, string, int, time.Time) error { return nil }

func (q *queue) EnqueueWebhook(_ context.Context, _ domain.Provider, t provider.Target) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.webhooks = append(q.webhooks, t)
	return nil
}

func (q *queue) drain() []provider.Target {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.webhooks
	q.webhooks = nil
	return out
}

// samples reads one series type of a user from the store, by Unix ms.
func samples(t *testing.T, st store.Store, userID, code string) map[int64]float64 {
	t.Helper()
	typ, ok := domain.SeriesTypeByCode(code)
	require.True(t, ok, code)
	data, err := st.ReadSamples(t.Context(), store.SampleQuery{UserID: userID, TypeIDs: []int{typ.ID},
		Start: time.Unix(0, 0), End: time.Now().AddDate(10, 0, 0)})
	require.NoError(t, err)
	out := map[int64]float64{}
	for _, s := range data {
		for _, x := range s.Samples {
			_, dup := out[x.T]
			require.False(t, dup, "%s: two samples at %d", code, x.T)
			out[x.T] = x.V
		}
	}
	return out
}

// events reads one category of a user's events, by start time, failing
// on two events starting at the same instant (a duplicate).
func events(t *testing.T, st store.Store, userID string, c domain.EventCategory) map[int64]domain.Event {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), store.EventQuery{UserID: userID, Category: c, Start: time.Unix(0, 0),
		End: time.Now().AddDate(10, 0, 0), Page: store.Page{Limit: 100_000}})
	require.NoError(t, err)
	out := map[int64]domain.Event{}
	for _, e := range evs {
		_, dup := out[e.StartTime.Unix()]
		require.False(t, dup, "two %s events start at %s", c, e.StartTime)
		out[e.StartTime.Unix()] = e
	}
	return out
}

// activityDays reads a user's activity summaries by local date.
func activityDays(t *testing.T, st store.Store, userID string) map[string]domain.DailySummary {
	t.Helper()
	sums, err := st.ListDailySummaries(t.Context(), store.SummaryQuery{UserID: userID, Kind: domain.SummaryActivity,
		StartDate: "1970-01-01", EndDate: "2999-01-01", Limit: 100_000})
	require.NoError(t, err)
	out := map[string]domain.DailySummary{}
	for _, s := range sums {
		require.NotContains(t, out, s.Date, "duplicate activity day")
		out[s.Date] = s
	}
	return out
}

// exact is the tolerance for values the store keeps at the type's
// precision: the truth's two decimals survive the 10^-2 and 10^-3 scales
// exactly, so only float formatting may differ.
const exact = 1e-9

// requireMeasures compares every stored measure group with the truth's
// readings: weight and body composition in kg and %, blood pressure in
// mmHg, body temperature in °C.
func requireMeasures(t *testing.T, st store.Store, userID string, p *truth.Person) {
	t.Helper()
	get := map[string]map[int64]float64{}
	for _, code := range []string{"weight", "lean_body_mass", "body_fat_percentage", "body_fat_mass", "skeletal_muscle_mass",
		"blood_pressure_systolic", "blood_pressure_diastolic", "body_temperature"} {
		get[code] = samples(t, st, userID, code)
	}
	ms := p.Measurements(time.Time{}, time.Time{})
	require.NotEmpty(t, ms)
	kinds := map[truth.MeasurementKind]int{}
	for _, m := range ms {
		ts := m.Time.UnixMilli()
		want := map[string]float64{}
		switch m.Kind {
		case truth.MeasureWeight:
			want = map[string]float64{"weight": m.WeightKg, "lean_body_mass": m.FatFreeMassKg, "body_fat_percentage": m.FatRatioPct,
				"body_fat_mass": m.FatMassKg, "skeletal_muscle_mass": m.MuscleMassKg}
		case truth.MeasureBloodPressure:
			want = map[string]float64{"blood_pressure_systolic": float64(m.SystolicMmHg), "blood_pressure_diastolic": float64(m.DiastolicMmHg)}
		case truth.MeasureTemperature:
			want = map[string]float64{"body_temperature": m.BodyTempC}
		}
		for code, v := range want {
			got, ok := get[code][ts]
			require.True(t, ok, "%s of group %d at %s not stored", code, m.ID, m.Time)
			require.InDelta(t, v, got, exact, "%s of group %d", code, m.ID)
		}
		kinds[m.Kind]++
	}
	require.Len(t, get["weight"], kinds[truth.MeasureWeight], "one weight per weigh-in")
	require.Len(t, get["blood_pressure_systolic"], kinds[truth.MeasureBloodPressure], "one systolic per reading")
}

// requireActivity compares each day's summary with the truth's minutes
// of that local day: steps exactly, distance in metres to the centimetre
// Withings reports, active and total energy to its 0.01 kcal. The
// intraday steps add up to the truth's minutes too.
func requireActivity(t *testing.T, st store.Store, userID string, p *truth.Person) {
	t.Helper()
	days := activityDays(t, st, userID)
	stride := p.Profile.HeightM * 0.415
	for _, d := range p.Days() {
		s, ok := days[d.Date]
		require.True(t, ok, "day %s not stored", d.Date)
		var steps int
		var activeKJ, totalKJ float64
		for _, m := range p.Activity(d.Start, d.End) {
			steps += m.Steps
			activeKJ += m.ActiveKJ
			totalKJ += m.EnergyKJ
		}
		require.Equal(t, float64(steps), s.Metrics[domain.MetricSteps], d.Date)
		require.InDelta(t, float64(steps)*stride, s.Metrics[domain.MetricDistanceMeters], 0.005+1e-6, d.Date)
		require.InDelta(t, activeKJ/4.184, s.Metrics[domain.MetricActiveEnergyKcal], 0.005+exact, d.Date)
		require.InDelta(t, totalKJ/4.184, s.Metrics[domain.MetricTotalEnergyKcal], 0.005+exact, d.Date)
	}
	require.Len(t, days, len(p.Days()), "no activity day twice or extra")
	var want int
	for _, m := range p.Activity(time.Time{}, time.Time{}) {
		want += m.Steps
	}
	var got float64
	for _, v := range samples(t, st, userID, "steps") {
		got += v
	}
	require.Equal(t, float64(want), got, "intraday steps add up to the truth's minutes")
}

// requireSleepsAndWorkouts compares the stored sleeps (stage durations to
// the second, hypnogram intervals summing to them) and workouts with the
// truth, one stored event per truth record.
func requireSleepsAndWorkouts(t *testing.T, st store.Store, userID string, p *truth.Person) {
	t.Helper()
	sleeps := events(t, st, userID, domain.CategorySleep)
	want := p.Sleeps(time.Time{}, time.Time{})
	require.Len(t, sleeps, len(want), "sleep count")
	for _, sl := range want {
		e, ok := sleeps[sl.Start.Unix()]
		require.True(t, ok, "sleep at %s not stored", sl.Start)
		d := e.Sleep
		require.Equal(t, sl.End.Unix(), e.EndTime.Unix())
		require.Equal(t, sl.Nap, d.IsNap, "nap at %s", sl.Start)
		require.Equal(t, int64(sl.InBed()/time.Second), *d.TimeInBedSeconds)
		require.Equal(t, int64(sl.Asleep()/time.Second), *d.TotalSleepSeconds)
		per := map[domain.SleepStage]time.Duration{}
		for _, iv := range d.Stages {
			per[iv.Stage] += iv.End.Sub(iv.Start)
		}
		for stage, w := range map[domain.SleepStage]struct {
			truth  time.Duration
			stored *int64
		}{domain.StageLight: {sl.LightTime, d.LightSeconds}, domain.StageDeep: {sl.DeepTime, d.DeepSeconds},
			domain.StageREM: {sl.REMTime, d.REMSeconds}, domain.StageAwake: {sl.AwakeTime, d.AwakeSeconds}} {
			require.Equal(t, int64(w.truth/time.Second), *w.stored, "%s seconds of sleep at %s", stage, sl.Start)
			require.Equal(t, w.truth, per[stage], "%s hypnogram of sleep at %s", stage, sl.Start)
		}
	}
	workouts := events(t, st, userID, domain.CategoryWorkout)
	ws := p.Workouts(time.Time{}, time.Time{})
	require.Len(t, workouts, len(ws), "workout count")
	for _, w := range ws {
		e, ok := workouts[w.Start.Unix()]
		require.True(t, ok, "workout at %s not stored", w.Start)
		require.Equal(t, w.End.Unix(), e.EndTime.Unix())
		require.Equal(t, float64(w.AvgHR), *e.Workout.AvgHeartRate)
		if w.Sport.Key != "swimming" && w.DistanceM >= 0.5 {
			require.Equal(t, math.Round(w.DistanceM), *e.Workout.DistanceMeters, "metres of workout at %s", w.Start)
		}
	}
}

// requireMatchesTruth compares everything stored for a user with the
// simulated person's truth.
func requireMatchesTruth(t *testing.T, st store.Store, userID string, p *truth.Person) {
	t.Helper()
	requireMeasures(t, st, userID, p)
	requireActivity(t, st, userID, p)
	requireSleepsAndWorkouts(t, st, userID, p)
}
