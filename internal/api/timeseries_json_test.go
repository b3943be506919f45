package api

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
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
	buckets := seriesBuckets{nil, {{Min: 1, Max: 3.5, Count: 7}}, nil}
	points := []point{
		{t: 1740823200123, series: 0, v: 61, offset: 3600, bucket: -1},
		{t: 1740823201000, series: 2, v: 71.234, offset: -16200, bucket: -1},
		{t: 1740823260000, series: 1, v: 0.1 + 0.2, offset: 0, bucket: 0},
	}
	next := "abc"
	pg := wirePagination{NextCursor: &next, HasMore: true}
	res := "raw"
	meta := wireMetadata{Resolution: &res, SampleCount: 3, StartTime: ptr("2025-03-01T00:00:00Z")}

	fast := renderSamples(t, points, refs, buckets, srcs, pg, meta)
	want := wirePage[wireSample]{Pagination: pg, Metadata: meta}
	for _, p := range points {
		want.Data = append(want.Data, sampleWire(p, refs, buckets, srcs))
	}
	require.Equal(t, encodingJSON(t, want), fast)

	empty := renderSamples(t, nil, nil, nil, srcs, wirePagination{}, wireMetadata{})
	require.Equal(t, encodingJSON(t, wirePage[wireSample]{Data: []wireSample{}}), empty)
}

// renderSamples renders a page the way the route streams it.
func renderSamples(t *testing.T, points []point, refs []seriesRef, buckets seriesBuckets, srcs sources, pg wirePagination, meta wireMetadata) string {
	t.Helper()
	p, err := newSamplesPage(points, refs, buckets, srcs, pg, meta)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, p.write(&buf))
	return buf.String()
}

// TestSamplesPageStreamsInChunks renders a page larger than one chunk
// and checks the pieces join into the same bytes.
func TestSamplesPageStreamsInChunks(t *testing.T) {
	t.Parallel()
	hr, _ := domain.SeriesTypeByCode("heart_rate")
	refs := []seriesRef{{key: "0001:a", st: hr, dsID: "a"}}
	points := make([]point, 3000)
	for i := range points {
		points[i] = point{t: 1740823200000 + int64(i)*1000, v: float64(50 + i%90), offset: 3600, bucket: -1}
	}
	want := wirePage[wireSample]{}
	for _, p := range points {
		want.Data = append(want.Data, sampleWire(p, refs, nil, sources{}))
	}
	p, err := newSamplesPage(points, refs, nil, sources{}, wirePagination{}, wireMetadata{})
	require.NoError(t, err)
	w := &countingWriter{}
	require.NoError(t, p.write(w))
	require.Greater(t, w.writes, 1)
	require.Equal(t, encodingJSON(t, want), w.buf.String())
}

type countingWriter struct {
	buf    bytes.Buffer
	writes int
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.writes++
	return w.buf.Write(b)
}

func TestTimestampFormatter(t *testing.T) {
	t.Parallel()
	var f timestampFormatter
	ms := []int64{0, 1, 10, 100, 999, 1740823200123, 1740823200120, 1740823200500, 1740823199999, 1740873600000, -1, -86400001,
		253402300799999, 253402300800000, -62135596800001}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		ms = append(ms, 1700000000000+r.Int64N(100*86400000))
	}
	for _, v := range ms {
		want := time.UnixMilli(v).UTC().Format(time.RFC3339Nano)
		require.Equal(t, want, string(f.append(nil, v)), "%d", v)
	}
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

func TestTimestampFormatterJSONTime(t *testing.T) {
	t.Parallel()
	var f timestampFormatter
	base := time.Date(2025, 5, 31, 23, 59, 58, 0, time.FixedZone("x", -5*3600))
	for _, d := range []time.Duration{0, time.Second, 1500 * time.Millisecond, 2*time.Second + time.Nanosecond, 26 * time.Hour, -400 * 24 * time.Hour} {
		v := base.Add(d)
		require.Equal(t, string(appendJSONTime(nil, v)), string(f.appendJSONTime(nil, v)), "%v", v)
	}
}
