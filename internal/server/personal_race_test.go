package server

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// lateStore is a store whose lookups ran just before another replica
// committed: they see none of its users or connections.
type lateStore struct {
	store.Store
	users, conns bool
}

func (s lateStore) ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	if s.users {
		return nil, 0, nil
	}
	return s.Store.ListUsers(ctx, q)
}

func (s lateStore) ConnectionsByProviderUser(ctx context.Context, p domain.Provider, id string) ([]domain.Connection, error) {
	if s.conns {
		return nil, nil
	}
	return s.Store.ConnectionsByProviderUser(ctx, p, id)
}

// TestOuraPersonalTokenLosesRace: a start that checked before another
// replica (or an OAuth connect) committed is refused by the store and
// gives way, leaving one user and the winner's connection.
func TestOuraPersonalTokenLosesRace(t *testing.T) {
	t.Parallel()
	t.Run("UserCreatedMeanwhile", func(t *testing.T) {
		t.Parallel()
		r := newPersonalRig(t)
		st := storetest.NewSQLite(t)
		ctx := t.Context()
		first, created, err := r.start(t, st).ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.True(t, created)
		require.NoError(t, st.DeleteConnection(ctx, first.ID))

		late := r.start(t, st)
		late.store = lateStore{Store: st, users: true}
		c, created, err := late.ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.True(t, created, "the connection is new")
		require.Equal(t, first.UserID, c.UserID, "the user the other start made is shared")
		_, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
		require.NoError(t, err)
		require.Equal(t, 1, total)
	})
	t.Run("AccountConnectedMeanwhile", func(t *testing.T) {
		t.Parallel()
		r := newPersonalRig(t)
		st := storetest.NewSQLite(t)
		ctx := t.Context()
		owner, err := st.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		oauth, err := st.UpsertConnection(ctx, domain.Connection{UserID: owner.ID, Provider: domain.ProviderOura,
			ProviderUserID: r.person.OuraUserID, AccessToken: "oauth-access", RefreshToken: "oauth-refresh",
			TokenExpiresAt: r.clock.Now().AddDate(0, 0, 1)})
		require.NoError(t, err)

		late := r.start(t, st)
		late.store = lateStore{Store: st, conns: true}
		c, created, err := late.ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.False(t, created)
		require.Equal(t, oauth.ID, c.ID, "the OAuth connection that won is kept")
		require.Equal(t, "oauth-access", c.AccessToken, "and left alone")
		users, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
		require.NoError(t, err)
		require.Equal(t, 1, total, "the user this start created is gone")
		require.Equal(t, owner.ID, users[0].ID)
	})
}
