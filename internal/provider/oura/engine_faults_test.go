package oura

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// resumeDays is the simulated history of the fault and restart tests,
// and resumePages the simulator's page sizes there: small, so that every
// collection takes several pages and heart rate a dozen.
const resumeDays = 20

func resumeConfig() simoura.Config {
	return simoura.Config{PageSize: 7, HeartRatePageSize: 500, Seed: 8}
}

// dataRoutes are the simulator's routes of every data type (not the
// token endpoint: a token answer lost after Oura rotated the refresh
// token cannot be recovered by any client).
func (e *engine) dataRoutes() []string {
	var out []string
	for _, dt := range e.p.DataTypes() {
		out = append(out, simoura.CollectionRoute(simoura.CollectionPrefix, path(dt.Name)))
	}
	return out
}

// TestFaultStormLeavesNoGapNoDuplicate backfills through 503s, 429s with
// Retry-After, requests that never answer (timeouts), truncated and
// malformed pages and spurious 401s on every data route; retried through
// the syncer as the job would retry, the store ends equal to what Oura
// serves — nothing missing, nothing twice — on both engines.
func TestFaultStormLeavesNoGapNoDuplicate(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setup(t, truth.Options{Users: 1, Days: resumeDays}, resumeConfig())
		e := newEngine(t, b, st, resumeDays+2)
		c := e.connect(t, 0)
		// A short timeout turns the hung requests into timeouts quickly.
		b.p.o.Client = provider.NewClient(provider.ClientOptions{Now: b.clock.Now, DefaultRetryAfter: time.Second,
			Timeout: 500 * time.Millisecond})
		faults := b.sim.Kit().Faults
		// About one request in eleven fails. Not more: every retry pulls
		// personal_info and ring_configuration again and re-reads the 48-hour
		// lookback of each finished type, and heart rate is stored a 30-day
		// chunk at a time, so an attempt must get ~30 requests through in a
		// row to finish; at much higher rates the backfill starves.
		for _, f := range []simkit.Fault{
			{Kind: simkit.FaultStatus, Status: 503, Probability: 0.025},
			{Kind: simkit.FaultRateLimit, Probability: 0.02, Delay: 30 * time.Second},
			{Kind: simkit.FaultHang, Probability: 0.01},
			{Kind: simkit.FaultTruncate, Probability: 0.015},
			{Kind: simkit.FaultMalformed, Probability: 0.01},
			{Kind: simkit.FaultUnauthorized, Probability: 0.01},
		} {
			for _, route := range e.dataRoutes() {
				require.NoError(t, faults.Set(route, f))
			}
		}
		failed, limited, timedOut := 0, 0, 0
		for attempt := 0; ; attempt++ {
			_, err := e.sy.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
			if err == nil {
				break
			}
			failed++
			if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
				timedOut++
			}
			if d, ok := provider.RetryAfter(err); ok {
				require.Equal(t, 30*time.Second, d, "the 429's Retry-After reaches the job")
				limited++
			}
			require.Less(t, attempt, 500, "never completed: %v", err)
			// Two 401s in a row (one after the refresh) fail the run with the
			// connection still active, which the job retries.
			require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
		}
		require.Greater(t, failed, 5, "the storm broke several runs")
		require.Positive(t, limited, "the storm included 429s")
		require.Positive(t, timedOut, "the storm included timeouts")
		faults.Reset()

		e.requireBackfillComplete(t, c, resumeDays+2)
		got, err := st.ConnectionByID(t.Context(), c.ID)
		require.NoError(t, err)
		require.Equal(t, domain.ConnectionActive, got.Status, "spurious 401s revoke nothing")
		again := e.sync(t, c, syncer.SourcePull)
		require.Equal(t, domain.SyncSuccess, again.Status, again.Error)
		require.Zero(t, again.Stored, "after the storm a pull finds nothing new")
	})
}
