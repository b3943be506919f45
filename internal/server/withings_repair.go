package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
)

// withingsRepairInterval is how often every Withings connection's
// notification subscriptions are checked. Withings drops a subscription
// whose callback keeps failing and users can remove them, so a connection
// can silently stop receiving notifications; a daily check costs one
// notify list per connection out of the app's 120 requests a minute, and
// the scheduled pull covers the gap meanwhile.
const withingsRepairInterval = 24 * time.Hour

// withingsRepairStats is what one repair run did.
type withingsRepairStats struct {
	Connections, Repaired, Failed int
}

// keepWithingsSubscriptions repairs every Withings connection's
// subscriptions at start and then every withingsRepairInterval until ctx
// ends; after is the timer (time.After outside tests). Repair is
// idempotent, so replicas doing it too only cost requests.
func (s *Server) keepWithingsSubscriptions(ctx context.Context, after func(time.Duration) <-chan time.Time) {
	p, ok := s.withingsProvider()
	if !ok || !p.Configured() || !p.NotificationsEnabled() {
		return
	}
	for {
		st, err := s.repairWithings(ctx, p)
		if err != nil {
			s.log.WarnContext(ctx, "withings subscription repair stopped early; the next run resumes", slog.Any("error", err),
				slog.Int("connections", st.Connections), slog.Int("repaired", st.Repaired))
		} else {
			s.log.InfoContext(ctx, "withings subscriptions checked", slog.Int("connections", st.Connections),
				slog.Int("repaired", st.Repaired), slog.Int("failed", st.Failed))
		}
		select {
		case <-ctx.Done():
			return
		case <-after(withingsRepairInterval):
		}
	}
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

// repairWithings repairs each active Withings connection in turn. A
// connection whose token is refused or whose repair fails is logged and
// skipped; a rate limit or the end of ctx stops the run, since every
// following connection would meet it too.
func (s *Server) repairWithings(ctx context.Context, p *withings.Provider) (withingsRepairStats, error) {
	var st withingsRepairStats
	conns, err := s.store.ActiveConnections(ctx, domain.ProviderWithings)
	if err != nil {
		return st, fmt.Errorf("server: withings repair: %w", err)
	}
	for _, c := range conns {
		st.Connections++
		rep, err := s.repairWithingsConnection(ctx, p, c)
		switch {
		case errors.Is(err, provider.ErrRateLimited), ctx.Err() != nil:
			return st, fmt.Errorf("server: withings repair: %w", errors.Join(err, ctx.Err()))
		case err != nil:
			st.Failed++
			s.log.WarnContext(ctx, "withings subscription repair failed", slog.String("connection_id", c.ID), slog.Any("error", err))
			continue
		}
		if rep.Changed() {
			st.Repaired++
			s.log.InfoContext(ctx, "withings subscriptions repaired", slog.String("connection_id", c.ID),
				slog.Any("created", rep.Created), slog.Any("removed", rep.Removed))
		}
		if len(rep.Failed) > 0 {
			st.Failed++
			s.log.WarnContext(ctx, "withings subscriptions not repaired", slog.String("connection_id", c.ID), slog.Any("applis", rep.Failed))
		}
	}
	return st, nil
}

// repairWithingsConnection runs Repair with a valid token, and once more
// after a forced refresh when Withings refuses it (as the sync engine
// does). A refused refresh revokes the connection in the token service.
func (s *Server) repairWithingsConnection(ctx context.Context, p *withings.Provider, c domain.Connection) (withings.RepairReport, error) {
	tokens := s.sync.services.Connect
	c, err := tokens.Token(ctx, c)
	if err != nil {
		return withings.RepairReport{}, fmt.Errorf("server: withings token: %w", err)
	}
	rep, err := p.Repair(ctx, c)
	if !errors.Is(err, provider.ErrUnauthorized) {
		return rep, err
	}
	if c, err = tokens.Refresh(ctx, c); err != nil {
		return withings.RepairReport{}, fmt.Errorf("server: withings token refresh: %w", err)
	}
	return p.Repair(ctx, c)
}
