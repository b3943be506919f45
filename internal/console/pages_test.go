package console_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console/consoletest"
	"github.com/wearhouse/wearhouse/internal/demo"
)

// consolePages are every console page of a demo, with a text each shows.
func consolePages(info demo.Info) map[string]string {
	return map[string]string{
		"/console/":                            "Connections by state",
		"/console/users":                       "demo1@wearhouse.invalid",
		"/console/users?q=demo2&status=active": "demo2@wearhouse.invalid",
		"/console/users/" + info.UserIDs[0]:    `id="live-runs"`,
		"/console/syncs":                       "backfill",
		"/console/api-keys":                    "demo",
		"/console/priorities":                  "Device types",
		"/console/providers":                   "/api/v1/oauth/oura/callback",
		"/console/webhooks":                    `id="create-endpoint"`,
	}
}

// TestPagesOnDemoData: every page renders on the demo's data for its
// operator.
func TestPagesOnDemoData(t *testing.T) {
	t.Parallel()
	info := startDemo(t, 2, 3)
	c := consoletest.Client(t)
	consoletest.SignIn(t, c, info.BaseURL, info.AdminUsername, info.AdminPassword)
	for path, want := range consolePages(info) {
		status, page := consoletest.Get(t, c, info.BaseURL+path)
		require.Equal(t, http.StatusOK, status, path)
		require.Contains(t, page, want, path)
	}
	status, page := consoletest.Get(t, c, info.BaseURL+"/console/users?q=nobody-matches")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "No users match.")
	status, _ = consoletest.Get(t, c, info.BaseURL+"/console/users/00000000-0000-0000-0000-000000000000")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = consoletest.Get(t, c, info.BaseURL+"/console/nope")
	require.Equal(t, http.StatusNotFound, status)
}

// apiJSON calls the API with the demo's key.
func apiJSON(t *testing.T, info demo.Info, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, info.BaseURL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Open-Wearables-API-Key", info.APIKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if out != nil {
		require.NoError(t, json.Unmarshal(b, out), string(b))
	}
	return res.StatusCode
}

// follow walks a browser's redirects from u and returns the final page's
// URL, status and body.
func follow(t *testing.T, u string) (*url.URL, int, string) {
	t.Helper()
	c := &http.Client{}
	res, err := c.Get(u)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.Request.URL, res.StatusCode, string(b)
}

// TestConnectPageFlow: a connect link opens the hosted page with one
// button per configured provider; following one goes through the
// provider's consent (the simulator) and the callback to the result
// page, which says what happened.
func TestConnectPageFlow(t *testing.T) {
	t.Parallel()
	info := startDemo(t, 2, 2)
	var link struct{ Token string }
	require.Equal(t, http.StatusCreated, apiJSON(t, info, "POST", "/api/v1/users/"+info.UserIDs[0]+"/connect-link", `{"ttl_seconds":600}`, &link))
	at, status, page := follow(t, info.BaseURL+"/connect/"+link.Token)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "/connect/"+link.Token, at.Path)
	for _, p := range []string{"whoop", "oura", "withings"} {
		require.Contains(t, page, `id="connect-`+p+`"`)
	}
	require.Contains(t, page, "Connect your device to wearhouse")

	status, _ = consoletest.Get(t, consoletest.Client(t), info.BaseURL+"/connect/"+link.Token+"/fitbit")
	require.Equal(t, http.StatusNotFound, status, "an unknown provider")

	// The simulator consents as its next person in turn: the first, who
	// is this user, so the reconnect succeeds.
	at, status, page = follow(t, info.BaseURL+"/connect/"+link.Token+"/oura")
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, "/connect/done", at.Path)
	require.Equal(t, "success", at.Query().Get("status"))
	require.Contains(t, page, `data-ok="true"`)
	require.Contains(t, page, "Oura is connected")

	// A link for another user: the next person in turn is the second,
	// whose account the second demo user holds; the page says so.
	var u struct{ ID string }
	require.Equal(t, http.StatusCreated, apiJSON(t, info, "POST", "/api/v1/users", `{"email":"new@example.com"}`, &u))
	require.Equal(t, http.StatusCreated, apiJSON(t, info, "POST", "/api/v1/users/"+u.ID+"/connect-link", `{"provider":"oura"}`, &link))
	_, _, page = follow(t, info.BaseURL+"/connect/"+link.Token)
	require.Contains(t, page, `id="connect-oura"`)
	require.NotContains(t, page, `id="connect-whoop"`, "a link bound to Oura offers only Oura")
	at, _, page = follow(t, info.BaseURL+"/connect/"+link.Token+"/oura")
	require.Equal(t, "/connect/done", at.Path)
	require.Contains(t, page, `data-ok="false"`)
	require.Contains(t, page, "already connected to another user")
	status, _ = consoletest.Get(t, consoletest.Client(t), info.BaseURL+"/connect/"+link.Token+"/whoop")
	require.Equal(t, http.StatusForbidden, status, "the link does not allow WHOOP")

	// A link bound to a redirect_uri is opened with it, and the flow
	// ends there (WHOOP's next person in turn is the first user's).
	back := info.BaseURL + "/connect/done"
	body := `{"provider":"whoop","redirect_uri":"` + back + `"}`
	require.Equal(t, http.StatusCreated, apiJSON(t, info, "POST", "/api/v1/users/"+info.UserIDs[0]+"/connect-link", body, &link))
	status, page = consoletest.Get(t, consoletest.Client(t), info.BaseURL+"/connect/"+link.Token)
	require.Equal(t, http.StatusBadRequest, status, "opened without its redirect_uri")
	require.Contains(t, page, "open it exactly as the app gave it")
	_, _, page = follow(t, info.BaseURL+"/connect/"+link.Token+"?redirect_uri="+url.QueryEscape(back))
	require.Contains(t, page, "redirect_uri="+url.QueryEscape(back), "the button keeps the redirect_uri")
	at, _, page = follow(t, info.BaseURL+"/connect/"+link.Token+"/whoop?redirect_uri="+url.QueryEscape(back))
	require.Equal(t, "/connect/done", at.Path)
	require.Equal(t, info.UserIDs[0], at.Query().Get("user_id"))
	require.Contains(t, page, "Whoop is connected")

	// A forged or hand-made result shows no success.
	_, _, page = follow(t, info.BaseURL+"/connect/done?provider=whoop&status=success&user_id="+u.ID)
	require.Contains(t, page, `data-ok="false"`)
	status, page = consoletest.Get(t, consoletest.Client(t), info.BaseURL+"/connect/garbage")
	require.Equal(t, http.StatusNotFound, status)
	require.Contains(t, page, "not valid or has expired")
}
