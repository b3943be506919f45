package server

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
)

// Test helpers reaching one provider's capability through the generic
// machinery, as the process runs it.

// keepNamed runs the upkeep called name, if the process lists it.
func (s *Server) keepNamed(ctx context.Context, name string, after func(time.Duration) <-chan time.Time) {
	for _, u := range s.Upkeeps() {
		if u.Name == name {
			s.keepUpkeep(ctx, u, after)
		}
	}
}

// keepOuraPersonal runs the Oura personal-token upkeep.
func (s *Server) keepOuraPersonal(ctx context.Context, after func(time.Duration) <-chan time.Time) {
	s.keepNamed(ctx, "oura-personal-token", after)
}

// keepWithingsSubscriptions runs the Withings notification repair.
func (s *Server) keepWithingsSubscriptions(ctx context.Context, after func(time.Duration) <-chan time.Time) {
	s.keepNamed(ctx, "withings-notify-repair", after)
}

// ensureOuraPersonal is ensurePersonal for the registered Oura connector.
func (s *Server) ensureOuraPersonal(ctx context.Context) (domain.Connection, bool, error) {
	p, err := s.sync.services.Registry.Get(domain.ProviderOura)
	if err != nil {
		return domain.Connection{}, false, err
	}
	return s.ensurePersonal(ctx, p)
}

// withingsProvider is the registered Withings connector.
func (s *Server) withingsProvider() (*withings.Provider, bool) {
	p, err := s.sync.services.Registry.Get(domain.ProviderWithings)
	if err != nil {
		return nil, false
	}
	w, ok := p.(*withings.Provider)
	return w, ok
}

// TestUpkeepsFromCapabilities checks that the process finds its upkeep
// through the providers' capabilities, only for what is configured.
func TestUpkeepsFromCapabilities(t *testing.T) {
	t.Parallel()
	configure := func(cfg *config.Config) {
		for _, name := range []string{"oura", "withings"} {
			pc := cfg.Providers[name]
			pc.ClientID, pc.ClientSecret = name+"-id", name+"-secret"
			cfg.Providers[name] = pc
		}
		cfg.Providers["oura"].Extra[oura.SettingVerificationToken] = "verify"
		cfg.Providers["oura"].Extra[oura.SettingPersonalToken] = "pat"
	}
	tests := []struct {
		name      string
		configure func(*config.Config)
		want      map[string]time.Duration
	}{
		{name: "Defaults", configure: func(*config.Config) {}, want: map[string]time.Duration{}},
		{name: "Configured", configure: configure, want: map[string]time.Duration{
			"oura-webhook-subscriptions": oura.EnsureInterval, "oura-personal-token": 0, "withings-notify-repair": withings.RepairInterval}},
		{name: "NoBaseURL", configure: func(cfg *config.Config) { configure(cfg); cfg.BaseURL = "" }, want: map[string]time.Duration{
			"oura-webhook-subscriptions": oura.EnsureInterval, "oura-personal-token": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Defaults()
			cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
			tt.configure(&cfg)
			log := slog.New(slog.DiscardHandler)
			st, err := OpenStore(t.Context(), cfg, log)
			require.NoError(t, err)
			t.Cleanup(func() { _ = st.Close() })
			srv, err := New(cfg, st, log)
			require.NoError(t, err)
			got := map[string]time.Duration{}
			for _, u := range srv.Upkeeps() {
				require.NotNil(t, u.Run)
				got[u.Name] = u.Interval
			}
			require.Equal(t, tt.want, got)
		})
	}
}
