package syncer_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestRunRecordsEveryDataType: a sync leaves one row per data type of the
// provider, in its order, whose counts add up to the run's and whose
// covered window is the backfill's for the windowed types.
func TestRunRecordsEveryDataType(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, open(t), syncertest.Options{Seed: 12, Users: 1, Days: 20})
			c, err := b.rig.Connect(t.Context(), 0)
			require.NoError(t, err)
			run := b.sync(t, c, syncer.SourceBackfill)
			require.Equal(t, domain.SyncSuccess, run.Status)
			types, err := b.rig.Store.SyncRunDataTypes(t.Context(), []string{run.ID})
			require.NoError(t, err)
			prov, err := b.rig.Registry.Get(c.Provider)
			require.NoError(t, err)
			var want []string
			for _, dt := range prov.DataTypes() {
				want = append(want, dt.Name)
			}
			var got []string
			var sum domain.SyncRun
			from, to := b.window()
			for i, d := range types {
				got = append(got, d.DataType)
				require.Equal(t, i, d.Position)
				require.Equal(t, domain.SyncSuccess, d.Status, d.DataType)
				require.Equal(t, 1, d.Attempts, d.DataType)
				sum.Fetched, sum.Stored, sum.Updated, sum.Deleted = sum.Fetched+d.Fetched, sum.Stored+d.Stored, sum.Updated+d.Updated, sum.Deleted+d.Deleted
				if prov.DataTypes()[i].Windowed {
					require.NotNil(t, d.CoveredStart, d.DataType)
					require.WithinDuration(t, from, *d.CoveredStart, 24*time.Hour, d.DataType)
					require.WithinDuration(t, to, *d.CoveredEnd, 24*time.Hour, d.DataType)
				}
			}
			require.Equal(t, want, got)
			require.Equal(t, []int{run.Fetched, run.Stored, run.Updated, run.Deleted}, []int{sum.Fetched, sum.Stored, sum.Updated, sum.Deleted})
		})
	}
}
