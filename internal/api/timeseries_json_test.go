package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// TestEncodeSamplesMatchesEncodingJSON pins the hand-written encoder to
// the reflection-based one on the same page.
func TestEncodeSamplesMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	hr, _ := domain.SeriesTypeByCode("heart_rate")
	w, _ := domain.SeriesTypeByCode("weight")
	dt := domain.DeviceRing
	srcs := sources{"a": {ID: "a", Provider: domain.ProviderOura, DeviceType: &dt, DeviceModel: ptr(`Ring "4"`)}}
	refs := []seriesRef{{key: "0001:a", st: hr, dsID: "a"}, {key: "0001:b", st: hr, dsID: "b"}, {key: "0041:a", st: w, dsID: "a"}}
	buckets := []timeseries.Bucket{{Min: 1, Max: 3.5, Count: 7}}
	points := []point{
		{t: 1740823200123, series: 0, v: 61, offset: 3600, bucket: -1},
		{t: 1740823201000, series: 2, v: 71.234, offset: -16200, bucket: -1},
		{t: 1740823260000, series: 1, v: 0.1 + 0.2, offset: 0, bucket: 0},
	}
	next := "abc"
	pg := wirePagination{NextCursor: &next, HasMore: true}
	res := "raw"
	meta := wireMetadata{Resolution: &res, SampleCount: 3, StartTime: ptr("2025-03-01T00:00:00Z")}

	fast, err := encodeSamples(points, refs, buckets, srcs, pg, meta)
	require.NoError(t, err)
	want := wirePage[wireSample]{Pagination: pg, Metadata: meta}
	for _, p := range points {
		want.Data = append(want.Data, sampleWire(p, refs, buckets, srcs))
	}
	slow, err := json.Marshal(want)
	require.NoError(t, err)
	require.JSONEq(t, string(slow), string(fast))

	empty, err := encodeSamples(nil, nil, nil, srcs, wirePagination{}, wireMetadata{})
	require.NoError(t, err)
	require.JSONEq(t, `{"data":[],"pagination":{"next_cursor":null,"previous_cursor":null,"has_more":false,"total_count":null},"metadata":{"resolution":null,"sample_count":0,"start_time":null,"end_time":null}}`, string(empty))
}

func TestStageIntervalsMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 1, 22, 0, 0, 0, time.FixedZone("x", 3600))
	in := []domain.StageInterval{{Stage: domain.StageLight, Start: t0, End: t0.Add(90 * time.Second)},
		{Stage: domain.StageREM, Start: t0.Add(90 * time.Second), End: t0.Add(91*time.Second + 5*time.Millisecond)}}
	utc := make([]domain.StageInterval, len(in))
	for i, iv := range in {
		utc[i] = domain.StageInterval{Stage: iv.Stage, Start: iv.Start.UTC(), End: iv.End.UTC()}
	}
	want, err := json.Marshal(utc)
	require.NoError(t, err)
	got, err := json.Marshal(stageIntervals(in))
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got))
	got, err = json.Marshal(struct {
		S stageIntervals `json:"s"`
	}{})
	require.NoError(t, err)
	require.JSONEq(t, `{"s":null}`, string(got))
}
