package withings_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/providertest"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestConnectBackfillMatchesTruth runs the whole path on the shared
// engine, on SQLite and (with WEARHOUSE_TEST_POSTGRES_URL) Postgres:
// OAuth connect through oauthflow over real HTTP, a backfill through the
// syncer into the store, then what is stored is compared with the ground
// truth, and a second sync stores nothing.
func TestConnectBackfillMatchesTruth(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		r := newRig(t, syncertest.Options{Store: st})
		c, err := r.Connect(t.Context(), 0)
		require.NoError(t, err)
		p := r.World.Person(0)
		require.Equal(t, strconv.FormatInt(p.WithingsUserID, 10), c.ProviderUserID)

		run := syncToEnd(t, r.Syncer, c, syncer.SourceBackfill)
		require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
		require.Positive(t, run.Stored)
		requireMatchesTruth(t, st, c.UserID, p)
		ecgs, err := st.ListRawDocuments(t.Context(), store.RawQuery{UserID: c.UserID, Provider: domain.ProviderWithings,
			DataType: withings.TypeECG, Page: store.Page{Limit: 1000}})
		require.NoError(t, err)
		require.NotEmpty(t, ecgs, "the watch's ECG recordings are kept raw")

		again := syncToEnd(t, r.Syncer, c, syncer.SourcePull)
		require.Equal(t, domain.SyncSuccess, again.Status, again.Error)
		require.Zero(t, again.Stored, "a second sync of the same data stores nothing new")
		require.Zero(t, again.Updated)
		requireMatchesTruth(t, st, c.UserID, p)
	})
}

// dataRoutes are the Withings simulator's data routes (not the token
// endpoint: a token answer lost after Withings rotated the refresh token
// cannot be recovered by any client).
var dataRoutes = []string{simwithings.RouteMeasure, simwithings.RouteMeasureV2, simwithings.RouteSleep,
	simwithings.RouteHeart, simwithings.RouteUser}

// TestFaultStormLeavesNoGapNoDuplicate backfills through HTTP 5xx,
// truncated and malformed bodies, status 601 (too many requests) and
// status 401 inside 200 answers on every data route; retried as the job
// would be, the store equals the truth: nothing missing, nothing twice.
func TestFaultStormLeavesNoGapNoDuplicate(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		r := newRig(t, syncertest.Options{Store: st, Seed: 8})
		c, err := r.Connect(t.Context(), 0)
		require.NoError(t, err)
		faults := r.Sim.Kit().Faults
		for _, f := range []simkit.Fault{
			// About one request in seven fails: a sleep page is a getsummary
			// plus a sleep get per night, and must come through whole.
			{Kind: simkit.FaultStatus, Status: 503, Probability: 0.04},
			{Kind: simkit.FaultTruncate, Probability: 0.03},
			{Kind: simkit.FaultMalformed, Probability: 0.02},
			{Kind: simkit.FaultRateLimit, Probability: 0.04},
			{Kind: simkit.FaultUnauthorized, Probability: 0.02},
		} {
			for _, route := range dataRoutes {
				require.NoError(t, faults.Set(route, f))
			}
		}
		limited := 0
		for attempt := 0; ; attempt++ {
			_, err := r.Syncer.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
			if err == nil {
				break
			}
			if d, ok := provider.RetryAfter(err); ok {
				require.Equal(t, time.Minute, d, "status 601 waits a minute")
				limited++
			}
			require.Less(t, attempt, 500, "never completed: %v", err)
			// Two 401s in a row (one after the refresh) fail the run with the
			// connection still active, which the job retries.
			require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
		}
		require.Positive(t, limited, "the storm included status 601")
		faults.Reset()
		requireMatchesTruth(t, st, c.UserID, r.World.Person(0))
		got, err := st.ConnectionByID(t.Context(), c.ID)
		require.NoError(t, err)
		require.Equal(t, domain.ConnectionActive, got.Status, "spurious 401s revoke nothing")
	})
}

// TestInterruptedBackfillResumesExactly kills a backfill at several
// points (inside measure, intraday and sleep paging), reopens the store
// as a restarted process would, and finishes: the store equals the truth
// and the restarted run fetched no stored page again — at most the one
// that was in flight.
func TestInterruptedBackfillResumesExactly(t *testing.T) {
	t.Parallel()
	engines := map[string]func(t *testing.T) (first, second func() store.Store){
		"SQLite": func(t *testing.T) (func() store.Store, func() store.Store) {
			path, box := t.TempDir()+"/wearhouse.db", storetest.NewBox(t)
			open := func() store.Store { return storetest.OpenSQLite(t, path, box) }
			return open, open
		},
		"Postgres": func(t *testing.T) (func() store.Store, func() store.Store) {
			url, box := storetest.PostgresSchemaURL(t), storetest.NewBox(t)
			open := func() store.Store { return storetest.OpenPostgres(t, url, box) }
			return open, open
		},
	}
	for name, engine := range engines {
		for _, killAt := range []int64{4, 20, 40} {
			t.Run(name+"/"+strconv.FormatInt(killAt, 10), func(t *testing.T) {
				t.Parallel()
				openFirst, openSecond := engine(t)
				interrupted(t, openFirst, openSecond, killAt)
			})
		}
	}
}

// interrupted is one TestInterruptedBackfillResumesExactly case.
func interrupted(t *testing.T, openFirst, openSecond func() store.Store, killAt int64) {
	first := openFirst()
	kill := &providertest.KillBudget{At: killAt}
	r := newRig(t, syncertest.Options{Store: first, Seed: 9, Budget: kill})
	c, err := r.Connect(t.Context(), 0)
	require.NoError(t, err)
	r.Counters().Reset()
	ctx, cancel := context.WithCancel(t.Context())
	kill.Cancel = cancel
	_, err = r.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, first.Close())

	second := openSecond()
	require.NoError(t, r.Reopen(syncertest.Options{Store: second, Budget: provider.Unlimited{}, BackfillDays: e2eDays + 2}))
	run := syncToEnd(t, r.Syncer, c, syncer.SourceBackfill)
	require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
	requireMatchesTruth(t, second, c.UserID, r.World.Person(0))
	// Both runs together made the minimum plus: the device snapshot read
	// again, the day the intraday walk gains by starting at UTC midnight,
	// and at most the page in flight (a sleep page: one getsummary and a
	// sleep get per night). No stored page was fetched twice.
	minimum, err := r.MinimumRequests(t.Context(), c)
	require.NoError(t, err)
	const pageSize = 7
	require.LessOrEqual(t, r.Counters().Total(), minimum.Requests+1+1+1+pageSize, "resumed at the next page")
}
