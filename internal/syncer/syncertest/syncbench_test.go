package syncertest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestSyncBenchMatchesSimulators runs the sync benchmark tiny on both
// engines with verification on: every provider's backfills succeed, the
// store then holds exactly the documents each simulator serves (Verify
// fails the run otherwise), and the totals add up.
func TestSyncBenchMatchesSimulators(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		res, err := syncertest.SyncBench(t.Context(), syncertest.SyncBenchOptions{Store: st, Users: 2, Days: 3, Seed: 1, Workers: 2, Verify: true})
		require.NoError(t, err)
		require.Len(t, res.Providers, len(syncertest.SyncBenchProviders()))
		var total syncertest.SyncThroughput
		for i, p := range res.Providers {
			require.Equal(t, syncertest.SyncBenchProviders()[i], p.Provider)
			require.Equal(t, 2, p.Connections)
			require.Positive(t, p.Documents, p.Provider)
			require.Positive(t, p.Records, p.Provider)
			require.Positive(t, p.Events, p.Provider)
			require.Positive(t, p.Wall, p.Provider)
			total.Documents += p.Documents
			total.Records += p.Records
			total.Samples += p.Samples
		}
		require.Equal(t, total.Documents, res.Total.Documents)
		require.Equal(t, total.Records, res.Total.Records)
		require.Equal(t, total.Samples, res.Total.Samples)
		require.Positive(t, res.Total.Samples, "Oura and Withings store series")
		require.Equal(t, 6, res.Total.Connections)
	})
}
