package api

import (
	"context"
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current responses")

// TestDataRoutesGolden pins the exact bytes of the data routes' pages:
// escaping, number and time formats, nulls, field order and the trailing
// newline. Ids the store generates and cursors (which embed them) are
// replaced by stable names before comparing; everything else is the
// response as sent. Both engines must produce the same bytes.
func TestDataRoutesGolden(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 3)
		names := goldenNames(t, b, f)
		base := "/api/v1/users/" + f.user.ID
		tests := []struct {
			name string
			path string
			q    url.Values
		}{
			{name: "sleep", path: "/events/sleep", q: url.Values{"start_date": {"2025-02-28"}, "end_date": {"2025-03-05"}, "limit": {"3"}}},
			{name: "sleep_filtered", path: "/events/sleep", q: url.Values{"start_date": {"2025-02-28"}, "end_date": {"2025-03-05"}, "filter_by_priority": {"true"}}},
			{name: "workouts", path: "/events/workouts", q: url.Values{"start_date": {"2025-02-28"}, "end_date": {"2025-03-05"}}},
			{name: "activity", path: "/summaries/activity", q: url.Values{"start_date": {"2025-02-28"}, "end_date": {"2025-03-05"}, "limit": {"2"}}},
			{name: "timeseries_raw", path: "/timeseries", q: url.Values{"start_time": {"2025-03-01T09:59:58Z"}, "end_time": {"2025-03-01T10:00:03Z"},
				"types": {"heart_rate", "weight", "resting_heart_rate", "steps"}}},
			{name: "timeseries_5min", path: "/timeseries", q: url.Values{"start_time": {"2025-03-01"}, "end_time": {"2025-03-02"},
				"types": {"heart_rate", "weight"}, "resolution": {"5min"}, "limit": {"4"}}},
			{name: "timeseries_empty", path: "/timeseries", q: url.Values{"start_time": {"2025-04-01"}, "end_time": {"2025-04-02"}, "types": {"heart_rate"}}},
		}
		for _, tc := range tests {
			res := b.do(t, http.MethodGet, base+tc.path+"?"+tc.q.Encode(), nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			require.Equal(t, "application/json", res.Header.Get("Content-Type"))
			got := names.Replace(string(res.Body))
			got = cursorValue.ReplaceAllString(got, `"$1":"<cursor>"`)
			golden := filepath.Join("testdata", tc.name+".golden.json")
			if *update && b.store.Engine() == "sqlite" {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./internal/api -run TestDataRoutesGolden -update to create %s", golden)
			require.Equal(t, string(want), got, "%s: response bytes changed", tc.name)
		}
	})
}

var cursorValue = regexp.MustCompile(`"(next_cursor|previous_cursor)":"[^"]*"`)

// goldenNames adds the records whose values need escaping or unusual
// number forms to f and names every generated id.
func goldenNames(t *testing.T, b *testBundle, f fixture) *strings.Replacer {
	t.Helper()
	ctx := context.Background()
	odd := dataSource(t, b, f.user.ID, domain.ProviderOura, domain.DeviceRing, "Ring \"4\" <gen> & co\u2028\x01 – 東京")
	t0 := f.day0.Add(78*time.Hour + 123*time.Millisecond)
	nap := domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: f.user.ID, DataSourceID: odd.ID, ProviderRecordID: "nap", Revision: 1},
		Category: domain.CategorySleep, Type: "sleep_session", StartTime: t0, EndTime: t0.Add(95*time.Minute + 5*time.Millisecond), ZoneOffset: -16200,
		Sleep: &domain.SleepDetails{IsNap: true, TotalSleepSeconds: ptr(int64(5000)), EfficiencyPercent: ptr(93.41), AwakeSeconds: ptr(int64(89)),
			Stages: []domain.StageInterval{{Stage: domain.StageLight, Start: t0, End: t0.Add(30 * time.Second)},
				{Stage: domain.StageREM, Start: t0.Add(30 * time.Second), End: t0.Add(95*time.Minute + 5*time.Millisecond)}}}}
	run := domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: f.user.ID, DataSourceID: odd.ID, ProviderRecordID: "run", Revision: 1},
		Category: domain.CategoryWorkout, Type: "running", StartTime: t0, EndTime: t0.Add(time.Hour), ZoneOffset: 19800,
		Workout: &domain.WorkoutDetails{Name: ptr("Evening <run> & \"sprints\""), EnergyKcal: ptr(423.3413001912046), DistanceMeters: ptr(10000.0),
			AvgHeartRate: ptr(131.5), MaxHeartRate: ptr(170.2), ElevationGainMeters: ptr(1e21)}}
	bare := domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: f.user.ID, DataSourceID: odd.ID, ProviderRecordID: "bare", Revision: 1},
		Category: domain.CategoryWorkout, Type: "", StartTime: t0.Add(2 * time.Hour), EndTime: t0.Add(2*time.Hour + time.Minute)}
	_, err := b.store.UpsertEvents(ctx, []domain.Event{nap, run, bare})
	require.NoError(t, err)
	date := f.day0.AddDate(0, 0, 1)
	_, err = b.store.UpsertDailySummaries(ctx, []domain.DailySummary{{RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: odd.ID, ProviderRecordID: "odd"},
		Kind: domain.SummaryActivity, Date: date.Format(time.DateOnly), StartTime: date,
		Metrics: map[string]float64{domain.MetricDistanceMeters: 12780.5, domain.MetricElevationMeters: 1e-7, domain.MetricLightMinutes: 10,
			domain.MetricVigorousMinutes: 5.5, domain.MetricMinHeartRate: 47.6, domain.MetricFloorsClimbed: 2.5}}})
	require.NoError(t, err)
	steps := []timeseries.Sample{{T: f.day0.Add(10*time.Hour + 1500*time.Millisecond).UnixMilli(), V: 0.1 + 0.2, Offset: -16200}}
	_, err = b.store.WriteSamples(ctx, f.user.ID, odd.ID, 80, steps)
	require.NoError(t, err)

	pairs := []string{f.user.ID, "<user>", f.ring.ID, "<ring>", f.band.ID, "<band>", f.scale.ID, "<scale>", odd.ID, "<odd>",
		nap.ID, "<nap>", run.ID, "<run>", bare.ID, "<bare>"}
	for i, e := range f.sleeps {
		pairs = append(pairs, e.ID, "<sleep-"+strconv.Itoa(i)+">")
	}
	for i, e := range f.workout {
		pairs = append(pairs, e.ID, "<workout-"+strconv.Itoa(i)+">")
	}
	return strings.NewReplacer(pairs...)
}
