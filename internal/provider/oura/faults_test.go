package oura

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// TestFaultsGiveTypedErrors injects each fault on the sleep route and
// checks the error the sync engine gets.
func TestFaultsGiveTypedErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 5}, simoura.Config{})
	token := b.token(t, 0)
	route := simoura.CollectionRoute(simoura.CollectionPrefix, TypeSleep)
	tests := []struct {
		name  string
		fault simkit.Fault
		is    error
	}{
		{"RateLimited", simkit.Fault{Kind: simkit.FaultRateLimit, Delay: 42 * time.Second}, provider.ErrRateLimited},
		{"ServerError", simkit.Fault{Kind: simkit.FaultStatus, Status: 503}, provider.ErrTransient},
		{"Malformed", simkit.Fault{Kind: simkit.FaultMalformed}, provider.ErrMalformed},
		{"Truncated", simkit.Fault{Kind: simkit.FaultTruncate}, provider.ErrMalformed},
		{"Unauthorized", simkit.Fault{Kind: simkit.FaultUnauthorized}, provider.ErrUnauthorized},
		{"MissingScope", simkit.Fault{Kind: simkit.FaultStatus, Status: 403}, provider.ErrRejected},
	}
	for _, tc := range tests {
		// Sequential: the faults share one route.
		require.NoError(t, b.sim.Kit().Faults.Set(route, tc.fault), tc.name)
		err := b.p.Fetch(context.Background(), token, TypeSleep, b.everything(), "", func(provider.Page) error { return nil })
		require.ErrorIs(t, err, tc.is, tc.name)
		if errors.Is(tc.is, provider.ErrRateLimited) {
			wait, ok := provider.RetryAfter(err)
			require.True(t, ok)
			require.Equal(t, 42*time.Second, wait)
		}
		require.Equal(t, errors.Is(tc.is, provider.ErrTransient) || errors.Is(tc.is, provider.ErrMalformed) || errors.Is(tc.is, provider.ErrRateLimited),
			provider.Retryable(err), tc.name)
	}
}

// TestFetchResumesWithoutGapOrDuplicate fails the walk after each page in
// turn and resumes from the last page's Resume, for a date collection and
// for heartrate (several 30-day chunks); the union equals one clean walk.
func TestFetchResumesWithoutGapOrDuplicate(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 65}, simoura.Config{PageSize: 7, HeartRatePageSize: 2000})
	token := b.token(t, 0)
	for _, dt := range []string{TypeDailyActivity, TypeHeartRate} {
		t.Run(dt, func(t *testing.T) {
			t.Parallel()
			clean, _ := b.fetchAll(t, token, dt, b.everything())
			want := map[string]string{}
			for _, d := range clean {
				want[d.ID] = string(d.Body)
			}
			require.Greater(t, len(want), 60)
			got := map[string]string{}
			resume, crashes := "", 0
			for {
				crashed := errors.New("crash")
				err := b.p.Fetch(context.Background(), token, dt, b.everything(), resume, func(pg provider.Page) error {
					for _, d := range pg.Docs {
						_, dup := got[d.ID]
						require.False(t, dup, "duplicate %s", d.ID)
						got[d.ID] = string(d.Body)
					}
					resume = pg.Resume
					if pg.Resume != "" {
						crashes++
						return crashed // the process dies right after storing the page
					}
					return nil
				})
				if err == nil {
					break
				}
				require.ErrorIs(t, err, crashed)
			}
			require.Greater(t, crashes, 1)
			require.Equal(t, want, got)
		})
	}
}

// TestHeartRateWindows checks that heartrate is asked for in UTC-midnight
// aligned windows of at most 30 days, which the simulator (like Oura)
// enforces by refusing longer ones.
func TestHeartRateWindows(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 70}, simoura.Config{HeartRatePageSize: 100_000})
	docs, _ := b.fetchAll(t, b.token(t, 0), TypeHeartRate, b.everything())
	require.Equal(t, 3, b.sim.RequestCount(simoura.RouteHeartRate), "71 days in three chunks, one page each")
	for _, d := range docs {
		require.Equal(t, d.Start.Format(time.DateOnly), d.ID)
		require.Equal(t, d.Start, d.Start.Truncate(24*time.Hour))
	}
}

// TestRateLimitPausesSharedBudget runs against a tiny quota: the 429
// carries Retry-After, and the shared budget then refuses further
// requests locally instead of sending them.
func TestRateLimitPausesSharedBudget(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 5}, simoura.Config{RateLimits: []simkit.Window{{Limit: 2, Length: 5 * time.Minute}}})
	budget := provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: Limits(), Now: b.clock.Now, Patience: time.Millisecond})
	b.p.o.Client = provider.NewClient(provider.ClientOptions{Budget: budget, Now: b.clock.Now})
	token := b.token(t, 0)
	ctx := context.Background()
	for range 2 {
		_, err := b.p.Identity(ctx, token)
		require.NoError(t, err)
	}
	_, err := b.p.Identity(ctx, token)
	var rl *provider.RateLimitError
	require.ErrorAs(t, err, &rl)
	require.False(t, rl.Local)
	require.Equal(t, 5*time.Minute, rl.RetryAfter)
	_, err = b.p.Identity(ctx, token)
	require.ErrorAs(t, err, &rl)
	require.True(t, rl.Local, "the budget is paused: the request is never sent")
	require.Equal(t, 3, b.sim.RequestCount(simoura.RoutePersonalInfo))
	require.Equal(t, []provider.Limit{{Requests: 5000, Per: 5 * time.Minute}}, Limits())
}
