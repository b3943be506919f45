package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// testReadBuckets checks ReadBuckets returns, for every resolution and
// window (whole days, windows cut mid-bucket and mid-day, filters), the
// buckets timeseries.Downsample makes of what ReadSamples returns.
func testReadBuckets(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring 4")
	day := baseTime()
	// Three days of 1 Hz heart rate on one source with a gap on the
	// second day, 5-minute heart rate and HRV on another.
	for d := range 3 {
		start := day.Add(time.Duration(d) * 24 * time.Hour)
		n := 86400
		if d == 1 {
			n = 40000
		}
		_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, hrSamples(start, n, time.Second))
		require.NoError(t, err)
		_, err = s.WriteSamples(f.ctx, f.user.ID, ring.ID, typeHeartRate, hrSamples(start.Add(7*time.Second), 288, 5*time.Minute))
		require.NoError(t, err)
		hrv := hrSamples(start, 288, 5*time.Minute)
		for i := range hrv {
			hrv[i].V = 20 + float64(i%70)/10
			hrv[i].Offset = -16200
		}
		_, err = s.WriteSamples(f.ctx, f.user.ID, ring.ID, typeHRVRMSSD, hrv)
		require.NoError(t, err)
	}
	resolutions := []timeseries.Resolution{timeseries.ResolutionRaw, timeseries.Resolution1Min, timeseries.Resolution5Min,
		timeseries.Resolution15Min, timeseries.Resolution1Hour, timeseries.Resolution1Day}
	tests := []struct {
		name string
		q    store.SampleQuery
	}{
		{name: "WholeDays", q: store.SampleQuery{UserID: f.user.ID, Start: day, End: day.Add(72 * time.Hour)}},
		{name: "CutMidBucketAndMidDay", q: store.SampleQuery{UserID: f.user.ID, Start: day.Add(13*time.Hour + 7*time.Minute + 31*time.Second),
			End: day.Add(50*time.Hour + 2*time.Minute + 3*time.Second)}},
		{name: "OneType", q: store.SampleQuery{UserID: f.user.ID, TypeIDs: []int{typeHRVRMSSD}, Start: day, End: day.Add(72 * time.Hour)}},
		{name: "OneSource", q: store.SampleQuery{UserID: f.user.ID, DataSourceIDs: []string{ring.ID}, Start: day.Add(time.Hour), End: day.Add(30 * time.Hour)}},
		{name: "Empty", q: store.SampleQuery{UserID: f.user.ID, Start: day.Add(-48 * time.Hour), End: day.Add(-24 * time.Hour)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			samples, err := s.ReadSamples(f.ctx, tc.q)
			require.NoError(t, err)
			for _, res := range resolutions {
				var want []store.SeriesBuckets
				for _, sd := range samples {
					want = append(want, store.SeriesBuckets{DataSourceID: sd.DataSourceID, TypeID: sd.TypeID, Buckets: timeseries.Downsample(sd.Samples, res)})
				}
				got, err := s.ReadBuckets(f.ctx, tc.q, res)
				require.NoError(t, err)
				require.Equal(t, want, got, string(res))
			}
		})
	}
}
