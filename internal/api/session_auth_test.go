package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider/catalog"
)

// fakeSessions stands in for the console: a request with the "s" cookie
// is its session; the answer is err.
type fakeSessions struct {
	err   error
	asked int
}

func (f *fakeSessions) AuthenticateSession(r *http.Request) (bool, error) {
	if _, err := r.Cookie("s"); err != nil {
		return false, nil
	}
	f.asked++
	return true, f.err
}

// TestSessionAuth: without a key the API asks the console's session; its
// refusal is the answer; a key is checked as always and never asks.
func TestSessionAuth(t *testing.T) {
	t.Parallel()
	b := setup(t)
	sessions := &fakeSessions{}
	srv, err := New(Options{Store: b.store, Providers: catalog.Default(), Sessions: sessions, Now: func() time.Time { return time.Now() }})
	require.NoError(t, err)
	call := func(cookie bool, key string) int {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
		if cookie {
			r.AddCookie(&http.Cookie{Name: "s", Value: "x"})
		}
		if key != "" {
			r.Header.Set("X-Open-Wearables-API-Key", key)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	require.Equal(t, http.StatusOK, call(true, ""), "a session authenticates")
	require.Equal(t, http.StatusUnauthorized, call(false, ""), "no session, no key")
	sessions.err = &Error{Status: http.StatusForbidden, Code: CodeForbidden, Detail: "read-only"}
	require.Equal(t, http.StatusForbidden, call(true, ""), "the session's refusal is the answer")
	asked := sessions.asked
	require.Equal(t, http.StatusOK, call(true, b.key), "a key is checked first")
	require.Equal(t, http.StatusUnauthorized, call(true, "wh_wrong"), "a wrong key is not rescued by a session")
	require.Equal(t, asked, sessions.asked, "requests with a key never ask the session")
}
