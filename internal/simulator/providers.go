package simulator

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// Provider is one simulated provider as the cluster sees it.
type Provider interface {
	// Handler serves the provider's API, OAuth and /_sim/ routes.
	Handler() http.Handler
	// Notify turns world changes into the provider's webhooks or
	// notifications.
	Notify(ctx context.Context, changes []truth.Change) error
	// Credentials returns the registered app's client credentials.
	Credentials() Credentials
	// URLs returns the addresses a client configures, given the base URL
	// the provider is served at.
	URLs(base string) URLs
	// Close releases resources (hung requests).
	Close()
}

// Credentials of the one app registered with a simulated provider.
type Credentials struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// URLs are what WEARHOUSE_<PROVIDER>_API_URL, _AUTH_URL and _TOKEN_URL
// point at.
type URLs struct {
	API       string `json:"api_url"`
	Authorize string `json:"auth_url"`
	Token     string `json:"token_url"`
}

// ProviderConfig is what a Factory gets from the cluster.
type ProviderConfig struct {
	World *truth.World
	Clock simkit.Clock
	Seed  int64
	// WebhookURL receives the provider's webhooks (empty: none). Providers
	// whose webhooks are subscribed through their API may ignore it.
	WebhookURL string
	// Advance advances the shared world and notifies every provider; wire
	// it to the provider's /_sim/advance.
	Advance func(ctx context.Context, d time.Duration) (int, error)
	// Unmetered serves without rate limits (see Options.Unmetered).
	Unmetered bool
}

// rateLimits is nil (the provider's published quota) or, unmetered, an
// empty non-nil list (no quota).
func (cfg ProviderConfig) rateLimits() []simkit.Window {
	if cfg.Unmetered {
		return []simkit.Window{}
	}
	return nil
}

// Factory builds a provider over the shared world.
type Factory func(ProviderConfig) (Provider, error)

// DefaultFactories returns the built-in providers by name. The oura and
// withings simulators register here, next to whoop.
func DefaultFactories() map[string]Factory {
	return map[string]Factory{
		"oura":     NewOura,
		"whoop":    NewWHOOP,
		"withings": NewWithings,
	}
}

// NewWHOOP is the Factory of the WHOOP simulator.
func NewWHOOP(cfg ProviderConfig) (Provider, error) {
	s, err := whoop.New(whoop.Config{
		World: cfg.World, Clock: cfg.Clock, Seed: cfg.Seed, WebhookURL: cfg.WebhookURL, Advance: cfg.Advance,
		RateLimits: cfg.rateLimits(),
	})
	if err != nil {
		return nil, fmt.Errorf("simulator: whoop: %w", err)
	}
	return whoopProvider{s}, nil
}

// whoopProvider adapts whoop.Server to Provider.
type whoopProvider struct{ *whoop.Server }

// Notify sends WHOOP webhooks for the changes.
func (w whoopProvider) Notify(ctx context.Context, changes []truth.Change) error {
	_, err := w.Server.Notify(ctx, changes)
	return err
}

// Credentials returns the WHOOP app's client credentials.
func (w whoopProvider) Credentials() Credentials {
	return Credentials{ClientID: w.ClientID(), ClientSecret: w.ClientSecret()}
}

// URLs mirror the real hosts' paths under base.
func (w whoopProvider) URLs(base string) URLs {
	return URLs{API: base + whoop.APIPrefix, Authorize: base + "/oauth/oauth2/auth", Token: base + "/oauth/oauth2/token"}
}
