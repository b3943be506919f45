package syncer_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// coverageRig is what the coverage test needs of any provider's rig.
type coverageRig struct {
	engine  syncertest.Engine
	connect func(ctx context.Context, simUser int) (domain.Connection, error)
}

// TestCoverageListsEverySeriesServed: a backfill from each provider's
// simulator serves only series types and health scores its descriptor's
// coverage (GET /api/v1/meta/coverage) lists, so coverage never omits
// what the normalizer actually emits.
func TestCoverageListsEverySeriesServed(t *testing.T) {
	t.Parallel()
	base := func(st store.Store) syncertest.Options {
		return syncertest.Options{Store: st, Users: 1, Days: 10, BackfillDays: 10, Seed: 5, DeleteRate: -1,
			RateLimits: []simkit.Window{}, Budget: provider.Unlimited{}}
	}
	for _, tc := range []struct {
		desc provider.Descriptor
		rig  func(t *testing.T, st store.Store) coverageRig
	}{
		{whoop.Descriptor(), func(t *testing.T, st store.Store) coverageRig {
			o := base(st)
			o.SleepStream = true
			r, err := syncertest.New(o)
			require.NoError(t, err)
			t.Cleanup(r.Close)
			return coverageRig{r.Engine, r.Connect}
		}},
		{oura.Descriptor(), func(t *testing.T, st store.Store) coverageRig {
			r, err := syncertest.NewOura(base(st))
			require.NoError(t, err)
			t.Cleanup(r.Close)
			return coverageRig{r.Engine, r.Connect}
		}},
		{withings.Descriptor(), func(t *testing.T, st store.Store) coverageRig {
			r, err := syncertest.NewWithings(base(st))
			require.NoError(t, err)
			t.Cleanup(r.Close)
			return coverageRig{r.Engine, r.Connect}
		}},
	} {
		t.Run(string(tc.desc.Name), func(t *testing.T) {
			t.Parallel()
			st := storetest.NewSQLite(t)
			r := tc.rig(t, st)
			ctx := t.Context()
			c, err := r.connect(ctx, 0)
			require.NoError(t, err)
			for attempt := 0; ; attempt++ {
				_, err := r.engine.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
				if err == nil {
					break
				}
				require.Less(t, attempt, 50, "backfill never completed: %v", err)
			}
			served := servedSeries(t, st, c.UserID)
			require.NotEmpty(t, served)
			var missing []string
			for _, code := range served {
				if !slices.Contains(tc.desc.Coverage.Series, code) {
					missing = append(missing, code)
				}
			}
			require.Empty(t, missing, "%s serves these series but its coverage omits them", tc.desc.Name)
			scores, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Limit: 100000})
			require.NoError(t, err)
			for _, h := range scores {
				require.Contains(t, tc.desc.Coverage.HealthScores, h.Category, "%s serves the %s score but its coverage omits it", tc.desc.Name, h.Category)
			}
		})
	}
}

// servedSeries is every series type code stored for the user.
func servedSeries(t *testing.T, st store.Store, userID string) []string {
	t.Helper()
	var ids []int
	for _, s := range domain.SeriesTypes() {
		ids = append(ids, s.ID)
	}
	got, err := st.ReadSamples(t.Context(), store.SampleQuery{UserID: userID, TypeIDs: ids, Start: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var codes []string
	for _, g := range got {
		if len(g.Samples) == 0 {
			continue
		}
		s, ok := domain.SeriesTypeByID(g.TypeID)
		require.True(t, ok)
		if !slices.Contains(codes, s.Code) {
			codes = append(codes, s.Code)
		}
	}
	slices.Sort(codes)
	return codes
}
