package oauthflow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Disconnect revokes the app's access at the provider (best effort: a
// provider that is down must not keep a user connected), stops syncs by
// marking the connection revoked and wiping its tokens, and with
// deleteData removes the connection and all of that provider's data.
func (s *Service) Disconnect(ctx context.Context, userID string, p domain.Provider, deleteData bool) error {
	c, err := s.o.Store.Connection(ctx, userID, p)
	if err != nil {
		return fmt.Errorf("oauthflow: disconnect: %w", err)
	}
	c = s.deregister(ctx, c)
	if deleteData {
		return s.o.Store.InTx(ctx, func(tx store.Tx) error {
			if err := tx.DeleteProviderData(ctx, userID, p); err != nil {
				return err
			}
			return tx.DeleteConnection(ctx, c.ID)
		})
	}
	c.AccessToken, c.RefreshToken = "", ""
	return s.o.Store.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.UpdateConnectionTokens(ctx, c); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
		return tx.SetConnectionStatus(ctx, c.ID, domain.ConnectionRevoked, "user_disconnected")
	})
}

// DeleteUser deregisters every one of the user's grants at its provider,
// as Disconnect does, then deletes the user and everything they own in
// one transaction. A provider that fails to revoke is logged and does not
// keep the user (the grant is useless without the tokens deleted here).
func (s *Service) DeleteUser(ctx context.Context, userID string) (domain.User, error) {
	conns, err := s.o.Store.ListConnections(ctx, userID)
	if err != nil {
		return domain.User{}, fmt.Errorf("oauthflow: delete user: %w", err)
	}
	for _, c := range conns {
		s.deregister(ctx, c)
	}
	u, err := s.o.Store.DeleteUser(ctx, userID)
	if err != nil {
		return domain.User{}, fmt.Errorf("oauthflow: delete user: %w", err)
	}
	return u, nil
}

// deregister revokes an active connection's grant at its provider (best
// effort) and returns the connection with its freshest tokens. A grant
// another user's active connection to the same provider account relies
// on (two users linked to one account before that was refused) is left
// alone: revoking it would end their connection too.
func (s *Service) deregister(ctx context.Context, c domain.Connection) domain.Connection {
	if c.Status != domain.ConnectionActive {
		return c
	}
	log := s.o.Logger.With(slog.String("provider", string(c.Provider)), slog.String("connection_id", c.ID))
	switch shared, err := s.shared(ctx, c); {
	case err != nil:
		log.WarnContext(ctx, "provider-side revoke skipped: other connections to the account could not be read", slog.Any("error", err))
		return c
	case shared:
		log.WarnContext(ctx, "provider-side revoke skipped: another user's connection uses the same account")
		return c
	}
	prov, err := s.o.Registry.Get(c.Provider)
	if err != nil {
		return c
	}
	fresh, err := s.Token(ctx, c)
	if err != nil {
		return c
	}
	switch err := prov.Revoke(ctx, fresh.AccessToken); {
	case err == nil:
		s.o.Metrics.TokenRevocation(string(c.Provider), "deregistered")
	case !errors.Is(err, provider.ErrUnsupported):
		log.WarnContext(ctx, "provider-side revoke failed", slog.Any("error", err))
	}
	return fresh
}

// shared reports whether another active connection holds c's provider
// account.
func (s *Service) shared(ctx context.Context, c domain.Connection) (bool, error) {
	others, err := s.o.Store.ConnectionsByProviderUser(ctx, c.Provider, c.ProviderUserID)
	if err != nil {
		return false, err
	}
	for _, o := range others {
		if o.ID != c.ID && o.Status == domain.ConnectionActive {
			return true, nil
		}
	}
	return false, nil
}
