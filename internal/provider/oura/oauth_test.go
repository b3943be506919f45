package oura

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// TestOAuthLifecycle walks the authorization code flow against the
// simulator, then refresh rotation and revocation.
func TestOAuthLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 2, Days: 2}, simoura.Config{})
	ctx := context.Background()
	redirect := "https://app.example/callback"
	authURL := b.p.OAuth().AuthCodeURL("state-1", redirect, "") + "&" + simoura.SimUserParam + "=1"
	require.True(t, strings.HasPrefix(authURL, b.url+"/oauth/authorize?"))
	require.Contains(t, authURL, "scope="+url.QueryEscape(strings.Join(DefaultScopes(), " ")))

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(authURL)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusFound, res.StatusCode)
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "state-1", loc.Query().Get("state"))

	tok, err := b.p.Exchange(ctx, loc.Query().Get("code"), redirect, "")
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)
	require.Equal(t, b.clock.Now().Add(24*time.Hour), tok.ExpiresAt)
	_, err = b.p.Exchange(ctx, loc.Query().Get("code"), redirect, "")
	require.ErrorIs(t, err, provider.ErrGrantRejected, "codes are single-use")

	id, err := b.p.Identity(ctx, tok.AccessToken)
	require.NoError(t, err)
	require.Equal(t, b.world.Person(1).OuraUserID, id.ProviderUserID)
	require.Equal(t, b.world.Person(1).Profile.Email, *id.Username)

	next, err := b.p.Refresh(ctx, tok.RefreshToken)
	require.NoError(t, err)
	require.NotEqual(t, tok.RefreshToken, next.RefreshToken)
	_, err = b.p.Refresh(ctx, tok.RefreshToken)
	require.ErrorIs(t, err, provider.ErrGrantRejected, "a rotated refresh token is dead")

	require.NoError(t, b.p.Revoke(ctx, next.AccessToken))
	_, err = b.p.Identity(ctx, next.AccessToken)
	require.ErrorIs(t, err, provider.ErrUnauthorized)
	_, err = b.p.Refresh(ctx, next.RefreshToken)
	require.ErrorIs(t, err, provider.ErrGrantRejected)
}

// TestPersonalAccessToken syncs with a personal access token and no OAuth
// app: no refresh, no revoke.
func TestPersonalAccessToken(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 3}, simoura.Config{})
	pat := b.sim.PersonalAccessToken(b.world.Person(0))
	p := New(Options{APIURL: b.url, PersonalToken: pat, Client: b.p.o.Client, Now: b.clock.Now})
	require.True(t, p.Configured())
	require.False(t, New(Options{}).Configured())
	ctx := context.Background()

	tok, err := p.Refresh(ctx, "")
	require.NoError(t, err)
	require.Equal(t, pat, tok.AccessToken)
	require.Empty(t, tok.RefreshToken)
	require.True(t, tok.ExpiresAt.After(b.clock.Now().AddDate(50, 0, 0)))

	id, err := p.Identity(ctx, tok.AccessToken)
	require.NoError(t, err)
	require.Equal(t, b.world.Person(0).OuraUserID, id.ProviderUserID)
	b.p = p
	docs, _ := b.fetchAll(t, tok.AccessToken, TypeSleep, b.everything())
	require.NotEmpty(t, docs)

	require.ErrorIs(t, p.Revoke(ctx, pat), provider.ErrUnsupported)
	_, err = p.Exchange(ctx, "code", "https://x", "")
	require.ErrorIs(t, err, provider.ErrNotConfigured)
}

func TestDataTypes(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	var names []string
	for _, dt := range p.DataTypes() {
		names = append(names, dt.Name)
		require.Equal(t, dt.Name != TypePersonalInfo && dt.Name != TypeRingConfiguration, dt.Windowed, dt.Name)
	}
	require.Len(t, names, 18, "every usercollection route of the seed")
	require.Equal(t, "vO2_max", path(TypeVO2Max))
	for _, wt := range WebhookTypes() {
		require.Contains(t, names, wt)
	}
	require.Equal(t, domainOura, string(p.Name()))
}

const domainOura = "oura"
