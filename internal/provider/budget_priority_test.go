package provider_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// TestConnectCallsGoFirstAndWait: with the budget used up by backfills,
// a bulk call gives up after its patience (the job snoozes), while a
// connect-time call — a person waiting on the OAuth callback — goes
// before every waiting bulk call and waits rather than fail.
func TestConnectCallsGoFirstAndWait(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		ctx    func(context.Context) context.Context
		limits bool
	}{
		{name: "bulk", ctx: func(ctx context.Context) context.Context { return ctx }, limits: true},
		{name: "connect", ctx: provider.WithConnectPriority},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// 3 requests a second: a burst of 1, then one every 500 ms —
			// beyond a bulk call's 100 ms patience once a backfill took
			// the burst.
			b := provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: []provider.Limit{{Requests: 3, Per: time.Second}},
				Patience: 100 * time.Millisecond})
			ctx := t.Context()
			require.NoError(t, b.Take(ctx), "the backfill's request")
			err := b.Take(tc.ctx(ctx))
			var rl *provider.RateLimitError
			if tc.limits {
				require.True(t, errors.As(err, &rl), "a bulk call beyond its patience is limited: %v", err)
				return
			}
			require.NoError(t, err, "a connect never fails because backfills are busy")
		})
	}
}

// TestPriorityLevels: a webhook mark never lowers a connect mark.
func TestPriorityLevels(t *testing.T) {
	t.Parallel()
	ctx := provider.WithConnectPriority(context.Background())
	require.Equal(t, provider.Connect, provider.PriorityOf(provider.WithPriority(ctx)))
	require.Equal(t, provider.Webhook, provider.PriorityOf(provider.WithPriority(context.Background())))
	require.Equal(t, provider.Bulk, provider.PriorityOf(context.Background()))
	require.True(t, provider.IsPriority(ctx))
	require.Equal(t, provider.ConnectPatience, provider.PatienceFor(ctx, 5*time.Second))
}
