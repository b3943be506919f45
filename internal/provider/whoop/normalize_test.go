package whoop

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// goldenInput is one testdata/<case>.input.json: a document as WHOOP
// sends it (from the seed samples), its data type, the related documents
// normalization may look up, and for snapshots when it was fetched.
type goldenInput struct {
	DataType  string                     `json:"data_type"`
	Doc       json.RawMessage            `json:"doc"`
	Related   map[string]json.RawMessage `json:"related"`
	FetchedAt time.Time                  `json:"fetched_at"`
}

func (in goldenInput) document(t *testing.T, dataType string, raw json.RawMessage) provider.Document {
	t.Helper()
	if dataType == TypeBody || dataType == TypeProfile {
		return provider.Document{DataType: dataType, ID: dataType, Start: in.FetchedAt, Revision: in.FetchedAt.UnixMilli(), Body: raw}
	}
	d, err := document(dataType, raw)
	require.NoError(t, err)
	return d
}

func TestNormalizeGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob("testdata/*.input.json")
	require.NoError(t, err)
	require.NotEmpty(t, inputs)
	p := New(Options{})
	for _, path := range inputs {
		name := strings.TrimSuffix(filepath.Base(path), ".input.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			var in goldenInput
			require.NoError(t, json.Unmarshal(b, &in))
			related := func(dataType, id string) (provider.Document, bool) {
				raw, ok := in.Related[dataType]
				if !ok {
					return provider.Document{}, false
				}
				d := in.document(t, dataType, raw)
				return d, d.ID == id
			}
			recs, err := p.Normalize(in.document(t, in.DataType, in.Doc), related)
			require.NoError(t, err)
			got, err := json.MarshalIndent(recs, "", "  ")
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

// TestNormalizeFormulas pins the conversions the docs promise, independent
// of the golden files.
func TestNormalizeFormulas(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	load := func(name string) goldenInput {
		b, err := os.ReadFile(filepath.Join("testdata", name+".input.json"))
		require.NoError(t, err)
		var in goldenInput
		require.NoError(t, json.Unmarshal(b, &in))
		return in
	}
	in := load("sleep_scored")
	recs, err := p.Normalize(in.document(t, TypeSleep, in.Doc), nil)
	require.NoError(t, err)
	s := recs.Events[0].Sleep
	require.Equal(t, int64(30272), *s.TimeInBedSeconds)
	require.Equal(t, int64(14905+6630+5879), *s.LightSeconds+*s.DeepSeconds+*s.REMSeconds)
	require.Equal(t, int64((14905851+6630370+5879573)/1000), *s.TotalSleepSeconds)
	require.Equal(t, int64((27395716+352230+208595-12312)/1000), *s.SleepNeedSeconds)
	require.Equal(t, 3, *s.SleepCycleCount)
	require.Equal(t, 12, *s.DisturbanceCount)
	require.Equal(t, int64(-5*3600), int64(recs.Events[0].ZoneOffset))

	in = load("cycle_scored")
	recs, err = p.Normalize(in.document(t, TypeCycle, in.Doc), nil)
	require.NoError(t, err)
	require.InDelta(t, 8288.297/4.184, recs.Summaries[0].Metrics["total_energy_kcal"], 1e-9)
	require.Equal(t, "2022-04-24", recs.Summaries[0].Date)

	in = load("cycle_open")
	recs, err = p.Normalize(in.document(t, TypeCycle, in.Doc), nil)
	require.NoError(t, err)
	require.Nil(t, recs.Summaries[0].EndTime)
	require.Empty(t, recs.Summaries[0].Metrics)

	in = load("workout_scored")
	recs, err = p.Normalize(in.document(t, TypeWorkout, in.Doc), nil)
	require.NoError(t, err)
	w := recs.Events[0].Workout
	require.Equal(t, "running", recs.Events[0].Type)
	require.InDelta(t, 1569.34033203125/4.184, *w.EnergyKcal, 1e-9)
	require.Len(t, w.HRZones, 6)
	require.Equal(t, int64(900), w.HRZones[2].Seconds)
	require.Equal(t, 8.2463, *recs.Scores[0].Value)
}

func TestNormalizeRejectsGarbage(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	for _, dt := range []string{TypeCycle, TypeSleep, TypeRecovery, TypeWorkout, TypeBody} {
		for _, body := range []string{`{`, `[]`, `"x"`, `{"score":7}`} {
			if dt == TypeBody && body == `{"score":7}` {
				continue // a body measurement has no score to mistype
			}
			_, err := p.Normalize(provider.Document{DataType: dt, ID: "x", Body: json.RawMessage(body)}, nil)
			require.Error(t, err, "%s %s", dt, body)
		}
	}
	_, err := p.Normalize(provider.Document{DataType: TypeSleep, ID: "x", Body: json.RawMessage(`{"timezone_offset":"five"}`)}, nil)
	require.Error(t, err)
}
