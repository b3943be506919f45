package simulator

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// NewOura is the Factory of the Oura simulator. Oura ignores
// ProviderConfig.WebhookURL: its webhooks go to the subscriptions clients
// create through /v2/webhook/subscription.
func NewOura(cfg ProviderConfig) (Provider, error) {
	s, err := oura.New(oura.Config{World: cfg.World, Clock: cfg.Clock, Seed: cfg.Seed, Advance: cfg.Advance,
		RateLimits: cfg.rateLimits()})
	if err != nil {
		return nil, fmt.Errorf("simulator: oura: %w", err)
	}
	return ouraProvider{s}, nil
}

// ouraProvider adapts oura.Server to Provider.
type ouraProvider struct{ *oura.Server }

// Notify posts signed Oura events to matching subscriptions.
func (o ouraProvider) Notify(ctx context.Context, changes []truth.Change) error {
	_, err := o.Server.Notify(ctx, changes)
	return err
}

// Credentials returns the Oura app's client credentials.
func (o ouraProvider) Credentials() Credentials {
	return Credentials{ClientID: o.ClientID(), ClientSecret: o.ClientSecret()}
}

// URLs: Oura serves the API and OAuth from one host here.
func (o ouraProvider) URLs(base string) URLs {
	return URLs{API: base, Authorize: base + oura.AuthorizePath, Token: base + oura.TokenPath}
}
