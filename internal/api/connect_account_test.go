package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
)

// callbackAs authorizes userID (with redirect when non-empty), approves
// as simulated person 0 and returns the callback's answer.
func (b *syncBundle) callbackAs(t *testing.T, userID, redirect string) response {
	t.Helper()
	q := url.Values{"user_id": {userID}}
	if redirect != "" {
		q.Set("redirect_uri", redirect)
	}
	res := b.do(t, http.MethodGet, "/api/v1/oauth/whoop/authorize?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var auth struct {
		URL string `json:"authorization_url"`
	}
	res.json(t, &auth)
	code, state, err := b.rig.Approve(t.Context(), auth.URL, 0)
	require.NoError(t, err)
	return b.raw(t, http.MethodGet, "/api/v1/oauth/whoop/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), "", nil)
}

// syncs reports whether a manual sync of userID's WHOOP connection works,
// i.e. its grant is healthy.
func (b *syncBundle) syncs(t *testing.T, userID string) {
	t.Helper()
	res := b.do(t, http.MethodPost, "/api/v1/providers/whoop/users/"+userID+"/sync?async=false", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	c, err := b.store.Connection(t.Context(), userID, domain.ProviderWHOOP)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionActive, c.Status, c.StatusReason)
}

// One provider account belongs to one user: a second user's connect is
// refused naming the first, and the first user's grant stays healthy.
func TestProviderAccountConnectsToOneUser(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	second, err := b.store.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)

	res := b.callbackAs(t, second.ID, "https://app.test/connected")
	require.Equal(t, http.StatusSeeOther, res.Status, string(res.Body))
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, url.Values{"provider": {"whoop"}, "user_id": {second.ID}, "status": {"error"},
		"error": {"account_linked_to_another_user"}}, loc.Query())

	res = b.callbackAs(t, second.ID, "")
	require.Equal(t, http.StatusConflict, res.Status, string(res.Body))
	require.Regexp(t, `^whoop account "\d+" already belongs to user `+b.user+`$`, res.detail(t))

	_, err = b.store.Connection(t.Context(), second.ID, domain.ProviderWHOOP)
	require.ErrorIs(t, err, store.ErrNotFound, "nothing was stored for the second user")
	require.Zero(t, b.rig.Counters().Count(simwhoop.RouteRevoke), "nothing was revoked at WHOOP")
	b.syncs(t, b.user)

	// The holder disconnects: the account may now be connected elsewhere.
	res = b.do(t, http.MethodDelete, "/api/v1/users/"+b.user+"/connections/whoop", nil)
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	require.Equal(t, 1, b.rig.Counters().Count(simwhoop.RouteRevoke), "the holder's own disconnect revokes")
	res = b.callbackAs(t, second.ID, "")
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.Contains(t, string(res.Body), `"status":"success"`)
	b.syncs(t, second.ID)
}

// Two users linked to one account before that was refused: removing one
// user's connection (or its data) must not revoke the grant the other
// still uses.
func TestDisconnectKeepsAGrantAnotherUserShares(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	holder, err := b.store.Connection(t.Context(), b.user, domain.ProviderWHOOP)
	require.NoError(t, err)
	for _, path := range []string{"/connections/whoop", "/connections/whoop/data"} {
		legacy, err := b.store.CreateUser(t.Context(), domain.User{})
		require.NoError(t, err)
		c := holder
		c.ID, c.UserID, c.Status = "", legacy.ID, domain.ConnectionRevoked
		c, err = b.store.UpsertConnection(t.Context(), c)
		require.NoError(t, err)
		require.NoError(t, b.store.SetConnectionStatus(t.Context(), c.ID, domain.ConnectionActive, ""), "as an older wearhouse left it")

		res := b.do(t, http.MethodDelete, "/api/v1/users/"+legacy.ID+path, nil)
		require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
		require.Zero(t, b.rig.Counters().Count(simwhoop.RouteRevoke), path)
		b.syncs(t, b.user)
	}
}

// Deleting a user deregisters their grants at the providers (as
// disconnecting does), then removes the user and their data.
func TestDeleteUserRevokesGrants(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	b.syncs(t, b.user)
	res := b.do(t, http.MethodDelete, "/api/v1/users/"+b.user, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.Equal(t, 1, b.rig.Counters().Count(simwhoop.RouteRevoke), "the WHOOP grant was revoked")
	require.Equal(t, http.StatusNotFound, b.do(t, http.MethodGet, "/api/v1/users/"+b.user, nil).Status)
	_, err := b.store.Connection(t.Context(), b.user, domain.ProviderWHOOP)
	require.ErrorIs(t, err, store.ErrNotFound)
	dss, err := b.store.ListDataSources(t.Context(), b.user)
	require.NoError(t, err)
	require.Empty(t, dss, "the data is gone")

	// A user whose connection is already revoked has nothing to revoke.
	other, err := b.store.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, b.callbackAs(t, other.ID, "").Status)
	res = b.do(t, http.MethodDelete, "/api/v1/users/"+other.ID+"/connections/whoop", nil)
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	require.Equal(t, 2, b.rig.Counters().Count(simwhoop.RouteRevoke))
	require.Equal(t, http.StatusOK, b.do(t, http.MethodDelete, "/api/v1/users/"+other.ID, nil).Status)
	require.Equal(t, 2, b.rig.Counters().Count(simwhoop.RouteRevoke), "nothing more to revoke")
}
