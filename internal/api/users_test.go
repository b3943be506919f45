package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/apikey"
)

func createUser(t *testing.T, b *testBundle, body map[string]any) apigen.UserRead {
	t.Helper()
	res := b.do(t, http.MethodPost, "/api/v1/users", body)
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	var u apigen.UserRead
	res.json(t, &u)
	return u
}

func TestUsersLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t)

	u := createUser(t, b, map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"})
	require.Equal(t, "Ada", u.FirstName.MustGet())
	require.False(t, u.HasActiveConnection)

	res := b.do(t, http.MethodGet, "/api/v1/users/"+u.Id.String(), nil)
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, string(res.Body), `"last_synced_at":null`)

	// PATCH: present fields set, null clears, absent untouched.
	res = b.do(t, http.MethodPatch, "/api/v1/users/"+u.Id.String(), `{"first_name":"Augusta","email":null}`)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var got apigen.UserRead
	res.json(t, &got)
	require.Equal(t, "Augusta", got.FirstName.MustGet())
	require.True(t, got.Email.IsNull())
	require.Equal(t, "Lovelace", got.LastName.MustGet())

	res = b.do(t, http.MethodDelete, "/api/v1/users/"+u.Id.String(), nil)
	require.Equal(t, http.StatusOK, res.Status)
	res = b.do(t, http.MethodGet, "/api/v1/users/"+u.Id.String(), nil)
	require.Equal(t, http.StatusNotFound, res.Status)
	require.Contains(t, res.detail(t), u.Id.String())
	res = b.do(t, http.MethodDelete, "/api/v1/users/"+u.Id.String(), nil)
	require.Equal(t, http.StatusNotFound, res.Status)
}

func TestUsersListPagingSortingSearch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i, name := range []string{"Carol", "alice", "Bob", "dave", "Eve"} {
		createUser(t, b, map[string]any{"first_name": name, "email": fmt.Sprintf("u%d@example.com", i)})
	}
	var page apigen.UserPage
	res := b.do(t, http.MethodGet, "/api/v1/users?limit=2&page=2&sort_by=first_name&sort_order=asc", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	res.json(t, &page)
	require.Equal(t, 5, page.Total)
	require.Equal(t, 3, page.Pages)
	require.True(t, page.HasNext)
	require.True(t, page.HasPrev)
	require.Len(t, page.Items, 2)
	names := []string{page.Items[0].FirstName.MustGet(), page.Items[1].FirstName.MustGet()}
	require.Equal(t, []string{"Carol", "dave"}, names, "case-insensitive order: alice Bob | Carol dave | Eve")

	b.do(t, http.MethodGet, "/api/v1/users?search=AL", nil).json(t, &page)
	require.Equal(t, 1, page.Total)
	b.do(t, http.MethodGet, "/api/v1/users?email=u4@example.com", nil).json(t, &page)
	require.Equal(t, "Eve", page.Items[0].FirstName.MustGet())
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"NoKey", nil, http.StatusUnauthorized},
		{"WrongKey", map[string]string{"X-Open-Wearables-API-Key": "wh_" + strings.Repeat("x", 40)}, http.StatusUnauthorized},
		{"Garbage", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"HeaderKey", map[string]string{"X-Open-Wearables-API-Key": b.key}, http.StatusOK},
		{"BearerKey", map[string]string{"Authorization": "Bearer " + b.key}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := b.doWith(t, http.MethodGet, "/api/v1/users?limit=1000", nil, tt.headers)
			if tt.status == http.StatusOK {
				// Authenticated: now the bad limit is the problem.
				require.Equal(t, http.StatusBadRequest, res.Status)
				return
			}
			require.Equal(t, tt.status, res.Status)
			require.NotEmpty(t, res.Header.Get("WWW-Authenticate"))
			res.detail(t)
		})
	}
}

func TestRevokedKeyIsRejected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	k, err := b.store.APIKeyByPrefix(t.Context(), b.key[:11])
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, b.do(t, http.MethodGet, "/api/v1/users", nil).Status)
	_, spare := apikey.Generate("spare", k.CreatedAt)
	_, err = b.store.CreateAPIKey(t.Context(), spare) // the last active key cannot be revoked
	require.NoError(t, err)
	_, err = b.store.RevokeAPIKey(t.Context(), k.ID, b.server.now())
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, b.do(t, http.MethodGet, "/api/v1/users", nil).Status)
}

func TestBadInputIsAPreciseClientError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := createUser(t, b, map[string]any{"first_name": "Ada"})
	tests := []struct {
		name, method, path string
		body               any
		status             int
		mention            string
	}{
		{"LimitTooLarge", "GET", "/api/v1/users?limit=101", nil, 400, `"limit"`},
		{"LimitNotInt", "GET", "/api/v1/users?limit=ten", nil, 400, `"limit"`},
		{"BadSortBy", "GET", "/api/v1/users?sort_by=password", nil, 400, `"sort_by"`},
		{"BadUserID", "GET", "/api/v1/users/not-a-uuid", nil, 400, `"user_id"`},
		{"UnknownUser", "GET", "/api/v1/users/0190a3c5-7e4b-7f00-8000-000000000000", nil, 404, "not found"},
		{"UnknownField", "POST", "/api/v1/users", `{"first_name":"x","is_admin":true}`, 400, "is_admin"},
		{"MalformedJSON", "POST", "/api/v1/users", `{"first_name":`, 400, "body"},
		{"WrongType", "POST", "/api/v1/users", `{"first_name":42}`, 400, "first_name"},
		{"TooLong", "POST", "/api/v1/users", map[string]any{"last_name": strings.Repeat("x", 101)}, 400, "last_name"},
		{"BadEmail", "PATCH", "/api/v1/users/" + u.Id.String(), `{"email":"nope"}`, 400, "email"},
		{"Oversized", "POST", "/api/v1/users", map[string]any{"first_name": strings.Repeat("x", 5000)}, 413, "exceeds"},
		{"UnknownRoute", "GET", "/api/v1/nope", nil, 404, "no route"},
		{"WrongMethod", "PUT", "/api/v1/users", nil, 405, "not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := b.do(t, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			require.Contains(t, res.detail(t), tt.mention)
		})
	}
	// Nothing partial was stored by the rejected creates.
	var page apigen.UserPage
	b.do(t, http.MethodGet, "/api/v1/users", nil).json(t, &page)
	require.Equal(t, 1, page.Total)
}

func TestSystemRoutes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/"} {
		res := b.doWith(t, http.MethodGet, path, nil, nil)
		require.Equal(t, http.StatusOK, res.Status, path)
	}
	res := b.doWith(t, http.MethodGet, "/readyz", nil, nil)
	require.Contains(t, string(res.Body), `"store":"sqlite"`)
	res = b.doWith(t, http.MethodGet, "/docs", nil, nil)
	require.Contains(t, string(res.Body), "/api/v1/users/{user_id}")
	b.do(t, http.MethodGet, "/api/v1/users", nil)
	res = b.doWith(t, http.MethodGet, "/metrics", nil, nil)
	require.Contains(t, string(res.Body), `wearhouse_http_requests_total{method="GET",route="GET /api/v1/users",status="200"}`)
}
