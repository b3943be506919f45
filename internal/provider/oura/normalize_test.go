package oura

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// fetchedAt stamps snapshot documents in the golden files.
var fetchedAt = time.Date(2021, 11, 27, 6, 0, 0, 0, time.UTC)

// goldenInput is one testdata/<case>.input.json: a document shaped as
// the seed's sample for its route, with realistic values in place of the
// seed's "string" and 0 placeholders.
type goldenInput struct {
	DataType string          `json:"data_type"`
	Doc      json.RawMessage `json:"doc"`
}

// load reads one golden input and builds its Document the way Fetch does.
func load(t *testing.T, p *Provider, name string) provider.Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".input.json"))
	require.NoError(t, err)
	var in goldenInput
	require.NoError(t, json.Unmarshal(b, &in))
	if in.DataType == TypePersonalInfo {
		return provider.Document{DataType: in.DataType, ID: in.DataType, Start: fetchedAt, Body: in.Doc}
	}
	if in.DataType == TypeHeartRate {
		return provider.Document{DataType: in.DataType, ID: "2021-11-26", Start: time.Date(2021, 11, 26, 0, 0, 0, 0, time.UTC), Body: in.Doc}
	}
	d, err := p.document(in.DataType, in.Doc)
	require.NoError(t, err)
	return d
}

func TestNormalizeGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob("testdata/*.input.json")
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	p := New(Options{Now: func() time.Time { return fetchedAt }})
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := load(t, p, name)
			recs, err := p.Normalize(doc, nil)
			require.NoError(t, err)
			got, err := json.MarshalIndent(struct {
				ID      string           `json:"id"`
				Start   time.Time        `json:"start"`
				Records provider.Records `json:"records"`
			}{doc.ID, doc.Start, recs}, "", "  ")
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

// TestNormalizeFormulas pins the conversions docs/providers/oura.md
// promises, independent of the golden files.
func TestNormalizeFormulas(t *testing.T) {
	t.Parallel()
	p := New(Options{Now: func() time.Time { return fetchedAt }})
	norm := func(name string) provider.Records {
		recs, err := p.Normalize(load(t, p, name), nil)
		require.NoError(t, err)
		return recs
	}

	recs := norm("sleep_long")
	ev := recs.Events[0]
	s := ev.Sleep
	require.False(t, s.IsNap)
	require.Equal(t, domain.ZoneOffset(3600), ev.ZoneOffset)
	require.Equal(t, time.Date(2021, 11, 25, 22, 0, 0, 0, time.UTC), ev.StartTime)
	require.Equal(t, *s.TimeInBedSeconds, int64(ev.EndTime.Sub(ev.StartTime).Seconds()))
	require.Equal(t, *s.TimeInBedSeconds, *s.AwakeSeconds+*s.DeepSeconds+*s.LightSeconds+*s.REMSeconds)
	byStage := stageSeconds(s.Stages)
	var total int64
	for _, v := range byStage {
		total += v
	}
	require.Equal(t, *s.TimeInBedSeconds, total, "hypnogram covers the time in bed exactly")
	require.Equal(t, *s.DeepSeconds, byStage[domain.StageDeep])
	require.Equal(t, ev.EndTime, s.Stages[len(s.Stages)-1].End, "last epoch clipped at bedtime_end")
	require.Equal(t, []string{"heart_rate", "heart_rate_variability_rmssd", "respiratory_rate", "resting_heart_rate"}, seriesCodes(recs))
	require.Len(t, recs.Series[0].Samples, 3, "null heart-rate items are skipped")
	require.Equal(t, ev.StartTime.Add(15*time.Minute).UnixMilli(), recs.Series[0].Samples[2].T)

	nap := norm("sleep_late_nap").Events[0]
	require.True(t, nap.Sleep.IsNap)
	require.Equal(t, "late_nap", *nap.Sleep.ProviderSleepType)

	fine := norm("sleep_phase_30_sec").Events[0].Sleep
	require.Equal(t, int64(60), stageSeconds(fine.Stages)[domain.StageAwake], "30-second epochs preferred")

	act := norm("daily_activity")
	m := act.Summaries[0].Metrics
	require.Equal(t, (11400.0+1620+120)/60, m[domain.MetricActiveMinutes])
	require.Equal(t, 43200.0/60, m[domain.MetricSedentaryMinutes])
	require.Equal(t, 390.0, m[domain.MetricActiveEnergyKcal])
	require.NotContains(t, m, domain.MetricDistanceMeters, "equivalent walking distance is not a distance")
	require.Equal(t, "2021-11-26", act.Summaries[0].Date)
	require.Equal(t, domain.ZoneOffset(-8*3600), act.Summaries[0].ZoneOffset)
	require.Equal(t, 82.0, *act.Scores[0].Value)
	require.Len(t, act.Scores[0].Components, 6)
	require.Equal(t, []string{"average_met", "steps", "active_energy", "active_time"}, seriesCodes(act))
	require.Len(t, act.Series[0].Samples, 4)

	st := norm("daily_stress").Scores[0]
	require.Nil(t, st.Value)
	require.Equal(t, "restored", *st.Qualifier)
	require.Equal(t, 90.0, *st.Components["stress_high_minutes"].Value)

	rd := norm("daily_readiness")
	require.Len(t, rd.Scores[0].Components, 9, "seven reported contributors and two temperatures")
	require.Equal(t, []string{"skin_temperature_deviation", "skin_temperature_trend_deviation"}, seriesCodes(rd))

	pi := norm("personal_info")
	require.Equal(t, 182.0, pi.Series[0].Samples[0].V)

	w := norm("workout_labelled").Events[0]
	require.Equal(t, "strength_training", w.Type)
	require.Equal(t, "Leg day", *w.Workout.Name)

	for _, raw := range []string{"ring_configuration", "sleep_time", "tag", "enhanced_tag", "rest_mode_period"} {
		require.Zero(t, norm(raw).Len(), raw)
	}
}

func stageSeconds(st []domain.StageInterval) map[domain.SleepStage]int64 {
	out := map[domain.SleepStage]int64{}
	for _, iv := range st {
		out[iv.Stage] += int64(iv.End.Sub(iv.Start).Seconds())
	}
	return out
}

func seriesCodes(r provider.Records) []string {
	var out []string
	for _, s := range r.Series {
		out = append(out, s.TypeCode)
		_, ok := domain.SeriesTypeByCode(s.TypeCode)
		if !ok {
			panic("unknown series type " + s.TypeCode)
		}
	}
	return out
}

func TestNormalizeRejectsGarbage(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	types := append(WindowedTypes(), TypePersonalInfo, TypeRingConfiguration)
	for _, dt := range types {
		for _, body := range []string{`{`, `[]`, `"x"`} {
			_, err := p.Normalize(provider.Document{DataType: dt, ID: "x", Body: json.RawMessage(body)}, nil)
			require.Error(t, err, "%s %s", dt, body)
		}
	}
	_, err := p.Normalize(provider.Document{DataType: TypeSleep, ID: "x", Body: json.RawMessage(`{"bedtime_start":"soon","type":"long_sleep"}`)}, nil)
	require.Error(t, err)
	_, err = p.Normalize(provider.Document{DataType: "nope", ID: "x", Body: json.RawMessage(`{}`)}, nil)
	require.Error(t, err)
	recs, err := p.Normalize(provider.Document{DataType: TypeSleep, ID: "x", Body: json.RawMessage(`{"type":"deleted"}`)}, nil)
	require.NoError(t, err)
	require.Zero(t, recs.Len())
}

func TestWorkoutType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"walking": "walking", "strengthTraining": "strength_training", "Strength training": "strength_training",
		"cross_training": "functional_fitness", "underwater_basket_weaving": "other", "": "other",
	} {
		require.Equal(t, want, workoutType(in), in)
	}
}
