package api

import (
	"context"
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
)

// SampleRenderer renders raw samples of one series of one data source
// each as GET …/timeseries serves it in its data array (sampleWire, which
// a test pins to the route's bytes), for series webhook events.
func SampleRenderer(providers provider.Catalog) event.Samples {
	return func(ctx context.Context, st store.Reader, userID, dataSourceID string, typ domain.SeriesType, samples []timeseries.Sample) ([]json.RawMessage, error) {
		list, err := st.ListDataSources(ctx, userID)
		if err != nil {
			return nil, fmt.Errorf("api: render samples: %w", err)
		}
		srcs := make(sources, len(list))
		for _, ds := range list {
			srcs[ds.ID] = ds
		}
		refs := []seriesRef{{st: typ, dsID: dataSourceID, dailyTotal: dailyTotalIn(providers, typ, srcs[dataSourceID])}}
		out := make([]json.RawMessage, len(samples))
		for i, smp := range samples {
			b, err := jsonv2.Marshal(sampleWire(point{t: smp.T, v: smp.V, offset: smp.Offset, bucket: -1}, refs, nil, srcs), wireJSON)
			if err != nil {
				return nil, fmt.Errorf("api: render sample: %w", err)
			}
			out[i] = b
		}
		return out, nil
	}
}
