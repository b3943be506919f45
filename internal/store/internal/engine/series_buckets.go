package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// ReadBuckets is ReadSamples downsampled to res, one block at a time: a
// bucket never spans two UTC days (every resolution divides a day), so
// each day block is decoded into one reused buffer and reduced to its
// buckets. Thirty days of 1 Hz heart rate are 2.6 million samples; they
// are never held at once.
func (t *Tx) ReadBuckets(ctx context.Context, q store.SampleQuery, res timeseries.Resolution) ([]store.SeriesBuckets, error) {
	start, end := q.Start.UnixMilli(), q.End.UnixMilli()
	if end <= start {
		return nil, nil
	}
	blocks, err := t.ops.BlocksInRange(ctx, BlockQuery{
		UserID: q.UserID, TypeIDs: q.TypeIDs, DataSourceIDs: q.DataSourceIDs,
		FromDay: timeseries.DayStart(start), ToDay: timeseries.DayStart(end - 1),
	})
	if err != nil {
		return nil, fmt.Errorf("store: read buckets: %w", err)
	}
	var out []store.SeriesBuckets
	var buf []timeseries.Sample
	for _, b := range blocks {
		if b.Last < start || b.First >= end {
			continue // the header says nothing in range: skip decoding
		}
		samples, err := timeseries.DecodeInto(buf, b.Payload)
		if err != nil {
			return nil, fmt.Errorf("store: block %s: %w: %w", blockID(b.DataSourceID, b.TypeID, b.Day), store.ErrCorruptBlock, err)
		}
		buf = samples
		lo, _ := slices.BinarySearchFunc(samples, start, func(s timeseries.Sample, t int64) int { return cmpInt(s.T, t) })
		hi, _ := slices.BinarySearchFunc(samples, end, func(s timeseries.Sample, t int64) int { return cmpInt(s.T, t) })
		if lo == hi {
			continue
		}
		n := len(out)
		if n == 0 || out[n-1].DataSourceID != b.DataSourceID || out[n-1].TypeID != b.TypeID {
			out = append(out, store.SeriesBuckets{DataSourceID: b.DataSourceID, TypeID: b.TypeID})
			n++
		}
		out[n-1].Buckets = append(out[n-1].Buckets, timeseries.Downsample(samples[lo:hi], res)...)
	}
	return out, nil
}
