package simkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

func newStore(t *testing.T) (*simkit.OAuthStore, *simkit.FakeClock) {
	t.Helper()
	clock := simkit.NewFakeClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	return simkit.NewOAuthStore(simkit.OAuthConfig{Clock: clock, AccessTTL: time.Hour}), clock
}

func TestFakeClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := simkit.NewFakeClock(start)
	require.Equal(t, start, c.Now())
	require.Equal(t, start.Add(time.Hour), c.Advance(time.Hour))
	c.Set(start)
	require.Equal(t, start, c.Now())
}

func TestOAuthCodeExchange(t *testing.T) {
	t.Parallel()
	grant := simkit.Grant{ClientID: "app", Subject: "u1", Scopes: []string{"read:sleep", "offline"}, RedirectURI: "https://x/cb", Refreshable: true}
	tests := []struct {
		name     string
		client   string
		redirect string
		wait     time.Duration
		want     error
	}{
		{name: "Valid", client: "app", redirect: "https://x/cb"},
		{name: "WrongClient", client: "other", redirect: "https://x/cb", want: simkit.ErrInvalidClient},
		{name: "WrongRedirect", client: "app", redirect: "https://evil/cb", want: simkit.ErrInvalidGrant},
		{name: "Expired", client: "app", redirect: "https://x/cb", wait: 11 * time.Minute, want: simkit.ErrInvalidGrant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock := newStore(t)
			code := s.IssueCode(grant)
			clock.Advance(tt.wait)
			tok, err := s.ExchangeCode(tt.client, code, tt.redirect)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				return
			}
			require.NoError(t, err)
			require.Equal(t, 3600, tok.ExpiresIn())
			require.NotEmpty(t, tok.RefreshToken)
			require.True(t, tok.HasScope("offline"))
			_, err = s.ExchangeCode(tt.client, code, tt.redirect)
			require.ErrorIs(t, err, simkit.ErrInvalidGrant, "codes are single use")
		})
	}
}

func TestOAuthRefreshRotatesAndExpires(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	tok, err := s.ExchangeCode("app", s.IssueCode(simkit.Grant{ClientID: "app", Subject: "u1", Refreshable: true}), "")
	require.NoError(t, err)
	_, err = s.Authenticate(tok.AccessToken)
	require.NoError(t, err)

	clock.Advance(time.Hour)
	_, err = s.Authenticate(tok.AccessToken)
	require.ErrorIs(t, err, simkit.ErrTokenExpired)

	next, err := s.Refresh("app", tok.RefreshToken)
	require.NoError(t, err)
	require.NotEqual(t, tok.RefreshToken, next.RefreshToken)
	_, err = s.Refresh("app", tok.RefreshToken)
	require.ErrorIs(t, err, simkit.ErrInvalidGrant, "the old refresh token stops working at once")
	_, err = s.Refresh("other", next.RefreshToken)
	require.ErrorIs(t, err, simkit.ErrInvalidClient)
	got, err := s.Authenticate(next.AccessToken)
	require.NoError(t, err)
	require.Equal(t, "u1", got.Subject)

	s.RevokeSubject("app", "u1")
	_, err = s.Authenticate(next.AccessToken)
	require.ErrorIs(t, err, simkit.ErrTokenInvalid)
	_, err = s.Refresh("app", next.RefreshToken)
	require.ErrorIs(t, err, simkit.ErrInvalidGrant)
}

func TestOAuthNoRefreshWithoutOffline(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	tok, err := s.ExchangeCode("app", s.IssueCode(simkit.Grant{ClientID: "app", Subject: "u1"}), "")
	require.NoError(t, err)
	require.Empty(t, tok.RefreshToken)
	s.ExpireAll()
	_, err = s.Authenticate(tok.AccessToken)
	require.ErrorIs(t, err, simkit.ErrTokenExpired)
}

func TestRateLimiterFixedWindows(t *testing.T) {
	t.Parallel()
	clock := simkit.NewFakeClock(time.Date(2025, 6, 1, 12, 0, 15, 0, time.UTC))
	l := simkit.NewRateLimiter(clock, simkit.Window{Limit: 3, Length: time.Minute}, simkit.Window{Limit: 5, Length: 24 * time.Hour})
	for i := range 3 {
		d := l.Allow("app")
		require.True(t, d.Allowed, "request %d", i)
		require.Equal(t, 2-i, d.Remaining)
	}
	d := l.Allow("app")
	require.False(t, d.Allowed)
	require.Equal(t, 45*time.Second, d.RetryAfter, "until the minute window resets")
	require.True(t, l.Allow("other").Allowed, "limits are per app")

	clock.Advance(45 * time.Second)
	require.True(t, l.Allow("app").Allowed)
	require.True(t, l.Allow("app").Allowed)
	d = l.Allow("app")
	require.False(t, d.Allowed, "daily quota used")
	require.Equal(t, 12*time.Hour-time.Minute, d.RetryAfter)
}
