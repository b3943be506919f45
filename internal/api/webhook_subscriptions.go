package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// ListProviderWebhookSubscriptions implements GET
// /api/v1/providers/{provider}/webhooks/subscriptions: the app-level
// subscriptions the provider's last check kept (Oura); providers without
// app-level subscriptions (WHOOP's URL is set in its dashboard, Withings
// subscribes per user) list none.
func (s *Server) ListProviderWebhookSubscriptions(_ context.Context, req apigen.ListProviderWebhookSubscriptionsRequestObject) (apigen.ListProviderWebhookSubscriptionsResponseObject, error) {
	p, err := s.webhookProvider(req.Provider)
	if err != nil {
		return nil, err
	}
	return apigen.ListProviderWebhookSubscriptions200JSONResponse{Subscriptions: subscriptionsOf(p)}, nil
}

// GetProviderWebhookSubscription implements GET …/subscriptions/{id}.
func (s *Server) GetProviderWebhookSubscription(_ context.Context, req apigen.GetProviderWebhookSubscriptionRequestObject) (apigen.GetProviderWebhookSubscriptionResponseObject, error) {
	p, err := s.webhookProvider(req.Provider)
	if err != nil {
		return nil, err
	}
	for _, sub := range subscriptionsOf(p) {
		if sub.Id == req.SubscriptionId {
			return apigen.GetProviderWebhookSubscription200JSONResponse{Subscription: sub}, nil
		}
	}
	return nil, notFound("%s webhook subscription %q not found", req.Provider, req.SubscriptionId)
}

// RenewProviderWebhookSubscriptions implements POST …/subscriptions/renew:
// the provider's subscription check, run now (it also runs at start and
// on its schedule), and what it did.
func (s *Server) RenewProviderWebhookSubscriptions(ctx context.Context, req apigen.RenewProviderWebhookSubscriptionsRequestObject) (apigen.RenewProviderWebhookSubscriptionsResponseObject, error) {
	p, err := s.webhookProvider(req.Provider)
	if err != nil {
		return nil, err
	}
	out := apigen.RenewProviderWebhookSubscriptions200JSONResponse{Renewed: []apigen.ProviderWebhookSubscription{}, Failed: []string{}}
	out.CheckedAt.SetNull()
	up, ok := p.(provider.AppUpkeeper)
	if !ok {
		return out, nil // nothing app-level to renew
	}
	u, ok := up.AppUpkeep()
	if !ok {
		missing := ""
		if r, isReporter := p.(provider.SubscriptionReporter); isReporter {
			missing = ": set " + strings.Join(r.SubscriptionsReport().Missing, ", ")
		}
		return nil, &Error{Status: http.StatusConflict, Code: CodeConflict,
			Detail: fmt.Sprintf("%s webhook subscriptions are not configured%s", req.Provider, missing)}
	}
	if err := u.Run(ctx); err != nil {
		out.Failed = append(out.Failed, err.Error())
	}
	if r, isReporter := p.(provider.SubscriptionReporter); isReporter {
		rep := r.SubscriptionsReport()
		if !rep.CheckedAt.IsZero() {
			out.CheckedAt.Set(rep.CheckedAt.UTC())
		}
		for _, sub := range rep.Subscriptions {
			if sub.Action == "failed" {
				out.Failed = append(out.Failed, fmt.Sprintf("%s %s: %s", sub.DataType, sub.EventType, sub.Error))
				continue
			}
			out.Renewed = append(out.Renewed, wireSubscription(rep.CallbackURL, sub))
		}
	}
	return out, nil
}

// CreateProviderWebhookSubscription implements POST …/subscriptions:
// refused, wearhouse keeps the subscriptions for its own callback.
func (s *Server) CreateProviderWebhookSubscription(_ context.Context, req apigen.CreateProviderWebhookSubscriptionRequestObject) (apigen.CreateProviderWebhookSubscriptionResponseObject, error) {
	if _, err := s.webhookProvider(req.Provider); err != nil {
		return nil, err
	}
	return nil, managedSubscriptions(req.Provider)
}

// UpdateProviderWebhookSubscription implements PUT …/subscriptions/{id}:
// refused like create.
func (s *Server) UpdateProviderWebhookSubscription(_ context.Context, req apigen.UpdateProviderWebhookSubscriptionRequestObject) (apigen.UpdateProviderWebhookSubscriptionResponseObject, error) {
	if _, err := s.webhookProvider(req.Provider); err != nil {
		return nil, err
	}
	return nil, managedSubscriptions(req.Provider)
}

// DeleteProviderWebhookSubscription implements DELETE …/subscriptions/{id}:
// refused, the next check would create it again.
func (s *Server) DeleteProviderWebhookSubscription(_ context.Context, req apigen.DeleteProviderWebhookSubscriptionRequestObject) (apigen.DeleteProviderWebhookSubscriptionResponseObject, error) {
	if _, err := s.webhookProvider(req.Provider); err != nil {
		return nil, err
	}
	return nil, managedSubscriptions(req.Provider)
}

func managedSubscriptions(p string) error {
	return &Error{Status: http.StatusConflict, Code: CodeConflict, Detail: fmt.Sprintf(
		"wearhouse keeps the %s webhook subscriptions itself, for its own callback URL "+
			"(WEARHOUSE_BASE_URL + /api/v1/providers/%s/webhooks); change that setting instead", p, p)}
}

// webhookProvider is the registered provider of a subscription route.
func (s *Server) webhookProvider(name string) (provider.Provider, error) {
	if err := s.knownProvider(name); err != nil {
		return nil, err
	}
	return s.sync.Registry.Get(domain.Provider(name))
}

// subscriptionsOf lists the subscriptions a provider's last check kept.
func subscriptionsOf(p provider.Provider) []apigen.ProviderWebhookSubscription {
	out := []apigen.ProviderWebhookSubscription{}
	r, ok := p.(provider.SubscriptionReporter)
	if !ok {
		return out
	}
	rep := r.SubscriptionsReport()
	for _, sub := range rep.Subscriptions {
		if sub.ID != "" {
			out = append(out, wireSubscription(rep.CallbackURL, sub))
		}
	}
	return out
}

func wireSubscription(callback string, sub provider.SubscriptionReport) apigen.ProviderWebhookSubscription {
	w := apigen.ProviderWebhookSubscription{Id: sub.ID, DataType: sub.DataType, EventType: sub.EventType, CallbackUrl: callback}
	w.ExpirationTime.SetNull()
	if !sub.ExpiresAt.IsZero() {
		w.ExpirationTime.Set(sub.ExpiresAt.UTC())
	}
	return w
}
