package console

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// TestBudgetLimits: a window that has ended counts nothing, a pause shows
// while it lasts, another provider's windows are not this one's.
func TestBudgetLimits(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 12, 0, 30, 0, time.UTC)
	limits := []provider.Limit{{Requests: 100, Per: time.Minute}}
	paused := now.Add(20 * time.Second)
	for _, tc := range []struct {
		name string
		use  []store.RateBudgetUse
		want string
	}{
		{"none", nil, "100 per 1m0s"},
		{"current", []store.RateBudgetUse{{Provider: domain.ProviderWHOOP, Bucket: "1m0s", WindowStart: now.Add(-10 * time.Second), Window: time.Minute, Limit: 95, Used: 40}},
			"100 per 1m0s: 40 of 100 used until 12:01:20 UTC"},
		{"ended", []store.RateBudgetUse{{Provider: domain.ProviderWHOOP, Bucket: "1m0s", WindowStart: now.Add(-2 * time.Minute), Window: time.Minute, Limit: 95, Used: 40}},
			"100 per 1m0s: 0 of 100 used"},
		{"paused", []store.RateBudgetUse{{Provider: domain.ProviderWHOOP, Bucket: "1m0s", WindowStart: now, Window: time.Minute, Limit: 95, Used: 95, BlockedUntil: &paused}},
			"100 per 1m0s: 95 of 100 used until 12:01:30 UTC, paused (429) until 12:00:50 UTC"},
		{"other provider", []store.RateBudgetUse{{Provider: domain.ProviderOura, Bucket: "1m0s", WindowStart: now, Window: time.Minute, Limit: 95, Used: 5}},
			"100 per 1m0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := budgetLimits("whoop", "WHOOP", limits, tc.use, now)
			require.Len(t, got.Limits, 1)
			require.Equal(t, tc.want, got.Limits[0].String())
		})
	}
}
