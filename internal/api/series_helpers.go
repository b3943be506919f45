package api

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// typeIDs resolves catalogue codes; the codes here are compile-time
// constants of this package, so an unknown one is a programming error
// caught by the summaries tests.
func typeIDs(codes ...string) []int {
	out := make([]int, 0, len(codes))
	for _, c := range codes {
		if st, ok := domain.SeriesTypeByCode(c); ok {
			out = append(out, st.ID)
		}
	}
	return out
}

// seriesByCode reads samples of some types in [start, end), keyed by type
// code then data source id.
func (s *Server) seriesByCode(ctx context.Context, userID string, start, end time.Time, codes ...string) (map[string]map[string][]timeseries.Sample, error) {
	data, err := s.store.ReadSamples(ctx, store.SampleQuery{UserID: userID, TypeIDs: typeIDs(codes...), Start: start, End: end})
	if err != nil {
		return nil, fmt.Errorf("api: read samples: %w", err)
	}
	out := map[string]map[string][]timeseries.Sample{}
	for _, sd := range data {
		st, ok := domain.SeriesTypeByID(sd.TypeID)
		if !ok {
			continue
		}
		if out[st.Code] == nil {
			out[st.Code] = map[string][]timeseries.Sample{}
		}
		out[st.Code][sd.DataSourceID] = append(out[st.Code][sd.DataSourceID], sd.Samples...)
	}
	return out, nil
}

// sampleDate is the local calendar date of a sample.
func sampleDate(smp timeseries.Sample) string {
	return time.UnixMilli(smp.T).UTC().Add(time.Duration(smp.Offset) * time.Second).Format(time.DateOnly)
}

func mean(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	return &m
}
