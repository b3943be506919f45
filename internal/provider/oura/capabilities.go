package oura

import (
	"context"
	"net/url"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Oura's optional capabilities: app-level webhook subscriptions kept in
// place, the verification GET, their report, and personal access tokens
// (personal.go).
var (
	_ provider.AppUpkeeper          = (*Provider)(nil)
	_ provider.WebhookChallenger    = (*Provider)(nil)
	_ provider.SubscriptionReporter = (*Provider)(nil)
	_ provider.PersonalTokens       = (*Provider)(nil)
)

// AppUpkeep ensures the webhook subscriptions every EnsureInterval, when
// the app's credentials, a callback URL and a verification token are set.
func (p *Provider) AppUpkeep() (provider.Upkeep, bool) {
	if !p.subs.Configured() {
		return provider.Upkeep{}, false
	}
	return provider.Upkeep{Name: "oura-webhook-subscriptions", Interval: EnsureInterval, Run: func(ctx context.Context) error {
		_, err := p.subs.Ensure(ctx)
		return err
	}}, true
}

// AnswerChallenge answers Oura's verification GET.
func (p *Provider) AnswerChallenge(q url.Values) (int, []byte) { return p.subs.AnswerChallenge(q) }

// SubscriptionsReport is the subscription manager's state.
func (p *Provider) SubscriptionsReport() provider.SubscriptionsReport {
	return Report(p.subs.Missing(), p.subs.State())
}

// Report converts a manager state to the provider-neutral report.
func Report(missing []string, st SubscriptionsState) provider.SubscriptionsReport {
	out := provider.SubscriptionsReport{Missing: missing, CallbackURL: st.CallbackURL, CheckedAt: st.CheckedAt, Error: st.Error,
		Removed: st.Removed}
	for _, s := range st.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, provider.SubscriptionReport{DataType: s.DataType, EventType: s.EventType,
			ID: s.ID, ExpiresAt: s.ExpiresAt, Action: s.Action, Error: s.Error})
	}
	return out
}
