package server

import (
	"encoding/hex"
	"log/slog"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
)

// providers builds the registry from the catalogue and the configuration,
// one rate-budgeted client per provider application. Providers without
// credentials are registered too (listed as not enabled). Settings that
// default to a secret derive it from key.
func providers(cfg config.Config, st store.Store, key []byte, log *slog.Logger, m *metrics.Metrics) (*provider.Registry, error) {
	var ps []provider.Provider
	derived := func(purpose string) string {
		k, err := derive(key, purpose)
		if err != nil {
			return ""
		}
		return hex.EncodeToString(k)
	}
	for _, d := range catalog.Default().All() {
		name := string(d.Name)
		pc := cfg.Providers[name]
		limits := configuredLimits(pc, d.Limits)
		client := provider.NewClient(provider.ClientOptions{Budget: budget(st, name, limits, log), UserAgent: "wearhouse",
			Metrics: m.Provider(name)})
		ps = append(ps, d.New(provider.Config{Endpoints: provider.Endpoints{API: pc.APIURL, Auth: pc.AuthURL, Token: pc.TokenURL},
			ClientID: pc.ClientID, ClientSecret: pc.ClientSecret, Scopes: d.SplitScopes(pc.Scopes), Extra: pc.Extra,
			BaseURL: cfg.BaseURL, Client: client, Derive: derived}))
	}
	return provider.NewRegistry(ps...)
}

// configuredLimits is WEARHOUSE_<PROVIDER>_RATE_LIMIT when set (Validate
// has checked it), else the provider's published limits.
func configuredLimits(pc config.ProviderConfig, published []provider.Limit) []provider.Limit {
	windows, err := config.ParseRateLimit(pc.RateLimit)
	if err != nil || len(windows) == 0 {
		return published
	}
	out := make([]provider.Limit, len(windows))
	for i, w := range windows {
		out[i] = provider.Limit{Requests: w.Requests, Per: w.Per}
	}
	return out
}

// challenges are the webhook verification answers of every provider that
// has them, by name.
func challenges(reg *provider.Registry) map[string]api.ChallengeFunc {
	out := map[string]api.ChallengeFunc{}
	for _, p := range reg.All() {
		if c, ok := p.(provider.WebhookChallenger); ok {
			out[string(p.Name())] = c.AnswerChallenge
		}
	}
	return out
}
