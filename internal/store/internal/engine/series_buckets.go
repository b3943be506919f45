package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// ReadBuckets is ReadSamples downsampled to res, one block at a time: a
// bucket never spans two UTC days (every resolution divides a day), so
// each day block is decoded into one reused buffer and reduced to its
// buckets. Thirty days of 1 Hz heart rate are 2.6 million samples; they
// are never held at once.
func (t *Tx) ReadBuckets(ctx context.Context, q store.SampleQuery, res timeseries.Resolution) ([]store.SeriesBuckets, error) {
	var out []store.SeriesBuckets
	width := res.Millis()
	err := t.eachBlockInRange(ctx, q, func(b Block, in []timeseries.Sample, bound int) {
		n := len(out)
		if n == 0 || out[n-1].DataSourceID != b.DataSourceID || out[n-1].TypeID != b.TypeID {
			// At most a bucket per sample, and per width of the range
			// (plus the partial ones at each day's edges).
			if width > 0 {
				span := q.End.UnixMilli() - q.Start.UnixMilli()
				bound = int(min(int64(bound), span/width+span/(24*3600*1000)+2))
			}
			out = append(out, store.SeriesBuckets{DataSourceID: b.DataSourceID, TypeID: b.TypeID, Buckets: make([]timeseries.Bucket, 0, bound)})
			n++
		}
		out[n-1].Buckets = timeseries.AppendDownsampled(out[n-1].Buckets, in, res)
	})
	if err != nil {
		return nil, fmt.Errorf("store: read buckets: %w", err)
	}
	return out, nil
}
