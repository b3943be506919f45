package storetest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testProviderAccountOneUser: a provider account is actively connected
// to one user at a time. Another user's connection to it is refused
// naming the holder; once the holder's connection is revoked it may move.
func testProviderAccountOneUser(t *testing.T, s store.Store) {
	a := newFixture(t, s)
	b := newFixture(t, s)
	holder, err := s.UpsertConnection(a.ctx, a.connection())
	require.NoError(t, err)

	second := a.connection()
	second.UserID = b.user.ID
	_, err = s.UpsertConnection(a.ctx, second)
	var dup *store.DuplicateError
	require.True(t, errors.As(err, &dup), "got %v", err)
	require.ErrorIs(t, err, store.ErrConflict)
	require.Equal(t, a.user.ID, dup.UserID)
	require.Equal(t, `whoop account "whoop-42"`, dup.What)
	_, err = s.Connection(a.ctx, b.user.ID, domain.ProviderWHOOP)
	require.ErrorIs(t, err, store.ErrNotFound, "nothing was stored for the second user")

	again, err := s.UpsertConnection(a.ctx, a.connection())
	require.NoError(t, err, "the holder reconnects")
	require.Equal(t, holder.ID, again.ID)
	other := a.connection()
	other.Provider = domain.ProviderOura
	_, err = s.UpsertConnection(a.ctx, func() domain.Connection { c := other; c.UserID = b.user.ID; return c }())
	require.NoError(t, err, "the same provider user id at another provider is another account")

	require.NoError(t, s.SetConnectionStatus(a.ctx, holder.ID, domain.ConnectionRevoked, "user_disconnected"))
	moved, err := s.UpsertConnection(a.ctx, second)
	require.NoError(t, err, "a revoked holder no longer holds the account")
	_, err = s.UpsertConnection(a.ctx, a.connection())
	require.True(t, errors.As(err, &dup), "got %v", err)
	require.Equal(t, moved.UserID, dup.UserID, "now the first user is refused")
}
