package withings

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// authorize follows the authorize URL without following the redirect and
// returns the code the simulator sent back.
func authorize(t *testing.T, b *testBundle, redirect string) string {
	t.Helper()
	u := b.p.OAuth().AuthCodeURL("state-1", redirect, "") + "&" + simwithings.SimUserParam + "=0"
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(u)
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusFound, res.StatusCode)
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "state-1", loc.Query().Get("state"))
	return loc.Query().Get("code")
}

func TestOAuthExchangeIdentityAndRotation(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Days: 2, DeleteRate: -1}, simwithings.Config{}, "")
	const redirect = "https://app.example/callback"
	ctx := context.Background()
	require.Contains(t, b.p.OAuth().AuthCodeURL("s", redirect, ""), "scope=user.info%2Cuser.metrics%2Cuser.activity%2Cuser.sleepevents")

	tok, err := b.p.Exchange(ctx, authorize(t, b, redirect), redirect, "")
	require.NoError(t, err)
	require.Equal(t, b.clock.Now().Add(3*time.Hour), tok.ExpiresAt)
	id, err := b.p.Identity(ctx, tok.AccessToken)
	require.NoError(t, err)
	require.Equal(t, strconv.FormatInt(b.world.Person(0).WithingsUserID, 10), id.ProviderUserID)

	next, err := b.p.Refresh(ctx, tok.RefreshToken)
	require.NoError(t, err)
	require.NotEqual(t, tok.RefreshToken, next.RefreshToken, "Withings rotates refresh tokens")
	_, err = b.p.Refresh(ctx, tok.RefreshToken)
	require.ErrorIs(t, err, provider.ErrGrantRejected, "a used refresh token is dead")
	_, err = b.p.Refresh(ctx, next.RefreshToken)
	require.NoError(t, err)

	// Codes live 30 seconds.
	code := authorize(t, b, redirect)
	b.clock.Advance(31 * time.Second)
	_, err = b.p.Exchange(ctx, code, redirect, "")
	require.ErrorIs(t, err, provider.ErrGrantRejected)

	_, err = b.p.Identity(ctx, "never-issued")
	require.ErrorIs(t, err, provider.ErrRejected)
	b.clock.Advance(time.Hour)
	_, err = b.p.Identity(ctx, next.AccessToken)
	require.Error(t, err, "the token → userid memory is short-lived")
}
