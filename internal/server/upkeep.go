package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
)

// ouraPersonalEvery re-checks the personal Oura connection: at start
// (River retries a failure with backoff), then daily.
const ouraPersonalEvery = 24 * time.Hour

// upkeeps is the process's periodic maintenance, run as River periodic
// jobs (leader-only, retried, recorded). Each is a no-op when its
// provider is not set up for it.
func (s *Server) upkeeps() []jobs.Upkeep {
	return []jobs.Upkeep{
		{Name: "oura_subscriptions", Every: oura.EnsureInterval, Run: s.upkeepOuraSubscriptions},
		{Name: "oura_personal_token", Every: ouraPersonalEvery, Run: s.upkeepOuraPersonal},
		{Name: "withings_subscriptions", Every: withingsRepairInterval, Run: s.upkeepWithings},
	}
}

// upkeepOuraSubscriptions keeps Oura's app-level webhook subscriptions in
// place; Ensure is idempotent.
func (s *Server) upkeepOuraSubscriptions(ctx context.Context) error {
	subs := s.sync.ouraSubs
	if !subs.Configured() {
		return nil
	}
	st, err := subs.Ensure(ctx)
	if err != nil {
		return err
	}
	s.log.DebugContext(ctx, "oura webhook subscriptions ensured", slog.Any("state", st))
	return nil
}

// upkeepOuraPersonal sets up the personal Oura connection
// (WEARHOUSE_OURA_PERSONAL_TOKEN).
func (s *Server) upkeepOuraPersonal(ctx context.Context) error {
	if p, ok := s.ouraProvider(); !ok || !p.HasPersonalToken() {
		return nil
	}
	c, created, err := s.ensureOuraPersonal(ctx)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "oura personal access token connected", slog.String("user_id", c.UserID),
		slog.String("connection_id", c.ID), slog.Bool("created", created))
	return nil
}

// upkeepWithings repairs every Withings connection's notification
// subscriptions; a run stopped early is retried and resumes.
func (s *Server) upkeepWithings(ctx context.Context) error {
	p, ok := s.withingsProvider()
	if !ok || !p.Configured() || !p.NotificationsEnabled() {
		return nil
	}
	st, err := s.repairWithings(ctx, p)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "withings subscriptions checked", slog.Int("connections", st.Connections),
		slog.Int("repaired", st.Repaired), slog.Int("failed", st.Failed))
	return nil
}
