package server

import (
	"context"
	"log/slog"
	"strings"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
)

// connectHook is what some providers do when a user connects, beyond the
// backfill (Withings subscribes the user to notifications).
type connectHook interface {
	OnConnect(ctx context.Context, c domain.Connection) error
}

// providerOnConnect runs the provider's own connect hook. A failure is
// logged, not returned: the connection works without it and the periodic
// repair catches up.
func providerOnConnect(ctx context.Context, reg *provider.Registry, c domain.Connection, log *slog.Logger) {
	p, err := reg.Get(c.Provider)
	if err != nil {
		return
	}
	h, ok := p.(connectHook)
	if !ok {
		return
	}
	if err := h.OnConnect(ctx, c); err != nil {
		log.WarnContext(ctx, "provider connect hook failed", slog.String("provider", string(c.Provider)),
			slog.String("connection_id", c.ID), slog.Any("error", err))
	}
}

// ouraSubscriptions keeps Oura's app-level webhook subscriptions in place
// and answers its verification GET.
func ouraSubscriptions(cfg config.Config, client *provider.Client) *oura.Subscriptions {
	oc := cfg.Providers["oura"]
	return oura.NewSubscriptions(oura.SubscriptionOptions{APIURL: oc.APIURL, ClientID: oc.ClientID, ClientSecret: oc.ClientSecret,
		CallbackURL: strings.TrimRight(cfg.BaseURL, "/") + oura.WebhookPath, VerificationToken: cfg.OuraWebhookVerificationToken,
		Client: client})
}

func challenges(subs *oura.Subscriptions) map[string]api.ChallengeFunc {
	return map[string]api.ChallengeFunc{"oura": subs.AnswerChallenge}
}
