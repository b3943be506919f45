package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// The waits between attempts of a run-once upkeep (Interval zero) that
// failed double from upkeepRetryFirst to upkeepRetryMax: soon enough that
// a network blip at boot costs minutes, rare enough not to spam a
// provider that keeps refusing.
const (
	upkeepRetryFirst = time.Minute
	upkeepRetryMax   = time.Hour
)

// Upkeeps lists the periodic work this process does for its providers,
// found through their capabilities: app-level upkeep as the provider
// declares it, per-connection upkeep run over every active connection
// under the token protocol, and the personal-token connection. Each Run
// is idempotent, so replicas running it too only cost requests.
func (s *Server) Upkeeps() []provider.Upkeep {
	return s.upkeepsOf(s.sync.services.Registry)
}

// upkeepsOf is Upkeeps over reg. The runs only reach the rest of the
// process when they run, so the job runner can be given them before the
// process is fully wired.
func (s *Server) upkeepsOf(reg *provider.Registry) []provider.Upkeep {
	var out []provider.Upkeep
	for _, p := range reg.All() {
		if a, ok := p.(provider.AppUpkeeper); ok {
			if u, ok := a.AppUpkeep(); ok {
				out = append(out, u)
			}
		}
		if c, ok := p.(provider.ConnectionUpkeeper); ok {
			if u, ok := c.ConnectionUpkeep(); ok {
				out = append(out, s.connectionUpkeep(p.Name(), u))
			}
		}
		if pt, ok := p.(provider.PersonalTokens); ok && pt.HasPersonalToken() {
			out = append(out, s.personalUpkeep(p))
		}
	}
	return out
}

// keepUpkeep runs u at once, then every Interval until ctx ends; a
// run-once upkeep is retried with backoff until it succeeds.
func (s *Server) keepUpkeep(ctx context.Context, u provider.Upkeep, after func(time.Duration) <-chan time.Time) {
	wait := upkeepRetryFirst
	for {
		err := u.Run(ctx)
		next := u.Interval
		switch {
		case err == nil && u.Interval == 0:
			return
		case err != nil && u.Interval == 0:
			s.log.WarnContext(ctx, "provider upkeep failed, retrying", slog.String("upkeep", u.Name), slog.Any("error", err),
				slog.Duration("retry_in", wait))
			next, wait = wait, min(2*wait, upkeepRetryMax)
		case err != nil:
			s.log.WarnContext(ctx, "provider upkeep failed; the next run resumes", slog.String("upkeep", u.Name), slog.Any("error", err))
		default:
			s.log.DebugContext(ctx, "provider upkeep done", slog.String("upkeep", u.Name))
		}
		select {
		case <-ctx.Done():
			return
		case <-after(next):
		}
	}
}

// connectionStats is what one run of a per-connection upkeep did.
type connectionStats struct {
	Connections, Changed, Failed int
}

// connectionUpkeep runs u over every active connection of the provider.
func (s *Server) connectionUpkeep(name domain.Provider, u provider.ConnectionUpkeep) provider.Upkeep {
	return provider.Upkeep{Name: u.Name, Interval: u.Interval, Run: func(ctx context.Context) error {
		st, err := s.runConnectionUpkeep(ctx, name, u)
		if err != nil {
			return fmt.Errorf("server: %s stopped after %d connections (%d changed): %w", u.Name, st.Connections, st.Changed, err)
		}
		s.log.InfoContext(ctx, "provider connections checked", slog.String("upkeep", u.Name), slog.Int("connections", st.Connections),
			slog.Int("changed", st.Changed), slog.Int("failed", st.Failed))
		return nil
	}}
}

// runConnectionUpkeep runs u for each active connection in turn, each
// with a valid token and once more after a forced refresh when the
// provider refuses it. A connection whose token is refused or whose run
// fails is logged and skipped; a rate limit or the end of ctx stops the
// run, since every following connection would meet it too.
func (s *Server) runConnectionUpkeep(ctx context.Context, name domain.Provider, u provider.ConnectionUpkeep) (connectionStats, error) {
	var st connectionStats
	conns, err := s.store.ActiveConnections(ctx, name)
	if err != nil {
		return st, fmt.Errorf("server: %s: %w", u.Name, err)
	}
	for _, c := range conns {
		st.Connections++
		var res provider.UpkeepResult
		err := oauthflow.WithToken(ctx, s.sync.services.Connect, &c, func(string) error {
			var err error
			res, err = u.Run(ctx, c)
			return err
		})
		switch {
		case errors.Is(err, provider.ErrRateLimited), ctx.Err() != nil:
			return st, errors.Join(err, ctx.Err())
		case err != nil:
			st.Failed++
			s.log.WarnContext(ctx, "provider connection upkeep failed", slog.String("upkeep", u.Name), slog.String("connection_id", c.ID),
				slog.Any("error", err))
			continue
		}
		if res.Changed {
			st.Changed++
			s.log.InfoContext(ctx, "provider connection repaired", slog.String("upkeep", u.Name), slog.String("connection_id", c.ID),
				slog.Any("detail", res.Detail))
		}
		if res.Incomplete {
			st.Failed++
			s.log.WarnContext(ctx, "provider connection not fully repaired", slog.String("upkeep", u.Name), slog.String("connection_id", c.ID),
				slog.Any("detail", res.Detail))
		}
	}
	return st, nil
}

// runOnceEvery is how often a run-once upkeep (Interval zero) is run again
// as a periodic job after it succeeded: it is idempotent, and River
// retries a failure with backoff in between.
const runOnceEvery = 24 * time.Hour

// upkeeps is the upkeep of reg's providers as River periodic jobs
// (leader-only, retried, recorded).
func (s *Server) upkeeps(reg *provider.Registry) []jobs.Upkeep {
	var out []jobs.Upkeep
	for _, u := range s.upkeepsOf(reg) {
		out = append(out, jobs.Upkeep{Name: u.Name, Every: cmp.Or(u.Interval, runOnceEvery), Run: u.Run})
	}
	return out
}
