package sdk

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

var engines = map[string]func(t *testing.T) store.Store{
	"SQLite":   func(t *testing.T) store.Store { return storetest.NewSQLite(t) },
	"Postgres": func(t *testing.T) store.Store { return storetest.NewPostgres(t) },
}

// clock is a settable clock for expiry and rate limits.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func setup(t *testing.T, st store.Store) (*Service, *clock, string) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	u, err := st.CreateUser(t.Context(), domain.User{CreatedAt: c.now()})
	require.NoError(t, err)
	return New(Options{Store: st, Now: c.now}), c, u.ID
}

// TestTokensRotateAndReuseRevokesTheFamily: an issued access token names
// its user and expires; a refresh rotates both; presenting the old
// refresh token again revokes everything of the grant, the newest access
// token included.
func TestTokensRotateAndReuseRevokesTheFamily(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			s, c, user := setup(t, st)
			ctx := t.Context()
			tok, err := s.Issue(ctx, user)
			require.NoError(t, err)
			require.Equal(t, 3600, tok.ExpiresIn)
			require.True(t, IsAccessToken(tok.AccessToken))
			k, err := s.Verify(ctx, tok.AccessToken)
			require.NoError(t, err)
			require.Equal(t, user, k.UserID)
			_, err = s.Verify(ctx, tok.RefreshToken)
			require.ErrorIs(t, err, ErrInvalidToken, "a refresh token is no access token")
			wrong := []byte(tok.AccessToken)
			wrong[len(wrong)-1] ^= 1
			_, err = s.Verify(ctx, string(wrong))
			require.ErrorIs(t, err, ErrInvalidToken, "same prefix, wrong secret")

			c.add(30 * time.Minute)
			next, err := s.Refresh(ctx, tok.RefreshToken)
			require.NoError(t, err)
			require.NotEqual(t, tok.RefreshToken, next.RefreshToken)
			_, err = s.Verify(ctx, next.AccessToken)
			require.NoError(t, err)

			_, err = s.Refresh(ctx, tok.RefreshToken)
			require.ErrorIs(t, err, ErrTokenReused)
			for _, a := range []string{tok.AccessToken, next.AccessToken} {
				_, err = s.Verify(ctx, a)
				require.ErrorIs(t, err, ErrInvalidToken, "the family is revoked")
			}
			_, err = s.Refresh(ctx, next.RefreshToken)
			require.ErrorIs(t, err, ErrInvalidToken, "the newest refresh token is revoked too")

			other, err := s.Issue(ctx, user)
			require.NoError(t, err)
			c.add(61 * time.Minute)
			_, err = s.Verify(ctx, other.AccessToken)
			require.ErrorIs(t, err, ErrInvalidToken, "expired")
			require.NoError(t, s.Revoke(ctx, other.RefreshToken))
			require.NoError(t, s.Revoke(ctx, other.RefreshToken), "revoking twice is fine")
			_, err = s.Refresh(ctx, other.RefreshToken)
			require.ErrorIs(t, err, ErrInvalidToken)
			require.ErrorIs(t, s.Revoke(ctx, "wsr_"+randomString(alphabet, secretLen)), ErrInvalidToken)

			_, err = s.Issue(ctx, "0190a1b2-0000-7000-8000-000000000000")
			require.ErrorIs(t, err, store.ErrNotFound)
		})
	}
}

// TestConcurrentRefreshWinsOnce: the same refresh token presented by two
// requests at once yields one new pair; the other is a reuse.
func TestConcurrentRefreshWinsOnce(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	s, _, user := setup(t, st)
	tok, err := s.Issue(t.Context(), user)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { _, errs[i] = s.Refresh(t.Context(), tok.RefreshToken) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			require.ErrorIs(t, err, ErrTokenReused)
		}
	}
	require.Equal(t, 1, ok)
}

// TestInvitationCodes: a code is redeemed once for tokens of its user,
// expires, is replaced by a newer one, and redemption is rate-limited
// per client and overall before any code is looked at.
func TestInvitationCodes(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			s, c, user := setup(t, st)
			ctx := t.Context()
			inv, err := s.NewInvitationCode(ctx, user)
			require.NoError(t, err)
			require.Regexp(t, `^[A-HJ-NP-Z2-9]{8}$`, inv.Code)
			require.True(t, c.now().Add(7*24*time.Hour).Equal(inv.ExpiresAt))
			tok, err := s.Redeem(ctx, inv.Code, "10.0.0.1")
			require.NoError(t, err)
			require.Equal(t, user, tok.UserID)
			k, err := s.Verify(ctx, tok.AccessToken)
			require.NoError(t, err)
			require.Equal(t, user, k.UserID)
			_, err = s.Redeem(ctx, inv.Code, "10.0.0.2")
			require.ErrorIs(t, err, ErrInvalidCode, "single use")

			old, err := s.NewInvitationCode(ctx, user)
			require.NoError(t, err)
			newer, err := s.NewInvitationCode(ctx, user)
			require.NoError(t, err)
			_, err = s.Redeem(ctx, old.Code, "10.0.0.3")
			require.ErrorIs(t, err, ErrInvalidCode, "replaced by the newer code")
			c.add(7*24*time.Hour + time.Second)
			_, err = s.Redeem(ctx, newer.Code, "10.0.0.3")
			require.ErrorIs(t, err, ErrInvalidCode, "expired")
			_, err = s.Redeem(ctx, "not-a-code", "10.0.0.3")
			require.ErrorIs(t, err, ErrInvalidCode)
		})
	}
}

func TestRedeemIsRateLimited(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	u, err := st.CreateUser(t.Context(), domain.User{CreatedAt: c.now()})
	require.NoError(t, err)
	s := New(Options{Store: st, Now: c.now, RedeemPerClient: 3, RedeemGlobal: 5})
	inv, err := s.NewInvitationCode(t.Context(), u.ID)
	require.NoError(t, err)
	for i := range 3 {
		_, err := s.Redeem(t.Context(), "AAAAAAA"+string(rune('A'+i)), "attacker")
		require.ErrorIs(t, err, ErrInvalidCode)
	}
	_, err = s.Redeem(t.Context(), inv.Code, "attacker")
	require.ErrorIs(t, err, ErrRateLimited, "even the right code, once over the limit")
	for i := range 2 {
		_, err := s.Redeem(t.Context(), "BBBBBBB"+string(rune('A'+i)), fmt.Sprintf("other-%d", i))
		require.ErrorIs(t, err, ErrInvalidCode)
	}
	_, err = s.Redeem(t.Context(), inv.Code, "honest")
	require.ErrorIs(t, err, ErrRateLimited, "the process-wide limit holds across clients")
	c.add(time.Minute)
	tok, err := s.Redeem(t.Context(), inv.Code, "attacker")
	require.NoError(t, err, "the allowance refills")
	require.Equal(t, u.ID, tok.UserID)
}
