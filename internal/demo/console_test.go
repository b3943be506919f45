package demo

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console/consoletest"
)

// TestDemoPrintsConsoleSignIn: the demo prints the console's URL, on the
// first user's page, and an operator sign-in that works; a second run
// prints the same password.
func TestDemoPrintsConsoleSignIn(t *testing.T) {
	t.Parallel()
	opts := Options{Dir: t.TempDir(), Days: 2, Users: 1, Seed: 3, Tick: time.Hour, Step: time.Minute}
	d := startDemo(t, opts)
	printed := d.out.String()
	want := d.info.BaseURL + "/console/users/" + d.info.UserIDs[0]
	require.Equal(t, want, d.info.ConsoleURL)
	for _, s := range []string{"Console:  " + want, "sign in as " + AdminUsername, "password " + d.info.AdminPassword} {
		require.Contains(t, printed, s)
	}

	c := consoletest.Client(t)
	res, err := c.Get(d.info.ConsoleURL)
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode, "the console asks to sign in first")
	u, err := url.Parse(want)
	require.NoError(t, err)
	status, loc := consoletest.TrySignInTo(t, c, d.info.BaseURL, d.info.AdminUsername, d.info.AdminPassword, u.Path)
	require.Equal(t, http.StatusSeeOther, status)
	require.Equal(t, u.Path, loc, "signing in opens the first user's page")
	status, page := consoletest.Get(t, c, want)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "Demo User 1")
	require.NoError(t, d.stop())

	again := startDemo(t, opts)
	require.Equal(t, d.info.AdminPassword, again.info.AdminPassword, "the second run reuses the password")
	require.NoError(t, again.stop())
}

// TestDemoRedirectLandsOnAPage: the demo's OAuth round trips end on the
// hosted connect result page, a real page rather than a 404.
func TestDemoRedirectLandsOnAPage(t *testing.T) {
	t.Parallel()
	d := startDemo(t, Options{Dir: t.TempDir(), Days: 1, Users: 1, Seed: 5, Tick: time.Hour, Step: time.Minute})
	u := d.info.BaseURL + redirectPath + "?" + url.Values{"provider": {"oura"}, "user_id": {d.info.UserIDs[0]}, "status": {"success"}}.Encode()
	status, page := consoletest.Get(t, consoletest.Client(t), u)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "Oura is connected")
	require.NoError(t, d.stop())
}
