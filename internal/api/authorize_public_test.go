package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPublicAuthorize: with PublicAuthorize (WEARHOUSE_PUBLIC_AUTHORIZE)
// the authorize route needs neither an API key nor a connect_token, as
// in Open Wearables, and the connection completes; a key or link that is
// presented is still checked. Without it (the default, the first case) a
// stranger gets 401 — TestAuthorizeNeedsKeyOrConnectLink covers the rest
// of that mode.
func TestPublicAuthorize(t *testing.T) {
	t.Parallel()
	closed := setupSync(t)
	res := closed.doWith(t, http.MethodGet, closed.authorizePath(""), nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status, "the default keeps the check")

	b := setupSyncWith(t, func(o *Options) { o.PublicAuthorize = true })
	res = b.doWith(t, http.MethodGet, b.authorizePath(""), nil, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var auth struct {
		URL   string `json:"authorization_url"`
		State string `json:"state"`
	}
	res.json(t, &auth)
	code, state, err := b.rig.Approve(t.Context(), auth.URL, 0)
	require.NoError(t, err)
	res = b.raw(t, http.MethodGet, "/api/v1/oauth/whoop/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), "", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, string(res.Body))
	c, err := b.store.Connection(t.Context(), b.user, "whoop")
	require.NoError(t, err, "a caller without credentials connected the account")
	require.Equal(t, b.user, c.UserID)

	res = b.doWith(t, http.MethodGet, b.authorizePath(""), nil, map[string]string{"X-Open-Wearables-API-Key": "wh_wrong"})
	require.Equal(t, http.StatusUnauthorized, res.Status, "a wrong key is refused, not ignored")
	res = b.doWith(t, http.MethodGet, b.authorizePath("&connect_token=forged.token"), nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status, "a forged link is refused, not ignored")
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/whoop/authorize?user_id=0190a1b2-0000-7000-8000-000000000000", nil, nil)
	require.Equal(t, http.StatusNotFound, res.Status, "an unknown user is still unknown")
	res = b.doWith(t, http.MethodGet, b.authorizePath("")+"&user_id=x", nil, nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
}
