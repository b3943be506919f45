package server

import (
	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// subscriptionsReport serves a provider's app-level webhook subscription
// state to the API; nil when the provider reports none. The API has one
// such route today, GET /api/v1/providers/oura/subscriptions, so the
// caller names the provider the route is for.
func subscriptionsReport(reg *provider.Registry, name domain.Provider) func() api.OuraSubscriptionsReport {
	p, err := reg.Get(name)
	if err != nil {
		return nil
	}
	r, ok := p.(provider.SubscriptionReporter)
	if !ok {
		return nil
	}
	return func() api.OuraSubscriptionsReport { return apiReport(r.SubscriptionsReport()) }
}

// apiReport converts a provider's report to the API's.
func apiReport(r provider.SubscriptionsReport) api.OuraSubscriptionsReport {
	out := api.OuraSubscriptionsReport{Missing: r.Missing, CallbackURL: r.CallbackURL, CheckedAt: r.CheckedAt, Error: r.Error,
		Removed: r.Removed}
	for _, s := range r.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, api.OuraSubscriptionReport{DataType: s.DataType, EventType: s.EventType,
			ID: s.ID, ExpiresAt: s.ExpiresAt, Action: s.Action, Error: s.Error})
	}
	return out
}
