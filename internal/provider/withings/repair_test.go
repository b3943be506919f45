package withings

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// simNotify calls the simulator's notify service directly, as the user
// (or Withings itself) changing subscriptions behind wearhouse's back,
// and returns the answer's status.
func simNotify(t *testing.T, b *testBundle, token string, form url.Values) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.url+simwithings.RouteNotify, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var out struct {
		Status int `json:"status"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return out.Status
}

// TestRepairRestoresSubscriptions subscribes a user, then removes one
// category at the simulator and adds a subscription at our path with a
// stale token; Repair brings the missing one back, revokes the stale
// one, and a second Repair changes nothing.
func TestRepairRestoresSubscriptions(t *testing.T) {
	t.Parallel()
	var b *testBundle
	_, base := newReceiver(t, func() *Provider { return b.p })
	b = setup(t, truth.Options{Days: 3}, simwithings.Config{}, base)
	ctx := t.Context()
	tok := b.token(t, 0)
	user := strconv.FormatInt(b.world.Person(0).WithingsUserID, 10)
	c := domain.Connection{Provider: domain.ProviderWithings, ProviderUserID: user, AccessToken: tok}
	require.True(t, b.p.NotificationsEnabled())

	rep, err := b.p.Repair(ctx, c)
	require.NoError(t, err)
	require.Equal(t, DefaultApplis(), rep.Created, "a new user gets every category")
	require.True(t, rep.Changed())

	require.Equal(t, 0, simNotify(t, b, tok, url.Values{"action": {"revoke"}, "callbackurl": {b.p.CallbackURL(user)},
		"appli": {strconv.Itoa(AppliSleep)}}))
	stale := base + WebhookPath + "?token=stale"
	require.Equal(t, 0, simNotify(t, b, tok, url.Values{"action": {"subscribe"}, "callbackurl": {stale},
		"appli": {strconv.Itoa(AppliWeight)}}))
	require.Len(t, b.sim.Subscriptions(), len(DefaultApplis()))

	rep, err = b.p.Repair(ctx, c)
	require.NoError(t, err)
	require.Equal(t, []int{AppliSleep}, rep.Created, "the removed category is back")
	require.Equal(t, []int{AppliWeight}, rep.Removed, "the stale URL is revoked")
	require.Len(t, rep.Kept, len(DefaultApplis())-1)
	subs := b.sim.Subscriptions()
	require.Len(t, subs, len(DefaultApplis()))
	var applis []int
	for _, s := range subs {
		require.Equal(t, b.p.CallbackURL(user), s.CallbackURL)
		applis = append(applis, s.Appli)
	}
	slices.Sort(applis)
	want := slices.Sorted(slices.Values(DefaultApplis()))
	require.Equal(t, want, applis)

	rep, err = b.p.Repair(ctx, c)
	require.NoError(t, err)
	require.False(t, rep.Changed(), "nothing to repair")
	require.Equal(t, DefaultApplis(), rep.Kept)
}

func TestRepairErrors(t *testing.T) {
	t.Parallel()
	var b *testBundle
	_, base := newReceiver(t, func() *Provider { return b.p })
	b = setup(t, truth.Options{Days: 2}, simwithings.Config{}, base)
	user := strconv.FormatInt(b.world.Person(0).WithingsUserID, 10)
	tests := []struct {
		name string
		conn func() domain.Connection
		want error
	}{
		{"OtherProvider", func() domain.Connection {
			return domain.Connection{Provider: domain.ProviderOura, ProviderUserID: user, AccessToken: b.token(t, 0)}
		}, provider.ErrRejected},
		{"ExpiredToken", func() domain.Connection {
			c := domain.Connection{Provider: domain.ProviderWithings, ProviderUserID: user, AccessToken: b.token(t, 0)}
			b.sim.OAuth().ExpireAll()
			return c
		}, provider.ErrUnauthorized},
	}
	// Sequential: ExpireAll acts on the shared simulator.
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.p.Repair(t.Context(), tc.conn())
			require.ErrorIs(t, err, tc.want)
		})
	}
	off := New(Options{ClientID: "id", ClientSecret: "secret"})
	require.False(t, off.NotificationsEnabled(), "no base URL, no notifications")
	_, err := off.Repair(t.Context(), domain.Connection{Provider: domain.ProviderWithings, ProviderUserID: user})
	require.ErrorIs(t, err, provider.ErrNotConfigured)
}
