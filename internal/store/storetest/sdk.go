package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// sdkPair is an access and a refresh token of one family.
func sdkPair(user, family, tag string, now time.Time) []domain.SDKToken {
	return []domain.SDKToken{
		{UserID: user, FamilyID: family, Kind: domain.SDKAccess, Prefix: "wsa_" + tag, Hash: []byte("hash-a-" + tag),
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		{UserID: user, FamilyID: family, Kind: domain.SDKRefresh, Prefix: "wsr_" + tag, Hash: []byte("hash-r-" + tag),
			CreatedAt: now, ExpiresAt: now.Add(90 * 24 * time.Hour)},
	}
}

// testSDKTokens: tokens are found by prefix as stored; a refresh token is
// used once — of concurrent uses exactly one wins —; a family is revoked
// together and only once; a deleted user takes their tokens along.
func testSDKTokens(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	now := baseTime()
	ks, err := s.CreateSDKTokens(f.ctx, sdkPair(f.user.ID, "fam-1", "one", now))
	require.NoError(t, err)
	require.Len(t, ks, 2)
	got, err := s.SDKTokenByPrefix(f.ctx, "wsr_one")
	require.NoError(t, err)
	require.Equal(t, ks[1], got)
	require.True(t, got.ActiveAt(now))
	require.False(t, got.ActiveAt(now.Add(91*24*time.Hour)), "expired")
	_, err = s.SDKTokenByPrefix(f.ctx, "wsr_none")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.CreateSDKTokens(f.ctx, sdkPair(f.user.ID, "fam-2", "one", now))
	require.Error(t, err, "prefixes are unique")
	_, err = s.CreateSDKTokens(f.ctx, []domain.SDKToken{{UserID: f.user.ID, Prefix: "wsa_x"}})
	require.ErrorIs(t, err, store.ErrInvalid)

	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = s.UseSDKRefreshToken(f.ctx, ks[1].ID, now.Add(time.Minute)) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else {
			require.ErrorIs(t, err, store.ErrConflict)
		}
	}
	require.Equal(t, 1, won, "a refresh token is exchanged once")
	got, err = s.SDKTokenByPrefix(f.ctx, "wsr_one")
	require.NoError(t, err)
	require.True(t, now.Add(time.Minute).Equal(*got.UsedAt))
	require.ErrorIs(t, s.UseSDKRefreshToken(f.ctx, ks[0].ID, now), store.ErrConflict, "an access token is no refresh token")

	_, err = s.CreateSDKTokens(f.ctx, sdkPair(f.user.ID, "fam-1", "two", now))
	require.NoError(t, err)
	_, err = s.CreateSDKTokens(f.ctx, sdkPair(f.user.ID, "fam-other", "three", now))
	require.NoError(t, err)
	n, err := s.RevokeSDKTokenFamily(f.ctx, "fam-1", now.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, 4, n)
	n, err = s.RevokeSDKTokenFamily(f.ctx, "fam-1", now.Add(2*time.Hour))
	require.NoError(t, err)
	require.Zero(t, n, "revoked once")
	for _, p := range []string{"wsa_one", "wsr_one", "wsa_two", "wsr_two"} {
		got, err := s.SDKTokenByPrefix(f.ctx, p)
		require.NoError(t, err)
		require.False(t, got.ActiveAt(now), p)
		require.True(t, now.Add(time.Hour).Equal(*got.RevokedAt), p)
	}
	other, err := s.SDKTokenByPrefix(f.ctx, "wsa_three")
	require.NoError(t, err)
	require.True(t, other.ActiveAt(now), "another family is untouched")
	require.ErrorIs(t, s.UseSDKRefreshToken(f.ctx, "wsr_two", now), store.ErrConflict)

	_, err = s.DeleteUser(f.ctx, f.user.ID)
	require.NoError(t, err)
	_, err = s.SDKTokenByPrefix(f.ctx, "wsa_three")
	require.ErrorIs(t, err, store.ErrNotFound, "a deleted user's tokens go with them")
}

// testInvitationCodes: a code is redeemed once, never after it expires
// or after a newer code replaced it; concurrent redemptions: one wins.
func testInvitationCodes(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	now := baseTime()
	first, err := s.CreateInvitationCode(f.ctx, domain.InvitationCode{UserID: f.user.ID, CodeHash: []byte("code-1"),
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	require.NotEmpty(t, first.ID)
	_, err = s.CreateInvitationCode(f.ctx, domain.InvitationCode{UserID: f.user.ID, CodeHash: []byte("code-2"),
		CreatedAt: now.Add(time.Minute), ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	_, err = s.RedeemInvitationCode(f.ctx, []byte("code-1"), now.Add(2*time.Minute))
	require.ErrorIs(t, err, store.ErrNotFound, "a newer code revokes the older one")
	_, err = s.RedeemInvitationCode(f.ctx, []byte("code-2"), now.Add(time.Hour))
	require.ErrorIs(t, err, store.ErrNotFound, "expired at its expiry")
	_, err = s.RedeemInvitationCode(f.ctx, []byte("nope"), now)
	require.ErrorIs(t, err, store.ErrNotFound)

	_, err = s.CreateInvitationCode(f.ctx, domain.InvitationCode{UserID: f.user.ID, CodeHash: []byte("code-3"),
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]domain.InvitationCode, 4)
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { got[i], errs[i] = s.RedeemInvitationCode(f.ctx, []byte("code-3"), now.Add(time.Minute)) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			require.Equal(t, f.user.ID, got[i].UserID)
			require.True(t, now.Add(time.Minute).Equal(*got[i].RedeemedAt))
		} else {
			require.ErrorIs(t, err, store.ErrNotFound)
		}
	}
	require.Equal(t, 1, won, "a code is redeemed once")

	_, err = s.CreateInvitationCode(f.ctx, domain.InvitationCode{UserID: "0190a1b2-0000-7000-8000-000000000000", CodeHash: []byte("x"),
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	require.ErrorIs(t, err, store.ErrNotFound)
}
