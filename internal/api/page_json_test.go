package api

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// encodingJSON is what jsonBody writes for a page: the reference the
// hand-written page encoder must match byte for byte.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.NewEncoder(&buf).Encode(v))
	return buf.String()
}

func TestRenderPageMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 1, 22, 0, 0, 0, time.FixedZone("x", 3600))
	ring, band := domain.DeviceRing, domain.DeviceBand
	srcs := sources{
		"a": {ID: "a", Provider: domain.ProviderOura, DeviceType: &ring, DeviceModel: ptr(`Ring "4" <gen> & co`)},
		"b": {ID: "b", Provider: domain.ProviderWHOOP, DeviceType: &band, Source: ptr("whoop\u2028app\x01")},
	}
	f := func(v float64) *float64 { return &v }
	i := func(v int64) *int64 { return &v }
	full := domain.Event{RecordMeta: domain.RecordMeta{ID: "e1", DataSourceID: "a"}, Category: domain.CategorySleep,
		StartTime: t0, EndTime: t0.Add(8*time.Hour + 500*time.Millisecond), ZoneOffset: 3600,
		Sleep: &domain.SleepDetails{IsNap: true, TotalSleepSeconds: i(27000), EfficiencyPercent: f(93.41), AwakeSeconds: i(90),
			Stages: []domain.StageInterval{{Stage: domain.StageLight, Start: t0, End: t0.Add(30 * time.Second)},
				{Stage: domain.StageDeep, Start: t0.Add(30 * time.Second), End: t0.Add(95*time.Second + 5*time.Millisecond)}}}}
	bare := domain.Event{RecordMeta: domain.RecordMeta{ID: "e2", DataSourceID: "missing"}, Category: domain.CategorySleep,
		StartTime: t0, EndTime: t0.Add(time.Hour), ZoneOffset: -16200}
	noStages := domain.Event{RecordMeta: domain.RecordMeta{ID: "e3", DataSourceID: "b"}, Category: domain.CategorySleep,
		StartTime: t0, EndTime: t0.Add(time.Hour), Sleep: &domain.SleepDetails{EfficiencyPercent: f(1e-7)}}
	workout := domain.Event{RecordMeta: domain.RecordMeta{ID: "w1", DataSourceID: "b"}, Category: domain.CategoryWorkout, Type: "running",
		StartTime: t0, EndTime: t0.Add(time.Hour), Workout: &domain.WorkoutDetails{Name: ptr("Evening <run>"), EnergyKcal: f(423.3413001912046),
			DistanceMeters: f(10000), AvgHeartRate: f(131.5), MaxHeartRate: f(170.2), ElevationGainMeters: f(1e21)}}
	plainWorkout := domain.Event{RecordMeta: domain.RecordMeta{ID: "w2", DataSourceID: "a"}, Category: domain.CategoryWorkout,
		StartTime: t0, EndTime: t0.Add(time.Minute)}
	next, total := "bmV4dA==", 7
	pg := wirePagination{NextCursor: &next, HasMore: true, TotalCount: &total}
	meta := wireMetadata{SampleCount: 3, StartTime: ptr("2025-03-01T00:00:00Z"), EndTime: ptr("2025-03-02T00:00:00Z")}

	tests := []struct {
		name   string
		events []domain.Event
		pg     wirePagination
		meta   wireMetadata
	}{
		{name: "Empty", events: nil},
		{name: "Sleep", events: []domain.Event{full, bare, noStages}, pg: pg, meta: meta},
		{name: "Workout", events: []domain.Event{workout, plainWorkout}, pg: pg, meta: meta},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sleep := wirePage[wireSleep]{Data: []wireSleep{}, Pagination: tc.pg, Metadata: tc.meta}
			for _, e := range tc.events {
				sleep.Data = append(sleep.Data, sleepWire(e, srcs))
			}
			got, err := renderPage(nil, sleep)
			require.NoError(t, err)
			require.Equal(t, encodingJSON(t, sleep), string(got))
			// The same nights read with compact stages render the same.
			compact := wirePage[wireSleep]{Data: []wireSleep{}, Pagination: tc.pg, Metadata: tc.meta}
			for _, e := range tc.events {
				if e.Sleep != nil && len(e.Sleep.Stages) > 0 {
					d := *e.Sleep
					d.Stages, d.Hypnogram = nil, domain.EncodeHypnogram(e.Sleep.Stages)
					e.Sleep = &d
				}
				compact.Data = append(compact.Data, sleepWire(e, srcs))
			}
			got, err = renderPage(nil, compact)
			require.NoError(t, err)
			require.Equal(t, encodingJSON(t, sleep), string(got))
		})
	}
}

func TestRenderPageRefusesNonFinite(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	_, err := renderPage(nil, wirePage[wireSleep]{Data: []wireSleep{{EfficiencyPercent: &nan}}})
	require.ErrorIs(t, err, errNotFinite)
}

func TestRenderActivityPageMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	i64 := func(v int64) *int64 { return &v }
	i := func(v int) *int { return &v }
	src := wireSource{Provider: "oura", Source: ptr("oura"), DeviceType: ptr("ring")}
	full := wireActivity{Date: "2025-04-02", Source: src, Steps: i64(17398), DistanceMeters: f(12780), FloorsClimbed: i64(3),
		ElevationMeters: f(1e-7), ActiveCalories: f(637.8585086042065), TotalCalories: f(2168.4034416826003), ActiveMinutes: i64(42),
		SedentaryMinutes: i64(600), IntensityMinutes: &wireIntensity{Light: i64(10), Vigorous: i64(6)},
		HeartRate:     &wireHRStats{Avg: i(61), Min: i(48)},
		MetricSources: map[string]string{"steps": "oura", "distance_meters": "whoop", "a<b": "x&y"}}
	tests := []struct {
		name string
		data []wireActivity
	}{
		{name: "Empty", data: []wireActivity{}},
		{name: "Full", data: []wireActivity{full}},
		{name: "Bare", data: []wireActivity{{Date: "2025-04-03", Source: wireSource{Provider: "unknown"}}, {Date: "2025-04-04", MetricSources: map[string]string{}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			page := wirePage[wireActivity]{Data: tc.data, Metadata: wireMetadata{SampleCount: len(tc.data), StartTime: ptr("2025-04-01")}}
			got, err := renderPage(nil, page)
			require.NoError(t, err)
			require.Equal(t, encodingJSON(t, page), string(got))
		})
	}
}
