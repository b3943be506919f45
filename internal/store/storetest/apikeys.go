package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// newKey stores a key with a distinct prefix.
func newKey(t *testing.T, s store.Store, name, prefix string) domain.APIKey {
	t.Helper()
	k, err := s.CreateAPIKey(t.Context(), domain.APIKey{Name: name, Prefix: prefix, Hash: []byte("0123456789abcdef0123456789abcdef" + prefix)})
	require.NoError(t, err)
	return k
}

func testAPIKeys(t *testing.T, s store.Store) {
	ctx := t.Context()
	k := newKey(t, s, "ci", "wh_abc123")
	require.NotEmpty(t, k.ID)
	newKey(t, s, "spare", "wh_spare00")
	got, err := s.APIKeyByPrefix(ctx, "wh_abc123")
	require.NoError(t, err)
	require.Equal(t, k, got)
	require.True(t, got.ActiveAt(baseTime()))
	byID, err := s.APIKey(ctx, k.ID)
	require.NoError(t, err)
	require.Equal(t, k, byID)

	_, err = s.CreateAPIKey(ctx, domain.APIKey{Name: "dup", Prefix: "wh_abc123", Hash: []byte("x")})
	require.Error(t, err, "prefixes are unique")

	require.NoError(t, s.TouchAPIKey(ctx, k.ID, baseTime()))
	revoked, err := s.RevokeAPIKey(ctx, k.ID, baseTime().Add(time.Hour))
	require.NoError(t, err)
	require.True(t, baseTime().Add(time.Hour).Equal(*revoked.RevokedAt))
	again, err := s.RevokeAPIKey(ctx, k.ID, baseTime().Add(2*time.Hour))
	require.NoError(t, err)
	require.True(t, baseTime().Add(time.Hour).Equal(*again.RevokedAt), "revoking twice keeps the first time")
	got, err = s.APIKeyByPrefix(ctx, "wh_abc123")
	require.NoError(t, err)
	require.False(t, got.ActiveAt(baseTime().Add(time.Hour)))
	require.True(t, baseTime().Equal(*got.LastUsedAt))
	require.True(t, baseTime().Add(time.Hour).Equal(*got.RevokedAt), "the first revocation time is kept")

	ks, err := s.ListAPIKeys(ctx)
	require.NoError(t, err)
	require.Len(t, ks, 2)

	_, err = s.RevokeAPIKey(ctx, uuid.NewString(), baseTime())
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.APIKey(ctx, uuid.NewString())
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, s.TouchAPIKey(ctx, uuid.NewString(), baseTime()), store.ErrNotFound)
	_, err = s.APIKeyByPrefix(ctx, "wh_nope")
	require.ErrorIs(t, err, store.ErrNotFound)
}

// testAPIKeyLastLive: the last key neither revoked nor scheduled for
// revocation cannot be revoked, so the API always keeps a way in.
func testAPIKeyLastLive(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newKey(t, s, "a", "wh_aaaaaaaa")
	b := newKey(t, s, "b", "wh_bbbbbbbb")
	_, err := s.RevokeAPIKey(ctx, a.ID, baseTime())
	require.NoError(t, err)
	_, err = s.RevokeAPIKey(ctx, b.ID, baseTime())
	require.ErrorIs(t, err, store.ErrLastAPIKey)
	got, err := s.APIKey(ctx, b.ID)
	require.NoError(t, err)
	require.Nil(t, got.RevokedAt, "a refused revocation changes nothing")
	_, err = s.RevokeAPIKey(ctx, a.ID, baseTime().Add(time.Hour))
	require.NoError(t, err, "re-revoking an already revoked key is not refused")
}

// testAPIKeyRotate: rotation stores the successor and schedules the old
// key's end in one step; a grace-period key is revoked at once on request
// and cannot be rotated a second time.
func testAPIKeyRotate(t *testing.T, s store.Store) {
	ctx := t.Context()
	old := newKey(t, s, "app", "wh_old00000")
	retire := baseTime().Add(time.Hour)
	prev, created, err := s.RotateAPIKey(ctx, old.ID, domain.APIKey{Name: "app", Prefix: "wh_new00000", Hash: []byte("new")}, retire)
	require.NoError(t, err)
	require.Equal(t, old.ID, prev.ID)
	require.True(t, retire.Equal(*prev.RevokedAt))
	require.NotEqual(t, old.ID, created.ID)
	require.Nil(t, created.RevokedAt)
	stored, err := s.APIKey(ctx, old.ID)
	require.NoError(t, err)
	require.True(t, stored.ActiveAt(baseTime()), "in its grace period")
	require.False(t, stored.ActiveAt(retire))

	_, _, err = s.RotateAPIKey(ctx, old.ID, domain.APIKey{Name: "app", Prefix: "wh_new11111", Hash: []byte("x")}, retire)
	require.ErrorIs(t, err, store.ErrAPIKeyRevoked)
	_, err = s.APIKeyByPrefix(ctx, "wh_new11111")
	require.ErrorIs(t, err, store.ErrNotFound, "a refused rotation stores no key")

	now := baseTime().Add(time.Minute)
	cut, err := s.RevokeAPIKey(ctx, old.ID, now)
	require.NoError(t, err, "a key on grace is not the last live one")
	require.True(t, now.Equal(*cut.RevokedAt), "revoking brings the grace period's end forward")

	_, _, err = s.RotateAPIKey(ctx, uuid.NewString(), domain.APIKey{Name: "x", Prefix: "wh_new22222", Hash: []byte("x")}, retire)
	require.ErrorIs(t, err, store.ErrNotFound)
	ks, err := s.ListAPIKeys(ctx)
	require.NoError(t, err)
	require.Len(t, ks, 2)
}
