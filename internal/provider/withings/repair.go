package withings

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// NotificationsEnabled reports whether this server can take Withings
// notifications: Withings needs WEARHOUSE_BASE_URL to call back, and the
// per-user callback tokens are derived from the client secret.
func (p *Provider) NotificationsEnabled() bool {
	return p.o.BaseURL != "" && p.o.ClientSecret != ""
}

// RepairReport is what Repair found and did for one connection, by
// notification category (appli).
type RepairReport struct {
	// Kept are the categories already subscribed at the right URL.
	Kept []int `json:"kept,omitempty"`
	// Created are the categories that were missing and are subscribed now.
	Created []int `json:"created,omitempty"`
	// Removed are subscriptions at this server's path with a stale URL
	// (another client secret), revoked.
	Removed []int `json:"removed,omitempty"`
	// Unavailable are the categories Withings refused for this app or user
	// (bed events without user.sleepevents, glucose on most apps).
	Unavailable []int `json:"unavailable,omitempty"`
	// Failed are the categories whose subscribe or revoke failed for
	// another reason; the next repair tries again.
	Failed []int `json:"failed,omitempty"`
}

// Changed reports whether the repair created or removed anything.
func (r RepairReport) Changed() bool { return len(r.Created) > 0 || len(r.Removed) > 0 }

// Repair makes one connection's notification subscriptions what they
// should be, with the connection's own access token (the caller hands a
// fresh one and retries once after a refresh on ErrUnauthorized): it lists
// the user's subscriptions (notify list), re-subscribes the categories
// that went missing — Withings drops a subscription whose callback kept
// failing, and a user can remove them — and revokes stale URLs of ours.
// It is idempotent and costs one request when nothing is missing. Rate
// limits and refused tokens end it with the error; per-category refusals
// are reported, not returned.
func (p *Provider) Repair(ctx context.Context, c domain.Connection) (RepairReport, error) {
	if c.Provider != domain.ProviderWithings {
		return RepairReport{}, fmt.Errorf("withings: repair a %s connection: %w", c.Provider, provider.ErrRejected)
	}
	states, err := p.Subscribe(ctx, c.AccessToken, c.ProviderUserID)
	var r RepairReport
	for _, s := range states {
		switch s.Action {
		case "kept":
			r.Kept = append(r.Kept, s.Appli)
		case "created":
			r.Created = append(r.Created, s.Appli)
		case "removed":
			r.Removed = append(r.Removed, s.Appli)
		case "unavailable":
			r.Unavailable = append(r.Unavailable, s.Appli)
		default:
			r.Failed = append(r.Failed, s.Appli)
		}
	}
	if err != nil {
		return r, fmt.Errorf("withings: repair subscriptions: %w", err)
	}
	return r, nil
}
