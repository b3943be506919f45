package oauthflow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// leaseTTL bounds how long a crashed refresher blocks the others.
const leaseTTL = time.Minute

// Token returns the connection with an access token that is valid for at
// least RefreshSkew, refreshing it first if needed.
func (s *Service) Token(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	if c.Status == domain.ConnectionActive && c.AccessToken != "" && c.TokenExpiresAt.After(s.o.Now().Add(s.o.RefreshSkew)) {
		return c, nil
	}
	return s.refresh(ctx, c, false)
}

// Refresh forces a refresh after the provider answered 401 to c's access
// token, unless another worker already replaced that token.
func (s *Service) Refresh(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	return s.refresh(ctx, c, true)
}

// refresh coalesces concurrent refreshes of one connection in this
// process; the shared part runs once per token version.
func (s *Service) refresh(ctx context.Context, c domain.Connection, force bool) (domain.Connection, error) {
	key := fmt.Sprintf("%s/%d/%t", c.ID, c.TokenVersion, force)
	v, err, _ := s.flight.Do(key, func() (any, error) {
		// Detach from the first caller's cancellation: the others share
		// this result, and a refresh abandoned halfway loses a rotation.
		return s.refreshShared(context.WithoutCancel(ctx), c.ID, c.TokenVersion, force)
	})
	if err != nil {
		return domain.Connection{}, err
	}
	return v.(domain.Connection), nil
}

// refreshShared refreshes across replicas: whoever holds the connection's
// lease calls the provider and stores the new pair with a compare-and-swap
// on the token version; everyone else waits for the new version.
func (s *Service) refreshShared(ctx context.Context, id string, seen int64, force bool) (domain.Connection, error) {
	deadline := s.o.Now().Add(s.o.LeaseWait)
	backoff := 20 * time.Millisecond
	for {
		c, err := s.o.Store.ConnectionByID(ctx, id)
		if err != nil {
			return domain.Connection{}, fmt.Errorf("oauthflow: refresh: %w", err)
		}
		if c.Status != domain.ConnectionActive {
			return c, fmt.Errorf("%w: %s", ErrRevoked, c.StatusReason)
		}
		if s.fresh(c, seen, force) {
			return c, nil
		}
		now := s.o.Now()
		ok, err := s.extra.ClaimTokenRefresh(ctx, id, s.holder, now.Add(leaseTTL), now)
		if err != nil {
			return domain.Connection{}, fmt.Errorf("oauthflow: refresh: %w", err)
		}
		if ok {
			return s.refreshHeld(ctx, id, seen, force)
		}
		if now.After(deadline) {
			return domain.Connection{}, fmt.Errorf("oauthflow: refresh of %s: another worker holds the lease: %w", id, provider.ErrTransient)
		}
		if err := wait(ctx, backoff); err != nil {
			return domain.Connection{}, err
		}
		backoff = min(backoff*2, time.Second)
	}
}

// fresh reports whether c needs no refresh: someone already replaced the
// token we saw fail, or it is simply not near expiry.
func (s *Service) fresh(c domain.Connection, seen int64, force bool) bool {
	if force {
		return c.TokenVersion > seen
	}
	return c.TokenExpiresAt.After(s.o.Now().Add(s.o.RefreshSkew))
}

// refreshHeld runs the refresh while holding the lease.
func (s *Service) refreshHeld(ctx context.Context, id string, seen int64, force bool) (domain.Connection, error) {
	defer func() {
		if err := s.extra.ReleaseTokenRefresh(ctx, id, s.holder); err != nil {
			s.o.Logger.WarnContext(ctx, "releasing refresh lease failed", slog.String("connection_id", id), slog.Any("error", err))
		}
	}()
	// Re-read under the lease: the previous holder may have just finished.
	c, err := s.o.Store.ConnectionByID(ctx, id)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("oauthflow: refresh: %w", err)
	}
	if c.Status != domain.ConnectionActive {
		return c, fmt.Errorf("%w: %s", ErrRevoked, c.StatusReason)
	}
	if s.fresh(c, seen, force) {
		return c, nil
	}
	prov, err := s.o.Registry.Get(c.Provider)
	if err != nil {
		return domain.Connection{}, err
	}
	tok, err := s.callRefresh(ctx, prov, c.RefreshToken)
	if errors.Is(err, provider.ErrGrantRejected) {
		s.o.Metrics.TokenRefresh(string(c.Provider), "rejected")
		return s.revoke(ctx, c, err)
	}
	if err != nil {
		s.o.Metrics.TokenRefresh(string(c.Provider), "failed")
		return domain.Connection{}, fmt.Errorf("oauthflow: refresh %s: %w", id, err)
	}
	s.o.Metrics.TokenRefresh(string(c.Provider), "success")
	c.AccessToken, c.RefreshToken, c.TokenExpiresAt = tok.AccessToken, tok.RefreshToken, tok.ExpiresAt
	if tok.Scope != "" {
		c.Scope = tok.Scope
	}
	updated, err := s.o.Store.UpdateConnectionTokens(ctx, c)
	if errors.Is(err, store.ErrConflict) {
		// Someone wrote tokens without the lease (a reconnect): theirs win.
		return s.o.Store.ConnectionByID(ctx, id)
	}
	if err != nil {
		// The provider has rotated the refresh token and we failed to
		// store it: log loudly, the connection will need a reconnect if
		// the write never lands.
		s.o.Logger.ErrorContext(ctx, "storing refreshed tokens failed", slog.String("connection_id", id), slog.Any("error", err))
		return domain.Connection{}, fmt.Errorf("oauthflow: store refreshed tokens: %w", err)
	}
	return updated, nil
}

// callRefresh retries transient token-endpoint failures a few times with
// backoff; durable retries are the job's.
func (s *Service) callRefresh(ctx context.Context, prov provider.Provider, refreshToken string) (provider.Token, error) {
	delay := 200 * time.Millisecond
	var err error
	for attempt := range 3 {
		var tok provider.Token
		tok, err = prov.Refresh(ctx, refreshToken)
		if err == nil || !errors.Is(err, provider.ErrTransient) || attempt == 2 {
			return tok, err
		}
		if werr := wait(ctx, delay); werr != nil {
			return provider.Token{}, werr
		}
		delay *= 4
	}
	return provider.Token{}, err
}

// revoke marks a connection whose refresh token the provider rejected,
// unless its tokens changed meanwhile (then the rejection was for a stale
// refresh token and the connection is fine). The check and the write are
// one statement: a reconnect landing between them must win.
func (s *Service) revoke(ctx context.Context, c domain.Connection, cause error) (domain.Connection, error) {
	reason := "refresh_rejected: " + cause.Error()
	err := s.o.Store.RevokeConnection(ctx, c.ID, c.TokenVersion, reason)
	if errors.Is(err, store.ErrConflict) {
		return s.o.Store.ConnectionByID(ctx, c.ID)
	}
	if err != nil {
		return domain.Connection{}, fmt.Errorf("oauthflow: mark revoked: %w", err)
	}
	s.o.Logger.WarnContext(ctx, "connection revoked: refresh rejected", slog.String("connection_id", c.ID), slog.String("provider", string(c.Provider)))
	s.o.Metrics.TokenRevocation(string(c.Provider), "refresh_rejected")
	return domain.Connection{}, fmt.Errorf("%w: %s", ErrRevoked, reason)
}

// wait sleeps for d or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
