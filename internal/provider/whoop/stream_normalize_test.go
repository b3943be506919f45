package whoop

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// TestNormalizeSleepWithStream pins a scored sleep normalized with its
// stored stream (testdata/stream): heart rate without the charging and
// zero samples, skin temperature, asleep/awake stages, WHOOP's totals kept.
func TestNormalizeSleepWithStream(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "stream", "sleep_with_stream.input.json"))
	require.NoError(t, err)
	var in struct {
		Sleep  json.RawMessage `json:"sleep"`
		Stream json.RawMessage `json:"stream"`
	}
	require.NoError(t, json.Unmarshal(b, &in))
	doc, err := document(TypeSleep, in.Sleep)
	require.NoError(t, err)
	stream := provider.Document{DataType: TypeSleepStream, ID: doc.ID, Start: doc.Start, Body: in.Stream}
	p := New(Options{})

	cases := []struct {
		name    string
		related provider.Related
		golden  string
	}{
		{"with stream", func(dt, id string) (provider.Document, bool) { return stream, dt == TypeSleepStream && id == doc.ID }, "sleep_with_stream.golden.json"},
		{"without stream", func(string, string) (provider.Document, bool) { return provider.Document{}, false }, ""},
	}
	alone, err := p.Normalize(doc, nil)
	require.NoError(t, err)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			recs, err := p.Normalize(doc, tc.related)
			require.NoError(t, err)
			if tc.golden == "" {
				require.Equal(t, alone, recs, "no stream: the sleep as before")
				return
			}
			got, err := json.MarshalIndent(recs, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := filepath.Join("testdata", "stream", tc.golden)
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create %s", golden)
			require.JSONEq(t, string(want), string(got))

			bySeries := map[string]int{}
			for _, s := range recs.Series {
				bySeries[s.TypeCode] = len(s.Samples)
			}
			require.Equal(t, 4, bySeries["heart_rate"], "the charging and the zero reading are dropped")
			require.Equal(t, 6, bySeries["skin_temperature"])
			stages := recs.Events[0].Sleep.Stages
			require.Equal(t, []domain.SleepStage{domain.StageSleeping, domain.StageAwake, domain.StageSleeping},
				[]domain.SleepStage{stages[0].Stage, stages[1].Stage, stages[2].Stage})
			require.Equal(t, alone.Events[0].Sleep.LightSeconds, recs.Events[0].Sleep.LightSeconds)
		})
	}
	_, err = p.Normalize(stream, nil)
	require.NoError(t, err, "the stream document itself is raw only")
	bad := stream
	bad.Body = bad.Body[:len(bad.Body)/2]
	_, err = p.Normalize(doc, func(string, string) (provider.Document, bool) { return bad, true })
	require.Error(t, err, "a truncated stream fails cleanly")
}
