package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// BenchEngine is what the storage benchmarks need from an engine beyond
// store.Store: on-disk sizes and a naive one-row-per-sample baseline.
type BenchEngine struct {
	// Open returns a fresh, migrated store.
	Open func(b *testing.B) store.Store
	// SeriesBytes returns the on-disk size of series_blocks with its
	// indexes (and, on Postgres, its TOAST table).
	SeriesBytes func(b *testing.B, s store.Store) int64
	// NaiveInsert stores samples as one row each in naive_samples
	// (created on first use) with the engine's fastest bulk path, in one
	// transaction.
	NaiveInsert func(b *testing.B, s store.Store, dataSourceID string, typeID int, samples []timeseries.Sample)
	// NaiveBytes returns the on-disk size of naive_samples with its index.
	NaiveBytes func(b *testing.B, s store.Store) int64
}

// benchSource creates a user and data source to write under.
func benchSource(b *testing.B, s store.Store) (userID, dataSourceID string) {
	b.Helper()
	ctx := b.Context()
	u, err := s.CreateUser(ctx, domain.User{})
	require.NoError(b, err)
	ds, err := s.EnsureDataSource(ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderWHOOP})
	require.NoError(b, err)
	return u.ID, ds.ID
}

// BenchBytesPerSample measures storage per sample for a series written a
// day at a time: 1 Hz heart rate and 5-minute HRV, beside the same
// samples stored naively. It reports B/sample and naive-B/sample.
func BenchBytesPerSample(b *testing.B, e BenchEngine) {
	cases := []struct {
		name    string
		typeID  int
		samples func() [][]timeseries.Sample // one slice per write
	}{
		{"HeartRate1Hz7Days", typeHeartRate, func() [][]timeseries.Sample {
			var days [][]timeseries.Sample
			for d := range 7 {
				days = append(days, HeartRate1Hz(baseTime().AddDate(0, 0, d), uint64(d)))
			}
			return days
		}},
		{"HRV5Min90Days", typeHRVRMSSD, func() [][]timeseries.Sample {
			var days [][]timeseries.Sample
			for d := range 90 {
				days = append(days, HRV5Min(baseTime().AddDate(0, 0, d), 1, uint64(d)))
			}
			return days
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			writes := c.samples()
			n := 0
			for _, w := range writes {
				n += len(w)
			}
			var blockBytes, naiveBytes int64
			for b.Loop() {
				s := e.Open(b)
				userID, dsID := benchSource(b, s)
				for _, w := range writes {
					_, err := s.WriteSamples(b.Context(), userID, dsID, c.typeID, w)
					require.NoError(b, err)
					e.NaiveInsert(b, s, dsID, c.typeID, w)
				}
				blockBytes, naiveBytes = e.SeriesBytes(b, s), e.NaiveBytes(b, s)
			}
			b.ReportMetric(float64(blockBytes)/float64(n), "B/sample")
			b.ReportMetric(float64(naiveBytes)/float64(n), "naive-B/sample")
			b.ReportMetric(float64(n), "samples")
		})
	}
}

// BenchIngest measures sample ingest through WriteSamples against the
// naive bulk insert of the same samples, for one day of 1 Hz heart rate
// written in batches of the given size (a whole day, or an hour as an
// incremental sync delivers it; every batch is one transaction on both
// paths). It reports samples/s of both and their ratio (blocks ÷ naive,
// ≥ 1 means blocks are no slower).
func BenchIngest(b *testing.B, e BenchEngine) {
	for _, batch := range []int{86_400, 3_600} {
		b.Run(fmt.Sprintf("HeartRate1HzBatch%d", batch), func(b *testing.B) {
			s := e.Open(b)
			var blockTime, naiveTime time.Duration
			samples := 0
			day := 0
			for b.Loop() {
				userID, dsID := benchSource(b, s)
				all := HeartRate1Hz(baseTime().AddDate(0, 0, day), uint64(day))
				day++
				start := time.Now()
				for i := 0; i < len(all); i += batch {
					_, err := s.WriteSamples(b.Context(), userID, dsID, typeHeartRate, all[i:min(i+batch, len(all))])
					require.NoError(b, err)
				}
				mid := time.Now()
				for i := 0; i < len(all); i += batch {
					e.NaiveInsert(b, s, dsID, typeHeartRate, all[i:min(i+batch, len(all))])
				}
				blockTime += mid.Sub(start)
				naiveTime += time.Since(mid)
				samples += len(all)
			}
			blockRate := float64(samples) / blockTime.Seconds()
			naiveRate := float64(samples) / naiveTime.Seconds()
			b.ReportMetric(blockRate, "block-samples/s")
			b.ReportMetric(naiveRate, "naive-samples/s")
			b.ReportMetric(blockRate/naiveRate, "ratio")
		})
	}
}
