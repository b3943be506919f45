package withings

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Withings' optional capabilities: notifications subscribed on connect and
// repaired periodically, and the user id carried by the token answer.
var (
	_ provider.ConnectHook        = (*Provider)(nil)
	_ provider.ConnectionUpkeeper = (*Provider)(nil)
	_ provider.TokenIdentity      = (*Provider)(nil)
)

// RepairInterval is how often every connection's notification
// subscriptions are checked. Withings drops a subscription whose callback
// keeps failing and users can remove them, so a connection can silently
// stop receiving notifications; a daily check costs one notify list per
// connection out of the app's 120 requests a minute, and the scheduled
// pull covers the gap meanwhile.
const RepairInterval = 24 * time.Hour

// ConnectionUpkeep repairs each connection's notification subscriptions
// every RepairInterval, when the app is configured and notifications are
// enabled (a base URL to call back).
func (p *Provider) ConnectionUpkeep() (provider.ConnectionUpkeep, bool) {
	if !p.Configured() || !p.NotificationsEnabled() {
		return provider.ConnectionUpkeep{}, false
	}
	return provider.ConnectionUpkeep{Name: "withings-notify-repair", Interval: RepairInterval,
		Run: func(ctx context.Context, c domain.Connection) (provider.UpkeepResult, error) {
			rep, err := p.Repair(ctx, c)
			return provider.UpkeepResult{Changed: rep.Changed(), Incomplete: len(rep.Failed) > 0, Detail: rep}, err
		}}, true
}

// TokenIdentity is the userid that came with the token answer.
func (p *Provider) TokenIdentity(t provider.Token) (provider.Identity, bool) {
	if t.UserID == "" {
		return provider.Identity{}, false
	}
	return provider.Identity{ProviderUserID: t.UserID}, true
}
