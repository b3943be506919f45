package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/console/consoletest"
	"github.com/wearhouse/wearhouse/internal/domain"
)

const pw = "correct horse battery staple"

// call sends an API request with the client's cookies, optionally with a
// CSRF token, and returns the status.
func call(t *testing.T, c *http.Client, method, u, csrf, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if csrf != "" {
		req.Header.Set(console.CSRFHeader, csrf)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	return res.StatusCode
}

func sessionCookie(t *testing.T, c *http.Client, base string) *http.Cookie {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	for _, ck := range c.Jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "wearhouse_console") {
			return ck
		}
	}
	return nil
}

// TestSignInSessionAndAPI: pages need a session; a session calls the API
// for reads, and for changes only with its CSRF token; signing out ends
// it for the API too.
func TestSignInSessionAndAPI(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "ops", domain.AdminRoleAdmin, pw)
	c := consoletest.Client(t)

	res, err := c.Get(p.base + "/console/users")
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, "/console/login?next=%2Fconsole%2Fusers", res.Header.Get("Location"))
	require.Equal(t, http.StatusUnauthorized, call(t, c, "GET", p.base+"/api/v1/users", "", ""), "no session, no key")

	status, _ := consoletest.TrySignIn(t, c, p.base, "ops", "wrong password!")
	require.Equal(t, http.StatusUnauthorized, status)
	status, _ = consoletest.TrySignIn(t, c, p.base, "nobody", pw)
	require.Equal(t, http.StatusUnauthorized, status)
	consoletest.SignIn(t, c, p.base, "ops", pw)

	code, page := consoletest.Get(t, c, p.base+"/console/")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, page, "Connections by state")
	csrf := consoletest.CSRF(t, page)

	require.Equal(t, http.StatusOK, call(t, c, "GET", p.base+"/api/v1/users", "", ""), "the session reads the API")
	require.Equal(t, http.StatusForbidden, call(t, c, "POST", p.base+"/api/v1/developer/api-keys", "", `{"name":"x"}`), "no CSRF token")
	require.Equal(t, http.StatusForbidden, call(t, c, "POST", p.base+"/api/v1/developer/api-keys", "wrong", `{"name":"x"}`), "wrong CSRF token")
	require.Equal(t, http.StatusCreated, call(t, c, "POST", p.base+"/api/v1/developer/api-keys", csrf, `{"name":"x"}`))

	saved := sessionCookie(t, c, p.base)
	require.NotNil(t, saved)
	res, err = c.PostForm(p.base+"/console/logout", url.Values{"csrf": {"forged"}})
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusForbidden, res.StatusCode, "signing out needs the CSRF token")
	res, err = c.PostForm(p.base+"/console/logout", url.Values{"csrf": {csrf}})
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)

	replay, err := http.NewRequest("GET", p.base+"/api/v1/users", nil)
	require.NoError(t, err)
	replay.AddCookie(saved)
	res, err = http.DefaultClient.Do(replay)
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, "a signed-out session's cookie opens nothing")
}

// TestSessionCookieFlags: HttpOnly and SameSite=Strict always; Secure
// and the __Host- prefix when the server's URL is https.
func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	for _, https := range []bool{false, true} {
		p := startPlain(t, https)
		p.operator(t, "ops", domain.AdminRoleAdmin, pw)
		c := consoletest.Client(t)
		if https {
			c.Transport = &http.Transport{TLSClientConfig: insecureTLS()}
		}
		_, page := consoletest.Get(t, c, p.base+"/console/login")
		form := url.Values{"username": {"ops"}, "password": {pw}, "csrf": {consoletest.CSRF(t, page)}}
		res, err := c.PostForm(p.base+"/console/login", form)
		require.NoError(t, err)
		_ = res.Body.Close()
		require.Equal(t, http.StatusSeeOther, res.StatusCode)
		var session *http.Cookie
		for _, ck := range res.Cookies() {
			if strings.HasSuffix(ck.Name, "wearhouse_console") {
				session = ck
			}
		}
		require.NotNil(t, session)
		require.True(t, session.HttpOnly)
		require.Equal(t, http.SameSiteStrictMode, session.SameSite)
		require.Equal(t, "/", session.Path)
		require.Equal(t, https, session.Secure)
		require.Equal(t, https, strings.HasPrefix(session.Name, "__Host-"))
	}
}

// TestSignInFormNeedsCSRF: a sign-in posted without the form's token (a
// login-CSRF attempt from another site) is refused.
func TestSignInFormNeedsCSRF(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "ops", domain.AdminRoleAdmin, pw)
	c := consoletest.Client(t)
	res, err := c.PostForm(p.base+"/console/login", url.Values{"username": {"ops"}, "password": {pw}, "csrf": {"guess"}})
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Nil(t, sessionCookie(t, c, p.base))
}

// TestLockOut: the fifth wrong password locks the account; then even the
// right one is refused.
func TestLockOut(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "ops", domain.AdminRoleAdmin, pw)
	c := consoletest.Client(t)
	for i := range 4 {
		status, _ := consoletest.TrySignIn(t, c, p.base, "ops", "wrong")
		require.Equal(t, http.StatusUnauthorized, status, "failure %d", i+1)
	}
	status, _ := consoletest.TrySignIn(t, c, p.base, "ops", "wrong")
	require.Equal(t, http.StatusTooManyRequests, status, "the fifth failure locks")
	status, _ = consoletest.TrySignIn(t, c, p.base, "ops", pw)
	require.Equal(t, http.StatusTooManyRequests, status, "locked: the right password is refused too")
	require.Nil(t, sessionCookie(t, c, p.base))
}

// TestReadOnlyRole: a viewer reads every page and the API, and changes
// nothing, even with the CSRF token.
func TestReadOnlyRole(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "auditor", domain.AdminRoleReadOnly, pw)
	c := consoletest.Client(t)
	consoletest.SignIn(t, c, p.base, "auditor", pw)
	_, page := consoletest.Get(t, c, p.base+"/console/api-keys")
	require.NotContains(t, page, `id="create-key"`, "no create form for a viewer")
	require.Contains(t, page, "(read-only)")
	csrf := consoletest.CSRF(t, page)
	require.Equal(t, http.StatusOK, call(t, c, "GET", p.base+"/api/v1/developer/api-keys", "", ""))
	require.Equal(t, http.StatusForbidden, call(t, c, "POST", p.base+"/api/v1/developer/api-keys", csrf, `{"name":"x"}`))
	require.Equal(t, http.StatusForbidden, call(t, c, "PUT", p.base+"/api/v1/priorities/providers/oura", csrf, `{"priority":3}`))
	keys, err := p.st.ListAPIKeys(t.Context())
	require.NoError(t, err)
	require.Empty(t, keys, "nothing was created")
}

// TestSafeNext: the post-sign-in destination stays on the console.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "ops", domain.AdminRoleAdmin, pw)
	for next, want := range map[string]string{"/console/users?q=a": "/console/users?q=a", "//evil.example/": "/console/",
		"https://evil.example/console/": "/console/", "/console/\\evil": "/console/"} {
		c := consoletest.Client(t)
		_, page := consoletest.Get(t, c, p.base+"/console/login")
		res, err := c.PostForm(p.base+"/console/login", url.Values{"username": {"ops"}, "password": {pw}, "csrf": {consoletest.CSRF(t, page)}, "next": {next}})
		require.NoError(t, err)
		_ = res.Body.Close()
		require.Equal(t, want, res.Header.Get("Location"), next)
	}
}

// TestAssets: the embedded assets are served to anyone (the sign-in page
// needs them), with no directory listing.
func TestAssets(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	c := consoletest.Client(t)
	status, body := consoletest.Get(t, c, p.base+"/console/assets/uplot.iife.min.js")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "uPlot")
	status, _ = consoletest.Get(t, c, p.base+"/console/assets/")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = consoletest.Get(t, c, p.base+"/console/assets/nope.js")
	require.Equal(t, http.StatusNotFound, status)
}
