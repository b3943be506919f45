package server

import (
	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
)

// ouraSubscriptionsReport serves the subscription manager's state to
// GET /api/v1/providers/oura/subscriptions.
func ouraSubscriptionsReport(subs *oura.Subscriptions) func() api.OuraSubscriptionsReport {
	return func() api.OuraSubscriptionsReport { return ouraReport(subs.Missing(), subs.State()) }
}

// ouraReport converts the manager's state to the API's report.
func ouraReport(missing []string, st oura.SubscriptionsState) api.OuraSubscriptionsReport {
	out := api.OuraSubscriptionsReport{Missing: missing, CallbackURL: st.CallbackURL, CheckedAt: st.CheckedAt, Error: st.Error,
		Removed: st.Removed}
	for _, p := range st.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, api.OuraSubscriptionReport{DataType: p.DataType, EventType: p.EventType,
			ID: p.ID, ExpiresAt: p.ExpiresAt, Action: p.Action, Error: p.Error})
	}
	return out
}
