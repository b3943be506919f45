package withings_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestRecordsLandInTheirDevicesDataSources: one Withings account with a
// watch, a scale and a blood-pressure cuff yields one data source per
// device, typed, and each record sits in its device's source — the scale
// holds the weights, the watch the steps — so priorities by device type
// can choose between them. Nothing lands twice across sources.
func TestRecordsLandInTheirDevicesDataSources(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		r := newRig(t, syncertest.Options{Store: st})
		c, err := r.Connect(t.Context(), 0)
		require.NoError(t, err)
		run := syncToEnd(t, r.Syncer, c, syncer.SourceBackfill)
		require.Equal(t, domain.SyncSuccess, run.Status, run.Error)

		sources, err := st.ListDataSources(t.Context(), c.UserID)
		require.NoError(t, err)
		byType := map[domain.DeviceType][]domain.DataSource{}
		for _, ds := range sources {
			require.Equal(t, c.ID, *ds.ConnectionID, "every source belongs to the connection")
			if ds.DeviceType != nil {
				byType[*ds.DeviceType] = append(byType[*ds.DeviceType], ds)
			}
		}
		require.Len(t, byType[domain.DeviceScale], 1, "one scale")
		require.Len(t, byType[domain.DeviceWatch], 1, "one watch")
		scale, watch := byType[domain.DeviceScale][0], byType[domain.DeviceWatch][0]

		weights := sourceSamples(t, st, c.UserID, "weight", scale.ID)
		require.NotEmpty(t, weights, "the scale's source holds the weights")
		require.Len(t, samples(t, st, c.UserID, "weight"), len(weights), "and no other source holds any")
		steps := sourceSamples(t, st, c.UserID, "steps", watch.ID)
		require.NotEmpty(t, steps, "the watch's source holds the steps")
		require.Empty(t, sourceSamples(t, st, c.UserID, "steps", scale.ID))

		again := syncToEnd(t, r.Syncer, c, syncer.SourcePull)
		require.Equal(t, domain.SyncSuccess, again.Status, again.Error)
		after, err := st.ListDataSources(t.Context(), c.UserID)
		require.NoError(t, err)
		require.Len(t, after, len(sources), "a second sync finds the same sources")
	})
}

// sourceSamples reads one series type of one data source.
func sourceSamples(t *testing.T, st store.Store, userID, code, sourceID string) map[int64]float64 {
	t.Helper()
	typ, ok := domain.SeriesTypeByCode(code)
	require.True(t, ok, code)
	data, err := st.ReadSamples(t.Context(), store.SampleQuery{UserID: userID, TypeIDs: []int{typ.ID},
		DataSourceIDs: []string{sourceID}, Start: time.Unix(0, 0), End: time.Now().AddDate(10, 0, 0)})
	require.NoError(t, err)
	out := map[int64]float64{}
	for _, s := range data {
		for _, x := range s.Samples {
			out[x.T] = x.V
		}
	}
	return out
}
