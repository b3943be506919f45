package withings

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// goldenInput is one testdata/<case>.input.json: a document shaped from
// the seed's schemas and example values (the seed has no complete JSON
// samples), and the related documents normalization may look up.
type goldenInput struct {
	DataType string                     `json:"data_type"`
	ID       string                     `json:"id"`
	Doc      json.RawMessage            `json:"doc"`
	Related  map[string]json.RawMessage `json:"related"`
}

func loadGolden(t *testing.T, name string) goldenInput {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".input.json"))
	require.NoError(t, err)
	var in goldenInput
	require.NoError(t, json.Unmarshal(b, &in))
	return in
}

func (in goldenInput) normalize(t *testing.T) provider.Records {
	t.Helper()
	related := func(dataType, _ string) (provider.Document, bool) {
		raw, ok := in.Related[dataType]
		return provider.Document{DataType: dataType, Body: raw}, ok
	}
	recs, err := New(Options{}).Normalize(provider.Document{DataType: in.DataType, ID: in.ID, Revision: 1594257200000, Body: in.Doc}, related)
	require.NoError(t, err)
	return recs
}

func TestNormalizeGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob("testdata/*.input.json")
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	for _, path := range inputs {
		name := strings.TrimSuffix(filepath.Base(path), ".input.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := json.MarshalIndent(loadGolden(t, name).normalize(t), "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create %s", golden)
			require.JSONEq(t, string(want), string(got))
		})
	}
}

// TestNormalizeFormulas pins the conversions docs/providers/withings.md
// promises, independently of the golden files.
func TestNormalizeFormulas(t *testing.T) {
	t.Parallel()
	at := func(r provider.Records, code string) float64 {
		t.Helper()
		for _, s := range r.Series {
			if s.TypeCode == code {
				return s.Samples[0].V
			}
		}
		t.Fatalf("no %s series", code)
		return 0
	}
	r := loadGolden(t, "measure_seed").normalize(t)
	require.Empty(t, r.Series, "attrib 1 (ambiguous) groups are kept raw only")

	r = loadGolden(t, "measure_body_scan").normalize(t)
	require.Equal(t, 65.75, at(r, "weight"))
	require.Equal(t, 175.0, at(r, "height"), "1.75 m → 175 cm")
	require.Equal(t, 20.73, at(r, "body_fat_percentage"))
	require.Equal(t, 49.51, at(r, "skeletal_muscle_mass"))
	require.Equal(t, 41.0, at(r, "cardiovascular_age"))
	require.Equal(t, int32(2*3600), r.Series[0].Samples[0].Offset, "Paris in July is +02:00")
	for _, s := range r.Series {
		require.NotEqual(t, "basal_energy", s.TypeCode, "a BMR spot value is not a day's basal energy")
	}

	r = loadGolden(t, "measure_bp").normalize(t)
	require.Equal(t, 127.0, at(r, "blood_pressure_systolic"))
	require.Equal(t, 97.0, at(r, "oxygen_saturation"))
	require.Equal(t, 37.12, at(r, "body_temperature"))
	require.Equal(t, 45.2, at(r, "vo2_max"))

	r = loadGolden(t, "activity_seed").normalize(t)
	m := r.Summaries[0].Metrics
	require.Equal(t, 412.37, m[domain.MetricActiveEnergyKcal])
	require.Equal(t, 2201.81, m[domain.MetricTotalEnergyKcal], "totalcalories is total energy, never basal")
	require.Equal(t, 43.0, m[domain.MetricActiveMinutes])
	require.Equal(t, 90.0, m[domain.MetricLightMinutes])

	r = loadGolden(t, "workout_seed").normalize(t)
	w := r.Events[0]
	require.Equal(t, "running", w.Type)
	require.Equal(t, int64(11600-600), *w.Workout.MovingSeconds)
	require.Len(t, w.Workout.HRZones, 4)

	r = loadGolden(t, "workout_swim").normalize(t)
	require.Equal(t, 310.0, *r.Events[0].Workout.EnergyKcal, "manual calories when the device measured none")
	require.Equal(t, 1500.0, *r.Events[0].Workout.DistanceMeters)

	r = loadGolden(t, "sleep_seed").normalize(t)
	s := r.Events[0].Sleep
	require.Equal(t, 88.0, *s.EfficiencyPercent)
	require.Equal(t, int64(25200), *s.TotalSleepSeconds)
	require.False(t, s.IsNap)
	require.Len(t, s.Stages, 5)
	require.Equal(t, 81.0, *r.Scores[0].Value)
	require.Equal(t, 42.0, *s.AvgHRVRMSSD, "mean of the night's RMSSD series")

	r = loadGolden(t, "sleep_seed_shape").normalize(t)
	s = r.Events[0].Sleep
	require.True(t, s.IsNap)
	require.Equal(t, int64(3900), *s.TotalSleepSeconds, "asleepduration for external nights")
	require.Equal(t, domain.StageSleeping, s.Stages[0].Stage, "state 4 (manual) is sleeping")
}

func TestNormalizeRejectsGarbage(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	for _, dt := range []string{TypeMeasure, TypeActivity, TypeIntraday, TypeWorkout, TypeSleep, TypeECG, TypeDevice} {
		for _, body := range []string{`{`, `[]`, `"x"`} {
			_, err := p.Normalize(provider.Document{DataType: dt, ID: "x", Body: json.RawMessage(body)}, nil)
			require.Error(t, err, "%s %s", dt, body)
		}
	}
	_, err := p.Normalize(provider.Document{DataType: "nope", Body: json.RawMessage(`{}`)}, nil)
	require.Error(t, err)
}

func TestDecodeAndTables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value       int64
		unit, shift int
		want        float64
	}{
		{65750, -3, 0, 65.75}, {20, -1, 0, 2}, {175, -2, 2, 175}, {3712, -2, 0, 37.12}, {7, 2, 0, 700}, {1589, 0, 0, 1589},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, Decode(tc.value, tc.unit, tc.shift))
	}
	codes := map[int]bool{}
	for _, m := range MeasureTypes() {
		require.False(t, codes[m.Code])
		codes[m.Code] = true
		if m.Series != "" {
			_, ok := domain.SeriesTypeByCode(m.Series)
			require.True(t, ok, m.Series)
		}
	}
	require.Len(t, codes, 35, "every meastype of the seed")
	for _, c := range WorkoutCategories() {
		require.NotEmpty(t, c.Type)
	}
	require.Equal(t, "other", workoutCategory(9999).Type)
	require.Equal(t, domain.DeviceScale, DeviceTypeOf("Scale"))
	require.Equal(t, domain.DeviceWatch, DeviceTypeOf("Activity Tracker"))
}
