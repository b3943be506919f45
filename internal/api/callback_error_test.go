package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCallbackCarriesTheProviderError: a provider redirecting back with
// error= (the person declined) sends the app status=error and that code,
// with or without a redirect_uri, and stores no connection.
func TestCallbackCarriesTheProviderError(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	state := func(redirect bool) string {
		path := "/api/v1/oauth/whoop/authorize?user_id=" + b.user
		if redirect {
			path = b.authorizePath("")
		}
		res := b.do(t, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var auth struct {
			State string `json:"state"`
		}
		res.json(t, &auth)
		return auth.State
	}
	q := url.Values{"state": {state(true)}, "error": {"access_denied"}, "error_description": {"The user denied access"}}
	res := b.raw(t, http.MethodGet, "/api/v1/oauth/whoop/callback?"+q.Encode(), "", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, string(res.Body))
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "error", loc.Query().Get("status"))
	require.Equal(t, "access_denied", loc.Query().Get("error"))

	q.Set("state", state(false))
	res = b.raw(t, http.MethodGet, "/api/v1/oauth/whoop/callback?"+q.Encode(), "", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var out struct {
		Status, Error string
	}
	res.json(t, &out)
	require.Equal(t, "error", out.Status)
	require.Equal(t, "access_denied", out.Error)
	conns, err := b.store.ListConnections(t.Context(), b.user)
	require.NoError(t, err)
	require.Empty(t, conns)
}
