package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// A connect link authorizes exactly the flow it was minted for: its
// user, its provider (any when minted without one) and its redirect_uri.
func TestConnectLinkIsBoundToProviderAndRedirect(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	const redirectA, redirectB = "https://app.test/connected", "https://app.test/elsewhere"
	mint := func(body map[string]any) string {
		res := b.do(t, http.MethodPost, "/api/v1/users/"+b.user+"/connect-link", body)
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		var link struct {
			Token string `json:"token"`
		}
		res.json(t, &link)
		return link.Token
	}
	whoopA := mint(map[string]any{"provider": "whoop", "redirect_uri": redirectA})
	anyNone := mint(map[string]any{})
	anyA := mint(map[string]any{"redirect_uri": redirectA})
	tests := []struct {
		name, token, provider, redirect string
		status                          int
		detail                          string
	}{
		{"Minted", whoopA, "whoop", redirectA, http.StatusOK, ""},
		{"OtherProvider", whoopA, "oura", redirectA, http.StatusForbidden, `does not allow connecting provider "oura"`},
		{"OtherProviderWithings", whoopA, "withings", redirectA, http.StatusForbidden, `provider "withings"`},
		{"OtherRedirect", whoopA, "whoop", redirectB, http.StatusBadRequest, `parameter "redirect_uri": not the redirect_uri this connect link was minted with`},
		{"NoRedirect", whoopA, "whoop", "", http.StatusBadRequest, `parameter "redirect_uri"`},
		{"AnyProvider", anyNone, "whoop", "", http.StatusOK, ""},
		{"AnyProviderAddsRedirect", anyNone, "whoop", redirectA, http.StatusBadRequest, `parameter "redirect_uri"`},
		{"AnyProviderPassesToProvider", anyNone, "oura", "", http.StatusNotFound, "unknown provider"},
		{"AnyProviderMintedRedirect", anyA, "whoop", redirectA, http.StatusOK, ""},
		{"AnyProviderOtherRedirect", anyA, "whoop", redirectB, http.StatusBadRequest, `parameter "redirect_uri"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := url.Values{"user_id": {b.user}, "connect_token": {tt.token}}
			if tt.redirect != "" {
				q.Set("redirect_uri", tt.redirect)
			}
			res := b.doWith(t, http.MethodGet, "/api/v1/oauth/"+tt.provider+"/authorize?"+q.Encode(), nil, nil)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.detail != "" {
				require.Contains(t, res.detail(t), tt.detail)
			}
		})
	}
}
