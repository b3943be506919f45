package simulator

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// NewWithings is the Factory of the Withings simulator. Withings ignores
// ProviderConfig.WebhookURL: its notifications go to the callbacks that
// clients subscribe through /notify.
func NewWithings(cfg ProviderConfig) (Provider, error) {
	s, err := withings.New(withings.Config{World: cfg.World, Clock: cfg.Clock, Seed: cfg.Seed, Advance: cfg.Advance,
		RateLimits: cfg.rateLimits()})
	if err != nil {
		return nil, fmt.Errorf("simulator: withings: %w", err)
	}
	return withingsProvider{s}, nil
}

// withingsProvider adapts withings.Server to Provider.
type withingsProvider struct{ *withings.Server }

// Notify posts Withings notifications for the changes to subscribers.
func (w withingsProvider) Notify(ctx context.Context, changes []truth.Change) error {
	_, err := w.Server.Notify(ctx, changes)
	return err
}

// Credentials returns the Withings app's client credentials.
func (w withingsProvider) Credentials() Credentials {
	return Credentials{ClientID: w.ClientID(), ClientSecret: w.ClientSecret()}
}

// URLs: the API and the token endpoint share the API host, as at Withings.
func (w withingsProvider) URLs(base string) URLs {
	return URLs{API: base, Authorize: base + withings.RouteAuthorize, Token: base + withings.RouteToken}
}
