package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// personalUpkeep sets up the connection of p's personal access token at
// start, retried with backoff until it succeeds (a run-once upkeep).
func (s *Server) personalUpkeep(p provider.Provider) provider.Upkeep {
	return provider.Upkeep{Name: string(p.Name()) + "-personal-token", Run: func(ctx context.Context) error {
		c, created, err := s.ensurePersonal(ctx, p)
		if err != nil {
			return err
		}
		s.log.InfoContext(ctx, "personal access token connected", slog.String("provider", string(p.Name())),
			slog.String("user_id", c.UserID), slog.String("connection_id", c.ID), slog.Bool("created", created))
		return nil
	}}
}

// ensurePersonal makes sure the owner of p's personal access token has
// exactly one wearhouse user with an active connection, and returns that
// connection and whether it was created now (and its backfill enqueued).
// It is idempotent: the connection is found by the owner's provider user
// id, so every restart reuses the same user and connection. An existing
// personal connection gets the configured token (the owner may have
// replaced it) and is made active again; an active OAuth connection of
// the same account is left alone, since it already syncs it.
func (s *Server) ensurePersonal(ctx context.Context, p provider.Provider) (domain.Connection, bool, error) {
	pt, ok := p.(provider.PersonalTokens)
	if !ok {
		return domain.Connection{}, false, fmt.Errorf("server: %s has no personal access tokens: %w", p.Name(), provider.ErrUnsupported)
	}
	name := p.Name()
	tok, id, err := pt.PersonalAccount(ctx)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: %w", err)
	}
	want := domain.Connection{Provider: name, ProviderUserID: id.ProviderUserID, ProviderUsername: id.Username,
		Scope: tok.Scope, Status: domain.ConnectionActive, AccessToken: tok.AccessToken, TokenExpiresAt: tok.ExpiresAt}
	existing, err := s.store.ConnectionsByProviderUser(ctx, name, id.ProviderUserID)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: %s personal token: %w", name, err)
	}
	if len(existing) > 0 {
		c, err := s.refreshPersonal(ctx, oldest(existing), want)
		return c, false, err
	}
	u, createdUser, err := s.personalUser(ctx, name, id.ProviderUserID, id.Username)
	if err != nil {
		return domain.Connection{}, false, err
	}
	want.UserID = u.ID
	c, err := s.store.UpsertConnection(ctx, want)
	if dup, ok := errors.AsType[*store.DuplicateError](err); ok {
		// Another replica connected the account after the check above.
		return s.yieldPersonal(ctx, u, createdUser, name, dup.UserID)
	}
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: %s personal token: store connection: %w", name, err)
	}
	if kept, err := s.dropIfDuplicate(ctx, c, createdUser); err != nil || kept.ID != c.ID {
		return kept, false, err
	}
	if err := s.sync.services.Syncer.OnConnect(ctx, c); err != nil {
		return c, true, fmt.Errorf("server: %s personal token: start backfill: %w", name, err)
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
		return domain.Connection{}, fmt.Errorf("server: %s personal token: update connection: %w", c.Provider, err)
	}
	return c, nil
}

// personalUser finds the user a previous start created for this account
// (its connection may have been deleted since) or creates it. Its
// external id is "<provider>:<provider user id>", so it is found again
// even after its connection was deleted.
func (s *Server) personalUser(ctx context.Context, name domain.Provider, providerUserID string, email *string) (domain.User, bool, error) {
	ext := string(name) + ":" + providerUserID
	users, _, err := s.store.ListUsers(ctx, store.UserQuery{External: ext, SortBy: "created_at", SortOrder: "asc", Limit: 1})
	if err != nil {
		return domain.User{}, false, fmt.Errorf("server: %s personal token: find user: %w", name, err)
	}
	if len(users) > 0 {
		return users[0], false, nil
	}
	u, err := s.store.CreateUser(ctx, domain.User{Email: email, ExternalUserID: &ext})
	if dup, ok := errors.AsType[*store.DuplicateError](err); ok {
		// Another replica created it after the lookup above: share it.
		u, err = s.store.User(ctx, dup.UserID)
		if err != nil {
			return domain.User{}, false, fmt.Errorf("server: %s personal token: find user: %w", name, err)
		}
		return u, false, nil
	}
	if err != nil {
		return domain.User{}, false, fmt.Errorf("server: %s personal token: create user: %w", name, err)
	}
	return u, true, nil
}

// yieldPersonal gives way to the connection holder's user made for the
// account (a replica that won the race): the user this start created, if
// any, is removed and the holder's connection returned.
func (s *Server) yieldPersonal(ctx context.Context, u domain.User, createdUser bool, name domain.Provider, holder string) (domain.Connection, bool, error) {
	if createdUser {
		if _, err := s.store.DeleteUser(ctx, u.ID); err != nil {
			return domain.Connection{}, false, fmt.Errorf("server: %s personal token: drop duplicate user: %w", name, err)
		}
	}
	c, err := s.store.Connection(ctx, holder, name)
	if err != nil {
		return domain.Connection{}, false, fmt.Errorf("server: %s personal token: read the kept connection: %w", name, err)
	}
	return c, false, nil
}

// dropIfDuplicate settles two active connections to the same account
// (replicas of versions before the store refused that raced at start):
// when another connection to the same account is older than c, c (and
// its user, if this start created it) is removed and the older one
// returned.
func (s *Server) dropIfDuplicate(ctx context.Context, c domain.Connection, createdUser bool) (domain.Connection, error) {
	all, err := s.store.ConnectionsByProviderUser(ctx, c.Provider, c.ProviderUserID)
	if err != nil {
		return c, fmt.Errorf("server: %s personal token: recheck: %w", c.Provider, err)
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
		return keep, fmt.Errorf("server: %s personal token: drop duplicate: %w", c.Provider, err)
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
