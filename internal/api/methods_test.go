package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWrongMethodIsMethodNotAllowed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := createUser(t, b, map[string]any{"first_name": "Ada"})
	user := "/api/v1/users/" + u.Id.String()
	tests := []struct {
		method, path, allow string
	}{
		{http.MethodPut, "/api/v1/users", "GET, POST"},
		{http.MethodDelete, "/api/v1/users", "GET, POST"},
		{http.MethodPost, user, "GET, PATCH, DELETE"},
		{http.MethodPut, user, "GET, PATCH, DELETE"},
		{http.MethodPost, "/api/v1/oauth/providers", "GET"},
		{http.MethodPost, user + "/timeseries", "GET"},
		{http.MethodGet, "/api/v1/priorities/providers/whoop", "PUT, DELETE"},
		{http.MethodHead, "/api/v1/priorities/providers/whoop", "PUT, DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			t.Parallel()
			res := rawDo(t, b, tt.method, tt.path)
			require.Equal(t, http.StatusMethodNotAllowed, res.Status, string(res.Body))
			require.Equal(t, tt.allow, res.Header.Get("Allow"))
			if tt.method != http.MethodHead {
				require.Equal(t, "application/json", res.Header.Get("Content-Type"))
				require.Contains(t, res.detail(t), "allowed: "+tt.allow)
			}
		})
	}
}
