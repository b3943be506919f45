package api

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

// OuraSubscriptionsReport is what the last check of Oura's app-level
// webhook subscriptions found and did, as the server's subscription
// manager reports it.
type OuraSubscriptionsReport struct {
	// Missing names the settings subscriptions lack (client_id,
	// client_secret, verification_token, callback_url); empty when
	// configured.
	Missing     []string
	CallbackURL string
	// CheckedAt is zero before the first check.
	CheckedAt     time.Time
	Error         string
	Subscriptions []OuraSubscriptionReport
	// Removed are the duplicate subscriptions the check deleted.
	Removed []string
}

// OuraSubscriptionReport is one (data type, event type) pair of a check.
type OuraSubscriptionReport struct {
	DataType, EventType string
	// ID is empty when no subscription could be kept or created.
	ID        string
	ExpiresAt time.Time
	// Action is "kept", "renewed", "created" or "failed".
	Action string
	Error  string
}

// GetOuraSubscriptions implements GET /api/v1/providers/oura/subscriptions.
// An unconfigured server answers 200 with configured=false and the
// missing settings: the route works, there is just nothing to keep.
func (s *Server) GetOuraSubscriptions(_ context.Context, _ apigen.GetOuraSubscriptionsRequestObject) (apigen.GetOuraSubscriptionsResponseObject, error) {
	if s.sync.OuraSubscriptions == nil {
		return nil, unavailable("Oura webhook subscriptions")
	}
	return apigen.GetOuraSubscriptions200JSONResponse(wireOuraSubscriptions(s.sync.OuraSubscriptions())), nil
}

// wireOuraSubscriptions renders a report in the API's shape.
func wireOuraSubscriptions(r OuraSubscriptionsReport) apigen.OuraSubscriptions {
	out := apigen.OuraSubscriptions{Configured: len(r.Missing) == 0, Missing: make([]apigen.OuraSubscriptionsMissing, 0, len(r.Missing)),
		CallbackUrl: r.CallbackURL, Subscriptions: make([]apigen.OuraSubscription, 0, len(r.Subscriptions)),
		Removed: append([]string{}, r.Removed...)}
	for _, m := range r.Missing {
		out.Missing = append(out.Missing, apigen.OuraSubscriptionsMissing(m))
	}
	out.CheckedAt.SetNull()
	if !r.CheckedAt.IsZero() {
		out.CheckedAt.Set(r.CheckedAt.UTC())
	}
	out.Error.SetNull()
	if r.Error != "" {
		out.Error.Set(r.Error)
	}
	for _, p := range r.Subscriptions {
		w := apigen.OuraSubscription{DataType: p.DataType, EventType: apigen.OuraSubscriptionEventType(p.EventType),
			CallbackUrl: r.CallbackURL, Action: apigen.OuraSubscriptionAction(p.Action)}
		w.Id.SetNull()
		if p.ID != "" {
			w.Id.Set(p.ID)
		}
		w.ExpirationTime.SetNull()
		if !p.ExpiresAt.IsZero() {
			w.ExpirationTime.Set(p.ExpiresAt.UTC())
		}
		w.Error.SetNull()
		if p.Error != "" {
			w.Error.Set(p.Error)
		}
		out.Subscriptions = append(out.Subscriptions, w)
	}
	return out
}
