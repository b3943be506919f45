package syncertest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestVerifyFindsLostDocuments proves the sync benchmark's check has
// teeth: after a complete backfill it passes, and once one stored
// document goes missing it names that data type.
func TestVerifyFindsLostDocuments(t *testing.T) {
	t.Parallel()
	for _, p := range SyncBenchProviders() {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			st := storetest.NewSQLite(t)
			ctx := t.Context()
			b, err := NewBackfiller(string(p), Options{Store: st, Users: 1, Days: 3, Seed: 1, DeleteRate: -1, RateLimits: []simkit.Window{},
				Budget: provider.Unlimited{}, BackfillDays: 4})
			require.NoError(t, err)
			t.Cleanup(b.Close)
			r := b.(syncRig)
			c, err := b.Connect(ctx, 0)
			require.NoError(t, err)
			run, err := r.Backfill(ctx, c)
			require.NoError(t, err)
			require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
			require.NoError(t, verify(ctx, r, []domain.Connection{c}))

			docs, err := st.ListRawDocuments(ctx, store.RawQuery{UserID: c.UserID, Provider: p, Page: store.Page{Limit: 1}})
			require.NoError(t, err)
			require.NotEmpty(t, docs)
			require.NoError(t, st.MarkRawDocumentDeleted(ctx, c.UserID, p, docs[0].DataType, docs[0].ProviderRecordID))
			err = verify(ctx, r, []domain.Connection{c})
			require.ErrorIs(t, err, ErrLostDocuments)
			require.Contains(t, err.Error(), docs[0].DataType+": stored")
		})
	}
}
