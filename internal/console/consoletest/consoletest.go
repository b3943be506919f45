// Package consoletest is test support for the operator console: signing
// in over HTTP the way a browser does (the sign-in form's CSRF token, the
// session cookie) and reading a page's CSRF token. Production packages
// never import it.
package consoletest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF returns the CSRF token a console page's forms carry.
func CSRF(t testing.TB, html string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(html)
	require.NotNil(t, m, "no CSRF field in the page")
	return m[1]
}

// Client is a browser-like client with its own cookie jar that does not
// follow redirects, so tests see each answer.
func Client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Get fetches a page and returns its status and body.
func Get(t testing.TB, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

// TrySignIn submits the sign-in form and returns the answer's status and
// Location.
func TrySignIn(t testing.TB, c *http.Client, base, username, password string) (int, string) {
	t.Helper()
	return TrySignInTo(t, c, base, username, password, "/console/")
}

// TrySignInTo is TrySignIn asking to go to next afterwards, as the form
// does after a signed-out visit to next.
func TrySignInTo(t testing.TB, c *http.Client, base, username, password, next string) (int, string) {
	t.Helper()
	status, page := Get(t, c, base+"/console/login?next="+url.QueryEscape(next))
	require.Equal(t, http.StatusOK, status)
	form := url.Values{"username": {username}, "password": {password}, "csrf": {CSRF(t, page)}, "next": {next}}
	res, err := c.Post(base+"/console/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	_ = res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// SignIn signs c in and fails the test otherwise.
func SignIn(t testing.TB, c *http.Client, base, username, password string) {
	t.Helper()
	status, loc := TrySignIn(t, c, base, username, password)
	require.Equal(t, http.StatusSeeOther, status, "sign-in refused")
	require.Equal(t, "/console/", loc)
}
