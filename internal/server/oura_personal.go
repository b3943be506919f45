package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/store"
)

// personalRetry bounds the waits between attempts to set up the personal
// Oura connection when Oura cannot be reached at start: soon enough that
// a network blip at boot costs minutes, rare enough not to spam a token
// Oura keeps refusing.
var personalRetry = struct{ first, max time.Duration }{time.Minute, time.Hour}

// personalExternalPrefix marks the user created for a personal access
// token, so it is found again even after its connection was deleted.
const personalExternalPrefix = "oura:"

// keepOuraPersonal sets up the personal Oura connection
// (WEARHOUSE_OURA_PERSONAL_TOKEN) at start, retrying with backoff until it
// succeeds or ctx ends. after is the timer (time.After outside tests).
func (s *Server) keepOuraPersonal(ctx context.Context, after func(time.Duration) <-chan time.Time) {
	if p, ok := s.ouraProvider(); !ok || !p.HasPersonalToken() {
		return
	}
	wait := personalRetry.first
	for {
		c, created, err := s.ensureOuraPersonal(ctx)
		if err == nil {
			s.log.InfoContext(ctx, "oura personal access token connected", slog.String("user_id", c.UserID),
				slog.String("connection_id", c.ID), slog.Bool("created", created))
			return
		}
		s.log.WarnContext(ctx, "oura personal access token: connection not set up, retrying", slog.Any("error", err),
			slog.Duration("retry_in", wait))
		select {
		case <-ctx.Done():
			return
		case <-after(wait):
		}
		wait = min(2*wait, personalRetry.max)
	}
}

// ouraProvider is the registered Oura connector.
func (s *Server) ouraProvider() (*oura.Provider, bool) {
	p, err := s.sync.services.Registry.Get(domain.ProviderOura)
	if err != nil {
		return nil, false
	}
	o, ok := p.(*oura.Provider)
	return o, ok
}

// ensureOuraPersonal makes sure the owner of the personal access token has
// exactly one wearhouse user with an active Oura connection, and returns
// that connection and whether it was created now (and its backfill
// enqueued). It is idempotent: the connection is found by the Oura user id
// of personal_info, so every restart reuses the same user and connection.
// An existing personal connection gets the configured token (the owner may
// have replaced it) and is made active again; an active OAuth connection
// of the same Oura account is left alone, since it already syncs the ring.
func (s *Server) ensureOuraPersonal(ctx context.Context) (domain.Connection, bool, error) {
	p, ok := s.ouraProvider()
	if !ok {
		return domain.Connection{}, false, errors.New("server: oura personal token: no oura connector registered")
	}
	tok, id, err := p.PersonalAccount(ctx)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: %w", err)
	}
	want := domain.Connection{Provider: domain.ProviderOura, ProviderUserID: id.ProviderUserID, ProviderUsername: id.Username,
		Scope: tok.Scope, Status: domain.ConnectionActive, AccessToken: tok.AccessToken, TokenExpiresAt: tok.ExpiresAt}
	existing, err := s.store.ConnectionsByProviderUser(ctx, domain.ProviderOura, id.ProviderUserID)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: oura personal token: %w", err)
	}
	if len(existing) > 0 {
		c, err := s.refreshPersonal(ctx, oldest(existing), want)
		return c, false, err
	}
	u, createdUser, err := s.personalUser(ctx, id.ProviderUserID, id.Username)
	if err != nil {
		return domain.Connection{}, false, err
	}
	want.UserID = u.ID
	c, err := s.store.UpsertConnection(ctx, want)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: oura personal token: store connection: %w", err)
	}
	if kept, err := s.dropIfDuplicate(ctx, c, createdUser); err != nil || kept.ID != c.ID {
		return kept, false, err
	}
	if err := s.sync.services.Syncer.OnConnect(ctx, c); err != nil {
		return c, true, fmt.Errorf("server: oura personal token: start backfill: %w", err)
	}
	providerOnConnect(ctx, s.sync.services.Registry, c, s.log)
	return c, true, nil
}

// refreshPersonal brings the existing connection c in line with the
// configured token. Connections made through OAuth (they have a refresh
// token) are kept as they are while active.
func (s *Server) refreshPersonal(ctx context.Context, c, want domain.Connection) (domain.Connection, error) {
	personal := c.RefreshToken == ""
	if c.Status == domain.ConnectionActive && (!personal || c.AccessToken == want.AccessToken) {
		return c, nil
	}
	want.UserID, want.LastSyncedAt = c.UserID, c.LastSyncedAt
	c, err := s.store.UpsertConnection(ctx, want)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("server: oura personal token: update connection: %w", err)
	}
	return c, nil
}

// personalUser finds the user a previous start created for this Oura
// account (its connection may have been deleted since) or creates it.
func (s *Server) personalUser(ctx context.Context, ouraUserID string, email *string) (domain.User, bool, error) {
	ext := personalExternalPrefix + ouraUserID
	users, _, err := s.store.ListUsers(ctx, store.UserQuery{External: ext, SortBy: "created_at", SortOrder: "asc", Limit: 1})
	if err != nil {
		return domain.User{}, false, fmt.Errorf("server: oura personal token: find user: %w", err)
	}
	if len(users) > 0 {
		return users[0], false, nil
	}
	u, err := s.store.CreateUser(ctx, domain.User{Email: email, ExternalUserID: &ext})
	if err != nil {
		return domain.User{}, false, fmt.Errorf("server: oura personal token: create user: %w", err)
	}
	return u, true, nil
}

// dropIfDuplicate settles a race between replicas starting at once: when
// another connection to the same Oura account is older than c, c (and its
// user, if this start created it) is removed and the older one returned.
func (s *Server) dropIfDuplicate(ctx context.Context, c domain.Connection, createdUser bool) (domain.Connection, error) {
	all, err := s.store.ConnectionsByProviderUser(ctx, domain.ProviderOura, c.ProviderUserID)
	if err != nil {
		return c, fmt.Errorf("server: oura personal token: recheck: %w", err)
	}
	keep := oldest(all)
	if keep.ID == "" || keep.ID == c.ID {
		return c, nil
	}
	if createdUser {
		_, err = s.store.DeleteUser(ctx, c.UserID)
	} else {
		err = s.store.DeleteConnection(ctx, c.ID)
	}
	if err != nil {
		return keep, fmt.Errorf("server: oura personal token: drop duplicate: %w", err)
	}
	return keep, nil
}

// oldest is the connection every replica agrees to keep.
func oldest(cs []domain.Connection) domain.Connection {
	if len(cs) == 0 {
		return domain.Connection{}
	}
	return slices.MinFunc(cs, func(a, b domain.Connection) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}
