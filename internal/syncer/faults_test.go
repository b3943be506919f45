package syncer_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/providertest"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestFaultStormLeavesNoGapNoDuplicate backfills through 5xx answers,
// 429s, hung requests, truncated and malformed pages and spurious 401s on
// every data route; retried as a job would retry, the result equals the
// truth exactly.
func TestFaultStormLeavesNoGapNoDuplicate(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, open(t), syncertest.Options{Seed: 13, Timeout: 300 * time.Millisecond})
			c, err := b.rig.Connect(t.Context(), 1)
			require.NoError(t, err)
			faults := b.rig.Sim.Kit().Faults
			// Data routes only: a token answer lost after the provider
			// rotated the refresh token cannot be recovered by any client
			// (TestTokenEndpointGlitches covers token-route errors).
			for _, f := range []simkit.Fault{
				{Kind: simkit.FaultStatus, Status: 503, Probability: 0.1},
				{Kind: simkit.FaultMalformed, Probability: 0.08},
				{Kind: simkit.FaultTruncate, Probability: 0.08},
				{Kind: simkit.FaultRateLimit, Probability: 0.1, Delay: 2 * time.Second},
				{Kind: simkit.FaultHang, Probability: 0.03},
				{Kind: simkit.FaultUnauthorized, Probability: 0.05},
			} {
				for _, route := range dataRoutes {
					require.NoError(t, faults.Set(route, f))
				}
			}
			var limited atomic.Int64
			for attempt := 0; ; attempt++ {
				_, err := b.rig.Syncer.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
				if err == nil {
					break
				}
				if _, ok := provider.RetryAfter(err); ok {
					limited.Add(1)
				}
				require.Less(t, attempt, 500, "never completed: %v", err)
				require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
			}
			require.Positive(t, limited.Load(), "the storm included 429s")
			faults.Reset()
			p, err := b.rig.Person(c)
			require.NoError(t, err)
			from, to := b.window()
			requireMatchesTruth(t, b.rig.Store, c, p, from, to)
			got, err := b.rig.Store.ConnectionByID(t.Context(), c.ID)
			require.NoError(t, err)
			require.Equal(t, domain.ConnectionActive, got.Status, "spurious 401s revoke nothing")
		})
	}
}

func TestExpiredAndRevokedTokens(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t), syncertest.Options{Seed: 15})
	ctx := t.Context()
	c, err := b.rig.Connect(ctx, 0)
	require.NoError(t, err)
	b.sync(t, c, syncer.SourceBackfill)

	// Expired access tokens: one refresh, and the pull goes on.
	b.rig.Sim.OAuth().ExpireAll()
	run := b.sync(t, c, syncer.SourcePull)
	require.Equal(t, domain.SyncSuccess, run.Status)
	after, err := b.rig.Store.ConnectionByID(ctx, c.ID)
	require.NoError(t, err)
	require.Greater(t, after.TokenVersion, c.TokenVersion, "refreshed and rotated")
	require.NotEqual(t, c.RefreshToken, after.RefreshToken)

	// Revoked grant: the connection is marked revoked with a reason and
	// the job is not retried.
	b.rig.Sim.OAuth().RevokeAll()
	_, err = b.rig.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourcePull})
	require.Error(t, err)
	revoked, err := b.rig.Store.ConnectionByID(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionRevoked, revoked.Status)
	require.Contains(t, revoked.StatusReason, "refresh_rejected")
	_, err = b.rig.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourcePull})
	require.ErrorIs(t, err, syncer.ErrInactive)

	// Reconnecting resumes from the cursors: nothing lost, nothing doubled.
	c2, err := b.rig.ConnectUser(ctx, c.UserID, 0)
	require.NoError(t, err)
	require.Equal(t, c.ID, c2.ID)
	b.sync(t, c2, syncer.SourcePull)
	p, err := b.rig.Person(c2)
	require.NoError(t, err)
	from, to := b.window()
	requireMatchesTruth(t, b.rig.Store, c2, p, from, to)
}

// dataRoutes are the WHOOP simulator's data routes.
var dataRoutes = []string{simwhoop.RouteProfile, simwhoop.RouteBody, simwhoop.RouteCycles, simwhoop.RouteSleeps,
	simwhoop.RouteRecoveries, simwhoop.RouteWorkouts}

// TestTokenEndpointGlitches: 5xx and bare 401s from the token endpoint
// are retried and revoke nothing.
func TestTokenEndpointGlitches(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.NewSQLite(t), syncertest.Options{Seed: 17})
	c, err := b.rig.Connect(t.Context(), 0)
	require.NoError(t, err)
	b.rig.Sim.OAuth().ExpireAll()
	faults := b.rig.Sim.Kit().Faults
	require.NoError(t, faults.Set(simwhoop.RouteToken, simkit.Fault{Kind: simkit.FaultStatus, Status: 502, Count: 4}))
	require.NoError(t, faults.Set(simwhoop.RouteToken, simkit.Fault{Kind: simkit.FaultUnauthorized, Count: 2}))
	b.sync(t, c, syncer.SourceBackfill)
	got, err := b.rig.Store.ConnectionByID(t.Context(), c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionActive, got.Status)
	p, err := b.rig.Person(c)
	require.NoError(t, err)
	from, to := b.window()
	requireMatchesTruth(t, b.rig.Store, c, p, from, to)
}

// TestInterruptedBackfillResumesExactly kills a backfill mid-window,
// reopens the database as a restarted process would, and finishes: the
// result equals the truth, and the provider saw at most the one
// interrupted request again.
func TestInterruptedBackfillResumesExactly(t *testing.T) {
	t.Parallel()
	for _, killAt := range []int64{3, 6, 9} {
		t.Run(time.Duration(killAt).String(), func(t *testing.T) {
			t.Parallel()
			path, box := filepath.Join(t.TempDir(), "wearhouse.db"), storetest.NewBox(t)
			first := storetest.OpenSQLite(t, path, box)
			kill := &providertest.KillBudget{At: killAt}
			b := setup(t, first, syncertest.Options{Seed: 16, DeleteRate: -1, Budget: kill})
			c, err := b.rig.Connect(t.Context(), 1)
			require.NoError(t, err)
			counters := b.rig.Sim.Kit().Counters
			counters.Reset()
			ctx, cancel := context.WithCancel(t.Context())
			kill.Cancel = cancel
			_, err = b.rig.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
			require.ErrorIs(t, err, context.Canceled)
			require.NoError(t, first.Close())

			second := storetest.OpenSQLite(t, path, box)
			require.NoError(t, b.rig.Reopen(syncertest.Options{Store: second, Enqueue: b.queue, Budget: provider.Unlimited{}, BackfillDays: backfillDays}))
			run := b.sync(t, c, syncer.SourceBackfill)
			require.Equal(t, domain.SyncSuccess, run.Status)
			p, err := b.rig.Person(c)
			require.NoError(t, err)
			from, to := b.window()
			requireMatchesTruth(t, second, c, p, from, to)
			// The restarted run fetches the two snapshots again and, at
			// most, the page that was in flight; every stored page is
			// never fetched twice.
			min := minimumRequests(t, second, c)
			require.LessOrEqual(t, int64(counters.Total()), min+3, "resumed at the next page")
		})
	}
}

// minimumRequests is what the pagination allows at best: one request per
// snapshot and ceil(n/25) per windowed data type (at least one).
func minimumRequests(t *testing.T, st store.Store, c domain.Connection) int64 {
	t.Helper()
	var total int64 = 2
	for _, dt := range []string{"cycle", "sleep", "recovery", "workout"} {
		docs, err := st.ListRawDocuments(t.Context(), store.RawQuery{UserID: c.UserID, Provider: domain.ProviderWHOOP, DataType: dt, Page: store.Page{Limit: 100000}})
		require.NoError(t, err)
		total += max(1, int64((len(docs)+24)/25))
	}
	return total
}
