package demo

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// restartReason marks connections a previous demo run left behind.
const restartReason = "demo_restarted: the simulators issued new tokens"

// retireOldTokens marks the connections of a previous run revoked before
// the server starts. The simulators start afresh on every run and know
// none of the old tokens, so otherwise the server's first refreshes would
// be rejected and logged as revocations; the demo reconnects every user
// through OAuth right after, which makes the connections active again
// and resumes their syncs from the stored cursors.
func retireOldTokens(ctx context.Context, st store.Store) error {
	conns, err := st.ActiveConnections(ctx, "")
	if err != nil {
		return fmt.Errorf("demo: connections: %w", err)
	}
	for _, c := range conns {
		if err := st.SetConnectionStatus(ctx, c.ID, domain.ConnectionRevoked, restartReason); err != nil {
			return fmt.Errorf("demo: retire %s: %w", c.ID, err)
		}
	}
	return nil
}
