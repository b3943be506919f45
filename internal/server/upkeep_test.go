package server

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
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
